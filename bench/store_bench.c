/* store_bench: the store's cost per ONT reading as the daemon pays it (bench/README.md,
 * "SNMP poller"): K OLTs x N ONTs per poll, one transaction per OLT as monitor/poll.c does.
 *
 *   bench/store_bench DB K N POLLS    e.g. bench/store_bench /tmp/s.db 64 4096 3
 *
 * Prints the CPU time (user + system) per reading of each poll: the first poll of a new
 * store inserts every ONT; later ones (and a second run on the same DB, a restart) find
 * them. Readings look like the simulated Huawei OLTs' (serial, description, all values). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "lib/xmalloc.h"
#include "monitor/store.h"

static double cpu_seconds(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
	       u.ru_stime.tv_usec / 1e6;
}

static void fill(struct ont_reading *r, int olt, int i, int64_t t)
{
	ont_reading_clear(r, t);
	snprintf(r->olt, sizeof(r->olt), "olt%d", olt);
	snprintf(r->port, sizeof(r->port), "0/%d/%d", i / 1024 + 1, (i / 64) % 16);
	r->ont = i % 64;
	snprintf(r->serial, sizeof(r->serial), "HWTC%08X", (unsigned)(olt * 65536 + i));
	snprintf(r->description, sizeof(r->description), "cust-0-%d-%d-%d", i / 1024 + 1,
	         (i / 64) % 16, i % 64);
	r->status = ONT_STATUS_ONLINE;
	r->rx_dbm = -20.0 - (i % 50) * 0.1;
	r->tx_dbm = 2.1;
	r->olt_rx_dbm = -22.3;
	r->bias_ma = 12.5;
	r->temp_c = 45.0;
	r->voltage_v = 3.3;
	r->distance_m = 1000 + i % 3000;
}

int main(int argc, char **argv)
{
	struct store *st;
	struct ont_reading *r;
	int k, n, polls;

	if (argc != 5 || (k = atoi(argv[2])) <= 0 || (n = atoi(argv[3])) <= 0 ||
	    (polls = atoi(argv[4])) <= 0) {
		fprintf(stderr, "usage: store_bench DB OLTS ONTS_PER_OLT POLLS\n");
		return 2;
	}
	if (store_open(argv[1], &st) < 0)
		return 1;
	r = xcalloc((size_t)n, sizeof(*r));
	for (int p = 0; p < polls; p++) {
		int64_t t = 1700000000 + (int64_t)p * 900;
		double c0 = cpu_seconds();

		for (int o = 0; o < k; o++) {
			struct store_poll_health h = {
				.olt = NULL, .started = t, .duration = 1.0, .onts = n, .ok = true
			};
			int64_t marked;

			for (int i = 0; i < n; i++)
				fill(&r[i], o, i, t);
			h.olt = r[0].olt;
			if (store_begin(st) < 0 || store_readings_add(st, r, (size_t)n) < 0 ||
			    store_onts_mark_absent(st, r[0].olt, t, &marked) < 0 ||
			    store_poll_health_put(st, &h) < 0 || store_commit(st) < 0) {
				fprintf(stderr, "store_bench: poll %d olt %d not stored\n", p, o);
				return 1;
			}
		}
		printf("poll %d: %.2f us CPU per reading\n", p,
		       (cpu_seconds() - c0) * 1e6 / ((double)k * n));
	}
	free(r);
	store_close(st);
	return 0;
}
