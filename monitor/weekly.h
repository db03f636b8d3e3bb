/* weekly: recurring weekly time ranges such as "Mon-Fri 18:00-21:00;Sat 09:00-12:00" (customer
 * visit windows, field teams' working hours); a range ending before it starts crosses midnight. */
#ifndef OW_WEEKLY_H
#define OW_WEEKLY_H

#include <stddef.h>

#define WEEKLY_RANGES_MAX 32
#define WEEKLY_TEXT_MAX   512

/* One range: starts on `day` (0 = Monday) at `start` minutes after local midnight and lasts
 * until `end` minutes (end <= start: until `end` on the next day; 1440 = midnight). */
struct weekly_range {
	int day;
	int start, end;
};

struct weekly {
	size_t n;
	struct weekly_range r[WEEKLY_RANGES_MAX];
};

/* Parse a list; empty text is an empty list. 0, or -1 with a reason in *why (static text)
 * and *out untouched. Day spans wrap (Sat-Mon); "00:00-24:00" is a whole day. */
int weekly_parse(const char *text, struct weekly *out, const char **why);
/* Print a list back in the canonical form, one range per day span as written. */
int weekly_format(const struct weekly *w, char *buf, size_t len);

#endif
