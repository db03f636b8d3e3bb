/* bench_whatif: time and memory of one what-if (both replays) over a SQLite store holding
 * synthetic history: ONTS ONTs on one OLT, one reading every STEP seconds for DAYS days, one
 * ONT in 50 losing 0.3 dB a day. The store is made first when DB does not exist.
 *
 *   bench_whatif DB ONTS DAYS [STEP]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "monitor/conf.h"
#include "monitor/store.h"
#include "monitor/whatif.h"

#define T0 1700000000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int seed(const char *db, int onts, int days, int step)
{
	struct ont_reading *r = calloc((size_t)onts, sizeof(*r));
	struct store *st;

	if (r == NULL || store_open(db, &st) < 0)
		return -1;
	for (int64_t t = T0; t < T0 + (int64_t)days * 86400; t += step) {
		double d = (double)(t - T0) / 86400;

		for (int i = 0; i < onts; i++) {
			ont_reading_clear(&r[i], t);
			snprintf(r[i].olt, sizeof(r[i].olt), "olt-1");
			snprintf(r[i].port, sizeof(r[i].port), "0/%d/%d", i / 512, i / 64 % 8);
			r[i].ont = i % 64;
			snprintf(r[i].serial, sizeof(r[i].serial), "HWTC%08d", i);
			r[i].status = ONT_STATUS_ONLINE;
			/* a little wobble so levels are not constant */
			r[i].rx_dbm = -20.0 - (i % 50 == 0 ? 0.3 * d : 0) +
			              (double)((t / step + i) % 7) * 0.05;
			r[i].olt_rx_dbm = -22.0;
			r[i].tx_dbm = 2.0;
		}
		if (store_begin(st) < 0 || store_readings_add(st, r, (size_t)onts) < 0 ||
		    store_commit(st) < 0)
			return -1;
	}
	store_close(st);
	free(r);
	return 0;
}

int main(int argc, char **argv)
{
	struct conf_errors errs = { 0 };
	struct whatif_request req;
	struct whatif_result *res = NULL;
	struct rusage ru;
	struct conf *conf;
	struct store *st;
	char err[WHATIF_ERR_MAX];
	json_t *body;
	double t;
	int onts, days, step;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_whatif DB ONTS DAYS [STEP]\n");
		return 2;
	}
	onts = atoi(argv[2]);
	days = atoi(argv[3]);
	step = argc > 4 ? atoi(argv[4]) : 300;
	if (access(argv[1], F_OK) != 0) {
		t = now();
		if (seed(argv[1], onts, days, step) < 0)
			return 1;
		printf("seeded %d ONTs x %d days in %.1f s\n", onts, days, now() - t);
	}
	if (conf_load_string("olts = ( { name = \"olt-1\"; address = \"127.0.0.1\";"
	                     " vendor = \"huawei-ma5600\"; snmp = { community = \"x\"; }; } );\n",
	                     "bench.conf", &conf, &errs) < 0 ||
	    store_open_readonly(argv[1], &st) < 0)
		return 1;
	body =
	    json_pack("{s:I, s:I, s:{s:f}}", "from", (json_int_t)T0, "to",
	              (json_int_t)T0 + (json_int_t)days * 86400, "profile", "baseline_drop", 1.5);
	if (whatif_request_parse(body, conf, T0, &req, err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	req.max_readings = 200000000;
	t = now();
	if (whatif_run(st, conf, &req, &res, err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	t = now() - t;
	getrusage(RUSAGE_SELF, &ru);
	printf("%zu ONTs, %zu readings: %.2f s (%.2f M readings/s, both sides), peak RSS %ld MB;"
	       " orders: candidate %zu, current %zu\n",
	       res->onts, res->readings, t, (double)res->readings / t / 1e6, ru.ru_maxrss / 1024,
	       res->candidate.orders, res->current.orders);
	whatif_result_free(res);
	whatif_request_free(&req);
	json_decref(body);
	store_close(st);
	conf_free(conf);
	return 0;
}
