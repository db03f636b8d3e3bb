/* visit: candidate windows are the intersection of the field team's working hours (minus
 * public holidays) and the customer's preferred windows, computed on local calendar days and
 * converted with the region's time zone, so DST and midnight crossings come out right. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/visit.h"
#include "monitor/weekly.h"

#define MAX_SPANS (WEEKLY_RANGES_MAX * 64)

struct spans {
	size_t n;
	struct visit_window w[MAX_SPANS];
};

/* The time zone is process state: switch it for one computation and put it back. */
struct tz_saved {
	bool switched;
	char *old; /* NULL when TZ was unset */
};

static void tz_enter(const char *tz, struct tz_saved *s)
{
	const char *old = getenv("TZ");

	s->switched = tz != NULL && tz[0] != '\0';
	s->old = NULL;
	if (!s->switched)
		return;
	s->old = old ? xstrdup(old) : NULL;
	setenv("TZ", tz, 1);
	tzset();
}

static void tz_leave(struct tz_saved *s)
{
	if (!s->switched)
		return;
	if (s->old != NULL)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(s->old);
	s->old = NULL;
}

/* Unix time of minute `min` (may exceed a day) of the local date y-m-d. */
static int64_t local_to_utc(int y, int m, int d, int min)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + min / 1440;
	tm.tm_hour = (min % 1440) / 60;
	tm.tm_min = min % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Local calendar date `days` after the local date of t; weekday 0 = Monday. */
static void local_date(int64_t t, int days, int *y, int *m, int *d, int *wday)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_mday += days;
	tm.tm_hour = 12; /* noon: never a DST gap */
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	mktime(&tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	*wday = (tm.tm_wday + 6) % 7;
}

static bool is_holiday(const struct conf_region *r, int y, int m, int d)
{
	char date[16];

	snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
	for (size_t i = 0; i < r->nholidays; i++)
		if (strcmp(r->holidays[i], date) == 0)
			return true;
	return false;
}

/* The concrete occurrences of a weekly list over [from - 1 day, from + days]. A range
 * starting on a holiday is dropped when `region` is given (holidays stop the teams). */
static void expand(const struct weekly *w, int64_t from, int days, const struct conf_region *region,
                   struct spans *out)
{
	out->n = 0;
	for (int di = -1; di <= days; di++) {
		int y, m, d, wday;

		local_date(from, di, &y, &m, &d, &wday);
		if (region != NULL && is_holiday(region, y, m, d))
			continue;
		for (size_t i = 0; i < w->n && out->n < MAX_SPANS; i++) {
			const struct weekly_range *r = &w->r[i];

			if (r->day != wday)
				continue;
			out->w[out->n].start = local_to_utc(y, m, d, r->start);
			out->w[out->n].end =
			    local_to_utc(y, m, d, r->end > r->start ? r->end : r->end + 1440);
			out->n++;
		}
	}
}

static int cmp_window(const void *a, const void *b)
{
	const struct visit_window *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Sort and merge overlapping or touching spans. */
static void normalise(struct spans *s)
{
	size_t k = 0;

	qsort(s->w, s->n, sizeof(s->w[0]), cmp_window);
	for (size_t i = 0; i < s->n; i++) {
		if (k > 0 && s->w[i].start <= s->w[k - 1].end) {
			if (s->w[i].end > s->w[k - 1].end)
				s->w[k - 1].end = s->w[i].end;
			continue;
		}
		s->w[k++] = s->w[i];
	}
	s->n = k;
}

static void intersect(const struct spans *a, const struct spans *b, struct spans *out)
{
	size_t i = 0, j = 0;

	out->n = 0;
	while (i < a->n && j < b->n && out->n < MAX_SPANS) {
		int64_t s = a->w[i].start > b->w[j].start ? a->w[i].start : b->w[j].start;
		int64_t e = a->w[i].end < b->w[j].end ? a->w[i].end : b->w[j].end;

		if (s < e)
			out->w[out->n++] = (struct visit_window){ s, e };
		if (a->w[i].end < b->w[j].end)
			i++;
		else
			j++;
	}
}

int visit_time_format(int64_t t, const char *tz, char *buf, size_t len)
{
	struct tz_saved saved;
	time_t tt = (time_t)t;
	struct tm tm;
	char base[32];
	long off;
	int n;

	tz_enter(tz, &saved);
	localtime_r(&tt, &tm);
	tz_leave(&saved);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff;
	n = snprintf(buf, len, "%s%c%02ld:%02ld", base, off < 0 ? '-' : '+', labs(off) / 3600,
	             (labs(off) % 3600) / 60);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

double visit_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371008.8, rad = M_PI / 180;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
	           cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	return 2 * r * asin(sqrt(a > 1 ? 1 : a));
}

static bool same(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

static void plan_batch(const struct visit_order *o, const struct conf_dispatch *d,
                       const struct visit_peer *peers, size_t npeers, struct visit *v)
{
	if (o->splitter != NULL && o->splitter[0] != '\0')
		snprintf(v->batch_key, sizeof(v->batch_key), "splitter:%s", o->splitter);
	else
		snprintf(v->batch_key, sizeof(v->batch_key), "pon:%s/%s", o->olt ? o->olt : "",
		         o->port ? o->port : "");
	for (size_t i = 0; i < npeers && v->nbatch < VISIT_BATCH_MAX; i++) {
		const struct visit_peer *p = &peers[i];
		bool near = false;

		if (p->id == NULL || same(p->id, o->id))
			continue;
		if (!isnan(o->lat) && !isnan(o->lon) && !isnan(p->lat) && !isnan(p->lon) &&
		    d->batch_distance_m > 0)
			near =
			    visit_distance_m(o->lat, o->lon, p->lat, p->lon) <= d->batch_distance_m;
		if (same(p->splitter, o->splitter) ||
		    (same(p->olt, o->olt) && same(p->port, o->port)) || near)
			v->batch_with[v->nbatch++] = p->id;
	}
}

/* Local "YYYY-MM-DD HH:MM" (and "-HH:MM" of the end on the same day). */
static void window_text(const struct visit *v, const char *tz, char *buf, size_t len)
{
	struct tz_saved saved;
	time_t a, b;
	struct tm ta, tb;
	char s1[32], s2[32];

	if (v->nwindows == 0) {
		snprintf(buf, len, "at a time we will agree with you");
		return;
	}
	a = (time_t)v->windows[0].start;
	b = (time_t)v->windows[0].end;
	tz_enter(tz, &saved);
	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	tz_leave(&saved);
	strftime(s1, sizeof(s1), "%Y-%m-%d %H:%M", &ta);
	if (ta.tm_yday == tb.tm_yday && ta.tm_year == tb.tm_year)
		strftime(s2, sizeof(s2), "%H:%M", &tb);
	else
		strftime(s2, sizeof(s2), "%Y-%m-%d %H:%M", &tb);
	snprintf(buf, len, "%s-%s", s1, s2);
}

/* Fill the template: {customer_name} {order_id} {window} {due_by}; others stay as written. */
static void render_message(const char *tpl, const struct visit_order *o, const struct visit *v,
                           const char *tz, char *out, size_t len)
{
	char window[96], due[40];
	size_t used = 0;

	window_text(v, tz, window, sizeof(window));
	visit_time_format(v->due_by, tz, due, sizeof(due));
	for (const char *p = tpl; *p != '\0' && used + 1 < len;) {
		static const char *const keys[] = { "{customer_name}", "{order_id}", "{window}",
			                            "{due_by}" };
		const char *vals[] = { o->customer_name && o->customer_name[0] ? o->customer_name
			                                                       : "customer",
			               o->id, window, due };
		size_t k;

		for (k = 0; k < 4; k++)
			if (strncmp(p, keys[k], strlen(keys[k])) == 0)
				break;
		if (k < 4) {
			int n = snprintf(out + used, len - used, "%s", vals[k]);

			used += n < 0 ? 0 : (size_t)n >= len - used ? len - used - 1 : (size_t)n;
			p += strlen(keys[k]);
		} else {
			out[used++] = *p++;
		}
	}
	out[used] = '\0';
}

#define WEEK_HOURS 168

/* Hour of week of t, Monday 00:00 UTC = 0 (1970-01-01 was a Thursday). */
static int hour_of_week(int64_t t)
{
	int64_t h = (t >= 0 ? t : 0) / 3600;

	return (int)((h + 72) % WEEK_HOURS);
}

/* The start of the first hour at or after t (rounded up to the hour) that is hour `how` of
 * the week, or the hour under way at t when it is that hour. */
static int64_t next_hour_of_week(int64_t t, int how)
{
	int64_t h0 = t - (t >= 0 ? t % 3600 : 0);
	int d = (how - hour_of_week(h0) + WEEK_HOURS) % WEEK_HOURS;

	return h0 + (int64_t)d * 3600;
}

static bool touches_quiet(const struct visit_window *w, const struct visit_order *o)
{
	for (int64_t t = w->start - (w->start >= 0 ? w->start % 3600 : 0); t < w->end; t += 3600)
		for (size_t q = 0; q < o->nquiet && q < VISIT_QUIET_MAX; q++)
			if (o->quiet[q] == hour_of_week(t))
				return true;
	return false;
}

int visit_plan(const struct visit_order *o, const struct conf_dispatch *d,
               const struct conf_tier *tier, const struct conf_region *region,
               const struct visit_peer *peers, size_t npeers, int64_t now, struct visit *out,
               const char **why)
{
	struct weekly work, cust;
	struct spans *ws = NULL, *cs = NULL, *both = NULL;
	struct tz_saved saved;
	struct visit *v = xcalloc(1, sizeof(*v));
	bool outdoor;
	int64_t dur;
	int rc = -1;

	if (weekly_parse(region->working_hours, &work, why) < 0)
		goto out;
	if (weekly_parse(o->customer_windows ? o->customer_windows : "", &cust, why) < 0)
		goto out;
	v->region = region;
	v->cause = conf_cause_find(d, o->cause);
	v->estimated_duration_min = v->cause ? v->cause->duration_min : 60;
	outdoor =
	    (v->cause && v->cause->outdoor) || same(o->scope, "splitter") || same(o->scope, "pon");
	v->requires_customer_presence = !outdoor;
	v->night_repair_eligible = same(o->severity, "critical") && tier->night_repair;
	v->reactive =
	    (v->cause && v->cause->reactive) || (o->predicted != VISIT_NONE && o->predicted <= now);

	v->earliest_start = now;
	if (v->reactive) {
		v->due_by = now;
	} else {
		int64_t cap = now + (int64_t)llround(tier->target_hours * 3600);

		v->due_by = cap;
		if (o->predicted != VISIT_NONE) {
			int64_t before =
			    o->predicted - (int64_t)llround(d->safety_margin_hours * 3600);

			if (before < v->due_by)
				v->due_by = before;
		}
		if (v->due_by < now)
			v->due_by = now;
	}

	ws = xmalloc(sizeof(*ws));
	cs = xmalloc(sizeof(*cs));
	both = xmalloc(sizeof(*both));
	tz_enter(region->timezone, &saved);
	expand(&work, v->earliest_start, d->horizon_days, region, ws);
	normalise(ws);
	if (v->requires_customer_presence && cust.n > 0) {
		expand(&cust, v->earliest_start, d->horizon_days, NULL, cs);
		normalise(cs);
		intersect(ws, cs, both);
	} else {
		*both = *ws;
	}
	tz_leave(&saved);

	dur = (int64_t)v->estimated_duration_min * 60;
	/* outdoor work interrupts service: with an activity profile, look further ahead and
	 * offer first the windows that touch a quiet hour and still start before due_by (a
	 * quiet hour next week is no reason to miss the deadline); stable, so each group stays
	 * in time order. Otherwise the next windows in time order. */
	size_t want = outdoor && o->nquiet ? VISIT_WINDOWS_MAX : (size_t)d->windows;
	for (size_t i = 0; i < both->n && v->nwindows < want; i++) {
		struct visit_window w = both->w[i];

		if (w.start < v->earliest_start)
			w.start = v->earliest_start;
		if (w.end - w.start < dur)
			continue;
		v->windows[v->nwindows++] = w;
	}
	if (outdoor && o->nquiet) {
		struct visit_window sorted[VISIT_WINDOWS_MAX];
		size_t n = 0;

		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < v->nwindows; i++)
				if ((touches_quiet(&v->windows[i], o) &&
				     v->windows[i].start < v->due_by) == (pass == 0))
					sorted[n++] = v->windows[i];
		memcpy(v->windows, sorted, n * sizeof(*sorted));
		if (v->nwindows > (size_t)d->windows)
			v->nwindows = (size_t)d->windows;
	}
	for (size_t q = 0; q < o->nquiet && q < VISIT_QUIET_MAX; q++) {
		if (o->quiet[q] < 0 || o->quiet[q] >= WEEK_HOURS)
			continue;
		int64_t start = next_hour_of_week(v->earliest_start, o->quiet[q]);
		v->quiet_hours[v->nquiet++] = (struct visit_window){ start, start + 3600 };
	}
	plan_batch(o, d, peers, npeers, v);
	render_message(d->customer_message, o, v, region->timezone, v->customer_message,
	               sizeof(v->customer_message));
	*out = *v;
	rc = 0;
out:
	free(ws);
	free(cs);
	free(both);
	free(v);
	return rc;
}

static json_t *jtime(int64_t t, const char *tz)
{
	char buf[40];

	visit_time_format(t, tz, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *jstrv(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *visit_json(const struct visit *v)
{
	const char *tz = v->region->timezone;
	json_t *j = json_object(), *wins = json_array(), *batch = json_array();

	json_object_set_new(j, "timezone", json_string(tz[0] ? tz : "system"));
	json_object_set_new(j, "earliest_start", jtime(v->earliest_start, tz));
	json_object_set_new(j, "due_by", jtime(v->due_by, tz));
	json_object_set_new(j, "reactive", json_boolean(v->reactive));
	for (size_t i = 0; i < v->nwindows; i++) {
		json_t *w = json_object();

		json_object_set_new(w, "start", jtime(v->windows[i].start, tz));
		json_object_set_new(w, "end", jtime(v->windows[i].end, tz));
		json_array_append_new(wins, w);
	}
	json_object_set_new(j, "windows", wins);
	json_object_set_new(j, "requires_customer_presence",
	                    json_boolean(v->requires_customer_presence));
	json_object_set_new(j, "night_repair_eligible", json_boolean(v->night_repair_eligible));
	json_object_set_new(j, "estimated_duration_min", json_integer(v->estimated_duration_min));
	json_object_set_new(j, "skills",
	                    v->cause ? jstrv(v->cause->skills, v->cause->nskills) : json_array());
	json_object_set_new(j, "parts",
	                    v->cause ? jstrv(v->cause->parts, v->cause->nparts) : json_array());
	json_object_set_new(j, "batch_key", json_string(v->batch_key));
	for (size_t i = 0; i < v->nbatch; i++)
		json_array_append_new(batch, json_string(v->batch_with[i]));
	json_object_set_new(j, "batch_with", batch);
	json_object_set_new(j, "customer_message", json_string(v->customer_message));
	/* only with an activity profile: an order without capture data keeps its old shape */
	if (v->nquiet) {
		json_t *q = json_array();

		for (size_t i = 0; i < v->nquiet; i++) {
			json_t *w = json_object();

			json_object_set_new(w, "start", jtime(v->quiet_hours[i].start, tz));
			json_object_set_new(w, "end", jtime(v->quiet_hours[i].end, tz));
			json_array_append_new(q, w);
		}
		json_object_set_new(j, "quiet_hours", q);
	}
	return j;
}
