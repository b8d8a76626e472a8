/*
 * Logging to stderr or syslog, with levels and per-module debug switches.
 *
 * Two kinds of error are kept apart, as BIRD does:
 *   log_fault()  - our own fault: a bug, a failed allocation or syscall.
 *   log_peer()   - caused by something outside: a peer's malformed message,
 *                  a wrong PSK, a bad config line, a garbage control request.
 * They go out at different levels (err / warning) and carry different tags
 * ("fault" / "peer"), so a log can be searched for bugs alone.
 *
 * Never pass a secret (PSK, key) to any of these.
 */
#ifndef VT_COMMON_LOG_H
#define VT_COMMON_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
	LOG_LVL_ERR = 0,
	LOG_LVL_WARN,
	LOG_LVL_NOTICE,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

enum log_module {
	LOGM_MAIN = 0,
	LOGM_EV,
	LOGM_CONF,
	LOGM_CTL,
	LOGM_IKE,
	LOGM_BGP,
	LOGM_DP,
	LOGM__COUNT,
};

enum log_kind {
	LOG_KIND_PLAIN = 0,
	LOG_KIND_FAULT, /* our own fault */
	LOG_KIND_PEER,  /* caused by a peer or by input */
};

enum log_target { LOG_TO_STDERR = 0, LOG_TO_SYSLOG };

/* A sink sees every message that passes the level/debug filter (for tests
 * and for the control socket's "debug" monitor).  NULL restores the target. */
typedef void (*log_sink_fn)(enum log_module m, enum log_level lvl, enum log_kind kind,
			    const char *msg, void *arg);

void log_init(const char *ident, enum log_target target, enum log_level level);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
void log_set_sink(log_sink_fn fn, void *arg);

/* Module names as shown and parsed: "main", "ev", "conf", "ctl", "ike", "bgp",
 * "dataplane". */
const char *log_module_name(enum log_module m);
int log_module_parse(const char *name, enum log_module *out); /* 0 / -EINVAL */
const char *log_level_name(enum log_level l);                 /* "error" ... "debug" */
int log_level_parse(const char *name, enum log_level *out);   /* 0 / -EINVAL */

void log_set_debug(enum log_module m, bool on);
bool log_debug_enabled(enum log_module m);

void log_msg(enum log_module m, enum log_level lvl, enum log_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void log_vmsg(enum log_module m, enum log_level lvl, enum log_kind kind, const char *fmt,
	      va_list ap) __attribute__((format(printf, 4, 0)));

#define log_fault(m, ...) log_msg((m), LOG_LVL_ERR, LOG_KIND_FAULT, __VA_ARGS__)
#define log_peer(m, ...) log_msg((m), LOG_LVL_WARN, LOG_KIND_PEER, __VA_ARGS__)
#define log_warn(m, ...) log_msg((m), LOG_LVL_WARN, LOG_KIND_PLAIN, __VA_ARGS__)
#define log_notice(m, ...) log_msg((m), LOG_LVL_NOTICE, LOG_KIND_PLAIN, __VA_ARGS__)
#define log_info(m, ...) log_msg((m), LOG_LVL_INFO, LOG_KIND_PLAIN, __VA_ARGS__)
#define log_debug(m, ...)                                                     \
	do {                                                                  \
		if (log_debug_enabled(m))                                     \
			log_msg((m), LOG_LVL_DEBUG, LOG_KIND_PLAIN, __VA_ARGS__); \
	} while (0)

#endif
