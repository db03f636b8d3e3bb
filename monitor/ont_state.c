/* ont_state: a customer who switched the ONT off (dying gasp) is offline, not faulty: the
 * states separate what needs a repair from what needs nothing. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "monitor/detect.h"
#include "monitor/ont_state.h"

static const char *const names[ONT_STATE_COUNT] = { "healthy", "warning", "at_risk", "faulty",
	                                            "offline" };

enum ont_state ont_state_of(const struct fleet_ont_view *v, int64_t now, int64_t stale)
{
	const struct detect_finding *fd = v->fd;

	if (v->last_seen == DETECT_NONE || now - v->last_seen > stale)
		return ONT_STATE_OFFLINE;
	if (fd->status == ONT_STATUS_LOS || fd->cause == DETECT_CAUSE_FIBER_BREAK ||
	    (!isnan(fd->rx_dbm) && fd->rx_dbm <= v->profile->impact_rx))
		return ONT_STATE_FAULTY;
	if (fd->status == ONT_STATUS_DYING_GASP || fd->status == ONT_STATUS_OFFLINE)
		return ONT_STATE_OFFLINE;
	if (fd->active && fd->severity >= DETECT_SEV_MAJOR)
		return ONT_STATE_AT_RISK;
	if (fd->predicted != DETECT_NONE)
		return ONT_STATE_AT_RISK;
	if (fd->active || fd->rules != 0)
		return ONT_STATE_WARNING;
	return ONT_STATE_HEALTHY;
}

const char *ont_state_name(enum ont_state s)
{
	return (unsigned)s < ONT_STATE_COUNT ? names[s] : "unknown";
}

int ont_state_parse(const char *name, enum ont_state *out)
{
	for (unsigned i = 0; i < ONT_STATE_COUNT; i++)
		if (strcmp(names[i], name) == 0) {
			*out = (enum ont_state)i;
			return 0;
		}
	return -1;
}

int ont_state_rank(enum ont_state s)
{
	static const int rank[ONT_STATE_COUNT] = { 4, 2, 1, 0, 3 };

	return (unsigned)s < ONT_STATE_COUNT ? rank[s] : 5;
}
