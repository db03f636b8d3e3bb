/* test_tmf621: the TMF621 TroubleTicket mapping against golden files
 * (tests/dispatch/tmf621-NAME.in -> NAME.json); statuses; events that cannot be mapped.
 * OW_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/tmf621.h"

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	if (fp == NULL || buf == NULL)
		fail_msg("cannot read %s", path);
	n = fread(buf, 1, 65535, fp);
	fclose(fp);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

static void golden(const char *name)
{
	const char *top = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
	char in[1024], ok[1024], *event, *got = NULL, *pretty, *want;
	const char *why = NULL;
	json_t *j;

	snprintf(in, sizeof(in), "%s/tests/dispatch/tmf621-%s.in", top, name);
	snprintf(ok, sizeof(ok), "%s/tests/dispatch/tmf621-%s.json", top, name);
	event = slurp(in);
	assert_int_equal(tmf621_from_event(event, &got, &why), 0);
	j = json_loads(got, 0, NULL);
	assert_non_null(j);
	pretty = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (getenv("OW_UPDATE_GOLDEN") != NULL) {
		FILE *fp = fopen(ok, "w");

		assert_non_null(fp);
		fprintf(fp, "%s\n", pretty);
		fclose(fp);
	}
	want = slurp(ok);
	if (strcmp(want, pretty) != 0) {
		fprintf(stderr, "# got:\n%s\n", pretty);
		fail_msg("tmf621-%s differs from its golden file", name);
	}
	free(want);
	free(pretty);
	json_decref(j);
	free(got);
	free(event);
}

static void opened_splitter(void **state)
{
	(void)state;
	golden("opened");
}

static void completed_with_note(void **state)
{
	(void)state;
	golden("completed");
}

static void statuses(void **state)
{
	(void)state;
	assert_string_equal(tmf621_status("in_progress"), "inProgress");
	assert_string_equal(tmf621_status("completed"), "resolved");
	assert_string_equal(tmf621_status("verified"), "closed");
	assert_string_equal(tmf621_status("reopened"), "inProgress");
	assert_string_equal(tmf621_status("cancelled"), "cancelled");
	assert_string_equal(tmf621_status("dispatched"), "pending");
}

static void invalid_events(void **state)
{
	static const char *const bad[] = { "",
		                           "[]",
		                           "{\"event\":\"opened\"}",
		                           "{\"event\":\"opened\",\"time\":\"x\",\"order\":{}}",
		                           "{\"time\":\"x\",\"order\":{\"id\":\"a\"}}",
		                           "{\"event\":" };
	char *out = (char *)"untouched";

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		assert_int_equal(tmf621_from_event(bad[i], &out, &why), -1);
		assert_non_null(why);
		assert_string_equal(out, "untouched");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opened_splitter),
		cmocka_unit_test(completed_with_note),
		cmocka_unit_test(statuses),
		cmocka_unit_test(invalid_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
