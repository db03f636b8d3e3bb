/* test_metrics_store: the store's aggregates behind /metrics on a real file: open orders by
 * state and cause, orders opened since a time, and each output's queue and dead letters. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "monitor/store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/ontwatch-mstore.XXXXXX");
	if (f == NULL || mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/s.db", f->dir);
	if (store_open(f->path, &f->st) < 0)
		return -1;
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

static void put_order(struct store *st, const char *id, const char *state, bool open,
                      int64_t opened, const char *cause)
{
	char doc[160], key[64];
	struct store_order o = { 0 };

	if (cause != NULL)
		snprintf(doc, sizeof(doc), "{\"id\":\"%s\",\"cause\":\"%s\"}", id, cause);
	else
		snprintf(doc, sizeof(doc), "{\"id\":\"%s\",\"cause\":null}", id);
	snprintf(key, sizeof(key), "key-%s", id);
	o.id = id;
	o.problem_key = key;
	o.state = state;
	o.open = open;
	o.olt = "olt-a";
	o.owner = "test";
	o.opened = opened;
	o.updated = opened;
	o.doc = doc;
	assert_int_equal(store_order_put(st, &o), 0);
}

struct counts {
	char line[16][80];
	int n;
};

static int collect(void *arg, const char *state, const char *cause, int64_t n)
{
	struct counts *c = arg;

	if (c->n < 16)
		snprintf(c->line[c->n], sizeof(c->line[0]), "%s %s %lld", state ? state : "-",
		         cause ? cause : "-", (long long)n);
	c->n++;
	return 0;
}

static void test_orders(void **state)
{
	struct fixture *f = *state;
	struct counts c = { 0 };

	put_order(f->st, "o1", "open", true, 100, "fiber_bend");
	put_order(f->st, "o2", "open", true, 200, "fiber_bend");
	put_order(f->st, "o3", "acknowledged", true, 300, "fiber_bend");
	put_order(f->st, "o4", "open", true, 400, "shared_segment");
	put_order(f->st, "o5", "resolved", false, 500, "fiber_bend");
	put_order(f->st, "o6", "scheduled", true, 600, NULL);

	assert_int_equal(store_orders_count(f->st, collect, &c), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.line[0], "acknowledged fiber_bend 1");
	assert_string_equal(c.line[1], "open fiber_bend 2");
	assert_string_equal(c.line[2], "open shared_segment 1");
	assert_string_equal(c.line[3], "scheduled - 1");

	/* opened since 300: o3..o6, closed ones included */
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_orders_opened_count(f->st, 300, collect, &c), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.line[0], "- - 1");
	assert_string_equal(c.line[1], "- fiber_bend 2");
	assert_string_equal(c.line[2], "- shared_segment 1");

	/* an order that closes leaves the open counts */
	put_order(f->st, "o4", "resolved", false, 400, "shared_segment");
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_orders_count(f->st, collect, &c), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.line[2], "scheduled - 1");
}

static int stop_early(void *arg, const char *state, const char *cause, int64_t n)
{
	(void)state;
	(void)cause;
	(void)n;
	(*(int *)arg)++;
	return 7;
}

static void test_orders_stop(void **state)
{
	struct fixture *f = *state;
	struct counts c = { 0 };
	int calls = 0;

	put_order(f->st, "o1", "open", true, 100, "fiber_bend");
	put_order(f->st, "o2", "open", true, 100, "connector");
	assert_int_equal(store_orders_count(f->st, stop_early, &calls), 7);
	assert_int_equal(calls, 1);
	/* the statement was reset: the next call sees every group */
	assert_int_equal(store_orders_count(f->st, collect, &c), 0);
	assert_int_equal(c.n, 2);
}

struct queues {
	struct store_outbox_count c[4];
	char name[4][16];
	int n;
};

static int collect_q(void *arg, const struct store_outbox_count *c)
{
	struct queues *q = arg;

	if (q->n < 4) {
		q->c[q->n] = *c;
		snprintf(q->name[q->n], sizeof(q->name[0]), "%s", c->output);
	}
	q->n++;
	return 0;
}

static void test_outbox(void **state)
{
	struct fixture *f = *state;
	struct queues q = { 0 };
	int64_t added, ev[3];

	/* two outputs registered before any event, as outbox_new does */
	assert_int_equal(store_outbox_fanout(f->st, "hook", &added), 0);
	assert_int_equal(store_outbox_fanout(f->st, "script", &added), 0);
	assert_int_equal(store_outbox_counts(f->st, collect_q, &q), 0);
	assert_int_equal(q.n, 2);
	assert_int_equal(q.c[0].queued, 0);
	assert_int_equal(q.c[0].oldest, 0);
	assert_int_equal(q.c[0].dead, 0);

	assert_int_equal(store_journal_add(f->st, "o1", "opened", "{}", 1000, &ev[0]), 0);
	assert_int_equal(store_journal_add(f->st, "o2", "opened", "{}", 1005, &ev[1]), 0);
	assert_int_equal(store_journal_add(f->st, "o1", "updated", "{}", 1010, &ev[2]), 0);
	assert_int_equal(store_outbox_fanout(f->st, "hook", &added), 0);
	assert_int_equal(added, 3);
	assert_int_equal(store_outbox_fanout(f->st, "script", &added), 0);
	/* hook: the first event refused for good, the second delivered; script: all queued */
	assert_int_equal(store_outbox_dead(f->st, "hook", ev[0], 1020, 400, "bad"), 0);
	assert_int_equal(store_outbox_done(f->st, "hook", ev[1]), 0);

	memset(&q, 0, sizeof(q));
	assert_int_equal(store_outbox_counts(f->st, collect_q, &q), 0);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.name[0], "hook");
	assert_int_equal(q.c[0].queued, 1);
	assert_int_equal(q.c[0].oldest, 1010);
	assert_int_equal(q.c[0].dead, 1);
	assert_string_equal(q.name[1], "script");
	assert_int_equal(q.c[1].queued, 3);
	assert_int_equal(q.c[1].oldest, 1000);
	assert_int_equal(q.c[1].dead, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
