/* pcapsrc: a libpcap packet source, an offline file or a live device opened non-blocking with a
 * selectable fd for the event loop; hands each Ethernet frame with its timestamp to a callback. */
#ifndef OW_CAPTURE_PCAPSRC_H
#define OW_CAPTURE_PCAPSRC_H

#include <stdint.h>

#define PCAPSRC_ERR_MAX 256
/* No filter by default: TCP, the bulk of a mirror port, is wanted anyway, and libpcap's vlan and
 * pppoes keywords shift offsets for the rest of an expression, which makes a filter that is
 * right for QinQ and PPPoE alike easy to get wrong (docs/capture.md has one, checked in tests). */
#define PCAPSRC_DEFAULT_FILTER ""

struct pcapsrc_conf {
	const char *device;
	const char *filter; /* BPF filter, NULL or "" for all */
	int snaplen;        /* bytes kept per packet: headers only */
	int buffer_size;    /* kernel ring in bytes, 0 for libpcap's default */
	int promisc;        /* a mirror port usually needs it */
};

struct pcapsrc_stats {
	uint64_t received;     /* ps_recv */
	uint64_t kernel_drops; /* ps_drop: no room in the buffer */
	uint64_t if_drops;     /* ps_ifdrop: dropped by the interface or driver */
};

typedef void (*pcapsrc_cb)(const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, double ts,
                           void *arg);

struct pcapsrc;

/* Defaults: no device, no filter, snaplen 640, 8 MiB buffer, promisc. */
void pcapsrc_conf_default(struct pcapsrc_conf *c);
/* Open a pcap file. 0, or -1 with err filled. */
int pcapsrc_open_offline(const char *path, struct pcapsrc **out, char err[PCAPSRC_ERR_MAX]);
/* Open and activate a live device, non-blocking, filter applied. 0, or -1 with err filled. */
int pcapsrc_open_live(const struct pcapsrc_conf *c, struct pcapsrc **out,
                      char err[PCAPSRC_ERR_MAX]);
/* The fd to poll for readability (live), or -1. */
int pcapsrc_fd(const struct pcapsrc *s);
/* Hand up to max packets (-1: all buffered / whole file) to cb. Returns the number handed,
 * 0 at the end of a file or when nothing is ready, -1 on error (pcapsrc_error tells). */
int pcapsrc_dispatch(struct pcapsrc *s, int max, pcapsrc_cb cb, void *arg);
/* The last libpcap error text. */
const char *pcapsrc_error(const struct pcapsrc *s);
/* Kernel and interface drop counters (live only). 0 or -1. */
int pcapsrc_stats(struct pcapsrc *s, struct pcapsrc_stats *st);
/* Close; NULL is fine. */
void pcapsrc_close(struct pcapsrc *s);

#endif
