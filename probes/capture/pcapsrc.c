/* pcapsrc: thin over libpcap. Live capture is set up with pcap_create/pcap_activate so that
 * snaplen and buffer size are ours, then made non-blocking so a read never stalls the loop
 * (as libpcap's testprogs/selpolltest.c). Only Ethernet links are accepted: the decoder
 * knows no other. */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "probes/capture/pcapsrc.h"

struct pcapsrc {
	pcap_t *p;
	pcapsrc_cb cb;
	void *arg;
};

void pcapsrc_conf_default(struct pcapsrc_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->filter = PCAPSRC_DEFAULT_FILTER;
	c->snaplen = 640; /* DHCP options (option 82 last) fit; TCP payload does not */
	c->buffer_size = 8 << 20;
	c->promisc = 1;
}

static int check_link(pcap_t *p, char err[PCAPSRC_ERR_MAX])
{
	if (pcap_datalink(p) != DLT_EN10MB) {
		snprintf(err, PCAPSRC_ERR_MAX, "link type %s is not Ethernet",
		         pcap_datalink_val_to_name(pcap_datalink(p)));
		return -1;
	}
	return 0;
}

int pcapsrc_open_offline(const char *path, struct pcapsrc **out, char err[PCAPSRC_ERR_MAX])
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_open_offline(path, ebuf);

	if (!p) {
		snprintf(err, PCAPSRC_ERR_MAX, "%s", ebuf);
		return -1;
	}
	if (check_link(p, err) < 0) {
		pcap_close(p);
		return -1;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->p = p;
	return 0;
}

int pcapsrc_open_live(const struct pcapsrc_conf *c, struct pcapsrc **out, char err[PCAPSRC_ERR_MAX])
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct bpf_program prog;
	pcap_t *p = pcap_create(c->device, ebuf);
	int rc;

	if (!p) {
		snprintf(err, PCAPSRC_ERR_MAX, "%s", ebuf);
		return -1;
	}
	pcap_set_snaplen(p, c->snaplen);
	pcap_set_promisc(p, c->promisc);
	pcap_set_immediate_mode(p, 0);
	pcap_set_timeout(p, 100);
	if (c->buffer_size > 0)
		pcap_set_buffer_size(p, c->buffer_size);
	if ((rc = pcap_activate(p)) < 0) {
		snprintf(err, PCAPSRC_ERR_MAX, "%s: %s", pcap_statustostr(rc), pcap_geterr(p));
		goto fail_pcap;
	}
	if (check_link(p, err) < 0)
		goto fail_pcap;
	if (c->filter && *c->filter) {
		if (pcap_compile(p, &prog, c->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			snprintf(err, PCAPSRC_ERR_MAX, "filter: %s", pcap_geterr(p));
			goto fail_pcap;
		}
		rc = pcap_setfilter(p, &prog);
		pcap_freecode(&prog);
		if (rc < 0) {
			snprintf(err, PCAPSRC_ERR_MAX, "filter: %s", pcap_geterr(p));
			goto fail_pcap;
		}
	}
	if (pcap_setnonblock(p, 1, ebuf) < 0) {
		snprintf(err, PCAPSRC_ERR_MAX, "%s", ebuf);
		goto fail_pcap;
	}
	if (pcap_get_selectable_fd(p) < 0) {
		snprintf(err, PCAPSRC_ERR_MAX, "device has no selectable fd");
		goto fail_pcap;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->p = p;
	return 0;
fail_pcap:
	pcap_close(p);
	return -1;
}

int pcapsrc_fd(const struct pcapsrc *s)
{
	return pcap_get_selectable_fd(s->p);
}

static void trampoline(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct pcapsrc *s = (struct pcapsrc *)user;
	double ts = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6;

	s->cb(bytes, h->caplen, h->len, ts, s->arg);
}

int pcapsrc_dispatch(struct pcapsrc *s, int max, pcapsrc_cb cb, void *arg)
{
	int n;

	s->cb = cb;
	s->arg = arg;
	n = pcap_dispatch(s->p, max, trampoline, (u_char *)s);
	return n < 0 ? -1 : n;
}

const char *pcapsrc_error(const struct pcapsrc *s)
{
	return pcap_geterr(s->p);
}

int pcapsrc_stats(struct pcapsrc *s, struct pcapsrc_stats *st)
{
	struct pcap_stat ps;

	if (pcap_stats(s->p, &ps) < 0)
		return -1;
	st->received = ps.ps_recv;
	st->kernel_drops = ps.ps_drop;
	st->if_drops = ps.ps_ifdrop;
	return 0;
}

void pcapsrc_close(struct pcapsrc *s)
{
	if (!s)
		return;
	if (s->p)
		pcap_close(s->p);
	free(s);
}
