/* http: libmicrohttpd without threads of its own. With MHD_USE_EPOLL the whole server is one
 * epoll fd: the loop watches it, calls MHD_run when it is readable, and re-arms a timer with
 * MHD_get_timeout after every run (connection timeouts, pending work), as MHD documents for
 * external event loops. Handlers therefore run on the loop thread and need no locking. */
#include "config.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/http.h"

#define RATE_SLOTS 256 /* client addresses remembered for the rate limit */
/* The loop also carries the SNMP polls, and each OLT's poll is a chain of request-answer
 * round trips, each waiting for whatever the loop does meanwhile. So handlers may spend at
 * most ROUND_BUDGET seconds per MHD_run (MHD would otherwise answer every ready connection
 * in one run), and after they spent t seconds the loop gets t seconds without them: requests
 * past either wait, suspended, and API traffic can take at most half the loop's time. */
#define ROUND_BUDGET 0.02

/* A token bucket per client address: `rate_limit` requests a second, as a burst too. */
struct rate_slot {
	uint8_t addr[16];
	bool used;
	double tokens;
	double last;
};

struct server_token {
	char *name;
	char *token;
	bool write;
};

struct http_server {
	struct loop *loop;
	struct MHD_Daemon *mhd;
	int epfd;
	struct loop_timer timer;
	const struct http_route *routes;
	void *ctx;
	struct server_token *tokens;
	size_t ntokens;
	size_t max_body;
	double rate;
	struct rate_slot rate_slots[RATE_SLOTS];
	char *tls_cert, *tls_key; /* PEM text */
	int port;
	uint64_t responses[6];        /* by status class (index 2: 2xx); 0: out of range */
	double used;                  /* handler seconds in the current MHD_run */
	double quiet_until;           /* monotonic time until which handlers wait */
	struct MHD_Connection **held; /* suspended past the budget, resumed next round */
	size_t nheld, capheld;
	struct loop_timer resume;
};

/* Per-connection upload state. */
struct upload {
	char *buf;
	size_t len;
	bool too_big;
};

bool http_token_equal(const char *given, const char *want)
{
	uint8_t a[SHA256_DIGEST_SIZE], b[SHA256_DIGEST_SIZE];
	struct sha256_ctx h;

	/* compare digests: the time taken reveals neither content nor length */
	sha256_init(&h);
	sha256_update(&h, strlen(given), (const uint8_t *)given);
	sha256_digest(&h, sizeof(a), a);
	sha256_init(&h);
	sha256_update(&h, strlen(want), (const uint8_t *)want);
	sha256_digest(&h, sizeof(b), b);
	return memeql_sec(a, b, sizeof(a)) != 0;
}

char *http_error_body(const char *msg)
{
	json_t *j = json_pack("{s:s}", "error", msg);
	char *s;

	/* a message that is not UTF-8 (a client's member name cut inside a character, say):
	 * its ASCII is still worth answering, and aborting would hand any client the daemon */
	if (j == NULL) {
		char *ascii = xstrdup(msg);

		for (char *p = ascii; *p != '\0'; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
		j = json_pack("{s:s}", "error", ascii);
		free(ascii);
	}
	s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	if (s == NULL)
		abort();
	return s;
}

void http_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders < HTTP_HEADERS_MAX) {
		res->headers[res->nheaders].name = name;
		res->headers[res->nheaders].value = value;
		res->nheaders++;
	}
}

const char *http_query(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result respond_full(struct http_server *s, struct MHD_Connection *c,
                                    struct http_response *res)
{
	size_t len = res->body_len ? res->body_len : strlen(res->body);
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(len, res->body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(res->body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
	                        res->content_type ? res->content_type : "application/json");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	if (res->status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
	s->responses[res->status >= 100 && res->status < 600 ? res->status / 100 : 0]++;
	rc = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result respond(struct http_server *s, struct MHD_Connection *c, int status,
                               char *body)
{
	struct http_response res = { .status = status, .body = body };

	return respond_full(s, c, &res);
}

/* The request path as it may be logged: MHD has decoded it, so a client could otherwise
 * write a line break and a forged log line of its own; bytes outside printable ASCII are
 * written as \xNN, and a long path is cut. */
static const char *loggable(const char *path, char *buf, size_t len)
{
	size_t o = 0;

	for (; *path != '\0' && o + 5 < len; path++) {
		unsigned char ch = (unsigned char)*path;

		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	if (*path != '\0' && o + 3 < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* Match path against pattern; "{}" takes one non-empty segment. */
static bool match(const char *pattern, const char *path, struct http_request *req, char *scratch,
                  size_t len)
{
	size_t used = 0;

	req->nparams = 0;
	while (*pattern != '\0') {
		if (strncmp(pattern, "{}", 2) == 0) {
			size_t n = strcspn(path, "/");

			if (n == 0 || req->nparams == HTTP_PARAMS_MAX || used + n + 1 > len)
				return false;
			memcpy(scratch + used, path, n);
			scratch[used + n] = '\0';
			req->params[req->nparams++] = scratch + used;
			used += n + 1;
			path += n;
			pattern += 2;
		} else if (*pattern++ != *path++) {
			return false;
		}
	}
	return *path == '\0';
}

static const struct http_route *route(struct http_server *s, const char *method, const char *url,
                                      struct http_request *req, char *scratch, size_t len,
                                      bool *path_known)
{
	*path_known = false;
	for (const struct http_route *r = s->routes; r->method != NULL; r++) {
		if (!match(r->pattern, url, req, scratch, len))
			continue;
		*path_known = true;
		if (strcmp(r->method, method) == 0)
			return r;
	}
	return NULL;
}

/* 405 with the Allow header RFC 9110 requires: the methods of the routes that match. */
static enum MHD_Result respond_405(struct http_server *s, struct MHD_Connection *c, const char *url)
{
	struct http_response res = { .status = 405 };
	struct http_request req = { 0 };
	char allow[64] = "", scratch[512];

	for (const struct http_route *r = s->routes; r->method != NULL; r++)
		if (match(r->pattern, url, &req, scratch, sizeof(scratch)) &&
		    strstr(allow, r->method) == NULL &&
		    strlen(allow) + strlen(r->method) + 3 < sizeof(allow))
			snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s",
			         allow[0] ? ", " : "", r->method);
	res.body = http_error_body("method not allowed");
	http_header(&res, "Allow", allow);
	return respond_full(s, c, &res);
}

/* The token presented, or NULL. Every configured token is compared, so the time taken
 * does not tell which one (or whether any) matched. */
static const struct server_token *presented(struct http_server *s, struct MHD_Connection *c)
{
	const char *h =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	const struct server_token *found = NULL;

	/* the scheme is case-insensitive (RFC 9110, 11.1) */
	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	for (size_t i = 0; i < s->ntokens; i++)
		if (http_token_equal(h + 7, s->tokens[i].token) && found == NULL)
			found = &s->tokens[i];
	return found;
}

/* Take one request from the client's bucket; false when it is empty. */
static bool rate_take(struct http_server *s, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	uint8_t addr[16] = { 0 };
	struct rate_slot *slot, *oldest = NULL;
	double now = loop_now(s->loop);
	uint32_t h = 2166136261u;

	if (ci == NULL || ci->client_addr == NULL)
		return true;
	if (ci->client_addr->sa_family == AF_INET)
		memcpy(addr, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
		       4);
	else if (ci->client_addr->sa_family == AF_INET6)
		memcpy(addr,
		       &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
		       16);
	for (size_t i = 0; i < sizeof(addr); i++)
		h = (h ^ addr[i]) * 16777619u;
	/* a short probe: a client evicted by a busy neighbour starts with a full bucket */
	for (unsigned i = 0; i < 4; i++) {
		slot = &s->rate_slots[(h + i) % RATE_SLOTS];
		if (slot->used && memcmp(slot->addr, addr, sizeof(addr)) == 0)
			goto found;
		if (oldest == NULL || !slot->used || slot->last < oldest->last)
			oldest = slot;
	}
	slot = oldest;
	memcpy(slot->addr, addr, sizeof(addr));
	slot->used = true;
	slot->tokens = s->rate;
	slot->last = now;
found:
	slot->tokens = fmin(s->rate, slot->tokens + (now - slot->last) * s->rate);
	slot->last = now;
	if (slot->tokens < 1.0)
		return false;
	slot->tokens -= 1.0;
	return true;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct upload *up = *con_cls;
	struct http_request req = { .method = method, .path = url };
	struct http_response res = { 0 };
	const struct http_route *r;
	char scratch[512], logpath[256];
	bool known;
	double t0;

	(void)version;
	if (up == NULL) {
		const char *cl =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		if (!rate_take(s, c)) {
			struct http_response res429 = { .status = 429 };

			res429.body = http_error_body("too many requests");
			http_header(&res429, "Retry-After", "1");
			return respond_full(s, c, &res429);
		}
		r = route(s, method, url, &req, scratch, sizeof(scratch), &known);
		/* refuse early, before reading a body nobody will look at */
		if (r == NULL && known)
			return respond_405(s, c, url);
		if (r == NULL)
			return respond(s, c, 404, http_error_body("not found"));
		if (r->role != HTTP_PUBLIC) {
			const struct server_token *t = presented(s, c);

			if (t == NULL) {
				log_warnx("http: %s %s: bad or missing bearer token", method,
				          loggable(url, logpath, sizeof(logpath)));
				return respond(s, c, 401,
				               http_error_body("bad or missing bearer token"));
			}
			if (r->role == HTTP_WRITE && !t->write) {
				log_warnx("http: %s %s: token \"%s\" may only read", method,
				          loggable(url, logpath, sizeof(logpath)), t->name);
				return respond(s, c, 403,
				               http_error_body("this token may only read"));
			}
		}
		if (cl != NULL && strtoull(cl, NULL, 10) > s->max_body)
			return respond(s, c, 413, http_error_body("request body too large"));
		*con_cls = xcalloc(1, sizeof(struct upload));
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!up->too_big && up->len + *upload_size <= s->max_body) {
			up->buf = xreallocarray(up->buf, up->len + *upload_size + 1, 1);
			memcpy(up->buf + up->len, upload_data, *upload_size);
			up->len += *upload_size;
			up->buf[up->len] = '\0';
		} else {
			up->too_big = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (up->too_big)
		return respond(s, c, 413, http_error_body("request body too large"));
	if (s->used >= ROUND_BUDGET || mono() < s->quiet_until) {
		if (s->nheld == s->capheld) {
			s->capheld = s->capheld ? 2 * s->capheld : 16;
			s->held = xreallocarray(s->held, s->capheld, sizeof(*s->held));
		}
		s->held[s->nheld++] = c;
		MHD_suspend_connection(c);
		return MHD_YES;
	}
	r = route(s, method, url, &req, scratch, sizeof(scratch), &known);
	if (r == NULL) /* cannot happen: routed on the first call */
		return respond(s, c, 404, http_error_body("not found"));
	req.body = up->buf ? up->buf : "";
	req.body_len = up->len;
	req.conn = c;
	if (r->role != HTTP_PUBLIC) {
		const struct server_token *t = presented(s, c);

		if (t == NULL) /* cannot happen: checked on the first call */
			return respond(s, c, 401, http_error_body("bad or missing bearer token"));
		req.token_name = t->name;
	}
	if (memchr(req.body, '\0', req.body_len) != NULL)
		return respond(s, c, 400, http_error_body("the body holds a NUL byte"));
	t0 = mono();
	r->handler(s->ctx, &req, &res);
	s->used += mono() - t0;
	if (res.body == NULL)
		res.body = xstrdup("{}");
	if (res.status == 0)
		res.status = 500;
	/* every write is accounted to a token name (never the token itself) */
	if (r->role == HTTP_WRITE)
		log_info("http: %s %s by \"%s\": %d", method,
		         loggable(url, logpath, sizeof(logpath)), req.token_name, res.status);
	return respond_full(s, c, &res);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (up != NULL) {
		free(up->buf);
		free(up);
		*con_cls = NULL;
	}
}

static void rearm(struct http_server *s)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(s->mhd, &ms) == MHD_YES)
		loop_timer_after(s->loop, &s->timer, (double)ms / 1000.0);
	else
		loop_timer_stop(s->loop, &s->timer);
}

static void run(struct http_server *s)
{
	double now;

	s->used = 0;
	MHD_run(s->mhd);
	now = mono();
	if (s->used > 0)
		s->quiet_until = now + s->used;
	/* a timer armed now fires in a later round, after that round's ready fds */
	if (s->nheld > 0 && !loop_timer_armed(&s->resume))
		loop_timer_after(s->loop, &s->resume, fmax(s->quiet_until - now, 0.0));
	rearm(s);
}

static void on_resume(void *arg)
{
	struct http_server *s = arg;
	size_t n = s->nheld;

	s->nheld = 0;
	for (size_t i = 0; i < n; i++)
		MHD_resume_connection(s->held[i]);
	run(s);
}

static void on_epoll(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	run(arg);
}

static void on_timer(void *arg)
{
	run(arg);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_warnx("http: %s", msg);
}

/* A PEM file into memory (bounded: certificates chains are small). */
static int read_pem(const char *path, char **out)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	size_t n;

	if (fp == NULL) {
		log_warn("http: %s", path);
		return -1;
	}
	buf = xmalloc(65537);
	n = fread(buf, 1, 65536, fp);
	if (ferror(fp) || n == 0 || n == 65536) {
		log_warnx("http: %s: %s", path,
		          n == 65536 ? "larger than 64 KiB" : "unreadable or empty");
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	buf[n] = '\0';
	*out = buf;
	return 0;
}

int http_start(struct loop *loop, const struct http_config *cfg, const struct http_route *routes,
               void *ctx, struct http_server **out)
{
	struct http_server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	const union MHD_DaemonInfo *info;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, cfg->listen, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, cfg->listen, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else {
		log_warnx("http: listen address \"%s\" is not an IP address", cfg->listen);
		free(s);
		return -1;
	}
	s->loop = loop;
	s->routes = routes;
	s->ctx = ctx;
	s->tokens = xcalloc(cfg->ntokens + 1, sizeof(*s->tokens));
	for (size_t i = 0; i < cfg->ntokens; i++) {
		s->tokens[i].name = xstrdup(cfg->tokens[i].name);
		s->tokens[i].token = xstrdup(cfg->tokens[i].token);
		s->tokens[i].write = cfg->tokens[i].write;
	}
	s->ntokens = cfg->ntokens;
	s->max_body = cfg->max_body;
	s->rate = cfg->rate_limit > 0 ? cfg->rate_limit : 50;
	loop_timer_init(&s->timer, on_timer, s);
	loop_timer_init(&s->resume, on_resume, s);
	if (cfg->tls_cert != NULL) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			log_warnx("http: this libmicrohttpd has no TLS support");
			goto fail;
		}
		if (read_pem(cfg->tls_cert, &s->tls_cert) < 0 ||
		    read_pem(cfg->tls_key, &s->tls_key) < 0)
			goto fail;
		flags |= MHD_USE_TLS;
	}
	/* the logger first: MHD reports problems with the options after it through it */
	s->mhd = MHD_start_daemon(
	    flags, (uint16_t)cfg->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
	    mhd_log, NULL, MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_CONNECTION_LIMIT, 64U, MHD_OPTION_PER_IP_CONNECTION_LIMIT, 16U,
	    MHD_OPTION_CONNECTION_TIMEOUT, 15U, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)64 * 1024,
	    /* the key and certificate options only when TLS is on (MHD refuses them otherwise) */
	    s->tls_cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, s->tls_key,
	    MHD_OPTION_HTTPS_MEM_CERT, s->tls_cert, MHD_OPTION_END);
	if (s->mhd == NULL) {
		log_warnx("http: cannot listen on %s port %d", cfg->listen, cfg->port);
		goto fail;
	}
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (info == NULL)
		goto fail;
	s->epfd = info->epoll_fd;
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	if (loop_fd_add(loop, s->epfd, POLLIN, on_epoll, s) < 0)
		goto fail;
	rearm(s);
	log_info("http: listening on %s port %d%s", cfg->listen, s->port,
	         s->tls_cert ? " (TLS)" : "");
	*out = s;
	return 0;
fail:
	http_stop(s);
	return -1;
}

void http_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	if (s->mhd != NULL) {
		/* MHD must not be stopped with suspended connections */
		for (size_t i = 0; i < s->nheld; i++)
			MHD_resume_connection(s->held[i]);
		loop_fd_del(s->loop, s->epfd);
		MHD_stop_daemon(s->mhd);
	}
	loop_timer_stop(s->loop, &s->timer);
	loop_timer_stop(s->loop, &s->resume);
	free(s->held);
	for (size_t i = 0; i < s->ntokens; i++) {
		free(s->tokens[i].name);
		explicit_bzero(s->tokens[i].token, strlen(s->tokens[i].token));
		free(s->tokens[i].token);
	}
	free(s->tokens);
	free(s->tls_cert);
	if (s->tls_key != NULL)
		explicit_bzero(s->tls_key, strlen(s->tls_key));
	free(s->tls_key);
	free(s);
}

int http_port(const struct http_server *s)
{
	return s->port;
}

void http_responses(const struct http_server *s, uint64_t by_class[6])
{
	memcpy(by_class, s->responses, sizeof(s->responses));
}
