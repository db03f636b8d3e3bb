/* ctl_fmt: ontwatchctl's pure text helpers: durations and times as operators type them, JSON
 * values as table cells, aligned tables and a plain-ASCII chart of a level over time. */
#ifndef OW_CTL_FMT_H
#define OW_CTL_FMT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CTL_FMT_TIME_LEN  21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */
#define CTL_FMT_CELL_MAX  128
#define CTL_FMT_CHART_MAX 200 /* widest and tallest plot area */

struct ctl_fmt_table;

/* A horizontal level drawn across the chart with its own character and a name. */
struct ctl_fmt_level {
	double value;
	char mark;
	const char *name;
};

struct ctl_fmt_chart {
	int width, height; /* plot area in characters, 2..CTL_FMT_CHART_MAX */
	int64_t from, to;  /* the time axis */
	const struct ctl_fmt_level *levels;
	size_t nlevels;
};

/* Parse "90m", "4h", "2d", "1w", "45s" or a sum such as "1h30m" into seconds (> 0). */
int ctl_fmt_parse_duration(const char *s, int64_t *secs);
/* Parse "YYYY-MM-DDTHH:MM:SSZ", Unix seconds, "now", or "now-2d" / "-2d" / "+4h" from now. */
int ctl_fmt_parse_time(const char *s, int64_t now, int64_t *out);
/* Format Unix seconds as "YYYY-MM-DDTHH:MM:SSZ". */
void ctl_fmt_time(int64_t t, char buf[CTL_FMT_TIME_LEN]);
/* A member of a JSON object as a cell: strings as they are, reals with `decimals` places,
 * integers, booleans as yes/no, arrays joined by ",", null or absent as "-". Returns buf. */
const char *ctl_fmt_json(const json_t *obj, const char *key, int decimals, char *buf, size_t len);

/* A table with these column headers (copied). */
struct ctl_fmt_table *ctl_fmt_table_new(const char *const *headers, size_t ncols);
/* Right-align column col (numbers). */
void ctl_fmt_table_right(struct ctl_fmt_table *t, size_t col);
/* Add a row of ncols cells (copied; NULL prints as "-"). */
void ctl_fmt_table_add(struct ctl_fmt_table *t, const char *const *cells);
/* Rows so far. */
size_t ctl_fmt_table_rows(const struct ctl_fmt_table *t);
/* Print the header and the rows, columns two spaces apart, no trailing blanks. */
void ctl_fmt_table_print(const struct ctl_fmt_table *t, FILE *fp);
/* Free (accepts NULL). */
void ctl_fmt_table_free(struct ctl_fmt_table *t);

/* Draw the n points (t[i], v[i]) (NaN: no value) with the levels: value labels on the left,
 * time labels below, plain ASCII. Returns 0, or -1 (nothing printed) without a finite point
 * or with a bad size. */
int ctl_fmt_chart_print(FILE *fp, const struct ctl_fmt_chart *c, const int64_t *t, const double *v,
                        size_t n);

#endif
