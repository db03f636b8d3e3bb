/* exec_output: one child per job in its own process group (the timeout kills the whole
 * pipeline the shell may start). The child gets a clean signal mask and no inherited fds. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/exec_output.h"

struct exec_job {
	struct loop *loop;
	pid_t pid;
	int pidfd;
	int in; /* write end of the child's stdin, -1 once closed */
	char *input;
	size_t len, off;
	struct loop_timer timeout;
	bool timed_out;
	exec_done_fn done;
	void *arg;
};

static void close_input(struct exec_job *j)
{
	if (j->in < 0)
		return;
	loop_fd_del(j->loop, j->in);
	close(j->in);
	j->in = -1;
}

static void job_free(struct exec_job *j)
{
	close_input(j);
	if (j->pidfd >= 0) {
		loop_fd_del(j->loop, j->pidfd);
		close(j->pidfd);
	}
	loop_timer_stop(j->loop, &j->timeout);
	free(j->input);
	free(j);
}

static void on_writable(int fd, short revents, void *arg)
{
	struct exec_job *j = arg;
	ssize_t n;

	(void)fd;
	if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
		close_input(j); /* the command does not read its input: its exit decides */
		return;
	}
	n = write(j->in, j->input + j->off, j->len - j->off);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		close_input(j);
		return;
	}
	j->off += (size_t)n;
	if (j->off == j->len)
		close_input(j);
}

static void on_exit_fd(int fd, short revents, void *arg)
{
	struct exec_job *j = arg;
	char why[64];
	int status, code = -1;
	const char *error = NULL;

	(void)fd;
	(void)revents;
	if (waitpid(j->pid, &status, WNOHANG) != j->pid)
		return;
	if (j->timed_out) {
		error = "timed out";
	} else if (WIFEXITED(status)) {
		code = WEXITSTATUS(status);
	} else {
		snprintf(why, sizeof(why), "killed by signal %d",
		         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		error = why;
	}
	j->done(j->arg, code, error);
	job_free(j);
}

static void on_timeout(void *arg)
{
	struct exec_job *j = arg;

	j->timed_out = true;
	kill(-j->pid, SIGKILL);
}

int exec_run(struct loop *loop, const char *command, const char *input, double timeout,
             exec_done_fn done, void *arg, struct exec_job **out)
{
	struct exec_job *j;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		log_warn("exec: %s: pipe", command);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_warn("exec: %s: fork", command);
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		sigset_t none;
		int devnull = open("/dev/null", O_WRONLY);

		setpgid(0, 0);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(p[0], 0) < 0 || devnull < 0 || dup2(devnull, 1) < 0)
			_exit(127);
		close_range(3, ~0U, 0);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid); /* both sides: no race with the kill of a timeout */
	close(p[0]);
	j = xcalloc(1, sizeof(*j));
	j->loop = loop;
	j->pid = pid;
	j->in = p[1];
	j->input = xstrdup(input);
	j->len = strlen(input);
	j->done = done;
	j->arg = arg;
	j->pidfd = pidfd_open(pid, 0);
	if (j->pidfd < 0) {
		log_warn("exec: %s: pidfd_open", command);
		kill(-pid, SIGKILL);
		waitpid(pid, NULL, 0);
		job_free(j);
		return -1;
	}
	fcntl(j->in, F_SETFL, O_NONBLOCK);
	loop_timer_init(&j->timeout, on_timeout, j);
	loop_timer_after(loop, &j->timeout, timeout);
	if (loop_fd_add(loop, j->pidfd, POLLIN, on_exit_fd, j) < 0 ||
	    (j->len > 0 && loop_fd_add(loop, j->in, POLLOUT, on_writable, j) < 0)) {
		exec_cancel(j);
		return -1;
	}
	if (j->len == 0)
		close_input(j);
	if (out != NULL)
		*out = j;
	return 0;
}

void exec_cancel(struct exec_job *j)
{
	if (j == NULL)
		return;
	kill(-j->pid, SIGKILL);
	waitpid(j->pid, NULL, 0);
	job_free(j);
}
