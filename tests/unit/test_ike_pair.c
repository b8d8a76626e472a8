/* The IKEv2 engine end to end: two engines in one process (ike_pair.h). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto_dh.h"
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

/* ---- establishment ---------------------------------------------------------- */

static const struct {
	const char *ike, *esp, *show;
} suites[] = {
	{"aes128-sha1-modp1024", "aes128-sha1", "aes128-sha1-modp1024"},
	{"aes256-sha256-modp2048", "aes256-sha256", "aes256-sha256-modp2048"},
	{"aes128gcm16-prfsha256-ecp256", "aes128gcm16", "aes128gcm16-prfsha256-ecp256"},
	{"aes256gcm16-prfsha384-ecp384", "aes256gcm16", "aes256gcm16-prfsha384-ecp384"},
};

START_TEST(test_establish)
{
	int suite = _i / 2, init = _i % 2;
	struct ike_pair *p = ike_pair_start(suites[suite].ike, suites[suite].ike, suites[suite].esp,
					"s3cret-psk", init);
	struct ike_tunnel_status st;
	const struct ike_child_sa *c;

	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert_int_eq(ike_tunnel_status(p->side[init].t, &st), 0);
	ck_assert(st.has_sa);
	ck_assert(st.initiator);
	ck_assert_str_eq(st.algs, suites[suite].show);
	ck_assert_uint_eq(st.n_child, 1);
	ck_assert_int_eq(ike_tunnel_status(p->side[!init].t, &st), 0);
	ck_assert(!st.initiator);
	c = ike_pair_child(p, 0, 0);
	ck_assert(!c->encap);
	ck_assert_uint_eq(p->side[0].last_sport, 500);
	ck_assert(ike_pair_log_seen("established with 192.0.2."));
	ck_assert(ike_pair_log_seen("CHILD_SA up, SPIs"));
	ike_pair_free(p);
}
END_TEST

/* ---- failures ------------------------------------------------------------------ */

START_TEST(test_wrong_psk)
{
	struct ike_pair *p = ike_pair_start("aes128-sha256-modp2048", "aes128-sha256-modp2048",
					"aes128-sha256", "another-psk", 0);

	ck_assert(ike_pair_run_until(p, NULL, NULL, 0));
	ck_assert(!ike_pair_run_until(p, ike_pair_pred_up, NULL, 600));
	ck_assert(p->side[0].t->state == IKE_TUNNEL_BACKOFF ||
		  p->side[0].t->state == IKE_TUNNEL_CONNECTING);
	ck_assert(ike_pair_log_seen("AUTHENTICATION_FAILED: the peer's AUTH does not match our PSK"));
	ck_assert(ike_pair_log_seen("AUTHENTICATION_FAILED from peer"));
	ck_assert_uint_eq(p->side[0].child_adds, 0);
	ck_assert_uint_eq(p->side[1].child_adds, 0);
	ck_assert_uint_eq(p->side[1].e->n_half_open, 0);
	ck_assert_uint_ge(p->side[0].t->retries, 1);
	ike_pair_free(p);
}
END_TEST

START_TEST(test_no_proposal)
{
	struct ike_pair *p = ike_pair_start("aes128-sha1-modp1024", "aes256gcm16-prfsha384-ecp384",
					"aes128-sha1", "s3cret-psk", 0);

	ck_assert(!ike_pair_run_until(p, ike_pair_pred_up, NULL, 500));
	ck_assert(ike_pair_log_seen("IKE_SA_INIT: no proposal"));
	ck_assert(ike_pair_log_seen("NO_PROPOSAL_CHOSEN from peer"));
	ck_assert_uint_eq(p->side[1].e->n_half_open, 0);
	ck_assert_uint_eq(p->side[0].child_adds + p->side[1].child_adds, 0);
	ike_pair_free(p);
}
END_TEST

START_TEST(test_child_no_proposal)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;

	ike_pair_conf(&a, 0, "aes128-sha256-ecp256", "aes128-sha1", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha256-ecp256", "aes256gcm16", "k", false);
	ike_pair_add(p, 0, &a);
	ike_pair_add(p, 1, &b);
	ck_assert(!ike_pair_run_until(p, ike_pair_pred_up, NULL, 500));
	ck_assert(ike_pair_log_seen("CHILD_SA: NO_PROPOSAL_CHOSEN from peer"));
	ck_assert_uint_eq(p->side[0].child_adds + p->side[1].child_adds, 0);
	ck_assert_int_ne(p->side[0].t->state, IKE_TUNNEL_UP);
	ike_pair_free(p);
}
END_TEST

START_TEST(test_invalid_ke)
{
	struct ike_pair *p = ike_pair_start("aes128-sha256-modp2048-ecp256", "aes128-sha256-ecp256",
					"aes128gcm16", "s3cret-psk", 0);
	struct ike_tunnel_status st;

	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert(ike_pair_log_seen("peer wants DH group 19 instead of 14"));
	ike_tunnel_status(p->side[0].t, &st);
	ck_assert_str_eq(st.algs, "aes128-sha256-ecp256");
	ike_pair_free(p);
}
END_TEST

/* A well-formed IKE_SA_INIT from side 0's address with another SPI. */
static size_t make_init(uint8_t *buf, size_t cap, uint64_t spi)
{
	static struct ike_msg m;
	struct ike_proposal prop;
	struct crypto_dh *dh;
	struct wire_writer w;
	uint8_t pub[128], nonce[32] = {1, 2, 3};

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(ike_proposal_parse("aes128-sha1-modp1024", IKE_PROTO_IKE, &prop, NULL, 0),
			 0);
	ck_assert_int_eq(crypto_dh_new(IKE_DH_MODP1024, &dh), 0);
	ck_assert_int_eq(crypto_dh_pub(dh, pub, sizeof(pub)), 0);
	crypto_dh_free(dh);
	m.hdr = (struct ike_hdr){.spi_i = spi, .version = IKE_VERSION_2,
				 .exchange = IKE_EXCH_SA_INIT, .flags = IKE_HDR_F_INITIATOR};
	ck_assert_int_eq(ike_msg_proposal_from(&prop, 1, (struct ike_bytes){0}, &m.sa.prop[0]), 0);
	m.sa.n_prop = 1;
	m.has_sa = m.has_ke = m.has_nonce = true;
	m.ke.group = IKE_DH_MODP1024;
	m.ke.data = (struct ike_bytes){pub, sizeof(pub)};
	m.nonce = (struct ike_bytes){nonce, sizeof(nonce)};
	wire_wr_init_fixed(&w, buf, cap);
	ck_assert_int_eq(ike_msg_gen(&m, &w), 0);
	return wire_wr_len(&w);
}

static bool pred_half_open(struct ike_pair *p, void *arg)
{
	(void)arg;
	return p->side[1].e->n_half_open == 1;
}

START_TEST(test_cookie)
{
	struct ike_engine_conf ec = {.retransmit_base_ms = 50, .retransmit_tries = 4,
				     .cookie_threshold = 1, .half_open_timeout_ms = 5000};
	struct ike_pair *p = ike_pair_new(&ec);
	struct ike_tunnel_conf a, b;
	uint8_t buf[1024];
	size_t n = make_init(buf, sizeof(buf), 0x1122334455667788ull);

	ike_pair_conf(&a, 0, "aes128-sha1-modp1024", "aes128-sha1", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha1-modp1024", "aes128-sha1", "k", false);
	ike_pair_add(p, 1, &b);
	/* Someone else's half-open SA puts side 1 over its threshold. */
	ike_pair_inject(p, 1, buf, n, 500, 500);
	ck_assert(ike_pair_run_until(p, pred_half_open, NULL, WAIT_MS));
	ike_pair_add(p, 0, &a);
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert(ike_pair_log_seen("peer asks for a COOKIE"));
	/* The answer to the injected request reached side 0 with an SPI it
	 * does not know, and changed nothing. */
	ck_assert(ike_pair_log_seen("unknown IKE SPI"));
	ike_pair_free(p);
}
END_TEST

/* ---- lost and repeated datagrams ---------------------------------------------- */

START_TEST(test_lost_datagrams)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;

	ike_pair_conf(&a, 0, "aes128-sha256-modp2048", "aes128-sha256", "k", true);
	ike_pair_conf(&b, 1, "aes128-sha256-modp2048", "aes128-sha256", "k", false);
	p->side[0].drop_next = 2; /* IKE_SA_INIT and its first retransmission */
	p->side[1].drop_next = 1; /* the first IKE_SA_INIT response */
	ike_pair_add(p, 1, &b);
	ike_pair_add(p, 0, &a);
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert_uint_eq(p->side[0].dropped, 2);
	ck_assert_uint_eq(p->side[1].dropped, 1);
	ike_pair_free(p);
}
END_TEST

START_TEST(test_request_retransmit_cached)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;

	ike_pair_conf(&a, 0, "aes128gcm16-prfsha256-ecp256", "aes128gcm16", "k", true);
	ike_pair_conf(&b, 1, "aes128gcm16-prfsha256-ecp256", "aes128gcm16", "k", false);
	ike_pair_add(p, 1, &b);
	ike_pair_add(p, 0, &a);
	/* Lose side 1's IKE_AUTH response: side 0 repeats its request and
	 * must get the same answer, without side 1 doing the work twice. */
	p->side[1].drop_seq = 2;
	ck_assert(ike_pair_wait_up(p, WAIT_MS));
	ck_assert_uint_eq(p->side[1].dropped, 1);
	ck_assert_uint_eq(p->side[1].child_adds, 1);
	ck_assert_uint_eq(p->side[1].n_up, 1);
	ck_assert_uint_ge(p->side[0].sent, 3);
	ike_pair_free(p);
}
END_TEST

static Suite *ike_pair_suite(void)
{
	Suite *s = suite_create("ike_pair");
	TCase *tc = tcase_create("engine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_establish, 0, 2 * (int)(sizeof(suites) / sizeof(suites[0])));
	tcase_add_test(tc, test_wrong_psk);
	tcase_add_test(tc, test_no_proposal);
	tcase_add_test(tc, test_child_no_proposal);
	tcase_add_test(tc, test_invalid_ke);
	tcase_add_test(tc, test_cookie);
	tcase_add_test(tc, test_lost_datagrams);
	tcase_add_test(tc, test_request_retransmit_cached);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ike_pair_suite());
}
