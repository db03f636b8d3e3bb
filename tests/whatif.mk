# tests/whatif.mk: threshold what-if (engine over a real SQLite store; API jobs in the daemon).
check_PROGRAMS += tests/test_whatif
tests_test_whatif_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_test_whatif_LDADD = $(WHATIF_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_whatif

# The API's jobs against a running daemon with seeded history (tests/api_env.sh).
TESTS += tests/whatif_api.sh
EXTRA_DIST += tests/whatif_api.sh
