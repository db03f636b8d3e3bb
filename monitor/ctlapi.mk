# monitor/ctlapi.mk: ontwatchctl against a running daemon over the HTTP API (docs/api.md).

# Pure text helpers (durations, times, tables, the terminal chart): unit-tested alone.
noinst_LIBRARIES += monitor/libctlfmt.a
monitor_libctlfmt_a_SOURCES = monitor/ctl_fmt.c monitor/ctl_fmt.h
monitor_libctlfmt_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
CTLFMT_LIBS = monitor/libctlfmt.a lib/libow.a $(JANSSON_LIBS)

# The synchronous API client (libcurl; libconfig for the daemon's own configuration).
noinst_LIBRARIES += monitor/libctlhttp.a
monitor_libctlhttp_a_SOURCES = monitor/ctl_http.c monitor/ctl_http.h
monitor_libctlhttp_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(CURL_CFLAGS) $(LIBCONFIG_CFLAGS)
CTLHTTP_LIBS = monitor/libctlhttp.a lib/libow.a $(JANSSON_LIBS) $(CURL_LIBS) $(LIBCONFIG_LIBS)

monitor_ontwatchctl_SOURCES += monitor/ctl_live.c monitor/ctl_silence.c monitor/ctl_whatif.c
monitor_ontwatchctl_CFLAGS += $(CURL_CFLAGS) $(LIBCONFIG_CFLAGS)
monitor_ontwatchctl_LDADD += monitor/libctlhttp.a monitor/libctlfmt.a $(CTLHTTP_LIBS) \
	$(CTLFMT_LIBS) $(LIBS)
