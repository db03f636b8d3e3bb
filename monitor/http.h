/* http: the daemon's HTTP server (libmicrohttpd in external-polling epoll mode, driven by the
 * loop: one fd, one timer) with a route table, bearer tokens with roles, limits and TLS. */
#ifndef OW_HTTP_H
#define OW_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"

#define HTTP_PARAMS_MAX  4
#define HTTP_HEADERS_MAX 4

/* Who may call a route: anyone, any token, or a write token. */
enum http_role { HTTP_PUBLIC = 0, HTTP_READ, HTTP_WRITE };

struct http_server;

/* A request as a handler sees it: path parameters ("{}" segments) and the whole body. */
struct http_request {
	const char *method;
	const char *path;
	const char *params[HTTP_PARAMS_MAX];
	size_t nparams;
	const char *body; /* NUL-terminated; "" when none */
	size_t body_len;
	const char *token_name; /* the token's configured name; NULL on public routes */
	void *conn;             /* the connection (for http_query) */
};

/* What a handler answers: a status and a body (owned; freed by the server), JSON unless
 * content_type says otherwise; headers are static strings. */
struct http_response {
	int status;
	char *body;
	size_t body_len;          /* 0: strlen(body) */
	const char *content_type; /* NULL: application/json */
	struct {
		const char *name, *value;
	} headers[HTTP_HEADERS_MAX];
	size_t nheaders;
};

typedef void (*http_handler_fn)(void *ctx, const struct http_request *req,
                                struct http_response *res);

/* One route: method, path pattern with "{}" for one segment, handler, who may call it. */
struct http_route {
	const char *method;
	const char *pattern;
	http_handler_fn handler;
	enum http_role role;
};

/* A bearer token (strings borrowed for the duration of http_start only). */
struct http_token {
	const char *name;
	const char *token;
	bool write;
};

struct http_config {
	const char *listen; /* IPv4 or IPv6 address */
	int port;
	const struct http_token *tokens;
	size_t ntokens;
	size_t max_body;
	int rate_limit;       /* requests per second per client address */
	const char *tls_cert; /* PEM files; both NULL: plain HTTP */
	const char *tls_key;
};

/* Listen and serve routes (a table ending with a NULL method, borrowed like ctx) from the
 * loop. 0, or -1 (logged). */
int http_start(struct loop *loop, const struct http_config *cfg, const struct http_route *routes,
               void *ctx, struct http_server **out);
/* Close every connection and stop; NULL is fine. */
void http_stop(struct http_server *s);
/* Responses sent since the server started, by status class: by_class[2] counts 2xx. */
void http_responses(const struct http_server *s, uint64_t by_class[6]);
/* The port actually bound (when cfg->port was 0). */
int http_port(const struct http_server *s);
/* A JSON error body {"error": msg} (new string). */
char *http_error_body(const char *msg);
/* A URL query parameter of the request, or NULL. */
const char *http_query(const struct http_request *req, const char *name);
/* Add a header to the response (static strings); ignored beyond HTTP_HEADERS_MAX. */
void http_header(struct http_response *res, const char *name, const char *value);
/* Constant-time comparison of a presented token with the configured one. */
bool http_token_equal(const char *given, const char *want);

#endif
