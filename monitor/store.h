/* store: ontwatch's persistent state behind one narrow interface (SQLite now, PostgreSQL
 * later): ONT inventory, readings history, OLT poll health, work orders and their events. */
#ifndef OW_STORE_H
#define OW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"

struct store;

/* Return codes besides 0 and -1 (generic failure, logged where it happened). */
#define STORE_CONFLICT  (-2) /* another writer holds the row (e.g. an open order for the key) */
#define STORE_NOT_FOUND (-3)

/* The schema version this build writes. */
int store_schema_latest(void);
/* Open or create the store at path and migrate it to the latest schema.
 * A corrupt, unwritable or too-new store is an error (logged). */
int store_open(const char *path, struct store **out);
/* The same, migrating no further than max_version (tests of migrations). */
int store_open_at(const char *path, int max_version, struct store **out);
/* Open an existing store of the latest schema read-only (e.g. a what-if job beside the
 * daemon): nothing is created, migrated or written. */
int store_open_readonly(const char *path, struct store **out);
/* Checkpoint and close; NULL is fine. */
void store_close(struct store *st);
/* Schema version of the open store. */
int store_schema_version(struct store *st);

/* Group many writes into one transaction (nestable: only the outermost commits). */
int store_begin(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* Record a batch of readings, keeping the ONT inventory current: an ONT is
 * identified by serial (a moved ONT keeps its history), else by olt/port/ont; a reading's
 * non-empty description becomes its ONT's (serial ONTs only). */
int store_readings_add(struct store *st, const struct ont_reading *r, size_t n);
/* Delete readings older than `before` (Unix seconds); *deleted gets the count. */
int store_readings_prune(struct store *st, int64_t before, int64_t *deleted);
/* Visit the readings of one ONT (by serial) in [from, to), in time order. */
typedef int (*store_reading_cb)(void *arg, const struct ont_reading *r);
int store_readings_each(struct store *st, const char *serial, int64_t from, int64_t to,
                        store_reading_cb cb, void *arg);

/* One ONT of the inventory. */
struct store_ont {
	int64_t id;
	const char *serial; /* may be NULL */
	const char *olt;
	const char *port;
	int ont;
	const char *description; /* may be NULL */
	int64_t first_seen, last_seen;
	bool present; /* seen in the last discovery of its OLT */
};
/* Set the description of an ONT (by serial) as discovered. */
int store_ont_describe(struct store *st, const char *serial, const char *description);
/* Mark the ONTs of an OLT not seen since `since` as absent (removed). */
int store_onts_mark_absent(struct store *st, const char *olt, int64_t since, int64_t *marked);
/* Visit the inventory (olt NULL = all OLTs). */
typedef int (*store_ont_cb)(void *arg, const struct store_ont *o);
int store_onts_each(struct store *st, const char *olt, store_ont_cb cb, void *arg);
/* One ONT by serial; STORE_NOT_FOUND when the inventory has none. */
int store_ont_get(struct store *st, const char *serial, store_ont_cb cb, void *arg);

/* The outcome of one poll of an OLT. */
struct store_poll_health {
	const char *olt;
	int64_t started;   /* Unix seconds */
	double duration;   /* seconds */
	int onts;          /* ONTs read */
	int errors;        /* failed requests or undecodable values */
	bool ok;           /* the poll completed */
	const char *error; /* last error text, NULL when none */
};
/* Record a poll; last_success advances only when ok. */
int store_poll_health_put(struct store *st, const struct store_poll_health *h);
/* Last success of an OLT (0 when never); STORE_NOT_FOUND when never polled. */
int store_poll_last_success(struct store *st, const char *olt, int64_t *when);

/* A work order as stored: its current JSON document plus indexable fields. */
struct store_order {
	const char *id;          /* stable order id */
	const char *problem_key; /* at most one open order per key, across all daemons */
	const char *state;       /* "open" ... "resolved" (closed states end with the key lock) */
	bool open;
	const char *olt;   /* OLT whose daemon owns it (sharding) */
	const char *owner; /* instance name of the daemon that wrote it last */
	int64_t opened;
	int64_t updated;
	const char *doc; /* the order as ontwatch.order/1 JSON */
	/* The silence holding the order back from the outputs (NULL: not held) and that
	 * silence's end when it took the order. Written when the order is inserted; later
	 * puts keep them, only store_order_hold changes them. */
	const char *silence;
	int64_t silenced_until;
};
/* Insert or update by id. STORE_CONFLICT when another order is open for the key. */
int store_order_put(struct store *st, const struct store_order *o);
/* Append an event (JSON text) to an order's history; returns its sequence in *seq. */
int store_order_event_add(struct store *st, const char *order_id, int64_t time, const char *event,
                          const char *doc, int64_t *seq);
/* Visit orders: open ones only or all; olt NULL = every OLT. */
typedef int (*store_order_cb)(void *arg, const struct store_order *o);
int store_orders_each(struct store *st, bool open_only, const char *olt, store_order_cb cb,
                      void *arg);
/* Aggregates for /metrics: one GROUP BY each, one call per group (cause NULL when the
 * order has none). Open orders by state and cause: */
typedef int (*store_count_cb)(void *arg, const char *state, const char *cause, int64_t n);
int store_orders_count(struct store *st, store_count_cb cb, void *arg);
/* Orders opened at or after `since`, whatever their state now, by cause (state NULL). */
int store_orders_opened_count(struct store *st, int64_t since, store_count_cb cb, void *arg);
/* Visit an order's events in order. */
typedef int (*store_event_cb)(void *arg, int64_t seq, int64_t time, const char *event,
                              const char *doc);
int store_order_events_each(struct store *st, const char *order_id, store_event_cb cb, void *arg);

/* Passive-capture evidence of one ONT over one time bucket (monitor/capture_daemon.c). No
 * subscriber identifiers: only counts of what the ONT's subscribers experienced. */
struct store_capture_bucket {
	const char *olt;
	const char *port;
	int ont;
	int64_t start; /* bucket start, Unix seconds */
	int seconds;   /* bucket length */
	int subscribers;
	int64_t pppoe_drops, pppoe_redials, lcp_echo_lost, dhcp_reinits;
	int64_t tcp_data, tcp_retrans; /* TCP data segments and those sent again */
	int64_t bytes;                 /* activity (for least disruptive visit hours) */
};
/* Add a bucket; counts add up when the bucket is already there. */
int store_capture_put(struct store *st, const struct store_capture_bucket *b);
/* Visit buckets with start in [from, to); olt NULL = every ONT, else one olt/port/ont. */
typedef int (*store_capture_cb)(void *arg, const struct store_capture_bucket *b);
int store_capture_each(struct store *st, const char *olt, const char *port, int ont, int64_t from,
                       int64_t to, store_capture_cb cb, void *arg);
/* Delete buckets that started before `before`; *deleted gets the count. */
int store_capture_prune(struct store *st, int64_t before, int64_t *deleted);
/* Dispatch: customers, the journal of order events to deliver, the outbox (one row per
 * delivery output and event until delivered) and the dead-letter list. */

/* One customer, keyed by the ONT serial. Strings may be NULL; lat/lon NAN when unknown. */
struct store_customer {
	const char *serial;
	const char *customer_id;
	const char *name;
	const char *tier;
	const char *phone;
	const char *address;
	double lat, lon;
	const char *splitter;
	const char *windows;
};
/* Insert or update a customer by serial; *created tells which (may be NULL). */
int store_customer_put(struct store *st, const struct store_customer *c, int64_t now,
                       bool *created);
/* Look a customer up by serial; STORE_NOT_FOUND when absent. */
typedef int (*store_customer_cb)(void *arg, const struct store_customer *c);
int store_customer_get(struct store *st, const char *serial, store_customer_cb cb, void *arg);
/* Number of customers. */
int store_customers_count(struct store *st, int64_t *n);

/* Look an order up by id; STORE_NOT_FOUND when absent. */
int store_order_get(struct store *st, const char *id, store_order_cb cb, void *arg);

/* Journal an order event for the delivery outputs; its id (the delivery id) in *id. */
int store_journal_add(struct store *st, const char *order_id, const char *event, const char *body,
                      int64_t time, int64_t *id);
/* Queue the journal entries the output has not seen yet (the first call for an output
 * starts it at the end of the journal); *added counts them. */
int store_outbox_fanout(struct store *st, const char *output, int64_t *added);
/* One queued delivery: the event and how often it has been tried. */
struct store_outbox_item {
	const char *output;
	int64_t event; /* journal id */
	const char *order_id;
	const char *name; /* "opened", "acknowledged", ... */
	const char *body;
	int64_t created;
	int attempts;
	double next_try; /* Unix seconds */
	const char *last_error;
};
typedef int (*store_outbox_cb)(void *arg, const struct store_outbox_item *it);
/* The oldest queued event of each order of the output that is due at `now`, oldest first,
 * at most `limit` (later events of an order wait for the earlier ones). */
int store_outbox_ready(struct store *st, const char *output, double now, int limit,
                       store_outbox_cb cb, void *arg);
/* Every queued delivery (output NULL = all outputs), oldest first. */
int store_outbox_each(struct store *st, const char *output, store_outbox_cb cb, void *arg);
/* Earliest next_try of the output's queue; STORE_NOT_FOUND when empty. */
int store_outbox_next_due(struct store *st, const char *output, double *when);
/* Delivered: forget the row. */
int store_outbox_done(struct store *st, const char *output, int64_t event);
/* Failed, to be retried at next_try; counts the attempt. */
int store_outbox_retry(struct store *st, const char *output, int64_t event, double next_try,
                       const char *error);
/* Refused for good: move to the dead-letter list with the answer (status 0 = none). */
int store_outbox_dead(struct store *st, const char *output, int64_t event, int64_t now, int status,
                      const char *response);
/* One dead letter. */
struct store_dead_letter {
	const char *output;
	int64_t event;
	const char *order_id;
	const char *name;
	int64_t failed;
	int attempts;
	int status;
	const char *response;
	const char *body;
};
typedef int (*store_dead_cb)(void *arg, const struct store_dead_letter *d);
/* Visit the dead letters, oldest first. */
int store_dead_letters_each(struct store *st, store_dead_cb cb, void *arg);
/* Queue a dead letter again (after the receiver was fixed); STORE_NOT_FOUND if none. */
int store_dead_letter_requeue(struct store *st, const char *output, int64_t event);
/* One delivery output's queue at a glance. */
struct store_outbox_count {
	const char *output;
	int64_t queued; /* deliveries waiting (due or backing off) */
	int64_t oldest; /* journal time of the oldest queued event, 0 when none */
	int64_t dead;   /* dead letters */
};
typedef int (*store_outbox_count_cb)(void *arg, const struct store_outbox_count *c);
/* Every output the store has queued for (ever fanned out to), by name. */
int store_outbox_counts(struct store *st, store_outbox_count_cb cb, void *arg);
/* Delete journal entries older than `before` that are neither queued nor dead letters. */
int store_journal_prune(struct store *st, int64_t before, int64_t *deleted);

/* Silences: maintenance windows holding back new orders that match them (monitor/silence.h
 * decides what matches). A silence is active in [starts, ends). */
struct store_silence {
	const char *id;                             /* "si-" and 16 hex digits */
	const char *olt, *port, *splitter, *serial; /* NULL: any */
	int64_t starts, ends;                       /* Unix seconds */
	const char *reason;
	const char *author;
	int64_t created;
	const char *created_by; /* the API token's name; may be NULL */
	bool ended_early;       /* ended by hand before its planned end */
	int64_t held;           /* open orders it holds now (filled when read) */
};
/* Add a silence; STORE_CONFLICT when the id is taken. */
int store_silence_add(struct store *st, const struct store_silence *s);
/* Look a silence up by id; STORE_NOT_FOUND when absent. */
typedef int (*store_silence_cb)(void *arg, const struct store_silence *s);
int store_silence_get(struct store *st, const char *id, store_silence_cb cb, void *arg);
/* End a silence at `now` (a pending one is then empty: starts = ends = now). STORE_NOT_FOUND
 * when absent, STORE_CONFLICT when it had already ended by `now`. */
int store_silence_end(struct store *st, const char *id, int64_t now);
/* Visit the silences ending after `after` (now: the pending and active ones), by start. */
int store_silences_each(struct store *st, int64_t after, store_silence_cb cb, void *arg);
/* Number of silences active at `now`. */
int store_silences_count_active(struct store *st, int64_t now, int64_t *n);
/* Mark an order as held by a silence until `until`, or clear the mark (silence NULL).
 * STORE_NOT_FOUND when there is no such order. */
int store_order_hold(struct store *st, const char *order_id, const char *silence, int64_t until);
/* Visit the open orders held by a silence that is over at `now` (ended, or gone from the
 * store): the ones to release. */
int store_orders_release_due(struct store *st, int64_t now, store_order_cb cb, void *arg);

/* Detector snapshots (monitor/detect_snapshot.h), one per ONT serial: a cache that lets a
 * restart skip replaying days of readings; the readings stay the truth. */
struct store_detector {
	const char *serial;
	const char *olt, *port;
	int ont;
	int64_t saved;     /* when written (the state's own time is inside it) */
	const void *state; /* opaque bytes */
	size_t len;
};
/* Insert or replace the snapshot of an ONT. */
int store_detector_put(struct store *st, const struct store_detector *d);
/* Visit the snapshots of one OLT's ONTs. */
typedef int (*store_detector_cb)(void *arg, const struct store_detector *d);
int store_detector_each(struct store *st, const char *olt, store_detector_cb cb, void *arg);

#endif
