/* test_conf: configuration parsing: every error names file:line and the key, nothing
 * invalid is accepted, defaults and profile inheritance hold, and printing round-trips. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/conf.h"

/* All error messages of loading `text`, joined by newlines (NULL when it loads). */
static char *load_errors(const char *text)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	char *buf;
	size_t len;
	FILE *fp;

	if (conf_load_string(text, "t.conf", &conf, &errs) == 0) {
		conf_free(conf);
		return NULL;
	}
	assert_null(conf);
	assert_true(errs.n > 0);
	fp = open_memstream(&buf, &len);
	conf_errors_print(&errs, fp);
	fclose(fp);
	conf_errors_clear(&errs);
	return buf;
}

static void assert_error(const char *text, const char *expected)
{
	char *got = load_errors(text);

	if (got == NULL)
		fail_msg("configuration was accepted; expected error \"%s\"", expected);
	if (strstr(got, expected) == NULL)
		fail_msg("expected error \"%s\" in:\n%s", expected, got);
	free(got);
}

static struct conf *load_ok(const char *text)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;

	if (conf_load_string(text, "t.conf", &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		conf_errors_clear(&errs);
		fail_msg("configuration rejected");
	}
	return conf;
}

#define OLT(extra)                                                                                 \
	"olts = ( { name = \"a\"; address = \"127.0.0.1\"; vendor = \"huawei-ma5600\";\n"          \
	"  snmp = { community = \"c\"; };" extra " } );\n"

static void test_defaults(void **state)
{
	(void)state;
	struct conf *conf = load_ok("");

	assert_int_equal(conf->nolts, 0);
	assert_int_equal(conf->poll_interval, 300);
	assert_int_equal(conf->retention_days, 90);
	assert_int_equal(conf->per_olt_in_flight, 1);
	assert_int_equal(conf->nprofiles, 4); /* the built-ins */
	assert_non_null(conf_profile(conf, "gpon-c+"));
	conf_free(conf);
}

static void test_olt_defaults_and_profile(void **state)
{
	(void)state;
	struct conf *conf = load_ok(OLT(" tags = { region = \"north\"; };"));
	const struct conf_olt *olt = conf_olt_find(conf, "a");

	assert_non_null(olt);
	assert_int_equal(olt->port, 161);
	assert_int_equal(olt->snmp_version, CONF_SNMP_V2C);
	assert_string_equal(olt->pon_class, "gpon-b+");
	assert_true(olt->enabled);
	assert_non_null(olt->profile);
	assert_string_equal(olt->profile->name, "gpon-b+");
	assert_int_equal(olt->ntags, 1);
	assert_string_equal(olt->tags[0].key, "region");
	assert_string_equal(olt->tags[0].value, "north");
	conf_free(conf);
}

static void test_profile_inherits_class(void **state)
{
	(void)state;
	struct conf *conf =
	    load_ok("thresholds = ( { name = \"tight\"; pon_class = \"gpon-c+\";"
	            " rx_low_warn = -27; hits = 5; } );\n" OLT(" thresholds = \"tight\";"));
	const struct threshold_profile *p = conf_profile(conf, "tight");

	assert_non_null(p);
	assert_true(p->rx_low_warn == -27.0); /* integer accepted for a number */
	assert_int_equal(p->hits, 5);
	/* everything else from the gpon-c+ built-in */
	assert_true(p->rx_low_crit == threshold_builtin("gpon-c+")->rx_low_crit);
	assert_ptr_equal(conf_olt_find(conf, "a")->profile, p);
	conf_free(conf);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	assert_error("polll = { interval = 60; };", "t.conf:1: polll: unknown setting");
	assert_error("poll = {\n intervall = 60; };", "t.conf:2: poll.intervall: unknown setting");
	assert_error("olts = ( { name = \"a\";\n adress = \"x\"; vendor = \"v\";"
	             " snmp = { community = \"c\"; }; } );",
	             "t.conf:2: olts[0] (a).adress: unknown setting");
	assert_error(OLT("\n snmp2 = 1;"), "t.conf:3: olts[0] (a).snmp2: unknown setting");
	assert_error("olts = ( { name = \"a\"; address = \"x\"; vendor = \"v\";\n"
	             " snmp = { comunity = \"c\"; }; } );",
	             "t.conf:2: olts[0] (a).snmp.comunity: unknown setting");
	assert_error(
	    "thresholds = ( { name = \"p\"; pon_class = \"epon\";\n rx_low_wrn = -20; } );",
	    "t.conf:2: thresholds[0].rx_low_wrn: unknown setting");
}

static void test_wrong_types(void **state)
{
	(void)state;
	assert_error("poll = { interval = \"60\"; };",
	             "t.conf:1: poll.interval: expected an integer, found a string");
	assert_error("store = { retention_days = 1.5; };",
	             "store.retention_days: expected an integer, found a number");
	assert_error(OLT(" enabled = 1;"), "enabled: expected true or false, found an integer");
	assert_error("olts = { name = \"a\"; };", "olts: expected a list");
	assert_error(OLT(" tags = { region = 3; };"), "tag region: expected a string");
}

static void test_ranges_and_enums(void **state)
{
	(void)state;
	assert_error(OLT(" port = 70000;"), "port: 70000 is out of range (1 .. 65535)");
	assert_error("poll = { timeout = 0.0; };", "poll.timeout: 0 is out of range");
	assert_error("daemon = { log_level = \"loud\"; };",
	             "daemon.log_level: \"loud\" is not one of: warning, info, debug");
	assert_error(OLT(" pon_class = \"gpon-z\";"), "unknown pon_class \"gpon-z\"");
}

static void test_required_and_references(void **state)
{
	(void)state;
	assert_error("olts = ( { name = \"a\"; vendor = \"v\"; snmp = { community = \"c\"; }; } );",
	             "t.conf:1: olts[0] (a).address: required setting is missing");
	assert_error("olts = ( { name = \"a\"; address = \"x\"; vendor = \"v\"; } );",
	             "snmp.community is required for version 2c");
	assert_error(OLT(" thresholds = \"nope\";"), "undefined threshold profile \"nope\"");
	assert_error("outputs = ( { type = \"file\"; } );", "path is required for a file output");
	assert_error("thresholds = ( { name = \"x\"; } );", "pon_class (a string) is required");
}

static void test_duplicates(void **state)
{
	(void)state;
	assert_error("olts = (\n { name = \"a\"; address = \"x\"; vendor = \"v\";"
	             " snmp = { community = \"c\"; }; },\n"
	             " { name = \"a\"; address = \"y\"; vendor = \"v\";"
	             " snmp = { community = \"c\"; }; } );",
	             "t.conf:3: olts[1] (a): duplicate OLT name \"a\" (first defined at line 2)");
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\"; },\n"
	             " { name = \"p\"; pon_class = \"epon\"; } );",
	             "t.conf:2: thresholds[1]: duplicate threshold profile \"p\"");
}

static void test_snmpv3_rules(void **state)
{
	(void)state;
	const char *v3 = "olts = ( { name = \"a\"; address = \"x\"; vendor = \"v\";"
	                 " snmp = { version = \"3\"; user = \"u\"; auth_password = \"short\";"
	                 " priv_password = \"longenough\"; }; } );";
	assert_error(v3, "auth_password of at least 8 characters");
	assert_error("olts = ( { name = \"a\"; address = \"x\"; vendor = \"v\";"
	             " snmp = { version = \"3\"; }; } );",
	             "snmp.user is required for version 3");
	struct conf *conf =
	    load_ok("olts = ( { name = \"a\"; address = \"x\"; vendor = \"v\";"
	            " snmp = { version = \"3\"; user = \"u\"; level = \"authNoPriv\";"
	            " auth_protocol = \"SHA-256\"; auth_password = \"12345678\"; };"
	            " } );");
	assert_int_equal(conf->olts[0].v3_auth_proto, CONF_V3_SHA256);
	assert_int_equal(conf->olts[0].v3_level, CONF_V3_AUTHNOPRIV);
	conf_free(conf);
}

static void test_syntax_error_line(void **state)
{
	(void)state;
	assert_error("poll = {\n interval = 60;\n retries = = 2; };", "t.conf:3: syntax error");
}

static void test_threshold_consistency(void **state)
{
	(void)state;
	assert_error(
	    "thresholds = ( { name = \"p\"; pon_class = \"gpon-b+\"; rx_low_crit = -20; } );",
	    "rx_low_crit must not be above rx_low_warn");
}

/* The detector's, correlator's and order book's tunables are configurable per profile. */
static void test_detection_tunables(void **state)
{
	(void)state;
	struct conf *conf =
	    load_ok("thresholds = ( { name = \"p\"; pon_class = \"gpon-b+\"; warn_min_drop = 2;"
	            " trend_min_change = 0.5; trend_hits = 3; los_hits = 1; jump_db = 3.5;"
	            " unstable_jumps = 12; shared_min_drop = 1.5; shared_min_onts = 3;"
	            " shared_fraction = 0.25; shared_onset_hours = 6; open_hold_hours = 0;"
	            " resolve_hold_hours = 8; update_min_hours = 1; } );\n");
	const struct threshold_profile *p = conf_profile(conf, "p");

	assert_non_null(p);
	assert_true(p->warn_min_drop == 2.0);
	assert_true(p->trend_min_change == 0.5);
	assert_int_equal(p->trend_hits, 3);
	assert_int_equal(p->los_hits, 1);
	assert_true(p->jump_db == 3.5);
	assert_int_equal(p->unstable_jumps, 12);
	assert_true(p->shared_min_drop == 1.5);
	assert_int_equal(p->shared_min_onts, 3);
	assert_true(p->shared_fraction == 0.25);
	assert_true(p->shared_onset_hours == 6.0);
	assert_true(p->open_hold_hours == 0.0);
	assert_true(p->resolve_hold_hours == 8.0);
	assert_true(p->update_min_hours == 1.0);
	/* what is not named comes from the class */
	assert_true(p->baseline_drop == threshold_builtin("gpon-b+")->baseline_drop);
	conf_free(conf);
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\";\n"
	             " shared_min_onts = 1; } );",
	             "t.conf:2: thresholds[0].shared_min_onts: 1 is out of range (2 .. 128)");
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\";\n"
	             " shared_fraction = 1.5; } );",
	             "t.conf:2: thresholds[0].shared_fraction: 1.5 is out of range");
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\";\n"
	             " unstable_jumps = 65; } );",
	             "t.conf:2: thresholds[0].unstable_jumps: 65 is out of range (1 .. 64)");
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\";\n"
	             " unstable_los_count = 9; } );",
	             "t.conf:2: thresholds[0].unstable_los_count: 9 is out of range (1 .. 8)");
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\";\n"
	             " jump_db = 0; } );",
	             "t.conf:2: thresholds[0].jump_db: 0 is out of range");
	assert_error("thresholds = ( { name = \"p\"; pon_class = \"epon\";\n"
	             " los_hits = \"2\"; } );",
	             "t.conf:2: thresholds[0].los_hits: expected an integer, found a string");
}

/* Overrides: every field optional but not all, tags as key=value, profiles and OLTs must
 * exist, nothing unknown; kept in order (the first match wins). */
static void test_threshold_overrides(void **state)
{
	(void)state;
	struct conf *conf = load_ok(
	    "thresholds = ( { name = \"strict\"; pon_class = \"gpon-b+\"; rx_low_warn = -20; } "
	    ");\n" OLT("") "threshold_overrides = (\n"
	                   " { olt = \"a\"; port = \"0/1/3\"; thresholds = \"strict\"; },\n"
	                   " { tag = \"region=north\"; thresholds = \"gpon-c+\"; },\n"
	                   " { port = \"\"; olt = \"a\"; thresholds = \"epon\"; } );\n");

	assert_int_equal(conf->noverrides, 3);
	assert_string_equal(conf->overrides[0].olt, "a");
	assert_string_equal(conf->overrides[0].port, "0/1/3");
	assert_null(conf->overrides[0].tag);
	assert_ptr_equal(conf->overrides[0].profile, conf_profile(conf, "strict"));
	assert_int_equal(conf->overrides[0].line, 5);
	assert_string_equal(conf->overrides[1].tag, "region=north");
	assert_null(conf->overrides[1].olt);
	assert_ptr_equal(conf->overrides[1].profile, conf_profile(conf, "gpon-c+"));
	assert_string_equal(conf->overrides[2].port, "");
	assert_ptr_equal(conf->overrides[2].profile, conf_profile(conf, "epon"));
	conf_free(conf);

	assert_error(OLT("") "threshold_overrides = (\n { olt = \"a\"; thresholds = \"nope\"; } );",
	             "t.conf:4: threshold_overrides[0]: undefined threshold profile \"nope\"");
	assert_error(
	    OLT("") "threshold_overrides = (\n { thresholds = \"epon\"; } );",
	    "t.conf:4: threshold_overrides[0]: at least one of olt, port and tag is required");
	assert_error(
	    OLT("") "threshold_overrides = (\n { olt = \"\"; port = \"\";"
	            " thresholds = \"epon\"; } );",
	    "t.conf:4: threshold_overrides[0]: at least one of olt, port and tag is required");
	assert_error(OLT("") "threshold_overrides = (\n { olt = \"a\";\n prot = \"0/1/3\";"
	                     " thresholds = \"epon\"; } );",
	             "t.conf:5: threshold_overrides[0].prot: unknown setting");
	assert_error(OLT("") "threshold_overrides = (\n { olt = \"a\"; } );",
	             "t.conf:4: threshold_overrides[0].thresholds: required setting is missing");
	assert_error(OLT("") "threshold_overrides = (\n { olt = \"b\"; thresholds = \"epon\"; } );",
	             "t.conf:4: threshold_overrides[0]: olt \"b\" is not a configured OLT");
	assert_error(
	    OLT("") "threshold_overrides = (\n { tag = \"north\"; thresholds = \"epon\"; } );",
	    "t.conf:4: threshold_overrides[0]: tag: expected \"key=value\", found \"north\"");
	assert_error(
	    OLT("") "threshold_overrides = (\n { tag = \"=north\"; thresholds = \"epon\"; } );",
	    "tag: expected \"key=value\"");
	assert_error(OLT("") "threshold_overrides = (\n { port = 3; thresholds = \"epon\"; } );",
	             "t.conf:4: threshold_overrides[0].port: expected a string, found an integer");
	assert_error(OLT("") "threshold_overrides = { olt = \"a\"; thresholds = \"epon\"; };",
	             "threshold_overrides: expected a list");
	assert_error(OLT("") "threshold_overrides = ( \"a\" );",
	             "threshold_overrides[0]: expected a group");
}

static void test_all_errors_reported(void **state)
{
	(void)state;
	char *got = load_errors("poll = { intervall = 1; retries = 99; };\n"
	                        "store = { retention_days = 0; };\n");
	int lines = 0;

	assert_non_null(got);
	for (char *p = got; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 3);
	free(got);
}

static void test_print_round_trip(void **state)
{
	(void)state;
	struct conf *a = load_ok(
	    "thresholds = ( { name = \"t\"; pon_class = \"xgspon\";"
	    " impact_rx = -28.25; } );\n" OLT(" tags = { region = \"n\\\"x\"; }; interval = "
	                                      "60;") "outputs = ( { type = \"stdout\"; } );");
	char *p1, *p2;
	size_t l1, l2;
	FILE *fp;
	struct conf *b;

	fp = open_memstream(&p1, &l1);
	assert_int_equal(conf_print(a, fp, true), 0);
	fclose(fp);
	b = load_ok(p1);
	fp = open_memstream(&p2, &l2);
	assert_int_equal(conf_print(b, fp, true), 0);
	fclose(fp);
	assert_string_equal(p1, p2);
	assert_non_null(strstr(p1, "impact_rx = -28.25;"));
	free(p2);
	conf_free(b);
	/* secrets are masked unless asked for */
	fp = open_memstream(&p2, &l2);
	assert_int_equal(conf_print(a, fp, false), 0);
	fclose(fp);
	assert_null(strstr(p2, "community = \"c\""));
	assert_non_null(strstr(p2, "community = \"********\""));
	free(p2);
	free(p1);
	conf_free(a);
}

static void test_shipped_example(void **state)
{
	(void)state;
	const char *top = getenv("top_srcdir");
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s/conf/ontwatch.conf", top ? top : "..");
	if (conf_load(path, &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		conf_errors_clear(&errs);
		fail_msg("shipped example rejected");
	}
	assert_true(conf->nolts >= 2);
	conf_free(conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_olt_defaults_and_profile),
		cmocka_unit_test(test_profile_inherits_class),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_ranges_and_enums),
		cmocka_unit_test(test_required_and_references),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_snmpv3_rules),
		cmocka_unit_test(test_syntax_error_line),
		cmocka_unit_test(test_threshold_consistency),
		cmocka_unit_test(test_detection_tunables),
		cmocka_unit_test(test_threshold_overrides),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_print_round_trip),
		cmocka_unit_test(test_shipped_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
