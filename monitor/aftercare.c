/* aftercare: one verify machine per completed order of our OLTs. An observation is the
 * detector's finding of each affected ONT read in this poll: an ONT that still (or again)
 * needs a repair, or is in LOS, is bad; ONTs without light levels in the poll (switched off,
 * not polled) do not count, and a poll without any usable ONT is no observation. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/aftercare.h"
#include "monitor/capture_evidence.h"
#include "monitor/closedloop.h"
#include "monitor/order_json.h"
#include "monitor/verify.h"

struct watch {
	char id[ORDER_ID_MAX];
	struct order o; /* the order as completed; o.onts owned */
	struct verify v;
	bool seen; /* still completed at the last scan */
};

struct aftercare {
	struct store *st;
	struct fleet *f;
	aftercare_done_fn done;
	void *arg;
	struct watch *w;
	size_t n, cap;
	int64_t last_scan; /* readings' clock; VERIFY_NONE before the first scan */
	bool rescan;
	struct log_ratelimit unreadable_rl; /* such an order is met again at every scan */
};

struct aftercare *aftercare_new(struct store *st, struct fleet *f, aftercare_done_fn done,
                                void *arg)
{
	struct aftercare *ac = xcalloc(1, sizeof(*ac));

	ac->st = st;
	ac->f = f;
	ac->done = done;
	ac->arg = arg;
	ac->last_scan = VERIFY_NONE;
	ac->unreadable_rl.interval = 3600;
	return ac;
}

void aftercare_free(struct aftercare *ac)
{
	if (ac == NULL)
		return;
	for (size_t i = 0; i < ac->n; i++)
		free(ac->w[i].o.onts);
	free(ac->w);
	free(ac);
}

void aftercare_rescan(struct aftercare *ac)
{
	ac->rescan = true;
}

size_t aftercare_watching(const struct aftercare *ac)
{
	return ac->n;
}

static struct watch *find(struct aftercare *ac, const char *id)
{
	for (size_t i = 0; i < ac->n; i++)
		if (strcmp(ac->w[i].id, id) == 0)
			return &ac->w[i];
	return NULL;
}

static void drop(struct aftercare *ac, size_t i)
{
	free(ac->w[i].o.onts);
	ac->w[i] = ac->w[--ac->n];
}

struct newly {
	char *id, *doc;
};

struct scan_ctx {
	struct aftercare *ac;
	const struct conf *conf;
	struct newly *v;
	size_t n, cap;
};

static int scan_one(void *arg, const struct store_order *so)
{
	struct scan_ctx *c = arg;
	struct watch *w;

	if (so->state == NULL || strcmp(so->state, "completed") != 0 || so->olt == NULL ||
	    so->doc == NULL || strlen(so->id) >= ORDER_ID_MAX ||
	    conf_olt_find(c->conf, so->olt) == NULL)
		return 0;
	if ((w = find(c->ac, so->id)) != NULL) {
		w->seen = true;
		return 0;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n].id = xstrdup(so->id);
	c->v[c->n].doc = xstrdup(so->doc);
	c->n++;
	return 0;
}

static int completed_event(void *arg, int64_t seq, int64_t time, const char *event, const char *doc)
{
	int64_t *at = arg;

	(void)seq;
	(void)doc;
	if (strcmp(event, "completed") == 0)
		*at = time;
	return 0;
}

static void watch_add(struct aftercare *ac, const char *id, const char *doc)
{
	int64_t at = VERIFY_NONE;
	struct watch *w;
	struct order o;

	if (order_json_parse(doc, &o) < 0) {
		log_warnx_limited(&ac->unreadable_rl, time(NULL),
		                  "aftercare: order %s: stored document unreadable, not verified",
		                  id);
		return;
	}
	/* the hold and grace count from the report, not from the order's last change */
	if (store_order_events_each(ac->st, id, completed_event, &at) < 0 || at == VERIFY_NONE)
		at = o.updated_at;
	if (ac->n == ac->cap) {
		ac->cap = ac->cap ? ac->cap * 2 : 16;
		ac->w = xreallocarray(ac->w, ac->cap, sizeof(*ac->w));
	}
	w = &ac->w[ac->n++];
	memset(w, 0, sizeof(*w));
	snprintf(w->id, sizeof(w->id), "%s", id);
	w->o = o;
	w->seen = true;
	verify_start(&w->v, at);
	log_info("aftercare: order %s completed; watching %zu ONT%s for verification", id, o.n_onts,
	         o.n_onts == 1 ? "" : "s");
}

/* Follow the store: start watching orders newly completed, stop watching those that no
 * longer are (cancelled, or reported in progress again). */
static void scan(struct aftercare *ac, const struct conf *conf)
{
	struct scan_ctx c = { ac, conf, NULL, 0, 0 };
	int rc;

	for (size_t i = 0; i < ac->n; i++)
		ac->w[i].seen = false;
	rc = store_orders_each(ac->st, true, NULL, scan_one, &c);
	for (size_t i = 0; i < c.n; i++) {
		if (rc == 0)
			watch_add(ac, c.v[i].id, c.v[i].doc);
		free(c.v[i].id);
		free(c.v[i].doc);
	}
	free(c.v);
	if (rc < 0) {
		log_warnx("aftercare: cannot read the open orders; trying again later");
		return;
	}
	for (size_t i = 0; i < ac->n;) {
		if (ac->w[i].seen) {
			i++;
			continue;
		}
		log_debug("aftercare: order %s is no longer completed", ac->w[i].id);
		drop(ac, i);
	}
}

/* The bad reading, for the reopened event's note. */
static void describe(char *buf, size_t len, const struct order_ont *t,
                     const struct detect_finding *fd, int64_t when, int64_t completed_at)
{
	char at[32];
	int n;

	order_json_time(when, at, sizeof(at));
	n = snprintf(buf, len, "not recovered %.1f h after completion: ONT %d on %s %s",
	             (double)(when - completed_at) / 3600, (int)t->ont, t->olt, t->port);
	if (n < 0 || (size_t)n >= len)
		return;
	if (t->serial[0])
		n += snprintf(buf + n, len - (size_t)n, " (%s)", t->serial);
	if ((size_t)n >= len)
		return;
	if (fd->status == ONT_STATUS_LOS)
		n += snprintf(buf + n, len - (size_t)n, " in LOS");
	else if (!isnan(fd->rx_dbm) && !isnan(fd->drop_db))
		n += snprintf(buf + n, len - (size_t)n, ": Rx %.1f dBm, %.1f dB below its baseline",
		              fd->rx_dbm, fd->drop_db);
	else if (!isnan(fd->rx_dbm))
		n += snprintf(buf + n, len - (size_t)n, ": Rx %.1f dBm", fd->rx_dbm);
	if ((size_t)n >= len)
		return;
	if (fd->cause != DETECT_CAUSE_NONE)
		n += snprintf(buf + n, len - (size_t)n, " (%s)", detect_cause_name(fd->cause));
	if ((size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " at %s", at);
}

static int take_doc(void *arg, const struct store_order *so)
{
	char **doc = arg;

	*doc = so->doc ? xstrdup(so->doc) : NULL;
	return 0;
}

/* Hand an order back to the detector when it had resolved it (levels had recovered for a
 * while): it continues the stored order instead of opening a new one. */
static void give_back(struct aftercare *ac, const char *id)
{
	char *doc = NULL;
	struct order o;

	if (store_order_get(ac->st, id, take_doc, &doc) == 0 && doc != NULL &&
	    order_json_parse(doc, &o) == 0) {
		if (fleet_restore_order(ac->f, &o) == 0)
			log_debug("aftercare: order %s continued by the detector", id);
		free(o.onts);
	}
	free(doc);
}

/* Light alone can look fine while the customer's sessions still break (a loose connector
 * at the ONT): where the capture probe watches the affected subscribers, a re-dial, drop
 * or DHCP re-initialisation after the repair's grace reopens the order, and quiet sessions
 * are said on the verdict. No capture data leaves the optical verdict as it is. */
static enum verify_state sessions_after_repair(struct aftercare *ac, const struct watch *w,
                                               int64_t to, enum verify_state s, char *note,
                                               size_t len)
{
	int64_t since = w->v.completed_at + AFTERCARE_GRACE_S;
	bool quiet = false;

	for (size_t i = 0; i < w->o.n_onts; i++) {
		const struct order_ont *t = &w->o.onts[i];
		enum capture_verdict cv;
		struct capture_evidence ev;
		char text[256];
		size_t used;

		if (capture_verify_quiet(ac->st, t->olt, t->port, t->ont, since, to, &cv) < 0)
			continue;
		if (cv == CAPTURE_QUIET)
			quiet = true;
		if (cv != CAPTURE_TROUBLE)
			continue;
		if (capture_evidence_get(ac->st, t->olt, t->port, t->ont, since, to, &ev) < 0 ||
		    capture_evidence_text(&ev, text, sizeof(text)) < 0)
			snprintf(text, sizeof(text), "session trouble");
		used = strlen(note);
		snprintf(note + used, len - used,
		         "; but sessions still break after the repair on ONT %d of %s %s: %s",
		         (int)t->ont, t->olt, t->port, text);
		return VERIFY_REOPENED;
	}
	if (quiet) {
		size_t used = strlen(note);

		snprintf(note + used, len - used, "; re-dials stopped");
	}
	return s;
}

static enum verify_state judge(struct aftercare *ac, struct watch *w, const struct verify_params *p,
                               int64_t from, int64_t to, char *note, size_t len)
{
	struct verify_obs obs = { .time = to, .valid = false, .recovered = true, .rx_dbm = NAN };
	enum verify_state s;
	size_t nbad = 0;
	char first[512] = "";

	for (size_t i = 0; i < w->o.n_onts; i++) {
		const struct order_ont *t = &w->o.onts[i];
		struct detect_finding fd;
		int64_t seen;

		if (fleet_ont_finding(ac->f, t->olt, t->port, t->ont, &fd, &seen) < 0 ||
		    seen == DETECT_NONE || seen < from || seen > to)
			continue;
		obs.valid = true;
		if (!fd.active && fd.status != ONT_STATUS_LOS)
			continue;
		obs.recovered = false;
		if (nbad++ == 0)
			describe(first, sizeof(first), t, &fd, to, w->v.completed_at);
		if (!isnan(fd.rx_dbm) && (isnan(obs.rx_dbm) || fd.rx_dbm < obs.rx_dbm))
			obs.rx_dbm = fd.rx_dbm;
	}
	/* the detector may have let the order go while it was completed (levels recovered
	 * for resolve_hold_hours): while its ONTs look bad again it holds the same order, or
	 * it would open a second one for the key this order still holds */
	if (obs.valid && !obs.recovered && !fleet_has_order(ac->f, w->o.key))
		give_back(ac, w->id);
	s = verify_feed(&w->v, p, &obs);
	if (s == VERIFY_REOPENED) {
		if (nbad > 1)
			snprintf(note, len, "%s; %zu more ONTs not recovered", first, nbad - 1);
		else
			snprintf(note, len, "%s", first);
	} else if (s == VERIFY_VERIFIED) {
		char since[32];

		order_json_time(w->v.recovered_since, since, sizeof(since));
		snprintf(note, len, "levels recovered at %s and held %.1f h", since,
		         (double)(to - w->v.recovered_since) / 3600);
		s = sessions_after_repair(ac, w, to, s, note, len);
	}
	return s;
}

static void decide(struct aftercare *ac, const struct watch *w, bool verified, const char *note,
                   int64_t now)
{
	const char *why = "unknown";
	int rc = closedloop_verdict(ac->st, w->id, verified, note, now, &why);

	if (rc != 0) {
		log_warnx("aftercare: order %s: %s not recorded: %s", w->id,
		          verified ? "verified" : "reopened", why);
		return;
	}
	log_info("aftercare: order %s %s: %s", w->id, verified ? "verified" : "reopened", note);
	if (!verified)
		give_back(ac, w->id);
	if (ac->done != NULL)
		ac->done(ac->arg, w->id);
}

void aftercare_run(struct aftercare *ac, const struct conf *conf, const char *olt, int64_t from,
                   int64_t to)
{
	struct verify_params p = { .hold_s = conf->dispatch.verify_hold_hours * 3600,
		                   .grace_s = AFTERCARE_GRACE_S };

	if (ac->rescan || ac->last_scan == VERIFY_NONE ||
	    llabs(to - ac->last_scan) >= AFTERCARE_SCAN_S) {
		scan(ac, conf);
		ac->last_scan = to;
		ac->rescan = false;
	}
	for (size_t i = 0; i < ac->n;) {
		struct watch *w = &ac->w[i];
		char note[CLOSEDLOOP_NOTE_MAX];
		enum verify_state s;

		if (strcmp(w->o.olt, olt) != 0) {
			i++;
			continue;
		}
		s = judge(ac, w, &p, from, to, note, sizeof(note));
		if (s == VERIFY_WATCHING) {
			i++;
			continue;
		}
		/* a verdict that could not be stored is tried afresh after the next scan */
		decide(ac, w, s == VERIFY_VERIFIED, note, to);
		drop(ac, i);
	}
}
