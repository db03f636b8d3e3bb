/* test_sessions: what passive capture adds to orders, with a real SQLite store holding capture
 * buckets: evidence.sessions and a higher priority with its reason, nothing without capture
 * data, quiet hours in the visit hints, the session_instability order through the daemon's
 * engine (opens, is explained away by optics, resolves when sessions calm down), and the
 * after-repair check. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/capture_evidence.h"
#include "monitor/conf_capture.h"
#include "monitor/dispatch.h"
#include "monitor/engine.h"

#define NOW  1772694000 /* 2026-03-05T07:00:00Z, a Thursday */
#define HOUR 3600
#define POLL 900

struct env {
	char dir[64];
	char db[128];
	char out[128];
	struct conf *conf;
	struct store *st;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct conf_errors errs = { 0 };
	char *text;

	strcpy(e->dir, "/tmp/ow-sessions-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->db, sizeof(e->db), "%s/ontwatch.db", e->dir);
	snprintf(e->out, sizeof(e->out), "%s/orders.jsonl", e->dir);
	assert_true(
	    asprintf(
	        &text,
	        "daemon = { instance = \"a\"; };\n"
	        "olts = ( { name = \"olt-01\"; address = \"127.0.0.1\";"
	        " vendor = \"huawei-ma5600\"; snmp = { community = \"public\"; }; } );\n"
	        "outputs = ( { name = \"f\"; type = \"file\"; path = \"%s\"; } );\n"
	        "regions = ( { name = \"utc\"; timezone = \"UTC\";"
	        " working_hours = \"Mon-Fri 08:00-17:00\"; } );\n"
	        "dispatch = { default_region = \"utc\"; windows = 3; };\n"
	        "capture = { interface = \"lo\"; unstable_hours = 6; unstable_events = 6; };\n",
	        e->out) > 0);
	if (conf_load_string(text, "t.conf", &e->conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fail();
	}
	free(text);
	assert_int_equal(store_open(e->db, &e->st), 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char path[160];

	store_close(e->st);
	conf_free(e->conf);
	unlink(e->out);
	unlink(e->db);
	snprintf(path, sizeof(path), "%s-wal", e->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", e->db);
	unlink(path);
	rmdir(e->dir);
	free(e);
	return 0;
}

/* One hour of capture evidence of olt-01 0/1/0 ONT `ont` starting at `start`. */
static void bucket(struct store *st, int ont, int64_t start, int redials, int drops, int lcp,
                   int64_t bytes)
{
	struct store_capture_bucket b = { .olt = "olt-01",
		                          .port = "0/1/0",
		                          .ont = ont,
		                          .start = start,
		                          .seconds = HOUR,
		                          .subscribers = 1,
		                          .pppoe_drops = drops,
		                          .pppoe_redials = redials,
		                          .lcp_echo_lost = lcp,
		                          .tcp_data = 1000,
		                          .tcp_retrans = 30,
		                          .bytes = bytes };

	assert_int_equal(store_capture_put(st, &b), 0);
}

/* The first line of tests/replay/bend.jsonl: a minor fiber_bend on olt-01 0/1/0 ONT 1. */
static const char bend_event[] =
    "{\"schema\":\"ontwatch.order/1\",\"event\":\"opened\",\"time\":\"2026-03-05T07:00:00Z\","
    "\"order\":{\"id\":\"ow-8e88e730b1682765\",\"key\":\"ont:olt-01/0/1/0/1\",\"scope\":\"ont\","
    "\"cause\":\"fiber_bend\",\"severity\":\"minor\",\"state\":\"open\",\"summary\":\"x\","
    "\"olt\":\"olt-01\",\"port\":\"0/1/0\",\"splitter\":null,\"opened_at\":\"2026-03-05T07:00:"
    "00Z\",\"updated_at\":\"2026-03-05T07:00:00Z\",\"resolved_at\":null,\"resolution\":null,"
    "\"predicted_impact_at\":\"2026-03-09T06:29:41Z\",\"onts\":[{\"olt\":\"olt-01\",\"port\":"
    "\"0/1/0\",\"ont\":1,\"serial\":\"HWTC00000001\",\"customer_id\":null,\"cause\":\"fiber_"
    "bend\",\"status\":\"online\",\"rx_dbm\":-22.7,\"olt_rx_dbm\":-24.2,\"tx_dbm\":2.23,"
    "\"bias_ma\":11.97,\"temp_c\":45.0,\"baseline_dbm\":-21.48,\"drop_db\":1.22}],\"evidence\":"
    "{\"rules\":[\"trend\"],\"slope_db_day\":-1.19,\"los_events\":0,\"jumps\":0,\"onset_at\":"
    "\"2026-03-05T03:00:00Z\",\"affected_onts\":1,\"segment_onts\":1,\"median_drop_db\":1.22},"
    "\"events\":1}}";

static json_t *enrich(struct env *e, const char *event)
{
	char *out = NULL;
	const char *why = "";
	json_t *j;

	assert_int_equal(dispatch_enrich(e->conf, e->st, event, NOW, &out, &why), 0);
	j = json_loads(out, 0, NULL);
	assert_non_null(j);
	free(out);
	return j;
}

static json_t *order_of(json_t *ev)
{
	return json_object_get(ev, "order");
}

static const char *reason_of(json_t *ev)
{
	return json_string_value(json_object_get(order_of(ev), "priority_reason"));
}

static void test_no_capture_data_changes_nothing(void **state)
{
	struct env *e = *state;
	char *before = NULL, *after = NULL;
	const char *why;
	json_t *j;

	assert_int_equal(dispatch_enrich(e->conf, e->st, bend_event, NOW, &before, &why), 0);
	/* evidence of other ONTs, and of this one long ago, is not about this order */
	bucket(e->st, 7, NOW - 2 * HOUR, 9, 9, 4, 5000);
	bucket(e->st, 1, NOW - 40 * 86400, 9, 9, 4, 5000);
	assert_int_equal(dispatch_enrich(e->conf, e->st, bend_event, NOW, &after, &why), 0);
	assert_string_equal(before, after);
	j = json_loads(after, 0, NULL);
	assert_null(json_object_get(json_object_get(order_of(j), "evidence"), "sessions"));
	assert_null(json_object_get(json_object_get(order_of(j), "visit"), "quiet_hours"));
	assert_null(strstr(reason_of(j), "feels"));
	json_decref(j);
	free(before);
	free(after);
}

static void test_evidence_and_escalation(void **state)
{
	struct env *e = *state;
	json_t *plain, *calm, *felt, *s;
	json_int_t p_plain, p_felt;

	plain = enrich(e, bend_event);
	p_plain = json_integer_value(json_object_get(order_of(plain), "priority"));

	/* one drop in the day: evidence shown, below the threshold, priority unchanged */
	bucket(e->st, 1, NOW - 5 * HOUR, 0, 1, 0, 5000);
	calm = enrich(e, bend_event);
	s = json_object_get(json_object_get(order_of(calm), "evidence"), "sessions");
	assert_non_null(s);
	assert_int_equal(json_integer_value(json_object_get(s, "pppoe_drops")), 1);
	assert_false(json_is_true(json_object_get(s, "customer_feels_it")));
	assert_string_equal(reason_of(calm), reason_of(plain));

	/* nine re-dials: the customer already feels it */
	for (int h = 1; h <= 3; h++)
		bucket(e->st, 1, NOW - h * HOUR, 3, 3, 1, 5000);
	felt = enrich(e, bend_event);
	s = json_object_get(json_object_get(order_of(felt), "evidence"), "sessions");
	assert_non_null(s);
	assert_int_equal(json_integer_value(json_object_get(s, "window_hours")), 24);
	assert_int_equal(json_integer_value(json_object_get(s, "onts_seen")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "pppoe_redials")), 9);
	assert_int_equal(json_integer_value(json_object_get(s, "pppoe_drops")), 10);
	assert_int_equal(json_integer_value(json_object_get(s, "lcp_echo_lost")), 3);
	assert_true(json_is_true(json_object_get(s, "customer_feels_it")));
	assert_true(json_number_value(json_object_get(s, "tcp_retrans_pct")) == 3.0);
	assert_non_null(strstr(json_string_value(json_object_get(s, "text")),
	                       "9 PPPoE re-dials, 10 PPPoE drops, 3 LCP echoes lost"));
	p_felt = json_integer_value(json_object_get(order_of(felt), "priority"));
	assert_non_null(strstr(reason_of(felt), "customer already feels it (9 PPPoE re-dials"));
	assert_non_null(strstr(reason_of(felt), "+20"));
	/* minor severity 10 + impact in 95 h 10 = 20 (P4); + 20 = 40 (P3) */
	assert_int_equal(p_plain, 4);
	assert_int_equal(p_felt, 3);
	json_decref(plain);
	json_decref(calm);
	json_decref(felt);
}

/* The affected subscribers' last weeks: busy everywhere except Tue 03:00 (the quietest),
 * Fri 15:00 and Mon 16:00 UTC; hour of week 0 is Monday 00:00. */
static void activity(struct store *st, int ont)
{
	for (int64_t t = NOW - 14 * 86400; t < NOW; t += HOUR) {
		int how = (int)((t / HOUR + 72) % 168);
		int64_t bytes = how == 24 + 3 ? 5 : how == 96 + 15 ? 10 : how == 16 ? 20 : 1000000;
		bucket(st, ont, t, 0, 0, 0, bytes);
	}
}

static const char *window_start(json_t *visit, size_t i)
{
	return json_string_value(
	    json_object_get(json_array_get(json_object_get(visit, "windows"), i), "start"));
}

static void test_quiet_hours(void **state)
{
	struct env *e = *state;
	json_t *ev = json_loads(bend_event, 0, NULL), *order = json_object_get(ev, "order");
	json_t *j, *visit, *q, *onts;
	char *pon;

	activity(e->st, 1);
	activity(e->st, 2);
	/* a fault on the PON: outdoor work that interrupts everybody's service */
	json_object_set_new(order, "key", json_string("pon:olt-01/0/1/0"));
	json_object_set_new(order, "scope", json_string("pon"));
	json_object_set_new(order, "cause", json_string("shared_segment"));
	onts = json_object_get(order, "onts");
	json_array_append_new(onts, json_deep_copy(json_array_get(onts, 0)));
	json_object_set_new(json_array_get(onts, 1), "ont", json_integer(2));
	json_object_set_new(json_array_get(onts, 1), "serial", json_string("HWTC00000002"));
	pon = json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER);

	j = enrich(e, pon);
	visit = json_object_get(order_of(j), "visit");
	q = json_object_get(visit, "quiet_hours");
	assert_int_equal(json_array_size(q), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "start")),
	                    "2026-03-10T03:00:00+00:00");
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "end")),
	                    "2026-03-10T04:00:00+00:00");
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 1), "start")),
	                    "2026-03-06T15:00:00+00:00");
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 2), "start")),
	                    "2026-03-09T16:00:00+00:00");
	/* a working-hours window touching a quiet hour before due_by (Sun 06:29, a day before
	 * the predicted impact) comes first: Fri; then the rest in time order: Thu, Mon (its
	 * 16:00 is quiet too, but after due_by) */
	assert_string_equal(json_string_value(json_object_get(visit, "due_by")),
	                    "2026-03-08T06:29:41+00:00");
	assert_false(json_is_true(json_object_get(visit, "requires_customer_presence")));
	assert_int_equal(json_array_size(json_object_get(visit, "windows")), 3);
	assert_string_equal(window_start(visit, 0), "2026-03-06T08:00:00+00:00");
	assert_string_equal(window_start(visit, 1), "2026-03-05T08:00:00+00:00");
	assert_string_equal(window_start(visit, 2), "2026-03-09T08:00:00+00:00");
	json_decref(j);

	/* work in the home keeps the customer's order of windows; the hint is still given */
	j = enrich(e, bend_event);
	visit = json_object_get(order_of(j), "visit");
	assert_int_equal(json_array_size(json_object_get(visit, "quiet_hours")), 3);
	assert_string_equal(window_start(visit, 0), "2026-03-05T08:00:00+00:00");
	assert_string_equal(window_start(visit, 1), "2026-03-06T08:00:00+00:00");
	json_decref(j);
	free(pon);
	json_decref(ev);
}

/* One poll of ONTs 0..3 of olt-01 0/1/0 at t; ONT 2 has lost `loss` dB. */
static void poll_round(struct engine *en, int64_t t, double loss)
{
	struct ont_reading r[4];

	for (int i = 0; i < 4; i++) {
		ont_reading_clear(&r[i], t);
		strcpy(r[i].olt, "olt-01");
		strcpy(r[i].port, "0/1/0");
		r[i].ont = i;
		snprintf(r[i].serial, sizeof(r[i].serial), "HWTC0000000%d", i);
		r[i].status = ONT_STATUS_ONLINE;
		r[i].rx_dbm = -18 - i * 0.5 - (i == 2 ? loss : 0) + (t / POLL % 3) * 0.1;
		r[i].olt_rx_dbm = r[i].rx_dbm - 1;
		r[i].tx_dbm = 2.2;
		r[i].bias_ma = 12;
		r[i].temp_c = 45;
	}
	engine_feed(en, r, 4);
}

struct found {
	const char *key;
	int n, open;
	char resolution[32];
};

static int find_order(void *arg, const struct store_order *o)
{
	struct found *f = arg;
	json_t *doc;

	if (strcmp(o->problem_key, f->key) != 0)
		return 0;
	f->n++;
	f->open += o->open;
	doc = json_loads(o->doc, 0, NULL);
	snprintf(f->resolution, sizeof(f->resolution), "%s",
	         json_string_value(json_object_get(doc, "resolution"))
	             ? json_string_value(json_object_get(doc, "resolution"))
	             : "");
	json_decref(doc);
	return 0;
}

static struct found orders_for(struct store *st, const char *key)
{
	struct found f = { .key = key };

	assert_int_equal(store_orders_each(st, false, NULL, find_order, &f), 0);
	return f;
}

static int lines_with(const char *path, const char *a, const char *b)
{
	FILE *fp = fopen(path, "r");
	char buf[16384];
	int n = 0;

	if (fp == NULL)
		return 0;
	while (fgets(buf, sizeof(buf), fp))
		n += strstr(buf, a) != NULL && (b == NULL || strstr(buf, b) != NULL);
	fclose(fp);
	return n;
}

static void test_session_instability_order(void **state)
{
	struct env *e = *state;
	struct output_set *out;
	struct engine *en;
	struct found f;
	int64_t t0 = NOW - 4 * 86400, t;

	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, e->st, out, &en), 0);
	/* days of good light on every ONT (a baseline), then ONT 2 loses 4 dB (a connector) */
	for (t = t0; t < NOW - 12 * HOUR; t += POLL)
		poll_round(en, t, 0);
	for (; t < NOW; t += POLL)
		poll_round(en, t, 4);
	assert_int_equal(orders_for(e->st, "ont:olt-01/0/1/0/2").open, 1);

	/* ONT 1 (good optics) and ONT 2 (its loss explains it) keep re-dialling */
	for (int h = 1; h <= 4; h++) {
		bucket(e->st, 1, NOW - h * HOUR, 2, 2, 0, 5000);
		bucket(e->st, 2, NOW - h * HOUR, 2, 2, 0, 5000);
	}
	bucket(e->st, 3, NOW - HOUR, 1, 1, 0, 5000); /* below the threshold */
	engine_sessions_check(en, NOW);

	f = orders_for(e->st, "session:olt-01/0/1/0/1");
	assert_int_equal(f.n, 1);
	assert_int_equal(f.open, 1);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/2").n, 0);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/3").n, 0);
	assert_int_equal(
	    lines_with(e->out, "\"event\":\"opened\"", "\"cause\":\"session_instability\""), 1);
	/* the announced order carries its evidence, and the term that raised its priority */
	assert_int_equal(lines_with(e->out, "\"key\":\"session:olt-01/0/1/0/1\"",
	                            "\"sessions\":{\"window_hours\":24"),
	                 1);
	assert_int_equal(lines_with(e->out, "\"key\":\"session:olt-01/0/1/0/1\"",
	                            "customer already feels it (8 PPPoE re-dials"),
	                 1);

	/* still unstable an hour later: the same order, no second one */
	bucket(e->st, 1, NOW, 2, 2, 0, 5000);
	engine_sessions_check(en, NOW + HOUR);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/1").n, 1);

	/* calm: quiet buckets from NOW + 1 h. The last window of 6 h holds fewer than 6 events
	 * from the check at NOW + 6 h on; calm for a whole window more resolves it. */
	for (t = NOW + HOUR; t <= NOW + 16 * HOUR; t += HOUR) {
		bucket(e->st, 1, t, 0, 0, 0, 5000);
		engine_sessions_check(en, t + HOUR);
		assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/1").open,
		                 t + HOUR < NOW + 12 * HOUR);
	}
	f = orders_for(e->st, "session:olt-01/0/1/0/1");
	assert_int_equal(f.n, 1);
	assert_int_equal(f.open, 0);
	assert_string_equal(f.resolution, "recovered");
	assert_int_equal(lines_with(e->out, "\"event\":\"resolved\"", "session:olt-01/0/1/0/1"), 1);

	engine_close(en);
	output_set_close(out);
}

static void test_optics_take_over(void **state)
{
	struct env *e = *state;
	struct output_set *out;
	struct engine *en;
	int64_t t0 = NOW - 3 * 86400, t;
	struct found f;

	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, e->st, out, &en), 0);
	for (t = t0; t < NOW; t += POLL)
		poll_round(en, t, 0);
	for (int h = 1; h <= 4; h++)
		bucket(e->st, 2, NOW - h * HOUR, 2, 2, 0, 5000);
	engine_sessions_check(en, NOW);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/2").open, 1);

	/* then ONT 2's light drops: the optical order explains the sessions */
	for (; t < NOW + 12 * HOUR; t += POLL)
		poll_round(en, t, 4);
	assert_int_equal(orders_for(e->st, "ont:olt-01/0/1/0/2").open, 1);
	bucket(e->st, 2, t - HOUR, 2, 2, 0, 5000);
	bucket(e->st, 2, t - 2 * HOUR, 2, 2, 0, 5000);
	bucket(e->st, 2, t - 3 * HOUR, 2, 2, 0, 5000);
	engine_sessions_check(en, t);
	f = orders_for(e->st, "session:olt-01/0/1/0/2");
	assert_int_equal(f.open, 0);
	assert_string_equal(f.resolution, "merged");

	/* a restart continues neither a resolved session order nor invents one */
	engine_close(en);
	assert_int_equal(engine_open(e->conf, e->st, out, &en), 0);
	engine_sessions_check(en, t);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/2").n, 1);
	engine_close(en);
	output_set_close(out);
}

static void test_session_order_survives_restart(void **state)
{
	struct env *e = *state;
	struct output_set *out;
	struct engine *en;
	struct found f;

	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, e->st, out, &en), 0);
	for (int h = 1; h <= 3; h++)
		bucket(e->st, 3, NOW - h * HOUR, 3, 3, 0, 5000);
	engine_sessions_check(en, NOW);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/3").open, 1);
	engine_close(en);

	/* after a restart the subscribers fall silent (no buckets at all): the open order is
	 * found in the store and resolved after the hold */
	assert_int_equal(engine_open(e->conf, e->st, out, &en), 0);
	for (int64_t t = NOW + 7 * HOUR; t <= NOW + 14 * HOUR; t += HOUR)
		engine_sessions_check(en, t);
	f = orders_for(e->st, "session:olt-01/0/1/0/3");
	assert_int_equal(f.n, 1);
	assert_int_equal(f.open, 0);
	assert_string_equal(f.resolution, "recovered");
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\"", "session:olt-01/0/1/0/3"), 1);

	/* the finding turned off (a reload) while an order is open: it still resolves */
	for (int h = 1; h <= 3; h++)
		bucket(e->st, 3, NOW + 20 * HOUR - h * HOUR, 3, 3, 0, 5000);
	engine_sessions_check(en, NOW + 20 * HOUR);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/3").open, 1);
	e->conf->capture->unstable_events = 0;
	engine_sessions_check(en, NOW + 21 * HOUR);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/3").open, 1);
	engine_sessions_check(en, NOW + 27 * HOUR);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/3").open, 0);
	assert_int_equal(orders_for(e->st, "session:olt-01/0/1/0/3").n, 2);
	engine_close(en);
	output_set_close(out);
}

static void test_verify_quiet(void **state)
{
	struct env *e = *state;
	enum capture_verdict v = CAPTURE_TROUBLE;
	int64_t repair = NOW - 10 * HOUR;

	assert_int_equal(capture_verify_quiet(e->st, "olt-01", "0/1/0", 1, repair, NOW, &v), 0);
	assert_int_equal(v, CAPTURE_UNSEEN);
	bucket(e->st, 1, repair - 2 * HOUR, 5, 5, 2, 5000); /* before the repair */
	for (int64_t t = repair; t < NOW; t += HOUR)
		bucket(e->st, 1, t, 0, 0, 1, 5000); /* an echo lost is not a broken session */
	assert_int_equal(capture_verify_quiet(e->st, "olt-01", "0/1/0", 1, repair, NOW, &v), 0);
	assert_int_equal(v, CAPTURE_QUIET);
	bucket(e->st, 1, NOW - HOUR, 1, 0, 0, 5000);
	assert_int_equal(capture_verify_quiet(e->st, "olt-01", "0/1/0", 1, repair, NOW, &v), 0);
	assert_int_equal(v, CAPTURE_TROUBLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_capture_data_changes_nothing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_evidence_and_escalation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quiet_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_instability_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optics_take_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_order_survives_restart, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_verify_quiet, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
