/* api_whatif: POST /api/v1/whatif and GET /api/v1/whatif/{job}. Each job runs in a forked
 * child with its own read-only store connection (an SQLite handle must not cross a fork), so
 * the loop never waits on it; the parent reads the child's JSON answer from a pipe. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/api_int.h"
#include "monitor/whatif.h"

#define JOBS_RUNNING_MAX 2
#define JOBS_KEPT_MAX    32
#define JOB_KEEP_SECONDS 3600
#define JOB_ID_MAX       24
#define ANSWER_MAX       (64u << 20) /* the child's JSON; orders lists are capped far below */
#define REAP_RETRY       0.05        /* seconds between waitpid attempts after EOF or a kill */

enum job_state { JOB_RUNNING = 0, JOB_DONE, JOB_FAILED };

static const struct {
	enum job_state state;
	const char *name;
} job_states[] = {
	{ JOB_RUNNING, "running" },
	{ JOB_DONE, "done" },
	{ JOB_FAILED, "failed" },
};

struct job {
	struct whatif_jobs *jobs;
	char id[JOB_ID_MAX];
	enum job_state state;
	pid_t pid; /* 0 once reaped */
	int fd;    /* read end of the child's pipe, -1 once closed */
	char *buf; /* the child's answer so far */
	size_t len, cap;
	bool timed_out;
	int64_t started, finished; /* wall clock */
	double mono_started;
	json_t *result; /* done: the engine's result */
	char *error;    /* failed */
	struct loop_timer deadline, reap;
};

struct whatif_jobs {
	struct api *api;
	struct job *v[JOBS_KEPT_MAX];
	size_t n;
	unsigned next_id;
	double timeout;      /* seconds a child may run */
	size_t max_readings; /* passed to the engine */
};

static const char *state_name(enum job_state s)
{
	for (size_t i = 0; i < sizeof(job_states) / sizeof(job_states[0]); i++)
		if (job_states[i].state == s)
			return job_states[i].name;
	return "unknown";
}

/* --- the child ------------------------------------------------------------------------ */

static void write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, s, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the parent is gone or gave up */
		s += w;
		len -= (size_t)w;
	}
}

/* Close the sockets and pipes the child inherited (client connections, the listener, SNMP,
 * other jobs' pipes) so none stays open for as long as the job runs. Files stay: SQLite's
 * bookkeeping of the parent's connection still names them. */
static void close_inherited(int keep)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int self = d ? dirfd(d) : -1;

	while (d != NULL && (e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);
		struct stat sb;

		if (fd <= 2 || fd == keep || fd == self || fstat(fd, &sb) < 0)
			continue;
		if (S_ISSOCK(sb.st_mode) || S_ISFIFO(sb.st_mode))
			close(fd);
	}
	if (d != NULL)
		closedir(d);
}

/* Runs in the child; never returns. Exit 0 with {"result": ...}, or 2 with {"error": ...}. */
static void child_run(int fd, const char *store_path, const struct conf *conf,
                      const struct whatif_request *req) __attribute__((noreturn));

static void child_run(int fd, const char *store_path, const struct conf *conf,
                      const struct whatif_request *req)
{
	struct store *st = NULL;
	struct whatif_result *res = NULL;
	char err[WHATIF_ERR_MAX] = "";
	sigset_t none;
	json_t *answer;
	char *text;
	int code = 2;

	/* the daemon blocks its signals outside the loop's wait; a child must be killable */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	close_inherited(fd);
	if (store_open_readonly(store_path, &st) < 0) {
		snprintf(err, sizeof(err), "cannot open the store read-only");
		answer = json_pack("{s:s}", "error", err);
	} else if (whatif_run(st, conf, req, &res, err) != 0) {
		answer = json_pack("{s:s}", "error", err);
	} else {
		answer = json_pack("{s:o}", "result", whatif_result_json(res));
		code = 0;
	}
	text = json_dumps(answer, JSON_COMPACT);
	if (text != NULL)
		write_all(fd, text, strlen(text));
	/* no store_close: nothing to flush on a read-only connection, and _exit skips the
	 * parent's atexit handlers and stdio buffers, which are not ours */
	_exit(text != NULL ? code : 2);
}

/* --- the parent's side of a job ------------------------------------------------------- */

static void job_close_fd(struct job *j)
{
	if (j->fd < 0)
		return;
	loop_fd_del(j->jobs->api->loop, j->fd);
	close(j->fd);
	j->fd = -1;
}

static void job_fail(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void job_end(struct job *j, enum job_state state)
{
	struct api *api = j->jobs->api;

	j->state = state;
	j->finished = api_now(api);
	loop_timer_stop(api->loop, &j->deadline);
	if (state == JOB_DONE)
		log_info("api: whatif %s: done in %.1f s", j->id,
		         loop_now(api->loop) - j->mono_started);
	else
		log_warnx("api: whatif %s: failed: %s", j->id, j->error);
}

static void job_fail(struct job *j, const char *fmt, ...)
{
	va_list ap;
	char msg[WHATIF_ERR_MAX + 64];

	if (j->state != JOB_RUNNING)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j->error = xstrdup(msg);
	job_end(j, JOB_FAILED);
}

/* The child has exited with `status` and its pipe is drained: judge the answer. */
static void job_judge(struct job *j, int status)
{
	json_t *answer = NULL, *v;

	if (j->timed_out) {
		job_fail(j, "timed out after %.0f s", j->jobs->timeout);
		return;
	}
	if (WIFSIGNALED(status)) {
		job_fail(j, "the what-if process died (signal %d)", WTERMSIG(status));
		return;
	}
	if (j->len > 0)
		answer = json_loadb(j->buf, j->len, 0, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    json_is_object(v = json_object_get(answer, "result"))) {
		j->result = json_incref(v);
		job_end(j, JOB_DONE);
	} else if (json_is_string(v = json_object_get(answer, "error"))) {
		job_fail(j, "%s", json_string_value(v));
	} else {
		job_fail(j, "the what-if process exited with status %d and no answer",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	json_decref(answer);
	free(j->buf);
	j->buf = NULL;
	j->len = j->cap = 0;
}

static void try_reap(void *arg)
{
	struct job *j = arg;
	int status;
	pid_t rc;

	if (j->pid == 0)
		return;
	rc = waitpid(j->pid, &status, WNOHANG);
	if (rc == 0) { /* exiting or killed, not yet gone */
		loop_timer_after(j->jobs->api->loop, &j->reap, REAP_RETRY);
		return;
	}
	j->pid = 0;
	job_close_fd(j);
	if (rc < 0)
		job_fail(j, "the what-if process was lost (%s)", strerror(errno));
	else
		job_judge(j, status);
}

static void on_readable(int fd, short revents, void *arg)
{
	struct job *j = arg;

	(void)revents;
	for (;;) {
		ssize_t r;

		if (j->cap - j->len < 65536) {
			j->cap = j->cap ? j->cap * 2 : 65536;
			j->buf = xreallocarray(j->buf, j->cap, 1);
		}
		r = read(fd, j->buf + j->len, j->cap - j->len);
		if (r > 0) {
			j->len += (size_t)r;
			if (j->len > ANSWER_MAX) {
				kill(j->pid, SIGKILL);
				job_fail(j, "the answer is larger than %u bytes", ANSWER_MAX);
				break;
			}
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break; /* EOF (the child is exiting) or an error */
	}
	job_close_fd(j);
	try_reap(j);
}

static void on_deadline(void *arg)
{
	struct job *j = arg;

	if (j->pid > 0) {
		j->timed_out = true;
		kill(j->pid, SIGKILL);
		try_reap(j);
	}
}

/* Kill and reap (blocking: only at stop, when the child has just been killed). */
static void job_free(struct job *j)
{
	struct loop *loop = j->jobs->api->loop;

	if (j->pid > 0) {
		kill(j->pid, SIGKILL);
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	job_close_fd(j);
	loop_timer_stop(loop, &j->deadline);
	loop_timer_stop(loop, &j->reap);
	json_decref(j->result);
	free(j->error);
	free(j->buf);
	free(j);
}

/* --- the job list --------------------------------------------------------------------- */

static struct whatif_jobs *jobs_of(struct api *api)
{
	if (api->whatif == NULL) {
		api->whatif = xcalloc(1, sizeof(*api->whatif));
		api->whatif->api = api;
		api->whatif->timeout = api->deps->conf->dispatch.http_whatif_timeout;
		api->whatif->max_readings =
		    (size_t)api->deps->conf->dispatch.http_whatif_max_readings;
	}
	return api->whatif;
}

static void jobs_remove(struct whatif_jobs *js, size_t i)
{
	job_free(js->v[i]);
	memmove(&js->v[i], &js->v[i + 1], (js->n - i - 1) * sizeof(js->v[0]));
	js->n--;
}

/* Forget finished jobs after an hour; make room for one more (the oldest finished goes). */
static void jobs_prune(struct whatif_jobs *js, bool room)
{
	int64_t now = api_now(js->api);

	for (size_t i = js->n; i-- > 0;)
		if (js->v[i]->state != JOB_RUNNING && js->v[i]->pid == 0 &&
		    now - js->v[i]->finished >= JOB_KEEP_SECONDS)
			jobs_remove(js, i);
	for (size_t i = 0; room && js->n == JOBS_KEPT_MAX && i < js->n; i++)
		if (js->v[i]->state != JOB_RUNNING && js->v[i]->pid == 0)
			jobs_remove(js, i);
}

static size_t jobs_running(const struct whatif_jobs *js)
{
	size_t n = 0;

	for (size_t i = 0; i < js->n; i++)
		n += js->v[i]->state == JOB_RUNNING || js->v[i]->pid > 0;
	return n;
}

void api_whatif_free(struct api *api)
{
	struct whatif_jobs *js = api ? api->whatif : NULL;

	if (js == NULL)
		return;
	for (size_t i = 0; i < js->n; i++)
		job_free(js->v[i]);
	free(js);
	api->whatif = NULL;
}

/* Fork the child; the job is running on success. 0, or -1 (logged). */
static int job_spawn(struct whatif_jobs *js, struct job *j, const struct whatif_request *req)
{
	const struct conf *conf = js->api->deps->conf;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		log_warn("api: whatif: pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_warn("api: whatif: fork");
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		child_run(p[1], conf->store_path, conf, req);
	}
	close(p[1]);
	if (fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK) < 0 ||
	    loop_fd_add(js->api->loop, p[0], POLLIN, on_readable, j) < 0) {
		log_warn("api: whatif: watching the job's pipe");
		close(p[0]);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -1;
	}
	j->pid = pid;
	j->fd = p[0];
	loop_timer_after(js->api->loop, &j->deadline, js->timeout);
	return 0;
}

/* POST /api/v1/whatif */
void api_whatif_start(void *ctx, const struct http_request *req, struct http_response *res)
{
	static const char *const allowed[] = { "olt", "port",    "serials", "from",
		                               "to",  "profile", NULL };
	struct api *api = ctx;
	struct whatif_jobs *js = jobs_of(api);
	struct whatif_request wr;
	char err[WHATIF_ERR_MAX] = "";
	json_t *body;
	struct job *j;
	int rc;

	jobs_prune(js, false);
	body = api_body_object(req, res, allowed);
	if (body == NULL)
		return;
	rc = whatif_request_parse(body, api->deps->conf, api_now(api), &wr, err);
	json_decref(body);
	if (rc != 0) {
		api_fail(res, 400, err);
		return;
	}
	wr.max_readings = js->max_readings;
	rc = whatif_check(api->deps->store, &wr, err);
	if (rc != 0) {
		api_fail(res, rc == WHATIF_NOT_FOUND ? 404 : 500, err);
		goto out;
	}
	if (jobs_running(js) >= JOBS_RUNNING_MAX) {
		api_fail(res, 429, "2 what-if jobs are running; try again when one is done");
		goto out;
	}
	jobs_prune(js, true);
	if (js->n == JOBS_KEPT_MAX) { /* every kept job is still running or being reaped */
		api_fail(res, 429, "too many what-if jobs; try again later");
		goto out;
	}
	j = xcalloc(1, sizeof(*j));
	j->jobs = js;
	j->fd = -1;
	j->started = api_now(api);
	j->mono_started = loop_now(api->loop);
	loop_timer_init(&j->deadline, on_deadline, j);
	loop_timer_init(&j->reap, try_reap, j);
	snprintf(j->id, sizeof(j->id), "wi-%u", ++js->next_id);
	if (job_spawn(js, j, &wr) < 0) {
		free(j);
		api_fail(res, 500, "cannot start the what-if process");
		goto out;
	}
	js->v[js->n++] = j;
	log_info("api: whatif %s: started by %s (pid %ld)", j->id,
	         req->token_name ? req->token_name : "?", (long)j->pid);
	api_json(res, 202, json_pack("{s:s, s:s}", "job", j->id, "state", "running"));
out:
	whatif_request_free(&wr);
}

/* GET /api/v1/whatif/{job} */
void api_whatif_get(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	struct whatif_jobs *js = jobs_of(api);
	const struct job *j = NULL;
	json_t *out;

	jobs_prune(js, false);
	for (size_t i = 0; i < js->n && j == NULL; i++)
		if (strcmp(js->v[i]->id, req->params[0]) == 0)
			j = js->v[i];
	if (j == NULL) {
		api_fail(res, 404, "unknown what-if job (jobs are kept for 1 hour)");
		return;
	}
	out = json_pack("{s:s, s:s, s:o, s:o}", "job", j->id, "state", state_name(j->state),
	                "started_at", api_time(j->started), "finished_at",
	                j->state == JOB_RUNNING ? json_null() : api_time(j->finished));
	if (j->state == JOB_DONE)
		json_object_update(out, j->result);
	else if (j->state == JOB_FAILED)
		json_object_set_new(out, "error", json_string(j->error));
	api_json(res, 200, out);
}
