/*
 * UPDATE parsing (RFC 4271 §4.3, §6.3) with the error handling of
 * RFC 7606: most errors cost the routes of this message (treat-as-withdraw),
 * some only the attribute, and only errors that leave the message's
 * boundaries or NLRI in doubt reset the session.
 */
#include <errno.h>
#include <string.h>

#include "bgp/msg_attr.h"

bool bgp_update_has(const struct bgp_update *u, uint8_t type)
{
	return u->seen[type / 8] & (1u << (type % 8));
}

void bgp_update_set(struct bgp_update *u, uint8_t type)
{
	u->seen[type / 8] |= (uint8_t)(1u << (type % 8));
}

static void bgp_update_clear(struct bgp_update *u, uint8_t type)
{
	u->seen[type / 8] &= (uint8_t)~(1u << (type % 8));
}

static size_t bgp_afi_bits(uint16_t afi)
{
	return afi == BGP_AFI_IPV4 ? 32 : afi == BGP_AFI_IPV6 ? 128 : 0;
}

void bgp_nlri_iter_init(struct bgp_nlri_iter *it, const struct bgp_nlri *n)
{
	wire_rd_init(&it->r, n->data, n->data ? n->len : 0);
	it->afi = n->afi;
}

bool bgp_nlri_next(struct bgp_nlri_iter *it, struct vt_prefix *out)
{
	size_t bits = bgp_afi_bits(it->afi);
	uint8_t plen;

	if (bits == 0 || wire_rd_left(&it->r) == 0)
		return false;
	memset(out, 0, sizeof(*out));
	if (!wire_rd_u8(&it->r, &plen))
		return false;
	if (plen > bits) {
		wire_rd_fail(&it->r);
		return false;
	}
	if (!wire_rd_bytes(&it->r, out->addr.u.bytes, (plen + 7u) / 8))
		return false;
	out->addr.family = it->afi == BGP_AFI_IPV4 ? AF_INET : AF_INET6;
	out->len = plen;
	/* Trailing bits past the length are junk by RFC 4271 §4.3. */
	vt_prefix_mask(out);
	return true;
}

int bgp_nlri_check(const struct bgp_nlri *n)
{
	struct bgp_nlri_iter it;
	struct vt_prefix p;

	if (bgp_afi_bits(n->afi) == 0)
		return -EINVAL;
	bgp_nlri_iter_init(&it, n);
	while (bgp_nlri_next(&it, &p))
		;
	return wire_rd_ok(&it.r) && wire_rd_left(&it.r) == 0 ? 0 : -EINVAL;
}

/* Raise the outcome: reset beats withdraw beats ok. */
static int bgp_update_withdraw(struct bgp_update *u, const char *why)
{
	if (!u->reason)
		u->reason = why;
	return BGP_UPD_WITHDRAW;
}

/*
 * One attribute; a points at its flags octet and a_len covers the whole
 * attribute, for the NOTIFICATION data.  Returns 0, BGP_UPD_WITHDRAW, or
 * -EBADMSG with *err.
 */
static int bgp_update_attr(struct bgp_update *u, const struct bgp_upd_ctx *ctx, uint8_t flags,
			   uint8_t type, struct wire_reader *v, const uint8_t *a, size_t a_len,
			   struct bgp_notify *err)
{
	const struct bgp_attr_desc *d = bgp_attr_desc_find(type);
	int sub;

	if (!d) {
		if (!(flags & BGP_ATTR_F_OPTIONAL))
			return bgp_msg_err_data(err, BGP_ERR_UPDATE, BGP_ERR_UPD_WELL_KNOWN, a,
						a_len);
		/* RFC 4271 §5: unrecognized non-transitive ones are ignored. */
		if (!(flags & BGP_ATTR_F_TRANSITIVE))
			return 0;
		if (bgp_update_has(u, type) || u->n_unknown == BGP_UPD_UNKNOWN_MAX) {
			u->n_discarded++;
			return 0;
		}
		u->unknown[u->n_unknown].flags = flags;
		u->unknown[u->n_unknown].type = type;
		u->unknown[u->n_unknown].len = (uint16_t)wire_rd_left(v);
		wire_rd_ptr(v, wire_rd_left(v), &u->unknown[u->n_unknown].value);
		u->n_unknown++;
		bgp_update_set(u, type);
		return 0;
	}
	/* RFC 7606 §3.g: a repeated MP attribute resets, others are dropped. */
	if (bgp_update_has(u, type)) {
		if (d->on_error == BGP_ATTR_ACT_RESET)
			return bgp_msg_err(err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
		u->n_discarded++;
		return 0;
	}
	/* §7.5: LOCAL_PREF from an external peer is not ours to read. */
	if (type == BGP_ATTR_LOCAL_PREF && !ctx->ibgp) {
		u->n_discarded++;
		return 0;
	}
	bgp_update_set(u, type);
	sub = bgp_attr_decode(d, u, ctx, flags, v);
	if (sub == 0)
		return 0;
	switch (d->on_error) {
	case BGP_ATTR_ACT_RESET:
		return bgp_msg_err_data(err, BGP_ERR_UPDATE, (uint8_t)sub, a, a_len);
	case BGP_ATTR_ACT_WITHDRAW:
		return bgp_update_withdraw(u, d->name);
	case BGP_ATTR_ACT_DISCARD:
		break;
	}
	bgp_update_clear(u, type);
	u->n_discarded++;
	return 0;
}

static int bgp_update_attrs(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			    struct wire_reader *r, struct bgp_notify *err)
{
	int out = 0;

	while (wire_rd_left(r) > 0) {
		const uint8_t *a = r->buf + wire_rd_pos(r);
		struct wire_reader v;
		uint8_t flags = 0, type = 0, l8 = 0;
		uint16_t len = 0;
		int rc;

		wire_rd_u8(r, &flags);
		wire_rd_u8(r, &type);
		if (flags & BGP_ATTR_F_EXTENDED) {
			wire_rd_u16(r, &len);
		} else {
			wire_rd_u8(r, &l8);
			len = l8;
		}
		/* §4: an attribute overrunning the list costs the routes. */
		if (!wire_rd_sub(r, len, &v))
			return bgp_update_withdraw(u, "attribute overruns the list");
		rc = bgp_update_attr(u, ctx, flags, type, &v, a,
				     (size_t)(r->buf + wire_rd_pos(r) - a), err);
		if (rc < 0)
			return rc;
		if (rc > 0)
			out = rc;
	}
	return out;
}

int bgp_update_parse(const uint8_t *msg, size_t len, const struct bgp_upd_ctx *ctx,
		     struct bgp_update *u, struct bgp_notify *err)
{
	struct wire_reader r, attrs;
	uint16_t wlen = 0, alen = 0;
	bool reach;
	int rc;

	memset(u, 0, sizeof(*u));
	bgp_msg_body(msg, len, &r);
	u->withdrawn.afi = BGP_AFI_IPV4;
	u->nlri.afi = BGP_AFI_IPV4;
	wire_rd_u16(&r, &wlen);
	if (!wire_rd_ptr(&r, wlen, &u->withdrawn.data) || !wire_rd_u16(&r, &alen) ||
	    !wire_rd_sub(&r, alen, &attrs))
		return bgp_msg_err(err, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST);
	u->withdrawn.len = wlen;
	wire_rd_rest(&r, &u->nlri.data, &u->nlri.len);
	if (bgp_nlri_check(&u->withdrawn) < 0 || bgp_nlri_check(&u->nlri) < 0)
		return bgp_msg_err(err, BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK);
	rc = bgp_update_attrs(u, ctx, &attrs, err);
	if (rc < 0)
		return rc;
	/* §3.d: mandatory attributes matter only when routes are announced. */
	reach = u->nlri.len > 0 || bgp_update_has(u, BGP_ATTR_MP_REACH);
	if (rc == 0 && reach) {
		if (!bgp_update_has(u, BGP_ATTR_ORIGIN))
			rc = bgp_update_withdraw(u, "missing ORIGIN");
		else if (!bgp_update_has(u, BGP_ATTR_AS_PATH))
			rc = bgp_update_withdraw(u, "missing AS_PATH");
		else if (u->nlri.len > 0 && !bgp_update_has(u, BGP_ATTR_NEXT_HOP))
			rc = bgp_update_withdraw(u, "missing NEXT_HOP");
		else if (ctx->ibgp && !bgp_update_has(u, BGP_ATTR_LOCAL_PREF))
			rc = bgp_update_withdraw(u, "missing LOCAL_PREF");
	}
	return rc;
}
