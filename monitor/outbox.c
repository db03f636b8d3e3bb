/* outbox: the store is the queue. An event is journalled once, fanned out to each delivery
 * output's queue, and a row leaves a queue only after its delivery succeeded (or was
 * refused for good), so a crash at any point means "send again", never "lost". */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/exec_output.h"
#include "monitor/outbox.h"
#include "monitor/tmf621.h"
#include "monitor/webhook.h"

#define POLL_INTERVAL 1.0 /* seconds: other processes (ontwatchctl) may journal events */

struct flight {
	struct output_q *q;
	int64_t event;
	char *order_id;
	int attempts;
	struct exec_job *job;
	struct flight *next;
};

struct output_q {
	struct outbox *ob;
	const struct conf_output *c;
	struct flight *flights;
	size_t n;
	struct log_ratelimit complain;
	uint64_t delivered, failed; /* since the outbox was built */
};

struct outbox {
	struct loop *loop;
	struct store *st;
	struct webhook *wh;
	struct output_q *q;
	size_t nq;
	struct loop_timer scan;
	double next_prune; /* monotonic */
	int retention_days;
};

int outbox_msg_id(const char *order_id, int64_t event, char *buf, size_t len)
{
	int n = snprintf(buf, len, "msg_%lld_%s", (long long)event, order_id);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

enum outbox_verdict outbox_classify_http(long status)
{
	if (status >= 200 && status < 300)
		return OUTBOX_DONE;
	if (status == 408 || status == 429 || status >= 500 || status == 0)
		return OUTBOX_RETRY;
	return OUTBOX_DEAD;
}

double outbox_backoff(double initial, double max, int attempts, double u)
{
	double d = initial * pow(2, attempts > 60 ? 60 : attempts);

	if (d > max)
		d = max;
	return d * (0.5 + 0.5 * u);
}

int outbox_submit(struct store *st, const char *order_id, const char *json, int64_t time,
                  int64_t *id)
{
	json_t *j = json_loads(json, JSON_REJECT_DUPLICATES, NULL);
	const char *name = json_string_value(json_object_get(j, "event"));
	int rc;

	if (!json_is_object(j) || name == NULL || order_id == NULL || order_id[0] == '\0') {
		json_decref(j);
		return -2;
	}
	rc = store_journal_add(st, order_id, name, json, time, id);
	json_decref(j);
	return rc;
}

static void flight_free(struct flight *f)
{
	if (f == NULL)
		return;
	exec_cancel(f->job);
	free(f->order_id);
	free(f);
}

static void flight_unlink(struct flight *f)
{
	struct output_q *q = f->q;

	for (struct flight **p = &q->flights; *p != NULL; p = &(*p)->next)
		if (*p == f) {
			*p = f->next;
			q->n--;
			return;
		}
}

static bool in_flight(const struct output_q *q, const char *order_id)
{
	for (const struct flight *f = q->flights; f != NULL; f = f->next)
		if (strcmp(f->order_id, order_id) == 0)
			return true;
	return false;
}

/* Record the outcome in the store and look for more work. */
static void finish(struct flight *f, enum outbox_verdict v, int status, const char *what,
                   const char *response, double retry_after)
{
	struct output_q *q = f->q;
	struct outbox *ob = q->ob;
	double now = loop_wall(ob->loop);
	char msg[320];

	flight_unlink(f);
	f->job = NULL;
	switch (v) {
	case OUTBOX_DONE:
		q->delivered++;
		log_debug("output %s: order %s event %lld delivered", q->c->name, f->order_id,
		          (long long)f->event);
		store_outbox_done(ob->st, q->c->name, f->event);
		log_ratelimit_reset(&q->complain);
		break;
	case OUTBOX_RETRY: {
		double delay = outbox_backoff(q->c->retry_initial, q->c->retry_max, f->attempts,
		                              (double)arc4random_uniform(1u << 20) / (1u << 20));

		q->failed++;
		/* a receiver's Retry-After (429, 503) is honoured up to retry_max */
		if (retry_after > delay)
			delay = retry_after < q->c->retry_max ? retry_after : q->c->retry_max;

		log_warnx_limited(&q->complain, (time_t)now,
		                  "output %s: order %s event %lld: %s; retry %d in %.1f s",
		                  q->c->name, f->order_id, (long long)f->event, what,
		                  f->attempts + 1, delay);
		snprintf(msg, sizeof(msg), "%s", what);
		store_outbox_retry(ob->st, q->c->name, f->event, now + delay, msg);
		break;
	}
	case OUTBOX_DEAD:
		q->failed++;
		log_warnx("output %s: order %s event %lld: %s; moved to the dead letters",
		          q->c->name, f->order_id, (long long)f->event, what);
		store_outbox_dead(ob->st, q->c->name, f->event, (int64_t)now, status, response);
		break;
	}
	flight_free(f);
	outbox_kick(ob);
}

static void on_webhook_done(void *arg, const struct webhook_result *r)
{
	struct flight *f = arg;
	char what[300];

	if (r->error != NULL) {
		snprintf(what, sizeof(what), "%s", r->error);
		finish(f, OUTBOX_RETRY, 0, what, NULL, 0);
		return;
	}
	snprintf(what, sizeof(what), "HTTP %ld", r->status);
	finish(f, outbox_classify_http(r->status), (int)r->status, what, r->body, r->retry_after);
}

static void on_exec_done(void *arg, int status, const char *error)
{
	struct flight *f = arg;
	char what[128];

	if (status == 0) {
		finish(f, OUTBOX_DONE, 0, "exit 0", NULL, 0);
		return;
	}
	if (error != NULL)
		snprintf(what, sizeof(what), "command %s", error);
	else
		snprintf(what, sizeof(what), "command exited with status %d", status);
	finish(f, OUTBOX_RETRY, 0, what, NULL, 0);
}

/* Start one delivery of a queue head. */
static int start(void *arg, const struct store_outbox_item *it)
{
	struct output_q *q = arg;
	struct outbox *ob = q->ob;
	struct flight *f;
	char *body = NULL, id[256];
	const char *why = NULL;
	int rc;

	if ((size_t)q->c->max_in_flight <= q->n)
		return 1;
	if (in_flight(q, it->order_id))
		return 0;
	if (q->c->format == CONF_FORMAT_TMF621 && tmf621_from_event(it->body, &body, &why) < 0) {
		q->failed++;
		log_warnx("output %s: order %s event %lld: cannot map to TMF621: %s", q->c->name,
		          it->order_id, (long long)it->event, why);
		store_outbox_dead(ob->st, q->c->name, it->event, (int64_t)loop_wall(ob->loop), 0,
		                  why);
		return 0;
	}
	f = xcalloc(1, sizeof(*f));
	f->q = q;
	f->event = it->event;
	f->order_id = xstrdup(it->order_id);
	f->attempts = it->attempts;
	outbox_msg_id(it->order_id, it->event, id, sizeof(id));
	if (q->c->type == CONF_OUTPUT_WEBHOOK)
		rc = webhook_post(ob->wh, q->c->url, q->c->secret, id, (int64_t)loop_wall(ob->loop),
		                  body ? body : it->body, q->c->timeout, on_webhook_done, f);
	else
		rc = exec_run(ob->loop, q->c->command, body ? body : it->body, q->c->timeout,
		              on_exec_done, f, &f->job);
	free(body);
	f->next = q->flights;
	q->flights = f;
	q->n++;
	if (rc < 0) /* could not even start: a failed attempt */
		finish(f, OUTBOX_RETRY, 0, "cannot start the delivery", NULL, 0);
	return 0;
}

static void scan(void *arg)
{
	struct outbox *ob = arg;
	double now = loop_wall(ob->loop), wait = POLL_INTERVAL;

	/* delivered history goes with the readings' retention */
	if (loop_now(ob->loop) >= ob->next_prune) {
		int64_t deleted = 0;

		ob->next_prune = loop_now(ob->loop) + 3600;
		if (store_journal_prune(ob->st, (int64_t)now - (int64_t)ob->retention_days * 86400,
		                        &deleted) == 0 &&
		    deleted > 0)
			log_info("outbox: pruned %lld delivered events", (long long)deleted);
	}

	for (size_t i = 0; i < ob->nq; i++) {
		struct output_q *q = &ob->q[i];
		int64_t added = 0;
		double due;

		if (store_outbox_fanout(ob->st, q->c->name, &added) < 0)
			continue;
		if (q->n < (size_t)q->c->max_in_flight)
			store_outbox_ready(ob->st, q->c->name, now, q->c->max_in_flight + (int)q->n,
			                   start, q);
		if (store_outbox_next_due(ob->st, q->c->name, &due) == 0 && due > now &&
		    due - now < wait)
			wait = due - now;
	}
	loop_timer_after(ob->loop, &ob->scan, wait < 0.01 ? 0.01 : wait);
}

int outbox_new(struct loop *loop, struct store *st, const struct conf *conf, struct outbox **out)
{
	struct outbox *ob = xcalloc(1, sizeof(*ob));

	ob->loop = loop;
	ob->st = st;
	ob->retention_days = conf->retention_days;
	ob->q = xcalloc(conf->noutputs + 1, sizeof(*ob->q));
	for (size_t i = 0; i < conf->noutputs; i++) {
		const struct conf_output *c = &conf->outputs[i];

		if (c->type != CONF_OUTPUT_WEBHOOK && c->type != CONF_OUTPUT_EXEC)
			continue;
		ob->q[ob->nq].ob = ob;
		ob->q[ob->nq].c = c;
		ob->q[ob->nq].complain.interval = 60;
		ob->nq++;
	}
	/* register every output with the store now: events journalled from here on are
	 * delivered to it even if the daemon dies before its first scan */
	for (size_t i = 0; i < ob->nq; i++) {
		int64_t added;

		if (store_outbox_fanout(st, ob->q[i].c->name, &added) < 0) {
			free(ob->q);
			free(ob);
			return -1;
		}
	}
	if (ob->nq > 0)
		ob->wh = webhook_new(loop);
	loop_timer_init(&ob->scan, scan, ob);
	if (ob->nq > 0)
		loop_timer_after(loop, &ob->scan, 0);
	*out = ob;
	return 0;
}

void outbox_free(struct outbox *ob)
{
	if (ob == NULL)
		return;
	loop_timer_stop(ob->loop, &ob->scan);
	webhook_free(ob->wh); /* no callbacks: the rows stay queued */
	for (size_t i = 0; i < ob->nq; i++)
		while (ob->q[i].flights != NULL) {
			struct flight *f = ob->q[i].flights;

			ob->q[i].flights = f->next;
			flight_free(f);
		}
	free(ob->q);
	free(ob);
}

void outbox_kick(struct outbox *ob)
{
	if (ob != NULL && ob->nq > 0)
		loop_timer_after(ob->loop, &ob->scan, 0);
}

int outbox_stats(const struct outbox *ob, size_t i, struct outbox_stats *out)
{
	if (ob == NULL || i >= ob->nq)
		return -1;
	out->output = ob->q[i].c->name;
	out->delivered = ob->q[i].delivered;
	out->failed = ob->q[i].failed;
	return 0;
}
