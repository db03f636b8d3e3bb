/* test_closedloop: status reports and the after-visit verdicts on a real store file: each
 * becomes an order event and a journal entry; refusals change nothing. */
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
#include "monitor/store.h"

struct fx {
	char dir[64], path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct store_order o = { .id = "ow-1",
		                 .problem_key = "ont:a/0/1/1",
		                 .state = "open",
		                 .open = true,
		                 .olt = "a",
		                 .owner = "d",
		                 .opened = 100,
		                 .updated = 100,
		                 .doc = "{\"id\":\"ow-1\",\"state\":\"open\"}" };

	snprintf(f->dir, sizeof(f->dir), "/tmp/ontwatch-cl.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/s.db", f->dir);
	if (store_open(f->path, &f->st) < 0 || store_order_put(f->st, &o) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	free(f);
	return system(cmd) == 0 ? 0 : -1;
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

static int count_journal(void *arg, const struct store_outbox_item *it)
{
	(void)it;
	(*(int *)arg)++;
	return 0;
}

static int state_of(void *arg, const struct store_order *o)
{
	snprintf(arg, 32, "%s:%d", o->state, o->open);
	return 0;
}

static void reopened_then_verified(void **state)
{
	struct fx *f = *state;
	const char *why = NULL;
	char events[256] = "", st[32];
	int64_t added;
	int n = 0;

	/* an output registered before the events, to see them journalled */
	assert_int_equal(store_outbox_fanout(f->st, "o", &added), 0);
	assert_int_equal(closedloop_verdict(f->st, "ow-1", true, NULL, 200, &why),
	                 CLOSEDLOOP_CLOSED); /* not completed yet */
	assert_int_equal(closedloop_status(f->st, "ow-1", "completed", "spliced", "api", 300, &why),
	                 0);
	assert_int_equal(closedloop_verdict(f->st, "ow-1", false, "rx still -27.9 dBm", 400, &why),
	                 0);
	store_order_get(f->st, "ow-1", state_of, st);
	assert_string_equal(st, "reopened:1");
	assert_int_equal(closedloop_verdict(f->st, "ow-1", true, NULL, 500, &why),
	                 CLOSEDLOOP_CLOSED); /* reopened: needs a new completion */
	assert_int_equal(closedloop_status(f->st, "ow-1", "completed", NULL, "api", 600, &why), 0);
	assert_int_equal(closedloop_verdict(f->st, "ow-1", true, NULL, 700, &why), 0);
	store_order_get(f->st, "ow-1", state_of, st);
	assert_string_equal(st, "verified:0");
	assert_int_equal(closedloop_status(f->st, "ow-1", "acknowledged", NULL, "api", 800, &why),
	                 CLOSEDLOOP_CLOSED);
	store_order_events_each(f->st, "ow-1", count_events, events);
	assert_string_equal(events, "completed reopened completed verified ");
	assert_int_equal(store_outbox_fanout(f->st, "o", &added), 0);
	assert_int_equal(added, 4);
	store_outbox_each(f->st, "o", count_journal, &n);
	assert_int_equal(n, 4);
}

static void refusals_change_nothing(void **state)
{
	struct fx *f = *state;
	const char *why = NULL;
	char events[256] = "", bad_utf8[] = { 'a', (char)0xff, 'b', 0 }, long_note[1100];

	memset(long_note, 'x', sizeof(long_note) - 1);
	long_note[sizeof(long_note) - 1] = '\0';
	assert_int_equal(closedloop_status(f->st, "ow-1", "fixed", NULL, "api", 1, &why),
	                 CLOSEDLOOP_BAD_STATUS);
	assert_int_equal(closedloop_status(f->st, "ow-9", "completed", NULL, "api", 1, &why),
	                 CLOSEDLOOP_NOT_FOUND);
	assert_int_equal(closedloop_status(f->st, "ow-1", "completed", bad_utf8, "api", 1, &why),
	                 CLOSEDLOOP_BAD_NOTE);
	assert_int_equal(closedloop_status(f->st, "ow-1", "completed", long_note, "api", 1, &why),
	                 CLOSEDLOOP_BAD_NOTE);
	store_order_events_each(f->st, "ow-1", count_events, events);
	assert_string_equal(events, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reopened_then_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals_change_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
