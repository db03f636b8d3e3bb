/* weekly: the parser of weekly ranges. Input is untrusted (customer files, HTTP), so the
 * text is walked with explicit bounds and anything unexpected is an error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "monitor/weekly.h"

static const char *const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

static int parse_day(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strncmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

static int digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* "HH:MM" (00:00 .. 24:00) in minutes, or -1. */
static int parse_hhmm(const char *s)
{
	int h1 = digit(s[0]), h2 = h1 < 0 ? -1 : digit(s[1]);
	int m1 = h2 < 0 || s[2] != ':' ? -1 : digit(s[3]), m2 = m1 < 0 ? -1 : digit(s[4]);
	int h, m;

	if (m2 < 0)
		return -1;
	h = h1 * 10 + h2;
	m = m1 * 10 + m2;
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

int weekly_parse(const char *text, struct weekly *out, const char **why)
{
	struct weekly w = { 0 };
	const char *s = text;

	while (*s == ' ')
		s++;
	while (*s != '\0') {
		int d1, d2, a, b;

		if ((d1 = parse_day(s)) < 0) {
			*why = "expected a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)";
			return -1;
		}
		s += 3;
		d2 = d1;
		if (*s == '-') {
			if ((d2 = parse_day(s + 1)) < 0) {
				*why = "expected a day after '-'";
				return -1;
			}
			s += 4;
		}
		if (*s++ != ' ') {
			*why = "expected a space after the days";
			return -1;
		}
		if ((a = parse_hhmm(s)) < 0 || s[5] != '-' || (b = parse_hhmm(s + 6)) < 0) {
			*why = "expected a time range HH:MM-HH:MM";
			return -1;
		}
		if (a == b || a == 1440) {
			*why = "a time range must not be empty";
			return -1;
		}
		s += 11;
		for (int d = d1;; d = (d + 1) % 7) {
			if (w.n == WEEKLY_RANGES_MAX) {
				*why = "too many ranges";
				return -1;
			}
			w.r[w.n++] = (struct weekly_range){ d, a, b == 0 ? 1440 : b };
			if (d == d2)
				break;
		}
		while (*s == ' ')
			s++;
		if (*s == ';' || *s == ',') {
			s++;
			while (*s == ' ')
				s++;
			if (*s == '\0') {
				*why = "empty entry after ';'";
				return -1;
			}
		} else if (*s != '\0') {
			*why = "expected ';' between entries";
			return -1;
		}
	}
	*out = w;
	return 0;
}

int weekly_format(const struct weekly *w, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	for (size_t i = 0; i < w->n; i++) {
		const struct weekly_range *r = &w->r[i];
		int n = snprintf(buf + used, len - used, "%s%s %02d:%02d-%02d:%02d", i ? ";" : "",
		                 day_names[r->day], r->start / 60, r->start % 60, r->end / 60,
		                 r->end % 60);

		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}
