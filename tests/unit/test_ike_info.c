/*
 * INFORMATIONAL between two engines (DPD, Delete) and the requests a
 * responder must refuse with the right notify, sent by hand from side 1's
 * IKE SA.  See ike_watch.h.
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

/* ---- DPD ------------------------------------------------------------------------ */

START_TEST(test_dpd_timeout_clear)
{
	struct ike_pair *p = pair_up(
		&(struct opts){.dpd_delay = 1, .dpd_timeout = 2, .dpd_action = IKE_DPD_CLEAR});

	g_armed = false;
	p->side[1].dead = true;
	/* dpd_delay + dpd_timeout + slack */
	ck_assert(ike_pair_run_until(p, ike_pair_pred_side_down, &p->side[0], 8000));
	ck_assert_str_eq(p->side[0].why, "DPD timeout");
	ck_assert_ptr_null(p->side[0].t->sa);
	/* clear: no new attempt until the tunnel is brought up again. */
	p->side[1].dead = false;
	ike_pair_run_for(p, 1000);
	ck_assert_ptr_null(p->side[0].t->sa);
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 0);
	ck_assert_int_eq(ike_tunnel_up(p->side[0].t), 0);
	ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, WAIT_MS));
	pair_down(p);
}
END_TEST

START_TEST(test_dpd_timeout_restart)
{
	struct ike_pair *p = pair_up(
		&(struct opts){.dpd_delay = 1, .dpd_timeout = 2, .dpd_action = IKE_DPD_RESTART});

	g_armed = false;
	p->side[1].dead = true;
	ck_assert(ike_pair_run_until(p, ike_pair_pred_side_down, &p->side[0], 8000));
	ck_assert_uint_eq(log_count("DPD timeout"), 1);
	p->side[1].dead = false;
	ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, WAIT_MS));
	ike_pair_run_for(p, 100);
	ck_assert(ike_pair_children_match(p));
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 1);
	ck_assert_uint_eq(p->side[0].n_up, 2);
	pair_down(p);
}
END_TEST

START_TEST(test_dpd_answered)
{
	struct ike_pair *p = pair_up(&(struct opts){.dpd_delay = 1, .dpd_timeout = 2});
	struct ike_sa *sa = p->side[0].t->sa;

	/* Quiet for three DPD periods: probes go out and are answered. */
	ike_pair_run_for(p, 3500);
	ck_assert_ptr_eq(p->side[0].t->sa, sa);
	ck_assert_uint_ge(sa->msgid_next, 2);
	ck_assert_int_eq(p->side[0].t->state, IKE_TUNNEL_UP);
	ck_assert_uint_eq(p->side[0].child_dels, 0);
	pair_down(p);
}
END_TEST

/* ---- Delete --------------------------------------------------------------------- */

START_TEST(test_delete_ike_by_peer)
{
	struct ike_pair *p = pair_up(&(struct opts){0});

	g_armed = false;
	ike_sa_task(p->side[1].t->sa, IKE_TASK_DELETE);
	/* Side 0 tears down, then always-up brings it back. */
	ck_assert(ike_pair_run_until(p, ike_pair_pred_side_down, &p->side[0], WAIT_MS));
	ck_assert_str_eq(p->side[0].why, "deleted by peer");
	ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, WAIT_MS));
	ck_assert_uint_eq(p->side[0].n_up, 2);
	ck_assert_uint_eq(engine_sa_count(p->side[1].e), 1);
	ck_assert(ike_pair_children_match(p));
	pair_down(p);
}
END_TEST

START_TEST(test_delete_child_by_peer)
{
	struct ike_pair *p = pair_up(&(struct opts){0});

	g_armed = false;
	ike_child_expired(p->side[1].t, ike_pair_child(p, 1, 0)->spi_in, true);
	ck_assert(ike_pair_run_until(p, ike_pair_pred_side_down, &p->side[0], WAIT_MS));
	ck_assert_uint_eq(log_count("_o deleted by peer"), 1);
	ck_assert_uint_eq(p->side[0].child_dels, 1);
	/* The last child went: side 0 starts over and comes back. */
	ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, WAIT_MS));
	ike_pair_run_for(p, 100);
	ck_assert(ike_pair_children_match(p));
	pair_down(p);
}
END_TEST

/* Side 0 deletes the child while side 1 starts rekeying it: the rekey is
 * refused (TEMPORARY_FAILURE), the Delete answered, nothing is removed
 * twice, and always-up brings the tunnel back. */
START_TEST(test_delete_while_rekeying)
{
	struct ike_pair *p = pair_up(&(struct opts){0});

	g_armed = false;
	ike_child_expired(p->side[0].t, ike_pair_child(p, 0, 0)->spi_in, true);
	ike_child_expired(p->side[1].t, ike_pair_child(p, 1, 0)->spi_in, false);
	ck_assert(ike_pair_run_until(p, ike_pair_pred_side_down, &p->side[1], WAIT_MS));
	ck_assert_uint_ge(log_count("TEMPORARY_FAILURE"), 1);
	ck_assert_uint_eq(log_count("_o deleted by peer"), 1);
	ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, WAIT_MS));
	ike_pair_run_for(p, 100);
	ck_assert(ike_pair_children_match(p));
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 1);
	pair_down(p);
}
END_TEST

/* ---- requests the responder refuses ----------------------------------------------- */

static bool g_got;
static uint16_t g_notify, g_notify_data;
static unsigned g_n_payloads;

static int capture(struct ike_sa *sa, const struct ike_msg *m)
{
	(void)sa;
	g_got = true;
	g_notify = m && m->n_notify ? m->notify[0].type : 0;
	g_notify_data = 0;
	if (m && m->n_notify && m->notify[0].data.len == 2)
		g_notify_data =
			(uint16_t)(m->notify[0].data.ptr[0] << 8 | m->notify[0].data.ptr[1]);
	g_n_payloads = m ? m->n_order : 0;
	return 0;
}

static bool pred_got(struct ike_pair *p, void *arg)
{
	(void)p;
	(void)arg;
	return g_got;
}

/* Start a request from side 1 in its engine's tx. */
static struct ike_msg *req_begin(struct ike_pair *p, uint8_t exchange)
{
	ike_exch_tx_reset(p->side[1].e, exchange);
	return &p->side[1].e->tx;
}

/* Send it, wait for the answer; the tunnel must still be up after. */
static void req_send(struct ike_pair *p)
{
	struct ike_sa *a = p->side[0].t->sa;

	g_got = false;
	ck_assert_int_eq(ike_sa_request(p->side[1].t->sa, capture), 0);
	ck_assert(ike_pair_run_until(p, pred_got, NULL, WAIT_MS));
	ck_assert_ptr_eq(p->side[0].t->sa, a);
	ck_assert_int_eq(p->side[0].t->state, IKE_TUNNEL_UP);
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 1);
}

static uint8_t g_nonce[32] = {1, 2, 3, 4};
static uint8_t g_spi4[4] = {0x12, 0x34, 0x56, 0x78};
static uint8_t g_spi8[8] = {1, 2, 3, 4, 5, 6, 7, 8};

static void req_child_fill(struct ike_pair *p, struct ike_msg *m, bool rekey)
{
	const struct ike_tunnel_conf *c = &p->side[1].t->conf;
	struct ike_ts_conf all = {.family = AF_INET};

	m->has_sa = true;
	m->sa.n_prop = 1;
	ck_assert_int_eq(
		ike_msg_proposal_from(&c->esp[0], 1, (struct ike_bytes){g_spi4, 4}, &m->sa.prop[0]),
		0);
	m->has_nonce = true;
	m->nonce = (struct ike_bytes){g_nonce, sizeof(g_nonce)};
	m->has_tsi = m->has_tsr = true;
	ike_exch_ts_set(&m->tsi, &all);
	ike_exch_ts_set(&m->tsr, &all);
	if (rekey) {
		m->n_notify = 1;
		m->notify[0].type = IKE_N_REKEY_SA;
		m->notify[0].proto = IKE_PROTO_ESP;
		m->notify[0].spi = (struct ike_bytes){g_spi4, 4}; /* nobody's SPI */
	}
}

START_TEST(test_refusals)
{
	struct ike_pair *p = pair_up(&(struct opts){0});
	struct ike_msg *m;
	uint8_t ke[256] = {0};

	m = req_begin(p, IKE_EXCH_CREATE_CHILD_SA);
	req_child_fill(p, m, true);
	req_send(p);
	ck_assert_uint_eq(g_notify, IKE_N_CHILD_SA_NOT_FOUND);

	m = req_begin(p, IKE_EXCH_CREATE_CHILD_SA);
	m->has_nonce = true;
	m->nonce = (struct ike_bytes){g_nonce, sizeof(g_nonce)};
	req_send(p);
	ck_assert_uint_eq(g_notify, IKE_N_INVALID_SYNTAX);

	m = req_begin(p, IKE_EXCH_CREATE_CHILD_SA);
	req_child_fill(p, m, false);
	req_send(p);
	ck_assert_uint_eq(g_notify, IKE_N_NO_ADDITIONAL_SAS);

	/* IKE SA rekey with a KE of modp2048 where only ecp256 is allowed. */
	m = req_begin(p, IKE_EXCH_CREATE_CHILD_SA);
	m->has_sa = true;
	m->sa.n_prop = 1;
	ck_assert_int_eq(ike_msg_proposal_from(&p->side[1].t->conf.ike[0], 1,
					       (struct ike_bytes){g_spi8, 8}, &m->sa.prop[0]),
			 0);
	m->has_nonce = true;
	m->nonce = (struct ike_bytes){g_nonce, sizeof(g_nonce)};
	m->has_ke = true;
	m->ke.group = 14;
	m->ke.data = (struct ike_bytes){ke, sizeof(ke)};
	req_send(p);
	ck_assert_uint_eq(g_notify, IKE_N_INVALID_KE_PAYLOAD);
	ck_assert_uint_eq(g_notify_data, 19);

	/* A Delete of a protocol we do not have. */
	m = req_begin(p, IKE_EXCH_INFORMATIONAL);
	m->n_delete = 1;
	m->del[0].proto = 2; /* AH */
	m->del[0].spi_size = 4;
	m->del[0].n_spi = 1;
	m->del[0].spis = (struct ike_bytes){g_spi4, 4};
	req_send(p);
	ck_assert_uint_eq(g_notify, IKE_N_INVALID_SYNTAX);

	/* An error notify is logged and answered with an empty response. */
	m = req_begin(p, IKE_EXCH_INFORMATIONAL);
	m->n_notify = 1;
	m->notify[0].type = IKE_N_INVALID_SPI;
	req_send(p);
	ck_assert_uint_eq(g_notify, 0);
	ck_assert_uint_eq(g_n_payloads, 1); /* SK, with nothing inside */
	ck_assert_uint_eq(log_count("INVALID_SPI"), 1);

	ck_assert_uint_eq(p->side[0].child_dels, 0);
	ck_assert_uint_eq(g_violations, 0);
	pair_down(p);
}
END_TEST

/* An INFORMATIONAL whose SK verifies but holds garbage (a payload of
 * length 2) is dropped, and the SA goes on. */
START_TEST(test_garbage_in_sk)
{
	struct ike_pair *p = pair_up(&(struct opts){0});
	struct ike_sa *b = p->side[1].t->sa, *a = p->side[0].t->sa;
	static const uint8_t junk[] = {0, 0, 0, 2, 0xde, 0xad, 0xbe, 0xef, 0};
	uint8_t out[512], iv[CRYPTO_GCM_IV_LEN];
	struct ike_hdr h = {.spi_i = b->spi_i,
			    .spi_r = b->spi_r,
			    .version = IKE_VERSION_2,
			    .exchange = IKE_EXCH_INFORMATIONAL,
			    .flags = b->initiator ? IKE_HDR_F_INITIATOR : 0,
			    .msgid = b->msgid_next};
	struct wire_writer w;
	struct ike_sk_area ar;
	uint32_t expect = a->msgid_expect;
	uint64_t n = ++b->sk_out.gcm_iv;

	ck_assert_ptr_nonnull(b->sk_out.gcm);
	wire_wr_init_fixed(&w, out, sizeof(out));
	ck_assert_int_eq(ike_msg_gen_sk(&h, IKE_PL_NOTIFY, CRYPTO_GCM_IV_LEN, sizeof(junk),
					CRYPTO_GCM_ICV_LEN, &w, &ar),
			 0);
	for (unsigned i = 0; i < CRYPTO_GCM_IV_LEN; i++)
		iv[i] = (uint8_t)(n >> (56 - 8 * i));
	memcpy(out + ar.iv_off, iv, sizeof(iv));
	ck_assert_int_eq(crypto_gcm_seal(b->sk_out.gcm, iv, out, ar.iv_off, junk, out + ar.ct_off,
					 sizeof(junk), out + ar.icv_off),
			 0);
	ike_pair_inject(p, 0, out, ar.end, IKE_PORT, IKE_PORT);
	ike_pair_run_for(p, 100);
	ck_assert_uint_eq(a->msgid_expect, expect);
	ck_assert_ptr_eq(p->side[0].t->sa, a);
	/* The same message ID, sent properly, is taken. */
	req_begin(p, IKE_EXCH_INFORMATIONAL);
	req_send(p);
	ck_assert_uint_eq(a->msgid_expect, expect + 1);
	pair_down(p);
}
END_TEST

static Suite *info_suite(void)
{
	Suite *s = suite_create("ike_info");
	TCase *tc = tcase_create("info");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dpd_timeout_clear);
	tcase_add_test(tc, test_dpd_timeout_restart);
	tcase_add_test(tc, test_dpd_answered);
	tcase_add_test(tc, test_delete_ike_by_peer);
	tcase_add_test(tc, test_delete_child_by_peer);
	tcase_add_test(tc, test_delete_while_rekeying);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_garbage_in_sk);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(info_suite());
}
