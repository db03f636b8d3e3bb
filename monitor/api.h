/* api: the daemon's /api/v1 on the HTTP server; one route table (the operator interface
 * adds its routes here). Now: POST /api/v1/orders/{id}/status from work-order systems. */
#ifndef OW_API_H
#define OW_API_H

#include "lib/loop.h"
#include "monitor/conf.h"
#include "monitor/store.h"

struct api;

/* Called after a request added an event to an order (to deliver it at once). */
typedef void (*api_changed_fn)(void *arg, const char *order_id);

/* Start serving when conf->dispatch.http_enabled (else *out = NULL). Borrows the loop and
 * store until api_stop. 0, or -1 (logged). */
int api_start(struct loop *loop, const struct conf *conf, struct store *st, api_changed_fn changed,
              void *arg, struct api **out);
/* Stop; NULL is fine. */
void api_stop(struct api *api);

#endif
