/* poll: the daemon's side of SNMP acquisition: configured OLTs become snmp targets with
 * their vendor profiles, and each poll's readings and health go to the store and detector. */
#ifndef OW_POLL_H
#define OW_POLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"
#include "lib/ont_reading.h"
#include "monitor/conf.h"
#include "monitor/store.h"
#include "probes/snmp/snmp_poll.h"

struct poll_set;

/* What the set's polls and traps did since it was built (the daemon's start or last reload). */
struct poll_set_stats {
	uint64_t readings_stored;   /* committed to the store (polls and traps) */
	uint64_t readings_unstored; /* lost to a store failure */
	uint64_t traps;             /* status traps taken from the set's OLTs */
};

/* Where readings go besides the store (the detector); NULL for none. */
typedef void (*poll_readings_cb)(void *arg, const struct ont_reading *r, size_t n);

/* Map one configured OLT to a target (profile borrowed from the caller); 0 or -1 with err. */
int poll_target_from_conf(const struct conf *conf, const struct conf_olt *olt,
                          const struct snmp_profile *profile, struct snmp_target *t, char *err,
                          size_t errlen);
/* Build the poll set of every enabled OLT of conf (store may be NULL: nothing is
 * stored); loads each vendor profile once. 0, or -1 after logging every error. */
int poll_set_new(const struct conf *conf, struct loop *loop, struct store *store,
                 poll_readings_cb detect, void *detect_arg, struct poll_set **out);
/* Free the set (polls under way are dropped); NULL is fine. */
void poll_set_free(struct poll_set *ps);
/* Start periodic polling, first polls spread over each interval. */
void poll_set_start(struct poll_set *ps);
/* Poll every OLT once now. */
void poll_set_poll_all(struct poll_set *ps);
/* True while a poll is under way. */
bool poll_set_busy(const struct poll_set *ps);
/* Listen for traps on endpoint (e.g. "udp:0.0.0.0:162") from the set's v2c OLTs; their
 * status readings go the way poll readings go. 0, or -1 (logged). */
int poll_set_listen_traps(struct poll_set *ps, struct loop *loop, const char *endpoint);
/* Counters since the set was built (for /metrics). */
void poll_set_stats(const struct poll_set *ps, struct poll_set_stats *out);
/* Visit each polled OLT (see probes/snmp/snmp_poll.h); a non-zero return stops and is
 * returned. */
typedef int (*poll_olt_cb)(void *arg, const struct snmp_poller_olt *o);
int poll_set_olt_each(const struct poll_set *ps, poll_olt_cb cb, void *arg);
/* One line on what the polls so far did (for `ontwatchd --once`). */
void poll_set_summary(const struct poll_set *ps, char *buf, size_t len);

#endif
