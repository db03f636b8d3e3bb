/* ctl_customers: `ontwatchctl customers import FILE`: the customer file into the store. The
 * header must name every column; a bad row is reported with its line number and skipped;
 * the good rows are written in one transaction (re-import updates in place). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/conf.h"
#include "monitor/csv.h"
#include "monitor/ctl.h"
#include "monitor/store.h"
#include "monitor/weekly.h"

#define LINE_MAX_LEN 4096
#define FIELD_MAX    256
#define NCOLS        10

static const char *const columns[NCOLS] = {
	"serial",  "customer_id", "name", "tier",     "phone",
	"address", "lat",         "lon",  "splitter", "windows"
};
enum { C_SERIAL, C_ID, C_NAME, C_TIER, C_PHONE, C_ADDRESS, C_LAT, C_LON, C_SPLITTER, C_WINDOWS };

static bool text_ok(const char *s)
{
	if (strlen(s) >= FIELD_MAX)
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static bool number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (s[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

struct import {
	const char *file;
	const struct conf *conf; /* NULL: tiers not checked */
	int map[NCOLS];
	int ncols;
	long line;
	int bad, created, updated;
};

static void row_error(struct import *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void row_error(struct import *im, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%ld: ", im->file, im->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; row skipped\n", stderr);
	im->bad++;
}

static int header(struct import *im, char *line)
{
	char *f[64];
	int n = csv_split(line, f, 64), missing = 0;

	if (n < 0) {
		fprintf(stderr, "%s:1: malformed header\n", im->file);
		return -1;
	}
	for (int c = 0; c < NCOLS; c++) {
		im->map[c] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(f[i], columns[c]) == 0)
				im->map[c] = i;
		if (im->map[c] < 0) {
			fprintf(stderr, "%s:1: missing column \"%s\"\n", im->file, columns[c]);
			missing++;
		}
	}
	im->ncols = n;
	return missing ? -1 : 0;
}

static void row(struct import *im, struct store *st, char *line, int64_t now)
{
	struct store_customer c;
	struct weekly w;
	const char *v[NCOLS], *why;
	char *f[64];
	int n = csv_split(line, f, 64);
	bool created;

	if (n < 0) {
		row_error(im, "%smalformed quoting or too many fields", "");
		return;
	}
	if (n != im->ncols) {
		row_error(im, "%s fields (the header has a different number)",
		          n < im->ncols ? "too few" : "too many");
		return;
	}
	for (int i = 0; i < NCOLS; i++) {
		v[i] = f[im->map[i]];
		if (!text_ok(v[i])) {
			row_error(im, "%s: too long or holds control characters", columns[i]);
			return;
		}
	}
	memset(&c, 0, sizeof(c));
	c.lat = c.lon = NAN;
	if (v[C_SERIAL][0] == '\0' || strlen(v[C_SERIAL]) >= 32) {
		row_error(im, "%sserial is empty or longer than 31 characters", "");
		return;
	}
	if (v[C_ID][0] == '\0') {
		row_error(im, "%scustomer_id is empty", "");
		return;
	}
	if (v[C_TIER][0] != '\0' && im->conf != NULL &&
	    conf_tier_find(&im->conf->dispatch, v[C_TIER]) == NULL) {
		row_error(im, "unknown tier \"%s\"", v[C_TIER]);
		return;
	}
	if ((v[C_LAT][0] == '\0') != (v[C_LON][0] == '\0')) {
		row_error(im, "%slat and lon must be given together", "");
		return;
	}
	if (v[C_LAT][0] != '\0' && !number(v[C_LAT], -90, 90, &c.lat)) {
		row_error(im, "bad coordinates: lat \"%s\" (a number -90 .. 90)", v[C_LAT]);
		return;
	}
	if (v[C_LON][0] != '\0' && !number(v[C_LON], -180, 180, &c.lon)) {
		row_error(im, "bad coordinates: lon \"%s\" (a number -180 .. 180)", v[C_LON]);
		return;
	}
	if (weekly_parse(v[C_WINDOWS], &w, &why) < 0) {
		char msg[FIELD_MAX + 128];

		snprintf(msg, sizeof(msg), "windows \"%s\" do not parse: %s", v[C_WINDOWS], why);
		row_error(im, "%s", msg);
		return;
	}
	c.serial = v[C_SERIAL];
	c.customer_id = v[C_ID];
	c.name = v[C_NAME];
	c.tier = v[C_TIER];
	c.phone = v[C_PHONE];
	c.address = v[C_ADDRESS];
	c.splitter = v[C_SPLITTER];
	c.windows = v[C_WINDOWS];
	if (store_customer_put(st, &c, now, &created) < 0) {
		row_error(im, "%scannot be stored", "");
		return;
	}
	if (created)
		im->created++;
	else
		im->updated++;
}

int ctl_customers(int argc, char **argv)
{
	static const char usage[] =
	    "usage: ontwatchctl customers import [-f CONFIG | --store PATH] FILE\n";
	struct conf_errors errs = { 0 };
	struct import im = { 0 };
	struct conf *conf = NULL;
	struct store *st = NULL;
	const char *path = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *fp = NULL;
	int rc = 1;

	if (argc < 2 || strcmp(argv[1], "import") != 0)
		goto usage;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
			path = argv[++i];
		} else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) {
			if (conf_load(argv[++i], &conf, &errs) < 0) {
				conf_errors_print(&errs, stderr);
				conf_errors_clear(&errs);
				goto out;
			}
			path = conf->store_path;
		} else if (argv[i][0] != '-' && im.file == NULL) {
			im.file = argv[i];
		} else {
			goto usage;
		}
	}
	if (path == NULL || im.file == NULL)
		goto usage;
	im.conf = conf;
	if ((fp = fopen(im.file, "r")) == NULL) {
		perror(im.file);
		goto out;
	}
	len = getline(&line, &cap, fp);
	if (len <= 0) {
		fprintf(stderr, "%s: empty file (a header line is required)\n", im.file);
		goto out;
	}
	im.line = 1;
	line[strcspn(line, "\r\n")] = '\0';
	/* a UTF-8 byte-order mark (spreadsheet exports) is not part of the first name */
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		memmove(line, line + 3, strlen(line + 3) + 1);
	if (header(&im, line) < 0) {
		fprintf(stderr, "%s: rejected; nothing imported\n", im.file);
		goto out;
	}
	if (store_open(path, &st) < 0 || store_begin(st) < 0)
		goto out;
	while ((len = getline(&line, &cap, fp)) > 0) {
		im.line++;
		if (len > LINE_MAX_LEN) {
			row_error(&im, "%sline longer than 4096 bytes", "");
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		row(&im, st, line, (int64_t)time(NULL));
	}
	if (ferror(fp)) {
		perror(im.file);
		store_rollback(st);
		goto out;
	}
	if (store_commit(st) < 0)
		goto out;
	printf("%s: %d created, %d updated, %d rejected\n", im.file, im.created, im.updated,
	       im.bad);
	rc = im.bad ? 1 : 0;
	goto out;
usage:
	fputs(usage, stderr);
	rc = 2;
out:
	free(line);
	if (fp != NULL)
		fclose(fp);
	store_close(st);
	conf_free(conf);
	return rc;
}
