/* silence: maintenance windows (like Alertmanager silences): which orders a silence holds
 * back, whether a new silence is acceptable, and durations. Pure: no I/O, no clock. */
#ifndef OW_SILENCE_H
#define OW_SILENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "monitor/order.h"

#define SILENCE_ID_MAX      20 /* "si-" and 16 hex digits */
#define SILENCE_REASON_MAX  500
#define SILENCE_AUTHOR_MAX  100
#define SILENCE_MAX_SECONDS (90 * 86400) /* a silence ends within 90 days of its creation */

/* A silence as the matcher sees it; strings are borrowed, NULL or "" = any. */
struct silence {
	const char *id;
	const char *olt, *port, *splitter, *serial;
	int64_t starts, ends; /* active in [starts, ends) */
	const char *reason;
	const char *author;
};

enum silence_state { SILENCE_PENDING = 0, SILENCE_ACTIVE, SILENCE_EXPIRED };

/* Whether the silence holds the order back: every given matcher matches. olt, port and
 * splitter match an order whose segment lies within (an ONT order of that port, a splitter
 * order of that splitter, ...); serial matches only an ONT order of that ONT, never a
 * shared (splitter or PON) order, which concerns more than the silenced customer. */
bool silence_matches(const struct silence *s, const struct order *o);
/* The state of the silence at `now`. */
enum silence_state silence_state_at(const struct silence *s, int64_t now);
/* "pending", "active", "expired". */
const char *silence_state_name(enum silence_state st);
/* Check a new silence created at `now`: at least one matcher, port only with olt, names
 * within the order's limits and printable, ends after starts and after now and within
 * SILENCE_MAX_SECONDS of now, a non-empty reason and an author within their limits.
 * 0, or -1 with a static reason in *why. */
int silence_validate(const struct silence *s, int64_t now, const char **why);
/* Parse a duration such as "90m", "4h", "2d" or "1d12h" (units s, m, h, d) into seconds,
 * at most SILENCE_MAX_SECONDS. 0, or -1 with *secs untouched. */
int silence_parse_duration(const char *text, int64_t *secs);

#endif
