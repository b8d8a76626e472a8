/*
 * The RIB: adding, replacing and removing paths, and reading the tables.
 * The decision itself waits in the queue (rib_queue.c); here a change only
 * keeps the destination's list in the shape the decision relies on: the
 * first n_multi paths are the set last reported, untouched, unless the
 * destination is marked dirty.  So a changed or new path goes to the end
 * of the list, and a changed member leaves the set at once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/rib_internal.h"
#include "common/log.h"

#define RIB_BUDGET_DEFAULT   10000
#define RIB_MAXPATHS_DEFAULT 16

static void rib_next_pass(struct ev_timer *t, void *arg);
static void rib_defer_run(struct ev_defer *d, void *arg);

int rib_af_of(const struct vt_prefix *p)
{
	if (p->addr.family == AF_INET)
		return BGP_AF_IPV4;
	if (p->addr.family == AF_INET6)
		return BGP_AF_IPV6;
	return -EINVAL;
}

const struct bgp_rib_peer *rib_peer_info(const struct bgp_rib *rib, uint16_t peer)
{
	return &rib->peers[peer].info;
}

struct bgp_rib *bgp_rib_new(struct ev_loop *loop, struct bgp_attr_table *attrs,
			    const struct bgp_rib_ops *ops, void *ctx)
{
	struct bgp_rib *rib = calloc(1, sizeof(*rib));

	if (!rib)
		return NULL;
	rib->loop = loop;
	rib->attrs = attrs;
	rib->ops = ops;
	rib->ctx = ctx;
	rib->budget = RIB_BUDGET_DEFAULT;
	rib->tree[BGP_AF_IPV4] = bgp_ptree_new(AF_INET);
	rib->tree[BGP_AF_IPV6] = bgp_ptree_new(AF_INET6);
	if (!rib->tree[BGP_AF_IPV4] || !rib->tree[BGP_AF_IPV6]) {
		bgp_ptree_free(rib->tree[BGP_AF_IPV4], NULL, NULL);
		bgp_ptree_free(rib->tree[BGP_AF_IPV6], NULL, NULL);
		free(rib);
		return NULL;
	}
	for (unsigned af = 0; af < BGP_AF_COUNT; af++)
		rib->maxpaths[af] = RIB_MAXPATHS_DEFAULT;
	slab_init(&rib->dest_slab, sizeof(struct bgp_dest));
	slab_init(&rib->path_slab, sizeof(struct bgp_path));
	if (loop) {
		ev_defer_init(&rib->defer, loop, rib_defer_run, rib);
		ev_timer_init(&rib->next_pass, loop, rib_next_pass, rib);
	}
	return rib;
}

static void dest_drop_paths(void *payload, void *arg)
{
	struct bgp_rib *rib = arg;
	struct bgp_dest *d = payload;

	/* The slabs are freed whole; only the attribute references matter. */
	for (struct bgp_path *p = d ? d->paths : NULL; p; p = p->next)
		bgp_attrs_unref(rib->attrs, p->attrs);
}

void bgp_rib_free(struct bgp_rib *rib)
{
	if (!rib)
		return;
	if (rib->loop) {
		ev_defer_cancel(&rib->defer);
		ev_timer_cancel(&rib->next_pass);
	}
	for (unsigned af = 0; af < BGP_AF_COUNT; af++) {
		bgp_ptree_free(rib->tree[af], dest_drop_paths, rib);
		rib_queue_free(&rib->queue[af]);
	}
	slab_destroy(&rib->dest_slab);
	slab_destroy(&rib->path_slab);
	free(rib->jobs);
	free(rib);
}

/* ---- running the work ---------------------------------------------------------- */

static void rib_run(struct bgp_rib *rib, size_t budget)
{
	size_t used = 0;

	rib->running = true;
	while (used < budget) {
		struct rib_queue *q = NULL;

		for (unsigned af = 0; af < BGP_AF_COUNT && !q; af++)
			if (rib->queue[af].head < rib->queue[af].len)
				q = &rib->queue[af];
		if (q) {
			struct bgp_ptree_node *n = rib_queue_pop(q);

			rib_dest_decide(rib, (enum bgp_af)(q - rib->queue), n);
		} else if (!rib_job_step(rib)) {
			break;
		}
		used++;
	}
	rib->running = false;
}

static void rib_defer_run(struct ev_defer *d, void *arg)
{
	struct bgp_rib *rib = arg;

	(void)d;
	rib_run(rib, rib->budget);
	/* Not ev_defer_schedule(): a defer may run again in the same pass. */
	if (bgp_rib_busy(rib))
		ev_timer_arm(&rib->next_pass, 0);
}

static void rib_next_pass(struct ev_timer *t, void *arg)
{
	struct bgp_rib *rib = arg;

	(void)t;
	ev_defer_schedule(&rib->defer);
}

void rib_work_kick(struct bgp_rib *rib)
{
	if (rib->loop && !rib->running && !ev_timer_armed(&rib->next_pass))
		ev_defer_schedule(&rib->defer);
}

bool bgp_rib_busy(const struct bgp_rib *rib)
{
	for (unsigned af = 0; af < BGP_AF_COUNT; af++)
		if (rib->queue[af].head < rib->queue[af].len)
			return true;
	return rib->n_jobs > 0;
}

void bgp_rib_drain(struct bgp_rib *rib)
{
	rib_run(rib, SIZE_MAX);
}

/* ---- settings -------------------------------------------------------------------- */

void bgp_rib_set_budget(struct bgp_rib *rib, unsigned budget)
{
	rib->budget = budget ? budget : 1;
}

void bgp_rib_set_maxpaths(struct bgp_rib *rib, enum bgp_af af, unsigned n)
{
	if ((unsigned)af >= BGP_AF_COUNT) {
		log_fault(LOGM_BGP, "rib: maximum-paths for bad family %u", (unsigned)af);
		return;
	}
	if (n < 1)
		n = 1;
	if (n > BGP_MAXPATHS_MAX)
		n = BGP_MAXPATHS_MAX;
	if (rib->maxpaths[af] == n)
		return;
	rib->maxpaths[af] = n;
	if (bgp_ptree_count(rib->tree[af]))
		rib_job_add(rib, RIB_JOB_REQUEUE_ALL, 0, af);
}

int bgp_rib_peer_set(struct bgp_rib *rib, uint16_t peer, const struct bgp_rib_peer *info)
{
	struct bgp_rib_peer *cur;
	bool same;

	if (peer >= BGP_RIB_PEERS_MAX || !info)
		return -EINVAL;
	cur = &rib->peers[peer].info;
	same = cur->used && vt_addr_eq(&cur->addr, &info->addr) && cur->bgp_id == info->bgp_id &&
	       cur->ibgp == info->ibgp;
	*cur = *info;
	cur->used = true;
	if (same)
		return 0;
	for (unsigned af = 0; af < BGP_AF_COUNT; af++)
		if (rib->peers[peer].received[af])
			rib_job_add(rib, RIB_JOB_REQUEUE_PEER, peer, af);
	return 0;
}

const struct bgp_rib_peer *bgp_rib_peer_get(const struct bgp_rib *rib, uint16_t peer)
{
	if (peer >= BGP_RIB_PEERS_MAX || !rib->peers[peer].info.used)
		return NULL;
	return &rib->peers[peer].info;
}

/* ---- changing paths -------------------------------------------------------------- */

void rib_dest_set_nmulti(struct bgp_rib *rib, enum bgp_af af, struct bgp_dest *d, unsigned n)
{
	struct bgp_rib_counts *c = &rib->counts[af];

	c->best -= d->n_multi > 0;
	c->multipath -= d->n_multi > 1;
	d->n_multi = (uint8_t)n;
	c->best += n > 0;
	c->multipath += n > 1;
}

/* Unlinks the path at *pp, at position pos; a member of the set leaves it. */
static struct bgp_path *path_unlink(struct bgp_rib *rib, enum bgp_af af, struct bgp_dest *d,
				    struct bgp_path **pp, unsigned pos)
{
	struct bgp_path *p = *pp;

	*pp = p->next;
	p->next = NULL;
	if (pos < d->n_multi) {
		rib_dest_set_nmulti(rib, af, d, d->n_multi - 1u);
		d->flags |= RIB_DEST_DIRTY;
	}
	return p;
}

static void path_append(struct bgp_dest *d, struct bgp_path *p)
{
	struct bgp_path **pp = &d->paths;

	while (*pp)
		pp = &(*pp)->next;
	*pp = p;
}

static struct bgp_path **path_find(struct bgp_dest *d, uint16_t peer, unsigned *pos)
{
	struct bgp_path **pp = &d->paths;

	for (*pos = 0; *pp; pp = &(*pp)->next, (*pos)++)
		if ((*pp)->peer == peer)
			return pp;
	return NULL;
}

static void peer_count(struct bgp_rib *rib, enum bgp_af af, const struct bgp_path *p, int sign)
{
	struct rib_peer_state *ps = &rib->peers[p->peer];

	ps->received[af] += (size_t)(ptrdiff_t)sign;
	if (!(p->flags & BGP_PATH_FILTERED))
		ps->accepted[af] += (size_t)(ptrdiff_t)sign;
}

bool rib_path_remove(struct bgp_rib *rib, enum bgp_af af, struct bgp_dest *d, uint16_t peer)
{
	unsigned pos;
	struct bgp_path **pp = path_find(d, peer, &pos), *p;

	if (!pp)
		return false;
	p = path_unlink(rib, af, d, pp, pos);
	peer_count(rib, af, p, -1);
	rib->counts[af].paths--;
	if (!d->paths)
		rib->counts[af].dests--;
	bgp_attrs_unref(rib->attrs, p->attrs);
	slab_free(&rib->path_slab, p);
	return true;
}

static uint32_t rib_now(void)
{
	return (uint32_t)(ev_now_ms() / 1000);
}

/* A node that was just created for a path that could not be added. */
static void dest_undo(struct bgp_rib *rib, enum bgp_af af, struct bgp_ptree_node *n)
{
	struct bgp_dest *d = bgp_ptree_node_payload(n);

	if (d && (d->paths || (d->flags & RIB_DEST_QUEUED)))
		return;
	bgp_ptree_node_set_payload(n, NULL);
	slab_free(&rib->dest_slab, d);
	bgp_ptree_remove(rib->tree[af], n);
}

int bgp_rib_update(struct bgp_rib *rib, const struct vt_prefix *p, uint16_t peer,
		   struct bgp_attrs *attrs, unsigned flags)
{
	int af = rib_af_of(p);
	struct bgp_ptree_node *n;
	struct bgp_dest *d;
	struct bgp_path **pp, *path;
	unsigned pos;
	int rc;

	flags &= BGP_PATH_FILTERED | BGP_PATH_STALE;
	if (af < 0 || peer >= BGP_RIB_PEERS_MAX || !attrs) {
		bgp_attrs_unref(rib->attrs, attrs);
		return -EINVAL;
	}
	rib_jobs_finish_peer(rib, peer, (enum bgp_af)af);
	rc = bgp_ptree_insert(rib->tree[af], p, &n);
	if (rc) {
		bgp_attrs_unref(rib->attrs, attrs);
		return rc;
	}
	d = bgp_ptree_node_payload(n);
	if (!d) {
		d = slab_alloc(&rib->dest_slab);
		if (!d) {
			bgp_attrs_unref(rib->attrs, attrs);
			dest_undo(rib, (enum bgp_af)af, n);
			return -ENOMEM;
		}
		bgp_ptree_node_set_payload(n, d);
	}
	pp = path_find(d, peer, &pos);
	if (pp) {
		path = *pp;
		if (path->attrs == attrs && ((path->flags ^ flags) & BGP_PATH_FILTERED) == 0) {
			/* The same route again (a refresh, or back after a
			 * restart): nothing to decide. */
			path->flags = (uint16_t)flags;
			bgp_attrs_unref(rib->attrs, attrs);
			return 0;
		}
		peer_count(rib, (enum bgp_af)af, path, -1);
		path = path_unlink(rib, (enum bgp_af)af, d, pp, pos);
		bgp_attrs_unref(rib->attrs, path->attrs);
	} else {
		path = slab_alloc(&rib->path_slab);
		if (!path) {
			bgp_attrs_unref(rib->attrs, attrs);
			dest_undo(rib, (enum bgp_af)af, n);
			return -ENOMEM;
		}
		if (!d->paths)
			rib->counts[af].dests++;
		rib->counts[af].paths++;
		path->peer = peer;
	}
	path->attrs = attrs;
	path->flags = (uint16_t)flags;
	path->since = rib_now();
	peer_count(rib, (enum bgp_af)af, path, 1);
	path_append(d, path);
	rib_dest_queue(rib, (enum bgp_af)af, n);
	return 0;
}

void bgp_rib_prefetch(const struct bgp_rib *rib, const struct vt_prefix *p, unsigned n)
{
	int af = n ? rib_af_of(&p[0]) : -EINVAL;

	if (af >= 0)
		bgp_ptree_prefetch(rib->tree[af], p, n);
}

int bgp_rib_withdraw(struct bgp_rib *rib, const struct vt_prefix *p, uint16_t peer)
{
	int af = rib_af_of(p);
	struct bgp_ptree_node *n;

	if (af < 0 || peer >= BGP_RIB_PEERS_MAX)
		return -ENOENT;
	rib_jobs_finish_peer(rib, peer, (enum bgp_af)af);
	n = bgp_ptree_find(rib->tree[af], p);
	if (!n || !bgp_ptree_node_payload(n))
		return -ENOENT;
	if (!rib_path_remove(rib, (enum bgp_af)af, bgp_ptree_node_payload(n), peer))
		return -ENOENT;
	rib_dest_queue(rib, (enum bgp_af)af, n);
	return 0;
}
