/*
 * Prefix tree: a path-compressed binary trie (Patricia) of IPv4 or IPv6
 * prefixes, one tree per address family, each route carrying the caller's
 * payload pointer.  The RIB keeps the full Internet table in it, so nodes
 * are small: on x86_64 an IPv4 route node is 32 bytes, a glue node (a
 * branch point that is no route) 24; IPv6 48 and 40.  No parent pointers:
 * every operation descends from the root, at most 33 (129) nodes deep.
 * Nodes come from slabs, so they carry no allocator header.
 *
 * Order: walks and cursors visit routes in vt_prefix_cmp() order (address,
 * then shorter prefix first), which is the trie's pre-order.
 *
 * The tree never looks at payloads; it frees them only through the callback
 * given to bgp_ptree_free().  Nothing here logs or allocates beyond nodes.
 */
#ifndef VT_BGP_PTREE_H
#define VT_BGP_PTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct bgp_ptree;
/* A route in a tree; valid until it is removed or the tree is freed. */
struct bgp_ptree_node;

/* family: AF_INET or AF_INET6.  NULL on a bad family or out of memory. */
struct bgp_ptree *bgp_ptree_new(int family);

/* Frees every node; payload_free (may be NULL) is called once for every
 * route's payload, NULL payloads included.  t may be NULL. */
void bgp_ptree_free(struct bgp_ptree *t, void (*payload_free)(void *payload, void *arg), void *arg);

/*
 * The route for p, created if it is not there: 0 and *out set.  A new
 * route's payload is NULL.  Host bits beyond p->len are ignored.
 * -EINVAL for another family or a length past the family's width,
 * -ENOMEM (tree unchanged).
 */
int bgp_ptree_insert(struct bgp_ptree *t, const struct vt_prefix *p, struct bgp_ptree_node **out);

/* The route for exactly p (host bits ignored), or NULL. */
struct bgp_ptree_node *bgp_ptree_find(const struct bgp_ptree *t, const struct vt_prefix *p);

/*
 * A hint: bring into the cache the nodes that inserting or finding each
 * of p[0..n) will visit, walking the n descents side by side so that
 * their memory latencies overlap.  Changes nothing; prefixes of another
 * family are skipped; n is cut to BGP_PTREE_PREFETCH_MAX.
 */
#define BGP_PTREE_PREFETCH_MAX 16
void bgp_ptree_prefetch(const struct bgp_ptree *t, const struct vt_prefix *p, unsigned n);

/* The longest route that contains a, or NULL (also for another family). */
struct bgp_ptree_node *bgp_ptree_lookup(const struct bgp_ptree *t, const struct vt_addr *a);

/*
 * Removes route n (its payload is the caller's to free beforehand).  Glue
 * left with a single child collapses.  Other routes' node pointers stay
 * valid.  0, or -ENOENT if n is not in t.
 */
int bgp_ptree_remove(struct bgp_ptree *t, struct bgp_ptree_node *n);

size_t bgp_ptree_count(const struct bgp_ptree *t); /* routes */
/* Bytes the tree holds for its nodes: its slabs (common/slab.h), so
 * slack included; 0 when it has no route. */
size_t bgp_ptree_bytes(const struct bgp_ptree *t);

void *bgp_ptree_node_payload(const struct bgp_ptree_node *n);
void bgp_ptree_node_set_payload(struct bgp_ptree_node *n, void *payload);
void bgp_ptree_node_prefix(const struct bgp_ptree *t, const struct bgp_ptree_node *n,
			   struct vt_prefix *out);

/*
 * Calls cb for every route in order until cb returns non-zero, and returns
 * that value (0 when the walk ran to the end).  cb may remove the node it
 * is given, and set payloads; it must not insert or remove anything else.
 */
int bgp_ptree_walk(struct bgp_ptree *t, int (*cb)(struct bgp_ptree_node *n, void *arg), void *arg);

/*
 * A resumable walk that holds no pointer into the tree, only the last
 * prefix it returned, so any insertions and removals may happen between
 * steps.  Each step returns the first route after that prefix in walk
 * order, so routes inserted behind the cursor are not seen, routes ahead
 * of it are, and removed routes never come back.  A step costs one descent.
 */
struct bgp_ptree_cursor {
	uint32_t key[4];
	uint8_t len;
	bool started;
};

void bgp_ptree_cursor_init(struct bgp_ptree_cursor *c);
/* The next route, or NULL at the end (a later step may still find routes
 * inserted ahead of the cursor since). */
struct bgp_ptree_node *bgp_ptree_cursor_next(const struct bgp_ptree *t, struct bgp_ptree_cursor *c);

#endif
