/* customers_csv: a small file, read with stdio; quoted fields may hold commas and quotes. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/customers_csv.h"
#include "monitor/readings_csv.h"

#define LINE_MAX_LEN 4096
#define NFIELDS      10

static const char *const field_names[NFIELDS] = { "serial",   "customer_id", "name", "tier",
	                                          "phone",    "address",     "lat",  "lon",
	                                          "splitter", "windows" };

struct customers_csv {
	FILE *fp;
	char *path;
	char *line;
	size_t cap;
	unsigned long long lineno;
	int map[NFIELDS]; /* column of each field, -1 absent */
	int ncols;
	char err[CUSTOMERS_CSV_ERR_MAX];
};

/* Split one line into at most `max` fields (unquoted in place). Returns the count or -1. */
static int split(char *l, char **f, int max)
{
	int n = 0;
	char *w = l, *r = l;

	for (;;) {
		if (n == max)
			return -1;
		f[n++] = w;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0')
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			if (*r != ',' && *r != '\0')
				return -1;
		} else {
			while (*r && *r != ',') {
				if (*r == '"')
					return -1;
				*w++ = *r++;
			}
		}
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		*w++ = '\0';
		r++;
		/* w may now trail r only when unquoting shortened the field */
		w = r;
	}
}

static void msg(struct customers_csv *c, const char *what)
{
	snprintf(c->err, sizeof(c->err), "%s:%llu: %s", c->path, c->lineno, what);
}

static int read_line(struct customers_csv *c, char **out)
{
	ssize_t n;

	errno = 0;
	n = getline(&c->line, &c->cap, c->fp);
	if (n < 0)
		return errno ? -2 : 0;
	c->lineno++;
	while (n > 0 && (c->line[n - 1] == '\n' || c->line[n - 1] == '\r'))
		c->line[--n] = '\0';
	if (n > LINE_MAX_LEN)
		return -1;
	*out = c->line;
	return 1;
}

struct customers_csv *customers_csv_open(const char *path, char err[CUSTOMERS_CSV_ERR_MAX])
{
	struct customers_csv *c = xcalloc(1, sizeof(*c));
	char *l, *f[64];
	int n, rc;

	c->path = xstrdup(path);
	c->fp = fopen(path, "re");
	if (c->fp == NULL) {
		snprintf(err, CUSTOMERS_CSV_ERR_MAX, "%s: %s", path, strerror(errno));
		goto fail;
	}
	rc = read_line(c, &l);
	if (rc <= 0) {
		snprintf(err, CUSTOMERS_CSV_ERR_MAX, "%s: %s", path,
		         rc == 0 ? "empty file, a header is required" : "header unreadable");
		goto fail;
	}
	if ((unsigned char)l[0] == 0xef && (unsigned char)l[1] == 0xbb &&
	    (unsigned char)l[2] == 0xbf)
		l += 3;
	n = split(l, f, 64);
	if (n < 0) {
		snprintf(err, CUSTOMERS_CSV_ERR_MAX, "%s:1: malformed header", path);
		goto fail;
	}
	c->ncols = n;
	for (int k = 0; k < NFIELDS; k++) {
		c->map[k] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(f[i], field_names[k]) == 0)
				c->map[k] = i;
	}
	if (c->map[0] < 0) {
		snprintf(err, CUSTOMERS_CSV_ERR_MAX, "%s:1: header lacks column serial", path);
		goto fail;
	}
	return c;
fail:
	customers_csv_close(c);
	return NULL;
}

static int take(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

/* "HH:MM" at s; minutes or -1. */
static int hhmm(const char *s)
{
	if (s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' || s[2] != ':' || s[3] < '0' ||
	    s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	return h > 24 || (h == 24 && m) ? -1 : h * 60 + m;
}

static int day(const char *s)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

	for (int i = 0; i < 7; i++)
		if (strncmp(s, days[i], 3) == 0)
			return i;
	return -1;
}

int customers_csv_check_windows(const char *s)
{
	while (*s) {
		if (day(s) < 0)
			return -1;
		s += 3;
		if (*s == '-') {
			if (day(s + 1) < 0)
				return -1;
			s += 4;
		}
		if (*s++ != ' ')
			return -1;
		int a = hhmm(s);
		if (a < 0 || s[5] != '-')
			return -1;
		int b = hhmm(s + 6);
		if (b <= a)
			return -1;
		s += 11;
		if (*s == ';')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

int customers_csv_next(struct customers_csv *c, struct customer_rec *rec)
{
	char *l, *f[NFIELDS + 32];
	struct customer_rec r;
	int rc, n;

	for (;;) {
		rc = read_line(c, &l);
		if (rc == -2) {
			snprintf(c->err, sizeof(c->err), "%s: %s", c->path, strerror(errno));
			return -2;
		}
		if (rc == 0)
			return 0;
		if (rc < 0) {
			msg(c, "line too long");
			return -1;
		}
		if (l[0] != '\0')
			break;
	}
	n = split(l, f, NFIELDS + 32);
	if (n < 0) {
		msg(c, "malformed quoting");
		return -1;
	}
	if (n != c->ncols) {
		msg(c, n < c->ncols ? "too few fields" : "too many fields");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.lat = r.lon = NAN;
#define FIELD(k) (c->map[k] >= 0 ? f[c->map[k]] : "")
	if (!FIELD(0)[0] || take(r.serial, sizeof(r.serial), FIELD(0))) {
		msg(c, "invalid or empty serial");
		return -1;
	}
	if (take(r.customer_id, sizeof(r.customer_id), FIELD(1)) ||
	    take(r.name, sizeof(r.name), FIELD(2)) || take(r.tier, sizeof(r.tier), FIELD(3)) ||
	    take(r.phone, sizeof(r.phone), FIELD(4)) ||
	    take(r.address, sizeof(r.address), FIELD(5)) ||
	    take(r.splitter, sizeof(r.splitter), FIELD(8)) ||
	    take(r.windows, sizeof(r.windows), FIELD(9))) {
		msg(c, "a field is too long or holds control characters");
		return -1;
	}
	if (FIELD(6)[0] &&
	    (readings_csv_parse_num(FIELD(6), strlen(FIELD(6)), &r.lat) < 0 || fabs(r.lat) > 90)) {
		msg(c, "invalid lat");
		return -1;
	}
	if (FIELD(7)[0] &&
	    (readings_csv_parse_num(FIELD(7), strlen(FIELD(7)), &r.lon) < 0 || fabs(r.lon) > 180)) {
		msg(c, "invalid lon");
		return -1;
	}
	if (customers_csv_check_windows(r.windows) < 0) {
		msg(c, "invalid windows (want e.g. \"Mon-Fri 18:00-21:00;Sat 09:00-12:00\")");
		return -1;
	}
#undef FIELD
	*rec = r;
	return 1;
}

const char *customers_csv_error(const struct customers_csv *c)
{
	return c->err;
}

void customers_csv_close(struct customers_csv *c)
{
	if (c == NULL)
		return;
	if (c->fp)
		fclose(c->fp);
	free(c->line);
	free(c->path);
	free(c);
}
