/* The IKEv2 engine end to end, part 2: damaged input, NAT-T, always-up,
 * DPD, admin down, crossing initiations, the tunnel API (ike_pair.h). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "ike/ike_int.h"
#include "tests/unit/check_main.h"
#include "tests/unit/ike_pair.h"

#define WAIT_MS 8000

static void setup(void)
{
	ike_pair_log_capture(true);
}

static void teardown(void)
{
	ike_pair_log_capture(false);
}

START_TEST(test_garbage)
{
	struct ike_pair *p = ike_pair_start("aes256-sha256-modp2048", "aes256-sha256-modp2048",
					"aes256-sha256", "s3cret-psk", 0);
	uint8_t junk[200], copy[IKE_PAIR_BUF_MAX];
	unsigned states, i;
	size_t n;

	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	states = p->side[1].n_state;
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	ike_pair_inject(p, 1, junk, sizeof(junk), 500, 500);
	/* The last IKE_AUTH request, truncated, then with its ICV broken. */
	n = p->side[0].last_len;
	memcpy(copy, p->side[0].last_buf, n);
	ike_pair_inject(p, 1, copy, n / 2, 500, 500);
	ike_pair_inject(p, 1, copy, 27, 500, 500);
	copy[n - 1] ^= 0x55;
	ike_pair_inject(p, 1, copy, n, 500, 500);
	/* A fresh header with side 1's SPIs and the next message ID. */
	copy[n - 1] ^= 0x55;
	copy[20] = 0;
	copy[23] = 2;
	ike_pair_inject(p, 1, copy, n, 500, 500);
	ike_pair_run_for(p, 200);
	ck_assert(ike_pair_pred_up(p, NULL));
	ck_assert(ike_pair_children_match(p));
	ck_assert_uint_eq(p->side[1].n_state, states);
	ck_assert_uint_eq(p->side[1].child_adds, 1);
	ck_assert(ike_pair_log_seen("integrity check failed"));
	ike_pair_free(p);
}
END_TEST

/* ---- NAT-T ---------------------------------------------------------------------- */

START_TEST(test_force_encap)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;
	struct ike_tunnel_status st;

	ike_pair_conf(&a, 0, "aes128-sha256-ecp256", "aes128gcm16", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha256-ecp256", "aes128gcm16", "k", false);
	a.force_encap = true;
	ike_pair_add(p, 1, &b);
	ike_pair_add(p, 0, &a);
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert(ike_pair_child(p, 0, 0)->encap);
	ck_assert(ike_pair_child(p, 1, 0)->encap);
	ck_assert_uint_eq(ike_addr_port(&ike_pair_child(p, 1, 0)->remote), 4500);
	ck_assert_uint_eq(p->side[0].last_sport, 4500);
	ck_assert_uint_eq(p->side[0].last_dport, 4500);
	ck_assert_uint_eq(p->side[1].last_sport, 4500);
	ike_tunnel_status(p->side[1].t, &st);
	ck_assert(st.encap);
	ck_assert(st.nat_remote);
	ike_pair_free(p);
}
END_TEST

START_TEST(test_nat)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;
	struct ike_tunnel_status st;
	const struct ike_child_sa *c;

	ike_pair_conf(&a, 0, "aes128-sha256-ecp256", "aes128gcm16", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha256-ecp256", "aes128gcm16", "k", false);
	a.keepalive = 1;
	ike_pair_set_nat(p, 0, "198.51.100.7");
	ike_pair_add(p, 0, &a);
	/* Side 1 knows side 0 by its public address only. */
	b.remote = p->side[0].nat_addr;
	ike_pair_add(p, 1, &b);
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ike_tunnel_status(p->side[0].t, &st);
	ck_assert(st.nat_local && st.encap && !st.nat_remote);
	ike_tunnel_status(p->side[1].t, &st);
	ck_assert(st.nat_remote && st.encap && !st.nat_local);
	ck_assert_uint_eq(ike_addr_port(&st.remote), 4500 + IKE_PAIR_NAT_PORT_OFFSET);
	c = ike_pair_child(p, 1, 0);
	ck_assert(c->encap);
	ck_assert_uint_eq(ike_addr_port(&c->remote), 4500 + IKE_PAIR_NAT_PORT_OFFSET);
	ike_pair_run_for(p, 1500);
	ck_assert_uint_ge(p->side[0].keepalives, 1);
	ck_assert_uint_eq(p->side[1].keepalives, 0);
	ck_assert_uint_eq(p->side[0].misrouted + p->side[1].misrouted, 0);
	ike_pair_free(p);
}
END_TEST

/* ---- always up, admin down ------------------------------------------------------ */

static bool pred_backoff(struct ike_pair *p, void *arg)
{
	(void)arg;
	return p->side[0].t->state == IKE_TUNNEL_BACKOFF && p->side[0].t->retries >= 2;
}

START_TEST(test_backoff_reinitiate)
{
	struct ike_pair *p = ike_pair_start("aes128-sha256-ecp256", "aes128-sha256-ecp256",
					"aes128gcm16", "s3cret-psk", 0);
	struct ike_tunnel_status st;

	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	p->side[1].dead = true;
	ck_assert_int_eq(ike_tunnel_clear(p->side[0].t), 0);
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 0);
	ck_assert(ike_pair_run_until(p, pred_backoff, NULL, WAIT_MS));
	ike_tunnel_status(p->side[0].t, &st);
	ck_assert_int_eq(st.state, IKE_TUNNEL_BACKOFF);
	ck_assert_int_ge(st.retry_in_ms, 0);
	ck_assert_msg(strstr(st.why, "no response") != NULL, "why: %s", st.why);
	p->side[1].dead = false;
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	/* The peer replaced its old IKE SA and child with the new ones. */
	ck_assert_uint_eq(ike_pair_child_count(p, 1), 1);
	ck_assert_uint_eq(p->side[0].t->retries, 0);
	ike_pair_free(p);
}
END_TEST

START_TEST(test_tunnel_down)
{
	struct ike_pair *p = ike_pair_start("aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-ecp384",
					"aes256gcm16", "s3cret-psk", 0);

	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert_int_eq(ike_tunnel_down(p->side[0].t), 0);
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 0);
	ck_assert_int_eq(p->side[0].t->state, IKE_TUNNEL_DOWN);
	ck_assert(ike_pair_run_until(p, ike_pair_pred_side_down, &p->side[1], WAIT_MS));
	ike_pair_run_for(p, 300);
	ck_assert_int_eq(p->side[0].t->state, IKE_TUNNEL_DOWN);
	ck_assert_int_eq(ike_tunnel_rekey(p->side[0].t, true), -ENOTCONN);
	ck_assert_int_eq(ike_tunnel_up(p->side[0].t), 0);
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ike_pair_free(p);
}
END_TEST

static bool pred_dpd_failed(struct ike_pair *p, void *arg)
{
	(void)arg;
	return ike_pair_log_seen("tunnel t0: backoff: DPD timeout") && ike_pair_child_count(p, 0) == 0;
}

START_TEST(test_dpd)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;
	int i;

	ike_pair_conf(&a, 0, "aes128-sha256-ecp256", "aes128gcm16", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha256-ecp256", "aes128gcm16", "k", false);
	a.dpd_delay = 1;
	a.dpd_timeout = 2;
	a.dpd_action = IKE_DPD_RESTART;
	ike_pair_add(p, 0, &a);
	ike_pair_add(p, 1, &b);
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	p->side[1].dead = true;
	/* Inbound ESP traffic is proof of life: no probe while it flows. */
	for (i = 0; i < 12; i++) {
		p->side[0].pkts_in++;
		ike_pair_run_for(p, 250);
	}
	ck_assert_int_eq(p->side[0].t->state, IKE_TUNNEL_UP);
	ck_assert_uint_eq(p->side[0].dropped, 0);
	/* Silence: a probe, no answer for dpd_timeout, the tunnel fails. */
	ck_assert(ike_pair_run_until(p, pred_dpd_failed, NULL, WAIT_MS));
	ck_assert_uint_ge(p->side[0].dropped, 2);
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 0);
	p->side[1].dead = false;
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ike_pair_free(p);
}
END_TEST

START_TEST(test_simultaneous)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;
	int round;

	ike_pair_conf(&a, 0, "aes128-sha256-ecp256", "aes128gcm16", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha256-ecp256", "aes128gcm16", "k", true);
	ike_pair_add(p, 0, &a);
	ike_pair_add(p, 1, &b);
	for (round = 0; round < 3; round++) {
		ck_assert(ike_pair_wait_up(p, WAIT_MS));
		ike_pair_run_for(p, 300);
		/* One IKE SA, the same on both sides, one child each. */
		ck_assert(ike_pair_pred_up(p, NULL));
		ck_assert(ike_pair_children_match(p));
		ck_assert_uint_eq(p->side[0].t->sa->spi_i, p->side[1].t->sa->spi_i);
		ck_assert_uint_eq(p->side[0].t->sa->spi_r, p->side[1].t->sa->spi_r);
		/* Both start over at the same moment. */
		ike_tunnel_clear(p->side[0].t);
		ike_tunnel_clear(p->side[1].t);
	}
	ike_pair_free(p);
}
END_TEST

/* ---- engine API ------------------------------------------------------------------- */

START_TEST(test_tunnel_add_checks)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf c;
	struct ike_tunnel *t;
	char err[128];

	ike_pair_conf(&c, 0, "aes128-sha1-modp1024", "aes128-sha1", "k", false);
	c.psk_len = 0;
	ck_assert_int_eq(ike_tunnel_add(p->side[0].e, &c, NULL, &t, err, sizeof(err)), -EINVAL);
	ck_assert(strstr(err, "PSK") != NULL);
	ike_pair_conf(&c, 0, "aes128-sha1-modp1024", "aes128-sha1", "k", false);
	c.n_esp = 0;
	ck_assert_int_eq(ike_tunnel_add(p->side[0].e, &c, NULL, &t, err, sizeof(err)), -EINVAL);
	ike_pair_conf(&c, 0, "aes128-sha1-modp1024", "aes128-sha1", "k", false);
	c.remote.ss_family = AF_INET6;
	ck_assert_int_eq(ike_tunnel_add(p->side[0].e, &c, NULL, &t, err, sizeof(err)), -EINVAL);
	ike_pair_conf(&c, 0, "aes128-sha1-modp1024", "aes128-sha1", "k", false);
	ck_assert_int_eq(ike_tunnel_add(p->side[0].e, &c, NULL, &t, err, sizeof(err)), 0);
	ck_assert_int_eq(t->state, IKE_TUNNEL_PASSIVE);
	ck_assert_int_eq(ike_tunnel_add(p->side[0].e, &c, NULL, &t, err, sizeof(err)), -EEXIST);
	ck_assert_ptr_eq(ike_tunnel_find(p->side[0].e, "t0"), t);
	ck_assert_ptr_null(ike_tunnel_find(p->side[0].e, "nope"));
	ck_assert_int_eq(ike_tunnel_rekey(t, false), -ENOTCONN);
	ck_assert_str_eq(ike_tunnel_state_name(IKE_TUNNEL_BACKOFF), "backoff");
	ike_tunnel_remove(t);
	ck_assert_ptr_null(ike_tunnel_find(p->side[0].e, "t0"));
	ike_pair_free(p);
}
END_TEST

static Suite *ike_path_suite(void)
{
	Suite *s = suite_create("ike_path");
	TCase *tc = tcase_create("engine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_force_encap);
	tcase_add_test(tc, test_nat);
	tcase_add_test(tc, test_backoff_reinitiate);
	tcase_add_test(tc, test_dpd);
	tcase_add_test(tc, test_tunnel_down);
	tcase_add_test(tc, test_simultaneous);
	tcase_add_test(tc, test_tunnel_add_checks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ike_path_suite());
}
