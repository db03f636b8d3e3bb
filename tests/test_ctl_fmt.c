/* test_ctl_fmt: ontwatchctl's pure text helpers: durations and times as typed by operators,
 * JSON cells, aligned tables and the ASCII chart of an ONT's Rx history. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/ctl_fmt.h"

/* What a printer writes goes to a memory stream, compared after capture_end. */
static void capture_start(FILE **fp, char **buf, size_t *len)
{
	*fp = open_memstream(buf, len);
	assert_non_null(*fp);
}

static void capture_end(FILE *fp)
{
	assert_int_equal(fclose(fp), 0);
}

static void durations(void **state)
{
	static const struct {
		const char *in;
		int64_t secs;
	} good[] = {
		{ "90m", 5400 }, { "4h", 14400 },   { "2d", 172800 },    { "1w", 604800 },
		{ "45s", 45 },   { "1h30m", 5400 }, { "1d12h", 129600 }, { "0h5m", 300 },
	};
	static const char *const bad[] = { "",    "4",  "h",    "4x",           "-4h", "4h-",
		                           "4 h", "0m", "1.5h", "99999999999d", "h4",  "4hh" };
	int64_t s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(ctl_fmt_parse_duration(good[i].in, &s), 0);
		assert_int_equal(s, good[i].secs);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = 42;
		assert_int_equal(ctl_fmt_parse_duration(bad[i], &s), -1);
		assert_int_equal(s, 42); /* untouched on failure */
	}
}

static void times(void **state)
{
	const int64_t now = 1795000000; /* 2026-11-18T11:06:40Z */
	char buf[CTL_FMT_TIME_LEN];
	int64_t t;

	(void)state;
	assert_int_equal(ctl_fmt_parse_time("2026-11-22T18:00:00Z", now, &t), 0);
	assert_int_equal(t, 1795370400);
	ctl_fmt_time(t, buf);
	assert_string_equal(buf, "2026-11-22T18:00:00Z");
	assert_int_equal(ctl_fmt_parse_time("1795370400", now, &t), 0);
	assert_int_equal(t, 1795370400);
	assert_int_equal(ctl_fmt_parse_time("now", now, &t), 0);
	assert_int_equal(t, now);
	assert_int_equal(ctl_fmt_parse_time("-2d", now, &t), 0);
	assert_int_equal(t, now - 172800);
	assert_int_equal(ctl_fmt_parse_time("now+4h", now, &t), 0);
	assert_int_equal(t, now + 14400);
	ctl_fmt_time(now, buf);
	assert_string_equal(buf, "2026-11-18T11:06:40Z");
	t = 7;
	assert_int_equal(ctl_fmt_parse_time("2026-11-22 18:00:00", now, &t), -1);
	assert_int_equal(ctl_fmt_parse_time("2026-11-22T18:00:00Zjunk", now, &t), -1);
	assert_int_equal(ctl_fmt_parse_time("2026-13-22T18:00:00Z", now, &t), -1);
	assert_int_equal(ctl_fmt_parse_time("tomorrow", now, &t), -1);
	assert_int_equal(ctl_fmt_parse_time("-", now, &t), -1);
	assert_int_equal(ctl_fmt_parse_time("99999999999999999999", now, &t), -1);
	assert_int_equal(t, 7);
}

static void json_cells(void **state)
{
	json_t *o = json_loads("{\"s\": \"olt-hw\", \"i\": 7, \"r\": -24.94, \"n\": null, \"t\": "
	                       "true, \"f\": false, \"a\": [\"rx_low\", \"trend\"], \"e\": []}",
	                       0, NULL);
	char buf[CTL_FMT_CELL_MAX], tiny[6];

	(void)state;
	assert_non_null(o);
	assert_string_equal(ctl_fmt_json(o, "s", 1, buf, sizeof(buf)), "olt-hw");
	assert_string_equal(ctl_fmt_json(o, "i", 1, buf, sizeof(buf)), "7");
	assert_string_equal(ctl_fmt_json(o, "r", 1, buf, sizeof(buf)), "-24.9");
	assert_string_equal(ctl_fmt_json(o, "r", 2, buf, sizeof(buf)), "-24.94");
	assert_string_equal(ctl_fmt_json(o, "n", 1, buf, sizeof(buf)), "-");
	assert_string_equal(ctl_fmt_json(o, "missing", 1, buf, sizeof(buf)), "-");
	assert_string_equal(ctl_fmt_json(o, "t", 1, buf, sizeof(buf)), "yes");
	assert_string_equal(ctl_fmt_json(o, "f", 1, buf, sizeof(buf)), "no");
	assert_string_equal(ctl_fmt_json(o, "a", 1, buf, sizeof(buf)), "rx_low,trend");
	assert_string_equal(ctl_fmt_json(o, "e", 1, buf, sizeof(buf)), "-");
	/* truncated, never overrun */
	assert_string_equal(ctl_fmt_json(o, "a", 1, tiny, sizeof(tiny)), "rx_lo");
	json_decref(o);
}

static void table_aligns(void **state)
{
	static const char *const hdr[] = { "SERIAL", "RX", "STATE" };
	static const char *const r1[] = { "HWTC00000007", "-24.9", "at_risk" };
	static const char *const r2[] = { "ZTEG1", "-9.0", NULL };
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, 3);
	FILE *fp;
	char *buf = NULL;
	size_t len;

	(void)state;
	ctl_fmt_table_right(t, 1);
	ctl_fmt_table_add(t, r1);
	ctl_fmt_table_add(t, r2);
	assert_int_equal(ctl_fmt_table_rows(t), 2);
	capture_start(&fp, &buf, &len);
	ctl_fmt_table_print(t, fp);
	capture_end(fp);
	assert_string_equal(buf, "SERIAL           RX  STATE\n"
	                         "HWTC00000007  -24.9  at_risk\n"
	                         "ZTEG1          -9.0  -\n");
	free(buf);
	ctl_fmt_table_free(t);
	ctl_fmt_table_free(NULL);
}

/* Many rows force the table to grow its storage. */
static void table_grows(void **state)
{
	static const char *const hdr[] = { "N" };
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, 1);
	char num[16];
	const char *row[1] = { num };
	FILE *fp;
	char *buf = NULL;
	size_t len;

	(void)state;
	for (int i = 0; i < 100; i++) {
		snprintf(num, sizeof(num), "%d", i);
		ctl_fmt_table_add(t, row);
	}
	capture_start(&fp, &buf, &len);
	ctl_fmt_table_print(t, fp);
	capture_end(fp);
	assert_int_equal(strncmp(buf, "N\n0\n1\n", 6), 0);
	assert_non_null(strstr(buf, "\n99\n"));
	free(buf);
	ctl_fmt_table_free(t);
}

/* A falling Rx over a day against warning -25 and critical -28: every line checked. */
static void chart_falling(void **state)
{
	const int64_t from = 1795000000, to = from + 86400;
	int64_t t[5];
	double v[5] = { -20.0, -21.0, NAN, -23.0, -26.0 };
	struct ctl_fmt_level lv[2] = { { -25.0, '-', "warning" }, { -28.0, '=', "critical" } };
	struct ctl_fmt_chart c = { 9, 5, from, to, lv, 2 };
	FILE *fp;
	char *buf = NULL;
	size_t len;

	(void)state;
	for (int i = 0; i < 5; i++)
		t[i] = from + i * 21600;
	capture_start(&fp, &buf, &len);
	assert_int_equal(ctl_fmt_chart_print(fp, &c, t, v, 5), 0);
	capture_end(fp);
	/* rows from -20 down to -28 in steps of 2; columns 0, 2, (4 NaN), 6, 8 */
	assert_string_equal(buf, "  -20.0 |*\n"
	                         "  -22.0 |  *\n"
	                         "  -24.0 |      *\n"
	                         "  -26.0 |--------* warning -25.0\n"
	                         "  -28.0 |========= critical -28.0\n"
	                         "    dBm +---------\n"
	                         "         11-18 11:06\n");
	free(buf);
}

static void chart_flat_and_empty(void **state)
{
	const int64_t from = 1795000000;
	int64_t t[3] = { from, from + 10, from + 20 };
	double v[3] = { -19.0, -19.0, -19.0 }, none[2] = { NAN, NAN };
	struct ctl_fmt_chart c = { 30, 3, from, from + 20, NULL, 0 };
	FILE *fp;
	char *buf = NULL;
	size_t len;

	(void)state;
	capture_start(&fp, &buf, &len);
	assert_int_equal(ctl_fmt_chart_print(fp, &c, t, v, 3), 0);
	capture_end(fp);
	/* a flat line gets a 1 dB scale around it; the time labels fit below 30 columns */
	assert_string_equal(buf, "  -18.5 |\n"
	                         "  -19.0 |*             *              *\n"
	                         "  -19.5 |\n"
	                         "    dBm +------------------------------\n"
	                         "         11-18 11:06        11-18 11:07\n");
	free(buf);
	buf = NULL;
	capture_start(&fp, &buf, &len);
	assert_int_equal(ctl_fmt_chart_print(fp, &c, t, none, 2), -1);
	c.width = 1;
	assert_int_equal(ctl_fmt_chart_print(fp, &c, t, v, 3), -1);
	c.width = CTL_FMT_CHART_MAX + 1;
	assert_int_equal(ctl_fmt_chart_print(fp, &c, t, v, 3), -1);
	capture_end(fp);
	assert_string_equal(buf, "");
	free(buf);
}

/* Points outside the time axis are left out, not drawn at its edges. */
static void chart_clips_time(void **state)
{
	const int64_t from = 1795000000;
	int64_t t[3] = { from - 100, from + 50, from + 500 };
	double v[3] = { -30.0, -12.0, -10.0 };
	struct ctl_fmt_chart c = { 11, 2, from, from + 100, NULL, 0 };
	FILE *fp;
	char *buf = NULL;
	size_t len;

	(void)state;
	capture_start(&fp, &buf, &len);
	assert_int_equal(ctl_fmt_chart_print(fp, &c, t, v, 3), 0);
	capture_end(fp);
	/* the scale still spans every finite value; only the middle point is drawn */
	assert_string_equal(buf, "  -10.0 |     *\n"
	                         "  -30.0 |\n"
	                         "    dBm +-----------\n"
	                         "         11-18 11:06\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations),
		cmocka_unit_test(times),
		cmocka_unit_test(json_cells),
		cmocka_unit_test(table_aligns),
		cmocka_unit_test(table_grows),
		cmocka_unit_test(chart_falling),
		cmocka_unit_test(chart_flat_and_empty),
		cmocka_unit_test(chart_clips_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
