/* ont_reading: one ONT's optical diagnostics at one instant, the unit that flows
 * from probes (SNMP, replay files) to the store and the detector. Missing is NAN, never 0. */
#ifndef OW_ONT_READING_H
#define OW_ONT_READING_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define ONT_OLT_MAX    64 /* OLT name, as configured */
#define ONT_PORT_MAX   24 /* PON port name, e.g. "0/1/3" */
#define ONT_SERIAL_MAX 32 /* rendered serial, e.g. "HWTC1A2B3C4D" */
#define ONT_DESC_MAX   64 /* operator description of the ONT (truncated) */

enum ont_status {
	ONT_STATUS_UNKNOWN = 0, /* not reported by the source */
	ONT_STATUS_ONLINE,
	ONT_STATUS_LOS,        /* loss of signal: fibre */
	ONT_STATUS_DYING_GASP, /* customer power off */
	ONT_STATUS_OFFLINE,    /* down for another or unknown cause */
};

struct ont_reading {
	int64_t time; /* when taken, Unix seconds UTC (the readings' clock) */
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	int32_t ont; /* ONT id on the port */
	char serial[ONT_SERIAL_MAX];
	enum ont_status status;
	double rx_dbm;     /* ONT receive (downstream) */
	double tx_dbm;     /* ONT launch (upstream) */
	double olt_rx_dbm; /* OLT receive from this ONT (upstream) */
	double bias_ma;
	double temp_c;
	double voltage_v;
	int32_t distance_m; /* -1 when unknown */

	enum ont_status last_down; /* last down cause: los, dying_gasp, offline (other), unknown */
	char description[ONT_DESC_MAX];
};

/* Reset a reading to "everything missing" at time t. */
void ont_reading_clear(struct ont_reading *r, int64_t t);
/* True when the value is present (not NAN). */
static inline bool ont_value_present(double v)
{
	return !isnan(v);
}
/* Status as text ("online", "los", "dying_gasp", "offline", "unknown"). */
const char *ont_status_name(enum ont_status s);
/* Parse a status name; returns 0 and sets *out, or -1 for an unknown name. */
int ont_status_parse(const char *name, enum ont_status *out);

#endif
