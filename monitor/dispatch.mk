# monitor/dispatch.mk: dispatch and delivery (tiers, regions, visit hints, priority, outbox,
# webhook, exec, TMF621, HTTP status callback, customers import). Included after local.mk.

# The dispatch sections of the configuration live beside the rest of it.
monitor_libconf_a_SOURCES += monitor/conf_dispatch.c monitor/conf_dispatch.h \
	monitor/weekly.c monitor/weekly.h

# Pure planning: visit hints and priority (no I/O, clock given).
noinst_LIBRARIES += monitor/libplan.a
monitor_libplan_a_SOURCES = monitor/visit.c monitor/visit.h monitor/priority.c monitor/priority.h \
	monitor/verify.c monitor/verify.h
monitor_libplan_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
PLAN_LIBS = monitor/libplan.a $(CONF_LIBS) $(JANSSON_LIBS) -lm

# Enrichment of order events with tier, priority and visit hints (reads the store).
noinst_LIBRARIES += monitor/libdispatch.a
monitor_libdispatch_a_SOURCES = monitor/dispatch.c monitor/dispatch.h
monitor_libdispatch_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
# dispatch and the closed loop read and write order events (order_json)
ORDER_JSON_LIBS = monitor/liborder.a monitor/libdetect.a monitor/libthreshold.a lib/libow.a
DISPATCH_LIBS = monitor/libdispatch.a $(ORDER_JSON_LIBS) $(PLAN_LIBS) $(STORE_LIBS)

# Delivery: the outbox engine, webhook (libcurl multi in the loop), exec, TMF621 mapping.
noinst_LIBRARIES += monitor/libdeliver.a
monitor_libdeliver_a_SOURCES = monitor/outbox.c monitor/outbox.h monitor/webhook.c \
	monitor/webhook.h monitor/exec_output.c monitor/exec_output.h monitor/tmf621.c \
	monitor/tmf621.h
monitor_libdeliver_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(CURL_CFLAGS) $(NETTLE_CFLAGS)
DELIVER_LIBS = monitor/libdeliver.a $(STORE_LIBS) lib/libow.a $(JANSSON_LIBS) $(CURL_LIBS) \
	$(NETTLE_LIBS) -lm

monitor_ontwatchd_LDADD += $(DELIVER_LIBS) $(LIBS)
monitor_ontwatchctl_LDADD += $(DELIVER_LIBS) $(LIBS)

# Closed loop: status reports from work-order systems (API and ontwatchctl).
noinst_LIBRARIES += monitor/libclosedloop.a
monitor_libclosedloop_a_SOURCES = monitor/closedloop.c monitor/closedloop.h
monitor_libclosedloop_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)

monitor_ontwatchctl_SOURCES += monitor/ctl_order.c monitor/ctl_customers.c
monitor_ontwatchctl_CFLAGS += $(JANSSON_CFLAGS)
monitor_ontwatchctl_LDADD += monitor/libclosedloop.a monitor/libdispatch.a $(PLAN_LIBS) \
	$(DELIVER_LIBS) $(LIBS)

# The HTTP server (libmicrohttpd in the loop) and the /api/v1 routes.
noinst_LIBRARIES += monitor/libapi.a
monitor_libapi_a_SOURCES = monitor/http.c monitor/http.h monitor/api.c monitor/api.h \
	monitor/api_int.h monitor/api_status.c monitor/api_onts.c monitor/api_orders.c
monitor_libapi_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(MHD_CFLAGS) $(NETTLE_CFLAGS)
monitor_ontwatchd_LDADD += monitor/libapi.a $(ENGINE_DAEMON_LIBS) monitor/libclosedloop.a \
	$(DELIVER_LIBS) $(MHD_LIBS) $(NETTLE_LIBS) $(LIBS)

dist_doc_DATA += docs/dispatch.md
