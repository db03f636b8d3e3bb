/* ctl_import: `ontwatchctl store-import`: recorded readings (the replay CSV) into a store,
 * e.g. history kept by another system before ontwatch ran, so baselines and trends start
 * from it. Malformed rows are reported and skipped; rows go in one transaction per batch. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/conf.h"
#include "monitor/ctl.h"
#include "monitor/readings_csv.h"
#include "monitor/store.h"

#define BATCH 4096

int ctl_store_import(int argc, char **argv)
{
	static const char usage[] =
	    "usage: ontwatchctl store-import (-f CONFIG | --store PATH) FILE.csv\n";
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	struct store *st = NULL;
	struct readings_csv *rd = NULL;
	struct ont_reading *batch = NULL;
	const char *path = NULL, *file = NULL;
	char err[READINGS_CSV_ERR_MAX];
	size_t n = 0;
	uint64_t stored = 0, bad = 0;
	int rc = 1, got;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--store") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) {
			if (conf_load(argv[++i], &conf, &errs) < 0) {
				conf_errors_print(&errs, stderr);
				conf_errors_clear(&errs);
				return 1;
			}
			path = conf->store_path;
		} else if (argv[i][0] != '-' && file == NULL)
			file = argv[i];
		else {
			fputs(usage, stderr);
			goto out;
		}
	}
	if (path == NULL || file == NULL) {
		fputs(usage, stderr);
		rc = 2;
		goto out;
	}
	if ((rd = readings_csv_open(file, err)) == NULL) {
		fprintf(stderr, "ontwatchctl: %s\n", err);
		goto out;
	}
	if (store_open(path, &st) < 0)
		goto out;
	batch = xcalloc(BATCH, sizeof(*batch));
	for (;;) {
		got = readings_csv_next(rd, &batch[n]);
		if (got == -1) {
			fprintf(stderr, "ontwatchctl: %s\n", readings_csv_error(rd));
			bad++;
			continue;
		}
		if (got == -2) {
			fprintf(stderr, "ontwatchctl: %s\n", readings_csv_error(rd));
			goto out;
		}
		if (got == 1)
			n++;
		if (n == BATCH || (got == 0 && n > 0)) {
			if (store_readings_add(st, batch, n) < 0)
				goto out;
			stored += n;
			n = 0;
		}
		if (got == 0)
			break;
	}
	printf("store-import: %llu readings stored, %llu malformed rows skipped\n",
	       (unsigned long long)stored, (unsigned long long)bad);
	rc = 0;
out:
	free(batch);
	readings_csv_close(rd);
	store_close(st);
	conf_free(conf);
	return rc;
}
