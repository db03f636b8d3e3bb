/* replay: runs recorded readings (and optional customers) through the same fleet pipeline as
 * the daemon, on the readings' clock, writing ontwatch.order/1 events and a NOC summary. */
#ifndef OW_REPLAY_H
#define OW_REPLAY_H

#include <stdint.h>
#include <stdio.h>

#include "monitor/fleet.h"
#include "monitor/threshold.h"

struct replay_opts {
	const char *readings;  /* CSV path, "-" for stdin */
	const char *customers; /* CSV path or NULL */
	FILE *orders;          /* JSON lines out, or NULL */
	FILE *summary;         /* summary out, or NULL */
	FILE *err;             /* "FILE:LINE: reason" for skipped rows */
	FILE *progress;        /* a terminal for a progress line (updated in place), or NULL */
	const struct threshold_profile *def;
	/* Optional: declare OLTs and override rules (from a configuration). */
	void (*setup)(struct fleet *f, void *arg);
	void *setup_arg;
};

/* Run a replay. Returns 0 (malformed rows are reported and skipped, not failures) or -1
 * when a file cannot be read (reported on err). */
int replay_run(const struct replay_opts *o);

#endif
