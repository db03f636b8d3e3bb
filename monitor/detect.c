/* detect: per-ONT rules over a compact state. Raw values drive the absolute rules (their
 * consecutive hits absorb single spikes); a median of three drives the baseline and
 * trend, and bins of the trend window hold means of those medians. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "monitor/detect.h"

#define STEP_SHARE    0.6  /* a loss this concentrated in one bin step is a step, not a trend */
#define BASE_UP_DAYS  3.0  /* the baseline follows a better level this fast ... */
#define BASE_DN_DAYS  14.0 /* ... and a slightly worse one this slowly */
#define BASE_DN_BAND  0.5  /* dB: below the baseline by more than this it is frozen */
#define AGE_TX_BAND   0.5  /* dB and ... */
#define AGE_BIAS_BAND 0.1  /* ... fraction within which tx and bias baselines follow */

static const struct {
	enum detect_cause v;
	const char *name;
} cause_names[] = {
	{ DETECT_CAUSE_NONE, "none" },
	{ DETECT_CAUSE_FIBER_BEND, "fiber_bend" },
	{ DETECT_CAUSE_CONNECTOR, "connector" },
	{ DETECT_CAUSE_SHARED_SEGMENT, "shared_segment" },
	{ DETECT_CAUSE_ONT_OPTICS, "ont_optics" },
	{ DETECT_CAUSE_FIBER_BREAK, "fiber_break" },
	{ DETECT_CAUSE_UNSTABLE_LINK, "unstable_link" },
	{ DETECT_CAUSE_OVERLOAD, "overload" },
	{ DETECT_CAUSE_SESSION_INSTABILITY, "session_instability" },
};

static const struct {
	enum detect_severity v;
	const char *name;
} severity_names[] = {
	{ DETECT_SEV_NONE, "none" },
	{ DETECT_SEV_MINOR, "minor" },
	{ DETECT_SEV_MAJOR, "major" },
	{ DETECT_SEV_CRITICAL, "critical" },
};

static const struct {
	enum detect_rule v;
	const char *name;
} rule_names[] = {
	{ DETECT_RULE_RX_LOW, "rx_low" },         { DETECT_RULE_RX_HIGH, "rx_high" },
	{ DETECT_RULE_OLT_RX_LOW, "olt_rx_low" }, { DETECT_RULE_TX_LOW, "tx_low" },
	{ DETECT_RULE_BIAS_HIGH, "bias_high" },   { DETECT_RULE_TEMP_HIGH, "temp_high" },
	{ DETECT_RULE_DROP, "baseline_drop" },    { DETECT_RULE_TREND, "trend" },
	{ DETECT_RULE_AGEING, "optics_ageing" },  { DETECT_RULE_LOS, "los" },
	{ DETECT_RULE_UNSTABLE, "unstable" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *detect_cause_name(enum detect_cause c)
{
	for (size_t i = 0; i < NELEM(cause_names); i++)
		if (cause_names[i].v == c)
			return cause_names[i].name;
	return "none";
}

const char *detect_severity_name(enum detect_severity s)
{
	for (size_t i = 0; i < NELEM(severity_names); i++)
		if (severity_names[i].v == s)
			return severity_names[i].name;
	return "none";
}

const char *detect_rule_name(enum detect_rule r)
{
	for (size_t i = 0; i < NELEM(rule_names); i++)
		if (rule_names[i].v == r)
			return rule_names[i].name;
	return "unknown";
}

int detect_cause_parse(const char *name, enum detect_cause *out)
{
	for (size_t i = 0; i < NELEM(cause_names); i++)
		if (strcmp(cause_names[i].name, name) == 0) {
			*out = cause_names[i].v;
			return 0;
		}
	return -1;
}

int detect_severity_parse(const char *name, enum detect_severity *out)
{
	for (size_t i = 0; i < NELEM(severity_names); i++)
		if (strcmp(severity_names[i].name, name) == 0) {
			*out = severity_names[i].v;
			return 0;
		}
	return -1;
}

void detect_init(struct detect_state *st)
{
	memset(st, 0, sizeof(*st));
	st->last_time = st->first_time = st->bin_no = DETECT_NONE;
	st->onset = st->predicted = DETECT_NONE;
	for (int i = 0; i < DETECT_LOS_EV; i++)
		st->los_at[i] = DETECT_NONE;
	for (int i = 0; i < DETECT_BINS; i++)
		st->bins[i] = NAN;
	for (int i = 0; i < 3; i++)
		st->rx3[i] = st->tx3[i] = st->orx3[i] = st->bias3[i] = NAN;
	st->base_rx = st->base_tx = st->base_bias = st->base_orx = NAN;
	st->last_rx = NAN;
	st->status_prev = ONT_STATUS_UNKNOWN;
}

void detect_seed(struct detect_state *st, double base_rx, enum detect_cause cause)
{
	/* the order's baseline was measured before the loss; a baseline rebuilt from recent
	 * history may already include it */
	if (isnan(base_rx))
		return;
	st->base_rx = (float)base_rx;
	if (cause == DETECT_CAUSE_FIBER_BEND || cause == DETECT_CAUSE_CONNECTOR) {
		st->latched = 1;
		st->step = cause == DETECT_CAUSE_CONNECTOR;
	}
}

static uint64_t serial_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void push3(float a[3], double v)
{
	if (isnan(v))
		return;
	a[0] = a[1];
	a[1] = a[2];
	a[2] = (float)v;
}

/* Median of the present values among the last three (mean of two when only two). */
static double med3(const float a[3])
{
	float v[3];
	int n = 0;

	for (int i = 0; i < 3; i++)
		if (!isnan(a[i]))
			v[n++] = a[i];
	if (n == 0)
		return NAN;
	if (n == 1)
		return v[0];
	if (n == 2)
		return (v[0] + v[1]) / 2.0;
	if (v[0] > v[1]) {
		float t = v[0];
		v[0] = v[1];
		v[1] = t;
	}
	if (v[2] < v[0])
		return v[0];
	return v[2] < v[1] ? v[2] : v[1];
}

/* k-th smallest of n values (reorders v). */
static float select_k(float *v, int n, int k)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		float pivot = v[(lo + hi) / 2];
		int i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				float t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

static float median(float *v, int n)
{
	return select_k(v, n, n / 2);
}

/* One raise/clear step: `want` is the level the value reaches by the raise thresholds,
 * `hold` the level it still holds by the clear thresholds (hysteresis). */
static void rule_step(struct detect_rulestate *rs, int want, int hold, int hits, int clear_hits)
{
	if (want > rs->level) {
		if (++rs->up >= hits) {
			rs->level = (uint8_t)want;
			rs->up = 0;
			rs->down = 0;
			return;
		}
	} else {
		rs->up = 0;
	}
	if (hold < rs->level) {
		if (++rs->down >= clear_hits) {
			rs->level = (uint8_t)(hold > want ? hold : want);
			rs->down = 0;
		}
	} else {
		rs->down = 0;
	}
}

static int level_below(double v, double warn, double crit)
{
	return v < crit ? 2 : v < warn ? 1 : 0;
}

/* Robust slope (dB per bin) over the newest `w` bins: the median of the slopes of all pairs
 * (lag 0) or of the pairs `lag` bins apart; 0 when too few bins, not significant, or a step. */
static double window_slope(const float *b, int w, int onelag, double min_change)
{
	float s[DETECT_BINS * DETECT_BINS / 8 + DETECT_BINS];
	int n = 0, present = 0;
	const float *x = b + DETECT_BINS - w;
	double maxstep = 0;
	float prev2 = NAN, prev1 = NAN;

	for (int i = 0; i < w; i++) {
		if (isnan(x[i]))
			continue;
		present++;
		if (!isnan(prev2) && prev2 - x[i] > maxstep)
			maxstep = prev2 - x[i];
		if (!isnan(prev1) && prev1 - x[i] > maxstep)
			maxstep = prev1 - x[i];
		prev2 = prev1;
		prev1 = x[i];
	}
	if (present * 4 < w * 3)
		return 0;
	/* the level change actually seen between the ends of the window: windows that did not
	 * fall are skipped cheaply, and a step is told from a trend by it (not by the
	 * extrapolated change) */
	float head[3], tail[3];
	int nh = 0, nt = 0;
	for (int i = 0; i < w && nh < 3; i++)
		if (!isnan(x[i]))
			head[nh++] = x[i];
	for (int i = w - 1; i >= 0 && nt < 3; i--)
		if (!isnan(x[i]))
			tail[nt++] = x[i];
	double seen = median(head, nh) - median(tail, nt);
	if (seen < min_change / 2)
		return 0;
	if (maxstep >= 0.8 && maxstep >= STEP_SHARE * seen)
		return 0;
	for (int lag = onelag ? onelag : 1; lag < (onelag ? onelag + 1 : w); lag++)
		for (int i = 0; i + lag < w && n < (int)NELEM(s); i++)
			if (!isnan(x[i]) && !isnan(x[i + lag]))
				s[n++] = (x[i + lag] - x[i]) / (float)lag;
	if (n < 3)
		return 0;
	double slope = median(s, n);
	if (slope * (w - 1) > -min_change)
		return 0;
	return slope;
}

static double bin_hours(const struct threshold_profile *p)
{
	double h = p->trend_window_hours / DETECT_BINS;

	return h < 1.0 / 60 ? 1.0 / 60 : h;
}

static void close_bin(struct detect_state *st, const struct threshold_profile *p, int64_t newbin)
{
	int64_t k = newbin - st->bin_no;
	float v = st->bin_n ? st->bin_sum / st->bin_n : NAN;

	(void)p;

	if (k >= DETECT_BINS) {
		for (int i = 0; i < DETECT_BINS; i++)
			st->bins[i] = NAN;
	} else {
		memmove(st->bins, st->bins + k, (size_t)(DETECT_BINS - k) * sizeof(float));
		for (int i = DETECT_BINS - (int)k; i < DETECT_BINS; i++)
			st->bins[i] = NAN;
		st->bins[DETECT_BINS - k] = v;
	}
	st->bin_no = newbin;
	st->bin_sum = 0;
	st->bin_n = 0;
}

/* Establish or (carefully) follow the baselines once per closed bin. */
static void update_baseline(struct detect_state *st, const struct threshold_profile *p, int64_t now,
                            bool problem)
{
	double bh = bin_hours(p);
	float v = st->bins[DETECT_BINS - 1];
	double tx = med3(st->tx3), bias = med3(st->bias3), orx = med3(st->orx3);

	if (isnan(st->base_rx)) {
		float tmp[DETECT_BINS];
		int n = 0;
		double need_bins = p->baseline_hours / bh / 2;

		if (st->first_time == DETECT_NONE ||
		    now - st->first_time < p->baseline_hours * 3600)
			return;
		for (int i = 0; i < DETECT_BINS; i++)
			if (!isnan(st->bins[i]))
				tmp[n++] = st->bins[i];
		if (n < 3 || n < (need_bins < DETECT_BINS / 2 ? need_bins : DETECT_BINS / 2))
			return;
		st->base_rx = median(tmp, n);
		st->base_tx = (float)tx;
		st->base_bias = (float)bias;
		st->base_orx = (float)orx;
		return;
	}
	if (problem || isnan(v))
		return;
	double d = v - st->base_rx;
	if (d > 0)
		st->base_rx += (float)(d * bh / (BASE_UP_DAYS * 24));
	else if (-d < BASE_DN_BAND)
		st->base_rx += (float)(d * bh / (BASE_DN_DAYS * 24));
	double a = bh / (BASE_DN_DAYS * 24);
	if (!isnan(tx) && (isnan(st->base_tx) || fabs(tx - st->base_tx) < AGE_TX_BAND))
		st->base_tx =
		    isnan(st->base_tx) ? (float)tx : st->base_tx + (float)((tx - st->base_tx) * a);
	if (!isnan(bias) &&
	    (isnan(st->base_bias) || fabs(bias - st->base_bias) < AGE_BIAS_BAND * st->base_bias))
		st->base_bias = isnan(st->base_bias)
		                    ? (float)bias
		                    : st->base_bias + (float)((bias - st->base_bias) * a);
	if (!isnan(orx) && (isnan(st->base_orx) || fabs(orx - st->base_orx) < BASE_DN_BAND))
		st->base_orx = isnan(st->base_orx)
		                   ? (float)orx
		                   : st->base_orx + (float)((orx - st->base_orx) * a);
}

/* Robust slope and time to impact, once per closed bin. */
static void update_trend(struct detect_state *st, const struct threshold_profile *p, int64_t now,
                         double level)
{
	double bh = bin_hours(p);
	double s8 = window_slope(st->bins, 8, 0, p->trend_min_change);
	double s16 = window_slope(st->bins, 16, 0, p->trend_min_change);
	/* the long window uses lags of half its length: 24 pair slopes, outliers voted out */
	double s48 = window_slope(st->bins, DETECT_BINS, DETECT_BINS / 2, p->trend_min_change);
	double s = s8 < s16 ? s8 : s16;
	int want = 0, hold = 0;
	double hours_left = INFINITY;

	if (s48 < s)
		s = s48;
	st->slope = (float)(s * 24 / bh);
	if (s < 0 && -st->slope >= p->min_slope_db_day && !isnan(level)) {
		hours_left = (level - p->impact_rx) / (-s / bh);
		if (hours_left < 0)
			hours_left = 0;
		want = hours_left < p->time_to_act_hours;
		hold = hours_left < p->time_to_act_hours * 1.5;
	}
	rule_step(&st->rule[DETECT_RULE_TREND], want, hold, p->trend_hits, p->trend_hits);
	if (st->rule[DETECT_RULE_TREND].level && isfinite(hours_left))
		st->predicted = now + (int64_t)(hours_left * 3600);
	else if (!st->rule[DETECT_RULE_TREND].level)
		st->predicted = DETECT_NONE;
}

/* Did the present loss arrive as a step? Looks at the last half day of bins. */
static bool loss_is_step(const struct detect_state *st, double level)
{
	float seq[10];
	int n = 0;
	double maxv = -INFINITY, maxstep = 0;

	for (int i = DETECT_BINS - 8; i < DETECT_BINS; i++)
		if (!isnan(st->bins[i]))
			seq[n++] = st->bins[i];
	if (!isnan(level))
		seq[n++] = (float)level;
	for (int i = 0; i < n; i++) {
		if (seq[i] > maxv)
			maxv = seq[i];
		for (int j = i + 1; j <= i + 2 && j < n; j++)
			if (seq[i] - seq[j] > maxstep)
				maxstep = seq[i] - seq[j];
	}
	double total = !isnan(st->base_rx) ? st->base_rx - level : maxv - level;
	if (isnan(total) || total < 1.0)
		return false;
	return maxstep >= STEP_SHARE * total;
}

static int popcount64(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static bool has(uint32_t rules, enum detect_rule r)
{
	return rules & (1u << r);
}

static void classify(struct detect_state *st, const struct threshold_profile *p,
                     struct detect_finding *f)
{
	uint32_t rules = 0;
	bool base = !isnan(st->base_rx);

	for (int i = 0; i < DETECT_RULE_COUNT; i++)
		if (st->rule[i].level)
			rules |= 1u << i;
	f->rules = rules;

	/* A warning level alone is a marginal link, not a repair, unless light was lost. */
	bool rx_loss =
	    st->rule[DETECT_RULE_RX_LOW].level == 2 ||
	    (st->rule[DETECT_RULE_RX_LOW].level == 1 && base && f->drop_db >= p->warn_min_drop);
	double orx_drop = isnan(st->base_orx) ? NAN : st->base_orx - f->olt_rx_dbm;
	bool orx_loss =
	    st->rule[DETECT_RULE_OLT_RX_LOW].level == 2 ||
	    (st->rule[DETECT_RULE_OLT_RX_LOW].level == 1 && orx_drop >= p->warn_min_drop);
	bool optics = has(rules, DETECT_RULE_AGEING) || has(rules, DETECT_RULE_TX_LOW) ||
	              has(rules, DETECT_RULE_BIAS_HIGH) || has(rules, DETECT_RULE_TEMP_HIGH);
	/* upstream loss explained by a weak ONT laser is the ONT's, not the fibre's */
	if (orx_loss && !rx_loss &&
	    (has(rules, DETECT_RULE_AGEING) || has(rules, DETECT_RULE_TX_LOW)))
		orx_loss = false;
	bool loss =
	    rx_loss || orx_loss || has(rules, DETECT_RULE_DROP) || has(rules, DETECT_RULE_TREND);

	if (loss && !st->latched) {
		st->latched = 1;
		st->step = loss_is_step(st, f->rx_dbm);
	}
	/* recovered means back within half the shared drop of the baseline and not falling */
	if (st->latched && !loss && st->slope >= 0 &&
	    (!base || !(f->drop_db >= p->shared_min_drop / 2)))
		st->latched = 0;

	f->cause = DETECT_CAUSE_NONE;
	f->severity = DETECT_SEV_NONE;
	if (has(rules, DETECT_RULE_UNSTABLE)) {
		f->cause = DETECT_CAUSE_UNSTABLE_LINK;
		f->severity = DETECT_SEV_MAJOR;
	} else if (has(rules, DETECT_RULE_LOS)) {
		/* an earlier LOS within the window makes this a flapping link, not a break */
		f->cause =
		    f->los_events >= 2 ? DETECT_CAUSE_UNSTABLE_LINK : DETECT_CAUSE_FIBER_BREAK;
		f->severity = DETECT_SEV_CRITICAL;
	} else if (has(rules, DETECT_RULE_RX_HIGH)) {
		f->cause = DETECT_CAUSE_OVERLOAD;
		f->severity = DETECT_SEV_MAJOR;
	} else if (st->latched) {
		f->cause = st->step ? DETECT_CAUSE_CONNECTOR : DETECT_CAUSE_FIBER_BEND;
		double left = st->predicted != DETECT_NONE
		                  ? (double)(st->predicted - st->last_time) / 3600.0
		                  : INFINITY;
		if (st->rule[DETECT_RULE_RX_LOW].level == 2 ||
		    st->rule[DETECT_RULE_OLT_RX_LOW].level == 2 || left <= 24)
			f->severity = DETECT_SEV_CRITICAL;
		else if (rx_loss || orx_loss || left <= 72)
			f->severity = DETECT_SEV_MAJOR;
		else
			f->severity = DETECT_SEV_MINOR;
	} else if (optics) {
		f->cause = DETECT_CAUSE_ONT_OPTICS;
		f->severity = has(rules, DETECT_RULE_TX_LOW) || has(rules, DETECT_RULE_BIAS_HIGH)
		                  ? DETECT_SEV_MAJOR
		                  : DETECT_SEV_MINOR;
	}
	f->active = f->cause != DETECT_CAUSE_NONE;
	f->degrading = f->cause == DETECT_CAUSE_FIBER_BEND || f->cause == DETECT_CAUSE_CONNECTOR ||
	               f->cause == DETECT_CAUSE_FIBER_BREAK ||
	               (base && (f->drop_db >= p->shared_min_drop || st->slope < 0));
}

int detect_feed(struct detect_state *st, const struct threshold_profile *p,
                const struct ont_reading *r, struct detect_finding *f)
{
	int64_t t = r->time;
	int hyst_hits = p->clear_hits;
	bool levels = r->status == ONT_STATUS_ONLINE || r->status == ONT_STATUS_UNKNOWN;

	if (st->last_time != DETECT_NONE && t <= st->last_time)
		return -1;
	if (r->serial[0]) {
		uint64_t h = serial_hash(r->serial);
		if (st->serial_hash && st->serial_hash != h)
			detect_init(st); /* another ONT on this id: nothing carries over */
		st->serial_hash = h;
	}
	st->last_time = t;

	/* status: LOS counts, dying gasp and offline are not faults (values are ignored) */
	if (r->status == ONT_STATUS_LOS) {
		if (st->status_prev != ONT_STATUS_LOS) {
			st->los_at[st->los_head] = t;
			st->los_head = (uint8_t)((st->los_head + 1) % DETECT_LOS_EV);
		}
		rule_step(&st->rule[DETECT_RULE_LOS], 1, 1, p->los_hits, hyst_hits);
	} else if (r->status == ONT_STATUS_ONLINE && !isnan(r->rx_dbm)) {
		rule_step(&st->rule[DETECT_RULE_LOS], 0, 0, p->los_hits, hyst_hits);
	}
	if (r->status != ONT_STATUS_UNKNOWN)
		st->status_prev = (uint8_t)r->status;

	double rx = levels ? r->rx_dbm : NAN;
	double tx = levels ? r->tx_dbm : NAN;
	double orx = levels ? r->olt_rx_dbm : NAN;
	double bias = levels ? r->bias_ma : NAN;
	double temp = levels ? r->temp_c : NAN;
	double hy = p->hysteresis;

	if (!isnan(rx)) {
		if (st->first_time == DETECT_NONE)
			st->first_time = t;
		st->jumps <<= 1;
		if (!isnan(st->last_rx) && fabs(rx - st->last_rx) >= p->jump_db)
			st->jumps |= 1;
		st->last_rx = (float)rx;
		push3(st->rx3, rx);
		rule_step(&st->rule[DETECT_RULE_RX_LOW],
		          level_below(rx, p->rx_low_warn, p->rx_low_crit),
		          level_below(rx, p->rx_low_warn + hy, p->rx_low_crit + hy), p->hits,
		          p->clear_hits);
		rule_step(&st->rule[DETECT_RULE_RX_HIGH], rx > p->rx_high, rx > p->rx_high - hy,
		          p->hits, p->clear_hits);
	}
	push3(st->tx3, tx);
	push3(st->orx3, orx);
	push3(st->bias3, bias);
	if (!isnan(orx))
		rule_step(&st->rule[DETECT_RULE_OLT_RX_LOW],
		          level_below(orx, p->olt_rx_low_warn, p->olt_rx_low_crit),
		          level_below(orx, p->olt_rx_low_warn + hy, p->olt_rx_low_crit + hy),
		          p->hits, p->clear_hits);
	if (!isnan(tx))
		rule_step(&st->rule[DETECT_RULE_TX_LOW], tx < p->tx_low, tx < p->tx_low + hy,
		          p->hits, p->clear_hits);
	if (!isnan(bias))
		rule_step(&st->rule[DETECT_RULE_BIAS_HIGH], bias > p->bias_high,
		          bias > p->bias_high - hy, p->hits, p->clear_hits);
	if (!isnan(temp))
		rule_step(&st->rule[DETECT_RULE_TEMP_HIGH], temp > p->temp_high,
		          temp > p->temp_high - 2 * hy, p->hits, p->clear_hits);

	double level = med3(st->rx3);
	double mtx = med3(st->tx3), mbias = med3(st->bias3);
	f->drop_db = isnan(st->base_rx) || isnan(level) ? NAN : st->base_rx - level;

	/* bins of the trend window: closing one updates baseline and trend */
	if (!isnan(level)) {
		int64_t bin = (int64_t)floor((double)t / (bin_hours(p) * 3600));
		if (st->bin_no == DETECT_NONE)
			st->bin_no = bin;
		if (bin > st->bin_no) {
			close_bin(st, p, bin);
			update_baseline(st, p, t, st->latched || f->drop_db >= p->shared_min_drop);
			update_trend(st, p, t, level);
			f->drop_db = isnan(st->base_rx) ? NAN : st->base_rx - level;
		}
		st->bin_sum += (float)level;
		st->bin_n++;
		if (!isnan(f->drop_db))
			rule_step(&st->rule[DETECT_RULE_DROP], f->drop_db >= p->baseline_drop,
			          f->drop_db > p->baseline_drop - hy, p->hits, p->clear_hits);
	}

	/* ageing: the ONT's own laser weakens while the downstream light holds */
	if (!isnan(st->base_bias) && !isnan(st->base_tx) && !isnan(mtx) && !isnan(mbias) &&
	    st->base_bias > 0) {
		double rise = (mbias - st->base_bias) / st->base_bias * 100;
		double txdrop = st->base_tx - mtx;
		bool holds = !(f->drop_db >= p->warn_min_drop);
		int want = holds && ((rise >= p->ageing_bias_rise_pct && txdrop >= -0.2) ||
		                     (txdrop >= p->ageing_tx_drop && rise >= 0));
		int hold = rise >= p->ageing_bias_rise_pct / 2 || txdrop >= p->ageing_tx_drop / 2;
		rule_step(&st->rule[DETECT_RULE_AGEING], want, hold, p->hits, p->clear_hits);
	}

	/* instability: repeated short LOS or a jumping level */
	int los_n = 0;
	for (int i = 0; i < DETECT_LOS_EV; i++)
		if (st->los_at[i] != DETECT_NONE &&
		    t - st->los_at[i] <= (int64_t)(p->unstable_window_hours * 3600))
			los_n++;
	int jumps = popcount64(st->jumps);
	rule_step(&st->rule[DETECT_RULE_UNSTABLE],
	          los_n >= p->unstable_los_count || jumps >= p->unstable_jumps,
	          los_n >= 1 || jumps >= (p->unstable_jumps + 1) / 2, 1, 1);

	f->status = r->status;
	f->rx_dbm = level;
	f->olt_rx_dbm = med3(st->orx3);
	f->tx_dbm = mtx;
	f->bias_ma = mbias;
	f->temp_c = temp;
	f->baseline_dbm = st->base_rx;
	f->slope_db_day = st->slope;
	f->los_events = los_n;
	f->jumps = jumps;
	classify(st, p, f);

	if (f->degrading && st->onset == DETECT_NONE)
		st->onset =
		    st->rule[DETECT_RULE_LOS].level &&
		            st->los_at[(st->los_head + DETECT_LOS_EV - 1) % DETECT_LOS_EV] !=
		                DETECT_NONE
		        ? st->los_at[(st->los_head + DETECT_LOS_EV - 1) % DETECT_LOS_EV]
		        : t;
	else if (!f->degrading && !st->latched && !st->rule[DETECT_RULE_LOS].level)
		st->onset = DETECT_NONE;
	f->onset = st->onset;
	f->predicted = f->cause == DETECT_CAUSE_FIBER_BEND || f->cause == DETECT_CAUSE_CONNECTOR
	                   ? st->predicted
	                   : DETECT_NONE;
	return 0;
}
