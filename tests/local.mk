# tests/: unit tests (cmocka, each linking only the modules under test) and
# integration tests (shell, TAP) against real peers on loopback.
TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
TEST_LIBS = $(CMOCKA_LIBS)

check_PROGRAMS += tests/test_loop
tests_test_loop_CFLAGS = $(TEST_CFLAGS)
tests_test_loop_LDADD = lib/libow.a $(TEST_LIBS)

TESTS += tests/test_loop
EXTRA_DIST += tests/tap.sh tests/summary.sh tests/api_env.sh tests/api_history.py

check_PROGRAMS += tests/test_conf
tests_test_conf_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_test_conf_LDADD = $(CONF_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_conf

check_PROGRAMS += tests/test_store
tests_test_store_CFLAGS = $(TEST_CFLAGS) $(SQLITE_CFLAGS)
tests_test_store_LDADD = $(STORE_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_store

TESTS += tests/daemon_signals.sh
EXTRA_DIST += tests/daemon_signals.sh

TESTS += tests/conf_golden.sh
EXTRA_DIST += tests/conf_golden.sh tests/update-golden.sh $(wildcard $(srcdir)/tests/conf/*.in) \
	$(wildcard $(srcdir)/tests/conf/*.ok) $(wildcard $(srcdir)/tests/conf/*.err)
EXTRA_DIST += tests/demo.sh

check_PROGRAMS += tests/test_output
tests_test_output_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_test_output_LDADD = monitor/liboutput.a $(CONF_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_output

TESTS += tests/daemon_traps.sh
EXTRA_DIST += tests/daemon_traps.sh
