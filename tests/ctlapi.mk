# tests/ctlapi.mk: ontwatchctl's daemon commands (pure helpers; live against ontwatchd).
check_PROGRAMS += tests/test_ctl_fmt
tests_test_ctl_fmt_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_ctl_fmt_LDADD = $(CTLFMT_LIBS) $(TEST_LIBS) $(LIBS)
TESTS += tests/test_ctl_fmt
