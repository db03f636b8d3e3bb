/* test_readings_csv: the hand-written readings parser: exact time and number syntax, BOM,
 * CRLF, blank lines, missing cells, and lines longer than its buffer. */
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
#include <unistd.h>

#include "monitor/readings_csv.h"

static void test_time(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(readings_csv_parse_time("2026-03-02T00:15:00Z", 20, &t), 0);
	assert_int_equal(t, 1772410500);
	assert_int_equal(readings_csv_parse_time("2024-02-29T23:59:59Z", 20, &t), 0);
	assert_int_equal(t, 1709251199);
	assert_int_equal(readings_csv_parse_time("2026-02-29T00:00:00Z", 20, &t), -1);
	assert_int_equal(readings_csv_parse_time("2026-13-01T00:00:00Z", 20, &t), -1);
	assert_int_equal(readings_csv_parse_time("2026-03-02 00:15:00Z", 20, &t), -1);
	assert_int_equal(readings_csv_parse_time("2026-03-02T00:15:00", 19, &t), -1);
	assert_int_equal(readings_csv_parse_time("2026-03-02T24:00:00Z", 20, &t), -1);
	assert_int_equal(readings_csv_parse_time("2O26-03-02T00:15:00Z", 20, &t), -1);
}

static void test_numbers(void **state)
{
	double v;

	(void)state;
	assert_int_equal(readings_csv_parse_num("-21.37", 6, &v), 0);
	assert_true(fabs(v + 21.37) < 1e-12);
	assert_int_equal(readings_csv_parse_num("3", 1, &v), 0);
	assert_true(v == 3);
	assert_int_equal(readings_csv_parse_num(".5", 2, &v), 0);
	assert_true(v == 0.5);
	assert_int_equal(readings_csv_parse_num("+2.", 3, &v), 0);
	assert_true(v == 2);
	assert_int_equal(readings_csv_parse_num("-", 1, &v), -1);
	assert_int_equal(readings_csv_parse_num(".", 1, &v), -1);
	assert_int_equal(readings_csv_parse_num("1e3", 3, &v), -1);
	assert_int_equal(readings_csv_parse_num("nan", 3, &v), -1);
	assert_int_equal(readings_csv_parse_num("1.2.3", 5, &v), -1);
	assert_int_equal(readings_csv_parse_num(" 1", 2, &v), -1);
}

static void test_file_edges(void **state)
{
	char path[] = "/tmp/ow-rcsv-XXXXXX", err[READINGS_CSV_ERR_MAX];
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	struct readings_csv *rd;
	struct ont_reading r;
	size_t big = 3u << 20; /* three buffers long */

	(void)state;
	assert_non_null(fp);
	fputs("\xef\xbb\xbfolt,time,port,ont,status,rx_dbm,extra\r\n", fp);
	fputs("olt-1,2026-03-02T00:15:00Z,0/1/0,7,online,-21.5,x\r\n", fp);
	fputs("\r\n", fp);
	fputs("olt-1,2026-03-02T00:15:00Z,0/1/0,8,dying_gasp,,\n", fp);
	fputs("olt-1,2026-03-02T00:15:00Z,0/1/0,9,", fp);
	for (size_t i = 0; i < big; i++)
		fputc('a', fp);
	fputs("\nolt-1,2026-03-02T00:30:00Z,0/1/0,7,,-21.6,", fp); /* no final newline */
	fclose(fp);

	rd = readings_csv_open(path, err);
	assert_non_null(rd);
	assert_int_equal(readings_csv_next(rd, &r), 1);
	assert_string_equal(r.olt, "olt-1");
	assert_int_equal(r.ont, 7);
	assert_int_equal(r.status, ONT_STATUS_ONLINE);
	assert_true(fabs(r.rx_dbm + 21.5) < 1e-9);
	assert_true(isnan(r.tx_dbm));
	assert_int_equal(readings_csv_next(rd, &r), 1);
	assert_int_equal(r.ont, 8);
	assert_int_equal(r.status, ONT_STATUS_DYING_GASP);
	assert_true(isnan(r.rx_dbm));
	assert_int_equal(readings_csv_next(rd, &r), -1);
	assert_non_null(strstr(readings_csv_error(rd), ":5: line too long"));
	assert_int_equal(readings_csv_next(rd, &r), 1);
	assert_int_equal(r.ont, 7);
	assert_int_equal(r.time, 1772411400);
	assert_int_equal(r.status, ONT_STATUS_UNKNOWN); /* empty status cell: missing */
	assert_int_equal(readings_csv_next(rd, &r), 0);
	assert_int_equal(readings_csv_rows(rd), 4);
	readings_csv_close(rd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_file_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
