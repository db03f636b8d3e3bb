/* test_capture_conf: the configuration's capture section: defaults, lists, validation of
 * templates and VLAN rules with file:line errors, and the printer's round trip. */
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
#include "monitor/conf_capture.h"

static const char *good =
    "capture = {\n"
    "  interface = \"eth1\";\n"
    "  snaplen = 256;\n"
    "  hash_key_file = \"/etc/ontwatch/capture.key\";\n"
    "  templates = ( { template = \"{olt} xpon {frame}/{slot}/{port}:{ont}\"; },\n"
    "                { template = \"pon {slot}-{port}-{ont}\"; olt = \"Z\"; } );\n"
    "  vlans = ( { outer = 300; inner = 20; olt = \"C\"; port = \"0/3/1\";"
    " ont = 2; } );\n"
    "};\n";

static void test_defaults_and_lists(void **state)
{
	(void)state;
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;

	assert_int_equal(conf_load_string(good, "good.conf", &conf, &errs), 0);
	const struct conf_capture *c = conf->capture;
	assert_non_null(c);
	assert_true(c->enabled);
	assert_string_equal(c->interface, "eth1");
	assert_string_equal(c->filter, "");
	assert_int_equal(c->snaplen, 256);
	assert_int_equal(c->bucket, 3600);
	assert_int_equal(c->max_subscribers, 65536);
	assert_int_equal(c->idle_expiry, 172800);
	assert_int_equal(c->ntemplates, 2);
	assert_string_equal(c->templates[1].olt, "Z");
	assert_null(c->templates[0].olt);
	assert_int_equal(c->nvlans, 1);
	assert_int_equal(c->vlans[0].inner, 20);
	assert_int_equal(c->vlans[0].ont, 2);
	conf_free(conf);
	/* no section, no capture */
	assert_int_equal(conf_load_string("", "empty.conf", &conf, &errs), 0);
	assert_null(conf->capture);
	conf_free(conf);
}

static void expect_error(const char *text, const char *needle)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;

	assert_int_equal(conf_load_string(text, "bad.conf", &conf, &errs), -1);
	assert_null(conf);
	bool found = false;
	for (size_t i = 0; i < errs.n; i++)
		found |= strstr(errs.msg[i], needle) != NULL;
	if (!found)
		conf_errors_print(&errs, stderr);
	assert_true(found);
	conf_errors_clear(&errs);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error(
	    "capture = { interface = \"eth1\";\n templates = ( { template = \"{olt}{ont}\"; "
	    "} ); };",
	    "bad.conf:2: capture.templates[0]: template \"{olt}{ont}\": two fields");
	expect_error("capture = { interface = \"eth1\"; snaplen = 10; };", "snaplen");
	expect_error("capture = { interface = \"eth1\"; bogus = 1; };", "bogus");
	expect_error("capture = { snaplen = 128; };", "interface is required");
	expect_error(
	    "capture = { interface = \"e\";\n vlans = ( { outer = 300; port = \"1\"; ont = "
	    "1; } ); };",
	    "olt");
	expect_error("capture = { interface = \"e\"; templates = { }; };", "expected a list");
	expect_error("capture = ( );", "capture");
}

static void test_print_round_trip(void **state)
{
	(void)state;
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL, *again = NULL;
	char *p1 = NULL, *p2 = NULL;
	size_t n1 = 0, n2 = 0;

	assert_int_equal(conf_load_string(good, "good.conf", &conf, &errs), 0);
	FILE *f = open_memstream(&p1, &n1);
	conf_print(conf, f, true);
	fclose(f);
	assert_non_null(strstr(p1, "capture = {"));
	assert_non_null(strstr(p1, "template = \"pon {slot}-{port}-{ont}\";"));
	assert_int_equal(conf_load_string(p1, "printed.conf", &again, &errs), 0);
	f = open_memstream(&p2, &n2);
	conf_print(again, f, true);
	fclose(f);
	assert_string_equal(p1, p2);
	free(p1);
	free(p2);
	conf_free(conf);
	conf_free(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_lists),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_print_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
