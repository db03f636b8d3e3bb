/* test_whatif: the what-if engine over a real SQLite store holding synthetic history (one ONT
 * losing 0.3 dB a day for 10 days, the others flat), compared with the profiles in force. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/conf.h"
#include "monitor/store.h"
#include "monitor/whatif.h"

#define T0       1700000000 /* 2023-11-14T22:13:20Z */
#define STEP     900        /* a reading every 15 minutes */
#define DAYS     10
#define SLOPE    0.3 /* dB per day */
#define NOW      (T0 + DAYS * 86400)
#define DECLINER "HWTC000000A1"

struct env {
	char dir[64];
	char db[128];
	struct conf *conf;
	struct store *ro;
};

static const struct {
	const char *olt, *port;
	int ont;
	const char *serial;
	double rx;
	bool declining;
} fleet[] = {
	{ "olt-1", "0/1/0", 1, DECLINER, -21.0, true },
	{ "olt-1", "0/1/0", 2, "HWTC000000A2", -19.5, false },
	{ "olt-1", "0/1/0", 3, "HWTC000000A3", -20.5, false },
	{ "olt-1", "0/1/1", 1, "HWTC000000B1", -22.0, false },
	{ "olt-2", "0/2/0", 1, "HWTC000000C1", -18.0, false },
};
#define NFLEET (sizeof(fleet) / sizeof(fleet[0]))

static void seed(const char *db)
{
	struct store *st;
	struct ont_reading r[NFLEET];

	assert_int_equal(store_open(db, &st), 0);
	assert_int_equal(store_begin(st), 0);
	for (int64_t t = T0; t < NOW; t += STEP) {
		for (size_t i = 0; i < NFLEET; i++) {
			double days = (double)(t - T0) / 86400;

			ont_reading_clear(&r[i], t);
			snprintf(r[i].olt, sizeof(r[i].olt), "%s", fleet[i].olt);
			snprintf(r[i].port, sizeof(r[i].port), "%s", fleet[i].port);
			r[i].ont = fleet[i].ont;
			snprintf(r[i].serial, sizeof(r[i].serial), "%s", fleet[i].serial);
			r[i].status = ONT_STATUS_ONLINE;
			r[i].rx_dbm = fleet[i].rx - (fleet[i].declining ? SLOPE * days : 0);
			r[i].olt_rx_dbm = -22.0;
			r[i].tx_dbm = 2.0;
			r[i].bias_ma = 10.0;
			r[i].temp_c = 40.0;
		}
		assert_int_equal(store_readings_add(st, r, NFLEET), 0);
	}
	assert_int_equal(store_commit(st), 0);
	store_close(st);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct conf_errors errs = { 0 };
	const char *text =
	    "thresholds = ( { name = \"watch\"; pon_class = \"gpon-b+\"; baseline_drop = 2.0; },\n"
	    "               { name = \"edge\"; pon_class = \"gpon-b+\"; rx_low_warn = -17.5; } );\n"
	    "olts = ( { name = \"olt-1\"; address = \"127.0.0.1\"; vendor = \"huawei-ma5600\";"
	    " thresholds = \"watch\"; snmp = { community = \"public\"; }; },\n"
	    "         { name = \"olt-2\"; address = \"127.0.0.1\"; vendor = \"huawei-ma5600\";"
	    " thresholds = \"edge\"; snmp = { community = \"public\"; }; } );\n";

	strcpy(e->dir, "/tmp/ow-whatif-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->db, sizeof(e->db), "%s/ontwatch.db", e->dir);
	if (conf_load_string(text, "t.conf", &e->conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fail();
	}
	seed(e->db);
	assert_int_equal(store_open_readonly(e->db, &e->ro), 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	store_close(e->ro);
	conf_free(e->conf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

/* Parse `body` (JSON text) into a request; asserts it parses. */
static void request(struct env *e, const char *body, struct whatif_request *req)
{
	char err[WHATIF_ERR_MAX] = "";
	json_t *j = json_loads(body, 0, NULL);

	assert_non_null(j);
	if (whatif_request_parse(j, e->conf, NOW, req, err) != 0)
		fail_msg("%s: %s", body, err);
	json_decref(j);
}

static struct whatif_result *run(struct env *e, const char *body)
{
	struct whatif_request req;
	struct whatif_result *res = NULL;
	char err[WHATIF_ERR_MAX] = "";

	request(e, body, &req);
	if (whatif_run(e->ro, e->conf, &req, &res, err) != 0)
		fail_msg("%s: %s", body, err);
	whatif_request_free(&req);
	return res;
}

/* The first order of a side that names `serial`, or NULL. */
static const struct whatif_order *order_of(const struct whatif_side *s, const char *serial)
{
	for (size_t i = 0; i < s->nlist; i++)
		for (size_t k = 0; k < s->list[i].nserials; k++)
			if (strcmp(s->list[i].serials[k], serial) == 0)
				return &s->list[i];
	return NULL;
}

#define ALL "\"from\": 1700000000, "

static void test_same_profile_same_orders(void **state)
{
	struct env *e = *state;
	struct whatif_result *r = run(e, "{" ALL "\"profile\": {}}");
	const struct whatif_order *a, *b;

	assert_int_equal(r->onts, NFLEET);
	assert_int_equal(r->readings, NFLEET * DAYS * 86400 / STEP);
	/* olt-1's "watch" profile (baseline_drop 2 dB) orders the decliner, nothing else */
	assert_int_equal(r->current.orders, 1);
	assert_int_equal(r->candidate.orders, 1);
	a = order_of(&r->current, DECLINER);
	b = order_of(&r->candidate, DECLINER);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a->key, "ont:olt-1/0/1/0/1");
	assert_string_equal(a->key, b->key);
	assert_int_equal(a->opened_at, b->opened_at);
	assert_int_equal(a->cause, DETECT_CAUSE_FIBER_BEND);
	assert_int_equal(r->current.by_cause[DETECT_CAUSE_FIBER_BEND], 1);
	assert_int_equal(r->current.onts_ordered, 1);
	/* opened once 2 dB are lost, about 6.7 days in; still open at the end */
	assert_in_range(a->opened_at, T0 + 6 * 86400, T0 + 9 * 86400);
	assert_true(a->resolved_at == DETECT_NONE);
	whatif_result_free(r);
}

static void test_stricter_orders_earlier(void **state)
{
	struct env *e = *state;
	struct whatif_result *r = run(e, "{" ALL "\"profile\": {\"baseline_drop\": 1.0}}");
	const struct whatif_order *cand = order_of(&r->candidate, DECLINER);
	const struct whatif_order *cur = order_of(&r->current, DECLINER);

	assert_non_null(cand);
	assert_non_null(cur);
	assert_true(cand->opened_at < cur->opened_at - 86400); /* 1 dB at 0.3 dB/day: 3 days */
	assert_int_equal(r->candidate.orders, 1);
	whatif_result_free(r);

	/* a trend that counts 0.5 dB in its window and acts 30 days ahead predicts the impact */
	r = run(e, "{" ALL "\"profile\": {\"time_to_act_hours\": 720, \"trend_min_change\": 0.5}}");
	cand = order_of(&r->candidate, DECLINER);
	cur = order_of(&r->current, DECLINER);
	assert_non_null(cand);
	assert_true(cand->opened_at < cur->opened_at);
	assert_true(cand->predicted != DETECT_NONE);
	/* -21 dBm losing 0.3 dB a day reaches the impact level (-27.5) 21.7 days in */
	assert_in_range(cand->predicted, T0 + 19 * 86400, T0 + 24 * 86400);
	whatif_result_free(r);
}

static void test_looser_orders_fewer(void **state)
{
	struct env *e = *state;
	struct whatif_result *r = run(e, "{" ALL "\"profile\": {\"baseline_drop\": 4}}");

	assert_int_equal(r->current.orders, 1);
	assert_int_equal(r->candidate.orders, 0);
	assert_int_equal(r->candidate.nlist, 0);
	assert_int_equal(r->candidate.onts_ordered, 0);
	whatif_result_free(r);
}

/* Without a base each ONT keeps its own profile, changed by the settings; with one, the base
 * replaces every profile. */
static void test_base_or_own_profile(void **state)
{
	struct env *e = *state;
	struct whatif_result *r = run(e, "{" ALL "\"profile\": {\"warn_min_drop\": 0}}");

	/* olt-2's "edge" profile warns at -17.5 dBm: its flat ONT at -18 is ordered once a
	 * stable link below the warning level is no longer excused */
	assert_int_equal(r->candidate.orders, 2);
	assert_non_null(order_of(&r->candidate, "HWTC000000C1"));
	assert_null(order_of(&r->current, "HWTC000000C1"));
	whatif_result_free(r);

	r = run(e, "{" ALL "\"profile\": {\"base\": \"gpon-b+\", \"warn_min_drop\": 0}}");
	assert_int_equal(r->candidate.orders, 0); /* gpon-b+ everywhere: -25 dBm, 3 dB drop */
	assert_int_equal(r->current.orders, 1);
	whatif_result_free(r);
}

static void test_selection(void **state)
{
	struct env *e = *state;
	struct whatif_result *r;
	const size_t per_ont = DAYS * 86400 / STEP;

	r = run(e, "{" ALL "\"serials\": [\"HWTC000000A2\", \"HWTC000000A3\", \"HWTC000000A2\"],"
	           " \"profile\": {\"baseline_drop\": 1.0}}");
	assert_int_equal(r->onts, 2);
	assert_int_equal(r->readings, 2 * per_ont);
	assert_int_equal(r->candidate.orders, 0);
	assert_int_equal(r->current.orders, 0);
	whatif_result_free(r);

	r = run(e, "{" ALL "\"olt\": \"olt-1\", \"port\": \"0/1/0\", \"profile\": {}}");
	assert_int_equal(r->onts, 3);
	assert_int_equal(r->current.orders, 1);
	whatif_result_free(r);

	r = run(e, "{" ALL "\"olt\": \"olt-2\", \"profile\": {\"warn_min_drop\": 0}}");
	assert_int_equal(r->onts, 1);
	assert_int_equal(r->candidate.orders, 1);
	assert_int_equal(r->current.orders, 0);
	whatif_result_free(r);

	/* every given member must match: the decliner is not on olt-2 */
	r = run(e, "{" ALL "\"olt\": \"olt-2\", \"serials\": [\"" DECLINER "\"], \"profile\": {}}");
	assert_int_equal(r->onts, 0);
	assert_int_equal(r->readings, 0);
	whatif_result_free(r);

	/* the range cuts the readings: one day, ISO times */
	r = run(e, "{\"from\": \"2023-11-19T22:13:20Z\", \"to\": \"2023-11-20T22:13:20Z\","
	           " \"profile\": {}}");
	assert_int_equal(r->from, T0 + 5 * 86400);
	assert_int_equal(r->to, T0 + 6 * 86400);
	assert_int_equal(r->readings, NFLEET * 86400 / STEP);
	whatif_result_free(r);

	/* the default range: the 7 days before now */
	r = run(e, "{\"profile\": {}}");
	assert_int_equal(r->from, NOW - 7 * 86400);
	assert_int_equal(r->readings, NFLEET * 7 * 86400 / STEP);
	whatif_result_free(r);
}

static void test_not_found(void **state)
{
	struct env *e = *state;
	static const struct {
		const char *body, *err;
	} cases[] = {
		{ "{\"serials\": [\"HWTC000000A2\", \"NOPE00000000\"], \"profile\": {}}",
		  "unknown ONT NOPE00000000" },
		{ "{\"olt\": \"olt-9\", \"profile\": {}}", "no ONT known on OLT olt-9" },
		{ "{\"olt\": \"olt-1\", \"port\": \"0/9/9\", \"profile\": {}}",
		  "no ONT known on OLT olt-1 port 0/9/9" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct whatif_request req;
		struct whatif_result *res = NULL;
		char err[WHATIF_ERR_MAX] = "";

		request(e, cases[i].body, &req);
		assert_int_equal(whatif_check(e->ro, &req, err), WHATIF_NOT_FOUND);
		assert_string_equal(err, cases[i].err);
		assert_int_equal(whatif_run(e->ro, e->conf, &req, &res, err), WHATIF_NOT_FOUND);
		assert_null(res);
		whatif_request_free(&req);
	}
}

static void test_readings_cap(void **state)
{
	struct env *e = *state;
	struct whatif_request req;
	struct whatif_result *res = NULL;
	char err[WHATIF_ERR_MAX] = "";

	request(e, "{" ALL "\"profile\": {}}", &req);
	req.max_readings = NFLEET * DAYS * 86400 / STEP - 1;
	assert_int_equal(whatif_run(e->ro, e->conf, &req, &res, err), WHATIF_TOO_BIG);
	assert_null(res);
	assert_non_null(strstr(err, "more than 4799 readings"));
	req.max_readings++; /* exactly as many as there are */
	assert_int_equal(whatif_run(e->ro, e->conf, &req, &res, err), 0);
	assert_int_equal(res->readings, req.max_readings);
	whatif_result_free(res);
	whatif_request_free(&req);
}

static void test_bad_requests(void **state)
{
	struct env *e = *state;
	static const struct {
		const char *body, *err;
	} cases[] = {
		{ "{\"profile\": {\"bogus\": 1}}", "profile.bogus: unknown threshold setting" },
		{ "{\"profile\": {\"name\": \"x\"}}", "profile.name: unknown threshold setting" },
		{ "{\"profile\": {\"hits\": 0}}", "profile.hits: 0 is out of range [1, 100]" },
		{ "{\"profile\": {\"hits\": 2.5}}", "profile.hits: expected an integer" },
		{ "{\"profile\": {\"rx_low_warn\": \"-20\"}}",
		  "profile.rx_low_warn: expected a number" },
		{ "{\"profile\": {\"base\": \"nope\"}}",
		  "profile.base: unknown threshold profile \"nope\"" },
		{ "{\"profile\": {\"base\": 3}}", "profile.base: expected a profile name" },
		{ "{\"profile\": {\"base\": \"gpon-b+\", \"rx_low_crit\": -20}}",
		  "profile: profile \"gpon-b+\" with these settings: rx_low_crit must not be above "
		  "rx_low_warn" },
		/* without a base every profile in use must stay consistent */
		{ "{\"profile\": {\"rx_low_crit\": -18}}",
		  "profile: profile \"gpon-b+\" with these settings: rx_low_crit must not be above "
		  "rx_low_warn" },
		{ "{}", "profile: expected an object (\"base\" and threshold settings)" },
		{ "{\"profile\": []}",
		  "profile: expected an object (\"base\" and threshold settings)" },
		{ "{\"profile\": {}, \"limit\": 3}", "unknown member \"limit\"" },
		{ "{\"from\": \"2023-11-20T00:00:00Z\", \"to\": \"2023-11-19T00:00:00Z\","
		  " \"profile\": {}}",
		  "from must be before to" },
		{ "{\"from\": 1700000000, \"to\": 1700000000, \"profile\": {}}",
		  "from must be before to" },
		{ "{\"from\": \"yesterday\", \"profile\": {}}",
		  "from: expected a time \"YYYY-MM-DDTHH:MM:SSZ\" or Unix seconds" },
		{ "{\"to\": -5, \"profile\": {}}",
		  "to: expected a time \"YYYY-MM-DDTHH:MM:SSZ\" or Unix seconds" },
		{ "{\"to\": 253402300800, \"profile\": {}}",
		  "to: expected a time \"YYYY-MM-DDTHH:MM:SSZ\" or Unix seconds" },
		{ "{\"port\": \"0/1/0\", \"profile\": {}}",
		  "port: needs olt (port names are per OLT)" },
		{ "{\"olt\": \"\", \"profile\": {}}",
		  "olt: expected a non-empty string of at most 63 bytes" },
		{ "{\"serials\": [], \"profile\": {}}",
		  "serials: expected an array of 1 to 10000 serials" },
		{ "{\"serials\": [\"A\", 7], \"profile\": {}}",
		  "serials[1]: expected a serial (a string of 1 to 31 bytes)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct whatif_request req;
		char err[WHATIF_ERR_MAX] = "";
		json_t *j = json_loads(cases[i].body, 0, NULL);

		assert_non_null(j);
		assert_int_equal(whatif_request_parse(j, e->conf, NOW, &req, err), WHATIF_INVALID);
		if (strcmp(err, cases[i].err) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].body, err, cases[i].err);
		json_decref(j);
	}
	/* not an object at all */
	{
		struct whatif_request req;
		char err[WHATIF_ERR_MAX] = "";
		json_t *j = json_array();

		assert_int_equal(whatif_request_parse(j, e->conf, NOW, &req, err), WHATIF_INVALID);
		assert_string_equal(err, "the body must be a JSON object");
		json_decref(j);
	}
}

static void test_json(void **state)
{
	struct env *e = *state;
	struct whatif_result *r = run(e, "{" ALL "\"profile\": {\"baseline_drop\": 1.0}}");
	json_t *j = whatif_result_json(r), *o;

	assert_string_equal(json_string_value(json_object_get(j, "from")), "2023-11-14T22:13:20Z");
	assert_int_equal(json_integer_value(json_object_get(j, "onts")), NFLEET);
	assert_int_equal(json_integer_value(json_object_get(j, "readings")), r->readings);
	o = json_object_get(json_object_get(j, "candidate"), "orders_list");
	assert_int_equal(json_array_size(o), 1);
	o = json_array_get(o, 0);
	assert_string_equal(json_string_value(json_object_get(o, "key")), "ont:olt-1/0/1/0/1");
	assert_string_equal(json_string_value(json_object_get(o, "cause")), "fiber_bend");
	assert_string_equal(json_string_value(json_object_get(o, "scope")), "ont");
	assert_non_null(json_string_value(json_object_get(o, "opened_at")));
	assert_true(json_is_null(json_object_get(o, "resolved_at")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "onts"), 0)),
	                    DECLINER);
	o = json_object_get(j, "current");
	assert_int_equal(json_integer_value(json_object_get(o, "orders")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(o, "by_cause"), "fiber_bend")), 1);
	assert_true(json_is_false(json_object_get(o, "orders_list_truncated")));
	json_decref(j);
	whatif_result_free(r);
}

/* The what-if connection cannot write, and opening read-only creates nothing. */
static void test_readonly_store(void **state)
{
	struct env *e = *state;
	struct ont_reading r;
	struct store *st = NULL;
	char path[160];

	ont_reading_clear(&r, NOW);
	snprintf(r.olt, sizeof(r.olt), "olt-1");
	snprintf(r.port, sizeof(r.port), "0/1/0");
	r.ont = 9;
	snprintf(r.serial, sizeof(r.serial), "HWTC000000FF");
	assert_int_not_equal(store_readings_add(e->ro, &r, 1), 0);
	snprintf(path, sizeof(path), "%s/missing.db", e->dir);
	assert_int_not_equal(store_open_readonly(path, &st), 0);
	assert_null(st);
	assert_int_not_equal(access(path, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_profile_same_orders),
		cmocka_unit_test(test_stricter_orders_earlier),
		cmocka_unit_test(test_looser_orders_fewer),
		cmocka_unit_test(test_base_or_own_profile),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_readings_cap),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_readonly_store),
	};

	/* one store for every test: the engine only reads it */
	return cmocka_run_group_tests(tests, setup, teardown);
}
