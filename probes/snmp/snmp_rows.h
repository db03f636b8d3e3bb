/* snmp_rows: the rows of one OLT's walk, keyed by their index sub-identifiers,
 * each holding one reading; a hash on the key joins columns into rows. */
#ifndef OW_SNMP_ROWS_H
#define OW_SNMP_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"

struct snmp_row_meta {
	uint32_t key_off; /* key in the rows' arena */
	uint16_t key_len;
	bool invalid; /* the index did not decode: never delivered */
};

/* Readings and their keys in parallel arrays, so the readings can be handed
 * out as one array. */
struct snmp_rows {
	struct ont_reading *readings;
	struct snmp_row_meta *meta;
	size_t n, cap;
	uint32_t *arena; /* keys, back to back */
	size_t arena_len, arena_cap;
	uint32_t *slots; /* open addressing: row index + 1, 0 = empty */
	size_t nslots;
};

/* Empty the set, keeping its memory for the next walk. */
void snmp_rows_reset(struct snmp_rows *rs);
/* Drop invalid rows, keeping the order of the others; returns how many remain. */
size_t snmp_rows_compact(struct snmp_rows *rs);
/* Free the memory; the struct itself is the caller's. */
void snmp_rows_free(struct snmp_rows *rs);
/* Find the row of key; *created tells whether it is new (reading uninitialised). */
size_t snmp_rows_get(struct snmp_rows *rs, const uint32_t *key, size_t len, bool *created);

#endif
