/* customers_csv: a small file, read with stdio; quoted fields may hold commas and quotes. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/csv.h"
#include "monitor/customers_csv.h"
#include "monitor/readings_csv.h"
#include "monitor/weekly.h"

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
	n = csv_split(l, f, 64);
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

int customers_csv_check_windows(const char *s)
{
	/* the one parser of visit windows, so replay and dispatch agree on what is valid
	 * (a window ending before it starts crosses midnight) */
	struct weekly w;
	const char *why;

	return weekly_parse(s, &w, &why) == 0 ? 0 : -1;
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
	n = csv_split(l, f, NFIELDS + 32);
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
