/* snmp_rows: open-addressing hash (FNV-1a over the key) with linear probing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "probes/snmp/snmp_rows.h"

static uint32_t key_hash(const uint32_t *key, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= key[i];
		h *= 16777619u;
		h ^= h >> 15;
	}
	return h;
}

void snmp_rows_reset(struct snmp_rows *rs)
{
	rs->n = 0;
	rs->arena_len = 0;
	if (rs->slots != NULL)
		memset(rs->slots, 0, rs->nslots * sizeof(*rs->slots));
}

void snmp_rows_free(struct snmp_rows *rs)
{
	free(rs->readings);
	free(rs->meta);
	free(rs->arena);
	free(rs->slots);
	memset(rs, 0, sizeof(*rs));
}

static void grow_slots(struct snmp_rows *rs)
{
	size_t n = rs->nslots ? rs->nslots * 2 : 64;

	free(rs->slots);
	rs->slots = xcalloc(n, sizeof(*rs->slots));
	rs->nslots = n;
	for (size_t i = 0; i < rs->n; i++) {
		const struct snmp_row_meta *row = &rs->meta[i];
		size_t s = key_hash(rs->arena + row->key_off, row->key_len) & (n - 1);

		while (rs->slots[s] != 0)
			s = (s + 1) & (n - 1);
		rs->slots[s] = (uint32_t)(i + 1);
	}
}

size_t snmp_rows_get(struct snmp_rows *rs, const uint32_t *key, size_t len, bool *created)
{
	size_t s;
	struct snmp_row_meta *row;

	if ((rs->n + 1) * 2 > rs->nslots)
		grow_slots(rs);
	s = key_hash(key, len) & (rs->nslots - 1);
	while (rs->slots[s] != 0) {
		row = &rs->meta[rs->slots[s] - 1];
		if (row->key_len == len &&
		    memcmp(rs->arena + row->key_off, key, len * sizeof(*key)) == 0) {
			*created = false;
			return rs->slots[s] - 1;
		}
		s = (s + 1) & (rs->nslots - 1);
	}
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->readings = xreallocarray(rs->readings, rs->cap, sizeof(*rs->readings));
		rs->meta = xreallocarray(rs->meta, rs->cap, sizeof(*rs->meta));
	}
	if (rs->arena_len + len > rs->arena_cap) {
		rs->arena_cap = rs->arena_cap ? rs->arena_cap * 2 : 256;
		while (rs->arena_len + len > rs->arena_cap)
			rs->arena_cap *= 2;
		rs->arena = xreallocarray(rs->arena, rs->arena_cap, sizeof(*rs->arena));
	}
	memcpy(rs->arena + rs->arena_len, key, len * sizeof(*key));
	row = &rs->meta[rs->n];
	row->key_off = (uint32_t)rs->arena_len;
	row->key_len = (uint16_t)len;
	row->invalid = false;
	rs->arena_len += len;
	rs->slots[s] = (uint32_t)(rs->n + 1);
	*created = true;
	return rs->n++;
}

size_t snmp_rows_compact(struct snmp_rows *rs)
{
	size_t j = 0;

	for (size_t i = 0; i < rs->n; i++) {
		if (rs->meta[i].invalid)
			continue;
		if (i != j) {
			rs->readings[j] = rs->readings[i];
			rs->meta[j] = rs->meta[i];
		}
		j++;
	}
	rs->n = j;
	/* The hash no longer matches the positions: the set is read-only now. */
	if (rs->slots != NULL)
		memset(rs->slots, 0, rs->nslots * sizeof(*rs->slots));
	return j;
}
