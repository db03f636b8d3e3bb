/* api_onts: ONTs as the detector sees them now (GET /api/v1/onts, /onts/{serial}) and their
 * stored history, downsampled on the server for long ranges (/onts/{serial}/history). */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/api_int.h"
#include "monitor/detect.h"
#include "monitor/engine.h"
#include "monitor/ont_state.h"
#include "monitor/order_json.h"

#define LIST_MAX    10000
#define POINTS_MAX  5000
#define HISTORY_MAX (400 * 86400) /* longest range one request may ask for */

/* serial -> [order ids] of the open orders, from their documents. */
static int index_order(void *arg, const struct store_order *o)
{
	json_t *map = arg, *doc = json_loads(o->doc, 0, NULL), *ont;
	size_t i;

	json_array_foreach(json_object_get(doc, "onts"), i, ont)
	{
		const char *serial = json_string_value(json_object_get(ont, "serial"));
		json_t *ids;

		if (serial == NULL || serial[0] == '\0')
			continue;
		if ((ids = json_object_get(map, serial)) == NULL) {
			ids = json_array();
			json_object_set_new(map, serial, ids);
		}
		json_array_append_new(ids, json_string(o->id));
	}
	json_decref(doc);
	return 0;
}

static int index_description(void *arg, const struct store_ont *o)
{
	if (o->serial != NULL && o->description != NULL && o->description[0] != '\0')
		json_object_set_new(arg, o->serial, json_string(o->description));
	return 0;
}

/* The summary every ONT listing shows (docs/api.md). */
static json_t *ont_summary(const struct fleet_ont_view *v, enum ont_state st, int64_t now,
                           json_t *orders, json_t *descriptions)
{
	const struct detect_finding *fd = v->fd;
	json_t *ids = json_object_get(orders, v->serial);
	json_t *desc = json_object_get(descriptions, v->serial);
	json_t *hours = json_null();

	if (fd->predicted != DETECT_NONE)
		hours =
		    api_real(fd->predicted > now ? (double)(fd->predicted - now) / 3600.0 : 0.0);
	return json_pack(
	    "{s:s,s:s,s:s,s:i,s:o,s:s,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "serial",
	    v->serial, "olt", v->olt, "port", v->port, "ont", (int)v->ont, "description",
	    desc ? json_incref(desc) : json_null(), "state", ont_state_name(st), "cause",
	    fd->cause != DETECT_CAUSE_NONE ? json_string(detect_cause_name(fd->cause))
	                                   : json_null(),
	    "severity",
	    fd->severity != DETECT_SEV_NONE ? json_string(detect_severity_name(fd->severity))
	                                    : json_null(),
	    "status", ont_status_name(fd->status), "rx_dbm", api_real(fd->rx_dbm), "olt_rx_dbm",
	    api_real(fd->olt_rx_dbm), "baseline_dbm", api_real(fd->baseline_dbm), "drop_db",
	    api_real(fd->drop_db), "slope_db_day", api_real(fd->slope_db_day), "impact_at",
	    api_time(fd->predicted), "hours_to_impact", hours, "last_seen_at",
	    api_time(v->last_seen == DETECT_NONE ? 0 : v->last_seen), "orders",
	    ids ? json_incref(ids) : json_array());
}

/* --- GET /api/v1/onts ---------------------------------------------------------------- */

struct row {
	struct fleet_ont_view v; /* the fleet's own strings: unchanged while we answer */
	enum ont_state st;
	int64_t predicted;
	int rank;
	double rx;
	const char *olt, *port;
	int32_t ont;
};

/* Only the first offset + limit rows in the requested order can be on the page, so the
 * listing keeps just those (a max-heap: the worst kept row on top, replaced by any better
 * one) instead of sorting the whole fleet: the loop is not held for a fleet-wide sort. */
struct list_ctx {
	const struct conf *conf;
	int64_t now;
	const char *olt, *port;
	bool want[ONT_STATE_COUNT];
	int (*cmp)(const void *, const void *);
	size_t keep;
	struct row *rows;
	size_t n, cap, total;
	const char *stale_olt; /* the OLT whose staleness is in `stale` */
	int64_t stale;
};

static void row_swap(struct row *a, struct row *b)
{
	struct row t = *a;

	*a = *b;
	*b = t;
}

static void heap_up(struct list_ctx *c, size_t i)
{
	while (i > 0 && c->cmp(&c->rows[(i - 1) / 2], &c->rows[i]) < 0) {
		row_swap(&c->rows[(i - 1) / 2], &c->rows[i]);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct list_ctx *c, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;

		if (l < c->n && c->cmp(&c->rows[l], &c->rows[m]) > 0)
			m = l;
		if (l + 1 < c->n && c->cmp(&c->rows[l + 1], &c->rows[m]) > 0)
			m = l + 1;
		if (m == i)
			return;
		row_swap(&c->rows[i], &c->rows[m]);
		i = m;
	}
}

static int collect(void *arg, const struct fleet_ont_view *v)
{
	struct list_ctx *c = arg;
	enum ont_state st;
	struct row r;

	if ((c->olt != NULL && strcmp(c->olt, v->olt) != 0) ||
	    (c->port != NULL && strcmp(c->port, v->port) != 0))
		return 0;
	/* ONTs come by OLT: one configuration lookup per OLT, not per ONT */
	if (c->stale_olt == NULL || strcmp(c->stale_olt, v->olt) != 0) {
		c->stale_olt = v->olt;
		c->stale = api_ont_stale(c->conf, v->olt);
	}
	st = ont_state_of(v, c->now, c->stale);
	if (!c->want[st])
		return 0;
	c->total++;
	r.v = *v;
	r.st = st;
	r.predicted = v->fd->predicted;
	r.rank = ont_state_rank(st);
	r.rx = v->fd->rx_dbm;
	r.olt = v->olt;
	r.port = v->port;
	r.ont = v->ont;
	if (c->n < c->keep) {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 256;
			c->rows = xreallocarray(c->rows, c->cap, sizeof(*c->rows));
		}
		c->rows[c->n++] = r;
		heap_up(c, c->n - 1);
	} else if (c->n > 0 && c->cmp(&r, &c->rows[0]) < 0) {
		c->rows[0] = r;
		heap_down(c, 0);
	}
	return 0;
}

static int cmp_name(const struct row *a, const struct row *b)
{
	int c = strcmp(a->olt, b->olt);

	if (c == 0)
		c = strcmp(a->port, b->port);
	if (c == 0)
		c = (a->ont > b->ont) - (a->ont < b->ont);
	return c;
}

static int cmp_rx(const struct row *a, const struct row *b)
{
	if (isnan(a->rx) != isnan(b->rx))
		return isnan(a->rx) ? 1 : -1;
	if (!isnan(a->rx) && a->rx != b->rx)
		return a->rx < b->rx ? -1 : 1;
	return cmp_name(a, b);
}

/* Soonest predicted impact first, then worst state, then lowest Rx. */
static int cmp_impact(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if ((a->predicted == DETECT_NONE) != (b->predicted == DETECT_NONE))
		return a->predicted == DETECT_NONE ? 1 : -1;
	if (a->predicted != b->predicted)
		return a->predicted < b->predicted ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	return cmp_rx(a, b);
}

static int cmp_rx_q(const void *a, const void *b)
{
	return cmp_rx(a, b);
}

static int cmp_name_q(const void *a, const void *b)
{
	return cmp_name(a, b);
}

/* "at_risk,faulty" into want[]; 0, or -1 for an unknown name. */
static int parse_states(const char *s, bool *want)
{
	char buf[128], *save = NULL;

	if (s == NULL || s[0] == '\0') {
		for (unsigned i = 0; i < ONT_STATE_COUNT; i++)
			want[i] = true;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (char *t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		enum ont_state st;

		if (ont_state_parse(t, &st) < 0)
			return -1;
		want[st] = true;
	}
	return 0;
}

void api_onts(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	struct list_ctx c = { .conf = api->deps->conf, .now = api_now(api) };
	const char *sort = http_query(req, "sort");
	int (*cmp)(const void *, const void *) = cmp_impact;
	long limit, offset;
	json_t *arr, *orders, *descriptions;

	c.olt = http_query(req, "olt");
	c.port = http_query(req, "port");
	if (parse_states(http_query(req, "state"), c.want) < 0) {
		api_fail(res, 400,
		         "state: expected healthy, warning, at_risk, faulty or offline "
		         "(a comma list)");
		return;
	}
	if (sort != NULL && strcmp(sort, "rx") == 0)
		cmp = cmp_rx_q;
	else if (sort != NULL && strcmp(sort, "name") == 0)
		cmp = cmp_name_q;
	else if (sort != NULL && strcmp(sort, "impact") != 0) {
		api_fail(res, 400, "sort: expected impact, rx or name");
		return;
	}
	if (api_query_int(req, res, "limit", 1000, 1, LIST_MAX, &limit) < 0 ||
	    api_query_int(req, res, "offset", 0, 0, 100000000, &offset) < 0)
		return;
	c.cmp = cmp;
	c.keep = (size_t)offset + (size_t)limit;
	if (api->deps->engine != NULL)
		engine_ont_each(api->deps->engine, collect, &c);
	qsort(c.rows, c.n, sizeof(*c.rows), cmp);
	/* only the page is rendered: a large fleet is sorted, not serialised */
	orders = json_object();
	descriptions = json_object();
	store_orders_each(api->deps->store, true, c.olt, index_order, orders);
	arr = json_array();
	for (size_t i = (size_t)offset; i < c.n && json_array_size(arr) < (size_t)limit; i++) {
		store_ont_get(api->deps->store, c.rows[i].v.serial, index_description,
		              descriptions);
		json_array_append_new(
		    arr, ont_summary(&c.rows[i].v, c.rows[i].st, c.now, orders, descriptions));
	}
	free(c.rows);
	json_decref(orders);
	json_decref(descriptions);
	api_json(res, 200, json_pack("{s:I,s:o}", "total", (json_int_t)c.total, "onts", arr));
}

/* --- GET /api/v1/onts/{serial} ------------------------------------------------------- */

struct find_ctx {
	const char *serial;
	const struct conf *conf;
	int64_t now;
	json_t *orders, *descriptions;
	json_t *out;
};

static json_t *thresholds(const struct threshold_profile *p)
{
	return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "profile", p->name, "warning_rx_dbm",
	                 api_real(p->rx_low_warn), "critical_rx_dbm", api_real(p->rx_low_crit),
	                 "impact_rx_dbm", api_real(p->impact_rx), "overload_rx_dbm",
	                 api_real(p->rx_high), "olt_warning_rx_dbm", api_real(p->olt_rx_low_warn),
	                 "olt_critical_rx_dbm", api_real(p->olt_rx_low_crit));
}

static int find_one(void *arg, const struct fleet_ont_view *v)
{
	struct find_ctx *c = arg;
	const struct detect_finding *fd = v->fd;
	json_t *rules;

	if (strcmp(v->serial, c->serial) != 0)
		return 0;
	c->out = ont_summary(v, ont_state_of(v, c->now, api_ont_stale(c->conf, v->olt)), c->now,
	                     c->orders, c->descriptions);
	rules = json_array();
	for (unsigned i = 0; i < DETECT_RULE_COUNT; i++)
		if (fd->rules & (1u << i))
			json_array_append_new(rules,
			                      json_string(detect_rule_name((enum detect_rule)i)));
	json_object_set_new(c->out, "tx_dbm", api_real(fd->tx_dbm));
	json_object_set_new(c->out, "bias_ma", api_real(fd->bias_ma));
	json_object_set_new(c->out, "temp_c", api_real(fd->temp_c));
	json_object_set_new(c->out, "rules", rules);
	json_object_set_new(c->out, "los_events", json_integer(fd->los_events));
	json_object_set_new(c->out, "onset_at", api_time(fd->onset));
	json_object_set_new(c->out, "thresholds", thresholds(v->profile));
	return 1;
}

static int open_docs(void *arg, const struct store_order *o)
{
	json_t *arr = arg, *doc = json_loads(o->doc, 0, NULL);

	if (doc != NULL)
		json_array_append_new(arr, doc);
	return 0;
}

static int is_serial(void *arg, const struct fleet_ont_view *v)
{
	return strcmp(v->serial, arg) == 0;
}

/* Whether the detector knows an ONT with this serial. */
static bool ont_known(struct api *api, const char *serial)
{
	return api->deps->engine != NULL &&
	       engine_ont_each(api->deps->engine, is_serial, (void *)serial) == 1;
}

void api_ont(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	struct find_ctx c = { .serial = req->params[0],
		              .conf = api->deps->conf,
		              .now = api_now(api) };
	json_t *docs, *open, *doc;
	size_t i;

	c.orders = json_object();
	c.descriptions = json_object();
	docs = json_array();
	store_orders_each(api->deps->store, true, NULL, open_docs, docs);
	if (api->deps->engine != NULL)
		engine_ont_each(api->deps->engine, find_one, &c);
	if (c.out == NULL) {
		json_decref(docs);
		json_decref(c.orders);
		json_decref(c.descriptions);
		api_fail(res, 404, "no ONT with this serial");
		return;
	}
	/* only this ONT's orders and description are wanted */
	open = json_array();
	json_array_foreach(docs, i, doc)
	{
		json_t *ont;
		size_t k;

		json_array_foreach(json_object_get(doc, "onts"), k, ont)
		{
			const char *s = json_string_value(json_object_get(ont, "serial"));

			if (s != NULL && strcmp(s, c.serial) == 0) {
				json_array_append(open, doc);
				break;
			}
		}
	}
	{
		json_t *ids = json_array();

		json_array_foreach(open, i, doc) json_array_append(ids, json_object_get(doc, "id"));
		json_object_set_new(c.out, "orders", ids);
	}
	store_ont_get(api->deps->store, c.serial, index_description, c.descriptions);
	json_object_set(c.out, "description",
	                json_object_get(c.descriptions, c.serial)
	                    ? json_object_get(c.descriptions, c.serial)
	                    : json_null());
	json_object_set_new(c.out, "open_orders", open);
	json_decref(docs);
	json_decref(c.orders);
	json_decref(c.descriptions);
	api_json(res, 200, c.out);
}

/* --- GET /api/v1/onts/{serial}/history ----------------------------------------------- */

struct sample {
	int64_t t;
	float rx, orx, tx;
	uint8_t status;
};

struct hist_ctx {
	struct sample *s;
	size_t n, cap;
};

static int take_reading(void *arg, const struct ont_reading *r)
{
	struct hist_ctx *h = arg;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 1024;
		h->s = xreallocarray(h->s, h->cap, sizeof(*h->s));
	}
	h->s[h->n++] = (struct sample){ r->time, (float)r->rx_dbm, (float)r->olt_rx_dbm,
		                        (float)r->tx_dbm, (uint8_t)r->status };
	return 0;
}

/* Mean of the present values (NAN when none). */
struct mean {
	double sum;
	int n;
};

static void mean_add(struct mean *m, float v)
{
	if (!isnan(v)) {
		m->sum += v;
		m->n++;
	}
}

static double mean_of(const struct mean *m)
{
	return m->n ? m->sum / m->n : NAN;
}

static json_t *point(int64_t t, double rx, double rx_min, double orx, double tx, int status, int n)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:s,s:i}", "t", api_time(t), "rx_dbm", api_real(rx),
	                 "rx_min_dbm", api_real(rx_min), "olt_rx_dbm", api_real(orx), "tx_dbm",
	                 api_real(tx), "status", ont_status_name((enum ont_status)status), "n", n);
}

void api_ont_history(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	const char *serial = req->params[0];
	int64_t now = api_now(api), from, to, step = 0;
	struct hist_ctx h = { 0 };
	long points;
	json_t *arr;

	if (api_query_time(req, res, "to", now, &to) < 0 ||
	    api_query_time(req, res, "from", to - 86400, &from) < 0 ||
	    api_query_int(req, res, "points", 500, 2, POINTS_MAX, &points) < 0)
		return;
	if (from >= to) {
		api_fail(res, 400, "from must be before to");
		return;
	}
	if (to - from > HISTORY_MAX) {
		api_fail(res, 400, "the range may span at most 400 days");
		return;
	}
	if (store_readings_each(api->deps->store, serial, from, to, take_reading, &h) < 0) {
		free(h.s);
		api_fail(res, 500, "the store could not be read");
		return;
	}
	if (h.n == 0 && !ont_known(api, serial)) {
		api_fail(res, 404, "no ONT with this serial");
		return;
	}
	arr = json_array();
	if (h.n <= (size_t)points) {
		for (size_t i = 0; i < h.n; i++)
			json_array_append_new(arr, point(h.s[i].t, h.s[i].rx, h.s[i].rx, h.s[i].orx,
			                                 h.s[i].tx, h.s[i].status, 1));
	} else {
		size_t i = 0;

		step = (to - from + points - 1) / points;
		for (int64_t b = from; b < to && i < h.n; b += step) {
			struct mean rx = { 0 }, orx = { 0 }, tx = { 0 };
			double rx_min = NAN;
			int status = 0, n = 0;

			for (; i < h.n && h.s[i].t < b + step; i++, n++) {
				mean_add(&rx, h.s[i].rx);
				mean_add(&orx, h.s[i].orx);
				mean_add(&tx, h.s[i].tx);
				if (!isnan(h.s[i].rx) && (isnan(rx_min) || h.s[i].rx < rx_min))
					rx_min = h.s[i].rx;
				status = h.s[i].status;
			}
			if (n > 0)
				json_array_append_new(arr,
				                      point(b, mean_of(&rx), rx_min, mean_of(&orx),
				                            mean_of(&tx), status, n));
		}
	}
	api_json(res, 200,
	         /* the range asked for, even from the epoch (api_time writes 0 as null) */
	         json_pack("{s:s,s:o,s:o,s:I,s:I,s:o}", "serial", serial, "from",
	                   order_json_time_value(from), "to", order_json_time_value(to), "step",
	                   (json_int_t)step, "readings", (json_int_t)h.n, "points", arr));
	free(h.s);
}
