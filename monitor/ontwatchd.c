/* ontwatchd: the daemon's top. It owns the configuration, the store and the event loop;
 * signal handlers only set flags, and the loop acts on them between rounds. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/loop.h"
#include "lib/xmalloc.h"
#include "monitor/api.h"
#include "monitor/capture_daemon.h"
#include "monitor/conf.h"
#include "monitor/conf_capture.h"
#include "monitor/engine.h"
#include "monitor/outbox.h"
#include "monitor/output.h"
#include "monitor/poll.h"
#include "monitor/store.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONF SYSCONFDIR "/ontwatch/ontwatch.conf"

/* The only mutable globals: what signal handlers may touch. */
static volatile sig_atomic_t got_term, got_hup;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

struct daemon {
	const char *conf_path;
	struct conf *conf;
	struct store *store;
	struct output_set *outputs; /* where order events go */
	struct outbox *outbox;      /* webhook and exec deliveries from the store */
	struct engine *engine;      /* readings -> detection -> orders */
	struct api *api;            /* HTTP /api/v1, when enabled */
	struct api_deps deps;       /* what the API reads, kept current here */
	struct loop *loop;
	struct loop_timer retention;
	struct capture_daemon *capture; /* NULL without a capture section */
	int verbosity;                  /* -v count: raises the configured log level */

	struct poll_set *polls; /* SNMP polling of the configured OLTs */
	bool once;              /* --once: poll every OLT once, store, summarise, exit */
};

static void apply_log_level(struct daemon *d)
{
	int level = d->conf->log_level + d->verbosity;

	log_setlevel(level > LOG_LVL_DEBUG ? LOG_LVL_DEBUG : level);
}

/* Drop readings older than the retention, hourly (and once at start). */
static void retention_run(void *arg)
{
	struct daemon *d = arg;
	int64_t cutoff = (int64_t)loop_wall(d->loop) - (int64_t)d->conf->retention_days * 86400;
	int64_t deleted = 0;

	if (store_readings_prune(d->store, cutoff, &deleted) == 0 && deleted > 0)
		log_info("store: pruned %lld readings older than %d days", (long long)deleted,
		         d->conf->retention_days);
	/* a restart continues from these plus the readings since (at most an hour of them) */
	if (d->engine != NULL)
		engine_snapshot(d->engine, (int64_t)loop_wall(d->loop));
	loop_timer_after(d->loop, &d->retention, 3600);
}

/* A status report was stored: write it to the file outputs and deliver it to the others
 * without waiting for the next outbox poll. */
static void api_changed(void *arg, const char *order_id)
{
	struct daemon *d = arg;

	engine_announce(d->engine, order_id);
	/* a completed order is watched for its verdict from the next poll on */
	engine_orders_changed(d->engine);
}

/* The API reads the daemon through deps; refresh it whenever a part is replaced. */
static void api_deps_update(struct daemon *d)
{
	d->deps.conf_path = d->conf_path;
	d->deps.conf = d->conf;
	d->deps.store = d->store;
	d->deps.engine = d->engine;
	d->deps.polls = d->polls;
	d->deps.outbox = d->outbox;
	d->deps.capture = d->capture;
	d->deps.changed = api_changed;
	d->deps.arg = d;
}

static void log_conf(const struct conf *conf)
{
	log_info("configuration %s: %zu OLTs, %zu threshold profiles, %zu outputs", conf->file,
	         conf->nolts, conf->nprofiles, conf->noutputs);
}

/* Traps are optional: a listener that cannot bind is logged and polling goes on. */
static void listen_traps(struct daemon *d, const struct conf *conf)
{
	if (conf->trap_listen == NULL || conf->trap_listen[0] == '\0')
		return;
	if (poll_set_listen_traps(d->polls, d->loop, conf->trap_listen) == 0)
		log_info("snmp: listening for traps on %s", conf->trap_listen);
}

static void reload_result_clear(struct api_reload_result *r)
{
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->errors);
	r->errors = NULL;
	r->nerrors = 0;
}

/* Remember a reload's outcome for the API (the messages move into the result). */
static void reload_outcome(struct daemon *d, bool ok, struct conf_errors *errs, const char *why)
{
	struct api_reload_result *r = &d->deps.last_reload;

	reload_result_clear(r);
	r->at = (int64_t)loop_wall(d->loop);
	r->ok = ok;
	if (errs != NULL && errs->n > 0) {
		r->errors = errs->msg;
		r->nerrors = errs->n;
		errs->msg = NULL;
		errs->n = 0;
	} else if (why != NULL) {
		r->errors = xcalloc(1, sizeof(*r->errors));
		r->errors[0] = xstrdup(why);
		r->nerrors = 1;
	}
}

/* Parse the file again; swap only when the whole new configuration is valid. */
static void reload(struct daemon *d)
{
	struct conf_errors errs = { 0 };
	struct output_set *outputs = NULL;
	struct poll_set *polls = NULL;
	struct conf *fresh = NULL;
	bool http_changed;

	if (conf_load(d->conf_path, &fresh, &errs) < 0) {
		for (size_t i = 0; i < errs.n; i++)
			log_warnx("reload: %s", errs.msg[i]);
		log_warnx("reload: %zu error%s; keeping the running configuration", errs.n,
		          errs.n == 1 ? "" : "s");
		reload_outcome(d, false, &errs, NULL);
		conf_errors_clear(&errs);
		return;
	}
	/* Outputs are part of the configuration: if the new ones cannot be
	 * opened, the reload is refused as a whole. Reopening also lets
	 * logrotate move the files away before SIGHUP. */
	if (output_set_open(fresh, &outputs) < 0) {
		log_warnx("reload: outputs cannot be opened; keeping the running configuration");
		reload_outcome(d, false, NULL, "outputs cannot be opened (see the daemon's log)");
		conf_free(fresh);
		return;
	}
	if (poll_set_new(fresh, d->loop, d->store, engine_poll_readings, d->engine, &polls) < 0) {
		log_warnx("reload: OLTs cannot be polled as configured; keeping the running "
		          "configuration");
		reload_outcome(d, false, NULL,
		               "OLTs cannot be polled as configured (see the daemon's log)");
		output_set_close(outputs);
		conf_free(fresh);
		return;
	}
	/* the old set must release the trap port before the new one binds it */
	poll_set_free(d->polls);
	d->polls = polls;
	poll_set_start(d->polls);
	listen_traps(d, fresh);
	output_set_close(d->outputs);
	d->outputs = outputs;
	/* deliveries in flight are dropped and sent again from the store's queue */
	engine_set_outbox(d->engine, NULL);
	outbox_free(d->outbox);
	d->outbox = NULL;
	if (strcmp(fresh->store_path, d->conf->store_path) != 0)
		log_warnx("reload: store.path changed to %s; it takes effect at restart",
		          fresh->store_path);
	/* the HTTP server restarts only when its settings changed: a reload requested over
	 * the API must be able to answer on the same server */
	http_changed = api_conf_changed(d->conf, fresh);
	conf_free(d->conf);
	d->conf = fresh;
	engine_reconfigure(d->engine, d->conf, d->outputs);
	outbox_new(d->loop, d->store, d->conf, &d->outbox);
	engine_set_outbox(d->engine, d->outbox);
	api_deps_update(d);
	/* a server that failed to start at an earlier reload (port taken, say) is tried again,
	 * or the API would stay off until its settings changed */
	if (http_changed || (d->api == NULL && d->conf->dispatch.http_enabled)) {
		/* the server restarts with the new settings; a failure is logged and leaves
		 * it off */
		api_stop(d->api);
		api_start(d->loop, &d->deps, &d->api);
	}
	apply_log_level(d);
	if (d->capture != NULL)
		capture_daemon_reconfigure(d->capture, d->conf);
	else if (d->conf->capture != NULL && d->conf->capture->enabled)
		log_warnx("reload: capture takes effect at restart");
	reload_outcome(d, true, NULL, NULL);
	log_info("reload: configuration reloaded");
	log_conf(d->conf);
}

/* -n: the configuration parses, and every enabled OLT has a usable vendor profile and
 * SNMP settings (the same checks start-up makes), without touching the store. */
static int check_conf(struct daemon *d)
{
	struct loop *loop = loop_new(NULL);
	struct poll_set *polls = NULL;
	int rc = poll_set_new(d->conf, loop, NULL, NULL, NULL, &polls);

	poll_set_free(polls);
	snmp_session_lib_shutdown();
	loop_free(loop);
	if (rc == 0)
		printf("%s: configuration OK\n", d->conf_path);
	conf_free(d->conf);
	return rc == 0 ? 0 : 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: ontwatchd [-n] [-v] [--once] [-f FILE]\n"
	                "  -f FILE  configuration (default " DEFAULT_CONF ")\n"
	                "  -n       check the configuration and exit\n"
	                "  -v       more logging (repeat for debug)\n"
	                "  --once   poll every OLT once, store, print a summary, exit\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct daemon d = { .conf_path = DEFAULT_CONF };
	struct conf_errors errs = { 0 };
	struct sigaction sa;
	sigset_t block, waitmask;
	bool check_only = false;
	int ch, rc = 1;

	static const struct option long_opts[] = { { "once", no_argument, NULL, 'O' },
		                                   { NULL, 0, NULL, 0 } };

	while ((ch = getopt_long(argc, argv, "f:nvh", long_opts, NULL)) != -1) {
		switch (ch) {
		case 'O':
			d.once = true;
			break;
		case 'f':
			d.conf_path = optarg;
			break;
		case 'n':
			check_only = true;
			break;
		case 'v':
			d.verbosity++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("ontwatchd", LOG_LVL_INFO, false);

	if (conf_load(d.conf_path, &d.conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fprintf(stderr, "ontwatchd: %s: %zu error%s\n", d.conf_path, errs.n,
		        errs.n == 1 ? "" : "s");
		conf_errors_clear(&errs);
		return 1;
	}
	if (check_only)
		return check_conf(&d);
	apply_log_level(&d);

	/* Signals stay blocked except while the loop waits in ppoll(), so a
	 * flag set by a handler is always seen before the next wait. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGHUP);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (store_open(d.conf->store_path, &d.store) < 0)
		goto out;
	if (output_set_open(d.conf, &d.outputs) < 0)
		goto out;
	d.loop = loop_new(&waitmask);
	loop_timer_init(&d.retention, retention_run, &d);
	loop_timer_after(d.loop, &d.retention, 0);
	if (d.conf->capture != NULL && d.conf->capture->enabled &&
	    capture_daemon_start(d.loop, d.store, d.conf, &d.capture) < 0)
		goto out;

	if (engine_open(d.conf, d.store, d.outputs, &d.engine) < 0)
		goto out;
	if (d.capture != NULL)
		capture_daemon_on_bucket(d.capture, engine_sessions_check, d.engine);
	if (poll_set_new(d.conf, d.loop, d.store, engine_poll_readings, d.engine, &d.polls) < 0)
		goto out;
	if (d.once) {
		char summary[256];

		poll_set_poll_all(d.polls);
		while (poll_set_busy(d.polls) && !got_term)
			if (loop_run_once(d.loop, 1.0) < 0)
				break;
		poll_set_summary(d.polls, summary, sizeof(summary));
		printf("ontwatchd: %s\n", summary);
		rc = poll_set_busy(d.polls) ? 1 : 0;
		goto out;
	}
	poll_set_start(d.polls);
	listen_traps(&d, d.conf);
	/* deliveries and the HTTP endpoint belong to the long-running daemon, not to --once */
	if (outbox_new(d.loop, d.store, d.conf, &d.outbox) < 0)
		goto out;
	d.deps.started = (int64_t)loop_wall(d.loop);
	api_deps_update(&d);
	if (api_start(d.loop, &d.deps, &d.api) < 0)
		goto out;
	engine_set_outbox(d.engine, d.outbox);
	engine_silences_watch(d.engine, d.loop);

	log_info("started (version %s, pid %d); store %s (schema %d)", PACKAGE_VERSION,
	         (int)getpid(), d.conf->store_path, store_schema_version(d.store));
	log_conf(d.conf);
	while (!got_term) {
		if (got_hup || d.deps.reload_requested) {
			got_hup = 0;
			d.deps.reload_requested = false;
			reload(&d);
		}
		if (loop_run_once(d.loop, 60) < 0)
			break;
	}
	log_info("shutting down");
	rc = 0;
out:
	capture_daemon_stop(d.capture);
	poll_set_free(d.polls);
	if (d.engine != NULL && d.loop != NULL)
		engine_snapshot(d.engine, (int64_t)loop_wall(d.loop));
	engine_close(d.engine);
	snmp_session_lib_shutdown();
	api_stop(d.api);
	reload_result_clear(&d.deps.last_reload);
	outbox_free(d.outbox);
	loop_free(d.loop);
	output_set_close(d.outputs);
	store_close(d.store);
	conf_free(d.conf);
	return rc;
}
