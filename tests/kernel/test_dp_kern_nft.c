/*
 * The kernel backend's nftables table (vtid/dp/kern_nft.c) on any kernel
 * with nftables, so it is tested on the build hosts too: the clamp rules
 * follow the tunnels, a rewrite replaces the table whole, and the delete
 * is idempotent.  Runs in a network namespace of its own; SKIPs (77)
 * without root or nftables.
 */
#include <check.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nftables/libnftables.h>

#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "vtid/dp/kern_int.h"

/* `list table inet vtid`: its text, or NULL when there is none. */
static char *nft_table(struct nft_ctx *nft)
{
	if (nft_run_cmd_from_buffer(nft, "list table inet vtid") != 0)
		return NULL;
	return strdup(nft_ctx_get_output_buffer(nft));
}

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

START_TEST(t_table)
{
	struct strbuf err = STRBUF_INIT;
	struct kern_dp dp;
	struct kern_tunnel t1, t2;
	struct nft_ctx *nft;
	char *s;

	/* first: a context's netlink socket stays in the namespace it was made in */
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	memset(&dp, 0, sizeof(dp));
	memset(&t1, 0, sizeof(t1));
	memset(&t2, 0, sizeof(t2));
	snprintf(t1.base.ifname, sizeof(t1.base.ifname), "vti1");
	t1.mss4 = 1360;
	t1.mss6 = 1340;
	snprintf(t2.base.ifname, sizeof(t2.base.ifname), "vti2");
	t2.mss4 = t2.mss6 = 1379;
	ck_assert_msg(kern_nft_open(&dp, &err) == 0, "%s", sb_str(&err));

	/* a run that died left a table with other rules: it goes */
	ck_assert_int_eq(nft_run_cmd_from_buffer(nft, "add table inet vtid\n"
						      "add chain inet vtid stale\n"),
			 0);
	ck_assert_msg(kern_nft_table_delete(dp.nft, &err) == 0, "%s", sb_str(&err));
	ck_assert_ptr_null(nft_table(nft));
	ck_assert_msg(kern_nft_table_delete(dp.nft, &err) == 0, "%s", sb_str(&err));

	dp.tunnels = &t1;
	ck_assert_msg(kern_nft_sync(&dp, &err) == 0, "%s", sb_str(&err));
	s = nft_table(nft);
	ck_assert_ptr_nonnull(s);
	ck_assert_msg(strstr(s, "hook forward") && count(s, "\"vti1\"") == 4 &&
			      count(s, "maxseg size set 1360") == 2 &&
			      count(s, "maxseg size set 1340") == 2 && !strstr(s, "vti2"),
		      "%s", s);
	free(s);

	/* a second tunnel: the whole table again, not rules added beside */
	t2.next = &t1;
	dp.tunnels = &t2;
	ck_assert_msg(kern_nft_sync(&dp, &err) == 0, "%s", sb_str(&err));
	s = nft_table(nft);
	ck_assert_msg(count(s, "\"vti1\"") == 4 && count(s, "\"vti2\"") == 4 &&
			      count(s, "maxseg size set 1379") == 4 && count(s, "chain ") == 1,
		      "%s", s);
	free(s);

	/* clamp off for vti1; vti2 gone */
	t1.mss4 = t1.mss6 = 0;
	dp.tunnels = &t1;
	ck_assert_msg(kern_nft_sync(&dp, &err) == 0, "%s", sb_str(&err));
	s = nft_table(nft);
	ck_assert_msg(s && !strstr(s, "vti1") && !strstr(s, "vti2"), "%s", s ? s : "none");
	free(s);

	ck_assert_msg(kern_nft_table_delete(dp.nft, &err) == 0, "%s", sb_str(&err));
	ck_assert_ptr_null(nft_table(nft));
	kern_nft_close(&dp);
	nft_ctx_free(nft);
	sb_free(&err);
}
END_TEST

int main(void)
{
	struct nft_ctx *nft;
	Suite *s;
	TCase *tc;
	int rc;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		printf("SKIP: needs root\n");
		return 77;
	}
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	nft_ctx_buffer_error(nft);
	rc = nft_run_cmd_from_buffer(nft, "list tables");
	nft_ctx_free(nft);
	if (rc != 0) {
		printf("SKIP: no nftables\n");
		return 77;
	}
	s = suite_create("dp_kern_nft");
	tc = tcase_create("nft");
	tcase_add_test(tc, t_table);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
