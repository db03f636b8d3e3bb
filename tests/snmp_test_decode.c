/* snmp_test_decode: vendor profile loading and decoding (index, conversions,
 * sentinels, maps, serials) against the shipped conf/vendors profiles. */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "probes/snmp/snmp_decode.h"
#include "probes/snmp/snmp_profile.h"

static char vendor_dir[4096];

static struct snmp_profile *load(const char *name)
{
	struct snmp_profile *p = NULL;
	char err[SNMP_ERRBUF_MAX];

	if (snmp_profile_find(vendor_dir, name, &p, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return p;
}

static const struct snmp_column *column(const struct snmp_profile *p, enum snmp_field f)
{
	for (size_t i = 0; i < p->ncolumns; i++)
		if (p->columns[i].field == f)
			return &p->columns[i];
	fail_msg("no column %s", snmp_field_name(f));
	return NULL;
}

static struct snmp_value vint(int64_t i)
{
	return (struct snmp_value){ .type = SNMP_V_INT, .i = i };
}

static struct snmp_value vstr(const char *s)
{
	return (
	    struct snmp_value){ .type = SNMP_V_OCTETS, .s = (const uint8_t *)s, .len = strlen(s) };
}

static void test_all_profiles_load(void **state)
{
	static const char *const names[] = { "huawei", "zte", "vsol", "fiberhome", "ufiber" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct snmp_profile *p = load(names[i]);

		assert_string_equal(p->name, names[i]);
		assert_true(p->ncolumns > 0);
		snmp_profile_free(p);
	}
}

static void test_huawei_index(void **state)
{
	struct snmp_profile *p = load("huawei");
	uint32_t key[2] = { 4194312192u, 3 };
	uint32_t key2[2] = { 125u << 25 | 2u << 19 | 17u << 13 | 15u << 8, 127 };
	struct snmp_row_id id;

	(void)state;
	assert_int_equal(snmp_decode_index(&p->index, key, 2, &id), 0);
	assert_string_equal(id.port, "0/1/0");
	assert_int_equal(id.ont, 3);
	assert_int_equal(snmp_decode_index(&p->index, key2, 2, &id), 0);
	assert_string_equal(id.port, "2/17/15");
	assert_int_equal(id.ont, 127);
	/* Too short and too long keys are invalid, not guessed. */
	assert_int_equal(snmp_decode_index(&p->index, key, 1, &id), -1);
	assert_int_equal(snmp_decode_index(&p->index, key2, 3, &id), -1);
	snmp_profile_free(p);
}

static void test_huawei_values(void **state)
{
	struct snmp_profile *p = load("huawei");
	struct ont_reading r;
	struct snmp_value v;
	const uint8_t sn[8] = { 'H', 'W', 'T', 'C', 0x1a, 0x2b, 0x3c, 0x4d };

	(void)state;
	ont_reading_clear(&r, 100);
	v = vint(-1414);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), SNMP_DECODE_OK);
	assert_float_equal(r.rx_dbm, -14.14, 1e-9);
	v = vint(8064);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_OLT_RX_DBM), &v, &r), 0);
	assert_float_equal(r.olt_rx_dbm, -19.36, 1e-9);
	v = vint(3220);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_VOLTAGE_V), &v, &r), 0);
	assert_float_equal(r.voltage_v, 3.22, 1e-9);
	/* The sentinel is missing, never a number. */
	v = vint(2147483647);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), SNMP_DECODE_MISSING);
	assert_true(isnan(r.rx_dbm));
	/* A string where a number was expected is invalid and leaves the value missing. */
	v = vstr("-14.14");
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_TX_DBM), &v, &r), SNMP_DECODE_INVALID);
	assert_true(isnan(r.tx_dbm));
	/* Implausible values are rejected. */
	v = vint(50000);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), SNMP_DECODE_INVALID);
	assert_true(isnan(r.rx_dbm));
	v = (struct snmp_value){ .type = SNMP_V_OCTETS, .s = sn, .len = sizeof(sn) };
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_SERIAL), &v, &r), 0);
	assert_string_equal(r.serial, "HWTC1A2B3C4D");
	/* Status: down with LOS as last cause becomes LOS, and light is dropped. */
	ont_reading_clear(&r, 100);
	r.rx_dbm = -20;
	v = vint(2);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_STATUS), &v, &r), 0);
	v = vint(1);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_LAST_DOWN), &v, &r), 0);
	snmp_decode_finish(&r);
	assert_int_equal(r.status, ONT_STATUS_LOS);
	assert_true(isnan(r.rx_dbm));
	ont_reading_clear(&r, 100);
	v = vint(2);
	snmp_decode_value(column(p, SNMP_F_STATUS), &v, &r);
	v = vint(13);
	snmp_decode_value(column(p, SNMP_F_LAST_DOWN), &v, &r);
	snmp_decode_finish(&r);
	assert_int_equal(r.status, ONT_STATUS_DYING_GASP);
	ont_reading_clear(&r, 100);
	v = vint(2);
	snmp_decode_value(column(p, SNMP_F_STATUS), &v, &r);
	v = vint(9);
	snmp_decode_value(column(p, SNMP_F_LAST_DOWN), &v, &r);
	snmp_decode_finish(&r);
	assert_int_equal(r.status, ONT_STATUS_OFFLINE);
	assert_int_equal(r.last_down, ONT_STATUS_OFFLINE);
	snmp_profile_free(p);
}

static void test_zte(void **state)
{
	struct snmp_profile *p = load("zte");
	uint32_t key[2] = { 1u << 28 | 0u << 24 | 2u << 16 | 7u << 8, 12 };
	struct snmp_row_id id;
	struct ont_reading r;
	struct snmp_value v;

	(void)state;
	assert_int_equal(snmp_decode_index(&p->index, key, 2, &id), 0);
	assert_string_equal(id.port, "1/2/7");
	assert_int_equal(id.ont, 12);
	ont_reading_clear(&r, 1);
	v = vint(7500); /* 7500*0.002-30 = -15 */
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), 0);
	assert_float_equal(r.rx_dbm, -15.0, 1e-9);
	v = vint(65535);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_TX_DBM), &v, &r), 1);
	v = vint(-21345);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_OLT_RX_DBM), &v, &r), 0);
	assert_float_equal(r.olt_rx_dbm, -21.345, 1e-9);
	v = vint(-80000);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_OLT_RX_DBM), &v, &r), 1);
	assert_true(isnan(r.olt_rx_dbm));
	v = vint(4);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_STATUS), &v, &r), 0);
	assert_int_equal(r.status, ONT_STATUS_DYING_GASP);
	v = vint(5); /* unmapped phase: unknown, not guessed */
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_STATUS), &v, &r), 0);
	assert_int_equal(r.status, ONT_STATUS_UNKNOWN);
	snmp_profile_free(p);
}

static void test_text(void **state)
{
	struct snmp_profile *p = load("vsol");
	struct ont_reading r;
	struct snmp_value v;
	double x;

	(void)state;
	ont_reading_clear(&r, 1);
	v = vstr("0.03 mW (-14.61 dBm)");
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), 0);
	assert_float_equal(r.rx_dbm, -14.61, 1e-9);
	v = vstr("2.38 mW (3.77 dBm)");
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_TX_DBM), &v, &r), 0);
	assert_float_equal(r.tx_dbm, 3.77, 1e-9);
	v = vstr("30.67 C");
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_TEMP_C), &v, &r), 0);
	assert_float_equal(r.temp_c, 30.67, 1e-9);
	v = vstr("11.65 mA");
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_BIAS_MA), &v, &r), 0);
	assert_float_equal(r.bias_ma, 11.65, 1e-9);
	/* Garbage text: invalid, missing. */
	static const char *const bad[] = { "",       "dBm",
		                           "N/A",    "0.00 mW (-inf dBm)",
		                           "( dBm)", "0.03 mW (-14.61 DBM)" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = vstr(bad[i]);
		assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), -1);
		assert_true(isnan(r.rx_dbm));
	}
	v = vint(-1461);
	assert_int_equal(snmp_decode_value(column(p, SNMP_F_RX_DBM), &v, &r), -1);
	/* Bounded: no terminating NUL needed. */
	assert_int_equal(snmp_decode_text_dbm((const uint8_t *)"-3.5 dBmXX", 6, &x), -1);
	assert_int_equal(snmp_decode_text_dbm((const uint8_t *)"-3.5 dBmXX", 8, &x), 0);
	assert_float_equal(x, -3.5, 1e-9);
	snmp_profile_free(p);
}

static void test_ufiber_index(void **state)
{
	struct snmp_profile *p = load("ufiber");
	uint32_t key[13] = { 12, 'U', 'B', 'N', 'T', '2', '0', '7', '3', '1', '8', '8', '8' };
	struct snmp_row_id id;

	(void)state;
	assert_int_equal(snmp_decode_index(&p->index, key, 13, &id), 0);
	assert_string_equal(id.serial, "UBNT20731888");
	assert_string_equal(id.port, "");
	assert_int_equal(id.ont, -1);
	key[0] = 13; /* length beyond the key */
	assert_int_equal(snmp_decode_index(&p->index, key, 13, &id), -1);
	key[0] = 12;
	key[5] = 300; /* not a byte */
	assert_int_equal(snmp_decode_index(&p->index, key, 13, &id), -1);
	snmp_profile_free(p);
}

static void test_mw_to_dbm(void **state)
{
	struct snmp_column c = { .field = SNMP_F_RX_DBM,
		                 .conv = SNMP_CONV_MW_TO_DBM,
		                 .scale = 0.0001,
		                 .valid_min = -50,
		                 .valid_max = 10 };
	struct ont_reading r;
	struct snmp_value v = vint(10000); /* 1 mW */

	(void)state;
	ont_reading_clear(&r, 1);
	assert_int_equal(snmp_decode_value(&c, &v, &r), 0);
	assert_float_equal(r.rx_dbm, 0.0, 1e-9);
	v = vint(345); /* 0.0345 mW */
	assert_int_equal(snmp_decode_value(&c, &v, &r), 0);
	assert_float_equal(r.rx_dbm, 10 * log10(0.0345), 1e-9);
	v = vint(0); /* no light is missing, not -inf */
	assert_int_equal(snmp_decode_value(&c, &v, &r), 1);
	assert_true(isnan(r.rx_dbm));
}

/* Write `text` to a temporary profile and expect loading to fail with `want` in the error. */
static void expect_error(const char *text, const char *want)
{
	char path[] = "/tmp/ow-prof-XXXXXX";
	char err[SNMP_ERRBUF_MAX];
	struct snmp_profile *p = NULL;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	assert_int_equal(snmp_profile_load(path, &p, err, sizeof(err)), -1);
	assert_null(p);
	unlink(path);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void test_profile_errors(void **state)
{
	static const char head[] = "name = \"x\";\nindex = { parts = ( { name = \"a\"; } ); };\n";
	char buf[1024];

	(void)state;
	snprintf(buf, sizeof(buf),
	         "%scolumns = ( { field = \"rx_dbm\"; oid = \"1.3.6.1\"; "
	         "conv = \"linear\"; scael = 2; } );\n",
	         head);
	expect_error(buf, ":3: scael: unknown key");
	snprintf(buf, sizeof(buf),
	         "%scolumns = ( { field = \"rx_dbm\"; oid = \"1.3.x\"; "
	         "conv = \"linear\"; } );\n",
	         head);
	expect_error(buf, "oid: not a numeric OID");
	snprintf(buf, sizeof(buf),
	         "%scolumns = ( { field = \"rx_dbm\"; oid = \"1.3.6\"; "
	         "conv = \"map\"; } );\n",
	         head);
	expect_error(buf, "does not apply to field rx_dbm");
	snprintf(buf, sizeof(buf),
	         "%scolumns = ( { field = \"status\"; oid = \"1.3.6\"; "
	         "conv = \"map\"; map = ( { raw = 1; status = \"up\"; } ); } );\n",
	         head);
	expect_error(buf, "unknown status \"up\"");
	expect_error("name = \"x\";\nindex = { parts = ( { name = \"a\"; } ); port = \"{b}\"; };\n"
	             "columns = ( { field = \"rx_dbm\"; oid = \"1.3.6\"; conv = \"linear\"; } );\n",
	             "unknown index variable {b}");
	expect_error("name = \"x\";\nindex = ;\n", ":2: syntax error");
	expect_error("name = \"x\";\n", ": index: missing");
	expect_error("name = \"x\";\nfoo = 1;\n", ":2: foo: unknown key");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_profiles_load),
		cmocka_unit_test(test_huawei_index),
		cmocka_unit_test(test_huawei_values),
		cmocka_unit_test(test_zte),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_ufiber_index),
		cmocka_unit_test(test_mw_to_dbm),
		cmocka_unit_test(test_profile_errors),
	};
	const char *top = getenv("top_srcdir");

	snprintf(vendor_dir, sizeof(vendor_dir), "%s/conf/vendors", top ? top : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
