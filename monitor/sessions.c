/* sessions: a shared fault sums its ONTs; activity per hour of week adds up too, so the quiet
 * hours are those least used by all the affected subscribers together. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"

#include "monitor/sessions.h"

static void add(struct capture_evidence *sum, const struct capture_evidence *e)
{
	if (e->subscribers > sum->subscribers)
		sum->subscribers = e->subscribers;
	sum->buckets += e->buckets;
	sum->pppoe_drops += e->pppoe_drops;
	sum->pppoe_redials += e->pppoe_redials;
	sum->lcp_echo_lost += e->lcp_echo_lost;
	sum->dhcp_reinits += e->dhcp_reinits;
	sum->tcp_data += e->tcp_data;
	sum->tcp_retrans += e->tcp_retrans;
	sum->bytes += e->bytes;
	for (int h = 0; h < CAPTURE_WEEKHOURS; h++) {
		if (!e->hour_seen[h])
			continue;
		sum->hour_bytes[h] += e->hour_bytes[h];
		if (e->hour_seen[h] > sum->hour_seen[h])
			sum->hour_seen[h] = e->hour_seen[h];
	}
}

int sessions_gather(struct store *st, const json_t *onts, int64_t now, struct sessions *out)
{
	struct sessions s;
	struct capture_evidence *prof = xcalloc(1, sizeof(*prof));
	int rc = -1;
	size_t i;
	json_t *t;

	memset(&s, 0, sizeof(s));
	s.sum.from = now - SESSIONS_HOURS * 3600;
	s.sum.to = now;
	json_array_foreach(onts, i, t)
	{
		const char *olt = json_string_value(json_object_get(t, "olt"));
		const char *port = json_string_value(json_object_get(t, "port"));
		json_t *id = json_object_get(t, "ont");
		struct capture_evidence e;

		if (olt == NULL || port == NULL || !json_is_integer(id))
			continue;
		if (capture_evidence_get(st, olt, port, (int)json_integer_value(id), s.sum.from,
		                         s.sum.to, &e) < 0)
			goto out;
		if (e.buckets == 0)
			continue;
		s.onts_seen++;
		add(&s.sum, &e);
		/* one day says little about the hours of a week: take the weeks before too */
		if (capture_evidence_get(st, olt, port, (int)json_integer_value(id),
		                         now - SESSIONS_PROFILE_DAYS * 86400, now, &e) < 0)
			goto out;
		add(prof, &e);
	}
	capture_evidence_rank_quiet(prof);
	memcpy(s.sum.quiet, prof->quiet, sizeof(s.sum.quiet));
	capture_evidence_text(&s.sum, s.text, sizeof(s.text));
	*out = s;
	rc = 0;
out:
	free(prof);
	return rc;
}

bool sessions_felt(const struct sessions *s, double events)
{
	return s->onts_seen > 0 && (double)capture_evidence_events(&s->sum) >= fmax(events, 1);
}

json_t *sessions_json(const struct sessions *s, bool felt)
{
	json_t *j = json_object();
	const struct capture_evidence *e = &s->sum;

	json_object_set_new(j, "window_hours", json_integer(SESSIONS_HOURS));
	json_object_set_new(j, "onts_seen", json_integer(s->onts_seen));
	json_object_set_new(j, "pppoe_redials", json_integer(e->pppoe_redials));
	json_object_set_new(j, "pppoe_drops", json_integer(e->pppoe_drops));
	json_object_set_new(j, "lcp_echo_lost", json_integer(e->lcp_echo_lost));
	json_object_set_new(j, "dhcp_reinits", json_integer(e->dhcp_reinits));
	json_object_set_new(j, "tcp_retrans_pct",
	                    e->tcp_data
	                        ? json_real(round(capture_evidence_retrans_ratio(e) * 1e4) / 100)
	                        : json_null());
	json_object_set_new(j, "customer_feels_it", json_boolean(felt));
	json_object_set_new(j, "text", json_string(s->text));
	return j;
}
