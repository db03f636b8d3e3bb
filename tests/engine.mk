# tests/engine.mk: detector, orders, correlation and replay tests.
check_PROGRAMS += tests/test_detect
tests_test_detect_CFLAGS = $(TEST_CFLAGS)
tests_test_detect_LDADD = monitor/libdetect.a monitor/libthreshold.a lib/libow.a $(TEST_LIBS)
TESTS += tests/test_detect
