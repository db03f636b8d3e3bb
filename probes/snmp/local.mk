# probes/snmp: vendor profiles and decoding (pure, no net-snmp), and the
# asynchronous poller and trap listener on net-snmp.
noinst_LIBRARIES += probes/snmp/libsnmpdecode.a probes/snmp/libsnmpprobe.a
probes_snmp_libsnmpdecode_a_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)
probes_snmp_libsnmpdecode_a_SOURCES = \
	probes/snmp/snmp_profile.c probes/snmp/snmp_profile.h \
	probes/snmp/snmp_decode.c probes/snmp/snmp_decode.h
SNMPDECODE_LIBS = probes/snmp/libsnmpdecode.a lib/libow.a $(LIBCONFIG_LIBS) -lm

# The profiles themselves are installed by conf/local.mk (conf/vendors/*.conf).

probes_snmp_libsnmpprobe_a_CFLAGS = $(AM_CFLAGS) $(NETSNMP_CFLAGS)
probes_snmp_libsnmpprobe_a_SOURCES = \
	probes/snmp/snmp_session.c probes/snmp/snmp_session.h \
	probes/snmp/snmp_engine.c probes/snmp/snmp_engine.h \
	probes/snmp/snmp_rows.c probes/snmp/snmp_rows.h \
	probes/snmp/snmp_poll.c probes/snmp/snmp_poll.h \
	probes/snmp/snmp_trap.c probes/snmp/snmp_trap.h
SNMPPROBE_LIBS = probes/snmp/libsnmpprobe.a $(SNMPDECODE_LIBS) $(NETSNMP_LIBS)

# Daemon-side glue (monitor/poll.c maps configured OLTs to targets and results to the
# store) and `ontwatchctl probe`, added to the lead's programs from here.
monitor_ontwatchctl_SOURCES += monitor/ctl_probe.c monitor/poll.c monitor/poll.h
monitor_ontwatchctl_LDADD += $(SNMPPROBE_LIBS) $(JANSSON_LIBS)
monitor_ontwatchd_SOURCES += monitor/poll.c monitor/poll.h
monitor_ontwatchd_LDADD += $(SNMPPROBE_LIBS)
