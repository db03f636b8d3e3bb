/* silence: matching orders against maintenance windows and checking new windows. A silence
 * is about places (an OLT, a port, a splitter, one customer's ONT): a broader problem than
 * the place it names is never hidden by it. */
#include "config.h"

#include <string.h>

#include "monitor/silence.h"

static bool given(const char *m)
{
	return m != NULL && m[0] != '\0';
}

static bool ont_order_of(const struct order *o, const char *serial)
{
	if (o->scope != ORDER_SCOPE_ONT)
		return false;
	for (size_t i = 0; i < o->n_onts; i++)
		if (strcmp(o->onts[i].serial, serial) == 0)
			return true;
	return false;
}

bool silence_matches(const struct silence *s, const struct order *o)
{
	bool any = false;

	if (given(s->olt)) {
		if (strcmp(s->olt, o->olt) != 0)
			return false;
		any = true;
	}
	if (given(s->port)) {
		/* a port name means nothing without its OLT */
		if (!given(s->olt) || strcmp(s->port, o->port) != 0)
			return false;
		any = true;
	}
	if (given(s->splitter)) {
		/* a PON order has no splitter: it is wider than any one splitter */
		if (strcmp(s->splitter, o->splitter) != 0)
			return false;
		any = true;
	}
	if (given(s->serial)) {
		if (!ont_order_of(o, s->serial))
			return false;
		any = true;
	}
	return any; /* a silence without matchers matches nothing */
}

enum silence_state silence_state_at(const struct silence *s, int64_t now)
{
	if (now >= s->ends)
		return SILENCE_EXPIRED;
	return now < s->starts ? SILENCE_PENDING : SILENCE_ACTIVE;
}

static const struct {
	enum silence_state state;
	const char *name;
} state_names[] = {
	{ SILENCE_PENDING, "pending" },
	{ SILENCE_ACTIVE, "active" },
	{ SILENCE_EXPIRED, "expired" },
};

const char *silence_state_name(enum silence_state st)
{
	for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
		if (state_names[i].state == st)
			return state_names[i].name;
	return "unknown";
}

/* Text within `max` bytes without control characters (it is logged and shown). */
static bool text_ok(const char *t, size_t max)
{
	size_t n = strlen(t);

	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			return false;
	return true;
}

int silence_validate(const struct silence *s, int64_t now, const char **why)
{
	if (!given(s->olt) && !given(s->port) && !given(s->splitter) && !given(s->serial)) {
		*why = "at least one of olt, port, splitter, serial is required";
		return -1;
	}
	if (given(s->port) && !given(s->olt)) {
		*why = "port needs olt";
		return -1;
	}
	if ((given(s->olt) && !text_ok(s->olt, ONT_OLT_MAX - 1)) ||
	    (given(s->port) && !text_ok(s->port, ONT_PORT_MAX - 1)) ||
	    (given(s->splitter) && !text_ok(s->splitter, ORDER_NAME_MAX - 1)) ||
	    (given(s->serial) && !text_ok(s->serial, ONT_SERIAL_MAX - 1))) {
		*why = "a matcher is too long or holds control characters";
		return -1;
	}
	if (s->ends <= s->starts) {
		*why = "ends_at must be after starts_at";
		return -1;
	}
	if (s->ends <= now) {
		*why = "ends_at is in the past";
		return -1;
	}
	if (s->ends - now > SILENCE_MAX_SECONDS) {
		*why = "a silence ends within 90 days";
		return -1;
	}
	if (!given(s->reason) || !text_ok(s->reason, SILENCE_REASON_MAX)) {
		*why = "reason is required (at most 500 bytes, no control characters)";
		return -1;
	}
	if (!given(s->author) || !text_ok(s->author, SILENCE_AUTHOR_MAX)) {
		*why = "author must be 1 to 100 bytes without control characters";
		return -1;
	}
	return 0;
}

static const struct {
	char unit;
	int64_t seconds;
} units[] = {
	{ 's', 1 },
	{ 'm', 60 },
	{ 'h', 3600 },
	{ 'd', 86400 },
};

int silence_parse_duration(const char *text, int64_t *secs)
{
	int64_t total = 0;
	const char *p = text;

	if (p == NULL || *p == '\0')
		return -1;
	while (*p != '\0') {
		int64_t n = 0, mult = 0;
		const char *digits = p;

		/* bounded by the cap: no overflow from a long digit string */
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (*p++ - '0');
			if (n > SILENCE_MAX_SECONDS)
				return -1;
		}
		if (p == digits)
			return -1;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (*p == units[i].unit)
				mult = units[i].seconds;
		if (mult == 0)
			return -1;
		p++;
		total += n * mult;
		if (total > SILENCE_MAX_SECONDS)
			return -1;
	}
	if (total == 0)
		return -1;
	*secs = total;
	return 0;
}
