/* snmp_poll_tool: polls the OLTs given on the command line once, concurrently, through
 * the real poller, and prints every decoded reading and each OLT's poll health as
 * stable text lines for the shell tests and the benchmark. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/loop.h"
#include "probes/snmp/snmp_poll.h"
#include "probes/snmp/snmp_profile.h"

#define MAX_TARGETS 1024

struct tool {
	bool quiet; /* health lines only (benchmark) */
	double first_done, last_done;
	size_t onts;
	struct loop *loop;
};

static void num(const char *name, double v, int prec)
{
	if (isnan(v))
		printf(" %s=-", name);
	else
		printf(" %s=%.*f", name, prec, v);
}

/* The clock readings are stamped with. time() reads the coarse clock, which can lag a
 * tick behind at a second boundary and made this check flaky. */
static int64_t now_realtime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

static void sink(void *arg, const struct snmp_poll_result *res)
{
	struct tool *tl = arg;
	const struct snmp_poll_health *h = res->health;

	loop_update_time(tl->loop);
	if (tl->first_done == 0)
		tl->first_done = loop_now(tl->loop);
	tl->last_done = loop_now(tl->loop);
	tl->onts += res->nreadings;
	for (size_t i = 0; !tl->quiet && i < res->nreadings; i++) {
		const struct ont_reading *r = &res->readings[i];

		printf("ONT olt=%s port=%s ont=%d serial=%s status=%s last_down=%s", r->olt,
		       r->port[0] ? r->port : "-", (int)r->ont, r->serial[0] ? r->serial : "-",
		       ont_status_name(r->status), ont_status_name(r->last_down));
		num("rx", r->rx_dbm, 2);
		num("tx", r->tx_dbm, 2);
		num("olt_rx", r->olt_rx_dbm, 2);
		num("bias", r->bias_ma, 2);
		num("temp", r->temp_c, 2);
		num("volt", r->voltage_v, 3);
		printf(" dist=%d desc=%s time_ok=%d\n", (int)r->distance_m,
		       r->description[0] ? r->description : "-",
		       r->time > 1600000000 && r->time <= now_realtime());
	}
	printf("HEALTH olt=%s ok=%d onts=%zu errors=%u requests=%u duration=%.3f error=%s\n",
	       res->target->name, h->ok, res->nreadings, h->errors, h->requests, h->duration,
	       h->error[0] ? h->error : "-");
	fflush(stdout);
}

/* Copy with truncation, without tripping -Wformat-truncation. */
static void set_str(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);

	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
}

static void usage(void)
{
	fprintf(stderr,
	        "usage: snmp_poll_tool [-q] [-d VENDOR_DIR] [-g GLOBAL] [-i INFLIGHT]\n"
	        "  [-r MAXREP] [-T TIMEOUT] [-R RETRIES] [-m MAXROWS] [-u USER:AUTHPASS:PRIVPASS]\n"
	        "  NAME=PROFILE@HOST:PORT/COMMUNITY...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *vendor_dir = "conf/vendors";
	struct snmp_profile *profiles[MAX_TARGETS];
	struct snmp_target t;
	struct snmp_poller *p;
	struct tool tl = { 0 };
	unsigned global = 64;
	int inflight = 1, maxrep = 25, retries = 1, opt, rc = 0;
	double timeout = 1.0, t0;
	char *v3 = NULL;
	size_t max_rows = 0;
	size_t nprof = 0;

	log_init("snmp_poll_tool", LOG_LVL_WARN, false);
	while ((opt = getopt(argc, argv, "qd:g:i:r:T:R:u:m:")) != -1) {
		switch (opt) {
		case 'q':
			tl.quiet = true;
			break;
		case 'd':
			vendor_dir = optarg;
			break;
		case 'g':
			global = (unsigned)atoi(optarg);
			break;
		case 'i':
			inflight = atoi(optarg);
			break;
		case 'r':
			maxrep = atoi(optarg);
			break;
		case 'T':
			timeout = atof(optarg);
			break;
		case 'R':
			retries = atoi(optarg);
			break;
		case 'u':
			v3 = optarg;
			break;
		case 'm':
			max_rows = (size_t)atol(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || argc - optind > MAX_TARGETS)
		usage();
	tl.loop = loop_new(NULL);
	p = snmp_poller_new(tl.loop, global, sink, &tl);
	for (int a = optind; a < argc; a++) {
		char spec[512], *name, *prof, *host, *port, *comm;
		char err[SNMP_ERRBUF_MAX];

		snprintf(spec, sizeof(spec), "%s", argv[a]);
		name = spec;
		if ((prof = strchr(name, '=')) == NULL || (host = strchr(prof, '@')) == NULL ||
		    (comm = strchr(host, '/')) == NULL)
			usage();
		*prof++ = '\0';
		*host++ = '\0';
		*comm++ = '\0';
		if ((port = strrchr(host, ':')) == NULL)
			usage();
		*port++ = '\0';
		snmp_target_defaults(&t);
		set_str(t.name, sizeof(t.name), name);
		set_str(t.address, sizeof(t.address), host);
		t.port = (uint16_t)atoi(port);
		set_str(t.community, sizeof(t.community), comm);
		if (v3 != NULL) {
			char buf[256], *auth, *priv;

			snprintf(buf, sizeof(buf), "%s", v3);
			if ((auth = strchr(buf, ':')) == NULL ||
			    (priv = strchr(auth + 1, ':')) == NULL)
				usage();
			*auth++ = '\0';
			*priv++ = '\0';
			t.version = SNMP_VERSION_V3;
			set_str(t.user, sizeof(t.user), buf);
			set_str(t.context, sizeof(t.context), comm); /* v3: the context */
			set_str(t.auth_pass, sizeof(t.auth_pass), auth);
			set_str(t.priv_pass, sizeof(t.priv_pass), priv);
		}
		t.timeout = timeout;
		t.retries = retries;
		t.max_repetitions = maxrep;
		t.inflight = inflight;
		if (max_rows > 0)
			t.max_rows = max_rows;
		if (snmp_profile_find(vendor_dir, prof, &profiles[nprof], err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		t.profile = profiles[nprof++];
		if (snmp_poller_add(p, &t, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
	}
	t0 = loop_now(tl.loop);
	snmp_poller_poll_all(p);
	while (snmp_poller_busy(p))
		if (loop_run_once(tl.loop, 1.0) < 0) {
			rc = 1;
			break;
		}
	printf("DONE olts=%zu onts=%zu first=%.3f wall=%.3f\n", snmp_poller_count(p), tl.onts,
	       tl.first_done - t0, tl.last_done - t0);
	snmp_poller_free(p);
	for (size_t i = 0; i < nprof; i++)
		snmp_profile_free(profiles[i]);
	loop_free(tl.loop);
	snmp_session_lib_shutdown();
	return rc;
}
