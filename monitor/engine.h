/* engine: the daemon's side of detection: feeds polled readings to the fleet pipeline, keeps
 * orders, their history and the delivery journal in the store, and writes the file outputs. */
#ifndef OW_ENGINE_H
#define OW_ENGINE_H

#include <stddef.h>

#include "lib/loop.h"
#include "lib/ont_reading.h"
#include "monitor/conf.h"
#include "monitor/fleet.h"
#include "monitor/outbox.h"
#include "monitor/output.h"
#include "monitor/store.h"

struct engine;

/* Start on a configuration, continuing the open orders of our OLTs found in the store.
 * The engine borrows conf, store and outputs (they must outlive it or be replaced through
 * engine_reconfigure). Returns 0, or -1 (logged). */
int engine_open(const struct conf *conf, struct store *st, struct output_set *outputs,
                struct engine **out);
/* Take a reloaded configuration and output set (thresholds apply from the next reading). */
void engine_reconfigure(struct engine *e, const struct conf *conf, struct output_set *outputs);
/* Feed one poll's readings of an OLT (time order); decisions are made at once. */
void engine_feed(struct engine *e, const struct ont_reading *r, size_t n);
/* Start webhook and exec deliveries at once after each journalled event (borrowed; NULL:
 * none, they wait for the outbox's own poll). */
void engine_set_outbox(struct engine *e, struct outbox *ob);
/* Orders were changed by a status report (an order completed is then watched from the next
 * poll on; without this call the store is searched every few seconds anyway). */
void engine_orders_changed(struct engine *e);
/* engine_feed in the shape of the poller's readings callback (arg is the engine). */
void engine_poll_readings(void *arg, const struct ont_reading *r, size_t n);
/* Judge the capture probe's sessions for session_instability orders (monitor/session_watch.h);
 * in the shape of capture_daemon_on_bucket's callback (arg is the engine). */
void engine_sessions_check(void *arg, int64_t now);
/* An order event was stored outside the engine (a status report): write the order's latest
 * event to the file outputs and start its delivery at once. */
void engine_announce(struct engine *e, const char *order_id);
/* Silences (monitor/silence.h): release the held orders of our OLTs whose silence is over at
 * `now` (each is delivered as opened then, unless another active silence covers it). *next
 * (may be NULL) gets when to check again: the earliest end of a silence, at most 30 s on, as
 * other daemons and the API end silences too. 0, or -1 when the store failed (logged). */
int engine_silences_check(struct engine *e, int64_t now, int64_t *next);
/* Check silences on the loop's timer from now on (at once first: silences that ended
 * while the daemon was down). */
void engine_silences_watch(struct engine *e, struct loop *loop);
/* Visit every ONT the detector knows (monitor/fleet.h). */
int engine_ont_each(const struct engine *e, fleet_ont_cb cb, void *arg);
/* Save every ONT's detector state to the store as of `now` (Unix seconds), so the next start
 * continues from it plus the readings stored since instead of replaying days of them.
 * 0, or -1 (logged; nothing lost but start-up time). */
int engine_snapshot(struct engine *e, int64_t now);
/* Free (accepts NULL). Open orders stay open in the store. */
void engine_close(struct engine *e);

#endif
