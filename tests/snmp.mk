# tests/snmp.mk: SNMP probe tests: decoding units (cmocka) and live polls of
# recorded and generated OLT walks served by snmpsim on 127.0.0.1.
check_PROGRAMS += tests/snmp_test_decode
tests_snmp_test_decode_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_snmp_test_decode_LDADD = $(SNMPDECODE_LIBS) $(TEST_LIBS)
TESTS += tests/snmp_test_decode

# The poller driven from the command line: used by the shell tests and bench/.
check_PROGRAMS += tests/snmp_poll_tool
tests_snmp_poll_tool_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_snmp_poll_tool_LDADD = $(SNMPPROBE_LIBS)

TESTS += tests/snmp_walks.sh tests/snmp_badinput.sh tests/snmp_simolt.sh tests/snmp_ctl.sh tests/snmp_v3.sh tests/snmp_trap.sh tests/snmp_agent_faults.sh tests/snmp_daemon_poll.sh
EXTRA_DIST += tests/snmp_daemon_poll.sh tests/snmp_agent_faults.sh tests/snmp_badagent.py tests/snmp_trap.sh tests/snmp_v3.sh tests/snmp_ctl.sh tests/snmp_walks.sh tests/snmp_badinput.sh tests/snmp_simolt.sh tests/simolt.py tests/simolt_serve.sh tests/snmp_sim.sh

check_PROGRAMS += tests/snmp_test_engine
tests_snmp_test_engine_SOURCES = tests/snmp_test_engine.c probes/snmp/snmp_engine.c \
	probes/snmp/snmp_engine.h
tests_snmp_test_engine_CFLAGS = $(TEST_CFLAGS)
tests_snmp_test_engine_LDADD = $(TEST_LIBS)
TESTS += tests/snmp_test_engine

check_PROGRAMS += tests/snmp_trap_tool
tests_snmp_trap_tool_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_snmp_trap_tool_LDADD = $(SNMPPROBE_LIBS)

check_PROGRAMS += tests/snmp_test_poll
tests_snmp_test_poll_CFLAGS = $(TEST_CFLAGS) $(LIBCONFIG_CFLAGS)
tests_snmp_test_poll_LDADD = $(SNMPPROBE_LIBS) $(TEST_LIBS)
TESTS += tests/snmp_test_poll
