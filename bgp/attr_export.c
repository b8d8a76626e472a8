/*
 * What goes out to a peer: the set as bgp_update_write() takes it, with
 * the speaker's changes (prepend, next hop, LOCAL_PREF, MED) and, for a
 * peer without 4-octet ASNs, the AS4_PATH / AS4_AGGREGATOR pair of
 * RFC 6793 §4.2.2.
 */
#include <errno.h>
#include <string.h>

#include "bgp/attr_int.h"

/* count copies of asn as sequences in front of a path: the leading
 * SEQUENCE (n ASNs, or none when lead is 0) is filled to 255 first and the
 * rest goes in new segments before it, as prepending one at a time would. */
static void bgp_export_prepend(struct bgp_pathb *b, uint32_t asn, size_t count, size_t lead)
{
	size_t fill = count < BGP_SEG_MAX - lead ? count : BGP_SEG_MAX - lead;
	size_t rest = count - fill, chunk;

	while (rest > 0) {
		chunk = rest % BGP_SEG_MAX ? rest % BGP_SEG_MAX : BGP_SEG_MAX;
		bgp_pathb_open(b, BGP_SEG_SEQUENCE);
		for (rest -= chunk; chunk > 0; chunk--)
			bgp_pathb_add(b, asn);
	}
	if (fill == 0)
		return;
	bgp_pathb_open(b, BGP_SEG_SEQUENCE);
	while (fill-- > 0)
		bgp_pathb_add(b, asn);
}

/*
 * The path for x into b: the set's path behind the prepended local AS
 * (eBGP, confed segments dropped as RFC 5065 §4.1 says for peers outside
 * the confederation), or as it is (iBGP).  With skip_confed the confed
 * segments are dropped whatever the peer (AS4_PATH).
 */
static void bgp_export_path(struct bgp_pathb *b, const struct bgp_attrs *a,
			    const struct bgp_export *x, bool skip_confed)
{
	size_t count = x->ebgp ? (size_t)x->prepend + 1 : 0, lead = 0;
	struct wire_reader r;
	uint8_t type = 0, n = 0;
	uint32_t asn = 0;
	bool first = true;

	if (x->ebgp)
		skip_confed = true;
	/* The leading SEQUENCE the local AS joins, if there is one. */
	wire_rd_init(&r, bgp_attrs_aspath(a), a->aspath_len);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		if (skip_confed && bgp_seg_is_confed(type)) {
			wire_rd_skip(&r, (size_t)n * 4);
			continue;
		}
		if (type == BGP_SEG_SEQUENCE)
			lead = n;
		break;
	}
	if (count > 0)
		bgp_export_prepend(b, x->local_as, count, lead);
	wire_rd_init(&r, bgp_attrs_aspath(a), a->aspath_len);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		if (skip_confed && bgp_seg_is_confed(type)) {
			wire_rd_skip(&r, (size_t)n * 4);
			continue;
		}
		/* The leading SEQUENCE continues the segment prepend filled. */
		if (!(first && count > 0 && type == BGP_SEG_SEQUENCE && b->open &&
		      b->type == BGP_SEG_SEQUENCE && b->n + n <= BGP_SEG_MAX))
			bgp_pathb_open(b, type);
		first = false;
		while (n-- > 0 && wire_rd_u32(&r, &asn))
			bgp_pathb_add(b, asn);
	}
}

static int bgp_export_as_path(const struct bgp_attrs *a, const struct bgp_export *x,
			      struct bgp_update *u, uint8_t *buf, size_t cap)
{
	struct bgp_pathb b, b4;
	size_t len = 0, len4 = 0;

	u->as_path_as4 = x->peer_as4;
	bgp_update_set(u, BGP_ATTR_AS_PATH);
	if (x->peer_as4 && !x->ebgp) {
		u->as_path = bgp_attrs_aspath(a);
		u->as_path_len = a->aspath_len;
		return 0;
	}
	/* Two octets at least per prepended ASN: a count that cannot fit is
	 * refused before it is looped over. */
	if (x->ebgp && x->prepend >= cap / 2)
		return -ENOSPC;
	bgp_pathb_init(&b, buf, cap, x->peer_as4);
	bgp_export_path(&b, a, x, false);
	if (bgp_pathb_len(&b, &len) < 0 || len > UINT16_MAX)
		return -ENOSPC;
	u->as_path = buf;
	u->as_path_len = len;
	/* RFC 6793 §4.2.2: AS4_PATH only when some ASN needed AS_TRANS. */
	if (x->peer_as4 || !b.wide)
		return 0;
	bgp_pathb_init(&b4, buf + len, cap - len, true);
	bgp_export_path(&b4, a, x, true);
	if (bgp_pathb_len(&b4, &len4) < 0 || len4 > UINT16_MAX)
		return -ENOSPC;
	bgp_update_set(u, BGP_ATTR_AS4_PATH);
	u->as4_path = buf + len;
	u->as4_path_len = len4;
	return 0;
}

static void bgp_export_aggregator(const struct bgp_attrs *a, const struct bgp_export *x,
				  struct bgp_update *u)
{
	if (!(a->has & BGP_HAS_AGGREGATOR))
		return;
	bgp_update_set(u, BGP_ATTR_AGGREGATOR);
	u->aggregator_as = a->aggregator_as;
	vt_addr_from_v4(&u->aggregator_id, a->aggregator_id);
	if (x->peer_as4 || a->aggregator_as <= 0xffff)
		return;
	u->aggregator_as = BGP_AS_TRANS;
	bgp_update_set(u, BGP_ATTR_AS4_AGGREGATOR);
	u->as4_aggregator_as = a->aggregator_as;
	vt_addr_from_v4(&u->as4_aggregator_id, a->aggregator_id);
}

/* The re-encoded unknown attributes back into entries pointing into a. */
static int bgp_export_unknown(const struct bgp_attrs *a, struct bgp_update *u)
{
	struct wire_reader r;

	wire_rd_init(&r, bgp_attrs_unknown(a), a->unknown_len);
	while (wire_rd_left(&r) > 0) {
		struct bgp_attr_raw *x = &u->unknown[u->n_unknown];
		uint8_t l8 = 0;

		if (u->n_unknown == BGP_UPD_UNKNOWN_MAX)
			return -ENOSPC;
		wire_rd_u8(&r, &x->flags);
		wire_rd_u8(&r, &x->type);
		if (x->flags & BGP_ATTR_F_EXTENDED) {
			wire_rd_u16(&r, &x->len);
		} else {
			wire_rd_u8(&r, &l8);
			x->len = l8;
		}
		if (!wire_rd_ptr(&r, x->len, &x->value))
			return -EINVAL;
		x->flags &= (uint8_t)~BGP_ATTR_F_EXTENDED;
		bgp_update_set(u, x->type);
		u->n_unknown++;
	}
	return 0;
}

static int bgp_export_next_hop(const struct bgp_export *x, uint16_t afi, struct bgp_update *u)
{
	if (afi == BGP_AFI_IPV4 && x->next_hop.family == AF_INET) {
		bgp_update_set(u, BGP_ATTR_NEXT_HOP);
		u->next_hop = x->next_hop;
		return 0;
	}
	if (afi == BGP_AFI_IPV6 && x->next_hop.family == AF_INET6) {
		bgp_update_set(u, BGP_ATTR_MP_REACH);
		u->mp_afi = BGP_AFI_IPV6;
		u->mp_safi = BGP_SAFI_UNICAST;
		u->mp_next_hop = x->next_hop;
		return 0;
	}
	return -EINVAL;
}

int bgp_attrs_export(const struct bgp_attrs *a, const struct bgp_export *x, uint16_t afi,
		     struct bgp_update *u, uint8_t *buf, size_t cap)
{
	int rc;

	memset(u, 0, sizeof(*u));
	rc = bgp_export_next_hop(x, afi, u);
	if (rc < 0)
		return rc;
	bgp_update_set(u, BGP_ATTR_ORIGIN);
	u->origin = a->origin;
	rc = bgp_export_as_path(a, x, u, buf, cap);
	if (rc < 0)
		return rc;
	if ((a->has & BGP_HAS_MED) && !(x->ebgp && x->med_from_ebgp)) {
		bgp_update_set(u, BGP_ATTR_MED);
		u->med = a->med;
	}
	if (!x->ebgp) {
		bgp_update_set(u, BGP_ATTR_LOCAL_PREF);
		u->local_pref =
			(a->has & BGP_HAS_LOCAL_PREF) ? a->local_pref : x->default_local_pref;
	}
	if (a->has & BGP_HAS_ATOMIC_AGGREGATE)
		bgp_update_set(u, BGP_ATTR_ATOMIC_AGGREGATE);
	bgp_export_aggregator(a, x, u);
	if (a->n_comm > 0) {
		bgp_update_set(u, BGP_ATTR_COMMUNITIES);
		u->communities = bgp_attrs_comm(a);
		u->communities_len = (size_t)a->n_comm * 4;
	}
	if (a->n_lcomm > 0) {
		bgp_update_set(u, BGP_ATTR_LARGE_COMMUNITIES);
		u->large_communities = bgp_attrs_lcomm(a);
		u->large_communities_len = (size_t)a->n_lcomm * 12;
	}
	return bgp_export_unknown(a, u);
}
