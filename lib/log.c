/* log: stderr (and optional syslog) logging with levels and rate limiting. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/log.h"

/* Logging configuration is process-wide by nature (like OpenBGPD's log.c). */
static const char *log_progname = "ontwatch";
static int log_level = LOG_LVL_WARN;
static bool log_syslog;

void log_init(const char *progname, int level, bool use_syslog)
{
	log_progname = progname;
	log_level = level;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_setlevel(int level)
{
	log_level = level;
}

int log_getlevel(void)
{
	return log_level;
}

static void log_vemit(int prio, const char *tag, int err, const char *fmt, va_list ap)
{
	char msg[1024];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (n < 0)
		return;
	if (err && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(err));
	fprintf(stderr, "%s: %s%s\n", log_progname, tag, msg);
	if (log_syslog)
		syslog(prio, "%s%s", tag, msg);
}

#define LOG_BODY(prio, tag, err)                                                                   \
	do {                                                                                       \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		log_vemit(prio, tag, err, fmt, ap);                                                \
		va_end(ap);                                                                        \
	} while (0)

void log_warn(const char *fmt, ...)
{
	int err = errno;

	LOG_BODY(LOG_WARNING, "warning: ", err);
}

void log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_WARNING, "warning: ", 0);
}

void log_info(const char *fmt, ...)
{
	if (log_level < LOG_LVL_INFO)
		return;
	LOG_BODY(LOG_INFO, "", 0);
}

void log_debug(const char *fmt, ...)
{
	if (log_level < LOG_LVL_DEBUG)
		return;
	LOG_BODY(LOG_DEBUG, "debug: ", 0);
}

void fatal(const char *fmt, ...)
{
	int err = errno;

	LOG_BODY(LOG_CRIT, "fatal: ", err);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_CRIT, "fatal: ", 0);
	exit(1);
}

void log_warnx_limited(struct log_ratelimit *rl, time_t now, const char *fmt, ...)
{
	unsigned interval = rl->interval ? rl->interval : 300;

	if (rl->last != 0 && now - rl->last < (time_t)interval) {
		rl->suppressed++;
		return;
	}
	if (rl->suppressed > 0)
		log_warnx("(%u similar messages suppressed)", rl->suppressed);
	rl->suppressed = 0;
	rl->last = now;
	LOG_BODY(LOG_WARNING, "warning: ", 0);
}

void log_ratelimit_reset(struct log_ratelimit *rl)
{
	rl->last = 0;
	rl->suppressed = 0;
}
