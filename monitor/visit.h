/* visit: visit-scheduling hints for an order (earliest start, due by, candidate windows in
 * the region's local time, skills, parts, batching, customer message). Pure: clock given. */
#ifndef OW_VISIT_H
#define OW_VISIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor/conf_dispatch.h"

#define VISIT_NONE        INT64_MIN
#define VISIT_WINDOWS_MAX 16
#define VISIT_BATCH_MAX   32
#define VISIT_MESSAGE_MAX 1024
#define VISIT_QUIET_MAX   3

/* Another open order, for batching. Strings may be NULL or empty. */
struct visit_peer {
	const char *id;
	const char *olt, *port, *splitter;
	double lat, lon; /* NAN when unknown */
};

/* The facts of the order the hints are made for. Strings may be NULL unless noted. */
struct visit_order {
	const char *id;       /* required */
	const char *scope;    /* "ont", "splitter", "pon" */
	const char *cause;    /* detector cause name */
	const char *severity; /* "critical", "major", "minor" */
	int64_t predicted;    /* predicted customer impact (Unix s), VISIT_NONE when none */
	const char *olt, *port, *splitter;
	double lat, lon; /* NAN when unknown */
	const char *customer_name;
	const char *customer_windows; /* weekly text; NULL or "" = any time */
	/* least disruptive hours of the week (0 = Monday 00:00 UTC), quietest first, from the
	 * affected subscribers' activity (passive capture); nquiet 0 when none observed */
	int quiet[VISIT_QUIET_MAX];
	size_t nquiet;
};

struct visit_window {
	int64_t start, end; /* Unix seconds */
};

struct visit {
	int64_t earliest_start, due_by;
	bool reactive;
	struct visit_window windows[VISIT_WINDOWS_MAX];
	size_t nwindows;
	bool requires_customer_presence;
	bool night_repair_eligible;
	int estimated_duration_min;
	const struct conf_cause *cause; /* skills and parts; NULL for an unknown cause */
	char batch_key[192];
	const char *batch_with[VISIT_BATCH_MAX]; /* ids, borrowed from the peers */
	size_t nbatch;
	char customer_message[VISIT_MESSAGE_MAX];
	const struct conf_region *region;                 /* times are shown in its time zone */
	struct visit_window quiet_hours[VISIT_QUIET_MAX]; /* next occurrences, quietest first */
	size_t nquiet;
};

/* Plan the visit for order o at `now` (tier and region already chosen by the caller).
 * Customer windows that do not parse are an error: 0, or -1 with *why set, *out untouched.
 * Uses the process time zone machinery (TZ) and restores it: call from one thread. */
int visit_plan(const struct visit_order *o, const struct conf_dispatch *d,
               const struct conf_tier *tier, const struct conf_region *region,
               const struct visit_peer *peers, size_t npeers, int64_t now, struct visit *out,
               const char **why);
/* The visit object of docs/dispatch.md (new reference). */
json_t *visit_json(const struct visit *v);
/* Format t as ISO-8601 with the local UTC offset of time zone tz ("" = the system's),
 * e.g. "2026-03-07T18:00:00+08:00". 0, or -1 when buf is too small. */
int visit_time_format(int64_t t, const char *tz, char *buf, size_t len);
/* Great-circle distance in metres between two points in degrees. */
double visit_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
