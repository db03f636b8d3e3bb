/* fleet: the pure pipeline behind both the daemon and replay: per-ONT detection, segment
 * correlation and the order book, fed readings in time order, on the readings' clock. */
#ifndef OW_FLEET_H
#define OW_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"
#include "monitor/order.h"
#include "monitor/threshold.h"

#define FLEET_TAG_MAX  48
#define FLEET_TAGS_MAX 8

/* Called when an ONT first reaches its impact level (Rx at impact_rx or LOS). */
typedef void (*fleet_impact_fn)(const char *ont_key, int64_t time, void *arg);

struct fleet;

/* A fleet whose ONTs use `def` unless an OLT or a rule says otherwise (copied); order
 * events go to `emit`. */
struct fleet *fleet_new(const struct threshold_profile *def, order_emit_fn emit, void *arg);
/* Free everything (accepts NULL). */
void fleet_free(struct fleet *f);
/* Declare an OLT with its profile (NULL: the default) and tags (copied). 0 or -1 (too many). */
int fleet_add_olt(struct fleet *f, const char *name, const struct threshold_profile *p,
                  const char *const *tags, size_t ntags);
/* Add an override: ONTs matching every non-empty field use `p` (copied). The first matching
 * rule wins, so add the most specific first. */
int fleet_add_rule(struct fleet *f, const char *olt, const char *port, const char *tag,
                   const struct threshold_profile *p);
/* Forget every OLT and rule and use `def` (copied); ONTs keep their detector state and
 * pick up the profiles added next (a configuration reload). */
void fleet_clear_profiles(struct fleet *f, const struct threshold_profile *def);
/* Tell the fleet a customer's ONT serial, id and splitter (either may be empty). */
int fleet_set_customer(struct fleet *f, const char *serial, const char *customer_id,
                       const char *splitter);
/* Report impacts to `fn` (for lead-time statistics). */
void fleet_set_impact_cb(struct fleet *f, fleet_impact_fn fn, void *arg);
/* Show the book what the passive capture probe says of one ONT's sessions at `now`:
 * `unstable` opens (at once) or updates its session_instability order, keyed
 * "session:OLT/PORT/ONT"; calm sessions resolve it after `hold_hours`. An optical order open
 * or pending for the ONT, or a shared order claiming it, explains the trouble instead: no
 * order opens, and an open one is resolved as "merged". Returns 1 when optics explain it. */
int fleet_session_observe(struct fleet *f, const char *olt, const char *port, int32_t ont,
                          bool unstable, double hold_hours, int64_t now);
/* Feed one reading. A reading later than the current batch first closes that batch
 * (fleet_flush). Returns 0, or -1 when the reading is older than the ONT's last one. */
int fleet_feed(struct fleet *f, const struct ont_reading *r);
/* Feed a reading of the past to the detector only (no correlation, no orders): after a
 * restart, stored history rebuilds baselines, trends and when each ONT last reported.
 * 0, or -1 when out of order. */
int fleet_warm(struct fleet *f, const struct ont_reading *r);
/* Give one ONT the detector state and finding of a snapshot (after a restart, instead of
 * warming it from days of history; readings stored since go through fleet_warm). 0, or -1
 * when the names do not fit. */
int fleet_restore_ont(struct fleet *f, const char *olt, const char *port, int32_t ont,
                      const char *serial, const struct detect_state *det,
                      const struct detect_finding *fd, int64_t last_seen);
/* Close the current batch: correlate the segments touched and advance the orders. */
void fleet_flush(struct fleet *f);
/* Take over an order that was open before a restart (copied), seeding the baseline of each of
 * its ONTs from the order so the loss it describes is still seen. 0 or -1 (duplicate key). */
int fleet_restore_order(struct fleet *f, const struct order *o);
/* The detector's current finding of one ONT and the time of its last reading with light
 * levels or LOS (DETECT_NONE when none yet). 0, or -1 when the fleet does not know it. */
int fleet_ont_finding(const struct fleet *f, const char *olt, const char *port, int32_t ont,
                      struct detect_finding *fd, int64_t *last_seen);
/* One ONT as the detector knows it (valid during the callback only). */
struct fleet_ont_view {
	const char *olt, *port;
	int32_t ont;
	const char *serial; /* "" when unknown */
	const struct threshold_profile *profile;
	int64_t last_seen; /* last reading with light levels or LOS, DETECT_NONE before */
	const struct detect_finding *fd;
	const struct detect_state *det; /* for snapshots (monitor/detect_snapshot.h) */
};
typedef int (*fleet_ont_cb)(void *arg, const struct fleet_ont_view *v);
/* Visit every ONT in the order first seen; a callback's non-zero return stops and is
 * returned. */
int fleet_ont_each(const struct fleet *f, fleet_ont_cb cb, void *arg);
/* Whether the order book holds an open or pending order for a problem key. */
bool fleet_has_order(const struct fleet *f, const char *key);
/* Number of ONTs seen and of open orders. */
size_t fleet_ont_count(const struct fleet *f);
size_t fleet_open_orders(const struct fleet *f);
/* Bytes of detector state per ONT (for the benchmark). */
size_t fleet_state_bytes(void);

#endif
