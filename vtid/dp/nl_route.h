/*
 * rtnetlink route helpers every dataplane backend shares (over libnl-route):
 * libnl's errors as errno codes, route requests built for a dp_nl_batch,
 * and the purge of one protocol's routes (and of vtid's nexthop objects)
 * behind dp_route_purge() and dp_route_purge_table().
 */
#ifndef VT_VTID_DP_NL_ROUTE_H
#define VT_VTID_DP_NL_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct nl_msg;
struct nl_sock;
struct dp_nh_key;
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

/* The link the kernel would send to gw by (an RTM_GETROUTE lookup): its
 * ifindex when gw is on that link (no gateway of its own in between),
 * -ENETUNREACH when it is not, or -errno. */
int dp_nl_gw_link(struct nl_sock *nl, const struct vt_addr *gw);

/* A request for the route to dst (masked) in the main table: when add,
 * install or replace it over the nexthop object nh_id, or (nh_id 0) over
 * the n ways out in k, RTA_MULTIPATH when n > 1 (a k[i].ifindex of 0
 * lets the kernel find the gateway's link); else delete it, whatever its
 * nexthops.  NULL when out of memory or n is 0 for an add without nh_id. */
struct nl_msg *dp_nl_route_msg(bool add, const struct vt_prefix *dst, unsigned char proto,
			       uint32_t nh_id, const struct dp_nh_key *k, unsigned n);

#endif
