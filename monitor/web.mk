# The web dashboard: static files (no build step) installed where http.dashboard points by
# default, and the daemon's handler that serves them.
webdir = $(pkgdatadir)/web
web_DATA = monitor/web/index.html monitor/web/app.js monitor/web/app.css
EXTRA_DIST += $(web_DATA)
monitor_libapi_a_SOURCES += monitor/api_web.c
