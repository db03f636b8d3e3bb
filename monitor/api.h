/* api: the daemon's HTTP interface: /api/v1 (docs/api.md), /metrics and the dashboard, on
 * the HTTP server with one route table; handlers live in api_*.c by area. */
#ifndef OW_API_H
#define OW_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"
#include "monitor/conf.h"
#include "monitor/store.h"

struct api;
struct engine;
struct poll_set;
struct outbox;
struct capture_daemon;

/* Called after a request added an event to an order (to deliver it at once). */
typedef void (*api_changed_fn)(void *arg, const char *order_id);

/* The outcome of the last reload (for GET /api/v1/status). */
struct api_reload_result {
	int64_t at; /* 0: none attempted */
	bool ok;
	char **errors; /* owned by the daemon */
	size_t nerrors;
};

/* The daemon parts the API reads. Owned by the daemon's top, which keeps every pointer
 * current across reloads; the API only borrows it. */
struct api_deps {
	const char *conf_path;
	const struct conf *conf;
	struct store *store;
	struct engine *engine;
	struct poll_set *polls;
	struct outbox *outbox;
	struct capture_daemon *capture; /* NULL without capture */
	int64_t started;
	bool reload_requested; /* set by POST /api/v1/reload; the daemon reloads between rounds */
	struct api_reload_result last_reload;
	api_changed_fn changed;
	void *arg;
};

/* Start serving when deps->conf->dispatch.http_enabled (else *out = NULL). Borrows the loop
 * and deps until api_stop. 0, or -1 (logged). */
int api_start(struct loop *loop, struct api_deps *deps, struct api **out);
/* Whether the HTTP server's own settings differ (a reload then restarts it). */
bool api_conf_changed(const struct conf *a, const struct conf *b);
/* Stop; NULL is fine. */
void api_stop(struct api *api);

#endif
