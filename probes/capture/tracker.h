/* tracker: per-subscriber (client MAC) session evidence from decoded packets: PPPoE drops and
 * re-dials, LCP echo loss, DHCP re-initialisations, TCP retransmissions, hour-of-week activity. */
#ifndef OW_CAPTURE_TRACKER_H
#define OW_CAPTURE_TRACKER_H

#include <stddef.h>
#include <stdint.h>

#include "probes/capture/decode.h"

#define TRACKER_ID_MAX    64  /* circuit-id / remote-id kept (bytes incl. NUL) */
#define TRACKER_FLOWS     8   /* TCP flows remembered per subscriber */
#define TRACKER_ECHOS     8   /* unanswered LCP echo-requests remembered per subscriber */
#define TRACKER_WEEKHOURS 168 /* activity buckets: hour of week, Monday 00:00 UTC first */

struct tracker_conf {
	uint32_t max_subscribers; /* memory cap; later subscribers are counted, not tracked */
	double lcp_timeout;       /* an echo-request unanswered this long (s) is lost */
};

struct tracker_flow {
	uint32_t key; /* hash of addresses and ports, one direction; 0 = free */
	uint32_t next_seq;
	uint64_t used; /* packet number of last use, for replacement */
};

struct tracker_echo {
	double ts;
	uint8_t id;
	uint8_t upstream; /* sent by the subscriber */
	uint8_t used;
};

/* What we know about one subscriber; identifiers are raw (hash them on output). */
struct tracker_sub {
	uint8_t mac[6];
	uint8_t nvlan;
	uint16_t vlan[2];                /* outermost two tags of the subscriber's traffic */
	char circuit_id[TRACKER_ID_MAX]; /* latest seen, non-printable bytes as '?' */
	char remote_id[TRACKER_ID_MAX];
	char user[TRACKER_ID_MAX]; /* PPPoE user name (PAP/CHAP), latest seen */
	double first_seen, last_seen;
	uint64_t packets, bytes;
	uint32_t pppoe_padi, pppoe_sessions, pppoe_drops, pppoe_redials;
	uint32_t lcp_echo_req, lcp_echo_reply, lcp_echo_lost, lcp_terminate;
	uint32_t dhcp_discover, dhcp_request, dhcp_ack, dhcp_nak, dhcp_reinits;
	uint64_t tcp_data, tcp_retrans;
	uint32_t hour_bytes[TRACKER_WEEKHOURS]; /* saturating */
	/* state machines */
	uint16_t pppoe_sid;
	uint8_t had_session, dhcp_seen, have_disc_xid;
	uint32_t disc_xid;
	struct tracker_echo echo[TRACKER_ECHOS];
	struct tracker_flow flow[TRACKER_FLOWS];
};

struct tracker_totals {
	uint64_t packets, bytes;
	uint64_t truncated, malformed;
	uint64_t kind[DECODE_KIND_COUNT]; /* decoded packets per enum decode_kind */
	uint64_t unattributed;            /* of interest, but no subscriber could be told */
	uint64_t subs_over_cap;           /* packets of subscribers beyond max_subscribers */
	double first_ts, last_ts;
};

struct tracker;

/* Defaults: 65536 subscribers, 10 s LCP timeout. */
void tracker_conf_default(struct tracker_conf *c);
/* New tracker (caller owns; tracker_free). */
struct tracker *tracker_new(const struct tracker_conf *c);
/* Free; NULL is fine. */
void tracker_free(struct tracker *t);
/* Account one decoded packet seen at Unix time ts. */
void tracker_feed(struct tracker *t, const struct decoded *d, double ts);
/* Account one packet the decoder refused (DECODE_TRUNCATED or DECODE_MALFORMED). */
void tracker_feed_invalid(struct tracker *t, int status, uint32_t wirelen, double ts);
/* Settle at time now: unanswered echo-requests older than the timeout count as lost. */
void tracker_settle(struct tracker *t, double now);
/* Forget subscribers last seen before `before` (their state and counters); the others keep
 * their order but may move to lower positions. Returns how many were forgotten. */
size_t tracker_expire(struct tracker *t, double before);
/* Number of subscribers tracked. */
size_t tracker_count(const struct tracker *t);
/* The i-th subscriber in order of first appearance (i < tracker_count). */
const struct tracker_sub *tracker_get(const struct tracker *t, size_t i);
/* Subscriber by MAC, or NULL. */
const struct tracker_sub *tracker_find(const struct tracker *t, const uint8_t mac[6]);
/* Capture-wide counters. */
const struct tracker_totals *tracker_totals(const struct tracker *t);
/* Bytes held per tracked subscriber (record plus index share), for capacity planning. */
size_t tracker_bytes_per_sub(void);
/* TCP retransmitted data segments / data segments, 0 without data. */
double tracker_retrans_ratio(const struct tracker_sub *s);

#endif
