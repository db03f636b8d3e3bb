/* session_watch: the daemon's periodic check behind the session_instability finding: judges
 * each ONT the capture probe saw (and each with an open session order) and tells the fleet. */
#ifndef OW_SESSION_WATCH_H
#define OW_SESSION_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "monitor/capture_evidence.h"
#include "monitor/conf.h"
#include "monitor/conf_capture.h"
#include "monitor/fleet.h"
#include "monitor/store.h"

/* Whether ev (one unstable_hours window) shows unstable sessions: at least `events` session
 * events, `events` > 0. */
bool session_watch_unstable(const struct capture_evidence *ev, int events);
/* Judge, at `now`, every ONT of conf's OLTs with capture buckets in the last
 * capture.unstable_hours or an open session order in the store, and show each verdict to f.
 * Does nothing without a capture section; with unstable_events = 0 no order opens and open
 * ones resolve after the hold. 0, or -1 (store error, logged by the store). */
int session_watch_check(struct store *st, struct fleet *f, const struct conf *conf, int64_t now);

#endif
