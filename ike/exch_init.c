/* IKE_SA_INIT as initiator: offer, then COOKIE / INVALID_KE_PAYLOAD
 * restarts, then keys and the move to IKE_AUTH. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "common/crypto_dh.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

#define INIT_MAX_RESTARTS 4

static void be64_put(uint8_t *p, uint64_t v)
{
	unsigned i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

int ike_init_keys(struct ike_sa *sa, const struct ike_msg_ke *peer)
{
	const struct ike_proposal *p = &sa->choice.prop;
	uint8_t gir[CRYPTO_DH_MAX_SECRET], seed[CRYPTO_PRF_MAX_LEN], spii[8], spir[8];
	int glen = crypto_dh_secret_len(crypto_dh_group(sa->dh));
	int rc;

	if (glen <= 0 || !p->n_encr || !p->n_prf)
		return -EINVAL;
	rc = crypto_dh_derive(sa->dh, peer->data.ptr, peer->data.len, gir, (size_t)glen);
	if (rc < 0) {
		snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: bad KE value from peer");
		return rc;
	}
	sa->algs.encr = p->encr[0].id;
	sa->algs.encr_keylen = p->encr[0].keylen;
	sa->algs.prf = p->prf[0];
	sa->algs.integ = p->n_integ ? p->integ[0] : 0;
	rc = ike_keys_skeyseed(sa->algs.prf, sa->ni, sa->ni_len, sa->nr, sa->nr_len, gir,
			       (size_t)glen, seed);
	be64_put(spii, sa->spi_i);
	be64_put(spir, sa->spi_r);
	if (rc == 0)
		rc = ike_sa_keys_derive(&sa->algs, seed, sa->ni, sa->ni_len, sa->nr, sa->nr_len,
					spii, spir, &sa->keys);
	secret_wipe(gir, sizeof(gir));
	secret_wipe(seed, sizeof(seed));
	if (rc == 0)
		rc = ike_sa_crypt_init(sa);
	if (rc < 0 && !sa->why[0])
		snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: key derivation failed (%s)",
			 strerror(-rc));
	return rc;
}

void ike_init_float(struct ike_sa *sa)
{
	sa->encap = sa->nat_local || sa->nat_remote || (sa->t && sa->t->conf.force_encap);
	if (sa->encap) {
		ike_addr_set_port(&sa->local, IKE_NATT_PORT);
		if (ike_addr_port(&sa->remote) == IKE_PORT)
			ike_addr_set_port(&sa->remote, IKE_NATT_PORT);
	}
}

static int init_response(struct ike_sa *sa, const struct ike_msg *m);

static int init_send(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;
	const struct ike_tunnel_conf *c = &sa->t->conf;
	struct ike_msg *m = &e->tx;
	uint8_t pub[CRYPTO_DH_MAX_PUB], src[20], dst[20];
	int plen = crypto_dh_pub_len(sa->ke_group), rc;
	unsigned i;

	memset(m, 0, sizeof(*m));
	m->hdr.exchange = IKE_EXCH_SA_INIT;
	if (plen <= 0 || crypto_dh_pub(sa->dh, pub, (size_t)plen) < 0)
		return -EINVAL;
	if (sa->cookie_len) {
		m->notify[0].type = IKE_N_COOKIE;
		m->notify[0].data.ptr = sa->cookie;
		m->notify[0].data.len = sa->cookie_len;
		m->n_notify = 1;
		m->order[m->n_order++] = (struct ike_msg_slot){IKE_PL_NOTIFY, 0};
	}
	for (i = 0; i < c->n_ike; i++) {
		rc = ike_msg_proposal_from(&c->ike[i], (uint8_t)(i + 1), (struct ike_bytes){0},
					   &m->sa.prop[i]);
		if (rc < 0)
			return rc;
	}
	m->sa.n_prop = c->n_ike;
	m->has_sa = m->has_ke = m->has_nonce = true;
	m->ke.group = sa->ke_group;
	m->ke.data = (struct ike_bytes){pub, (size_t)plen};
	m->nonce = (struct ike_bytes){sa->ni, sa->ni_len};
	m->order[m->n_order++] = (struct ike_msg_slot){IKE_PL_SA, 0};
	m->order[m->n_order++] = (struct ike_msg_slot){IKE_PL_KE, 0};
	m->order[m->n_order++] = (struct ike_msg_slot){IKE_PL_NONCE, 0};
	if (sa->local.ss_family) {
		i = m->n_notify;
		rc = ike_nat_notifies_add(m, sa, c->force_encap, src, dst);
		if (rc < 0)
			return rc;
		m->order[m->n_order++] = (struct ike_msg_slot){IKE_PL_NOTIFY, (uint8_t)i};
		m->order[m->n_order++] = (struct ike_msg_slot){IKE_PL_NOTIFY, (uint8_t)(i + 1)};
	}
	rc = ike_sa_send_plain(sa, true, init_response);
	if (rc < 0)
		return rc;
	secret_free(sa->init_i, sa->init_i_len);
	sa->init_i = malloc(sa->req_len);
	if (!sa->init_i)
		return -ENOMEM;
	memcpy(sa->init_i, sa->req_buf, sa->req_len);
	sa->init_i_len = sa->req_len;
	return 0;
}

int ike_tunnel_initiate(struct ike_tunnel *t)
{
	struct ike_engine *e = t->e;
	struct sockaddr_storage l = t->conf.local, r = t->conf.remote;
	struct ike_sa *sa;
	int rc;

	ev_timer_cancel(&t->backoff);
	if (t->sa)
		ike_sa_free(t->sa);
	ike_addr_set_port(&l, IKE_PORT);
	ike_addr_set_port(&r, IKE_PORT);
	sa = ike_sa_new(e, t, true, &l, &r);
	if (!sa) {
		log_fault(LOGM_IKE, "tunnel %s: no memory for an IKE SA", t->conf.name);
		rc = -ENOMEM;
		goto fail;
	}
	t->sa = sa;
	sa->ke_group = t->conf.ike[0].dh[0];
	sa->ni_len = IKE_NONCE_LEN;
	rc = crypto_random(sa->ni, sa->ni_len);
	if (rc == 0)
		rc = crypto_dh_new(sa->ke_group, &sa->dh);
	if (rc == 0)
		rc = init_send(sa);
	if (rc < 0) {
		log_fault(LOGM_IKE, "tunnel %s: cannot start IKE_SA_INIT: %s", t->conf.name,
			  strerror(-rc));
		goto fail;
	}
	ike_tunnel_set_state(t, IKE_TUNNEL_CONNECTING, "initiating");
	return 0;
fail:
	ike_tunnel_sa_failed(t, "cannot initiate");
	return rc;
}

static bool conf_has_group(const struct ike_tunnel_conf *c, uint16_t g)
{
	unsigned i, j;

	for (i = 0; i < c->n_ike; i++)
		for (j = 0; j < c->ike[i].n_dh; j++)
			if (c->ike[i].dh[j] == g)
				return true;
	return false;
}

/* The responder wants something else first; false when we cannot oblige. */
static int init_restart(struct ike_sa *sa, const struct ike_msg *m)
{
	const struct ike_msg_notify *n;
	uint16_t g;

	if (++sa->init_restarts > INIT_MAX_RESTARTS) {
		snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: peer keeps asking for restarts");
		return -EPROTO;
	}
	n = ike_msg_notify_find(m, IKE_N_COOKIE);
	if (n) {
		if (n->data.len < 1 || n->data.len > sizeof(sa->cookie)) {
			snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: bad COOKIE length %zu",
				 n->data.len);
			return -EBADMSG;
		}
		memcpy(sa->cookie, n->data.ptr, n->data.len);
		sa->cookie_len = n->data.len;
		log_info(LOGM_IKE, "tunnel %s: peer asks for a COOKIE, retrying",
			 sa->t->conf.name);
		return init_send(sa);
	}
	n = ike_msg_notify_find(m, IKE_N_INVALID_KE_PAYLOAD);
	g = n && n->data.len == 2 ? (uint16_t)(n->data.ptr[0] << 8 | n->data.ptr[1]) : 0;
	if (!g || g == sa->ke_group || !conf_has_group(&sa->t->conf, g)) {
		snprintf(sa->why, sizeof(sa->why),
			 "IKE_SA_INIT: INVALID_KE_PAYLOAD: peer wants DH group %u, not ours", g);
		return -EPROTO;
	}
	log_info(LOGM_IKE, "tunnel %s: peer wants DH group %u instead of %u, retrying",
		 sa->t->conf.name, g, sa->ke_group);
	crypto_dh_free(sa->dh);
	sa->dh = NULL;
	sa->ke_group = g;
	if (crypto_dh_new(g, &sa->dh) < 0)
		return -EINVAL;
	return init_send(sa);
}

static int init_response(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_engine *e = sa->e;
	const struct ike_tunnel_conf *c = &sa->t->conf;
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_IKE};
	char why[IKE_PROPOSAL_STR_MAX + 64], a[64];
	unsigned i;

	if (!m) {
		snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: no response from %s",
			 ike_addr_str(&sa->remote, a, sizeof(a)));
		return -ETIMEDOUT;
	}
	if (!m->has_sa && (ike_msg_notify_find(m, IKE_N_COOKIE) ||
			   ike_msg_notify_find(m, IKE_N_INVALID_KE_PAYLOAD)))
		return init_restart(sa, m);
	for (i = 0; i < m->n_notify; i++)
		if (ike_notify_is_error(m->notify[i].type)) {
			const char *nm = ike_notify_name(m->notify[i].type);

			snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: %s from peer",
				 nm ? nm : "error notify");
			log_peer(LOGM_IKE, "tunnel %s: %s", c->name, sa->why);
			return -ECONNREFUSED;
		}
	if (!m->has_sa || !m->has_ke || !m->has_nonce || !m->hdr.spi_r ||
	    m->nonce.len < IKE_NONCE_MIN || m->nonce.len > IKE_NONCE_MAX) {
		snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: response lacks SA, KE or nonce");
		return -EBADMSG;
	}
	ctx.ke_group = m->ke.group;
	if (ike_proposal_check_reply(c->ike, c->n_ike, &m->sa, &ctx, &sa->choice, why,
				     sizeof(why)) < 0 ||
	    sa->choice.prop.n_dh != 1 || sa->choice.prop.dh[0] != sa->ke_group ||
	    m->ke.group != sa->ke_group) {
		log_peer(LOGM_IKE, "tunnel %s: IKE_SA_INIT: bad proposal reply: %s", c->name,
			 why);
		snprintf(sa->why, sizeof(sa->why), "IKE_SA_INIT: bad proposal reply from peer");
		return -EBADMSG;
	}
	sa->spi_r = m->hdr.spi_r;
	memcpy(sa->nr, m->nonce.ptr, m->nonce.len);
	sa->nr_len = m->nonce.len;
	secret_free(sa->init_r, sa->init_r_len);
	sa->init_r = malloc(e->rx_len);
	if (!sa->init_r)
		return -ENOMEM;
	memcpy(sa->init_r, e->rx_buf, e->rx_len);
	sa->init_r_len = e->rx_len;
	if (ike_init_keys(sa, &m->ke) < 0)
		return -EINVAL;
	ike_nat_check(sa, m, &sa->local, &sa->remote);
	ike_init_float(sa);
	sa->state = IKE_SA_AUTH_I;
	return ike_auth_start(sa);
}
