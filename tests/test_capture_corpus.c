/* test_capture_corpus: every saved fuzz input (tests/capture/corpus) and every input that ever
 * crashed the capture decoder (tests/capture/crashers) goes through the fuzz target again. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/capture_fuzz_target.h"

static int replay_dir(const char *sub)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], path[8192];
	static uint8_t buf[65536];
	struct dirent *e;
	DIR *dp;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/capture/%s", top ? top : ".", sub);
	dp = opendir(dir);
	assert_non_null(dp);
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		size_t len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	closedir(dp);
	return n;
}

static void test_corpus(void **state)
{
	(void)state;
	assert_true(replay_dir("corpus") > 50);
}

static void test_crashers(void **state)
{
	(void)state;
	replay_dir("crashers"); /* may be empty: every one ever found stays here */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_crashers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
