/* test_visit: visit hints and priority against golden files (tests/dispatch/visit-*.json),
 * on a fixed clock and fixed customer data: windows across midnight, over a DST change,
 * around weekends and holidays, outdoor work, reactive faults, batching, bad windows.
 * OW_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/conf.h"
#include "monitor/priority.h"
#include "monitor/visit.h"
#include "monitor/weekly.h"

static struct conf *conf;

static int64_t utc(const char *iso)
{
	struct tm tm = { 0 };

	if (strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		abort();
	return (int64_t)timegm(&tm);
}

static char *golden_path(const char *name)
{
	const char *top = getenv("top_srcdir");
	static char path[1024];

	snprintf(path, sizeof(path), "%s/tests/dispatch/%s.json", top ? top : ".", name);
	return path;
}

static void check_golden(const char *name, json_t *j)
{
	char *got = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	const char *path = golden_path(name);
	char want[16384];
	size_t n = 0;
	FILE *fp;

	assert_non_null(got);
	if (getenv("OW_UPDATE_GOLDEN") != NULL) {
		fp = fopen(path, "w");
		assert_non_null(fp);
		fprintf(fp, "%s\n", got);
		fclose(fp);
	}
	fp = fopen(path, "r");
	if (fp == NULL)
		fail_msg("missing golden file %s", path);
	n = fread(want, 1, sizeof(want) - 1, fp);
	fclose(fp);
	want[n] = '\0';
	if (n > 0 && want[n - 1] == '\n')
		want[n - 1] = '\0';
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "# %s differs; got:\n%s\n", name, got);
		free(got);
		fail_msg("%s differs from its golden file", name);
	}
	free(got);
}

/* Plan, then record visit and priority together. */
static void golden_case(const char *name, const struct visit_order *o, const char *tier,
                        const char *region, const struct visit_peer *peers, size_t npeers,
                        int customers, int64_t now)
{
	const struct conf_dispatch *d = &conf->dispatch;
	const struct conf_tier *t = conf_tier_find(d, tier);
	const struct conf_region *r = conf_region_find(d, region);
	struct visit v;
	struct priority p;
	const char *why = NULL;
	json_t *j;

	assert_non_null(t);
	assert_non_null(r);
	assert_int_equal(visit_plan(o, d, t, r, peers, npeers, now, &v, &why), 0);
	priority_compute(d,
	                 &(struct priority_input){
	                     .severity = o->severity,
	                     .tier = t,
	                     .customers = customers,
	                     .predicted = o->predicted == VISIT_NONE ? PRIORITY_NONE : o->predicted,
	                     .reactive = v.reactive,
	                     .now = now },
	                 &p);
	j = json_object();
	json_object_set_new(j, "priority", json_integer(p.level));
	json_object_set_new(j, "priority_reason", json_string(p.reason));
	json_object_set_new(j, "visit", visit_json(&v));
	check_golden(name, j);
	json_decref(j);
}

static struct visit_order order(const char *id, const char *scope, const char *cause,
                                const char *severity, int64_t predicted)
{
	return (struct visit_order){ .id = id,
		                     .scope = scope,
		                     .cause = cause,
		                     .severity = severity,
		                     .predicted = predicted,
		                     .olt = "olt-1",
		                     .port = "0/1/3",
		                     .lat = NAN,
		                     .lon = NAN,
		                     .customer_name = "Mei Tan" };
}

/* Friday morning in Singapore; evenings and Saturday morning preferred; Monday a holiday. */
static void evening_weekend_holiday(void **state)
{
	struct visit_order o =
	    order("ow-0000000000000001", "ont", "fiber_bend", "major", utc("2026-03-14T00:00:00Z"));

	(void)state;
	o.customer_windows = "Mon-Fri 18:00-21:00;Sat 09:00-12:00";
	golden_case("visit-evening-weekend-holiday", &o, "gold", "sg", NULL, 0, 1,
	            utc("2026-03-06T02:00:00Z"));
}

/* A splitter fault is outdoor work: the customer need not be present. */
static void outdoor_working_hours_only(void **state)
{
	struct visit_order o = order("ow-0000000000000002", "splitter", "shared_segment", "major",
	                             utc("2026-03-20T00:00:00Z"));

	(void)state;
	o.splitter = "SP-7";
	o.customer_windows = "Sun 10:00-11:00"; /* ignored: nobody needs to be home */
	golden_case("visit-outdoor", &o, "standard", "sg", NULL, 0, 9, utc("2026-03-06T02:00:00Z"));
}

/* Night crew (22:00-06:00) and customer windows across midnight, over the change to summer
 * time, skipping a holiday. */
static void across_midnight_dst(void **state)
{
	struct visit_order o =
	    order("ow-0000000000000003", "ont", "connector", "minor", VISIT_NONE);

	(void)state;
	o.customer_windows = "Mon-Sun 21:00-01:00";
	golden_case("visit-midnight-dst", &o, "standard", "nl-night", NULL, 0, 1,
	            utc("2026-03-28T11:00:00Z"));
}

/* A shift across the night summer time begins is an hour shorter: the offsets say so. */
static void shift_over_dst_change(void **state)
{
	struct visit_order o =
	    order("ow-0000000000000007", "pon", "shared_segment", "major", VISIT_NONE);

	(void)state;
	golden_case("visit-dst-shift", &o, "standard", "nl-weekend", NULL, 0, 20,
	            utc("2026-03-27T12:00:00Z"));
}

/* A fibre break is reactive: due now; critical with a night-repair tier. */
static void reactive_critical(void **state)
{
	struct visit_order o =
	    order("ow-0000000000000004", "ont", "fiber_break", "critical", VISIT_NONE);

	(void)state;
	o.customer_windows = "Sat 09:00-12:00";
	golden_case("visit-reactive", &o, "platinum", "sg", NULL, 0, 1,
	            utc("2026-03-06T13:30:00Z"));
}

/* Impact closer than the safety margin: due now, urgent priority, no window yet known
 * inside the customer's windows beyond the horizon. */
static void impact_inside_margin(void **state)
{
	struct visit_order o =
	    order("ow-0000000000000005", "ont", "ont_optics", "major", utc("2026-03-06T20:00:00Z"));

	(void)state;
	golden_case("visit-inside-margin", &o, "standard", "default", NULL, 0, 1,
	            utc("2026-03-06T08:00:00Z"));
}

/* Batching by splitter, by PON port and by distance; far and same-id peers excluded. */
static void batching(void **state)
{
	struct visit_order o =
	    order("ow-0000000000000006", "ont", "fiber_bend", "minor", utc("2026-04-01T00:00:00Z"));
	const struct visit_peer peers[] = {
		{ "ow-0000000000000006", "olt-1", "0/1/3", "SP-1", 1.3000, 103.8000 },
		{ "ow-00000000000000a1", "olt-2", "0/2/1", "SP-1", NAN, NAN },
		{ "ow-00000000000000a2", "olt-1", "0/1/3", NULL, NAN, NAN },
		{ "ow-00000000000000a3", "olt-9", "0/9/9", "SP-9", 1.3010, 103.8010 },
		{ "ow-00000000000000a4", "olt-9", "0/9/9", "SP-9", 1.3500, 103.9000 },
	};

	(void)state;
	o.splitter = "SP-1";
	o.lat = 1.3000;
	o.lon = 103.8000;
	golden_case("visit-batch", &o, "standard", "sg", peers, sizeof(peers) / sizeof(peers[0]), 1,
	            utc("2026-03-06T02:00:00Z"));
}

static void bad_windows_rejected(void **state)
{
	const struct conf_dispatch *d = &conf->dispatch;
	struct visit_order o = order("ow-1", "ont", "fiber_bend", "minor", VISIT_NONE);
	static const char *const bad[] = { "Mon-Fri 18:00",    "Fun 10:00-11:00",
		                           "Mon 25:00-26:00",  "Mon 10:00-10:00",
		                           "Mon 10:00-11:00;", "Mon10:00-11:00",
		                           "Mon 10:60-11:00",  "Mon 10:00-11:00 Tue 12:00-13:00" };
	struct visit v;

	(void)state;
	memset(&v, 0x5a, sizeof(v));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		o.customer_windows = bad[i];
		assert_int_equal(visit_plan(&o, d, conf_tier_find(d, "standard"),
		                            conf_region_find(d, "sg"), NULL, 0, 0, &v, &why),
		                 -1);
		assert_non_null(why);
		assert_int_equal(v.nwindows, (size_t)0x5a5a5a5a5a5a5a5aULL); /* untouched */
	}
}

static void weekly_round_trip(void **state)
{
	struct weekly w;
	const char *why;
	char buf[256];

	(void)state;
	assert_int_equal(weekly_parse("Sat-Mon 22:00-02:00; Wed 00:00-24:00", &w, &why), 0);
	assert_int_equal(w.n, 4);
	assert_int_equal(weekly_format(&w, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Sat 22:00-02:00;Sun 22:00-02:00;Mon 22:00-02:00;Wed 00:00-24:00");
}

static void time_format_offsets(void **state)
{
	char buf[40];

	(void)state;
	assert_int_equal(
	    visit_time_format(utc("2026-03-07T10:00:00Z"), "Asia/Singapore", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2026-03-07T18:00:00+08:00");
	visit_time_format(utc("2026-01-15T12:00:00Z"), "America/St_Johns", buf, sizeof(buf));
	assert_string_equal(buf, "2026-01-15T08:30:00-03:30");
	visit_time_format(utc("2026-07-01T00:00:00Z"), "UTC", buf, sizeof(buf));
	assert_string_equal(buf, "2026-07-01T00:00:00+00:00");
	assert_int_equal(visit_time_format(0, "UTC", buf, 10), -1);
}

static void priority_orders_splitter_above_home(void **state)
{
	const struct conf_dispatch *d = &conf->dispatch;
	const struct conf_tier *std = conf_tier_find(d, "standard");
	struct priority one, many, gold;
	int64_t now = utc("2026-03-06T00:00:00Z"), later = now + 48 * 3600;

	(void)state;
	priority_compute(d, &(struct priority_input){ "major", std, 1, later, false, now, NULL },
	                 &one);
	priority_compute(d, &(struct priority_input){ "major", std, 16, later, false, now, NULL },
	                 &many);
	priority_compute(d,
	                 &(struct priority_input){ "major", conf_tier_find(d, "gold"), 1, later,
	                                           false, now, NULL },
	                 &gold);
	assert_true(many.score > one.score);
	assert_true(gold.score > one.score);
	assert_true(many.level <= one.level);
	assert_string_equal(one.reason, "major severity +30; impact predicted in 48 h +20; "
	                                "tier standard x1; score 50 -> P3");
	assert_string_equal(many.reason, "major severity +30; 16 customers affected +30; impact "
	                                 "predicted in 48 h +20; tier standard x1; score 80 -> P2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evening_weekend_holiday),
		cmocka_unit_test(outdoor_working_hours_only),
		cmocka_unit_test(across_midnight_dst),
		cmocka_unit_test(shift_over_dst_change),
		cmocka_unit_test(reactive_critical),
		cmocka_unit_test(impact_inside_margin),
		cmocka_unit_test(batching),
		cmocka_unit_test(bad_windows_rejected),
		cmocka_unit_test(weekly_round_trip),
		cmocka_unit_test(time_format_offsets),
		cmocka_unit_test(priority_orders_splitter_above_home),
	};
	struct conf_errors errs = { 0 };
	char path[1024];
	int rc;

	/* the "system" time zone must not leak into the golden files */
	setenv("TZ", "UTC", 1);
	snprintf(path, sizeof(path), "%s/tests/dispatch/dispatch.conf",
	         getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	if (conf_load(path, &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	conf_free(conf);
	return rc;
}
