/* capture_bench: offline decode throughput of the capture probe on one file, in packets per
 * second on one core: reading alone (libpcap), then reading + decoding + tracking (what
 * `ontwatchctl capture analyse` does before printing), and the memory per subscriber.
 * usage: capture_bench FILE.pcap */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "probes/capture/analyse.h"
#include "probes/capture/pcapsrc.h"
#include "probes/capture/tracker.h"

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count_only(const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, double ts, void *arg)
{
	(void)pkt, (void)caplen, (void)wirelen, (void)ts;
	(*(unsigned long *)arg)++;
}

int main(int argc, char **argv)
{
	char err[PCAPSRC_ERR_MAX];
	struct pcapsrc *src;
	struct tracker_conf conf;
	struct tracker *t;
	unsigned long n = 0;
	double t0, t1, t2;
	struct rusage ru;

	if (argc != 2) {
		fprintf(stderr, "usage: capture_bench FILE.pcap\n");
		return 2;
	}
	if (pcapsrc_open_offline(argv[1], &src, err) < 0) {
		fprintf(stderr, "capture_bench: %s\n", err);
		return 1;
	}
	t0 = cpu_now();
	pcapsrc_dispatch(src, -1, count_only, &n);
	t1 = cpu_now();
	pcapsrc_close(src);
	tracker_conf_default(&conf);
	conf.max_subscribers = 1000000;
	if (analyse_file(argv[1], &conf, &t, err, sizeof(err)) < 0) {
		fprintf(stderr, "capture_bench: %s\n", err);
		return 1;
	}
	t2 = cpu_now();
	const struct tracker_totals *tot = tracker_totals(t);
	getrusage(RUSAGE_SELF, &ru);
	printf("packets          %lu\n", n);
	printf("read only        %.2f s cpu, %.2f Mpps\n", t1 - t0, (double)n / (t1 - t0) / 1e6);
	printf("read+decode+track %.2f s cpu, %.2f Mpps\n", t2 - t1, (double)n / (t2 - t1) / 1e6);
	printf("truncated        %llu, malformed %llu\n", (unsigned long long)tot->truncated,
	       (unsigned long long)tot->malformed);
	printf("subscribers      %zu\n", tracker_count(t));
	printf("bytes/subscriber %zu (record + index)\n", tracker_bytes_per_sub());
	printf("max RSS          %ld KiB\n", ru.ru_maxrss);
	tracker_free(t);
	return 0;
}
