/* ctl_probe: `ontwatchctl probe`: poll one OLT once, from the configuration or ad hoc,
 * and print its decoded ONTs as a table or JSON. Nothing is stored. */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/loop.h"
#include "monitor/conf.h"
#include "monitor/ctl.h"
#include "monitor/poll.h"
#include "probes/snmp/snmp_poll.h"
#include "probes/snmp/snmp_profile.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/ontwatch"
#endif

#define PROBE_USAGE                                                                                \
	"usage: ontwatchctl probe [--json] -f CONFIG OLT\n"                                        \
	"       ontwatchctl probe [--json] --vendor PROFILE --address HOST[:PORT]\n"               \
	"         (--community C | --v3-user U [--v3-level noauth|auth|priv]\n"                    \
	"          [--v3-auth sha|sha256|sha512|md5] [--v3-auth-pass P]\n"                         \
	"          [--v3-priv aes|aes256|des] [--v3-priv-pass P] [--v3-context C])\n"              \
	"         [--vendor-dir DIR] [--timeout S] [--retries N] [--max-repetitions N]\n"

struct probe {
	bool json;
	int rc;
};

static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static void print_json(const struct snmp_poll_result *res)
{
	const struct snmp_poll_health *h = res->health;
	json_t *root = json_object(), *onts = json_array();
	char *text;

	for (size_t i = 0; i < res->nreadings; i++) {
		const struct ont_reading *r = &res->readings[i];
		json_t *o = json_object();

		json_object_set_new(o, "time", json_integer(r->time));
		json_object_set_new(o, "port", json_string(r->port));
		json_object_set_new(o, "ont", r->ont >= 0 ? json_integer(r->ont) : json_null());
		json_object_set_new(o, "serial",
		                    r->serial[0] ? json_string(r->serial) : json_null());
		json_object_set_new(o, "status", json_string(ont_status_name(r->status)));
		json_object_set_new(o, "last_down", json_string(ont_status_name(r->last_down)));
		json_object_set_new(o, "rx_dbm", num_or_null(r->rx_dbm));
		json_object_set_new(o, "tx_dbm", num_or_null(r->tx_dbm));
		json_object_set_new(o, "olt_rx_dbm", num_or_null(r->olt_rx_dbm));
		json_object_set_new(o, "bias_ma", num_or_null(r->bias_ma));
		json_object_set_new(o, "temp_c", num_or_null(r->temp_c));
		json_object_set_new(o, "voltage_v", num_or_null(r->voltage_v));
		json_object_set_new(o, "distance_m",
		                    r->distance_m >= 0 ? json_integer(r->distance_m) : json_null());
		json_object_set_new(o, "description",
		                    r->description[0] ? json_string(r->description) : json_null());
		json_array_append_new(onts, o);
	}
	json_object_set_new(root, "olt", json_string(res->target->name));
	json_object_set_new(root, "vendor", json_string(res->target->profile->name));
	json_object_set_new(root, "ok", json_boolean(h->ok));
	json_object_set_new(root, "error", h->error[0] ? json_string(h->error) : json_null());
	json_object_set_new(root, "duration", json_real(h->duration));
	json_object_set_new(root, "requests", json_integer(h->requests));
	json_object_set_new(root, "anomalies", json_integer(h->errors));
	json_object_set_new(root, "onts", onts);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (text != NULL)
		printf("%s\n", text);
	free(text);
	json_decref(root);
}

static void cell(double v, int prec)
{
	if (isnan(v))
		printf(" %7s", "-");
	else
		printf(" %7.*f", prec, v);
}

static void print_table(const struct snmp_poll_result *res)
{
	const struct snmp_poll_health *h = res->health;

	printf("%-10s %4s %-16s %-10s %7s %7s %7s %7s %7s %7s %6s  %s\n", "PORT", "ONT", "SERIAL",
	       "STATUS", "RX", "TX", "OLT_RX", "BIAS", "TEMP", "VOLT", "DIST", "DESCRIPTION");
	for (size_t i = 0; i < res->nreadings; i++) {
		const struct ont_reading *r = &res->readings[i];
		char ont[16] = "-", dist[16] = "-";

		if (r->ont >= 0)
			snprintf(ont, sizeof(ont), "%d", (int)r->ont);
		if (r->distance_m >= 0)
			snprintf(dist, sizeof(dist), "%d", (int)r->distance_m);
		printf("%-10s %4s %-16s %-10s", r->port[0] ? r->port : "-", ont,
		       r->serial[0] ? r->serial : "-", ont_status_name(r->status));
		cell(r->rx_dbm, 2);
		cell(r->tx_dbm, 2);
		cell(r->olt_rx_dbm, 2);
		cell(r->bias_ma, 1);
		cell(r->temp_c, 1);
		cell(r->voltage_v, 2);
		printf(" %6s  %s\n", dist, r->description);
	}
	printf("# olt %s (%s): %zu ONTs in %.2fs, %u requests, %s%s%s\n", res->target->name,
	       res->target->profile->name, res->nreadings, h->duration, h->requests,
	       h->ok ? "ok" : "FAILED", h->error[0] ? ": " : "", h->error);
}

static void on_result(void *arg, const struct snmp_poll_result *res)
{
	struct probe *pr = arg;

	if (pr->json)
		print_json(res);
	else
		print_table(res);
	pr->rc = res->health->ok ? 0 : 1;
}

static int run(struct snmp_target *t, struct probe *pr)
{
	struct loop *loop = loop_new(NULL);
	struct snmp_poller *p = snmp_poller_new(loop, 1, on_result, pr);
	char err[SNMP_ERRBUF_MAX];

	pr->rc = 1;
	if (snmp_poller_add(p, t, err, sizeof(err)) < 0) {
		fprintf(stderr, "ontwatchctl probe: %s\n", err);
	} else {
		snmp_poller_poll(p, 0);
		while (snmp_poller_busy(p))
			if (loop_run_once(loop, 1.0) < 0)
				break;
	}
	snmp_poller_free(p);
	loop_free(loop);
	snmp_session_lib_shutdown();
	return pr->rc;
}

static int from_config(const char *file, const char *name, struct probe *pr)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	const struct conf_olt *olt;
	struct snmp_profile *prof = NULL;
	struct snmp_target t;
	char err[SNMP_ERRBUF_MAX];
	int rc = 1;

	if (conf_load(file, &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		conf_errors_clear(&errs);
		return 1;
	}
	if ((olt = conf_olt_find(conf, name)) == NULL) {
		fprintf(stderr, "ontwatchctl probe: %s: no OLT named \"%s\"\n", file, name);
		goto out;
	}
	if (snmp_profile_find(conf->vendor_dir, olt->vendor, &prof, err, sizeof(err)) < 0) {
		fprintf(stderr, "ontwatchctl probe: %s\n", err);
		goto out;
	}
	if (poll_target_from_conf(conf, olt, prof, &t, err, sizeof(err)) < 0) {
		fprintf(stderr, "ontwatchctl probe: %s\n", err);
		goto out;
	}
	rc = run(&t, pr);
out:
	snmp_profile_free(prof);
	conf_free(conf);
	return rc;
}

static int set_text(char *dst, size_t n, const char *src, const char *what)
{
	size_t l = strlen(src);

	if (l >= n) {
		fprintf(stderr, "ontwatchctl probe: %s longer than %zu characters\n", what, n - 1);
		return -1;
	}
	memcpy(dst, src, l + 1);
	return 0;
}

/* HOST, HOST:PORT or [V6]:PORT. */
static int set_address(struct snmp_target *t, const char *arg)
{
	char buf[sizeof(t->address) + 8];
	char *colon, *host = buf;

	if (set_text(buf, sizeof(buf), arg, "--address") < 0)
		return -1;
	if (buf[0] == '[') {
		char *end = strchr(buf, ']');

		if (end == NULL)
			return -1;
		*end = '\0';
		host = buf + 1;
		colon = end[1] == ':' ? end + 1 : NULL;
	} else {
		colon = strchr(buf, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			colon = NULL; /* a bare IPv6 address */
	}
	if (colon != NULL) {
		char *end;
		long port = strtol(colon + 1, &end, 10);

		if (*end != '\0' || port < 1 || port > 65535) {
			fprintf(stderr, "ontwatchctl probe: bad port in \"%s\"\n", arg);
			return -1;
		}
		*colon = '\0';
		t->port = (uint16_t)port;
	}
	return set_text(t->address, sizeof(t->address), host, "--address");
}

int ctl_probe(int argc, char **argv)
{
	enum {
		O_VENDOR = 256,
		O_ADDR,
		O_COMM,
		O_USER,
		O_LEVEL,
		O_AUTH,
		O_AUTHPASS,
		O_PRIV,
		O_PRIVPASS,
		O_CONTEXT,
		O_VDIR,
		O_TIMEOUT,
		O_RETRIES,
		O_MAXREP,
		O_JSON
	};
	static const struct option opts[] = {
		{ "vendor", required_argument, NULL, O_VENDOR },
		{ "address", required_argument, NULL, O_ADDR },
		{ "community", required_argument, NULL, O_COMM },
		{ "v3-user", required_argument, NULL, O_USER },
		{ "v3-level", required_argument, NULL, O_LEVEL },
		{ "v3-auth", required_argument, NULL, O_AUTH },
		{ "v3-auth-pass", required_argument, NULL, O_AUTHPASS },
		{ "v3-priv", required_argument, NULL, O_PRIV },
		{ "v3-priv-pass", required_argument, NULL, O_PRIVPASS },
		{ "v3-context", required_argument, NULL, O_CONTEXT },
		{ "vendor-dir", required_argument, NULL, O_VDIR },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "max-repetitions", required_argument, NULL, O_MAXREP },
		{ "json", no_argument, NULL, O_JSON },
		{ NULL, 0, NULL, 0 },
	};
	struct probe pr = { 0 };
	struct snmp_target t;
	struct snmp_profile *prof = NULL;
	const char *config = NULL, *vendor = NULL, *vdir = PKGDATADIR "/vendors";
	bool have_addr = false, have_comm = false;
	char err[SNMP_ERRBUF_MAX];
	int ch, rc;

	snmp_target_defaults(&t);
	t.retries = 1;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		int bad = 0;

		switch (ch) {
		case 'f':
			config = optarg;
			break;
		case O_VENDOR:
			vendor = optarg;
			break;
		case O_ADDR:
			bad = set_address(&t, optarg);
			have_addr = true;
			break;
		case O_COMM:
			bad = set_text(t.community, sizeof(t.community), optarg, "--community");
			have_comm = true;
			break;
		case O_USER:
			bad = set_text(t.user, sizeof(t.user), optarg, "--v3-user");
			t.version = SNMP_VERSION_V3;
			break;
		case O_LEVEL:
			bad = snmp_v3_level_parse(optarg, &t.level);
			break;
		case O_AUTH:
			bad = snmp_auth_proto_parse(optarg, &t.auth_proto);
			break;
		case O_AUTHPASS:
			bad = set_text(t.auth_pass, sizeof(t.auth_pass), optarg, "--v3-auth-pass");
			break;
		case O_PRIV:
			bad = snmp_priv_proto_parse(optarg, &t.priv_proto);
			break;
		case O_PRIVPASS:
			bad = set_text(t.priv_pass, sizeof(t.priv_pass), optarg, "--v3-priv-pass");
			break;
		case O_CONTEXT:
			bad = set_text(t.context, sizeof(t.context), optarg, "--v3-context");
			break;
		case O_VDIR:
			vdir = optarg;
			break;
		case O_TIMEOUT:
			t.timeout = atof(optarg);
			bad = !(t.timeout >= 0.1 && t.timeout <= 60);
			break;
		case O_RETRIES:
			t.retries = atoi(optarg);
			bad = t.retries < 0 || t.retries > 10;
			break;
		case O_MAXREP:
			t.max_repetitions = atoi(optarg);
			bad = t.max_repetitions < 1 || t.max_repetitions > 1000;
			break;
		case O_JSON:
			pr.json = true;
			break;
		default:
			bad = 1;
			break;
		}
		if (bad) {
			fprintf(stderr, PROBE_USAGE);
			return 2;
		}
	}
	if (config != NULL) {
		if (optind != argc - 1 || vendor != NULL || have_addr) {
			fprintf(stderr, PROBE_USAGE);
			return 2;
		}
		return from_config(config, argv[optind], &pr);
	}
	if (optind != argc || vendor == NULL || !have_addr ||
	    (t.version == SNMP_VERSION_V2C && !have_comm)) {
		fprintf(stderr, PROBE_USAGE);
		return 2;
	}
	if (snmp_profile_find(vdir, vendor, &prof, err, sizeof(err)) < 0) {
		fprintf(stderr, "ontwatchctl probe: %s\n", err);
		return 1;
	}
	set_text(t.name, sizeof(t.name), t.address, "name");
	t.profile = prof;
	rc = run(&t, &pr);
	snmp_profile_free(prof);
	return rc;
}
