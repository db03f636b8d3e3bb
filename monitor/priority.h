/* priority: how urgently an order should be worked, from severity, the customers' tier,
 * how many customers it touches and the time left before impact; explained in words. */
#ifndef OW_PRIORITY_H
#define OW_PRIORITY_H

#include <stdbool.h>
#include <stdint.h>

#include "monitor/conf_dispatch.h"

#define PRIORITY_NONE       INT64_MIN
#define PRIORITY_REASON_MAX 768

struct priority_input {
	const char *severity;         /* "critical", "major", "minor" */
	const struct conf_tier *tier; /* the highest tier among the affected customers */
	int customers;                /* customers (ONTs) affected, at least 1 */
	int64_t predicted;            /* predicted impact, PRIORITY_NONE when none */
	bool reactive;                /* already affecting the customer */
	int64_t now;
	const char *felt; /* passive capture shows the customer feels it: the evidence sentence
	                   * (e.g. "9 PPPoE re-dials in the last 24 h"); NULL otherwise */
};

struct priority {
	int level;    /* 1 (most urgent) .. 4 */
	double score; /* the weighted points behind the level */
	char reason[PRIORITY_REASON_MAX];
};

/* Compute the priority; pure. */
void priority_compute(const struct conf_dispatch *d, const struct priority_input *in,
                      struct priority *out);

#endif
