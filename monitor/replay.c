/* replay: the file-facing shell around fleet; collects what a NOC operator needs to judge a
 * threshold change (orders by cause and severity, ONTs touched, lead time before impact). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/customers_csv.h"
#include "monitor/order_json.h"
#include "monitor/readings_csv.h"
#include "monitor/replay.h"

#define NCAUSE (DETECT_CAUSE_OVERLOAD + 1)
#define NSEV   (DETECT_SEV_CRITICAL + 1)

struct touched {
	char key[ORDER_KEY_MAX];
	int64_t covered_since; /* an order has covered this ONT since, DETECT_NONE when not */
};

struct i64vec {
	int64_t *v;
	size_t n, cap;
};

struct stats {
	FILE *orders;
	bool write_failed;
	uint64_t events[ORDER_EV_RESOLVED + 1];
	uint64_t opened[NCAUSE][NSEV];
	uint64_t scope[ORDER_SCOPE_PON + 1];
	uint64_t escalated;
	void *touched; /* tsearch tree of struct touched */
	uint64_t ntouched;
	struct i64vec predicted_lead; /* predicted impact minus open time, seconds */
	struct i64vec observed_lead;  /* impact minus first order covering the ONT */
	uint64_t impacts;
	uint64_t impacts_unordered;
};

/* The progress line on a terminal: rewritten in place at most every PROGRESS_STEP. */
#define PROGRESS_STEP 0.5
#define PROGRESS_ROWS 4096 /* rows between looks at the clock */

struct progress {
	FILE *fp;
	uint64_t total; /* bytes of the file, 0 when unknown (a pipe) */
	double start, last;
	int width; /* of the longest line shown, 0 before the first */
};

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_start(struct progress *p, FILE *fp, const char *path)
{
	struct stat st;

	memset(p, 0, sizeof(*p));
	p->fp = fp;
	if (fp && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		p->total = (uint64_t)st.st_size;
	p->start = p->last = mono_now();
}

/* Blank the progress line so a message starts on a clean line (plain ASCII: any terminal). */
static void progress_clear(struct progress *p)
{
	if (p->fp && p->width > 0)
		fprintf(p->fp, "\r%*s\r", p->width, "");
}

static void progress_show(struct progress *p, const struct readings_csv *rd, bool last)
{
	uint64_t bytes = readings_csv_bytes(rd), rows = readings_csv_rows(rd);
	char line[160], size[48];
	double now, secs;
	int n;

	if (p->fp == NULL || (!last && rows % PROGRESS_ROWS != 0))
		return;
	now = mono_now();
	if (!last && now - p->last < PROGRESS_STEP)
		return;
	if (last && p->width == 0)
		return; /* a short run needs no progress */
	p->last = now;
	secs = now - p->start > 1e-3 ? now - p->start : 1e-3;
	if (p->total > 0)
		snprintf(size, sizeof(size), "%.1f / %.1f MB (%.0f%%)", bytes / 1e6, p->total / 1e6,
		         bytes >= p->total ? 100.0 : 100.0 * (double)bytes / (double)p->total);
	else
		snprintf(size, sizeof(size), "%.1f MB", bytes / 1e6);
	n = snprintf(line, sizeof(line), "replay: %s, %" PRIu64 " rows, %.0f rows/s, %.1f MB/s",
	             size, rows, (double)rows / secs, bytes / 1e6 / secs);
	/* pad over a longer previous line */
	fprintf(p->fp, "\r%-*s%s", p->width, line, last ? "\n" : "");
	fflush(p->fp);
	if (n > p->width)
		p->width = n < (int)sizeof(line) ? n : (int)sizeof(line) - 1;
}

static int cmp_touched(const void *a, const void *b)
{
	return strcmp(((const struct touched *)a)->key, ((const struct touched *)b)->key);
}

static void vec_push(struct i64vec *v, int64_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->v = xreallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

static struct touched *touch(struct stats *s, const char *key)
{
	struct touched probe, *t, **found;

	snprintf(probe.key, sizeof(probe.key), "%s", key);
	found = tfind(&probe, &s->touched, cmp_touched);
	if (found)
		return *found;
	t = xcalloc(1, sizeof(*t));
	memcpy(t->key, probe.key, sizeof(t->key));
	t->covered_since = DETECT_NONE;
	if (tsearch(t, &s->touched, cmp_touched) == NULL)
		abort();
	s->ntouched++;
	return t;
}

static void ont_key(const struct order_ont *o, char *buf, size_t len)
{
	snprintf(buf, len, "ont:%s/%s/%d", o->olt, o->port, (int)o->ont);
}

static void on_event(const struct order_event *ev, void *arg)
{
	struct stats *s = arg;
	const struct order *o = ev->order;
	char key[ORDER_KEY_MAX];

	if (s->orders) {
		char *line = order_json_event(ev);
		if (fputs(line, s->orders) == EOF || fputc('\n', s->orders) == EOF)
			s->write_failed = true;
		free(line);
	}
	s->events[ev->type]++;
	if (ev->type == ORDER_EV_OPENED) {
		if (o->cause < NCAUSE) /* replay makes no capture (session) orders */
			s->opened[o->cause][o->severity]++;
		s->scope[o->scope]++;
		if (o->predicted != DETECT_NONE)
			vec_push(&s->predicted_lead, o->predicted - ev->time);
	}
	for (size_t i = 0; i < o->n_onts; i++) {
		ont_key(&o->onts[i], key, sizeof(key));
		struct touched *t = touch(s, key);
		if (ev->type == ORDER_EV_RESOLVED)
			t->covered_since = DETECT_NONE;
		else if (t->covered_since == DETECT_NONE)
			t->covered_since = ev->time;
	}
}

static void on_impact(const char *key, int64_t time, void *arg)
{
	struct stats *s = arg;
	struct touched probe, **found;

	s->impacts++;
	snprintf(probe.key, sizeof(probe.key), "%s", key);
	found = tfind(&probe, &s->touched, cmp_touched);
	if (found && (*found)->covered_since != DETECT_NONE)
		vec_push(&s->observed_lead, time - (*found)->covered_since);
	else
		s->impacts_unordered++;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void print_leads(FILE *fp, const char *what, struct i64vec *v)
{
	if (v->n == 0) {
		fprintf(fp, "  %-28s none\n", what);
		return;
	}
	qsort(v->v, v->n, sizeof(*v->v), cmp_i64);
	size_t under24 = 0;
	for (size_t i = 0; i < v->n; i++)
		under24 += v->v[i] < 24 * 3600;
	fprintf(fp, "  %-28s %zu orders, min %.1f h, median %.1f h, max %.1f h, under 24 h: %zu\n",
	        what, v->n, v->v[0] / 3600.0, v->v[v->n / 2] / 3600.0, v->v[v->n - 1] / 3600.0,
	        under24);
}

static void print_summary(FILE *fp, struct stats *s, uint64_t rows, uint64_t bad, uint64_t stale,
                          size_t onts, size_t open)
{
	fprintf(fp, "replay summary\n");
	fprintf(fp,
	        "  rows: %" PRIu64 " read, %" PRIu64 " malformed (skipped), %" PRIu64
	        " out of order (ignored)\n",
	        rows, bad, stale);
	fprintf(fp, "  ONTs: %zu seen, %" PRIu64 " touched by orders\n", onts, s->ntouched);
	fprintf(fp,
	        "  events: %" PRIu64 " opened, %" PRIu64 " updated, %" PRIu64 " escalated, %" PRIu64
	        " resolved; %zu still open\n",
	        s->events[ORDER_EV_OPENED], s->events[ORDER_EV_UPDATED],
	        s->events[ORDER_EV_ESCALATED], s->events[ORDER_EV_RESOLVED], open);
	fprintf(fp, "  orders by scope: ont %" PRIu64 ", splitter %" PRIu64 ", pon %" PRIu64 "\n",
	        s->scope[ORDER_SCOPE_ONT], s->scope[ORDER_SCOPE_SPLITTER],
	        s->scope[ORDER_SCOPE_PON]);
	fprintf(fp, "  orders by cause (severity when opened):\n");
	fprintf(fp, "    %-16s %8s %8s %8s %8s\n", "cause", "critical", "major", "minor", "total");
	for (int c = 1; c < NCAUSE; c++) {
		uint64_t tot = s->opened[c][1] + s->opened[c][2] + s->opened[c][3];
		fprintf(fp, "    %-16s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 "\n",
		        detect_cause_name((enum detect_cause)c), s->opened[c][DETECT_SEV_CRITICAL],
		        s->opened[c][DETECT_SEV_MAJOR], s->opened[c][DETECT_SEV_MINOR], tot);
	}
	fprintf(fp, "  lead time before impact:\n");
	print_leads(fp, "predicted at opening:", &s->predicted_lead);
	print_leads(fp, "observed (order to impact):", &s->observed_lead);
	fprintf(fp,
	        "  impacts (Rx at the impact level or LOS): %" PRIu64 ", %" PRIu64
	        " without an order before them\n",
	        s->impacts, s->impacts_unordered);
}

static int load_customers(const struct replay_opts *o, struct fleet *f)
{
	char err[CUSTOMERS_CSV_ERR_MAX];
	struct customers_csv *c = customers_csv_open(o->customers, err);
	struct customer_rec rec;
	int rc;

	if (c == NULL) {
		fprintf(o->err, "replay: %s\n", err);
		return -1;
	}
	while ((rc = customers_csv_next(c, &rec)) != 0) {
		if (rc == -2) {
			fprintf(o->err, "replay: %s\n", customers_csv_error(c));
			customers_csv_close(c);
			return -1;
		}
		if (rc < 0) {
			fprintf(o->err, "%s\n", customers_csv_error(c));
			continue;
		}
		if (fleet_set_customer(f, rec.serial, rec.customer_id, rec.splitter) < 0)
			fprintf(o->err, "%s: customer %s: fields too long, skipped\n", o->customers,
			        rec.serial);
	}
	customers_csv_close(c);
	return 0;
}

int replay_run(const struct replay_opts *o)
{
	struct stats s;
	struct fleet *f = NULL;
	struct readings_csv *rd = NULL;
	char err[READINGS_CSV_ERR_MAX];
	struct ont_reading r;
	uint64_t bad = 0, stale = 0;
	struct progress prog;
	int rc, ret = -1;

	memset(&s, 0, sizeof(s));
	s.orders = o->orders;
	f = fleet_new(o->def, on_event, &s);
	fleet_set_impact_cb(f, on_impact, &s);
	if (o->setup)
		o->setup(f, o->setup_arg);
	if (o->customers && load_customers(o, f) < 0)
		goto out;
	rd = readings_csv_open(o->readings, err);
	if (rd == NULL) {
		fprintf(o->err, "replay: %s\n", err);
		goto out;
	}
	progress_start(&prog, o->progress, o->readings);
	while ((rc = readings_csv_next(rd, &r)) != 0) {
		progress_show(&prog, rd, false);
		if (rc == -2) {
			progress_clear(&prog);
			fprintf(o->err, "replay: %s\n", readings_csv_error(rd));
			goto out;
		}
		if (rc < 0) {
			progress_clear(&prog);
			fprintf(o->err, "%s\n", readings_csv_error(rd));
			bad++;
			continue;
		}
		if (fleet_feed(f, &r) < 0)
			stale++;
	}
	progress_show(&prog, rd, true);
	fleet_flush(f);
	if (s.write_failed || (o->orders && fflush(o->orders) == EOF)) {
		fprintf(o->err, "replay: writing orders failed\n");
		goto out;
	}
	if (o->summary)
		print_summary(o->summary, &s, readings_csv_rows(rd), bad, stale, fleet_ont_count(f),
		              fleet_open_orders(f));
	ret = 0;
out:
	readings_csv_close(rd);
	fleet_free(f);
	tdestroy(s.touched, free);
	free(s.predicted_lead.v);
	free(s.observed_lead.v);
	return ret;
}
