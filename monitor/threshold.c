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
	.ageing_tx_drop = 1.5

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
	if (p->trend_window_hours > 0 && p->baseline_hours <= 0) {
		*why = "baseline_hours must be positive";
		return -1;
	}
	return 0;
}
