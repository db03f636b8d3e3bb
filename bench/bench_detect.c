/* bench_detect: detector and whole-pipeline throughput (readings per second on one core) and
 * detector state per ONT, over a synthetic fleet at 15-minute polls with ~1% of ONTs degrading.
 * usage: bench_detect [ONTS [DAYS]]  (defaults 10000 ONTs, 30 days) */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/detect.h"
#include "monitor/fleet.h"

#define T0   1772323200
#define POLL 900

static uint32_t rng = 1;

static double noise(void)
{
	rng = rng * 1103515245u + 12345u;
	return ((double)((rng >> 8) & 0xffff) / 65535.0 * 2 - 1) * 0.3;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void count_event(const struct order_event *ev, void *arg)
{
	(void)ev;
	(*(long *)arg)++;
}

/* The readings of one poll round, precomputed so only the engine is timed. */
static void fill_round(struct ont_reading *r, int n, int64_t t, const double *base)
{
	for (int i = 0; i < n; i++) {
		double loss = 0;
		if (i % 97 == 0 && t > T0 + 5 * 86400)
			loss = 0.8 * (double)(t - T0 - 5 * 86400) / 86400;
		r[i].time = t;
		r[i].status = ONT_STATUS_ONLINE;
		r[i].rx_dbm = base[i] - loss + noise();
		r[i].olt_rx_dbm = r[i].rx_dbm - 1.5;
		r[i].tx_dbm = 2.2 + noise() / 5;
		r[i].bias_ma = 12 + noise() / 3;
		r[i].temp_c = 45;
	}
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	int days = argc > 2 ? atoi(argv[2]) : 30;
	int rounds = days * 86400 / POLL;
	const struct threshold_profile *p = threshold_builtin("gpon-b+");
	struct ont_reading *r;
	double *base, t_det = 0, t_fleet = 0;
	struct detect_state *st;
	struct detect_finding f;
	long events = 0;
	struct fleet *fl;

	if (n < 1 || days < 1)
		return 2;
	r = xcalloc((size_t)n, sizeof(*r));
	base = xcalloc((size_t)n, sizeof(*base));
	st = xcalloc((size_t)n, sizeof(*st));
	for (int i = 0; i < n; i++) {
		ont_reading_clear(&r[i], T0);
		snprintf(r[i].olt, sizeof(r[i].olt), "olt-%02d", i / 4096 + 1);
		snprintf(r[i].port, sizeof(r[i].port), "0/%d/%d", (i / 32) / 16 % 16,
		         (i / 32) % 16);
		r[i].ont = i % 32;
		snprintf(r[i].serial, sizeof(r[i].serial), "HWTC%08X", i);
		base[i] = -15 - (i % 9);
		detect_init(&st[i]);
	}
	/* the detector alone */
	for (int k = 0; k < rounds; k++) {
		fill_round(r, n, T0 + (int64_t)k * POLL, base);
		double a = now_s();
		for (int i = 0; i < n; i++)
			detect_feed(&st[i], p, &r[i], &f);
		t_det += now_s() - a;
	}
	/* the whole pipeline: lookup, detection, correlation, orders */
	rng = 1;
	fl = fleet_new(p, count_event, &events);
	for (int k = 0; k < rounds; k++) {
		fill_round(r, n, T0 + (int64_t)k * POLL, base);
		double a = now_s();
		for (int i = 0; i < n; i++)
			fleet_feed(fl, &r[i]);
		t_fleet += now_s() - a;
	}
	fleet_flush(fl);
	double total = (double)n * rounds;
	printf("fleet: %d ONTs, %d days at 15 min: %.0f readings\n", n, days, total);
	printf("detector: %.2f s, %.2f M readings/s per core\n", t_det, total / t_det / 1e6);
	printf("pipeline (fleet_feed): %.2f s, %.2f M readings/s per core, %ld order events\n",
	       t_fleet, total / t_fleet / 1e6, events);
	printf("detector state: %zu bytes per ONT\n", fleet_state_bytes());
	fleet_free(fl);
	free(r);
	free(base);
	free(st);
	return 0;
}
