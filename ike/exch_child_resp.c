/*
 * CREATE_CHILD_SA requests from the peer: a CHILD_SA rekey (REKEY_SA
 * notify), an IKE SA rekey (handed to exch_rekey_ike.c), or a new CHILD_SA,
 * which a route-based tunnel does not need and refuses.
 */
#include <errno.h>
#include <string.h>

#include "common/crypto.h"
#include "common/crypto_dh.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

static void spi_put32(uint8_t b[4], uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* Is our own rekey of old on the wire (§2.8.1 collision)? */
static bool child_rekey_ours_pending(struct ike_sa *sa, const struct ike_child *old)
{
	for (struct ike_child *c = sa->children; c; c = c->next)
		if (c->rekey_of == old->spi_in && c->rekey_ours && !c->installed &&
		    c->state != IKE_CHILD_DELETING)
			return true;
	return false;
}

/* The checks before anything is created: answer the notify and return its
 * type, or 0 when the request may go on (*old and choice filled). */
static int child_rekey_check(struct ike_sa *sa, const struct ike_msg *m,
			     const struct ike_msg_notify *rk, struct ike_child **old,
			     struct ike_proposal_choice *choice)
{
	const struct ike_tunnel_conf *conf = &sa->t->conf;
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_ESP, .pfs = true};
	uint8_t want_b[2];
	uint16_t want;
	uint32_t spi;
	char why[256];

	if (rk->proto != IKE_PROTO_ESP || !ike_exch_bytes_u32(rk->spi, &spi) || !m->has_sa ||
	    !m->has_nonce || !m->has_tsi || !m->has_tsr || m->nonce.len < IKE_NONCE_MIN ||
	    m->nonce.len > IKE_NONCE_MAX) {
		log_peer(LOGM_IKE,
			 "tunnel %s: CHILD_SA rekey request lacks SA, Ni, TS or a "
			 "REKEY_SA of ESP with a 4-byte SPI",
			 conf->name);
		return IKE_N_INVALID_SYNTAX;
	}
	*old = ike_child_by_spi_out(sa, spi);
	if (!*old || !(*old)->installed) {
		log_peer(LOGM_IKE, "tunnel %s: peer rekeys CHILD_SA %08x, which we do not have",
			 conf->name, spi);
		ike_exch_notify_respond(sa, m, IKE_N_CHILD_SA_NOT_FOUND, IKE_PROTO_ESP, rk->spi.ptr,
					4, NULL, 0);
		return IKE_N_CHILD_SA_NOT_FOUND;
	}
	if ((*old)->state == IKE_CHILD_DELETING || (*old)->state == IKE_CHILD_REKEYED) {
		log_info(LOGM_IKE, "tunnel %s: peer rekeys CHILD_SA %08x, which is going away",
			 conf->name, spi);
		return IKE_N_TEMPORARY_FAILURE;
	}
	ctx.ke_group = m->has_ke ? m->ke.group : 0;
	if (ike_proposal_select(conf->esp, conf->n_esp, &m->sa, &ctx, choice, why, sizeof(why)) <
	    0) {
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey: %s", conf->name, why);
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	if (choice->spi.len != 4 || !ike_exch_bytes_u32(choice->spi, &spi) || !spi) {
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey: proposal SPI is not 4 bytes",
			 conf->name);
		return IKE_N_INVALID_SYNTAX;
	}
	if (ike_proposal_ke_check(choice, ctx.ke_group, &want) < 0) {
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey: KE group %u, we want %u", conf->name,
			 ctx.ke_group, want);
		want_b[0] = (uint8_t)(want >> 8);
		want_b[1] = (uint8_t)want;
		ike_exch_notify_respond(sa, m, IKE_N_INVALID_KE_PAYLOAD, 0, NULL, 0, want_b, 2);
		return IKE_N_INVALID_KE_PAYLOAD;
	}
	return 0;
}

/* The response: SA, Nr, KE (PFS), TSi, TSr. */
static int child_rekey_answer(struct ike_sa *sa, const struct ike_msg *m, const struct ike_child *c,
			      const struct ike_proposal_choice *choice, const uint8_t *nr,
			      struct crypto_dh *dh)
{
	struct ike_engine *e = sa->e;
	uint8_t spi[4], ke[CRYPTO_DH_MAX_PUB];
	uint8_t exchange = m->hdr.exchange;
	uint32_t msgid = m->hdr.msgid;
	int len, r;

	ike_exch_tx_reset(e, exchange);
	spi_put32(spi, c->spi_in);
	e->tx.has_sa = true;
	e->tx.sa.n_prop = 1;
	r = ike_msg_proposal_from(&choice->prop, choice->num, (struct ike_bytes){spi, 4},
				  &e->tx.sa.prop[0]);
	if (r < 0)
		return r;
	e->tx.has_nonce = true;
	e->tx.nonce = (struct ike_bytes){nr, IKE_NONCE_LEN};
	if (dh) {
		len = crypto_dh_pub_len(crypto_dh_group(dh));
		if (len < 0 || len > CRYPTO_DH_MAX_PUB)
			return -EINVAL;
		r = crypto_dh_pub(dh, ke, (size_t)len);
		if (r < 0)
			return r;
		e->tx.has_ke = true;
		e->tx.ke.group = crypto_dh_group(dh);
		e->tx.ke.data = (struct ike_bytes){ke, (size_t)len};
	}
	/* TSi is the initiator's side: the peer's, our remote. */
	e->tx.has_tsi = e->tx.has_tsr = true;
	ike_exch_ts_set(&e->tx.tsi, &c->ts_remote);
	ike_exch_ts_set(&e->tx.tsr, &c->ts_local);
	return ike_sa_respond(sa, exchange, msgid);
}

static int child_rekey_respond(struct ike_sa *sa, const struct ike_msg *m,
			       const struct ike_msg_notify *rk)
{
	const char *name = sa->t->conf.name;
	struct ike_proposal_choice choice;
	struct ike_child *old = NULL, *c;
	struct crypto_dh *dh = NULL;
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_LEN], gir[CRYPTO_DH_MAX_SECRET];
	size_t nilen = m->nonce.len, girlen = 0;
	int n, r;

	n = child_rekey_check(sa, m, rk, &old, &choice);
	if (n == IKE_N_CHILD_SA_NOT_FOUND || n == IKE_N_INVALID_KE_PAYLOAD)
		return 0; /* answered */
	if (n)
		return ike_exch_notify_respond(sa, m, (uint16_t)n, 0, NULL, 0, NULL, 0);

	c = ike_child_new(sa);
	if (!c)
		return ike_exch_notify_respond(sa, m, IKE_N_TEMPORARY_FAILURE, 0, NULL, 0, NULL, 0);
	memcpy(ni, m->nonce.ptr, nilen);
	ike_exch_bytes_u32(choice.spi, &c->spi_out);
	ike_exch_child_algs_set(c, &choice);
	c->rekey_of = old->spi_in;
	c->initiator = false;
	c->ts_local = old->ts_local;
	c->ts_remote = old->ts_remote;
	r = crypto_random(nr, sizeof(nr));
	if (r == 0 && choice.prop.n_dh && choice.prop.dh[0]) {
		r = crypto_dh_new(choice.prop.dh[0], &dh);
		if (r == 0 && ike_exch_gir(dh, m, gir, &girlen) < 0) {
			log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey: bad KE value", name);
			crypto_dh_free(dh);
			ike_child_free(c);
			return ike_exch_notify_respond(sa, m, IKE_N_INVALID_SYNTAX, 0, NULL, 0,
						       NULL, 0);
		}
	}
	ike_exch_nonce_min(ni, nilen, nr, sizeof(nr), c->rekey_nonce, &c->rekey_nonce_len);
	if (r == 0)
		r = ike_child_install(c, girlen ? gir : NULL, girlen, ni, nilen, nr, sizeof(nr));
	secret_wipe(gir, sizeof(gir));
	if (r < 0) {
		log_fault(LOGM_IKE, "tunnel %s: cannot install rekeyed CHILD_SA: %s", name,
			  strerror(-r));
		crypto_dh_free(dh);
		ike_child_free(c);
		return ike_exch_notify_respond(sa, m, IKE_N_TEMPORARY_FAILURE, 0, NULL, 0, NULL, 0);
	}
	r = child_rekey_answer(sa, m, c, &choice, nr, dh);
	crypto_dh_free(dh);
	if (r < 0) {
		log_fault(LOGM_IKE, "tunnel %s: cannot answer CHILD_SA rekey: %s", name,
			  strerror(-r));
		ike_child_free(c);
		return r;
	}
	log_info(LOGM_IKE, "tunnel %s: CHILD_SA rekeyed, SPIs %08x_i %08x_o (were %08x_i %08x_o)",
		 name, c->spi_in, c->spi_out, old->spi_in, old->spi_out);
	/* With our own rekey of it on the wire the nonces decide, when our
	 * response comes; otherwise the peer deletes the old one. */
	if (!child_rekey_ours_pending(sa, old))
		ike_exch_child_replaced(old);
	return 0;
}

int ike_child_request(struct ike_sa *sa, const struct ike_msg *m)
{
	const struct ike_msg_notify *rk;

	if (!sa->t)
		return -EINVAL;
	if (sa->state != IKE_SA_ESTABLISHED) {
		/* §2.25: a rekey of an SA we are closing or have replaced. */
		return ike_exch_notify_respond(sa, m, IKE_N_TEMPORARY_FAILURE, 0, NULL, 0, NULL, 0);
	}
	rk = ike_msg_notify_find(m, IKE_N_REKEY_SA);
	if (rk)
		return child_rekey_respond(sa, m, rk);
	if (m->has_sa && m->sa.n_prop && m->sa.prop[0].proto == IKE_PROTO_IKE)
		return ike_rekey_ike_request(sa, m);
	if (!m->has_sa) {
		log_peer(LOGM_IKE, "tunnel %s: CREATE_CHILD_SA without SA payload",
			 sa->t->conf.name);
		return ike_exch_notify_respond(sa, m, IKE_N_INVALID_SYNTAX, 0, NULL, 0, NULL, 0);
	}
	log_peer(LOGM_IKE, "tunnel %s: peer asks for an additional CHILD_SA; refused",
		 sa->t->conf.name);
	return ike_exch_notify_respond(sa, m, IKE_N_NO_ADDITIONAL_SAS, 0, NULL, 0, NULL, 0);
}
