/* conf_dispatch: the dispatch sections of the configuration: service tiers, regions (time
 * zone, working hours, holidays), per-cause work, priority weights, and the HTTP endpoint. */
#ifndef OW_CONF_DISPATCH_H
#define OW_CONF_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct conf_ctx;
struct config_setting_t;

struct conf_tier {
	char *name;
	double weight;       /* multiplies the priority score */
	double target_hours; /* time to repair promised to this tier */
	bool night_repair;   /* night visits offered for critical faults */
	int line;
};

struct conf_region {
	char *name;
	char *timezone;      /* IANA name; "" = the system's */
	char *working_hours; /* "Mon-Fri 08:00-17:00;Sat 09:00-13:00" */
	char **holidays;     /* "YYYY-MM-DD", local dates */
	size_t nholidays;
	int line;
};

struct conf_cause {
	char *name; /* a detector cause: fiber_bend, connector, ... */
	int duration_min;
	bool outdoor;  /* the work needs no access to the home */
	bool reactive; /* the customer is already affected: due now */
	char **skills;
	size_t nskills;
	char **parts;
	size_t nparts;
	int line;
};

/* An API bearer token: its name (logged, never the token) and what it may do. */
enum conf_role { CONF_ROLE_READ = 0, CONF_ROLE_WRITE };
struct conf_token {
	char *name;
	char *token; /* secret */
	int role;    /* enum conf_role */
	int line;
};

struct conf_dispatch {
	struct conf_tier *tiers;
	size_t ntiers;
	struct conf_region *regions;
	size_t nregions;
	struct conf_cause *causes;
	size_t ncauses;
	/* dispatch = { ... } */
	char *default_tier;
	char *default_region;
	double safety_margin_hours;
	int windows;      /* candidate windows offered */
	int horizon_days; /* how far ahead windows are searched */
	double batch_distance_m;
	char *customer_message;
	double verify_hold_hours;
	/* priority = { ... } */
	double prio_critical, prio_major, prio_minor;
	double prio_per_customer, prio_customers_cap;
	double prio_impact_24h, prio_impact_72h, prio_impact_week, prio_reactive;
	double prio_session_trouble;      /* the customer already feels it (passive capture) ... */
	double prio_session_events;       /* ... at this many session events in 24 h */
	double prio_p1, prio_p2, prio_p3; /* score thresholds of P1..P3; below: P4 */
	/* http = { ... } */
	bool http_enabled;
	char *http_listen;
	int http_port;
	char *http_token; /* secret; legacy: a write token named "default" */
	struct conf_token *http_tokens;
	size_t nhttp_tokens;
	int http_max_body;
	int http_rate_limit; /* requests per second per client address */
	char *http_tls_cert, *http_tls_key;
	char *http_dashboard;         /* directory of the dashboard's files */
	int http_whatif_timeout;      /* seconds a what-if job may run */
	int http_whatif_max_readings; /* readings a what-if job may load */
};

/* Parse the dispatch sections of the root group into d (defaults first). Returns the
 * number of errors recorded in ctx. */
int conf_dispatch_parse(struct conf_ctx *ctx, const struct config_setting_t *root,
                        struct conf_dispatch *d);
/* Make the http paths (TLS files, dashboard) relative to the configuration file absolute. */
void conf_dispatch_resolve_paths(struct conf_dispatch *d, const char *conf_file,
                                 void (*resolve)(char **path, const char *conf_file));
/* Print the effective dispatch sections. */
void conf_dispatch_print(FILE *fp, const struct conf_dispatch *d, bool show_secrets);
/* Free what d owns (d itself stays). */
void conf_dispatch_free(struct conf_dispatch *d);
/* Lookups by name, NULL when absent. */
const struct conf_tier *conf_tier_find(const struct conf_dispatch *d, const char *name);
const struct conf_region *conf_region_find(const struct conf_dispatch *d, const char *name);
const struct conf_cause *conf_cause_find(const struct conf_dispatch *d, const char *name);

#endif
