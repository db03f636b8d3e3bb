/* api: route handlers parse and check the whole request before touching the store, so a
 * rejected request (4xx) changes nothing. */
#include "config.h"

#include <jansson.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/api_int.h"
#include "monitor/closedloop.h"
#include "monitor/http.h"

static void fail(struct http_response *res, int status, const char *msg)
{
	res->status = status;
	res->body = http_error_body(msg);
}

/* POST /api/v1/orders/{id}/status  {"status": "...", "note": "..."} */
static void order_status(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	const char *id = req->params[0], *status, *note = NULL, *key, *why = NULL;
	json_error_t err;
	json_t *j, *v;
	int rc;

	j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(j)) {
		fail(res, 400, j ? "the body must be a JSON object" : "malformed JSON");
		goto out;
	}
	json_object_foreach(j, key, v)
	{
		if (strcmp(key, "status") != 0 && strcmp(key, "note") != 0) {
			fail(res, 400, "unknown member (only \"status\" and \"note\")");
			goto out;
		}
	}
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
		log_info("api: order %s: %s", id, status);
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
	{ "POST", "/api/v1/orders/{}/status", order_status, true },
	{ NULL, NULL, NULL, false },
};

int api_start(struct loop *loop, struct api_deps *deps, struct api **out)
{
	const struct conf_dispatch *d = &deps->conf->dispatch;
	struct http_config cfg = { d->http_listen, d->http_port, d->http_token,
		                   (size_t)d->http_max_body };
	struct api *api;

	*out = NULL;
	if (!d->http_enabled)
		return 0;
	api = xcalloc(1, sizeof(*api));
	api->loop = loop;
	api->deps = deps;
	if (http_start(loop, &cfg, routes, api, &api->http) < 0) {
		free(api);
		return -1;
	}
	*out = api;
	return 0;
}

void api_stop(struct api *api)
{
	if (api == NULL)
		return;
	http_stop(api->http);
	free(api);
}
