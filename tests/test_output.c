/* test_output: JSON-lines outputs append whole lines, survive rotation by reopen, and a
 * failing output (full disk) neither blocks nor corrupts the others. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "monitor/conf.h"
#include "monitor/output.h"

static int count_lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	int c, n = 0;

	if (fp == NULL)
		return -1;
	while ((c = fgetc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

static struct conf *conf_with(const char *outputs)
{
	struct conf_errors errs = { 0 };
	struct conf *conf = NULL;
	char *text;

	assert_true(asprintf(&text, "outputs = ( %s );", outputs) > 0);
	if (conf_load_string(text, "t.conf", &conf, &errs) < 0) {
		conf_errors_print(&errs, stderr);
		conf_errors_clear(&errs);
		fail();
	}
	free(text);
	return conf;
}

static void test_append_and_rotate(void **state)
{
	(void)state;
	char dir[] = "/tmp/ontwatch-out.XXXXXX", spec[256], path[128], rotated[128];
	struct output_set *set = NULL;
	struct conf *conf;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/orders.jsonl", dir);
	snprintf(rotated, sizeof(rotated), "%s/orders.jsonl.1", dir);
	snprintf(spec, sizeof(spec), "{ type = \"file\"; path = \"%s\"; }", path);
	conf = conf_with(spec);
	assert_int_equal(output_set_open(conf, &set), 0);
	assert_int_equal(output_set_emit(set, "{\"a\":1}", 7), 0);
	assert_int_equal(output_set_emit(set, "{\"a\":2}", 7), 0);
	assert_int_equal(count_lines(path), 2);
	assert_int_equal(rename(path, rotated), 0);
	assert_int_equal(output_set_reopen(set), 0);
	assert_int_equal(output_set_emit(set, "{\"a\":3}", 7), 0);
	assert_int_equal(count_lines(rotated), 2);
	assert_int_equal(count_lines(path), 1);
	output_set_close(set);
	/* reopening appends, never truncates */
	assert_int_equal(output_set_open(conf, &set), 0);
	assert_int_equal(output_set_emit(set, "{\"a\":4}", 7), 0);
	assert_int_equal(count_lines(path), 2);
	output_set_close(set);
	conf_free(conf);
	unlink(path);
	unlink(rotated);
	rmdir(dir);
}

static void test_full_disk_does_not_block_others(void **state)
{
	(void)state;
	char dir[] = "/tmp/ontwatch-out.XXXXXX", spec[512], path[128];
	struct output_set *set = NULL;
	struct conf *conf;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ok.jsonl", dir);
	snprintf(spec, sizeof(spec),
	         "{ name = \"full\"; type = \"file\"; path = \"/dev/full\"; },"
	         "{ name = \"ok\"; type = \"file\"; path = \"%s\"; }",
	         path);
	conf = conf_with(spec);
	assert_int_equal(output_set_open(conf, &set), 0);
	assert_int_equal(output_set_count(set), 2);
	assert_int_equal(output_set_emit(set, "{\"a\":1}", 7), 1);
	assert_int_equal(output_set_emit(set, "{\"a\":2}", 7), 1);
	assert_int_equal(count_lines(path), 2);
	output_set_close(set);
	conf_free(conf);
	unlink(path);
	rmdir(dir);
}

static void test_unopenable_output_is_an_error(void **state)
{
	(void)state;
	struct conf *conf = conf_with("{ type = \"file\"; path = \"/nonexistent/dir/o.jsonl\"; }");
	struct output_set *set = NULL;

	assert_int_equal(output_set_open(conf, &set), -1);
	assert_null(set);
	conf_free(conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_rotate),
		cmocka_unit_test(test_full_disk_does_not_block_others),
		cmocka_unit_test(test_unopenable_output_is_an_error),
	};
	log_init("test_output", LOG_LVL_WARN, false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
