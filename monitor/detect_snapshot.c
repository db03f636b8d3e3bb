/* detect_snapshot: the state is plain data (no pointers), so a snapshot is its bytes behind a
 * header that names magic, version and sizes; a snapshot that does not match is refused
 * rather than misread. They are a cache of the history in the store, never the only copy. */
#include "config.h"

#include <string.h>

#include "monitor/detect_snapshot.h"

#define MAGIC 0x5344574fu /* "OWDS" in little-endian order; other byte orders do not match */

struct header {
	uint32_t magic;
	uint32_t version;
	uint32_t state_size;
	uint32_t finding_size;
};

size_t detect_snapshot_size(void)
{
	return sizeof(struct header) + sizeof(struct detect_state) + sizeof(struct detect_finding) +
	       sizeof(int64_t);
}

void detect_snapshot_pack(const struct detect_state *st, const struct detect_finding *fd,
                          int64_t last_seen, void *buf)
{
	struct header h = { MAGIC, DETECT_SNAPSHOT_VERSION, sizeof(*st), sizeof(*fd) };
	unsigned char *p = buf;

	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, st, sizeof(*st));
	p += sizeof(*st);
	memcpy(p, fd, sizeof(*fd));
	p += sizeof(*fd);
	memcpy(p, &last_seen, sizeof(last_seen));
}

int detect_snapshot_unpack(const void *buf, size_t len, struct detect_state *st,
                           struct detect_finding *fd, int64_t *last_seen)
{
	const unsigned char *p = buf;
	struct header h;

	if (buf == NULL || len != detect_snapshot_size())
		return -1;
	memcpy(&h, p, sizeof(h));
	if (h.magic != MAGIC || h.version != DETECT_SNAPSHOT_VERSION ||
	    h.state_size != sizeof(*st) || h.finding_size != sizeof(*fd))
		return -1;
	p += sizeof(h);
	memcpy(st, p, sizeof(*st));
	p += sizeof(*st);
	memcpy(fd, p, sizeof(*fd));
	p += sizeof(*fd);
	memcpy(last_seen, p, sizeof(*last_seen));
	return 0;
}
