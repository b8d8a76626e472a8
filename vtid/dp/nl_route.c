/*
 * Route helpers shared by the dataplane backends (vtid/dp/nl_route.h), and
 * dp_route_purge_table(), which works before any backend exists.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/dp.h"
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
	nl_socket_free(nl);
	return rc;
}
