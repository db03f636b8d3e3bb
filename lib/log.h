/* log: the one logging API of ontwatch (stderr, optionally syslog).
 * Log once, where the cause is known, subject first ("snmp: olt %s: ..."). */
#ifndef OW_LOG_H
#define OW_LOG_H

#include <stdbool.h>
#include <time.h>

enum log_level { LOG_LVL_WARN = 0, LOG_LVL_INFO = 1, LOG_LVL_DEBUG = 2 };

/* Set program name, verbosity and whether to also send to syslog. */
void log_init(const char *progname, int level, bool use_syslog);
/* Change verbosity at run time (configuration reload). */
void log_setlevel(int level);
/* Current verbosity. */
int log_getlevel(void);

/* Warning with strerror(errno) appended. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Warning without errno. */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Log with errno and exit(1): unrecoverable. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Log without errno and exit(1). */
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Rate limit for a repeating complaint (one per subject, caller-owned):
 * the first is logged, repeats within `interval` seconds are counted and
 * summarised when logging resumes (collectd's utils_complain idea). */
struct log_ratelimit {
	time_t last;
	unsigned interval;
	unsigned suppressed;
};
/* Warn unless rate limited; `now` is the caller's clock. */
void log_warnx_limited(struct log_ratelimit *rl, time_t now, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Forget the rate-limit state after the condition cleared. */
void log_ratelimit_reset(struct log_ratelimit *rl);

#endif
