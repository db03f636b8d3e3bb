/* ctl_capture: `ontwatchctl capture analyse FILE.pcap`, offline analysis of a capture per
 * subscriber and ONT; the work is done by the capture probe's analysis core. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "monitor/ctl.h"
#include "probes/capture/analyse.h"

int ctl_capture(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "analyse") == 0 || strcmp(argv[1], "analyze") == 0))
		return analyse_main(argc - 1, argv + 1, stdout, stderr);
	fprintf(stderr, "usage: ontwatchctl capture analyse FILE.pcap [--json] [options]\n"
	                "       (ontwatchctl capture analyse --help lists the options)\n");
	return 2;
}
