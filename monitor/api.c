/* api: route handlers parse and check the whole request before touching the store, so a
 * rejected request (4xx) changes nothing. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/api_int.h"
#include "monitor/closedloop.h"
#include "monitor/detect.h"
#include "monitor/order_json.h"
#include "monitor/http.h"

void api_json(struct http_response *res, int status, json_t *j)
{
	res->status = status;
	res->body = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(j);
	if (res->body == NULL) {
		res->status = 500;
		res->body = http_error_body("internal error");
	}
}

void api_fail(struct http_response *res, int status, const char *msg)
{
	res->status = status;
	res->body = http_error_body(msg);
}

static void fail(struct http_response *res, int status, const char *msg)
{
	api_fail(res, status, msg);
}

json_t *api_time(int64_t t)
{
	return t == 0 ? json_null() : order_json_time_value(t);
}

json_t *api_real(double v)
{
	if (isnan(v) || isinf(v))
		return json_null();
	return json_real(round(v * 100.0) / 100.0);
}

int64_t api_now(const struct api *api)
{
	return (int64_t)loop_wall(api->loop);
}

int api_query_time(const struct http_request *req, struct http_response *res, const char *name,
                   int64_t def, int64_t *out)
{
	const char *v = http_query(req, name);
	char msg[128], *end;
	long long n;

	if (v == NULL || v[0] == '\0') {
		*out = def;
		return 0;
	}
	if (order_json_parse_time(v, out) == 0)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno == 0 && *end == '\0' && end != v && n >= 0 && n < 253402300800LL) {
		*out = n;
		return 0;
	}
	snprintf(msg, sizeof(msg), "%s: expected YYYY-MM-DDTHH:MM:SSZ or Unix seconds", name);
	fail(res, 400, msg);
	return -1;
}

int api_query_int(const struct http_request *req, struct http_response *res, const char *name,
                  long def, long min, long max, long *out)
{
	const char *v = http_query(req, name);
	char msg[128], *end;
	long n;

	if (v == NULL || v[0] == '\0') {
		*out = def;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || n < min || n > max) {
		snprintf(msg, sizeof(msg), "%s: expected an integer from %ld to %ld", name, min,
		         max);
		fail(res, 400, msg);
		return -1;
	}
	*out = n;
	return 0;
}

json_t *api_body_object(const struct http_request *req, struct http_response *res,
                        const char *const *allowed)
{
	json_error_t err;
	const char *key;
	json_t *j, *v;
	char msg[160];

	j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(j)) {
		fail(res, 400, j ? "the body must be a JSON object" : "malformed JSON");
		json_decref(j);
		return NULL;
	}
	json_object_foreach(j, key, v)
	{
		size_t i = 0;

		while (allowed[i] != NULL && strcmp(allowed[i], key) != 0)
			i++;
		if (allowed[i] == NULL) {
			snprintf(msg, sizeof(msg), "unknown member \"%.60s\"", key);
			fail(res, 400, msg);
			json_decref(j);
			return NULL;
		}
	}
	return j;
}

/* POST /api/v1/orders/{id}/status  {"status": "...", "note": "..."} */
void api_order_status(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	static const char *const members[] = { "status", "note", NULL };
	const char *id = req->params[0], *status, *note = NULL, *why = NULL;
	json_t *j, *v;
	int rc;

	if ((j = api_body_object(req, res, members)) == NULL)
		return;
	status = json_string_value(json_object_get(j, "status"));
	v = json_object_get(j, "note");
	if (status == NULL) {
		fail(res, 400, "\"status\" (a string) is required");
		goto out;
	}
	if (v != NULL && !json_is_null(v) && !json_is_string(v)) {
		fail(res, 400, "\"note\" must be a string");
		goto out;
	}
	note = json_string_value(v);
	rc = closedloop_status(api->deps->store, id, status, note, "api",
	                       (int64_t)loop_wall(api->loop), &why);
	switch (rc) {
	case 0:
		res->status = 200;
		res->body = xasprintf("{\"id\":\"%s\",\"status\":\"%s\"}", id, status);
		log_info("api: order %s: %s (by %s)", id, status, req->token_name);
		if (api->deps->changed != NULL)
			api->deps->changed(api->deps->arg, id);
		break;
	case CLOSEDLOOP_NOT_FOUND:
		fail(res, 404, why);
		break;
	case CLOSEDLOOP_CLOSED:
		fail(res, 409, why);
		break;
	case CLOSEDLOOP_BAD_STATUS:
	case CLOSEDLOOP_BAD_NOTE:
		fail(res, 400, why);
		break;
	default:
		fail(res, 500, "internal error");
		break;
	}
out:
	json_decref(j);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/status", api_status, HTTP_READ },
	{ "POST", "/api/v1/reload", api_reload, HTTP_WRITE },
	{ "GET", "/api/v1/olts", api_olts, HTTP_READ },
	{ "GET", "/api/v1/onts", api_onts, HTTP_READ },
	{ "GET", "/api/v1/onts/{}", api_ont, HTTP_READ },
	{ "GET", "/api/v1/onts/{}/history", api_ont_history, HTTP_READ },
	{ "GET", "/api/v1/orders", api_orders, HTTP_READ },
	{ "GET", "/api/v1/orders/{}", api_order, HTTP_READ },
	{ "POST", "/api/v1/orders/{}/status", api_order_status, HTTP_WRITE },
	{ "GET", "/api/v1/silences", api_silences, HTTP_READ },
	{ "POST", "/api/v1/silences", api_silence_add, HTTP_WRITE },
	{ "DELETE", "/api/v1/silences/{}", api_silence_end, HTTP_WRITE },
	{ "GET", "/", api_web, HTTP_PUBLIC },
	{ "GET", "/index.html", api_web, HTTP_PUBLIC },
	{ "GET", "/app.js", api_web, HTTP_PUBLIC },
	{ "GET", "/app.css", api_web, HTTP_PUBLIC },
	{ "POST", "/api/v1/whatif", api_whatif_start, HTTP_WRITE },
	{ "GET", "/api/v1/whatif/{}", api_whatif_get, HTTP_READ },
	{ "GET", "/metrics", api_metrics, HTTP_READ },
	{ NULL, NULL, NULL, HTTP_PUBLIC },
};

int api_start(struct loop *loop, struct api_deps *deps, struct api **out)
{
	const struct conf_dispatch *d = &deps->conf->dispatch;
	struct http_token *tokens = xcalloc(d->nhttp_tokens + 1, sizeof(*tokens));
	struct http_config cfg = { .listen = d->http_listen,
		                   .port = d->http_port,
		                   .tokens = tokens,
		                   .max_body = (size_t)d->http_max_body,
		                   .rate_limit = d->http_rate_limit,
		                   .tls_cert = d->http_tls_cert,
		                   .tls_key = d->http_tls_key };
	struct api *api;
	int rc;

	*out = NULL;
	if (!d->http_enabled) {
		free(tokens);
		return 0;
	}
	for (size_t i = 0; i < d->nhttp_tokens; i++) {
		tokens[cfg.ntokens].name = d->http_tokens[i].name;
		tokens[cfg.ntokens].token = d->http_tokens[i].token;
		tokens[cfg.ntokens++].write = d->http_tokens[i].role == CONF_ROLE_WRITE;
	}
	/* the single token of earlier configurations may write, as it always could */
	if (d->http_token != NULL) {
		tokens[cfg.ntokens].name = "default";
		tokens[cfg.ntokens].token = d->http_token;
		tokens[cfg.ntokens++].write = true;
	}
	api = xcalloc(1, sizeof(*api));
	api->loop = loop;
	api->deps = deps;
	rc = http_start(loop, &cfg, routes, api, &api->http);
	free(tokens);
	if (rc < 0) {
		free(api);
		return -1;
	}
	*out = api;
	return 0;
}

static bool str_differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0);
}

bool api_conf_changed(const struct conf *a, const struct conf *b)
{
	const struct conf_dispatch *x = &a->dispatch, *y = &b->dispatch;

	/* a renewed certificate keeps its file name: with TLS, always read the files again */
	if (y->http_tls_cert != NULL)
		return true;
	if (x->http_enabled != y->http_enabled || x->http_port != y->http_port ||
	    x->http_max_body != y->http_max_body || x->http_rate_limit != y->http_rate_limit ||
	    x->http_whatif_timeout != y->http_whatif_timeout ||
	    x->http_whatif_max_readings != y->http_whatif_max_readings ||
	    str_differ(x->http_listen, y->http_listen) ||
	    str_differ(x->http_token, y->http_token) ||
	    str_differ(x->http_tls_cert, y->http_tls_cert) ||
	    str_differ(x->http_tls_key, y->http_tls_key) || x->nhttp_tokens != y->nhttp_tokens)
		return true;
	for (size_t i = 0; i < x->nhttp_tokens; i++)
		if (str_differ(x->http_tokens[i].name, y->http_tokens[i].name) ||
		    str_differ(x->http_tokens[i].token, y->http_tokens[i].token) ||
		    x->http_tokens[i].role != y->http_tokens[i].role)
			return true;
	return false;
}

void api_stop(struct api *api)
{
	if (api == NULL)
		return;
	api_whatif_free(api);
	http_stop(api->http);
	free(api);
}
