/* capture_evidence: what the stored capture buckets say about one ONT over a time window, for
 * orders ("9 PPPoE re-dials in the last 24 h"), findings, visit hints and repair checks. */
#ifndef OW_CAPTURE_EVIDENCE_H
#define OW_CAPTURE_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "monitor/store.h"

#define CAPTURE_WEEKHOURS 168 /* hour of week, Monday 00:00 UTC = 0 */
#define CAPTURE_QUIET_MAX 3

struct capture_evidence {
	int64_t from, to; /* the window asked for */
	int buckets;      /* buckets found; 0 = the probe saw nothing of this ONT */
	int subscribers;  /* most subscribers seen in one bucket */
	int64_t pppoe_drops, pppoe_redials, lcp_echo_lost, dhcp_reinits;
	int64_t tcp_data, tcp_retrans, bytes;
	double hour_bytes[CAPTURE_WEEKHOURS]; /* mean bytes per observed hour of week */
	int hour_seen[CAPTURE_WEEKHOURS];     /* observations per hour of week */
	int quiet[CAPTURE_QUIET_MAX];         /* quietest observed hours of week, -1 = none */
};

/* Sum the buckets of olt/port/ont starting in [from, to). 0, or -1 (store error, logged). */
int capture_evidence_get(struct store *st, const char *olt, const char *port, int ont, int64_t from,
                         int64_t to, struct capture_evidence *ev);
/* Fill ev->quiet from ev->hour_bytes and ev->hour_seen (after summing several ONTs). */
void capture_evidence_rank_quiet(struct capture_evidence *ev);
/* Session events: PPPoE re-dials and drops, LCP echoes lost and DHCP re-initialisations. */
int64_t capture_evidence_events(const struct capture_evidence *ev);

enum capture_verdict {
	CAPTURE_UNSEEN = 0, /* no bucket in the window: the probe cannot tell */
	CAPTURE_QUIET,      /* buckets, and no re-dial, drop or DHCP re-initialisation in them */
	CAPTURE_TROUBLE,    /* sessions still broke */
};
/* After a repair: did the ONT's sessions stay up in the buckets starting in [since, until)?
 * 0 and *out, or -1 (store error, logged). */
int capture_verify_quiet(struct store *st, const char *olt, const char *port, int ont,
                         int64_t since, int64_t until, enum capture_verdict *out);
/* TCP retransmitted / data segments, 0 without data. */
double capture_evidence_retrans_ratio(const struct capture_evidence *ev);
/* One line for an order, e.g. "9 PPPoE re-dials, 3 drops, 4 LCP echoes lost in the last
 * 24 h"; "no session trouble seen in the last 24 h" when clean. Returns snprintf's count. */
int capture_evidence_text(const struct capture_evidence *ev, char *buf, size_t len);

#endif
