/* correlate: a segment is shared-faulty when enough of its watched ONTs lost a similar amount
 * of light (LOS counting as similar to LOS) starting at about the same time. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/correlate.h"
#include "monitor/detect.h"

#define LOS_DROP 99.0 /* the drop a LOS member stands for */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double member_drop(const struct correlate_member *m)
{
	if (m->los)
		return LOS_DROP;
	return isnan(m->drop_db) ? 0 : m->drop_db;
}

void correlate_segment(const struct threshold_profile *p, const struct correlate_member *m,
                       size_t n, bool was_shared, bool *explained, struct correlate_verdict *v)
{
	double *drops = xcalloc(n ? n : 1, sizeof(*drops));
	int64_t *onsets = xcalloc(n ? n : 1, sizeof(*onsets));
	size_t nd = 0, no = 0;
	int members = 0, affected = 0;
	double med = 0;
	int64_t monset = DETECT_NONE;

	memset(v, 0, sizeof(*v));
	v->onset = DETECT_NONE;
	for (size_t i = 0; i < n; i++) {
		explained[i] = false;
		if (!m[i].watched)
			continue;
		members++;
		if (m[i].degrading)
			drops[nd++] = member_drop(&m[i]);
	}
	v->members = members;
	if (nd < (size_t)p->shared_min_onts)
		goto done;
	qsort(drops, nd, sizeof(*drops), cmp_double);
	med = drops[nd / 2];
	double tol = fmax(1.0, 0.35 * med);
	for (size_t i = 0; i < n; i++)
		if (m[i].watched && m[i].degrading && fabs(member_drop(&m[i]) - med) <= tol &&
		    m[i].onset != DETECT_NONE)
			onsets[no++] = m[i].onset;
	if (no) {
		qsort(onsets, no, sizeof(*onsets), cmp_i64);
		monset = onsets[no / 2];
	}
	for (size_t i = 0; i < n; i++) {
		if (!m[i].watched || !m[i].degrading || fabs(member_drop(&m[i]) - med) > tol)
			continue;
		if (!was_shared &&
		    (m[i].onset == DETECT_NONE ||
		     llabs(m[i].onset - monset) > (int64_t)(p->shared_onset_hours * 3600)))
			continue;
		explained[i] = true;
		affected++;
	}
	v->affected = affected;
	v->median_drop_db = med >= LOS_DROP ? NAN : med;
	v->onset = monset;
	if (affected >= p->shared_min_onts &&
	    (was_shared || affected >= p->shared_fraction * members))
		v->shared = true;
done:
	free(drops);
	free(onsets);
}
