/* dispatch: the glue between an order and the pure planners (priority, visit): it looks the
 * affected customers and the other open orders up in the store and writes the results back
 * into the event. The highest tier among the affected customers decides the tier; the
 * customer's windows count only for single-home orders (shared faults are outdoor work). */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/dispatch.h"
#include "monitor/order_json.h"
#include "monitor/outbox.h"
#include "monitor/priority.h"
#include "monitor/sessions.h"
#include "monitor/visit.h"

#define JSON_FLAGS  (JSON_COMPACT | JSON_PRESERVE_ORDER)
#define PEERS_MAX   256
#define WINDOWS_MAX 512

struct who {
	const struct conf_dispatch *d;
	const struct conf_tier *tier; /* best so far */
	char name[128];
	char windows[WINDOWS_MAX];
	char splitter[64];
	double lat, lon;
	int found;
};

static int take_customer(void *arg, const struct store_customer *c)
{
	struct who *w = arg;
	const struct conf_tier *t = conf_tier_find(w->d, c->tier);

	if (t != NULL && (w->tier == NULL || t->weight > w->tier->weight))
		w->tier = t;
	if (w->found++ == 0) {
		snprintf(w->name, sizeof(w->name), "%s", c->name ? c->name : "");
		snprintf(w->windows, sizeof(w->windows), "%s", c->windows ? c->windows : "");
		snprintf(w->splitter, sizeof(w->splitter), "%s", c->splitter ? c->splitter : "");
	}
	if (isnan(w->lat) && !isnan(c->lat)) {
		w->lat = c->lat;
		w->lon = c->lon;
	}
	return 0;
}

struct peers {
	struct visit_peer p[PEERS_MAX];
	json_t *docs[PEERS_MAX]; /* keep the strings alive */
	size_t n;
};

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static double jnum(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static int take_peer(void *arg, const struct store_order *o)
{
	struct peers *ps = arg;
	json_t *doc, *loc;
	struct visit_peer *p;

	if (ps->n == PEERS_MAX)
		return 1;
	doc = json_loads(o->doc, 0, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return 0;
	}
	loc = json_object_get(doc, "location");
	p = &ps->p[ps->n];
	p->id = jstr(doc, "id") ? jstr(doc, "id") : NULL;
	p->olt = jstr(doc, "olt");
	p->port = jstr(doc, "port");
	p->splitter = jstr(doc, "splitter");
	p->lat = jnum(loc, "lat");
	p->lon = jnum(loc, "lon");
	if (p->id == NULL) {
		json_decref(doc);
		return 0;
	}
	ps->docs[ps->n++] = doc;
	return 0;
}

static int64_t parse_utc(const char *s)
{
	int64_t t;

	return s != NULL && order_json_parse_time(s, &t) == 0 ? t : VISIT_NONE;
}

static const char *olt_region(const struct conf *conf, const char *olt)
{
	const struct conf_olt *o = olt ? conf_olt_find(conf, olt) : NULL;

	for (size_t i = 0; o != NULL && i < o->ntags; i++)
		if (strcmp(o->tags[i].key, "region") == 0)
			return o->tags[i].value;
	return NULL;
}

int dispatch_enrich(const struct conf *conf, struct store *st, const char *event_json, int64_t now,
                    char **out, const char **why)
{
	const struct conf_dispatch *d = &conf->dispatch;
	struct who w = { .d = d, .lat = NAN, .lon = NAN };
	struct peers *ps = xcalloc(1, sizeof(*ps));
	json_t *ev = json_loads(event_json, 0, NULL), *order = json_object_get(ev, "order");
	json_t *onts = json_object_get(order, "onts"), *t, *loc;
	const struct conf_region *region;
	struct visit_order vo;
	struct visit v;
	struct priority pr;
	struct sessions ses;
	bool felt;
	size_t i, n_onts;
	char *s;
	int rc = -1;

	if (!json_is_object(order) || jstr(order, "id") == NULL) {
		*why = "not an ontwatch.order/1 event (needs order.id)";
		goto out;
	}
	n_onts = json_is_array(onts) ? json_array_size(onts) : 0;
	json_array_foreach(onts, i, t)
	{
		const char *serial = jstr(t, "serial");

		/* an ONT without an imported customer is dispatched on the defaults */
		if (serial != NULL) {
			int found = store_customer_get(st, serial, take_customer, &w);

			if (found < 0 && found != STORE_NOT_FOUND) {
				*why = "store failure";
				goto out;
			}
		}
	}
	if (w.tier == NULL)
		w.tier = conf_tier_find(d, d->default_tier);
	region = conf_region_find(d, olt_region(conf, jstr(order, "olt")));
	if (region == NULL)
		region = conf_region_find(d, d->default_region);
	if (store_orders_each(st, true, NULL, take_peer, ps) < 0) {
		*why = "store failure";
		goto out;
	}
	vo = (struct visit_order){
		.id = jstr(order, "id"),
		.scope = jstr(order, "scope"),
		.cause = jstr(order, "cause"),
		.severity = jstr(order, "severity"),
		.predicted = parse_utc(jstr(order, "predicted_impact_at")),
		.olt = jstr(order, "olt"),
		.port = jstr(order, "port"),
		.splitter = jstr(order, "splitter") ? jstr(order, "splitter")
		                                    : (w.splitter[0] ? w.splitter : NULL),
		.lat = w.lat,
		.lon = w.lon,
		.customer_name = n_onts == 1 ? w.name : NULL,
		.customer_windows = n_onts == 1 ? w.windows : NULL,
	};
	/* what the subscribers' own sessions say; nothing changes without capture data */
	if (sessions_gather(st, onts, now, &ses) < 0) {
		*why = "store failure";
		goto out;
	}
	for (i = 0; ses.onts_seen && i < CAPTURE_QUIET_MAX && i < VISIT_QUIET_MAX; i++)
		if (ses.sum.quiet[i] >= 0)
			vo.quiet[vo.nquiet++] = ses.sum.quiet[i];
	felt = sessions_felt(&ses, d->prio_session_events);
	if (visit_plan(&vo, d, w.tier, region, ps->p, ps->n, now, &v, why) < 0)
		goto out;
	priority_compute(d,
	                 &(struct priority_input){
	                     .severity = vo.severity,
	                     .tier = w.tier,
	                     .customers = n_onts > 0 ? (int)n_onts : 1,
	                     .predicted = vo.predicted == VISIT_NONE ? PRIORITY_NONE : vo.predicted,
	                     .reactive = v.reactive,
	                     .felt = felt ? ses.text : NULL,
	                     .now = now },
	                 &pr);
	json_object_set_new(order, "tier", json_string(w.tier->name));
	json_object_set_new(order, "region", json_string(region->name));
	if (!isnan(w.lat)) {
		loc = json_object();
		json_object_set_new(loc, "lat", json_real(w.lat));
		json_object_set_new(loc, "lon", json_real(w.lon));
		json_object_set_new(order, "location", loc);
	} else {
		json_object_set_new(order, "location", json_null());
	}
	json_object_set_new(order, "priority", json_integer(pr.level));
	json_object_set_new(order, "priority_reason", json_string(pr.reason));
	json_object_set_new(order, "visit", visit_json(&v));
	if (ses.onts_seen && json_is_object(json_object_get(order, "evidence")))
		json_object_set_new(json_object_get(order, "evidence"), "sessions",
		                    sessions_json(&ses, felt));
	s = json_dumps(ev, JSON_FLAGS);
	if (s == NULL)
		abort(); /* jansson fails only on allocation */
	*out = s;
	rc = 0;
out:
	for (i = 0; i < ps->n; i++)
		json_decref(ps->docs[i]);
	free(ps);
	json_decref(ev);
	return rc;
}

int dispatch_submit(const struct conf *conf, struct store *st, const char *order_id,
                    const char *event_json, int64_t time, char **out, const char **not_enriched)
{
	char *rich = NULL;
	const char *why = NULL;
	int rc;

	*not_enriched = NULL;
	if (dispatch_enrich(conf, st, event_json, time, &rich, &why) < 0) {
		*not_enriched = why;
		rich = xstrdup(event_json);
	}
	rc = outbox_submit(st, order_id, rich, time, NULL);
	if (rc < 0) {
		free(rich);
		return rc;
	}
	*out = rich;
	return 0;
}
