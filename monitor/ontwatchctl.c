/* ontwatchctl: the operator's and integrator's tool; one table of subcommands, each in
 * its own file, so offline tools (replay, probe) and daemon clients share one front door. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "monitor/ctl.h"

struct ctl_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

static const struct ctl_command commands[] = {
	{ "check-config", ctl_check_config, "check-config [--print] [--show-secrets] FILE" },
	{ "store-info", ctl_store_info, "store-info [-f CONFIG | --store PATH]" },
	{ "store-import", ctl_store_import, "store-import (-f CONFIG | --store PATH) FILE.csv" },
	{ "capture", ctl_capture,
	  "capture analyse FILE.pcap [--json] | capture evidence -f CONFIG" },
	{ "probe", ctl_probe,
	  "probe [--json] (-f CONFIG OLT | --vendor PROFILE --address HOST[:PORT] --community C)" },
	{ "outbox", ctl_outbox,
	  "outbox submit|list|dead|requeue [-f CONFIG | --store PATH] [ARGS]" },
	{ "order", ctl_order_live,
	  "order status [-f CONFIG | --store PATH] [--note TEXT] ID STATUS | order ID [DAEMON]" },
	{ "customers", ctl_customers, "customers import [-f CONFIG | --store PATH] FILE" },
	{ "replay", ctl_replay,
	  "replay --readings FILE.csv [--customers FILE.csv] [-f CONFIG] [--orders OUT.jsonl] "
	  "[--summary]" },
	{ "status", ctl_status, "status [DAEMON]" },
	{ "onts", ctl_onts,
	  "onts [--at-risk] [--olt OLT] [--port PORT] [--state S] [--sort S] [--limit N] "
	  "[DAEMON]" },
	{ "ont", ctl_ont, "ont SERIAL [--hours N] [DAEMON]" },
	{ "orders", ctl_orders,
	  "orders [--state S] [--cause C] [--priority P] [--region R] [--olt OLT] [--limit N] "
	  "[DAEMON]" },
	{ "silence", ctl_silence,
	  "silence add MATCHERS (--duration D | --until TIME) --reason TEXT [--author NAME] | "
	  "silence list [--all] | silence remove ID [DAEMON]; silence -h for MATCHERS" },
	{ "reload", ctl_reload, "reload [DAEMON]" },
	{ "whatif", ctl_whatif,
	  "whatif -f PROFILE [--olt OLT] [--port PORT] [--serial SN]... [--from T] [--to T] "
	  "[DAEMON but --config CONFIG]" },
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: ontwatchctl [-v] COMMAND [ARGS]\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  ontwatchctl %s\n", commands[i].usage);
	fprintf(fp,
	        "DAEMON: [--url URL] [--token TOKEN] [-f CONFIG] [--json]: the running daemon's\n"
	        "HTTP API, by default from ONTWATCH_URL / ONTWATCH_TOKEN or the configuration\n"
	        "(" SYSCONFDIR "/ontwatch/ontwatch.conf); --json prints the API's JSON.\n");
}

int main(int argc, char **argv)
{
	int level = LOG_LVL_WARN;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0)
			level++;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("ontwatchctl %s\n", PACKAGE_VERSION);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	log_init("ontwatchctl", level, false);
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(commands[c].name, argv[i]) == 0)
			return commands[c].run(argc - i, argv + i);
	fprintf(stderr, "ontwatchctl: unknown command \"%s\"\n", argv[i]);
	usage(stderr);
	return 2;
}
