/* test_silence: which orders a silence holds back (ONT, splitter and PON orders against
 * olt/port/splitter/serial matchers), its states, the checks on a new silence and the
 * duration syntax. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "monitor/silence.h"

#define NOW 1795000000

static struct order_ont onts[3];

/* An order on olt-hw 0/1/0: ONT scope (ONT serial HWTC01), or shared (splitter sp-7 with
 * three ONTs, or the whole PON without a splitter). */
static struct order make_order(enum order_scope scope)
{
	struct order o;

	memset(&o, 0, sizeof(o));
	memset(onts, 0, sizeof(onts));
	o.scope = scope;
	strcpy(o.olt, "olt-hw");
	strcpy(o.port, "0/1/0");
	if (scope != ORDER_SCOPE_PON)
		strcpy(o.splitter, "sp-7");
	for (int i = 0; i < 3; i++) {
		strcpy(onts[i].olt, "olt-hw");
		strcpy(onts[i].port, "0/1/0");
		onts[i].ont = i;
		snprintf(onts[i].serial, sizeof(onts[i].serial), "HWTC0%d", i + 1);
	}
	o.onts = onts;
	o.n_onts = scope == ORDER_SCOPE_ONT ? 1 : 3;
	return o;
}

static void test_match_olt_port(void **state)
{
	struct order ont = make_order(ORDER_SCOPE_ONT), pon = make_order(ORDER_SCOPE_PON);
	struct silence s = { .olt = "olt-hw" };

	(void)state;
	assert_true(silence_matches(&s, &ont));
	assert_true(silence_matches(&s, &pon));
	s.port = "0/1/0";
	assert_true(silence_matches(&s, &ont));
	assert_true(silence_matches(&s, &pon));
	s.port = "0/1/1";
	assert_false(silence_matches(&s, &ont));
	assert_false(silence_matches(&s, &pon));
	/* the same port name on another OLT is another port */
	s.olt = "olt-zte";
	s.port = "0/1/0";
	assert_false(silence_matches(&s, &ont));
	/* a port without its OLT matches nothing */
	s.olt = NULL;
	assert_false(silence_matches(&s, &ont));
}

static void test_match_splitter(void **state)
{
	struct order ont = make_order(ORDER_SCOPE_ONT), spl = make_order(ORDER_SCOPE_SPLITTER),
	             pon = make_order(ORDER_SCOPE_PON);
	struct silence s = { .splitter = "sp-7" };

	(void)state;
	assert_true(silence_matches(&s, &ont));
	assert_true(silence_matches(&s, &spl));
	/* a PON-wide problem is wider than the splitter */
	assert_false(silence_matches(&s, &pon));
	s.splitter = "sp-8";
	assert_false(silence_matches(&s, &spl));
	/* every given matcher must match */
	s.splitter = "sp-7";
	s.olt = "olt-zte";
	assert_false(silence_matches(&s, &spl));
	s.olt = "olt-hw";
	assert_true(silence_matches(&s, &spl));
}

static void test_match_serial(void **state)
{
	struct order ont = make_order(ORDER_SCOPE_ONT), spl = make_order(ORDER_SCOPE_SPLITTER),
	             pon = make_order(ORDER_SCOPE_PON);
	struct silence s = { .serial = "HWTC01" };

	(void)state;
	assert_true(silence_matches(&s, &ont));
	/* a shared order concerns more than the silenced customer, even when it is one of
	 * the ONTs affected */
	assert_false(silence_matches(&s, &spl));
	assert_false(silence_matches(&s, &pon));
	s.serial = "HWTC02";
	assert_false(silence_matches(&s, &ont));
	s.serial = "HWTC01";
	s.port = "0/1/0";
	s.olt = "olt-hw";
	assert_true(silence_matches(&s, &ont));
	s.port = "0/2/0";
	assert_false(silence_matches(&s, &ont));
}

static void test_match_nothing_given(void **state)
{
	struct order ont = make_order(ORDER_SCOPE_ONT);
	struct silence s = { .olt = "", .serial = NULL };

	(void)state;
	assert_false(silence_matches(&s, &ont));
}

static void test_states(void **state)
{
	struct silence s = { .olt = "olt-hw", .starts = NOW, .ends = NOW + 3600 };

	(void)state;
	assert_int_equal(silence_state_at(&s, NOW - 1), SILENCE_PENDING);
	assert_int_equal(silence_state_at(&s, NOW), SILENCE_ACTIVE);
	assert_int_equal(silence_state_at(&s, NOW + 3599), SILENCE_ACTIVE);
	assert_int_equal(silence_state_at(&s, NOW + 3600), SILENCE_EXPIRED);
	assert_string_equal(silence_state_name(SILENCE_PENDING), "pending");
	assert_string_equal(silence_state_name(SILENCE_ACTIVE), "active");
	assert_string_equal(silence_state_name(SILENCE_EXPIRED), "expired");
}

static void assert_invalid(const struct silence *s, const char *needle)
{
	const char *why = NULL;

	assert_int_equal(silence_validate(s, NOW, &why), -1);
	assert_non_null(why);
	if (strstr(why, needle) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", why, needle);
}

static void test_validate(void **state)
{
	char long_reason[SILENCE_REASON_MAX + 2], long_author[SILENCE_AUTHOR_MAX + 2];
	const struct silence good = { .olt = "olt-hw",
		                      .port = "0/1/0",
		                      .starts = NOW,
		                      .ends = NOW + 4 * 3600,
		                      .reason = "splitter swap, change CHG-1234",
		                      .author = "alice" };
	struct silence s = good;
	const char *why = NULL;

	(void)state;
	assert_int_equal(silence_validate(&s, NOW, &why), 0);
	s.olt = NULL;
	assert_invalid(&s, "port needs olt");
	s.port = NULL;
	assert_invalid(&s, "at least one");
	s = good;
	s.ends = s.starts;
	assert_invalid(&s, "after starts_at");
	s = good;
	s.starts = NOW - 7200;
	s.ends = NOW - 60;
	assert_invalid(&s, "in the past");
	s = good;
	s.ends = NOW + SILENCE_MAX_SECONDS;
	assert_int_equal(silence_validate(&s, NOW, &why), 0);
	s.ends++;
	assert_invalid(&s, "90 days");
	s = good;
	s.reason = "";
	assert_invalid(&s, "reason");
	s.reason = NULL;
	assert_invalid(&s, "reason");
	memset(long_reason, 'r', sizeof(long_reason) - 1);
	long_reason[sizeof(long_reason) - 1] = '\0';
	s.reason = long_reason;
	assert_invalid(&s, "reason");
	long_reason[SILENCE_REASON_MAX] = '\0';
	assert_int_equal(silence_validate(&s, NOW, &why), 0);
	s.reason = "line one\nline two";
	assert_invalid(&s, "control");
	s = good;
	memset(long_author, 'a', sizeof(long_author) - 1);
	long_author[sizeof(long_author) - 1] = '\0';
	s.author = long_author;
	assert_invalid(&s, "author");
	s.author = "";
	assert_invalid(&s, "author");
	s = good;
	s.serial = "HWTC0000000000000000000000000000000000";
	assert_invalid(&s, "too long");
}

static void test_duration(void **state)
{
	int64_t d = -1;

	(void)state;
	assert_int_equal(silence_parse_duration("90m", &d), 0);
	assert_int_equal(d, 5400);
	assert_int_equal(silence_parse_duration("4h", &d), 0);
	assert_int_equal(d, 14400);
	assert_int_equal(silence_parse_duration("2d", &d), 0);
	assert_int_equal(d, 172800);
	assert_int_equal(silence_parse_duration("1d12h30m", &d), 0);
	assert_int_equal(d, 86400 + 12 * 3600 + 1800);
	assert_int_equal(silence_parse_duration("90d", &d), 0);
	assert_int_equal(d, SILENCE_MAX_SECONDS);
	d = 7;
	assert_int_equal(silence_parse_duration("91d", &d), -1);
	assert_int_equal(silence_parse_duration("", &d), -1);
	assert_int_equal(silence_parse_duration(NULL, &d), -1);
	assert_int_equal(silence_parse_duration("4", &d), -1);
	assert_int_equal(silence_parse_duration("h", &d), -1);
	assert_int_equal(silence_parse_duration("4w", &d), -1);
	assert_int_equal(silence_parse_duration("-4h", &d), -1);
	assert_int_equal(silence_parse_duration("4h ", &d), -1);
	assert_int_equal(silence_parse_duration("0m", &d), -1);
	assert_int_equal(silence_parse_duration("99999999999999999999999h", &d), -1);
	assert_int_equal(d, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_olt_port), cmocka_unit_test(test_match_splitter),
		cmocka_unit_test(test_match_serial),   cmocka_unit_test(test_match_nothing_given),
		cmocka_unit_test(test_states),         cmocka_unit_test(test_validate),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
