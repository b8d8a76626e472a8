/*
 * rtnetlink route helpers every dataplane backend shares (over libnl-route):
 * libnl's errors as errno codes, and the purge of one protocol's routes
 * behind dp_route_purge() and dp_route_purge_table().
 */
#ifndef VT_VTID_DP_NL_ROUTE_H
#define VT_VTID_DP_NL_ROUTE_H

#include <stddef.h>

struct nl_sock;
struct rtnl_route;
struct strbuf;

/* Routes as the kernel dumped them, one per message, each held. */
struct dp_nl_routes {
	struct rtnl_route **v;
	size_t n, cap;
};

/* A libnl error (NLE_*, either sign) as a negative errno. */
int dp_nl_errno(int nlerr);

/* Every route of family (AF_UNSPEC: both) in every table, over nl.
 * libnl's route cache is not used: it merges IPv6 routes that differ only
 * by their device (fe80::/64 on each link).  0 or -errno; out is empty
 * on error.  dp_nl_routes_free() releases them. */
int dp_nl_route_dump(struct nl_sock *nl, int family, struct dp_nl_routes *out);
void dp_nl_routes_free(struct dp_nl_routes *r);

/* Delete every route of protocol proto in the main table (both families)
 * over nl, a connected NETLINK_ROUTE socket.  Routes that vanish meanwhile
 * are not an error.  The number deleted, or -errno with err (may be NULL). */
int dp_nl_route_purge(struct nl_sock *nl, unsigned char proto, struct strbuf *err);

#endif
