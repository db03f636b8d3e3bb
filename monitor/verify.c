/* verify: a three-state machine. Recovery must be continuous for the hold time: a bad
 * reading after the grace period reopens at once, one inside it restarts the hold. */
#include "config.h"

#include <stddef.h>

#include "monitor/verify.h"

static const struct {
	enum verify_state s;
	const char *name;
} names[] = {
	{ VERIFY_WATCHING, "watching" },
	{ VERIFY_VERIFIED, "verified" },
	{ VERIFY_REOPENED, "reopened" },
};

const char *verify_state_name(enum verify_state s)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].s == s)
			return names[i].name;
	return "watching";
}

void verify_start(struct verify *v, int64_t completed_at)
{
	*v = (struct verify){ .state = VERIFY_WATCHING,
		              .completed_at = completed_at,
		              .recovered_since = VERIFY_NONE,
		              .decided_at = VERIFY_NONE };
}

enum verify_state verify_feed(struct verify *v, const struct verify_params *p,
                              const struct verify_obs *o)
{
	bool in_grace;

	if (v->state != VERIFY_WATCHING || !o->valid || o->time < v->completed_at)
		return v->state;
	in_grace = (double)(o->time - v->completed_at) < p->grace_s;
	if (!o->recovered) {
		v->recovered_since = VERIFY_NONE;
		if (!in_grace) {
			v->state = VERIFY_REOPENED;
			v->decided_at = o->time;
			v->evidence = *o;
		}
		return v->state;
	}
	if (v->recovered_since == VERIFY_NONE)
		v->recovered_since = o->time;
	if ((double)(o->time - v->recovered_since) >= p->hold_s) {
		v->state = VERIFY_VERIFIED;
		v->decided_at = o->time;
	}
	return v->state;
}
