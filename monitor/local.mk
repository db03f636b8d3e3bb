# monitor/: the daemon core (configuration, store, detection, correlation, orders, outputs).
sbin_PROGRAMS += monitor/ontwatchd
monitor_ontwatchd_SOURCES = monitor/ontwatchd.c
monitor_ontwatchd_LDADD = lib/libow.a

# The detector's tunables: pure data shared by configuration and detection.
noinst_LIBRARIES += monitor/libthreshold.a
monitor_libthreshold_a_SOURCES = monitor/threshold.c monitor/threshold.h
