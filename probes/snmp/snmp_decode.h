/* snmp_decode: pure decoding by a vendor profile: one raw value into a reading field,
 * one row index into port/ONT id/serial. No I/O, no logging; malformed input is "invalid". */
#ifndef OW_SNMP_DECODE_H
#define OW_SNMP_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"
#include "probes/snmp/snmp_profile.h"

enum snmp_vtype {
	SNMP_V_INT,    /* INTEGER / Integer32 */
	SNMP_V_UINT,   /* Gauge32, Counter32, Counter64, TimeTicks */
	SNMP_V_OCTETS, /* OCTET STRING */
	SNMP_V_OTHER,  /* anything else: never a reading */
};

/* A raw value as received; `s` points into the caller's buffer. */
struct snmp_value {
	enum snmp_vtype type;
	int64_t i;
	const uint8_t *s;
	size_t len;
};

/* Where an index decodes to. */
struct snmp_row_id {
	char port[ONT_PORT_MAX];
	int32_t ont;                 /* -1 when the index has none */
	char serial[ONT_SERIAL_MAX]; /* "" unless the index carries it */
};

enum snmp_decode_rc {
	SNMP_DECODE_OK = 0,
	SNMP_DECODE_MISSING = 1, /* a "no reading" sentinel: field stays missing */
	SNMP_DECODE_INVALID = -1 /* wrong type, garbage, implausible: field stays missing */
};

/* Decode v by column c into r's field; returns an snmp_decode_rc. */
int snmp_decode_value(const struct snmp_column *c, const struct snmp_value *v,
                      struct ont_reading *r);
/* Decode a row key (sub-ids after the column OID, extras removed); 0 or -1 (invalid). */
int snmp_decode_index(const struct snmp_index *ix, const uint32_t *key, size_t len,
                      struct snmp_row_id *out);
/* After all columns: an offline ONT with a known down cause takes that cause as status. */
void snmp_decode_finish(struct ont_reading *r);
/* Parse the number just before "dBm" in text such as "0.03 mW (-14.61 dBm)"; 0 or -1. */
int snmp_decode_text_dbm(const uint8_t *s, size_t len, double *out);
/* Parse the leading decimal number of text such as "30.67 C"; 0 or -1. */
int snmp_decode_text_number(const uint8_t *s, size_t len, double *out);

#endif
