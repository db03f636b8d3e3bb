/* capture_daemon: the passive capture probe inside ontwatchd: a live pcap source on the event
 * loop feeding the tracker, per-ONT time buckets written to the store, drop counters logged. */
#ifndef OW_CAPTURE_DAEMON_H
#define OW_CAPTURE_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"
#include "monitor/conf.h"
#include "monitor/store.h"

struct capture_daemon;

/* Called after each bucket boundary's buckets are in the store, with the wall clock. */
typedef void (*capture_bucket_fn)(void *arg, int64_t now);

/* Open conf->capture's device (the only step needing CAP_NET_RAW, which is given up right
 * after), build the mapping and watch the device on loop. 0 and *out, or -1 (logged). */
int capture_daemon_start(struct loop *loop, struct store *store, const struct conf *conf,
                         struct capture_daemon **out);
/* Take a reloaded configuration: mapping, bucket and limits now; device settings at restart. */
int capture_daemon_reconfigure(struct capture_daemon *cd, const struct conf *conf);
/* Call fn after every bucket written at a boundary (the session_instability check). */
void capture_daemon_on_bucket(struct capture_daemon *cd, capture_bucket_fn fn, void *arg);
/* What the capture did since it started. */
struct capture_daemon_stats {
	const char *interface;           /* borrowed from the capture */
	uint64_t packets, bytes;         /* read from the device, decodable or not */
	uint64_t truncated, malformed;   /* refused by the decoder */
	bool drops_known;                /* pcap_stats answered */
	uint64_t kernel_drops, if_drops; /* lost for lack of buffer / by the interface */
	size_t subscribers;              /* subscriber sessions tracked now */
};
/* Fill *out; -1 when cd is NULL (no capture). */
int capture_daemon_stats(struct capture_daemon *cd, struct capture_daemon_stats *out);
/* Write the open bucket, close the device and free; NULL is fine. */
void capture_daemon_stop(struct capture_daemon *cd);

#endif
