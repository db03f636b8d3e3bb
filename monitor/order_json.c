/* order_json: ontwatch.order/1 with jansson. Levels are rounded to 0.01 and printed in
 * fixed key order so identical events are identical bytes. */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/order_json.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

void order_json_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
}

int order_json_parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

json_t *order_json_time_value(int64_t t)
{
	char buf[32];

	if (t == DETECT_NONE)
		return json_null();
	order_json_time(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *jnum(double v)
{
	if (!isfinite(v))
		return json_null();
	double r = round(v * 100) / 100;
	if (r == 0)
		r = 0; /* no "-0.0" */
	return json_real(r);
}

static json_t *jstr_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

static json_t *ont_json(const struct order_ont *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "olt", json_string(t->olt));
	json_object_set_new(o, "port", json_string(t->port));
	json_object_set_new(o, "ont", json_integer(t->ont));
	json_object_set_new(o, "serial", jstr_or_null(t->serial));
	json_object_set_new(o, "customer_id", jstr_or_null(t->customer_id));
	json_object_set_new(
	    o, "cause",
	    t->cause == DETECT_CAUSE_NONE ? json_null() : json_string(detect_cause_name(t->cause)));
	json_object_set_new(o, "status", json_string(ont_status_name(t->status)));
	json_object_set_new(o, "rx_dbm", jnum(t->rx_dbm));
	json_object_set_new(o, "olt_rx_dbm", jnum(t->olt_rx_dbm));
	json_object_set_new(o, "tx_dbm", jnum(t->tx_dbm));
	json_object_set_new(o, "bias_ma", jnum(t->bias_ma));
	json_object_set_new(o, "temp_c", jnum(t->temp_c));
	json_object_set_new(o, "baseline_dbm", jnum(t->baseline_dbm));
	json_object_set_new(o, "drop_db", jnum(t->drop_db));
	return o;
}

static json_t *order_obj(const struct order *o, const char *state)
{
	json_t *j = json_object(), *onts = json_array(), *ev = json_object(), *rules = json_array();

	json_object_set_new(j, "id", json_string(o->id));
	json_object_set_new(j, "key", json_string(o->key));
	json_object_set_new(j, "scope", json_string(order_scope_name(o->scope)));
	json_object_set_new(j, "cause", json_string(detect_cause_name(o->cause)));
	json_object_set_new(j, "severity", json_string(detect_severity_name(o->severity)));
	if (state == NULL)
		state = o->resolved_at == DETECT_NONE ? "open" : "resolved";
	json_object_set_new(j, "state", json_string(state));
	json_object_set_new(j, "summary", json_string(o->summary));
	json_object_set_new(j, "olt", json_string(o->olt));
	json_object_set_new(j, "port", json_string(o->port));
	json_object_set_new(j, "splitter", jstr_or_null(o->splitter));
	json_object_set_new(j, "opened_at", order_json_time_value(o->opened_at));
	json_object_set_new(j, "updated_at", order_json_time_value(o->updated_at));
	json_object_set_new(j, "resolved_at", order_json_time_value(o->resolved_at));
	json_object_set_new(j, "resolution", jstr_or_null(o->resolution));
	json_object_set_new(j, "predicted_impact_at", order_json_time_value(o->predicted));
	for (size_t i = 0; i < o->n_onts; i++)
		json_array_append_new(onts, ont_json(&o->onts[i]));
	json_object_set_new(j, "onts", onts);
	for (int r = 0; r < DETECT_RULE_COUNT; r++)
		if (o->ev.rules & (1u << r))
			json_array_append_new(rules,
			                      json_string(detect_rule_name((enum detect_rule)r)));
	json_object_set_new(ev, "rules", rules);
	json_object_set_new(ev, "slope_db_day", jnum(o->ev.slope_db_day));
	json_object_set_new(ev, "los_events", json_integer(o->ev.los_events));
	json_object_set_new(ev, "jumps", json_integer(o->ev.jumps));
	json_object_set_new(ev, "onset_at", order_json_time_value(o->ev.onset));
	json_object_set_new(ev, "affected_onts", json_integer(o->ev.affected));
	json_object_set_new(ev, "segment_onts", json_integer(o->ev.members));
	json_object_set_new(ev, "median_drop_db", jnum(o->ev.median_drop_db));
	json_object_set_new(j, "evidence", ev);
	json_object_set_new(j, "events", json_integer(o->seq));
	return j;
}

char *order_json_order_in(const struct order *o, const char *state)
{
	json_t *j = order_obj(o, state);
	char *s = json_dumps(j, JSON_FLAGS);

	json_decref(j);
	if (s == NULL)
		abort(); /* jansson fails only on allocation */
	return s;
}

char *order_json_order(const struct order *o)
{
	return order_json_order_in(o, NULL);
}

char *order_json_event_in(const struct order_event *ev, const char *state)
{
	json_t *j = json_object();
	char *s;

	json_object_set_new(j, "schema", json_string(ORDER_JSON_SCHEMA));
	json_object_set_new(j, "event", json_string(order_event_name(ev->type)));
	json_object_set_new(j, "time", order_json_time_value(ev->time));
	json_object_set_new(j, "order", order_obj(ev->order, state));
	s = json_dumps(j, JSON_FLAGS);
	json_decref(j);
	if (s == NULL)
		abort();
	return s;
}

char *order_json_event(const struct order_event *ev)
{
	return order_json_event_in(ev, NULL);
}

static int get_str(json_t *o, const char *k, char *buf, size_t len, bool nullable)
{
	json_t *v = json_object_get(o, k);

	if (nullable && (v == NULL || json_is_null(v))) {
		buf[0] = '\0';
		return 0;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) >= len)
		return -1;
	memcpy(buf, json_string_value(v), strlen(json_string_value(v)) + 1);
	return 0;
}

static int get_time(json_t *o, const char *k, int64_t *out)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL || json_is_null(v)) {
		*out = DETECT_NONE;
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	return order_json_parse_time(json_string_value(v), out);
}

static double get_num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

int order_json_parse(const char *doc, struct order *out)
{
	json_error_t err;
	json_t *j = json_loads(doc, 0, &err), *onts, *ev, *rules;
	struct order o;
	char buf[64];

	memset(&o, 0, sizeof(o));
	if (!json_is_object(j))
		goto fail;
	if (get_str(j, "id", o.id, sizeof(o.id), false) ||
	    get_str(j, "key", o.key, sizeof(o.key), false) ||
	    get_str(j, "summary", o.summary, sizeof(o.summary), false) ||
	    get_str(j, "olt", o.olt, sizeof(o.olt), false) ||
	    get_str(j, "port", o.port, sizeof(o.port), false) ||
	    get_str(j, "splitter", o.splitter, sizeof(o.splitter), true) ||
	    get_str(j, "resolution", o.resolution, sizeof(o.resolution), true))
		goto fail;
	if (get_str(j, "scope", buf, sizeof(buf), false) || order_scope_parse(buf, &o.scope) ||
	    get_str(j, "cause", buf, sizeof(buf), false) || detect_cause_parse(buf, &o.cause) ||
	    get_str(j, "severity", buf, sizeof(buf), false) ||
	    detect_severity_parse(buf, &o.severity))
		goto fail;
	if (get_time(j, "opened_at", &o.opened_at) || get_time(j, "updated_at", &o.updated_at) ||
	    get_time(j, "resolved_at", &o.resolved_at) ||
	    get_time(j, "predicted_impact_at", &o.predicted) || o.opened_at == DETECT_NONE)
		goto fail;
	ev = json_object_get(j, "evidence");
	if (json_is_object(ev)) {
		rules = json_object_get(ev, "rules");
		for (size_t i = 0; json_is_array(rules) && i < json_array_size(rules); i++) {
			const char *rn = json_string_value(json_array_get(rules, i));
			for (int r = 0; rn && r < DETECT_RULE_COUNT; r++)
				if (strcmp(rn, detect_rule_name((enum detect_rule)r)) == 0)
					o.ev.rules |= 1u << r;
		}
		o.ev.slope_db_day = get_num(ev, "slope_db_day");
		o.ev.los_events = (int)json_integer_value(json_object_get(ev, "los_events"));
		o.ev.jumps = (int)json_integer_value(json_object_get(ev, "jumps"));
		if (get_time(ev, "onset_at", &o.ev.onset))
			goto fail;
		o.ev.affected = (int)json_integer_value(json_object_get(ev, "affected_onts"));
		o.ev.members = (int)json_integer_value(json_object_get(ev, "segment_onts"));
		o.ev.median_drop_db = get_num(ev, "median_drop_db");
	} else {
		o.ev.onset = DETECT_NONE;
	}
	o.seq = (unsigned)json_integer_value(json_object_get(j, "events"));
	onts = json_object_get(j, "onts");
	if (!json_is_array(onts) || json_array_size(onts) > ORDER_ONTS_MAX)
		goto fail;
	o.n_onts = json_array_size(onts);
	o.onts = o.n_onts ? xcalloc(o.n_onts, sizeof(*o.onts)) : NULL;
	for (size_t i = 0; i < o.n_onts; i++) {
		json_t *t = json_array_get(onts, i), *id;
		struct order_ont *d = &o.onts[i];

		if (!json_is_object(t) || get_str(t, "olt", d->olt, sizeof(d->olt), false) ||
		    get_str(t, "port", d->port, sizeof(d->port), false) ||
		    get_str(t, "serial", d->serial, sizeof(d->serial), true) ||
		    get_str(t, "customer_id", d->customer_id, sizeof(d->customer_id), true))
			goto fail;
		id = json_object_get(t, "ont");
		if (!json_is_integer(id))
			goto fail;
		d->ont = (int32_t)json_integer_value(id);
		if (get_str(t, "cause", buf, sizeof(buf), true) ||
		    (buf[0] && detect_cause_parse(buf, &d->cause)))
			goto fail;
		if (get_str(t, "status", buf, sizeof(buf), false) ||
		    ont_status_parse(buf, &d->status))
			goto fail;
		d->rx_dbm = get_num(t, "rx_dbm");
		d->olt_rx_dbm = get_num(t, "olt_rx_dbm");
		d->tx_dbm = get_num(t, "tx_dbm");
		d->bias_ma = get_num(t, "bias_ma");
		d->temp_c = get_num(t, "temp_c");
		d->baseline_dbm = get_num(t, "baseline_dbm");
		d->drop_db = get_num(t, "drop_db");
	}
	o.worst_rx = NAN;
	for (size_t i = 0; i < o.n_onts; i++)
		if (!isnan(o.onts[i].rx_dbm) &&
		    (isnan(o.worst_rx) || o.onts[i].rx_dbm < o.worst_rx))
			o.worst_rx = o.onts[i].rx_dbm;
	json_decref(j);
	*out = o;
	return 0;
fail:
	free(o.onts);
	json_decref(j);
	return -1;
}
