/* ctl_http: ontwatchctl's synchronous client of the daemon's HTTP API (docs/api.md): where to
 * connect and which token (options, environment, configuration), one request at a time. */
#ifndef OW_CTL_HTTP_H
#define OW_CTL_HTTP_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* getopt_long codes of the options every daemon command takes (see CTL_HTTP_OPTIONS). */
enum {
	CTL_HTTP_OPT_URL = 0x100,
	CTL_HTTP_OPT_TOKEN,
	CTL_HTTP_OPT_JSON,
	CTL_HTTP_OPT_CONFIG,
};

/* Rows for a command's getopt_long table; -f CONFIG too when its short options say "f:". */
#define CTL_HTTP_OPTIONS                                                                           \
	{ "url", required_argument, NULL, CTL_HTTP_OPT_URL },                                      \
	    { "token", required_argument, NULL, CTL_HTTP_OPT_TOKEN },                              \
	    { "json", no_argument, NULL, CTL_HTTP_OPT_JSON },                                      \
	{                                                                                          \
		"config", required_argument, NULL, CTL_HTTP_OPT_CONFIG                             \
	}

#define CTL_HTTP_USAGE "[--url URL] [--token TOKEN] [-f CONFIG] [--json]"

struct ctl_http {
	/* from the options, borrowed from argv */
	const char *url_opt, *token_opt, *config;
	bool json; /* --json: print the API's JSON */
	/* resolved by ctl_http_open */
	char *url;    /* base, no trailing slash */
	char *token;  /* secret: never printed */
	char *cacert; /* the daemon's own certificate when the URL came from its configuration */
	void *curl;
};

/* A command's own options: 0 taken, -1 not an option of the command. */
typedef int ctl_http_opt_fn(int c, const char *arg, void *ctx);

/* Take getopt_long's c/optarg when it is one of the shared options: 1 taken, 0 not ours. */
int ctl_http_option(struct ctl_http *h, int c, const char *arg);
/* Resolve URL and token (--url/--token, else ONTWATCH_URL/ONTWATCH_TOKEN, else -f CONFIG or
 * the installed configuration; for a write command the first write token). Prints why on
 * failure; returns 0 or -1. */
int ctl_http_open(struct ctl_http *h, bool write);
/* METHOD path (from the root, "/api/v1/..."), with an optional JSON body. 2xx: 0 and the parsed
 * answer in *out (NULL when not JSON); else prints "ontwatchctl: ..." (unreachable, or the status
 * and the API's error) and returns -1 (*status, when given, is the HTTP status or 0). */
int ctl_http_request(struct ctl_http *h, const char *method, const char *path, json_t *body,
                     json_t **out, long *status);
/* getopt_long over argv with short options "f:h" (-f CONFIG unless own takes 'f' first):
 * own (may be NULL) gets the command's options, ctl_http_option the shared ones. Returns the
 * index of the first operand, -1 after printing usage to stderr, -2 after --help / -h. */
int ctl_http_getopt(int argc, char **argv, const struct option *opts, struct ctl_http *h,
                    ctl_http_opt_fn *own, void *ctx, const char *usage);
/* Open h when not yet open, send, and keep the JSON answer in *out: the exit status, 0 or 1
 * (every failure printed, a non-JSON answer too). */
int ctl_http_call(struct ctl_http *h, bool write, const char *method, const char *path,
                  json_t *body, json_t **out);
/* Free what h owns (accepts a never-opened h). */
void ctl_http_close(struct ctl_http *h);

/* path + "?name=value&..." for the npairs pairs of kv whose value is not NULL, percent-encoded.
 * Returns a new string. */
char *ctl_http_path(const char *path, const char *const *kv, size_t npairs);
/* Percent-encode s for a path segment or query value (unreserved characters kept). */
char *ctl_http_escape(const char *s);
/* Print j pretty (--json) on stdout with a newline. */
void ctl_http_print_json(const json_t *j);

#endif
