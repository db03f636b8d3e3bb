/* session_watch: ONTs are listed first and judged after, because the store reads buckets
 * through one prepared statement that a nested read would reset. Open session orders are
 * listed from the store, so an ONT whose subscribers fell silent still gets its order
 * resolved, also after a restart. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/session_watch.h"

#define ONTS_MAX (1 << 20) /* a cap on what the store can make us hold */

struct watch_ont {
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX];
	int ont;
};

struct watch_list {
	const struct conf *conf;
	struct watch_ont *v;
	size_t n, cap;
};

static void list_add(struct watch_list *l, const char *olt, const char *port, int ont)
{
	if (olt == NULL || port == NULL || conf_olt_find(l->conf, olt) == NULL ||
	    strlen(olt) >= ONT_OLT_MAX || strlen(port) >= ONT_PORT_MAX || l->n >= ONTS_MAX)
		return; /* another daemon's OLT, or nothing we could key */
	for (size_t i = l->n; i-- > 0;)
		if (l->v[i].ont == ont && strcmp(l->v[i].port, port) == 0 &&
		    strcmp(l->v[i].olt, olt) == 0)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	snprintf(l->v[l->n].olt, sizeof(l->v[l->n].olt), "%s", olt);
	snprintf(l->v[l->n].port, sizeof(l->v[l->n].port), "%s", port);
	l->v[l->n].ont = ont;
	l->n++;
}

static int take_bucket(void *arg, const struct store_capture_bucket *b)
{
	list_add(arg, b->olt, b->port, b->ont);
	return 0;
}

/* "session:OLT/PORT/ONT" with the OLT known from the order row: PORT may hold slashes. */
static int take_order(void *arg, const struct store_order *o)
{
	struct watch_list *l = arg;
	const char *k = o->problem_key, *last;
	size_t olen = o->olt ? strlen(o->olt) : 0;
	char port[ONT_PORT_MAX];
	char *end;
	long ont;

	if (k == NULL || o->olt == NULL || strncmp(k, "session:", 8) != 0)
		return 0;
	k += 8;
	last = strrchr(k, '/');
	if (strncmp(k, o->olt, olen) != 0 || k[olen] != '/' || last == NULL || last <= k + olen ||
	    (size_t)(last - (k + olen + 1)) >= sizeof(port))
		return 0;
	memcpy(port, k + olen + 1, (size_t)(last - (k + olen + 1)));
	port[last - (k + olen + 1)] = '\0';
	ont = strtol(last + 1, &end, 10);
	if (*end != '\0' || end == last + 1 || ont < 0 || ont > 1000000)
		return 0;
	list_add(l, o->olt, port, (int)ont);
	return 0;
}

bool session_watch_unstable(const struct capture_evidence *ev, int events)
{
	return events > 0 && capture_evidence_events(ev) >= events;
}

int session_watch_check(struct store *st, struct fleet *f, const struct conf *conf, int64_t now)
{
	const struct conf_capture *c = conf->capture;
	struct watch_list l = { .conf = conf };
	int64_t from;
	int rc = -1;

	if (c == NULL)
		return 0;
	from = now - (int64_t)c->unstable_hours * 3600;
	/* with the finding turned off, open session orders still calm down and resolve */
	if ((c->unstable_events > 0 &&
	     store_capture_each(st, NULL, NULL, 0, from, now, take_bucket, &l) < 0) ||
	    store_orders_each(st, true, NULL, take_order, &l) < 0)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		struct capture_evidence ev;

		if (capture_evidence_get(st, l.v[i].olt, l.v[i].port, l.v[i].ont, from, now, &ev) <
		    0)
			goto out;
		fleet_session_observe(f, l.v[i].olt, l.v[i].port, l.v[i].ont,
		                      session_watch_unstable(&ev, c->unstable_events),
		                      c->unstable_hours, now);
	}
	rc = 0;
out:
	free(l.v);
	return rc;
}
