/*
 * The path attributes, described once: flags, lengths, how to decode each
 * and what RFC 7606 (§7) says to do when it is malformed.  msg_update.c
 * walks the attribute list and asks this table; msg_update_write.c
 * encodes from the same constants.
 */
#include <errno.h>
#include <string.h>

#include "bgp/msg_attr.h"

/* Each decoder returns 0, or the UPDATE error subcode for what is wrong. */
static int bgp_attr_origin(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			   struct wire_reader *v)
{
	(void)ctx;
	wire_rd_u8(v, &u->origin);
	return u->origin <= 2 ? 0 : BGP_ERR_UPD_ORIGIN;
}

/* Segments of type 1..4 (RFC 4271, RFC 5065), each with at least one AS. */
int bgp_attr_path_check(const uint8_t *p, size_t len, size_t asn_size)
{
	struct wire_reader r;

	wire_rd_init(&r, p, len);
	while (wire_rd_left(&r) > 0) {
		uint8_t type = 0, n = 0;

		wire_rd_u8(&r, &type);
		wire_rd_u8(&r, &n);
		if (type < 1 || type > 4 || n == 0 || !wire_rd_skip(&r, n * asn_size))
			return -EINVAL;
	}
	return wire_rd_ok(&r) ? 0 : -EINVAL;
}

static int bgp_attr_as_path(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			    struct wire_reader *v)
{
	wire_rd_rest(v, &u->as_path, &u->as_path_len);
	u->as_path_as4 = ctx->as4;
	if (bgp_attr_path_check(u->as_path, u->as_path_len, ctx->as4 ? 4 : 2) < 0)
		return BGP_ERR_UPD_AS_PATH;
	return 0;
}

static int bgp_attr_as4_path(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			     struct wire_reader *v)
{
	(void)ctx;
	wire_rd_rest(v, &u->as4_path, &u->as4_path_len);
	if (bgp_attr_path_check(u->as4_path, u->as4_path_len, 4) < 0)
		return BGP_ERR_UPD_OPTIONAL;
	return 0;
}

static int bgp_attr_next_hop(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			     struct wire_reader *v)
{
	uint32_t a = 0;

	(void)ctx;
	wire_rd_u32(v, &a);
	vt_addr_from_v4(&u->next_hop, a);
	/* RFC 4271 §6.3: never 0.0.0.0, broadcast or multicast. */
	if (a == 0 || a == 0xffffffffu || (a >> 28) == 0xe)
		return BGP_ERR_UPD_NEXT_HOP;
	return 0;
}

static int bgp_attr_med(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			struct wire_reader *v)
{
	(void)ctx;
	wire_rd_u32(v, &u->med);
	return 0;
}

static int bgp_attr_local_pref(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			       struct wire_reader *v)
{
	(void)ctx;
	wire_rd_u32(v, &u->local_pref);
	return 0;
}

static int bgp_attr_atomic(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			   struct wire_reader *v)
{
	(void)u;
	(void)ctx;
	(void)v;
	return 0;
}

static int bgp_attr_aggregator(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			       struct wire_reader *v)
{
	uint16_t as2 = 0;
	uint32_t id = 0;

	if (wire_rd_left(v) != (ctx->as4 ? 8u : 6u))
		return BGP_ERR_UPD_LENGTH;
	if (ctx->as4) {
		wire_rd_u32(v, &u->aggregator_as);
	} else {
		wire_rd_u16(v, &as2);
		u->aggregator_as = as2;
	}
	wire_rd_u32(v, &id);
	vt_addr_from_v4(&u->aggregator_id, id);
	return 0;
}

static int bgp_attr_as4_aggregator(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
				   struct wire_reader *v)
{
	uint32_t id = 0;

	(void)ctx;
	wire_rd_u32(v, &u->as4_aggregator_as);
	wire_rd_u32(v, &id);
	vt_addr_from_v4(&u->as4_aggregator_id, id);
	return 0;
}

static int bgp_attr_communities(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
				struct wire_reader *v)
{
	(void)ctx;
	wire_rd_rest(v, &u->communities, &u->communities_len);
	return u->communities_len % 4 == 0 ? 0 : BGP_ERR_UPD_LENGTH;
}

static int bgp_attr_large(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			  struct wire_reader *v)
{
	(void)ctx;
	wire_rd_rest(v, &u->large_communities, &u->large_communities_len);
	return u->large_communities_len % 12 == 0 ? 0 : BGP_ERR_UPD_LENGTH;
}

static bool bgp_attr_unicast(uint16_t afi, uint8_t safi)
{
	return (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6) && safi == BGP_SAFI_UNICAST;
}

static int bgp_attr_mp_reach(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			     struct wire_reader *v)
{
	struct wire_reader nh;
	uint8_t nh_len = 0, reserved = 0;

	(void)ctx;
	wire_rd_u16(v, &u->mp_afi);
	wire_rd_u8(v, &u->mp_safi);
	wire_rd_u8(v, &nh_len);
	if (!wire_rd_sub(v, nh_len, &nh) || !wire_rd_u8(v, &reserved))
		return BGP_ERR_UPD_OPTIONAL;
	u->mp_nlri.afi = u->mp_afi;
	wire_rd_rest(v, &u->mp_nlri.data, &u->mp_nlri.len);
	if (!bgp_attr_unicast(u->mp_afi, u->mp_safi))
		return 0; /* not ours to read; the speaker ignores it */
	if (u->mp_afi == BGP_AFI_IPV4 && nh_len == 4) {
		u->mp_next_hop.family = AF_INET;
		wire_rd_bytes(&nh, u->mp_next_hop.u.bytes, 4);
	} else if (u->mp_afi == BGP_AFI_IPV6 && (nh_len == 16 || nh_len == 32)) {
		u->mp_next_hop.family = AF_INET6;
		wire_rd_bytes(&nh, u->mp_next_hop.u.bytes, 16);
		if (nh_len == 32) {
			u->mp_next_hop_ll.family = AF_INET6;
			wire_rd_bytes(&nh, u->mp_next_hop_ll.u.bytes, 16);
		}
	} else {
		return BGP_ERR_UPD_OPTIONAL;
	}
	return bgp_nlri_check(&u->mp_nlri) < 0 ? BGP_ERR_UPD_OPTIONAL : 0;
}

static int bgp_attr_mp_unreach(struct bgp_update *u, const struct bgp_upd_ctx *ctx,
			       struct wire_reader *v)
{
	(void)ctx;
	wire_rd_u16(v, &u->mp_unreach_afi);
	wire_rd_u8(v, &u->mp_unreach_safi);
	u->mp_withdrawn.afi = u->mp_unreach_afi;
	wire_rd_rest(v, &u->mp_withdrawn.data, &u->mp_withdrawn.len);
	if (!bgp_attr_unicast(u->mp_unreach_afi, u->mp_unreach_safi))
		return 0;
	return bgp_nlri_check(&u->mp_withdrawn) < 0 ? BGP_ERR_UPD_OPTIONAL : 0;
}

#define WK BGP_ATTR_F_TRANSITIVE
#define OPT BGP_ATTR_F_OPTIONAL
#define OPT_T (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)
#define ANY 0xffff

static const struct bgp_attr_desc bgp_attr_table[] = {
	{BGP_ATTR_ORIGIN, "ORIGIN", WK, 1, 1, bgp_attr_origin, BGP_ATTR_ACT_WITHDRAW},
	{BGP_ATTR_AS_PATH, "AS_PATH", WK, 0, ANY, bgp_attr_as_path, BGP_ATTR_ACT_WITHDRAW},
	{BGP_ATTR_NEXT_HOP, "NEXT_HOP", WK, 4, 4, bgp_attr_next_hop, BGP_ATTR_ACT_WITHDRAW},
	{BGP_ATTR_MED, "MULTI_EXIT_DISC", OPT, 4, 4, bgp_attr_med, BGP_ATTR_ACT_WITHDRAW},
	{BGP_ATTR_LOCAL_PREF, "LOCAL_PREF", WK, 4, 4, bgp_attr_local_pref, BGP_ATTR_ACT_WITHDRAW},
	{BGP_ATTR_ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", WK, 0, 0, bgp_attr_atomic,
	 BGP_ATTR_ACT_DISCARD},
	{BGP_ATTR_AGGREGATOR, "AGGREGATOR", OPT_T, 6, 8, bgp_attr_aggregator,
	 BGP_ATTR_ACT_DISCARD},
	{BGP_ATTR_COMMUNITIES, "COMMUNITIES", OPT_T, 4, ANY, bgp_attr_communities,
	 BGP_ATTR_ACT_WITHDRAW},
	{BGP_ATTR_MP_REACH, "MP_REACH_NLRI", OPT, 5, ANY, bgp_attr_mp_reach, BGP_ATTR_ACT_RESET},
	{BGP_ATTR_MP_UNREACH, "MP_UNREACH_NLRI", OPT, 3, ANY, bgp_attr_mp_unreach,
	 BGP_ATTR_ACT_RESET},
	{BGP_ATTR_AS4_PATH, "AS4_PATH", OPT_T, 0, ANY, bgp_attr_as4_path, BGP_ATTR_ACT_DISCARD},
	{BGP_ATTR_AS4_AGGREGATOR, "AS4_AGGREGATOR", OPT_T, 8, 8, bgp_attr_as4_aggregator,
	 BGP_ATTR_ACT_DISCARD},
	{BGP_ATTR_LARGE_COMMUNITIES, "LARGE_COMMUNITY", OPT_T, 12, ANY, bgp_attr_large,
	 BGP_ATTR_ACT_WITHDRAW},
};

const struct bgp_attr_desc *bgp_attr_desc_find(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(bgp_attr_table) / sizeof(bgp_attr_table[0]); i++)
		if (bgp_attr_table[i].type == type)
			return &bgp_attr_table[i];
	return NULL;
}

int bgp_attr_decode(const struct bgp_attr_desc *d, struct bgp_update *u,
		    const struct bgp_upd_ctx *ctx, uint8_t flags, struct wire_reader *v)
{
	size_t len = wire_rd_left(v);
	int sub;

	if ((flags & (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)) != d->flags)
		return BGP_ERR_UPD_FLAGS;
	if (len < d->min_len || len > d->max_len)
		return BGP_ERR_UPD_LENGTH;
	sub = d->decode(u, ctx, v);
	if (sub == 0 && !wire_rd_ok(v))
		sub = BGP_ERR_UPD_LENGTH;
	return sub;
}
