/* conf: ontwatch's configuration (libconfig format): parse into a fresh struct, validate
 * it whole, report every error with file:line and key, and print the effective result. */
#ifndef OW_CONF_H
#define OW_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "monitor/conf_dispatch.h"
#include "monitor/threshold.h"

enum conf_snmp_version { CONF_SNMP_V1 = 0, CONF_SNMP_V2C, CONF_SNMP_V3 };
enum conf_v3_level { CONF_V3_NOAUTH = 0, CONF_V3_AUTHNOPRIV, CONF_V3_AUTHPRIV };
enum conf_v3_auth { CONF_V3_SHA = 0, CONF_V3_SHA256, CONF_V3_SHA512, CONF_V3_MD5 };
enum conf_v3_priv { CONF_V3_AES = 0, CONF_V3_AES256, CONF_V3_DES };
enum conf_output_type {
	CONF_OUTPUT_FILE = 0,
	CONF_OUTPUT_STDOUT,
	CONF_OUTPUT_WEBHOOK,
	CONF_OUTPUT_EXEC
};
enum conf_output_format { CONF_FORMAT_NATIVE = 0, CONF_FORMAT_TMF621 };

struct conf_tag {
	char *key;
	char *value;
};

struct conf_olt {
	char *name;
	char *address;
	int port;
	int snmp_version; /* enum conf_snmp_version */
	char *community;  /* v1/v2c; secret */
	char *v3_user;
	int v3_level;       /* enum conf_v3_level */
	int v3_auth_proto;  /* enum conf_v3_auth */
	char *v3_auth_pass; /* secret */
	int v3_priv_proto;  /* enum conf_v3_priv */
	char *v3_priv_pass; /* secret */
	char *vendor;       /* profile name in vendor_dir */
	char *pon_class;
	char *thresholds; /* profile name; defaults to the pon_class profile */
	int interval;     /* seconds between polls; 0 = the poll section's */
	bool enabled;
	struct conf_tag *tags; /* free-form labels such as region */
	size_t ntags;
	int line;                                /* where it was defined, for later messages */
	const struct threshold_profile *profile; /* resolved reference (owned by struct conf) */
};

/* Thresholds for the ONTs an override selects: every non-empty field must match (an OLT's
 * name, a PON port as the OLT names it, a "key=value" tag of the OLT); the first matching
 * override wins. */
#define CONF_OVERRIDE_TAG_MAX 47 /* the fleet keeps tags of up to 47 bytes */
struct conf_override {
	char *olt;  /* NULL or empty: any */
	char *port; /* NULL or empty: any */
	char *tag;  /* NULL or empty: any */
	char *thresholds;
	int line;
	const struct threshold_profile *profile; /* resolved reference (owned by struct conf) */
};

struct conf_output {
	char *name;
	int type; /* enum conf_output_type */
	char *path;
	/* webhook and exec: delivered from the store's outbox */
	char *url;     /* webhook */
	char *secret;  /* webhook signing secret ("whsec_" + base64, or raw text) */
	char *command; /* exec: run by /bin/sh -c, the event on stdin */
	int format;    /* enum conf_output_format */
	double timeout;
	double retry_initial, retry_max; /* back-off bounds, seconds */
	int max_in_flight;
};

struct conf_capture; /* monitor/conf_capture.h */

struct conf {
	char *file;
	/* daemon */
	int log_level;  /* enum log_level */
	char *instance; /* this daemon's name when several share one store */
	/* store */
	char *store_path;
	int retention_days;
	/* poll defaults */
	int poll_interval;
	double poll_timeout;
	int poll_retries;
	int max_in_flight;
	int per_olt_in_flight;
	int max_repetitions;
	char *trap_listen; /* net-snmp endpoint for traps, NULL/empty = no listener */
	char *vendor_dir;
	/* threshold profiles: the built-ins first, then configured ones */
	struct threshold_profile *profiles;
	size_t nprofiles;
	struct conf_olt *olts;
	size_t nolts;
	struct conf_override *overrides; /* in the order given: the first match wins */
	size_t noverrides;
	struct conf_output *outputs;
	size_t noutputs;
	struct conf_capture *capture; /* NULL: no capture section */
	/* tiers, regions, causes, dispatch, priority, http */
	struct conf_dispatch dispatch;
};

/* Collected error messages, each "file:line: key: reason". */
struct conf_errors {
	char **msg;
	size_t n;
};

/* Parse and validate `path`. On success returns 0 and a new conf in *out;
 * on failure returns -1, leaves *out alone and fills errs (caller frees). */
int conf_load(const char *path, struct conf **out, struct conf_errors *errs);
/* The same for a configuration held in memory (`name` is used in messages). */
int conf_load_string(const char *text, const char *name, struct conf **out,
                     struct conf_errors *errs);
/* Free a configuration; NULL is fine. */
void conf_free(struct conf *conf);
/* Print every error to `fp`, one per line. */
void conf_errors_print(const struct conf_errors *errs, FILE *fp);
/* Free the messages and reset to empty. */
void conf_errors_clear(struct conf_errors *errs);
/* Write the effective configuration (defaults filled in) in libconfig syntax;
 * secrets are masked unless show_secrets. */
int conf_print(const struct conf *conf, FILE *fp, bool show_secrets);
/* Find a threshold profile by name, or NULL. */
const struct threshold_profile *conf_profile(const struct conf *conf, const char *name);
/* Find an OLT by name, or NULL. */
const struct conf_olt *conf_olt_find(const struct conf *conf, const char *name);
/* The option-table row (monitor/conf_opt.h) of a numeric threshold setting, by its name in a
 * `thresholds` entry (so other inputs use the same names and bounds), or NULL. */
struct conf_opt;
const struct conf_opt *conf_threshold_opt(const char *name);

#endif
