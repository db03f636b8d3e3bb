/* snmp_test_engine: SNMPv3 engine discovery messages: the probe we send is well formed,
 * the engine ID is read from a report, and malformed or foreign replies are rejected. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "probes/snmp/snmp_engine.h"

/* The report snmpsim (pysnmp) sent to our probe with msgID 0x12345678, recorded:
 * engine ID 80004fb805766d680ca680 (11 octets), varbind usmStatsUnknownEngineIDs.0 = 7. */
static const uint8_t report[] = {
	0x30, 0x66, 0x02, 0x01, 0x03, 0x30, 0x11, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78, 0x02, 0x03,
	0x00, 0xff, 0xe3, 0x04, 0x01, 0x00, 0x02, 0x01, 0x03, 0x04, 0x1c, 0x30, 0x1a, 0x04, 0x0b,
	0x80, 0x00, 0x4f, 0xb8, 0x05, 0x76, 0x6d, 0x68, 0x0c, 0xa6, 0x80, 0x02, 0x01, 0x02, 0x02,
	0x02, 0x02, 0xda, 0x04, 0x00, 0x04, 0x00, 0x04, 0x00, 0x30, 0x30, 0x04, 0x0b, 0x80, 0x00,
	0x4f, 0xb8, 0x05, 0x76, 0x6d, 0x68, 0x0c, 0xa6, 0x80, 0x04, 0x00, 0xa8, 0x1f, 0x02, 0x04,
	0x12, 0x34, 0x56, 0x78, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x11, 0x30, 0x0f, 0x06,
	0x0a, 0x2b, 0x06, 0x01, 0x06, 0x03, 0x0f, 0x01, 0x01, 0x04, 0x00, 0x41, 0x01, 0x07,
};
#define EID_AT  30
#define EID_LEN 11

static void test_probe_shape(void **state)
{
	uint8_t buf[128];
	int n = snmp_engine_probe_build(buf, sizeof(buf), 0x12345678);

	(void)state;
	/* The layout of net-snmp's own probe: v3, msgID, reportable, USM, empty USM fields. */
	assert_int_equal(n, 64);
	assert_int_equal(buf[0], 0x30);
	assert_int_equal(buf[1], n - 2);
	assert_memory_equal(buf + 2, "\x02\x01\x03\x30\x11\x02\x04\x12\x34\x56\x78", 11);
	assert_memory_equal(buf + 13, "\x02\x03\x00\xff\xe3\x04\x01\x04\x02\x01\x03", 11);
	assert_memory_equal(buf + 24, "\x04\x10\x30\x0e\x04\x00", 6);
	assert_int_equal(snmp_engine_probe_build(buf, 63, 0x12345678), -1);
	assert_int_equal(snmp_engine_probe_build(buf, sizeof(buf), 5), -1);
}

static void test_report(void **state)
{
	uint8_t eid[SNMP_ENGINE_ID_MAX];
	size_t len = 0;

	(void)state;
	assert_int_equal(snmp_engine_probe_parse(report, sizeof(report), 0x12345678, eid, &len), 0);
	assert_int_equal(len, EID_LEN);
	assert_memory_equal(eid, report + EID_AT, EID_LEN);
	/* Someone else's message id. */
	assert_int_equal(snmp_engine_probe_parse(report, sizeof(report), 0x12345679, eid, &len),
	                 -1);
	/* Every truncation is rejected, never read past. */
	for (size_t i = 0; i < sizeof(report); i++)
		assert_int_equal(snmp_engine_probe_parse(report, i, 0x12345678, eid, &len), -1);
}

static void test_garbage(void **state)
{
	uint8_t buf[sizeof(report)], eid[SNMP_ENGINE_ID_MAX];
	size_t len;

	(void)state;
	memcpy(buf, report, sizeof(buf));
	buf[EID_AT - 1] = 0x40; /* engine ID length beyond the sequence */
	assert_int_equal(snmp_engine_probe_parse(buf, sizeof(buf), 0x12345678, eid, &len), -1);
	memcpy(buf, report, sizeof(buf));
	buf[EID_AT - 1] = 0x02; /* too short for an engine ID */
	assert_int_equal(snmp_engine_probe_parse(buf, sizeof(buf), 0x12345678, eid, &len), -1);
	memcpy(buf, report, sizeof(buf));
	buf[4] = 0x01; /* SNMPv2c */
	assert_int_equal(snmp_engine_probe_parse(buf, sizeof(buf), 0x12345678, eid, &len), -1);
	memset(buf, 0x30, sizeof(buf));
	assert_int_equal(snmp_engine_probe_parse(buf, sizeof(buf), 0x12345678, eid, &len), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_shape),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
