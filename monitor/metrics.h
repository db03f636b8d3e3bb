/* metrics: a writer of the Prometheus text exposition format 0.0.4: samples are added to
 * families in any order and come out grouped, one HELP and TYPE per family, values escaped. */
#ifndef OW_METRICS_H
#define OW_METRICS_H

#include <stddef.h>

enum metrics_type { METRICS_COUNTER, METRICS_GAUGE };

struct metrics;
struct metrics_family;

/* A new, empty exposition (free with metrics_free). */
struct metrics *metrics_new(void);
/* Free the exposition and its families; NULL is fine. */
void metrics_free(struct metrics *m);
/* The family `name` (a counter's name ends in _total), created at its first call; families
 * come out in the order of their first call. NULL when the name is not a valid metric name
 * or names an existing family of another type. Owned by m. */
struct metrics_family *metrics_family(struct metrics *m, const char *name, enum metrics_type type,
                                      const char *help);
/* Add one sample to f: value, then label name/value pairs ending with NULL (a NULL value is
 * written as ""). 0, or -1 (nothing added) when f is NULL or a label name is invalid or
 * reserved. */
int metrics_add(struct metrics_family *f, double value, ...) __attribute__((sentinel));
/* The exposition text (new string; *len may be NULL): families without samples are left
 * out. */
char *metrics_text(const struct metrics *m, size_t *len);
/* Write v as Prometheus reads it ("NaN", "+Inf", integers without exponent up to 2^53,
 * else the shortest text that reads back the same double) into buf (at least 32 bytes). */
void metrics_format_value(double v, char *buf, size_t len);

#endif
