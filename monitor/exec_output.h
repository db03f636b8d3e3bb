/* exec_output: run a configured command with an event on its stdin, in the loop: the input
 * is written without blocking, the exit is seen through a pidfd, a timeout kills it. */
#ifndef OW_EXEC_OUTPUT_H
#define OW_EXEC_OUTPUT_H

#include "lib/loop.h"

struct exec_job;

/* Called once when the command ended: exit status 0..255, or -1 with error set (killed
 * after the timeout, died of a signal, could not start). */
typedef void (*exec_done_fn)(void *arg, int status, const char *error);

/* Start `/bin/sh -c command` with input on stdin (copied); stdout is discarded, stderr is
 * the daemon's. The job frees itself after calling done. 0, or -1 (logged). */
int exec_run(struct loop *loop, const char *command, const char *input, double timeout,
             exec_done_fn done, void *arg, struct exec_job **out);
/* Kill a running job without calling done, and free it; NULL is fine. */
void exec_cancel(struct exec_job *j);

#endif
