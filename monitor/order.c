/* order: the lifecycle of work orders in a small chained hash keyed by problem key.
 * Entries are pending (waiting out the correlation hold) or open. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/order.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	enum order_scope v;
	const char *name;
} scope_names[] = {
	{ ORDER_SCOPE_ONT, "ont" },
	{ ORDER_SCOPE_SPLITTER, "splitter" },
	{ ORDER_SCOPE_PON, "pon" },
};

static const struct {
	enum order_event_type v;
	const char *name;
} event_names[] = {
	{ ORDER_EV_OPENED, "opened" },
	{ ORDER_EV_UPDATED, "updated" },
	{ ORDER_EV_ESCALATED, "escalated" },
	{ ORDER_EV_RESOLVED, "resolved" },
};

struct entry {
	struct entry *next;
	int64_t active_since; /* pending: when the problem became active */
	int64_t clear_since;  /* open: when it stopped being active, DETECT_NONE while active */
	bool open;
	struct order o;
};

struct order_book {
	struct entry **slot;
	size_t nslots;
	size_t n;
	size_t nopen;
	order_emit_fn emit;
	void *arg;
};

const char *order_scope_name(enum order_scope s)
{
	for (size_t i = 0; i < NELEM(scope_names); i++)
		if (scope_names[i].v == s)
			return scope_names[i].name;
	return "ont";
}

int order_scope_parse(const char *name, enum order_scope *out)
{
	for (size_t i = 0; i < NELEM(scope_names); i++)
		if (strcmp(scope_names[i].name, name) == 0) {
			*out = scope_names[i].v;
			return 0;
		}
	return -1;
}

const char *order_event_name(enum order_event_type t)
{
	for (size_t i = 0; i < NELEM(event_names); i++)
		if (event_names[i].v == t)
			return event_names[i].name;
	return "updated";
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

static uint64_t key_hash(const char *key)
{
	return fnv(1469598103934665603ULL, key, strlen(key));
}

void order_make_id(const char *key, int64_t opened_at, char id[ORDER_ID_MAX])
{
	char t[32];
	int n = snprintf(t, sizeof(t), "@%" PRId64, opened_at);
	uint64_t h = fnv(key_hash(key), t, (size_t)n);

	snprintf(id, ORDER_ID_MAX, "ow-%016" PRIx64, h);
}

struct order_book *order_book_new(order_emit_fn emit, void *arg)
{
	struct order_book *b = xcalloc(1, sizeof(*b));

	b->nslots = 256;
	b->slot = xcalloc(b->nslots, sizeof(*b->slot));
	b->emit = emit;
	b->arg = arg;
	return b;
}

static void entry_free(struct entry *e)
{
	if (e == NULL)
		return;
	free(e->o.onts);
	free(e);
}

void order_book_free(struct order_book *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; b->slot && i < b->nslots; i++)
		for (struct entry *e = b->slot[i], *nx; e; e = nx) {
			nx = e->next;
			entry_free(e);
		}
	free(b->slot);
	free(b);
}

static struct entry **lookup(const struct order_book *b, const char *key)
{
	struct entry **pp = &b->slot[key_hash(key) & (b->nslots - 1)];

	for (; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->o.key, key) == 0)
			return pp;
	return pp;
}

static void grow(struct order_book *b)
{
	size_t nn = b->nslots * 2;
	struct entry **ns = xcalloc(nn, sizeof(*ns));

	for (size_t i = 0; i < b->nslots; i++)
		for (struct entry *e = b->slot[i], *nx; e; e = nx) {
			nx = e->next;
			size_t h = key_hash(e->o.key) & (nn - 1);
			e->next = ns[h];
			ns[h] = e;
		}
	free(b->slot);
	b->slot = ns;
	b->nslots = nn;
}

static struct entry *insert(struct order_book *b, const char *key)
{
	if (b->n + 1 > b->nslots)
		grow(b);
	struct entry **pp = lookup(b, key);
	struct entry *e = xcalloc(1, sizeof(*e));

	snprintf(e->o.key, sizeof(e->o.key), "%s", key);
	e->clear_since = DETECT_NONE;
	e->o.resolved_at = DETECT_NONE;
	*pp = e;
	b->n++;
	return e;
}

static void unlink_entry(struct order_book *b, struct entry **pp)
{
	struct entry *e = *pp;

	*pp = e->next;
	b->n--;
	if (e->open)
		b->nopen--;
	entry_free(e);
}

bool order_book_has(const struct order_book *b, const char *key)
{
	return *lookup(b, key) != NULL;
}

const struct order *order_book_find(const struct order_book *b, const char *key)
{
	struct entry *e = *lookup(b, key);

	return e && e->open ? &e->o : NULL;
}

size_t order_book_count(const struct order_book *b)
{
	return b->nopen;
}

static double worst_rx(const struct order_problem *pr)
{
	double w = NAN;

	for (size_t i = 0; i < pr->n_onts; i++)
		if (!isnan(pr->onts[i].rx_dbm) && (isnan(w) || pr->onts[i].rx_dbm < w))
			w = pr->onts[i].rx_dbm;
	return w;
}

static void make_summary(struct order *o)
{
	const struct order_ont *t = o->n_onts ? &o->onts[0] : NULL;
	const char *what = detect_cause_name(o->cause);
	char lvl[96] = "";

	if (t && !isnan(t->rx_dbm) && !isnan(t->drop_db))
		snprintf(lvl, sizeof(lvl), ": Rx %.1f dBm, %.1f dB below its baseline", t->rx_dbm,
		         t->drop_db);
	else if (t && !isnan(t->rx_dbm))
		snprintf(lvl, sizeof(lvl), ": Rx %.1f dBm", t->rx_dbm);
	switch (o->scope) {
	case ORDER_SCOPE_ONT:
		snprintf(o->summary, sizeof(o->summary), "%s on %s %s ONT %d (%s)%s", what, o->olt,
		         o->port, t ? t->ont : -1, t && t->serial[0] ? t->serial : "no serial",
		         lvl);
		break;
	case ORDER_SCOPE_SPLITTER:
		snprintf(o->summary, sizeof(o->summary),
		         "%s at splitter %s on %s %s: %zu ONTs down %.1f dB together", what,
		         o->splitter, o->olt, o->port, o->n_onts, o->ev.median_drop_db);
		break;
	case ORDER_SCOPE_PON:
		snprintf(o->summary, sizeof(o->summary),
		         "%s on PON %s %s: %zu of %d ONTs down %.1f dB together", what, o->olt,
		         o->port, o->n_onts, o->ev.members, o->ev.median_drop_db);
		break;
	}
}

/* The order takes the problem's current picture; its severity is the worst seen while open
 * (a problem easing for a while is not news, it getting worse again would be). */
static void take(struct order *o, const struct order_problem *pr)
{
	enum detect_severity peak = o->severity > pr->severity ? o->severity : pr->severity;

	o->scope = pr->scope;
	snprintf(o->olt, sizeof(o->olt), "%s", pr->olt);
	snprintf(o->port, sizeof(o->port), "%s", pr->port);
	snprintf(o->splitter, sizeof(o->splitter), "%s", pr->splitter);
	o->cause = pr->cause;
	o->severity = peak;
	o->predicted = pr->predicted;
	o->ev = pr->ev;
	free(o->onts);
	o->n_onts = pr->n_onts;
	o->onts = pr->n_onts ? xreallocarray(NULL, pr->n_onts, sizeof(*o->onts)) : NULL;
	if (pr->n_onts)
		memcpy(o->onts, pr->onts, pr->n_onts * sizeof(*o->onts));
	o->worst_rx = worst_rx(pr);
	make_summary(o);
}

static void emit(struct order_book *b, struct entry *e, enum order_event_type t, int64_t now)
{
	struct order_event ev = { t, now, &e->o };

	e->o.updated_at = now;
	e->o.seq++;
	if (b->emit)
		b->emit(&ev, b->arg);
}

static bool same_onts(const struct order *o, const struct order_problem *pr)
{
	if (o->n_onts != pr->n_onts)
		return false;
	for (size_t i = 0; i < pr->n_onts; i++)
		if (o->onts[i].ont != pr->onts[i].ont ||
		    strcmp(o->onts[i].port, pr->onts[i].port) ||
		    strcmp(o->onts[i].olt, pr->onts[i].olt))
			return false;
	return true;
}

/* Plain drift is reported at most every update_min_hours; new ONTs or a new cause at once;
 * a higher severity is an escalation (severity never falls while the order is open). */
static void refresh(struct order_book *b, struct entry *e, const struct order_problem *pr,
                    const struct threshold_profile *p, int64_t now)
{
	struct order *o = &e->o;
	double w = worst_rx(pr);
	bool drift = false, changed = false;

	if (pr->severity > o->severity) {
		take(o, pr);
		emit(b, e, ORDER_EV_ESCALATED, now);
		return;
	}
	changed = pr->cause != o->cause || !same_onts(o, pr);
	if (!isnan(w) && (isnan(o->worst_rx) || w <= o->worst_rx - 1.0))
		drift = true;
	if ((pr->predicted == DETECT_NONE) != (o->predicted == DETECT_NONE) ||
	    (pr->predicted != DETECT_NONE && o->predicted != DETECT_NONE &&
	     llabs(pr->predicted - o->predicted) >= 24 * 3600))
		drift = true;
	if (changed || (drift && now - o->updated_at >= (int64_t)(p->update_min_hours * 3600))) {
		take(o, pr);
		emit(b, e, ORDER_EV_UPDATED, now);
	}
}

void order_book_observe(struct order_book *b, const char *key, const struct order_problem *pr,
                        const struct threshold_profile *p, int64_t now)
{
	struct entry **pp = lookup(b, key);
	struct entry *e = *pp;

	if (pr == NULL) {
		if (e == NULL)
			return;
		if (!e->open) {
			unlink_entry(b, pp);
			return;
		}
		if (e->clear_since == DETECT_NONE)
			e->clear_since = now;
		/* an intermittent fault must stay away for a whole instability window */
		double hold = p->resolve_hold_hours;
		if ((e->o.cause == DETECT_CAUSE_UNSTABLE_LINK ||
		     e->o.cause == DETECT_CAUSE_FIBER_BREAK) &&
		    p->unstable_window_hours > hold)
			hold = p->unstable_window_hours;
		if (now - e->clear_since >= (int64_t)(hold * 3600))
			order_book_close(b, key, "recovered", now);
		return;
	}
	if (e == NULL) {
		e = insert(b, key);
		e->active_since = now;
	}
	if (e->open) {
		e->clear_since = DETECT_NONE;
		refresh(b, e, pr, p, now);
		return;
	}
	/* the hold gives the correlator time; the nearer the impact the shorter it is */
	double hold = pr->severity >= DETECT_SEV_CRITICAL ? 0
	              : pr->severity == DETECT_SEV_MAJOR  ? p->open_hold_hours / 4
	                                                  : p->open_hold_hours;
	if (now - e->active_since < (int64_t)(hold * 3600))
		return;
	e->open = true;
	b->nopen++;
	e->o.opened_at = now;
	order_make_id(key, now, e->o.id);
	take(&e->o, pr);
	emit(b, e, ORDER_EV_OPENED, now);
}

void order_book_close(struct order_book *b, const char *key, const char *resolution, int64_t now)
{
	struct entry **pp = lookup(b, key);
	struct entry *e = *pp;

	if (e == NULL)
		return;
	if (e->open) {
		e->o.resolved_at = now;
		snprintf(e->o.resolution, sizeof(e->o.resolution), "%s", resolution);
		emit(b, e, ORDER_EV_RESOLVED, now);
	}
	unlink_entry(b, pp);
}

int order_book_restore(struct order_book *b, const struct order *o)
{
	if (order_book_has(b, o->key))
		return -1;
	struct entry *e = insert(b, o->key);
	e->o = *o;
	e->o.onts = NULL;
	if (o->n_onts) {
		e->o.onts = xreallocarray(NULL, o->n_onts, sizeof(*o->onts));
		memcpy(e->o.onts, o->onts, o->n_onts * sizeof(*o->onts));
	}
	e->o.resolved_at = DETECT_NONE;
	e->o.resolution[0] = '\0';
	e->open = true;
	e->active_since = o->opened_at;
	b->nopen++;
	return 0;
}
