/* conf_capture: the `capture = { ... }` section of the configuration (passive capture probe):
 * device and filter, time buckets, privacy key, and the subscriber -> ONT mapping data. */
#ifndef OW_CONF_CAPTURE_H
#define OW_CONF_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "monitor/conf_opt.h"

struct conf_capture_template {
	char *template; /* e.g. "{olt} xpon {frame}/{slot}/{port}:{ont}" */
	char *olt;      /* OLT name when the template has no {olt} */
};

struct conf_capture_vlan {
	int outer;
	int inner; /* -1: any */
	char *olt;
	char *port;
	int ont;
};

struct conf_capture {
	bool enabled;
	char *interface; /* live capture device */
	char *filter;    /* BPF */
	int snaplen;
	int buffer_size;
	bool promisc;
	int bucket; /* seconds per stored time bucket */
	int max_subscribers;
	int idle_expiry; /* seconds without traffic before a subscriber is forgotten */
	double lcp_timeout;
	int unstable_hours;  /* window of the session_instability finding ... */
	int unstable_events; /* ... and the session events in it that open an order (0: off) */
	char *hash_key_file; /* secret key for hashing subscriber identifiers */
	char *mac_map;       /* "mac-or-user,olt,port,ont" lines from customer data */
	struct conf_capture_template *templates;
	size_t ntemplates;
	struct conf_capture_vlan *vlans;
	size_t nvlans;
};

/* Parse group g ("capture") into a new *out; returns the number of errors (0: *out set). */
int conf_capture_parse(struct conf_ctx *ctx, const config_setting_t *g, struct conf_capture **out);
/* Make relative file names relative to the configuration file's directory. */
void conf_capture_resolve_paths(struct conf_capture *c, const char *conf_file);
/* Print the section in libconfig syntax. */
void conf_capture_print(const struct conf_capture *c, FILE *fp, bool show_secrets);
/* Free; NULL is fine. */
void conf_capture_free(struct conf_capture *c);

#endif
