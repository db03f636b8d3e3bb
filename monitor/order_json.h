/* order_json: renders order events as ontwatch.order/1 JSON (one compact object per line)
 * and reads an order back from its JSON document (for restarts). */
#ifndef OW_ORDER_JSON_H
#define OW_ORDER_JSON_H

#include <stdint.h>

#include "monitor/order.h"

#define ORDER_JSON_SCHEMA "ontwatch.order/1"

/* The event as one line of JSON without the newline; caller frees. */
char *order_json_event(const struct order_event *ev);
/* The order alone as a JSON document (the "order" member of an event); caller frees. */
char *order_json_order(const struct order *o);
/* The same two with another order `state` (a dispatch state such as "acknowledged" kept
 * from the store); NULL: the lifecycle's "open" or "resolved". */
char *order_json_event_in(const struct order_event *ev, const char *state);
char *order_json_order_in(const struct order *o, const char *state);
/* Parse an order document made by order_json_order into *o (o->onts allocated, caller
 * frees). Returns 0, or -1 for a document that is not a valid order. */
int order_json_parse(const char *doc, struct order *o);
/* Format Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (buf of 21 bytes or more). */
void order_json_time(int64_t t, char *buf, size_t len);
/* The same as a JSON string, or JSON null for DETECT_NONE (new reference). */
struct json_t *order_json_time_value(int64_t t);
/* Parse a time as the contract writes it, "YYYY-MM-DDTHH:MM:SSZ" and nothing after it;
 * 0 and *out, or -1 with *out untouched. */
int order_json_parse_time(const char *s, int64_t *out);

#endif
