/*
 * Pieces shared by CREATE_CHILD_SA (exch_child.c, exch_rekey_ike.c) and
 * INFORMATIONAL (exch_info.c): notify answers, KE and TS payloads, nonce
 * order, moving children between IKE SAs.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "common/crypto_dh.h"
#include "common/log.h"
#include "ike/ike_int.h"

void ike_exch_tx_reset(struct ike_engine *e, uint8_t exchange)
{
	memset(&e->tx, 0, sizeof(e->tx));
	e->tx.hdr.exchange = exchange;
}

int ike_exch_notify_respond(struct ike_sa *sa, const struct ike_msg *m, uint16_t type,
			    uint8_t proto, const uint8_t *spi, size_t spilen, const uint8_t *data,
			    size_t len)
{
	struct ike_engine *e = sa->e;
	/* The request's bytes live in e->plain, which sending may reuse. */
	uint8_t spi_copy[8], data_copy[8];
	uint8_t exchange = m->hdr.exchange;
	uint32_t msgid = m->hdr.msgid;

	if (spilen > sizeof(spi_copy) || len > sizeof(data_copy))
		return -EINVAL;
	if (spilen)
		memcpy(spi_copy, spi, spilen);
	if (len)
		memcpy(data_copy, data, len);
	ike_exch_tx_reset(e, exchange);
	e->tx.n_notify = 1;
	e->tx.notify[0].type = type;
	e->tx.notify[0].proto = proto;
	e->tx.notify[0].spi = (struct ike_bytes){spilen ? spi_copy : NULL, spilen};
	e->tx.notify[0].data = (struct ike_bytes){len ? data_copy : NULL, len};
	return ike_sa_respond(sa, exchange, msgid);
}

int ike_exch_ke_add(struct ike_engine *e, struct crypto_dh **dh, uint16_t group, uint8_t *buf)
{
	int len = crypto_dh_pub_len(group);
	int r;

	if (len < 0 || len > CRYPTO_DH_MAX_PUB)
		return -EINVAL;
	crypto_dh_free(*dh);
	*dh = NULL;
	r = crypto_dh_new(group, dh);
	if (r < 0)
		return r;
	r = crypto_dh_pub(*dh, buf, (size_t)len);
	if (r < 0)
		return r;
	e->tx.has_ke = true;
	e->tx.ke.group = group;
	e->tx.ke.data = (struct ike_bytes){buf, (size_t)len};
	return 0;
}

int ike_exch_gir(const struct crypto_dh *dh, const struct ike_msg *m, uint8_t *gir, size_t *girlen)
{
	int len;

	if (!dh || !m->has_ke || m->ke.group != crypto_dh_group(dh))
		return -EBADMSG;
	len = crypto_dh_secret_len(m->ke.group);
	if (len < 0 || len > CRYPTO_DH_MAX_SECRET)
		return -EBADMSG;
	if (crypto_dh_derive(dh, m->ke.data.ptr, m->ke.data.len, gir, (size_t)len) < 0)
		return -EBADMSG;
	*girlen = (size_t)len;
	return 0;
}

void ike_exch_ts_set(struct ike_msg_ts_list *l, const struct ike_ts_conf *ts)
{
	struct ike_msg_ts *o = &l->ts[0];
	bool v6 = ts->family == AF_INET6;
	unsigned bytes = v6 ? 16 : 4;
	unsigned plen = ts->plen > bytes * 8 ? bytes * 8 : ts->plen;

	memset(l, 0, sizeof(*l));
	l->n = 1;
	o->type = v6 ? IKE_TS_IPV6 : IKE_TS_IPV4;
	o->ip_proto = 0;
	o->port_start = 0;
	o->port_end = 65535;
	for (unsigned i = 0; i < bytes; i++) {
		unsigned bits = plen > i * 8 ? plen - i * 8 : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff00u >> bits);

		o->addr_start[i] = ts->addr[i] & mask;
		o->addr_end[i] = (uint8_t)(ts->addr[i] | (uint8_t)~mask);
	}
}

int ike_exch_nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

void ike_exch_nonce_min(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t *out,
			size_t *outlen)
{
	if (ike_exch_nonce_cmp(a, alen, b, blen) > 0) {
		a = b;
		alen = blen;
	}
	if (alen > IKE_NONCE_MAX)
		alen = IKE_NONCE_MAX;
	memcpy(out, a, alen);
	*outlen = alen;
}

const char *ike_sa_name(const struct ike_sa *sa)
{
	return sa->t ? sa->t->conf.name : "?";
}

void ike_exch_child_algs_set(struct ike_child *c, const struct ike_proposal_choice *ch)
{
	const struct ike_proposal *p = &ch->prop;

	c->choice = *ch;
	/* The SPI points into a message that is about to go away. */
	c->choice.spi = (struct ike_bytes){NULL, 0};
	c->algs.encr = p->n_encr ? p->encr[0].id : 0;
	c->algs.encr_keylen = p->n_encr ? p->encr[0].keylen : 0;
	c->algs.integ = p->n_integ ? p->integ[0] : 0;
	c->esn = p->n_esn && p->esn[0] == 1;
}

void ike_exch_children_move(struct ike_sa *from, struct ike_sa *to)
{
	struct ike_child **tail = &to->children;

	while (*tail)
		tail = &(*tail)->next;
	*tail = from->children;
	from->children = NULL;
	for (struct ike_child *c = *tail; c; c = c->next)
		c->sa = to;
}

static void ike_exch_retired_expire(struct ev_timer *tm, void *arg)
{
	struct ike_sa *sa = arg;

	(void)tm;
	log_info(LOGM_IKE, "tunnel %s: rekeyed IKE SA %016llx_%016llx never deleted, freeing it",
		 ike_sa_name(sa), (unsigned long long)sa->spi_i, (unsigned long long)sa->spi_r);
	ike_sa_free(sa);
}

void ike_exch_sa_retire(struct ike_sa *sa)
{
	const struct ike_engine_conf *ec = &sa->e->conf;
	unsigned shift = ec->retransmit_tries < 16 ? ec->retransmit_tries + 1 : 16;

	sa->state = IKE_SA_REKEYED;
	ev_timer_cancel(&sa->rekey);
	ev_timer_cancel(&sa->dpd);
	ev_timer_cancel(&sa->keepalive);
	/* The peer's Delete (or ours) normally ends it well before this. */
	ev_timer_cancel(&sa->expire);
	ev_timer_init(&sa->expire, sa->e->loop, ike_exch_retired_expire, sa);
	ev_timer_arm(&sa->expire, (uint64_t)ec->retransmit_base_ms << shift);
}

bool ike_exch_bytes_u16(struct ike_bytes b, uint16_t *out)
{
	struct wire_reader r;

	wire_rd_init(&r, b.ptr, b.len);
	return b.len == 2 && wire_rd_u16(&r, out);
}

bool ike_exch_bytes_u32(struct ike_bytes b, uint32_t *out)
{
	struct wire_reader r;

	wire_rd_init(&r, b.ptr, b.len);
	return b.len == 4 && wire_rd_u32(&r, out);
}

bool ike_exch_bytes_u64(struct ike_bytes b, uint64_t *out)
{
	struct wire_reader r;

	wire_rd_init(&r, b.ptr, b.len);
	return b.len == 8 && wire_rd_u64(&r, out);
}

void ike_exch_child_replaced(struct ike_child *c)
{
	c->state = IKE_CHILD_REKEYED;
	ev_timer_cancel(&c->rekey);
}
