/* api_metrics: GET /metrics: the daemon's state gathered from api->deps, written by
 * monitor/metrics.c. Every figure comes from counters the parts keep or from aggregate store
 * queries, so a scrape costs one walk of the ONTs and a few indexed queries. The list of
 * metrics is docs/api.md's; keep both in step. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "monitor/api_int.h"
#include "monitor/capture_daemon.h"
#include "monitor/engine.h"
#include "monitor/metrics.h"
#include "monitor/ont_state.h"
#include "monitor/outbox.h"
#include "monitor/poll.h"
#include "monitor/store.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

#define G METRICS_GAUGE
#define C METRICS_COUNTER

static void process(struct metrics *m, const struct api_deps *d)
{
	const struct api_reload_result *r = &d->last_reload;

	metrics_add(
	    metrics_family(m, "ontwatch_build_info", G, "Always 1; the version as a label."), 1,
	    "version", PACKAGE_VERSION, NULL);
	metrics_add(metrics_family(m, "ontwatch_start_time_seconds", G,
	                           "When the daemon started, Unix seconds."),
	            (double)d->started, NULL);
	if (r->at == 0)
		return;
	metrics_add(metrics_family(m, "ontwatch_config_last_reload_successful", G,
	                           "1 if the last configuration reload succeeded."),
	            r->ok ? 1 : 0, NULL);
	metrics_add(metrics_family(m, "ontwatch_config_last_reload_timestamp_seconds", G,
	                           "When a reload was last attempted, Unix seconds."),
	            (double)r->at, NULL);
}

static void readings(struct metrics *m, const struct poll_set *ps)
{
	struct poll_set_stats s;

	if (ps == NULL)
		return;
	poll_set_stats(ps, &s);
	metrics_add(metrics_family(m, "ontwatch_readings_stored_total", C,
	                           "Readings committed to the store (polls and traps)."),
	            (double)s.readings_stored, NULL);
	metrics_add(metrics_family(m, "ontwatch_readings_not_stored_total", C,
	                           "Readings lost to a store failure."),
	            (double)s.readings_unstored, NULL);
	metrics_add(metrics_family(m, "ontwatch_traps_total", C,
	                           "ONT status traps taken from configured OLTs."),
	            (double)s.traps, NULL);
}

/* Per OLT. Figures of a poll are absent until the OLT's first poll finished: an OLT whose
 * first poll is still minutes away (starts are spread over the interval) is not down. */
static int olt(void *arg, const struct snmp_poller_olt *o)
{
	struct metrics *m = arg;
	const struct snmp_poll_health *h = o->health;
	const char *name = o->target->name;

	metrics_add(metrics_family(m, "ontwatch_olt_polls_total", C,
	                           "Polls of the OLT finished since the daemon started."),
	            (double)h->polls_total, "olt", name, NULL);
	metrics_add(metrics_family(m, "ontwatch_olt_poll_failures_total", C,
	                           "Polls that did not complete (timeout, agent error)."),
	            (double)h->failed_total, "olt", name, NULL);
	metrics_add(metrics_family(m, "ontwatch_olt_poll_errors_total", C,
	                           "Rejected values or rows and agent anomalies in polls."),
	            (double)h->errors_total, "olt", name, NULL);
	metrics_add(metrics_family(m, "ontwatch_readings_rejected_total", C,
	                           "Rows and values the decoder refused as invalid."),
	            (double)h->rejected_total, "olt", name, NULL);
	metrics_add(metrics_family(m, "ontwatch_olt_consecutive_failures", G,
	                           "Failed polls in a row (the poller backs off)."),
	            (double)h->failures, "olt", name, NULL);
	if (h->last_success > 0)
		metrics_add(metrics_family(m, "ontwatch_olt_last_success_timestamp_seconds", G,
		                           "When the last complete poll finished, Unix seconds."),
		            floor(h->last_success), "olt", name, NULL);
	if (h->polls_total == 0)
		return 0;
	metrics_add(metrics_family(m, "ontwatch_olt_up", G, "1 if the last poll completed."),
	            h->ok ? 1 : 0, "olt", name, NULL);
	metrics_add(metrics_family(m, "ontwatch_olt_poll_duration_seconds", G,
	                           "How long the last poll took."),
	            h->duration, "olt", name, NULL);
	metrics_add(metrics_family(m, "ontwatch_olt_onts_read", G, "ONTs read in the last poll."),
	            (double)h->onts, "olt", name, NULL);
	return 0;
}

struct states {
	const struct conf *conf;
	int64_t now;
	const char *olt; /* whose stale time is cached: an OLT's ONTs mostly come together */
	int64_t stale;
	size_t n[ONT_STATE_COUNT];
};

static int ont_state(void *arg, const struct fleet_ont_view *v)
{
	struct states *c = arg;

	if (c->olt == NULL || strcmp(c->olt, v->olt) != 0) {
		c->olt = v->olt;
		c->stale = api_ont_stale(c->conf, v->olt);
	}
	c->n[ont_state_of(v, c->now, c->stale)]++;
	return 0;
}

static void onts(struct metrics *m, const struct api_deps *d, int64_t now)
{
	struct states c = { .conf = d->conf, .now = now };
	struct metrics_family *f;

	if (d->engine == NULL)
		return;
	engine_ont_each(d->engine, ont_state, &c);
	f = metrics_family(m, "ontwatch_onts", G, "ONTs the detector knows, by state.");
	for (int s = 0; s < ONT_STATE_COUNT; s++)
		metrics_add(f, (double)c.n[s], "state", ont_state_name((enum ont_state)s), NULL);
}

struct orders_arg {
	struct metrics_family *f;
};

static int order_count(void *arg, const char *state, const char *cause, int64_t n)
{
	struct orders_arg *a = arg;

	if (state != NULL)
		metrics_add(a->f, (double)n, "state", state, "cause", cause ? cause : "unknown",
		            NULL);
	else
		metrics_add(a->f, (double)n, "cause", cause ? cause : "unknown", NULL);
	return 0;
}

static int orders(struct metrics *m, struct store *st, int64_t started)
{
	struct orders_arg a;

	a.f = metrics_family(m, "ontwatch_orders", G, "Open work orders by state and cause.");
	if (store_orders_count(st, order_count, &a) < 0)
		return -1;
	a.f = metrics_family(m, "ontwatch_orders_opened_total", C,
	                     "Work orders opened since the daemon started, by cause.");
	return store_orders_opened_count(st, started, order_count, &a);
}

static int silences(struct metrics *m, struct store *st, int64_t now)
{
	int64_t n;

	if (store_silences_count_active(st, now, &n) < 0)
		return -1;
	metrics_add(metrics_family(m, "ontwatch_silences_active", G,
	                           "Silences holding back new orders now."),
	            (double)n, NULL);
	return 0;
}

struct outbox_arg {
	struct metrics *m;
	int64_t now;
};

static int outbox_count(void *arg, const struct store_outbox_count *c)
{
	struct outbox_arg *a = arg;
	struct metrics *m = a->m;
	double age =
	    c->queued > 0 && c->oldest > 0 && a->now > c->oldest ? (double)(a->now - c->oldest) : 0;

	metrics_add(metrics_family(m, "ontwatch_outbox_queued", G,
	                           "Deliveries waiting in an output's queue."),
	            (double)c->queued, "output", c->output, NULL);
	metrics_add(metrics_family(m, "ontwatch_outbox_oldest_queued_age_seconds", G,
	                           "Age of the oldest queued delivery's event (0 when empty)."),
	            age, "output", c->output, NULL);
	metrics_add(metrics_family(m, "ontwatch_outbox_dead_letters", G,
	                           "Deliveries refused for good, kept as dead letters."),
	            (double)c->dead, "output", c->output, NULL);
	return 0;
}

static int outbox(struct metrics *m, const struct api_deps *d, int64_t now)
{
	struct outbox_arg a = { m, now };
	struct outbox_stats s;

	for (size_t i = 0; outbox_stats(d->outbox, i, &s) == 0; i++) {
		metrics_add(metrics_family(m, "ontwatch_outbox_deliveries_total", C,
		                           "Deliveries that succeeded."),
		            (double)s.delivered, "output", s.output, NULL);
		metrics_add(metrics_family(m, "ontwatch_outbox_delivery_failures_total", C,
		                           "Delivery attempts that failed (retried or dead)."),
		            (double)s.failed, "output", s.output, NULL);
	}
	return store_outbox_counts(d->store, outbox_count, &a);
}

static void capture(struct metrics *m, struct capture_daemon *cd)
{
	struct capture_daemon_stats s;

	if (capture_daemon_stats(cd, &s) < 0)
		return;
	metrics_add(metrics_family(m, "ontwatch_capture_packets_total", C,
	                           "Packets read from the capture device."),
	            (double)s.packets, "interface", s.interface, NULL);
	metrics_add(metrics_family(m, "ontwatch_capture_bytes_total", C,
	                           "Bytes on the wire of the packets read."),
	            (double)s.bytes, "interface", s.interface, NULL);
	metrics_add(metrics_family(m, "ontwatch_capture_invalid_packets_total", C,
	                           "Packets the decoder refused, by reason."),
	            (double)s.truncated, "interface", s.interface, "reason", "truncated", NULL);
	metrics_add(metrics_family(m, "ontwatch_capture_invalid_packets_total", C, NULL),
	            (double)s.malformed, "interface", s.interface, "reason", "malformed", NULL);
	if (s.drops_known) {
		struct metrics_family *f =
		    metrics_family(m, "ontwatch_capture_drops_total", C,
		                   "Packets lost before the probe read them (pcap_stats).");

		metrics_add(f, (double)s.kernel_drops, "interface", s.interface, "where", "kernel",
		            NULL);
		metrics_add(f, (double)s.if_drops, "interface", s.interface, "where", "interface",
		            NULL);
	}
	metrics_add(
	    metrics_family(m, "ontwatch_capture_sessions", G, "Subscriber sessions tracked now."),
	    (double)s.subscribers, "interface", s.interface, NULL);
}

/* This request is not among them yet: it is counted when it is answered. */
static void http(struct metrics *m, const struct http_server *s)
{
	static const char *const classes[] = { NULL, NULL, "2xx", "3xx", "4xx", "5xx" };
	struct metrics_family *f;
	uint64_t n[6];

	if (s == NULL)
		return;
	http_responses(s, n);
	f = metrics_family(m, "ontwatch_http_requests_total", C,
	                   "HTTP requests answered (API, metrics, dashboard), by status class.");
	for (size_t i = 2; i < 6; i++)
		metrics_add(f, (double)n[i], "code", classes[i], NULL);
}

void api_metrics(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	const struct api_deps *d = api->deps;
	struct metrics *m = metrics_new();
	int64_t now = api_now(api);
	size_t len;

	(void)req;
	process(m, d);
	if (d->polls != NULL)
		poll_set_olt_each(d->polls, olt, m);
	readings(m, d->polls);
	onts(m, d, now);
	if (d->store != NULL && (orders(m, d->store, d->started) < 0 ||
	                         silences(m, d->store, now) < 0 || outbox(m, d, now) < 0)) {
		metrics_free(m);
		api_fail(res, 500, "the store cannot be read");
		return;
	}
	capture(m, d->capture);
	http(m, api->http);
	res->status = 200;
	res->body = metrics_text(m, &len);
	res->body_len = len;
	res->content_type = CONTENT_TYPE;
	metrics_free(m);
}
