# tests/dispatch.mk: tests of dispatch and delivery.

check_PROGRAMS += tests/test_visit
tests_test_visit_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_visit_LDADD = $(PLAN_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_visit
EXTRA_DIST += $(wildcard $(srcdir)/tests/dispatch/*.conf) $(wildcard $(srcdir)/tests/dispatch/*.json) \
	$(wildcard $(srcdir)/tests/dispatch/*.in)

check_PROGRAMS += tests/test_tmf621
tests_test_tmf621_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_tmf621_LDADD = monitor/libdeliver.a $(JANSSON_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_tmf621

TESTS += tests/webhook_delivery.sh
EXTRA_DIST += tests/webhook_delivery.sh tests/webhook_receiver.py tests/webhook_check.py

TESTS += tests/exec_delivery.sh
EXTRA_DIST += tests/exec_delivery.sh

TESTS += tests/order_status.sh
EXTRA_DIST += tests/order_status.sh

check_PROGRAMS += tests/test_verify
tests_test_verify_CFLAGS = $(TEST_CFLAGS)
tests_test_verify_LDADD = monitor/libplan.a lib/libow.a $(TEST_LIBS) $(LIBS) -lm
TESTS += tests/test_verify

check_PROGRAMS += tests/test_closedloop
tests_test_closedloop_CFLAGS = $(TEST_CFLAGS)
tests_test_closedloop_LDADD = monitor/libclosedloop.a $(ORDER_JSON_LIBS) $(DELIVER_LIBS) \
	$(TEST_LIBS) $(LIBS)
TESTS += tests/test_closedloop

TESTS += tests/customers_import.sh
EXTRA_DIST += tests/customers_import.sh

TESTS += tests/dispatch_enrich.sh
EXTRA_DIST += tests/dispatch_enrich.sh $(wildcard $(srcdir)/tests/dispatch/*.csv)

check_PROGRAMS += tests/test_outbox
tests_test_outbox_CFLAGS = $(TEST_CFLAGS)
tests_test_outbox_LDADD = $(DELIVER_LIBS) $(TEST_LIBS) $(LIBS)
TESTS += tests/test_outbox

TESTS += tests/webhook_outputs.sh
EXTRA_DIST += tests/webhook_outputs.sh
