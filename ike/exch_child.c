/*
 * CREATE_CHILD_SA that rekeys a CHILD_SA (RFC 7296 §1.3.3, §2.8), both
 * roles, and the simultaneous rekey of §2.8.1.  The IKE SA rekey is in
 * exch_rekey_ike.c.
 *
 * Make-before-break: the new child is installed before anything about the
 * old one changes; the old one goes only through a Delete exchange, sent by
 * whoever initiated the surviving rekey.
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

static int ike_rekey_child_response(struct ike_sa *sa, const struct ike_msg *m);

/* Our rekey under way on sa: the child we proposed, not yet installed. */
static struct ike_child *child_pending(struct ike_sa *sa)
{
	for (struct ike_child *c = sa->children; c; c = c->next)
		if (c->rekey_ours && !c->installed && c->state != IKE_CHILD_DELETING)
			return c;
	return NULL;
}

/* The installed child that our (ours) or the peer's rekey of old made. */
static struct ike_child *child_successor(struct ike_sa *sa, uint32_t old_spi_in, bool ours)
{
	for (struct ike_child *c = sa->children; c; c = c->next)
		if (c->rekey_of == old_spi_in && c->rekey_ours == ours && c->installed)
			return c;
	return NULL;
}

static void child_delete_queue(struct ike_child *c)
{
	c->state = IKE_CHILD_DELETING;
	c->delete_sent = false;
	ev_timer_cancel(&c->rekey);
	ike_sa_task(c->sa, IKE_TASK_DELETE_CHILD);
}

/* The group to offer for PFS: the one the peer asked for, else the one the
 * old child used, else the first configured; 0 for no PFS. */
static uint16_t child_pfs_group(const struct ike_sa *sa, const struct ike_child *old)
{
	const struct ike_tunnel_conf *conf = &sa->t->conf;

	if (old->rekey_group)
		return old->rekey_group;
	if (old->choice.prop.n_dh && old->choice.prop.dh[0])
		return old->choice.prop.dh[0];
	for (unsigned i = 0; i < conf->n_esp; i++)
		if (conf->esp[i].n_dh)
			return conf->esp[i].dh[0];
	return 0;
}

int ike_rekey_child_start(struct ike_sa *sa, struct ike_child *old)
{
	struct ike_engine *e = sa->e;
	const struct ike_tunnel_conf *conf;
	uint8_t spi[4], old_spi[4], ke[CRYPTO_DH_MAX_PUB];
	uint16_t group;
	struct ike_child *c;
	int r;

	if (!sa->t || sa->state != IKE_SA_ESTABLISHED || !old || !old->installed ||
	    (old->state != IKE_CHILD_INSTALLED && old->state != IKE_CHILD_REKEYING))
		return 0; /* replaced or going away meanwhile: nothing to do */
	if (child_pending(sa))
		return -EBUSY;
	conf = &sa->t->conf;
	c = ike_child_new(sa);
	if (!c)
		return -ENOMEM;
	c->rekey_of = old->spi_in;
	c->rekey_ours = true;
	c->initiator = true; /* of this exchange: KEYMAT's first half is ours */
	c->ts_local = old->ts_local;
	c->ts_remote = old->ts_remote;

	r = crypto_random(sa->rekey_nonce, IKE_NONCE_LEN);
	if (r < 0)
		goto fail;
	sa->rekey_nonce_len = IKE_NONCE_LEN;

	ike_exch_tx_reset(e, IKE_EXCH_CREATE_CHILD_SA);
	spi_put32(spi, c->spi_in);
	e->tx.has_sa = true;
	for (unsigned i = 0; i < conf->n_esp && i < IKE_MSG_MAX_PROPOSALS; i++) {
		r = ike_msg_proposal_from(&conf->esp[i], (uint8_t)(i + 1),
					  (struct ike_bytes){spi, 4}, &e->tx.sa.prop[i]);
		if (r < 0)
			goto fail;
		e->tx.sa.n_prop = i + 1;
	}
	e->tx.has_nonce = true;
	e->tx.nonce = (struct ike_bytes){sa->rekey_nonce, sa->rekey_nonce_len};
	group = child_pfs_group(sa, old);
	if (group) {
		r = ike_exch_ke_add(e, &sa->dh, group, ke);
		if (r < 0)
			goto fail;
	}
	spi_put32(old_spi, old->spi_in);
	e->tx.n_notify = 1;
	e->tx.notify[0].type = IKE_N_REKEY_SA;
	e->tx.notify[0].proto = IKE_PROTO_ESP;
	e->tx.notify[0].spi = (struct ike_bytes){old_spi, 4};
	e->tx.has_tsi = e->tx.has_tsr = true;
	ike_exch_ts_set(&e->tx.tsi, &old->ts_local);
	ike_exch_ts_set(&e->tx.tsr, &old->ts_remote);

	r = ike_sa_request(sa, ike_rekey_child_response);
	if (r < 0)
		goto fail;
	old->state = IKE_CHILD_REKEYING;
	log_debug(LOGM_IKE, "tunnel %s: rekeying CHILD_SA %08x, new SPI %08x%s", conf->name,
		  old->spi_in, c->spi_in, group ? " with PFS" : "");
	return 0;
fail:
	if (r != -EBUSY)
		log_fault(LOGM_IKE, "tunnel %s: cannot start CHILD_SA rekey: %s", conf->name,
			  strerror(-r));
	ike_child_free(c);
	return r;
}

/* After our rekey failed or was refused: the old child carries on unless
 * the peer's own rekey replaced it meanwhile. */
static void child_rekey_abandon(struct ike_sa *sa, struct ike_child *old, uint32_t retry_ms)
{
	if (!old || old->state != IKE_CHILD_REKEYING)
		return;
	if (child_successor(sa, old->spi_in, false)) {
		ike_exch_child_replaced(old);
		return;
	}
	old->state = IKE_CHILD_INSTALLED;
	if (retry_ms)
		ev_timer_arm(&old->rekey, retry_ms);
}

/* An error notify in the response to our rekey.  Returns 0 or -errno for
 * the SA. */
static int child_rekey_refused(struct ike_sa *sa, struct ike_child *c, struct ike_child *old,
			       const struct ike_msg_notify *n)
{
	const char *name = ike_sa_name(sa);
	uint16_t group = 0;

	ike_child_free(c);
	switch (n->type) {
	case IKE_N_INVALID_KE_PAYLOAD:
		if (!old || !ike_exch_bytes_u16(n->data, &group) || !crypto_dh_supported(group) ||
		    group == old->rekey_group) {
			log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey: bad INVALID_KE_PAYLOAD (%u)",
				 name, group);
			child_rekey_abandon(sa, old, 0);
			return 0;
		}
		log_info(LOGM_IKE, "tunnel %s: CHILD_SA rekey: peer wants DH group %u", name,
			 group);
		old->rekey_group = group;
		ike_sa_task(sa, IKE_TASK_REKEY_CHILD);
		return 0;
	case IKE_N_TEMPORARY_FAILURE:
		log_info(LOGM_IKE, "tunnel %s: CHILD_SA rekey: TEMPORARY_FAILURE, retrying later",
			 name);
		child_rekey_abandon(sa, old, IKE_RETRY_LATER_MS(sa->rekey_nonce[0]));
		return 0;
	case IKE_N_CHILD_SA_NOT_FOUND:
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey: peer has no CHILD_SA %08x", name,
			 old ? old->spi_out : 0);
		if (old)
			ike_child_free(old);
		/* Starting from scratch is what IKE_AUTH does. */
		ike_exch_sa_children_check(sa);
		return 0;
	default:
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey refused: %s (%u)", name,
			 ike_notify_name(n->type) ? ike_notify_name(n->type) : "error", n->type);
		child_rekey_abandon(sa, old, 0);
		return 0;
	}
}

/* The new child c (ours) and the peer's, both from rekeys of the same old
 * child: the one whose exchange had the lowest nonce goes (§2.8.1). */
static void child_collision_resolve(struct ike_sa *sa, struct ike_child *c,
				    struct ike_child *theirs, struct ike_child *old)
{
	if (ike_exch_nonce_cmp(c->rekey_nonce, c->rekey_nonce_len, theirs->rekey_nonce,
			       theirs->rekey_nonce_len) < 0) {
		log_info(LOGM_IKE,
			 "tunnel %s: collision in CHILD_SA rekey, ours is redundant, deleting it",
			 ike_sa_name(sa));
		child_delete_queue(c);
		/* The peer's rekey won: the peer deletes the old child. */
		if (old)
			ike_exch_child_replaced(old);
		return;
	}
	log_info(LOGM_IKE, "tunnel %s: collision in CHILD_SA rekey, the peer's is redundant",
		 ike_sa_name(sa));
	ike_exch_child_replaced(theirs);
	if (old)
		child_delete_queue(old);
}

static int ike_rekey_child_response(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_child *c = child_pending(sa), *old, *theirs;
	struct ike_proposal_choice choice;
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_ESP, .pfs = true};
	uint8_t gir[CRYPTO_DH_MAX_SECRET];
	size_t girlen = 0;
	char why[256];
	const char *name = ike_sa_name(sa);
	int r;

	if (!c || !sa->t)
		return m ? 0 : -ETIMEDOUT;
	old = ike_child_by_spi_in(sa, c->rekey_of);
	if (!m) {
		ike_child_free(c);
		return -ETIMEDOUT;
	}
	for (unsigned i = 0; i < m->n_notify; i++)
		if (ike_notify_is_error(m->notify[i].type))
			return child_rekey_refused(sa, c, old, &m->notify[i]);

	if (!m->has_sa || !m->has_nonce || !m->has_tsi || !m->has_tsr ||
	    m->nonce.len < IKE_NONCE_MIN || m->nonce.len > IKE_NONCE_MAX) {
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey response lacks SA, Nr or TS", name);
		goto reject;
	}
	ctx.ke_group = m->has_ke ? m->ke.group : 0;
	r = ike_proposal_check_reply(sa->t->conf.esp, sa->t->conf.n_esp, &m->sa, &ctx, &choice, why,
				     sizeof(why));
	if (r < 0 || !ike_exch_bytes_u32(choice.spi, &c->spi_out) || !c->spi_out) {
		log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey response: %s", name,
			 r < 0 ? why : "bad SPI");
		goto reject;
	}
	if (choice.prop.n_dh && choice.prop.dh[0]) {
		if (ike_exch_gir(sa->dh, m, gir, &girlen) < 0) {
			log_peer(LOGM_IKE, "tunnel %s: CHILD_SA rekey response: bad or missing KE",
				 name);
			goto reject;
		}
	}
	ike_exch_child_algs_set(c, &choice);
	ike_exch_nonce_min(sa->rekey_nonce, sa->rekey_nonce_len, m->nonce.ptr, m->nonce.len,
			   c->rekey_nonce, &c->rekey_nonce_len);
	r = ike_child_install(c, girlen ? gir : NULL, girlen, sa->rekey_nonce, sa->rekey_nonce_len,
			      m->nonce.ptr, m->nonce.len);
	secret_wipe(gir, sizeof(gir));
	crypto_dh_free(sa->dh);
	sa->dh = NULL;
	if (r < 0) {
		log_fault(LOGM_IKE, "tunnel %s: cannot install rekeyed CHILD_SA: %s", name,
			  strerror(-r));
		child_delete_queue(c);
		child_rekey_abandon(sa, old, 0);
		return 0;
	}
	if (old)
		old->rekey_group = 0;
	log_info(LOGM_IKE, "tunnel %s: CHILD_SA rekeyed, SPIs %08x_i %08x_o (were %08x_i %08x_o)",
		 name, c->spi_in, c->spi_out, old ? old->spi_in : 0, old ? old->spi_out : 0);
	theirs = child_successor(sa, c->rekey_of, false);
	if (theirs)
		child_collision_resolve(sa, c, theirs, old);
	else if (old)
		child_delete_queue(old);
	return 0;
reject:
	/* The peer installed its half: tell it to remove that. */
	secret_wipe(gir, sizeof(gir));
	crypto_dh_free(sa->dh);
	sa->dh = NULL;
	child_delete_queue(c);
	child_rekey_abandon(sa, old, 0);
	return 0;
}
