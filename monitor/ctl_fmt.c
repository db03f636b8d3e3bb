/* ctl_fmt: ontwatchctl's pure text helpers: durations and times as operators type them, JSON
 * values as table cells, aligned tables and a plain-ASCII chart of a level over time. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/ctl_fmt.h"

#define DURATION_MAX (INT64_C(10) * 366 * 86400) /* ten years: beyond is a typo */

static const struct {
	char unit;
	int64_t secs;
} units[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 7 * 86400 },
};

int ctl_fmt_parse_duration(const char *s, int64_t *secs)
{
	int64_t total = 0;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s) {
		int64_t n = 0, mul = 0;

		if (!isdigit((unsigned char)*s))
			return -1;
		for (; isdigit((unsigned char)*s); s++) {
			n = n * 10 + (*s - '0');
			if (n > DURATION_MAX)
				return -1;
		}
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (*s == units[i].unit)
				mul = units[i].secs;
		if (mul == 0)
			return -1;
		s++;
		total += n * mul;
		if (total > DURATION_MAX)
			return -1;
	}
	if (total <= 0)
		return -1;
	*secs = total;
	return 0;
}

int ctl_fmt_parse_time(const char *s, int64_t now, int64_t *out)
{
	struct tm tm;
	const char *end;
	int64_t d;

	if (s == NULL || *s == '\0')
		return -1;
	if (strncmp(s, "now", 3) == 0) {
		if (s[3] == '\0') {
			*out = now;
			return 0;
		}
		s += 3;
	}
	if (*s == '-' || *s == '+') {
		if (ctl_fmt_parse_duration(s + 1, &d) < 0)
			return -1;
		*out = *s == '-' ? now - d : now + d;
		return 0;
	}
	if (strspn(s, "0123456789") == strlen(s)) {
		char *e;
		long long v;

		errno = 0;
		v = strtoll(s, &e, 10);
		if (errno != 0 || *e != '\0' || v > INT64_C(253402300799))
			return -1;
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || strlen(s) != CTL_FMT_TIME_LEN - 1)
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

void ctl_fmt_time(int64_t t, char buf[CTL_FMT_TIME_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, CTL_FMT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, CTL_FMT_TIME_LEN, "?");
}

const char *ctl_fmt_json(const json_t *obj, const char *key, int decimals, char *buf, size_t len)
{
	const json_t *v = key ? json_object_get(obj, key) : obj;
	size_t used = 0;

	if (len == 0)
		return "";
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING:
		snprintf(buf, len, "%s", json_string_value(v));
		break;
	case JSON_INTEGER:
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, len, "%.*f", decimals, json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, len, "yes");
		break;
	case JSON_FALSE:
		snprintf(buf, len, "no");
		break;
	case JSON_ARRAY:
		buf[0] = '\0';
		for (size_t i = 0; i < json_array_size(v) && used + 1 < len; i++) {
			char cell[CTL_FMT_CELL_MAX];
			int w;

			ctl_fmt_json(json_array_get(v, i), NULL, decimals, cell, sizeof(cell));
			w = snprintf(buf + used, len - used, "%s%s", i ? "," : "", cell);
			if (w < 0)
				break;
			used += (size_t)w;
		}
		if (json_array_size(v) == 0)
			snprintf(buf, len, "-");
		break;
	default:
		snprintf(buf, len, "-");
		break;
	}
	return buf;
}

struct ctl_fmt_table {
	size_t ncols, nrows, cap;
	char **cells; /* (nrows + 1) * ncols, the header first */
	bool *right;
};

struct ctl_fmt_table *ctl_fmt_table_new(const char *const *headers, size_t ncols)
{
	struct ctl_fmt_table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	t->right = xcalloc(ncols, sizeof(*t->right));
	ctl_fmt_table_add(t, headers);
	t->nrows = 0;
	return t;
}

void ctl_fmt_table_right(struct ctl_fmt_table *t, size_t col)
{
	if (col < t->ncols)
		t->right[col] = true;
}

void ctl_fmt_table_add(struct ctl_fmt_table *t, const char *const *cells)
{
	size_t row = t->cells ? t->nrows + 1 : 0;

	if (row + 1 > t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols, sizeof(*t->cells));
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[row * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "-");
	t->nrows = row;
}

size_t ctl_fmt_table_rows(const struct ctl_fmt_table *t)
{
	return t->nrows;
}

void ctl_fmt_table_print(const struct ctl_fmt_table *t, FILE *fp)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));

	for (size_t r = 0; r <= t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t l = strlen(t->cells[r * t->ncols + c]);

			if (l > w[c])
				w[c] = l;
		}
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			int pad = (int)(w[c] - strlen(cell));
			bool last = c + 1 == t->ncols;

			if (c > 0)
				fputs("  ", fp);
			if (t->right[c])
				fprintf(fp, "%*s%s", pad, "", cell);
			else if (last)
				fputs(cell, fp);
			else
				fprintf(fp, "%s%*s", cell, pad, "");
		}
		fputc('\n', fp);
	}
	free(w);
}

void ctl_fmt_table_free(struct ctl_fmt_table *t)
{
	if (t == NULL)
		return;
	if (t->cells)
		for (size_t i = 0; i < (t->nrows + 1) * t->ncols; i++)
			free(t->cells[i]);
	free(t->cells);
	free(t->right);
	free(t);
}

/* Row of value v: 0 at the top (ymax), height - 1 at the bottom (ymin). */
static int chart_row(double v, double ymin, double ymax, int height)
{
	double r = (ymax - v) / (ymax - ymin) * (height - 1);

	return (int)lround(fmin(fmax(r, 0), height - 1));
}

static void chart_label(int64_t t, char buf[16])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, 16, "%m-%d %H:%M", &tm) == 0)
		snprintf(buf, 16, "?");
}

/* Print one text line without its trailing blanks (the chart ends up in logs). */
static void put_trimmed(FILE *fp, const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	fprintf(fp, "%.*s\n", (int)n, s);
}

int ctl_fmt_chart_print(FILE *fp, const struct ctl_fmt_chart *c, const int64_t *t, const double *v,
                        size_t n)
{
	int W = c->width, H = c->height;
	double ymin = INFINITY, ymax = -INFINITY;
	char grid[CTL_FMT_CHART_MAX][CTL_FMT_CHART_MAX + 1];
	char line[CTL_FMT_CHART_MAX + 64], left[16], right[16];
	int64_t span = c->to - c->from;
	size_t points = 0;

	if (W < 2 || H < 2 || W > CTL_FMT_CHART_MAX || H > CTL_FMT_CHART_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i])) {
			ymin = fmin(ymin, v[i]);
			ymax = fmax(ymax, v[i]);
			points++;
		}
	if (points == 0)
		return -1;
	for (size_t l = 0; l < c->nlevels; l++)
		if (isfinite(c->levels[l].value)) {
			ymin = fmin(ymin, c->levels[l].value);
			ymax = fmax(ymax, c->levels[l].value);
		}
	if (ymax - ymin < 1.0) { /* a flat line still gets a readable scale */
		double mid = (ymax + ymin) / 2;

		ymin = mid - 0.5;
		ymax = mid + 0.5;
	}
	for (int r = 0; r < H; r++) {
		memset(grid[r], ' ', (size_t)W);
		grid[r][W] = '\0';
	}
	for (size_t l = 0; l < c->nlevels; l++)
		if (isfinite(c->levels[l].value))
			memset(grid[chart_row(c->levels[l].value, ymin, ymax, H)],
			       c->levels[l].mark, (size_t)W);
	for (size_t i = 0; i < n; i++) {
		int64_t col = 0;

		if (!isfinite(v[i]))
			continue;
		if (span > 0)
			col = (t[i] - c->from) * (W - 1) / span;
		if (col < 0 || col >= W)
			continue;
		grid[chart_row(v[i], ymin, ymax, H)][col] = '*';
	}
	for (int r = 0; r < H; r++) {
		double y = ymax - (ymax - ymin) * r / (H - 1);
		int used = snprintf(line, sizeof(line), "%7.1f |%s", y, grid[r]);

		for (size_t l = 0; l < c->nlevels && used > 0; l++)
			if (isfinite(c->levels[l].value) &&
			    chart_row(c->levels[l].value, ymin, ymax, H) == r)
				used +=
				    snprintf(line + used, sizeof(line) - (size_t)used,
				             " %.20s %.1f", c->levels[l].name, c->levels[l].value);
		put_trimmed(fp, line);
	}
	memset(line, '-', (size_t)W);
	line[W] = '\0';
	fprintf(fp, "%7s +%s\n", "dBm", line);
	chart_label(c->from, left);
	chart_label(c->to, right);
	if (W >= (int)(strlen(left) + strlen(right) + 1))
		fprintf(fp, "%8s %s%*s\n", "", left, W - (int)strlen(left), right);
	else
		fprintf(fp, "%8s %s\n", "", left);
	return 0;
}
