/*
 * The dataplane's route table as a whole (vtid/dp/dp_route_int.h):
 * the purge of a protocol's routes, a tunnel's nexthops leaving every
 * route, teardown, the flush that reports refusals, and the choice
 * between nexthop objects and routes that carry their nexthops.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/nl_batch.h"
#include "vtid/dp/nl_link_watch.h"
#include "vtid/dp/nl_nexthop.h"
#include "vtid/dp/nl_route.h"
#include "vtid/dp/dp_route_int.h"

int dp_route_purge(struct dp *dp, unsigned char proto, struct strbuf *err)
{
	struct dp_routes *rt = dp->routes;
	int rc, nh;

	if (rt)
		dp_nl_batch_flush(rt->b);
	rc = dp_nl_route_purge(dp->nl, proto, err);
	if (rc < 0)
		return rc;
	if (rt)
		dp_routes_busy(rt);
	for (size_t i = 0; rt && i < rt->nbucket; i++) {
		struct dp_route_ent **pp = &rt->bucket[i];

		while (*pp) {
			struct dp_route_ent *r = *pp;

			if (r->proto != proto) {
				pp = &r->hnext;
				continue;
			}
			*pp = r->hnext;
			rt->count--;
			dp_nh_put(rt->nht, r->obj);
			free(r);
		}
	}
	if (rt) {
		dp_nl_batch_flush(rt->b);
		dp_routes_idle(rt);
	}
	nh = dp_nl_nexthop_purge(dp->nl, proto, err);
	return nh < 0 ? nh : rc;
}

void dp_routes_drop_tunnel(struct dp *dp, struct dp_tunnel *t)
{
	struct dp_routes *rt = dp->routes;

	if (!rt)
		return;
	dp_routes_busy(rt);
	for (size_t i = 0; i < rt->nbucket; i++) {
		struct dp_route_ent **pp = &rt->bucket[i];

		while (*pp) {
			struct dp_route_ent *r = *pp;
			char name[VT_PREFIX_STRLEN];
			unsigned j, k = 0;
			int rc;

			for (j = 0; j < r->n; j++)
				if (r->nh[j].tunnel != t)
					r->nh[k++] = r->nh[j];
			if (k == r->n) {
				pp = &r->hnext;
				continue;
			}
			r->n = k;
			r->gen = ++rt->gen;
			rc = k ? dp_route_install(rt, r) : 0;
			if (rc == 0 && k) {
				pp = &r->hnext;
				continue;
			}
			if (rc < 0)
				log_fault(LOGM_DP, "route %s: without %s: %s; removing it",
					  vt_prefix_fmt(&r->dst, name, sizeof(name)),
					  t->ifname, strerror(-rc));
			dp_route_forget(rt, pp);
		}
	}
	/* the link goes down next: the kernel must have moved the routes */
	dp_nl_batch_flush(rt->b);
	dp_routes_idle(rt);
}

void dp_routes_free(struct dp *dp)
{
	struct dp_routes *rt = dp->routes;

	if (!rt)
		return;
	dp_routes_busy(rt); /* nothing refused is left to forget */
	for (size_t i = 0; i < rt->nbucket; i++)
		while (rt->bucket[i])
			dp_route_forget(rt, &rt->bucket[i]);
	dp_link_watch_free(rt->links);
	dp_nh_table_free(rt->nht);
	dp_nl_batch_free(rt->b);
	free(rt->reap);
	free(rt->bucket);
	free(rt);
	dp->routes = NULL;
}

int dp_route_flush(struct dp *dp, struct strbuf *err)
{
	struct dp_routes *rt = dp->routes;
	int rc;

	if (!rt)
		return 0;
	dp_nl_batch_flush(rt->b);
	dp_routes_reap(rt);
	if (!rt->failed)
		return 0;
	rc = rt->first_err < 0 ? rt->first_err : -EIO;
	if (err) {
		sb_add(err, rt->first_why);
		if (rt->failed > 1)
			sb_printf(err, " (and %u more)", rt->failed - 1);
	}
	rt->failed = 0;
	return rc;
}

int dp_route_nexthop_groups(struct dp *dp, bool on, struct strbuf *err)
{
	struct dp_routes *rt = dp_routes_get(dp, err);

	if (!rt)
		return -ENOMEM;
	if (on == (rt->nht != NULL))
		return 0;
	if (rt->count) {
		if (err)
			sb_add(err, "routes: the nexthop mode changes only without routes");
		return -EBUSY;
	}
	if (on && !rt->kernel_groups) {
		if (err)
			sb_add(err, "routes: this kernel has no nexthop objects");
		return -EOPNOTSUPP;
	}
	if (on) {
		rt->nht = dp_nh_table_new(rt->b);
		return rt->nht ? 0 : -ENOMEM;
	}
	dp_nh_table_free(rt->nht);
	rt->nht = NULL;
	return 0;
}
