/* store_cache: serial -> ONT id hints kept by a store backend, so an ONT it already knows
 * costs one keyed update per poll instead of an upsert. A hint is never trusted alone. */
#ifndef OW_STORE_CACHE_H
#define OW_STORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Entries are keyed by a 64-bit hash of the serial and hold only the row id: the backend
 * must check every hit against the row itself (id, serial and location in the statement
 * that uses it) and fall back to its full lookup when the row does not match, so a stale
 * hint (another daemon moved the ONT, a rolled-back insert, a hash collision) costs one
 * extra statement, never a wrong ONT.
 */
struct store_cache;

/* A cache of at most max_entries serials (it starts over when full). */
struct store_cache *store_cache_new(size_t max_entries);
/* Free; NULL is fine. */
void store_cache_free(struct store_cache *c);
/* The id last recorded for serial; false when none. */
bool store_cache_get(const struct store_cache *c, const char *serial, int64_t *id);
/* Record (or replace) the id of serial. */
void store_cache_put(struct store_cache *c, const char *serial, int64_t id);
/* Forget every entry (after a rollback). */
void store_cache_clear(struct store_cache *c);
/* Number of entries. */
size_t store_cache_count(const struct store_cache *c);
/* Bytes allocated for the table (benchmarks). */
size_t store_cache_bytes(const struct store_cache *c);

#endif
