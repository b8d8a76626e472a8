/*
 * The dataplane's routes, for both backends: a prefix over one or more tunnels or plain
 * gateways in the main table.  Where the kernel has nexthop objects a
 * route points (RTA_NH_ID) at a nexthop or a group shared with every route
 * over the same set (vtid/dp/nl_nexthop.h); otherwise, and for a gateway
 * whose link is not named, it carries its nexthops (RTA_MULTIPATH when
 * more than one).  Requests are batched (vtid/dp/nl_batch.h): a refused
 * one is logged as "route P: reason", forgotten, and counted for
 * dp_route_flush().
 *
 * The backend remembers what it asked for, so that a tunnel leaving takes
 * its nexthops out and dp_free() removes every route it made; a gateway
 * nexthop stays until the route is deleted.  A route can only go over a
 * tunnel whose link is up (the kernel refuses it, and drops nexthops over
 * a link going down), and the link is up exactly while the tunnel has an
 * outbound SA: the caller gets -ENETDOWN, said plainly, otherwise.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/msg.h>

#include "common/evloop.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/nl_batch.h"
#include "vtid/dp/nl_link_watch.h"
#include "vtid/dp/nl_nexthop.h"
#include "vtid/dp/nl_route.h"
#include "vtid/dp/dp_route_int.h"

static size_t route_hash(const struct dp_routes *rt, const struct vt_prefix *p)
{
	uint32_t h = 2166136261u ^ p->addr.family ^ ((uint32_t)p->len << 8);

	for (size_t i = 0; i < vt_addr_len(&p->addr); i++)
		h = (h ^ p->addr.u.bytes[i]) * 16777619u;
	return h & (rt->nbucket - 1);
}

static struct dp_route_ent **route_slot(struct dp_routes *rt, const struct vt_prefix *dst)
{
	struct dp_route_ent **pp = &rt->bucket[route_hash(rt, dst)];

	while (*pp && vt_prefix_cmp(&(*pp)->dst, dst) != 0)
		pp = &(*pp)->hnext;
	return pp;
}

static void route_grow(struct dp_routes *rt)
{
	size_t nb = rt->nbucket * 2;
	struct dp_route_ent **v = calloc(nb, sizeof(*v)), **old = rt->bucket;
	size_t on = rt->nbucket;

	if (!v)
		return; /* longer chains, still correct */
	rt->bucket = v;
	rt->nbucket = nb;
	for (size_t i = 0; i < on; i++)
		while (old[i]) {
			struct dp_route_ent *r = old[i], **pp = &v[route_hash(rt, &r->dst)];

			old[i] = r->hnext;
			r->hnext = *pp;
			*pp = r;
		}
	free(old);
}

static void route_failed(struct dp_routes *rt, const char *name, int err, const char *why)
{
	char line[sizeof(rt->first_why)];

	snprintf(line, sizeof(line), "route %s: %s", name, why ? why : strerror(-err));
	log_warn(LOGM_DP, "%s", line);
	if (!rt->failed++) {
		rt->first_err = err;
		memcpy(rt->first_why, line, sizeof(line));
	}
}

/* Refused: what the kernel holds (an older version, or nothing) is not
 * what was asked for; unless asked again since, the route goes. */
static void route_refused(struct dp_routes *rt, const struct vt_prefix *dst, uint32_t gen)
{
	struct dp_route_ent **pp = route_slot(rt, dst);

	if (!*pp || (*pp)->gen != gen)
		return;
	if ((*pp)->obj)
		dp_nh_mark_dead((*pp)->obj);
	dp_route_forget(rt, pp);
}

void dp_routes_reap(struct dp_routes *rt)
{
	/* forgetting sends requests, whose answers may add to the list */
	for (size_t i = 0; i < rt->nreap; i++)
		route_refused(rt, &rt->reap[i].dst, rt->reap[i].gen);
	rt->nreap = 0;
}

static void route_done(const struct dp_nl_req *req, int err, const char *why)
{
	struct dp_routes *rt = req->ctx;
	char name[VT_PREFIX_STRLEN];

	if (!err || (req->op == ROUTE_OP_DEL && err == -ESRCH))
		return;
	vt_prefix_fmt(&req->dst, name, sizeof(name));
	route_failed(rt, name, err, why);
	if (req->op != ROUTE_OP_ADD)
		return;
	if (!rt->busy) {
		route_refused(rt, &req->dst, req->id);
		return;
	}
	/* a walk of the table holds pointers into it: later */
	if (rt->nreap == rt->capreap) {
		size_t cap = rt->capreap ? rt->capreap * 2 : 16;
		struct dp_route_reap *v = realloc(rt->reap, cap * sizeof(*v));

		if (!v) {
			log_fault(LOGM_DP, "route %s: out of memory; the backend still counts it",
				  name);
			return;
		}
		rt->reap = v;
		rt->capreap = cap;
	}
	rt->reap[rt->nreap].dst = req->dst;
	rt->reap[rt->nreap].gen = req->id;
	rt->nreap++;
}

/* Around every walk of the table (and every change that holds a slot). */
void dp_routes_busy(struct dp_routes *rt)
{
	rt->busy = true;
}

void dp_routes_idle(struct dp_routes *rt)
{
	rt->busy = false;
	dp_routes_reap(rt);
}

static int route_send(struct dp_routes *rt, bool add, const struct vt_prefix *dst,
		      unsigned char proto, uint32_t gen, const struct dp_nh_obj *obj,
		      const struct dp_nh_key *k, unsigned n)
{
	struct dp_nl_req req = {
		.done = route_done,
		.ctx = rt,
		.dst = *dst,
		.id = gen,
		.op = add ? ROUTE_OP_ADD : ROUTE_OP_DEL,
	};
	struct nl_msg *m = dp_nl_route_msg(add, dst, proto, obj ? dp_nh_id(obj) : 0, k, n);
	int rc;

	if (!m)
		return -ENOMEM;
	rc = dp_nl_batch_send(rt->b, m, &req);
	nlmsg_free(m);
	return rc;
}

/* Forget, then delete from the kernel (batched): the send may run
 * answers' callbacks, which must find the table without it. */
void dp_route_forget(struct dp_routes *rt, struct dp_route_ent **pp)
{
	struct dp_route_ent *r = *pp;
	int rc;

	*pp = r->hnext;
	rt->count--;
	rc = route_send(rt, false, &r->dst, r->proto, 0, NULL, NULL, 0);
	if (rc < 0)
		log_fault(LOGM_DP, "route: delete: %s", strerror(-rc));
	dp_nh_put(rt->nht, r->obj);
	free(r);
}

static int gw_link_get(struct dp_routes *rt, const struct vt_addr *gw)
{
	uint64_t now = ev_now_ms();
	struct dp_gw_link *c;

	for (unsigned i = 0; i < GW_CACHE; i++) {
		c = &rt->gw[i];
		if (c->at_ms && now - c->at_ms < GW_CACHE_MS && vt_addr_eq(&c->gw, gw))
			return c->ifindex;
	}
	c = &rt->gw[rt->gw_next++ % GW_CACHE];
	c->gw = *gw;
	c->ifindex = dp_nl_gw_link(rt->dp->nl, gw);
	c->at_ms = now ? now : 1;
	return c->ifindex;
}

/* Ask for r as it now is; r->obj becomes the object it points at.  A
 * gateway the kernel has no link for goes in the route itself, to be
 * refused there for this prefix. */
int dp_route_install(struct dp_routes *rt, struct dp_route_ent *r)
{
	struct dp_nh_key k[ROUTE_NH_MAX];
	struct dp_nh_obj *obj = NULL;
	bool all_links = true;
	int rc = 0;

	for (unsigned i = 0; i < r->n; i++) {
		const struct dp_nexthop *h = &r->nh[i];

		k[i].gw = h->gw;
		k[i].ifindex = h->tunnel ? h->tunnel->ifindex : h->ifindex;
		if (rt->nht && k[i].ifindex == 0) {
			int ifx = gw_link_get(rt, &h->gw);

			k[i].ifindex = ifx > 0 ? ifx : 0;
		}
		all_links = all_links && k[i].ifindex > 0;
	}
	if (rt->nht && all_links)
		rc = dp_nh_get(rt->nht, r->dst.addr.family, r->proto, k, r->n, &obj);
	if (rc == 0)
		rc = route_send(rt, true, &r->dst, r->proto, r->gen, obj, k, r->n);
	if (rc < 0) {
		dp_nh_put(rt->nht, obj);
		return rc;
	}
	/* the old object goes only after the route left it */
	dp_nh_put(rt->nht, r->obj);
	r->obj = obj;
	return 0;
}

/* The kernel dropped the objects over a link that went down, and the
 * link a gateway is on may change with it. */
static void dp_routes_link_down(void *arg, int ifindex)
{
	struct dp_routes *rt = arg;

	if (rt->nht)
		dp_nh_link_down(rt->nht, ifindex);
	for (unsigned i = 0; i < GW_CACHE; i++)
		if (!ifindex || rt->gw[i].ifindex == ifindex)
			rt->gw[i].at_ms = 0;
}

struct dp_routes *dp_routes_get(struct dp *dp, struct strbuf *err)
{
	struct dp_routes *rt = dp->routes;

	if (rt)
		return rt;
	rt = calloc(1, sizeof(*rt));
	if (!rt || !(rt->bucket = calloc(1024, sizeof(rt->bucket[0])))) {
		free(rt);
		if (err)
			sb_add(err, "routes: out of memory");
		return NULL;
	}
	rt->nbucket = 1024;
	rt->dp = dp;
	rt->b = dp_nl_batch_new(dp->loop, err);
	rt->kernel_groups = rt->b && dp_nl_nexthop_probe(dp->nl) == 1;
	if (rt->kernel_groups) {
		rt->nht = dp_nh_table_new(rt->b);
		rt->links = dp_link_watch_new(dp->loop, dp_routes_link_down, rt, err);
	}
	if (!rt->b || (rt->kernel_groups && (!rt->nht || !rt->links))) {
		if (err && rt->b && !rt->nht)
			sb_add(err, "routes: out of memory");
		dp_link_watch_free(rt->links);
		dp_nh_table_free(rt->nht);
		dp_nl_batch_free(rt->b);
		free(rt->bucket);
		free(rt);
		return NULL;
	}
	dp->routes = rt;
	return rt;
}

static bool dp_gw_link_local(const struct vt_addr *gw)
{
	return gw->family == AF_INET6 && gw->u.bytes[0] == 0xfe && (gw->u.bytes[1] & 0xc0) == 0x80;
}

/* A nexthop without a tunnel: a gateway of dst's family, with its link
 * when the kernel could not tell which one it is. */
static int dp_route_check_gw(const struct vt_prefix *dst, const struct dp_nexthop *h, unsigned i,
			       const char *name, struct strbuf *err)
{
	if (h->gw.family != dst->addr.family || h->ifindex < 0) {
		if (err)
			sb_printf(err,
				  "route %s: nexthop %u has neither a tunnel nor a gateway "
				  "of the route's family",
				  name, i + 1);
		return -EINVAL;
	}
	if (h->ifindex == 0 && dp_gw_link_local(&h->gw)) {
		if (err)
			sb_printf(err, "route %s: nexthop %u: a link-local gateway needs its link",
				  name, i + 1);
		return -EINVAL;
	}
	return 0;
}

static int dp_route_check(struct dp *dp, const struct vt_prefix *dst,
			    const struct dp_nexthop *nh, unsigned n, const char *name,
			    struct strbuf *err)
{
	if (dst->addr.family != AF_INET && dst->addr.family != AF_INET6) {
		if (err)
			sb_printf(err, "route %s: not an IP prefix", name);
		return -EINVAL;
	}
	if (!nh || !n || n > ROUTE_NH_MAX) {
		if (err)
			sb_printf(err, "route %s: %u nexthops", name, n);
		return -EINVAL;
	}
	for (unsigned i = 0; i < n; i++) {
		struct dp_tunnel *t = nh[i].tunnel;

		if (!t) {
			int rc = dp_route_check_gw(dst, &nh[i], i, name, err);

			if (rc < 0)
				return rc;
			continue;
		}
		if (t->dp != dp ||
		    (nh[i].gw.family && nh[i].gw.family != dst->addr.family)) {
			if (err)
				sb_printf(err,
					  "route %s: nexthop %u is not a tunnel of ours "
					  "or has a gateway of another family",
					  name, i + 1);
			return -EINVAL;
		}
		if (!t->link_up) {
			if (err)
				sb_printf(err,
					  "route %s: tunnel %s is down (no live SA); routes "
					  "go over a tunnel only while it has one",
					  name, t->ifname);
			return -ENETDOWN;
		}
	}
	return 0;
}

int dp_route_replace(struct dp *dp, const struct vt_prefix *dst_in, const struct dp_nexthop *nh,
		     unsigned n, unsigned char proto, struct strbuf *err)
{
	struct vt_prefix dst = *dst_in;
	char name[VT_PREFIX_STRLEN];
	struct dp_routes *rt;
	struct dp_route_ent **pp, *r;
	int rc;

	vt_prefix_mask(&dst);
	vt_prefix_fmt(&dst, name, sizeof(name));
	rc = dp_route_check(dp, &dst, nh, n, name, err);
	if (rc < 0)
		return rc;
	rt = dp_routes_get(dp, err);
	if (!rt)
		return -ENOMEM;
	r = calloc(1, sizeof(*r) + n * sizeof(r->nh[0]));
	if (!r) {
		if (err)
			sb_printf(err, "route %s: out of memory", name);
		return -ENOMEM;
	}
	r->dst = dst;
	r->proto = proto;
	r->gen = ++rt->gen;
	r->n = n;
	memcpy(r->nh, nh, n * sizeof(r->nh[0]));
	dp_routes_busy(rt);
	pp = route_slot(rt, &dst);
	if (*pp)
		r->obj = (*pp)->obj; /* handed over: put once the route moved */
	rc = dp_route_install(rt, r);
	if (rc < 0) {
		if (err)
			sb_printf(err, "route %s: install: %s", name, strerror(-rc));
		free(r);
		dp_routes_idle(rt);
		return rc;
	}
	if (*pp) {
		r->hnext = (*pp)->hnext;
		free(*pp);
	} else {
		rt->count++;
	}
	*pp = r;
	if (rt->count > rt->nbucket)
		route_grow(rt);
	dp_routes_idle(rt);
	return 0;
}

int dp_route_del(struct dp *dp, const struct vt_prefix *dst_in, struct strbuf *err)
{
	struct dp_routes *rt = dp->routes;
	struct vt_prefix dst = *dst_in;
	char name[VT_PREFIX_STRLEN];
	struct dp_route_ent **pp;

	vt_prefix_mask(&dst);
	pp = rt ? route_slot(rt, &dst) : NULL;
	if (!pp || !*pp) {
		if (err)
			sb_printf(err, "route %s: not ours",
				  vt_prefix_fmt(&dst, name, sizeof(name)));
		return -ENOENT;
	}
	dp_routes_busy(rt);
	dp_route_forget(rt, pp);
	dp_routes_idle(rt);
	return 0;
}
