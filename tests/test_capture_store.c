/* test_capture_store: per-ONT capture buckets in the store: a bucket written twice adds up,
 * reads select one ONT and a time window, and pruning drops old buckets only. */
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

#include "monitor/store.h"

struct seen {
	int n;
	struct store_capture_bucket last;
	char olt[32];
};

static int collect(void *arg, const struct store_capture_bucket *b)
{
	struct seen *s = arg;

	s->n++;
	s->last = *b;
	snprintf(s->olt, sizeof(s->olt), "%s", b->olt);
	s->last.olt = s->olt;
	return 0;
}

static void test_buckets(void **state)
{
	(void)state;
	char dir[] = "/tmp/capstore.XXXXXX", path[64];
	struct store *st;
	struct seen s;
	int64_t deleted = -1;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ow.db", dir);
	assert_int_equal(store_open(path, &st), 0);
	struct store_capture_bucket b = { .olt = "OLT-B",
		                          .port = "0/2/1",
		                          .ont = 5,
		                          .start = 7200,
		                          .seconds = 3600,
		                          .subscribers = 1,
		                          .pppoe_drops = 2,
		                          .pppoe_redials = 1,
		                          .tcp_data = 100,
		                          .tcp_retrans = 3,
		                          .bytes = 5000 };
	assert_int_equal(store_capture_put(st, &b), 0);
	b.subscribers = 2;
	assert_int_equal(store_capture_put(st, &b), 0); /* the same bucket again: adds up */
	b.start = 3600;
	assert_int_equal(store_capture_put(st, &b), 0);
	b.olt = "OLT-A";
	assert_int_equal(store_capture_put(st, &b), 0);

	memset(&s, 0, sizeof(s));
	assert_int_equal(store_capture_each(st, "OLT-B", "0/2/1", 5, 7200, 10800, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.last.pppoe_drops, 4);
	assert_int_equal(s.last.pppoe_redials, 2);
	assert_int_equal(s.last.tcp_retrans, 6);
	assert_int_equal(s.last.bytes, 10000);
	assert_int_equal(s.last.subscribers, 2);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_capture_each(st, NULL, NULL, 0, 0, 100000, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(store_capture_prune(st, 7200, &deleted), 0);
	assert_int_equal(deleted, 2);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_capture_each(st, NULL, NULL, 0, 0, 100000, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.olt, "OLT-B");
	store_close(st);
	unlink(path);
	char wal[80];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buckets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
