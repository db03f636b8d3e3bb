# monitor/: the daemon core (configuration, store, detection, correlation, orders, outputs).

# The detector's tunables: pure data shared by configuration and detection.
noinst_LIBRARIES += monitor/libthreshold.a
monitor_libthreshold_a_SOURCES = monitor/threshold.c monitor/threshold.h

# Configuration: libconfig file -> validated struct conf.
noinst_LIBRARIES += monitor/libconf.a
monitor_libconf_a_SOURCES = monitor/conf.c monitor/conf.h monitor/conf_opt.c monitor/conf_opt.h
monitor_libconf_a_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)
CONF_LIBS = monitor/libconf.a monitor/libthreshold.a $(LIBCONFIG_LIBS)

# The store (SQLite backend).
noinst_LIBRARIES += monitor/libstore.a
monitor_libstore_a_SOURCES = monitor/store.h monitor/store_sqlite.c monitor/store_cache.c \
	monitor/store_cache.h
monitor_libstore_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
STORE_LIBS = monitor/libstore.a $(SQLITE_LIBS)

# Outputs of order events (JSON lines).
noinst_LIBRARIES += monitor/liboutput.a
monitor_liboutput_a_SOURCES = monitor/output.c monitor/output.h

sbin_PROGRAMS += monitor/ontwatchd
monitor_ontwatchd_SOURCES = monitor/ontwatchd.c
monitor_ontwatchd_CFLAGS = $(AM_CFLAGS)
monitor_ontwatchd_LDADD = monitor/liboutput.a $(CONF_LIBS) $(STORE_LIBS) lib/libow.a $(LIBS)

bin_PROGRAMS += monitor/ontwatchctl
monitor_ontwatchctl_SOURCES = monitor/ontwatchctl.c monitor/ctl.h monitor/ctl_config.c
monitor_ontwatchctl_CFLAGS = $(AM_CFLAGS)
monitor_ontwatchctl_LDADD = $(CONF_LIBS) $(STORE_LIBS) lib/libow.a $(LIBS)
