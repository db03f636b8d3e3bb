# tests/ctlapi.mk: ontwatchctl's daemon commands (pure helpers; live against ontwatchd).
check_PROGRAMS += tests/test_ctl_fmt
tests_test_ctl_fmt_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_ctl_fmt_LDADD = $(CTLFMT_LIBS) $(TEST_LIBS) $(LIBS)
TESTS += tests/test_ctl_fmt

# The client against a recording HTTP peer (URL, tokens, errors), replay's terminal progress.
TESTS += tests/ctl_client.sh tests/ctl_replay_progress.sh
EXTRA_DIST += tests/ctl_client.sh tests/ctl_recorder.py tests/ctl_replay_progress.sh

# The daemon commands against a running ontwatchd (tests/api_env.sh).
TESTS += tests/ctl_live.sh
EXTRA_DIST += tests/ctl_live.sh
