/*
 * Logging.  One line per message, written with a single write(2) so lines
 * from a crashing or forking process never interleave mid-line.
 */
#include "common/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define LOG_MSG_MAX   1024 /* longer messages are cut, with "..." at the end */
#define LOG_IDENT_MAX 32

static struct {
	char ident[LOG_IDENT_MAX];
	enum log_target target;
	enum log_level level;
	bool syslog_open;
	bool debug[LOGM__COUNT];
	log_sink_fn sink;
	void *sink_arg;
} log_state = {
	.ident = "vtid",
	.target = LOG_TO_STDERR,
	.level = LOG_LVL_INFO,
};

static const char *const log_module_names[LOGM__COUNT] = {
	[LOGM_MAIN] = "main", [LOGM_EV] = "ev",	  [LOGM_CONF] = "conf",	   [LOGM_CTL] = "ctl",
	[LOGM_IKE] = "ike",   [LOGM_BGP] = "bgp", [LOGM_DP] = "dataplane",
};

static const char *const log_level_names[] = {
	[LOG_LVL_ERR] = "error", [LOG_LVL_WARN] = "warning", [LOG_LVL_NOTICE] = "notice",
	[LOG_LVL_INFO] = "info", [LOG_LVL_DEBUG] = "debug",
};

static const int log_syslog_prio[] = {
	[LOG_LVL_ERR] = LOG_ERR,   [LOG_LVL_WARN] = LOG_WARNING, [LOG_LVL_NOTICE] = LOG_NOTICE,
	[LOG_LVL_INFO] = LOG_INFO, [LOG_LVL_DEBUG] = LOG_DEBUG,
};

void log_init(const char *ident, enum log_target target, enum log_level level)
{
	snprintf(log_state.ident, sizeof(log_state.ident), "%s", ident && *ident ? ident : "vtid");
	if (log_state.syslog_open) {
		closelog();
		log_state.syslog_open = false;
	}
	log_state.target = target;
	log_set_level(level);
	if (target == LOG_TO_SYSLOG) {
		/* openlog keeps the pointer, so it must be our static copy. */
		openlog(log_state.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		log_state.syslog_open = true;
	}
}

void log_set_level(enum log_level level)
{
	if ((int)level < LOG_LVL_ERR)
		level = LOG_LVL_ERR;
	if (level > LOG_LVL_DEBUG)
		level = LOG_LVL_DEBUG;
	log_state.level = level;
}

enum log_level log_get_level(void)
{
	return log_state.level;
}

void log_set_sink(log_sink_fn fn, void *arg)
{
	log_state.sink = fn;
	log_state.sink_arg = fn ? arg : NULL;
}

const char *log_module_name(enum log_module m)
{
	if ((unsigned)m >= LOGM__COUNT)
		return "?";
	return log_module_names[m];
}

int log_module_parse(const char *name, enum log_module *out)
{
	unsigned i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < LOGM__COUNT; i++) {
		if (strcasecmp(name, log_module_names[i]) == 0) {
			*out = (enum log_module)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *log_level_name(enum log_level l)
{
	if ((unsigned)l > LOG_LVL_DEBUG)
		return "?";
	return log_level_names[l];
}

int log_level_parse(const char *name, enum log_level *out)
{
	unsigned i;

	if (!name)
		return -EINVAL;
	for (i = 0; i <= LOG_LVL_DEBUG; i++) {
		if (strcasecmp(name, log_level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	/* The short forms syslog and FRR users type. */
	if (strcasecmp(name, "err") == 0) {
		*out = LOG_LVL_ERR;
		return 0;
	}
	if (strcasecmp(name, "warn") == 0) {
		*out = LOG_LVL_WARN;
		return 0;
	}
	return -EINVAL;
}

void log_set_debug(enum log_module m, bool on)
{
	if ((unsigned)m < LOGM__COUNT)
		log_state.debug[m] = on;
}

/* Level debug turns on every module's debug messages; a module switch turns
 * on one module's whatever the level. */
bool log_debug_enabled(enum log_module m)
{
	if (log_state.level >= LOG_LVL_DEBUG)
		return true;
	return (unsigned)m < LOGM__COUNT && log_state.debug[m];
}

static bool log_passes(enum log_module m, enum log_level lvl)
{
	if (lvl <= log_state.level)
		return true;
	return lvl == LOG_LVL_DEBUG && log_debug_enabled(m);
}

static const char *log_kind_tag(enum log_kind kind)
{
	switch (kind) {
	case LOG_KIND_FAULT:
		return "fault: ";
	case LOG_KIND_PEER:
		return "peer: ";
	default:
		return "";
	}
}

/* Text from peers ends up in messages; a newline or escape sequence in it
 * must not forge log lines or drive a terminal. */
static void log_scrub(char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			*s = '?';
	}
}

static void log_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* nowhere left to report it */
		p += w;
		n -= (size_t)w;
	}
}

static void log_to_stderr(enum log_module m, enum log_level lvl, enum log_kind kind,
			  const char *msg)
{
	char stamp[32] = "";
	char line[LOG_MSG_MAX + 160];
	struct timespec ts;
	struct tm tm;
	int n;

	if (clock_gettime(CLOCK_REALTIME, &ts) == 0 && localtime_r(&ts.tv_sec, &tm)) {
		size_t k = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

		snprintf(stamp + k, sizeof(stamp) - k, ".%03ld", ts.tv_nsec / 1000000L);
	}
	n = snprintf(line, sizeof(line), "%s %s[%ld] %s: %s: %s%s\n", stamp, log_state.ident,
		     (long)getpid(), log_module_name(m), log_level_name(lvl), log_kind_tag(kind),
		     msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = (int)sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	log_write_all(STDERR_FILENO, line, (size_t)n);
}

void log_vmsg(enum log_module m, enum log_level lvl, enum log_kind kind, const char *fmt,
	      va_list ap)
{
	char msg[LOG_MSG_MAX + 1];
	int n;

	if ((unsigned)m >= LOGM__COUNT)
		m = LOGM_MAIN;
	if ((unsigned)lvl > LOG_LVL_DEBUG)
		lvl = LOG_LVL_DEBUG;
	if (!log_passes(m, lvl))
		return;

	n = vsnprintf(msg, sizeof(msg), fmt ? fmt : "(null)", ap);
	if (n < 0)
		snprintf(msg, sizeof(msg), "(bad log format)");
	else if ((size_t)n >= sizeof(msg))
		memcpy(msg + LOG_MSG_MAX - 3, "...", 4);
	log_scrub(msg);

	if (log_state.sink) {
		log_state.sink(m, lvl, kind, msg, log_state.sink_arg);
		return;
	}
	if (log_state.target == LOG_TO_SYSLOG && log_state.syslog_open) {
		syslog(log_syslog_prio[lvl], "%s: %s%s", log_module_name(m), log_kind_tag(kind),
		       msg);
		return;
	}
	log_to_stderr(m, lvl, kind, msg);
}

void log_msg(enum log_module m, enum log_level lvl, enum log_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(m, lvl, kind, fmt, ap);
	va_end(ap);
}
