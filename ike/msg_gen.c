/*
 * Generation: the same layouts as the parser, lengths back-patched once a
 * payload's body is written.  The generator refuses only what it cannot
 * encode; the rules of RFC 7296 (nonce sizes, selector ranges, proposal
 * numbering) are the parser's to enforce, so tests can build bad messages
 * with it.  Whatever the parser accepts generates and parses back equal
 * (ike_msg_equal); the fuzz harness holds it to that.
 */
#include <errno.h>
#include <string.h>

#include "ike/msg_int.h"

/* The payload order: the caller's, or the default one. */
static unsigned msg_order(const struct ike_msg *m, struct ike_msg_slot *o)
{
	unsigned n = 0, i;

	if (m->n_order > 0) {
		memcpy(o, m->order, m->n_order * sizeof(*o));
		return m->n_order;
	}
#define SLOT(t, i) (o[n++] = (struct ike_msg_slot){(t), (uint8_t)(i)})
	if (m->has_sa)
		SLOT(IKE_PL_SA, 0);
	if (m->has_ke)
		SLOT(IKE_PL_KE, 0);
	if (m->has_idi)
		SLOT(IKE_PL_IDI, 0);
	if (m->has_idr)
		SLOT(IKE_PL_IDR, 0);
	if (m->has_auth)
		SLOT(IKE_PL_AUTH, 0);
	if (m->has_nonce)
		SLOT(IKE_PL_NONCE, 0);
	if (m->has_tsi)
		SLOT(IKE_PL_TSI, 0);
	if (m->has_tsr)
		SLOT(IKE_PL_TSR, 0);
	if (m->has_cp)
		SLOT(IKE_PL_CP, 0);
	for (i = 0; i < m->n_notify && i < IKE_MSG_MAX_NOTIFIES; i++)
		SLOT(IKE_PL_NOTIFY, i);
	for (i = 0; i < m->n_delete && i < IKE_MSG_MAX_DELETES; i++)
		SLOT(IKE_PL_DELETE, i);
	for (i = 0; i < m->n_vendor && i < IKE_MSG_MAX_VENDORS; i++)
		SLOT(IKE_PL_VENDOR, i);
	if (m->has_sk)
		SLOT(IKE_PL_SK, 0);
#undef SLOT
	return n;
}

static int msg_body_gen(struct wire_writer *w, const struct ike_msg *m,
			const struct ike_msg_slot *s)
{
	switch (s->type) {
	case IKE_PL_SA:
		return m->has_sa ? msg_sa_gen(w, &m->sa) : -EINVAL;
	case IKE_PL_KE:
		if (!m->has_ke)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_ke, &m->ke);
		return 0;
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		if (!(s->type == IKE_PL_IDI ? m->has_idi : m->has_idr))
			return -EINVAL;
		msg_layout_write(w, &msg_layout_id, s->type == IKE_PL_IDI ? &m->idi : &m->idr);
		return 0;
	case IKE_PL_AUTH:
		if (!m->has_auth)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_auth, &m->auth);
		return 0;
	case IKE_PL_NONCE:
		if (!m->has_nonce)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_bytes, &m->nonce);
		return 0;
	case IKE_PL_NOTIFY: {
		const struct ike_msg_notify *n = &m->notify[s->idx];
		struct msg_notify_wire nw;

		if (s->idx >= m->n_notify || s->idx >= IKE_MSG_MAX_NOTIFIES || n->spi.len > 255)
			return -EINVAL;
		nw = (struct msg_notify_wire){n->proto, (uint8_t)n->spi.len, n->type, n->spi,
					      n->data};
		msg_layout_write(w, &msg_layout_notify, &nw);
		return 0;
	}
	case IKE_PL_DELETE: {
		const struct ike_msg_delete *d = &m->del[s->idx];

		if (s->idx >= m->n_delete || s->idx >= IKE_MSG_MAX_DELETES ||
		    d->spis.len != (size_t)d->n_spi * d->spi_size)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_delete, d);
		return 0;
	}
	case IKE_PL_VENDOR:
		if (s->idx >= m->n_vendor || s->idx >= IKE_MSG_MAX_VENDORS)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_bytes, &m->vendor[s->idx]);
		return 0;
	case IKE_PL_TSI:
		return m->has_tsi ? msg_ts_gen(w, &m->tsi) : -EINVAL;
	case IKE_PL_TSR:
		return m->has_tsr ? msg_ts_gen(w, &m->tsr) : -EINVAL;
	case IKE_PL_CP:
		return m->has_cp ? msg_cp_gen(w, &m->cp) : -EINVAL;
	case IKE_PL_SK:
		if (!m->has_sk)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_bytes, &m->sk.body);
		return 0;
	default:
		return -EINVAL;
	}
}

static int msg_chain_gen(const struct ike_msg *m, const struct ike_msg_slot *o, unsigned n,
			 struct wire_writer *w)
{
	unsigned i;
	int rc;

	for (i = 0; i < n; i++) {
		bool sk = o[i].type == IKE_PL_SK;
		struct msg_generic_hdr gh = {
			.next = sk	    ? m->sk.inner_next
				: i + 1 < n ? o[i + 1].type
					    : IKE_PL_NONE,
		};
		size_t start = wire_wr_len(w), plen;

		if (sk && i + 1 < n)
			return -EINVAL; /* SK is always last */
		msg_layout_write(w, &msg_layout_generic, &gh);
		rc = msg_body_gen(w, m, &o[i]);
		if (rc < 0)
			return rc;
		plen = wire_wr_len(w) - start;
		if (wire_wr_ok(w) && plen > UINT16_MAX)
			return -EINVAL;
		wire_wr_patch_u16(w, start + 2, (uint16_t)plen);
	}
	return wire_wr_ok(w) ? 0 : -ENOSPC;
}

int ike_msg_gen(const struct ike_msg *m, struct wire_writer *w)
{
	struct ike_msg_slot o[IKE_MSG_MAX_PAYLOADS + 4];
	struct ike_hdr h = m->hdr;
	size_t start = wire_wr_len(w);
	unsigned n;
	int rc;

	if (m->n_order > IKE_MSG_MAX_PAYLOADS)
		return -EINVAL;
	n = msg_order(m, o);
	if (n > IKE_MSG_MAX_PAYLOADS)
		return -EINVAL;
	h.next = n ? o[0].type : IKE_PL_NONE;
	h.length = 0;
	msg_layout_write(w, &msg_layout_hdr, &h);
	rc = msg_chain_gen(m, o, n, w);
	if (rc < 0)
		return rc;
	if (!wire_wr_patch_u32(w, start + 24, (uint32_t)(wire_wr_len(w) - start)))
		return -ENOSPC;
	return 0;
}

int ike_msg_gen_inner(const struct ike_msg *m, struct wire_writer *w, uint8_t *first)
{
	struct ike_msg_slot o[IKE_MSG_MAX_PAYLOADS + 4];
	unsigned n, i;

	if (m->n_order > IKE_MSG_MAX_PAYLOADS)
		return -EINVAL;
	n = msg_order(m, o);
	if (n > IKE_MSG_MAX_PAYLOADS)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (o[i].type == IKE_PL_SK)
			return -EINVAL;
	*first = n ? o[0].type : IKE_PL_NONE;
	return msg_chain_gen(m, o, n, w);
}

int ike_msg_sk_pad(struct wire_writer *w, size_t block_len)
{
	size_t pad;

	if (block_len == 0 || block_len > 256)
		return -EINVAL;
	pad = (block_len - (wire_wr_len(w) + 1) % block_len) % block_len;
	wire_wr_zero(w, pad);
	wire_wr_u8(w, (uint8_t)pad);
	return wire_wr_ok(w) ? 0 : -ENOSPC;
}

int ike_msg_gen_sk(const struct ike_hdr *h, uint8_t first, size_t iv_len, size_t ct_len,
		   size_t icv_len, struct wire_writer *w, struct ike_sk_area *a)
{
	struct ike_hdr hh = *h;
	size_t body = iv_len + ct_len + icv_len;
	struct msg_generic_hdr gh = {.next = first};

	if (iv_len > 64 || icv_len > 64 || ct_len > UINT16_MAX ||
	    body + IKE_GENERIC_HDR_LEN > UINT16_MAX)
		return -EINVAL;
	gh.len = (uint16_t)(body + IKE_GENERIC_HDR_LEN);
	hh.next = IKE_PL_SK;
	hh.length = (uint32_t)(IKE_HDR_LEN + IKE_GENERIC_HDR_LEN + body);
	msg_layout_write(w, &msg_layout_hdr, &hh);
	msg_layout_write(w, &msg_layout_generic, &gh);
	a->iv_off = wire_wr_len(w);
	a->ct_off = a->iv_off + iv_len;
	a->icv_off = a->ct_off + ct_len;
	a->end = a->icv_off + icv_len;
	wire_wr_zero(w, body);
	return wire_wr_ok(w) ? 0 : -ENOSPC;
}
