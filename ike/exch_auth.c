/* IKE_AUTH with a PSK in both roles, and the first CHILD_SA. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/crypto.h"
#include "common/log.h"
#include "ike/ike_int.h"

/* What IKE_AUTH carries besides e->tx, kept alive until it is sent. */
struct auth_out {
	struct ike_auth_id id;
	uint8_t auth[CRYPTO_PRF_MAX_LEN];
	uint8_t spi[4];
	struct ike_proposal props[IKE_CONF_MAX_PROPOSALS];
};

static void be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int auth_add_id_auth(struct ike_sa *sa, struct ike_msg *m, struct auth_out *o)
{
	const struct ike_tunnel_conf *c = &sa->t->conf;
	struct ike_msg_id *id = sa->initiator ? &m->idi : &m->idr;
	size_t alen;
	int rc;

	rc = ike_auth_id_make(c->local_id, &sa->local, &o->id);
	if (rc == 0)
		rc = ike_auth_psk(sa, sa->initiator, o->id.type, o->id.data, o->id.len, o->auth,
				  &alen);
	if (rc < 0)
		return rc;
	*id = (struct ike_msg_id){o->id.type, {o->id.data, o->id.len}};
	if (sa->initiator)
		m->has_idi = true;
	else
		m->has_idr = true;
	m->has_auth = true;
	m->auth.method = IKE_AUTH_PSK;
	m->auth.data = (struct ike_bytes){o->auth, alen};
	return 0;
}

static bool auth_verify(struct ike_sa *sa, const struct ike_msg *m)
{
	const struct ike_msg_id *id = sa->initiator ? &m->idr : &m->idi;
	uint8_t want[CRYPTO_PRF_MAX_LEN];
	size_t len;

	if (!m->has_auth || m->auth.method != IKE_AUTH_PSK)
		return false;
	if (ike_auth_psk(sa, !sa->initiator, id->type, id->data.ptr, id->data.len, want, &len) <
	    0)
		return false;
	return m->auth.data.len == len && CRYPTO_memcmp(want, m->auth.data.ptr, len) == 0;
}

static void auth_add_ts(struct ike_sa *sa, struct ike_msg *m, const struct ike_child *c)
{
	const struct ike_ts_conf *ti = sa->initiator ? &c->ts_local : &c->ts_remote;
	const struct ike_ts_conf *tr = sa->initiator ? &c->ts_remote : &c->ts_local;

	m->has_tsi = m->has_tsr = true;
	m->tsi.n = m->tsr.n = 1;
	ike_ts_from_conf(ti, &m->tsi.ts[0]);
	ike_ts_from_conf(tr, &m->tsr.ts[0]);
}

static void child_set_ts(struct ike_sa *sa, struct ike_child *c)
{
	ike_ts_conf_resolve(&sa->t->conf.ts_local, sa->t->conf.remote.ss_family, &c->ts_local);
	ike_ts_conf_resolve(&sa->t->conf.ts_remote, sa->t->conf.remote.ss_family, &c->ts_remote);
}

static void child_take_choice(struct ike_child *c, const struct ike_proposal_choice *ch)
{
	const struct ike_proposal *p = &ch->prop;

	c->choice = *ch;
	c->choice.spi = (struct ike_bytes){0};
	c->algs.encr = p->encr[0].id;
	c->algs.encr_keylen = p->encr[0].keylen;
	c->algs.integ = p->n_integ ? p->integ[0] : 0;
	c->esn = p->n_esn && p->esn[0] == IKE_ESN_ON;
}

static int auth_response(struct ike_sa *sa, const struct ike_msg *m);

int ike_auth_start(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;
	const struct ike_tunnel_conf *tc = &sa->t->conf;
	struct ike_msg *m = &e->tx;
	struct ike_child *c;
	struct auth_out o;
	unsigned i;
	int rc;

	memset(m, 0, sizeof(*m));
	m->hdr.exchange = IKE_EXCH_AUTH;
	rc = auth_add_id_auth(sa, m, &o);
	if (rc < 0)
		return rc;
	c = ike_child_new(sa);
	if (!c)
		return -ENOMEM;
	child_set_ts(sa, c);
	be32_put(o.spi, c->spi_in);
	for (i = 0; i < tc->n_esp; i++) {
		/* No PFS in IKE_AUTH: the IKE SA's DH covers the first child. */
		o.props[i] = tc->esp[i];
		o.props[i].n_dh = 0;
		rc = ike_msg_proposal_from(&o.props[i], (uint8_t)(i + 1), (struct ike_bytes){o.spi, 4},
					   &m->sa.prop[i]);
		if (rc < 0)
			return rc;
	}
	m->sa.n_prop = tc->n_esp;
	m->has_sa = true;
	auth_add_ts(sa, m, c);
	m->notify[m->n_notify++].type = IKE_N_INITIAL_CONTACT;
	return ike_sa_request(sa, auth_response);
}

static struct ike_child *child_pending(struct ike_sa *sa)
{
	struct ike_child *c;

	for (c = sa->children; c; c = c->next)
		if (!c->installed)
			return c;
	return NULL;
}

static int auth_child_reply(struct ike_sa *sa, const struct ike_msg *m, struct ike_child *c)
{
	const struct ike_tunnel_conf *tc = &sa->t->conf;
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_ESP};
	struct ike_proposal_choice ch;
	char why[IKE_PROPOSAL_STR_MAX + 64];
	unsigned i;

	for (i = 0; i < m->n_notify; i++)
		if (ike_notify_is_error(m->notify[i].type)) {
			const char *n = ike_notify_name(m->notify[i].type);

			snprintf(sa->why, sizeof(sa->why), "CHILD_SA: %s from peer", n ? n : "error");
			log_peer(LOGM_IKE, "tunnel %s: %s", tc->name, sa->why);
			return -ECONNREFUSED;
		}
	if (ike_msg_notify_find(m, IKE_N_USE_TRANSPORT_MODE)) {
		snprintf(sa->why, sizeof(sa->why), "CHILD_SA: peer wants transport mode");
		return -EPROTO;
	}
	if (!m->has_sa || !m->has_tsi || !m->has_tsr || !m->tsi.n || !m->tsr.n ||
	    ike_proposal_check_reply(tc->esp, tc->n_esp, &m->sa, &ctx, &ch, why, sizeof(why)) <
		    0 ||
	    ch.spi.len != 4) {
		snprintf(sa->why, sizeof(sa->why), "CHILD_SA: bad reply from peer");
		log_peer(LOGM_IKE, "tunnel %s: %s: %s", tc->name, sa->why, m->has_sa ? why : "");
		return -EBADMSG;
	}
	c->spi_out = (uint32_t)ch.spi.ptr[0] << 24 | (uint32_t)ch.spi.ptr[1] << 16 |
		     (uint32_t)ch.spi.ptr[2] << 8 | ch.spi.ptr[3];
	child_take_choice(c, &ch);
	return 0;
}

static int auth_response(struct ike_sa *sa, const struct ike_msg *m)
{
	const struct ike_tunnel_conf *tc = &sa->t->conf;
	struct ike_child *c = child_pending(sa);
	int rc;

	if (!m) {
		snprintf(sa->why, sizeof(sa->why), "IKE_AUTH: no response from peer");
		return -ETIMEDOUT;
	}
	if (ike_msg_notify_find(m, IKE_N_AUTHENTICATION_FAILED)) {
		snprintf(sa->why, sizeof(sa->why),
			 "AUTHENTICATION_FAILED from peer (PSK or ID mismatch)");
		log_peer(LOGM_IKE, "tunnel %s: %s", tc->name, sa->why);
		return -EACCES;
	}
	if (!m->has_idr || !auth_verify(sa, m)) {
		snprintf(sa->why, sizeof(sa->why),
			 "AUTHENTICATION_FAILED: the peer's AUTH does not match our PSK");
		log_peer(LOGM_IKE, "tunnel %s: %s", tc->name, sa->why);
		return -EACCES;
	}
	if (!ike_auth_id_match(tc->remote_id, &sa->remote, &m->idr)) {
		snprintf(sa->why, sizeof(sa->why),
			 "AUTHENTICATION_FAILED: the peer's ID is not %.64s", tc->remote_id);
		log_peer(LOGM_IKE, "tunnel %s: %s", tc->name, sa->why);
		return -EACCES;
	}
	if (!c)
		return -EINVAL;
	rc = auth_child_reply(sa, m, c);
	if (rc < 0)
		return rc;
	c->initiator = true;
	ike_sa_log_established(sa);
	rc = ike_child_install(c, NULL, 0, sa->ni, sa->ni_len, sa->nr, sa->nr_len);
	if (rc < 0) {
		snprintf(sa->why, sizeof(sa->why), "CHILD_SA: the dataplane refused it (%s)",
			 strerror(-rc));
		return rc;
	}
	ike_sa_established(sa);
	return 0;
}

/* The responder's CHILD_SA: a choice and selectors, or the notify that
 * says why not (added to the response). */
static int auth_child_offer(struct ike_sa *sa, const struct ike_msg *req, struct ike_msg *m,
			    struct ike_child **out, uint8_t spi[4])
{
	const struct ike_tunnel_conf *tc = &sa->t->conf;
	struct ike_proposal_ctx ctx = {.proto = IKE_PROTO_ESP};
	struct ike_proposal_choice ch;
	struct ike_ts_conf tl, tr;
	struct ike_child *c;
	char why[2 * IKE_PROPOSAL_STR_MAX];
	uint16_t err = 0;

	ike_ts_conf_resolve(&tc->ts_local, tc->remote.ss_family, &tl);
	ike_ts_conf_resolve(&tc->ts_remote, tc->remote.ss_family, &tr);
	if (!req->has_sa || ike_proposal_select(tc->esp, tc->n_esp, &req->sa, &ctx, &ch, why,
						sizeof(why)) < 0 ||
	    ch.spi.len != 4) {
		log_peer(LOGM_IKE, "tunnel %s: IKE_AUTH: CHILD_SA %s", tc->name,
			 req->has_sa ? why : "without SA payload");
		err = IKE_N_NO_PROPOSAL_CHOSEN;
	} else if (!req->has_tsi || !req->has_tsr || !ike_ts_covers(&req->tsi, &tr) ||
		   !ike_ts_covers(&req->tsr, &tl)) {
		log_peer(LOGM_IKE, "tunnel %s: IKE_AUTH: the peer's traffic selectors do not "
				   "cover ours", tc->name);
		err = IKE_N_TS_UNACCEPTABLE;
	}
	if (err) {
		m->notify[m->n_notify++].type = err;
		snprintf(sa->why, sizeof(sa->why), "CHILD_SA: %s", ike_notify_name(err));
		return -EPROTO;
	}
	if (ike_msg_notify_find(req, IKE_N_USE_TRANSPORT_MODE))
		log_peer(LOGM_IKE, "tunnel %s: peer asks for transport mode; tunnel mode it is",
			 tc->name);
	c = ike_child_new(sa);
	if (!c)
		return -ENOMEM;
	c->spi_out = (uint32_t)ch.spi.ptr[0] << 24 | (uint32_t)ch.spi.ptr[1] << 16 |
		     (uint32_t)ch.spi.ptr[2] << 8 | ch.spi.ptr[3];
	child_take_choice(c, &ch);
	c->ts_local = tl;
	c->ts_remote = tr;
	c->initiator = false;
	be32_put(spi, c->spi_in);
	if (ike_msg_proposal_from(&c->choice.prop, ch.num, (struct ike_bytes){spi, 4},
				  &m->sa.prop[0]) < 0)
		return -EINVAL;
	m->sa.n_prop = 1;
	m->has_sa = true;
	auth_add_ts(sa, m, c);
	*out = c;
	return 0;
}

static int auth_refuse(struct ike_sa *sa, const struct ike_msg *req, const char *why)
{
	struct ike_msg *m = &sa->e->tx;

	snprintf(sa->why, sizeof(sa->why), "AUTHENTICATION_FAILED: %s", why);
	log_peer(LOGM_IKE, "tunnel %s: %s", sa->t->conf.name, sa->why);
	memset(m, 0, sizeof(*m));
	m->n_notify = 1;
	m->notify[0].type = IKE_N_AUTHENTICATION_FAILED;
	ike_sa_respond(sa, IKE_EXCH_AUTH, req->hdr.msgid);
	return -EACCES;
}

int ike_auth_request(struct ike_sa *sa, const struct ike_msg *req)
{
	const struct ike_tunnel_conf *tc = &sa->t->conf;
	struct ike_msg *m = &sa->e->tx;
	struct ike_child *c = NULL;
	struct auth_out o;
	int rc, crc;

	if (sa->state != IKE_SA_INIT_R) {
		memset(m, 0, sizeof(*m));
		m->n_notify = 1;
		m->notify[0].type = IKE_N_INVALID_SYNTAX;
		log_peer(LOGM_IKE, "tunnel %s: IKE_AUTH on an established IKE SA", tc->name);
		return ike_sa_respond(sa, IKE_EXCH_AUTH, req->hdr.msgid) < 0 ? -EIO : 0;
	}
	if (!req->has_idi || !req->has_auth)
		return auth_refuse(sa, req, "IKE_AUTH without IDi or AUTH");
	if (req->auth.method != IKE_AUTH_PSK)
		return auth_refuse(sa, req, "the peer does not use a PSK");
	if (!ike_auth_id_match(tc->remote_id, &sa->remote, &req->idi))
		return auth_refuse(sa, req, "the peer's ID does not match remote-id");
	if (!auth_verify(sa, req))
		return auth_refuse(sa, req, "the peer's AUTH does not match our PSK");
	memset(m, 0, sizeof(*m));
	rc = auth_add_id_auth(sa, m, &o);
	if (rc < 0)
		return rc;
	crc = auth_child_offer(sa, req, m, &c, o.spi);
	if (crc == -ENOMEM || crc == -EINVAL)
		return crc;
	ike_sa_log_established(sa);
	if (crc == 0) {
		rc = ike_child_install(c, NULL, 0, sa->ni, sa->ni_len, sa->nr, sa->nr_len);
		if (rc < 0) {
			/* The peer hears it as a CHILD_SA it cannot have. */
			memset(&m->sa, 0, sizeof(m->sa));
			m->has_sa = m->has_tsi = m->has_tsr = false;
			m->notify[m->n_notify++].type = IKE_N_NO_PROPOSAL_CHOSEN;
			snprintf(sa->why, sizeof(sa->why), "CHILD_SA: the dataplane refused it");
			crc = rc;
		}
	}
	rc = ike_sa_respond(sa, IKE_EXCH_AUTH, req->hdr.msgid);
	if (rc < 0)
		return rc;
	/* Without its CHILD_SA the tunnel is useless: the initiator tears the
	 * IKE SA down, and we do not keep ours. */
	if (crc < 0)
		return crc;
	ike_sa_established(sa);
	return 0;
}
