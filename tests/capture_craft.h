/* capture_craft: builds access-edge frames (PPPoE, LCP, DHCP, TCP over VLAN/QinQ) and writes
 * them to pcap files with pcap_dump, for the capture tests, the fuzz seeds and the benchmark. */
#ifndef OW_TESTS_CAPTURE_CRAFT_H
#define OW_TESTS_CAPTURE_CRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRAFT_MAX 2048 /* frame buffer size the builders need */

/* Link layer of a crafted frame: VLAN tags (first is the outer; with two or more the outer
 * uses TPID 0x88a8) and, for IP, an optional PPPoE session around it. */
struct craft_l2 {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t vlan[5];
	int nvlan;
	bool pppoe;
	uint16_t sid;
};

/* PPPoE discovery with a Service-Name tag and, when circuit or remote is non-NULL, the TR-101
 * vendor-specific tag. Returns the frame length. */
size_t craft_pppoe_disc(uint8_t *buf, const struct craft_l2 *l2, uint8_t code, uint16_t sid,
                        const char *circuit, const char *remote);
/* LCP packet (echo carries a magic number) in PPPoE session l2->sid. */
size_t craft_lcp(uint8_t *buf, const struct craft_l2 *l2, uint8_t code, uint8_t id);
/* PAP Authenticate-Request (chap false; password "secret") or CHAP Response (chap true) for
 * user in PPPoE session l2->sid. */
size_t craft_ppp_auth(uint8_t *buf, const struct craft_l2 *l2, bool chap, const char *user);
/* DHCPv4 message of msgtype for client chaddr, with option 82 when circuit/remote given. */
size_t craft_dhcp(uint8_t *buf, const struct craft_l2 *l2, uint8_t msgtype, uint32_t xid,
                  const uint8_t chaddr[6], const char *circuit, const char *remote);
/* TCP segment (ipver 4 or 6; addresses of 4 or 16 bytes) with paylen zero bytes of payload. */
size_t craft_tcp(uint8_t *buf, const struct craft_l2 *l2, int ipver, const uint8_t *saddr,
                 const uint8_t *daddr, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
                 uint8_t flags, uint16_t paylen);

struct craft_pcap;

/* Create a pcap file (Ethernet). NULL on failure. */
struct craft_pcap *craft_pcap_open(const char *path);
/* Append a frame seen at Unix time ts; caplen < len writes a truncated capture. */
void craft_pcap_write(struct craft_pcap *w, double ts, const uint8_t *buf, size_t len,
                      size_t caplen);
/* Flush and close; 0 or -1. NULL is fine. */
int craft_pcap_close(struct craft_pcap *w);

#endif
