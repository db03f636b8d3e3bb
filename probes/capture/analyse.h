/* analyse: offline analysis of a pcap file into per-subscriber/ONT evidence, printed as text or
 * JSON lines; the core of `ontwatchctl capture analyse`, callable from tests as is. */
#ifndef OW_CAPTURE_ANALYSE_H
#define OW_CAPTURE_ANALYSE_H

#include <stdbool.h>
#include <stdio.h>

#include "probes/capture/ontmap.h"
#include "probes/capture/subhash.h"
#include "probes/capture/tracker.h"

struct analyse_opts {
	struct tracker_conf tracker;
	const struct ontmap *map;   /* NULL: nothing maps */
	const struct subhash *hash; /* NULL: identifiers in clear */
	bool json;                  /* one JSON object per subscriber per line */
};

/* Decode a pcap file into a new tracker (*out, caller frees). 0, or -1 with err filled. */
int analyse_file(const char *path, const struct tracker_conf *conf, struct tracker **out, char *err,
                 size_t errlen);
/* Print what the tracker found per subscriber to out (summary to `summary`, may equal out). */
int analyse_report(const struct tracker *t, const struct analyse_opts *o, FILE *out, FILE *summary);
/* The whole command: "FILE [--json] [--template T [--olt NAME]]... [--vlan O[.I]=OLT:PORT:ONT]...
 * [--macs CSV] [--hash-key FILE] [--lcp-timeout S] [--max-subscribers N]"; argv[0] is the
 * command name. Returns an exit status (0 ok, 1 failure, 2 usage). */
int analyse_main(int argc, char **argv, FILE *out, FILE *err);

#endif
