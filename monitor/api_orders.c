/* api_orders: work orders as stored (GET /api/v1/orders, /orders/{id}): the document each
 * order has now, with the dispatch details the field teams got, and its event history. */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/api_int.h"

#define LIST_MAX 5000

struct filter {
	const char *state; /* NULL: open ones */
	bool all;
	const char *cause, *region;
	int priority; /* 0: any */
	int silenced; /* 0 hide held orders, 1 only those, 2 any */
	json_t *arr;
	size_t total, offset, limit;
};

static bool str_is(json_t *doc, const char *member, const char *want)
{
	const char *v = json_string_value(json_object_get(doc, member));

	return want == NULL || (v != NULL && strcmp(v, want) == 0);
}

static int take_order(void *arg, const struct store_order *o)
{
	struct filter *f = arg;
	json_t *doc = json_loads(o->doc, 0, NULL);
	json_t *held;

	if (!json_is_object(doc))
		goto skip;
	if (f->state != NULL && strcmp(o->state, f->state) != 0)
		goto skip;
	if (!str_is(doc, "cause", f->cause) || !str_is(doc, "region", f->region))
		goto skip;
	if (f->priority != 0 && json_integer_value(json_object_get(doc, "priority")) != f->priority)
		goto skip;
	held = json_object_get(doc, "silenced");
	if ((f->silenced == 0 && json_is_object(held)) ||
	    (f->silenced == 1 && !json_is_object(held)))
		goto skip;
	if (f->total >= f->offset && json_array_size(f->arr) < f->limit)
		json_array_append(f->arr, doc);
	f->total++;
skip:
	json_decref(doc);
	return 0;
}

/* Every state an order can be in (docs/dispatch.md, "The state model"): a misspelt filter
 * is refused instead of answering that no order is in it. */
static const char *const order_states[] = { "open",        "acknowledged", "dispatched",
	                                    "in_progress", "completed",    "cancelled",
	                                    "verified",    "reopened",     "resolved",
	                                    NULL };

static bool state_known(const char *s)
{
	for (size_t i = 0; order_states[i] != NULL; i++)
		if (strcmp(order_states[i], s) == 0)
			return true;
	return false;
}

static int parse_priority(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return 0;
	if ((s[0] == 'p' || s[0] == 'P') && s[1] != '\0')
		s++;
	if (s[0] >= '1' && s[0] <= '4' && s[1] == '\0')
		return s[0] - '0';
	return -1;
}

/* Newest first, as the queue is read. */
static int cmp_opened(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "opened_at"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "opened_at"));

	return strcmp(y ? y : "", x ? x : "");
}

void api_orders(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	struct filter f = { 0 };
	const char *state = http_query(req, "state"), *silenced = http_query(req, "silenced");
	long limit, offset;
	json_t *sorted;
	size_t n;

	f.cause = http_query(req, "cause");
	f.region = http_query(req, "region");
	if ((f.priority = parse_priority(http_query(req, "priority"))) < 0) {
		api_fail(res, 400, "priority: expected 1 to 4 (or p1 to p4)");
		return;
	}
	if (silenced == NULL || strcmp(silenced, "false") == 0)
		f.silenced = 0;
	else if (strcmp(silenced, "true") == 0)
		f.silenced = 1;
	else if (strcmp(silenced, "any") == 0)
		f.silenced = 2;
	else {
		api_fail(res, 400, "silenced: expected true, false or any");
		return;
	}
	if (state == NULL || state[0] == '\0' || strcmp(state, "open") == 0)
		f.all = false;
	else if (strcmp(state, "all") == 0)
		f.all = true;
	else if (!state_known(state)) {
		api_fail(res, 400,
		         "state: expected open, all or an order state (e.g. acknowledged, "
		         "completed)");
		return;
	} else {
		f.all = true;
		f.state = state;
	}
	if (api_query_int(req, res, "limit", 500, 1, LIST_MAX, &limit) < 0 ||
	    api_query_int(req, res, "offset", 0, 0, 100000000, &offset) < 0)
		return;
	/* collect every match, sort, then page: the store visits in its own order */
	f.limit = (size_t)-1;
	f.arr = json_array();
	if (store_orders_each(api->deps->store, !f.all, http_query(req, "olt"), take_order, &f) <
	    0) {
		json_decref(f.arr);
		api_fail(res, 500, "the store could not be read");
		return;
	}
	n = json_array_size(f.arr);
	{
		json_t **v = calloc(n ? n : 1, sizeof(*v));

		if (v == NULL) {
			json_decref(f.arr);
			api_fail(res, 500, "out of memory");
			return;
		}
		for (size_t i = 0; i < n; i++)
			v[i] = json_array_get(f.arr, i);
		qsort(v, n, sizeof(*v), cmp_opened);
		sorted = json_array();
		for (size_t i = (size_t)offset; i < n && json_array_size(sorted) < (size_t)limit;
		     i++)
			json_array_append(sorted, v[i]);
		free(v);
	}
	json_decref(f.arr);
	api_json(res, 200, json_pack("{s:I,s:o}", "total", (json_int_t)n, "orders", sorted));
}

static int take_doc(void *arg, const struct store_order *o)
{
	*(json_t **)arg = json_loads(o->doc, 0, NULL);
	return 0;
}

static int take_event(void *arg, int64_t seq, int64_t time, const char *event, const char *doc)
{
	json_t *ev = json_loads(doc, 0, NULL);
	json_t *order = json_object_get(ev, "order");
	json_t *note = json_object_get(ev, "note");

	json_array_append_new(arg, json_pack("{s:I,s:o,s:s,s:O,s:O}", "seq", (json_int_t)seq,
	                                     "time", api_time(time), "event", event, "state",
	                                     json_object_get(order, "state")
	                                         ? json_object_get(order, "state")
	                                         : json_null(),
	                                     "note", note ? note : json_null()));
	json_decref(ev);
	return 0;
}

void api_order(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	json_t *doc = NULL, *events;
	int rc = store_order_get(api->deps->store, req->params[0], take_doc, &doc);

	if (rc == STORE_NOT_FOUND) {
		api_fail(res, 404, "no order with this id");
		return;
	}
	if (rc < 0 || doc == NULL) {
		json_decref(doc);
		api_fail(res, 500, "the store could not be read");
		return;
	}
	events = json_array();
	store_order_events_each(api->deps->store, req->params[0], take_event, events);
	api_json(res, 200, json_pack("{s:o,s:o}", "order", doc, "events", events));
}
