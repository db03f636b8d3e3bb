/* ctl_http: ontwatchctl's synchronous client of the daemon's HTTP API (docs/api.md): where to
 * connect and which token (options, environment, configuration), one request at a time. */
#include "config.h"

#include <curl/curl.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "monitor/ctl_http.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONFIG  SYSCONFDIR "/ontwatch/ontwatch.conf"
#define DEFAULT_LISTEN  "127.0.0.1"
#define DEFAULT_PORT    8470
#define CONNECT_TIMEOUT 3L
#define TOTAL_TIMEOUT   30L
#define ANSWER_MAX      (64u * 1024 * 1024) /* a daemon answer beyond this is refused */

static const struct {
	long status;
	const char *text;
} reasons[] = {
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 409, "Conflict" },
	{ 413, "Payload Too Large" },
	{ 429, "Too Many Requests" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

static const char *reason(long status)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].text;
	return "";
}

int ctl_http_option(struct ctl_http *h, int c, const char *arg)
{
	switch (c) {
	case CTL_HTTP_OPT_URL:
		h->url_opt = arg;
		return 1;
	case CTL_HTTP_OPT_TOKEN:
		h->token_opt = arg;
		return 1;
	case CTL_HTTP_OPT_JSON:
		h->json = true;
		return 1;
	case 'f':
	case CTL_HTTP_OPT_CONFIG:
		h->config = arg;
		return 1;
	default:
		return 0;
	}
}

/* The base URL the daemon of this http group listens on. */
static char *config_url(const config_setting_t *http, const char **cert)
{
	const char *listen = DEFAULT_LISTEN, *tls = NULL;
	int port = DEFAULT_PORT;

	if (http) {
		config_setting_lookup_string(http, "listen", &listen);
		config_setting_lookup_int(http, "port", &port);
		config_setting_lookup_string(http, "tls_cert", &tls);
	}
	/* a wildcard address is reached on loopback */
	if (*listen == '\0' || strcmp(listen, "0.0.0.0") == 0 || strcmp(listen, "*") == 0)
		listen = "127.0.0.1";
	else if (strcmp(listen, "::") == 0)
		listen = "::1";
	if (tls && *tls == '\0')
		tls = NULL;
	*cert = tls;
	return xasprintf("%s://%s%s%s:%d", tls ? "https" : "http", strchr(listen, ':') ? "[" : "",
	                 listen, strchr(listen, ':') ? "]" : "", port);
}

/* The first token of the role wanted (any role for reads), else the legacy http.token. */
static const char *config_token(const config_setting_t *http, bool write)
{
	const config_setting_t *list = http ? config_setting_get_member(http, "tokens") : NULL;
	const char *tok = NULL;

	for (int i = 0; list && i < config_setting_length(list); i++) {
		const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		const char *role = "read", *t = NULL;

		config_setting_lookup_string(e, "role", &role);
		if (config_setting_lookup_string(e, "token", &t) &&
		    (!write || !strcmp(role, "write")))
			return t;
	}
	if (http && config_setting_lookup_string(http, "token", &tok))
		return tok;
	return NULL;
}

int ctl_http_open(struct ctl_http *h, bool write)
{
	const char *url = h->url_opt ? h->url_opt : getenv("ONTWATCH_URL");
	const char *token = h->token_opt ? h->token_opt : getenv("ONTWATCH_TOKEN");
	const char *file = h->config, *cert = NULL;
	config_t cfg;
	const config_setting_t *http = NULL;
	int rc = -1;

	if (url && *url == '\0')
		url = NULL;
	if (token && *token == '\0')
		token = NULL;
	config_init(&cfg);
	if (file == NULL && (url == NULL || token == NULL) && access(DEFAULT_CONFIG, R_OK) == 0)
		file = DEFAULT_CONFIG;
	if (file && (url == NULL || token == NULL)) {
		if (config_read_file(&cfg, file) != CONFIG_TRUE) {
			if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
				fprintf(stderr, "ontwatchctl: %s: cannot read the configuration\n",
				        file);
			else
				fprintf(stderr, "ontwatchctl: %s:%d: %s\n",
				        config_error_file(&cfg) ? config_error_file(&cfg) : file,
				        config_error_line(&cfg), config_error_text(&cfg));
			goto out;
		}
		http = config_lookup(&cfg, "http");
	}
	h->url = url ? xstrdup(url) : config_url(http, &cert);
	h->url[strcspn(h->url, "\r\n")] = '\0';
	for (size_t n = strlen(h->url); n > 0 && h->url[n - 1] == '/'; n--)
		h->url[n - 1] = '\0';
	if (url == NULL && cert)
		h->cacert = xstrdup(cert);
	if (token == NULL)
		token = config_token(http, write);
	if (token == NULL) {
		fprintf(stderr,
		        "ontwatchctl: no API token: give --token, set ONTWATCH_TOKEN or configure "
		        "http.tokens in %s\n",
		        file ? file : DEFAULT_CONFIG);
		goto out;
	}
	if (strpbrk(token, "\r\n") != NULL) {
		fprintf(stderr, "ontwatchctl: the API token contains a line break\n");
		goto out;
	}
	h->token = xstrdup(token);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (h->curl = curl_easy_init()) == NULL) {
		fprintf(stderr, "ontwatchctl: cannot initialise libcurl\n");
		goto out;
	}
	rc = 0;
out:
	config_destroy(&cfg);
	return rc;
}

struct answer {
	char *buf;
	size_t len;
	bool too_big;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n = size * nmemb;

	if (n > ANSWER_MAX - a->len) {
		a->too_big = true;
		return 0;
	}
	a->buf = xreallocarray(a->buf, a->len + n + 1, 1);
	memcpy(a->buf + a->len, p, n);
	a->len += n;
	a->buf[a->len] = '\0';
	return n;
}

/* The API's {"error": ...}, else the start of the body, printable characters only. */
static void print_failure(const char *method, const char *path, long status, const struct answer *a,
                          json_t *j)
{
	const char *msg = json_string_value(json_object_get(j, "error"));
	char raw[201];
	size_t n = 0;

	if (msg == NULL) {
		for (size_t i = 0; a->buf && i < a->len && n + 1 < sizeof(raw); i++)
			raw[n++] = (a->buf[i] >= 0x20 && a->buf[i] < 0x7f) ? a->buf[i] : ' ';
		raw[n] = '\0';
		msg = n ? raw : "(no error message)";
	}
	fprintf(stderr, "ontwatchctl: %s %s: %ld %s: %s\n", method, path, status, reason(status),
	        msg);
	if (status == 401)
		fprintf(stderr, "ontwatchctl: the daemon did not accept the token (--token, "
		                "ONTWATCH_TOKEN or http.tokens)\n");
	else if (status == 403)
		fprintf(stderr, "ontwatchctl: this command needs a token with the write role\n");
}

int ctl_http_request(struct ctl_http *h, const char *method, const char *path, json_t *body,
                     json_t **out, long *status)
{
	CURL *c = h->curl;
	struct curl_slist *hdr = NULL;
	struct answer a = { NULL, 0, false };
	char errbuf[CURL_ERROR_SIZE] = "";
	char *url = xasprintf("%s%s", h->url, path);
	char *auth = xasprintf("Authorization: Bearer %s", h->token);
	char *payload = NULL;
	json_t *j = NULL;
	long code = 0;
	CURLcode cr;
	int rc = -1;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TOTAL_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ontwatchctl/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (h->cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->cacert);
	hdr = curl_slist_append(hdr, auth);
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (strcmp(method, "POST") == 0) {
		payload = body ? json_dumps(body, JSON_COMPACT) : xstrdup("{}");
		if (payload == NULL) {
			fprintf(stderr, "ontwatchctl: cannot encode the request\n");
			goto out;
		}
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	cr = curl_easy_perform(c);
	if (cr != CURLE_OK) {
		if (a.too_big)
			fprintf(stderr, "ontwatchctl: %s %s: the answer is larger than %u bytes\n",
			        method, path, ANSWER_MAX);
		else
			fprintf(stderr, "ontwatchctl: cannot reach the daemon at %s: %s\n", h->url,
			        errbuf[0] ? errbuf : curl_easy_strerror(cr));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (a.len > 0)
		j = json_loadb(a.buf, a.len, 0, NULL);
	if (code < 200 || code > 299) {
		print_failure(method, path, code, &a, j);
		goto out;
	}
	if (out) {
		*out = j;
		j = NULL;
	}
	rc = 0;
out:
	if (status)
		*status = code;
	json_decref(j);
	curl_slist_free_all(hdr);
	free(payload);
	free(a.buf);
	/* the token is secret: do not leave it in freed memory */
	explicit_bzero(auth, strlen(auth));
	free(auth);
	free(url);
	return rc;
}

int ctl_http_getopt(int argc, char **argv, const struct option *opts, struct ctl_http *h,
                    ctl_http_opt_fn *own, void *ctx, const char *usage)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if ((own && own(c, optarg, ctx) == 0) || ctl_http_option(h, c, optarg))
			continue;
		fputs(usage, c == 'h' ? stdout : stderr);
		return c == 'h' ? -2 : -1;
	}
	return optind;
}

int ctl_http_call(struct ctl_http *h, bool write, const char *method, const char *path,
                  json_t *body, json_t **out)
{
	json_t *j = NULL;

	if (h->curl == NULL && ctl_http_open(h, write) < 0)
		return 1;
	if (ctl_http_request(h, method, path, body, &j, NULL) < 0)
		return 1;
	if (j == NULL) {
		fprintf(stderr, "ontwatchctl: %s %s: the answer is not JSON\n", method, path);
		return 1;
	}
	*out = j;
	return 0;
}

void ctl_http_close(struct ctl_http *h)
{
	if (h->curl) {
		curl_easy_cleanup(h->curl);
		curl_global_cleanup();
	}
	h->curl = NULL;
	if (h->token)
		explicit_bzero(h->token, strlen(h->token));
	free(h->token);
	free(h->url);
	free(h->cacert);
	h->token = h->url = h->cacert = NULL;
}

char *ctl_http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *p = out;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			*p++ = (char)ch;
		} else {
			*p++ = '%';
			*p++ = hex[ch >> 4];
			*p++ = hex[ch & 15];
		}
	}
	*p = '\0';
	return out;
}

char *ctl_http_path(const char *path, const char *const *kv, size_t npairs)
{
	char *out = xstrdup(path);
	char sep = strchr(path, '?') ? '&' : '?';

	for (size_t i = 0; i < npairs; i++) {
		char *v, *next;

		if (kv[2 * i + 1] == NULL)
			continue;
		v = ctl_http_escape(kv[2 * i + 1]);
		next = xasprintf("%s%c%s=%s", out, sep, kv[2 * i], v);
		free(v);
		free(out);
		out = next;
		sep = '&';
	}
	return out;
}

void ctl_http_print_json(const json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
}
