/* http: the daemon's HTTP server (libmicrohttpd in external-polling epoll mode, driven by the
 * loop: one fd, one timer) with a small route table, bearer tokens and body limits. */
#ifndef OW_HTTP_H
#define OW_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/loop.h"

#define HTTP_PARAMS_MAX 4

struct http_server;

/* A request as a handler sees it: path parameters ("{}" segments) and the whole body. */
struct http_request {
	const char *method;
	const char *path;
	const char *params[HTTP_PARAMS_MAX];
	size_t nparams;
	const char *body; /* NUL-terminated; "" when none */
	size_t body_len;
};

/* What a handler answers: a status and a JSON body (owned; freed by the server). */
struct http_response {
	int status;
	char *body;
};

typedef void (*http_handler_fn)(void *ctx, const struct http_request *req,
                                struct http_response *res);

/* One route: method, path pattern with "{}" for one segment, handler, bearer token needed. */
struct http_route {
	const char *method;
	const char *pattern;
	http_handler_fn handler;
	bool auth;
};

struct http_config {
	const char *listen; /* IPv4 or IPv6 address */
	int port;
	const char *token; /* bearer token of routes with auth */
	size_t max_body;
};

/* Listen and serve routes (a table ending with a NULL method, borrowed like ctx) from the
 * loop. 0, or -1 (logged). */
int http_start(struct loop *loop, const struct http_config *cfg, const struct http_route *routes,
               void *ctx, struct http_server **out);
/* Close every connection and stop; NULL is fine. */
void http_stop(struct http_server *s);
/* The port actually bound (when cfg->port was 0). */
int http_port(const struct http_server *s);
/* A JSON error body {"error": msg} (new string). */
char *http_error_body(const char *msg);
/* Constant-time comparison of a presented token with the configured one. */
bool http_token_equal(const char *given, const char *want);

#endif
