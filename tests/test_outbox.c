/* test_outbox: the delivery rules: which HTTP answers are retried, back-off growth, cap and
 * jitter bounds, stable webhook ids; and the store's queues: per-order heads, retry times,
 * dead letters, and that a new output starts at the end of the journal. */
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

#include "monitor/outbox.h"
#include "monitor/store.h"

static void classify(void **state)
{
	static const long retry[] = { 0, 408, 429, 500, 502, 503, 504, 599 };
	static const long dead[] = { 301, 400, 401, 403, 404, 410, 413, 422 };

	(void)state;
	assert_int_equal(outbox_classify_http(200), OUTBOX_DONE);
	assert_int_equal(outbox_classify_http(204), OUTBOX_DONE);
	for (size_t i = 0; i < sizeof(retry) / sizeof(retry[0]); i++)
		assert_int_equal(outbox_classify_http(retry[i]), OUTBOX_RETRY);
	for (size_t i = 0; i < sizeof(dead) / sizeof(dead[0]); i++)
		assert_int_equal(outbox_classify_http(dead[i]), OUTBOX_DEAD);
}

static void backoff(void **state)
{
	(void)state;
	/* u = 0 gives the lower bound (half), u -> 1 the full delay */
	assert_true(outbox_backoff(1, 600, 0, 0) == 0.5);
	assert_true(outbox_backoff(1, 600, 3, 0.999999) > 7.99 &&
	            outbox_backoff(1, 600, 3, 0.999999) < 8);
	assert_true(outbox_backoff(1, 600, 20, 0) == 300);     /* capped, then jittered */
	assert_true(outbox_backoff(1, 600, 1000, 0.5) == 450); /* no overflow */
	for (int a = 0; a < 8; a++)
		assert_true(outbox_backoff(0.2, 100, a + 1, 0) >= outbox_backoff(0.2, 100, a, 0));
}

static void msg_ids(void **state)
{
	char a[64], b[64], small[8];

	(void)state;
	assert_int_equal(outbox_msg_id("ow-1", 42, a, sizeof(a)), 0);
	assert_int_equal(outbox_msg_id("ow-1", 42, b, sizeof(b)), 0);
	assert_string_equal(a, b);
	assert_string_equal(a, "msg_42_ow-1");
	assert_int_equal(outbox_msg_id("ow-1", 42, small, sizeof(small)), -1);
}

struct heads {
	char list[256];
};

static int collect(void *arg, const struct store_outbox_item *it)
{
	struct heads *h = arg;
	char one[64];

	snprintf(one, sizeof(one), "%s:%lld ", it->order_id, (long long)it->event);
	strcat(h->list, one);
	return 0;
}

static void store_queues(void **state)
{
	char dir[] = "/tmp/ontwatch-outbox.XXXXXX", path[128], cmd[160];
	struct store *st;
	struct heads h;
	int64_t added, id[6];
	double due;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s.db", dir);
	assert_int_equal(store_open(path, &st), 0);
	/* history before the output exists is not delivered to it */
	assert_int_equal(outbox_submit(st, "ow-old", "{\"event\":\"opened\"}", 1, NULL), 0);
	assert_int_equal(store_outbox_fanout(st, "o", &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(outbox_submit(st, "ow-a", "{\"event\":\"opened\"}", 2, &id[0]), 0);
	assert_int_equal(outbox_submit(st, "ow-b", "{\"event\":\"opened\"}", 3, &id[1]), 0);
	assert_int_equal(outbox_submit(st, "ow-a", "{\"event\":\"updated\"}", 4, &id[2]), 0);
	assert_int_equal(outbox_submit(st, "ow-x", "not json", 4, NULL), -2);
	assert_int_equal(outbox_submit(st, "ow-x", "{\"no\":\"event\"}", 4, NULL), -2);
	assert_int_equal(store_outbox_fanout(st, "o", &added), 0);
	assert_int_equal(added, 3);
	assert_int_equal(store_outbox_fanout(st, "o", &added), 0);
	assert_int_equal(added, 0); /* once only */

	/* one head per order, oldest first */
	memset(&h, 0, sizeof(h));
	assert_int_equal(store_outbox_ready(st, "o", 10, 10, collect, &h), 0);
	assert_string_equal(h.list, "ow-a:2 ow-b:3 ");
	/* a retry later keeps the order's later event waiting too */
	assert_int_equal(store_outbox_retry(st, "o", id[0], 100, "HTTP 500"), 0);
	memset(&h, 0, sizeof(h));
	store_outbox_ready(st, "o", 10, 10, collect, &h);
	assert_string_equal(h.list, "ow-b:3 ");
	assert_int_equal(store_outbox_next_due(st, "o", &due), 0);
	assert_true(due == 0); /* ow-b is due now */
	assert_int_equal(store_outbox_done(st, "o", id[1]), 0);
	assert_int_equal(store_outbox_next_due(st, "o", &due), 0);
	assert_true(due == 0); /* ow-a's second event has next_try 0 but waits for its head */
	memset(&h, 0, sizeof(h));
	store_outbox_ready(st, "o", 100, 10, collect, &h);
	assert_string_equal(h.list, "ow-a:2 ");
	/* dead letter: the next event of the order becomes the head */
	assert_int_equal(store_outbox_dead(st, "o", id[0], 101, 410, "gone"), 0);
	memset(&h, 0, sizeof(h));
	store_outbox_ready(st, "o", 100, 10, collect, &h);
	assert_string_equal(h.list, "ow-a:4 ");
	/* pruning keeps what is queued or dead: only ow-old (1) and ow-b (3) go */
	int64_t deleted = -1;
	assert_int_equal(store_journal_prune(st, 1000, &deleted), 0);
	assert_int_equal(deleted, 2);
	assert_int_equal(store_dead_letter_requeue(st, "o", id[0]), 0);
	assert_int_equal(store_dead_letter_requeue(st, "o", id[0]), STORE_NOT_FOUND);
	memset(&h, 0, sizeof(h));
	store_outbox_ready(st, "o", 100, 10, collect, &h);
	assert_string_equal(h.list, "ow-a:2 ");
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify),
		cmocka_unit_test(backoff),
		cmocka_unit_test(msg_ids),
		cmocka_unit_test(store_queues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
