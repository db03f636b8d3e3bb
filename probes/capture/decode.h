/* decode: pure, bounds-checked decoder of access-edge headers (Ethernet/VLAN, PPPoE, PPP LCP and
 * PAP/CHAP names, DHCPv4 with option 82, IPv4/IPv6 TCP) into facts; no I/O, no allocation, payloads
 * never read. */
#ifndef OW_CAPTURE_DECODE_H
#define OW_CAPTURE_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#define DECODE_VLAN_MAX 4 /* deeper tag stacks are reported malformed */

/* Outcome of decoding one frame. */
enum decode_status {
	DECODE_OK = 0,
	DECODE_TRUNCATED = -1, /* a header we need lies beyond the captured bytes */
	DECODE_MALFORMED = -2, /* header fields contradict themselves or the frame */
};

/* The innermost layer we understood. */
enum decode_kind {
	DECODE_OTHER = 0,  /* Ethernet frame of no interest (ARP, unknown ethertype) */
	DECODE_PPPOE_DISC, /* PPPoE discovery: pppoe.code and tags */
	DECODE_LCP,        /* PPP LCP inside a PPPoE session */
	DECODE_PPP_OTHER,  /* other PPP protocol inside a session (IPCP, PAP, ...) */
	DECODE_DHCP,       /* DHCPv4 (BOOTP with the magic cookie) */
	DECODE_TCP,        /* TCP over IPv4 or IPv6 */
	DECODE_IP,         /* other IP traffic (UDP, ICMP, fragments) */
	DECODE_PPP_AUTH,   /* PAP Authenticate-Request or CHAP Response: ppp_user */
	DECODE_KIND_COUNT
};

enum {
	PPPOE_PADI = 0x09,
	PPPOE_PADO = 0x07,
	PPPOE_PADR = 0x19,
	PPPOE_PADS = 0x65,
	PPPOE_PADT = 0xa7,
};

enum {
	LCP_CONF_REQ = 1,
	LCP_TERM_REQ = 5,
	LCP_TERM_ACK = 6,
	LCP_ECHO_REQ = 9,
	LCP_ECHO_REPLY = 10,
};

enum {
	DHCP_DISCOVER = 1,
	DHCP_OFFER = 2,
	DHCP_REQUEST = 3,
	DHCP_DECLINE = 4,
	DHCP_ACK = 5,
	DHCP_NAK = 6,
	DHCP_RELEASE = 7,
	DHCP_INFORM = 8,
};

/* A view into the packet bytes (valid only while the packet is); len 0 when absent. */
struct decode_bytes {
	const uint8_t *p;
	uint16_t len;
};

struct decoded {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t vlan[DECODE_VLAN_MAX]; /* VLAN ids, outermost first */
	uint8_t nvlan;
	uint16_t ethertype; /* after the VLAN tags */
	uint32_t wirelen;
	enum decode_kind kind;
	bool in_session; /* carried in a PPPoE session */
	uint16_t pppoe_sid;
	struct {
		uint8_t code;                   /* PPPOE_PADI ... */
		struct decode_bytes circuit_id; /* TR-101 Agent-Circuit-ID */
		struct decode_bytes remote_id;  /* TR-101 Agent-Remote-ID */
	} pppoe;
	struct {
		uint8_t code;
		uint8_t id;
	} lcp;
	struct decode_bytes ppp_user; /* PAP peer-id or CHAP name; passwords are never read */
	struct {
		uint8_t op;
		uint8_t msgtype; /* option 53, 0 when absent */
		uint32_t xid;
		uint8_t chaddr[6];
		struct decode_bytes circuit_id; /* option 82 sub-option 1 */
		struct decode_bytes remote_id;  /* option 82 sub-option 2 */
	} dhcp;
	struct {
		uint8_t ipver; /* 4 or 6 */
		uint8_t saddr[16];
		uint8_t daddr[16];
		uint16_t sport;
		uint16_t dport;
		uint32_t seq;
		uint32_t ack;
		uint8_t flags;
		uint32_t paylen; /* from the IP length fields, not the capture */
	} tcp;
};

/* Decode one Ethernet frame of `caplen` captured bytes (`wirelen` on the wire) into *d.
 * Returns DECODE_OK or a negative enum decode_status; *d is only meaningful on DECODE_OK. */
int decode_packet(const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, struct decoded *d);
/* Kind as text ("pppoe_discovery", "lcp", ...). */
const char *decode_kind_name(enum decode_kind kind);
/* PPPoE discovery code as text ("PADI", ...), NULL when unknown. */
const char *decode_pppoe_code_name(uint8_t code);

#endif
