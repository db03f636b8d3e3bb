/* api_status: the daemon at a glance (GET /api/v1/status), OLT poll health
 * (GET /api/v1/olts) and reload on request (POST /api/v1/reload). */
#include "config.h"

#include <jansson.h>
#include <string.h>

#include "monitor/api_int.h"
#include "monitor/engine.h"
#include "monitor/ont_state.h"
#include "monitor/poll.h"

/* Seconds without a reading after which an ONT of this OLT counts as offline. */
int64_t api_ont_stale(const struct conf *conf, const char *olt)
{
	const struct conf_olt *o = conf_olt_find(conf, olt);
	int interval = o != NULL && o->interval > 0 ? o->interval : conf->poll_interval;

	return 3 * (int64_t)interval;
}

struct state_count {
	const struct conf *conf;
	int64_t now;
	size_t n[ONT_STATE_COUNT];
	size_t total;
	const char *olt; /* the OLT whose staleness is in `stale` */
	int64_t stale;
};

static int count_state(void *arg, const struct fleet_ont_view *v)
{
	struct state_count *c = arg;

	/* ONTs come by OLT: one configuration lookup per OLT, not per ONT */
	if (c->olt == NULL || strcmp(c->olt, v->olt) != 0) {
		c->olt = v->olt;
		c->stale = api_ont_stale(c->conf, v->olt);
	}
	c->n[ont_state_of(v, c->now, c->stale)]++;
	c->total++;
	return 0;
}

static int count_open(void *arg, const char *state, const char *cause, int64_t n)
{
	json_t *by_cause = arg;
	const char *k = cause ? cause : "unknown";

	(void)state;
	json_object_set_new(by_cause, k,
	                    json_integer(json_integer_value(json_object_get(by_cause, k)) + n));
	return 0;
}

struct outbox_totals {
	json_int_t backlog, dead;
};

static int count_outbox(void *arg, const struct store_outbox_count *c)
{
	struct outbox_totals *t = arg;

	t->backlog += c->queued;
	t->dead += c->dead;
	return 0;
}

static int count_failing(void *arg, const struct snmp_poller_olt *o)
{
	if (o->health->polls_total > 0 && !o->health->ok)
		(*(json_int_t *)arg)++;
	return 0;
}

void api_status(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	struct api_deps *d = api->deps;
	struct state_count sc = { .conf = d->conf, .now = api_now(api) };
	json_t *j, *by_state = json_object(), *by_cause = json_object(), *reload = json_null();
	struct outbox_totals ob = { 0, 0 };
	json_int_t failing = 0, open = 0;
	int64_t silences = 0;

	(void)req;
	if (d->engine != NULL)
		engine_ont_each(d->engine, count_state, &sc);
	for (unsigned i = 0; i < ONT_STATE_COUNT; i++)
		json_object_set_new(by_state, ont_state_name((enum ont_state)i),
		                    json_integer((json_int_t)sc.n[i]));
	/* aggregates in the store: no order document or queued delivery is read */
	store_orders_count(d->store, count_open, by_cause);
	{
		const char *k;
		json_t *v;

		json_object_foreach(by_cause, k, v) open += json_integer_value(v);
	}
	store_outbox_counts(d->store, count_outbox, &ob);
	if (d->polls != NULL)
		poll_set_olt_each(d->polls, count_failing, &failing);
	if (d->last_reload.at != 0) {
		json_t *errs = json_array();

		for (size_t i = 0; i < d->last_reload.nerrors; i++)
			json_array_append_new(errs, json_string(d->last_reload.errors[i]));
		reload = json_pack("{s:o,s:b,s:o}", "at", api_time(d->last_reload.at), "ok",
		                   d->last_reload.ok, "errors", errs);
	}
	j = json_pack("{s:s,s:o,s:o,s:s,s:o,s:I,s:I,s:I,s:o,s:I,s:o,s:I,s:I}", "version",
	              PACKAGE_VERSION, "started_at", api_time(d->started), "now", api_time(sc.now),
	              "config", d->conf_path ? d->conf_path : "", "last_reload", reload, "olts",
	              (json_int_t)d->conf->nolts, "olts_failing", failing, "onts",
	              (json_int_t)sc.total, "onts_by_state", by_state, "orders_open", open,
	              "orders_by_cause", by_cause, "outbox_backlog", ob.backlog, "dead_letters",
	              ob.dead);
	store_silences_count_active(d->store, sc.now, &silences);
	json_object_set_new(j, "silences_active", json_integer((json_int_t)silences));
	api_json(res, 200, j);
}

void api_reload(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;

	(void)req;
	/* not here: a reload replaces this very server; the daemon does it between rounds */
	api->deps->reload_requested = true;
	api_json(res, 202, json_pack("{s:s}", "reload", "requested"));
}

struct olts_ctx {
	const struct conf *conf;
	json_t *arr;
};

static int one_olt(void *arg, const struct snmp_poller_olt *o)
{
	struct olts_ctx *c = arg;
	const struct snmp_poll_health *h = o->health;
	const struct conf_olt *co = conf_olt_find(c->conf, o->target->name);
	json_t *last = json_null();
	const char *health = "never";

	if (h->polls_total > 0) {
		last = json_pack("{s:o,s:o,s:I,s:I,s:b,s:o}", "started_at",
		                 api_time((int64_t)h->started), "duration", api_real(h->duration),
		                 "onts", (json_int_t)h->onts, "errors", (json_int_t)h->errors, "ok",
		                 h->ok, "error", h->error[0] ? json_string(h->error) : json_null());
		health = h->ok ? "ok" : "failing";
	}
	json_array_append_new(
	    c->arr,
	    json_pack("{s:s,s:s,s:s,s:i,s:I,s:o,s:o,s:I,s:b,s:o,s:s,s:b}", "name", o->target->name,
	              "vendor", co && co->vendor ? co->vendor : "", "host", o->target->address,
	              "interval", (int)o->target->interval, "onts", (json_int_t)h->onts,
	              "last_poll", last, "last_success_at", api_time((int64_t)h->last_success),
	              "failures", (json_int_t)h->failures, "backoff", h->failures > 0,
	              "next_poll_at", api_time((int64_t)o->next_poll), "health", health, "polling",
	              o->polling));
	return 0;
}

void api_olts(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	struct olts_ctx c = { api->deps->conf, json_array() };

	(void)req;
	if (api->deps->polls != NULL)
		poll_set_olt_each(api->deps->polls, one_olt, &c);
	api_json(res, 200, json_pack("{s:o}", "olts", c.arr));
}
