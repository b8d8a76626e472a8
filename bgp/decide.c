/*
 * The decision process: which of two paths to one prefix is better, and
 * whether two may share an ECMP set.  RFC 4271 §9.1.2.2, without the
 * steps that need an IGP (the speaker has none) and with the usual
 * tie-breaks after the BGP identifier.
 */
#include "bgp/rib.h"

#define BGP_LOCAL_PREF_DEFAULT 100

static const struct bgp_rib_peer peer_none;

static uint32_t path_local_pref(const struct bgp_path *p)
{
	return (p->attrs->has & BGP_HAS_LOCAL_PREF) ? p->attrs->local_pref : BGP_LOCAL_PREF_DEFAULT;
}

static uint32_t path_med(const struct bgp_path *p)
{
	return (p->attrs->has & BGP_HAS_MED) ? p->attrs->med : 0;
}

/* MED only means something between routes from the same neighbor AS;
 * routes with an empty path (our own AS's) count as one neighbor too. */
static bool path_med_comparable(const struct bgp_path *a, const struct bgp_path *b)
{
	uint32_t fa = bgp_attrs_first_as(a->attrs);

	if (fa != bgp_attrs_first_as(b->attrs))
		return false;
	return fa != 0 || (a->attrs->aspath_len == 0 && b->attrs->aspath_len == 0);
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

static int decided(int r, const char *step, const char **why)
{
	if (why)
		*why = step;
	return r;
}

int bgp_path_cmp(const struct bgp_path *a, const struct bgp_rib_peer *pa, const struct bgp_path *b,
		 const struct bgp_rib_peer *pb, const char **why)
{
	bool la = a->peer == BGP_RIB_PEER_LOCAL, lb = b->peer == BGP_RIB_PEER_LOCAL;
	int r;

	if (!pa)
		pa = &peer_none;
	if (!pb)
		pb = &peer_none;
	if (la != lb)
		return decided(la ? -1 : 1, "local", why);
	/* higher LOCAL_PREF first: compare b to a */
	r = cmp_u32(path_local_pref(b), path_local_pref(a));
	if (r)
		return decided(r, "local-pref", why);
	r = cmp_u32(a->attrs->aspath_hops, b->attrs->aspath_hops);
	if (r)
		return decided(r, "as-path", why);
	r = cmp_u32(a->attrs->origin, b->attrs->origin);
	if (r)
		return decided(r, "origin", why);
	if (path_med_comparable(a, b)) {
		r = cmp_u32(path_med(a), path_med(b));
		if (r)
			return decided(r, "med", why);
	}
	if (!la && pa->ibgp != pb->ibgp)
		return decided(pa->ibgp ? 1 : -1, "ebgp", why);
	if (!la) {
		r = cmp_u32(pa->bgp_id, pb->bgp_id);
		if (r)
			return decided(r, "router-id", why);
		r = vt_addr_cmp(&pa->addr, &pb->addr);
		if (r)
			return decided(r < 0 ? -1 : 1, "peer-address", why);
	}
	/* Two peers that look the same (not registered yet): the index keeps
	 * the order total, standing in for the address. */
	r = cmp_u32(a->peer, b->peer);
	return decided(r, r ? "peer-address" : "equal", why);
}

bool bgp_path_multipath_ok(const struct bgp_path *a, const struct bgp_rib_peer *pa,
			   const struct bgp_path *b, const struct bgp_rib_peer *pb)
{
	if (!pa)
		pa = &peer_none;
	if (!pb)
		pb = &peer_none;
	/* The speaker's own routes are never balanced with learned ones. */
	if ((a->peer == BGP_RIB_PEER_LOCAL) != (b->peer == BGP_RIB_PEER_LOCAL))
		return false;
	if (path_local_pref(a) != path_local_pref(b))
		return false;
	if (a->attrs->aspath_hops != b->attrs->aspath_hops)
		return false;
	if (a->attrs->origin != b->attrs->origin)
		return false;
	if (path_med_comparable(a, b) && path_med(a) != path_med(b))
		return false;
	if (pa->ibgp != pb->ibgp)
		return false;
	return !vt_addr_eq(&a->attrs->next_hop, &b->attrs->next_hop);
}
