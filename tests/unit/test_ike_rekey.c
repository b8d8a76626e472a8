/*
 * CREATE_CHILD_SA and INFORMATIONAL between two engines (tests/unit/ike_pair.h):
 * CHILD_SA and IKE SA rekeys from either side, with PFS, their collisions
 * (RFC 7296 §2.8.1, §2.8.2), DPD, Delete, and requests the responder must
 * refuse.  Every child_add / child_del is checked for make-before-break.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "common/crypto.h"
#include "common/log.h"
#include "ike/ike_int.h"
#include "tests/unit/check_main.h"
#include "tests/unit/ike_pair.h"
#include "tests/unit/ike_watch.h"

/* ---- CHILD_SA rekey ----------------------------------------------------------- */

struct rekeyed {
	uint32_t old_in[2]; /* each side's inbound SPI before */
};

/* One child per side, matching, neither the old one, nothing in flight. */
static bool pred_child_rekeyed(struct ike_pair *p, void *arg)
{
	struct rekeyed *r = arg;

	for (int s = 0; s < 2; s++) {
		const struct ike_sa *sa = p->side[s].t->sa;

		if (ike_pair_child_count(p, s) != 1 ||
		    ike_pair_child(p, s, 0)->spi_in == r->old_in[s] || !sa || sa->req_busy ||
		    sa->children == NULL || sa->children->next)
			return false;
	}
	return ike_pair_children_match(p);
}

static void child_rekey_from(int side, const struct opts *o)
{
	struct ike_pair *p = pair_up(o);
	struct rekeyed r = {{ike_pair_child(p, 0, 0)->spi_in, ike_pair_child(p, 1, 0)->spi_in}};

	ike_child_expired(p->side[side].t, r.old_in[side], false);
	ck_assert(ike_pair_run_until(p, pred_child_rekeyed, &r, WAIT_MS));
	for (int s = 0; s < 2; s++) {
		ck_assert_uint_eq(p->side[s].child_adds, 2);
		ck_assert_uint_eq(p->side[s].child_dels, 1);
		ck_assert_int_eq(p->side[s].t->state, IKE_TUNNEL_UP);
	}
	ck_assert_uint_eq(g_violations, 0);
	ck_assert_uint_eq(log_count("CHILD_SA rekeyed"), 2);
	pair_down(p);
}

START_TEST(test_child_rekey_by_a)
{
	child_rekey_from(0, &(struct opts){0});
}
END_TEST

START_TEST(test_child_rekey_by_b)
{
	child_rekey_from(1, &(struct opts){0});
}
END_TEST

START_TEST(test_child_rekey_pfs)
{
	child_rekey_from(
		0, &(struct opts){.esp_a = "aes128gcm16-ecp256", .esp_b = "aes128gcm16-ecp256"});
	/* The new child's algorithms name the PFS group, the first's do not. */
	ck_assert_uint_eq(log_count("aes128gcm16-ecp256"), 2);
}
END_TEST

START_TEST(test_child_rekey_pfs_invalid_ke)
{
	/* A offers ecp256 first; B takes only modp2048 and says so. */
	child_rekey_from(0, &(struct opts){.esp_a = "aes128gcm16-ecp256-modp2048",
					   .esp_b = "aes128gcm16-modp2048"});
	ck_assert_uint_ge(log_count("KE group 19, we want 14"), 1);
	ck_assert_uint_eq(log_count("aes128gcm16-modp2048"), 2);
}
END_TEST

START_TEST(test_child_rekey_collision)
{
	struct ike_pair *p = pair_up(&(struct opts){0});
	struct rekeyed r = {{ike_pair_child(p, 0, 0)->spi_in, ike_pair_child(p, 1, 0)->spi_in}};

	/* Both requests leave in the same pass and cross. */
	ike_child_expired(p->side[0].t, r.old_in[0], false);
	ike_child_expired(p->side[1].t, r.old_in[1], false);
	ck_assert(ike_pair_run_until(p, pred_child_rekeyed, &r, WAIT_MS));
	ike_pair_run_for(p, 200);
	ck_assert(pred_child_rekeyed(p, &r));
	/* Two new children were made on each side; one survives. */
	for (int s = 0; s < 2; s++) {
		ck_assert_uint_eq(p->side[s].child_adds, 3);
		ck_assert_uint_eq(p->side[s].child_dels, 2);
	}
	ck_assert_uint_eq(log_count("collision in CHILD_SA rekey, ours is redundant"), 1);
	ck_assert_uint_eq(log_count("collision in CHILD_SA rekey, the peer's is redundant"), 1);
	ck_assert_uint_eq(g_violations, 0);
	pair_down(p);
}
END_TEST

/* ---- IKE SA rekey ----------------------------------------------------------------- */

struct ike_rekeyed {
	uint64_t old_spi_i;
	uint32_t child_in[2];
};

static bool pred_ike_rekeyed(struct ike_pair *p, void *arg)
{
	struct ike_rekeyed *r = arg;
	const struct ike_sa *a = p->side[0].t->sa, *b = p->side[1].t->sa;

	return a && b && a->spi_i != r->old_spi_i && a->spi_i == b->spi_i && a->spi_r == b->spi_r &&
	       a->initiator != b->initiator && !a->req_busy && !b->req_busy &&
	       engine_sa_count(p->side[0].e) == 1 && engine_sa_count(p->side[1].e) == 1;
}

static bool pred_idle(struct ike_pair *p, void *arg)
{
	(void)arg;
	return p->side[0].t->sa && p->side[1].t->sa && !p->side[0].t->sa->req_busy &&
	       !p->side[1].t->sa->req_busy;
}

static void ike_rekey_check(struct ike_pair *p, struct ike_rekeyed *r)
{
	struct ike_sa *sa;
	uint32_t msgid;

	ck_assert(ike_pair_run_until(p, pred_ike_rekeyed, r, WAIT_MS));
	for (int s = 0; s < 2; s++) {
		ck_assert_int_eq(p->side[s].t->state, IKE_TUNNEL_UP);
		ck_assert_uint_eq(p->side[s].child_dels, 0);
		ck_assert_uint_eq(ike_pair_child_count(p, s), 1);
		ck_assert_uint_eq(ike_pair_child(p, s, 0)->spi_in, r->child_in[s]);
		ck_assert_ptr_eq(p->side[s].t->sa->children->sa, p->side[s].t->sa);
	}
	/* The new SA carries messages: a DPD from each side. */
	for (int s = 0; s < 2; s++) {
		sa = p->side[s].t->sa;
		msgid = sa->msgid_next;
		ike_sa_task(sa, IKE_TASK_DPD);
		ck_assert(ike_pair_run_until(p, pred_idle, NULL, WAIT_MS));
		ck_assert_ptr_eq(p->side[s].t->sa, sa);
		ck_assert_uint_eq(sa->msgid_next, msgid + 1);
		ck_assert_int_eq(p->side[s].t->state, IKE_TUNNEL_UP);
	}
	ck_assert(ike_pair_children_match(p));
	ck_assert_uint_eq(g_violations, 0);
}

static void ike_rekey_from(int side)
{
	struct ike_pair *p = pair_up(&(struct opts){0});
	struct ike_rekeyed r = {p->side[0].t->sa->spi_i,
				{ike_pair_child(p, 0, 0)->spi_in, ike_pair_child(p, 1, 0)->spi_in}};

	ck_assert_int_eq(ike_tunnel_rekey(p->side[side].t, true), 0);
	ike_rekey_check(p, &r);
	/* The rekey's initiator is the new SA's original initiator. */
	ck_assert(p->side[side].t->sa->initiator);
	ck_assert_uint_eq(log_count("IKE SA rekeyed"), 2);
	pair_down(p);
}

START_TEST(test_ike_rekey_by_a)
{
	ike_rekey_from(0);
}
END_TEST

START_TEST(test_ike_rekey_by_b)
{
	ike_rekey_from(1);
}
END_TEST

START_TEST(test_ike_rekey_collision)
{
	struct ike_pair *p = pair_up(&(struct opts){0});
	struct ike_rekeyed r = {p->side[0].t->sa->spi_i,
				{ike_pair_child(p, 0, 0)->spi_in, ike_pair_child(p, 1, 0)->spi_in}};

	ck_assert_int_eq(ike_tunnel_rekey(p->side[0].t, true), 0);
	ck_assert_int_eq(ike_tunnel_rekey(p->side[1].t, true), 0);
	ike_rekey_check(p, &r);
	ck_assert_uint_eq(log_count("collision in IKE SA rekey, ours is redundant"), 1);
	ck_assert_uint_eq(log_count("collision in IKE SA rekey, the peer's is redundant"), 1);
	pair_down(p);
}
END_TEST

START_TEST(test_ike_then_child_rekey)
{
	/* AES-CBC with HMAC this time, for the SK payload and for ESP. */
	struct ike_pair *p = pair_up(&(struct opts){
		.ike = "aes256-sha384-ecp384", .esp_a = "aes128-sha256", .esp_b = "aes128-sha256"});
	struct ike_rekeyed r = {p->side[0].t->sa->spi_i,
				{ike_pair_child(p, 0, 0)->spi_in, ike_pair_child(p, 1, 0)->spi_in}};
	struct rekeyed cr;

	ck_assert_int_eq(ike_tunnel_rekey(p->side[1].t, true), 0);
	ike_rekey_check(p, &r);
	cr = (struct rekeyed){{r.child_in[0], r.child_in[1]}};
	ck_assert_int_eq(ike_tunnel_rekey(p->side[0].t, false), 0);
	ck_assert(ike_pair_run_until(p, pred_child_rekeyed, &cr, WAIT_MS));
	ck_assert_uint_eq(g_violations, 0);
	pair_down(p);
}
END_TEST

/* A CHILD_SA rekey from one side crosses an IKE SA rekey from the other:
 * the IKE rekey is refused with TEMPORARY_FAILURE and retried (§2.25). */
START_TEST(test_ike_rekey_during_child_rekey)
{
	struct ike_pair *p = pair_up(&(struct opts){0});
	struct ike_rekeyed r = {p->side[0].t->sa->spi_i, {0, 0}};
	struct rekeyed cr = {{ike_pair_child(p, 0, 0)->spi_in, ike_pair_child(p, 1, 0)->spi_in}};

	ck_assert_int_eq(ike_tunnel_rekey(p->side[0].t, false), 0);
	ck_assert_int_eq(ike_tunnel_rekey(p->side[1].t, true), 0);
	ck_assert(ike_pair_run_until(p, pred_child_rekeyed, &cr, WAIT_MS));
	ck_assert(ike_pair_run_until(p, pred_ike_rekeyed, &r, 3 * WAIT_MS));
	ck_assert(pred_child_rekeyed(p, &cr));
	ck_assert_uint_ge(log_count("TEMPORARY_FAILURE"), 1);
	ck_assert_uint_eq(g_violations, 0);
	pair_down(p);
}
END_TEST

static Suite *rekey_suite(void)
{
	Suite *s = suite_create("ike_rekey");
	TCase *tc = tcase_create("rekey");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_child_rekey_by_a);
	tcase_add_test(tc, test_child_rekey_by_b);
	tcase_add_test(tc, test_child_rekey_pfs);
	tcase_add_test(tc, test_child_rekey_pfs_invalid_ke);
	tcase_add_test(tc, test_child_rekey_collision);
	tcase_add_test(tc, test_ike_rekey_by_a);
	tcase_add_test(tc, test_ike_rekey_by_b);
	tcase_add_test(tc, test_ike_rekey_collision);
	tcase_add_test(tc, test_ike_then_child_rekey);
	tcase_add_test(tc, test_ike_rekey_during_child_rekey);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(rekey_suite());
}
