/*
 * The dataplane's route table, for both backends, shared by
 * vtid/dp/dp_route.c (one route at a time: checks, requests, answers) and
 * dp_route_table.c
 * (the whole table: purge, a tunnel leaving, teardown, flush, mode).
 *
 * An answer's callback may forget a refused route; while a walk of the
 * table holds pointers into it (between dp_routes_busy() and
 * dp_routes_idle()) that waits, and idle does it.
 */
#ifndef VT_VTID_DP_DP_ROUTE_INT_H
#define VT_VTID_DP_DP_ROUTE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "vtid/dp/dp_backend.h"

#define ROUTE_NH_MAX 64
#define GW_CACHE     16
#define GW_CACHE_MS  1000

struct dp_route_ent {
	struct dp_route_ent *hnext;
	struct vt_prefix dst;
	unsigned char proto;
	uint32_t gen; /* of the last request for it */
	struct dp_nh_obj *obj;
	unsigned n;
	struct dp_nexthop nh[];
};

/* Which link a gateway without one is on, as the kernel said lately: a
 * nexthop object needs its device, and a full table over one gateway
 * must not ask the kernel once per route. */
struct dp_gw_link {
	struct vt_addr gw;
	int ifindex; /* or -errno */
	uint64_t at_ms;
};

struct dp_routes {
	struct dp *dp;
	struct dp_gw_link gw[GW_CACHE];
	unsigned gw_next;
	struct dp_nl_batch *b;
	struct dp_nh_table *nht;     /* NULL: routes carry their nexthops */
	struct dp_link_watch *links; /* with kernel_groups */
	bool kernel_groups;
	struct dp_route_ent **bucket;
	size_t nbucket, count;
	uint32_t gen;
	/* refused routes to forget once no walk of the table is under way */
	bool busy;
	struct dp_route_reap {
		struct vt_prefix dst;
		uint32_t gen;
	} * reap;
	size_t nreap, capreap;
	unsigned failed; /* since the last flush */
	int first_err;
	char first_why[160];
};

enum { ROUTE_OP_ADD = 1, ROUTE_OP_DEL };

/* The backend's table, made on first use (the probe for nexthop objects
 * with it).  NULL with err set. */
struct dp_routes *dp_routes_get(struct dp *dp, struct strbuf *err);
/* Ask the kernel for r as it now is; r->obj becomes what it points at. */
int dp_route_install(struct dp_routes *rt, struct dp_route_ent *r);
/* Unlink *pp, delete it from the kernel (batched), free it. */
void dp_route_forget(struct dp_routes *rt, struct dp_route_ent **pp);
void dp_routes_busy(struct dp_routes *rt);
void dp_routes_idle(struct dp_routes *rt); /* forgets what was refused meanwhile */
void dp_routes_reap(struct dp_routes *rt);

#endif
