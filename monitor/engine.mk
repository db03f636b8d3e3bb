# monitor/engine.mk: detection, correlation, work orders and replay (the engine area).
# The pure core is split so each test links only what it tests:
# detect (per-ONT rules) < order (lifecycle, JSON) < fleet (correlation, the pipeline).
noinst_LIBRARIES += monitor/libdetect.a monitor/liborder.a monitor/libfleet.a
monitor_libdetect_a_SOURCES = monitor/detect.c monitor/detect.h monitor/detect_snapshot.c \
	monitor/detect_snapshot.h
monitor_liborder_a_SOURCES = monitor/order.c monitor/order.h \
	monitor/order_json.c monitor/order_json.h
monitor_liborder_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
monitor_libfleet_a_SOURCES = monitor/correlate.c monitor/correlate.h \
	monitor/fleet.c monitor/fleet.h monitor/ont_state.c monitor/ont_state.h
# The configuration's OLTs and threshold overrides, handed to the fleet (daemon and replay).
noinst_LIBRARIES += monitor/libfleetconf.a
monitor_libfleetconf_a_SOURCES = monitor/fleet_conf.c monitor/fleet_conf.h
ENGINE_LIBS = monitor/libfleetconf.a monitor/libfleet.a monitor/liborder.a monitor/libdetect.a \
	monitor/libthreshold.a lib/libow.a $(JANSSON_LIBS)

# Replay: recorded readings through the same pipeline (files in, order events out).
noinst_LIBRARIES += monitor/libreplay.a
monitor_libreplay_a_SOURCES = monitor/readings_csv.c monitor/readings_csv.h \
	monitor/customers_csv.c monitor/customers_csv.h monitor/csv.c monitor/csv.h \
	monitor/replay.c monitor/replay.h
monitor_ontwatchctl_SOURCES += monitor/ctl_replay.c monitor/ctl_import.c
monitor_ontwatchctl_LDADD += monitor/libreplay.a $(ENGINE_LIBS) $(CONF_LIBS)

# The public order-event contract.
dist_doc_DATA += docs/orders.md

# The daemon's side: store and outputs around the fleet pipeline.
noinst_LIBRARIES += monitor/libengine.a
# Aftercare: verified or reopened after a completed visit (monitor/verify.h, closedloop.h).
monitor_libengine_a_SOURCES = monitor/engine.c monitor/engine.h \
	monitor/aftercare.c monitor/aftercare.h
monitor_libengine_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
ENGINE_DAEMON_LIBS = monitor/libengine.a monitor/libclosedloop.a monitor/liboutput.a \
	$(DISPATCH_LIBS) $(DELIVER_LIBS) $(CONF_LIBS) $(STORE_LIBS) $(ENGINE_LIBS)
monitor_ontwatchd_LDADD += $(ENGINE_DAEMON_LIBS)
