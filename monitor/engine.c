/* engine: glue between the pure fleet pipeline and the daemon's store and outputs. The store
 * holds one open order per problem key across all daemons; an order another daemon holds is
 * left to it (STORE_CONFLICT), with a rate-limited warning. An order that opens under an
 * active silence is stored but held back from the outputs until the silence is over. */
#include "config.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/aftercare.h"
#include "monitor/detect_snapshot.h"
#include "monitor/dispatch.h"
#include "monitor/engine.h"
#include "monitor/fleet.h"
#include "monitor/fleet_conf.h"
#include "monitor/order_json.h"
#include "monitor/session_watch.h"
#include "monitor/outbox.h"
#include "monitor/silence.h"

/* Silences are read from the store (any daemon or the API may add or end one): at every
 * order that opens, and at least this often for the held orders to release. */
#define SILENCE_RECHECK 30

struct engine {
	struct fleet *fleet;
	struct aftercare *care; /* completed orders waiting for their verdict */
	struct store *store;
	struct output_set *outputs;
	struct outbox *outbox; /* kicked after each journalled event; NULL: none */
	const struct conf *conf;
	struct log_ratelimit conflict_rl;
	struct log_ratelimit store_rl;
	struct loop *loop; /* for the silence timer; NULL: checked only when asked */
	struct loop_timer silence_timer;
};

static const char *instance(const struct engine *e)
{
	return e->conf->instance ? e->conf->instance : "";
}

/* What the store holds of an order before an event of the detector is recorded. */
struct stored {
	bool found, open;
	char state[32];
	char silence[SILENCE_ID_MAX]; /* empty: not held */
	int64_t until;
};

static int take_stored(void *arg, const struct store_order *so)
{
	struct stored *s = arg;

	s->found = true;
	s->open = so->open;
	snprintf(s->state, sizeof(s->state), "%s", so->state ? so->state : "open");
	snprintf(s->silence, sizeof(s->silence), "%s", so->silence ? so->silence : "");
	s->until = so->silenced_until;
	return 0;
}

/* The active silence that holds an order back (the one ending last when several match). */
struct holder {
	const struct order *order;
	int64_t now;
	bool found;
	char id[SILENCE_ID_MAX];
	char reason[SILENCE_REASON_MAX + 1];
	int64_t ends;
};

static int holder_try(void *arg, const struct store_silence *ss)
{
	struct holder *h = arg;
	const struct silence s = {
		.id = ss->id,
		.olt = ss->olt,
		.port = ss->port,
		.splitter = ss->splitter,
		.serial = ss->serial,
		.starts = ss->starts,
		.ends = ss->ends,
	};

	if (silence_state_at(&s, h->now) != SILENCE_ACTIVE || !silence_matches(&s, h->order))
		return 0;
	if (h->found && ss->ends <= h->ends)
		return 0;
	h->found = true;
	snprintf(h->id, sizeof(h->id), "%s", ss->id);
	snprintf(h->reason, sizeof(h->reason), "%s", ss->reason ? ss->reason : "");
	h->ends = ss->ends;
	return 0;
}

/* Find the silence holding `o` at `now`; 0 (h->found tells), or -1 when the store failed. */
static int holder_find(struct engine *e, const struct order *o, int64_t now, struct holder *h)
{
	memset(h, 0, sizeof(*h));
	h->order = o;
	h->now = now;
	if (store_silences_each(e->store, now, holder_try, h) < 0) {
		log_warnx_limited(&e->store_rl, time(NULL),
		                  "engine: silences unreadable; order %s not held", o->id);
		return -1;
	}
	return 0;
}

/* The order document with "silenced": {"id", "until"} (caller frees). */
static char *doc_silenced(const char *doc, const char *id, int64_t until)
{
	json_t *j = json_loads(doc, 0, NULL), *m = json_object();
	char when[32], *out;

	order_json_time(until, when, sizeof(when));
	json_object_set_new(m, "id", json_string(id));
	json_object_set_new(m, "until", json_string(when));
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	json_object_set_new(j, "silenced", m);
	out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	json_decref(j);
	if (out == NULL)
		abort(); /* jansson fails only on allocation */
	return out;
}

/* Dispatch states (docs/dispatch.md) outlive the detector's events: returns the state to keep
 * (NULL: the lifecycle's own). *skip when the event is not recorded at all: the order was
 * closed by a report (cancelled) or a verdict (verified), or it is completed and the detector
 * resolved it, which is aftercare's verdict to give (verified, after verify_hold_hours). */
static const char *kept_state(const struct stored *s, enum order_event_type t, bool *skip)
{
	*skip = false;
	if (!s->found || strcmp(s->state, "open") == 0)
		return NULL;
	if (!s->open) {
		*skip = true;
		return NULL;
	}
	if (t == ORDER_EV_RESOLVED) {
		*skip = strcmp(s->state, "completed") == 0;
		return NULL;
	}
	return s->state;
}

/* The stored document gets the dispatch details too (priority, region, visit), so the API
 * shows and filters orders as the field teams got them. */
static int keep_enriched(struct store *st, struct store_order *so, const char *enriched)
{
	json_t *ev = json_loads(enriched, 0, NULL);
	char *doc = json_dumps(json_object_get(ev, "order"),
	                       JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	const char *plain = so->doc;
	int rc = 0;

	json_decref(ev);
	if (doc == NULL)
		return 0;
	so->doc = doc;
	rc = store_order_put(st, so);
	so->doc = plain;
	free(doc);
	return rc;
}

/* The document of a held order: enriched as a delivered one would be (GET /orders filters on
 * priority and region), nothing journalled, and marked with its silence (caller frees). */
static char *doc_held(struct engine *e, const char *line, const char *doc, int64_t now,
                      const char *silence, int64_t until)
{
	const char *why = NULL;
	char *rich = NULL, *base = NULL, *out;

	if (dispatch_enrich(e->conf, e->store, line, now, &rich, &why) == 0) {
		json_t *ev = json_loads(rich, 0, NULL);

		base = json_dumps(json_object_get(ev, "order"),
		                  JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
		json_decref(ev);
	}
	out = doc_silenced(base != NULL ? base : doc, silence, until);
	free(base);
	free(rich);
	return out;
}

static void on_event(const struct order_event *ev, void *arg)
{
	struct engine *e = arg;
	const struct order *o = ev->order;
	struct stored was = { 0 };
	struct holder h = { 0 };
	const char *why = NULL, *keep;
	char *line, *doc, *enriched = NULL;
	bool skip, held;
	int64_t seq;
	int rc;

	/* the order, its history and the delivery journal change together; an order another
	 * daemon holds open is not ours to announce */
	store_begin(e->store);
	rc = store_order_get(e->store, o->id, take_stored, &was);
	if (rc == STORE_NOT_FOUND)
		rc = 0;
	keep = kept_state(&was, ev->type, &skip);
	if (rc == 0 && skip) {
		store_commit(e->store); /* nothing written: ends only this read */
		log_debug("engine: order %s is %s%s: %s not recorded", o->id, was.state,
		          was.open ? "" : " (closed)", order_event_name(ev->type));
		return;
	}
	/* a held order stays held; a new one is held when a silence covers it */
	if (rc == 0 && !was.found && ev->type == ORDER_EV_OPENED &&
	    holder_find(e, o, ev->time, &h) == 0 && h.found) {
		snprintf(was.silence, sizeof(was.silence), "%s", h.id);
		was.until = h.ends;
	}
	held = was.silence[0] != '\0';
	line = order_json_event_in(ev, keep);
	doc = order_json_order_in(o, keep);
	if (held) {
		char *marked = doc_held(e, line, doc, ev->time, was.silence, was.until);

		free(doc);
		doc = marked;
	}
	struct store_order so = {
		.id = o->id,
		.problem_key = o->key,
		.state = keep                            ? keep
		         : ev->type == ORDER_EV_RESOLVED ? "resolved"
		                                         : "open",
		.open = ev->type != ORDER_EV_RESOLVED,
		.olt = o->olt,
		.owner = instance(e),
		.opened = o->opened_at,
		.updated = ev->time,
		.doc = doc,
		.silence = held ? was.silence : NULL,
		.silenced_until = was.until,
	};
	if (rc == 0)
		rc = store_order_put(e->store, &so);
	if (rc == 0)
		rc = store_order_event_add(e->store, o->id, ev->time, order_event_name(ev->type),
		                           line, &seq);
	if (rc == 0 && !held &&
	    dispatch_submit(e->conf, e->store, o->id, line, ev->time, &enriched, &why) != 0)
		rc = -1;
	if (rc == 0 && !held && why == NULL)
		rc = keep_enriched(e->store, &so, enriched);
	if (rc == 0 && held) {
		store_commit(e->store);
		if (h.found)
			log_info("silence %s: holding order %s (%s)", h.id, o->id, h.reason);
		else if (ev->type == ORDER_EV_RESOLVED)
			log_info("silence %s: order %s resolved while held; not delivered",
			         was.silence, o->id);
		else
			log_debug("silence %s: order %s %s, held", was.silence, o->id,
			          order_event_name(ev->type));
	} else if (rc == 0) {
		store_commit(e->store);
		outbox_kick(e->outbox);
		if (why != NULL)
			log_debug("engine: order %s: sent without dispatch details: %s", o->id,
			          why);
	} else {
		store_rollback(e->store);
		if (rc == STORE_CONFLICT)
			log_warnx_limited(
			    &e->conflict_rl, time(NULL),
			    "engine: order %s: another daemon holds an open order for %s", o->id,
			    o->key);
		else
			log_warnx_limited(&e->store_rl, time(NULL),
			                  "engine: order %s: not stored, announcing anyway", o->id);
	}
	/* an order the store could not take is announced anyway, held or not */
	if (rc != STORE_CONFLICT && !(rc == 0 && held)) {
		const char *out = enriched ? enriched : line;
		output_set_emit(e->outputs, out, strlen(out));
	}
	free(enriched);
	free(line);
	free(doc);
}

static int last_event(void *arg, int64_t seq, int64_t time, const char *event, const char *doc)
{
	char **last = arg;

	(void)seq;
	(void)time;
	(void)event;
	free(*last);
	*last = xstrdup(doc);
	return 0;
}

void engine_announce(struct engine *e, const char *order_id)
{
	struct stored was = { 0 };
	char *doc = NULL;

	/* a held order's events wait for its release */
	if (store_order_get(e->store, order_id, take_stored, &was) == 0 && was.silence[0] != '\0')
		return;
	if (store_order_events_each(e->store, order_id, last_event, &doc) == 0 && doc != NULL)
		output_set_emit(e->outputs, doc, strlen(doc));
	free(doc);
	outbox_kick(e->outbox);
}

/* A verdict was stored (and journalled): write it to the file outputs as well. */
static void on_verdict(void *arg, const char *order_id)
{
	engine_announce(arg, order_id);
}

static void apply_conf(struct engine *e)
{
	const char *refused = NULL;

	fleet_clear_profiles(e->fleet, threshold_builtin("gpon-b+"));
	if (fleet_conf_apply(e->fleet, e->conf, &refused) < 0)
		log_warnx("engine: %s: name or tags too long, default thresholds", refused);
}

struct restore_ctx {
	struct engine *e;
	size_t restored, skipped;
};

static int restore_one(void *arg, const struct store_order *so)
{
	struct restore_ctx *c = arg;
	struct order o;

	if (conf_olt_find(c->e->conf, so->olt) == NULL)
		return 0; /* another daemon's OLT */
	if (order_json_parse(so->doc, &o) < 0) {
		log_warnx("engine: order %s: stored document unreadable, not continued", so->id);
		c->skipped++;
		return 0;
	}
	if (fleet_restore_order(c->e->fleet, &o) == 0)
		c->restored++;
	free(o.onts);
	return 0;
}

#define WARM_HOURS 96 /* history replayed at start: a baseline and a trend window */

struct warm_ont {
	char *serial;
	char *olt, *port;
	int ont;
	int64_t last_seen;
};

/* A snapshot read back (monitor/detect_snapshot.h), by serial. */
struct warm_snap {
	char serial[ONT_SERIAL_MAX];
	struct detect_state det;
	struct detect_finding fd;
	int64_t last_seen;
};

struct warm_ctx {
	struct engine *e;
	struct warm_ont *v;
	size_t n, cap;
	struct warm_snap *snap;
	size_t nsnap, capsnap, refused;
	size_t readings, restored;
};

static int warm_collect(void *arg, const struct store_ont *o)
{
	struct warm_ctx *w = arg;

	if (o->serial == NULL || conf_olt_find(w->e->conf, o->olt) == NULL)
		return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	w->v[w->n].serial = xstrdup(o->serial);
	w->v[w->n].olt = xstrdup(o->olt);
	w->v[w->n].port = xstrdup(o->port);
	w->v[w->n].ont = o->ont;
	w->v[w->n].last_seen = o->last_seen;
	w->n++;
	return 0;
}

static int warm_one(void *arg, const struct ont_reading *r)
{
	struct warm_ctx *w = arg;

	if (fleet_warm(w->e->fleet, r) == 0)
		w->readings++;
	return 0;
}

static int snap_collect(void *arg, const struct store_detector *d)
{
	struct warm_ctx *w = arg;
	struct warm_snap *sn;

	if (strlen(d->serial) >= sizeof(sn->serial))
		return 0;
	if (w->nsnap == w->capsnap) {
		w->capsnap = w->capsnap ? w->capsnap * 2 : 256;
		w->snap = xreallocarray(w->snap, w->capsnap, sizeof(*w->snap));
	}
	sn = &w->snap[w->nsnap];
	if (detect_snapshot_unpack(d->state, d->len, &sn->det, &sn->fd, &sn->last_seen) < 0) {
		w->refused++; /* another build's layout: its history is replayed instead */
		return 0;
	}
	strcpy(sn->serial, d->serial);
	w->nsnap++;
	return 0;
}

static int snap_cmp(const void *a, const void *b)
{
	return strcmp(((const struct warm_snap *)a)->serial, ((const struct warm_snap *)b)->serial);
}

/* Rebuild baselines and trends of our ONTs: from each ONT's snapshot and the readings stored
 * after it, or without a usable snapshot from its last WARM_HOURS of readings, so a restart
 * neither forgets a degradation nor waits days to see one. */
static void warm_up(struct engine *e)
{
	struct warm_ctx w = { .e = e };

	for (size_t i = 0; i < e->conf->nolts; i++)
		if (store_detector_each(e->store, e->conf->olts[i].name, snap_collect, &w) < 0)
			log_warnx("engine: cannot read detector snapshots; replaying history");
	if (w.nsnap > 1)
		qsort(w.snap, w.nsnap, sizeof(*w.snap), snap_cmp);
	if (store_onts_each(e->store, NULL, warm_collect, &w) < 0)
		log_warnx("engine: cannot list ONTs; starting without history");
	for (size_t i = 0; i < w.n; i++) {
		struct warm_ont *o = &w.v[i];
		struct warm_snap key, *sn = NULL;
		int64_t to = o->last_seen + 1, from = to - WARM_HOURS * 3600;

		if (w.nsnap > 0 && strlen(o->serial) < sizeof(key.serial)) {
			strcpy(key.serial, o->serial);
			sn = bsearch(&key, w.snap, w.nsnap, sizeof(*w.snap), snap_cmp);
		}
		/* a snapshot older than the replay window would be slower than the window */
		if (sn != NULL && sn->det.last_time != DETECT_NONE && sn->det.last_time >= from &&
		    fleet_restore_ont(e->fleet, o->olt, o->port, o->ont, o->serial, &sn->det,
		                      &sn->fd, sn->last_seen) == 0) {
			from = sn->det.last_time + 1;
			w.restored++;
		}
		store_readings_each(e->store, o->serial, from, to, warm_one, &w);
		free(o->serial);
		free(o->olt);
		free(o->port);
	}
	free(w.v);
	free(w.snap);
	if (w.refused)
		log_info("engine: %zu detector snapshots from another build ignored", w.refused);
	if (w.readings || w.restored)
		log_info("engine: %zu ONTs continued from detector snapshots, %zu readings of %zu "
		         "ONTs replayed from the store",
		         w.restored, w.readings, w.n);
}

struct snap_ctx {
	const struct conf *conf;
	struct store *store;
	int64_t now;
	unsigned char *buf;
	size_t len, n;
};

static int snap_one(void *arg, const struct fleet_ont_view *v)
{
	struct snap_ctx *c = arg;
	struct store_detector d;

	if (v->serial[0] == '\0' || v->det->last_time == DETECT_NONE ||
	    conf_olt_find(c->conf, v->olt) == NULL)
		return 0;
	detect_snapshot_pack(v->det, v->fd, v->last_seen, c->buf);
	d = (struct store_detector){ v->serial, v->olt, v->port, v->ont, c->now, c->buf, c->len };
	if (store_detector_put(c->store, &d) < 0)
		return -1;
	c->n++;
	return 0;
}

int engine_snapshot(struct engine *e, int64_t now)
{
	struct snap_ctx c = { e->conf, e->store, now, NULL, detect_snapshot_size(), 0 };
	int rc;

	c.buf = xcalloc(1, c.len);
	if (store_begin(e->store) < 0) {
		free(c.buf);
		return -1;
	}
	rc = fleet_ont_each(e->fleet, snap_one, &c);
	if (rc == 0)
		rc = store_commit(e->store);
	else
		store_rollback(e->store);
	free(c.buf);
	if (rc < 0) {
		log_warnx("engine: detector snapshots not saved; a restart replays history");
		return -1;
	}
	log_debug("engine: detector state of %zu ONTs saved", c.n);
	return 0;
}

int engine_open(const struct conf *conf, struct store *st, struct output_set *outputs,
                struct engine **out)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	struct restore_ctx c = { e, 0, 0 };

	e->store = st;
	e->outputs = outputs;
	e->conf = conf;
	e->conflict_rl.interval = e->store_rl.interval = 300;
	e->fleet = fleet_new(threshold_builtin("gpon-b+"), on_event, e);
	e->care = aftercare_new(st, e->fleet, on_verdict, e);
	apply_conf(e);
	warm_up(e);
	if (store_orders_each(st, true, NULL, restore_one, &c) < 0) {
		log_warnx("engine: cannot read open orders from the store");
		engine_close(e);
		return -1;
	}
	if (c.restored || c.skipped)
		log_info("engine: continuing %zu open orders (%zu unreadable)", c.restored,
		         c.skipped);
	*out = e;
	return 0;
}

void engine_reconfigure(struct engine *e, const struct conf *conf, struct output_set *outputs)
{
	e->conf = conf;
	e->outputs = outputs;
	apply_conf(e);
}

void engine_feed(struct engine *e, const struct ont_reading *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fleet_feed(e->fleet, &r[i]);
	/* verdicts first: a reopened order is then continued by the detector, not opened anew */
	if (n > 0)
		aftercare_run(e->care, e->conf, r[0].olt, r[0].time, r[n - 1].time);
	/* a poll is a batch: decide now rather than at the next poll */
	fleet_flush(e->fleet);
}

void engine_set_outbox(struct engine *e, struct outbox *ob)
{
	e->outbox = ob;
}

void engine_orders_changed(struct engine *e)
{
	aftercare_rescan(e->care);
}

void engine_poll_readings(void *arg, const struct ont_reading *r, size_t n)
{
	engine_feed(arg, r, n);
}

void engine_sessions_check(void *arg, int64_t now)
{
	struct engine *e = arg;

	if (session_watch_check(e->store, e->fleet, e->conf, now) < 0)
		log_warnx_limited(&e->store_rl, time(NULL), "engine: session check skipped");
}

/* A held order as the store has it, copied out of the row. */
struct held_row {
	bool found, open;
	char *doc, *state, *problem_key, *olt, *owner, *silence;
	int64_t opened, updated;
};

static int take_held(void *arg, const struct store_order *so)
{
	struct held_row *r = arg;

	r->found = true;
	r->open = so->open;
	r->doc = xstrdup(so->doc ? so->doc : "");
	r->state = xstrdup(so->state ? so->state : "open");
	r->problem_key = xstrdup(so->problem_key ? so->problem_key : "");
	r->olt = so->olt ? xstrdup(so->olt) : NULL;
	r->owner = so->owner ? xstrdup(so->owner) : NULL;
	r->silence = so->silence ? xstrdup(so->silence) : NULL;
	r->opened = so->opened;
	r->updated = so->updated;
	return 0;
}

static void held_row_clear(struct held_row *r)
{
	free(r->doc);
	free(r->state);
	free(r->problem_key);
	free(r->olt);
	free(r->owner);
	free(r->silence);
}

/* The silence holding an order is over at `now`: deliver the order as opened now, with its
 * current document, unless another active silence covers it (then it moves there). */
static void release_one(struct engine *e, const char *id, int64_t now)
{
	struct held_row r = { 0 };
	struct order o = { 0 };
	struct holder h = { 0 };
	char *line = NULL, *doc = NULL, *enriched = NULL;
	const char *keep, *why = NULL;
	int rc;

	if (store_begin(e->store) < 0)
		return;
	rc = store_order_get(e->store, id, take_held, &r);
	/* another daemon or an earlier round may have released it meanwhile */
	if (rc != 0 || !r.open || r.silence == NULL) {
		store_commit(e->store);
		goto out;
	}
	if (order_json_parse(r.doc, &o) < 0) {
		store_rollback(e->store);
		log_warnx("silence %s: order %s: stored document unreadable, left held", r.silence,
		          id);
		goto out;
	}
	keep = strcmp(r.state, "open") == 0 ? NULL : r.state;
	/* moved to another silence: the stored document with the new mark; released: the
	 * order as it stands, enriched again below as it is delivered */
	if (holder_find(e, &o, now, &h) == 0 && h.found)
		doc = doc_silenced(r.doc, h.id, h.ends);
	else
		doc = order_json_order_in(&o, keep);
	struct store_order so = {
		.id = id,
		.problem_key = r.problem_key,
		.state = r.state,
		.open = true,
		.olt = r.olt,
		.owner = r.owner,
		.opened = r.opened,
		.updated = r.updated,
		.doc = doc,
	};
	rc = store_order_put(e->store, &so);
	if (rc == 0)
		rc = store_order_hold(e->store, id, h.found ? h.id : NULL, h.ends);
	if (rc == 0 && !h.found) {
		const struct order_event ev = { ORDER_EV_OPENED, now, &o };

		line = order_json_event_in(&ev, keep);
		if (dispatch_submit(e->conf, e->store, id, line, now, &enriched, &why) != 0)
			rc = -1;
		if (rc == 0 && why == NULL)
			rc = keep_enriched(e->store, &so, enriched);
	}
	if (rc != 0 || store_commit(e->store) < 0) {
		store_rollback(e->store);
		log_warnx_limited(&e->store_rl, time(NULL),
		                  "silence %s: order %s: not released (store failure); will retry",
		                  r.silence, id);
		goto out;
	}
	if (h.found) {
		log_info("silence %s: over; order %s still held by silence %s", r.silence, id,
		         h.id);
		goto out;
	}
	log_info("silence %s: over; releasing order %s", r.silence, id);
	output_set_emit(e->outputs, enriched ? enriched : line, strlen(enriched ? enriched : line));
	outbox_kick(e->outbox);
out:
	free(o.onts);
	free(line);
	free(doc);
	free(enriched);
	held_row_clear(&r);
}

struct release_ctx {
	struct engine *e;
	char **ids;
	size_t n;
};

static int release_collect(void *arg, const struct store_order *so)
{
	struct release_ctx *c = arg;

	if (so->olt == NULL || conf_olt_find(c->e->conf, so->olt) == NULL)
		return 0; /* another daemon's OLT: its daemon releases it */
	c->ids = xreallocarray(c->ids, c->n + 1, sizeof(*c->ids));
	c->ids[c->n++] = xstrdup(so->id);
	return 0;
}

static int earliest_end(void *arg, const struct store_silence *ss)
{
	int64_t *next = arg;

	if (ss->ends < *next)
		*next = ss->ends;
	return 0;
}

int engine_silences_check(struct engine *e, int64_t now, int64_t *next)
{
	struct release_ctx c = { e, NULL, 0 };
	int64_t when = now + SILENCE_RECHECK;
	int rc;

	rc = store_orders_release_due(e->store, now, release_collect, &c);
	for (size_t i = 0; i < c.n; i++) {
		release_one(e, c.ids[i], now);
		free(c.ids[i]);
	}
	free(c.ids);
	if (rc == 0)
		rc = store_silences_each(e->store, now, earliest_end, &when);
	if (rc < 0) {
		log_warnx_limited(&e->store_rl, time(NULL), "engine: silences not checked");
		return -1;
	}
	if (next != NULL)
		*next = when;
	return 0;
}

static void silence_tick(void *arg)
{
	struct engine *e = arg;
	int64_t now = (int64_t)loop_wall(e->loop), next = now + SILENCE_RECHECK;
	double delay;

	engine_silences_check(e, now, &next);
	delay = (double)(next - now);
	loop_timer_after(e->loop, &e->silence_timer,
	                 delay < 1                 ? 1
	                 : delay > SILENCE_RECHECK ? SILENCE_RECHECK
	                                           : delay);
}

void engine_silences_watch(struct engine *e, struct loop *loop)
{
	if (e->loop != NULL)
		loop_timer_stop(e->loop, &e->silence_timer);
	e->loop = loop;
	loop_timer_init(&e->silence_timer, silence_tick, e);
	/* at once: silences that ended while the daemon was down */
	loop_timer_after(loop, &e->silence_timer, 0);
}

int engine_ont_each(const struct engine *e, fleet_ont_cb cb, void *arg)
{
	return fleet_ont_each(e->fleet, cb, arg);
}

void engine_close(struct engine *e)
{
	if (e == NULL)
		return;
	if (e->loop != NULL)
		loop_timer_stop(e->loop, &e->silence_timer);
	aftercare_free(e->care);
	fleet_free(e->fleet);
	free(e);
}
