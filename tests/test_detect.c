/* test_detect: the per-ONT detector on crafted histories: noise and spikes never open
 * anything, thresholds need hits and clear with hysteresis, and each fault shape gets its cause. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/detect.h"

#define T0   1772323200 /* 2026-03-01T00:00:00Z */
#define POLL 900
#define DAY  86400

static uint32_t rng = 12345;

/* Deterministic noise in [-a, a]. */
static double noise(double a)
{
	rng = rng * 1103515245u + 12345u;
	return ((double)((rng >> 8) & 0xffff) / 65535.0 * 2 - 1) * a;
}

struct sim {
	struct detect_state st;
	struct detect_finding f;
	const struct threshold_profile *p;
	struct ont_reading r;
};

static void sim_init(struct sim *s)
{
	detect_init(&s->st);
	s->p = threshold_builtin("gpon-b+");
	memset(&s->f, 0, sizeof(s->f));
	ont_reading_clear(&s->r, 0);
	strcpy(s->r.olt, "olt-1");
	strcpy(s->r.port, "0/1/0");
	strcpy(s->r.serial, "HWTC00000001");
	s->r.ont = 1;
}

static void feed(struct sim *s, int64_t t, enum ont_status st, double rx, double tx, double bias)
{
	s->r.time = t;
	s->r.status = st;
	s->r.rx_dbm = rx;
	s->r.tx_dbm = tx;
	s->r.olt_rx_dbm = isnan(rx) ? NAN : rx + 1.0;
	s->r.bias_ma = bias;
	s->r.temp_c = 45;
	assert_int_equal(detect_feed(&s->st, s->p, &s->r, &s->f), 0);
}

/* Feed a healthy history of `days` at level `rx`, asserting nothing is raised. */
static int64_t healthy(struct sim *s, int64_t t, double days, double rx)
{
	for (int64_t end = t + (int64_t)(days * DAY); t < end; t += POLL) {
		feed(s, t, ONT_STATUS_ONLINE, rx + noise(0.3), 2.2 + noise(0.1), 12 + noise(0.2));
		assert_false(s->f.active);
	}
	return t;
}

static void test_state_is_compact(void **state)
{
	(void)state;
	assert_true(sizeof(struct detect_state) <= 512);
}

static void test_noise_and_spikes_never_raise(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	assert_false(isnan(s.f.baseline_dbm));
	assert_true(fabs(s.f.baseline_dbm + 20) < 0.3);
	for (int day = 0; day < 10; day++) {
		/* one deep spike and one LOS-free missing reading a day */
		for (int i = 0; i < 96; i++, t += POLL) {
			double rx = i == 40 ? -38.0 : -20 + noise(0.3);
			if (i == 60)
				continue;
			feed(&s, t, ONT_STATUS_ONLINE, rx, 2.2 + noise(0.1), 12 + noise(0.2));
			assert_false(s.f.active);
		}
	}
}

static void test_marginal_stable_link_is_not_a_repair(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	/* sits on the warning level: crosses it often, but never lost any light */
	for (int i = 0; i < 20 * 96; i++, t += POLL) {
		feed(&s, t, ONT_STATUS_ONLINE, -25.0 + noise(0.4), 2.2, 12);
		assert_false(s.f.active);
	}
	assert_true(s.st.rule[DETECT_RULE_RX_LOW].level == 1 || s.st.rule[DETECT_RULE_RX_LOW].up);
}

static void test_critical_needs_hits_and_clears_with_hysteresis(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 1, -24); /* no baseline yet: absolute rules alone */
	feed(&s, t += POLL, ONT_STATUS_ONLINE, -27.6, 2.2, 12);
	assert_false(s.f.active);
	feed(&s, t += POLL, ONT_STATUS_ONLINE, -27.6, 2.2, 12);
	assert_false(s.f.active);
	feed(&s, t += POLL, ONT_STATUS_ONLINE, -27.6, 2.2, 12);
	assert_true(s.f.active);
	assert_int_equal(s.f.severity, DETECT_SEV_CRITICAL);
	assert_true(s.f.rules & (1u << DETECT_RULE_RX_LOW));
	/* back just above critical: inside the hysteresis band, stays critical */
	for (int i = 0; i < 8; i++) {
		feed(&s, t += POLL, ONT_STATUS_ONLINE, -26.5, 2.2, 12);
		assert_int_equal(s.st.rule[DETECT_RULE_RX_LOW].level, 2);
	}
	/* recovered: clears after clear_hits readings, not at the first */
	feed(&s, t += POLL, ONT_STATUS_ONLINE, -23.0, 2.2, 12);
	assert_int_equal(s.st.rule[DETECT_RULE_RX_LOW].level, 2);
	feed(&s, t += POLL, ONT_STATUS_ONLINE, -23.0, 2.2, 12);
	feed(&s, t += POLL, ONT_STATUS_ONLINE, -23.0, 2.2, 12);
	assert_int_equal(s.st.rule[DETECT_RULE_RX_LOW].level, 0);
	for (int i = 0; i < 4; i++)
		feed(&s, t += POLL, ONT_STATUS_ONLINE, -23.0, 2.2, 12);
	assert_false(s.f.active);
}

static void test_connector_step(void **state)
{
	struct sim s;
	int64_t t = T0;
	int raised_after = -1;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 5, -18);
	for (int i = 0; i < 96; i++, t += POLL) {
		feed(&s, t, ONT_STATUS_ONLINE, -22.5 + noise(0.3), 2.2, 12);
		if (s.f.active && raised_after < 0)
			raised_after = i;
	}
	assert_true(raised_after >= 2 && raised_after <= 4);
	assert_int_equal(s.f.cause, DETECT_CAUSE_CONNECTOR);
	assert_int_equal(s.f.severity, DETECT_SEV_MINOR);
	assert_true(s.f.drop_db > 4 && s.f.drop_db < 5);
	assert_true(s.f.predicted == DETECT_NONE);
}

static void test_gradual_bend_predicts_impact_early(void **state)
{
	struct sim s;
	int64_t t = T0, start, impact = 0, raised = 0, predicted = 0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -21);
	start = t;
	/* 0.8 dB/day from -21: -27.5 (impact) after 8.1 days */
	for (; t < start + 12 * DAY; t += POLL) {
		double lvl = -21 - 0.8 * (double)(t - start) / DAY;
		feed(&s, t, ONT_STATUS_ONLINE, lvl + noise(0.3), 2.2, 12);
		if (s.f.active && !raised) {
			raised = t;
			predicted = s.f.predicted;
			assert_int_equal(s.f.cause, DETECT_CAUSE_FIBER_BEND);
		}
		if (!impact && lvl <= -27.5)
			impact = t;
	}
	assert_true(raised > 0);
	assert_true(predicted != DETECT_NONE);
	/* ordered days ahead, and the forecast is within a day of the truth */
	assert_true(impact - raised >= 3 * DAY);
	assert_true(llabs(predicted - impact) < DAY);
	assert_int_equal(s.f.cause, DETECT_CAUSE_FIBER_BEND);
	assert_true(s.f.slope_db_day < -0.6 && s.f.slope_db_day > -1.0);
}

static void test_slow_drift_on_strong_link_is_a_drop(void **state)
{
	struct sim s;
	int64_t t = T0, start;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -15);
	start = t;
	/* 0.25 dB/day: far from -27.5 for weeks, yet 3 dB lost after 12 days */
	for (; t < start + 14 * DAY; t += POLL)
		feed(&s, t, ONT_STATUS_ONLINE, -15 - 0.25 * (double)(t - start) / DAY + noise(0.3),
		     2.2, 12);
	assert_true(s.f.active);
	assert_true(s.f.rules & (1u << DETECT_RULE_DROP));
	assert_int_equal(s.f.cause, DETECT_CAUSE_FIBER_BEND);
}

static void test_optics_ageing(void **state)
{
	struct sim s;
	int64_t t = T0, start;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	start = t;
	for (; t < start + 20 * DAY; t += POLL) {
		double d = (double)(t - start) / DAY;
		feed(&s, t, ONT_STATUS_ONLINE, -20 + noise(0.3), 2.2 - 0.1 * d + noise(0.1),
		     12 * (1 + 0.03 * d) + noise(0.2));
	}
	assert_true(s.f.active);
	assert_int_equal(s.f.cause, DETECT_CAUSE_ONT_OPTICS);
	assert_true(s.f.rules & (1u << DETECT_RULE_AGEING));
}

static void test_dying_gasp_is_not_a_fault_los_is(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	for (int night = 0; night < 5; night++) {
		feed(&s, t += POLL, ONT_STATUS_DYING_GASP, NAN, NAN, NAN);
		for (int i = 0; i < 32; i++) {
			feed(&s, t += POLL, ONT_STATUS_OFFLINE, NAN, NAN, NAN);
			assert_false(s.f.active);
		}
		t = healthy(&s, t + POLL, 0.5, -20);
	}
	/* one LOS reading is not yet a break, two are */
	feed(&s, t += POLL, ONT_STATUS_LOS, NAN, NAN, NAN);
	assert_false(s.f.active);
	feed(&s, t += POLL, ONT_STATUS_LOS, NAN, NAN, NAN);
	assert_true(s.f.active);
	assert_int_equal(s.f.cause, DETECT_CAUSE_FIBER_BREAK);
	assert_int_equal(s.f.severity, DETECT_SEV_CRITICAL);
	assert_true(s.f.degrading);
}

static void test_repeated_short_los_is_unstable(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	for (int k = 0; k < 3; k++) {
		feed(&s, t += POLL, ONT_STATUS_LOS, NAN, NAN, NAN);
		for (int i = 0; i < 12; i++)
			feed(&s, t += POLL, ONT_STATUS_ONLINE, -20 + noise(0.3), 2.2, 12);
	}
	assert_true(s.f.active);
	assert_int_equal(s.f.cause, DETECT_CAUSE_UNSTABLE_LINK);
}

static void test_jittery_level_is_unstable(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	for (int i = 0; i < 40; i++)
		feed(&s, t += POLL, ONT_STATUS_ONLINE, (i % 3 == 0) ? -24.5 : -20 + noise(0.3), 2.2,
		     12);
	assert_true(s.f.active);
	assert_int_equal(s.f.cause, DETECT_CAUSE_UNSTABLE_LINK);
}

static void test_overload(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	for (int i = 0; i < 4; i++)
		feed(&s, t += POLL, ONT_STATUS_ONLINE, -6.5, 2.2, 12);
	assert_true(s.f.active);
	assert_int_equal(s.f.cause, DETECT_CAUSE_OVERLOAD);
}

static void test_missing_polls_neither_raise_nor_clear(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	for (int i = 0; i < 3; i++)
		feed(&s, t += POLL, ONT_STATUS_ONLINE, -28.5, 2.2, 12);
	assert_true(s.f.active);
	/* a 12-hour poll gap, then still bad: the problem is still there */
	t += 12 * 3600;
	feed(&s, t, ONT_STATUS_ONLINE, -28.5, 2.2, 12);
	assert_true(s.f.active);
	assert_int_equal(s.f.severity, DETECT_SEV_CRITICAL);
	/* readings older than the last are refused */
	s.r.time = t - POLL;
	assert_int_equal(detect_feed(&s.st, s.p, &s.r, &s.f), -1);
}

static void test_new_serial_starts_over(void **state)
{
	struct sim s;
	int64_t t = T0;

	(void)state;
	sim_init(&s);
	t = healthy(&s, t, 4, -20);
	assert_false(isnan(s.f.baseline_dbm));
	strcpy(s.r.serial, "HWTC00000002");
	feed(&s, t + POLL, ONT_STATUS_ONLINE, -20, 2.2, 12);
	assert_true(isnan(s.f.baseline_dbm));
}

static void test_names(void **state)
{
	enum detect_cause c;
	enum detect_severity v;

	(void)state;
	assert_string_equal(detect_cause_name(DETECT_CAUSE_SHARED_SEGMENT), "shared_segment");
	assert_int_equal(detect_cause_parse("fiber_break", &c), 0);
	assert_int_equal(c, DETECT_CAUSE_FIBER_BREAK);
	assert_int_equal(detect_cause_parse("bogus", &c), -1);
	assert_int_equal(detect_severity_parse("critical", &v), 0);
	assert_int_equal(v, DETECT_SEV_CRITICAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_is_compact),
		cmocka_unit_test(test_noise_and_spikes_never_raise),
		cmocka_unit_test(test_marginal_stable_link_is_not_a_repair),
		cmocka_unit_test(test_critical_needs_hits_and_clears_with_hysteresis),
		cmocka_unit_test(test_connector_step),
		cmocka_unit_test(test_gradual_bend_predicts_impact_early),
		cmocka_unit_test(test_slow_drift_on_strong_link_is_a_drop),
		cmocka_unit_test(test_optics_ageing),
		cmocka_unit_test(test_dying_gasp_is_not_a_fault_los_is),
		cmocka_unit_test(test_repeated_short_los_is_unstable),
		cmocka_unit_test(test_jittery_level_is_unstable),
		cmocka_unit_test(test_overload),
		cmocka_unit_test(test_missing_polls_neither_raise_nor_clear),
		cmocka_unit_test(test_new_serial_starts_over),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
