/* verify: after a visit is reported completed, decide from the readings that follow whether
 * the repair held (verified) or not (reopened, with the reading as evidence). Pure. */
#ifndef OW_VERIFY_H
#define OW_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#define VERIFY_NONE INT64_MIN

enum verify_state { VERIFY_WATCHING = 0, VERIFY_VERIFIED, VERIFY_REOPENED };

struct verify_params {
	double hold_s;  /* levels must stay recovered this long (dispatch.verify_hold_hours) */
	double grace_s; /* after completion, bad readings are ignored this long (the crew may
	                   still be on site, the ONT rebooting) */
};

/* One observation of the order's ONTs, as the detector judges them at `time`. */
struct verify_obs {
	int64_t time;
	bool valid;     /* false: no usable reading (missing poll, ONT off): ignored */
	bool recovered; /* every affected ONT is back inside its thresholds */
	double rx_dbm;  /* the worst level seen, for the evidence */
};

struct verify {
	enum verify_state state;
	int64_t completed_at;
	int64_t recovered_since;    /* VERIFY_NONE while not recovered */
	int64_t decided_at;         /* when verified or reopened */
	struct verify_obs evidence; /* the reading that reopened the order */
};

/* Start watching an order completed at completed_at. */
void verify_start(struct verify *v, int64_t completed_at);
/* Feed one observation (in time order); returns the state after it. Verified and reopened
 * are final. */
enum verify_state verify_feed(struct verify *v, const struct verify_params *p,
                              const struct verify_obs *o);
/* "watching", "verified", "reopened". */
const char *verify_state_name(enum verify_state s);

#endif
