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

#include "monitor/capture_evidence.h"
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

/* A week of hourly buckets for one ONT: busy evenings, quiet Tuesday 03:00-05:00 UTC, and
 * re-dials on Friday: the summary sentence and the visit hours come out of the store. */
static void test_evidence(void **state)
{
	(void)state;
	char dir[] = "/tmp/capevid.XXXXXX", path[64], text[256];
	struct capture_evidence ev;
	struct store *st;
	const int64_t monday = 4 * 86400 + 52 * 7 * 86400; /* a Monday 00:00 UTC */

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ow.db", dir);
	assert_int_equal(store_open(path, &st), 0);
	assert_int_equal(store_begin(st), 0);
	for (int h = 0; h < 168; h++) {
		struct store_capture_bucket b = { .olt = "OLT-A",
			                          .port = "0/1/3",
			                          .ont = 12,
			                          .start = monday + h * 3600,
			                          .seconds = 3600,
			                          .subscribers = 1,
			                          .tcp_data = 1000,
			                          .bytes = 50000 };
		if (h % 24 >= 18)
			b.bytes = 900000;
		if (h >= 24 + 3 && h <= 24 + 5) /* Tuesday 03..05 */
			b.bytes = 1000 + h;
		if (h >= 4 * 24 && h < 4 * 24 + 9) { /* Friday morning */
			b.pppoe_redials = 1;
			b.pppoe_drops = 1;
			b.tcp_retrans = 40;
		}
		assert_int_equal(store_capture_put(st, &b), 0);
	}
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(
	    capture_evidence_get(st, "OLT-A", "0/1/3", 12, monday, monday + 7 * 86400, &ev), 0);
	assert_int_equal(ev.buckets, 168);
	assert_int_equal(ev.pppoe_redials, 9);
	assert_int_equal(ev.quiet[0], 24 + 3);
	assert_int_equal(ev.quiet[1], 24 + 4);
	assert_int_equal(ev.quiet[2], 24 + 5);
	capture_evidence_text(&ev, text, sizeof(text));
	assert_string_equal(text, "9 PPPoE re-dials, 9 PPPoE drops in the last 168 h");
	/* Friday alone: the retransmissions show too */
	assert_int_equal(capture_evidence_get(st, "OLT-A", "0/1/3", 12, monday + 4 * 86400,
	                                      monday + 4 * 86400 + 86400, &ev),
	                 0);
	capture_evidence_text(&ev, text, sizeof(text));
	assert_string_equal(text, "9 PPPoE re-dials, 9 PPPoE drops, 1.5% TCP retransmissions in "
	                          "the last 24 h");
	/* another ONT: nothing seen */
	assert_int_equal(
	    capture_evidence_get(st, "OLT-A", "0/1/3", 13, monday, monday + 86400, &ev), 0);
	assert_int_equal(ev.quiet[0], -1);
	capture_evidence_text(&ev, text, sizeof(text));
	assert_string_equal(text, "no capture data in the last 24 h");
	store_close(st);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_evidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
