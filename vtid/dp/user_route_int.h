/*
 * The user backend's route table, shared by vtid/dp/user_route.c (one
 * route at a time: checks, requests, answers) and user_route_table.c
 * (the whole table: purge, a tunnel leaving, teardown, flush, mode).
 *
 * An answer's callback may forget a refused route; while a walk of the
 * table holds pointers into it (between user_routes_busy() and
 * user_routes_idle()) that waits, and idle does it.
 */
#ifndef VT_VTID_DP_USER_ROUTE_INT_H
#define VT_VTID_DP_USER_ROUTE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "vtid/dp/user_int.h"

#define ROUTE_NH_MAX 64
#define GW_CACHE     16
#define GW_CACHE_MS  1000

struct user_route {
	struct user_route *hnext;
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
struct user_gw_link {
	struct vt_addr gw;
	int ifindex; /* or -errno */
	uint64_t at_ms;
};

struct user_routes {
	struct user_dp *dp;
	struct user_gw_link gw[GW_CACHE];
	unsigned gw_next;
	struct dp_nl_batch *b;
	struct dp_nh_table *nht;     /* NULL: routes carry their nexthops */
	struct dp_link_watch *links; /* with kernel_groups */
	bool kernel_groups;
	struct user_route **bucket;
	size_t nbucket, count;
	uint32_t gen;
	/* refused routes to forget once no walk of the table is under way */
	bool busy;
	struct user_route_reap {
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
struct user_routes *user_routes_get(struct user_dp *dp, struct strbuf *err);
/* Ask the kernel for r as it now is; r->obj becomes what it points at. */
int user_route_install(struct user_routes *rt, struct user_route *r);
/* Unlink *pp, delete it from the kernel (batched), free it. */
void user_route_forget(struct user_routes *rt, struct user_route **pp);
void user_routes_busy(struct user_routes *rt);
void user_routes_idle(struct user_routes *rt); /* forgets what was refused meanwhile */
void user_routes_reap(struct user_routes *rt);

#endif
