/*
 * UPDATE generation: the attributes of a struct bgp_update, then as many
 * prefixes as fit in one 4096-octet message.  The caller loops on *used.
 */
#include <errno.h>
#include <string.h>

#include "bgp/asn.h"
#include "bgp/msg_attr.h"

/* Flags and type; the length is patched by bgp_attr_end.  Always extended
 * length, so the value may be any size (RFC 4271 allows it). */
static size_t bgp_attr_begin(struct wire_writer *w, uint8_t flags, uint8_t type)
{
	wire_wr_u8(w, flags | BGP_ATTR_F_EXTENDED);
	wire_wr_u8(w, type);
	wire_wr_u16(w, 0);
	return wire_wr_len(w);
}

static void bgp_attr_end(struct wire_writer *w, size_t at)
{
	wire_wr_patch_u16(w, at - 2, (uint16_t)(wire_wr_len(w) - at));
}

static void bgp_attr_put(struct wire_writer *w, uint8_t type, const void *v, size_t n)
{
	const struct bgp_attr_desc *d = bgp_attr_desc_find(type);
	size_t at = bgp_attr_begin(w, d->flags, type);

	wire_wr_bytes(w, v, n);
	bgp_attr_end(w, at);
}

static void bgp_attr_put_u32(struct wire_writer *w, uint8_t type, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	bgp_attr_put(w, type, b, sizeof(b));
}

static void bgp_attr_put_aggr(struct wire_writer *w, uint8_t type, bool as4, uint32_t as,
			      const struct vt_addr *id)
{
	const struct bgp_attr_desc *d = bgp_attr_desc_find(type);
	size_t at = bgp_attr_begin(w, d->flags, type);

	if (as4)
		wire_wr_u32(w, as);
	else
		wire_wr_u16(w, as > 0xffff ? BGP_AS_TRANS : (uint16_t)as);
	wire_wr_bytes(w, id->u.bytes, 4);
	bgp_attr_end(w, at);
}

static size_t bgp_pfx_size(const struct vt_prefix *p)
{
	return 1 + (p->len + 7u) / 8;
}

static void bgp_pfx_put(struct wire_writer *w, const struct vt_prefix *p)
{
	wire_wr_u8(w, p->len);
	wire_wr_bytes(w, p->addr.u.bytes, (p->len + 7u) / 8);
}

/* Prefixes of pfx[0..n) while the message (begun at start), with reserve
 * octets still to come, stays in 4096. */
static size_t bgp_pfx_fill(struct wire_writer *w, size_t start, size_t reserve,
			   const struct vt_prefix *pfx, size_t n, int family)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pfx[i].addr.family != family || pfx[i].len > (family == AF_INET ? 32 : 128))
			break;
		if (wire_wr_len(w) - start + reserve + bgp_pfx_size(&pfx[i]) > BGP_MSG_MAX)
			break;
		bgp_pfx_put(w, &pfx[i]);
	}
	return i;
}

static void bgp_attrs_put(struct wire_writer *w, const struct bgp_upd_ctx *ctx,
			  const struct bgp_update *u, bool v4)
{
	size_t i, at;

	if (bgp_update_has(u, BGP_ATTR_ORIGIN))
		bgp_attr_put(w, BGP_ATTR_ORIGIN, &u->origin, 1);
	if (bgp_update_has(u, BGP_ATTR_AS_PATH))
		bgp_attr_put(w, BGP_ATTR_AS_PATH, u->as_path, u->as_path_len);
	if (v4 && bgp_update_has(u, BGP_ATTR_NEXT_HOP))
		bgp_attr_put(w, BGP_ATTR_NEXT_HOP, u->next_hop.u.bytes, 4);
	if (bgp_update_has(u, BGP_ATTR_MED))
		bgp_attr_put_u32(w, BGP_ATTR_MED, u->med);
	if (ctx->ibgp && bgp_update_has(u, BGP_ATTR_LOCAL_PREF))
		bgp_attr_put_u32(w, BGP_ATTR_LOCAL_PREF, u->local_pref);
	if (bgp_update_has(u, BGP_ATTR_ATOMIC_AGGREGATE))
		bgp_attr_put(w, BGP_ATTR_ATOMIC_AGGREGATE, NULL, 0);
	if (bgp_update_has(u, BGP_ATTR_AGGREGATOR))
		bgp_attr_put_aggr(w, BGP_ATTR_AGGREGATOR, ctx->as4, u->aggregator_as,
				  &u->aggregator_id);
	if (bgp_update_has(u, BGP_ATTR_COMMUNITIES))
		bgp_attr_put(w, BGP_ATTR_COMMUNITIES, u->communities, u->communities_len);
	if (bgp_update_has(u, BGP_ATTR_AS4_PATH))
		bgp_attr_put(w, BGP_ATTR_AS4_PATH, u->as4_path, u->as4_path_len);
	if (bgp_update_has(u, BGP_ATTR_AS4_AGGREGATOR))
		bgp_attr_put_aggr(w, BGP_ATTR_AS4_AGGREGATOR, true, u->as4_aggregator_as,
				  &u->as4_aggregator_id);
	if (bgp_update_has(u, BGP_ATTR_LARGE_COMMUNITIES))
		bgp_attr_put(w, BGP_ATTR_LARGE_COMMUNITIES, u->large_communities,
			     u->large_communities_len);
	/* RFC 4271 §5: we pass on what we did not understand, and say so. */
	for (i = 0; i < u->n_unknown; i++) {
		at = bgp_attr_begin(w, u->unknown[i].flags | BGP_ATTR_F_PARTIAL,
				    u->unknown[i].type);
		wire_wr_bytes(w, u->unknown[i].value, u->unknown[i].len);
		bgp_attr_end(w, at);
	}
}

int bgp_update_write(struct wire_writer *w, const struct bgp_upd_ctx *ctx,
		     const struct bgp_update *u, const struct vt_prefix *pfx, size_t n,
		     size_t *used)
{
	bool v4 = n == 0 || pfx[0].addr.family == AF_INET;
	size_t start, alen_at, mp_at = 0;
	int rc;

	*used = 0;
	if (bgp_update_has(u, BGP_ATTR_AS_PATH) && u->as_path_as4 != ctx->as4)
		return -EINVAL;
	if (!v4 && (pfx[0].addr.family != AF_INET6 || u->mp_next_hop.family != AF_INET6))
		return -EINVAL;
	bgp_msg_begin(w, BGP_MSG_UPDATE, &start);
	wire_wr_u16(w, 0);
	alen_at = wire_wr_len(w);
	wire_wr_u16(w, 0);
	bgp_attrs_put(w, ctx, u, v4);
	if (!v4) {
		/* Last, so its NLRI can grow to fill the message. */
		mp_at = bgp_attr_begin(w, BGP_ATTR_F_OPTIONAL, BGP_ATTR_MP_REACH);
		wire_wr_u16(w, BGP_AFI_IPV6);
		wire_wr_u8(w, BGP_SAFI_UNICAST);
		wire_wr_u8(w, u->mp_next_hop_ll.family == AF_INET6 ? 32 : 16);
		wire_wr_bytes(w, u->mp_next_hop.u.bytes, 16);
		if (u->mp_next_hop_ll.family == AF_INET6)
			wire_wr_bytes(w, u->mp_next_hop_ll.u.bytes, 16);
		wire_wr_u8(w, 0);
	}
	if (!wire_wr_ok(w) || wire_wr_len(w) - start > BGP_MSG_MAX)
		return -ENOSPC;
	if (v4) {
		wire_wr_patch_u16(w, alen_at, (uint16_t)(wire_wr_len(w) - alen_at - 2));
		*used = bgp_pfx_fill(w, start, 0, pfx, n, AF_INET);
	} else {
		*used = bgp_pfx_fill(w, start, 0, pfx, n, AF_INET6);
		bgp_attr_end(w, mp_at);
		wire_wr_patch_u16(w, alen_at, (uint16_t)(wire_wr_len(w) - alen_at - 2));
	}
	if (n > 0 && *used == 0)
		return -ENOSPC; /* attributes too large, or a bad first prefix */
	rc = bgp_msg_end(w, start);
	if (rc < 0)
		*used = 0;
	return rc;
}

int bgp_withdraw_write(struct wire_writer *w, const struct vt_prefix *pfx, size_t n,
		       size_t *used)
{
	size_t start, at, mp_at;
	int rc;

	*used = 0;
	bgp_msg_begin(w, BGP_MSG_UPDATE, &start);
	at = wire_wr_len(w);
	wire_wr_u16(w, 0);
	if (n == 0 || pfx[0].addr.family == AF_INET) {
		/* Keep room for the attribute length that follows. */
		*used = bgp_pfx_fill(w, start, 2, pfx, n, AF_INET);
		wire_wr_patch_u16(w, at, (uint16_t)(wire_wr_len(w) - at - 2));
		wire_wr_u16(w, 0);
	} else {
		at = wire_wr_len(w);
		wire_wr_u16(w, 0);
		mp_at = bgp_attr_begin(w, BGP_ATTR_F_OPTIONAL, BGP_ATTR_MP_UNREACH);
		wire_wr_u16(w, BGP_AFI_IPV6);
		wire_wr_u8(w, BGP_SAFI_UNICAST);
		*used = bgp_pfx_fill(w, start, 0, pfx, n, AF_INET6);
		bgp_attr_end(w, mp_at);
		wire_wr_patch_u16(w, at, (uint16_t)(wire_wr_len(w) - at - 2));
	}
	if (n > 0 && *used == 0)
		return -EINVAL;
	rc = bgp_msg_end(w, start);
	if (rc < 0)
		*used = 0;
	return rc;
}
