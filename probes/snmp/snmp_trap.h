/* snmp_trap: an SNMP notification listener on the daemon's loop: ONT LOS, dying gasp and
 * back-online traps, matched by the vendor profile's trap OIDs, become status readings at once. */
#ifndef OW_SNMP_TRAP_H
#define OW_SNMP_TRAP_H

#include <stddef.h>

#include "lib/loop.h"
#include "lib/ont_reading.h"
#include "probes/snmp/snmp_profile.h"

/* An OLT traps are accepted from. */
struct snmp_trap_source {
	char olt[ONT_OLT_MAX];
	char address[64];                   /* numeric sender address, as the packets arrive from */
	char community[64];                 /* v2c community the OLT sends with */
	const struct snmp_profile *profile; /* borrowed */
};

/* Counters of what was not turned into a reading. */
struct snmp_trap_stats {
	unsigned received, delivered;
	unsigned unknown_source, bad_community, unknown_trap, bad_index, not_v2c;
};

/* One status change; the reading carries status (and last_down), optical values missing. */
typedef void (*snmp_trap_cb)(void *arg, const struct ont_reading *r);

struct snmp_trap_listener;

/* Listen on endpoint (e.g. "udp:127.0.0.1:162"); NULL with err on failure. */
struct snmp_trap_listener *snmp_trap_listen(struct loop *loop, const char *endpoint,
                                            snmp_trap_cb cb, void *arg, char *err, size_t errlen);
/* Accept traps from one more OLT (copied). */
int snmp_trap_add_source(struct snmp_trap_listener *l, const struct snmp_trap_source *s);
/* What happened so far. */
const struct snmp_trap_stats *snmp_trap_stats(const struct snmp_trap_listener *l);
/* Stop listening and free; NULL is fine. */
void snmp_trap_close(struct snmp_trap_listener *l);

#endif
