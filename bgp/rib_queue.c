/*
 * The decision for one destination, and the queue that feeds it.
 *
 * Whether to report is found by comparing the set as it was last reported
 * with the set as it is now, so an update that changes nothing visible
 * (a worse path arriving, an equal one replaced by itself) costs no
 * callback.  The reported set needs no memory of its own: it is the first
 * n_multi paths, which rib.c leaves alone except to take a path out of
 * them, and then it marks the destination dirty.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/rib_internal.h"
#include "common/log.h"

void rib_queue_free(struct rib_queue *q)
{
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* A queue that grew for a full table gives its memory back once empty. */
#define RIB_QUEUE_KEEP 4096u

struct bgp_ptree_node *rib_queue_pop(struct rib_queue *q)
{
	struct bgp_ptree_node *n = q->v[q->head++];

	if (q->head == q->len) {
		q->head = q->len = 0;
		if (q->cap > RIB_QUEUE_KEEP)
			rib_queue_free(q);
	}
	return n;
}

static int queue_push(struct rib_queue *q, struct bgp_ptree_node *n)
{
	if (q->len == q->cap && q->head > 0) {
		memmove(q->v, q->v + q->head, (q->len - q->head) * sizeof(*q->v));
		q->len -= q->head;
		q->head = 0;
	}
	if (q->len == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 256;
		struct bgp_ptree_node **v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		q->v = v;
		q->cap = cap;
	}
	q->v[q->len++] = n;
	return 0;
}

void rib_dest_queue(struct bgp_rib *rib, enum bgp_af af, struct bgp_ptree_node *n)
{
	struct bgp_dest *d = bgp_ptree_node_payload(n);

	if (d->flags & RIB_DEST_QUEUED)
		return;
	if (queue_push(&rib->queue[af], n)) {
		/* Deciding late is worse than deciding out of turn. */
		log_fault(LOGM_BGP, "rib: queue full, deciding at once");
		rib_dest_decide(rib, af, n);
		return;
	}
	d->flags |= RIB_DEST_QUEUED;
	rib_work_kick(rib);
}

/* Usable paths first, then the decision process. */
static int path_order(const struct bgp_rib *rib, const struct bgp_path *a, const struct bgp_path *b)
{
	bool fa = a->flags & BGP_PATH_FILTERED, fb = b->flags & BGP_PATH_FILTERED;

	if (fa != fb)
		return fa ? 1 : -1;
	return bgp_path_cmp(a, rib_peer_info(rib, a->peer), b, rib_peer_info(rib, b->peer), NULL);
}

/* One path per peer, so a destination has at most BGP_RIB_PEERS_MAX. */
static unsigned dest_paths_sorted(const struct bgp_rib *rib, struct bgp_dest *d,
				  struct bgp_path **v)
{
	unsigned n = 0;

	for (struct bgp_path *p = d->paths; p && n < BGP_RIB_PEERS_MAX; p = p->next) {
		unsigned i = n++;

		/* Insertion sort: the list is almost always in order already. */
		while (i > 0 && path_order(rib, v[i - 1], p) > 0) {
			v[i] = v[i - 1];
			i--;
		}
		v[i] = p;
	}
	return n;
}

static bool nexthop_in_set(struct bgp_path *const *set, unsigned n, const struct bgp_path *p)
{
	for (unsigned i = 0; i < n; i++)
		if (vt_addr_eq(&set[i]->attrs->next_hop, &p->attrs->next_hop))
			return true;
	return false;
}

/*
 * Moves the ECMP set to the front of v[0..n) (best first, the rest in
 * their order) and returns its size.  A path is taken when it may share
 * the best path's set and its next hop is not in the set already.
 */
static unsigned dest_pick_set(const struct bgp_rib *rib, struct bgp_path **v, unsigned n,
			      unsigned maxpaths)
{
	const struct bgp_rib_peer *pb;
	unsigned k = 1;

	if (n == 0 || (v[0]->flags & BGP_PATH_FILTERED))
		return 0;
	pb = rib_peer_info(rib, v[0]->peer);
	for (unsigned i = 1; i < n && k < maxpaths; i++) {
		struct bgp_path *p = v[i];

		if (p->flags & BGP_PATH_FILTERED)
			break;
		if (!bgp_path_multipath_ok(v[0], pb, p, rib_peer_info(rib, p->peer)) ||
		    nexthop_in_set(v, k, p))
			continue;
		memmove(&v[k + 1], &v[k], (i - k) * sizeof(*v));
		v[k++] = p;
	}
	return k;
}

void rib_dest_decide(struct bgp_rib *rib, enum bgp_af af, struct bgp_ptree_node *n)
{
	struct bgp_path *v[BGP_RIB_PEERS_MAX];
	struct bgp_dest *d = bgp_ptree_node_payload(n);
	uint16_t old_peer[BGP_MAXPATHS_MAX] = {0};
	const struct bgp_attrs *old_attrs[BGP_MAXPATHS_MAX] = {0};
	unsigned n_old = 0, n_paths, n_set;
	bool changed;

	d->flags &= (uint8_t)~RIB_DEST_QUEUED;
	for (const struct bgp_path *p = d->paths; p && n_old < d->n_multi; p = p->next) {
		old_peer[n_old] = p->peer;
		old_attrs[n_old++] = p->attrs;
	}
	n_paths = dest_paths_sorted(rib, d, v);
	n_set = dest_pick_set(rib, v, n_paths, rib->maxpaths[af]);
	for (unsigned i = 0; i < n_paths; i++)
		v[i]->next = i + 1 < n_paths ? v[i + 1] : NULL;
	d->paths = n_paths ? v[0] : NULL;

	changed = (d->flags & RIB_DEST_DIRTY) || n_set != n_old;
	for (unsigned i = 0; i < n_set && !changed; i++)
		changed = v[i]->peer != old_peer[i] || v[i]->attrs != old_attrs[i];
	d->flags &= (uint8_t)~RIB_DEST_DIRTY;
	rib_dest_set_nmulti(rib, af, d, n_set);

	if (changed && rib->ops && rib->ops->changed) {
		struct vt_prefix pfx;

		bgp_ptree_node_prefix(rib->tree[af], n, &pfx);
		rib->ops->changed(rib->ctx, af, &pfx, (const struct bgp_path *const *)v, n_set);
	}
	if (!d->paths) {
		bgp_ptree_node_set_payload(n, NULL);
		slab_free(&rib->dest_slab, d);
		bgp_ptree_remove(rib->tree[af], n);
	}
}
