/*
 * From the Loc-RIB outwards: a changed best path or ECMP set becomes a
 * route report (ops->route) and a prefix for every established neighbor
 * to look at again.
 */
#include <string.h>
#include <sys/socket.h>

#include "bgp/speaker_int.h"

/* The next hops of the set, one per distinct gateway; 0 when the best path
 * is the speaker's own (nothing to install). */
static unsigned fib_nexthops(const struct bgp_speaker *sp, const struct bgp_path *const *set,
			     unsigned n, struct bgp_nexthop *nh)
{
	unsigned k = 0;

	if (n == 0 || set[0]->peer == BGP_RIB_PEER_LOCAL)
		return 0;
	for (unsigned i = 0; i < n && k < BGP_NEXTHOPS_MAX; i++) {
		const struct bgp_attrs *a = set[i]->attrs;
		const struct bgp_rib_peer *rp = bgp_rib_peer_get(sp->rib, set[i]->peer);
		const struct vt_addr *gw = a->next_hop.family ? &a->next_hop : &a->next_hop_ll;
		bool dup = false;

		if (set[i]->peer == BGP_RIB_PEER_LOCAL || !gw->family)
			continue;
		for (unsigned j = 0; j < k && !dup; j++)
			dup = vt_addr_eq(&nh[j].gw, gw);
		if (dup)
			continue;
		nh[k].gw = *gw;
		if (rp)
			nh[k].peer = rp->addr;
		else
			memset(&nh[k].peer, 0, sizeof(nh[k].peer));
		k++;
	}
	return k;
}

static void rib_changed(void *ctx, enum bgp_af af, const struct vt_prefix *p,
			const struct bgp_path *const *set, unsigned n)
{
	struct bgp_speaker *sp = ctx;
	struct bgp_nexthop nh[BGP_NEXTHOPS_MAX];

	if (!sp->conf.no_fib && sp->ops.route)
		sp->ops.route(sp->ctx, p, nh, fib_nexthops(sp, set, n, nh));
	for (size_t i = 0; i < sp->n_peers; i++) {
		struct bgp_peer *peer = sp->peers[i];

		if (!peer->up)
			continue;
		/* its own route, never sent back: only what it was sent before
		 * (to withdraw) is worth a look; this keeps a full table from
		 * one neighbor from costing a second pass over it */
		if (n && set[0]->peer == peer->id && !bgp_out_has(peer, af, p))
			continue;
		bgp_out_mark(peer, af, p);
	}
}

const struct bgp_rib_ops bgp_speaker_rib_ops = {
	.changed = rib_changed,
};
