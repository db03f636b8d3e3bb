/* webhook: HTTP POST of events with Standard Webhooks headers (webhook-id, webhook-timestamp,
 * webhook-signature = HMAC-SHA256 over "id.timestamp.body"), on libcurl multi in the loop. */
#ifndef OW_WEBHOOK_H
#define OW_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/loop.h"

#define WEBHOOK_RESPONSE_MAX 4096 /* bytes of a response body kept for the dead letters */

struct webhook;

/* The outcome of one POST. status is the HTTP status (0 when none was received); error
 * is curl's text for a transport failure (NULL on an HTTP answer); body is the start of
 * the response body (NUL-terminated, at most WEBHOOK_RESPONSE_MAX bytes). */
struct webhook_result {
	long status;
	const char *error;
	const char *body;
	double retry_after; /* seconds the receiver asked us to wait (Retry-After), 0 if none */
};
typedef void (*webhook_done_fn)(void *arg, const struct webhook_result *r);

/* A client attached to the loop (one per daemon; requests of every output share it). */
struct webhook *webhook_new(struct loop *loop);
/* Abort what is in flight (no callbacks) and free; NULL is fine. */
void webhook_free(struct webhook *w);
/* POST body to url, signed with secret (NULL: no signature header) at Unix time `now`;
 * done is called exactly once from the loop. The body is copied. 0, or -1 (logged). */
int webhook_post(struct webhook *w, const char *url, const char *secret, const char *msg_id,
                 int64_t now, const char *body, double timeout, webhook_done_fn done, void *arg);
/* The webhook-signature value "v1,BASE64" for msg_id, timestamp and body into buf
 * (at least 64 bytes). A secret "whsec_BASE64" is decoded; any other text is the key. */
int webhook_sign(const char *secret, const char *msg_id, int64_t timestamp, const char *body,
                 char *buf, size_t len);
/* Requests in flight. */
size_t webhook_in_flight(const struct webhook *w);

#endif
