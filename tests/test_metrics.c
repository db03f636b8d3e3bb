/* test_metrics: the Prometheus text writer: grouping, escaping, number formats, names. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "monitor/metrics.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void fmt(double v, const char *want)
{
	char buf[40];

	metrics_format_value(v, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_numbers(void **state)
{
	(void)state;
	fmt(0, "0");
	fmt(-0.0, "0");
	fmt(1, "1");
	fmt(-42, "-42");
	fmt(1700000000, "1700000000");
	fmt(9007199254740992.0, "9007199254740992");
	fmt(1e300, "1e+300");
	fmt(0.1, "0.1");
	fmt(0.41, "0.41");
	fmt(-24.9, "-24.9");
	fmt(1.0 / 3.0, "0.3333333333333333");
	fmt(2.5e-7, "2.5e-07");
	fmt(NAN, "NaN");
	fmt(INFINITY, "+Inf");
	fmt(-INFINITY, "-Inf");
	/* whatever the text, it reads back as the same double */
	for (double v = 1e-9; v < 1e12; v *= 7.3) {
		char buf[40];

		metrics_format_value(v, buf, sizeof(buf));
		assert_true(strtod(buf, NULL) == v);
	}
}

static void test_grouped(void **state)
{
	struct metrics *m = metrics_new();
	struct metrics_family *up, *polls, *again;
	const char *olts[] = { "a", "b", "c" };
	char *text;
	size_t len;

	(void)state;
	/* one OLT at a time, every family of it: the text still groups per family */
	for (size_t i = 0; i < 3; i++) {
		up = metrics_family(m, "ow_up", METRICS_GAUGE, "1 if the last poll was ok");
		polls = metrics_family(m, "ow_polls_total", METRICS_COUNTER, "Polls.");
		assert_non_null(up);
		assert_non_null(polls);
		assert_int_equal(metrics_add(up, 1, "olt", olts[i], NULL), 0);
		assert_int_equal(metrics_add(polls, (double)i + 1, "olt", olts[i], NULL), 0);
	}
	again = metrics_family(m, "ow_up", METRICS_GAUGE, "other help");
	assert_ptr_equal(again, up);
	/* the same name as another type is refused */
	assert_null(metrics_family(m, "ow_up", METRICS_COUNTER, "x"));
	/* a family without samples is left out */
	assert_non_null(metrics_family(m, "ow_empty", METRICS_GAUGE, "nothing"));
	text = metrics_text(m, &len);
	assert_int_equal(len, strlen(text));
	assert_string_equal(text, "# HELP ow_up 1 if the last poll was ok\n"
	                          "# TYPE ow_up gauge\n"
	                          "ow_up{olt=\"a\"} 1\n"
	                          "ow_up{olt=\"b\"} 1\n"
	                          "ow_up{olt=\"c\"} 1\n"
	                          "# HELP ow_polls_total Polls.\n"
	                          "# TYPE ow_polls_total counter\n"
	                          "ow_polls_total{olt=\"a\"} 1\n"
	                          "ow_polls_total{olt=\"b\"} 2\n"
	                          "ow_polls_total{olt=\"c\"} 3\n");
	assert_int_equal(count(text, "# HELP ow_up "), 1);
	assert_int_equal(count(text, "# TYPE ow_up "), 1);
	assert_int_equal(count(text, "ow_empty"), 0);
	free(text);
	metrics_free(m);
}

static void test_escaping(void **state)
{
	struct metrics *m = metrics_new();
	struct metrics_family *f =
	    metrics_family(m, "ow_x", METRICS_GAUGE, "help with \\ and\nnewline \"quoted\"");
	char *text;

	(void)state;
	assert_int_equal(metrics_add(f, 1, "olt", "a\\b\"c\nd", "port", NULL, NULL), 0);
	/* UTF-8 passes; a stray byte, a truncated sequence, an overlong form and a surrogate
	 * become U+FFFD each */
	assert_int_equal(metrics_add(f, 2, "olt", "caf\xc3\xa9 \xff!\xe2\x82", NULL), 0);
	assert_int_equal(metrics_add(f, 3, "olt", "\xc0\xaf|\xed\xa0\x80|\xf0\x9f\x93\xa1", NULL),
	                 0);
	assert_int_equal(metrics_add(f, 4, NULL), 0);
	text = metrics_text(m, NULL);
	assert_string_equal(
	    text, "# HELP ow_x help with \\\\ and\\nnewline \"quoted\"\n"
	          "# TYPE ow_x gauge\n"
	          "ow_x{olt=\"a\\\\b\\\"c\\nd\",port=\"\"} 1\n"
	          "ow_x{olt=\"caf\xc3\xa9 \xef\xbf\xbd!\xef\xbf\xbd\xef\xbf\xbd\"} 2\n"
	          "ow_x{olt=\"\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	          "\xf0\x9f\x93\xa1\"} 3\n"
	          "ow_x 4\n");
	free(text);
	metrics_free(m);
}

static void test_names(void **state)
{
	struct metrics *m = metrics_new();
	struct metrics_family *f;
	char *text;

	(void)state;
	assert_null(metrics_family(m, "", METRICS_GAUGE, "x"));
	assert_null(metrics_family(m, "9lives", METRICS_GAUGE, "x"));
	assert_null(metrics_family(m, "has-dash", METRICS_GAUGE, "x"));
	assert_null(metrics_family(m, "has space", METRICS_GAUGE, "x"));
	assert_non_null(metrics_family(m, "job:rule_ok:sum", METRICS_GAUGE, "recording style"));
	f = metrics_family(m, "ow_y", METRICS_GAUGE, "y");
	assert_non_null(f);
	assert_int_equal(metrics_add(f, 1, "bad-label", "v", NULL), -1);
	assert_int_equal(metrics_add(f, 1, "__reserved", "v", NULL), -1);
	assert_int_equal(metrics_add(f, 1, "a:b", "v", NULL), -1);
	assert_int_equal(metrics_add(f, 1, "0a", "v", NULL), -1);
	assert_int_equal(metrics_add(f, 1, "_ok", "v", "fine2", "w", NULL), 0);
	assert_int_equal(metrics_add(NULL, 1, "olt", "a", NULL), -1);
	text = metrics_text(m, NULL);
	/* refused samples left nothing behind */
	assert_string_equal(text,
	                    "# HELP ow_y y\n# TYPE ow_y gauge\now_y{_ok=\"v\",fine2=\"w\"} 1\n");
	free(text);
	metrics_free(m);
	metrics_free(NULL);
}

static void test_empty(void **state)
{
	struct metrics *m = metrics_new();
	size_t len = 99;
	char *text = metrics_text(m, &len);

	(void)state;
	assert_string_equal(text, "");
	assert_int_equal(len, 0);
	free(text);
	metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),  cmocka_unit_test(test_grouped),
		cmocka_unit_test(test_escaping), cmocka_unit_test(test_names),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
