/* snmp_trap_tool: runs the trap listener on the loop and prints each status reading it
 * delivers, then its counters; for the snmptrap test. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/loop.h"
#include "probes/snmp/snmp_session.h"
#include "probes/snmp/snmp_trap.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void on_reading(void *arg, const struct ont_reading *r)
{
	(void)arg;
	printf("TRAP olt=%s port=%s ont=%d serial=%s status=%s last_down=%s rx=%s time_ok=%d\n",
	       r->olt, r->port[0] ? r->port : "-", (int)r->ont, r->serial[0] ? r->serial : "-",
	       ont_status_name(r->status), ont_status_name(r->last_down),
	       ont_value_present(r->rx_dbm) ? "?" : "-", r->time > 1600000000);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct snmp_trap_listener *l;
	struct snmp_profile *prof;
	struct snmp_trap_source src = { 0 };
	const struct snmp_trap_stats *st;
	struct sigaction sa;
	struct loop *loop;
	char err[SNMP_ERRBUF_MAX];

	/* ENDPOINT PROFILE OLT SOURCE COMMUNITY */
	if (argc != 6) {
		fprintf(stderr, "usage: snmp_trap_tool ENDPOINT PROFILE OLT SOURCE COMMUNITY\n");
		return 2;
	}
	log_init("snmp_trap_tool", LOG_LVL_WARN, false);
	if (snmp_profile_load(argv[2], &prof, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	loop = loop_new(NULL);
	l = snmp_trap_listen(loop, argv[1], on_reading, NULL, err, sizeof(err));
	if (l == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	snprintf(src.olt, sizeof(src.olt), "%s", argv[3]);
	snprintf(src.address, sizeof(src.address), "%s", argv[4]);
	snprintf(src.community, sizeof(src.community), "%s", argv[5]);
	src.profile = prof;
	snmp_trap_add_source(l, &src);
	printf("LISTENING\n");
	fflush(stdout);
	while (!stop)
		loop_run_once(loop, 0.2);
	st = snmp_trap_stats(l);
	printf("STATS received=%u delivered=%u unknown_source=%u bad_community=%u "
	       "unknown_trap=%u bad_index=%u not_v2c=%u\n",
	       st->received, st->delivered, st->unknown_source, st->bad_community, st->unknown_trap,
	       st->bad_index, st->not_v2c);
	snmp_trap_close(l);
	loop_free(loop);
	snmp_profile_free(prof);
	snmp_session_lib_shutdown();
	return 0;
}
