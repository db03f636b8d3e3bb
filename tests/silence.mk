# tests/silence.mk: silences: matching and validation, the store, the engine holding and
# releasing orders.
check_PROGRAMS += tests/test_silence
tests_test_silence_CFLAGS = $(TEST_CFLAGS)
tests_test_silence_LDADD = monitor/libsilence.a $(TEST_LIBS)
TESTS += tests/test_silence

check_PROGRAMS += tests/test_silence_store
tests_test_silence_store_CFLAGS = $(TEST_CFLAGS) $(SQLITE_CFLAGS)
tests_test_silence_store_LDADD = $(STORE_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_silence_store

check_PROGRAMS += tests/test_silence_engine
tests_test_silence_engine_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_test_silence_engine_LDADD = $(ENGINE_DAEMON_LIBS) $(TEST_LIBS) $(LIBS)
TESTS += tests/test_silence_engine

# The API against a running daemon and a simulated OLT (tests/api_env.sh).
TESTS += tests/silence_api.sh
EXTRA_DIST += tests/silence_api.sh
