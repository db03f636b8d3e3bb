/* ctl_capture: `ontwatchctl capture analyse FILE.pcap` (offline analysis per subscriber and
 * ONT, done by the capture probe's analysis core) and `capture evidence` (the per-ONT time
 * buckets the daemon stored from live capture). */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/capture_evidence.h"
#include "lib/xmalloc.h"
#include "monitor/conf.h"
#include "monitor/conf_capture.h"
#include "monitor/ctl.h"
#include "monitor/store.h"
#include "probes/capture/analyse.h"

static int print_bucket(void *arg, const struct store_capture_bucket *b)
{
	const int *json = arg;

	if (*json) {
		json_t *j = json_pack(
		    "{s:s, s:s, s:i, s:I, s:i, s:i, s:I, s:I, s:I, s:I, s:f, s:I}", "olt", b->olt,
		    "port", b->port, "ont", b->ont, "start", (json_int_t)b->start, "seconds",
		    b->seconds, "subscribers", b->subscribers, "pppoe_drops",
		    (json_int_t)b->pppoe_drops, "pppoe_redials", (json_int_t)b->pppoe_redials,
		    "lcp_echo_lost", (json_int_t)b->lcp_echo_lost, "dhcp_reinits",
		    (json_int_t)b->dhcp_reinits, "tcp_retrans_ratio",
		    b->tcp_data ? (double)b->tcp_retrans / (double)b->tcp_data : 0.0, "bytes",
		    (json_int_t)b->bytes);
		json_dumpf(j, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(j);
		return 0;
	}
	char when[32];
	time_t t = (time_t)b->start;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%MZ", gmtime(&t));
	printf("%-12s %-10s %4d %s %4d %5lld %7lld %9lld %6lld %7.4f %12lld\n", b->olt, b->port,
	       b->ont, when, b->subscribers, (long long)b->pppoe_drops, (long long)b->pppoe_redials,
	       (long long)b->lcp_echo_lost, (long long)b->dhcp_reinits,
	       b->tcp_data ? (double)b->tcp_retrans / (double)b->tcp_data : 0.0,
	       (long long)b->bytes);
	return 0;
}

/* One ONT: the sentence an order would carry, and the quietest hours for a visit. */
static int ont_summary(struct store *st, const char *spec, double hours)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	struct capture_evidence ev;
	struct ont_ref ref;
	char text[512];
	int64_t now = (int64_t)time(NULL);

	if (ontmap_parse_ref(spec, &ref) < 0) {
		fprintf(stderr, "ontwatchctl: capture evidence: --ont wants OLT:PORT:ONT\n");
		return 2;
	}
	if (capture_evidence_get(st, ref.olt, ref.port, ref.ont, now - (int64_t)(hours * 3600),
	                         now + 1, &ev) < 0)
		return 1;
	capture_evidence_text(&ev, text, sizeof(text));
	printf("%s %s:%d: %s\n", ref.olt, ref.port, (int)ref.ont, text);
	printf("quietest hours (UTC):");
	for (int q = 0; q < CAPTURE_QUIET_MAX && ev.quiet[q] >= 0; q++)
		printf(" %s %02d:00", days[ev.quiet[q] / 24], ev.quiet[q] % 24);
	printf(ev.quiet[0] < 0 ? " unknown\n" : "\n");
	return 0;
}

static int evidence(int argc, char **argv)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	struct store *st = NULL;
	const char *path = NULL, *ont = NULL;
	double hours = 24;
	int json = 0, rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
			path = argv[++i];
		} else if (strcmp(argv[i], "--ont") == 0 && i + 1 < argc) {
			ont = argv[++i];
		} else if (strcmp(argv[i], "--hours") == 0 && i + 1 < argc) {
			hours = strtod(argv[++i], NULL);
		} else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc && !conf) {
			if (conf_load(argv[++i], &conf, &errs) < 0) {
				conf_errors_print(&errs, stderr);
				conf_errors_clear(&errs);
				return 1;
			}
			path = conf->store_path;
		} else {
			path = NULL;
			break;
		}
	}
	if (!path || !(hours > 0)) {
		fprintf(stderr, "usage: ontwatchctl capture evidence (-f CONFIG | --store PATH) "
		                "[--hours N] [--json | --ont OLT:PORT:ONT]\n");
		rc = 2;
		goto out;
	}
	if (store_open(path, &st) < 0)
		goto out;
	if (ont) {
		rc = ont_summary(st, ont, hours);
		goto out;
	}
	int64_t now = (int64_t)time(NULL);
	if (!json)
		printf("%-12s %-10s %4s %-17s %4s %5s %7s %9s %6s %7s %12s\n", "OLT", "PORT", "ONT",
		       "BUCKET", "SUBS", "DROPS", "REDIALS", "ECHO-LOST", "REINIT", "RETRANS",
		       "BYTES");
	if (store_capture_each(st, NULL, NULL, 0, now - (int64_t)(hours * 3600), now + 86400,
	                       print_bucket, &json) < 0)
		goto out;
	rc = 0;
out:
	store_close(st);
	conf_free(conf);
	return rc;
}

/* `analyse -f CONFIG ...`: the configured mapping, key and limits become options in front of
 * the ones given, so the offline report maps exactly as the daemon does. */
static int analyse_with_conf(int argc, char **argv)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	const char *file = NULL;
	char **av, **owned;
	int ac = 0, nowned = 0, rc;

	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-f") == 0)
			file = argv[i + 1];
	if (!file)
		return analyse_main(argc, argv, stdout, stderr);
	if (conf_load(file, &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		conf_errors_clear(&errs);
		return 1;
	}
	const struct conf_capture *c = conf->capture;
	size_t max = (size_t)argc + 8 + (c ? 4 * c->ntemplates + 2 * c->nvlans : 0);
	av = xcalloc(max + 1, sizeof(*av));
	owned = xcalloc(max + 1, sizeof(*owned));
	av[ac++] = argv[0];
	if (c) {
		for (size_t i = 0; i < c->ntemplates; i++) {
			av[ac++] = "--template";
			av[ac++] = c->templates[i].template;
			if (c->templates[i].olt) {
				av[ac++] = "--olt";
				av[ac++] = c->templates[i].olt;
			}
		}
		for (size_t i = 0; i < c->nvlans; i++) {
			const struct conf_capture_vlan *v = &c->vlans[i];
			av[ac++] = "--vlan";
			if (v->inner >= 0)
				av[ac++] = owned[nowned++] = xasprintf(
				    "%d.%d=%s:%s:%d", v->outer, v->inner, v->olt, v->port, v->ont);
			else
				av[ac++] = owned[nowned++] =
				    xasprintf("%d=%s:%s:%d", v->outer, v->olt, v->port, v->ont);
		}
		if (c->mac_map) {
			av[ac++] = "--macs";
			av[ac++] = c->mac_map;
		}
		if (c->hash_key_file) {
			av[ac++] = "--hash-key";
			av[ac++] = c->hash_key_file;
		}
		av[ac++] = "--lcp-timeout";
		av[ac++] = owned[nowned++] = xasprintf("%g", c->lcp_timeout);
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0) {
			i++;
			continue;
		}
		av[ac++] = argv[i];
	}
	rc = analyse_main(ac, av, stdout, stderr);
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	free(owned);
	free(av);
	conf_free(conf);
	return rc;
}

int ctl_capture(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "analyse") == 0 || strcmp(argv[1], "analyze") == 0))
		return analyse_with_conf(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "evidence") == 0)
		return evidence(argc - 1, argv + 1);
	fprintf(stderr,
	        "usage: ontwatchctl capture analyse FILE.pcap [-f CONFIG] [--json] [options]\n"
	        "       ontwatchctl capture evidence (-f CONFIG | --store PATH) [--hours N] "
	        "[--json | --ont OLT:PORT:ONT]\n"
	        "       (ontwatchctl capture analyse --help lists the options)\n");
	return 2;
}
