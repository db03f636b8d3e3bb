/* capture_daemon: the passive capture probe inside ontwatchd: a live pcap source on the event
 * loop feeding the tracker, per-ONT time buckets written to the store, drop counters logged. */
#ifndef OW_CAPTURE_DAEMON_H
#define OW_CAPTURE_DAEMON_H

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
/* Write the open bucket, close the device and free; NULL is fine. */
void capture_daemon_stop(struct capture_daemon *cd);

#endif
