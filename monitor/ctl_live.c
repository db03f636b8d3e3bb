/* ctl_live: `ontwatchctl status`, `onts`, `ont`, `orders`, `order ID` and `reload`: the running
 * daemon through its HTTP API (monitor/ctl_http.h), as tables or, with --json, its JSON. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/ctl.h"
#include "monitor/ctl_fmt.h"
#include "monitor/ctl_http.h"

#define CHART_WIDTH    60
#define CHART_HEIGHT   10
#define HOURS_MAX      (24 * 366)
#define RELOAD_WAIT_MS 10000
#define RELOAD_STEP_MS 200
#define STATUS_USAGE   "usage: ontwatchctl status " CTL_HTTP_USAGE "\n"
#define ONTS_USAGE                                                                                 \
	"usage: ontwatchctl onts [--at-risk] [--olt OLT] [--port PORT] [--state S] [--sort S]\n"   \
	"                        [--limit N] " CTL_HTTP_USAGE "\n"
#define ONT_USAGE "usage: ontwatchctl ont SERIAL [--hours N] " CTL_HTTP_USAGE "\n"
#define ORDERS_USAGE                                                                               \
	"usage: ontwatchctl orders [--state S] [--cause C] [--priority P] [--region R] [--olt "    \
	"OLT]\n"                                                                                   \
	"                          [--limit N] " CTL_HTTP_USAGE "\n"
#define ORDER_USAGE                                                                                \
	"usage: ontwatchctl order ID " CTL_HTTP_USAGE "\n"                                         \
	"       ontwatchctl order status [-f CONFIG | --store PATH] [--note TEXT] ID STATUS\n"
#define RELOAD_USAGE "usage: ontwatchctl reload " CTL_HTTP_USAGE "\n"

enum {
	OPT_AT_RISK = 0x200,
	OPT_OLT,
	OPT_PORT,
	OPT_STATE,
	OPT_SORT,
	OPT_LIMIT,
	OPT_HOURS,
	OPT_CAUSE,
	OPT_PRIORITY,
	OPT_REGION,
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static const char *cell(const json_t *o, const char *key, int dec, char buf[CTL_FMT_CELL_MAX])
{
	return ctl_fmt_json(o, key, dec, buf, CTL_FMT_CELL_MAX);
}

/* ---- status ---------------------------------------------------------------------------- */

/* "a 2, b 1" from an object of counts. */
static void print_counts(const char *label, const char *lead, const json_t *obj)
{
	const char *k;
	json_t *v;
	char buf[CTL_FMT_CELL_MAX];
	bool first = true;

	printf("%-12s %s", label, lead);
	json_object_foreach((json_t *)obj, k, v)
	{
		printf("%s%s %s", first ? ": " : ", ", k, cell(v, NULL, 0, buf));
		first = false;
	}
	putchar('\n');
}

static void print_status(const json_t *s)
{
	char a[CTL_FMT_CELL_MAX], b[CTL_FMT_CELL_MAX], lead[160];
	const json_t *lr = json_object_get(s, "last_reload");

	printf("%-12s ontwatchd %s, started %s\n", "daemon", cell(s, "version", 0, a),
	       cell(s, "started_at", 0, b));
	printf("%-12s %s\n", "now", cell(s, "now", 0, a));
	printf("%-12s %s\n", "config", cell(s, "config", 0, a));
	if (json_is_object(lr)) {
		const json_t *errs = json_object_get(lr, "errors");

		printf("%-12s %s %s\n", "last reload", cell(lr, "at", 0, a),
		       json_is_true(json_object_get(lr, "ok")) ? "ok" : "refused");
		for (size_t i = 0; i < json_array_size(errs); i++)
			printf("%-12s   %s\n", "", cell(json_array_get(errs, i), NULL, 0, a));
	} else {
		printf("%-12s never\n", "last reload");
	}
	printf("%-12s %s (%s failing)\n", "OLTs", cell(s, "olts", 0, a),
	       cell(s, "olts_failing", 0, b));
	snprintf(lead, sizeof(lead), "%s", cell(s, "onts", 0, a));
	print_counts("ONTs", lead, json_object_get(s, "onts_by_state"));
	snprintf(lead, sizeof(lead), "%s open", cell(s, "orders_open", 0, a));
	print_counts("orders", lead, json_object_get(s, "orders_by_cause"));
	printf("%-12s %s active\n", "silences", cell(s, "silences_active", 0, a));
	printf("%-12s %s backlog, %s dead letters\n", "outbox", cell(s, "outbox_backlog", 0, a),
	       cell(s, "dead_letters", 0, b));
}

int ctl_status(int argc, char **argv)
{
	static const struct option opts[] = { CTL_HTTP_OPTIONS, { NULL, 0, NULL, 0 } };
	struct ctl_http h = { 0 };
	json_t *j = NULL;
	int r = ctl_http_getopt(argc, argv, opts, &h, NULL, NULL, STATUS_USAGE), rc;

	if (r < 0 || r != argc) {
		if (r >= 0)
			fputs(STATUS_USAGE, stderr);
		return (r == -2 ? 0 : 2);
	}
	rc = ctl_http_call(&h, false, "GET", "/api/v1/status", NULL, &j);
	if (rc == 0) {
		if (h.json)
			ctl_http_print_json(j);
		else
			print_status(j);
	}
	json_decref(j);
	ctl_http_close(&h);
	return rc;
}

/* ---- onts -------------------------------------------------------------------------------- */

struct onts_args {
	const char *olt, *port, *state, *sort, *limit;
	bool at_risk;
};

static int onts_opt(int c, const char *arg, void *ctx)
{
	struct onts_args *a = ctx;

	switch (c) {
	case OPT_AT_RISK:
		a->at_risk = true;
		return 0;
	case OPT_OLT:
		a->olt = arg;
		return 0;
	case OPT_PORT:
		a->port = arg;
		return 0;
	case OPT_STATE:
		a->state = arg;
		return 0;
	case OPT_SORT:
		a->sort = arg;
		return 0;
	case OPT_LIMIT:
		a->limit = arg;
		return 0;
	default:
		return -1;
	}
}

static bool is_count(const char *s)
{
	return s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 10;
}

static void print_onts(const json_t *j)
{
	static const char *const hdr[] = { "SERIAL", "OLT",      "PORT",     "ONT",    "STATE",
		                           "CAUSE",  "SEVERITY", "RX",       "OLT_RX", "BASE",
		                           "DROP",   "SLOPE/D",  "IMPACT_H", "ORDERS" };
	static const char *const keys[] = {
		"serial",          "olt",          "port",     "ont",
		"state",           "cause",        "severity", "rx_dbm",
		"olt_rx_dbm",      "baseline_dbm", "drop_db",  "slope_db_day",
		"hours_to_impact", "orders"
	};
	static const int dec[] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 1, 0 };
	const size_t n = sizeof(hdr) / sizeof(hdr[0]);
	const json_t *onts = json_object_get(j, "onts");
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, n);

	for (size_t c = 7; c <= 12; c++)
		ctl_fmt_table_right(t, c);
	ctl_fmt_table_right(t, 3);
	for (size_t i = 0; i < json_array_size(onts); i++) {
		char cells[14][CTL_FMT_CELL_MAX];
		const char *row[14];

		for (size_t c = 0; c < n; c++)
			row[c] = cell(json_array_get(onts, i), keys[c], dec[c], cells[c]);
		ctl_fmt_table_add(t, row);
	}
	ctl_fmt_table_print(t, stdout);
	printf("%zu of %" JSON_INTEGER_FORMAT " ONTs\n", ctl_fmt_table_rows(t),
	       json_integer_value(json_object_get(j, "total")));
	ctl_fmt_table_free(t);
}

int ctl_onts(int argc, char **argv)
{
	static const struct option opts[] = {
		CTL_HTTP_OPTIONS,
		{ "at-risk", no_argument, NULL, OPT_AT_RISK },
		{ "olt", required_argument, NULL, OPT_OLT },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_http h = { 0 };
	struct onts_args a = { 0 };
	json_t *j = NULL;
	char *path;
	int r = ctl_http_getopt(argc, argv, opts, &h, onts_opt, &a, ONTS_USAGE), rc;

	if (r < 0)
		return (r == -2 ? 0 : 2);
	if (r != argc || (a.at_risk && a.state) || (a.limit && !is_count(a.limit))) {
		fputs(ONTS_USAGE, stderr);
		return 2;
	}
	if (a.at_risk) {
		a.state = "at_risk,faulty";
		if (a.sort == NULL)
			a.sort = "impact";
	}
	{
		const char *kv[] = { "olt",   a.olt,  "port", a.port,  "state",
			             a.state, "sort", a.sort, "limit", a.limit };

		path = ctl_http_path("/api/v1/onts", kv, 5);
	}
	rc = ctl_http_call(&h, false, "GET", path, NULL, &j);
	if (rc == 0) {
		if (h.json)
			ctl_http_print_json(j);
		else
			print_onts(j);
	}
	free(path);
	json_decref(j);
	ctl_http_close(&h);
	return rc;
}

/* ---- ont SERIAL ----------------------------------------------------------------------------- */

static void print_order_line(const json_t *o)
{
	char a[CTL_FMT_CELL_MAX], b[CTL_FMT_CELL_MAX], c[CTL_FMT_CELL_MAX], d[CTL_FMT_CELL_MAX];
	char s[CTL_FMT_CELL_MAX * 2];

	printf("  %s  %s  %s  %s  %s\n", cell(o, "id", 0, a), cell(o, "state", 0, b),
	       cell(o, "cause", 0, c), cell(o, "severity", 0, d),
	       ctl_fmt_json(o, "summary", 0, s, sizeof(s)));
}

/* The Rx history as a chart with the profile's levels; returns the number of points. */
static size_t print_chart(const json_t *hist, const json_t *th, int64_t from, int64_t to)
{
	const json_t *pts = json_object_get(hist, "points");
	size_t n = json_array_size(pts), used = 0;
	int64_t *t = xcalloc(n ? n : 1, sizeof(*t));
	double *v = xcalloc(n ? n : 1, sizeof(*v));
	struct ctl_fmt_level lv[3] = { { NAN, '-', "warning" },
		                       { NAN, '=', "critical" },
		                       { NAN, '.', "impact" } };
	static const char *const lvkeys[] = { "warning_rx_dbm", "critical_rx_dbm",
		                              "impact_rx_dbm" };
	struct ctl_fmt_chart c = { CHART_WIDTH, CHART_HEIGHT, from, to, lv, 3 };

	for (size_t i = 0; i < 3; i++) {
		const json_t *x = json_object_get(th, lvkeys[i]);

		if (json_is_number(x))
			lv[i].value = json_number_value(x);
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(pts, i);
		const json_t *rx = json_object_get(p, "rx_dbm");
		int64_t pt;

		if (ctl_fmt_parse_time(json_string_value(json_object_get(p, "t")), 0, &pt) < 0)
			continue;
		t[used] = pt;
		v[used] = json_is_number(rx) ? json_number_value(rx) : NAN;
		if (isfinite(v[used]))
			used++;
	}
	if (ctl_fmt_chart_print(stdout, &c, t, v, used) < 0)
		printf("  (no Rx readings in this range)\n");
	free(t);
	free(v);
	return used;
}

static void print_ont(const json_t *o, const json_t *hist, int hours, int64_t from, int64_t to)
{
	char a[CTL_FMT_CELL_MAX], b[CTL_FMT_CELL_MAX], c[CTL_FMT_CELL_MAX], d[CTL_FMT_CELL_MAX];
	const json_t *th = json_object_get(o, "thresholds");
	const json_t *orders = json_object_get(o, "open_orders");

	printf("%s  %s %s ONT %s", cell(o, "serial", 0, a), cell(o, "olt", 0, b),
	       cell(o, "port", 0, c), cell(o, "ont", 0, d));
	if (json_is_string(json_object_get(o, "description")))
		printf("  \"%s\"", json_string_value(json_object_get(o, "description")));
	putchar('\n');
	printf("%-11s %s", "state", cell(o, "state", 0, a));
	if (json_is_string(json_object_get(o, "cause")))
		printf(" (%s, %s)", cell(o, "cause", 0, b), cell(o, "severity", 0, c));
	printf("; %s, last seen %s\n", cell(o, "status", 0, a), cell(o, "last_seen_at", 0, b));
	printf("%-11s Rx %s dBm, OLT Rx %s dBm, Tx %s dBm, bias %s mA, %s C\n", "levels",
	       cell(o, "rx_dbm", 1, a), cell(o, "olt_rx_dbm", 1, b), cell(o, "tx_dbm", 1, c),
	       cell(o, "bias_ma", 1, d), ctl_fmt_json(o, "temp_c", 1, (char[32]){ 0 }, 32));
	printf("%-11s %s dBm, drop %s dB\n", "baseline", cell(o, "baseline_dbm", 1, a),
	       cell(o, "drop_db", 1, b));
	printf("%-11s %s dB/day", "slope", cell(o, "slope_db_day", 2, a));
	if (json_is_string(json_object_get(o, "impact_at")))
		printf("; impact predicted %s, in %s h", cell(o, "impact_at", 0, b),
		       cell(o, "hours_to_impact", 1, c));
	putchar('\n');
	printf("%-11s rules %s; LOS events %s\n", "findings", cell(o, "rules", 0, a),
	       cell(o, "los_events", 0, b));
	if (json_is_object(th))
		printf("%-11s %s: warning %s, critical %s, impact %s dBm; OLT Rx warning %s, "
		       "critical %s dBm\n",
		       "profile", cell(th, "profile", 0, a), cell(th, "warning_rx_dbm", 1, b),
		       cell(th, "critical_rx_dbm", 1, c), cell(th, "impact_rx_dbm", 1, d),
		       ctl_fmt_json(th, "olt_warning_rx_dbm", 1, (char[32]){ 0 }, 32),
		       ctl_fmt_json(th, "olt_critical_rx_dbm", 1, (char[32]){ 0 }, 32));
	printf("%-11s %zu open\n", "orders", json_array_size(orders));
	for (size_t i = 0; i < json_array_size(orders); i++)
		print_order_line(json_array_get(orders, i));
	printf("\nRx over the last %d h (%s readings):\n", hours, cell(hist, "readings", 0, a));
	print_chart(hist, th, from, to);
}

static int hours_opt(int c, const char *arg, void *ctx)
{
	if (c != OPT_HOURS)
		return -1;
	*(const char **)ctx = arg;
	return 0;
}

int ctl_ont(int argc, char **argv)
{
	static const struct option opts[] = {
		CTL_HTTP_OPTIONS,
		{ "hours", required_argument, NULL, OPT_HOURS },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_http h = { 0 };
	const char *hours_arg = "24";
	json_t *o = NULL, *hist = NULL;
	char *serial = NULL, *path = NULL, *hpath = NULL, from_s[CTL_FMT_TIME_LEN],
	     to_s[CTL_FMT_TIME_LEN], pts[16];
	int64_t to = (int64_t)time(NULL), from;
	int hours, rc = 1;
	int r = ctl_http_getopt(argc, argv, opts, &h, hours_opt, &hours_arg, ONT_USAGE);

	if (r < 0)
		return (r == -2 ? 0 : 2);
	hours = is_count(hours_arg) ? atoi(hours_arg) : 0;
	if (r + 1 != argc || hours < 1 || hours > HOURS_MAX) {
		fputs(ONT_USAGE, stderr);
		return 2;
	}
	from = to - (int64_t)hours * 3600;
	ctl_fmt_time(from, from_s);
	ctl_fmt_time(to, to_s);
	snprintf(pts, sizeof(pts), "%d", CHART_WIDTH);
	serial = ctl_http_escape(argv[r]);
	path = xasprintf("/api/v1/onts/%s", serial);
	{
		const char *kv[] = { "from", from_s, "to", to_s, "points", pts };
		char *base = xasprintf("%s/history", path);

		hpath = ctl_http_path(base, kv, 3);
		free(base);
	}
	if (ctl_http_call(&h, false, "GET", path, NULL, &o) != 0 ||
	    ctl_http_call(&h, false, "GET", hpath, NULL, &hist) != 0)
		goto out;
	if (h.json) {
		json_t *both = json_deep_copy(o);

		json_object_set(both, "history", hist);
		ctl_http_print_json(both);
		json_decref(both);
	} else {
		print_ont(o, hist, hours, from, to);
	}
	rc = 0;
out:
	json_decref(o);
	json_decref(hist);
	free(serial);
	free(path);
	free(hpath);
	ctl_http_close(&h);
	return rc;
}

/* ---- orders ------------------------------------------------------------------------------ */

struct orders_args {
	const char *state, *cause, *priority, *region, *olt, *limit;
};

static int orders_opt(int c, const char *arg, void *ctx)
{
	struct orders_args *a = ctx;

	switch (c) {
	case OPT_STATE:
		a->state = arg;
		return 0;
	case OPT_CAUSE:
		a->cause = arg;
		return 0;
	case OPT_PRIORITY:
		a->priority = arg;
		return 0;
	case OPT_REGION:
		a->region = arg;
		return 0;
	case OPT_OLT:
		a->olt = arg;
		return 0;
	case OPT_LIMIT:
		a->limit = arg;
		return 0;
	default:
		return -1;
	}
}

static void print_orders(const json_t *j)
{
	static const char *const hdr[] = { "ID",   "STATE", "P",      "CAUSE",  "SEVERITY", "OLT",
		                           "PORT", "ONTS",  "REGION", "OPENED", "IMPACT" };
	static const char *const keys[] = {
		"id",   "state", "priority", "cause",     "severity",           "olt",
		"port", NULL,    "region",   "opened_at", "predicted_impact_at"
	};
	const size_t n = sizeof(hdr) / sizeof(hdr[0]);
	const json_t *orders = json_object_get(j, "orders");
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, n);

	ctl_fmt_table_right(t, 7);
	for (size_t i = 0; i < json_array_size(orders); i++) {
		const json_t *o = json_array_get(orders, i);
		char cells[11][CTL_FMT_CELL_MAX];
		const char *row[11];

		for (size_t c = 0; c < n; c++)
			row[c] = keys[c] ? cell(o, keys[c], 1, cells[c]) : cells[c];
		snprintf(cells[7], CTL_FMT_CELL_MAX, "%zu",
		         json_array_size(json_object_get(o, "onts")));
		ctl_fmt_table_add(t, row);
	}
	ctl_fmt_table_print(t, stdout);
	printf("%zu of %" JSON_INTEGER_FORMAT " orders\n", ctl_fmt_table_rows(t),
	       json_integer_value(json_object_get(j, "total")));
	ctl_fmt_table_free(t);
}

int ctl_orders(int argc, char **argv)
{
	static const struct option opts[] = {
		CTL_HTTP_OPTIONS,
		{ "state", required_argument, NULL, OPT_STATE },
		{ "cause", required_argument, NULL, OPT_CAUSE },
		{ "priority", required_argument, NULL, OPT_PRIORITY },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "olt", required_argument, NULL, OPT_OLT },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_http h = { 0 };
	struct orders_args a = { 0 };
	json_t *j = NULL;
	char prio[8], *path;
	int r = ctl_http_getopt(argc, argv, opts, &h, orders_opt, &a, ORDERS_USAGE), rc;

	if (r < 0)
		return (r == -2 ? 0 : 2);
	if (a.priority) { /* "2", "p2" and "P2" all mean p2 */
		const char *d = a.priority + (a.priority[0] == 'p' || a.priority[0] == 'P');

		if (strlen(d) != 1 || d[0] < '1' || d[0] > '4')
			r = -1;
		snprintf(prio, sizeof(prio), "p%c", d[0]);
		a.priority = prio;
	}
	if (r != argc || (a.limit && !is_count(a.limit))) {
		fputs(ORDERS_USAGE, stderr);
		return 2;
	}
	{
		const char *kv[] = { "state",  a.state,  "cause", a.cause, "priority", a.priority,
			             "region", a.region, "olt",   a.olt,   "limit",    a.limit };

		path = ctl_http_path("/api/v1/orders", kv, 6);
	}
	rc = ctl_http_call(&h, false, "GET", path, NULL, &j);
	if (rc == 0) {
		if (h.json)
			ctl_http_print_json(j);
		else
			print_orders(j);
	}
	free(path);
	json_decref(j);
	ctl_http_close(&h);
	return rc;
}

/* ---- order ID ------------------------------------------------------------------------------ */

static void print_visit(const json_t *v)
{
	char a[CTL_FMT_CELL_MAX], b[CTL_FMT_CELL_MAX], c[CTL_FMT_CELL_MAX];
	const json_t *w = json_object_get(v, "windows");
	char msg[512];

	if (!json_is_object(v))
		return;
	printf("\nvisit (%s)\n", cell(v, "timezone", 0, a));
	printf("  %-16s %s\n", "earliest start", cell(v, "earliest_start", 0, a));
	printf("  %-16s %s\n", "due by", cell(v, "due_by", 0, a));
	for (size_t i = 0; i < json_array_size(w); i++)
		printf("  %-16s %s .. %s\n", i ? "" : "windows",
		       cell(json_array_get(w, i), "start", 0, a),
		       cell(json_array_get(w, i), "end", 0, b));
	printf("  %-16s %s min, customer present: %s, night repair: %s\n", "duration",
	       cell(v, "estimated_duration_min", 0, a), cell(v, "requires_customer_presence", 0, b),
	       cell(v, "night_repair_eligible", 0, c));
	printf("  %-16s %s\n", "skills", cell(v, "skills", 0, a));
	printf("  %-16s %s\n", "parts", ctl_fmt_json(v, "parts", 0, msg, sizeof(msg)));
	printf("  %-16s %s (with %s)\n", "batch", cell(v, "batch_key", 0, a),
	       cell(v, "batch_with", 0, b));
	printf("  %-16s %s\n", "message", ctl_fmt_json(v, "customer_message", 0, msg, sizeof(msg)));
}

static void print_order(const json_t *j)
{
	static const char *const ohdr[] = { "OLT",    "PORT", "ONT",  "SERIAL", "CUSTOMER",
		                            "STATUS", "RX",   "BASE", "DROP" };
	static const char *const okeys[] = { "olt",    "port",         "ont",
		                             "serial", "customer_id",  "status",
		                             "rx_dbm", "baseline_dbm", "drop_db" };
	static const char *const ehdr[] = { "SEQ", "TIME", "EVENT", "STATE", "NOTE" };
	static const char *const ekeys[] = { "seq", "time", "event", "state", "note" };
	const json_t *o = json_object_get(j, "order"), *ev = json_object_get(j, "events");
	const json_t *onts = json_object_get(o, "onts"), *evd = json_object_get(o, "evidence");
	char a[CTL_FMT_CELL_MAX], b[CTL_FMT_CELL_MAX], c[CTL_FMT_CELL_MAX], big[1024];
	struct ctl_fmt_table *t;

	printf("%s  %s  %s  %s\n", cell(o, "id", 0, a), cell(o, "state", 0, b),
	       cell(o, "cause", 0, c), ctl_fmt_json(o, "severity", 0, big, sizeof(big)));
	printf("%s\n", ctl_fmt_json(o, "summary", 0, big, sizeof(big)));
	printf("%-12s %s (scope %s, splitter %s)\n", "key", cell(o, "key", 0, a),
	       cell(o, "scope", 0, b), cell(o, "splitter", 0, c));
	printf("%-12s opened %s, updated %s, resolved %s\n", "times", cell(o, "opened_at", 0, a),
	       cell(o, "updated_at", 0, b), cell(o, "resolved_at", 0, c));
	printf("%-12s %s\n", "impact", cell(o, "predicted_impact_at", 0, a));
	printf("%-12s P%s, tier %s, region %s\n", "priority", cell(o, "priority", 0, a),
	       cell(o, "tier", 0, b), cell(o, "region", 0, c));
	if (json_is_string(json_object_get(o, "priority_reason")))
		printf("%-12s %s\n", "", ctl_fmt_json(o, "priority_reason", 0, big, sizeof(big)));
	printf("%-12s rules %s; slope %s dB/day; LOS events %s; onset %s\n", "evidence",
	       cell(evd, "rules", 0, a), cell(evd, "slope_db_day", 2, b),
	       cell(evd, "los_events", 0, c), ctl_fmt_json(evd, "onset_at", 0, big, sizeof(big)));
	if (json_is_object(json_object_get(o, "silenced")))
		printf("%-12s by %s until %s\n", "silenced",
		       cell(json_object_get(o, "silenced"), "id", 0, a),
		       cell(json_object_get(o, "silenced"), "until", 0, b));
	putchar('\n');
	t = ctl_fmt_table_new(ohdr, 9);
	for (size_t c2 = 6; c2 < 9; c2++)
		ctl_fmt_table_right(t, c2);
	for (size_t i = 0; i < json_array_size(onts); i++) {
		char cells[9][CTL_FMT_CELL_MAX];
		const char *row[9];

		for (size_t k = 0; k < 9; k++)
			row[k] = cell(json_array_get(onts, i), okeys[k], 1, cells[k]);
		ctl_fmt_table_add(t, row);
	}
	ctl_fmt_table_print(t, stdout);
	ctl_fmt_table_free(t);
	print_visit(json_object_get(o, "visit"));
	printf("\nevents\n");
	t = ctl_fmt_table_new(ehdr, 5);
	ctl_fmt_table_right(t, 0);
	for (size_t i = 0; i < json_array_size(ev); i++) {
		char cells[5][CTL_FMT_CELL_MAX];
		const char *row[5];

		for (size_t k = 0; k < 5; k++)
			row[k] = cell(json_array_get(ev, i), ekeys[k], 1, cells[k]);
		ctl_fmt_table_add(t, row);
	}
	ctl_fmt_table_print(t, stdout);
	ctl_fmt_table_free(t);
}

int ctl_order_live(int argc, char **argv)
{
	static const struct option opts[] = { CTL_HTTP_OPTIONS, { NULL, 0, NULL, 0 } };
	struct ctl_http h = { 0 };
	json_t *j = NULL;
	char *id, *path;
	int r, rc;

	/* `order status ...` is the store-side status report (monitor/ctl_order.c) */
	if (argc >= 2 && strcmp(argv[1], "status") == 0)
		return ctl_order(argc, argv);
	r = ctl_http_getopt(argc, argv, opts, &h, NULL, NULL, ORDER_USAGE);
	if (r < 0)
		return (r == -2 ? 0 : 2);
	if (r + 1 != argc) {
		fputs(ORDER_USAGE, stderr);
		return 2;
	}
	id = ctl_http_escape(argv[r]);
	path = xasprintf("/api/v1/orders/%s", id);
	rc = ctl_http_call(&h, false, "GET", path, NULL, &j);
	if (rc == 0) {
		if (h.json)
			ctl_http_print_json(j);
		else
			print_order(j);
	}
	free(id);
	free(path);
	json_decref(j);
	ctl_http_close(&h);
	return rc;
}

/* ---- reload ------------------------------------------------------------------------------ */

/* last_reload.at of a status answer ("" when there was none). */
static const char *reload_at(const json_t *status)
{
	const char *at =
	    json_string_value(json_object_get(json_object_get(status, "last_reload"), "at"));

	return at ? at : "";
}

int ctl_reload(int argc, char **argv)
{
	static const struct option opts[] = { CTL_HTTP_OPTIONS, { NULL, 0, NULL, 0 } };
	struct ctl_http h = { 0 };
	json_t *before = NULL, *ans = NULL, *now = NULL;
	const json_t *lr, *errs;
	char *prev = NULL;
	int r = ctl_http_getopt(argc, argv, opts, &h, NULL, NULL, RELOAD_USAGE), rc = 1;

	if (r < 0 || r != argc) {
		if (r >= 0)
			fputs(RELOAD_USAGE, stderr);
		return (r == -2 ? 0 : 2);
	}
	if (ctl_http_call(&h, true, "GET", "/api/v1/status", NULL, &before) != 0)
		goto out;
	prev = xstrdup(reload_at(before));
	/* times have whole seconds: a reload in the second of the previous one would look
	 * unchanged, so wait for the next second */
	if (*prev && strcmp(prev, json_string_value(json_object_get(before, "now")) ?: "") == 0)
		sleep_ms(1100);
	if (ctl_http_call(&h, true, "POST", "/api/v1/reload", NULL, &ans) != 0)
		goto out;
	for (int waited = 0; waited <= RELOAD_WAIT_MS; waited += RELOAD_STEP_MS) {
		json_decref(now);
		now = NULL;
		if (ctl_http_call(&h, true, "GET", "/api/v1/status", NULL, &now) != 0)
			goto out;
		if (strcmp(reload_at(now), prev) != 0)
			break;
		sleep_ms(RELOAD_STEP_MS);
	}
	lr = json_object_get(now, "last_reload");
	if (strcmp(reload_at(now), prev) == 0) {
		fprintf(stderr,
		        "ontwatchctl: reload requested, but the daemon reported no outcome "
		        "within %d s\n",
		        RELOAD_WAIT_MS / 1000);
		goto out;
	}
	errs = json_object_get(lr, "errors");
	if (h.json) {
		ctl_http_print_json(lr);
	} else if (json_is_true(json_object_get(lr, "ok"))) {
		printf("reload: ok (%s)\n", reload_at(now));
	} else {
		printf("reload: refused (%s), the previous configuration stays in force:\n",
		       reload_at(now));
		for (size_t i = 0; i < json_array_size(errs); i++)
			printf("  %s\n", json_string_value(json_array_get(errs, i)) ?: "?");
	}
	rc = json_is_true(json_object_get(lr, "ok")) ? 0 : 1;
out:
	free(prev);
	json_decref(before);
	json_decref(ans);
	json_decref(now);
	ctl_http_close(&h);
	return rc;
}
