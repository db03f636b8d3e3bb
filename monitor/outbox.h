/* outbox: at-least-once delivery of order events to webhook and exec outputs from the store:
 * a journal of events, one queue per output, per-order ordering, back-off, dead letters. */
#ifndef OW_OUTBOX_H
#define OW_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"
#include "monitor/conf.h"
#include "monitor/store.h"

struct outbox;

enum outbox_verdict { OUTBOX_DONE = 0, OUTBOX_RETRY, OUTBOX_DEAD };

/* Journal one ontwatch.order/1 event (a JSON object with an "event" member) for delivery:
 * the entry point of every producer (order lifecycle, status callbacks, ontwatchctl).
 * Durable when it returns 0; *id (may be NULL) gets the delivery id. -1 on a store
 * failure (logged), -2 when json is not an event object (nothing stored). */
int outbox_submit(struct store *st, const char *order_id, const char *json, int64_t time,
                  int64_t *id);
/* Deliver to the conf's webhook and exec outputs from the loop (borrowing conf and store
 * until freed). 0, or -1 (logged). */
int outbox_new(struct loop *loop, struct store *st, const struct conf *conf, struct outbox **out);
/* Stop delivering (what is in flight stays queued and is sent again later); NULL is fine. */
void outbox_free(struct outbox *ob);
/* What one delivery output did since the outbox was built (the daemon's start or reload). */
struct outbox_stats {
	const char *output; /* borrowed from the configuration */
	uint64_t delivered; /* deliveries that succeeded */
	uint64_t failed;    /* attempts that failed (retried later, or dead letters) */
};
/* Output number i's counters (0, 1, ... in configuration order; ob may be NULL): 0, or -1
 * past the last one. */
int outbox_stats(const struct outbox *ob, size_t i, struct outbox_stats *out);
/* Look at the queues now (after a submit) instead of at the next poll. */
void outbox_kick(struct outbox *ob);
/* How an HTTP answer is handled: 2xx done; 408, 429 and 5xx retried; other codes dead. */
enum outbox_verdict outbox_classify_http(long status);
/* Back-off before retry number attempts+1: initial * 2^attempts capped at max, scaled by
 * u in [0, 1) into [50%, 100%) (jitter spreads retries of many orders). */
double outbox_backoff(double initial, double max, int attempts, double u);
/* The webhook-id of a delivery: stable across retries and restarts. */
int outbox_msg_id(const char *order_id, int64_t event, char *buf, size_t len);

#endif
