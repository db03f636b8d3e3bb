/* test_loop: the event loop runs timers in order, dispatches fds, and never spins. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <poll.h>
#include <unistd.h>

#include "lib/loop.h"

struct order_rec {
	int seq[8];
	int n;
};

struct tmark {
	struct order_rec *rec;
	int id;
};

static void mark_cb(void *arg)
{
	struct tmark *m = arg;

	m->rec->seq[m->rec->n++] = m->id;
}

static void test_timers_fire_in_order(void **state)
{
	(void)state;
	struct loop *loop = loop_new(NULL);
	struct order_rec rec = { { 0 }, 0 };
	struct tmark m[3] = { { &rec, 1 }, { &rec, 2 }, { &rec, 3 } };
	struct loop_timer t[3];

	for (int i = 0; i < 3; i++)
		loop_timer_init(&t[i], mark_cb, &m[i]);
	loop_timer_after(loop, &t[0], 0.03);
	loop_timer_after(loop, &t[1], 0.01);
	loop_timer_after(loop, &t[2], 0.02);
	for (int i = 0; i < 50 && rec.n < 3; i++)
		assert_int_equal(loop_run_once(loop, 0.05), 0);
	assert_int_equal(rec.n, 3);
	assert_int_equal(rec.seq[0], 2);
	assert_int_equal(rec.seq[1], 3);
	assert_int_equal(rec.seq[2], 1);
	for (int i = 0; i < 3; i++)
		assert_false(loop_timer_armed(&t[i]));
	loop_free(loop);
}

static void test_timer_stop(void **state)
{
	(void)state;
	struct loop *loop = loop_new(NULL);
	struct order_rec rec = { { 0 }, 0 };
	struct tmark m = { &rec, 7 };
	struct loop_timer t;

	loop_timer_init(&t, mark_cb, &m);
	loop_timer_after(loop, &t, 0.0);
	assert_true(loop_timer_armed(&t));
	loop_timer_stop(loop, &t);
	assert_false(loop_timer_armed(&t));
	assert_int_equal(loop_run_once(loop, 0.01), 0);
	assert_int_equal(rec.n, 0);
	loop_free(loop);
}

struct rearm {
	struct loop *loop;
	struct loop_timer t;
	int runs;
};

static void rearm_cb(void *arg)
{
	struct rearm *r = arg;

	r->runs++;
	loop_timer_after(r->loop, &r->t, 0);
}

static void test_zero_delay_rearm_does_not_spin(void **state)
{
	(void)state;
	struct rearm r = { .loop = loop_new(NULL), .runs = 0 };

	loop_timer_init(&r.t, rearm_cb, &r);
	loop_timer_after(r.loop, &r.t, 0);
	assert_int_equal(loop_run_once(r.loop, 0.01), 0);
	assert_int_equal(r.runs, 1);
	loop_timer_stop(r.loop, &r.t);
	loop_free(r.loop);
}

struct fdrec {
	struct loop *loop;
	int reads;
	char last;
};

static void read_cb(int fd, short revents, void *arg)
{
	struct fdrec *f = arg;

	(void)revents;
	if (read(fd, &f->last, 1) == 1)
		f->reads++;
	loop_fd_del(f->loop, fd);
}

static void test_fd_dispatch_and_delete(void **state)
{
	(void)state;
	int p[2];
	struct fdrec f = { loop_new(NULL), 0, 0 };

	assert_int_equal(pipe(p), 0);
	assert_int_equal(loop_fd_add(f.loop, p[0], POLLIN, read_cb, &f), 0);
	assert_int_equal(write(p[1], "xy", 2), 2);
	assert_int_equal(loop_run_once(f.loop, 0.1), 0);
	assert_int_equal(f.reads, 1);
	assert_int_equal(f.last, 'x');
	/* deleted inside its handler: the pending 'y' is not dispatched */
	assert_int_equal(loop_run_once(f.loop, 0.01), 0);
	assert_int_equal(f.reads, 1);
	close(p[0]);
	close(p[1]);
	loop_free(f.loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers_fire_in_order),
		cmocka_unit_test(test_timer_stop),
		cmocka_unit_test(test_zero_delay_rearm_does_not_spin),
		cmocka_unit_test(test_fd_dispatch_and_delete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
