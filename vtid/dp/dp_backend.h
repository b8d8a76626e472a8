/*
 * What a dataplane backend provides behind vtid/dp/dp.h: a table of
 * operations, and the two structs every backend embeds first in its own
 * (struct dp in its backend, struct dp_tunnel in its tunnels), so that
 * dp.c can dispatch and answer the simple questions itself.
 */
#ifndef VT_VTID_DP_DP_BACKEND_H
#define VT_VTID_DP_DP_BACKEND_H

#include <net/if.h>
#include <stdbool.h>

#include "vtid/dp/dp.h"

struct dp_ops {
	void (*free)(struct dp *dp);
	int (*attach_udp)(struct dp *dp, int fd, const struct sockaddr_storage *local,
			  struct strbuf *err);
	int (*tunnel_add)(struct dp *dp, const struct dp_tunnel_conf *c, void *tunnel_ctx,
			  struct dp_tunnel **out, struct strbuf *err);
	void (*tunnel_del)(struct dp_tunnel *t);
	int (*sa_add)(struct dp_tunnel *t, const struct dp_sa_conf *c, struct strbuf *err);
	int (*sa_del)(struct dp_tunnel *t, uint32_t spi, bool inbound);
	int (*sa_stats)(struct dp_tunnel *t, uint32_t spi, bool inbound, struct dp_sa_stats *out);
	int (*tunnel_stats)(struct dp_tunnel *t, struct dp_sa_stats *in, struct dp_sa_stats *out);
};

struct nl_sock;
struct dp_routes;

/* Set by the backend: loop and nl (NETLINK_ROUTE, the backend's own) are
 * what the route table (vtid/dp/dp_route.c) works with. */
struct dp {
	const struct dp_ops *ops;
	enum dp_kind kind;
	struct ev_loop *loop;
	struct nl_sock *nl;
	struct dp_routes *routes; /* dp_route.c's; NULL until the first */
};

struct dp_tunnel {
	struct dp *dp;
	char ifname[IF_NAMESIZE];
	int ifindex;  /* its link's */
	bool link_up; /* kept by the backend */
};

/* ---- the route table (vtid/dp/dp_route*.c), for the backends ----------------- */

/* Take t's nexthops out of every route (routes left with none go); the
 * backend calls it before t's link goes down or away. */
void dp_routes_drop_tunnel(struct dp *dp, struct dp_tunnel *t);
/* Delete every route of the backend's from the kernel; dp_free's part. */
void dp_routes_free(struct dp *dp);

/* The user backend (vtid/dp/user.c). */
struct dp *dp_user_new(struct ev_loop *loop, const struct dp_events *ev, void *ctx,
		       struct strbuf *err);
/* The kernel backend (vtid/dp/kern.c). */
struct dp *dp_kern_new(struct ev_loop *loop, const struct dp_events *ev, void *ctx,
		       struct strbuf *err);

#endif
