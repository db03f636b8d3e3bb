/* test_silence_engine: silences in the daemon's engine with a real SQLite store and file
 * output: a new order on a silenced port is stored but held (no output line, nothing
 * journalled for delivery) while another port's order goes out; it stays held across a
 * restart and is delivered as opened when the silence expires or is ended; a held order
 * that resolves is closed quietly; an order open before the silence is not touched. */
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

#include "lib/loop.h"
#include "monitor/closedloop.h"
#include "monitor/engine.h"

#define T0   1772323200
#define POLL 900
#define DAY  86400
#define SID  "si-00000000000000a1"

struct env {
	char dir[64];
	char db[128];
	char out[128];
	struct conf *conf;
	struct store *st;
	struct output_set *outputs;
	struct engine *en;
};

static uint32_t rng = 99;

static double noise(void)
{
	rng = rng * 1103515245u + 12345u;
	return ((double)((rng >> 8) & 0xffff) / 65535.0 * 2 - 1) * 0.3;
}

static void start(struct env *e)
{
	assert_int_equal(store_open(e->db, &e->st), 0);
	assert_int_equal(output_set_open(e->conf, &e->outputs), 0);
	assert_int_equal(engine_open(e->conf, e->st, e->outputs, &e->en), 0);
}

static void stop(struct env *e)
{
	engine_close(e->en);
	output_set_close(e->outputs);
	store_close(e->st);
	e->en = NULL;
	e->outputs = NULL;
	e->st = NULL;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct conf_errors errs = { 0 };
	char *text;
	int64_t n;

	strcpy(e->dir, "/tmp/ow-silence-XXXXXX");
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
	start(e);
	/* a delivery output seen by the journal from the start: what it is given later is
	 * what webhooks and exec outputs would deliver */
	assert_int_equal(store_outbox_fanout(e->st, "probe", &n), 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[160];

	stop(e);
	conf_free(e->conf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		return -1;
	free(e);
	return 0;
}

/* Poll rounds of 4 ONTs on each of ports 0/1/0 and 0/2/0 from t0 for `hours`; ONT 2 of
 * 0/1/0 has lost `loss1` dB and ONT 2 of 0/2/0 `loss2` dB. */
static int64_t feed(struct env *e, int64_t t0, double hours, double loss1, double loss2)
{
	struct ont_reading r[8];
	int64_t t = t0;

	for (; t < t0 + (int64_t)(hours * 3600); t += POLL) {
		for (int i = 0; i < 8; i++) {
			int ont = i % 4;
			double loss = ont != 2 ? 0 : i < 4 ? loss1 : loss2;

			ont_reading_clear(&r[i], t);
			strcpy(r[i].olt, "olt-1");
			strcpy(r[i].port, i < 4 ? "0/1/0" : "0/2/0");
			r[i].ont = ont;
			snprintf(r[i].serial, sizeof(r[i].serial), "HWTC000000%d%d", i / 4, ont);
			r[i].status = ONT_STATUS_ONLINE;
			r[i].rx_dbm = -18 - ont - loss + noise();
			r[i].olt_rx_dbm = r[i].rx_dbm - 1;
			r[i].tx_dbm = 2.2;
			r[i].bias_ma = 12;
			r[i].temp_c = 45;
		}
		assert_int_equal(store_readings_add(e->st, r, 8), 0);
		engine_feed(e->en, r, 8);
	}
	return t;
}

static void add_silence(struct env *e, const char *id, const char *port, int64_t starts,
                        int64_t ends)
{
	const struct store_silence s = {
		.id = id,
		.olt = "olt-1",
		.port = port,
		.starts = starts,
		.ends = ends,
		.reason = "splitter swap",
		.author = "alice",
		.created = starts,
	};

	assert_int_equal(store_silence_add(e->st, &s), 0);
}

static int lines_with(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "r");
	char buf[16384];
	int n = 0;

	if (fp == NULL)
		return 0;
	while (fgets(buf, sizeof(buf), fp))
		n += strstr(buf, needle) != NULL;
	fclose(fp);
	return n;
}

/* The order of a port (open or not), as stored. */
struct port_order {
	const char *key;
	bool found, open;
	char id[64];
	char silence[32];
	char doc[16384];
};

static int find_order(void *arg, const struct store_order *o)
{
	struct port_order *p = arg;

	if (strcmp(o->problem_key, p->key) != 0)
		return 0;
	p->found = true;
	p->open = o->open;
	snprintf(p->id, sizeof(p->id), "%s", o->id);
	snprintf(p->silence, sizeof(p->silence), "%s", o->silence ? o->silence : "");
	snprintf(p->doc, sizeof(p->doc), "%s", o->doc);
	return 0;
}

static struct port_order order_of(struct env *e, const char *key)
{
	struct port_order p = { .key = key };

	assert_int_equal(store_orders_each(e->st, false, NULL, find_order, &p), 0);
	return p;
}

#define KEY1 "ont:olt-1/0/1/0/2"
#define KEY2 "ont:olt-1/0/2/0/2"

/* Journal entries queued for the probe output: (order id, event) pairs in `log`. */
static int take_delivery(void *arg, const struct store_outbox_item *it)
{
	char *log = arg;

	strcat(log, it->order_id);
	strcat(log, ":");
	strcat(log, it->name);
	strcat(log, " ");
	return 0;
}

static void deliveries(struct env *e, char *log)
{
	int64_t n;

	log[0] = '\0';
	assert_int_equal(store_outbox_fanout(e->st, "probe", &n), 0);
	assert_int_equal(store_outbox_each(e->st, "probe", take_delivery, log), 0);
}

static int count_events(void *arg, int64_t seq, int64_t time, const char *event, const char *doc)
{
	(void)seq;
	(void)time;
	(void)doc;
	strcat(arg, event);
	strcat(arg, " ");
	return 0;
}

static void test_hold_then_expire(void **state)
{
	struct env *e = *state;
	struct port_order p1, p2;
	char log[1024], events[256] = "";
	int64_t t, ends, next = 0;

	t = feed(e, T0, 5 * 24, 0, 0);
	ends = t + DAY;
	add_silence(e, SID, "0/1/0", t, ends);
	t = feed(e, t, 12, 4.0, 4.0);

	p1 = order_of(e, KEY1);
	p2 = order_of(e, KEY2);
	assert_true(p1.found && p1.open);
	assert_true(p2.found && p2.open);
	/* the silenced port's order is stored, marked, not written, not journalled */
	assert_string_equal(p1.silence, SID);
	assert_non_null(strstr(p1.doc, "\"silenced\":{\"id\":\"" SID "\",\"until\":\""));
	assert_int_equal(lines_with(e->out, p1.id), 0);
	assert_string_equal(p2.silence, "");
	assert_null(strstr(p2.doc, "\"silenced\""));
	assert_int_equal(lines_with(e->out, p2.id), 1);
	deliveries(e, log);
	assert_null(strstr(log, p1.id));
	assert_non_null(strstr(log, p2.id));
	assert_int_equal(store_order_events_each(e->st, p1.id, count_events, events), 0);
	assert_string_equal(events, "opened ");

	/* a restart keeps it held; the loss goes on (and worsens: an update, also held) */
	stop(e);
	start(e);
	t = feed(e, t, 12, 9.0, 4.0);
	assert_int_equal(lines_with(e->out, p1.id), 0);
	assert_string_equal(order_of(e, KEY1).silence, SID);

	/* still active: nothing to release; it asks to be woken at the end */
	assert_int_equal(engine_silences_check(e->en, ends - 1, &next), 0);
	assert_int_equal(next, ends);
	assert_int_equal(lines_with(e->out, p1.id), 0);
	/* expired: delivered as opened now, with its current document, once */
	assert_int_equal(engine_silences_check(e->en, ends, &next), 0);
	assert_int_equal(next, ends + 30);
	assert_int_equal(lines_with(e->out, p1.id), 1);
	assert_int_equal(lines_with(e->out, "\"event\":\"opened\""), 2);
	p1 = order_of(e, KEY1);
	assert_string_equal(p1.silence, "");
	assert_null(strstr(p1.doc, "\"silenced\""));
	deliveries(e, log);
	assert_non_null(strstr(log, p1.id));
	assert_int_equal(engine_silences_check(e->en, ends + 60, NULL), 0);
	assert_int_equal(lines_with(e->out, p1.id), 1);

	/* later events go out as usual */
	t = feed(e, ends, 24, 0, 4.0);
	assert_int_equal(lines_with(e->out, "\"event\":\"resolved\""), 1);
	assert_false(order_of(e, KEY1).open);
}

static void test_end_early_and_resolve_held(void **state)
{
	struct env *e = *state;
	struct port_order p1, p2;
	char log[1024];
	int64_t t;

	/* both ports silenced by two silences */
	t = feed(e, T0, 5 * 24, 0, 0);
	add_silence(e, SID, "0/1/0", t, t + 10 * DAY);
	add_silence(e, "si-00000000000000b2", "0/2/0", t, t + 10 * DAY);
	t = feed(e, t, 12, 4.0, 4.0);
	p1 = order_of(e, KEY1);
	p2 = order_of(e, KEY2);
	assert_string_equal(p1.silence, SID);
	assert_string_equal(p2.silence, "si-00000000000000b2");

	/* 0/2/0 is repaired while held: closed quietly */
	t = feed(e, t, 24, 4.0, 0);
	p2 = order_of(e, KEY2);
	assert_false(p2.open);
	assert_int_equal(lines_with(e->out, p2.id), 0);

	/* the 0/1/0 silence is ended by hand: released at the next check */
	assert_int_equal(store_silence_end(e->st, SID, t), 0);
	assert_int_equal(engine_silences_check(e->en, t, NULL), 0);
	assert_int_equal(lines_with(e->out, p1.id), 1);
	/* the closed held order is never delivered */
	assert_int_equal(engine_silences_check(e->en, t + 11 * DAY, NULL), 0);
	assert_int_equal(lines_with(e->out, p2.id), 0);
	deliveries(e, log);
	assert_null(strstr(log, p2.id));
	assert_non_null(strstr(log, p1.id));
}

static void test_open_before_silence_untouched(void **state)
{
	struct env *e = *state;
	struct port_order p1;
	int64_t t;

	t = feed(e, T0, 5 * 24, 0, 0);
	t = feed(e, t, 12, 4.0, 0);
	p1 = order_of(e, KEY1);
	assert_true(p1.open);
	assert_int_equal(lines_with(e->out, p1.id), 1);
	add_silence(e, SID, "0/1/0", t, t + 10 * DAY);
	/* the repair within the silence: the order was announced, so is its end */
	t = feed(e, t, 24, 0, 0);
	assert_int_equal(lines_with(e->out, "\"event\":\"resolved\""), 1);
	assert_string_equal(order_of(e, KEY1).silence, "");
}

static void test_silence_pending_or_other_olt(void **state)
{
	struct env *e = *state;
	int64_t t;

	t = feed(e, T0, 5 * 24, 0, 0);
	/* starts later, and a silence of another OLT's port */
	add_silence(e, SID, "0/1/0", t + 10 * DAY, t + 11 * DAY);
	const struct store_silence other = {
		.id = "si-00000000000000c3",
		.olt = "olt-2",
		.port = "0/1/0",
		.starts = t,
		.ends = t + DAY,
		.reason = "other OLT",
		.author = "bob",
		.created = t,
	};
	assert_int_equal(store_silence_add(e->st, &other), 0);
	t = feed(e, t, 12, 4.0, 0);
	assert_string_equal(order_of(e, KEY1).silence, "");
	assert_int_equal(lines_with(e->out, order_of(e, KEY1).id), 1);
}

/* A status report on a held order (the API can reach it by id) is stored, not delivered;
 * the release then carries the state. */
static void test_status_report_on_held(void **state)
{
	struct env *e = *state;
	struct port_order p1;
	const char *why = NULL;
	char log[1024];
	int64_t t;

	t = feed(e, T0, 5 * 24, 0, 0);
	add_silence(e, SID, "0/1/0", t, t + DAY);
	t = feed(e, t, 12, 4.0, 0);
	p1 = order_of(e, KEY1);
	assert_string_equal(p1.silence, SID);
	assert_int_equal(closedloop_status(e->st, p1.id, "acknowledged", NULL, "api", t, &why), 0);
	engine_announce(e->en, p1.id);
	assert_int_equal(lines_with(e->out, p1.id), 0);
	deliveries(e, log);
	assert_null(strstr(log, p1.id));
	assert_string_equal(order_of(e, KEY1).silence, SID);
	assert_int_equal(store_silence_end(e->st, SID, t), 0);
	assert_int_equal(engine_silences_check(e->en, t, NULL), 0);
	assert_int_equal(lines_with(e->out, "\"state\":\"acknowledged\""), 1);
	deliveries(e, log);
	assert_non_null(strstr(log, p1.id));
}

/* A silence that ended while the daemon was down: the loop's first round releases its
 * order (the readings are of March 2026; the loop's wall clock is later). */
static void test_watch_releases_at_start(void **state)
{
	struct env *e = *state;
	struct port_order p1;
	struct loop *loop;
	int64_t t;

	t = feed(e, T0, 5 * 24, 0, 0);
	add_silence(e, SID, "0/1/0", t, t + DAY);
	t = feed(e, t, 12, 4.0, 0);
	p1 = order_of(e, KEY1);
	assert_string_equal(p1.silence, SID);
	stop(e);
	start(e);
	loop = loop_new(NULL);
	engine_silences_watch(e->en, loop);
	assert_int_equal(lines_with(e->out, p1.id), 0);
	assert_int_equal(loop_run_once(loop, 1.0), 0);
	assert_int_equal(lines_with(e->out, p1.id), 1);
	assert_string_equal(order_of(e, KEY1).silence, "");
	/* the engine stops its timer before the loop goes */
	engine_close(e->en);
	e->en = NULL;
	loop_free(loop);
}

/* Its silence ended while another one covers the order: it moves there, still held. */
static void test_moves_to_another_silence(void **state)
{
	struct env *e = *state;
	struct port_order p1;
	int64_t t;

	t = feed(e, T0, 5 * 24, 0, 0);
	add_silence(e, SID, "0/1/0", t, t + 10 * DAY);
	t = feed(e, t, 12, 4.0, 0);
	/* a wider, later silence of the whole OLT */
	add_silence(e, "si-00000000000000d4", NULL, t, t + 20 * DAY);
	assert_int_equal(store_silence_end(e->st, SID, t), 0);
	assert_int_equal(engine_silences_check(e->en, t, NULL), 0);
	p1 = order_of(e, KEY1);
	assert_string_equal(p1.silence, "si-00000000000000d4");
	assert_non_null(strstr(p1.doc, "\"silenced\":{\"id\":\"si-00000000000000d4\""));
	assert_int_equal(lines_with(e->out, p1.id), 0);
	assert_int_equal(engine_silences_check(e->en, t + 20 * DAY, NULL), 0);
	assert_int_equal(lines_with(e->out, p1.id), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hold_then_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_early_and_resolve_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_before_silence_untouched, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_silence_pending_or_other_olt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_report_on_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_releases_at_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moves_to_another_silence, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
