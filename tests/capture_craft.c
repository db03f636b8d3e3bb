/* capture_craft: frames are built front to back; lengths of enclosing headers (PPPoE, IP, UDP)
 * are patched once the inner part is known. Checksums of IPv4 headers are right; TCP and UDP
 * checksums are left zero, which neither we nor tshark (by default) verify. */
#include "config.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "tests/capture_craft.h"

struct craft_pcap {
	pcap_t *dead;
	pcap_dumper_t *d;
};

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

/* Ethernet and VLAN headers ending in ethertype; returns the offset after them. */
static size_t put_eth(uint8_t *b, const struct craft_l2 *l2, uint16_t type)
{
	size_t o = 12;

	memcpy(b, l2->dst, 6);
	memcpy(b + 6, l2->src, 6);
	for (int i = 0; i < l2->nvlan; i++) {
		wr16(b + o, (l2->nvlan >= 2 && i == 0) ? 0x88a8 : 0x8100);
		wr16(b + o + 2, l2->vlan[i]);
		o += 4;
	}
	wr16(b + o, type);
	return o + 2;
}

static size_t pad60(uint8_t *b, size_t len)
{
	if (len < 60) {
		memset(b + len, 0, 60 - len);
		len = 60;
	}
	return len;
}

size_t craft_pppoe_disc(uint8_t *buf, const struct craft_l2 *l2, uint8_t code, uint16_t sid,
                        const char *circuit, const char *remote)
{
	size_t o = put_eth(buf, l2, 0x8863), h = o, t;

	buf[o] = 0x11;
	buf[o + 1] = code;
	wr16(buf + o + 2, sid);
	o += 6;
	wr16(buf + o, 0x0101); /* Service-Name, empty: any service */
	wr16(buf + o + 2, 0);
	o += 4;
	if (circuit || remote) {
		wr16(buf + o, 0x0105);
		t = o;
		o += 4;
		wr32(buf + o, 3561);
		o += 4;
		if (circuit) {
			buf[o] = 1;
			buf[o + 1] = (uint8_t)strlen(circuit);
			memcpy(buf + o + 2, circuit, strlen(circuit));
			o += 2 + strlen(circuit);
		}
		if (remote) {
			buf[o] = 2;
			buf[o + 1] = (uint8_t)strlen(remote);
			memcpy(buf + o + 2, remote, strlen(remote));
			o += 2 + strlen(remote);
		}
		wr16(buf + t + 2, (uint16_t)(o - t - 4));
	}
	wr16(buf + h + 4, (uint16_t)(o - h - 6));
	return pad60(buf, o);
}

/* PPPoE session header and PPP protocol; returns the offset of the PPP payload. */
static size_t put_session(uint8_t *b, const struct craft_l2 *l2, uint16_t proto, size_t *hdr)
{
	size_t o = put_eth(b, l2, 0x8864);

	*hdr = o;
	b[o] = 0x11;
	b[o + 1] = 0;
	wr16(b + o + 2, l2->sid);
	wr16(b + o + 6, proto);
	return o + 8;
}

size_t craft_lcp(uint8_t *buf, const struct craft_l2 *l2, uint8_t code, uint8_t id)
{
	size_t h, o = put_session(buf, l2, 0xc021, &h);

	buf[o] = code;
	buf[o + 1] = id;
	wr16(buf + o + 2, 8);
	wr32(buf + o + 4, 0x5a5a0000u | id); /* magic number */
	o += 8;
	wr16(buf + h + 4, (uint16_t)(o - h - 6));
	return pad60(buf, o);
}

size_t craft_ppp_auth(uint8_t *buf, const struct craft_l2 *l2, bool chap, const char *user)
{
	size_t h, o = put_session(buf, l2, chap ? 0xc223 : 0xc023, &h), start = o;
	size_t ulen = strlen(user);

	buf[o] = chap ? 2 : 1; /* CHAP Response / PAP Authenticate-Request */
	buf[o + 1] = 1;
	o += 4;
	if (chap) {
		buf[o++] = 16; /* value size: an MD5 digest */
		memset(buf + o, 0xab, 16);
		o += 16;
		memcpy(buf + o, user, ulen);
		o += ulen;
	} else {
		buf[o++] = (uint8_t)ulen;
		memcpy(buf + o, user, ulen);
		o += ulen;
		buf[o++] = 6;
		memcpy(buf + o, "secret", 6);
		o += 6;
	}
	wr16(buf + start + 2, (uint16_t)(o - start));
	wr16(buf + h + 4, (uint16_t)(o - h - 6));
	return pad60(buf, o);
}

static void ipv4_csum(uint8_t *ip)
{
	uint32_t sum = 0;

	wr16(ip + 10, 0);
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	wr16(ip + 10, (uint16_t)~sum);
}

/* Link layer (plain or PPPoE) for an IP packet; returns the IP header offset. */
static size_t put_ip_l2(uint8_t *b, const struct craft_l2 *l2, int ipver, size_t *sess)
{
	if (l2->pppoe)
		return put_session(b, l2, ipver == 6 ? 0x0057 : 0x0021, sess);
	*sess = 0;
	return put_eth(b, l2, ipver == 6 ? 0x86dd : 0x0800);
}

static size_t finish_ip(uint8_t *b, const struct craft_l2 *l2, size_t sess, size_t end)
{
	if (l2->pppoe)
		wr16(b + sess + 4, (uint16_t)(end - sess - 6));
	return pad60(b, end);
}

static void put_ipv4(uint8_t *ip, uint8_t proto, const uint8_t s[4], const uint8_t d[4],
                     size_t total)
{
	memset(ip, 0, 20);
	ip[0] = 0x45;
	wr16(ip + 2, (uint16_t)total);
	wr16(ip + 6, 0x4000); /* DF */
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, s, 4);
	memcpy(ip + 16, d, 4);
	ipv4_csum(ip);
}

size_t craft_dhcp(uint8_t *buf, const struct craft_l2 *l2, uint8_t msgtype, uint32_t xid,
                  const uint8_t chaddr[6], const char *circuit, const char *remote)
{
	static const uint8_t any[4] = { 0, 0, 0, 0 }, bcast[4] = { 255, 255, 255, 255 },
	                     server[4] = { 10, 0, 0, 1 };
	bool from_client = msgtype != 2 && msgtype != 5 && msgtype != 6;
	size_t sess, ip = put_ip_l2(buf, l2, 4, &sess), udp = ip + 20, bp = udp + 8, o;

	memset(buf + bp, 0, 240);
	buf[bp] = from_client ? 1 : 2;
	buf[bp + 1] = 1;
	buf[bp + 2] = 6;
	wr32(buf + bp + 4, xid);
	wr16(buf + bp + 10, 0x8000);
	memcpy(buf + bp + 28, chaddr, 6);
	wr32(buf + bp + 236, 0x63825363u);
	o = bp + 240;
	buf[o++] = 53;
	buf[o++] = 1;
	buf[o++] = msgtype;
	if (circuit || remote) {
		size_t l = o + 1;
		buf[o] = 82;
		o += 2;
		if (circuit) {
			buf[o] = 1;
			buf[o + 1] = (uint8_t)strlen(circuit);
			memcpy(buf + o + 2, circuit, strlen(circuit));
			o += 2 + strlen(circuit);
		}
		if (remote) {
			buf[o] = 2;
			buf[o + 1] = (uint8_t)strlen(remote);
			memcpy(buf + o + 2, remote, strlen(remote));
			o += 2 + strlen(remote);
		}
		buf[l] = (uint8_t)(o - l - 1);
	}
	buf[o++] = 255;
	if (o - bp < 300) { /* BOOTP minimum */
		memset(buf + o, 0, 300 - (o - bp));
		o = bp + 300;
	}
	wr16(buf + udp, from_client ? 68 : 67);
	wr16(buf + udp + 2, from_client ? 67 : 68);
	wr16(buf + udp + 4, (uint16_t)(o - udp));
	wr16(buf + udp + 6, 0);
	put_ipv4(buf + ip, 17, from_client ? any : server, bcast, o - ip);
	return finish_ip(buf, l2, sess, o);
}

size_t craft_tcp(uint8_t *buf, const struct craft_l2 *l2, int ipver, const uint8_t *saddr,
                 const uint8_t *daddr, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
                 uint8_t flags, uint16_t paylen)
{
	size_t sess, ip = put_ip_l2(buf, l2, ipver, &sess);
	size_t tcp = ip + (ipver == 6 ? 40 : 20), end = tcp + 20 + paylen;

	memset(buf + tcp, 0, 20 + paylen);
	wr16(buf + tcp, sport);
	wr16(buf + tcp + 2, dport);
	wr32(buf + tcp + 4, seq);
	wr32(buf + tcp + 8, ack);
	buf[tcp + 12] = 5 << 4;
	buf[tcp + 13] = flags;
	wr16(buf + tcp + 14, 65535);
	if (ipver == 6) {
		memset(buf + ip, 0, 40);
		buf[ip] = 0x60;
		wr16(buf + ip + 4, (uint16_t)(20 + paylen));
		buf[ip + 6] = 6;
		buf[ip + 7] = 64;
		memcpy(buf + ip + 8, saddr, 16);
		memcpy(buf + ip + 24, daddr, 16);
	} else {
		put_ipv4(buf + ip, 6, saddr, daddr, end - ip);
	}
	return finish_ip(buf, l2, sess, end);
}

struct craft_pcap *craft_pcap_open(const char *path)
{
	struct craft_pcap *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	if (!(w->dead = pcap_open_dead(DLT_EN10MB, 65535)))
		goto fail;
	if (!(w->d = pcap_dump_open(w->dead, path)))
		goto fail;
	return w;
fail:
	craft_pcap_close(w);
	return NULL;
}

void craft_pcap_write(struct craft_pcap *w, double ts, const uint8_t *buf, size_t len,
                      size_t caplen)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = (time_t)ts;
	h.ts.tv_usec = (suseconds_t)((ts - (double)(time_t)ts) * 1e6 + 0.5);
	if (h.ts.tv_usec >= 1000000) {
		h.ts.tv_sec++;
		h.ts.tv_usec -= 1000000;
	}
	h.len = (bpf_u_int32)len;
	h.caplen = (bpf_u_int32)(caplen < len ? caplen : len);
	pcap_dump((u_char *)w->d, &h, buf);
}

int craft_pcap_close(struct craft_pcap *w)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->d) {
		rc = pcap_dump_flush(w->d);
		pcap_dump_close(w->d);
	}
	if (w->dead)
		pcap_close(w->dead);
	free(w);
	return rc < 0 ? -1 : 0;
}
