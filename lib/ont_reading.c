/* ont_reading: helpers for the reading record shared by every stage. */
#include "config.h"

#include <string.h>

#include "lib/ont_reading.h"

static const struct {
	enum ont_status status;
	const char *name;
} status_names[] = {
	{ ONT_STATUS_UNKNOWN, "unknown" }, { ONT_STATUS_ONLINE, "online" },
	{ ONT_STATUS_LOS, "los" },         { ONT_STATUS_DYING_GASP, "dying_gasp" },
	{ ONT_STATUS_OFFLINE, "offline" },
};

void ont_reading_clear(struct ont_reading *r, int64_t t)
{
	memset(r, 0, sizeof(*r));
	r->time = t;
	r->status = ONT_STATUS_UNKNOWN;
	r->rx_dbm = r->tx_dbm = r->olt_rx_dbm = NAN;
	r->bias_ma = r->temp_c = r->voltage_v = NAN;
	r->distance_m = -1;
}

const char *ont_status_name(enum ont_status s)
{
	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (status_names[i].status == s)
			return status_names[i].name;
	return "unknown";
}

int ont_status_parse(const char *name, enum ont_status *out)
{
	for (size_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(status_names[i].name, name) == 0) {
			*out = status_names[i].status;
			return 0;
		}
	return -1;
}
