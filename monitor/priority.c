/* priority: points add up (severity + customers + urgency), the tier multiplies them, and
 * configured thresholds cut the score into P1..P4. The reason lists every term. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "monitor/priority.h"

/* Add "; TERM OPVALUE" to the reason (op "+" or "x"; NULL op: the term alone). */
static void append(char *buf, size_t len, const char *term, const char *op, double v)
{
	size_t used = strlen(buf);

	if (used + 1 >= len)
		return;
	if (op != NULL)
		snprintf(buf + used, len - used, "%s%s %s%g", used ? "; " : "", term, op, v);
	else
		snprintf(buf + used, len - used, "%s%s", used ? "; " : "", term);
}

void priority_compute(const struct conf_dispatch *d, const struct priority_input *in,
                      struct priority *out)
{
	struct priority p = { 0 };
	double sev = d->prio_minor, cust = 0, urg = 0, felt = 0,
	       weight = in->tier ? in->tier->weight : 1;
	char term[320];

	if (in->severity != NULL && strcmp(in->severity, "critical") == 0)
		sev = d->prio_critical;
	else if (in->severity != NULL && strcmp(in->severity, "major") == 0)
		sev = d->prio_major;
	snprintf(term, sizeof(term), "%s severity", in->severity ? in->severity : "minor");
	append(p.reason, sizeof(p.reason), term, "+", sev);

	if (in->customers > 1) {
		cust = fmin(d->prio_per_customer * (in->customers - 1), d->prio_customers_cap);
		snprintf(term, sizeof(term), "%d customers affected", in->customers);
		append(p.reason, sizeof(p.reason), term, "+", cust);
	}
	if (in->reactive) {
		urg = d->prio_reactive;
		append(p.reason, sizeof(p.reason), "customer already affected", "+", urg);
	} else if (in->predicted != PRIORITY_NONE) {
		double hours = (double)(in->predicted - in->now) / 3600;

		if (hours <= 24)
			urg = d->prio_impact_24h;
		else if (hours <= 72)
			urg = d->prio_impact_72h;
		else if (hours <= 168)
			urg = d->prio_impact_week;
		snprintf(term, sizeof(term), "impact predicted in %.0f h", hours);
		append(p.reason, sizeof(p.reason), term, "+", urg);
	}
	/* a reactive fault already counts the customer as affected; otherwise what the
	 * subscriber's own sessions show adds to whatever the optics predict */
	if (in->felt != NULL && !in->reactive) {
		felt = d->prio_session_trouble;
		snprintf(term, sizeof(term), "customer already feels it (%s)", in->felt);
		append(p.reason, sizeof(p.reason), term, "+", felt);
	}
	p.score = (sev + cust + urg + felt) * weight;
	if (in->tier != NULL) {
		snprintf(term, sizeof(term), "tier %s", in->tier->name);
		append(p.reason, sizeof(p.reason), term, "x", weight);
	}
	p.level = p.score >= d->prio_p1   ? 1
	          : p.score >= d->prio_p2 ? 2
	          : p.score >= d->prio_p3 ? 3
	                                  : 4;
	snprintf(term, sizeof(term), "score %g -> P%d", round(p.score * 10) / 10, p.level);
	append(p.reason, sizeof(p.reason), term, NULL, 0);
	*out = p;
}
