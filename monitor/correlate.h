/* correlate: decides whether the ONTs of one segment (splitter or PON port) degrade together,
 * which makes one shared_segment problem of their losses. Pure, over a snapshot of members. */
#ifndef OW_CORRELATE_H
#define OW_CORRELATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor/threshold.h"

/* One ONT of the segment, as the detector last saw it. */
struct correlate_member {
	bool watched;   /* reporting recently */
	bool degrading; /* a loss finding, LOS, or shared_min_drop below its baseline */
	bool los;       /* in LOS now */
	double drop_db; /* below baseline (NAN when unknown) */
	int64_t onset;  /* when the loss began (DETECT_NONE when unknown) */
};

struct correlate_verdict {
	bool shared;
	int affected; /* members explained by the shared fault */
	int members;  /* watched members */
	double median_drop_db;
	int64_t onset; /* median onset of the affected members */
};

/* Judge a segment of n members; `was_shared` keeps an existing shared fault with a looser
 * test. explained[i] is set for the members that degrade alike (similar drop and onset):
 * the shared fault accounts for them when v->shared, else they hint at one forming. */
void correlate_segment(const struct threshold_profile *p, const struct correlate_member *m,
                       size_t n, bool was_shared, bool *explained, struct correlate_verdict *v);

#endif
