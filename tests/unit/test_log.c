/*
 * common/log: what reaches the sink, the level filter, debug switches,
 * truncation, names, and the stderr line format.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "tests/unit/check_main.h"

struct seen {
	int n;
	enum log_module m;
	enum log_level lvl;
	enum log_kind kind;
	char msg[4096];
};

static void sink(enum log_module m, enum log_level lvl, enum log_kind kind, const char *msg,
		 void *arg)
{
	struct seen *s = arg;

	s->n++;
	s->m = m;
	s->lvl = lvl;
	s->kind = kind;
	snprintf(s->msg, sizeof(s->msg), "%s", msg);
}

static struct seen seen;

static void setup(void)
{
	unsigned m;

	memset(&seen, 0, sizeof(seen));
	log_init("vtid-test", LOG_TO_STDERR, LOG_LVL_INFO);
	for (m = 0; m < LOGM__COUNT; m++)
		log_set_debug((enum log_module)m, false);
	log_set_sink(sink, &seen);
}

static void teardown(void)
{
	log_set_sink(NULL, NULL);
}

START_TEST(test_sink_gets_level_kind_module)
{
	log_peer(LOGM_BGP, "peer %s: bad marker", "169.254.12.229");
	ck_assert_int_eq(seen.n, 1);
	ck_assert_int_eq(seen.m, LOGM_BGP);
	ck_assert_int_eq(seen.lvl, LOG_LVL_WARN);
	ck_assert_int_eq(seen.kind, LOG_KIND_PEER);
	ck_assert_str_eq(seen.msg, "peer 169.254.12.229: bad marker");

	log_fault(LOGM_IKE, "malloc failed");
	ck_assert_int_eq(seen.n, 2);
	ck_assert_int_eq(seen.m, LOGM_IKE);
	ck_assert_int_eq(seen.lvl, LOG_LVL_ERR);
	ck_assert_int_eq(seen.kind, LOG_KIND_FAULT);

	log_notice(LOGM_DP, "vti1 up");
	ck_assert_int_eq(seen.lvl, LOG_LVL_NOTICE);
	ck_assert_int_eq(seen.kind, LOG_KIND_PLAIN);
	log_warn(LOGM_CONF, "x");
	ck_assert_int_eq(seen.lvl, LOG_LVL_WARN);
	ck_assert_int_eq(seen.kind, LOG_KIND_PLAIN);
	log_info(LOGM_CTL, "y");
	ck_assert_int_eq(seen.lvl, LOG_LVL_INFO);
	ck_assert_int_eq(seen.n, 5);
}
END_TEST

START_TEST(test_level_filter)
{
	log_set_level(LOG_LVL_WARN);
	ck_assert_int_eq(log_get_level(), LOG_LVL_WARN);
	log_info(LOGM_MAIN, "dropped");
	log_notice(LOGM_MAIN, "dropped");
	ck_assert_int_eq(seen.n, 0);
	log_warn(LOGM_MAIN, "kept");
	log_fault(LOGM_MAIN, "kept");
	ck_assert_int_eq(seen.n, 2);
	log_set_level(LOG_LVL_ERR);
	log_peer(LOGM_MAIN, "dropped");
	ck_assert_int_eq(seen.n, 2);
	log_fault(LOGM_MAIN, "errors always pass");
	ck_assert_int_eq(seen.n, 3);
}
END_TEST

START_TEST(test_debug_switch)
{
	log_debug(LOGM_BGP, "off");
	ck_assert_int_eq(seen.n, 0);
	ck_assert(!log_debug_enabled(LOGM_BGP));

	log_set_debug(LOGM_BGP, true);
	ck_assert(log_debug_enabled(LOGM_BGP));
	ck_assert(!log_debug_enabled(LOGM_IKE));
	log_debug(LOGM_BGP, "update from %d", 7);
	ck_assert_int_eq(seen.n, 1);
	ck_assert_int_eq(seen.lvl, LOG_LVL_DEBUG);
	ck_assert_str_eq(seen.msg, "update from 7");
	log_debug(LOGM_IKE, "still off");
	ck_assert_int_eq(seen.n, 1);
	/* A module switch works even when the level would drop debug. */
	log_set_level(LOG_LVL_ERR);
	log_debug(LOGM_BGP, "on");
	ck_assert_int_eq(seen.n, 2);

	log_set_debug(LOGM_BGP, false);
	log_debug(LOGM_BGP, "off again");
	ck_assert_int_eq(seen.n, 2);
	/* Level debug turns every module on. */
	log_set_level(LOG_LVL_DEBUG);
	log_debug(LOGM_IKE, "all on");
	ck_assert_int_eq(seen.n, 3);
}
END_TEST

START_TEST(test_truncation)
{
	static char big[5000];

	memset(big, 'x', sizeof(big) - 1);
	log_info(LOGM_MAIN, "%s", big);
	ck_assert_int_eq(seen.n, 1);
	ck_assert_uint_eq(strlen(seen.msg), 1024);
	ck_assert_str_eq(seen.msg + 1021, "...");
	ck_assert_int_eq(seen.msg[0], 'x');

	/* Exactly 1024 is not cut. */
	big[1024] = '\0';
	log_info(LOGM_MAIN, "%s", big);
	ck_assert_uint_eq(strlen(seen.msg), 1024);
	ck_assert_int_eq(seen.msg[1023], 'x');
}
END_TEST

START_TEST(test_control_chars_scrubbed)
{
	log_peer(LOGM_CTL, "name %s", "evil\nFAKE LINE\x1b[31m");
	ck_assert_ptr_null(strchr(seen.msg, '\n'));
	ck_assert_ptr_null(strchr(seen.msg, '\x1b'));
	ck_assert_str_eq(seen.msg, "name evil?FAKE LINE?[31m");
}
END_TEST

START_TEST(test_names)
{
	static const char *const mods[] = {"main", "ev", "conf", "ctl", "ike", "bgp", "dataplane"};
	static const char *const lvls[] = {"error", "warning", "notice", "info", "debug"};
	enum log_module m;
	enum log_level l;
	unsigned i;

	for (i = 0; i < LOGM__COUNT; i++) {
		ck_assert_str_eq(log_module_name((enum log_module)i), mods[i]);
		ck_assert_int_eq(log_module_parse(mods[i], &m), 0);
		ck_assert_int_eq(m, (int)i);
	}
	for (i = 0; i <= LOG_LVL_DEBUG; i++) {
		ck_assert_str_eq(log_level_name((enum log_level)i), lvls[i]);
		ck_assert_int_eq(log_level_parse(lvls[i], &l), 0);
		ck_assert_int_eq(l, (int)i);
	}
	ck_assert_int_eq(log_module_parse("nope", &m), -EINVAL);
	ck_assert_int_eq(log_module_parse("", &m), -EINVAL);
	ck_assert_int_eq(log_module_parse(NULL, &m), -EINVAL);
	ck_assert_int_eq(log_level_parse("loud", &l), -EINVAL);
	ck_assert_int_eq(log_level_parse("warn", &l), 0);
	ck_assert_int_eq(l, LOG_LVL_WARN);
}
END_TEST

/* The real stderr target: capture fd 2 in a pipe and check one line. */
START_TEST(test_stderr_line)
{
	char line[2048];
	int fds[2], saved;
	ssize_t n;
	char want[64];

	log_set_sink(NULL, NULL);
	ck_assert_int_eq(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fds[1], STDERR_FILENO), 0);
	log_peer(LOGM_BGP, "peer %s: hold timer expired", "169.254.12.229");
	log_info(LOGM_IKE, "plain");
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], line, sizeof(line) - 1);
	close(fds[0]);
	ck_assert_int_gt(n, 0);
	line[n] = '\0';

	/* 2026-11-23T10:00:00.123 vtid-test[pid] bgp: warning: peer: ... */
	ck_assert_int_eq(line[4], '-');
	ck_assert_int_eq(line[10], 'T');
	ck_assert_int_eq(line[19], '.');
	ck_assert_int_eq(line[23], ' ');
	snprintf(want, sizeof(want), " vtid-test[%ld] bgp: warning: peer: ", (long)getpid());
	ck_assert_msg(strncmp(line + 23, want, strlen(want)) == 0, "line: %s", line);
	ck_assert_ptr_nonnull(strstr(line, "peer: peer 169.254.12.229: hold timer expired\n"));
	ck_assert_ptr_nonnull(strstr(line, "] ike: info: plain\n"));
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sink_gets_level_kind_module);
	tcase_add_test(tc, test_level_filter);
	tcase_add_test(tc, test_debug_switch);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_control_chars_scrubbed);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_stderr_line);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(log_suite());
}
