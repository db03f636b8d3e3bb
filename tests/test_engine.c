/* test_engine: the daemon side with a real SQLite store and file output: orders are stored
 * with their event history and announced once, and a restart continues an open order
 * (same id, no second "opened") until it resolves. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/closedloop.h"
#include "monitor/detect_snapshot.h"
#include "lib/loop.h"
#include "monitor/engine.h"
#include "monitor/outbox.h"

#define T0   1772323200
#define POLL 900
#define DAY  86400

struct env {
	char dir[64];
	char db[128];
	char out[128];
	struct conf *conf;
};

static uint32_t rng = 99;

static double noise(void)
{
	rng = rng * 1103515245u + 12345u;
	return ((double)((rng >> 8) & 0xffff) / 65535.0 * 2 - 1) * 0.3;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct conf_errors errs = { 0 };
	char *text;

	strcpy(e->dir, "/tmp/ow-engine-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->db, sizeof(e->db), "%s/ontwatch.db", e->dir);
	snprintf(e->out, sizeof(e->out), "%s/orders.jsonl", e->dir);
	assert_true(
	    asprintf(&text,
	             "daemon = { instance = \"a\"; };\n"
	             "olts = ( { name = \"olt-1\"; address = \"127.0.0.1\";"
	             " vendor = \"huawei-ma5600\"; snmp = { community = \"public\"; }; } );\n"
	             "outputs = ( { name = \"f\"; type = \"file\"; path = \"%s\"; } );\n",
	             e->out) > 0);
	if (conf_load_string(text, "t.conf", &e->conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fail();
	}
	free(text);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char path[160];

	conf_free(e->conf);
	unlink(e->out);
	unlink(e->db);
	snprintf(path, sizeof(path), "%s-wal", e->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", e->db);
	unlink(path);
	rmdir(e->dir);
	free(e);
	return 0;
}

/* Poll rounds of 4 ONTs from t0 for `hours`, stored as the poller stores them; ONT 2 has
 * lost `loss` dB and ONT 1 `loss1` dB. */
static int64_t feed2(struct engine *en, struct store *st, int64_t t0, double hours, double loss,
                     double loss1)
{
	struct ont_reading r[4];
	int64_t t = t0;

	for (; t < t0 + (int64_t)(hours * 3600); t += POLL) {
		for (int i = 0; i < 4; i++) {
			ont_reading_clear(&r[i], t);
			strcpy(r[i].olt, "olt-1");
			strcpy(r[i].port, "0/1/0");
			r[i].ont = i;
			snprintf(r[i].serial, sizeof(r[i].serial), "HWTC0000000%d", i);
			r[i].status = ONT_STATUS_ONLINE;
			r[i].rx_dbm =
			    -18 - i - (i == 2 ? loss : 0) - (i == 1 ? loss1 : 0) + noise();
			r[i].olt_rx_dbm = r[i].rx_dbm - 1;
			r[i].tx_dbm = 2.2;
			r[i].bias_ma = 12;
			r[i].temp_c = 45;
		}
		assert_int_equal(store_readings_add(st, r, 4), 0);
		engine_feed(en, r, 4);
	}
	return t;
}

#define feed(en, t0, hours, loss) feed2(en, st, t0, hours, loss, 0)

struct orders_seen {
	int n, open;
	char id[64];
	char state[16];
};

static int count_order(void *arg, const struct store_order *o)
{
	struct orders_seen *s = arg;

	s->n++;
	s->open += o->open;
	snprintf(s->id, sizeof(s->id), "%s", o->id);
	snprintf(s->state, sizeof(s->state), "%s", o->state);
	return 0;
}

static int count_event(void *arg, int64_t seq, int64_t time, const char *event, const char *doc)
{
	(void)seq;
	(void)time;
	(void)doc;
	char *log = arg;
	strcat(log, event);
	strcat(log, " ");
	return 0;
}

static int lines_with(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "r");
	char buf[8192];
	int n = 0;

	if (fp == NULL)
		return 0;
	while (fgets(buf, sizeof(buf), fp))
		n += strstr(buf, needle) != NULL;
	fclose(fp);
	return n;
}

static void test_store_and_restart(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	struct orders_seen s = { 0 };
	char events[256] = "";
	int64_t t;

	/* first run: a 4 dB connector loss on ONT 2 opens an order */
	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = feed(en, T0, 5 * 24, 0);
	t = feed(en, t, 12, 4.0);
	engine_close(en);
	output_set_close(out);
	assert_int_equal(store_orders_each(st, true, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.state, "open");
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 1);
	assert_int_equal(lines_with(e->out, s.id), 1);
	store_close(st);

	/* restart: the loss persists, then is repaired; the same order resolves */
	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = feed(en, t, 12, 4.0);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 1);
	t = feed(en, t, 12, 0);
	engine_close(en);
	output_set_close(out);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 1);
	assert_int_equal(lines_with(e->out, "\"event\":\"resolved\""), 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_orders_each(st, false, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.open, 0);
	assert_int_equal(store_order_events_each(st, s.id, count_event, events), 0);
	assert_string_equal(events, "opened resolved ");
	store_close(st);

	/* another restart: the stored history gives ONT 1 its baseline back at once, so a
	 * 4 dB step hours later is an order without waiting days for a new baseline */
	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = feed2(en, st, t, 6, 0, 4.0);
	engine_close(en);
	output_set_close(out);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 2);
	assert_int_equal(lines_with(e->out, "\"key\":\"ont:olt-1/0/1/0/1\""), 1);
	store_close(st);
}

/* Every ONT's detector state and finding, as the engine has them. */
struct states {
	int n;
	char serial[8][32];
	struct detect_state det[8];
	struct detect_finding fd[8];
	int64_t last_seen[8];
};

static int take_state(void *arg, const struct fleet_ont_view *v)
{
	struct states *s = arg;

	assert_true(s->n < 8);
	snprintf(s->serial[s->n], sizeof(s->serial[0]), "%s", v->serial);
	s->det[s->n] = *v->det;
	s->fd[s->n] = *v->fd;
	s->last_seen[s->n] = v->last_seen;
	s->n++;
	return 0;
}

static void assert_same_states(const struct states *a, const struct states *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		int j = 0;

		while (j < b->n && strcmp(a->serial[i], b->serial[j]) != 0)
			j++;
		assert_true(j < b->n);
		assert_memory_equal(&a->det[i], &b->det[j], sizeof(a->det[i]));
		assert_int_equal(a->fd[i].cause, b->fd[j].cause);
		assert_int_equal(a->fd[i].severity, b->fd[j].severity);
		assert_int_equal(a->fd[i].rules, b->fd[j].rules);
		assert_int_equal(a->fd[i].predicted, b->fd[j].predicted);
		assert_true(a->fd[i].baseline_dbm == b->fd[j].baseline_dbm);
		assert_int_equal(a->last_seen[i], b->last_seen[j]);
	}
}

static int count_snapshots(void *arg, const struct store_detector *d)
{
	(*(int *)arg)++;
	assert_int_equal(d->len, detect_snapshot_size());
	return 0;
}

/* A restart continues from the detector snapshots plus the readings stored after them: the
 * state is exactly what a daemon that never stopped would have, without replaying days. A
 * snapshot from another layout is ignored and the history replayed instead. */
static void test_snapshot_restart(void **state)
{
	struct env *e = *state;
	struct states live = { 0 }, again = { 0 };
	struct output_set *out;
	struct store *st;
	struct engine *en;
	int64_t t;
	int n = 0;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = feed(en, T0, 5 * 24, 0);
	t = feed(en, t, 6, 1.5);
	assert_int_equal(engine_snapshot(en, t), 0);
	assert_int_equal(store_detector_each(st, "olt-1", count_snapshots, &n), 0);
	assert_int_equal(n, 4);
	/* six more hours after the snapshot, stored as polls store them */
	t = feed(en, t, 6, 2.5);
	assert_int_equal(engine_ont_each(en, take_state, &live), 0);
	engine_close(en);

	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	assert_int_equal(engine_ont_each(en, take_state, &again), 0);
	engine_close(en);
	assert_same_states(&live, &again);

	/* a snapshot that is not one (another build) is refused: history is replayed */
	{
		static const char junk[] = "not a snapshot";
		struct store_detector d = { "HWTC00000002", "olt-1",     "0/1/0", 2, t,
			                    junk,           sizeof(junk) };
		struct states replayed = { 0 };

		assert_int_equal(store_detector_put(st, &d), 0);
		assert_int_equal(engine_open(e->conf, st, out, &en), 0);
		assert_int_equal(engine_ont_each(en, take_state, &replayed), 0);
		engine_close(en);
		assert_int_equal(replayed.n, 4);
		/* the replayed window is the last 96 h, so the ONT's finding matches */
		for (int i = 0; i < replayed.n; i++)
			if (strcmp(replayed.serial[i], "HWTC00000002") == 0)
				assert_int_equal(replayed.fd[i].cause, live.fd[2].cause);
	}
	output_set_close(out);
	store_close(st);
	(void)t;
}

/* A threshold override of the configuration applies in the daemon, also after a reload: a
 * 2.5 dB step (less than baseline_drop) is ordered only once port 0/1/0 has a stricter
 * rx_low_warn. */
static void test_override_on_reload(void **state)
{
	struct env *e = *state;
	struct conf_errors errs = { 0 };
	struct conf *strict = NULL;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	struct orders_seen s = { 0 };
	char *text;
	int64_t t;

	assert_true(
	    asprintf(&text,
	             "thresholds = ( { name = \"strict\"; pon_class = \"gpon-b+\";"
	             " rx_low_warn = -21.0; } );\n"
	             "olts = ( { name = \"olt-1\"; address = \"127.0.0.1\";"
	             " vendor = \"huawei-ma5600\"; snmp = { community = \"public\"; }; } );\n"
	             "threshold_overrides = ( { olt = \"olt-1\"; port = \"0/1/0\";"
	             " thresholds = \"strict\"; } );\n"
	             "outputs = ( { name = \"f\"; type = \"file\"; path = \"%s\"; } );\n",
	             e->out) > 0);
	if (conf_load_string(text, "strict.conf", &strict, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fail();
	}
	free(text);
	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = feed(en, T0, 5 * 24, 0);
	t = feed(en, t, 12, 2.5);
	assert_int_equal(store_orders_each(st, true, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 0);
	/* the reload: the same loss is now below the port's warning level */
	engine_reconfigure(en, strict, out);
	t = feed(en, t, 12, 2.5);
	assert_int_equal(store_orders_each(st, true, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 1);
	engine_close(en);
	output_set_close(out);
	assert_int_equal(lines_with(e->out, "\"key\":\"ont:olt-1/0/1/0/2\""), 1);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 1);
	store_close(st);
	conf_free(strict);
}

/* The events of an order, space separated, and its stored state. */
static void history(struct store *st, const char *id, char *events, size_t len, char *state)
{
	struct orders_seen s = { 0 };

	memset(events, 0, len);
	assert_int_equal(store_order_events_each(st, id, count_event, events), 0);
	assert_int_equal(store_order_get(st, id, count_order, &s), 0);
	strcpy(state, s.state);
}

/* Opens the 4 dB connector order of ONT 2 (as in the restart test); its id in id. */
static int64_t open_order(struct engine *en, struct store *st, char *id)
{
	struct orders_seen s = { 0 };
	int64_t t = feed(en, T0, 5 * 24, 0);

	t = feed(en, t, 12, 4.0);
	assert_int_equal(store_orders_each(st, true, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 1);
	strcpy(id, s.id);
	return t;
}

static int last_doc(void *arg, int64_t seq, int64_t time, const char *event, const char *doc)
{
	(void)seq;
	(void)time;
	(void)event;
	snprintf(arg, 16384, "%s", doc);
	return 0;
}

/* Completed, then the levels recover and hold verify_hold_hours: verified (closed); the
 * detector's own "resolved" of the completed order is not recorded. */
static void test_completed_then_verified(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	char id[64], events[512], st_state[16];
	const char *why = NULL;
	char *doc = malloc(16384);
	int64_t t;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = open_order(en, st, id);
	/* the crew repairs and reports; readings follow */
	assert_int_equal(closedloop_status(st, id, "completed", "cleaned", "api", t, &why), 0);
	engine_orders_changed(en);
	t = feed(en, t, 20, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "completed"); /* recovered, not yet held 24 h */
	assert_null(strstr(events, "resolved"));
	t = feed(en, t, 6, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "verified");
	assert_non_null(strstr(events, "opened "));
	assert_non_null(strstr(events, "completed verified "));
	assert_null(strstr(events, "resolved"));
	assert_int_equal(store_order_events_each(st, id, last_doc, doc), 0);
	assert_non_null(strstr(doc, "\"event\":\"verified\""));
	assert_non_null(strstr(doc, "\"note\":\"levels recovered at "));
	/* the verdict reaches the file output and the delivery journal */
	assert_int_equal(lines_with(e->out, "\"event\":\"verified\""), 1);
	assert_int_equal(lines_with(e->out, "\"event\":\"resolved\""), 0);
	/* closed: nothing more of this order, a later loss is a new order */
	t = feed(en, t, 12, 4.0);
	history(st, id, events, sizeof(events), st_state);
	assert_non_null(strstr(events, "completed verified "));
	assert_string_equal(strstr(events, "verified "), "verified ");
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 2);
	engine_close(en);
	output_set_close(out);
	store_close(st);
	free(doc);
}

/* Add one hour of capture evidence for olt-1 0/1/0 ONT 2 starting at `start`. */
static void session_bucket(struct store *st, int64_t start, int redials)
{
	struct store_capture_bucket b = { .olt = "olt-1",
		                          .port = "0/1/0",
		                          .ont = 2,
		                          .start = start,
		                          .seconds = 3600,
		                          .subscribers = 1,
		                          .pppoe_redials = redials,
		                          .tcp_data = 1000,
		                          .bytes = 100000 };

	assert_int_equal(store_capture_put(st, &b), 0);
}

/* The light comes back after the visit, but the customer's sessions keep breaking (the
 * capture probe sees re-dials after the repair's grace): reopened, not verified. With quiet
 * sessions the verdict says so. */
static void test_completed_light_ok_sessions_break(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	char id[64], events[512], st_state[16];
	const char *why = NULL;
	char *doc = malloc(16384);
	int64_t t, done;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = open_order(en, st, id);
	assert_int_equal(closedloop_status(st, id, "completed", "cleaned", "api", t, &why), 0);
	engine_orders_changed(en);
	done = t;
	/* re-dials during the repair itself do not count; these, hours later, do */
	session_bucket(st, done - done % 3600, 5);
	session_bucket(st, done - done % 3600 + 6 * 3600, 3);
	t = feed(en, t, 26, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "reopened");
	assert_non_null(strstr(events, "completed reopened "));
	assert_int_equal(store_order_events_each(st, id, last_doc, doc), 0);
	assert_non_null(strstr(doc, "sessions still break after the repair"));
	assert_non_null(strstr(doc, "3 PPPoE re-dial"));
	engine_close(en);
	output_set_close(out);
	store_close(st);
	free(doc);
}

static void test_completed_sessions_quiet(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	char id[64], events[512], st_state[16];
	const char *why = NULL;
	char *doc = malloc(16384);
	int64_t t, done;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = open_order(en, st, id);
	assert_int_equal(closedloop_status(st, id, "completed", "cleaned", "api", t, &why), 0);
	engine_orders_changed(en);
	done = t;
	session_bucket(st, done - done % 3600, 5); /* the repair itself */
	session_bucket(st, done - done % 3600 + 6 * 3600, 0);
	t = feed(en, t, 26, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "verified");
	assert_int_equal(store_order_events_each(st, id, last_doc, doc), 0);
	assert_non_null(strstr(doc, "re-dials stopped"));
	engine_close(en);
	output_set_close(out);
	store_close(st);
	free(doc);
}

/* Completed (and the daemon restarted), but the loss is still there after the grace period:
 * reopened with the reading as evidence; the detector continues the order (state kept)
 * until it really recovers. */
static void test_completed_then_reopened(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	struct orders_seen s = { 0 };
	char id[64], events[512], st_state[16];
	const char *why = NULL;
	char *doc = malloc(16384);
	int64_t t;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = open_order(en, st, id);
	assert_int_equal(closedloop_status(st, id, "completed", NULL, "ontwatchctl", t, &why), 0);
	/* a restart: the completed order is taken up from the store */
	engine_close(en);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	/* inside the grace period a bad reading only restarts the hold */
	t = feed(en, t, 0.75, 4.0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "completed");
	t = feed(en, t, 1, 4.0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "reopened");
	assert_non_null(strstr(events, "completed reopened "));
	assert_int_equal(store_order_events_each(st, id, last_doc, doc), 0);
	assert_non_null(strstr(doc, "\"event\":\"reopened\""));
	assert_non_null(strstr(doc, "\"source\":\"ontwatchd\""));
	assert_non_null(strstr(doc, "not recovered"));
	assert_non_null(strstr(doc, "ONT 2 on olt-1 0/1/0 (HWTC00000002): Rx -2"));
	assert_non_null(strstr(doc, "dB below its baseline (connector)"));
	assert_int_equal(lines_with(e->out, "\"event\":\"reopened\""), 1);
	/* still the same open order; repaired for real, the detector resolves it */
	t = feed(en, t, 12, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "resolved");
	assert_non_null(strstr(events, "reopened resolved "));
	assert_int_equal(store_orders_each(st, true, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 1);
	engine_close(en);
	output_set_close(out);
	store_close(st);
	free(doc);
}

/* Reported completed hours after the repair: the detector lets the order go soon after
 * (not recorded: the verdict is due); the loss comes back, the order is reopened, and the
 * detector continues this very order (no second one) until it resolves it. */
static void test_late_report_loss_returns(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	struct orders_seen s = { 0 };
	char id[64], events[512], st_state[16];
	const char *why = NULL;
	int64_t t;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = open_order(en, st, id);
	t = feed(en, t, 4.5, 0);
	assert_int_equal(closedloop_status(st, id, "completed", NULL, "api", t, &why), 0);
	t = feed(en, t, 0.5, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "completed");
	assert_null(strstr(events, "resolved"));
	t = feed(en, t, 3, 4.0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "reopened");
	assert_non_null(strstr(events, "completed "));
	assert_non_null(strstr(events, " reopened "));
	assert_int_equal(store_orders_each(st, false, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 1);
	/* the detector holds this very order: repaired for real, it resolves it */
	t = feed(en, t, 12, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "resolved");
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_orders_each(st, false, NULL, count_order, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.open, 0);
	engine_close(en);
	output_set_close(out);
	store_close(st);
}

/* A status report survives the detector's next events: they carry and store the reported
 * state instead of resetting it to "open". */
static void test_status_kept_on_update(void **state)
{
	struct env *e = *state;
	struct store *st;
	struct output_set *out;
	struct engine *en;
	char id[64], events[512], st_state[16];
	const char *why = NULL;
	char *doc = malloc(16384);
	int64_t t;

	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(e->conf, &out), 0);
	assert_int_equal(engine_open(e->conf, st, out, &en), 0);
	t = open_order(en, st, id);
	assert_int_equal(closedloop_status(st, id, "dispatched", NULL, "api", t, &why), 0);
	/* the loss deepens by 2 dB: the detector updates the order */
	t = feed(en, t, 8, 6.0);
	history(st, id, events, sizeof(events), st_state);
	assert_true(strstr(events, "dispatched updated") != NULL ||
	            strstr(events, "dispatched escalated") != NULL);
	assert_string_equal(st_state, "dispatched");
	assert_int_equal(store_order_events_each(st, id, last_doc, doc), 0);
	assert_non_null(strstr(doc, "\"state\":\"dispatched\""));
	assert_int_equal(lines_with(e->out, "\"state\":\"open\""), 1); /* "opened" alone */
	/* cancelled closes it for good: the detector's later events are not recorded */
	assert_int_equal(closedloop_status(st, id, "cancelled", NULL, "api", t, &why), 0);
	t = feed(en, t, 12, 0);
	history(st, id, events, sizeof(events), st_state);
	assert_string_equal(st_state, "cancelled");
	assert_string_equal(strstr(events, "cancelled"), "cancelled ");
	engine_close(en);
	output_set_close(out);
	store_close(st);
	free(doc);
}

/* Webhook and exec deliveries of an order event start at once, not at the outbox's next
 * poll (a second after its last look): the engine kicks the outbox after journalling. */
static void test_delivery_starts_at_once(void **state)
{
	struct env *e = *state;
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	struct output_set *out;
	struct outbox *ob;
	struct store *st;
	struct engine *en;
	struct loop *loop;
	char *text, sink[160];
	bool slow;
	int delivered;
	double t0;
	int64_t t;

	snprintf(sink, sizeof(sink), "%s/exec.out", e->dir);
	assert_true(
	    asprintf(&text,
	             "olts = ( { name = \"olt-1\"; address = \"127.0.0.1\";"
	             " vendor = \"huawei-ma5600\"; snmp = { community = \"public\"; }; } );\n"
	             "outputs = ( { name = \"x\"; type = \"exec\";"
	             " command = \"cat >> %s\"; } );\n",
	             sink) > 0);
	if (conf_load_string(text, "exec.conf", &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fail();
	}
	free(text);
	assert_int_equal(store_open(e->db, &st), 0);
	assert_int_equal(output_set_open(conf, &out), 0);
	assert_int_equal(engine_open(conf, st, out, &en), 0);
	t = feed(en, T0, 5 * 24, 0);
	loop = loop_new(NULL);
	assert_int_equal(outbox_new(loop, st, conf, &ob), 0);
	engine_set_outbox(en, ob);
	/* the outbox's first look: from now on it looks again every second */
	assert_int_equal(loop_run_once(loop, 0), 0);
	loop_update_time(loop);
	t0 = loop_now(loop);
	t = feed(en, t, 12, 4.0);
	loop_update_time(loop);
	/* the feed itself must leave time to tell a kick from the outbox's own poll */
	slow = loop_now(loop) - t0 > 0.5;
	while (!slow && lines_with(sink, "\"event\":\"opened\"") == 0 && loop_now(loop) - t0 < 0.9)
		assert_true(loop_run_once(loop, 0.02) >= 0);
	delivered = lines_with(sink, "\"event\":\"opened\"");
	engine_close(en);
	outbox_free(ob);
	loop_free(loop);
	output_set_close(out);
	store_close(st);
	conf_free(conf);
	unlink(sink);
	if (slow)
		skip();
	assert_int_equal(delivered, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_and_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_on_reload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completed_then_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completed_light_ok_sessions_break, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_completed_sessions_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completed_then_reopened, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_report_loss_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_kept_on_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delivery_starts_at_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
