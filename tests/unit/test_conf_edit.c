/*
 * Editing as the shell does it: the seed transcript, abbreviations,
 * falling back to parent modes, "no" forms, commits that succeed or are
 * refused, PSK secrecy, PSK files on disk, and the odds and ends of the
 * configuration API (values for completion, validation, render flags).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/check_main.h"
#include "vtid/conf/conf.h"

static struct ly_ctx *ctx;
static struct conf_edit e;
static struct strbuf err, out;
static int commits;
static int commit_result;
static char *committed; /* rendering of the candidate at the last commit */

static int hook(struct conf_edit *ed, struct strbuf *why)
{
	struct strbuf r = STRBUF_INIT;
	int ret;

	commits++;
	if (commit_result) {
		sb_add(why, "% Commit refused (test)\n");
		return commit_result;
	}
	ret = conf_validate(ed->ctx, &ed->candidate, why);
	if (ret)
		return ret;
	conf_render(ed->candidate, 0, &r);
	free(committed);
	committed = sb_steal(&r);
	ed->dirty = false;
	return 0;
}

static void setup(void)
{
	ctx = conf_ctx_new(&err);
	ck_assert_msg(ctx != NULL, "%s", sb_str(&err));
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(conf_edit_begin(&e, ctx, NULL), 0);
	e.commit = hook;
	commits = 0;
	commit_result = 0;
	committed = NULL;
	sb_reset(&err);
	sb_reset(&out);
}

static void teardown(void)
{
	conf_edit_end(&e);
	conf_ctx_free(ctx);
	free(committed);
	sb_free(&err);
	sb_free(&out);
}

/* Run a line that must succeed. */
static void ok(const char *line)
{
	int r;

	sb_reset(&err);
	r = conf_edit_line(&e, NULL, 0, line, &out, &err);
	ck_assert_msg(r == 0, "'%s' failed (%d): %s", line, r, sb_str(&err));
	ck_assert_str_eq(sb_str(&err), "");
}

/* Run a line that must fail, with this message. */
static void fails(const char *line, const char *msg)
{
	int r;

	sb_reset(&err);
	r = conf_edit_line(&e, NULL, 0, line, &out, &err);
	ck_assert_msg(r < 0, "'%s' succeeded", line);
	if (msg)
		ck_assert_str_eq(sb_str(&err), msg);
}

static char *render(const struct lyd_node *t, unsigned flags)
{
	struct strbuf r = STRBUF_INIT;

	char *s;

	ck_assert_int_eq(conf_render(t, flags, &r), 0);
	s = sb_steal(&r);
	return s ? s : strdup("");
}

static void assert_candidate(const char *want)
{
	char *got = render(e.candidate, 0);

	ck_assert_msg(strcmp(got, want) == 0, "candidate:\n%s--- expected:\n%s", got, want);
	free(got);
}

static const char tunnel_lines[] = "tunnel aws1\n"
				   " interface vti1\n"
				   " local address 10.16.1.254\n"
				   " remote address 35.98.76.54\n"
				   " psk Example.PSK.1234\n";

static void lines(const char *text)
{
	char buf[256];
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		ck_assert_ptr_nonnull(nl);
		ck_assert_uint_lt((size_t)(nl - p), sizeof(buf));
		memcpy(buf, p, (size_t)(nl - p));
		buf[nl - p] = '\0';
		ok(buf);
		p = nl + 1;
	}
}

START_TEST(test_table_is_well_formed)
{
	ck_assert_msg(cmd_table_check(&conf_cmd_table, &err) == 0, "%s", sb_str(&err));
}
END_TEST

START_TEST(test_seed_transcript)
{
	ok("router bgp 65016");
	ck_assert_int_eq(e.mode, CMD_MODE_BGP);
	ck_assert_str_eq(e.mode_path[CMD_MODE_BGP], "/vtid:bgp");
	ok("neighbor 169.254.12.37 remote-as 64512");
	ok("neighbor 169.254.14.229 remote-as 64512");
	ok("address-family ipv4 unicast");
	ck_assert_int_eq(e.mode, CMD_MODE_BGP_AF_V4);
	ck_assert_str_eq(e.mode_path[CMD_MODE_BGP_AF_V4],
			 "/vtid:bgp/address-family[afi='ipv4-unicast']");
	ok("network 10.16.16.0/24");
	ck_assert(e.dirty);
	ck_assert_int_eq(commits, 0);
	ok("end");
	ck_assert_int_eq(commits, 1);
	ck_assert_int_eq(e.mode, CMD_MODE_EXEC);
	ck_assert_ptr_null(e.candidate);
	ck_assert_ptr_null(e.mode_path[CMD_MODE_BGP]);
	ck_assert_str_eq(committed, "router bgp 65016\n"
				    " neighbor 169.254.12.37 remote-as 64512\n"
				    " neighbor 169.254.14.229 remote-as 64512\n"
				    " !\n"
				    " address-family ipv4 unicast\n"
				    "  network 10.16.16.0/24\n"
				    " exit-address-family\n"
				    "exit\n"
				    "!\n");
}
END_TEST

START_TEST(test_abbreviations)
{
	ok("router b 65016");
	ok("nei 169.254.12.37 remote-as 64512");
	ok("nei 169.254.12.37 ti 10 40");
	ok("add ipv4 uni");
	ok("net 10.16.16.0/24");
	ok("exit-a");
	ck_assert_int_eq(e.mode, CMD_MODE_BGP);
	assert_candidate("router bgp 65016\n"
			 " neighbor 169.254.12.37 remote-as 64512\n"
			 " neighbor 169.254.12.37 timers 10 40\n"
			 " !\n"
			 " address-family ipv4 unicast\n"
			 "  network 10.16.16.0/24\n"
			 " exit-address-family\n"
			 "exit\n"
			 "!\n");
	fails("ro 65016", NULL); /* router or router-id */
}
END_TEST

START_TEST(test_parent_fallback)
{
	ok("router bgp 65016");
	ok("address-family ipv4 unicast");
	ok("tunnel aws1");
	ck_assert_int_eq(e.mode, CMD_MODE_TUNNEL);
	ck_assert_ptr_null(e.mode_path[CMD_MODE_BGP]);
	ck_assert_ptr_null(e.mode_path[CMD_MODE_BGP_AF_V4]);
	ck_assert_str_eq(e.mode_path[CMD_MODE_TUNNEL], "/vtid:tunnels/tunnel[name='aws1']");
	ok("interface vti1");
	/* Not a command of tunnel mode nor of config mode: the mode stays. */
	fails("neighbor 169.254.12.37 remote-as 64512",
	      "% Unknown command: neighbor 169.254.12.37 remote-as 64512 (at 'neighbor')\n");
	ck_assert_int_eq(e.mode, CMD_MODE_TUNNEL);
	ok("log level info");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ck_assert_ptr_null(e.mode_path[CMD_MODE_TUNNEL]);
	assert_candidate("log level info\n"
			 "!\n"
			 "tunnel aws1\n"
			 " interface vti1\n"
			 "exit\n"
			 "!\n"
			 "router bgp 65016\n"
			 " address-family ipv4 unicast\n"
			 " exit-address-family\n"
			 "exit\n"
			 "!\n");
}
END_TEST

START_TEST(test_no_forms)
{
	lines(tunnel_lines);
	ok("ike proposal aes128-sha256-modp2048");
	ok("ike proposal aes256-sha256-modp2048");
	ok("mark 100");
	ok("description gone soon");
	ok("no description");
	ok("no mark 100");
	ok("no ike proposal aes128-sha256-modp2048");
	ok("exit");
	lines("tunnel aws2\n interface vti2\n");
	ok("no tunnel aws2");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ok("router bgp 65016");
	ok("neighbor 169.254.12.37 remote-as 64512");
	ok("neighbor 169.254.12.37 passive");
	ok("neighbor 10.1.1.1 remote-as 65001");
	ok("no neighbor 10.1.1.1");
	ok("address-family ipv4 unicast");
	ok("no neighbor 169.254.12.37 activate");
	ok("neighbor 169.254.12.37 maximum-prefix 100");
	ok("no neighbor 169.254.12.37 maximum-prefix");
	ok("exit");
	ok("no neighbor 169.254.12.37 passive");
	assert_candidate("tunnel aws1\n"
			 " interface vti1\n"
			 " local address 10.16.1.254\n"
			 " remote address 35.98.76.54\n"
			 " psk ********\n"
			 " ike proposal aes256-sha256-modp2048\n"
			 "exit\n"
			 "!\n"
			 "router bgp 65016\n"
			 " neighbor 169.254.12.37 remote-as 64512\n"
			 " !\n"
			 " address-family ipv4 unicast\n"
			 "  no neighbor 169.254.12.37 activate\n"
			 " exit-address-family\n"
			 "exit\n"
			 "!\n");
	fails("no router bgp 65099", "% BGP is configured with AS 65016, not 65099\n");
	ok("no router bgp");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ok("no tunnel aws1");
	ck_assert_ptr_null(e.candidate);
}
END_TEST

START_TEST(test_asn_conflict)
{
	ok("router bgp 65016");
	ok("exit");
	fails("router bgp 65017", "% BGP is already configured with AS 65016\n");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ok("router bgp 65016");
	ck_assert_int_eq(e.mode, CMD_MODE_BGP);
}
END_TEST

START_TEST(test_commit_refused_keeps_the_session)
{
	lines(tunnel_lines);
	commit_result = -EBUSY;
	fails("end", "% Commit refused (test)\n");
	ck_assert_int_eq(e.mode, CMD_MODE_TUNNEL);
	ck_assert_ptr_nonnull(e.candidate);
	commit_result = 0;
	ok("commit");
	ck_assert_int_eq(commits, 2);
	ck_assert_int_eq(e.mode, CMD_MODE_TUNNEL);
	ck_assert(!e.dirty);
	ok("exit");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ck_assert_int_eq(commits, 2);
	ok("exit"); /* from config mode: commit and leave */
	ck_assert_int_eq(commits, 3);
	ck_assert_int_eq(e.mode, CMD_MODE_EXEC);
}
END_TEST

START_TEST(test_invalid_candidate_is_not_committed)
{
	ok("tunnel aws1");
	ok("interface vti1");
	fails("end", "tunnel aws1: local address is missing\n"
		     "tunnel aws1: remote address is missing\n"
		     "tunnel aws1: psk or psk-file is missing\n");
	ck_assert_int_eq(e.mode, CMD_MODE_TUNNEL);
}
END_TEST

START_TEST(test_abort)
{
	lines(tunnel_lines);
	ok("abort");
	ck_assert_int_eq(commits, 0);
	ck_assert_int_eq(e.mode, CMD_MODE_EXEC);
	ck_assert_ptr_null(e.candidate);
}
END_TEST

START_TEST(test_file_mode_without_commit)
{
	e.commit = NULL;
	lines(tunnel_lines);
	ok("end");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ok("exit");
	ck_assert_int_eq(e.mode, CMD_MODE_CONFIG);
	ok("commit");
	fails("abort", "% abort is for the shell, not for a configuration file\n");
	ck_assert_ptr_nonnull(e.candidate);
}
END_TEST

START_TEST(test_bad_values_at_once)
{
	ok("tunnel aws1");
	fails("interface 1vti", "% tunnel aws1: interface 1vti: an interface name is 1..15 "
				"characters: a letter, then letters, digits, '_', '.' or '-'\n");
	fails("ike lifetime 10", "% Invalid value '10' for (900-86400)\n");
	fails("tunnel bad/name", "% tunnel bad/name: a tunnel name is 1..32 letters, digits, "
				 "'.', '_' or '-', starting with a letter or digit\n");
	/* Nothing was set by the failed lines. */
	assert_candidate("tunnel aws1\nexit\n!\n");
	ok("router bgp 65016");
	ok("address-family ipv4 unicast");
	fails("neighbor 1.2.3.4 activate",
	      "% neighbor 1.2.3.4 is not configured; first: neighbor 1.2.3.4 remote-as AS\n");
}
END_TEST

START_TEST(test_psk_stays_secret)
{
	char *plain, *secret;

	ok("tunnel aws1");
	fails("psk two words here", "% Invalid psk line (not shown: it holds a secret)\n");
	fails("ps two words here", "% Invalid psk line (not shown: it holds a secret)\n");
	fails("psk ********", "% tunnel aws1: psk: the secret is masked ('********'); give the "
			      "real PSK\n");
	fails("psk short7", "% tunnel aws1: psk: PSK must be 8..255 characters long\n");
	ok("psk Good.Secret.99");
	plain = render(e.candidate, 0);
	secret = render(e.candidate, CONF_RENDER_SECRETS);
	ck_assert_ptr_null(strstr(plain, "Good.Secret.99"));
	ck_assert_ptr_nonnull(strstr(plain, " psk ********\n"));
	ck_assert_ptr_nonnull(strstr(secret, " psk Good.Secret.99\n"));
	/* psk and psk-file exclude each other: the last one given wins. */
	ok("psk-file /etc/vtid/aws1.psk");
	free(plain);
	plain = render(e.candidate, CONF_RENDER_SECRETS);
	ck_assert_ptr_null(strstr(plain, " psk "));
	ck_assert_ptr_nonnull(strstr(plain, " psk-file /etc/vtid/aws1.psk\n"));
	free(plain);
	free(secret);
}
END_TEST

START_TEST(test_json_masks_psk)
{
	struct strbuf j = STRBUF_INIT;

	lines(tunnel_lines);
	ck_assert_int_eq(conf_render_json(e.candidate, 0, &j), 0);
	ck_assert_ptr_null(strstr(sb_str(&j), "Example.PSK.1234"));
	ck_assert_ptr_nonnull(strstr(sb_str(&j), "\"psk\": \"********\""));
	sb_reset(&j);
	ck_assert_int_eq(conf_render_json(e.candidate, CONF_RENDER_SECRETS, &j), 0);
	ck_assert_ptr_nonnull(strstr(sb_str(&j), "\"psk\": \"Example.PSK.1234\""));
	sb_free(&j);
}
END_TEST

START_TEST(test_render_defaults_and_unvalidated)
{
	char *s;

	ok("router bgp 65016");
	ok("neighbor 169.254.12.37 remote-as 64512");
	/* Only the hold time set: the keepalive shown is its default. */
	ok("neighbor 169.254.12.37 timers 10 90");
	ok("no neighbor 169.254.12.37 timers");
	ok("neighbor 169.254.12.37 timers 10 90");
	s = render(e.candidate, 0);
	ck_assert_ptr_nonnull(strstr(s, " neighbor 169.254.12.37 timers 10 90\n"));
	free(s);
	ok("exit");
	lines(tunnel_lines);
	ck_assert_int_eq(conf_validate(ctx, &e.candidate, &err), 0);
	s = render(e.candidate, CONF_RENDER_DEFAULTS);
	ck_assert_ptr_nonnull(strstr(s, "log level notice\n"));
	ck_assert_ptr_nonnull(strstr(s, " ike lifetime 28800\n"));
	ck_assert_ptr_nonnull(strstr(s, " mtu auto\n"));
	ck_assert_ptr_nonnull(strstr(s, " dpd action restart\n"));
	free(s);
	s = render(e.candidate, 0);
	ck_assert_ptr_null(strstr(s, "28800"));
	free(s);
}
END_TEST

START_TEST(test_values_for_completion)
{
	const char *const *v;

	ck_assert_uint_eq(conf_values("tunnel", &v, NULL), 0);
	lines(tunnel_lines);
	ok("tunnel aws2");
	ok("ip prefix-list from-aws seq 5 permit 10.0.0.0/8");
	ok("router bgp 65016");
	ok("neighbor 169.254.12.37 remote-as 64512");
	ck_assert_uint_eq(conf_values("tunnel", &v, e.candidate), 2);
	ck_assert_str_eq(v[0], "aws1");
	ck_assert_str_eq(v[1], "aws2");
	ck_assert_uint_eq(conf_values("neighbor", &v, e.candidate), 1);
	ck_assert_str_eq(v[0], "169.254.12.37");
	ck_assert_uint_eq(conf_values("prefix-list", &v, e.candidate), 1);
	ck_assert_str_eq(v[0], "from-aws");
	ck_assert_uint_eq(conf_values("nonsense", &v, e.candidate), 0);
}
END_TEST

START_TEST(test_validate_names_no_lines)
{
	lines(tunnel_lines);
	ok("mark 100");
	ok("tunnel aws2");
	ok("interface vti2");
	ok("local address 10.16.1.254");
	ok("remote address 54.98.76.54");
	ok("psk Example.PSK.1234");
	ok("mark 100");
	ok("esp lifetime 30000");
	ck_assert_int_eq(conf_validate(ctx, &e.candidate, &err), -EINVAL);
	ck_assert_str_eq(sb_str(&err), "tunnel aws2: mark 100 is already used by tunnel aws1\n"
				       "tunnel aws2: esp lifetime 30000: esp lifetime must be "
				       "shorter than ike lifetime\n");
	ok("no mark");
	ok("no esp lifetime");
	sb_reset(&err);
	ck_assert_int_eq(conf_validate(ctx, &e.candidate, &err), 0);
	/* Validated: the defaults are in the tree, flagged as such. */
	{
		struct lyd_node *n = NULL;

		ck_assert_int_eq(lyd_find_path(e.candidate,
					       "/vtid:tunnels/tunnel[name='aws2']/ike/lifetime", 0,
					       &n),
				 LY_SUCCESS);
		ck_assert(n->flags & LYD_DEFAULT);
	}
}
END_TEST

/* ---- files ---------------------------------------------------------------- */

static char tmpdir[64];

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static void files_setup(void)
{
	setup();
	strcpy(tmpdir, "/tmp/test_conf.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void files_teardown(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/t1.psk", tmpdir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/vtid.conf", tmpdir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/big.conf", tmpdir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/dir.psk", tmpdir);
	rmdir(p);
	rmdir(tmpdir);
	teardown();
}

START_TEST(test_psk_file_permissions)
{
	char conf[128], psk[128], text[512], want[512];
	struct lyd_node *t = NULL;

	snprintf(conf, sizeof(conf), "%s/vtid.conf", tmpdir);
	snprintf(psk, sizeof(psk), "%s/t1.psk", tmpdir);
	snprintf(text, sizeof(text),
		 "tunnel t1\n interface vti1\n local address 10.16.1.254\n"
		 " remote address 35.98.76.54\n psk-file %s\nexit\n", psk);
	write_file(conf, text, 0644);

	snprintf(want, sizeof(want), "%s:5: tunnel t1: psk-file %s does not exist\n", conf, psk);
	ck_assert_int_eq(conf_load_file(ctx, conf, &t, &err), -EINVAL);
	ck_assert_str_eq(sb_str(&err), want);

	write_file(psk, "Secret.From.File\n", 0644);
	sb_reset(&err);
	snprintf(want, sizeof(want),
		 "%s:5: tunnel t1: psk-file %s is readable by everyone (mode 0644); chmod 600 it\n",
		 conf, psk);
	ck_assert_int_eq(conf_load_file(ctx, conf, &t, &err), -EINVAL);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(sb_str(&err), want);

	/* Text loading does not look at files; validation does. */
	sb_reset(&err);
	ck_assert_int_eq(conf_load_text(ctx, "vtid.conf", text, &t, &err), 0);
	snprintf(want, sizeof(want),
		 "tunnel t1: psk-file %s is readable by everyone (mode 0644); chmod 600 it\n", psk);
	ck_assert_int_eq(conf_validate(ctx, &t, &err), -EINVAL);
	ck_assert_str_eq(sb_str(&err), want);
	lyd_free_all(t);
	t = NULL;

	ck_assert_int_eq(chmod(psk, 0600), 0);
	sb_reset(&err);
	ck_assert_msg(conf_load_file(ctx, conf, &t, &err) == 0, "%s", sb_str(&err));
	ck_assert_ptr_nonnull(t);
	lyd_free_all(t);
	t = NULL;

	unlink(psk);
	snprintf(psk, sizeof(psk), "%s/dir.psk", tmpdir);
	ck_assert_int_eq(mkdir(psk, 0700), 0);
	snprintf(text, sizeof(text),
		 "tunnel t1\n interface vti1\n local address 10.16.1.254\n"
		 " remote address 35.98.76.54\n psk-file %s\n", psk);
	write_file(conf, text, 0644);
	sb_reset(&err);
	snprintf(want, sizeof(want), "%s:5: tunnel t1: psk-file %s is not a regular file\n", conf,
		 psk);
	ck_assert_int_eq(conf_load_file(ctx, conf, &t, &err), -EINVAL);
	ck_assert_str_eq(sb_str(&err), want);
}
END_TEST

START_TEST(test_load_file_limits)
{
	char path[128], want[256];
	struct lyd_node *t = NULL;
	char *big;
	int fd;

	snprintf(path, sizeof(path), "%s/missing.conf", tmpdir);
	snprintf(want, sizeof(want), "%s: No such file or directory\n", path);
	ck_assert_int_eq(conf_load_file(ctx, path, &t, &err), -ENOENT);
	ck_assert_str_eq(sb_str(&err), want);

	snprintf(path, sizeof(path), "%s/big.conf", tmpdir);
	big = malloc(CONF_MAX_FILE + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, '!', CONF_MAX_FILE + 1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, big, CONF_MAX_FILE + 1), CONF_MAX_FILE + 1);
	close(fd);
	free(big);
	sb_reset(&err);
	snprintf(want, sizeof(want), "%s: the file is too large (%u bytes; at most %u)\n", path,
		 CONF_MAX_FILE + 1, CONF_MAX_FILE);
	ck_assert_int_eq(conf_load_file(ctx, path, &t, &err), -EFBIG);
	ck_assert_str_eq(sb_str(&err), want);
	ck_assert_ptr_null(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf editing");
	TCase *tc = tcase_create("edit"), *tf = tcase_create("files");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_table_is_well_formed);
	tcase_add_test(tc, test_seed_transcript);
	tcase_add_test(tc, test_abbreviations);
	tcase_add_test(tc, test_parent_fallback);
	tcase_add_test(tc, test_no_forms);
	tcase_add_test(tc, test_asn_conflict);
	tcase_add_test(tc, test_commit_refused_keeps_the_session);
	tcase_add_test(tc, test_invalid_candidate_is_not_committed);
	tcase_add_test(tc, test_abort);
	tcase_add_test(tc, test_file_mode_without_commit);
	tcase_add_test(tc, test_bad_values_at_once);
	tcase_add_test(tc, test_psk_stays_secret);
	tcase_add_test(tc, test_json_masks_psk);
	tcase_add_test(tc, test_render_defaults_and_unvalidated);
	tcase_add_test(tc, test_values_for_completion);
	tcase_add_test(tc, test_validate_names_no_lines);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tf, files_setup, files_teardown);
	tcase_add_test(tf, test_psk_file_permissions);
	tcase_add_test(tf, test_load_file_limits);
	suite_add_tcase(s, tf);
	return run_suite(s);
}
