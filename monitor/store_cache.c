/* store_cache: serial -> ONT id hints kept by a store backend, so an ONT it already knows
 * costs one keyed update per poll instead of an upsert. A hint is never trusted alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/store_cache.h"

/* 16 bytes a slot and at most 70% full: 23-46 bytes per cached ONT. */
struct slot {
	uint64_t key; /* hash of the serial; 0 = empty */
	int64_t id;
};

struct store_cache {
	struct slot *slots;
	size_t mask; /* slots - 1 (a power of two), or 0 before the first put */
	size_t count;
	size_t max;
};

#define MIN_SLOTS 1024

/* FNV-1a, then the splitmix64 finaliser so that serials differing in one character
 * spread over the whole table. */
static uint64_t hash_serial(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h != 0 ? h : 1;
}

struct store_cache *store_cache_new(size_t max_entries)
{
	struct store_cache *c = xcalloc(1, sizeof(*c));

	c->max = max_entries > 0 ? max_entries : 1;
	return c;
}

void store_cache_free(struct store_cache *c)
{
	if (c == NULL)
		return;
	free(c->slots);
	free(c);
}

static struct slot *find(const struct store_cache *c, uint64_t key)
{
	size_t i = (size_t)key & c->mask;

	while (c->slots[i].key != 0 && c->slots[i].key != key)
		i = (i + 1) & c->mask;
	return &c->slots[i];
}

bool store_cache_get(const struct store_cache *c, const char *serial, int64_t *id)
{
	const struct slot *s;

	if (c->count == 0)
		return false;
	s = find(c, hash_serial(serial));
	if (s->key == 0)
		return false;
	*id = s->id;
	return true;
}

static void grow(struct store_cache *c)
{
	size_t n = c->mask ? (c->mask + 1) * 2 : MIN_SLOTS;
	struct slot *old = c->slots;
	size_t oldn = c->mask ? c->mask + 1 : 0;

	c->slots = xcalloc(n, sizeof(*c->slots));
	c->mask = n - 1;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].key != 0)
			*find(c, old[i].key) = old[i];
	free(old);
}

void store_cache_put(struct store_cache *c, const char *serial, int64_t id)
{
	uint64_t key = hash_serial(serial);
	struct slot *s;

	if (c->mask != 0) {
		s = find(c, key);
		if (s->key == key) {
			s->id = id;
			return;
		}
	}
	/* a fleet larger than the cap: start over rather than grow without bound */
	if (c->count >= c->max)
		store_cache_clear(c);
	if (c->mask == 0 || (c->count + 1) * 10 > (c->mask + 1) * 7)
		grow(c);
	s = find(c, key);
	s->key = key;
	s->id = id;
	c->count++;
}

void store_cache_clear(struct store_cache *c)
{
	free(c->slots);
	c->slots = NULL;
	c->mask = 0;
	c->count = 0;
}

size_t store_cache_count(const struct store_cache *c)
{
	return c->count;
}

size_t store_cache_bytes(const struct store_cache *c)
{
	return c->mask ? (c->mask + 1) * sizeof(struct slot) : 0;
}
