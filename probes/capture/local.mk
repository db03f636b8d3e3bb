# probes/capture: passive capture probe. Small libraries per module group so that tests link
# only what they test: the pure decoder, the analysis core (tracker, mapper, hashing, pcap).
noinst_LIBRARIES += probes/capture/libcapdecode.a probes/capture/libcapture.a
probes_capture_libcapdecode_a_SOURCES = probes/capture/decode.c probes/capture/decode.h

probes_capture_libcapture_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(JANSSON_CFLAGS) $(NETTLE_CFLAGS)
probes_capture_libcapture_a_SOURCES = \
	probes/capture/tracker.c probes/capture/tracker.h \
	probes/capture/ontmap.c probes/capture/ontmap.h \
	probes/capture/subhash.c probes/capture/subhash.h \
	probes/capture/pcapsrc.c probes/capture/pcapsrc.h \
	probes/capture/analyse.c probes/capture/analyse.h

# Everything `capture analyse` needs, in link order.
CAPTURE_LIBS = probes/capture/libcapture.a probes/capture/libcapdecode.a lib/libow.a \
	$(PCAP_LIBS) $(JANSSON_LIBS) $(NETTLE_LIBS)

# `ontwatchctl capture analyse`: the glue lives in monitor/ctl_capture.c.
monitor_ontwatchctl_SOURCES += monitor/ctl_capture.c
monitor_ontwatchctl_LDADD += $(CAPTURE_LIBS)

# The configuration's capture section (monitor/conf_capture.c) validates templates with the
# mapper, so every user of the configuration links it.
noinst_LIBRARIES += monitor/libconfcapture.a
monitor_libconfcapture_a_SOURCES = monitor/conf_capture.c monitor/conf_capture.h
monitor_libconfcapture_a_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)
CONF_LIBS += monitor/libconfcapture.a probes/capture/libcapture.a

# Live capture in the daemon: the glue lives in monitor/capture_daemon.c.
monitor_ontwatchd_SOURCES += monitor/capture_daemon.c monitor/capture_daemon.h
monitor_ontwatchd_LDADD += $(CAPTURE_LIBS)
monitor_ontwatchctl_CFLAGS += $(JANSSON_CFLAGS)

dist_doc_DATA += docs/capture.md

# Evidence for orders, findings and visit hints: a pure summary over the store's buckets.
noinst_LIBRARIES += monitor/libcapevidence.a
monitor_libcapevidence_a_SOURCES = monitor/capture_evidence.c monitor/capture_evidence.h \
	monitor/sessions.c monitor/sessions.h
monitor_libcapevidence_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
# Order events carry the sessions' evidence (dispatch) ...
DISPATCH_LIBS += monitor/libcapevidence.a $(STORE_LIBS) $(JANSSON_LIBS) -lm
# ... and the daemon's engine checks sessions for a finding of their own once per bucket.
monitor_libengine_a_SOURCES += monitor/session_watch.c monitor/session_watch.h
monitor_ontwatchctl_LDADD += monitor/libcapevidence.a $(STORE_LIBS)
