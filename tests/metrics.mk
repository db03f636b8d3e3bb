# tests/metrics.mk: the Prometheus writer and GET /metrics against a running daemon.
check_PROGRAMS += tests/test_metrics
tests_test_metrics_CFLAGS = $(TEST_CFLAGS)
tests_test_metrics_LDADD = $(METRICS_LIBS) $(TEST_LIBS)
TESTS += tests/test_metrics

check_PROGRAMS += tests/test_metrics_store
tests_test_metrics_store_CFLAGS = $(TEST_CFLAGS)
tests_test_metrics_store_LDADD = $(STORE_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_metrics_store

TESTS += tests/metrics.sh
EXTRA_DIST += tests/metrics.sh
TESTS += tests/metrics_capture.sh
EXTRA_DIST += tests/metrics_capture.sh
