/* api_silence: /api/v1/silences: list, add and end maintenance windows (docs/api.md,
 * "Silences"). The engine holds and releases the orders; ending a silence here releases its
 * orders at once instead of at the engine's next check. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/api_int.h"
#include "monitor/engine.h"
#include "monitor/order_json.h"
#include "monitor/silence.h"

#define LIST_EXPIRED_SECONDS (7 * 86400) /* ?all=true: those that ended this recently */

static json_t *str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *silence_json(const struct store_silence *ss, int64_t now)
{
	const struct silence s = { .starts = ss->starts, .ends = ss->ends };
	json_t *j = json_object();

	json_object_set_new(j, "id", json_string(ss->id));
	json_object_set_new(j, "olt", str_or_null(ss->olt));
	json_object_set_new(j, "port", str_or_null(ss->port));
	json_object_set_new(j, "splitter", str_or_null(ss->splitter));
	json_object_set_new(j, "serial", str_or_null(ss->serial));
	json_object_set_new(j, "starts_at", api_time(ss->starts));
	json_object_set_new(j, "ends_at", api_time(ss->ends));
	json_object_set_new(j, "reason", str_or_null(ss->reason));
	json_object_set_new(j, "author", str_or_null(ss->author));
	json_object_set_new(j, "created_at", api_time(ss->created));
	json_object_set_new(j, "created_by", str_or_null(ss->created_by));
	json_object_set_new(j, "state", json_string(silence_state_name(silence_state_at(&s, now))));
	json_object_set_new(j, "held_orders", json_integer(ss->held));
	return j;
}

struct list_ctx {
	json_t *arr;
	int64_t now;
};

static int list_one(void *arg, const struct store_silence *ss)
{
	struct list_ctx *c = arg;

	json_array_append_new(c->arr, silence_json(ss, c->now));
	return 0;
}

/* GET /api/v1/silences[?all=true] */
void api_silences(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	const char *all = http_query(req, "all");
	struct list_ctx c = { json_array(), api_now(api) };
	int64_t after = c.now;
	json_t *j;

	if (all != NULL && strcmp(all, "true") != 0 && strcmp(all, "false") != 0) {
		json_decref(c.arr);
		api_fail(res, 400, "all must be true or false");
		return;
	}
	if (all != NULL && strcmp(all, "true") == 0)
		after = c.now - LIST_EXPIRED_SECONDS;
	if (store_silences_each(api->deps->store, after, list_one, &c) < 0) {
		json_decref(c.arr);
		api_fail(res, 500, "store failure");
		return;
	}
	j = json_object();
	json_object_set_new(j, "total", json_integer((json_int_t)json_array_size(c.arr)));
	json_object_set_new(j, "silences", c.arr);
	api_json(res, 200, j);
}

static int take_json(void *arg, const struct store_silence *ss)
{
	struct list_ctx *c = arg;

	c->arr = silence_json(ss, c->now);
	return 0;
}

/* Answer `status` with {"silence": ...} as the store has it now. */
static void answer_silence(struct api *api, struct http_response *res, int status, const char *id,
                           int64_t now)
{
	struct list_ctx c = { NULL, now };
	json_t *j;

	if (store_silence_get(api->deps->store, id, take_json, &c) != 0 || c.arr == NULL) {
		api_fail(res, 500, "store failure");
		return;
	}
	j = json_object();
	json_object_set_new(j, "silence", c.arr);
	api_json(res, status, j);
}

/* A member that is absent, null or a string; -1 after answering 400. */
static int member_str(json_t *body, const char *name, struct http_response *res, const char **out)
{
	json_t *v = json_object_get(body, name);
	char msg[64];

	if (v == NULL || json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v)) {
		snprintf(msg, sizeof(msg), "%s must be a string", name);
		api_fail(res, 400, msg);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

static int member_time(json_t *body, const char *name, struct http_response *res, int64_t def,
                       int64_t *out)
{
	const char *s;
	char msg[96];

	if (member_str(body, name, res, &s) < 0)
		return -1;
	if (s == NULL) {
		*out = def;
		return 0;
	}
	if (order_json_parse_time(s, out) < 0) {
		snprintf(msg, sizeof(msg), "%s must be a time as \"YYYY-MM-DDTHH:MM:SSZ\"", name);
		api_fail(res, 400, msg);
		return -1;
	}
	return 0;
}

static int new_id(char id[SILENCE_ID_MAX])
{
	unsigned char b[8];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		log_warn("api: silence id");
		return -1;
	}
	snprintf(id, SILENCE_ID_MAX, "si-%02x%02x%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
	         b[4], b[5], b[6], b[7]);
	return 0;
}

/* POST /api/v1/silences */
void api_silence_add(void *ctx, const struct http_request *req, struct http_response *res)
{
	static const char *const allowed[] = { "olt",       "port",    "splitter", "serial",
		                               "starts_at", "ends_at", "duration", "reason",
		                               "author",    NULL };
	struct api *api = ctx;
	int64_t now = api_now(api), dur;
	const char *duration, *ends_at, *why = NULL;
	const char *who = req->token_name != NULL ? req->token_name : "";
	char id[SILENCE_ID_MAX];
	struct silence s = { 0 };
	json_t *body;
	int rc = STORE_CONFLICT;

	body = api_body_object(req, res, allowed);
	if (body == NULL)
		return;
	if (member_str(body, "olt", res, &s.olt) < 0 ||
	    member_str(body, "port", res, &s.port) < 0 ||
	    member_str(body, "splitter", res, &s.splitter) < 0 ||
	    member_str(body, "serial", res, &s.serial) < 0 ||
	    member_str(body, "reason", res, &s.reason) < 0 ||
	    member_str(body, "author", res, &s.author) < 0 ||
	    member_str(body, "ends_at", res, &ends_at) < 0 ||
	    member_str(body, "duration", res, &duration) < 0 ||
	    member_time(body, "starts_at", res, now, &s.starts) < 0)
		goto out;
	if ((ends_at == NULL) == (duration == NULL)) {
		api_fail(res, 400, "give either ends_at or duration");
		goto out;
	}
	if (duration != NULL) {
		if (silence_parse_duration(duration, &dur) < 0) {
			api_fail(res, 400,
			         "duration must be like \"90m\", \"4h\" or \"2d\" (at most 90d)");
			goto out;
		}
		s.ends = s.starts + dur;
	} else if (member_time(body, "ends_at", res, 0, &s.ends) < 0) {
		goto out;
	}
	if (s.author == NULL)
		s.author = who;
	if (silence_validate(&s, now, &why) < 0) {
		api_fail(res, 400, why);
		goto out;
	}
	/* 64 random bits: a clash is next to impossible, but cheap to survive */
	for (int tries = 0; tries < 3 && rc == STORE_CONFLICT; tries++) {
		const struct store_silence ss = {
			.id = id,
			.olt = s.olt,
			.port = s.port,
			.splitter = s.splitter,
			.serial = s.serial,
			.starts = s.starts,
			.ends = s.ends,
			.reason = s.reason,
			.author = s.author,
			.created = now,
			.created_by = who,
		};

		if (new_id(id) < 0)
			break;
		rc = store_silence_add(api->deps->store, &ss);
	}
	if (rc != 0) {
		api_fail(res, 500, "store failure");
		goto out;
	}
	{
		char from[32], to[32];

		order_json_time(s.starts, from, sizeof(from));
		order_json_time(s.ends, to, sizeof(to));
		log_info("api: silence %s added by %s: olt=%s port=%s splitter=%s serial=%s from %s"
		         " to %s, author %s: %s",
		         id, who, s.olt ? s.olt : "*", s.port ? s.port : "*",
		         s.splitter ? s.splitter : "*", s.serial ? s.serial : "*", from, to,
		         s.author, s.reason);
	}
	answer_silence(api, res, 201, id, now);
out:
	json_decref(body);
}

/* DELETE /api/v1/silences/{id} */
void api_silence_end(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	const char *id = req->params[0];
	const char *who = req->token_name != NULL ? req->token_name : "";
	int64_t now = api_now(api);
	int rc;

	rc = store_silence_end(api->deps->store, id, now);
	if (rc == STORE_NOT_FOUND) {
		api_fail(res, 404, "no such silence");
		return;
	}
	if (rc == STORE_CONFLICT) {
		api_fail(res, 409, "the silence has already expired");
		return;
	}
	if (rc < 0) {
		api_fail(res, 500, "store failure");
		return;
	}
	log_info("api: silence %s ended by %s", id, who);
	/* its orders go out now, not at the engine's next look */
	if (api->deps->engine != NULL)
		engine_silences_check(api->deps->engine, now, NULL);
	answer_silence(api, res, 200, id, now);
}
