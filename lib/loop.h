/* loop: the daemon's single-threaded event loop: fd handlers, timers, and
 * prepare hooks (for libraries such as net-snmp that hand out fds per round). */
#ifndef OW_LOOP_H
#define OW_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

typedef void (*loop_fd_cb)(int fd, short revents, void *arg);
typedef void (*loop_timer_cb)(void *arg);
typedef void (*loop_prepare_cb)(struct loop *loop, void *arg);

/* A timer is owned by its user (embed it); the loop only links to it. */
struct loop_timer {
	double when; /* monotonic seconds */
	loop_timer_cb cb;
	void *arg;
	size_t heap_idx; /* SIZE_MAX when not armed */
	uint64_t seq;    /* arming order: a timer armed during a round waits for the next */
};

/* New loop; `sigmask` is the mask applied while waiting (signals blocked
 * elsewhere are delivered only there, so a flag set by a handler is never
 * missed), or NULL to wait with the current mask. */
struct loop *loop_new(const sigset_t *sigmask);
/* Free the loop; user-owned timers and fds are left alone. NULL is fine. */
void loop_free(struct loop *loop);

/* Watch fd for POLLIN/POLLOUT events; replaces an existing handler of fd. */
int loop_fd_add(struct loop *loop, int fd, short events, loop_fd_cb cb, void *arg);
/* Stop watching fd (safe from inside a handler). */
void loop_fd_del(struct loop *loop, int fd);

/* Prepare a timer before arming it. */
void loop_timer_init(struct loop_timer *t, loop_timer_cb cb, void *arg);
/* Arm (or re-arm) a timer `delay` seconds from the current loop time. */
void loop_timer_after(struct loop *loop, struct loop_timer *t, double delay);
/* Disarm a timer; harmless when not armed. */
void loop_timer_stop(struct loop *loop, struct loop_timer *t);
/* True when the timer is armed. */
bool loop_timer_armed(const struct loop_timer *t);

/* Call cb before every wait (e.g. to sync a library's fds and timeout). */
int loop_prepare_add(struct loop *loop, loop_prepare_cb cb, void *arg);

/* Wait once (at most max_wait seconds) and dispatch what is ready.
 * Returns 0, or -1 on an unexpected poll failure (EINTR is not one). */
int loop_run_once(struct loop *loop, double max_wait);
/* Monotonic time of the current wake-up (one timestamp per round, as chrony). */
double loop_now(const struct loop *loop);
/* Wall-clock Unix time of the current wake-up. */
double loop_wall(const struct loop *loop);
/* Refresh both clocks now (after long work inside a handler). */
void loop_update_time(struct loop *loop);

#endif
