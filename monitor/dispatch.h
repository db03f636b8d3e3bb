/* dispatch: makes an order dispatchable: adds tier, region, location, priority with its
 * reason, and the visit hints to an ontwatch.order/1 event, from the customers in the store. */
#ifndef OW_DISPATCH_H
#define OW_DISPATCH_H

#include <stdint.h>

#include "monitor/conf.h"
#include "monitor/store.h"

/* Enrich one event at `now` (the clock of the readings). On success 0 and a new compact
 * JSON string in *out (caller frees); -1 with a static reason in *why when the event is not
 * an ontwatch.order/1 event or a customer's stored windows do not parse; *out untouched. */
int dispatch_enrich(const struct conf *conf, struct store *st, const char *event_json, int64_t now,
                    char **out, const char **why);

#endif
