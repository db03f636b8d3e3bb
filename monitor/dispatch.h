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
/* The entry point of the order lifecycle: enrich the event (on its clock `time`) and journal
 * it for the webhook and exec outputs; call it inside the transaction that stores the order
 * event, then emit *out (caller frees) to the file outputs. An event that cannot be enriched
 * is journalled as it is, with the reason in *not_enriched (NULL when enriched). 0; -1 when
 * the store failed (logged), -2 when the text is not an event object (as outbox_submit);
 * on failure nothing is journalled and *out is untouched. */
int dispatch_submit(const struct conf *conf, struct store *st, const char *order_id,
                    const char *event_json, int64_t time, char **out, const char **not_enriched);

#endif
