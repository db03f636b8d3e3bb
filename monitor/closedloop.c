/* closedloop: one transaction per report: read the order, rewrite its document with the new
 * state, append the event to its history and to the delivery journal. */
#include "config.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/closedloop.h"
#include "monitor/order_json.h"
#include "monitor/outbox.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static const char *const statuses[] = { "acknowledged", "dispatched", "in_progress",
	                                "completed",    "cancelled",  NULL };

bool closedloop_status_valid(const char *status)
{
	for (size_t i = 0; status != NULL && statuses[i] != NULL; i++)
		if (strcmp(statuses[i], status) == 0)
			return true;
	return false;
}

struct found {
	bool open;
	bool held; /* by a silence: stored, not delivered (monitor/silence.h) */
	char *doc, *problem_key, *olt, *owner, *state;
	int64_t opened;
};

static int take_order(void *arg, const struct store_order *o)
{
	struct found *f = arg;

	f->open = o->open;
	f->held = o->silence != NULL;
	f->doc = xstrdup(o->doc ? o->doc : "{}");
	f->problem_key = xstrdup(o->problem_key);
	f->olt = o->olt ? xstrdup(o->olt) : NULL;
	f->owner = o->owner ? xstrdup(o->owner) : NULL;
	f->opened = o->opened;
	f->state = o->state ? xstrdup(o->state) : NULL;
	return 0;
}

/* A note is short UTF-8 text (json_string refuses anything else). */
static bool note_valid(const char *note)
{
	json_t *probe;

	if (strlen(note) > CLOSEDLOOP_NOTE_MAX || (probe = json_string(note)) == NULL)
		return false;
	json_decref(probe);
	return true;
}

/* Record `status` on an open order (closing it when `closes`); with `after` set, only when
 * the order's current state is that. */
static int apply(struct store *st, const char *order_id, const char *status, bool closes,
                 const char *after, const char *note, const char *source, int64_t now,
                 const char **why)
{
	struct found f = { 0 };
	json_t *doc = NULL, *ev = NULL;
	char *doc_s = NULL, *ev_s = NULL, when[32];
	int rc;

	if (note != NULL && !note_valid(note)) {
		*why = "the note is too long or not UTF-8 text";
		return CLOSEDLOOP_BAD_NOTE;
	}
	if (store_begin(st) < 0) {
		*why = "store failure";
		return -1;
	}
	rc = store_order_get(st, order_id, take_order, &f);
	if (rc == STORE_NOT_FOUND) {
		*why = "no such order";
		rc = CLOSEDLOOP_NOT_FOUND;
		goto fail;
	}
	if (rc < 0) {
		*why = "store failure";
		goto fail;
	}
	if (!f.open) {
		*why = "the order is closed";
		rc = CLOSEDLOOP_CLOSED;
		goto fail;
	}
	if (after != NULL && (f.state == NULL || strcmp(f.state, after) != 0)) {
		*why = "the order is not in the state this verdict follows";
		rc = CLOSEDLOOP_CLOSED;
		goto fail;
	}
	doc = json_loads(f.doc, 0, NULL);
	if (!json_is_object(doc))
		doc = json_object();
	order_json_time(now, when, sizeof(when));
	json_object_set_new(doc, "state", json_string(status));
	json_object_set_new(doc, "updated_at", json_string(when));
	doc_s = json_dumps(doc, JSON_FLAGS);
	ev = json_object();
	json_object_set_new(ev, "schema", json_string("ontwatch.order/1"));
	json_object_set_new(ev, "event", json_string(status));
	json_object_set_new(ev, "time", json_string(when));
	json_object_set_new(ev, "source", json_string(source));
	json_object_set_new(ev, "note", note ? json_string(note) : json_null());
	json_object_set_new(ev, "order", json_incref(doc));
	ev_s = json_dumps(ev, JSON_FLAGS);
	if (doc_s == NULL || ev_s == NULL)
		abort(); /* jansson fails only on allocation */
	{
		struct store_order o = {
			.id = order_id,
			.problem_key = f.problem_key,
			.state = status,
			.open = !closes,
			.olt = f.olt,
			.owner = f.owner,
			.opened = f.opened,
			.updated = now,
			.doc = doc_s,
		};

		if (store_order_put(st, &o) != 0 ||
		    store_order_event_add(st, order_id, now, status, ev_s, NULL) < 0 ||
		    (!f.held && outbox_submit(st, order_id, ev_s, now, NULL) < 0)) {
			*why = "store failure";
			rc = -1;
			goto fail;
		}
	}
	if (store_commit(st) < 0) {
		*why = "store failure";
		rc = -1;
		goto out;
	}
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	json_decref(doc);
	json_decref(ev);
	free(doc_s);
	free(ev_s);
	free(f.doc);
	free(f.problem_key);
	free(f.olt);
	free(f.owner);
	free(f.state);
	return rc;
}

int closedloop_status(struct store *st, const char *order_id, const char *status, const char *note,
                      const char *source, int64_t now, const char **why)
{
	if (!closedloop_status_valid(status)) {
		*why =
		    "unknown status (acknowledged, dispatched, in_progress, completed, cancelled)";
		return CLOSEDLOOP_BAD_STATUS;
	}
	return apply(st, order_id, status, strcmp(status, "cancelled") == 0, NULL, note, source,
	             now, why);
}

int closedloop_verdict(struct store *st, const char *order_id, bool verified, const char *evidence,
                       int64_t now, const char **why)
{
	return apply(st, order_id, verified ? "verified" : "reopened", verified, "completed",
	             evidence, "ontwatchd", now, why);
}
