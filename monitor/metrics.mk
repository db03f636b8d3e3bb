# monitor/metrics.mk: GET /metrics, the Prometheus text exposition. Included after dispatch.mk
# (the API library is defined there).

# The exposition writer (no I/O): families, samples, escaping, number formats.
noinst_LIBRARIES += monitor/libmetrics.a
monitor_libmetrics_a_SOURCES = monitor/metrics.c monitor/metrics.h
METRICS_LIBS = monitor/libmetrics.a lib/libow.a -lm

monitor_ontwatchd_LDADD += $(METRICS_LIBS)

# The handler: gathers from the daemon's parts (api->deps).
monitor_libapi_a_SOURCES += monitor/api_metrics.c

# The scrape benchmark (not part of make check; bench/README.md "Metrics scrape").
EXTRA_DIST += bench/metrics_bench.sh
