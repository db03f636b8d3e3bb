/* subhash: HMAC-SHA256 over identifiers; the 256-bit tag is cut to 128 bits, plenty against
 * collisions among millions of subscribers and shorter to read. */
#include "config.h"

#include <errno.h>
#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "probes/capture/subhash.h"

struct subhash {
	struct hmac_sha256_ctx ctx; /* keyed once; digest() resets it to the keyed state */
};

struct subhash *subhash_new(const uint8_t *key, size_t keylen)
{
	struct subhash *h;

	if (keylen < SUBHASH_KEY_MIN || keylen > SUBHASH_KEY_MAX)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	hmac_sha256_set_key(&h->ctx, keylen, key);
	return h;
}

int subhash_load(const char *path, struct subhash **out)
{
	uint8_t buf[SUBHASH_KEY_MAX + 2];
	FILE *f = fopen(path, "rb");
	size_t n;
	struct subhash *h;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (!(h = subhash_new(buf, n))) {
		errno = EINVAL;
		return -1;
	}
	*out = h;
	return 0;
}

void subhash_free(struct subhash *h)
{
	free(h);
}

void subhash_hex(const struct subhash *h, const void *data, size_t len, char out[SUBHASH_HEX])
{
	/* a copy keeps the hasher const and reentrant */
	struct hmac_sha256_ctx ctx = h->ctx;
	uint8_t tag[SHA256_DIGEST_SIZE];
	static const char hex[] = "0123456789abcdef";

	hmac_sha256_update(&ctx, len, data);
	hmac_sha256_digest(&ctx, sizeof(tag), tag);
	for (int i = 0; i < (SUBHASH_HEX - 1) / 2; i++) {
		out[2 * i] = hex[tag[i] >> 4];
		out[2 * i + 1] = hex[tag[i] & 15];
	}
	out[SUBHASH_HEX - 1] = '\0';
}
