/* api_int: what the /api/v1 handler files (api_*.c) share: the daemon parts they read, and
 * helpers to answer JSON, read query parameters and check request bodies. Not for callers. */
#ifndef OW_API_INT_H
#define OW_API_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "monitor/api.h"
#include "monitor/http.h"

struct api {
	struct loop *loop;
	struct api_deps *deps; /* borrowed from the daemon, kept current across reloads */
	struct http_server *http;
	struct whatif_jobs *whatif; /* what-if jobs (monitor/api_whatif.c); may be NULL */
	bool web_warned;            /* the dashboard's files are missing, and it was logged */
};

/* Answer `status` with the JSON value (reference stolen). */
void api_json(struct http_response *res, int status, json_t *j);
/* Answer `status` with {"error": msg}. */
void api_fail(struct http_response *res, int status, const char *msg);
/* A time as the contract writes it (json null when t is 0 or DETECT_NONE). */
json_t *api_time(int64_t t);
/* A level or other measure (json null when NAN), rounded to 2 decimals. */
json_t *api_real(double v);
/* Query parameter `name` as a time (ISO "YYYY-MM-DDTHH:MM:SSZ" or Unix seconds); absent:
 * *out = def. 0, or -1 after answering 400. */
int api_query_time(const struct http_request *req, struct http_response *res, const char *name,
                   int64_t def, int64_t *out);
/* Query parameter as an integer in [min, max]; absent: def. 0, or -1 after answering 400. */
int api_query_int(const struct http_request *req, struct http_response *res, const char *name,
                  long def, long min, long max, long *out);
/* Parse the body as one JSON object whose members are all in `allowed` (NULL-terminated).
 * The object (new reference), or NULL after answering 400. */
json_t *api_body_object(const struct http_request *req, struct http_response *res,
                        const char *const *allowed);
/* The wall clock of the loop (Unix seconds). */
int64_t api_now(const struct api *api);

/* Seconds without a reading after which an ONT of `olt` counts as offline. */
int64_t api_ont_stale(const struct conf *conf, const char *olt);

/* Handlers, one file per area. */
void api_status(void *ctx, const struct http_request *req, struct http_response *res);
void api_reload(void *ctx, const struct http_request *req, struct http_response *res);
void api_olts(void *ctx, const struct http_request *req, struct http_response *res);
void api_onts(void *ctx, const struct http_request *req, struct http_response *res);
void api_ont(void *ctx, const struct http_request *req, struct http_response *res);
void api_ont_history(void *ctx, const struct http_request *req, struct http_response *res);
void api_orders(void *ctx, const struct http_request *req, struct http_response *res);
void api_order(void *ctx, const struct http_request *req, struct http_response *res);
void api_order_status(void *ctx, const struct http_request *req, struct http_response *res);

/* Silences (api_silence.c). */
void api_silences(void *ctx, const struct http_request *req, struct http_response *res);
void api_silence_add(void *ctx, const struct http_request *req, struct http_response *res);
void api_silence_end(void *ctx, const struct http_request *req, struct http_response *res);

/* The dashboard's static files (monitor/api_web.c). */
void api_web(void *ctx, const struct http_request *req, struct http_response *res);
/* What-if jobs (monitor/api_whatif.c): POST /api/v1/whatif, GET /api/v1/whatif/{job}. */
void api_whatif_start(void *ctx, const struct http_request *req, struct http_response *res);
void api_whatif_get(void *ctx, const struct http_request *req, struct http_response *res);
/* Kill and reap the running what-if processes and forget every job (api_stop). */
void api_whatif_free(struct api *api);

/* GET /metrics (monitor/api_metrics.c). */
void api_metrics(void *ctx, const struct http_request *req, struct http_response *res);

#endif
