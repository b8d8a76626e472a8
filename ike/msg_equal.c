/* Deep comparison of two messages, byte fields by content. */
#include <string.h>

#include "ike/msg.h"

static bool msg_bytes_eq(struct ike_bytes a, struct ike_bytes b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static bool msg_sa_eq(const struct ike_msg_sa *a, const struct ike_msg_sa *b)
{
	unsigned i, j;

	if (a->n_prop != b->n_prop || a->n_prop > IKE_MSG_MAX_PROPOSALS)
		return false;
	for (i = 0; i < a->n_prop; i++) {
		const struct ike_msg_proposal *p = &a->prop[i], *q = &b->prop[i];

		if (p->num != q->num || p->proto != q->proto || !msg_bytes_eq(p->spi, q->spi) ||
		    p->n_xf != q->n_xf || p->n_xf > IKE_MSG_MAX_TRANSFORMS)
			return false;
		for (j = 0; j < p->n_xf; j++)
			if (p->xf[j].type != q->xf[j].type || p->xf[j].id != q->xf[j].id ||
			    p->xf[j].keylen != q->xf[j].keylen ||
			    p->xf[j].unknown_attr != q->xf[j].unknown_attr)
				return false;
	}
	return true;
}

static bool msg_ts_eq(const struct ike_msg_ts_list *a, const struct ike_msg_ts_list *b)
{
	unsigned i;

	if (a->n != b->n || a->n > IKE_MSG_MAX_TS)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct ike_msg_ts *s = &a->ts[i], *t = &b->ts[i];

		if (s->type != t->type || s->ip_proto != t->ip_proto ||
		    s->port_start != t->port_start || s->port_end != t->port_end ||
		    memcmp(s->addr_start, t->addr_start, 16) ||
		    memcmp(s->addr_end, t->addr_end, 16))
			return false;
	}
	return true;
}

static bool msg_cp_eq(const struct ike_msg_cp *a, const struct ike_msg_cp *b)
{
	unsigned i;

	if (a->type != b->type || a->n_attr != b->n_attr || a->n_attr > IKE_MSG_MAX_CP_ATTRS)
		return false;
	for (i = 0; i < a->n_attr; i++)
		if (a->attr[i].type != b->attr[i].type ||
		    !msg_bytes_eq(a->attr[i].value, b->attr[i].value))
			return false;
	return true;
}

bool ike_msg_equal(const struct ike_msg *a, const struct ike_msg *b)
{
	unsigned i;

	if (a->hdr.spi_i != b->hdr.spi_i || a->hdr.spi_r != b->hdr.spi_r ||
	    a->hdr.version != b->hdr.version || a->hdr.exchange != b->hdr.exchange ||
	    a->hdr.flags != b->hdr.flags || a->hdr.msgid != b->hdr.msgid)
		return false;
	if (a->has_sa != b->has_sa || a->has_ke != b->has_ke || a->has_idi != b->has_idi ||
	    a->has_idr != b->has_idr || a->has_auth != b->has_auth ||
	    a->has_nonce != b->has_nonce || a->has_tsi != b->has_tsi || a->has_tsr != b->has_tsr ||
	    a->has_sk != b->has_sk)
		return false;
	if (a->has_sa && !msg_sa_eq(&a->sa, &b->sa))
		return false;
	if (a->has_ke && (a->ke.group != b->ke.group || !msg_bytes_eq(a->ke.data, b->ke.data)))
		return false;
	if (a->has_idi && (a->idi.type != b->idi.type || !msg_bytes_eq(a->idi.data, b->idi.data)))
		return false;
	if (a->has_idr && (a->idr.type != b->idr.type || !msg_bytes_eq(a->idr.data, b->idr.data)))
		return false;
	if (a->has_auth &&
	    (a->auth.method != b->auth.method || !msg_bytes_eq(a->auth.data, b->auth.data)))
		return false;
	if (a->has_nonce && !msg_bytes_eq(a->nonce, b->nonce))
		return false;
	if ((a->has_tsi && !msg_ts_eq(&a->tsi, &b->tsi)) ||
	    (a->has_tsr && !msg_ts_eq(&a->tsr, &b->tsr)))
		return false;
	if (a->has_cp && !msg_cp_eq(&a->cp, &b->cp))
		return false;
	if (a->has_sk &&
	    (a->sk.inner_next != b->sk.inner_next || !msg_bytes_eq(a->sk.body, b->sk.body)))
		return false;
	if (a->n_notify != b->n_notify || a->n_notify > IKE_MSG_MAX_NOTIFIES ||
	    a->n_delete != b->n_delete || a->n_delete > IKE_MSG_MAX_DELETES ||
	    a->n_vendor != b->n_vendor || a->n_vendor > IKE_MSG_MAX_VENDORS)
		return false;
	for (i = 0; i < a->n_notify; i++) {
		const struct ike_msg_notify *n = &a->notify[i], *o = &b->notify[i];

		if (n->proto != o->proto || n->type != o->type || !msg_bytes_eq(n->spi, o->spi) ||
		    !msg_bytes_eq(n->data, o->data))
			return false;
	}
	for (i = 0; i < a->n_delete; i++) {
		const struct ike_msg_delete *d = &a->del[i], *e = &b->del[i];

		if (d->proto != e->proto || d->spi_size != e->spi_size || d->n_spi != e->n_spi ||
		    !msg_bytes_eq(d->spis, e->spis))
			return false;
	}
	for (i = 0; i < a->n_vendor; i++)
		if (!msg_bytes_eq(a->vendor[i], b->vendor[i]))
			return false;
	return true;
}
