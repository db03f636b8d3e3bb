/* snmp_profile: a vendor profile (conf/vendors/NAME.conf) as data: the columns to walk,
 * how a row index decodes to a port and ONT id, how raw values convert, and trap OIDs. */
#ifndef OW_SNMP_PROFILE_H
#define OW_SNMP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"

#define SNMP_OID_MAX     64 /* sub-identifiers in an OID we accept */
#define SNMP_NAME_MAX    32
#define SNMP_MISSING_MAX 8
#define SNMP_MAP_MAX     32
#define SNMP_PARTS_MAX   4
#define SNMP_VARS_MAX    8
#define SNMP_COLUMNS_MAX 16
#define SNMP_TRAPS_MAX   16
#define SNMP_PORTFMT_MAX 64
#define SNMP_ERRBUF_MAX  256

/* What a column fills in the reading. */
enum snmp_field {
	SNMP_F_RX_DBM,
	SNMP_F_TX_DBM,
	SNMP_F_OLT_RX_DBM,
	SNMP_F_BIAS_MA,
	SNMP_F_TEMP_C,
	SNMP_F_VOLTAGE_V,
	SNMP_F_DISTANCE_M,
	SNMP_F_STATUS,
	SNMP_F_LAST_DOWN,
	SNMP_F_SERIAL,
	SNMP_F_DESCRIPTION,
};

/* How a raw value becomes the field's value. */
enum snmp_conv {
	SNMP_CONV_LINEAR,           /* raw*scale + offset */
	SNMP_CONV_MW_TO_DBM,        /* 10*log10(raw*scale) */
	SNMP_CONV_TEXT_DBM,         /* "0.03 mW (-14.61 dBm)": the number before "dBm" */
	SNMP_CONV_TEXT_NUMBER,      /* "30.67 C": the leading number, then *scale + offset */
	SNMP_CONV_MAP,              /* integer -> status via map */
	SNMP_CONV_TEXT,             /* printable text (description) */
	SNMP_CONV_SERIAL_ASCII,     /* serial as printable text */
	SNMP_CONV_SERIAL_HEX,       /* serial bytes as upper-case hex */
	SNMP_CONV_SERIAL_VENDOR_HEX /* first ascii_bytes as text, the rest as hex */
};

struct snmp_oid {
	uint32_t sub[SNMP_OID_MAX];
	size_t len;
};

struct snmp_map_entry {
	long raw;
	enum ont_status status;
};

struct snmp_column {
	enum snmp_field field;
	struct snmp_oid oid;  /* column OID; rows are oid.key[.extra] */
	unsigned index_extra; /* trailing sub-ids after the row key (ZTE's ".1") */
	enum snmp_conv conv;
	double scale, offset;
	long missing[SNMP_MISSING_MAX]; /* raw "no reading" sentinels */
	size_t nmissing;
	double valid_min, valid_max; /* converted values outside are missing */
	struct snmp_map_entry map[SNMP_MAP_MAX];
	size_t nmap;
	enum ont_status map_default; /* UNKNOWN when unmapped values stay unknown */
	unsigned ascii_bytes;
};

enum snmp_part_kind {
	SNMP_PART_INT,    /* one sub-identifier */
	SNMP_PART_STRING, /* length-prefixed octet string */
};

struct snmp_index_part {
	char name[SNMP_NAME_MAX];
	enum snmp_part_kind kind;
};

/* A named number derived from an integer part: (part >> shift) & (2^bits - 1). */
struct snmp_index_var {
	char name[SNMP_NAME_MAX];
	int part;
	unsigned shift, bits; /* bits 0: the whole part */
	long offset;          /* added after extraction (1-based numbering) */
};

struct snmp_index {
	struct snmp_index_part parts[SNMP_PARTS_MAX];
	size_t nparts;
	struct snmp_index_var vars[SNMP_VARS_MAX];
	size_t nvars;
	char port_fmt[SNMP_PORTFMT_MAX]; /* "{frame}/{slot}/{port}"; "" for none */
	int ont_var;                     /* index into vars, -1: no ONT id in the index */
	int serial_part;                 /* string part holding the serial, -1: none */
};

struct snmp_trap_def {
	struct snmp_oid oid;        /* snmpTrapOID value */
	enum ont_status status;     /* status the notification announces */
	struct snmp_oid index_from; /* varbind whose OID suffix is the row key */
	unsigned index_extra;
};

struct snmp_profile {
	char name[SNMP_NAME_MAX];
	char description[96];
	struct snmp_index index;
	struct snmp_column columns[SNMP_COLUMNS_MAX];
	size_t ncolumns;
	struct snmp_trap_def traps[SNMP_TRAPS_MAX];
	size_t ntraps;
};

/* Load a profile file; on error returns -1 and writes "file:line: key: why" to err. */
int snmp_profile_load(const char *path, struct snmp_profile **out, char *err, size_t errlen);
/* Load by name (DIR/NAME.conf) or, when `name` contains '/', from that path. */
int snmp_profile_find(const char *dir, const char *name, struct snmp_profile **out, char *err,
                      size_t errlen);
/* Free a profile; NULL is fine. */
void snmp_profile_free(struct snmp_profile *p);
/* Field name as used in profiles ("rx_dbm", ...). */
const char *snmp_field_name(enum snmp_field f);
/* Parse dotted OID text; 0 or -1. */
int snmp_oid_parse(const char *text, struct snmp_oid *out);

#endif
