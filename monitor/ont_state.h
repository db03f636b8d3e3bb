/* ont_state: one word for an ONT's condition (healthy, warning, at_risk, faulty, offline)
 * from its detector finding, as the API, metrics and dashboard show it. Pure. */
#ifndef OW_ONT_STATE_H
#define OW_ONT_STATE_H

#include <stdint.h>

#include "monitor/fleet.h"

enum ont_state {
	ONT_STATE_HEALTHY = 0,
	ONT_STATE_WARNING,
	ONT_STATE_AT_RISK,
	ONT_STATE_FAULTY,
	ONT_STATE_OFFLINE,
	ONT_STATE_COUNT
};

/* The state of an ONT at `now`; silent for more than `stale` seconds is offline. */
enum ont_state ont_state_of(const struct fleet_ont_view *v, int64_t now, int64_t stale);
/* "healthy", "warning", "at_risk", "faulty", "offline". */
const char *ont_state_name(enum ont_state s);
/* Parse a name; 0 and *out, or -1. */
int ont_state_parse(const char *name, enum ont_state *out);
/* Worst first, for sorting: faulty 0, at_risk 1, warning 2, offline 3, healthy 4. */
int ont_state_rank(enum ont_state s);

#endif
