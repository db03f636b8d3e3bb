/* whatif: both replays read the same readings, loaded once per ONT (a compact copy, capped)
 * and merged in time order across ONTs, so the two sides differ only by their thresholds. */
#include "config.h"

#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/conf_opt.h"
#include "monitor/fleet.h"
#include "monitor/fleet_conf.h"
#include "monitor/order_json.h"
#include "monitor/whatif.h"

/* The profile the daemon gives ONTs that no OLT or override places (monitor/engine.c). */
#define DEFAULT_CLASS "gpon-b+"

#define NCAUSE   (DETECT_CAUSE_SESSION_INSTABILITY + 1)
#define TIME_MAX 253402300799 /* 9999-12-31T23:59:59Z, the last time the contract can write */
#define NSEV     (DETECT_SEV_CRITICAL + 1)

static void errf(char err[WHATIF_ERR_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void errf(char err[WHATIF_ERR_MAX], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, WHATIF_ERR_MAX, fmt, ap);
	va_end(ap);
}

/* --- the candidate profile ------------------------------------------------------------ */

static void patch(struct threshold_profile *p, const struct whatif_profile *wp)
{
	for (size_t i = 0; i < wp->nset; i++) {
		char *field = (char *)p + wp->set[i].opt->offset;

		if (wp->set[i].opt->type == COPT_INT)
			*(int *)(void *)field = (int)wp->set[i].value;
		else
			*(double *)(void *)field = wp->set[i].value;
	}
}

/* The configuration as the candidate side sees it: the same OLTs and overrides, pointing at
 * patched copies of their profiles (or at none, when a base profile applies everywhere). */
struct view {
	struct threshold_profile def;
	struct threshold_profile *profiles; /* patched copies of conf->profiles */
	struct conf conf;                   /* shallow copy; olts and overrides replaced */
	struct conf_olt *olts;
	struct conf_override *overrides;
};

static void view_free(struct view *v)
{
	free(v->profiles);
	free(v->olts);
	free(v->overrides);
	memset(v, 0, sizeof(*v));
}

static const struct threshold_profile *mapped(const struct view *v, const struct conf *conf,
                                              const struct threshold_profile *p, bool *used)
{
	if (p == NULL)
		return NULL;
	size_t i = (size_t)(p - conf->profiles);
	used[i] = true;
	return &v->profiles[i];
}

static int view_check(const struct threshold_profile *p, char err[WHATIF_ERR_MAX])
{
	const char *why;

	if (threshold_validate(p, &why) < 0) {
		errf(err, "profile: profile \"%s\" with these settings: %s", p->name, why);
		return -1;
	}
	return 0;
}

static int view_build(const struct conf *conf, const struct whatif_profile *wp, struct view *v,
                      char err[WHATIF_ERR_MAX])
{
	bool *used = NULL;

	memset(v, 0, sizeof(*v));
	v->conf = *conf;
	v->olts = xcalloc(conf->nolts ? conf->nolts : 1, sizeof(*v->olts));
	v->overrides = xcalloc(conf->noverrides ? conf->noverrides : 1, sizeof(*v->overrides));
	if (conf->nolts > 0)
		memcpy(v->olts, conf->olts, conf->nolts * sizeof(*v->olts));
	if (conf->noverrides > 0)
		memcpy(v->overrides, conf->overrides, conf->noverrides * sizeof(*v->overrides));
	v->conf.olts = v->olts;
	v->conf.overrides = v->overrides;
	if (wp->base[0] != '\0') {
		const struct threshold_profile *base = conf_profile(conf, wp->base);

		if (base == NULL) {
			errf(err, "profile.base: unknown threshold profile \"%s\"", wp->base);
			goto fail;
		}
		v->def = *base;
		patch(&v->def, wp);
		for (size_t i = 0; i < conf->nolts; i++)
			v->olts[i].profile = NULL;
		v->conf.noverrides = 0;
		if (view_check(&v->def, err) < 0)
			goto fail;
		return 0;
	}
	v->def = *threshold_builtin(DEFAULT_CLASS);
	patch(&v->def, wp);
	if (view_check(&v->def, err) < 0)
		goto fail;
	v->profiles = xcalloc(conf->nprofiles ? conf->nprofiles : 1, sizeof(*v->profiles));
	used = xcalloc(conf->nprofiles ? conf->nprofiles : 1, sizeof(*used));
	for (size_t i = 0; i < conf->nprofiles; i++) {
		v->profiles[i] = conf->profiles[i];
		patch(&v->profiles[i], wp);
	}
	for (size_t i = 0; i < conf->nolts; i++)
		v->olts[i].profile = mapped(v, conf, conf->olts[i].profile, used);
	for (size_t i = 0; i < conf->noverrides; i++)
		v->overrides[i].profile = mapped(v, conf, conf->overrides[i].profile, used);
	for (size_t i = 0; i < conf->nprofiles; i++)
		if (used[i] && view_check(&v->profiles[i], err) < 0)
			goto fail;
	free(used);
	return 0;
fail:
	free(used);
	view_free(v);
	return -1;
}

/* --- the request ---------------------------------------------------------------------- */

static int parse_string(const json_t *body, const char *name, char *buf, size_t len,
                        char err[WHATIF_ERR_MAX])
{
	const json_t *v = json_object_get(body, name);
	const char *s;

	buf[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	s = json_string_value(v);
	if (s == NULL || s[0] == '\0' || strlen(s) >= len) {
		errf(err, "%s: expected a non-empty string of at most %zu bytes", name, len - 1);
		return -1;
	}
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static int parse_time(const json_t *body, const char *name, int64_t def, int64_t *out,
                      char err[WHATIF_ERR_MAX])
{
	const json_t *v = json_object_get(body, name);

	if (v == NULL || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= TIME_MAX) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && order_json_parse_time(json_string_value(v), out) == 0)
		return 0;
	errf(err, "%s: expected a time \"YYYY-MM-DDTHH:MM:SSZ\" or Unix seconds", name);
	return -1;
}

static int cmp_serial(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int parse_serials(const json_t *body, struct whatif_request *req, char err[WHATIF_ERR_MAX])
{
	const json_t *v = json_object_get(body, "serials"), *s;
	size_t i, n = 0;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > WHATIF_SERIALS_MAX) {
		errf(err, "serials: expected an array of 1 to %d serials", WHATIF_SERIALS_MAX);
		return -1;
	}
	req->serials = xcalloc(json_array_size(v), sizeof(*req->serials));
	json_array_foreach(v, i, s)
	{
		const char *t = json_string_value(s);

		if (t == NULL || t[0] == '\0' || strlen(t) >= ONT_SERIAL_MAX) {
			errf(err, "serials[%zu]: expected a serial (a string of 1 to %d bytes)", i,
			     ONT_SERIAL_MAX - 1);
			return -1;
		}
		memcpy(req->serials[n++], t, strlen(t) + 1);
	}
	qsort(req->serials, n, sizeof(*req->serials), cmp_serial);
	req->nserials = 0;
	for (i = 0; i < n; i++) /* the same serial twice is one ONT */
		if (req->nserials == 0 || strcmp(req->serials[req->nserials - 1], req->serials[i]))
			memmove(req->serials[req->nserials++], req->serials[i], ONT_SERIAL_MAX);
	return 0;
}

static int parse_setting(const char *key, const json_t *v, struct whatif_profile *wp,
                         char err[WHATIF_ERR_MAX])
{
	const struct conf_opt *opt = conf_threshold_opt(key);
	double x;

	if (opt == NULL) {
		errf(err, "profile.%.60s: unknown threshold setting", key);
		return -1;
	}
	if (opt->type == COPT_INT ? !json_is_integer(v) : !json_is_number(v)) {
		errf(err, "profile.%s: expected %s", key,
		     opt->type == COPT_INT ? "an integer" : "a number");
		return -1;
	}
	x = json_number_value(v);
	if (opt->min < opt->max && (x < opt->min || x > opt->max)) {
		errf(err, "profile.%s: %g is out of range [%g, %g]", key, x, opt->min, opt->max);
		return -1;
	}
	if (wp->nset == WHATIF_SETTINGS_MAX) {
		errf(err, "profile: more than %d settings", WHATIF_SETTINGS_MAX);
		return -1;
	}
	wp->set[wp->nset].opt = opt;
	wp->set[wp->nset].value = x;
	wp->nset++;
	return 0;
}

static int parse_profile(const json_t *body, const struct conf *conf, struct whatif_profile *wp,
                         char err[WHATIF_ERR_MAX])
{
	const json_t *p = json_object_get(body, "profile"), *v;
	const char *key;
	struct view view;

	if (!json_is_object(p)) {
		errf(err, "profile: expected an object (\"base\" and threshold settings)");
		return -1;
	}
	json_object_foreach((json_t *)p, key, v)
	{
		if (strcmp(key, "base") == 0) {
			if (parse_string(p, "base", wp->base, sizeof(wp->base), err) < 0) {
				errf(err, "profile.base: expected a profile name");
				return -1;
			}
			continue;
		}
		if (parse_setting(key, v, wp, err) < 0)
			return -1;
	}
	if (view_build(conf, wp, &view, err) < 0)
		return -1;
	view_free(&view);
	return 0;
}

int whatif_request_parse(const json_t *body, const struct conf *conf, int64_t now,
                         struct whatif_request *req, char err[WHATIF_ERR_MAX])
{
	static const char *const members[] = { "olt", "port", "serials", "from", "to", "profile" };
	struct whatif_request r;
	const char *key;
	json_t *v;

	memset(&r, 0, sizeof(r));
	r.max_readings = WHATIF_MAX_READINGS;
	if (!json_is_object(body)) {
		errf(err, "the body must be a JSON object");
		return WHATIF_INVALID;
	}
	json_object_foreach((json_t *)body, key, v)
	{
		size_t i = 0;

		while (i < sizeof(members) / sizeof(members[0]) && strcmp(members[i], key) != 0)
			i++;
		if (i == sizeof(members) / sizeof(members[0])) {
			errf(err, "unknown member \"%.60s\"", key);
			return WHATIF_INVALID;
		}
	}
	if (parse_string(body, "olt", r.olt, sizeof(r.olt), err) < 0 ||
	    parse_string(body, "port", r.port, sizeof(r.port), err) < 0)
		return WHATIF_INVALID;
	if (r.port[0] != '\0' && r.olt[0] == '\0') {
		errf(err, "port: needs olt (port names are per OLT)");
		return WHATIF_INVALID;
	}
	if (parse_time(body, "to", now, &r.to, err) < 0 ||
	    parse_time(body, "from", r.to - WHATIF_RANGE_DEFAULT, &r.from, err) < 0)
		return WHATIF_INVALID;
	if (r.from >= r.to) {
		errf(err, "from must be before to");
		return WHATIF_INVALID;
	}
	if (parse_profile(body, conf, &r.profile, err) < 0 || parse_serials(body, &r, err) < 0) {
		whatif_request_free(&r);
		return WHATIF_INVALID;
	}
	*req = r;
	return 0;
}

void whatif_request_free(struct whatif_request *req)
{
	free(req->serials);
	req->serials = NULL;
	req->nserials = 0;
}

/* --- the selection -------------------------------------------------------------------- */

struct ont_sel {
	char serial[ONT_SERIAL_MAX];
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	int32_t ont;
};

struct select_ctx {
	const struct whatif_request *req;
	bool *seen; /* per requested serial: in the inventory at all */
	bool olt_seen, port_seen;
	struct ont_sel *v; /* NULL: count only */
	size_t n, cap;
};

static int select_one(void *arg, const struct store_ont *o)
{
	struct select_ctx *c = arg;
	const struct whatif_request *req = c->req;

	if (o->serial == NULL || strlen(o->serial) >= ONT_SERIAL_MAX)
		return 0; /* its history is read by serial */
	if (req->nserials > 0) {
		const char(*hit)[ONT_SERIAL_MAX] = bsearch(o->serial, req->serials, req->nserials,
		                                           sizeof(*req->serials), cmp_serial);

		if (hit == NULL)
			return 0;
		c->seen[hit - req->serials] = true;
	}
	if (req->olt[0] != '\0') {
		if (strcmp(o->olt, req->olt) != 0)
			return 0;
		c->olt_seen = true;
		if (req->port[0] != '\0') {
			if (strcmp(o->port, req->port) != 0)
				return 0;
			c->port_seen = true;
		}
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	struct ont_sel *s = &c->v[c->n++];
	snprintf(s->serial, sizeof(s->serial), "%s", o->serial);
	snprintf(s->olt, sizeof(s->olt), "%s", o->olt);
	snprintf(s->port, sizeof(s->port), "%s", o->port);
	s->ont = o->ont;
	return 0;
}

/* The selected ONTs in *sel (caller frees), or WHATIF_NOT_FOUND / WHATIF_STORE. */
static int select_onts(struct store *st, const struct whatif_request *req, struct select_ctx *c,
                       char err[WHATIF_ERR_MAX])
{
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->req = req;
	c->seen = xcalloc(req->nserials ? req->nserials : 1, sizeof(*c->seen));
	/* with serials, walk every OLT: a serial elsewhere is known, just not selected */
	if (store_onts_each(st, req->nserials == 0 && req->olt[0] ? req->olt : NULL, select_one,
	                    c) < 0) {
		errf(err, "the store could not list ONTs");
		rc = WHATIF_STORE;
		goto out;
	}
	for (size_t i = 0; i < req->nserials; i++)
		if (!c->seen[i]) {
			errf(err, "unknown ONT %s", req->serials[i]);
			rc = WHATIF_NOT_FOUND;
			goto out;
		}
	if (req->nserials == 0 && req->olt[0] != '\0' && !c->olt_seen) {
		errf(err, "no ONT known on OLT %s", req->olt);
		rc = WHATIF_NOT_FOUND;
	} else if (req->nserials == 0 && req->port[0] != '\0' && !c->port_seen) {
		errf(err, "no ONT known on OLT %s port %s", req->olt, req->port);
		rc = WHATIF_NOT_FOUND;
	}
out:
	free(c->seen);
	c->seen = NULL;
	if (rc != 0) {
		free(c->v);
		c->v = NULL;
	}
	return rc;
}

int whatif_check(struct store *st, const struct whatif_request *req, char err[WHATIF_ERR_MAX])
{
	struct select_ctx c;
	int rc = select_onts(st, req, &c, err);

	free(c.v);
	return rc;
}

/* --- loading and merging -------------------------------------------------------------- */

/* A stored reading without its ONT's names (kept once per ONT). */
struct compact {
	int64_t time;
	double rx, tx, olt_rx, bias, temp, volt;
	int32_t distance;
	uint8_t status;
};

struct ont_hist {
	const struct ont_sel *who;
	struct compact *v;
	size_t n, cap, pos;
};

struct load_ctx {
	struct ont_hist *h;
	size_t total, max;
	bool too_big;
};

static int load_one(void *arg, const struct ont_reading *r)
{
	struct load_ctx *c = arg;
	struct ont_hist *h = c->h;

	if (c->total >= c->max) {
		c->too_big = true;
		return 1;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	h->v[h->n++] =
	    (struct compact){ r->time,   r->rx_dbm,    r->tx_dbm,     r->olt_rx_dbm,     r->bias_ma,
		              r->temp_c, r->voltage_v, r->distance_m, (uint8_t)r->status };
	c->total++;
	return 0;
}

static void expand(const struct ont_hist *h, struct ont_reading *r)
{
	const struct compact *c = &h->v[h->pos];

	ont_reading_clear(r, c->time);
	memcpy(r->olt, h->who->olt, sizeof(r->olt));
	memcpy(r->port, h->who->port, sizeof(r->port));
	memcpy(r->serial, h->who->serial, sizeof(r->serial));
	r->ont = h->who->ont;
	r->status = (enum ont_status)c->status;
	r->rx_dbm = c->rx;
	r->tx_dbm = c->tx;
	r->olt_rx_dbm = c->olt_rx;
	r->bias_ma = c->bias;
	r->temp_c = c->temp;
	r->voltage_v = c->volt;
	r->distance_m = c->distance;
}

/* A min-heap of ONT histories by their next reading's time (then ONT order, so equal
 * times come in the same order on every run). */
static bool before(const struct ont_hist *hs, size_t a, size_t b)
{
	int64_t ta = hs[a].v[hs[a].pos].time, tb = hs[b].v[hs[b].pos].time;

	return ta < tb || (ta == tb && a < b);
}

static void sift_down(const struct ont_hist *hs, size_t *heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;

		if (l < n && before(hs, heap[l], heap[m]))
			m = l;
		if (l + 1 < n && before(hs, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			return;
		size_t t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/* --- collecting orders ---------------------------------------------------------------- */

struct open_ref {
	char key[ORDER_KEY_MAX];
	size_t idx;
};

struct side_ctx {
	struct whatif_order *v; /* every order opened */
	size_t n, cap;
	void *open;    /* tsearch tree of struct open_ref: the open order of each key */
	void *serials; /* tsearch tree of serial strings named by any order */
	size_t nserials;
};

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct open_ref *)a)->key, ((const struct open_ref *)b)->key);
}

static void add_serials(struct side_ctx *s, struct whatif_order *w, const struct order *o)
{
	for (size_t i = 0; i < o->n_onts; i++) {
		const char *serial = o->onts[i].serial;
		size_t j = 0;

		if (serial[0] == '\0')
			continue;
		while (j < w->nserials && strcmp(w->serials[j], serial) != 0)
			j++;
		if (j < w->nserials)
			continue;
		w->serials = xreallocarray(w->serials, w->nserials + 1, sizeof(*w->serials));
		snprintf(w->serials[w->nserials++], ONT_SERIAL_MAX, "%s", serial);
		if (tfind(serial, &s->serials, cmp_serial) == NULL) {
			if (tsearch(xstrdup(serial), &s->serials, cmp_serial) == NULL)
				abort();
			s->nserials++;
		}
	}
}

static void on_event(const struct order_event *ev, void *arg)
{
	struct side_ctx *s = arg;
	const struct order *o = ev->order;
	struct open_ref probe, **found;
	struct whatif_order *w;

	snprintf(probe.key, sizeof(probe.key), "%s", o->key);
	found = tfind(&probe, &s->open, cmp_ref);
	if (ev->type == ORDER_EV_OPENED || found == NULL) {
		struct open_ref *ref;

		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
		}
		w = &s->v[s->n];
		memset(w, 0, sizeof(*w));
		memcpy(w->key, probe.key, sizeof(w->key));
		w->scope = o->scope;
		w->cause = o->cause;
		w->opened_at = ev->time;
		w->resolved_at = DETECT_NONE;
		w->predicted = o->predicted;
		if (found == NULL) {
			ref = xmalloc(sizeof(*ref));
			*ref = probe;
			if (tsearch(ref, &s->open, cmp_ref) == NULL)
				abort();
		} else {
			ref = *found;
		}
		ref->idx = s->n++;
	} else {
		w = &s->v[(*found)->idx];
	}
	if (o->severity > w->severity)
		w->severity = o->severity;
	add_serials(s, w, o);
	if (ev->type == ORDER_EV_RESOLVED) {
		struct open_ref *ref = *(struct open_ref **)tfind(&probe, &s->open, cmp_ref);

		w->resolved_at = ev->time;
		tdelete(&probe, &s->open, cmp_ref);
		free(ref);
	}
}

static void side_finish(struct side_ctx *s, struct whatif_side *out)
{
	memset(out, 0, sizeof(*out));
	out->orders = s->n;
	out->onts_ordered = s->nserials;
	for (size_t i = 0; i < s->n; i++) {
		if ((size_t)s->v[i].cause < NCAUSE)
			out->by_cause[s->v[i].cause]++;
		if ((size_t)s->v[i].severity < NSEV)
			out->by_severity[s->v[i].severity]++;
		if (i >= WHATIF_LIST_MAX)
			free(s->v[i].serials);
	}
	out->nlist = s->n < WHATIF_LIST_MAX ? s->n : WHATIF_LIST_MAX;
	out->list = s->v;
	s->v = NULL;
	tdestroy(s->open, free);
	tdestroy(s->serials, free);
	s->open = s->serials = NULL;
}

/* --- running -------------------------------------------------------------------------- */

static int load(struct store *st, const struct whatif_request *req, const struct ont_sel *sel,
                size_t n, struct ont_hist *hs, size_t *total, char err[WHATIF_ERR_MAX])
{
	struct load_ctx c = { NULL, 0, req->max_readings, false };

	for (size_t i = 0; i < n; i++) {
		hs[i].who = &sel[i];
		c.h = &hs[i];
		if (store_readings_each(st, sel[i].serial, req->from, req->to, load_one, &c) < 0 &&
		    !c.too_big) {
			errf(err, "the store could not read the readings of %s", sel[i].serial);
			return WHATIF_STORE;
		}
		if (c.too_big) {
			errf(err,
			     "the selection has more than %zu readings in the range; narrow it "
			     "(olt, "
			     "port, serials, from, to)",
			     req->max_readings);
			return WHATIF_TOO_BIG;
		}
	}
	*total = c.total;
	return 0;
}

static void replay(struct ont_hist *hs, size_t n, struct fleet *cand, struct fleet *cur)
{
	size_t *heap = xcalloc(n ? n : 1, sizeof(*heap)), nh = 0;
	struct ont_reading r;

	for (size_t i = 0; i < n; i++)
		if (hs[i].n > 0)
			heap[nh++] = i;
	for (size_t i = nh; i-- > 0;)
		sift_down(hs, heap, nh, i);
	while (nh > 0) {
		struct ont_hist *h = &hs[heap[0]];

		expand(h, &r);
		fleet_feed(cand, &r); /* an out-of-order reading is ignored alike by both */
		fleet_feed(cur, &r);
		if (++h->pos == h->n)
			heap[0] = heap[--nh];
		sift_down(hs, heap, nh, 0);
	}
	fleet_flush(cand);
	fleet_flush(cur);
	free(heap);
}

int whatif_run(struct store *st, const struct conf *conf, const struct whatif_request *req,
               struct whatif_result **out, char err[WHATIF_ERR_MAX])
{
	struct select_ctx sel;
	struct ont_hist *hs = NULL;
	struct side_ctx sc, su;
	struct fleet *cand = NULL, *cur = NULL;
	struct whatif_result *res = NULL;
	struct view view;
	const char *refused;
	size_t total = 0;
	int rc;

	memset(&sc, 0, sizeof(sc));
	memset(&su, 0, sizeof(su));
	if (view_build(conf, &req->profile, &view, err) < 0)
		return WHATIF_INVALID;
	rc = select_onts(st, req, &sel, err);
	if (rc != 0)
		goto out;
	hs = xcalloc(sel.n ? sel.n : 1, sizeof(*hs));
	rc = load(st, req, sel.v, sel.n, hs, &total, err);
	if (rc != 0)
		goto out;
	cand = fleet_new(&view.def, on_event, &sc);
	fleet_conf_apply(cand, &view.conf, &refused); /* as the daemon: a refused name is default */
	cur = fleet_new(threshold_builtin(DEFAULT_CLASS), on_event, &su);
	fleet_conf_apply(cur, conf, &refused);
	replay(hs, sel.n, cand, cur);
	res = xcalloc(1, sizeof(*res));
	res->from = req->from;
	res->to = req->to;
	res->onts = sel.n;
	res->readings = total;
	side_finish(&sc, &res->candidate);
	side_finish(&su, &res->current);
	*out = res;
out:
	fleet_free(cand);
	fleet_free(cur);
	for (size_t i = 0; hs != NULL && i < sel.n; i++)
		free(hs[i].v);
	free(hs);
	free(sel.v);
	view_free(&view);
	return rc;
}

static void side_free(struct whatif_side *s)
{
	for (size_t i = 0; i < s->nlist; i++)
		free(s->list[i].serials);
	free(s->list);
}

void whatif_result_free(struct whatif_result *r)
{
	if (r == NULL)
		return;
	side_free(&r->candidate);
	side_free(&r->current);
	free(r);
}

/* --- JSON ----------------------------------------------------------------------------- */

static json_t *side_json(const struct whatif_side *s)
{
	json_t *j = json_object(), *causes = json_object(), *sev = json_object(),
	       *list = json_array();

	for (int c = 1; c < NCAUSE; c++)
		if (s->by_cause[c] > 0)
			json_object_set_new(causes, detect_cause_name((enum detect_cause)c),
			                    json_integer((json_int_t)s->by_cause[c]));
	for (int v = 1; v < NSEV; v++)
		if (s->by_severity[v] > 0)
			json_object_set_new(sev, detect_severity_name((enum detect_severity)v),
			                    json_integer((json_int_t)s->by_severity[v]));
	for (size_t i = 0; i < s->nlist; i++) {
		const struct whatif_order *o = &s->list[i];
		json_t *serials = json_array();

		for (size_t k = 0; k < o->nserials; k++)
			json_array_append_new(serials, json_string(o->serials[k]));
		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "key", o->key, "scope",
		              order_scope_name(o->scope), "cause", detect_cause_name(o->cause),
		              "severity", detect_severity_name(o->severity), "opened_at",
		              order_json_time_value(o->opened_at), "resolved_at",
		              order_json_time_value(o->resolved_at), "predicted_impact_at",
		              order_json_time_value(o->predicted), "onts", serials));
	}
	json_object_set_new(j, "orders", json_integer((json_int_t)s->orders));
	json_object_set_new(j, "by_cause", causes);
	json_object_set_new(j, "by_severity", sev);
	json_object_set_new(j, "onts_ordered", json_integer((json_int_t)s->onts_ordered));
	json_object_set_new(j, "orders_list", list);
	json_object_set_new(j, "orders_list_truncated", json_boolean(s->nlist < s->orders));
	return j;
}

json_t *whatif_result_json(const struct whatif_result *r)
{
	json_t *j = json_object();

	json_object_set_new(j, "from", order_json_time_value(r->from));
	json_object_set_new(j, "to", order_json_time_value(r->to));
	json_object_set_new(j, "onts", json_integer((json_int_t)r->onts));
	json_object_set_new(j, "readings", json_integer((json_int_t)r->readings));
	json_object_set_new(j, "candidate", side_json(&r->candidate));
	json_object_set_new(j, "current", side_json(&r->current));
	return j;
}
