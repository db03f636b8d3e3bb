# monitor/: the daemon core (configuration, store, detection, correlation, orders, outputs).
sbin_PROGRAMS += monitor/ontwatchd
monitor_ontwatchd_SOURCES = monitor/ontwatchd.c
monitor_ontwatchd_LDADD = lib/libow.a
