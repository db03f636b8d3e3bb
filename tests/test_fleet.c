/* test_fleet: correlation over whole fleets: a shared loss becomes one splitter or PON order
 * listing its ONTs, a lone loss stays the ONT's, and power cuts open nothing. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/fleet.h"

#define T0   1772323200
#define POLL 900
#define DAY  86400
#define N    16

static uint32_t rng = 777;

static double noise(double a)
{
	rng = rng * 1103515245u + 12345u;
	return ((double)((rng >> 8) & 0xffff) / 65535.0 * 2 - 1) * a;
}

struct rec {
	int opened, resolved, other;
	enum order_scope scope[16];
	enum detect_cause cause[16];
	size_t onts[16];
};

static void record(const struct order_event *ev, void *arg)
{
	struct rec *r = arg;

	if (ev->type == ORDER_EV_OPENED && r->opened < 16) {
		r->scope[r->opened] = ev->order->scope;
		r->cause[r->opened] = ev->order->cause;
		r->onts[r->opened] = ev->order->n_onts;
		r->opened++;
	} else if (ev->type == ORDER_EV_RESOLVED) {
		r->resolved++;
	} else {
		r->other++;
	}
}

/* loss(i, t) gives ONT i's extra loss in dB at t, NAN for LOS, INFINITY for powered off. */
typedef double (*loss_fn)(int i, int64_t t);

static void run(struct fleet *f, int days, loss_fn loss)
{
	struct ont_reading r;

	for (int64_t t = T0; t < T0 + (int64_t)days * DAY; t += POLL)
		for (int i = 0; i < N; i++) {
			double l = loss(i, t);
			ont_reading_clear(&r, t);
			snprintf(r.olt, sizeof(r.olt), "olt-1");
			snprintf(r.port, sizeof(r.port), "0/1/0");
			r.ont = i;
			snprintf(r.serial, sizeof(r.serial), "SN%02d", i);
			if (isinf(l)) {
				r.status = ONT_STATUS_OFFLINE;
			} else if (isnan(l)) {
				r.status = ONT_STATUS_LOS;
			} else {
				r.status = ONT_STATUS_ONLINE;
				r.rx_dbm = -17 - (i % 5) - l + noise(0.3);
				r.olt_rx_dbm = r.rx_dbm - 1;
				r.tx_dbm = 2.2 + noise(0.05);
				r.bias_ma = 12 + noise(0.1);
				r.temp_c = 45;
			}
			assert_int_equal(fleet_feed(f, &r), 0);
		}
	fleet_flush(f);
}

static struct fleet *mkfleet(struct rec *r, bool splitters)
{
	struct fleet *f = fleet_new(threshold_builtin("gpon-b+"), record, r);
	char sn[16];

	memset(r, 0, sizeof(*r));
	for (int i = 0; splitters && i < N; i++) {
		snprintf(sn, sizeof(sn), "SN%02d", i);
		assert_int_equal(fleet_set_customer(f, sn, "C1", i < 8 ? "sp-a" : "sp-b"), 0);
	}
	return f;
}

static double splitter_step(int i, int64_t t)
{
	return i < 8 && t >= T0 + 5 * DAY ? 3.5 : 0;
}

static void test_splitter_step_is_one_order(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, true);

	(void)state;
	run(f, 7, splitter_step);
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.scope[0], ORDER_SCOPE_SPLITTER);
	assert_int_equal(r.cause[0], DETECT_CAUSE_SHARED_SEGMENT);
	assert_int_equal(r.onts[0], 8);
	fleet_free(f);
}

static void test_without_topology_the_port_is_the_segment(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, false);

	(void)state;
	run(f, 7, splitter_step); /* 8 of 16 on the port */
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.scope[0], ORDER_SCOPE_PON);
	assert_int_equal(r.onts[0], 8);
	fleet_free(f);
}

static double pon_gradual(int i, int64_t t)
{
	(void)i;
	return t >= T0 + 4 * DAY ? fmin(1.5 * (double)(t - T0 - 4 * DAY) / DAY, 5) : 0;
}

static void test_whole_pon_is_one_pon_order(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, true);

	(void)state;
	run(f, 9, pon_gradual);
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.scope[0], ORDER_SCOPE_PON);
	assert_int_equal(r.cause[0], DETECT_CAUSE_SHARED_SEGMENT);
	fleet_free(f);
}

static double lone_step(int i, int64_t t)
{
	return i == 3 && t >= T0 + 5 * DAY ? 4 : 0;
}

static void test_lone_loss_is_the_onts(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, true);

	(void)state;
	run(f, 7, lone_step);
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.scope[0], ORDER_SCOPE_ONT);
	assert_int_equal(r.cause[0], DETECT_CAUSE_CONNECTOR);
	fleet_free(f);
}

/* Two ONTs already weak when watching starts (a new daemon, no history): nothing says
 * they lost light together, so each is ordered on its own, not as a shared fault. */
static double weak_from_the_start(int i, int64_t t)
{
	(void)t;
	return i == 2 || i == 7 ? 9 : 0; /* both near -28 dBm */
}

/* Two of sixteen ONTs in LOS when watching starts: a cut shared by a PON takes more of it. */
static double two_cut_from_the_start(int i, int64_t t)
{
	(void)t;
	return i == 4 || i == 11 ? NAN : 0;
}

static void test_two_los_of_sixteen_is_not_shared(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, false);

	(void)state;
	run(f, 1, two_cut_from_the_start);
	assert_int_equal(r.opened, 2);
	assert_int_equal(r.scope[0], ORDER_SCOPE_ONT);
	assert_int_equal(r.cause[0], DETECT_CAUSE_FIBER_BREAK);
	assert_int_equal(r.scope[1], ORDER_SCOPE_ONT);
	fleet_free(f);
}

static void test_weak_at_start_is_not_shared(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, false);

	(void)state;
	run(f, 1, weak_from_the_start);
	assert_int_equal(r.opened, 2);
	assert_int_equal(r.scope[0], ORDER_SCOPE_ONT);
	assert_int_equal(r.scope[1], ORDER_SCOPE_ONT);
	assert_int_not_equal(r.cause[0], DETECT_CAUSE_SHARED_SEGMENT);
	fleet_free(f);
}

static double power_cut(int i, int64_t t)
{
	(void)i;
	/* the neighbourhood loses power every night */
	int64_t hod = (t % DAY) / 3600;
	return t > T0 + 4 * DAY && (hod >= 23 || hod < 6) ? INFINITY : 0;
}

static void test_power_cuts_open_nothing(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, true);

	(void)state;
	run(f, 8, power_cut);
	assert_int_equal(r.opened, 0);
	fleet_free(f);
}

static double feeder_cut(int i, int64_t t)
{
	(void)i;
	return t >= T0 + 5 * DAY && t < T0 + 5 * DAY + 6 * 3600 ? NAN : 0;
}

static void test_feeder_cut_is_one_order_and_resolves(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, true);

	(void)state;
	run(f, 7, feeder_cut);
	assert_int_equal(r.opened, 1);
	assert_int_equal(r.scope[0], ORDER_SCOPE_PON);
	assert_int_equal(r.onts[0], N);
	assert_int_equal(r.resolved, 1);
	assert_int_equal(fleet_open_orders(f), 0);
	fleet_free(f);
}

static double small_step(int i, int64_t t)
{
	return i == 3 && t >= T0 + 5 * DAY ? 2.2 : 0;
}

static void test_overrides_by_port_and_tag(void **state)
{
	struct rec r;
	struct fleet *f = mkfleet(&r, true);
	struct threshold_profile strict = *threshold_builtin("gpon-b+");
	const char *tags[] = { "region=north" };

	(void)state;
	strict.baseline_drop = 1.5;
	/* a 2.2 dB step is below the default 3 dB drop ... */
	run(f, 7, small_step);
	assert_int_equal(r.opened, 0);
	fleet_free(f);
	/* ... but an order where a rule for the port asks for 1.5 dB */
	f = mkfleet(&r, true);
	assert_int_equal(fleet_add_rule(f, "olt-1", "0/1/0", "", &strict), 0);
	run(f, 7, small_step);
	assert_int_equal(r.opened, 1);
	fleet_free(f);
	/* and by tag: the rule applies to OLTs carrying it */
	f = mkfleet(&r, true);
	assert_int_equal(fleet_add_olt(f, "olt-1", NULL, tags, 1), 0);
	assert_int_equal(fleet_add_rule(f, "", "", "region=south", &strict), 0);
	run(f, 7, small_step);
	assert_int_equal(r.opened, 0);
	fleet_free(f);
	f = mkfleet(&r, true);
	assert_int_equal(fleet_add_olt(f, "olt-1", NULL, tags, 1), 0);
	assert_int_equal(fleet_add_rule(f, "", "", "region=north", &strict), 0);
	run(f, 7, small_step);
	assert_int_equal(r.opened, 1);
	fleet_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitter_step_is_one_order),
		cmocka_unit_test(test_without_topology_the_port_is_the_segment),
		cmocka_unit_test(test_whole_pon_is_one_pon_order),
		cmocka_unit_test(test_lone_loss_is_the_onts),
		cmocka_unit_test(test_weak_at_start_is_not_shared),
		cmocka_unit_test(test_two_los_of_sixteen_is_not_shared),
		cmocka_unit_test(test_power_cuts_open_nothing),
		cmocka_unit_test(test_feeder_cut_is_one_order_and_resolves),
		cmocka_unit_test(test_overrides_by_port_and_tag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
