/* subhash: keyed hashing (HMAC-SHA256, nettle) of subscriber identifiers for privacy, so that
 * reports can be joined across runs with the same key but not reversed without it. */
#ifndef OW_CAPTURE_SUBHASH_H
#define OW_CAPTURE_SUBHASH_H

#include <stddef.h>
#include <stdint.h>

#define SUBHASH_KEY_MIN 16 /* bytes; a shorter key is refused */
#define SUBHASH_KEY_MAX 1024
#define SUBHASH_HEX     33 /* 128 bits as hex, plus NUL */

struct subhash;

/* New hasher for a key of keylen bytes (SUBHASH_KEY_MIN..SUBHASH_KEY_MAX); NULL when refused. */
struct subhash *subhash_new(const uint8_t *key, size_t keylen);
/* Read the key from a file (trailing newline dropped). 0, or -1 with errno or EINVAL. */
int subhash_load(const char *path, struct subhash **out);
/* Free; NULL is fine. */
void subhash_free(struct subhash *h);
/* Hash len bytes into 32 hex digits (the first half of the MAC) in out. */
void subhash_hex(const struct subhash *h, const void *data, size_t len, char out[SUBHASH_HEX]);

#endif
