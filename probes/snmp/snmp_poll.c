/* snmp_poll: each OLT has one net-snmp single session whose socket and retransmit
 * timer live in the loop. A poll walks the profile's columns with GETBULK; the columns
 * are split into as many groups as the OLT's in-flight limit, each group having one
 * request outstanding and carrying one varbind per unfinished column. */
#include "config.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "probes/snmp/snmp_decode.h"
#include "probes/snmp/snmp_engine.h"
#include "probes/snmp/snmp_poll.h"
#include "probes/snmp/snmp_rows.h"

#define MAXREP_CAP 256 /* a larger max-repetitions buys nothing and risks tooBig */

struct walk_col {
	const struct snmp_column *col;
	oid base[SNMP_OID_MAX];
	size_t base_len;
	oid last[MAX_OID_LEN];
	size_t last_len;
	bool done;
};

struct group {
	struct olt *olt;
	size_t cols[SNMP_COLUMNS_MAX]; /* indexes into olt->cols */
	size_t ncols;
	size_t req[SNMP_COLUMNS_MAX]; /* columns of the outstanding request, in order */
	size_t nreq;
	int maxrep;
	size_t colcap; /* varbinds per request at most: shrinks for agents that refuse many */
	bool active;   /* part of the running poll */
	bool busy;     /* a request is outstanding */
	struct group *next_wait;
	bool waiting;
};

struct olt {
	struct snmp_poller *p;
	size_t idx;
	struct snmp_target t;
	void *sess;
	int fd;
	netsnmp_large_fd_set fdset;
	struct loop_timer tm_snmp; /* net-snmp's retransmit/timeout schedule */
	struct loop_timer tm_poll; /* next periodic poll */
	/* SNMPv3 engine ID discovery, done in the loop before the session opens. */
	uint8_t engine_id[SNMP_ENGINE_ID_MAX];
	size_t engine_id_len;
	int disc_fd;
	int disc_tries;
	uint32_t disc_id;
	struct loop_timer tm_disc;
	bool reopen; /* close the session before the next poll */
	struct walk_col cols[SNMP_COLUMNS_MAX];
	size_t ncols;
	struct group groups[SNMP_COLUMNS_MAX];
	size_t ngroups;
	size_t nactive; /* groups still walking */
	bool polling;
	bool failed;
	double t0; /* monotonic start */
	struct snmp_rows rows;
	struct snmp_poll_health health; /* of the poll under way, reset at its start */
	struct snmp_poll_health last;   /* of the last finished poll, for the interfaces */
};

struct snmp_poller {
	struct loop *loop;
	unsigned max_inflight;
	unsigned inflight;
	snmp_sink_cb sink;
	void *sink_arg;
	struct olt **olts;
	size_t nolts;
	struct group *wait_head, *wait_tail;
	bool closing;
};

static void group_send(struct group *g);

static void olt_note(struct olt *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keep the first anomaly as the poll's error text; count every one. */
static void olt_note(struct olt *o, const char *fmt, ...)
{
	va_list ap;

	o->health.errors++;
	if (o->health.error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(o->health.error, sizeof(o->health.error), fmt, ap);
	va_end(ap);
}

static void olt_fail(struct olt *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A fatal error for this poll: its text replaces any earlier anomaly. */
static void olt_fail(struct olt *o, const char *fmt, ...)
{
	va_list ap;

	if (o->failed)
		return;
	o->failed = true;
	o->health.errors++;
	va_start(ap, fmt);
	vsnprintf(o->health.error, sizeof(o->health.error), fmt, ap);
	va_end(ap);
}

static void olt_rearm(struct olt *o)
{
	struct timeval tv = { 0, 0 };
	int numfds = 0, block = 1;

	if (o->sess == NULL)
		return;
	NETSNMP_LARGE_FD_ZERO(&o->fdset);
	snmp_sess_select_info2(o->sess, &numfds, &o->fdset, &tv, &block);
	if (block)
		loop_timer_stop(o->p->loop, &o->tm_snmp);
	else
		loop_timer_after(o->p->loop, &o->tm_snmp,
		                 (double)tv.tv_sec + (double)tv.tv_usec / 1e6);
}

static double backoff_delay(const struct olt *o)
{
	double d = o->t.interval;

	for (unsigned i = 0; i < o->health.failures && d < SNMP_BACKOFF_MAX; i++)
		d *= 2;
	return d < SNMP_BACKOFF_MAX ? d : SNMP_BACKOFF_MAX;
}

static void olt_finish(struct olt *o)
{
	struct snmp_poller *p = o->p;
	struct snmp_poll_result res;
	size_t n;

	loop_update_time(p->loop);
	o->polling = false;
	o->health.duration = loop_now(p->loop) - o->t0;
	n = snmp_rows_compact(&o->rows);
	for (size_t i = 0; i < n; i++)
		snmp_decode_finish(&o->rows.readings[i]);
	o->health.onts = n;
	o->health.ok = !o->failed;
	o->health.polls_total++;
	o->health.errors_total += o->health.errors;
	if (!o->health.ok)
		o->health.failed_total++;
	if (o->health.ok) {
		o->health.last_success = loop_wall(p->loop);
		o->health.failures = 0;
	} else {
		o->health.failures++;
		/* Rediscover at the next poll: the agent may be a new engine. Not now:
		 * we may be inside net-snmp's callback for this very session. */
		if (o->t.version == SNMP_VERSION_V3)
			o->reopen = true;
	}
	o->last = o->health;
	res.target = &o->t;
	res.readings = o->rows.readings;
	res.nreadings = n;
	res.health = &o->health;
	if (p->sink != NULL)
		p->sink(p->sink_arg, &res);
	snmp_rows_reset(&o->rows);
	if (o->t.interval > 0 && !p->closing)
		loop_timer_after(p->loop, &o->tm_poll,
		                 o->health.ok ? o->t.interval : backoff_delay(o));
}

static void group_idle(struct group *g)
{
	struct olt *o = g->olt;

	if (!g->active)
		return;
	g->active = false;
	if (--o->nactive == 0)
		olt_finish(o);
}

/* Let queued groups send while the global limit allows. */
static void dispatch_waiting(struct snmp_poller *p)
{
	while (p->wait_head != NULL && p->inflight < p->max_inflight) {
		struct group *g = p->wait_head;

		p->wait_head = g->next_wait;
		if (p->wait_head == NULL)
			p->wait_tail = NULL;
		g->waiting = false;
		g->next_wait = NULL;
		group_send(g);
	}
}

static void value_of(const netsnmp_variable_list *vb, struct snmp_value *v)
{
	memset(v, 0, sizeof(*v));
	switch (vb->type) {
	case ASN_INTEGER:
		v->type = SNMP_V_INT;
		v->i = *vb->val.integer;
		break;
	case ASN_GAUGE:
	case ASN_COUNTER:
	case ASN_TIMETICKS:
	case ASN_UINTEGER:
		v->type = SNMP_V_UINT;
		v->i = (int64_t)(uint32_t)*vb->val.integer;
		break;
	case ASN_COUNTER64:
		v->type = SNMP_V_UINT;
		v->i = (int64_t)(((uint64_t)vb->val.counter64->high << 32) |
		                 (uint32_t)vb->val.counter64->low);
		break;
	case ASN_OCTET_STR:
		v->type = SNMP_V_OCTETS;
		v->s = vb->val.string;
		v->len = vb->val_len;
		break;
	default:
		v->type = SNMP_V_OTHER;
		break;
	}
}

static void take_value(struct olt *o, struct walk_col *wc, const netsnmp_variable_list *vb)
{
	uint32_t key[MAX_OID_LEN];
	size_t klen = vb->name_length - wc->base_len;
	struct ont_reading *r;
	struct snmp_value v;
	bool created;
	size_t ri;
	int rc;

	if (klen <= wc->col->index_extra) {
		o->health.rejected_total++;
		olt_note(o, "%s: row without an index", snmp_field_name(wc->col->field));
		return;
	}
	klen -= wc->col->index_extra;
	for (size_t i = 0; i < klen; i++) {
		if (vb->name[wc->base_len + i] > UINT32_MAX) {
			o->health.rejected_total++;
			olt_note(o, "%s: index sub-identifier out of range",
			         snmp_field_name(wc->col->field));
			return;
		}
		key[i] = (uint32_t)vb->name[wc->base_len + i];
	}
	ri = snmp_rows_get(&o->rows, key, klen, &created);
	r = &o->rows.readings[ri];
	if (created) {
		struct snmp_row_id id;

		ont_reading_clear(r, (int64_t)loop_wall(o->p->loop));
		snprintf(r->olt, sizeof(r->olt), "%s", o->t.name);
		if (o->rows.n > o->t.max_rows) {
			o->rows.meta[ri].invalid = true;
			olt_fail(o, "table larger than %zu rows", o->t.max_rows);
			return;
		}
		if (snmp_decode_index(&o->t.profile->index, key, klen, &id) < 0) {
			o->rows.meta[ri].invalid = true;
			o->health.rejected_total++;
			olt_note(o, "%s: index does not decode", snmp_field_name(wc->col->field));
			return;
		}
		memcpy(r->port, id.port, sizeof(r->port));
		r->ont = id.ont;
		memcpy(r->serial, id.serial, sizeof(r->serial));
	}
	if (o->rows.meta[ri].invalid)
		return;
	value_of(vb, &v);
	rc = snmp_decode_value(wc->col, &v, r);
	if (rc == SNMP_DECODE_INVALID) {
		o->health.rejected_total++;
		olt_note(o, "%s: invalid value (port %s ont %d)", snmp_field_name(wc->col->field),
		         r->port, (int)r->ont);
	}
}

static void handle_response(struct group *g, const netsnmp_pdu *pdu)
{
	struct olt *o = g->olt;
	const netsnmp_variable_list *vb;
	bool progress = false;
	size_t k = 0;

	/* Agents refuse big requests with tooBig, some (snmpsim with a varbind cap,
	 * older firmware) with genErr: shrink the rows, then the columns per request;
	 * the caller resends. Only when one varbind is refused is it the agent's error. */
	if (pdu->errstat == SNMP_ERR_TOOBIG && g->maxrep > 1) {
		g->maxrep /= 2;
		olt_note(o, "agent said tooBig; max-repetitions now %d", g->maxrep);
		return;
	}
	if ((pdu->errstat == SNMP_ERR_TOOBIG || pdu->errstat == SNMP_ERR_GENERR) && g->nreq > 1) {
		g->colcap = g->nreq / 2;
		olt_note(o, "agent refused %zu varbinds (%s); now %zu per request", g->nreq,
		         snmp_errstring((int)pdu->errstat), g->colcap);
		return;
	}
	if (pdu->errstat != SNMP_ERR_NOERROR) {
		olt_fail(o, "agent error: %s (index %ld)", snmp_errstring((int)pdu->errstat),
		         pdu->errindex);
		return;
	}
	for (vb = pdu->variables; vb != NULL; vb = vb->next_variable, k++) {
		struct walk_col *wc = &o->cols[g->req[k % g->nreq]];

		if (wc->done)
			continue;
		if (vb->type == SNMP_ENDOFMIBVIEW || vb->type == SNMP_NOSUCHOBJECT ||
		    vb->type == SNMP_NOSUCHINSTANCE) {
			wc->done = true;
			continue;
		}
		if (vb->name_length <= wc->base_len ||
		    snmp_oidtree_compare(wc->base, wc->base_len, vb->name, vb->name_length) != 0) {
			wc->done = true; /* walked past the column */
			continue;
		}
		if (snmp_oid_compare(vb->name, vb->name_length, wc->last, wc->last_len) <= 0) {
			wc->done = true;
			olt_note(o, "%s: agent returned a non-increasing OID; column stopped",
			         snmp_field_name(wc->col->field));
			continue;
		}
		memcpy(wc->last, vb->name, vb->name_length * sizeof(oid));
		wc->last_len = vb->name_length;
		progress = true;
		take_value(o, wc, vb);
		if (o->failed)
			return;
	}
	if (!progress) {
		/* Nothing new for any column: stop rather than ask the same again. */
		for (size_t i = 0; i < g->nreq; i++)
			if (!o->cols[g->req[i]].done) {
				o->cols[g->req[i]].done = true;
				olt_note(o, "%s: empty response; column stopped",
				         snmp_field_name(o->cols[g->req[i]].col->field));
			}
	}
}

static int on_response(int op, netsnmp_session *sess, int reqid, netsnmp_pdu *pdu, void *magic)
{
	struct group *g = magic;
	struct olt *o = g->olt;
	struct snmp_poller *p = o->p;

	(void)sess;
	(void)reqid;
	if (op == NETSNMP_CALLBACK_OP_RESEND || !g->busy)
		return 1; /* a retransmission: the request is still outstanding */
	g->busy = false;
	p->inflight--;
	if (p->closing)
		return 1;
	if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE) {
		if (!o->failed)
			handle_response(g, pdu);
	} else if (op == NETSNMP_CALLBACK_OP_TIMED_OUT) {
		if (!o->failed)
			log_warnx("snmp: olt %s: timeout after %d retries", o->t.name,
			          o->t.retries);
		olt_fail(o, "timeout after %d retries", o->t.retries);
	} else {
		olt_fail(o, "request failed (net-snmp op %d)", op);
	}
	if (o->failed)
		group_idle(g);
	else
		group_send(g);
	dispatch_waiting(p);
	return 1;
}

static void group_send(struct group *g)
{
	struct olt *o = g->olt;
	struct snmp_poller *p = o->p;
	netsnmp_pdu *pdu;

	if (o->failed) {
		group_idle(g);
		return;
	}
	g->nreq = 0;
	for (size_t i = 0; i < g->ncols && g->nreq < g->colcap; i++)
		if (!o->cols[g->cols[i]].done)
			g->req[g->nreq++] = g->cols[i];
	if (g->nreq == 0) {
		group_idle(g);
		return;
	}
	if (p->inflight >= p->max_inflight) {
		g->waiting = true;
		if (p->wait_tail != NULL)
			p->wait_tail->next_wait = g;
		else
			p->wait_head = g;
		p->wait_tail = g;
		return;
	}
	pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
	pdu->non_repeaters = 0;
	pdu->max_repetitions = g->maxrep;
	for (size_t i = 0; i < g->nreq; i++) {
		const struct walk_col *wc = &o->cols[g->req[i]];

		snmp_add_null_var(pdu, wc->last, wc->last_len);
	}
	/* Counted before sending: net-snmp may call back from inside the send. */
	g->busy = true;
	p->inflight++;
	o->health.requests++;
	if (snmp_sess_async_send(o->sess, pdu, on_response, g) == 0) {
		if (g->busy) {
			snmp_free_pdu(pdu); /* not sent: still ours */
			g->busy = false;
			p->inflight--;
			olt_fail(o, "cannot send: %s", snmp_api_errstring(snmp_errno));
			group_idle(g);
		}
		return;
	}
	olt_rearm(o);
}

static void on_readable(int fd, short revents, void *arg)
{
	struct olt *o = arg;

	(void)revents;
	NETSNMP_LARGE_FD_ZERO(&o->fdset);
	NETSNMP_LARGE_FD_SET(fd, &o->fdset);
	snmp_sess_read2(o->sess, &o->fdset);
	olt_rearm(o);
}

static void on_snmp_timer(void *arg)
{
	struct olt *o = arg;

	snmp_sess_timeout(o->sess);
	olt_rearm(o);
}

static void on_poll_timer(void *arg)
{
	struct olt *o = arg;

	snmp_poller_poll(o->p, o->idx);
}

static void disc_stop(struct olt *o)
{
	loop_timer_stop(o->p->loop, &o->tm_disc);
	if (o->disc_fd >= 0) {
		loop_fd_del(o->p->loop, o->disc_fd);
		close(o->disc_fd);
		o->disc_fd = -1;
	}
}

/* Forget the session (and the engine ID: an agent that stopped answering may have
 * been replaced); the next poll starts afresh. */
static void olt_close(struct olt *o)
{
	disc_stop(o);
	loop_timer_stop(o->p->loop, &o->tm_snmp);
	if (o->sess != NULL) {
		loop_fd_del(o->p->loop, o->fd);
		snmp_sess_close(o->sess);
		netsnmp_large_fd_set_cleanup(&o->fdset);
		o->sess = NULL;
		o->fd = -1;
	}
	o->engine_id_len = 0;
}

static int olt_open(struct olt *o)
{
	char err[160];
	netsnmp_transport *tr;

	o->sess = snmp_session_open(&o->t, o->engine_id, o->engine_id_len, err, sizeof(err));
	if (o->sess == NULL) {
		log_warnx("snmp: olt %s: %s", o->t.name, err);
		return -1;
	}
	tr = snmp_sess_transport(o->sess);
	o->fd = tr != NULL ? tr->sock : -1;
	if (o->fd < 0 || loop_fd_add(o->p->loop, o->fd, POLLIN, on_readable, o) < 0) {
		snmp_sess_close(o->sess);
		o->sess = NULL;
		log_warnx("snmp: olt %s: session has no socket", o->t.name);
		return -1;
	}
	netsnmp_large_fd_set_init(&o->fdset, o->fd + 1);
	return 0;
}

static int walk_start(struct olt *o);

static void disc_send(struct olt *o)
{
	uint8_t buf[128];
	int n = snmp_engine_probe_build(buf, sizeof(buf), o->disc_id);

	/* A refused or lost datagram is retried on the timer like any request. */
	if (n > 0 && send(o->disc_fd, buf, (size_t)n, MSG_DONTWAIT) < 0)
		log_debug("snmp: olt %s: discovery send: %s", o->t.name, strerror(errno));
	o->health.requests++;
	loop_timer_after(o->p->loop, &o->tm_disc, o->t.timeout);
}

static void on_disc_readable(int fd, short revents, void *arg)
{
	struct olt *o = arg;
	uint8_t buf[2048];
	ssize_t n;

	(void)revents;
	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n <= 0 || snmp_engine_probe_parse(buf, (size_t)n, o->disc_id, o->engine_id,
	                                      &o->engine_id_len) < 0)
		return; /* not the report we wait for: keep waiting */
	disc_stop(o);
	walk_start(o);
}

static void on_disc_timer(void *arg)
{
	struct olt *o = arg;

	if (o->disc_tries++ < o->t.retries) {
		disc_send(o);
		return;
	}
	disc_stop(o);
	log_warnx("snmp: olt %s: timeout after %d retries (v3 engine discovery)", o->t.name,
	          o->t.retries);
	olt_fail(o, "timeout after %d retries (v3 engine discovery)", o->t.retries);
	olt_finish(o);
}

/* Ask the agent for its engine ID over a socket of our own, then open the session. */
static int disc_start(struct olt *o)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM };
	struct addrinfo *ai = NULL;
	char port[8];
	int rc;

	snprintf(port, sizeof(port), "%u", (unsigned)o->t.port);
	rc = getaddrinfo(o->t.address, port, &hints, &ai);
	if (rc != 0) {
		olt_fail(o, "cannot resolve %s: %s", o->t.address, gai_strerror(rc));
		olt_finish(o);
		return -1;
	}
	o->disc_fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (o->disc_fd < 0 || connect(o->disc_fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    loop_fd_add(o->p->loop, o->disc_fd, POLLIN, on_disc_readable, o) < 0) {
		olt_fail(o, "discovery socket: %s", strerror(errno));
		freeaddrinfo(ai);
		disc_stop(o);
		olt_finish(o);
		return -1;
	}
	freeaddrinfo(ai);
	o->disc_tries = 0;
	o->disc_id = 0x01000000u + (uint32_t)random() % 0x7f000000u;
	disc_send(o);
	return 0;
}

int snmp_poller_poll(struct snmp_poller *p, size_t i)
{
	struct olt *o;

	if (i >= p->nolts)
		return -1;
	o = p->olts[i];
	if (o->polling) {
		log_debug("snmp: olt %s: previous poll still running; skipped", o->t.name);
		return 0;
	}
	loop_timer_stop(p->loop, &o->tm_poll);
	if (o->reopen) {
		o->reopen = false;
		olt_close(o);
	}
	loop_update_time(p->loop);
	o->polling = true;
	o->failed = false;
	o->t0 = loop_now(p->loop);
	{
		struct snmp_poll_health keep = o->health;

		/* a new poll's figures; what lasts across polls is kept */
		memset(&o->health, 0, sizeof(o->health));
		o->health.last_success = keep.last_success;
		o->health.failures = keep.failures;
		o->health.polls_total = keep.polls_total;
		o->health.failed_total = keep.failed_total;
		o->health.errors_total = keep.errors_total;
		o->health.rejected_total = keep.rejected_total;
	}
	o->health.started = loop_wall(p->loop);
	snmp_rows_reset(&o->rows);
	if (o->sess == NULL && o->t.version == SNMP_VERSION_V3 && o->engine_id_len == 0)
		return disc_start(o);
	return walk_start(o);
}

static int walk_start(struct olt *o)
{
	if (o->sess == NULL && olt_open(o) < 0) {
		olt_fail(o, "cannot open an SNMP session");
		olt_finish(o);
		return -1;
	}
	for (size_t c = 0; c < o->ncols; c++) {
		struct walk_col *wc = &o->cols[c];

		memcpy(wc->last, wc->base, wc->base_len * sizeof(oid));
		wc->last_len = wc->base_len;
		wc->done = false;
	}
	o->nactive = o->ngroups;
	for (size_t g = 0; g < o->ngroups; g++) {
		o->groups[g].active = true;
		o->groups[g].maxrep = o->t.max_repetitions;
		o->groups[g].colcap = SNMP_COLUMNS_MAX;
	}
	for (size_t g = 0; g < o->ngroups && o->polling; g++)
		group_send(&o->groups[g]);
	return 0;
}

void snmp_poller_poll_all(struct snmp_poller *p)
{
	for (size_t i = 0; i < p->nolts; i++)
		snmp_poller_poll(p, i);
}

bool snmp_poller_busy(const struct snmp_poller *p)
{
	for (size_t i = 0; i < p->nolts; i++)
		if (p->olts[i]->polling)
			return true;
	return false;
}

const struct snmp_poll_health *snmp_poller_health(const struct snmp_poller *p, size_t i)
{
	return i < p->nolts ? &p->olts[i]->last : NULL;
}

int snmp_poller_olt(const struct snmp_poller *p, size_t i, struct snmp_poller_olt *out)
{
	const struct olt *o;

	if (i >= p->nolts)
		return -1;
	o = p->olts[i];
	out->target = &o->t;
	out->health = &o->last;
	out->polling = o->polling;
	out->next_poll = 0;
	if (o->tm_poll.heap_idx != SIZE_MAX)
		out->next_poll = loop_wall(p->loop) + (o->tm_poll.when - loop_now(p->loop));
	return 0;
}

size_t snmp_poller_count(const struct snmp_poller *p)
{
	return p->nolts;
}

void snmp_poller_schedule(struct snmp_poller *p)
{
	/* Spread first polls evenly over each OLT's interval, so a fleet is
	 * never asked in the same second. */
	loop_update_time(p->loop);
	for (size_t i = 0; i < p->nolts; i++) {
		struct olt *o = p->olts[i];

		if (o->t.interval > 0)
			loop_timer_after(p->loop, &o->tm_poll,
			                 o->t.interval * (double)i / (double)p->nolts);
	}
}

struct snmp_poller *snmp_poller_new(struct loop *loop, unsigned max_inflight, snmp_sink_cb sink,
                                    void *arg)
{
	struct snmp_poller *p = xcalloc(1, sizeof(*p));

	snmp_session_lib_init();
	p->loop = loop;
	p->max_inflight = max_inflight > 0 ? max_inflight : SNMP_TGT_GLOBAL_INFLIGHT;
	p->sink = sink;
	p->sink_arg = arg;
	return p;
}

int snmp_poller_add(struct snmp_poller *p, const struct snmp_target *t, char *err, size_t errlen)
{
	struct olt *o;
	size_t ngroups;

	if (t->profile == NULL || t->profile->ncolumns == 0) {
		snprintf(err, errlen, "olt %s: no vendor profile", t->name);
		return -1;
	}
	o = xcalloc(1, sizeof(*o));
	o->p = p;
	o->idx = p->nolts;
	o->t = *t;
	o->fd = -1;
	if (o->t.max_repetitions < 1)
		o->t.max_repetitions = 1;
	if (o->t.max_repetitions > MAXREP_CAP)
		o->t.max_repetitions = MAXREP_CAP;
	if (o->t.max_rows == 0)
		o->t.max_rows = SNMP_TGT_MAX_ROWS;
	loop_timer_init(&o->tm_snmp, on_snmp_timer, o);
	loop_timer_init(&o->tm_poll, on_poll_timer, o);
	loop_timer_init(&o->tm_disc, on_disc_timer, o);
	o->disc_fd = -1;
	o->ncols = t->profile->ncolumns;
	for (size_t c = 0; c < o->ncols; c++) {
		struct walk_col *wc = &o->cols[c];

		wc->col = &t->profile->columns[c];
		for (size_t k = 0; k < wc->col->oid.len; k++)
			wc->base[k] = wc->col->oid.sub[k];
		wc->base_len = wc->col->oid.len;
	}
	ngroups = t->inflight < 1 ? 1 : (size_t)t->inflight;
	if (ngroups > o->ncols)
		ngroups = o->ncols;
	o->ngroups = ngroups;
	for (size_t g = 0; g < ngroups; g++) {
		o->groups[g].olt = o;
		o->groups[g].maxrep = o->t.max_repetitions;
	}
	for (size_t c = 0; c < o->ncols; c++) {
		struct group *g = &o->groups[c % ngroups];

		g->cols[g->ncols++] = c;
	}
	p->olts = xreallocarray(p->olts, p->nolts + 1, sizeof(*p->olts));
	p->olts[p->nolts++] = o;
	return 0;
}

void snmp_poller_free(struct snmp_poller *p)
{
	if (p == NULL)
		return;
	p->closing = true;
	for (size_t i = 0; i < p->nolts; i++) {
		struct olt *o = p->olts[i];

		loop_timer_stop(p->loop, &o->tm_poll);
		olt_close(o);
		snmp_rows_free(&o->rows);
		free(o);
	}
	free(p->olts);
	free(p);
}
