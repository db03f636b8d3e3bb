/* loop: ppoll()-based event loop with a min-heap of user-owned timers. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/loop.h"
#include "lib/xmalloc.h"

struct loop_fd {
	int fd; /* -1 once deleted, compacted after dispatch */
	short events;
	loop_fd_cb cb;
	void *arg;
};

struct loop_prepare {
	loop_prepare_cb cb;
	void *arg;
};

struct loop {
	struct loop_fd *fds;
	size_t nfds, capfds;
	struct pollfd *pfds;
	size_t cappfds;
	struct loop_timer **heap;
	size_t nheap, capheap;
	struct loop_prepare *prep;
	size_t nprep;
	double now, wall;
	uint64_t arm_seq;
	bool have_mask;
	sigset_t mask;
};

static double clock_seconds(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void loop_update_time(struct loop *loop)
{
	loop->now = clock_seconds(CLOCK_MONOTONIC);
	loop->wall = clock_seconds(CLOCK_REALTIME);
}

struct loop *loop_new(const sigset_t *sigmask)
{
	struct loop *loop = xcalloc(1, sizeof(*loop));

	if (sigmask != NULL) {
		loop->have_mask = true;
		loop->mask = *sigmask;
	}
	loop_update_time(loop);
	return loop;
}

void loop_free(struct loop *loop)
{
	if (loop == NULL)
		return;
	for (size_t i = 0; i < loop->nheap; i++)
		loop->heap[i]->heap_idx = SIZE_MAX;
	free(loop->fds);
	free(loop->pfds);
	free(loop->heap);
	free(loop->prep);
	free(loop);
}

int loop_fd_add(struct loop *loop, int fd, short events, loop_fd_cb cb, void *arg)
{
	if (fd < 0)
		return -1;
	for (size_t i = 0; i < loop->nfds; i++)
		if (loop->fds[i].fd == fd) {
			loop->fds[i] = (struct loop_fd){ fd, events, cb, arg };
			return 0;
		}
	if (loop->nfds == loop->capfds) {
		loop->capfds = loop->capfds ? loop->capfds * 2 : 8;
		loop->fds = xreallocarray(loop->fds, loop->capfds, sizeof(*loop->fds));
	}
	loop->fds[loop->nfds++] = (struct loop_fd){ fd, events, cb, arg };
	return 0;
}

void loop_fd_del(struct loop *loop, int fd)
{
	for (size_t i = 0; i < loop->nfds; i++)
		if (loop->fds[i].fd == fd)
			loop->fds[i].fd = -1;
}

static void fds_compact(struct loop *loop)
{
	size_t j = 0;

	for (size_t i = 0; i < loop->nfds; i++)
		if (loop->fds[i].fd >= 0)
			loop->fds[j++] = loop->fds[i];
	loop->nfds = j;
}

/* --- timers: binary min-heap on `when` --- */

static void heap_swap(struct loop *loop, size_t a, size_t b)
{
	struct loop_timer *t = loop->heap[a];

	loop->heap[a] = loop->heap[b];
	loop->heap[b] = t;
	loop->heap[a]->heap_idx = a;
	loop->heap[b]->heap_idx = b;
}

static void heap_up(struct loop *loop, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (loop->heap[parent]->when <= loop->heap[i]->when)
			break;
		heap_swap(loop, i, parent);
		i = parent;
	}
}

static void heap_down(struct loop *loop, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < loop->nheap && loop->heap[l]->when < loop->heap[m]->when)
			m = l;
		if (r < loop->nheap && loop->heap[r]->when < loop->heap[m]->when)
			m = r;
		if (m == i)
			break;
		heap_swap(loop, i, m);
		i = m;
	}
}

void loop_timer_init(struct loop_timer *t, loop_timer_cb cb, void *arg)
{
	t->when = 0;
	t->cb = cb;
	t->arg = arg;
	t->heap_idx = SIZE_MAX;
	t->seq = 0;
}

bool loop_timer_armed(const struct loop_timer *t)
{
	return t->heap_idx != SIZE_MAX;
}

void loop_timer_stop(struct loop *loop, struct loop_timer *t)
{
	size_t i = t->heap_idx;

	if (i == SIZE_MAX)
		return;
	t->heap_idx = SIZE_MAX;
	loop->nheap--;
	if (i == loop->nheap)
		return;
	loop->heap[i] = loop->heap[loop->nheap];
	loop->heap[i]->heap_idx = i;
	heap_down(loop, i);
	heap_up(loop, i);
}

void loop_timer_after(struct loop *loop, struct loop_timer *t, double delay)
{
	loop_timer_stop(loop, t);
	t->when = loop->now + (delay > 0 ? delay : 0);
	t->seq = loop->arm_seq++;
	if (loop->nheap == loop->capheap) {
		loop->capheap = loop->capheap ? loop->capheap * 2 : 16;
		loop->heap = xreallocarray(loop->heap, loop->capheap, sizeof(*loop->heap));
	}
	t->heap_idx = loop->nheap;
	loop->heap[loop->nheap++] = t;
	heap_up(loop, t->heap_idx);
}

int loop_prepare_add(struct loop *loop, loop_prepare_cb cb, void *arg)
{
	loop->prep = xreallocarray(loop->prep, loop->nprep + 1, sizeof(*loop->prep));
	loop->prep[loop->nprep++] = (struct loop_prepare){ cb, arg };
	return 0;
}

static void timers_run(struct loop *loop)
{
	/* Only timers armed before this round run now; one re-armed with zero
	 * delay by its own callback waits for the next round instead of spinning. */
	double now = loop->now;
	uint64_t limit = loop->arm_seq;

	while (loop->nheap > 0 && loop->heap[0]->when <= now && loop->heap[0]->seq < limit) {
		struct loop_timer *t = loop->heap[0];

		loop_timer_stop(loop, t);
		t->cb(t->arg);
	}
}

int loop_run_once(struct loop *loop, double max_wait)
{
	struct timespec ts;
	double wait = max_wait;
	size_t n;
	int rc;

	for (size_t i = 0; i < loop->nprep; i++)
		loop->prep[i].cb(loop, loop->prep[i].arg);
	fds_compact(loop);

	loop_update_time(loop);
	if (loop->nheap > 0) {
		double due = loop->heap[0]->when - loop->now;

		if (due < wait)
			wait = due;
	}
	if (wait < 0)
		wait = 0;
	ts.tv_sec = (time_t)wait;
	ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);

	n = loop->nfds;
	if (n > loop->cappfds) {
		loop->cappfds = n;
		loop->pfds = xreallocarray(loop->pfds, n, sizeof(*loop->pfds));
	}
	for (size_t i = 0; i < n; i++) {
		loop->pfds[i].fd = loop->fds[i].fd;
		loop->pfds[i].events = loop->fds[i].events;
		loop->pfds[i].revents = 0;
	}
	rc = ppoll(loop->pfds, n, &ts, loop->have_mask ? &loop->mask : NULL);
	loop_update_time(loop);
	if (rc < 0) {
		if (errno == EINTR)
			return 0;
		log_warn("loop: poll");
		return -1;
	}
	/* Handlers may add or delete fds: additions append past n and deletions
	 * only mark a slot (compaction waits for the next round), so slot i still
	 * describes pfds[i] unless it was deleted meanwhile. */
	for (size_t i = 0; i < n && rc > 0; i++) {
		struct loop_fd *f = &loop->fds[i];

		if (loop->pfds[i].revents == 0)
			continue;
		rc--;
		if (f->fd == loop->pfds[i].fd)
			f->cb(f->fd, loop->pfds[i].revents, f->arg);
	}
	timers_run(loop);
	return 0;
}

double loop_now(const struct loop *loop)
{
	return loop->now;
}

double loop_wall(const struct loop *loop)
{
	return loop->wall;
}
