/* ctl_replay: `ontwatchctl replay`: a recorded history through the daemon's detector,
 * correlator and order logic; thresholds from -f CONFIG when given, else built-in. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/conf.h"
#include "monitor/ctl.h"
#include "monitor/fleet_conf.h"
#include "monitor/replay.h"

#define REPLAY_USAGE                                                                               \
	"usage: ontwatchctl replay --readings FILE.csv [--customers FILE.csv] [-f CONFIG]\n"       \
	"                          [--profile NAME] [--orders OUT.jsonl] [--summary]\n"            \
	"Order events go to stdout, or to --orders; --summary alone prints only the summary.\n"

/* OLTs of the configuration with their profiles and tags, then the threshold overrides. */
static void setup_from_conf(struct fleet *f, void *arg)
{
	const char *refused = NULL;

	if (fleet_conf_apply(f, arg, &refused) < 0)
		fprintf(stderr, "replay: %s: name or tags too long, default thresholds\n", refused);
}

int ctl_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "readings", required_argument, NULL, 'r' },
		{ "customers", required_argument, NULL, 'c' },
		{ "orders", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, 'p' },
		{ "summary", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct replay_opts ro = { 0 };
	const char *config = NULL, *orders = NULL, *profile = NULL;
	struct conf *conf = NULL;
	struct conf_errors errs = { 0 };
	FILE *out = NULL;
	int c, summary = 0, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ro.readings = optarg;
			break;
		case 'c':
			ro.customers = optarg;
			break;
		case 'o':
			orders = optarg;
			break;
		case 'p':
			profile = optarg;
			break;
		case 's':
			summary = 1;
			break;
		case 'f':
			config = optarg;
			break;
		case 'h':
			fputs(REPLAY_USAGE, stdout);
			return 0;
		default:
			fputs(REPLAY_USAGE, stderr);
			return 2;
		}
	}
	if (ro.readings == NULL || optind != argc) {
		fputs(REPLAY_USAGE, stderr);
		return 2;
	}
	if (config) {
		if (conf_load(config, &conf, &errs) < 0) {
			conf_errors_print(&errs, stderr);
			conf_errors_clear(&errs);
			return 1;
		}
		ro.setup = setup_from_conf;
		ro.setup_arg = conf;
	}
	ro.def = threshold_builtin("gpon-b+");
	if (profile) {
		ro.def = conf ? conf_profile(conf, profile) : threshold_builtin(profile);
		if (ro.def == NULL) {
			fprintf(stderr, "replay: unknown threshold profile \"%s\"\n", profile);
			goto out;
		}
	}
	if (orders && strcmp(orders, "-") != 0) {
		out = fopen(orders, "we");
		if (out == NULL) {
			perror(orders);
			goto out;
		}
		ro.orders = out;
	} else {
		ro.orders = stdout;
	}
	/* with --summary and no --orders the summary alone goes to stdout (not mixed into
	 * the JSON lines); with --orders FILE the events go there and the summary to stdout */
	if (summary) {
		ro.summary = stdout;
		if (orders == NULL)
			ro.orders = NULL;
	}
	ro.err = stderr;
	/* progress only for a person watching: logs and goldens stay byte-identical */
	ro.progress = isatty(STDERR_FILENO) ? stderr : NULL;
	rc = replay_run(&ro) == 0 ? 0 : 1;
out:
	if (out && fclose(out) != 0 && rc == 0) {
		perror(orders);
		rc = 1;
	}
	conf_free(conf);
	return rc;
}
