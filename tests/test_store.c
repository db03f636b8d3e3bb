/* test_store: the SQLite store on real files: migrations from an older schema, readings
 * and inventory (a moved ONT keeps its history), retention, orders, and bad stores. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <stdbool.h>

#include "lib/log.h"
#include "monitor/store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/ontwatch-store.XXXXXX");
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

static struct ont_reading reading(int64_t t, const char *olt, const char *port, int ont,
                                  const char *serial, double rx)
{
	struct ont_reading r;

	ont_reading_clear(&r, t);
	snprintf(r.olt, sizeof(r.olt), "%s", olt);
	snprintf(r.port, sizeof(r.port), "%s", port);
	r.ont = ont;
	snprintf(r.serial, sizeof(r.serial), "%s", serial);
	r.status = ONT_STATUS_ONLINE;
	r.rx_dbm = rx;
	return r;
}

struct collected {
	struct ont_reading r[16];
	int n;
};

static int collect(void *arg, const struct ont_reading *r)
{
	struct collected *c = arg;

	if (c->n < 16)
		c->r[c->n] = *r;
	c->n++;
	return 0;
}

static int count_onts(void *arg, const struct store_ont *o)
{
	int *n = arg;

	(*n) += o->present ? 1 : 100;
	return 0;
}

static void test_fresh_store_is_latest(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_schema_version(f->st), store_schema_latest());
	assert_true(store_schema_latest() >= 3);
}

static void test_migrates_older_store(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r = reading(1000, "olt-1", "0/1/0", 3, "HWTC00000001", -20.5);
	struct collected c = { .n = 0 };

	/* a store as written by a release that only had schema 1 */
	assert_int_equal(store_open_at(f->path, 1, &f->st), 0);
	assert_int_equal(store_schema_version(f->st), 1);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_schema_version(f->st), store_schema_latest());
	/* the new tables work */
	assert_int_equal(store_readings_add(f->st, &r, 1), 0);
	assert_int_equal(store_readings_each(f->st, "HWTC00000001", 0, 2000, collect, &c), 0);
	assert_int_equal(c.n, 1);
}

static void test_readings_round_trip_missing_values(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r = reading(1000, "olt-1", "0/1/0", 3, "HWTC00000001", -20.5);
	struct collected c = { .n = 0 };

	r.tx_dbm = 2.25;
	r.distance_m = 1234;
	/* olt_rx, bias, temp, voltage stay missing */
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_readings_add(f->st, &r, 1), 0);
	assert_int_equal(store_readings_each(f->st, "HWTC00000001", 0, 2000, collect, &c), 0);
	assert_int_equal(c.n, 1);
	assert_true(c.r[0].rx_dbm == -20.5);
	assert_true(c.r[0].tx_dbm == 2.25);
	assert_true(isnan(c.r[0].olt_rx_dbm));
	assert_true(isnan(c.r[0].voltage_v));
	assert_int_equal(c.r[0].distance_m, 1234);
	assert_int_equal(c.r[0].status, ONT_STATUS_ONLINE);
	assert_string_equal(c.r[0].port, "0/1/0");
}

static void test_moved_ont_keeps_history(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r[2] = {
		reading(1000, "olt-1", "0/1/0", 3, "HWTC0000000A", -20.0),
		reading(2000, "olt-1", "0/2/5", 9, "HWTC0000000A", -21.0),
	};
	struct collected c = { .n = 0 };
	int onts = 0;

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_readings_add(f->st, r, 2), 0);
	assert_int_equal(store_readings_each(f->st, "HWTC0000000A", 0, 3000, collect, &c), 0);
	assert_int_equal(c.n, 2);
	/* both readings now report the current location */
	assert_string_equal(c.r[0].port, "0/2/5");
	assert_int_equal(c.r[1].ont, 9);
	assert_int_equal(store_onts_each(f->st, NULL, count_onts, &onts), 0);
	assert_int_equal(onts, 1);
}

static void test_inventory_removed_onts(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r[3] = {
		reading(1000, "olt-1", "0/1/0", 1, "S1", -20.0),
		reading(1000, "olt-1", "0/1/0", 2, "S2", -20.0),
		reading(1000, "olt-1", "0/1/0", 4, "", -20.0), /* no serial: by location */
	};
	struct ont_reading later = reading(2000, "olt-1", "0/1/0", 1, "S1", -20.0);
	int64_t marked = 0;
	int onts = 0;

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_readings_add(f->st, r, 3), 0);
	assert_int_equal(store_readings_add(f->st, &r[2], 1), 0); /* same location again */
	assert_int_equal(store_readings_add(f->st, &later, 1), 0);
	assert_int_equal(store_onts_mark_absent(f->st, "olt-1", 2000, &marked), 0);
	assert_int_equal(marked, 2);
	assert_int_equal(store_onts_each(f->st, "olt-1", count_onts, &onts), 0);
	assert_int_equal(onts, 1 + 100 + 100); /* one present, two absent */
	assert_int_equal(store_ont_describe(f->st, "S1", "Flat 4, Main St"), 0);
	assert_int_equal(store_ont_describe(f->st, "NOPE", "x"), STORE_NOT_FOUND);
}

static void test_retention(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r[3] = {
		reading(1000, "o", "0/1/0", 1, "S1", -20.0),
		reading(2000, "o", "0/1/0", 1, "S1", -20.1),
		reading(3000, "o", "0/1/0", 1, "S1", -20.2),
	};
	struct collected c = { .n = 0 };
	int64_t deleted = -1;

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_readings_add(f->st, r, 3), 0);
	assert_int_equal(store_readings_prune(f->st, 2500, &deleted), 0);
	assert_int_equal(deleted, 2);
	assert_int_equal(store_readings_each(f->st, "S1", 0, 10000, collect, &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.r[0].time, 3000);
}

/* The inventory's rows, copied. */
struct inventory {
	int n;
	struct {
		int64_t id;
		char serial[32], olt[32], port[32], desc[64];
		int ont;
		int64_t last_seen;
		bool present;
	} o[4];
};

static int take_ont(void *arg, const struct store_ont *o)
{
	struct inventory *inv = arg;

	if (inv->n < 4) {
		inv->o[inv->n].id = o->id;
		snprintf(inv->o[inv->n].serial, 32, "%s", o->serial ? o->serial : "");
		snprintf(inv->o[inv->n].olt, 32, "%s", o->olt);
		snprintf(inv->o[inv->n].port, 32, "%s", o->port);
		snprintf(inv->o[inv->n].desc, 64, "%s", o->description ? o->description : "");
		inv->o[inv->n].ont = o->ont;
		inv->o[inv->n].last_seen = o->last_seen;
		inv->o[inv->n].present = o->present;
	}
	inv->n++;
	return 0;
}

/* A known ONT takes the store's fast path from its second poll on (the id remembered by
 * serial); moving it while remembered must still move it, keep its history and refresh
 * last_seen, presence and description exactly as the first sighting did. */
static void test_known_ont_moves_while_cached(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r[5] = {
		reading(1000, "olt-1", "0/1/0", 3, "HWTC0000000A", -20.0),
		reading(2000, "olt-1", "0/1/0", 3, "HWTC0000000A", -20.1),  /* remembered */
		reading(3000, "olt-2", "0/7/1", 12, "HWTC0000000A", -20.2), /* moved */
		reading(4000, "olt-2", "0/7/1", 12, "HWTC0000000A", -20.3),
		reading(5000, "olt-2", "0/7/1", 12, "HWTC0000000A", -20.4),
	};
	struct collected c = { .n = 0 };
	struct inventory inv = { .n = 0 };
	int64_t marked = -1;

	snprintf(r[0].description, sizeof(r[0].description), "Flat 1");
	snprintf(r[3].description, sizeof(r[3].description), "Flat 2");
	assert_int_equal(store_open(f->path, &f->st), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(store_readings_add(f->st, &r[i], 1), 0);
	/* absent on olt-2 since 4500, then seen again: present once more */
	assert_int_equal(store_onts_mark_absent(f->st, "olt-2", 4500, &marked), 0);
	assert_int_equal(marked, 1);
	assert_int_equal(store_readings_add(f->st, &r[4], 1), 0);
	assert_int_equal(store_readings_each(f->st, "HWTC0000000A", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(c.r[i].time, r[i].time);
		assert_true(c.r[i].rx_dbm == r[i].rx_dbm);
		assert_string_equal(c.r[i].olt, "olt-2");
		assert_string_equal(c.r[i].port, "0/7/1");
	}
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 1);
	assert_int_equal(inv.o[0].ont, 12);
	assert_int_equal(inv.o[0].last_seen, 5000);
	assert_true(inv.o[0].present);
	assert_string_equal(inv.o[0].desc, "Flat 2"); /* an empty description keeps it */
}

/* Two daemons sharing one store: what one remembers may have been changed by the other.
 * A moved ONT must end where it was last seen, and a remembered id whose row now belongs
 * to another serial (rows deleted by another process, the id reused) must never receive
 * this serial's readings. */
static void test_cache_never_gives_a_wrong_id(void **state)
{
	struct fixture *f = *state;
	struct store *other = NULL;
	struct ont_reading a1 = reading(1000, "olt-1", "0/1/0", 1, "S-A", -20.0);
	struct ont_reading a2 = reading(2000, "olt-9", "0/3/3", 7, "S-A", -21.0);
	struct ont_reading a3 = reading(3000, "olt-1", "0/1/0", 1, "S-A", -22.0);
	/* S-B: a new ONT swapped in at S-A's place */
	struct ont_reading b1 = reading(4000, "olt-1", "0/1/0", 1, "S-B", -23.0);
	struct ont_reading a4 = reading(5000, "olt-1", "0/1/0", 1, "S-A", -24.0);
	struct collected c = { .n = 0 };
	struct inventory inv = { .n = 0 };
	sqlite3 *db;
	int64_t id_a;

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_open(f->path, &other), 0);
	assert_int_equal(store_readings_add(f->st, &a1, 1), 0); /* f->st remembers S-A */
	assert_int_equal(store_readings_add(other, &a2, 1), 0); /* the other moves it */
	assert_int_equal(store_readings_add(f->st, &a3, 1), 0); /* and back again */
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 1);
	assert_string_equal(inv.o[0].olt, "olt-1");
	assert_int_equal(inv.o[0].last_seen, 3000);
	id_a = inv.o[0].id;
	assert_int_equal(store_readings_each(f->st, "S-A", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 3);

	/* another process deletes S-A; S-B then gets S-A's old id */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(
	    sqlite3_exec(db,
	                 "DELETE FROM reading WHERE ont_id = (SELECT id FROM ont"
	                 " WHERE serial = 'S-A'); DELETE FROM ont WHERE serial = 'S-A'",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_readings_add(other, &b1, 1), 0);
	inv.n = 0;
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 1);
	assert_string_equal(inv.o[0].serial, "S-B");
	assert_int_equal(inv.o[0].id, id_a); /* the id f->st remembers for S-A */

	/* S-A seen again: a new ONT, S-B's history untouched */
	assert_int_equal(store_readings_add(f->st, &a4, 1), 0);
	c.n = 0;
	assert_int_equal(store_readings_each(f->st, "S-B", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 1);
	assert_true(c.r[0].rx_dbm == -23.0);
	c.n = 0;
	assert_int_equal(store_readings_each(f->st, "S-A", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 1);
	assert_true(c.r[0].rx_dbm == -24.0);
	assert_string_equal(c.r[0].port, "0/1/0");
	inv.n = 0;
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 2);
	store_close(other);
}

/* A restarted daemon reads the ids of an OLT's ONTs at its first batch: ONTs it knows stay
 * one, a new one is added, and one that moved in from another OLT keeps its history. */
static void test_reopened_store_knows_its_onts(void **state)
{
	struct fixture *f = *state;
	struct ont_reading first[3] = {
		reading(1000, "olt-1", "0/1/0", 1, "S1", -20.0),
		reading(1000, "olt-1", "0/1/0", 2, "S2", -20.0),
		reading(1000, "olt-2", "0/1/0", 1, "S3", -20.0),
	};
	struct ont_reading again[3] = {
		reading(2000, "olt-1", "0/1/0", 1, "S1", -21.0),
		reading(2000, "olt-1", "0/1/0", 3, "S3", -21.0), /* moved from olt-2 */
		reading(2000, "olt-1", "0/1/0", 4, "S4", -21.0), /* new */
	};
	struct collected c = { .n = 0 };
	struct inventory inv = { .n = 0 };

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_readings_add(f->st, first, 3), 0);
	store_close(f->st);
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_readings_add(f->st, again, 3), 0);
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 4);
	for (int i = 0; i < 4; i++) {
		if (strcmp(inv.o[i].serial, "S2") == 0)
			assert_int_equal(inv.o[i].last_seen, 1000);
		else
			assert_int_equal(inv.o[i].last_seen, 2000);
		assert_string_equal(inv.o[i].olt, "olt-1");
	}
	assert_int_equal(store_readings_each(f->st, "S3", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.r[1].ont, 3);
	c.n = 0;
	assert_int_equal(store_readings_each(f->st, "S1", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 2);
}

/* A failed batch is undone whole, and what was learnt in it is not trusted afterwards. */
static void test_failed_batch_forgets(void **state)
{
	struct fixture *f = *state;
	struct ont_reading r = reading(1000, "olt-1", "0/1/0", 1, "S-NEW", -20.0);
	struct ont_reading later = reading(2000, "olt-1", "0/1/0", 1, "S-NEW", -20.5);
	struct collected c = { .n = 0 };
	struct inventory inv = { .n = 0 };

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(store_readings_add(f->st, &r, 1), 0);
	assert_int_equal(store_rollback(f->st), 0);
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 0);
	assert_int_equal(store_readings_add(f->st, &later, 1), 0);
	assert_int_equal(store_readings_each(f->st, "S-NEW", 0, 9000, collect, &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.r[0].time, 2000);
	assert_int_equal(store_onts_each(f->st, NULL, take_ont, &inv), 0);
	assert_int_equal(inv.n, 1);
	assert_int_equal(inv.o[0].last_seen, 2000);
}

struct order_seen {
	int n;
	char ids[4][32];
};

static int collect_order(void *arg, const struct store_order *o)
{
	struct order_seen *s = arg;

	if (s->n < 4)
		snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", o->id);
	s->n++;
	return 0;
}

static int collect_event(void *arg, int64_t seq, int64_t t, const char *event, const char *doc)
{
	struct order_seen *s = arg;

	(void)seq;
	(void)t;
	(void)doc;
	if (s->n < 4)
		snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", event);
	s->n++;
	return 0;
}

static void test_orders_one_open_per_problem(void **state)
{
	struct fixture *f = *state;
	struct store_order a = { .id = "ord-1",
		                 .problem_key = "ont:S1",
		                 .state = "open",
		                 .open = true,
		                 .olt = "o",
		                 .owner = "d1",
		                 .opened = 10,
		                 .updated = 10,
		                 .doc = "{}" };
	struct store_order b = a;
	struct order_seen seen = { 0 };

	b.id = "ord-2";
	b.owner = "d2";
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_order_put(f->st, &a), 0);
	/* another daemon trying to open a second order for the same problem */
	assert_int_equal(store_order_put(f->st, &b), STORE_CONFLICT);
	assert_int_equal(store_order_event_add(f->st, "ord-1", 10, "opened", "{\"e\":1}", NULL), 0);
	a.state = "resolved";
	a.open = false;
	a.updated = 20;
	assert_int_equal(store_order_put(f->st, &a), 0);
	assert_int_equal(store_order_event_add(f->st, "ord-1", 20, "resolved", "{\"e\":2}", NULL),
	                 0);
	/* once resolved, the same problem may be ordered again */
	assert_int_equal(store_order_put(f->st, &b), 0);
	assert_int_equal(store_orders_each(f->st, true, NULL, collect_order, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.ids[0], "ord-2");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_orders_each(f->st, false, "o", collect_order, &seen), 0);
	assert_int_equal(seen.n, 2);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_order_events_each(f->st, "ord-1", collect_event, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.ids[0], "opened");
	assert_string_equal(seen.ids[1], "resolved");
}

static void test_orders_survive_reopen(void **state)
{
	struct fixture *f = *state;
	struct store_order a = { .id = "ord-9",
		                 .problem_key = "pon:o:0/1/0",
		                 .state = "open",
		                 .open = true,
		                 .olt = "o",
		                 .opened = 5,
		                 .updated = 5,
		                 .doc = "{\"id\":\"ord-9\"}" };
	struct order_seen seen = { 0 };

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_order_put(f->st, &a), 0);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_orders_each(f->st, true, NULL, collect_order, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.ids[0], "ord-9");
}

static void test_poll_health(void **state)
{
	struct fixture *f = *state;
	struct store_poll_health h = {
		.olt = "o", .started = 100, .duration = 1.5, .onts = 10, .ok = true
	};
	int64_t when = -1;

	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_poll_last_success(f->st, "o", &when), STORE_NOT_FOUND);
	assert_int_equal(store_poll_health_put(f->st, &h), 0);
	h.started = 400;
	h.ok = false;
	h.error = "timeout after 2 retries";
	assert_int_equal(store_poll_health_put(f->st, &h), 0);
	assert_int_equal(store_poll_last_success(f->st, "o", &when), 0);
	assert_int_equal(when, 100); /* a failed poll does not advance it */
}

static void test_corrupt_store_is_refused(void **state)
{
	struct fixture *f = *state;
	int fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char junk[8192];

	memset(junk, 'x', sizeof(junk));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	close(fd);
	assert_int_equal(store_open(f->path, &f->st), -1);
	assert_null(f->st);
}

static void test_unwritable_store_is_refused(void **state)
{
	struct fixture *f = *state;
	char path[160];

	/* a directory that does not exist */
	snprintf(path, sizeof(path), "%s/missing/s.db", f->dir);
	assert_int_equal(store_open(path, &f->st), -1);
	assert_null(f->st);
	if (geteuid() == 0)
		return; /* root writes read-only files; the missing directory case stands */
	assert_int_equal(store_open(f->path, &f->st), 0);
	store_close(f->st);
	f->st = NULL;
	chmod(f->path, 0400);
	assert_int_equal(store_open(f->path, &f->st), -1);
}

static void test_newer_store_is_refused(void **state)
{
	struct fixture *f = *state;
	char cmd[256];

	assert_int_equal(store_open(f->path, &f->st), 0);
	store_close(f->st);
	f->st = NULL;
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'PRAGMA user_version = 999'", f->path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_open(f->path, &f->st), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_store_is_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrates_older_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readings_round_trip_missing_values, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_moved_ont_keeps_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inventory_removed_onts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_ont_moves_while_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_never_gives_a_wrong_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_batch_forgets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopened_store_knows_its_onts, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_one_open_per_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_survive_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_health, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_store_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_store_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_store_is_refused, setup, teardown),
	};
	log_init("test_store", LOG_LVL_WARN, false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
