/* detect: per-ONT degradation detector (absolute levels, baseline drop, robust trend and
 * time to impact, optics ageing, LOS and instability). Pure: no I/O, time from the readings. */
#ifndef OW_DETECT_H
#define OW_DETECT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/ont_reading.h"
#include "monitor/threshold.h"

#define DETECT_BINS   48 /* the trend window is kept as this many bins */
#define DETECT_LOS_EV 8  /* LOS onsets remembered for the instability rule */
#define DETECT_NONE   INT64_MIN

enum detect_cause {
	DETECT_CAUSE_NONE = 0,
	DETECT_CAUSE_FIBER_BEND,
	DETECT_CAUSE_CONNECTOR,
	DETECT_CAUSE_SHARED_SEGMENT,
	DETECT_CAUSE_ONT_OPTICS,
	DETECT_CAUSE_FIBER_BREAK,
	DETECT_CAUSE_UNSTABLE_LINK,
	DETECT_CAUSE_OVERLOAD,
	DETECT_CAUSE_SESSION_INSTABILITY, /* from passive capture, not the detector */
};

enum detect_severity {
	DETECT_SEV_NONE = 0,
	DETECT_SEV_MINOR,
	DETECT_SEV_MAJOR,
	DETECT_SEV_CRITICAL,
};

/* Rules that can be raised, as bits of detect_finding.rules. */
enum detect_rule {
	DETECT_RULE_RX_LOW = 0, /* ONT Rx below warning or critical */
	DETECT_RULE_RX_HIGH,    /* ONT Rx above overload */
	DETECT_RULE_OLT_RX_LOW, /* OLT Rx of this ONT below warning or critical */
	DETECT_RULE_TX_LOW,
	DETECT_RULE_BIAS_HIGH,
	DETECT_RULE_TEMP_HIGH,
	DETECT_RULE_DROP,   /* below the ONT's own baseline */
	DETECT_RULE_TREND,  /* predicted to reach the impact level within the time to act */
	DETECT_RULE_AGEING, /* bias up / launch power down while Rx holds */
	DETECT_RULE_LOS,
	DETECT_RULE_UNSTABLE,
	DETECT_RULE_COUNT
};

/* One raise/clear state machine with hysteresis and consecutive hits. */
struct detect_rulestate {
	uint8_t level; /* 0 clear, 1 warning, 2 critical */
	uint8_t up;    /* consecutive readings beyond the next level */
	uint8_t down;  /* consecutive readings inside the clear level */
};

/* Per-ONT state: fixed size, no pointers (it can be copied or persisted as is). */
struct detect_state {
	int64_t last_time;  /* last reading, DETECT_NONE before the first */
	int64_t first_time; /* first reading with an Rx level */
	int64_t bin_no;     /* time / bin length of the bin being filled */
	int64_t onset;      /* when the Rx first fell shared_min_drop below baseline */
	int64_t predicted;  /* predicted impact time, DETECT_NONE when none */
	int64_t los_at[DETECT_LOS_EV];
	uint64_t serial_hash;
	uint64_t jumps;          /* bit i: reading i back jumped by jump_db or more */
	float bins[DETECT_BINS]; /* oldest first; NAN where no reading fell */
	float rx3[3], tx3[3], orx3[3], bias3[3]; /* last raw values, for medians of three */
	float bin_sum;
	float base_rx, base_tx, base_bias, base_orx; /* NAN until the baseline is established */
	float last_rx;
	float slope; /* dB per day of the steepest significant window, 0 when none */
	uint16_t bin_n;
	uint8_t los_run;
	uint8_t los_head;
	uint8_t step; /* the current loss arrived as a step */
	uint8_t status_prev;
	uint8_t latched; /* a loss stays a problem until Rx is back near its baseline */
	struct detect_rulestate rule[DETECT_RULE_COUNT];
};

/* The ONT's condition after a reading. */
struct detect_finding {
	bool active; /* something needs a repair */
	enum detect_cause cause;
	enum detect_severity severity;
	uint32_t rules;    /* bits of enum detect_rule currently raised */
	int64_t predicted; /* predicted impact time or DETECT_NONE */
	int64_t onset;     /* start of the current loss or DETECT_NONE */
	enum ont_status status;
	double rx_dbm; /* robust current levels (median of the last three) */
	double olt_rx_dbm;
	double tx_dbm;
	double bias_ma;
	double temp_c;
	double baseline_dbm; /* NAN before the baseline is established */
	double drop_db;      /* baseline minus current Rx, NAN without baseline */
	double slope_db_day;
	int los_events; /* LOS onsets within the instability window */
	int jumps;      /* jumps within the last 64 readings */
	bool degrading; /* lost light (a loss cause, LOS), shared_min_drop below baseline, or
	                   falling */
};

/* Reset a state to "never seen". */
void detect_init(struct detect_state *st);
/* Feed one reading (time must not go backwards; older readings are ignored) and
 * return the ONT's condition in *f. Returns 0, or -1 when the reading was ignored. */
int detect_feed(struct detect_state *st, const struct threshold_profile *p,
                const struct ont_reading *r, struct detect_finding *f);
/* Seed a state from an order restored after a restart: the Rx baseline the ONT had before
 * the loss (it wins over one rebuilt from history), and for a fibre or connector loss that
 * the loss is already there. */
void detect_seed(struct detect_state *st, double base_rx, enum detect_cause cause);
/* Cause, severity and rule names ("fiber_bend", "major", "rx_low", ...). */
const char *detect_cause_name(enum detect_cause c);
const char *detect_severity_name(enum detect_severity s);
const char *detect_rule_name(enum detect_rule r);
/* Parse a cause or severity name; 0 and *out set, or -1. */
int detect_cause_parse(const char *name, enum detect_cause *out);
int detect_severity_parse(const char *name, enum detect_severity *out);

#endif
