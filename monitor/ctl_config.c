/* ctl_config: `ontwatchctl check-config` and `store-info`, the offline checks an operator
 * runs before (re)starting the daemon. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "monitor/conf.h"
#include "monitor/ctl.h"
#include "monitor/store.h"

int ctl_check_config(int argc, char **argv)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	bool print = false, secrets = false;
	const char *file = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print = true;
		else if (strcmp(argv[i], "--show-secrets") == 0)
			secrets = true;
		else if (argv[i][0] != '-' && file == NULL)
			file = argv[i];
		else {
			fprintf(stderr,
			        "usage: ontwatchctl check-config [--print] [--show-secrets] "
			        "FILE\n");
			return 2;
		}
	}
	if (file == NULL) {
		fprintf(stderr,
		        "usage: ontwatchctl check-config [--print] [--show-secrets] FILE\n");
		return 2;
	}
	if (conf_load(file, &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		fprintf(stderr, "%s: %zu error%s\n", file, errs.n, errs.n == 1 ? "" : "s");
		conf_errors_clear(&errs);
		return 1;
	}
	if (print)
		conf_print(conf, stdout, secrets);
	else
		printf("%s: configuration OK (%zu OLTs, %zu threshold profiles, %zu outputs)\n",
		       file, conf->nolts, conf->nprofiles, conf->noutputs);
	conf_free(conf);
	return 0;
}

static int count_ont(void *arg, const struct store_ont *o)
{
	int *n = arg;

	(void)o;
	(*n)++;
	return 0;
}

static int count_order(void *arg, const struct store_order *o)
{
	int *n = arg;

	n[0]++;
	if (o->open)
		n[1]++;
	return 0;
}

int ctl_store_info(int argc, char **argv)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	struct store *st = NULL;
	const char *path = NULL;
	int onts = 0, orders[2] = { 0, 0 }, rc = 1;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--store") == 0)
			path = argv[i + 1];
		else if (strcmp(argv[i], "-f") == 0) {
			if (conf_load(argv[i + 1], &conf, &errs) < 0) {
				conf_errors_print(&errs, stderr);
				conf_errors_clear(&errs);
				return 1;
			}
			path = conf->store_path;
		}
	}
	if (path == NULL) {
		fprintf(stderr, "usage: ontwatchctl store-info [-f CONFIG | --store PATH]\n");
		goto out;
	}
	if (store_open(path, &st) < 0)
		goto out;
	if (store_onts_each(st, NULL, count_ont, &onts) < 0 ||
	    store_orders_each(st, false, NULL, count_order, orders) < 0)
		goto out;
	printf("store: %s\nschema: %d\nonts: %d\norders: %d (%d open)\n", path,
	       store_schema_version(st), onts, orders[0], orders[1]);
	rc = 0;
out:
	store_close(st);
	conf_free(conf);
	return rc;
}
