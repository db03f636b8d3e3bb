/* test_order: order lifecycle (hold, open, escalate, rate-limited update, resolve), stable ids,
 * restart without duplicates, and the ontwatch.order/1 JSON round trip. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/order.h"
#include "monitor/order_json.h"

#define T0 1772700900 /* 2026-03-05T08:55:00Z */
#define H  3600

struct rec {
	int n;
	enum order_event_type type[32];
	int64_t time[32];
	char id[32][ORDER_ID_MAX];
	enum detect_severity sev[32];
	char *json[32];
};

static void record(const struct order_event *ev, void *arg)
{
	struct rec *r = arg;

	assert_true(r->n < 32);
	r->type[r->n] = ev->type;
	r->time[r->n] = ev->time;
	memcpy(r->id[r->n], ev->order->id, ORDER_ID_MAX);
	r->sev[r->n] = ev->order->severity;
	r->json[r->n] = order_json_event(ev);
	r->n++;
}

static void rec_free(struct rec *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->json[i]);
}

static struct order_problem *problem(enum detect_severity sev, double rx)
{
	static struct order_problem pr;

	memset(&pr, 0, sizeof(pr));
	strcpy(pr.key, "ont:olt-01/0/1/3/12");
	pr.scope = ORDER_SCOPE_ONT;
	strcpy(pr.olt, "olt-01");
	strcpy(pr.port, "0/1/3");
	pr.cause = DETECT_CAUSE_FIBER_BEND;
	pr.severity = sev;
	pr.predicted = T0 + 90 * H;
	pr.ev.rules = 1u << DETECT_RULE_TREND;
	pr.ev.slope_db_day = -0.8;
	pr.ev.onset = T0 - 20 * H;
	pr.ev.affected = pr.ev.members = 1;
	pr.ev.median_drop_db = 1.3;
	pr.n_onts = 1;
	strcpy(pr.onts[0].olt, "olt-01");
	strcpy(pr.onts[0].port, "0/1/3");
	pr.onts[0].ont = 12;
	strcpy(pr.onts[0].serial, "HWTC1A2B3C4D");
	pr.onts[0].cause = DETECT_CAUSE_FIBER_BEND;
	pr.onts[0].status = ONT_STATUS_ONLINE;
	pr.onts[0].rx_dbm = rx;
	pr.onts[0].olt_rx_dbm = -23.5;
	pr.onts[0].tx_dbm = 2.31;
	pr.onts[0].bias_ma = 12.4;
	pr.onts[0].temp_c = 44.1;
	pr.onts[0].baseline_dbm = -21.2;
	pr.onts[0].drop_db = -21.2 - rx;
	return &pr;
}

static void test_lifecycle(void **state)
{
	const struct threshold_profile *p = threshold_builtin("gpon-b+");
	struct rec r = { 0 };
	struct order_book *b = order_book_new(record, &r);
	const char *key = "ont:olt-01/0/1/3/12";
	int64_t t = T0;

	(void)state;
	/* held for correlation: nothing until open_hold_hours have passed */
	order_book_observe(b, key, problem(DETECT_SEV_MINOR, -22.5), p, t);
	order_book_observe(b, key, problem(DETECT_SEV_MINOR, -22.5), p, t += H);
	assert_int_equal(r.n, 0);
	assert_true(order_book_has(b, key));
	assert_null(order_book_find(b, key));
	order_book_observe(b, key, problem(DETECT_SEV_MINOR, -22.6), p, t += H);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.type[0], ORDER_EV_OPENED);
	assert_int_equal(order_book_count(b), 1);
	/* the same problem again: no event, no second order */
	for (int i = 0; i < 4; i++)
		order_book_observe(b, key, problem(DETECT_SEV_MINOR, -22.6), p, t += 900);
	assert_int_equal(r.n, 1);
	/* worse by a dB: an update, but not more often than update_min_hours */
	order_book_observe(b, key, problem(DETECT_SEV_MINOR, -23.7), p, t += 900);
	assert_int_equal(r.n, 1);
	order_book_observe(b, key, problem(DETECT_SEV_MINOR, -23.7), p, t += 6 * H);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.type[1], ORDER_EV_UPDATED);
	/* more severe: escalated at once */
	order_book_observe(b, key, problem(DETECT_SEV_MAJOR, -23.9), p, t += 900);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.type[2], ORDER_EV_ESCALATED);
	assert_int_equal(r.sev[2], DETECT_SEV_MAJOR);
	/* recovered, but resolves only after resolve_hold_hours */
	order_book_observe(b, key, NULL, p, t += 900);
	order_book_observe(b, key, NULL, p, t += 3 * H);
	assert_int_equal(r.n, 3);
	order_book_observe(b, key, NULL, p, t += H);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.type[3], ORDER_EV_RESOLVED);
	assert_false(order_book_has(b, key));
	/* one id throughout */
	for (int i = 1; i < 4; i++)
		assert_string_equal(r.id[i], r.id[0]);
	assert_non_null(strstr(r.json[3], "\"resolution\":\"recovered\""));
	/* a new problem later is a new order with a new id */
	order_book_observe(b, key, problem(DETECT_SEV_CRITICAL, -27.9), p, t += 24 * H);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.type[4], ORDER_EV_OPENED); /* critical: no hold */
	assert_string_not_equal(r.id[4], r.id[0]);
	order_book_free(b);
	rec_free(&r);
}

static void test_flapping_problem_keeps_one_order(void **state)
{
	const struct threshold_profile *p = threshold_builtin("gpon-b+");
	struct rec r = { 0 };
	struct order_book *b = order_book_new(record, &r);
	const char *key = "ont:olt-01/0/1/3/12";
	int64_t t = T0;

	(void)state;
	order_book_observe(b, key, problem(DETECT_SEV_CRITICAL, -28), p, t);
	for (int i = 0; i < 20; i++) {
		order_book_observe(b, key, NULL, p, t += H);
		order_book_observe(b, key, problem(DETECT_SEV_CRITICAL, -28), p, t += H);
	}
	assert_int_equal(r.n, 1);
	order_book_free(b);
	rec_free(&r);
}

static void test_ids_are_stable(void **state)
{
	char a[ORDER_ID_MAX], b[ORDER_ID_MAX], c[ORDER_ID_MAX];

	(void)state;
	order_make_id("pon:olt-01/0/1/3", T0, a);
	order_make_id("pon:olt-01/0/1/3", T0, b);
	order_make_id("pon:olt-01/0/1/3", T0 + 900, c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 19);
	assert_memory_equal(a, "ow-", 3);
}

static void test_restart_continues_without_duplicate(void **state)
{
	const struct threshold_profile *p = threshold_builtin("gpon-b+");
	struct rec r1 = { 0 }, r2 = { 0 };
	struct order_book *b1 = order_book_new(record, &r1), *b2;
	const char *key = "ont:olt-01/0/1/3/12";
	struct order restored;
	char *doc;

	(void)state;
	order_book_observe(b1, key, problem(DETECT_SEV_CRITICAL, -27.9), p, T0);
	assert_int_equal(r1.n, 1);
	/* what the daemon stores, then reads back after a restart */
	doc = order_json_order(order_book_find(b1, key));
	assert_int_equal(order_json_parse(doc, &restored), 0);
	b2 = order_book_new(record, &r2);
	assert_int_equal(order_book_restore(b2, &restored), 0);
	assert_int_equal(order_book_restore(b2, &restored), -1);
	order_book_observe(b2, key, problem(DETECT_SEV_CRITICAL, -27.9), p, T0 + H);
	assert_int_equal(r2.n, 0); /* continues: no second "opened" */
	order_book_observe(b2, key, NULL, p, T0 + 2 * H);
	order_book_observe(b2, key, NULL, p, T0 + 7 * H);
	assert_int_equal(r2.n, 1);
	assert_int_equal(r2.type[0], ORDER_EV_RESOLVED);
	assert_string_equal(r2.id[0], r1.id[0]);
	free(restored.onts);
	free(doc);
	order_book_free(b1);
	order_book_free(b2);
	rec_free(&r1);
	rec_free(&r2);
}

static void test_json_shape_and_round_trip(void **state)
{
	const struct threshold_profile *p = threshold_builtin("gpon-b+");
	struct rec r = { 0 };
	struct order_book *b = order_book_new(record, &r);
	const char *key = "ont:olt-01/0/1/3/12";
	struct order back;
	char *doc, *doc2;

	(void)state;
	order_book_observe(b, key, problem(DETECT_SEV_CRITICAL, -25.9), p, T0 + 5 * 60);
	assert_int_equal(r.n, 1);
	const char *j = r.json[0];
	assert_memory_equal(j,
	                    "{\"schema\":\"ontwatch.order/1\",\"event\":\"opened\","
	                    "\"time\":\"2026-03-05T09:00:00Z\",\"order\":{\"id\":\"ow-",
	                    strlen("{\"schema\":\"ontwatch.order/1\",\"event\":\"opened\","
	                           "\"time\":\"2026-03-05T09:00:00Z\",\"order\":{\"id\":\"ow-"));
	assert_non_null(strstr(j, "\"scope\":\"ont\",\"cause\":\"fiber_bend\","
	                          "\"severity\":\"critical\",\"state\":\"open\""));
	assert_non_null(strstr(j, "\"predicted_impact_at\":\"2026-03-09T02:55:00Z\""));
	assert_non_null(strstr(j,
	                       "\"onts\":[{\"olt\":\"olt-01\",\"port\":\"0/1/3\",\"ont\":12,"
	                       "\"serial\":\"HWTC1A2B3C4D\",\"customer_id\":null,"
	                       "\"cause\":\"fiber_bend\",\"status\":\"online\",\"rx_dbm\":-25.9,"));
	assert_non_null(strstr(j, "\"rules\":[\"trend\"]"));
	assert_null(strchr(j, '\n'));

	doc = order_json_order(order_book_find(b, key));
	assert_int_equal(order_json_parse(doc, &back), 0);
	doc2 = order_json_order(&back);
	assert_string_equal(doc, doc2);
	assert_int_equal(back.n_onts, 1);
	assert_true(fabs(back.onts[0].rx_dbm + 25.9) < 1e-9);
	assert_int_equal(order_json_parse("{\"id\":1}", &back) == -1, 1);
	assert_int_equal(order_json_parse("not json", &back), -1);
	free(back.onts);
	free(doc);
	free(doc2);
	order_book_free(b);
	rec_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_flapping_problem_keeps_one_order),
		cmocka_unit_test(test_ids_are_stable),
		cmocka_unit_test(test_restart_continues_without_duplicate),
		cmocka_unit_test(test_json_shape_and_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
