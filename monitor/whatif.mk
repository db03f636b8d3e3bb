# monitor/whatif.mk: threshold what-if over stored history (the engine) and its API jobs.

# The pure part: stored readings of a selection through two fleets (candidate and in force).
noinst_LIBRARIES += monitor/libwhatif.a
monitor_libwhatif_a_SOURCES = monitor/whatif.c monitor/whatif.h
monitor_libwhatif_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(LIBCONFIG_CFLAGS)
WHATIF_LIBS = monitor/libwhatif.a $(STORE_LIBS) $(ENGINE_LIBS) $(CONF_LIBS) $(JANSSON_LIBS)
