# tests/capture.mk: passive capture probe tests (see Makefile.am).
# libcapcraft builds crafted frames and writes pcap files (tests, fuzz seeds, benchmark).
noinst_LIBRARIES += tests/libcapcraft.a
tests_libcapcraft_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_libcapcraft_a_SOURCES = tests/capture_craft.c tests/capture_craft.h

check_PROGRAMS += tests/test_capture_decode tests/test_capture_tracker
tests_test_capture_decode_CFLAGS = $(TEST_CFLAGS)
tests_test_capture_decode_LDADD = probes/capture/libcapdecode.a tests/libcapcraft.a \
	$(PCAP_LIBS) $(TEST_LIBS)
tests_test_capture_tracker_CFLAGS = $(TEST_CFLAGS) $(NETTLE_CFLAGS)
tests_test_capture_tracker_LDADD = probes/capture/libcapture.a probes/capture/libcapdecode.a \
	tests/libcapcraft.a lib/libow.a $(PCAP_LIBS) $(NETTLE_LIBS) $(TEST_LIBS)

TESTS += tests/test_capture_decode tests/test_capture_tracker

# capture_gen writes the crafted capture the tshark cross-check reads.
check_PROGRAMS += tests/capture_gen
tests_capture_gen_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_capture_gen_LDADD = tests/libcapcraft.a $(PCAP_LIBS)

TESTS += tests/capture_tshark.sh
EXTRA_DIST += tests/capture_tshark.sh

# Fuzzing: tests/capture_fuzz.sh runs libFuzzer for a bounded time (by hand or in a nightly
# job); make check replays the saved corpus and every crasher through the same target.
check_PROGRAMS += tests/test_capture_corpus
tests_test_capture_corpus_SOURCES = tests/test_capture_corpus.c \
	tests/capture_fuzz_target.c tests/capture_fuzz_target.h
tests_test_capture_corpus_CFLAGS = $(TEST_CFLAGS)
tests_test_capture_corpus_LDADD = probes/capture/libcapture.a probes/capture/libcapdecode.a \
	lib/libow.a $(TEST_LIBS)
TESTS += tests/test_capture_corpus
EXTRA_DIST += tests/capture_fuzz.sh tests/capture/corpus tests/capture/crashers

# Live capture in the daemon on the loopback device (skips without CAP_NET_RAW).
check_PROGRAMS += tests/capture_inject
tests_capture_inject_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_capture_inject_LDADD = $(PCAP_LIBS)
TESTS += tests/capture_live.sh
EXTRA_DIST += tests/capture_live.sh

# The daemon-side parts: configuration section and store buckets.
check_PROGRAMS += tests/test_capture_conf tests/test_capture_store
tests_test_capture_conf_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_test_capture_conf_LDADD = $(CONF_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
tests_test_capture_store_CFLAGS = $(TEST_CFLAGS)
tests_test_capture_store_LDADD = monitor/libcapevidence.a $(STORE_LIBS) lib/libow.a $(TEST_LIBS) $(LIBS)
TESTS += tests/test_capture_conf tests/test_capture_store
TESTS += tests/capture_shipped_conf.sh
EXTRA_DIST += tests/capture_shipped_conf.sh

# What capture adds to orders: evidence, priority, quiet hours, session_instability, repair check.
check_PROGRAMS += tests/test_sessions
tests_test_sessions_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS) $(JANSSON_CFLAGS)
tests_test_sessions_LDADD = $(ENGINE_DAEMON_LIBS) $(TEST_LIBS) $(LIBS)
TESTS += tests/test_sessions
TESTS += tests/capture_sessions_live.sh
EXTRA_DIST += tests/capture_sessions_live.sh
