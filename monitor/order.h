/* order: work-order lifecycle (opened, updated, escalated, resolved), one open order per
 * problem key, stable ids. Pure: decisions from the problems it is shown and their times. */
#ifndef OW_ORDER_H
#define OW_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"
#include "monitor/detect.h"
#include "monitor/threshold.h"

#define ORDER_ID_MAX         24  /* "ow-" and 16 hex digits */
#define ORDER_KEY_MAX        160 /* "ont:OLT/PORT/ID", "pon:OLT/PORT", "splitter:NAME" */
#define ORDER_NAME_MAX       64  /* splitter and customer ids */
#define ORDER_SUMMARY_MAX    256
#define ORDER_ONTS_MAX       256 /* a PON serves at most 128 ONTs (G.984 1:128) */
#define ORDER_RESOLUTION_MAX 16

enum order_scope { ORDER_SCOPE_ONT = 0, ORDER_SCOPE_SPLITTER, ORDER_SCOPE_PON };

enum order_event_type {
	ORDER_EV_OPENED = 0,
	ORDER_EV_UPDATED,
	ORDER_EV_ESCALATED,
	ORDER_EV_RESOLVED,
};

/* One affected ONT, as seen when the event was made. */
struct order_ont {
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	int32_t ont;
	char serial[ONT_SERIAL_MAX];
	char customer_id[ORDER_NAME_MAX];
	enum detect_cause cause; /* the ONT's own finding (may be none in a shared order) */
	enum ont_status status;
	double rx_dbm, olt_rx_dbm, tx_dbm, bias_ma, temp_c; /* NAN when unknown */
	double baseline_dbm, drop_db;
};

struct order_evidence {
	uint32_t rules; /* detect_rule bits raised (union over the ONTs) */
	double slope_db_day;
	int los_events;
	int jumps;
	int64_t onset; /* DETECT_NONE when unknown */
	int affected;  /* shared: ONTs degrading together ... */
	int members;   /* ... out of this many watched on the segment */
	double median_drop_db;
};

/* What the engine sees of one problem now (the caller's scratch; copied on use). */
struct order_problem {
	char key[ORDER_KEY_MAX];
	enum order_scope scope;
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	char splitter[ORDER_NAME_MAX];
	enum detect_cause cause;
	enum detect_severity severity;
	int64_t predicted; /* DETECT_NONE when none */
	struct order_evidence ev;
	size_t n_onts;
	struct order_ont onts[ORDER_ONTS_MAX];
};

struct order {
	char id[ORDER_ID_MAX];
	char key[ORDER_KEY_MAX];
	enum order_scope scope;
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	char splitter[ORDER_NAME_MAX];
	enum detect_cause cause;
	enum detect_severity severity;
	char summary[ORDER_SUMMARY_MAX];
	int64_t opened_at;
	int64_t updated_at;  /* time of the last event */
	int64_t resolved_at; /* DETECT_NONE while open */
	int64_t predicted;
	char resolution[ORDER_RESOLUTION_MAX]; /* "recovered", "merged"; empty while open */
	struct order_evidence ev;
	size_t n_onts;
	struct order_ont *onts; /* owned */
	double worst_rx;        /* at the last event, to notice worsening */
	unsigned seq;           /* events so far */
};

struct order_event {
	enum order_event_type type;
	int64_t time;
	const struct order *order; /* valid during the callback only */
};

typedef void (*order_emit_fn)(const struct order_event *ev, void *arg);

struct order_book;

/* A book of open and pending orders; every event goes to `emit`. */
struct order_book *order_book_new(order_emit_fn emit, void *arg);
/* Free the book and every order in it (accepts NULL). */
void order_book_free(struct order_book *b);
/* Show the book a problem's state at `now` (NULL problem: not active). Opens once it has
 * been active for p->open_hold_hours (a quarter of it when major, at once when critical),
 * updates or escalates an open order, resolves it once inactive for p->resolve_hold_hours. */
void order_book_observe(struct order_book *b, const char *key, const struct order_problem *pr,
                        const struct threshold_profile *p, int64_t now);
/* Resolve an open order now with a reason (e.g. "merged"); drops a pending one. */
void order_book_close(struct order_book *b, const char *key, const char *resolution, int64_t now);
/* Whether the book has an open or pending entry for the key. */
bool order_book_has(const struct order_book *b, const char *key);
/* The open order for a key, or NULL. */
const struct order *order_book_find(const struct order_book *b, const char *key);
/* Take over an order that was open before a restart (copied; no event). 0, or -1 when an
 * order with that key is already there. */
int order_book_restore(struct order_book *b, const struct order *o);
/* Number of open orders. */
size_t order_book_count(const struct order_book *b);
/* Scope and event names ("ont", "splitter", "pon"; "opened", ...), and parsers. */
const char *order_scope_name(enum order_scope s);
const char *order_event_name(enum order_event_type t);
int order_scope_parse(const char *name, enum order_scope *out);
/* The stable id of the order opened for `key` at `opened_at`. */
void order_make_id(const char *key, int64_t opened_at, char id[ORDER_ID_MAX]);

#endif
