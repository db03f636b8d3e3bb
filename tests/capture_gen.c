/* capture_gen: writes the crafted capture of the capture tests: normal PPPoE and DHCP sessions
 * (with PAP and CHAP user names), drops and re-dials, LCP echo timeouts, a DHCP storm, TCP
 * retransmissions over IPv4 and IPv6-in-PPPoE, VLAN/QinQ stacks, and truncated and malformed
 * frames. The expected counts are written down in tests/capture_tshark.sh. An optional MAC-TAG
 * becomes the second byte of every MAC, so that concurrent live tests can filter on it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/capture/decode.h"
#include "tests/capture_craft.h"

#define T0 1700000000.0 /* 2023-11-14 22:13:20 UTC */

static struct craft_pcap *out;
static uint8_t buf[CRAFT_MAX];
static uint8_t bng[6] = { 0x02, 0xbb, 0, 0, 0, 0xfe };
static uint8_t tag; /* second byte of every MAC, so that concurrent live tests can filter */
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

struct sub {
	uint8_t mac[6];
	uint16_t vlan[2];
	int nvlan;
	const char *circuit, *remote;
	uint16_t sid;
	uint8_t echo_id;
};

static void put(double ts, size_t len)
{
	craft_pcap_write(out, ts, buf, len, len);
}

static struct craft_l2 l2(const struct sub *s, bool up, bool broadcast)
{
	struct craft_l2 l = { .nvlan = s->nvlan, .sid = s->sid };

	memcpy(l.vlan, s->vlan, sizeof(s->vlan));
	memcpy(l.src, up ? s->mac : bng, 6);
	memcpy(l.dst, broadcast ? bcast : up ? bng : s->mac, 6);
	return l;
}

static double dial(struct sub *s, uint16_t sid, double t)
{
	struct craft_l2 u = l2(s, true, true), d;

	put(t, craft_pppoe_disc(buf, &u, PPPOE_PADI, 0, s->circuit, s->remote));
	d = l2(s, false, false);
	put(t + 0.01, craft_pppoe_disc(buf, &d, PPPOE_PADO, 0, NULL, NULL));
	u = l2(s, true, false);
	put(t + 0.02, craft_pppoe_disc(buf, &u, PPPOE_PADR, 0, s->circuit, s->remote));
	put(t + 0.03, craft_pppoe_disc(buf, &d, PPPOE_PADS, sid, NULL, NULL));
	s->sid = sid;
	return t + 0.1;
}

static double auth(struct sub *s, bool chap, const char *user, double t)
{
	struct craft_l2 u = l2(s, true, false);

	put(t, craft_ppp_auth(buf, &u, chap, user));
	return t + 0.05;
}

static double padt(struct sub *s, double t)
{
	struct craft_l2 d = l2(s, false, false);

	put(t, craft_pppoe_disc(buf, &d, PPPOE_PADT, s->sid, NULL, NULL));
	return t + 0.1;
}

/* n echo-requests from the BNG 5 s apart; the last `lost` go unanswered. */
static double echoes(struct sub *s, int n, int lost, double t)
{
	for (int i = 0; i < n; i++, t += 5) {
		struct craft_l2 d = l2(s, false, false), u = l2(s, true, false);
		put(t, craft_lcp(buf, &d, LCP_ECHO_REQ, s->echo_id));
		if (i < n - lost)
			put(t + 0.02, craft_lcp(buf, &u, LCP_ECHO_REPLY, s->echo_id));
		s->echo_id++;
	}
	return t;
}

static void dhcp(const struct sub *s, uint8_t type, uint32_t xid, double t)
{
	bool up = type == DHCP_DISCOVER || type == DHCP_REQUEST;
	struct craft_l2 l = l2(s, up, true);

	put(t, craft_dhcp(buf, &l, type, xid, s->mac, s->circuit, s->remote));
}

/* A download of n segments over one TCP connection; every `every`-th segment is sent again
 * 150 ms later (well beyond the handshake's round trip, so tshark calls it a retransmission
 * and not out-of-order). */
static double download(struct sub *s, bool pppoe, int ipver, int n, int every, double t)
{
	/* each subscriber its own client address: one conversation each, also for tshark */
	uint8_t c4[4] = { 100, 64, 1, s->mac[4] }, c6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	static const uint8_t s4[4] = { 192, 0, 2, 80 };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x50 };
	const uint8_t *ca = ipver == 6 ? c6 : c4, *sa = ipver == 6 ? s6 : s4;
	struct craft_l2 u = l2(s, true, false), d = l2(s, false, false);
	c6[14] = s->mac[4];
	uint32_t cseq = 1000, sseq = 7000;

	u.pppoe = d.pppoe = pppoe;
	put(t, craft_tcp(buf, &u, ipver, ca, sa, 40001, 443, cseq, 0, 0x02, 0));
	put(t + 0.01, craft_tcp(buf, &d, ipver, sa, ca, 443, 40001, sseq, cseq + 1, 0x12, 0));
	put(t + 0.02, craft_tcp(buf, &u, ipver, ca, sa, 40001, 443, cseq + 1, sseq + 1, 0x10, 0));
	sseq++;
	t += 0.1;
	for (int i = 1; i <= n; i++, t += 0.25) {
		put(t, craft_tcp(buf, &d, ipver, sa, ca, 443, 40001, sseq, cseq + 1, 0x18, 1200));
		if (every && i % every == 0)
			put(t + 0.15, craft_tcp(buf, &d, ipver, sa, ca, 443, 40001, sseq, cseq + 1,
			                        0x18, 1200));
		sseq += 1200;
	}
	return t;
}

static void broken_frames(double t)
{
	struct sub x = { { 0x02, tag, 0, 0, 0x99, 1 }, { 0 }, 0, NULL, NULL, 0, 0 };
	struct craft_l2 u = l2(&x, true, true);
	size_t n;

	/* truncated: snap length inside DHCP options, inside PPPoE tags, inside IPv4 */
	n = craft_dhcp(buf, &u, DHCP_DISCOVER, 0x99, x.mac, "cut", NULL);
	craft_pcap_write(out, t, buf, n, 200);
	n = craft_pppoe_disc(buf, &u, PPPOE_PADI, 0, "OLT-X xpon 0/0/0:1", NULL);
	craft_pcap_write(out, t + 1, buf, n, 30);
	u = l2(&x, true, false);
	n = craft_tcp(buf, &u, 4, x.mac, x.mac, 1, 2, 3, 4, 0x10, 0);
	craft_pcap_write(out, t + 2, buf, n, 20);
	/* malformed: PPPoE version 2, IPv4 header length 16, five VLAN tags */
	u = l2(&x, true, true);
	n = craft_pppoe_disc(buf, &u, PPPOE_PADI, 0, NULL, NULL);
	buf[14] = 0x12;
	put(t + 3, n);
	u = l2(&x, true, false);
	n = craft_tcp(buf, &u, 4, x.mac, x.mac, 1, 2, 3, 4, 0x10, 0);
	buf[14] = 0x44;
	put(t + 4, n);
	u.nvlan = 5;
	u.vlan[0] = 1, u.vlan[1] = 2, u.vlan[2] = 3, u.vlan[3] = 4, u.vlan[4] = 5;
	n = craft_tcp(buf, &u, 4, x.mac, x.mac, 1, 2, 3, 4, 0x10, 0);
	put(t + 5, n);
}

static void sessions(void)
{
	struct sub a = {
		{ 2, 0, 0, 0, 0x0a, 1 }, { 100, 10 }, 2, "OLT-A xpon 0/1/3:12", "cust-A", 0, 0
	};
	struct sub b = { { 2, 0, 0, 0, 0x0b, 1 }, { 200 }, 1, "OLT-B xpon 0/2/1:5", NULL, 0, 0 };
	struct sub c = {
		{ 2, 0, 0, 0, 0x0c, 1 }, { 100, 11 }, 2, "OLT-A xpon 0/1/3:13", NULL, 0, 0
	};
	struct sub d = {
		{ 2, 0, 0, 0, 0x0d, 1 }, { 300, 20 }, 2, "OLT-A xpon 0/1/4:7", "cust-D", 0, 0
	};
	struct sub e = { { 2, 0, 0, 0, 0x0e, 1 }, { 301 }, 1, NULL, NULL, 0, 0 };
	struct sub f = {
		{ 2, 0, 0, 0, 0x0f, 1 }, { 100, 12 }, 2, "OLT-A xpon 0/1/3:14", NULL, 0, 0
	};
	struct sub g = { { 2, 0, 0, 0, 0x10, 1 }, { 0 }, 0, "weird-format-17", NULL, 0, 0 };
	struct sub *all[] = { &a, &b, &c, &d, &e, &f, &g };
	double t;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		all[i]->mac[1] = tag;

	/* A: a normal PPPoE session with a clean download */
	t = dial(&a, 0x0101, T0);
	t = echoes(&a, 5, 0, t);
	download(&a, true, 4, 20, 0, t);
	/* B: three sessions, each torn down by the BNG: 3 drops, 2 re-dials */
	t = T0 + 1;
	for (int i = 0; i < 3; i++) {
		t = dial(&b, (uint16_t)(0x0201 + i), t);
		t = auth(&b, false, "b@isp.example", t);
		t = echoes(&b, 2, 0, t);
		t = padt(&b, t + 30);
	}
	/* C: the last 4 of 10 echo-requests go unanswered, then the BNG gives up */
	t = dial(&c, 0x0301, T0 + 2);
	t = echoes(&c, 10, 4, t);
	padt(&c, t);
	/* D: DHCP (DORA) and a download with every 10th of 50 segments sent again */
	dhcp(&d, DHCP_DISCOVER, 0xd001, T0 + 3);
	dhcp(&d, DHCP_OFFER, 0xd001, T0 + 3.1);
	dhcp(&d, DHCP_REQUEST, 0xd001, T0 + 3.2);
	dhcp(&d, DHCP_ACK, 0xd001, T0 + 3.3);
	download(&d, false, 4, 50, 10, T0 + 4);
	/* E: a DHCP storm of 12 fresh DISCOVERs, each retried once: 11 re-inits */
	for (uint32_t i = 0; i < 12; i++) {
		dhcp(&e, DHCP_DISCOVER, 0xe000 + i, T0 + 5 + 8 * i);
		dhcp(&e, DHCP_DISCOVER, 0xe000 + i, T0 + 9 + 8 * i);
	}
	/* F: IPv6 inside PPPoE, every 10th of 30 segments sent again */
	t = dial(&f, 0x0601, T0 + 6);
	t = auth(&f, true, "f@isp.example", t);
	download(&f, true, 6, 30, 10, t);
	/* G: a circuit-id no template understands */
	t = dial(&g, 0x0701, T0 + 7);
	auth(&g, false, "g@isp.example", t);
	broken_frames(T0 + 200);
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: capture_gen OUT.pcap [MAC-TAG]\n");
		return 2;
	}
	if (argc == 3) {
		tag = (uint8_t)strtoul(argv[2], NULL, 0);
		bng[1] = tag;
	}
	if (!(out = craft_pcap_open(argv[1]))) {
		fprintf(stderr, "capture_gen: cannot write %s\n", argv[1]);
		return 1;
	}
	sessions();
	return craft_pcap_close(out) < 0 ? 1 : 0;
}
