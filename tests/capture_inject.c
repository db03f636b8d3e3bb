/* capture_inject: sends every frame of a pcap file out of an interface (pcap_inject), for the
 * live-capture test on the loopback device. usage: capture_inject IFACE FILE.pcap */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *bytes;
	pcap_t *out, *in;
	int n = 0, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: capture_inject IFACE FILE.pcap\n");
		return 2;
	}
	if (!(out = pcap_open_live(argv[1], 65535, 0, 100, err))) {
		fprintf(stderr, "capture_inject: %s\n", err);
		return 1;
	}
	if (!(in = pcap_open_offline(argv[2], err))) {
		fprintf(stderr, "capture_inject: %s\n", err);
		pcap_close(out);
		return 1;
	}
	while ((rc = pcap_next_ex(in, &h, &bytes)) == 1) {
		if (pcap_inject(out, bytes, h->caplen) < 0) {
			fprintf(stderr, "capture_inject: frame %d: %s\n", n + 1, pcap_geterr(out));
			break;
		}
		n++;
	}
	printf("%d\n", n);
	pcap_close(in);
	pcap_close(out);
	return rc == -2 ? 0 : 1;
}
