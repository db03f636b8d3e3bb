/* detect_snapshot: one ONT's detector state and finding as bytes, so a restart continues
 * from a snapshot plus the readings stored since, instead of replaying days of history. */
#ifndef OW_DETECT_SNAPSHOT_H
#define OW_DETECT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "monitor/detect.h"

/* Bump when struct detect_state or detect_finding change meaning (their sizes are checked
 * anyway): an older snapshot is then ignored and history replayed instead. */
#define DETECT_SNAPSHOT_VERSION 1

/* Bytes of one snapshot. */
size_t detect_snapshot_size(void);
/* Write a snapshot into buf (detect_snapshot_size() bytes). */
void detect_snapshot_pack(const struct detect_state *st, const struct detect_finding *fd,
                          int64_t last_seen, void *buf);
/* Read one back: 0, or -1 (nothing written) when it was written by another version, layout
 * or byte order, or is not a snapshot at all. */
int detect_snapshot_unpack(const void *buf, size_t len, struct detect_state *st,
                           struct detect_finding *fd, int64_t *last_seen);

#endif
