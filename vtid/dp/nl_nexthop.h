/*
 * Kernel nexthop objects (linux/nexthop.h) for one backend's routes: one
 * object per distinct way out (route family, protocol, gateway, device),
 * one group per distinct set of two or more, each shared by every route
 * that uses it and counted; what no route uses any more is deleted.
 * Requests go through a dp_nl_batch, so creating an object and the route
 * that points at it are answered in the order they were sent.
 *
 * Ids are DP_NH_ID_BASE .. DP_NH_ID_BASE + DP_NH_ID_COUNT - 1, a range vtid
 * calls its own: a new run deletes whatever of it a crashed run left
 * (dp_nl_nexthop_purge).
 *
 * What the kernel does on its own: a device going down or away deletes
 * every nexthop object over it, takes those out of their groups, deletes
 * groups left empty and the routes that used them (routes over a group
 * that keeps a member stay, over the rest).  The backend takes a tunnel's
 * nexthops out of its routes before the tunnel's link goes down, so that
 * does not surprise it; a delete of an object the kernel already removed
 * is not an error.  A link going down behind its back (the administrator,
 * a gateway's interface) is learnt from link announcements
 * (vtid/dp/nl_link_watch.h: the kernel says nothing of the objects), and
 * a route refused over an object marks it too: later routes get new ones.
 */
#ifndef VT_VTID_DP_NL_NEXTHOP_H
#define VT_VTID_DP_NL_NEXTHOP_H

#include <stdint.h>

#include "common/addr.h"

#define DP_NH_ID_BASE  0x76740000u
#define DP_NH_ID_COUNT 0x10000u

struct nl_sock;
struct strbuf;
struct dp_nl_batch;
struct dp_nh_table;
struct dp_nh_obj;

/* One way out: ifindex > 0; gw unset (family 0) for on-link. */
struct dp_nh_key {
	struct vt_addr gw;
	int ifindex;
};

struct dp_nh_table *dp_nh_table_new(struct dp_nl_batch *b);
/* Deletes every object still held from the kernel (requests batched). */
void dp_nh_table_free(struct dp_nh_table *t);

/* The object a route of family over the n ways out in k points at: the
 * nexthop itself when they are one (duplicates count once), else their
 * group; held once more for the caller.  Missing objects are sent to the
 * kernel now.  0, -ENOMEM, -ENOSPC (no id left) or a send's -errno. */
int dp_nh_get(struct dp_nh_table *t, int family, unsigned char proto, const struct dp_nh_key *k,
	      unsigned n, struct dp_nh_obj **out);
void dp_nh_put(struct dp_nh_table *t, struct dp_nh_obj *o); /* NULL is fine */
/* The link ifindex went down or away (0: any may have): the kernel has
 * deleted every object over it, so none of those, nor a group holding
 * one, is handed out again. */
void dp_nh_link_down(struct dp_nh_table *t, int ifindex);
uint32_t dp_nh_id(const struct dp_nh_obj *o);
/* A route over o was refused (the kernel may have deleted o or a member
 * behind our back, with a device going down): o and its members are not
 * handed out again; routes asking later get new ones. */
void dp_nh_mark_dead(struct dp_nh_obj *o);
/* Objects held (nexthops and groups), for tests. */
unsigned dp_nh_count(const struct dp_nh_table *t);

/* Does the kernel behind nl have nexthop objects?  1 yes, 0 no, -errno. */
int dp_nl_nexthop_probe(struct nl_sock *nl);
/* Delete every nexthop object of protocol proto whose id is in vtid's
 * range (groups first).  The number deleted, or -errno with err. */
int dp_nl_nexthop_purge(struct nl_sock *nl, unsigned char proto, struct strbuf *err);

#endif
