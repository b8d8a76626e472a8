/*
 * nb and sessions against a daemon without a loop or socket: what a commit
 * hands the modules, abort on a failed prepare, PSK files, stale commits.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "tests/unit/check_main.h"
#include "vtid/bgp_mgr.h"
#include "vtid/conf/conf.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/tunnel_mgr.h"

static struct vtid_daemon d;
static char dir[] = "/tmp/vtid-test-nb.XXXXXX";
static char conf_path[64], psk_path[64];

static void setup(void)
{
	struct strbuf err = STRBUF_INIT;

	log_init("test_nb", LOG_TO_STDERR, LOG_LVL_ERR);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(conf_path, sizeof(conf_path), "%s/vtid.conf", dir);
	snprintf(psk_path, sizeof(psk_path), "%s/aws1.psk", dir);
	ck_assert_int_eq(vtid_daemon_init(&d, conf_path, &err), 0);
	sb_free(&err);
}

static void teardown(void)
{
	char bak[80];

	vtid_daemon_fini(&d);
	snprintf(bak, sizeof(bak), "%s.bak", conf_path);
	unlink(bak);
	unlink(conf_path);
	unlink(psk_path);
	rmdir(dir);
	strcpy(dir, "/tmp/vtid-test-nb.XXXXXX");
}

static void file_write(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static const char two_tunnels[] =
	"tunnel aws1\n"
	" interface vti1\n"
	" local address 192.0.2.10\n"
	" remote address 203.0.113.1\n"
	" psk-file %s\n"
	" inside local 169.254.12.38/30\n"
	" inside peer 169.254.12.37\n"
	"exit\n"
	"tunnel aws2\n"
	" interface vti2\n"
	" local address 192.0.2.10\n"
	" remote address 203.0.113.2\n"
	" psk aws2secretkey\n"
	"exit\n"
	"router bgp 65016\n"
	" neighbor 169.254.12.37 remote-as 64512\n"
	"exit\n";

static void conf_write_two(void)
{
	char text[1024];

	snprintf(text, sizeof(text), two_tunnels, psk_path);
	file_write(conf_path, text, 0600);
}

/* Run a line; returns the status, output in *out if given. */
static enum ctl_status run(struct ctl_session *s, const char *line, char **out)
{
	struct ctl_reply r = {.out = STRBUF_INIT};
	enum ctl_status st;

	ctl_session_request(s, CTL_T_EXEC, line, &r);
	st = r.status;
	if (out)
		*out = sb_steal(&r.out);
	sb_free(&r.out);
	return st;
}

START_TEST(test_load_hands_plain_structs)
{
	struct strbuf err = STRBUF_INIT;
	const struct tunnel *t;
	struct vt_addr a;

	file_write(psk_path, "aws1secretkey\n", 0600);
	conf_write_two();
	ck_assert_msg(vtid_daemon_load(&d, true, &err) == 0, "%s", sb_str(&err));
	ck_assert_uint_eq(tunnel_mgr_count(d.tunnels), 2);
	t = tunnel_mgr_find(d.tunnels, "aws1");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->conf->psk, "aws1secretkey");
	ck_assert_str_eq(t->conf->psk_file, psk_path);
	ck_assert_str_eq(t->conf->ifname, "vti1");
	ck_assert(t->conf->has_inside);
	ck_assert_uint_eq(t->conf->inside_len, 30);
	vt_addr_parse("169.254.12.38", AF_INET, &a);
	ck_assert(vt_addr_eq(&t->conf->inside_local, &a));
	ck_assert_uint_eq(t->conf->dpd_delay, 10); /* the YANG default */
	ck_assert_uint_eq(t->key, 100);
	ck_assert_str_eq(tunnel_mgr_find(d.tunnels, "aws2")->conf->psk, "aws2secretkey");
	ck_assert_uint_eq(bgp_mgr_count(d.bgp), 1);
	ck_assert_uint_eq(bgp_mgr_instance(d.bgp)->local_as, 65016);
	ck_assert_uint_eq(bgp_mgr_at(d.bgp, 0)->conf.remote_as, 64512);

	/* The PSK file's content changes: only aws1 changes. */
	file_write(psk_path, "aws1newsecret\n", 0600);
	ck_assert_msg(vtid_daemon_load(&d, false, &err) == 0, "%s", sb_str(&err));
	ck_assert_uint_eq(tunnel_mgr_find(d.tunnels, "aws1")->change_count, 1);
	ck_assert_uint_eq(tunnel_mgr_find(d.tunnels, "aws2")->change_count, 0);
	ck_assert_str_eq(tunnel_mgr_find(d.tunnels, "aws1")->conf->psk, "aws1newsecret");
	ck_assert_uint_eq(bgp_mgr_at(d.bgp, 0)->change_count, 0);

	/* An unreadable PSK file: the whole reload is refused. */
	unlink(psk_path);
	sb_reset(&err);
	ck_assert_int_lt(vtid_daemon_load(&d, false, &err), 0);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "aws1"));
	ck_assert_str_eq(tunnel_mgr_find(d.tunnels, "aws1")->conf->psk, "aws1newsecret");
	sb_free(&err);
}
END_TEST

START_TEST(test_prepare_failure_aborts)
{
	struct strbuf err = STRBUF_INIT;
	uint64_t gen;

	file_write(psk_path, "aws1secretkey\n", 0600);
	conf_write_two();
	/* Room for one automatic mark only: prepare refuses, nothing applied. */
	tunnel_mgr_set_auto_keys(d.tunnels, 100, 100, 1);
	gen = d.running_gen;
	ck_assert_int_eq(vtid_daemon_load(&d, true, &err), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "no free mark"));
	ck_assert_uint_eq(tunnel_mgr_count(d.tunnels), 0);
	ck_assert_uint_eq(bgp_mgr_count(d.bgp), 0);
	ck_assert_uint_eq(d.running_gen, gen);
	ck_assert_ptr_null(d.running);
	sb_free(&err);
}
END_TEST

START_TEST(test_session_commit)
{
	struct ctl_session a, b;
	char *out;

	ctl_session_init(&a, &d, 1);
	ctl_session_init(&b, &d, 2);
	ck_assert_int_eq(run(&a, "conf t", NULL), CTL_ST_OK);
	ck_assert_int_eq(ctl_session_mode(&a), CMD_MODE_CONFIG);
	ck_assert_int_eq(run(&a, "router bgp 65016", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&a, "neighbor 169.254.12.37 remote-as 64512", NULL), CTL_ST_OK);
	/* Nothing is applied before the commit. */
	ck_assert_uint_eq(bgp_mgr_count(d.bgp), 0);
	ck_assert_int_eq(run(&a, "end", NULL), CTL_ST_OK);
	ck_assert_int_eq(ctl_session_mode(&a), CMD_MODE_EXEC);
	ck_assert_uint_eq(bgp_mgr_count(d.bgp), 1);

	/* b enters config mode, a commits again: b's commit is refused. */
	ck_assert_int_eq(run(&b, "conf t", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "router bgp 65016", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "neighbor 10.0.0.2 remote-as 65002", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&a, "conf t", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&a, "router bgp 65016", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&a, "neighbor 10.0.0.1 remote-as 65001", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&a, "end", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "end", &out), CTL_ST_COMMIT_REFUSED);
	ck_assert_ptr_nonnull(strstr(out, "changed"));
	free(out);
	ck_assert_int_ne(ctl_session_mode(&b), CMD_MODE_EXEC);
	ck_assert_uint_eq(bgp_mgr_count(d.bgp), 2);

	/* Re-applying the same configuration does not make b stale. */
	ck_assert_int_eq(run(&b, "abort", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "conf t", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "router bgp 65016", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "neighbor 10.0.0.3 remote-as 65003", NULL), CTL_ST_OK);
	{
		struct strbuf err = STRBUF_INIT;

		ck_assert_int_eq(vtid_daemon_commit(&d, d.running, &err), 0);
		sb_free(&err);
	}
	ck_assert_int_eq(run(&b, "end", NULL), CTL_ST_OK);
	ck_assert_uint_eq(bgp_mgr_count(d.bgp), 3);

	/* An invalid candidate is refused and running is untouched. */
	ck_assert_int_eq(run(&b, "conf t", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "tunnel t1", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "interface vti1", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&b, "end", &out), CTL_ST_COMMIT_REFUSED);
	ck_assert_ptr_nonnull(strstr(out, "Commit refused"));
	free(out);
	ck_assert_uint_eq(tunnel_mgr_count(d.tunnels), 0);
	ck_assert_int_eq(run(&b, "abort", NULL), CTL_ST_OK);

	/* Exec commands: unknown, show, exit. */
	ck_assert_int_eq(run(&a, "show nonsense", NULL), CTL_ST_CMD_ERROR);
	ck_assert_int_eq(run(&a, "show running-config", &out), CTL_ST_OK);
	ck_assert_ptr_nonnull(strstr(out, " neighbor 10.0.0.1 remote-as 65001\n"));
	free(out);
	ck_assert_int_eq(run(&a, "exit", NULL), CTL_ST_OK);
	ck_assert(a.closing);
	ctl_session_fini(&a);
	ctl_session_fini(&b);
}
END_TEST

START_TEST(test_write_memory)
{
	struct ctl_session s;
	struct strbuf err = STRBUF_INIT;
	struct stat st;
	char *out;
	char bak[80];

	file_write(conf_path, "! nothing yet\n", 0644);
	ctl_session_init(&s, &d, 1);
	ck_assert_int_eq(run(&s, "conf t", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "tunnel aws2", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "interface vti2", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "local address 192.0.2.10", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "remote address 203.0.113.2", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "psk aws2secretkey", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "end", NULL), CTL_ST_OK);
	ck_assert_int_eq(run(&s, "write memory", &out), CTL_ST_OK);
	free(out);
	ck_assert_int_eq(stat(conf_path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	snprintf(bak, sizeof(bak), "%s.bak", conf_path);
	ck_assert_int_eq(stat(bak, &st), 0);
	/* The saved file has the real PSK and loads back to the same tunnel. */
	ck_assert_int_eq(vtid_daemon_load(&d, false, &err), 0);
	ck_assert_uint_eq(tunnel_mgr_find(d.tunnels, "aws2")->change_count, 0);
	ck_assert_str_eq(tunnel_mgr_find(d.tunnels, "aws2")->conf->psk, "aws2secretkey");
	/* show running-config masks it. */
	ck_assert_int_eq(run(&s, "show running-config", &out), CTL_ST_OK);
	ck_assert_ptr_null(strstr(out, "aws2secretkey"));
	free(out);
	ctl_session_fini(&s);
	sb_free(&err);
}
END_TEST

START_TEST(test_write_without_file)
{
	struct vtid_daemon nofile;
	struct strbuf err = STRBUF_INIT;
	struct ctl_session s;
	char *out;

	ck_assert_int_eq(vtid_daemon_init(&nofile, NULL, &err), 0);
	ctl_session_init(&s, &nofile, 1);
	ck_assert_int_eq(run(&s, "write", &out), CTL_ST_CMD_ERROR);
	ck_assert_ptr_nonnull(strstr(out, "without a configuration file"));
	free(out);
	ck_assert_int_eq(run(&s, "reload", NULL), CTL_ST_CMD_ERROR);
	ctl_session_fini(&s);
	vtid_daemon_fini(&nofile);
	sb_free(&err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nb");
	TCase *tc = tcase_create("commit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_load_hands_plain_structs);
	tcase_add_test(tc, test_prepare_failure_aborts);
	tcase_add_test(tc, test_session_commit);
	tcase_add_test(tc, test_write_memory);
	tcase_add_test(tc, test_write_without_file);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
