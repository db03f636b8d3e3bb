/* capture_evidence: a pure summary over store buckets. A bucket longer than an hour spreads
 * its bytes evenly over the hours it covers; hours never observed are unknown, not quiet. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "monitor/capture_evidence.h"

static int add_bucket(void *arg, const struct store_capture_bucket *b)
{
	struct capture_evidence *ev = arg;
	int hours = b->seconds >= 3600 ? b->seconds / 3600 : 1;

	ev->buckets++;
	if (b->subscribers > ev->subscribers)
		ev->subscribers = b->subscribers;
	ev->pppoe_drops += b->pppoe_drops;
	ev->pppoe_redials += b->pppoe_redials;
	ev->lcp_echo_lost += b->lcp_echo_lost;
	ev->dhcp_reinits += b->dhcp_reinits;
	ev->tcp_data += b->tcp_data;
	ev->tcp_retrans += b->tcp_retrans;
	ev->bytes += b->bytes;
	for (int h = 0; h < hours; h++) {
		int64_t abs_hour = (b->start >= 0 ? b->start : 0) / 3600 + h;
		int how =
		    (int)((abs_hour + 72) % CAPTURE_WEEKHOURS); /* 1970-01-01 was a Thursday */
		double share = (double)b->bytes / hours;
		/* a running mean, so that a week seen twice is not twice as busy */
		ev->hour_seen[how]++;
		ev->hour_bytes[how] += (share - ev->hour_bytes[how]) / ev->hour_seen[how];
	}
	return 0;
}

int capture_evidence_get(struct store *st, const char *olt, const char *port, int ont, int64_t from,
                         int64_t to, struct capture_evidence *ev)
{
	struct capture_evidence e;

	memset(&e, 0, sizeof(e));
	e.from = from;
	e.to = to;
	if (store_capture_each(st, olt, port, ont, from, to, add_bucket, &e) < 0)
		return -1;
	capture_evidence_rank_quiet(&e);
	*ev = e;
	return 0;
}

void capture_evidence_rank_quiet(struct capture_evidence *e)
{
	for (int q = 0; q < CAPTURE_QUIET_MAX; q++) {
		e->quiet[q] = -1;
		for (int h = 0; h < CAPTURE_WEEKHOURS; h++) {
			bool taken = false;
			for (int k = 0; k < q; k++)
				taken |= e->quiet[k] == h;
			if (!e->hour_seen[h] || taken)
				continue;
			if (e->quiet[q] < 0 || e->hour_bytes[h] < e->hour_bytes[e->quiet[q]])
				e->quiet[q] = h;
		}
	}
}

int64_t capture_evidence_events(const struct capture_evidence *ev)
{
	return ev->pppoe_redials + ev->pppoe_drops + ev->lcp_echo_lost + ev->dhcp_reinits;
}

int capture_verify_quiet(struct store *st, const char *olt, const char *port, int ont,
                         int64_t since, int64_t until, enum capture_verdict *out)
{
	struct capture_evidence ev;

	if (capture_evidence_get(st, olt, port, ont, since, until, &ev) < 0)
		return -1;
	/* echo loss alone is not a broken session: a busy link may drop a probe or two */
	if (!ev.buckets)
		*out = CAPTURE_UNSEEN;
	else if (ev.pppoe_redials || ev.pppoe_drops || ev.dhcp_reinits)
		*out = CAPTURE_TROUBLE;
	else
		*out = CAPTURE_QUIET;
	return 0;
}

double capture_evidence_retrans_ratio(const struct capture_evidence *ev)
{
	return ev->tcp_data ? (double)ev->tcp_retrans / (double)ev->tcp_data : 0.0;
}

int capture_evidence_text(const struct capture_evidence *ev, char *buf, size_t len)
{
	static const struct {
		size_t off;
		const char *one, *many;
	} parts[] = {
		{ offsetof(struct capture_evidence, pppoe_redials), "PPPoE re-dial",
		  "PPPoE re-dials" },
		{ offsetof(struct capture_evidence, pppoe_drops), "PPPoE drop", "PPPoE drops" },
		{ offsetof(struct capture_evidence, lcp_echo_lost), "LCP echo lost",
		  "LCP echoes lost" },
		{ offsetof(struct capture_evidence, dhcp_reinits), "DHCP re-initialisation",
		  "DHCP re-initialisations" },
	};
	char what[256] = "";
	size_t used = 0;
	double hours = (double)(ev->to - ev->from) / 3600.0;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		int64_t v = *(const int64_t *)(const void *)((const char *)ev + parts[i].off);
		if (v <= 0 || used >= sizeof(what))
			continue;
		used += (size_t)snprintf(what + used, sizeof(what) - used, "%s%lld %s",
		                         used ? ", " : "", (long long)v,
		                         v == 1 ? parts[i].one : parts[i].many);
	}
	double ratio = capture_evidence_retrans_ratio(ev);
	if (ratio >= 0.01 && used < sizeof(what))
		used +=
		    (size_t)snprintf(what + used, sizeof(what) - used,
		                     "%s%.1f%% TCP retransmissions", used ? ", " : "", ratio * 100);
	if (!ev->buckets)
		return snprintf(buf, len, "no capture data in the last %.0f h", hours);
	if (!used)
		return snprintf(buf, len, "no session trouble seen in the last %.0f h", hours);
	return snprintf(buf, len, "%s in the last %.0f h", what, hours);
}
