/* decode: header-only decoding of access-edge frames. Every layer gets the bytes that were
 * captured (`cap`) and the bytes the frame or the enclosing header says exist (`wire`): a field
 * beyond `wire` is a lie (malformed), beyond `cap` only unseen (truncated), as in tcpdump. */
#include "config.h"

#include <string.h>

#include "probes/capture/decode.h"

#define ETH_HLEN       14
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_Q91  0x9100 /* pre-standard QinQ, still found on OLT uplinks */
#define ETHERTYPE_DISC 0x8863
#define ETHERTYPE_SESS 0x8864

#define PPP_IPV4      0x0021
#define PPP_IPV6      0x0057
#define PPP_LCP       0xc021
#define PPP_PAP       0xc023
#define PPP_CHAP      0xc223
#define PAP_AUTH_REQ  1
#define CHAP_RESPONSE 2

#define PPPOE_TAG_END    0x0000
#define PPPOE_TAG_VENDOR 0x0105
#define BBF_ENTERPRISE   3561 /* TR-101 vendor id (ADSL Forum / Broadband Forum) */
#define AGENT_CIRCUIT_ID 1
#define AGENT_REMOTE_ID  2
#define DHCP_OPT_PAD     0
#define DHCP_OPT_MSGTYPE 53
#define DHCP_OPT_RELAY   82
#define DHCP_OPT_END     255
#define DHCP_FIXED_LEN   236
#define DHCP_MAGIC       0x63825363u
#define IPV6_EXT_MAX     8 /* more extension headers than this is an attack, not traffic */

/* A region of the packet: `cap` bytes are readable, `wire` bytes exist (cap <= wire). */
struct region {
	const uint8_t *p;
	uint32_t cap;
	uint32_t wire;
};

static const struct {
	enum decode_kind kind;
	const char *name;
} kind_names[] = {
	{ DECODE_OTHER, "other" }, { DECODE_PPPOE_DISC, "pppoe_discovery" },
	{ DECODE_LCP, "lcp" },     { DECODE_PPP_OTHER, "ppp_other" },
	{ DECODE_DHCP, "dhcp" },   { DECODE_TCP, "tcp" },
	{ DECODE_IP, "ip" },       { DECODE_PPP_AUTH, "ppp_auth" },
};

static const struct {
	uint8_t code;
	const char *name;
} pppoe_names[] = {
	{ PPPOE_PADI, "PADI" }, { PPPOE_PADO, "PADO" }, { PPPOE_PADR, "PADR" },
	{ PPPOE_PADS, "PADS" }, { PPPOE_PADT, "PADT" },
};

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* 0 when n bytes can be read, else why not. */
static int need(const struct region *r, uint32_t n)
{
	if (n > r->wire)
		return DECODE_MALFORMED;
	if (n > r->cap)
		return DECODE_TRUNCATED;
	return 0;
}

/* The sub-region [off, off+len) of r; len must already be checked against r->wire. */
static struct region sub(const struct region *r, uint32_t off, uint32_t len)
{
	struct region s;

	s.p = r->p + off;
	s.wire = len;
	s.cap = r->cap > off ? r->cap - off : 0;
	if (s.cap > len)
		s.cap = len;
	return s;
}

/* The rest of r after `off` bytes (off <= r->wire). */
static struct region rest(const struct region *r, uint32_t off)
{
	return sub(r, off, r->wire - off);
}

static int decode_tcp(struct region r, struct decoded *d)
{
	int rc = need(&r, 20);

	if (rc)
		return rc;
	uint32_t hlen = (uint32_t)(r.p[12] >> 4) * 4;
	if (hlen < 20 || hlen > r.wire)
		return DECODE_MALFORMED;
	d->tcp.sport = rd16(r.p);
	d->tcp.dport = rd16(r.p + 2);
	d->tcp.seq = rd32(r.p + 4);
	d->tcp.ack = rd32(r.p + 8);
	d->tcp.flags = r.p[13];
	d->tcp.paylen = r.wire - hlen;
	d->kind = DECODE_TCP;
	return DECODE_OK;
}

/* Access-line sub-TLVs of one-byte type and length from offset i: DHCP option 82 and the
 * TR-101 PPPoE tag carry circuit-id and remote-id the same way. */
static int decode_agent_ids(const uint8_t *p, uint32_t i, uint32_t len,
                            struct decode_bytes *circuit_id, struct decode_bytes *remote_id)
{
	while (i < len) {
		if (len - i < 2 || p[i + 1] > len - i - 2)
			return DECODE_MALFORMED;
		struct decode_bytes v = { p + i + 2, p[i + 1] };
		if (p[i] == AGENT_CIRCUIT_ID)
			*circuit_id = v;
		else if (p[i] == AGENT_REMOTE_ID)
			*remote_id = v;
		i += 2u + p[i + 1];
	}
	return DECODE_OK;
}

/* Option 82 sub-options: circuit-id and remote-id. */
static int decode_relay_agent(const uint8_t *p, uint32_t len, struct decoded *d)
{
	return decode_agent_ids(p, 0, len, &d->dhcp.circuit_id, &d->dhcp.remote_id);
}

static int decode_dhcp(struct region r, struct decoded *d)
{
	int rc = need(&r, DHCP_FIXED_LEN + 4);

	if (rc)
		return rc;
	if (r.p[0] != 1 && r.p[0] != 2)
		return DECODE_MALFORMED;
	/* Plain BOOTP or a non-Ethernet client: nothing we can attribute. */
	if (r.p[1] != 1 || r.p[2] != 6 || rd32(r.p + DHCP_FIXED_LEN) != DHCP_MAGIC) {
		d->kind = DECODE_IP;
		return DECODE_OK;
	}
	d->dhcp.op = r.p[0];
	d->dhcp.xid = rd32(r.p + 4);
	memcpy(d->dhcp.chaddr, r.p + 28, 6);
	uint32_t i = DHCP_FIXED_LEN + 4;
	for (;;) {
		if (i >= r.wire)
			break; /* no END option: tolerated, as by most servers */
		if ((rc = need(&r, i + 1)))
			return rc;
		uint8_t code = r.p[i];
		if (code == DHCP_OPT_END)
			break;
		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if ((rc = need(&r, i + 2)))
			return rc;
		uint32_t olen = r.p[i + 1];
		if ((rc = need(&r, i + 2 + olen)))
			return rc;
		const uint8_t *v = r.p + i + 2;
		if (code == DHCP_OPT_MSGTYPE) {
			if (olen != 1)
				return DECODE_MALFORMED;
			d->dhcp.msgtype = v[0];
		} else if (code == DHCP_OPT_RELAY) {
			if ((rc = decode_relay_agent(v, olen, d)))
				return rc;
		}
		i += 2 + olen;
	}
	d->kind = DECODE_DHCP;
	return DECODE_OK;
}

static int decode_udp(struct region r, struct decoded *d)
{
	int rc = need(&r, 8);

	if (rc)
		return rc;
	uint16_t sport = rd16(r.p), dport = rd16(r.p + 2), ulen = rd16(r.p + 4);
	if (ulen < 8 || ulen > r.wire)
		return DECODE_MALFORMED;
	d->kind = DECODE_IP;
	if ((sport == 67 || sport == 68) && (dport == 67 || dport == 68))
		return decode_dhcp(sub(&r, 8, ulen - 8u), d);
	return DECODE_OK;
}

static int decode_ipv4(struct region r, struct decoded *d)
{
	int rc = need(&r, 20);

	if (rc)
		return rc;
	uint32_t hlen = (uint32_t)(r.p[0] & 0x0f) * 4;
	uint32_t total = rd16(r.p + 2);
	if (r.p[0] >> 4 != 4 || hlen < 20 || total < hlen || total > r.wire)
		return DECODE_MALFORMED;
	if ((rc = need(&r, hlen)))
		return rc;
	d->tcp.ipver = 4;
	memcpy(d->tcp.saddr, r.p + 12, 4);
	memcpy(d->tcp.daddr, r.p + 16, 4);
	d->kind = DECODE_IP;
	if ((rd16(r.p + 6) & 0x1fff) != 0)
		return DECODE_OK; /* a later fragment has no transport header */
	struct region payload = sub(&r, hlen, total - hlen);
	if (r.p[9] == 6)
		return decode_tcp(payload, d);
	if (r.p[9] == 17)
		return decode_udp(payload, d);
	return DECODE_OK;
}

static int decode_ipv6(struct region r, struct decoded *d)
{
	int rc = need(&r, 40);

	if (rc)
		return rc;
	uint32_t plen = rd16(r.p + 4);
	if (r.p[0] >> 4 != 6 || 40 + plen > r.wire)
		return DECODE_MALFORMED;
	d->tcp.ipver = 6;
	memcpy(d->tcp.saddr, r.p + 8, 16);
	memcpy(d->tcp.daddr, r.p + 24, 16);
	d->kind = DECODE_IP;
	uint8_t nh = r.p[6];
	struct region q = sub(&r, 40, plen);
	for (int n = 0; n < IPV6_EXT_MAX; n++) {
		uint32_t elen;
		switch (nh) {
		case 6:
			return decode_tcp(q, d);
		case 0:  /* hop-by-hop */
		case 43: /* routing */
		case 60: /* destination options */
			if ((rc = need(&q, 2)))
				return rc;
			elen = ((uint32_t)q.p[1] + 1) * 8;
			break;
		case 51: /* authentication header */
			if ((rc = need(&q, 2)))
				return rc;
			elen = ((uint32_t)q.p[1] + 2) * 4;
			break;
		case 44: /* fragment */
			if ((rc = need(&q, 8)))
				return rc;
			if ((rd16(q.p + 2) >> 3) != 0)
				return DECODE_OK;
			elen = 8;
			break;
		default:
			return DECODE_OK;
		}
		if ((rc = need(&q, elen)))
			return rc;
		nh = q.p[0];
		q = rest(&q, elen);
	}
	return DECODE_MALFORMED;
}

static int decode_lcp(struct region r, struct decoded *d)
{
	int rc = need(&r, 4);

	if (rc)
		return rc;
	uint16_t len = rd16(r.p + 2);
	if (len < 4 || len > r.wire)
		return DECODE_MALFORMED;
	d->lcp.code = r.p[0];
	d->lcp.id = r.p[1];
	d->kind = DECODE_LCP;
	return DECODE_OK;
}

/* PAP Authenticate-Request (peer-id first, the password after it is left unread) or CHAP
 * Response (value, then the name to the end of the packet): only the user name is kept. */
static int decode_ppp_auth(struct region r, bool chap, struct decoded *d)
{
	int rc = need(&r, 4);

	if (rc)
		return rc;
	uint16_t len = rd16(r.p + 2);
	if (len < 4 || len > r.wire)
		return DECODE_MALFORMED;
	if (r.p[0] != (chap ? CHAP_RESPONSE : PAP_AUTH_REQ))
		return DECODE_OK; /* a reply or challenge: nothing about the user */
	if ((rc = need(&r, 5)))
		return rc;
	uint32_t first = r.p[4];
	if (5 + first > len)
		return DECODE_MALFORMED;
	if (chap) {
		if ((rc = need(&r, len)))
			return rc;
		d->ppp_user = (struct decode_bytes){ r.p + 5 + first, (uint16_t)(len - 5 - first) };
	} else {
		if ((rc = need(&r, 5 + first)))
			return rc;
		d->ppp_user = (struct decode_bytes){ r.p + 5, (uint16_t)first };
	}
	d->kind = DECODE_PPP_AUTH;
	return DECODE_OK;
}

static int decode_ppp(struct region r, struct decoded *d)
{
	int rc = need(&r, 1);
	uint16_t proto;
	uint32_t plen;

	if (rc)
		return rc;
	if (r.p[0] & 1) { /* protocol field compression: one byte */
		proto = r.p[0];
		plen = 1;
	} else {
		if ((rc = need(&r, 2)))
			return rc;
		proto = rd16(r.p);
		plen = 2;
		if (!(proto & 1))
			return DECODE_MALFORMED; /* protocol numbers are odd */
	}
	struct region body = rest(&r, plen);
	d->kind = DECODE_PPP_OTHER;
	switch (proto) {
	case PPP_LCP:
		return decode_lcp(body, d);
	case PPP_PAP:
		return decode_ppp_auth(body, false, d);
	case PPP_CHAP:
		return decode_ppp_auth(body, true, d);
	case PPP_IPV4:
		return decode_ipv4(body, d);
	case PPP_IPV6:
		return decode_ipv6(body, d);
	default:
		return DECODE_OK;
	}
}

/* TR-101 vendor-specific tag: enterprise number then sub-TLVs of one-byte type and length. */
static int decode_pppoe_vendor(const uint8_t *p, uint32_t len, struct decoded *d)
{
	if (len < 4 || rd32(p) != BBF_ENTERPRISE)
		return DECODE_OK; /* another vendor's tag: not ours to judge */
	return decode_agent_ids(p, 4, len, &d->pppoe.circuit_id, &d->pppoe.remote_id);
}

static int decode_pppoe(struct region r, bool session, struct decoded *d)
{
	int rc = need(&r, 6);

	if (rc)
		return rc;
	uint16_t len = rd16(r.p + 4);
	if (r.p[0] != 0x11 || 6u + len > r.wire)
		return DECODE_MALFORMED;
	d->pppoe_sid = rd16(r.p + 2);
	struct region body = sub(&r, 6, len);
	if (session) {
		if (r.p[1] != 0)
			return DECODE_MALFORMED;
		d->in_session = true;
		return decode_ppp(body, d);
	}
	d->pppoe.code = r.p[1];
	if (!decode_pppoe_code_name(d->pppoe.code))
		return DECODE_MALFORMED;
	if ((rc = need(&body, len)))
		return rc;
	uint32_t i = 0;
	while (i < len) {
		if (len - i < 4)
			return DECODE_MALFORMED;
		uint16_t type = rd16(body.p + i), tlen = rd16(body.p + i + 2);
		if (tlen > len - i - 4)
			return DECODE_MALFORMED;
		if (type == PPPOE_TAG_END)
			break;
		if (type == PPPOE_TAG_VENDOR && (rc = decode_pppoe_vendor(body.p + i + 4, tlen, d)))
			return rc;
		i += 4u + tlen;
	}
	d->kind = DECODE_PPPOE_DISC;
	return DECODE_OK;
}

int decode_packet(const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, struct decoded *d)
{
	struct region r = { pkt, caplen, wirelen < caplen ? caplen : wirelen };
	uint32_t off = ETH_HLEN;
	int rc;

	memset(d, 0, sizeof(*d));
	d->wirelen = r.wire;
	if ((rc = need(&r, ETH_HLEN)))
		return rc;
	memcpy(d->dst, pkt, 6);
	memcpy(d->src, pkt + 6, 6);
	uint16_t type = rd16(pkt + 12);
	while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_Q91) {
		if (d->nvlan == DECODE_VLAN_MAX)
			return DECODE_MALFORMED;
		if ((rc = need(&r, off + 4)))
			return rc;
		d->vlan[d->nvlan++] = rd16(pkt + off) & 0x0fff;
		type = rd16(pkt + off + 2);
		off += 4;
	}
	d->ethertype = type;
	struct region body = rest(&r, off);
	switch (type) {
	case ETHERTYPE_DISC:
		return decode_pppoe(body, false, d);
	case ETHERTYPE_SESS:
		return decode_pppoe(body, true, d);
	case ETHERTYPE_IPV4:
		return decode_ipv4(body, d);
	case ETHERTYPE_IPV6:
		return decode_ipv6(body, d);
	default:
		d->kind = DECODE_OTHER;
		return DECODE_OK;
	}
}

const char *decode_kind_name(enum decode_kind kind)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (kind_names[i].kind == kind)
			return kind_names[i].name;
	return "unknown";
}

const char *decode_pppoe_code_name(uint8_t code)
{
	for (size_t i = 0; i < sizeof(pppoe_names) / sizeof(pppoe_names[0]); i++)
		if (pppoe_names[i].code == code)
			return pppoe_names[i].name;
	return NULL;
}
