/* fleet: ONTs and segments in arrays indexed through small open-addressing maps; a batch is
 * all readings with one timestamp, after which touched segments are correlated and touched
 * ONTs' problems shown to the order book. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/correlate.h"
#include "monitor/detect.h"
#include "monitor/fleet.h"

#define STALE_SECONDS (2 * 3600) /* a member not heard from this long is not watched */
#define NO_IDX        UINT32_MAX

/* String-keyed map to array indexes; the owner supplies the key of an index. */
struct strmap {
	uint64_t *hash;
	uint32_t *idx; /* index + 1, 0 empty */
	size_t cap;
	size_t n;
};

struct fleet_ont {
	char key[ORDER_KEY_MAX]; /* "ont:OLT/PORT/ID", also the order key */
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	int32_t ont;
	char serial[ONT_SERIAL_MAX];
	uint32_t customer; /* NO_IDX when unknown */
	uint32_t port_seg;
	uint32_t split_seg; /* NO_IDX without splitter data */
	uint32_t claimed;   /* segment whose shared order explains this ONT, or NO_IDX */
	const struct threshold_profile *p;
	int64_t last_seen;
	int64_t active_since; /* of the current finding, DETECT_NONE when none */
	bool dirty;
	bool in_book;
	bool impacted;
	bool port_alike; /* degrading like others on its port at the last port judgement */
	struct detect_finding fd;
	struct detect_state det;
};

struct segment {
	char key[ORDER_KEY_MAX];
	enum order_scope scope;
	char splitter[ORDER_NAME_MAX];
	uint32_t port_seg; /* a splitter's port, NO_IDX for a port */
	uint32_t *members;
	size_t n, cap;
	bool shared;
	bool dirty;
	int64_t wait_since; /* a splitter waiting to see whether its whole port fails */
};

struct customer {
	char serial[ONT_SERIAL_MAX];
	char id[ORDER_NAME_MAX];
	char splitter[ORDER_NAME_MAX];
};

struct olt {
	char name[ONT_OLT_MAX];
	struct threshold_profile p;
	bool has_p;
	char tags[FLEET_TAGS_MAX][FLEET_TAG_MAX];
	size_t ntags;
};

struct rule {
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	char tag[FLEET_TAG_MAX];
	struct threshold_profile p;
};

struct fleet {
	struct threshold_profile def;
	struct order_book *book;
	struct fleet_ont *onts;
	size_t nonts, capont;
	struct strmap ontmap;
	struct segment *segs;
	size_t nsegs, capseg;
	struct strmap segmap;
	struct customer *cust;
	size_t ncust, capcust;
	struct strmap custmap;
	struct olt *olts;
	size_t nolts;
	struct rule *rules;
	size_t nrules;
	uint32_t *dirty_onts;
	size_t ndirty_onts, capdirty_onts;
	uint32_t *dirty_segs;
	size_t ndirty_segs, capdirty_segs;
	int64_t batch; /* time of the open batch, DETECT_NONE when none */
	struct correlate_member *scratch_m;
	bool *scratch_x;
	size_t scratch_cap;
	struct order_problem *pr; /* scratch, large */
	fleet_impact_fn impact_fn;
	void *impact_arg;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;
}

typedef const char *(*keyof_fn)(const struct fleet *f, uint32_t i);

static const char *ont_keyof(const struct fleet *f, uint32_t i)
{
	return f->onts[i].key;
}

static const char *seg_keyof(const struct fleet *f, uint32_t i)
{
	return f->segs[i].key;
}

static const char *cust_keyof(const struct fleet *f, uint32_t i)
{
	return f->cust[i].serial;
}

static uint32_t map_get(const struct fleet *f, const struct strmap *m, keyof_fn keyof,
                        const char *key)
{
	if (m->cap == 0)
		return NO_IDX;
	uint64_t h = hash_str(key);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->idx[i] == 0)
			return NO_IDX;
		if (m->hash[i] == h && strcmp(keyof(f, m->idx[i] - 1), key) == 0)
			return m->idx[i] - 1;
	}
}

static void map_put_raw(struct strmap *m, uint64_t h, uint32_t idx)
{
	size_t i = h & (m->cap - 1);

	while (m->idx[i])
		i = (i + 1) & (m->cap - 1);
	m->hash[i] = h;
	m->idx[i] = idx + 1;
}

static void map_put(struct strmap *m, const char *key, uint32_t idx)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap nm = { 0 };
		nm.cap = m->cap ? m->cap * 2 : 64;
		nm.hash = xcalloc(nm.cap, sizeof(*nm.hash));
		nm.idx = xcalloc(nm.cap, sizeof(*nm.idx));
		for (size_t i = 0; i < m->cap; i++)
			if (m->idx[i])
				map_put_raw(&nm, m->hash[i], m->idx[i] - 1);
		nm.n = m->n;
		free(m->hash);
		free(m->idx);
		*m = nm;
	}
	map_put_raw(m, hash_str(key), idx);
	m->n++;
}

static void map_free(struct strmap *m)
{
	free(m->hash);
	free(m->idx);
}

static void grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t nc = *cap ? *cap * 2 : 16;
	while (nc < need)
		nc *= 2;
	*arr = xreallocarray(*arr, nc, elem);
	*cap = nc;
}

struct fleet *fleet_new(const struct threshold_profile *def, order_emit_fn emit, void *arg)
{
	struct fleet *f = xcalloc(1, sizeof(*f));

	f->def = *def;
	f->book = order_book_new(emit, arg);
	f->batch = DETECT_NONE;
	f->pr = xcalloc(1, sizeof(*f->pr));
	return f;
}

void fleet_free(struct fleet *f)
{
	if (f == NULL)
		return;
	order_book_free(f->book);
	for (size_t i = 0; i < f->nsegs; i++)
		free(f->segs[i].members);
	free(f->segs);
	free(f->onts);
	free(f->cust);
	free(f->olts);
	free(f->rules);
	free(f->dirty_onts);
	free(f->dirty_segs);
	free(f->scratch_m);
	free(f->scratch_x);
	free(f->pr);
	map_free(&f->ontmap);
	map_free(&f->segmap);
	map_free(&f->custmap);
	free(f);
}

static void rebind(struct fleet *f);

int fleet_add_olt(struct fleet *f, const char *name, const struct threshold_profile *p,
                  const char *const *tags, size_t ntags)
{
	if (ntags > FLEET_TAGS_MAX || strlen(name) >= ONT_OLT_MAX)
		return -1;
	f->olts = xreallocarray(f->olts, f->nolts + 1, sizeof(*f->olts));
	struct olt *o = &f->olts[f->nolts];
	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", name);
	if (p) {
		o->p = *p;
		o->has_p = true;
	}
	for (size_t i = 0; i < ntags; i++)
		snprintf(o->tags[i], sizeof(o->tags[i]), "%s", tags[i]);
	o->ntags = ntags;
	f->nolts++;
	rebind(f);
	return 0;
}

int fleet_add_rule(struct fleet *f, const char *olt, const char *port, const char *tag,
                   const struct threshold_profile *p)
{
	if (strlen(olt) >= ONT_OLT_MAX || strlen(port) >= ONT_PORT_MAX ||
	    strlen(tag) >= FLEET_TAG_MAX)
		return -1;
	f->rules = xreallocarray(f->rules, f->nrules + 1, sizeof(*f->rules));
	struct rule *r = &f->rules[f->nrules++];
	snprintf(r->olt, sizeof(r->olt), "%s", olt);
	snprintf(r->port, sizeof(r->port), "%s", port);
	snprintf(r->tag, sizeof(r->tag), "%s", tag);
	r->p = *p;
	rebind(f);
	return 0;
}

int fleet_set_customer(struct fleet *f, const char *serial, const char *customer_id,
                       const char *splitter)
{
	if (!serial[0] || strlen(serial) >= ONT_SERIAL_MAX ||
	    strlen(customer_id) >= ORDER_NAME_MAX || strlen(splitter) >= ORDER_NAME_MAX)
		return -1;
	uint32_t i = map_get(f, &f->custmap, cust_keyof, serial);
	if (i == NO_IDX) {
		grow((void **)&f->cust, &f->capcust, f->ncust + 1, sizeof(*f->cust));
		i = (uint32_t)f->ncust++;
		snprintf(f->cust[i].serial, sizeof(f->cust[i].serial), "%s", serial);
		map_put(&f->custmap, serial, i);
	}
	snprintf(f->cust[i].id, sizeof(f->cust[i].id), "%s", customer_id);
	snprintf(f->cust[i].splitter, sizeof(f->cust[i].splitter), "%s", splitter);
	return 0;
}

void fleet_set_impact_cb(struct fleet *f, fleet_impact_fn fn, void *arg)
{
	f->impact_fn = fn;
	f->impact_arg = arg;
}

static const struct threshold_profile *profile_for(const struct fleet *f, const char *olt,
                                                   const char *port)
{
	const struct olt *o = NULL;

	for (size_t i = 0; i < f->nolts; i++)
		if (strcmp(f->olts[i].name, olt) == 0)
			o = &f->olts[i];
	for (size_t i = 0; i < f->nrules; i++) {
		const struct rule *r = &f->rules[i];
		bool tag_ok = !r->tag[0];
		for (size_t t = 0; o && !tag_ok && t < o->ntags; t++)
			tag_ok = strcmp(o->tags[t], r->tag) == 0;
		if ((!r->olt[0] || strcmp(r->olt, olt) == 0) &&
		    (!r->port[0] || strcmp(r->port, port) == 0) && tag_ok)
			return &r->p;
	}
	return o && o->has_p ? &o->p : &f->def;
}

/* Profiles live in arrays that grow: re-point every ONT after a change. */
static void rebind(struct fleet *f)
{
	for (size_t i = 0; i < f->nonts; i++)
		f->onts[i].p = profile_for(f, f->onts[i].olt, f->onts[i].port);
}

void fleet_clear_profiles(struct fleet *f, const struct threshold_profile *def)
{
	f->def = *def;
	free(f->olts);
	free(f->rules);
	f->olts = NULL;
	f->rules = NULL;
	f->nolts = f->nrules = 0;
	rebind(f);
}

static uint32_t segment_get(struct fleet *f, const char *key, enum order_scope scope,
                            const char *splitter, uint32_t port_seg)
{
	uint32_t i = map_get(f, &f->segmap, seg_keyof, key);

	if (i != NO_IDX)
		return i;
	grow((void **)&f->segs, &f->capseg, f->nsegs + 1, sizeof(*f->segs));
	i = (uint32_t)f->nsegs++;
	struct segment *s = &f->segs[i];
	memset(s, 0, sizeof(*s));
	snprintf(s->key, sizeof(s->key), "%s", key);
	s->scope = scope;
	snprintf(s->splitter, sizeof(s->splitter), "%s", splitter);
	s->port_seg = port_seg;
	s->wait_since = DETECT_NONE;
	map_put(&f->segmap, key, i);
	return i;
}

static void segment_add(struct segment *s, uint32_t ont)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->members[i] == ont)
			return;
	grow((void **)&s->members, &s->cap, s->n + 1, sizeof(*s->members));
	s->members[s->n++] = ont;
}

static void segment_remove(struct segment *s, uint32_t ont)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->members[i] == ont) {
			memmove(&s->members[i], &s->members[i + 1],
			        (s->n - i - 1) * sizeof(*s->members));
			s->n--;
			return;
		}
}

/* Attach an ONT to its splitter by its serial (again after a serial change). */
static void place_splitter(struct fleet *f, uint32_t oi)
{
	struct fleet_ont *o = &f->onts[oi];
	uint32_t c = o->serial[0] ? map_get(f, &f->custmap, cust_keyof, o->serial) : NO_IDX;
	char key[ORDER_KEY_MAX];

	if (o->split_seg != NO_IDX)
		segment_remove(&f->segs[o->split_seg], oi);
	o->split_seg = NO_IDX;
	o->customer = c;
	if (c == NO_IDX || !f->cust[c].splitter[0])
		return;
	snprintf(key, sizeof(key), "splitter:%s", f->cust[c].splitter);
	o->split_seg = segment_get(f, key, ORDER_SCOPE_SPLITTER, f->cust[c].splitter, o->port_seg);
	segment_add(&f->segs[o->split_seg], oi);
}

static size_t cat(char *d, size_t at, size_t cap, const char *s)
{
	while (*s && at + 1 < cap)
		d[at++] = *s++;
	d[at] = '\0';
	return at;
}

static uint32_t ont_get(struct fleet *f, const struct ont_reading *r)
{
	char key[ORDER_KEY_MAX], num[16];
	size_t n = cat(key, 0, sizeof(key), "ont:");

	n = cat(key, n, sizeof(key), r->olt);
	n = cat(key, n, sizeof(key), "/");
	n = cat(key, n, sizeof(key), r->port);
	n = cat(key, n, sizeof(key), "/");
	snprintf(num, sizeof(num), "%d", (int)r->ont);
	cat(key, n, sizeof(key), num);

	uint32_t i = map_get(f, &f->ontmap, ont_keyof, key);
	if (i != NO_IDX)
		return i;
	grow((void **)&f->onts, &f->capont, f->nonts + 1, sizeof(*f->onts));
	i = (uint32_t)f->nonts++;
	struct fleet_ont *o = &f->onts[i];
	memset(o, 0, sizeof(*o));
	memcpy(o->key, key, sizeof(key));
	snprintf(o->olt, sizeof(o->olt), "%s", r->olt);
	snprintf(o->port, sizeof(o->port), "%s", r->port);
	o->ont = r->ont;
	o->split_seg = o->claimed = o->customer = NO_IDX;
	o->p = profile_for(f, r->olt, r->port);
	o->last_seen = DETECT_NONE;
	o->active_since = DETECT_NONE;
	o->in_book = order_book_has(f->book, key); /* an order restored from before a restart */
	detect_init(&o->det);
	map_put(&f->ontmap, key, i);

	snprintf(key, sizeof(key), "pon:%s/%s", r->olt, r->port);
	o->port_seg = segment_get(f, key, ORDER_SCOPE_PON, "", NO_IDX);
	segment_add(&f->segs[o->port_seg], i);
	return i;
}

static void mark_seg(struct fleet *f, uint32_t s)
{
	if (s == NO_IDX || f->segs[s].dirty)
		return;
	f->segs[s].dirty = true;
	grow((void **)&f->dirty_segs, &f->capdirty_segs, f->ndirty_segs + 1,
	     sizeof(*f->dirty_segs));
	f->dirty_segs[f->ndirty_segs++] = s;
}

static void mark_ont(struct fleet *f, uint32_t i)
{
	if (f->onts[i].dirty)
		return;
	f->onts[i].dirty = true;
	grow((void **)&f->dirty_onts, &f->capdirty_onts, f->ndirty_onts + 1,
	     sizeof(*f->dirty_onts));
	f->dirty_onts[f->ndirty_onts++] = i;
}

int fleet_warm(struct fleet *f, const struct ont_reading *r)
{
	uint32_t i = ont_get(f, r);
	struct fleet_ont *o = &f->onts[i];

	if (detect_feed(&o->det, o->p, r, &o->fd) < 0)
		return -1;
	if (r->serial[0] && strcmp(r->serial, o->serial) != 0) {
		snprintf(o->serial, sizeof(o->serial), "%s", r->serial);
		place_splitter(f, i);
		o = &f->onts[i];
	}
	/* as fleet_feed: a restarted daemon knows who was reporting before it stopped */
	if (r->status == ONT_STATUS_ONLINE || r->status == ONT_STATUS_LOS)
		o->last_seen = r->time;
	return 0;
}

int fleet_restore_ont(struct fleet *f, const char *olt, const char *port, int32_t ont,
                      const char *serial, const struct detect_state *det,
                      const struct detect_finding *fd, int64_t last_seen)
{
	struct ont_reading r;
	struct fleet_ont *o;
	uint32_t i;

	if (strlen(olt) >= sizeof(r.olt) || strlen(port) >= sizeof(r.port) ||
	    strlen(serial) >= sizeof(r.serial))
		return -1;
	ont_reading_clear(&r, det->last_time);
	strcpy(r.olt, olt);
	strcpy(r.port, port);
	r.ont = ont;
	i = ont_get(f, &r);
	o = &f->onts[i];
	o->det = *det;
	o->fd = *fd;
	o->last_seen = last_seen;
	if (serial[0] != '\0' && strcmp(serial, o->serial) != 0) {
		snprintf(o->serial, sizeof(o->serial), "%s", serial);
		place_splitter(f, i);
	}
	return 0;
}

int fleet_feed(struct fleet *f, const struct ont_reading *r)
{
	if (f->batch != DETECT_NONE && r->time > f->batch)
		fleet_flush(f);
	if (f->batch == DETECT_NONE || r->time > f->batch)
		f->batch = r->time;

	uint32_t i = ont_get(f, r);
	struct fleet_ont *o = &f->onts[i];
	if (detect_feed(&o->det, o->p, r, &o->fd) < 0)
		return -1;
	if (r->serial[0] && strcmp(r->serial, o->serial) != 0) {
		snprintf(o->serial, sizeof(o->serial), "%s", r->serial);
		place_splitter(f, i);
		o = &f->onts[i];
	}
	if (r->status == ONT_STATUS_ONLINE || r->status == ONT_STATUS_LOS)
		o->last_seen = r->time;
	if (!o->fd.active)
		o->active_since = DETECT_NONE;
	else if (o->active_since == DETECT_NONE)
		o->active_since = r->time;

	bool lost = o->fd.rules & (1u << DETECT_RULE_LOS) ||
	            (!isnan(o->fd.rx_dbm) && o->fd.rx_dbm <= o->p->impact_rx);
	if (lost && !o->impacted) {
		o->impacted = true;
		if (f->impact_fn)
			f->impact_fn(o->key, r->time, f->impact_arg);
	} else if (o->impacted && !(o->fd.rules & (1u << DETECT_RULE_LOS)) &&
	           !isnan(o->fd.rx_dbm) && o->fd.rx_dbm > o->p->impact_rx + o->p->hysteresis) {
		o->impacted = false;
	}

	if (o->fd.active || o->in_book)
		mark_ont(f, i);
	if (o->fd.degrading || o->claimed != NO_IDX) {
		mark_seg(f, o->port_seg);
		mark_seg(f, o->split_seg);
	}
	return 0;
}

static void fill_ont(const struct fleet *f, const struct fleet_ont *o, struct order_ont *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->olt, sizeof(t->olt), "%s", o->olt);
	snprintf(t->port, sizeof(t->port), "%s", o->port);
	t->ont = o->ont;
	snprintf(t->serial, sizeof(t->serial), "%s", o->serial);
	if (o->customer != NO_IDX)
		snprintf(t->customer_id, sizeof(t->customer_id), "%s", f->cust[o->customer].id);
	t->cause = o->fd.cause;
	t->status = o->fd.status;
	t->rx_dbm = o->fd.rx_dbm;
	t->olt_rx_dbm = o->fd.olt_rx_dbm;
	t->tx_dbm = o->fd.tx_dbm;
	t->bias_ma = o->fd.bias_ma;
	t->temp_c = o->fd.temp_c;
	t->baseline_dbm = o->fd.baseline_dbm;
	t->drop_db = o->fd.drop_db;
}

static void close_member_orders(struct fleet *f, uint32_t oi)
{
	struct fleet_ont *o = &f->onts[oi];

	if (!o->in_book)
		return;
	order_book_close(f->book, o->key, "merged", f->batch);
	o->in_book = false;
}

static bool fresh(const struct fleet *f, const struct fleet_ont *o)
{
	return o->last_seen != DETECT_NONE && f->batch - o->last_seen <= STALE_SECONDS;
}

/* Members of segment `si` other than `except` losing light or starting to: `need` of them? */
static bool others_moving(const struct fleet *f, uint32_t si, uint32_t except, int need)
{
	const struct segment *s;
	int n = 0;

	if (si == NO_IDX || need <= 0)
		return need <= 0;
	s = &f->segs[si];
	for (size_t k = 0; k < s->n && n < need; k++) {
		const struct fleet_ont *o = &f->onts[s->members[k]];
		if (s->members[k] == except || !fresh(f, o))
			continue;
		if (o->fd.degrading || o->fd.drop_db >= 0.75 * o->p->shared_min_drop ||
		    o->fd.slope_db_day < 0)
			n++;
	}
	return n >= need;
}

/* Members of port segment `port` outside splitter `split` degrading alike. */
static int port_alike_outside(const struct fleet *f, uint32_t port, uint32_t split)
{
	int n = 0;

	if (port == NO_IDX)
		return 0;
	for (size_t k = 0; k < f->segs[port].n; k++) {
		const struct fleet_ont *o = &f->onts[f->segs[port].members[k]];
		n += o->port_alike && o->split_seg != split;
	}
	return n;
}

/* Correlate one segment and show its shared problem (or its absence) to the book. */
static void judge_segment(struct fleet *f, uint32_t si)
{
	struct segment *s = &f->segs[si];
	struct order_problem *pr = f->pr;
	const struct threshold_profile *p = s->n ? f->onts[s->members[0]].p : &f->def;
	struct correlate_verdict v;
	bool superseded = s->port_seg != NO_IDX && f->segs[s->port_seg].shared;

	if (s->n > f->scratch_cap) {
		f->scratch_cap = s->n;
		f->scratch_m = xreallocarray(f->scratch_m, s->n, sizeof(*f->scratch_m));
		f->scratch_x = xreallocarray(f->scratch_x, s->n, sizeof(*f->scratch_x));
	}
	for (size_t k = 0; k < s->n; k++) {
		const struct fleet_ont *o = &f->onts[s->members[k]];
		struct correlate_member *m = &f->scratch_m[k];
		bool fresh =
		    o->last_seen != DETECT_NONE && f->batch - o->last_seen <= STALE_SECONDS;

		m->los = (o->fd.rules & (1u << DETECT_RULE_LOS)) != 0;
		/* Every ONT reporting on the segment counts towards its size, but a loss is
		 * evidence of a shared fault only when it is measured: against the ONT's own
		 * baseline, or all the light. ONTs merely weak since watching began (a new
		 * daemon, no history) say nothing about losing light together. */
		m->watched = fresh;
		m->degrading = fresh && o->fd.degrading && (!isnan(o->fd.baseline_dbm) || m->los);
		m->drop_db = o->fd.drop_db;
		m->onset = o->fd.onset;
	}
	correlate_segment(p, f->scratch_m, s->n, s->shared, f->scratch_x, &v);
	if (s->scope == ORDER_SCOPE_PON)
		for (size_t k = 0; k < s->n; k++)
			f->onts[s->members[k]].port_alike = f->scratch_x[k];
	/* a splitter whose neighbours on the port fail too is probably the feeder: give the
	 * port a while to show it before ordering the splitter */
	if (v.shared && !s->shared && s->scope == ORDER_SCOPE_SPLITTER &&
	    port_alike_outside(f, s->port_seg, si) >= p->shared_min_onts) {
		if (s->wait_since == DETECT_NONE)
			s->wait_since = f->batch;
		if (f->batch - s->wait_since < (int64_t)(p->shared_onset_hours * 3600))
			v.shared = false;
	} else if (!v.shared) {
		s->wait_since = DETECT_NONE;
	}
	if (superseded)
		v.shared = false;
	/* with topology, a port-wide fault must reach beyond one splitter */
	if (v.shared && s->scope == ORDER_SCOPE_PON) {
		uint32_t only = NO_IDX;
		bool one = true;
		for (size_t k = 0; k < s->n && one; k++) {
			if (!f->scratch_x[k])
				continue;
			uint32_t sp = f->onts[s->members[k]].split_seg;
			if (sp == NO_IDX || (only != NO_IDX && sp != only))
				one = false;
			only = sp;
		}
		if (one)
			v.shared = false;
	}
	if (!v.shared) {
		if (superseded)
			order_book_close(f->book, s->key, "merged", f->batch);
		else if (order_book_has(f->book, s->key))
			order_book_observe(f->book, s->key, NULL, p, f->batch);
		/* an open order waiting out its resolve hold keeps its ONTs */
		if (order_book_find(f->book, s->key) == NULL) {
			for (size_t k = 0; k < s->n; k++)
				if (f->onts[s->members[k]].claimed == si) {
					f->onts[s->members[k]].claimed = NO_IDX;
					mark_ont(f, s->members[k]);
				}
			s->shared = false;
		}
		return;
	}
	for (size_t k = 0; k < s->n; k++) {
		uint32_t oi = s->members[k];
		struct fleet_ont *o = &f->onts[oi];

		if (f->scratch_x[k] && o->claimed != si) {
			o->claimed = si;
			close_member_orders(f, oi);
		} else if (!f->scratch_x[k] && o->claimed == si) {
			o->claimed = NO_IDX;
			mark_ont(f, oi);
		}
	}
	if (!s->shared && s->scope == ORDER_SCOPE_PON)
		for (size_t k = 0; k < f->nsegs; k++)
			if (f->segs[k].port_seg == si && order_book_has(f->book, f->segs[k].key)) {
				order_book_close(f->book, f->segs[k].key, "merged", f->batch);
				f->segs[k].shared = false;
			}
	s->shared = true;

	memset(&pr->ev, 0, sizeof(pr->ev));
	snprintf(pr->key, sizeof(pr->key), "%s", s->key);
	pr->scope = s->scope;
	snprintf(pr->splitter, sizeof(pr->splitter), "%s", s->splitter);
	pr->cause = DETECT_CAUSE_SHARED_SEGMENT;
	pr->severity = DETECT_SEV_MINOR;
	pr->predicted = DETECT_NONE;
	pr->n_onts = 0;
	pr->ev.onset = v.onset;
	pr->ev.affected = v.affected;
	pr->ev.members = v.members;
	pr->ev.median_drop_db = v.median_drop_db;
	pr->ev.slope_db_day = NAN;
	for (size_t k = 0; k < s->n && pr->n_onts < ORDER_ONTS_MAX; k++) {
		const struct fleet_ont *o = &f->onts[s->members[k]];
		if (!f->scratch_x[k])
			continue;
		if (pr->n_onts == 0) {
			snprintf(pr->olt, sizeof(pr->olt), "%s", o->olt);
			snprintf(pr->port, sizeof(pr->port), "%s", o->port);
		}
		fill_ont(f, o, &pr->onts[pr->n_onts++]);
		if (o->fd.severity > pr->severity)
			pr->severity = o->fd.severity;
		if (o->fd.predicted != DETECT_NONE &&
		    (pr->predicted == DETECT_NONE || o->fd.predicted < pr->predicted))
			pr->predicted = o->fd.predicted;
		pr->ev.rules |= o->fd.rules;
		if (o->fd.rules & (1u << DETECT_RULE_LOS))
			pr->ev.los_events++;
		if (!isnan(o->fd.slope_db_day) && o->fd.slope_db_day < 0 &&
		    (isnan(pr->ev.slope_db_day) || o->fd.slope_db_day < pr->ev.slope_db_day))
			pr->ev.slope_db_day = o->fd.slope_db_day;
	}
	order_book_observe(f->book, s->key, pr, p, f->batch);
}

static void judge_ont(struct fleet *f, uint32_t oi)
{
	struct fleet_ont *o = &f->onts[oi];
	struct order_problem *pr = f->pr;

	if (o->claimed != NO_IDX)
		return;
	/* a gradual loss whose neighbours start to move too may be shared: wait for the
	 * correlator before ordering it for this ONT alone, up to shared_onset_hours while
	 * impact is days away (minor), up to open_hold_hours when it is nearer (major) */
	double wait = o->fd.severity == DETECT_SEV_MINOR   ? o->p->shared_onset_hours
	              : o->fd.severity == DETECT_SEV_MAJOR ? o->p->open_hold_hours
	                                                   : 0;
	if (o->fd.active && o->fd.cause == DETECT_CAUSE_FIBER_BEND &&
	    order_book_find(f->book, o->key) == NULL &&
	    f->batch - o->active_since < (int64_t)(wait * 3600) &&
	    (others_moving(f, o->split_seg, oi, o->p->shared_min_onts - 1) ||
	     others_moving(f, o->port_seg, oi, o->p->shared_min_onts - 1)))
		return;
	if (!o->fd.active) {
		if (o->in_book) {
			order_book_observe(f->book, o->key, NULL, o->p, f->batch);
			o->in_book = order_book_has(f->book, o->key);
		}
		return;
	}
	memset(&pr->ev, 0, sizeof(pr->ev));
	snprintf(pr->key, sizeof(pr->key), "%s", o->key);
	pr->scope = ORDER_SCOPE_ONT;
	snprintf(pr->olt, sizeof(pr->olt), "%s", o->olt);
	snprintf(pr->port, sizeof(pr->port), "%s", o->port);
	snprintf(pr->splitter, sizeof(pr->splitter), "%s",
	         o->split_seg != NO_IDX ? f->segs[o->split_seg].splitter : "");
	pr->cause = o->fd.cause;
	pr->severity = o->fd.severity;
	pr->predicted = o->fd.predicted;
	pr->ev.rules = o->fd.rules;
	pr->ev.slope_db_day = o->fd.slope_db_day;
	pr->ev.los_events = o->fd.los_events;
	pr->ev.jumps = o->fd.jumps;
	pr->ev.onset = o->fd.onset;
	pr->ev.affected = 1;
	pr->ev.members = 1;
	pr->ev.median_drop_db = o->fd.drop_db;
	pr->n_onts = 1;
	fill_ont(f, o, &pr->onts[0]);
	order_book_observe(f->book, o->key, pr, o->p, f->batch);
	o->in_book = order_book_has(f->book, o->key);
}

void fleet_flush(struct fleet *f)
{
	if (f->batch == DETECT_NONE)
		return;
	/* ports before splitters: a shared port supersedes its splitters */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < f->ndirty_segs; k++) {
			uint32_t si = f->dirty_segs[k];
			if ((f->segs[si].scope == ORDER_SCOPE_PON) == (pass == 0))
				judge_segment(f, si);
		}
	for (size_t k = 0; k < f->ndirty_segs; k++)
		f->segs[f->dirty_segs[k]].dirty = false;
	f->ndirty_segs = 0;
	for (size_t k = 0; k < f->ndirty_onts; k++) {
		judge_ont(f, f->dirty_onts[k]);
		f->onts[f->dirty_onts[k]].dirty = false;
	}
	f->ndirty_onts = 0;
}

int fleet_session_observe(struct fleet *f, const char *olt, const char *port, int32_t ont,
                          bool unstable, double hold_hours, int64_t now)
{
	char key[ORDER_KEY_MAX], okey[ORDER_KEY_MAX];
	struct order_problem *pr = f->pr;
	struct threshold_profile p;
	const struct fleet_ont *o;
	uint32_t oi;

	snprintf(key, sizeof(key), "session:%s/%s/%d", olt, port, (int)ont);
	snprintf(okey, sizeof(okey), "ont:%s/%s/%d", olt, port, (int)ont);
	oi = map_get(f, &f->ontmap, ont_keyof, okey);
	o = oi != NO_IDX ? &f->onts[oi] : NULL;
	if (o != NULL && (order_book_has(f->book, o->key) || o->claimed != NO_IDX)) {
		order_book_close(f->book, key, "merged", now);
		return 1;
	}
	/* the window behind the verdict was the hold before opening; calm must last as long */
	p = o != NULL ? *o->p : f->def;
	p.open_hold_hours = 0;
	p.resolve_hold_hours = hold_hours;
	if (!unstable) {
		order_book_observe(f->book, key, NULL, &p, now);
		return 0;
	}
	memset(&pr->ev, 0, sizeof(pr->ev));
	snprintf(pr->key, sizeof(pr->key), "%s", key);
	pr->scope = ORDER_SCOPE_ONT;
	snprintf(pr->olt, sizeof(pr->olt), "%s", olt);
	snprintf(pr->port, sizeof(pr->port), "%s", port);
	snprintf(pr->splitter, sizeof(pr->splitter), "%s",
	         o != NULL && o->split_seg != NO_IDX ? f->segs[o->split_seg].splitter : "");
	pr->cause = DETECT_CAUSE_SESSION_INSTABILITY;
	pr->severity = DETECT_SEV_MAJOR; /* the customer already feels it */
	pr->predicted = DETECT_NONE;
	pr->ev.slope_db_day = o != NULL ? o->fd.slope_db_day : NAN;
	pr->ev.onset = DETECT_NONE;
	pr->ev.affected = 1;
	pr->ev.members = 1;
	pr->ev.median_drop_db = o != NULL ? o->fd.drop_db : NAN;
	pr->n_onts = 1;
	if (o != NULL) {
		fill_ont(f, o, &pr->onts[0]);
	} else {
		/* seen by the probe only: no optical reading yet */
		struct order_ont *t = &pr->onts[0];

		memset(t, 0, sizeof(*t));
		snprintf(t->olt, sizeof(t->olt), "%s", olt);
		snprintf(t->port, sizeof(t->port), "%s", port);
		t->ont = ont;
		t->status = ONT_STATUS_UNKNOWN;
		t->rx_dbm = t->olt_rx_dbm = t->tx_dbm = t->bias_ma = t->temp_c = NAN;
		t->baseline_dbm = t->drop_db = NAN;
	}
	pr->onts[0].cause = DETECT_CAUSE_SESSION_INSTABILITY;
	order_book_observe(f->book, key, pr, &p, now);
	return 0;
}

int fleet_restore_order(struct fleet *f, const struct order *o)
{
	struct ont_reading r;

	if (order_book_restore(f->book, o) < 0)
		return -1;
	for (size_t i = 0; i < o->n_onts; i++) {
		const struct order_ont *t = &o->onts[i];
		ont_reading_clear(&r, 0);
		snprintf(r.olt, sizeof(r.olt), "%s", t->olt);
		snprintf(r.port, sizeof(r.port), "%s", t->port);
		r.ont = t->ont;
		uint32_t oi = ont_get(f, &r);
		/* a session order says nothing about the light: keep the rebuilt baseline */
		if (o->cause != DETECT_CAUSE_SESSION_INSTABILITY)
			detect_seed(&f->onts[oi].det, t->baseline_dbm, t->cause);
		/* a session order shares the ONT but not its optical problem key */
		f->onts[oi].in_book =
		    o->scope == ORDER_SCOPE_ONT && strcmp(o->key, f->onts[oi].key) == 0;
	}
	return 0;
}

int fleet_ont_finding(const struct fleet *f, const char *olt, const char *port, int32_t ont,
                      struct detect_finding *fd, int64_t *last_seen)
{
	char key[ORDER_KEY_MAX];
	uint32_t i;

	if (snprintf(key, sizeof(key), "ont:%s/%s/%d", olt, port, (int)ont) >= (int)sizeof(key))
		return -1;
	i = map_get(f, &f->ontmap, ont_keyof, key);
	if (i == NO_IDX)
		return -1;
	*fd = f->onts[i].fd;
	*last_seen = f->onts[i].last_seen;
	return 0;
}

int fleet_ont_each(const struct fleet *f, fleet_ont_cb cb, void *arg)
{
	for (size_t i = 0; i < f->nonts; i++) {
		const struct fleet_ont *o = &f->onts[i];
		struct fleet_ont_view v = {
			.olt = o->olt,
			.port = o->port,
			.ont = o->ont,
			.serial = o->serial,
			.profile = o->p,
			.last_seen = o->last_seen,
			.fd = &o->fd,
			.det = &o->det,
		};
		int rc = cb(arg, &v);

		if (rc != 0)
			return rc;
	}
	return 0;
}

bool fleet_has_order(const struct fleet *f, const char *key)
{
	return order_book_has(f->book, key);
}

size_t fleet_ont_count(const struct fleet *f)
{
	return f->nonts;
}

size_t fleet_open_orders(const struct fleet *f)
{
	return order_book_count(f->book);
}

size_t fleet_state_bytes(void)
{
	return sizeof(struct detect_state);
}
