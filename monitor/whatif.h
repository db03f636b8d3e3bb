/* whatif: replays the stored readings of a selection of ONTs through the fleet pipeline twice,
 * with a candidate threshold profile and with the profiles in force, and compares the orders. */
#ifndef OW_WHATIF_H
#define OW_WHATIF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"
#include "monitor/conf.h"
#include "monitor/detect.h"
#include "monitor/order.h"
#include "monitor/store.h"
#include "monitor/threshold.h"

#define WHATIF_MAX_READINGS  20000000 /* default cap: about 1.3 GB of readings in memory */
#define WHATIF_SERIALS_MAX   10000    /* serials in one request */
#define WHATIF_SETTINGS_MAX  64       /* threshold settings in one candidate profile */
#define WHATIF_LIST_MAX      1000     /* orders listed per side (counts stay exact) */
#define WHATIF_RANGE_DEFAULT (7 * 86400)
#define WHATIF_ERR_MAX       256

/* Return codes besides 0. */
#define WHATIF_INVALID   (-1) /* a bad request */
#define WHATIF_NOT_FOUND (-2) /* an OLT, port or serial the store does not know */
#define WHATIF_TOO_BIG   (-3) /* more readings than max_readings */
#define WHATIF_STORE     (-4) /* the store failed (logged there) */

/* A candidate profile: a base (or each ONT's own) with some settings changed. */
struct whatif_setting {
	const struct conf_opt *opt; /* the `thresholds` option row (monitor/conf.c) */
	double value;
};
struct whatif_profile {
	char base[THRESHOLD_NAME_MAX]; /* "": each ONT's current profile */
	struct whatif_setting set[WHATIF_SETTINGS_MAX];
	size_t nset;
};

struct whatif_request {
	char olt[ONT_OLT_MAX];           /* "": any */
	char port[ONT_PORT_MAX];         /* "": any (needs olt) */
	char (*serials)[ONT_SERIAL_MAX]; /* owned; NULL when none */
	size_t nserials;
	int64_t from, to; /* [from, to), Unix seconds */
	struct whatif_profile profile;
	size_t max_readings; /* WHATIF_MAX_READINGS unless changed by the caller */
};

/* One order as the replay made it. */
struct whatif_order {
	char key[ORDER_KEY_MAX];
	enum order_scope scope;
	enum detect_cause cause;
	enum detect_severity severity; /* the highest it reached */
	int64_t opened_at;
	int64_t resolved_at;             /* DETECT_NONE when still open at the end of the range */
	int64_t predicted;               /* predicted impact when opened, DETECT_NONE when none */
	char (*serials)[ONT_SERIAL_MAX]; /* owned: every ONT the order named */
	size_t nserials;
};

/* What one side (candidate or current) ordered. */
struct whatif_side {
	size_t orders; /* orders opened */
	size_t by_cause[DETECT_CAUSE_SESSION_INSTABILITY + 1];
	size_t by_severity[DETECT_SEV_CRITICAL + 1]; /* highest severity reached */
	size_t onts_ordered;                         /* distinct ONTs named by orders */
	struct whatif_order *list;                   /* owned, the first WHATIF_LIST_MAX */
	size_t nlist;
};

struct whatif_result {
	int64_t from, to;
	size_t onts;     /* ONTs selected */
	size_t readings; /* readings replayed */
	struct whatif_side candidate, current;
};

/* Read a request body (a JSON object; members olt, port, serials, from, to, profile) against
 * the configuration; `now` gives the default range (the last 7 days). 0, or WHATIF_INVALID
 * with the reason in err. *req is filled only on success (free with whatif_request_free). */
int whatif_request_parse(const json_t *body, const struct conf *conf, int64_t now,
                         struct whatif_request *req, char err[WHATIF_ERR_MAX]);
/* Free what a request owns (the struct itself stays). */
void whatif_request_free(struct whatif_request *req);
/* Check the selection against the store's inventory: 0, WHATIF_NOT_FOUND (err names the
 * OLT, port or serial) or WHATIF_STORE. */
int whatif_check(struct store *st, const struct whatif_request *req, char err[WHATIF_ERR_MAX]);
/* Run both replays over the store (read only). 0 and a new result in *out, or a WHATIF_ code
 * with the reason in err. */
int whatif_run(struct store *st, const struct conf *conf, const struct whatif_request *req,
               struct whatif_result **out, char err[WHATIF_ERR_MAX]);
/* Free a result; NULL is fine. */
void whatif_result_free(struct whatif_result *r);
/* The result as the API answers it (docs/api.md, What-if); new reference. */
json_t *whatif_result_json(const struct whatif_result *r);

#endif
