/* IKE_SA_INIT as responder: tunnel lookup, COOKIE, proposal and KE
 * checks, then a half-open SA that waits for IKE_AUTH. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/crypto.h"
#include "common/crypto_dh.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

#define COOKIE_LEN 32

/* RFC 7296 §2.6: Cookie = Hash(Ni | IPi | SPIi | secret).  A keyed PRF
 * does the same job, and rotating the secret limits a cookie's life. */
static int cookie_make(const uint8_t *secret, const struct ike_msg *m,
		       const struct sockaddr_storage *remote, uint8_t out[COOKIE_LEN])
{
	uint8_t buf[IKE_NONCE_MAX + 16 + 8];
	size_t n = 0;
	unsigned i;

	memcpy(buf, m->nonce.ptr, m->nonce.len);
	n = m->nonce.len;
	if (remote->ss_family == AF_INET) {
		memcpy(buf + n, &((const struct sockaddr_in *)remote)->sin_addr, 4);
		n += 4;
	} else {
		memcpy(buf + n, &((const struct sockaddr_in6 *)remote)->sin6_addr, 16);
		n += 16;
	}
	for (i = 0; i < 8; i++)
		buf[n++] = (uint8_t)(m->hdr.spi_i >> (56 - 8 * i));
	return crypto_prf(CRYPTO_PRF_HMAC_SHA2_256, secret, 32, buf, n, out);
}

/* true: go on; false: a COOKIE was asked for (or the check failed). */
static bool cookie_check(struct ike_engine *e, const struct sockaddr_storage *local,
			 const struct sockaddr_storage *remote, const struct ike_msg *m)
{
	const struct ike_msg_notify *n = ike_msg_notify_find(m, IKE_N_COOKIE);
	uint8_t want[COOKIE_LEN];

	if (e->n_half_open < e->conf.cookie_threshold)
		return true;
	if (n && n->data.len == COOKIE_LEN) {
		if (cookie_make(e->cookie_secret, m, remote, want) == 0 &&
		    CRYPTO_memcmp(want, n->data.ptr, COOKIE_LEN) == 0)
			return true;
		if (cookie_make(e->cookie_secret_old, m, remote, want) == 0 &&
		    CRYPTO_memcmp(want, n->data.ptr, COOKIE_LEN) == 0)
			return true;
	}
	if (cookie_make(e->cookie_secret, m, remote, want) == 0)
		ike_send_notify_plain(e, local, remote, &m->hdr, IKE_N_COOKIE, want, COOKIE_LEN);
	return false;
}

static int init_answer(struct ike_sa *sa, const struct ike_msg *req)
{
	struct ike_engine *e = sa->e;
	struct ike_msg *m = &e->tx;
	uint8_t pub[CRYPTO_DH_MAX_PUB], src[20], dst[20];
	int plen = crypto_dh_pub_len(sa->ke_group), rc;

	(void)req;
	memset(m, 0, sizeof(*m));
	m->hdr.exchange = IKE_EXCH_SA_INIT;
	if (plen <= 0 || crypto_dh_pub(sa->dh, pub, (size_t)plen) < 0)
		return -EINVAL;
	rc = ike_msg_proposal_from(&sa->choice.prop, sa->choice.num, (struct ike_bytes){0},
				   &m->sa.prop[0]);
	if (rc < 0)
		return rc;
	m->sa.n_prop = 1;
	m->has_sa = m->has_ke = m->has_nonce = true;
	m->ke.group = sa->ke_group;
	m->ke.data = (struct ike_bytes){pub, (size_t)plen};
	m->nonce = (struct ike_bytes){sa->nr, sa->nr_len};
	rc = ike_nat_notifies_add(m, sa, sa->t->conf.force_encap, src, dst);
	if (rc < 0)
		return rc;
	return ike_sa_send_plain(sa, false, NULL);
}

static struct ike_sa *init_sa_new(struct ike_engine *e, struct ike_tunnel *t,
				  const struct sockaddr_storage *local,
				  const struct sockaddr_storage *remote, const uint8_t *buf,
				  size_t len, const struct ike_msg *m,
				  const struct ike_proposal_choice *choice)
{
	struct ike_sa *sa = ike_sa_new(e, t, false, local, remote);
	int rc = -ENOMEM;

	if (!sa)
		goto fail;
	sa->spi_i = m->hdr.spi_i;
	sa->choice = *choice;
	sa->choice.spi = (struct ike_bytes){0};
	sa->ke_group = m->ke.group;
	memcpy(sa->ni, m->nonce.ptr, m->nonce.len);
	sa->ni_len = m->nonce.len;
	sa->nr_len = IKE_NONCE_LEN;
	sa->msgid_expect = 1;
	rc = crypto_random(sa->nr, sa->nr_len);
	if (rc == 0)
		rc = crypto_dh_new(sa->ke_group, &sa->dh);
	if (rc == 0)
		rc = ike_init_keys(sa, &m->ke);
	if (rc < 0)
		goto fail;
	ike_nat_check(sa, m, local, remote);
	rc = init_answer(sa, m);
	if (rc < 0)
		goto fail;
	sa->encap = sa->nat_local || sa->nat_remote || t->conf.force_encap;
	sa->init_i = malloc(len);
	sa->init_r = malloc(sa->resp_len);
	if (!sa->init_i || !sa->init_r)
		goto fail;
	memcpy(sa->init_i, buf, len);
	sa->init_i_len = len;
	memcpy(sa->init_r, sa->resp_buf, sa->resp_len);
	sa->init_r_len = sa->resp_len;
	return sa;
fail:
	log_fault(LOGM_IKE, "tunnel %s: cannot answer IKE_SA_INIT: %s", t->conf.name,
		  sa && sa->why[0] ? sa->why : strerror(-rc));
	ike_sa_free(sa);
	return NULL;
}

void ike_init_request(struct ike_engine *e, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *remote, const uint8_t *buf, size_t len,
		      struct ike_msg *m)
{
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_IKE};
	struct ike_proposal_choice choice;
	char why[2 * IKE_PROPOSAL_STR_MAX], a[64];
	struct ike_tunnel *t;
	struct ike_sa *sa;
	uint16_t want;
	uint8_t g[2];

	sa = ike_sa_find_half_open(e, m->hdr.spi_i, remote);
	if (sa) {
		/* A retransmission: the same answer again, no new state. */
		if (sa->state == IKE_SA_INIT_R && sa->resp_valid)
			e->ops.send(e->ctx, local, remote, sa->resp_buf, sa->resp_len);
		return;
	}
	ike_addr_str(remote, a, sizeof(a));
	if (!m->has_sa || !m->has_ke || !m->has_nonce || m->nonce.len < IKE_NONCE_MIN ||
	    m->nonce.len > IKE_NONCE_MAX || m->hdr.msgid != 0) {
		log_peer(LOGM_IKE, "peer %s: IKE_SA_INIT without SA, KE or nonce", a);
		ike_send_notify_plain(e, local, remote, &m->hdr, IKE_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	t = ike_tunnel_by_addr(e, local, remote);
	if (!t) {
		log_peer(LOGM_IKE, "peer %s: IKE_SA_INIT, but no tunnel is configured for it", a);
		return;
	}
	if (!cookie_check(e, local, remote, m))
		return;
	if (t->sa && (t->sa->state == IKE_SA_INIT_I || t->sa->state == IKE_SA_AUTH_I)) {
		/* Both sides initiate at once: both keep the one with the
		 * lower initiator SPI, so they end up on the same IKE SA. */
		if (t->sa->spi_i < m->hdr.spi_i) {
			log_info(LOGM_IKE, "tunnel %s: crossing IKE_SA_INIT from %s ignored, ours "
					   "goes on", t->conf.name, a);
			return;
		}
		log_info(LOGM_IKE, "tunnel %s: crossing IKE_SA_INIT from %s, giving ours up",
			 t->conf.name, a);
		ike_sa_free(t->sa);
	}
	ctx.ke_group = m->ke.group;
	if (ike_proposal_select(t->conf.ike, t->conf.n_ike, &m->sa, &ctx, &choice, why,
				sizeof(why)) < 0) {
		log_peer(LOGM_IKE, "peer %s: IKE_SA_INIT: %s", a, why);
		ike_send_notify_plain(e, local, remote, &m->hdr, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	if (ike_proposal_ke_check(&choice, m->ke.group, &want) < 0) {
		log_info(LOGM_IKE, "peer %s: KE of DH group %u, asking for group %u", a,
			 m->ke.group, want);
		g[0] = (uint8_t)(want >> 8);
		g[1] = (uint8_t)want;
		ike_send_notify_plain(e, local, remote, &m->hdr, IKE_N_INVALID_KE_PAYLOAD, g, 2);
		return;
	}
	sa = init_sa_new(e, t, local, remote, buf, len, m, &choice);
	if (sa && t->state != IKE_TUNNEL_UP)
		ike_tunnel_set_state(t, IKE_TUNNEL_CONNECTING, "peer initiating");
}
