/* test_verify: the after-visit state machine on fixed reading sequences: a repair that holds
 * is verified after the hold time, one that does not is reopened with the evidence; grace
 * after completion, gaps in the readings and readings before completion. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "monitor/verify.h"

static const struct verify_params P = { .hold_s = 6 * 3600, .grace_s = 3600 };
#define T0 1772762400 /* completed */

static struct verify_obs ob(int64_t min, bool recovered, double rx)
{
	return (struct verify_obs){ T0 + min * 60, true, recovered, rx };
}

static void holds_then_verified(void **state)
{
	struct verify v;

	(void)state;
	verify_start(&v, T0);
	for (int m = 15; m < 6 * 60 + 15; m += 15) {
		struct verify_obs o = ob(m, true, -19.5);

		assert_int_equal(verify_feed(&v, &P, &o), VERIFY_WATCHING);
	}
	struct verify_obs last = ob(6 * 60 + 15, true, -19.4);
	assert_int_equal(verify_feed(&v, &P, &last), VERIFY_VERIFIED);
	assert_int_equal(v.decided_at, T0 + (6 * 60 + 15) * 60);
	assert_string_equal(verify_state_name(v.state), "verified");
	/* final */
	struct verify_obs bad = ob(7 * 60, false, -28);
	assert_int_equal(verify_feed(&v, &P, &bad), VERIFY_VERIFIED);
}

static void still_bad_reopens_with_evidence(void **state)
{
	struct verify v;
	struct verify_obs a = ob(30, false, -27.9), b = ob(75, false, -27.8);

	(void)state;
	verify_start(&v, T0);
	assert_int_equal(verify_feed(&v, &P, &a), VERIFY_WATCHING); /* inside the grace */
	assert_int_equal(verify_feed(&v, &P, &b), VERIFY_REOPENED);
	assert_int_equal(v.evidence.time, b.time);
	assert_true(fabs(v.evidence.rx_dbm - -27.8) < 1e-9);
	assert_string_equal(verify_state_name(v.state), "reopened");
}

static void relapse_after_recovery_reopens(void **state)
{
	struct verify v;

	(void)state;
	verify_start(&v, T0);
	for (int m = 15; m <= 180; m += 15) {
		struct verify_obs o = ob(m, true, -20);
		verify_feed(&v, &P, &o);
	}
	struct verify_obs relapse = ob(195, false, -26.5);
	assert_int_equal(verify_feed(&v, &P, &relapse), VERIFY_REOPENED);
}

static void bad_in_grace_restarts_the_hold(void **state)
{
	struct verify v;
	struct verify_obs early_ok = ob(5, true, -20), reboot = ob(20, false, NAN),
	                  ok = ob(30, true, -20), almost = ob(30 + 6 * 60 - 1, true, -20),
	                  done = ob(30 + 6 * 60, true, -20);

	(void)state;
	verify_start(&v, T0);
	verify_feed(&v, &P, &early_ok);
	verify_feed(&v, &P, &reboot);
	assert_int_equal(v.recovered_since, VERIFY_NONE);
	verify_feed(&v, &P, &ok);
	assert_int_equal(verify_feed(&v, &P, &almost), VERIFY_WATCHING);
	assert_int_equal(verify_feed(&v, &P, &done), VERIFY_VERIFIED);
}

static void gaps_and_old_readings_ignored(void **state)
{
	struct verify v;
	struct verify_obs before = ob(-30, false, -28), gap = ob(120, false, -40);

	(void)state;
	gap.valid = false;
	verify_start(&v, T0);
	assert_int_equal(verify_feed(&v, &P, &before), VERIFY_WATCHING);
	assert_int_equal(verify_feed(&v, &P, &gap), VERIFY_WATCHING);
	assert_int_equal(v.recovered_since, VERIFY_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holds_then_verified),
		cmocka_unit_test(still_bad_reopens_with_evidence),
		cmocka_unit_test(relapse_after_recovery_reopens),
		cmocka_unit_test(bad_in_grace_restarts_the_hold),
		cmocka_unit_test(gaps_and_old_readings_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
