# monitor/silence.mk: silences (maintenance windows holding back new orders).
# The pure matcher and validator; the engine holds and releases orders with it.
noinst_LIBRARIES += monitor/libsilence.a
monitor_libsilence_a_SOURCES = monitor/silence.c monitor/silence.h
ENGINE_DAEMON_LIBS += monitor/libsilence.a
# /api/v1/silences (the HTTP server and its other routes are in monitor/dispatch.mk).
monitor_libapi_a_SOURCES += monitor/api_silence.c
