# tests/dispatch.mk: tests of dispatch and delivery.

check_PROGRAMS += tests/test_visit
tests_test_visit_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_visit_LDADD = $(PLAN_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_visit
EXTRA_DIST += $(wildcard $(srcdir)/tests/dispatch/*.conf) $(wildcard $(srcdir)/tests/dispatch/*.json)
