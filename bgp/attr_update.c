/*
 * From a parsed UPDATE to an interned set: pick the family's next hop,
 * widen a 2-octet AS path and merge AS4_PATH / AS4_AGGREGATOR into it
 * (RFC 6793 §4.2.3), re-encode the unknown transitive attributes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/attr_int.h"

/* Most updates fit here; larger ones (a path near 4096 octets) are
 * assembled on the heap. */
#define BGP_ATTR_SCRATCH 2048

static size_t bgp_attr_unknown_size(const struct bgp_update *u)
{
	size_t i, n = 0;

	for (i = 0; i < u->n_unknown && i < BGP_UPD_UNKNOWN_MAX; i++)
		n += (u->unknown[i].len > 255 ? 4u : 3u) + u->unknown[i].len;
	return n;
}

/* Flags as received but for Extended Length, which follows the length, so
 * the same attribute always encodes the same way. */
static void bgp_attr_unknown_put(struct wire_writer *w, const struct bgp_update *u)
{
	size_t i;

	for (i = 0; i < u->n_unknown && i < BGP_UPD_UNKNOWN_MAX; i++) {
		const struct bgp_attr_raw *x = &u->unknown[i];
		bool ext = x->len > 255;

		wire_wr_u8(w, (uint8_t)((x->flags & ~BGP_ATTR_F_EXTENDED) |
					(ext ? BGP_ATTR_F_EXTENDED : 0)));
		wire_wr_u8(w, x->type);
		if (ext)
			wire_wr_u16(w, x->len);
		else
			wire_wr_u8(w, (uint8_t)x->len);
		if (x->len > 0)
			wire_wr_bytes(w, x->value, x->len);
	}
}

static int bgp_attr_next_hop(const struct bgp_update *u, uint16_t afi, struct bgp_attrs_tmpl *tm,
			     const char **why)
{
	bool mp = bgp_update_has(u, BGP_ATTR_MP_REACH) && u->mp_afi == afi &&
		  u->mp_safi == BGP_SAFI_UNICAST;

	if (afi == BGP_AFI_IPV4 && mp && u->mp_next_hop.family == AF_INET && u->nlri.len == 0) {
		tm->next_hop = u->mp_next_hop;
		return 0;
	}
	if (afi == BGP_AFI_IPV4 && bgp_update_has(u, BGP_ATTR_NEXT_HOP) &&
	    u->next_hop.family == AF_INET) {
		tm->next_hop = u->next_hop;
		return 0;
	}
	if (afi == BGP_AFI_IPV6 && mp && u->mp_next_hop.family == AF_INET6) {
		tm->next_hop = u->mp_next_hop;
		if (u->mp_next_hop_ll.family == AF_INET6)
			tm->next_hop_ll = u->mp_next_hop_ll;
		return 0;
	}
	*why = "no next hop for the address family";
	return -EINVAL;
}

/* The aggregator, and whether AS4_PATH may be used (RFC 6793 §4.2.3: an
 * AGGREGATOR other than AS_TRANS beside an AS4_AGGREGATOR means an old
 * speaker aggregated after the new one, so both AS4_* are stale). */
static bool bgp_attr_aggregator(const struct bgp_update *u, struct bgp_attrs_tmpl *tm)
{
	bool as4_aggr = !u->as_path_as4 && bgp_update_has(u, BGP_ATTR_AS4_AGGREGATOR);

	if (!bgp_update_has(u, BGP_ATTR_AGGREGATOR))
		return true;
	tm->has |= BGP_HAS_AGGREGATOR;
	tm->aggregator_as = u->aggregator_as;
	tm->aggregator_id = ntohl(u->aggregator_id.u.v4.s_addr);
	if (!as4_aggr)
		return true;
	if (u->aggregator_as != BGP_AS_TRANS)
		return false;
	tm->aggregator_as = u->as4_aggregator_as;
	tm->aggregator_id = ntohl(u->as4_aggregator_id.u.v4.s_addr);
	return true;
}

struct bgp_attrs *bgp_attrs_from_update(struct bgp_attr_table *t, const struct bgp_update *u,
					uint16_t afi, const char **why)
{
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a = NULL;
	uint8_t scratch[BGP_ATTR_SCRATCH], *buf = scratch;
	struct bgp_pathb b;
	struct wire_writer w;
	size_t cap, path_len = 0;
	bool use_as4;

	memset(&tm, 0, sizeof(tm));
	if (bgp_attr_next_hop(u, afi, &tm, why) < 0)
		return NULL;
	tm.origin = u->origin;
	if (bgp_update_has(u, BGP_ATTR_MED)) {
		tm.has |= BGP_HAS_MED;
		tm.med = u->med;
	}
	if (bgp_update_has(u, BGP_ATTR_LOCAL_PREF)) {
		tm.has |= BGP_HAS_LOCAL_PREF;
		tm.local_pref = u->local_pref;
	}
	if (bgp_update_has(u, BGP_ATTR_ATOMIC_AGGREGATE))
		tm.has |= BGP_HAS_ATOMIC_AGGREGATE;
	use_as4 = bgp_attr_aggregator(u, &tm) && !u->as_path_as4 &&
		  bgp_update_has(u, BGP_ATTR_AS4_PATH);
	if (bgp_update_has(u, BGP_ATTR_COMMUNITIES)) {
		tm.comm = u->communities;
		tm.n_comm = u->communities_len / 4;
	}
	if (bgp_update_has(u, BGP_ATTR_LARGE_COMMUNITIES)) {
		tm.lcomm = u->large_communities;
		tm.n_lcomm = u->large_communities_len / 12;
	}

	/* Room for the widened or merged path: each 2-octet ASN doubles, the
	 * AS4_PATH adds its own, and sequences cut at 255 add headers. */
	cap = bgp_attr_unknown_size(u);
	if (bgp_update_has(u, BGP_ATTR_AS_PATH))
		cap += u->as_path_as4 ? 0 : 2 * u->as_path_len + (use_as4 ? u->as4_path_len : 0);
	cap += 16;
	if (cap > sizeof(scratch)) {
		buf = malloc(cap);
		if (!buf) {
			*why = "out of memory";
			return NULL;
		}
	}
	if (bgp_update_has(u, BGP_ATTR_AS_PATH) && u->as_path_as4) {
		tm.aspath = u->as_path;
		tm.aspath_len = u->as_path_len;
	} else if (bgp_update_has(u, BGP_ATTR_AS_PATH)) {
		bgp_pathb_init(&b, buf, cap, true);
		if (use_as4)
			bgp_aspath_merge(&b, u->as_path, u->as_path_len, u->as4_path,
					 u->as4_path_len);
		else
			bgp_aspath_widen(&b, u->as_path, u->as_path_len);
		if (bgp_pathb_len(&b, &path_len) < 0) {
			*why = "AS path too long";
			goto out;
		}
		tm.aspath = buf;
		tm.aspath_len = path_len;
	}
	wire_wr_init_fixed(&w, buf + path_len, cap - path_len);
	bgp_attr_unknown_put(&w, u);
	if (!wire_wr_ok(&w)) {
		*why = "unknown attributes too long";
		goto out;
	}
	tm.unknown = buf + path_len;
	tm.unknown_len = wire_wr_len(&w);
	a = bgp_attrs_intern(t, &tm, why);
out:
	if (buf != scratch)
		free(buf);
	return a;
}
