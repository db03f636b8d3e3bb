/* closedloop: work-order systems report back (acknowledged .. completed, cancelled): the
 * report updates the stored order, is added to its history and journalled for delivery. */
#ifndef OW_CLOSEDLOOP_H
#define OW_CLOSEDLOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "monitor/store.h"

#define CLOSEDLOOP_NOTE_MAX 1024

/* Failures besides -1 (a store failure, logged); nothing is stored on any failure. */
#define CLOSEDLOOP_BAD_STATUS (-4) /* not one of the accepted statuses */
#define CLOSEDLOOP_NOT_FOUND  (-5) /* no such order */
#define CLOSEDLOOP_CLOSED     (-6) /* the order is closed */
#define CLOSEDLOOP_BAD_NOTE   (-7) /* too long, or not UTF-8 text */

/* True for acknowledged, dispatched, in_progress, completed, cancelled. */
bool closedloop_status_valid(const char *status);
/* Apply a reported status (note may be NULL; source names the reporter, e.g. "api") at Unix
 * time now, atomically. 0, or a failure above with *why (static text). */
int closedloop_status(struct store *st, const char *order_id, const char *status, const char *note,
                      const char *source, int64_t now, const char **why);
/* The detector's verdict after a completed visit (see monitor/verify.h): "verified" closes
 * the order, "reopened" keeps it open with the evidence as the event's note. Only for an
 * order whose state is "completed"; otherwise CLOSEDLOOP_CLOSED. */
int closedloop_verdict(struct store *st, const char *order_id, bool verified, const char *evidence,
                       int64_t now, const char **why);

#endif
