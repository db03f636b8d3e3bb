/* output: where order events go as JSON lines (files, stdout); later webhook and exec.
 * A file output appends and is reopened on SIGHUP, so logrotate can move it away. */
#ifndef OW_OUTPUT_H
#define OW_OUTPUT_H

#include <stddef.h>

#include "monitor/conf.h"

struct output_set;

/* Open every configured output. A file that cannot be opened is an error (logged). */
int output_set_open(const struct conf *conf, struct output_set **out);
/* Close and free; NULL is fine. */
void output_set_close(struct output_set *set);
/* Reopen file outputs (after log rotation or a reload). Returns -1 if any failed. */
int output_set_reopen(struct output_set *set);
/* Write one event (a JSON object without newline) to every output, one line each.
 * Returns the number of outputs that failed (each logged, rate-limited). */
int output_set_emit(struct output_set *set, const char *json, size_t len);
/* Number of outputs. */
size_t output_set_count(const struct output_set *set);

#endif
