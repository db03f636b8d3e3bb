/* threshold: built-in threshold profiles per PON class and their validation.
 * Receiver ranges follow ITU-T G.984.2 (B+, C+), G.9807.1 (XGS-PON) and IEEE 802.3ah (EPON). */
#include "config.h"

#include <string.h>

#include "monitor/threshold.h"

/* What does not depend on the PON class: noise handling, baseline and trend
 * windows, and how early to act. */
#define TUNING_COMMON                                                                              \
	.hysteresis = 1.0, .hits = 3, .clear_hits = 3, .baseline_hours = 72, .baseline_drop = 3.0, \
	.trend_window_hours = 72, .time_to_act_hours = 168, .min_slope_db_day = 0.05,              \
	.unstable_los_count = 3, .unstable_window_hours = 24, .ageing_bias_rise_pct = 30.0,        \
	.ageing_tx_drop = 1.5, .warn_min_drop = 1.0, .trend_min_change = 1.0, .trend_hits = 2,     \
	.los_hits = 2, .jump_db = 2.0, .unstable_jumps = 8, .shared_min_drop = 1.0,                \
	.shared_min_onts = 2, .shared_fraction = 0.5, .shared_onset_hours = 12,                    \
	.open_hold_hours = 2, .resolve_hold_hours = 4, .update_min_hours = 6

/* Operators commonly warn about 2 dB above receiver sensitivity and call it
 * critical about 1 dB above; impact is taken at sensitivity + 0.5 dB. */
static const struct threshold_profile builtins[] = {
	{
	    TUNING_COMMON,
	    .name = "gpon-b+",
	    .pon_class = "gpon-b+",
	    .rx_low_warn = -25.0,
	    .rx_low_crit = -27.0,
	    .rx_high = -8.0,
	    .olt_rx_low_warn = -26.0,
	    .olt_rx_low_crit = -28.0,
	    .tx_low = 0.5,
	    .bias_high = 40.0,
	    .temp_high = 75.0,
	    .impact_rx = -27.5,
	},
	{
	    TUNING_COMMON,
	    .name = "gpon-c+",
	    .pon_class = "gpon-c+",
	    .rx_low_warn = -28.0,
	    .rx_low_crit = -29.5,
	    .rx_high = -8.0,
	    .olt_rx_low_warn = -30.0,
	    .olt_rx_low_crit = -31.5,
	    .tx_low = 0.5,
	    .bias_high = 40.0,
	    .temp_high = 75.0,
	    .impact_rx = -30.0,
	},
	{
	    TUNING_COMMON,
	    .name = "xgspon",
	    .pon_class = "xgspon",
	    .rx_low_warn = -26.0,
	    .rx_low_crit = -27.5,
	    .rx_high = -9.0,
	    .olt_rx_low_warn = -27.0,
	    .olt_rx_low_crit = -28.5,
	    .tx_low = 4.0,
	    .bias_high = 50.0,
	    .temp_high = 80.0,
	    .impact_rx = -28.0,
	},
	{
	    TUNING_COMMON,
	    .name = "epon",
	    .pon_class = "epon",
	    .rx_low_warn = -24.0,
	    .rx_low_crit = -26.0,
	    .rx_high = -3.0,
	    .olt_rx_low_warn = -26.0,
	    .olt_rx_low_crit = -28.0,
	    .tx_low = -1.0,
	    .bias_high = 40.0,
	    .temp_high = 75.0,
	    .impact_rx = -26.5,
	},
};

size_t threshold_builtin_count(void)
{
	return sizeof(builtins) / sizeof(builtins[0]);
}

const struct threshold_profile *threshold_builtin_at(size_t i)
{
	return i < threshold_builtin_count() ? &builtins[i] : NULL;
}

const struct threshold_profile *threshold_builtin(const char *pon_class)
{
	for (size_t i = 0; i < threshold_builtin_count(); i++)
		if (strcmp(builtins[i].pon_class, pon_class) == 0)
			return &builtins[i];
	return NULL;
}

int threshold_validate(const struct threshold_profile *p, const char **why)
{
	if (p->rx_low_crit > p->rx_low_warn) {
		*why = "rx_low_crit must not be above rx_low_warn";
		return -1;
	}
	if (p->olt_rx_low_crit > p->olt_rx_low_warn) {
		*why = "olt_rx_low_crit must not be above olt_rx_low_warn";
		return -1;
	}
	if (p->rx_high <= p->rx_low_warn) {
		*why = "rx_high must be above rx_low_warn";
		return -1;
	}
	if (p->impact_rx > p->rx_low_warn) {
		*why = "impact_rx must not be above rx_low_warn";
		return -1;
	}
	if (p->hits < 1 || p->clear_hits < 1 || p->trend_hits < 1 || p->los_hits < 1 ||
	    p->hits > 255 || p->clear_hits > 255 || p->trend_hits > 255 || p->los_hits > 255) {
		*why = "hit counts must be between 1 and 255";
		return -1;
	}
	if (p->unstable_jumps < 1 || p->unstable_jumps > 64 || p->unstable_los_count < 1 ||
	    p->unstable_los_count > 8) {
		*why = "unstable_jumps must be 1..64 and unstable_los_count 1..8";
		return -1;
	}
	if (p->shared_min_onts < 2 || p->shared_fraction <= 0 || p->shared_fraction > 1) {
		*why = "shared_min_onts must be at least 2 and shared_fraction in (0, 1]";
		return -1;
	}
	if (p->trend_window_hours <= 0 || p->time_to_act_hours <= 0 || p->jump_db <= 0) {
		*why = "trend_window_hours, time_to_act_hours and jump_db must be positive";
		return -1;
	}
	if (p->trend_window_hours > 0 && p->baseline_hours <= 0) {
		*why = "baseline_hours must be positive";
		return -1;
	}
	return 0;
}
