# monitor/whatif.mk: threshold what-if over stored history (the engine) and its API jobs.

# The pure part: stored readings of a selection through two fleets (candidate and in force).
noinst_LIBRARIES += monitor/libwhatif.a
monitor_libwhatif_a_SOURCES = monitor/whatif.c monitor/whatif.h
monitor_libwhatif_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(LIBCONFIG_CFLAGS)
WHATIF_LIBS = monitor/libwhatif.a $(STORE_LIBS) $(ENGINE_LIBS) $(CONF_LIBS) $(JANSSON_LIBS)

# The API's what-if jobs (forked children running the engine) live with the other handlers.
monitor_libapi_a_SOURCES += monitor/api_whatif.c
monitor_ontwatchd_LDADD += $(WHATIF_LIBS) $(LIBS)

# Benchmark (bench/README.md, "What-if"); built with `make`, never run by `make check`.
noinst_PROGRAMS += bench/bench_whatif
bench_bench_whatif_SOURCES = bench/bench_whatif.c
bench_bench_whatif_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(LIBCONFIG_CFLAGS)
bench_bench_whatif_LDADD = $(WHATIF_LIBS) lib/libow.a $(LIBS)
