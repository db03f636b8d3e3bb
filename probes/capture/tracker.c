/* tracker: subscriber state keyed by client MAC. The network side (BNG, DHCP server) is learnt
 * from the packets only it sends (PADO, PADS, DHCP OFFER/ACK/NAK), so that traffic of a session
 * seen mid-way is still told apart: the end that is not the network is the subscriber. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "probes/capture/tracker.h"

#define NET_MAX   4096 /* network-side MACs remembered (BNGs, servers, routers) */
#define SLOT_FREE 0

struct mactab {
	struct slot {
		uint64_t key; /* MAC | 1 << 48, so 0 means free */
		uint32_t idx;
	} * slot;
	size_t mask; /* slots - 1, a power of two minus one */
	size_t n;
};

struct tracker {
	struct tracker_conf conf;
	struct tracker_sub *subs;
	size_t nsubs, cap;
	struct mactab subidx;
	struct mactab net;
	struct tracker_totals tot;
	uint64_t pktno;
};

void tracker_conf_default(struct tracker_conf *c)
{
	c->max_subscribers = 65536;
	c->lcp_timeout = 10.0;
}

static uint64_t mac_key(const uint8_t m[6])
{
	return ((uint64_t)m[0] << 40 | (uint64_t)m[1] << 32 | (uint64_t)m[2] << 24 |
	        (uint64_t)m[3] << 16 | (uint64_t)m[4] << 8 | m[5]) |
	       (uint64_t)1 << 48;
}

static size_t mac_hash(uint64_t key)
{
	key ^= key >> 29;
	key *= 0xbf58476d1ce4e5b9ull;
	key ^= key >> 32;
	return (size_t)key;
}

static void mactab_init(struct mactab *m, size_t slots)
{
	m->slot = xcalloc(slots, sizeof(*m->slot));
	m->mask = slots - 1;
	m->n = 0;
}

/* The slot holding key, or the free slot where it would go. */
static struct slot *mactab_slot(const struct mactab *m, uint64_t key)
{
	size_t i = mac_hash(key) & m->mask;

	while (m->slot[i].key != SLOT_FREE && m->slot[i].key != key)
		i = (i + 1) & m->mask;
	return &m->slot[i];
}

static void mactab_put(struct mactab *m, uint64_t key, uint32_t idx)
{
	if ((m->n + 1) * 2 > m->mask + 1) { /* keep the load under one half */
		struct mactab bigger;
		mactab_init(&bigger, (m->mask + 1) * 2);
		for (size_t i = 0; i <= m->mask; i++)
			if (m->slot[i].key != SLOT_FREE)
				*mactab_slot(&bigger, m->slot[i].key) = m->slot[i];
		bigger.n = m->n;
		free(m->slot);
		*m = bigger;
	}
	struct slot *s = mactab_slot(m, key);
	if (s->key == SLOT_FREE)
		m->n++;
	s->key = key;
	s->idx = idx;
}

struct tracker *tracker_new(const struct tracker_conf *c)
{
	struct tracker *t = xcalloc(1, sizeof(*t));

	t->conf = *c;
	t->cap = 64;
	t->subs = xcalloc(t->cap, sizeof(*t->subs));
	mactab_init(&t->subidx, 256);
	mactab_init(&t->net, 64);
	return t;
}

void tracker_free(struct tracker *t)
{
	if (!t)
		return;
	free(t->subs);
	free(t->subidx.slot);
	free(t->net.slot);
	free(t);
}

static bool mac_is_unicast(const uint8_t m[6])
{
	static const uint8_t zero[6];

	return !(m[0] & 1) && memcmp(m, zero, 6) != 0;
}

static struct tracker_sub *sub_lookup(struct tracker *t, const uint8_t mac[6])
{
	struct slot *s = mactab_slot(&t->subidx, mac_key(mac));

	return s->key == SLOT_FREE ? NULL : &t->subs[s->idx];
}

static bool is_net(const struct tracker *t, const uint8_t mac[6])
{
	return mactab_slot(&t->net, mac_key(mac))->key != SLOT_FREE;
}

static void net_learn(struct tracker *t, const uint8_t mac[6])
{
	if (mac_is_unicast(mac) && t->net.n < NET_MAX && !is_net(t, mac))
		mactab_put(&t->net, mac_key(mac), 0);
}

/* The subscriber of mac, created when new; NULL for non-unicast MACs, the network side, or when
 * the cap is reached. */
static struct tracker_sub *sub_get(struct tracker *t, const uint8_t mac[6], double ts)
{
	struct tracker_sub *s = sub_lookup(t, mac);

	if (s)
		return s;
	if (!mac_is_unicast(mac) || is_net(t, mac))
		return NULL;
	if (t->nsubs >= t->conf.max_subscribers) {
		t->tot.subs_over_cap++;
		return NULL;
	}
	if (t->nsubs == t->cap) {
		t->subs = xreallocarray(t->subs, t->cap * 2, sizeof(*t->subs));
		memset(t->subs + t->cap, 0, t->cap * sizeof(*t->subs));
		t->cap *= 2;
	}
	s = &t->subs[t->nsubs];
	memcpy(s->mac, mac, 6);
	s->first_seen = ts;
	mactab_put(&t->subidx, mac_key(mac), (uint32_t)t->nsubs);
	t->nsubs++;
	return s;
}

/* The subscriber end of a packet: the end facing a known network MAC (a handful of MACs whose
 * table stays in cache, so asked first), else a known subscriber. *upstream tells whether the
 * subscriber sent it. */
static struct tracker_sub *sub_of_pair(struct tracker *t, const struct decoded *d, double ts,
                                       bool *upstream)
{
	struct tracker_sub *s;

	if (is_net(t, d->src)) {
		*upstream = false;
		return sub_get(t, d->dst, ts);
	}
	if (is_net(t, d->dst)) {
		*upstream = true;
		return sub_get(t, d->src, ts);
	}
	if ((s = sub_lookup(t, d->src))) {
		*upstream = true;
		return s;
	}
	if ((s = sub_lookup(t, d->dst))) {
		*upstream = false;
		return s;
	}
	return NULL;
}

static void copy_id(char dst[TRACKER_ID_MAX], const struct decode_bytes *b)
{
	size_t n = b->len < TRACKER_ID_MAX - 1 ? b->len : TRACKER_ID_MAX - 1;

	if (!b->len)
		return;
	for (size_t i = 0; i < n; i++)
		dst[i] = b->p[i] >= 0x20 && b->p[i] < 0x7f ? (char)b->p[i] : '?';
	dst[n] = '\0';
}

static void note_vlans(struct tracker_sub *s, const struct decoded *d)
{
	s->nvlan = d->nvlan < 2 ? d->nvlan : 2;
	for (int i = 0; i < s->nvlan; i++)
		s->vlan[i] = d->vlan[i];
}

static void echo_lose_older(struct tracker_sub *s, double before)
{
	for (int i = 0; i < TRACKER_ECHOS; i++)
		if (s->echo[i].used && s->echo[i].ts <= before) {
			s->echo[i].used = 0;
			s->lcp_echo_lost++;
		}
}

static void echo_request(struct tracker *t, struct tracker_sub *s, uint8_t id, bool up, double ts)
{
	int slot = 0;

	echo_lose_older(s, ts - t->conf.lcp_timeout);
	for (int i = 0; i < TRACKER_ECHOS; i++) {
		if (!s->echo[i].used) {
			slot = i;
			break;
		}
		if (s->echo[i].ts < s->echo[slot].ts)
			slot = i;
	}
	if (s->echo[slot].used)
		s->lcp_echo_lost++; /* more outstanding than we keep: the oldest is gone */
	s->echo[slot] = (struct tracker_echo){ ts, id, up, 1 };
}

static void echo_reply(struct tracker_sub *s, uint8_t id, bool up)
{
	for (int i = 0; i < TRACKER_ECHOS; i++)
		if (s->echo[i].used && s->echo[i].id == id && s->echo[i].upstream != up) {
			s->echo[i].used = 0;
			return;
		}
}

static struct tracker_sub *feed_pppoe(struct tracker *t, const struct decoded *d, double ts)
{
	struct tracker_sub *s;
	bool up;

	switch (d->pppoe.code) {
	case PPPOE_PADI:
	case PPPOE_PADR:
		s = sub_get(t, d->src, ts);
		break;
	case PPPOE_PADO:
	case PPPOE_PADS:
		net_learn(t, d->src);
		s = sub_get(t, d->dst, ts);
		break;
	default:
		s = sub_of_pair(t, d, ts, &up);
		break;
	}
	if (!s) {
		t->tot.unattributed++;
		return NULL;
	}
	note_vlans(s, d);
	copy_id(s->circuit_id, &d->pppoe.circuit_id);
	copy_id(s->remote_id, &d->pppoe.remote_id);
	switch (d->pppoe.code) {
	case PPPOE_PADI:
		s->pppoe_padi++;
		break;
	case PPPOE_PADS:
		if (d->pppoe_sid == 0)
			break; /* the AC refused the session */
		if (s->had_session)
			s->pppoe_redials++;
		echo_lose_older(s, ts); /* echoes of the old session will never be answered */
		s->had_session = 1;
		s->pppoe_sessions++;
		s->pppoe_sid = d->pppoe_sid;
		break;
	case PPPOE_PADT:
		s->pppoe_drops++;
		echo_lose_older(s, ts);
		s->had_session = 1;
		s->pppoe_sid = 0;
		break;
	default:
		break;
	}
	return s;
}

static struct tracker_sub *feed_dhcp(struct tracker *t, const struct decoded *d, double ts)
{
	struct tracker_sub *s;

	if (d->dhcp.msgtype == DHCP_OFFER || d->dhcp.msgtype == DHCP_ACK ||
	    d->dhcp.msgtype == DHCP_NAK) {
		if (memcmp(d->src, d->dhcp.chaddr, 6) != 0)
			net_learn(t, d->src);
	}
	s = sub_get(t, d->dhcp.chaddr, ts);
	if (!s) {
		t->tot.unattributed++;
		return NULL;
	}
	note_vlans(s, d);
	copy_id(s->circuit_id, &d->dhcp.circuit_id);
	copy_id(s->remote_id, &d->dhcp.remote_id);
	switch (d->dhcp.msgtype) {
	case DHCP_DISCOVER:
		s->dhcp_discover++;
		if (s->dhcp_seen && (!s->have_disc_xid || s->disc_xid != d->dhcp.xid))
			s->dhcp_reinits++;
		s->disc_xid = d->dhcp.xid;
		s->have_disc_xid = 1;
		break;
	case DHCP_REQUEST:
		s->dhcp_request++;
		break;
	case DHCP_ACK:
		s->dhcp_ack++;
		break;
	case DHCP_NAK:
		s->dhcp_nak++;
		break;
	default:
		break;
	}
	s->dhcp_seen = 1;
	return s;
}

static uint32_t flow_key(const struct decoded *d)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t alen = d->tcp.ipver == 6 ? 16 : 4;

	for (size_t i = 0; i < alen; i++)
		h = (h ^ d->tcp.saddr[i]) * 16777619u;
	for (size_t i = 0; i < alen; i++)
		h = (h ^ d->tcp.daddr[i]) * 16777619u;
	h = (h ^ d->tcp.sport) * 16777619u;
	h = (h ^ d->tcp.dport) * 16777619u;
	return h ? h : 1;
}

/* Sequence space beyond what the sender already sent is new; anything else is sent again.
 * A one-byte segment just below the edge is a keep-alive probe, not a loss. */
static void feed_tcp(struct tracker *t, struct tracker_sub *s, const struct decoded *d)
{
	uint8_t syn = d->tcp.flags & 0x02, fin = d->tcp.flags & 0x01;
	uint32_t key = flow_key(d), len = d->tcp.paylen;
	uint32_t end = d->tcp.seq + len + (syn ? 1 : 0) + (fin ? 1 : 0);
	struct tracker_flow *f = NULL, *victim = &s->flow[0];

	if (len)
		s->tcp_data++;
	for (int i = 0; i < TRACKER_FLOWS; i++) {
		if (s->flow[i].key == key) {
			f = &s->flow[i];
			break;
		}
		if (s->flow[i].used < victim->used)
			victim = &s->flow[i];
	}
	if (!f) {
		*victim = (struct tracker_flow){ key, end, t->pktno };
		return;
	}
	f->used = t->pktno;
	if ((int32_t)(end - f->next_seq) > 0) {
		f->next_seq = end;
		return;
	}
	if (!len || (len == 1 && d->tcp.seq == f->next_seq - 1))
		return;
	s->tcp_retrans++;
}

static void note_activity(struct tracker_sub *s, const struct decoded *d, double ts)
{
	int64_t hour = ts > 0 ? (int64_t)ts / 3600 : 0;
	/* 1970-01-01 was a Thursday: shift so that Monday 00:00 is bucket 0. */
	uint32_t how = (uint32_t)((hour + 72) % TRACKER_WEEKHOURS);

	s->packets++;
	s->bytes += d->wirelen;
	if (s->hour_bytes[how] > UINT32_MAX - d->wirelen)
		s->hour_bytes[how] = UINT32_MAX;
	else
		s->hour_bytes[how] += d->wirelen;
	s->last_seen = ts;
}

static void note_time(struct tracker *t, uint32_t wirelen, double ts)
{
	t->pktno++;
	t->tot.packets++;
	t->tot.bytes += wirelen;
	if (t->tot.packets == 1 || ts < t->tot.first_ts)
		t->tot.first_ts = ts;
	if (ts > t->tot.last_ts)
		t->tot.last_ts = ts;
}

void tracker_feed(struct tracker *t, const struct decoded *d, double ts)
{
	struct tracker_sub *s = NULL;
	bool up = false;

	note_time(t, d->wirelen, ts);
	t->tot.kind[d->kind]++;
	switch (d->kind) {
	case DECODE_PPPOE_DISC:
		s = feed_pppoe(t, d, ts);
		break;
	case DECODE_DHCP:
		s = feed_dhcp(t, d, ts);
		break;
	case DECODE_OTHER:
		/* ARP and the like: activity of known subscribers only */
		if (!(s = sub_lookup(t, d->src)))
			s = sub_lookup(t, d->dst);
		break;
	default:
		s = sub_of_pair(t, d, ts, &up);
		if (!s) {
			t->tot.unattributed++;
			break;
		}
		if (d->in_session)
			s->had_session = 1;
		if (d->kind == DECODE_LCP) {
			if (d->lcp.code == LCP_ECHO_REQ) {
				s->lcp_echo_req++;
				echo_request(t, s, d->lcp.id, up, ts);
			} else if (d->lcp.code == LCP_ECHO_REPLY) {
				s->lcp_echo_reply++;
				echo_reply(s, d->lcp.id, up);
			} else if (d->lcp.code == LCP_TERM_REQ) {
				s->lcp_terminate++;
			}
		} else if (d->kind == DECODE_TCP) {
			feed_tcp(t, s, d);
		} else if (d->kind == DECODE_PPP_AUTH && up) {
			copy_id(s->user, &d->ppp_user);
		}
		break;
	}
	if (s)
		note_activity(s, d, ts);
}

void tracker_feed_invalid(struct tracker *t, int status, uint32_t wirelen, double ts)
{
	note_time(t, wirelen, ts);
	if (status == DECODE_TRUNCATED)
		t->tot.truncated++;
	else
		t->tot.malformed++;
}

void tracker_settle(struct tracker *t, double now)
{
	for (size_t i = 0; i < t->nsubs; i++)
		echo_lose_older(&t->subs[i], now - t->conf.lcp_timeout);
}

size_t tracker_expire(struct tracker *t, double before)
{
	size_t w = 0, gone;

	for (size_t r = 0; r < t->nsubs; r++)
		if (t->subs[r].last_seen >= before) {
			if (w != r)
				t->subs[w] = t->subs[r];
			w++;
		}
	gone = t->nsubs - w;
	if (!gone)
		return 0;
	memset(t->subs + w, 0, gone * sizeof(*t->subs));
	t->nsubs = w;
	/* rebuild the index rather than delete from an open-addressing table */
	memset(t->subidx.slot, 0, (t->subidx.mask + 1) * sizeof(*t->subidx.slot));
	t->subidx.n = 0;
	for (size_t i = 0; i < w; i++)
		mactab_put(&t->subidx, mac_key(t->subs[i].mac), (uint32_t)i);
	return gone;
}

size_t tracker_count(const struct tracker *t)
{
	return t->nsubs;
}

const struct tracker_sub *tracker_get(const struct tracker *t, size_t i)
{
	return i < t->nsubs ? &t->subs[i] : NULL;
}

const struct tracker_sub *tracker_find(const struct tracker *t, const uint8_t mac[6])
{
	struct slot *s = mactab_slot(&t->subidx, mac_key(mac));

	return s->key == SLOT_FREE ? NULL : &t->subs[s->idx];
}

const struct tracker_totals *tracker_totals(const struct tracker *t)
{
	return &t->tot;
}

size_t tracker_bytes_per_sub(void)
{
	/* the index keeps at most two slots per subscriber, just after it doubles four */
	return sizeof(struct tracker_sub) + 4 * sizeof(struct slot);
}

double tracker_retrans_ratio(const struct tracker_sub *s)
{
	return s->tcp_data ? (double)s->tcp_retrans / (double)s->tcp_data : 0.0;
}
