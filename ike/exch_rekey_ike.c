/*
 * CREATE_CHILD_SA that rekeys the IKE SA (RFC 7296 §1.3.2, §2.8, §2.18),
 * both roles, and the simultaneous rekey of §2.8.2.
 *
 * Both sides build the new SA in full (keys from the old SK_d) and move
 * the children and the tunnel to it; the old SA is retired and lives only
 * for its Delete, sent by the initiator of the rekey that survives.  The
 * responder switches as soon as it answers; when that answer crosses our
 * own rekey, the nonces decide when our response comes and the children
 * move again if ours wins.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/crypto.h"
#include "common/crypto_dh.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

static void spi_put64(uint8_t b[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

static uint16_t ike_rekey_group(const struct ike_sa *sa)
{
	if (sa->choice.prop.n_dh && sa->choice.prop.dh[0])
		return sa->choice.prop.dh[0];
	return sa->t->conf.ike[0].n_dh ? sa->t->conf.ike[0].dh[0] : 0;
}

/* Keys of the new SA from the old one's SK_d and this exchange (§2.18). */
static int ike_rekey_keys(struct ike_sa *old, struct ike_sa *nsa,
			  const struct ike_proposal_choice *choice, const uint8_t *gir,
			  size_t girlen, const uint8_t *ni, size_t nilen, const uint8_t *nr,
			  size_t nrlen)
{
	uint8_t skeyseed[IKE_KEY_MAX], spii[8], spir[8];
	const struct ike_proposal *p = &choice->prop;
	int r;

	if (!old->keys || nilen > IKE_NONCE_MAX || nrlen > IKE_NONCE_MAX)
		return -EINVAL;
	nsa->choice = *choice;
	nsa->choice.spi = (struct ike_bytes){NULL, 0};
	nsa->algs.encr = p->n_encr ? p->encr[0].id : 0;
	nsa->algs.encr_keylen = p->n_encr ? p->encr[0].keylen : 0;
	nsa->algs.prf = p->n_prf ? p->prf[0] : 0;
	nsa->algs.integ = p->n_integ ? p->integ[0] : 0;
	r = ike_keys_skeyseed_rekey(old->keys->prf, &old->keys->sk_d, gir, girlen, ni, nilen, nr,
				    nrlen, skeyseed);
	if (r == 0) {
		spi_put64(spii, nsa->spi_i);
		spi_put64(spir, nsa->spi_r);
		r = ike_sa_keys_derive(&nsa->algs, skeyseed, ni, nilen, nr, nrlen, spii, spir,
				       &nsa->keys);
	}
	secret_wipe(skeyseed, sizeof(skeyseed));
	if (r == 0)
		r = ike_sa_crypt_init(nsa);
	if (r < 0)
		return r;
	memcpy(nsa->ni, ni, nilen);
	nsa->ni_len = nilen;
	memcpy(nsa->nr, nr, nrlen);
	nsa->nr_len = nrlen;
	nsa->state = IKE_SA_ESTABLISHED;
	nsa->established_ms = nsa->last_rx_ms = ev_now_ms();
	nsa->nat_local = old->nat_local;
	nsa->nat_remote = old->nat_remote;
	nsa->encap = old->encap;
	return 0;
}

/* nsa takes the children and the tunnel from cur; cur is retired. */
static void ike_rekey_switch(struct ike_sa *cur, struct ike_sa *nsa)
{
	ike_exch_children_move(cur, nsa);
	nsa->t->sa = nsa;
	ike_sa_arm_timers(nsa);
	if (cur->state == IKE_SA_ESTABLISHED)
		ike_exch_sa_retire(cur);
	log_info(LOGM_IKE, "tunnel %s: IKE SA rekeyed, SPIs %016llx_i %016llx_r", ike_sa_name(nsa),
		 (unsigned long long)nsa->spi_i, (unsigned long long)nsa->spi_r);
}

static int ike_rekey_lowest(const struct ike_sa *a, const struct ike_sa *b)
{
	uint8_t na[IKE_NONCE_MAX], nb[IKE_NONCE_MAX];
	size_t la, lb;

	ike_exch_nonce_min(a->ni, a->ni_len, a->nr, a->nr_len, na, &la);
	ike_exch_nonce_min(b->ni, b->ni_len, b->nr, b->nr_len, nb, &lb);
	return ike_exch_nonce_cmp(na, la, nb, lb);
}

static int ike_rekey_ike_response(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_sa *nsa = sa->rekey_new, *theirs;
	struct ike_proposal_choice choice;
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_IKE};
	uint8_t gir[CRYPTO_DH_MAX_SECRET];
	size_t girlen = 0;
	uint16_t group;
	char why[256];
	int r;

	sa->rekey_new = NULL;
	if (!nsa || !sa->t)
		return m ? 0 : -ETIMEDOUT;
	if (!m) {
		ike_sa_free(nsa);
		return sa->state == IKE_SA_ESTABLISHED ? -ETIMEDOUT : 0;
	}
	for (unsigned i = 0; i < m->n_notify; i++) {
		const struct ike_msg_notify *n = &m->notify[i];

		if (!ike_notify_is_error(n->type))
			continue;
		ike_sa_free(nsa);
		if (n->type == IKE_N_INVALID_KE_PAYLOAD && ike_exch_bytes_u16(n->data, &group) &&
		    crypto_dh_supported(group) && group != sa->ke_group) {
			log_info(LOGM_IKE, "tunnel %s: IKE SA rekey: peer wants DH group %u",
				 ike_sa_name(sa), group);
			sa->ke_group = group;
			ike_sa_task(sa, IKE_TASK_REKEY_IKE);
		} else if (n->type == IKE_N_TEMPORARY_FAILURE) {
			log_info(LOGM_IKE,
				 "tunnel %s: IKE SA rekey: TEMPORARY_FAILURE, retrying "
				 "later",
				 ike_sa_name(sa));
			if (sa->state == IKE_SA_ESTABLISHED)
				ev_timer_arm(&sa->rekey, IKE_RETRY_LATER_MS(sa->rekey_nonce[0]));
		} else {
			log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey refused: %s (%u)",
				 ike_sa_name(sa),
				 ike_notify_name(n->type) ? ike_notify_name(n->type) : "error",
				 n->type);
		}
		return 0;
	}
	ctx.ke_group = m->has_ke ? m->ke.group : 0;
	r = ike_proposal_check_reply(sa->t->conf.ike, sa->t->conf.n_ike, &m->sa, &ctx, &choice, why,
				     sizeof(why));
	if (!m->has_sa || !m->has_nonce || m->nonce.len < IKE_NONCE_MIN ||
	    m->nonce.len > IKE_NONCE_MAX) {
		r = -EBADMSG;
		snprintf(why, sizeof(why), "no SA or Nr");
	} else if (r == 0 && (!ike_exch_bytes_u64(choice.spi, &nsa->spi_r) || !nsa->spi_r)) {
		r = -EBADMSG;
		snprintf(why, sizeof(why), "bad SPI");
	} else if (r == 0 && ike_exch_gir(sa->dh, m, gir, &girlen) < 0) {
		r = -EBADMSG;
		snprintf(why, sizeof(why), "bad or missing KE");
	}
	if (r < 0) {
		log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey response: %s", ike_sa_name(sa), why);
		ike_sa_free(nsa);
		return -EBADMSG;
	}
	r = ike_rekey_keys(sa, nsa, &choice, gir, girlen, sa->rekey_nonce, sa->rekey_nonce_len,
			   m->nonce.ptr, m->nonce.len);
	secret_wipe(gir, sizeof(gir));
	crypto_dh_free(sa->dh);
	sa->dh = NULL;
	sa->ke_group = 0;
	if (r < 0) {
		log_fault(LOGM_IKE, "tunnel %s: IKE SA rekey: %s", ike_sa_name(sa), strerror(-r));
		ike_sa_free(nsa);
		return r;
	}
	theirs = sa->t->sa;
	if (sa->state == IKE_SA_ESTABLISHED && theirs == sa) {
		ike_rekey_switch(sa, nsa);
		ike_delete_start(sa);
		return 0;
	}
	if (sa->state != IKE_SA_REKEYED || !theirs || theirs == sa) {
		/* Being deleted meanwhile: the new SA is of no use. */
		ike_sa_task(nsa, IKE_TASK_DELETE);
		return 0;
	}
	/* The peer rekeyed sa too, and theirs has taken over (§2.8.2). */
	if (ike_rekey_lowest(nsa, theirs) < 0) {
		log_info(LOGM_IKE,
			 "tunnel %s: collision in IKE SA rekey, ours is redundant, "
			 "deleting it",
			 ike_sa_name(sa));
		ike_sa_task(nsa, IKE_TASK_DELETE);
		return 0;
	}
	log_info(LOGM_IKE, "tunnel %s: collision in IKE SA rekey, the peer's is redundant",
		 ike_sa_name(sa));
	ike_rekey_switch(theirs, nsa);
	ike_delete_start(sa); /* retired when we answered the peer's rekey */
	return 0;
}

int ike_rekey_ike_start(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;
	uint8_t spi[8], ke[CRYPTO_DH_MAX_PUB];
	struct ike_sa *nsa;
	uint16_t group;
	int r;

	if (!sa->t || sa->state != IKE_SA_ESTABLISHED || sa->rekey_new || sa->t->sa != sa)
		return 0;
	nsa = ike_sa_new(e, sa->t, true, &sa->local, &sa->remote);
	if (!nsa)
		return -ENOMEM;
	r = crypto_random(sa->rekey_nonce, IKE_NONCE_LEN);
	sa->rekey_nonce_len = IKE_NONCE_LEN;
	ike_exch_tx_reset(e, IKE_EXCH_CREATE_CHILD_SA);
	spi_put64(spi, nsa->spi_i);
	e->tx.has_sa = true;
	for (unsigned i = 0; r == 0 && i < sa->t->conf.n_ike && i < IKE_MSG_MAX_PROPOSALS; i++) {
		r = ike_msg_proposal_from(&sa->t->conf.ike[i], (uint8_t)(i + 1),
					  (struct ike_bytes){spi, 8}, &e->tx.sa.prop[i]);
		e->tx.sa.n_prop = i + 1;
	}
	e->tx.has_nonce = true;
	e->tx.nonce = (struct ike_bytes){sa->rekey_nonce, sa->rekey_nonce_len};
	group = sa->ke_group ? sa->ke_group : ike_rekey_group(sa);
	if (r == 0)
		r = ike_exch_ke_add(e, &sa->dh, group, ke);
	if (r == 0) {
		sa->ke_group = group;
		r = ike_sa_request(sa, ike_rekey_ike_response);
	}
	if (r < 0) {
		if (r != -EBUSY)
			log_fault(LOGM_IKE, "tunnel %s: cannot start IKE SA rekey: %s",
				  ike_sa_name(sa), strerror(-r));
		ike_sa_free(nsa);
		return r;
	}
	sa->rekey_new = nsa;
	return 0;
}

/* Build and send the response: SA with our new SPI, Nr, KE. */
static int ike_rekey_answer(struct ike_sa *sa, const struct ike_msg *m, struct ike_sa *nsa,
			    const struct ike_proposal_choice *choice, const struct crypto_dh *dh)
{
	struct ike_engine *e = sa->e;
	uint8_t spi[8], ke[CRYPTO_DH_MAX_PUB];
	uint8_t exchange = m->hdr.exchange;
	uint32_t msgid = m->hdr.msgid;
	int len = crypto_dh_pub_len(crypto_dh_group(dh)), r;

	if (len < 0 || len > CRYPTO_DH_MAX_PUB)
		return -EINVAL;
	r = crypto_dh_pub(dh, ke, (size_t)len);
	if (r < 0)
		return r;
	ike_exch_tx_reset(e, exchange);
	spi_put64(spi, nsa->spi_r);
	e->tx.has_sa = true;
	e->tx.sa.n_prop = 1;
	r = ike_msg_proposal_from(&choice->prop, choice->num, (struct ike_bytes){spi, 8},
				  &e->tx.sa.prop[0]);
	if (r < 0)
		return r;
	e->tx.has_nonce = true;
	e->tx.nonce = (struct ike_bytes){nsa->nr, nsa->nr_len};
	e->tx.has_ke = true;
	e->tx.ke.group = crypto_dh_group(dh);
	e->tx.ke.data = (struct ike_bytes){ke, (size_t)len};
	return ike_sa_respond(sa, exchange, msgid);
}

/* Returns the notify to answer instead, or 0 with *choice filled. */
static uint16_t ike_rekey_check(struct ike_sa *sa, const struct ike_msg *m,
				struct ike_proposal_choice *choice, uint16_t *want)
{
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_IKE};
	const char *name = ike_sa_name(sa);
	uint64_t spi;
	char why[256];

	for (struct ike_child *c = sa->children; c; c = c->next) {
		if (!c->installed && c->state != IKE_CHILD_DELETING) {
			/* Our CHILD_SA rekey is on the wire; let it land first. */
			return IKE_N_TEMPORARY_FAILURE;
		}
	}
	if (!m->has_nonce || !m->has_ke || m->nonce.len < IKE_NONCE_MIN ||
	    m->nonce.len > IKE_NONCE_MAX) {
		log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey request without Ni or KE", name);
		return IKE_N_INVALID_SYNTAX;
	}
	ctx.ke_group = m->ke.group;
	if (ike_proposal_select(sa->t->conf.ike, sa->t->conf.n_ike, &m->sa, &ctx, choice, why,
				sizeof(why)) < 0) {
		log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey: %s", name, why);
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	if (!ike_exch_bytes_u64(choice->spi, &spi) || !spi) {
		log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey: proposal SPI is not 8 bytes", name);
		return IKE_N_INVALID_SYNTAX;
	}
	if (ike_proposal_ke_check(choice, m->ke.group, want) < 0) {
		log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey: KE group %u, we want %u", name,
			 m->ke.group, *want);
		return IKE_N_INVALID_KE_PAYLOAD;
	}
	return 0;
}

int ike_rekey_ike_request(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_proposal_choice choice;
	struct crypto_dh *dh = NULL;
	struct ike_sa *nsa;
	uint8_t gir[CRYPTO_DH_MAX_SECRET], nr[IKE_NONCE_LEN], want_b[2];
	size_t girlen = 0;
	uint16_t n, want = 0;
	int r;

	n = ike_rekey_check(sa, m, &choice, &want);
	if (n == IKE_N_INVALID_KE_PAYLOAD) {
		want_b[0] = (uint8_t)(want >> 8);
		want_b[1] = (uint8_t)want;
		return ike_exch_notify_respond(sa, m, n, 0, NULL, 0, want_b, 2);
	}
	if (n)
		return ike_exch_notify_respond(sa, m, n, 0, NULL, 0, NULL, 0);
	nsa = ike_sa_new(sa->e, sa->t, false, &sa->local, &sa->remote);
	if (!nsa)
		return ike_exch_notify_respond(sa, m, IKE_N_TEMPORARY_FAILURE, 0, NULL, 0, NULL, 0);
	ike_sa_half_open_done(nsa);
	ike_exch_bytes_u64(choice.spi, &nsa->spi_i);
	r = crypto_random(nr, sizeof(nr));
	if (r == 0)
		r = crypto_dh_new(m->ke.group, &dh);
	if (r == 0 && ike_exch_gir(dh, m, gir, &girlen) < 0) {
		log_peer(LOGM_IKE, "tunnel %s: IKE SA rekey: bad KE value", ike_sa_name(sa));
		crypto_dh_free(dh);
		ike_sa_free(nsa);
		return ike_exch_notify_respond(sa, m, IKE_N_INVALID_SYNTAX, 0, NULL, 0, NULL, 0);
	}
	if (r == 0)
		r = ike_rekey_keys(sa, nsa, &choice, gir, girlen, m->nonce.ptr, m->nonce.len, nr,
				   sizeof(nr));
	secret_wipe(gir, sizeof(gir));
	if (r == 0)
		r = ike_rekey_answer(sa, m, nsa, &choice, dh);
	crypto_dh_free(dh);
	if (r < 0) {
		log_fault(LOGM_IKE, "tunnel %s: cannot answer IKE SA rekey: %s", ike_sa_name(sa),
			  strerror(-r));
		ike_sa_free(nsa);
		return r;
	}
	/* With our own rekey on the wire too, our response decides (§2.8.2). */
	ike_rekey_switch(sa, nsa);
	return 0;
}
