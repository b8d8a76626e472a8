/*
 * Reading the RIB: lookups, counts and the memory it holds.
 */
#include "bgp/rib_internal.h"

struct bgp_ptree *bgp_rib_tree(const struct bgp_rib *rib, enum bgp_af af)
{
	return (unsigned)af < BGP_AF_COUNT ? rib->tree[af] : NULL;
}

const struct bgp_dest *bgp_rib_find(const struct bgp_rib *rib, const struct vt_prefix *p)
{
	int af = rib_af_of(p);
	struct bgp_ptree_node *n;

	if (af < 0)
		return NULL;
	n = bgp_ptree_find(rib->tree[af], p);
	return n ? bgp_ptree_node_payload(n) : NULL;
}

const struct bgp_dest *bgp_rib_lookup(const struct bgp_rib *rib, const struct vt_addr *a,
				      struct vt_prefix *matched)
{
	struct vt_prefix host = {.addr = *a};
	int af = rib_af_of(&host);
	struct bgp_ptree_node *n;

	if (af < 0)
		return NULL;
	n = bgp_ptree_lookup(rib->tree[af], a);
	if (!n)
		return NULL;
	if (matched)
		bgp_ptree_node_prefix(rib->tree[af], n, matched);
	return bgp_ptree_node_payload(n);
}

void bgp_rib_counts(const struct bgp_rib *rib, enum bgp_af af, struct bgp_rib_counts *out)
{
	*out = (struct bgp_rib_counts){0};
	for (unsigned a = 0; a < BGP_AF_COUNT; a++) {
		if (af != BGP_AF_COUNT && a != (unsigned)af)
			continue;
		out->dests += rib->counts[a].dests;
		out->paths += rib->counts[a].paths;
		out->best += rib->counts[a].best;
		out->multipath += rib->counts[a].multipath;
	}
}

void bgp_rib_peer_counts(const struct bgp_rib *rib, uint16_t peer, enum bgp_af af, size_t *received,
			 size_t *accepted)
{
	size_t r = 0, acc = 0;

	for (unsigned a = 0; a < BGP_AF_COUNT && peer < BGP_RIB_PEERS_MAX; a++) {
		if (af != BGP_AF_COUNT && a != (unsigned)af)
			continue;
		r += rib->peers[peer].received[a];
		acc += rib->peers[peer].accepted[a];
	}
	if (received)
		*received = r;
	if (accepted)
		*accepted = acc;
}

size_t bgp_rib_bytes(const struct bgp_rib *rib)
{
	size_t b = sizeof(*rib) + rib->cap_jobs * sizeof(*rib->jobs);

	for (unsigned af = 0; af < BGP_AF_COUNT; af++)
		b += bgp_ptree_bytes(rib->tree[af]) +
		     rib->queue[af].cap * sizeof(*rib->queue[af].v);
	return b + slab_bytes(&rib->dest_slab) + slab_bytes(&rib->path_slab);
}
