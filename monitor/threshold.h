/* threshold: the detector's tunables per PON class (threshold profiles), with built-in
 * defaults per class that configured profiles start from. Pure data, no I/O. */
#ifndef OW_THRESHOLD_H
#define OW_THRESHOLD_H

#include <stddef.h>

#define THRESHOLD_NAME_MAX 48

/* Levels in dBm, currents in mA, temperatures in degrees C, durations in hours. */
struct threshold_profile {
	char name[THRESHOLD_NAME_MAX];
	char pon_class[THRESHOLD_NAME_MAX]; /* gpon-b+, gpon-c+, xgspon, epon */
	/* absolute levels */
	double rx_low_warn;     /* ONT Rx below this: warning */
	double rx_low_crit;     /* ONT Rx below this: critical */
	double rx_high;         /* ONT Rx above this: receiver overload */
	double olt_rx_low_warn; /* OLT Rx from this ONT below this: warning */
	double olt_rx_low_crit;
	double tx_low;     /* ONT launch power below this: optics suspect */
	double bias_high;  /* laser bias above this: optics suspect */
	double temp_high;  /* ONT temperature above this */
	double hysteresis; /* clear only this far back inside the threshold (dB or unit) */
	int hits;          /* consecutive readings beyond a threshold to raise */
	int clear_hits;    /* consecutive readings inside to clear */
	/* drop from the ONT's own baseline */
	double baseline_hours; /* history needed before a baseline is trusted */
	double baseline_drop;  /* dB below baseline that is a problem */
	/* trend and time to impact */
	double trend_window_hours; /* window of the robust slope */
	double impact_rx; /* level at which the customer is impacted (sensitivity + margin) */
	double time_to_act_hours; /* order when predicted impact is nearer than this */
	double min_slope_db_day;  /* slopes flatter than this are noise */
	/* stability */
	int unstable_los_count; /* LOS events within the window that make a link unstable */
	double unstable_window_hours;
	/* ONT optics ageing */
	double ageing_bias_rise_pct; /* bias rise over baseline, percent */
	double ageing_tx_drop;       /* launch power fall over baseline, dB */
	/* added for the detector, correlator and order lifecycle */
	double warn_min_drop;    /* below rx_low_warn opens only this far below the baseline
	                            (a marginal but stable link is not a repair) */
	double trend_min_change; /* dB a trend window must fall to count as a trend */
	int trend_hits;          /* consecutive trend evaluations to raise or clear */
	int los_hits;            /* consecutive LOS readings that make a fibre break */
	double jump_db;          /* reading-to-reading change that counts as a jump */
	int unstable_jumps;      /* jumps within the last 64 readings that make a link unstable */
	double shared_min_drop;  /* dB below baseline for an ONT to count towards a shared fault */
	int shared_min_onts;     /* at least this many ONTs degrade together */
	double shared_fraction;  /* ... and at least this fraction of the segment's ONTs */
	double shared_onset_hours; /* their losses started within this time of each other */
	double open_hold_hours;    /* a per-ONT finding waits this long for correlation */
	double resolve_hold_hours; /* levels stay recovered this long before an order resolves */
	double update_min_hours;   /* at most one plain `updated` event per order this often */
};

/* The built-in profile for a PON class, or NULL for an unknown class. */
const struct threshold_profile *threshold_builtin(const char *pon_class);
/* Number of built-in profiles and the i-th one (for listing and validation). */
size_t threshold_builtin_count(void);
const struct threshold_profile *threshold_builtin_at(size_t i);
/* Check internal consistency (crit below warn, positive counts, ...).
 * Returns 0, or -1 with a static explanation in *why. */
int threshold_validate(const struct threshold_profile *p, const char **why);

#endif
