/* snmp_test_poll: the poller's schedule on a real loop against real sockets on 127.0.0.1:
 * first polls spread over the interval, and exponential back-off for an OLT that stopped
 * answering (a bound UDP socket that never replies). */
#include "config.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/log.h"
#include "lib/loop.h"
#include "probes/snmp/snmp_poll.h"
#include "probes/snmp/snmp_profile.h"

#define MAXSTARTS 64

struct rec {
	struct loop *loop;
	double t0;
	double start[8][MAXSTARTS]; /* per OLT: when each poll started (relative) */
	int n[8];
	bool ok[8][MAXSTARTS];
};

static void sink(void *arg, const struct snmp_poll_result *res)
{
	struct rec *rc = arg;
	int i = res->target->name[0] - 'a';

	if (i < 0 || i >= 8 || rc->n[i] >= MAXSTARTS)
		return;
	rc->start[i][rc->n[i]] = res->health->started - rc->t0;
	rc->ok[i][rc->n[i]++] = res->health->ok;
}

/* A UDP socket on 127.0.0.1 that receives and never answers; returns its port. */
static int silent_socket(int *fd)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(*fd >= 0);
	assert_int_equal(bind(*fd, (struct sockaddr *)&sa, len), 0);
	assert_int_equal(getsockname(*fd, (struct sockaddr *)&sa, &len), 0);
	return ntohs(sa.sin_port);
}

static struct snmp_profile *profile(void)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], err[SNMP_ERRBUF_MAX];
	struct snmp_profile *p = NULL;

	snprintf(dir, sizeof(dir), "%s/conf/vendors", top ? top : ".");
	if (snmp_profile_find(dir, "huawei", &p, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return p;
}

static void run(struct loop *loop, double seconds)
{
	double end = loop_now(loop) + seconds;

	while (loop_now(loop) < end)
		loop_run_once(loop, end - loop_now(loop));
}

static void between(double x, double lo, double hi)
{
	if (x < lo || x > hi)
		fail_msg("%.3f not in [%.3f, %.3f]", x, lo, hi);
}

static void test_spread_and_backoff(void **state)
{
	struct snmp_profile *prof = profile();
	struct rec rc = { 0 };
	struct snmp_poller *p;
	struct snmp_target t;
	char err[SNMP_ERRBUF_MAX];
	int fd, port = silent_socket(&fd);

	(void)state;
	rc.loop = loop_new(NULL);
	rc.t0 = loop_wall(rc.loop);
	p = snmp_poller_new(rc.loop, 64, sink, &rc);
	for (int i = 0; i < 4; i++) {
		snmp_target_defaults(&t);
		snprintf(t.name, sizeof(t.name), "%c", 'a' + i);
		snprintf(t.address, sizeof(t.address), "127.0.0.1");
		t.port = (uint16_t)port;
		t.profile = prof;
		t.timeout = 0.05;
		t.retries = 0;
		t.interval = 0.4;
		assert_int_equal(snmp_poller_add(p, &t, err, sizeof(err)), 0);
	}
	loop_update_time(rc.loop);
	rc.t0 = loop_wall(rc.loop);
	snmp_poller_schedule(p);
	run(rc.loop, 3.3);
	/* First polls at 0, 0.1, 0.2, 0.3 s: spread over the 0.4 s interval. A timer never
	 * fires early, but a loaded machine (CI, sanitizers, parallel tests) may run it late:
	 * lower bounds are tight, upper bounds allow for load. */
	for (int i = 0; i < 4; i++) {
		assert_true(rc.n[i] >= 3);
		assert_false(rc.ok[i][0]);
		between(rc.start[i][0], 0.1 * i - 0.02, 0.1 * i + 0.25);
	}
	/* Each failure doubles the wait: 0.8 s, then 1.6 s (plus the 0.05 s timeout). */
	for (int i = 0; i < 4; i++) {
		between(rc.start[i][1] - rc.start[i][0], 0.05 + 0.8 - 0.02, 0.05 + 0.8 + 0.4);
		between(rc.start[i][2] - rc.start[i][1], 0.05 + 1.6 - 0.02, 0.05 + 1.6 + 0.4);
	}
	snmp_poller_free(p);
	snmp_profile_free(prof);
	loop_free(rc.loop);
	close(fd);
}

/* Three silent OLTs, polled at once: with a global limit of one request they wait for
 * each other (finish 0.1 s apart), with a limit of three they time out together. */
static void global_limit(unsigned limit, const double *expect_end)
{
	struct snmp_profile *prof = profile();
	struct rec rc = { 0 };
	struct snmp_poller *p;
	struct snmp_target t;
	char err[SNMP_ERRBUF_MAX];
	int fd, port = silent_socket(&fd);

	rc.loop = loop_new(NULL);
	rc.t0 = loop_wall(rc.loop);
	p = snmp_poller_new(rc.loop, limit, sink, &rc);
	for (int i = 0; i < 3; i++) {
		snmp_target_defaults(&t);
		snprintf(t.name, sizeof(t.name), "%c", 'a' + i);
		snprintf(t.address, sizeof(t.address), "127.0.0.1");
		t.port = (uint16_t)port;
		t.profile = prof;
		t.timeout = 0.1;
		t.retries = 0;
		assert_int_equal(snmp_poller_add(p, &t, err, sizeof(err)), 0);
	}
	loop_update_time(rc.loop);
	rc.t0 = loop_wall(rc.loop);
	snmp_poller_poll_all(p);
	while (snmp_poller_busy(p))
		loop_run_once(rc.loop, 1.0);
	for (int i = 0; i < 3; i++) {
		const struct snmp_poll_health *h = snmp_poller_health(p, (size_t)i);

		assert_int_equal(rc.n[i], 1);
		assert_false(h->ok);
		assert_string_equal(h->error, "timeout after 0 retries");
		/* Every poll started at once; it ends when its request could go and timed out
		 * (never earlier; later only by the machine's load). */
		between(rc.start[i][0], -0.01, 0.25);
		between(h->duration, expect_end[i] - 0.02, expect_end[i] + 0.3);
		/* what tells the limits apart: waiting for each other, or going together */
		if (i > 0) {
			double d = h->duration - snmp_poller_health(p, (size_t)i - 1)->duration;
			double want = expect_end[i] - expect_end[i - 1];

			if (want > 0)
				between(d, want - 0.02, want + 0.3);
			else
				between(d, -0.08, 0.08);
		}
	}
	snmp_poller_free(p);
	snmp_profile_free(prof);
	loop_free(rc.loop);
	close(fd);
}

static void test_global_limit_one(void **state)
{
	static const double ends[] = { 0.1, 0.2, 0.3 };

	(void)state;
	global_limit(1, ends);
}

static void test_global_limit_three(void **state)
{
	static const double ends[] = { 0.1, 0.1, 0.1 };

	(void)state;
	global_limit(3, ends);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spread_and_backoff),
		cmocka_unit_test(test_global_limit_one),
		cmocka_unit_test(test_global_limit_three),
	};

	int rc;

	log_init("snmp_test_poll", LOG_LVL_WARN, false);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* Once: net-snmp leaks when initialised again after a shutdown. */
	snmp_session_lib_shutdown();
	return rc;
}
