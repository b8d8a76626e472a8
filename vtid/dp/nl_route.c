/*
 * Route helpers shared by the dataplane backends (vtid/dp/nl_route.h), and
 * dp_route_purge_table(), which works before any backend exists.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/dp.h"
#include "vtid/dp/nl_nexthop.h"
#include "vtid/dp/nl_route.h"

int dp_nl_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
	case NLE_NOACCESS:
		return -EPERM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_OBJ_NOTFOUND:
		return -ESRCH;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_NOADDR:
		return -EADDRNOTAVAIL;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

struct dump_ctx {
	struct dp_nl_routes *out;
	bool nomem;
};

static int dump_valid(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *ctx = arg;
	struct dp_nl_routes *out = ctx->out;
	struct rtnl_route *rt = NULL;

	/* what libnl cannot read (a type it does not know) is not shown */
	if (rtnl_route_parse(nlmsg_hdr(msg), &rt) < 0 || !rt)
		return NL_SKIP;
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		struct rtnl_route **v = realloc(out->v, cap * sizeof(*v));

		if (!v) {
			rtnl_route_put(rt);
			ctx->nomem = true;
			return NL_STOP;
		}
		out->v = v;
		out->cap = cap;
	}
	out->v[out->n++] = rt;
	return NL_OK;
}

static int dump_once(struct nl_sock *nl, int family, struct dp_nl_routes *out)
{
	struct rtmsg rtm = {.rtm_family = (unsigned char)family};
	struct dump_ctx ctx = {.out = out};
	struct nl_cb *cb, *sk_cb;
	int rc;

	rc = nl_send_simple(nl, RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof(rtm));
	if (rc < 0)
		return dp_nl_errno(rc);
	/* a callback of our own: the socket's stays as its other users set it */
	sk_cb = nl_socket_get_cb(nl); /* a reference of its own */
	cb = nl_cb_clone(sk_cb);
	nl_cb_put(sk_cb);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, dump_valid, &ctx);
	rc = nl_recvmsgs(nl, cb);
	nl_cb_put(cb);
	if (rc == -NLE_DUMP_INTR)
		return -EAGAIN;
	if (rc < 0)
		return dp_nl_errno(rc);
	return ctx.nomem ? -ENOMEM : 0;
}

int dp_nl_route_dump(struct nl_sock *nl, int family, struct dp_nl_routes *out)
{
	int rc = -EAGAIN;

	memset(out, 0, sizeof(*out));
	/* the table changed during the dump: take it again */
	for (int i = 0; i < 3 && rc == -EAGAIN; i++) {
		dp_nl_routes_free(out);
		rc = dump_once(nl, family, out);
	}
	if (rc < 0)
		dp_nl_routes_free(out);
	return rc;
}

void dp_nl_routes_free(struct dp_nl_routes *r)
{
	for (size_t i = 0; i < r->n; i++)
		rtnl_route_put(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/*
 * Delete by the route's key only (family, destination, table, TOS,
 * metric, protocol), no nexthops: the kernel then takes the whole route,
 * every ECMP leg of it, instead of matching nexthop by nexthop against
 * what the dump said (flags such as linkdown would not compare equal).
 */
static int purge_one(struct nl_sock *nl, struct rtnl_route *old)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	struct nl_addr *dst = nl_addr_clone(rtnl_route_get_dst(old));
	int rc = -ENOMEM;

	if (rt && dst) {
		rtnl_route_set_family(rt, rtnl_route_get_family(old));
		rtnl_route_set_dst(rt, dst);
		rtnl_route_set_table(rt, RT_TABLE_MAIN);
		rtnl_route_set_tos(rt, rtnl_route_get_tos(old));
		rtnl_route_set_priority(rt, rtnl_route_get_priority(old));
		rtnl_route_set_protocol(rt, rtnl_route_get_protocol(old));
		rtnl_route_set_type(rt, rtnl_route_get_type(old));
		rtnl_route_set_scope(rt, RT_SCOPE_NOWHERE); /* any scope */
		rc = rtnl_route_delete(nl, rt, 0);
		rc = rc < 0 ? dp_nl_errno(rc) : 0;
	}
	nl_addr_put(dst);
	if (rt)
		rtnl_route_put(rt);
	return rc;
}

int dp_nl_route_purge(struct nl_sock *nl, unsigned char proto, struct strbuf *err)
{
	struct dp_nl_routes all;
	int rc, count = 0;

	rc = dp_nl_route_dump(nl, AF_UNSPEC, &all);
	if (rc < 0) {
		if (err)
			sb_printf(err, "routes: read the table: %s", strerror(-rc));
		return rc;
	}
	for (size_t i = 0; i < all.n; i++) {
		struct rtnl_route *rt = all.v[i];

		if (rtnl_route_get_table(rt) != RT_TABLE_MAIN ||
		    rtnl_route_get_protocol(rt) != proto || !rtnl_route_get_dst(rt))
			continue;
		rc = purge_one(nl, rt);
		/* ESRCH: gone with an ECMP sibling deleted before it */
		if (rc == -ESRCH)
			continue;
		if (rc < 0) {
			if (err)
				sb_printf(err, "routes: delete a protocol %u route: %s", proto,
					  strerror(-rc));
			dp_nl_routes_free(&all);
			return rc;
		}
		count++;
	}
	dp_nl_routes_free(&all);
	return count;
}

struct gw_ctx {
	int ifindex;
};

static int gw_valid(struct nl_msg *msg, void *arg)
{
	struct gw_ctx *ctx = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;

	if (h->nlmsg_type != RTM_NEWROUTE || !nlmsg_valid_hdr(h, sizeof(*rtm)) ||
	    nlmsg_parse(h, sizeof(*rtm), tb, RTA_MAX, NULL) < 0)
		return NL_SKIP;
	rtm = nlmsg_data(h);
	/* on the link: no gateway of its own, and not one of our addresses */
	if (rtm->rtm_type == RTN_UNICAST && !tb[RTA_GATEWAY] && !tb[RTA_MULTIPATH] && tb[RTA_OIF] &&
	    nla_len(tb[RTA_OIF]) >= 4)
		ctx->ifindex = (int)nla_get_u32(tb[RTA_OIF]);
	return NL_OK;
}

int dp_nl_gw_link(struct nl_sock *nl, const struct vt_addr *gw)
{
	struct rtmsg rtm = {.rtm_family = gw->family,
			    .rtm_dst_len = (unsigned char)(8 * vt_addr_len(gw))};
	struct gw_ctx ctx = {.ifindex = 0};
	struct nl_msg *m = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	struct nl_cb *cb = NULL, *sk_cb;
	int rc = -ENOMEM;

	if (!m || nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put(m, RTA_DST, (int)vt_addr_len(gw), gw->u.bytes) < 0)
		goto out;
	rc = nl_send_auto(nl, m);
	if (rc < 0) {
		rc = dp_nl_errno(rc);
		goto out;
	}
	sk_cb = nl_socket_get_cb(nl);
	cb = nl_cb_clone(sk_cb);
	nl_cb_put(sk_cb);
	if (!cb) {
		rc = -ENOMEM;
		goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, gw_valid, &ctx);
	rc = nl_recvmsgs(nl, cb);
	/* the lookup's answer is the route, then (auto-ack) its ack */
	if (rc >= 0)
		rc = nl_wait_for_ack(nl);
	if (rc < 0)
		rc = dp_nl_errno(rc) == -EIO ? -ENETUNREACH : dp_nl_errno(rc);
	else
		rc = ctx.ifindex > 0 ? ctx.ifindex : -ENETUNREACH;
out:
	if (cb)
		nl_cb_put(cb);
	nlmsg_free(m);
	return rc;
}

static bool route_put_nh(struct nl_msg *m, const struct dp_nh_key *k)
{
	if (k->ifindex > 0 && nla_put_u32(m, RTA_OIF, (uint32_t)k->ifindex) < 0)
		return false;
	return !k->gw.family ||
	       nla_put(m, RTA_GATEWAY, (int)vt_addr_len(&k->gw), k->gw.u.bytes) == 0;
}

static bool route_put_multipath(struct nl_msg *m, const struct dp_nh_key *k, unsigned n)
{
	struct nlattr *mp = nla_nest_start(m, RTA_MULTIPATH);

	if (!mp)
		return false;
	for (unsigned i = 0; i < n; i++) {
		struct rtnexthop *h = nlmsg_reserve(m, sizeof(*h), NLA_ALIGNTO);

		if (!h)
			return false;
		memset(h, 0, sizeof(*h));
		h->rtnh_ifindex = k[i].ifindex;
		if (k[i].gw.family &&
		    nla_put(m, RTA_GATEWAY, (int)vt_addr_len(&k[i].gw), k[i].gw.u.bytes) < 0)
			return false;
		h->rtnh_len = (unsigned short)((char *)nlmsg_tail(nlmsg_hdr(m)) - (char *)h);
	}
	nla_nest_end(m, mp);
	return true;
}

struct nl_msg *dp_nl_route_msg(bool add, const struct vt_prefix *dst, unsigned char proto,
			       uint32_t nh_id, const struct dp_nh_key *k, unsigned n)
{
	struct rtmsg rtm = {
		.rtm_family = dst->addr.family,
		.rtm_dst_len = dst->len,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = proto,
		/* NOWHERE matches any scope when deleting */
		.rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE,
		.rtm_type = RTN_UNICAST,
	};
	struct nl_msg *m;
	bool ok;

	if (add && !nh_id && !n)
		return NULL;
	m = nlmsg_alloc_simple(add ? RTM_NEWROUTE : RTM_DELROUTE,
			       add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	if (!m)
		return NULL;
	ok = nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) == 0 &&
	     nla_put(m, RTA_DST, (int)vt_addr_len(&dst->addr), dst->addr.u.bytes) == 0;
	if (ok && add && nh_id)
		ok = nla_put_u32(m, RTA_NH_ID, nh_id) == 0;
	else if (ok && add && n == 1)
		ok = route_put_nh(m, k);
	else if (ok && add)
		ok = route_put_multipath(m, k, n);
	if (!ok) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

int dp_route_purge_table(unsigned char proto, struct strbuf *err)
{
	struct nl_sock *nl = nl_socket_alloc();
	int rc;

	if (!nl) {
		if (err)
			sb_add(err, "routes: out of memory");
		return -ENOMEM;
	}
	rc = nl_connect(nl, NETLINK_ROUTE);
	if (rc < 0) {
		rc = dp_nl_errno(rc);
		if (err)
			sb_printf(err, "routes: netlink: %s", strerror(-rc));
	} else {
		rc = dp_nl_route_purge(nl, proto, err);
	}
	/* then the objects those routes pointed at */
	if (rc >= 0) {
		int n = dp_nl_nexthop_purge(nl, proto, err);

		rc = n < 0 ? n : rc;
	}
	nl_socket_free(nl);
	return rc;
}
