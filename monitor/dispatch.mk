# monitor/dispatch.mk: dispatch and delivery (tiers, regions, visit hints, priority, outbox,
# webhook, exec, TMF621, HTTP status callback, customers import). Included after local.mk.

# The dispatch sections of the configuration live beside the rest of it.
monitor_libconf_a_SOURCES += monitor/conf_dispatch.c monitor/conf_dispatch.h \
	monitor/weekly.c monitor/weekly.h

# Pure planning: visit hints and priority (no I/O, clock given).
noinst_LIBRARIES += monitor/libplan.a
monitor_libplan_a_SOURCES = monitor/visit.c monitor/visit.h monitor/priority.c monitor/priority.h
monitor_libplan_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
PLAN_LIBS = monitor/libplan.a $(CONF_LIBS) $(JANSSON_LIBS) -lm
