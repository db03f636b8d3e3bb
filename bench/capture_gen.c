/* capture_gen (bench): writes a large synthetic access-edge capture for the decoder benchmark:
 * SUBS subscribers (half PPPoE over QinQ, half DHCP/IPoE) whose traffic is mostly TCP, with
 * LCP echoes, PPPoE re-dials, DHCP renewals, retransmissions and some ARP. Frames are kept to
 * a 128-byte snap length (DHCP whole), as a header-only capture would; the file is generated,
 * never committed. usage: capture_gen OUT.pcap [PACKETS [SUBS]] */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/capture/decode.h"
#include "tests/capture_craft.h"

#define SNAP 128

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

struct bsub {
	uint8_t mac[6];
	uint16_t vlan[2];
	bool pppoe;
	uint16_t sid;
	uint32_t seq, xid;
	uint8_t echo;
	char circuit[40];
};

int main(int argc, char **argv)
{
	static const uint8_t bng[6] = { 0x02, 0xbb, 0, 0, 0, 0xfe };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t srv[4] = { 192, 0, 2, 80 };
	uint8_t buf[CRAFT_MAX];
	unsigned long packets = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000000ul;
	unsigned nsubs = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 20000;
	struct craft_pcap *w;
	struct bsub *subs;
	double t = 1700000000.0;

	if (argc < 2 || nsubs == 0 || nsubs > 1000000) {
		fprintf(stderr, "usage: capture_gen OUT.pcap [PACKETS [SUBS]]\n");
		return 2;
	}
	if (!(w = craft_pcap_open(argv[1]))) {
		fprintf(stderr, "capture_gen: cannot write %s\n", argv[1]);
		return 1;
	}
	subs = calloc(nsubs, sizeof(*subs));
	for (unsigned i = 0; i < nsubs; i++) {
		struct bsub *s = &subs[i];
		s->mac[0] = 0x02;
		s->mac[2] = (uint8_t)(i >> 24);
		s->mac[3] = (uint8_t)(i >> 16);
		s->mac[4] = (uint8_t)(i >> 8);
		s->mac[5] = (uint8_t)i;
		s->pppoe = i % 2 == 0;
		s->vlan[0] = (uint16_t)(100 + i / 4000);
		s->vlan[1] = (uint16_t)(1 + i % 4000);
		s->sid = (uint16_t)(1 + i % 65000);
		s->seq = rnd();
		s->xid = rnd();
		snprintf(s->circuit, sizeof(s->circuit), "OLT-%u xpon 0/%u/%u:%u", i / 8192,
		         (i / 128) % 16, (i / 64) % 2, i % 64);
	}
	for (unsigned long n = 0; n < packets; n++) {
		struct bsub *s = &subs[rnd() % nsubs];
		uint8_t c4[4] = { 100, (uint8_t)(64 + (s->mac[3] & 63)), s->mac[4], s->mac[5] };
		uint32_t r = rnd() % 1000;
		bool down = r & 1;
		struct craft_l2 l2 = { .nvlan = 2, .pppoe = s->pppoe, .sid = s->sid };
		size_t len, cap = SNAP;

		memcpy(l2.vlan, s->vlan, sizeof(s->vlan));
		memcpy(l2.src, down ? bng : s->mac, 6);
		memcpy(l2.dst, down ? s->mac : bng, 6);
		t += 0.0001;
		if (r < 900) { /* TCP: mostly downloads, 1% sent again */
			uint16_t pay = down ? 1400 : 0;
			uint32_t seq = s->seq;
			if (down && rnd() % 100 != 0)
				s->seq += pay;
			if (down)
				len =
				    craft_tcp(buf, &l2, 4, srv, c4, 443, 40000, seq, 1, 0x10, pay);
			else
				len = craft_tcp(buf, &l2, 4, c4, srv, 40000, 443, 1, seq, 0x10, 0);
		} else if (r < 950 && s->pppoe) { /* LCP echo, one in fifty lost */
			if (down || rnd() % 50 == 0)
				len = craft_lcp(buf, &l2, LCP_ECHO_REQ, ++s->echo);
			else
				len = craft_lcp(buf, &l2, LCP_ECHO_REPLY, s->echo);
		} else if (r < 960 && s->pppoe) { /* a drop and a re-dial */
			static const uint8_t codes[] = { PPPOE_PADT, PPPOE_PADI, PPPOE_PADO,
				                         PPPOE_PADR, PPPOE_PADS };
			uint8_t code = codes[rnd() % 5];
			bool from_sub = code == PPPOE_PADI || code == PPPOE_PADR;
			memcpy(l2.src, from_sub ? s->mac : bng, 6);
			memcpy(l2.dst, from_sub ? (code == PPPOE_PADI ? bcast : bng) : s->mac, 6);
			len = craft_pppoe_disc(buf, &l2, code, code == PPPOE_PADS ? s->sid : 0,
			                       from_sub ? s->circuit : NULL, NULL);
		} else if (r < 970 && !s->pppoe) { /* DHCP renewals, sometimes from scratch */
			static const uint8_t types[] = { DHCP_DISCOVER, DHCP_OFFER, DHCP_REQUEST,
				                         DHCP_ACK };
			uint8_t type = types[rnd() % 4];
			bool from_sub = type == DHCP_DISCOVER || type == DHCP_REQUEST;
			if (type == DHCP_DISCOVER && rnd() % 4 == 0)
				s->xid++;
			memcpy(l2.src, from_sub ? s->mac : bng, 6);
			memcpy(l2.dst, bcast, 6);
			len = craft_dhcp(buf, &l2, type, s->xid, s->mac, s->circuit, NULL);
			cap = len;
		} else { /* ARP and other traffic the probe only counts */
			memset(buf, 0, 60);
			memcpy(buf, bcast, 6);
			memcpy(buf + 6, s->mac, 6);
			buf[12] = 0x08, buf[13] = 0x06;
			len = 60;
		}
		craft_pcap_write(w, t, buf, len, cap);
	}
	free(subs);
	return craft_pcap_close(w) < 0 ? 1 : 0;
}
