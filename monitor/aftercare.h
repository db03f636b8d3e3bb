/* aftercare: after a work-order system reports an order completed, watch the readings of its
 * ONTs and record the verdict: verified when they recover and hold, reopened when not. */
#ifndef OW_AFTERCARE_H
#define OW_AFTERCARE_H

#include <stdint.h>

#include "monitor/conf.h"
#include "monitor/fleet.h"
#include "monitor/store.h"

/* Bad readings this soon after `completed` restart the hold instead of reopening (the crew
 * may still be on site, the ONT rebooting). */
#define AFTERCARE_GRACE_S 3600
/* The store is searched for newly completed orders at most this often (readings' clock). */
#define AFTERCARE_SCAN_S 10

/* Told after a verdict event was stored (to write it to the file outputs). */
typedef void (*aftercare_done_fn)(void *arg, const char *order_id);

struct aftercare;

/* Watch completed orders in `st`, judging their ONTs by the detector of `f` (both borrowed);
 * a reopened order is handed back to `f`. */
struct aftercare *aftercare_new(struct store *st, struct fleet *f, aftercare_done_fn done,
                                void *arg);
/* Free (accepts NULL); nothing stored changes. */
void aftercare_free(struct aftercare *ac);
/* Search the store at the next aftercare_run whatever the interval (a report was stored). */
void aftercare_rescan(struct aftercare *ac);
/* Readings of `olt` with times in [from, to] were fed to the fleet: pick up newly completed
 * orders of conf's OLTs, judge the watched orders of this OLT and record their verdicts
 * (closedloop_verdict, on the readings' clock `to`). Call before the fleet decides on them. */
void aftercare_run(struct aftercare *ac, const struct conf *conf, const char *olt, int64_t from,
                   int64_t to);
/* Number of orders being watched. */
size_t aftercare_watching(const struct aftercare *ac);

#endif
