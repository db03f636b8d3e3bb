/* sessions: what the passive capture probe adds to an order event: the evidence.sessions
 * member over the affected ONTs' last 24 h, whether the customer already feels it, quiet hours. */
#ifndef OW_SESSIONS_H
#define OW_SESSIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "monitor/capture_evidence.h"
#include "monitor/store.h"

#define SESSIONS_HOURS        24 /* the evidence window: "in the last 24 h" */
#define SESSIONS_PROFILE_DAYS 28 /* the activity profile behind the quiet hours */

struct sessions {
	struct capture_evidence sum; /* last 24 h over the ONTs the probe saw; quiet hours from
	                              * their summed activity over SESSIONS_PROFILE_DAYS */
	int onts_seen;               /* 0: no capture data, the event stays as it is */
	char text[256];              /* "9 PPPoE re-dials, 9 PPPoE drops in the last 24 h" */
};

/* Sum the capture evidence of the ONTs in `onts` (an order's "onts" array: olt, port, ont)
 * over [now - 24 h, now), and their activity by hour of week over the profile days. 0 and *out, or
 * -1 (store error, logged by the store). */
int sessions_gather(struct store *st, const json_t *onts, int64_t now, struct sessions *out);
/* Whether the customer already feels it: at least `events` session events (at least 1). */
bool sessions_felt(const struct sessions *s, double events);
/* The evidence.sessions object of docs/orders.md (new reference). */
json_t *sessions_json(const struct sessions *s, bool felt);

#endif
