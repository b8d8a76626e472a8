/*
 * The tunnel manager with plain structs: key assignment, stability across
 * reloads, change counting, refusal without side effects.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/secret.h"
#include "tests/unit/check_main.h"
#include "vtid/tunnel_mgr.h"

static struct tunnel_conf *conf_make(const char *name, enum tunnel_iftype type, uint32_t key)
{
	struct tunnel_conf *c = tunnel_conf_new();

	ck_assert_ptr_nonnull(c);
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->ifname, sizeof(c->ifname), "if-%s", name);
	c->iftype = type;
	ck_assert_int_eq(vt_addr_parse("192.0.2.1", AF_INET, &c->local_addr), 0);
	ck_assert_int_eq(vt_addr_parse("203.0.113.1", AF_INET, &c->remote_addr), 0);
	c->psk = secret_strdup("correct-horse");
	if (key) {
		c->key_set = true;
		c->key = key;
	}
	return c;
}

/* Apply one change; returns prepare's result. */
static int one(struct tunnel_mgr *tm, enum tunnel_op op, const char *name,
	       struct tunnel_conf *c)
{
	struct tunnel_plan p = {0};
	struct strbuf err = STRBUF_INIT;
	int ret;

	ck_assert_int_eq(tunnel_plan_add(&p, op, name, c), 0);
	ret = tunnel_mgr_prepare(tm, &p, &err);
	if (ret == 0)
		tunnel_mgr_apply(tm, &p);
	else
		ck_assert_msg(err.len > 0, "prepare failed without a reason");
	tunnel_plan_free(&p);
	sb_free(&err);
	return ret;
}

static uint32_t key_of(const struct tunnel_mgr *tm, const char *name)
{
	const struct tunnel *t = tunnel_mgr_find(tm, name);

	ck_assert_msg(t != NULL, "tunnel %s missing", name);
	return t->key;
}

static unsigned changes_of(const struct tunnel_mgr *tm, const char *name)
{
	return tunnel_mgr_find(tm, name)->change_count;
}

START_TEST(test_auto_keys)
{
	struct tunnel_mgr *tm = tunnel_mgr_new();

	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "aws1", conf_make("aws1", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "aws2", conf_make("aws2", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_uint_eq(key_of(tm, "aws1"), 100);
	ck_assert_uint_eq(key_of(tm, "aws2"), 200);
	ck_assert(tunnel_mgr_find(tm, "aws1")->key_auto);
	/* XFRM if-ids are their own space. */
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "x1", conf_make("x1", TUNNEL_IF_XFRM, 0)), 0);
	ck_assert_uint_eq(key_of(tm, "x1"), 100);
	/* Removing aws1 does not move aws2; a new tunnel takes the free 100. */
	ck_assert_int_eq(one(tm, TUNNEL_OP_REMOVE, "aws1", NULL), 0);
	ck_assert_uint_eq(key_of(tm, "aws2"), 200);
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "aws3", conf_make("aws3", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_uint_eq(key_of(tm, "aws3"), 100);
	ck_assert_str_eq(tunnel_state_name(tunnel_mgr_find(tm, "aws3")), "configured");
	tunnel_mgr_free(tm);
}
END_TEST

START_TEST(test_explicit_key_wins)
{
	struct tunnel_mgr *tm = tunnel_mgr_new();

	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "a", conf_make("a", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "b", conf_make("b", TUNNEL_IF_VTI, 200)), 0);
	ck_assert_uint_eq(key_of(tm, "a"), 100);
	ck_assert_uint_eq(key_of(tm, "b"), 200);
	ck_assert(!tunnel_mgr_find(tm, "b")->key_auto);
	/* A new tunnel configured with a's auto key: a moves to the next free
	 * one and that counts as a change of a. */
	ck_assert_uint_eq(changes_of(tm, "a"), 0);
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "c", conf_make("c", TUNNEL_IF_VTI, 100)), 0);
	ck_assert_uint_eq(key_of(tm, "c"), 100);
	ck_assert_uint_eq(key_of(tm, "a"), 300);
	ck_assert_uint_eq(changes_of(tm, "a"), 1);
	ck_assert_uint_eq(changes_of(tm, "b"), 0);
	/* Two tunnels with one configured key are refused. */
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "d", conf_make("d", TUNNEL_IF_VTI, 200)), -EINVAL);
	ck_assert_ptr_null(tunnel_mgr_find(tm, "d"));
	tunnel_mgr_free(tm);
}
END_TEST

START_TEST(test_change_counts_only_changed)
{
	struct tunnel_mgr *tm = tunnel_mgr_new();
	struct tunnel_conf *c;

	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "a", conf_make("a", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "b", conf_make("b", TUNNEL_IF_VTI, 0)), 0);
	c = conf_make("b", TUNNEL_IF_VTI, 0);
	c->dpd_delay = 20;
	ck_assert(!tunnel_conf_eq(c, tunnel_mgr_find(tm, "b")->conf));
	ck_assert_int_eq(one(tm, TUNNEL_OP_CHANGE, "b", c), 0);
	ck_assert_uint_eq(changes_of(tm, "a"), 0);
	ck_assert_uint_eq(changes_of(tm, "b"), 1);
	ck_assert_uint_eq(tunnel_mgr_find(tm, "b")->conf->dpd_delay, 20);
	/* The auto key survives the change. */
	ck_assert_uint_eq(key_of(tm, "b"), 200);
	tunnel_mgr_free(tm);
}
END_TEST

START_TEST(test_no_free_key)
{
	struct tunnel_mgr *tm = tunnel_mgr_new();
	struct tunnel_plan p = {0};
	struct strbuf err = STRBUF_INIT;

	tunnel_mgr_set_auto_keys(tm, 100, 100, 2);
	ck_assert_int_eq(tunnel_plan_add(&p, TUNNEL_OP_ADD, "a", conf_make("a", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(tunnel_plan_add(&p, TUNNEL_OP_ADD, "b", conf_make("b", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(tunnel_plan_add(&p, TUNNEL_OP_ADD, "c", conf_make("c", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(tunnel_mgr_prepare(tm, &p, &err), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "no free mark"));
	/* Refused: nothing was applied. */
	ck_assert_uint_eq(tunnel_mgr_count(tm), 0);
	tunnel_plan_free(&p);
	sb_free(&err);
	tunnel_mgr_free(tm);
}
END_TEST

START_TEST(test_inconsistent_plan)
{
	struct tunnel_mgr *tm = tunnel_mgr_new();

	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "a", conf_make("a", TUNNEL_IF_VTI, 0)), 0);
	ck_assert_int_eq(one(tm, TUNNEL_OP_ADD, "a", conf_make("a", TUNNEL_IF_VTI, 0)), -EINVAL);
	ck_assert_int_eq(one(tm, TUNNEL_OP_REMOVE, "zz", NULL), -EINVAL);
	ck_assert_int_eq(one(tm, TUNNEL_OP_CHANGE, "zz", conf_make("zz", TUNNEL_IF_VTI, 0)),
			 -EINVAL);
	ck_assert_uint_eq(tunnel_mgr_count(tm), 1);
	tunnel_mgr_free(tm);
}
END_TEST

START_TEST(test_conf_eq)
{
	struct tunnel_conf *a = conf_make("a", TUNNEL_IF_VTI, 0);
	struct tunnel_conf *b = conf_make("a", TUNNEL_IF_VTI, 0);

	ck_assert(tunnel_conf_eq(a, b));
	secret_strfree(b->psk);
	b->psk = secret_strdup("another-secret");
	ck_assert(!tunnel_conf_eq(a, b));
	ck_assert_int_eq(tunnel_strlist_add(&a->ike_proposals, "aes256-sha256-modp2048"), 0);
	ck_assert_int_eq(tunnel_strlist_add(&b->ike_proposals, "aes256-sha256-modp2048"), 0);
	secret_strfree(b->psk);
	b->psk = secret_strdup("correct-horse");
	ck_assert(tunnel_conf_eq(a, b));
	tunnel_conf_free(a);
	tunnel_conf_free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tunnel_mgr");
	TCase *tc = tcase_create("table");

	log_init("test_tunnel_mgr", LOG_TO_STDERR, LOG_LVL_WARN);
	tcase_add_test(tc, test_auto_keys);
	tcase_add_test(tc, test_explicit_key_wins);
	tcase_add_test(tc, test_change_counts_only_changed);
	tcase_add_test(tc, test_no_free_key);
	tcase_add_test(tc, test_inconsistent_plan);
	tcase_add_test(tc, test_conf_eq);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
