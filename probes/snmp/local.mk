# probes/snmp: vendor profiles and decoding (pure, no net-snmp), and the
# asynchronous poller and trap listener on net-snmp.
noinst_LIBRARIES += probes/snmp/libsnmpdecode.a probes/snmp/libsnmpprobe.a
probes_snmp_libsnmpdecode_a_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)
probes_snmp_libsnmpdecode_a_SOURCES = \
	probes/snmp/snmp_profile.c probes/snmp/snmp_profile.h \
	probes/snmp/snmp_decode.c probes/snmp/snmp_decode.h
SNMPDECODE_LIBS = probes/snmp/libsnmpdecode.a lib/libow.a $(LIBCONFIG_LIBS) -lm

vendorsdir = $(pkgdatadir)/vendors
dist_vendors_DATA = conf/vendors/huawei.conf conf/vendors/zte.conf \
	conf/vendors/vsol.conf conf/vendors/fiberhome.conf conf/vendors/ufiber.conf

probes_snmp_libsnmpprobe_a_CFLAGS = $(AM_CFLAGS) $(NETSNMP_CFLAGS)
probes_snmp_libsnmpprobe_a_SOURCES = \
	probes/snmp/snmp_session.c probes/snmp/snmp_session.h \
	probes/snmp/snmp_rows.c probes/snmp/snmp_rows.h \
	probes/snmp/snmp_poll.c probes/snmp/snmp_poll.h
SNMPPROBE_LIBS = probes/snmp/libsnmpprobe.a $(SNMPDECODE_LIBS) $(NETSNMP_LIBS)
