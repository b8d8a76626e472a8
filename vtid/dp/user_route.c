/*
 * The user backend's routes: a prefix over one or more tunnels or plain
 * gateways (RTA_MULTIPATH when more than one), in the main table, over
 * rtnetlink with libnl-route.  The backend remembers what it installed, so
 * that a tunnel leaving takes its nexthops out and dp_free() removes every
 * route it made; a gateway nexthop stays until the route is deleted.
 *
 * A route can only go over a tunnel whose link is up (the kernel refuses
 * it with ENETDOWN, and drops IPv4 routes through a link going down), and
 * the link is up exactly while the tunnel has an outbound SA: the caller
 * installs a route through a tunnel only while that tunnel has a live SA,
 * and gets -ENETDOWN, said plainly, otherwise.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/nl_route.h"
#include "vtid/dp/user_int.h"

struct user_route {
	struct user_route *next;
	struct vt_prefix dst;
	unsigned char proto;
	unsigned n;
	struct dp_nexthop nh[];
};

static struct nl_addr *user_nl_addr(const struct vt_addr *a, int prefixlen)
{
	struct nl_addr *na = nl_addr_build(a->family, a->u.bytes, vt_addr_len(a));

	if (na && prefixlen >= 0)
		nl_addr_set_prefixlen(na, prefixlen);
	return na;
}

/* The route as the kernel should hold it; nexthops only when n > 0. */
static struct rtnl_route *user_route_build(const struct vt_prefix *dst, unsigned char proto,
					   const struct dp_nexthop *nh, unsigned n)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	struct nl_addr *d = user_nl_addr(&dst->addr, dst->len);
	unsigned i;
	bool ok = rt && d;

	if (ok) {
		rtnl_route_set_family(rt, dst->addr.family);
		ok = rtnl_route_set_dst(rt, d) == 0;
		rtnl_route_set_table(rt, RT_TABLE_MAIN);
		rtnl_route_set_protocol(rt, proto);
		rtnl_route_set_type(rt, RTN_UNICAST);
		/* NOWHERE matches any scope when deleting */
		rtnl_route_set_scope(rt, n ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE);
	}
	for (i = 0; ok && i < n; i++) {
		struct rtnl_nexthop *h = rtnl_route_nh_alloc();

		if (!h) {
			ok = false;
			break;
		}
		if (nh[i].tunnel)
			rtnl_route_nh_set_ifindex(h, user_tunnel_of(nh[i].tunnel)->ifindex);
		else if (nh[i].ifindex > 0)
			rtnl_route_nh_set_ifindex(h, nh[i].ifindex);
		if (nh[i].gw.family) {
			struct nl_addr *gw = user_nl_addr(&nh[i].gw, -1);

			if (!gw) {
				rtnl_route_nh_free(h);
				ok = false;
				break;
			}
			rtnl_route_nh_set_gateway(h, gw);
			nl_addr_put(gw);
		}
		rtnl_route_add_nexthop(rt, h);
	}
	nl_addr_put(d);
	if (!ok && rt) {
		rtnl_route_put(rt);
		rt = NULL;
	}
	return rt;
}

static int user_route_kernel(struct user_dp *dp, const struct vt_prefix *dst, unsigned char proto,
			     const struct dp_nexthop *nh, unsigned n)
{
	struct rtnl_route *rt = user_route_build(dst, proto, nh, n);
	int rc;

	if (!rt)
		return -ENOMEM;
	rc = n ? rtnl_route_add(dp->nl, rt, NLM_F_REPLACE) : rtnl_route_delete(dp->nl, rt, 0);
	rtnl_route_put(rt);
	return rc < 0 ? dp_nl_errno(rc) : 0;
}

static struct user_route **user_route_slot(struct user_dp *dp, const struct vt_prefix *dst)
{
	struct user_route **pp;

	for (pp = &dp->routes; *pp; pp = &(*pp)->next)
		if (vt_prefix_cmp(&(*pp)->dst, dst) == 0)
			return pp;
	return pp;
}

static bool user_gw_link_local(const struct vt_addr *gw)
{
	return gw->family == AF_INET6 && gw->u.bytes[0] == 0xfe && (gw->u.bytes[1] & 0xc0) == 0x80;
}

/* A nexthop without a tunnel: a gateway of dst's family, with its link
 * when the kernel could not tell which one it is. */
static int user_route_check_gw(const struct vt_prefix *dst, const struct dp_nexthop *h, unsigned i,
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
	if (h->ifindex == 0 && user_gw_link_local(&h->gw)) {
		if (err)
			sb_printf(err, "route %s: nexthop %u: a link-local gateway needs its link",
				  name, i + 1);
		return -EINVAL;
	}
	return 0;
}

static int user_route_check(struct user_dp *dp, const struct vt_prefix *dst,
			    const struct dp_nexthop *nh, unsigned n, const char *name,
			    struct strbuf *err)
{
	unsigned i;
	int rc;

	if (dst->addr.family != AF_INET && dst->addr.family != AF_INET6) {
		if (err)
			sb_printf(err, "route %s: not an IP prefix", name);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct dp_tunnel *t = nh[i].tunnel;

		if (!t) {
			rc = user_route_check_gw(dst, &nh[i], i, name, err);
			if (rc < 0)
				return rc;
			continue;
		}
		if (t->dp != &dp->base ||
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

int user_route_replace(struct dp *base, const struct vt_prefix *dst_in, const struct dp_nexthop *nh,
		       unsigned n, unsigned char proto, struct strbuf *err)
{
	struct user_dp *dp = user_dp_of(base);
	struct vt_prefix dst = *dst_in;
	char name[VT_PREFIX_STRLEN];
	struct user_route **pp, *r;
	int rc;

	vt_prefix_mask(&dst);
	vt_prefix_fmt(&dst, name, sizeof(name));
	rc = user_route_check(dp, &dst, nh, n, name, err);
	if (rc < 0)
		return rc;
	r = malloc(sizeof(*r) + n * sizeof(r->nh[0]));
	if (!r) {
		if (err)
			sb_printf(err, "route %s: out of memory", name);
		return -ENOMEM;
	}
	rc = user_route_kernel(dp, &dst, proto, nh, n);
	if (rc < 0) {
		if (err)
			sb_printf(err, "route %s: install: %s", name, strerror(-rc));
		free(r);
		return rc;
	}
	r->dst = dst;
	r->proto = proto;
	r->n = n;
	memcpy(r->nh, nh, n * sizeof(r->nh[0]));
	pp = user_route_slot(dp, &dst);
	if (*pp) {
		r->next = (*pp)->next;
		free(*pp);
	} else {
		r->next = NULL;
	}
	*pp = r;
	return 0;
}

/* Delete from the kernel and forget; a route already gone is fine. */
static int user_route_remove(struct user_dp *dp, struct user_route **pp)
{
	struct user_route *r = *pp;
	int rc = user_route_kernel(dp, &r->dst, r->proto, NULL, 0);

	*pp = r->next;
	free(r);
	return rc == -ESRCH ? 0 : rc;
}

int user_route_del(struct dp *base, const struct vt_prefix *dst_in, struct strbuf *err)
{
	struct user_dp *dp = user_dp_of(base);
	struct vt_prefix dst = *dst_in;
	char name[VT_PREFIX_STRLEN];
	struct user_route **pp;
	int rc;

	vt_prefix_mask(&dst);
	vt_prefix_fmt(&dst, name, sizeof(name));
	pp = user_route_slot(dp, &dst);
	if (!*pp) {
		if (err)
			sb_printf(err, "route %s: not ours", name);
		return -ENOENT;
	}
	rc = user_route_remove(dp, pp);
	if (rc < 0 && err)
		sb_printf(err, "route %s: delete: %s", name, strerror(-rc));
	return rc;
}

int user_route_purge(struct dp *base, unsigned char proto, struct strbuf *err)
{
	struct user_dp *dp = user_dp_of(base);
	struct user_route **pp = &dp->routes;
	int rc = dp_nl_route_purge(dp->nl, proto, err);

	if (rc < 0)
		return rc;
	while (*pp) {
		struct user_route *r = *pp;

		if (r->proto == proto) {
			*pp = r->next;
			free(r);
		} else {
			pp = &r->next;
		}
	}
	return rc;
}

void user_routes_drop_tunnel(struct user_dp *dp, struct user_tunnel *t)
{
	struct user_route **pp = &dp->routes;

	while (*pp) {
		struct user_route *r = *pp;
		char name[VT_PREFIX_STRLEN];
		unsigned i, k = 0;
		int rc;

		for (i = 0; i < r->n; i++)
			if (r->nh[i].tunnel != &t->base)
				r->nh[k++] = r->nh[i];
		if (k == r->n) {
			pp = &r->next;
			continue;
		}
		r->n = k;
		vt_prefix_fmt(&r->dst, name, sizeof(name));
		rc = k ? user_route_kernel(dp, &r->dst, r->proto, r->nh, k) : 0;
		if (rc == 0 && k) {
			pp = &r->next;
			continue;
		}
		if (rc < 0)
			log_fault(LOGM_DP, "route %s: without %s: %s; removing it", name,
				  t->base.ifname, strerror(-rc));
		rc = user_route_remove(dp, pp);
		if (rc < 0)
			log_fault(LOGM_DP, "route %s: delete: %s", name, strerror(-rc));
	}
}

void user_routes_free(struct user_dp *dp)
{
	while (dp->routes) {
		char name[VT_PREFIX_STRLEN];
		int rc;

		vt_prefix_fmt(&dp->routes->dst, name, sizeof(name));
		rc = user_route_remove(dp, &dp->routes);
		if (rc < 0)
			log_fault(LOGM_DP, "route %s: delete: %s", name, strerror(-rc));
	}
}
