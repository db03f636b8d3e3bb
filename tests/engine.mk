# tests/engine.mk: detector, orders, correlation and replay tests.
check_PROGRAMS += tests/test_detect
tests_test_detect_CFLAGS = $(TEST_CFLAGS)
tests_test_detect_LDADD = monitor/libdetect.a monitor/libthreshold.a lib/libow.a $(TEST_LIBS)
TESTS += tests/test_detect

check_PROGRAMS += tests/test_order tests/test_fleet
tests_test_order_CFLAGS = $(TEST_CFLAGS)
tests_test_order_LDADD = monitor/liborder.a monitor/libdetect.a monitor/libthreshold.a \
	lib/libow.a $(JANSSON_LIBS) $(TEST_LIBS)
tests_test_fleet_CFLAGS = $(TEST_CFLAGS)
tests_test_fleet_LDADD = $(ENGINE_LIBS) $(TEST_LIBS)
TESTS += tests/test_order tests/test_fleet

TESTS += tests/replay_golden.sh tests/replay_malformed.sh
EXTRA_DIST += tests/replay_golden.sh tests/replay_malformed.sh \
	tests/replay/TESTLIST tests/replay/update.sh tests/replay/mkcases.py \
	tests/replay/step.csv tests/replay/step.jsonl \
	tests/replay/bend.csv tests/replay/bend.jsonl \
	tests/replay/cut.csv tests/replay/cut.jsonl \
	tests/replay/splitter.csv tests/replay/splitter.customers.csv tests/replay/splitter.jsonl \
	tests/replay/override.csv tests/replay/override.conf tests/replay/override.jsonl

check_PROGRAMS += tests/test_engine
tests_test_engine_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_test_engine_LDADD = $(ENGINE_DAEMON_LIBS) $(TEST_LIBS) $(LIBS)
TESTS += tests/test_engine

check_PROGRAMS += tests/test_readings_csv
tests_test_readings_csv_CFLAGS = $(TEST_CFLAGS)
tests_test_readings_csv_LDADD = monitor/libreplay.a lib/libow.a $(TEST_LIBS)
TESTS += tests/test_readings_csv

# The closed loop in the running daemon (snmpsim, HTTP status reports, an exec output).
TESTS += tests/aftercare_live.sh
EXTRA_DIST += tests/aftercare_live.sh
