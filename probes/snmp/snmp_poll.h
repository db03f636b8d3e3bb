/* snmp_poll: asynchronous GETBULK table walks of many OLTs on the daemon's one loop,
 * under a global and a per-OLT in-flight limit, with retries, back-off and spread starts. */
#ifndef OW_SNMP_POLL_H
#define OW_SNMP_POLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"
#include "lib/ont_reading.h"
#include "probes/snmp/snmp_session.h"

#define SNMP_TGT_GLOBAL_INFLIGHT 64
#define SNMP_BACKOFF_MAX         3600.0 /* seconds between polls of a dead OLT, at most */

/* How one poll of one OLT went. */
struct snmp_poll_health {
	double started;      /* wall clock, Unix seconds */
	double duration;     /* seconds */
	size_t onts;         /* readings delivered */
	unsigned requests;   /* PDUs sent */
	unsigned errors;     /* rejected values/rows and agent anomalies */
	bool ok;             /* every column walked to its end */
	char error[160];     /* why not ok, else the first anomaly, else "" */
	double last_success; /* wall clock of the last complete poll, 0: never */
	unsigned failures;   /* consecutive failed polls (drives the back-off) */
	/* since the poller started (for /metrics); rejected: rows and values the decoder
	 * refused (part of errors) */
	uint64_t polls_total, failed_total, errors_total, rejected_total;
};

/* One OLT of the poller as the operator interfaces show it. */
struct snmp_poller_olt {
	const struct snmp_target *target;
	const struct snmp_poll_health *health; /* of the last finished poll */
	bool polling;                          /* a poll is under way */
	double next_poll;                      /* wall clock of the next poll, 0: none planned */
};

/* What the sink receives; everything is valid only during the call. A failed
 * poll still carries the rows read before the failure (health.ok is false):
 * a missing ONT in an incomplete poll is not a removed ONT. */
struct snmp_poll_result {
	const struct snmp_target *target;
	const struct ont_reading *readings;
	size_t nreadings;
	const struct snmp_poll_health *health;
};

/* The one narrow interface from the poller to the store and the detector. */
typedef void (*snmp_sink_cb)(void *arg, const struct snmp_poll_result *res);

struct snmp_poller;

/* New poller on `loop`; at most max_inflight requests outstanding over all OLTs. */
struct snmp_poller *snmp_poller_new(struct loop *loop, unsigned max_inflight, snmp_sink_cb sink,
                                    void *arg);
/* Free the poller, closing sessions (outstanding polls are dropped). NULL is fine. */
void snmp_poller_free(struct snmp_poller *p);
/* Add a copy of target (its profile stays borrowed); returns 0 or -1 with err. */
int snmp_poller_add(struct snmp_poller *p, const struct snmp_target *t, char *err, size_t errlen);
/* Number of OLTs added. */
size_t snmp_poller_count(const struct snmp_poller *p);
/* Start periodic polling of OLTs with an interval, first polls spread over it. */
void snmp_poller_schedule(struct snmp_poller *p);
/* Poll OLT number i now (ignored when it is being polled); 0 or -1. */
int snmp_poller_poll(struct snmp_poller *p, size_t i);
/* Poll every OLT now. */
void snmp_poller_poll_all(struct snmp_poller *p);
/* True while any poll is under way. */
bool snmp_poller_busy(const struct snmp_poller *p);
/* OLT number i (valid until the poller changes); 0, or -1 when there is none. */
int snmp_poller_olt(const struct snmp_poller *p, size_t i, struct snmp_poller_olt *out);
/* Health of OLT number i's last finished poll. */
const struct snmp_poll_health *snmp_poller_health(const struct snmp_poller *p, size_t i);

#endif
