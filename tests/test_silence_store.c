/* test_silence_store: silences in the SQLite store on real files: a schema-6 store (with an
 * order in it) migrates, silences are added, read, listed by end and ended, and an order's
 * held mark is kept by later puts and found once its silence is over. */
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

#include <sqlite3.h>

#include "monitor/store.h"

#define NOW 1795000000

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/ontwatch-silence.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/s.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

struct seen {
	int n;
	char ids[8][32];
	char silence[8][32];
	int64_t until[8];
	int64_t held[8];
	int64_t starts[8], ends[8];
	bool early[8];
	char reason[128], author[32], created_by[32];
	bool olt_null, port_null, splitter_null, serial_null;
};

static int take_silence(void *arg, const struct store_silence *s)
{
	struct seen *v = arg;

	if (v->n < 8) {
		snprintf(v->ids[v->n], sizeof(v->ids[0]), "%s", s->id);
		v->held[v->n] = s->held;
		v->starts[v->n] = s->starts;
		v->ends[v->n] = s->ends;
		v->early[v->n] = s->ended_early;
	}
	snprintf(v->reason, sizeof(v->reason), "%s", s->reason);
	snprintf(v->author, sizeof(v->author), "%s", s->author);
	snprintf(v->created_by, sizeof(v->created_by), "%s", s->created_by ? s->created_by : "");
	v->olt_null = s->olt == NULL;
	v->port_null = s->port == NULL;
	v->splitter_null = s->splitter == NULL;
	v->serial_null = s->serial == NULL;
	v->n++;
	return 0;
}

static int take_order(void *arg, const struct store_order *o)
{
	struct seen *v = arg;

	if (v->n < 8) {
		snprintf(v->ids[v->n], sizeof(v->ids[0]), "%s", o->id);
		snprintf(v->silence[v->n], sizeof(v->silence[0]), "%s",
		         o->silence ? o->silence : "-");
		v->until[v->n] = o->silenced_until;
	}
	v->n++;
	return 0;
}

static struct store_silence silence(const char *id, int64_t starts, int64_t ends)
{
	struct store_silence s = {
		.id = id,
		.olt = "olt-hw",
		.port = "0/1/0",
		.starts = starts,
		.ends = ends,
		.reason = "splitter swap, change CHG-1234",
		.author = "alice",
		.created = NOW,
		.created_by = "noc-write",
	};
	return s;
}

static int put_order(struct store *st, const char *id, const char *key, bool open,
                     const char *held_by, int64_t until)
{
	struct store_order o = {
		.id = id,
		.problem_key = key,
		.state = open ? "open" : "resolved",
		.open = open,
		.olt = "olt-hw",
		.owner = "a",
		.opened = NOW,
		.updated = NOW,
		.doc = "{}",
		.silence = held_by,
		.silenced_until = until,
	};
	return store_order_put(st, &o);
}

static void test_migrates_schema6(void **state)
{
	struct fixture *f = *state;
	struct seen v = { 0 };
	sqlite3 *db;

	/* a store as the release before silences wrote it, with an open order */
	assert_int_equal(store_open_at(f->path, 6, &f->st), 0);
	assert_int_equal(store_schema_version(f->st), 6);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO work_order VALUES ('ow-1', 'ont:x', 'open', 1,"
	                              " 'olt-hw', 'a', 1, 2, '{}')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_schema_version(f->st), store_schema_latest());
	assert_true(store_schema_latest() >= 7);
	/* the old order is not held, and the new tables work */
	assert_int_equal(store_orders_each(f->st, true, NULL, take_order, &v), 0);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.silence[0], "-");
	struct store_silence s = silence("si-0000000000000001", NOW, NOW + 3600);
	assert_int_equal(store_silence_add(f->st, &s), 0);
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_silences_each(f->st, NOW, take_silence, &v), 0);
	assert_int_equal(v.n, 1);
}

static void test_add_get_each(void **state)
{
	struct fixture *f = *state;
	struct store_silence a = silence("si-000000000000000a", NOW - 600, NOW + 3600),
	                     b = silence("si-000000000000000b", NOW + 600, NOW + 7200),
	                     c = silence("si-000000000000000c", NOW - 7200, NOW - 60);
	struct seen v = { 0 };
	int64_t n = -1;

	assert_int_equal(store_open(f->path, &f->st), 0);
	b.olt = NULL;
	b.port = NULL;
	b.serial = "HWTC01";
	b.created_by = NULL;
	assert_int_equal(store_silence_add(f->st, &a), 0);
	assert_int_equal(store_silence_add(f->st, &b), 0);
	assert_int_equal(store_silence_add(f->st, &c), 0);
	assert_int_equal(store_silence_add(f->st, &a), STORE_CONFLICT);

	assert_int_equal(store_silence_get(f->st, "si-000000000000000b", take_silence, &v), 0);
	assert_int_equal(v.n, 1);
	assert_true(v.olt_null);
	assert_true(v.port_null);
	assert_true(v.splitter_null);
	assert_false(v.serial_null);
	assert_string_equal(v.reason, "splitter swap, change CHG-1234");
	assert_string_equal(v.author, "alice");
	assert_string_equal(v.created_by, "");
	assert_int_equal(store_silence_get(f->st, "si-ffffffffffffffff", take_silence, &v),
	                 STORE_NOT_FOUND);

	/* pending and active ones at NOW, by start; the expired one only further back */
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_silences_each(f->st, NOW, take_silence, &v), 0);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.ids[0], "si-000000000000000a");
	assert_string_equal(v.ids[1], "si-000000000000000b");
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_silences_each(f->st, NOW - 7 * 86400, take_silence, &v), 0);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.ids[0], "si-000000000000000c");

	assert_int_equal(store_silences_count_active(f->st, NOW, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_silences_count_active(f->st, NOW + 700, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_silences_count_active(f->st, NOW + 7200, &n), 0);
	assert_int_equal(n, 0);
}

static void test_end(void **state)
{
	struct fixture *f = *state;
	struct store_silence a = silence("si-000000000000000a", NOW - 600, NOW + 3600),
	                     p = silence("si-000000000000000p", NOW + 600, NOW + 3600);
	struct seen v = { 0 };

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_silence_add(f->st, &a), 0);
	assert_int_equal(store_silence_add(f->st, &p), 0);
	assert_int_equal(store_silence_end(f->st, "si-000000000000000a", NOW), 0);
	/* once over, ending it again is a conflict; an unknown one is not found */
	assert_int_equal(store_silence_end(f->st, "si-000000000000000a", NOW + 1), STORE_CONFLICT);
	assert_int_equal(store_silence_end(f->st, "si-ffffffffffffffff", NOW), STORE_NOT_FOUND);
	/* a pending one ends empty */
	assert_int_equal(store_silence_end(f->st, "si-000000000000000p", NOW), 0);
	assert_int_equal(store_silences_each(f->st, NOW - 1, take_silence, &v), 0);
	assert_int_equal(v.n, 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(v.ends[i], NOW);
		assert_true(v.starts[i] <= v.ends[i]);
		assert_true(v.early[i]);
	}
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_silences_each(f->st, NOW, take_silence, &v), 0);
	assert_int_equal(v.n, 0);
}

static void test_held_orders(void **state)
{
	struct fixture *f = *state;
	struct store_silence a = silence("si-000000000000000a", NOW - 600, NOW + 3600);
	struct seen v = { 0 };

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_silence_add(f->st, &a), 0);
	assert_int_equal(put_order(f->st, "ow-1", "k1", true, a.id, a.ends), 0);
	assert_int_equal(put_order(f->st, "ow-2", "k2", true, NULL, 0), 0);
	assert_int_equal(put_order(f->st, "ow-3", "k3", false, a.id, a.ends), 0);
	/* a later put without the mark (a status report) keeps it */
	assert_int_equal(put_order(f->st, "ow-1", "k1", true, NULL, 0), 0);
	assert_int_equal(store_orders_each(f->st, false, NULL, take_order, &v), 0);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.silence[0], a.id);
	assert_int_equal(v.until[0], NOW + 3600);
	assert_string_equal(v.silence[1], "-");
	assert_string_equal(v.silence[2], a.id);

	/* held counts the open orders only */
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_silence_get(f->st, a.id, take_silence, &v), 0);
	assert_int_equal(v.held[0], 1);

	/* nothing to release while the silence lasts; the open held order once it ended */
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_orders_release_due(f->st, NOW, take_order, &v), 0);
	assert_int_equal(v.n, 0);
	assert_int_equal(store_orders_release_due(f->st, NOW + 3600, take_order, &v), 0);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.ids[0], "ow-1");
	assert_string_equal(v.silence[0], a.id);
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_silence_end(f->st, a.id, NOW), 0);
	assert_int_equal(store_orders_release_due(f->st, NOW, take_order, &v), 0);
	assert_int_equal(v.n, 1);

	/* released: the mark goes */
	assert_int_equal(store_order_hold(f->st, "ow-1", NULL, 0), 0);
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_orders_release_due(f->st, NOW, take_order, &v), 0);
	assert_int_equal(v.n, 0);
	assert_int_equal(store_order_get(f->st, "ow-1", take_order, &v), 0);
	assert_string_equal(v.silence[0], "-");
	assert_int_equal(store_order_hold(f->st, "ow-9", a.id, 1), STORE_NOT_FOUND);

	/* an order held by a silence no longer in the store is due as well */
	assert_int_equal(store_order_hold(f->st, "ow-2", "si-gone", NOW + 99), 0);
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_orders_release_due(f->st, NOW, take_order, &v), 0);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.ids[0], "ow-2");
	assert_int_equal(v.until[0], NOW + 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrates_schema6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_get_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_orders, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
