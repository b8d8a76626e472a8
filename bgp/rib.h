/*
 * The RIB: one prefix tree per address family (bgp/ptree.h), each prefix
 * (a "destination") holding the paths every peer sent for it (the
 * Adj-RIB-In, post-policy, with routes the inbound policy refused kept
 * but marked) and the result of the decision process (the Loc-RIB): the
 * best path and the ECMP set.
 *
 * Paths of a destination are kept in preference order: the best first,
 * then the rest of its multipath set (n_multi paths in all, at most the
 * family's maximum-paths), then the others.  Filtered paths come last and
 * never take part.
 *
 * Changes are not decided at once: a destination whose paths changed is
 * queued, and the queue is worked through from an ev_defer, at most
 * `budget` destinations per loop pass, so a full table never delays a
 * keepalive.  For each destination whose best path or multipath set
 * changed, ops->changed is called once (with the set as it is now; n = 0
 * when no usable path is left), after which a destination without paths
 * is removed.  Flushing a peer (its session went down) runs the same way,
 * with a cursor through the tree.
 *
 * Peers are small integers chosen by the caller (BGP_RIB_PEER_LOCAL for
 * the speaker's own routes, 1..BGP_RIB_PEERS_MAX-1 for neighbors); what
 * the decision process needs of a peer is registered with
 * bgp_rib_peer_set().
 */
#ifndef VT_BGP_RIB_H
#define VT_BGP_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/attr.h"
#include "bgp/ptree.h"
#include "common/addr.h"

struct ev_loop;
struct bgp_rib;

enum bgp_af { BGP_AF_IPV4 = 0, BGP_AF_IPV6, BGP_AF_COUNT };

#define BGP_RIB_PEER_LOCAL 0
#define BGP_RIB_PEERS_MAX 1024
#define BGP_MAXPATHS_MAX 64

enum bgp_path_flags {
	BGP_PATH_FILTERED = 1u << 0, /* refused by the inbound policy; kept for show */
	BGP_PATH_STALE = 1u << 1,    /* graceful restart: kept until the peer is back */
};

struct bgp_path {
	struct bgp_path *next;
	struct bgp_attrs *attrs; /* one reference held by the path */
	uint16_t peer;
	uint16_t flags;
	uint32_t since; /* seconds (monotonic) when this path last changed */
};

/* A destination: the payload of a prefix tree route. */
struct bgp_dest {
	struct bgp_path *paths;
	uint8_t n_multi; /* paths[0..n_multi) form the ECMP set; 0: no usable path */
	uint8_t flags;	 /* private */
};

/* What the decision process knows of a peer. */
struct bgp_rib_peer {
	struct vt_addr addr;
	uint32_t bgp_id; /* host order */
	bool ibgp;
	bool used; /* registered */
};

struct bgp_rib_ops {
	/*
	 * The best path or the multipath set of p changed.  set[0] is the
	 * best path, set[0..n) the ECMP set; n = 0: p has no usable path any
	 * more.  The paths are valid until the callback returns; the callback
	 * must not change the RIB.
	 */
	void (*changed)(void *ctx, enum bgp_af af, const struct vt_prefix *p,
			const struct bgp_path *const *set, unsigned n);
};

struct bgp_rib *bgp_rib_new(struct ev_loop *loop, struct bgp_attr_table *attrs,
			    const struct bgp_rib_ops *ops, void *ctx);
/* Frees every destination and path (dropping their attribute references)
 * without calling ops->changed.  rib may be NULL. */
void bgp_rib_free(struct bgp_rib *rib);

/* Destinations decided, or visited by a flush or stale walk, per loop
 * pass (default 10000). */
void bgp_rib_set_budget(struct bgp_rib *rib, unsigned budget);
/* 1..BGP_MAXPATHS_MAX; every destination of af is decided again. */
void bgp_rib_set_maxpaths(struct bgp_rib *rib, enum bgp_af af, unsigned n);

/* Register or update a peer; the peer's paths are decided again if its
 * identity changed.  -EINVAL for a bad index. */
int bgp_rib_peer_set(struct bgp_rib *rib, uint16_t peer, const struct bgp_rib_peer *info);

/*
 * Add or replace peer's path to p (family from p).  The RIB takes over the
 * caller's reference to attrs (also on error).  flags: BGP_PATH_FILTERED
 * for a route the inbound policy refused; BGP_PATH_STALE to keep a stale
 * path stale (policy applied again during a graceful restart); without
 * it the path is fresh.  The same attributes and filtering again change
 * nothing else and are never reported.  A flush or stale marking of peer
 * still under way in p's family is finished first, so it cannot touch
 * the new path.  0, -ENOMEM, -EINVAL.
 */
int bgp_rib_update(struct bgp_rib *rib, const struct vt_prefix *p, uint16_t peer,
		   struct bgp_attrs *attrs, unsigned flags);
/*
 * A hint before updating or withdrawing a batch of prefixes of one family
 * (an UPDATE's): their tree descents are walked side by side, so that the
 * calls that follow find the nodes in the cache (bgp_ptree_prefetch()).
 * Changes nothing; at most BGP_RIB_PREFETCH_MAX prefixes are looked at.
 */
#define BGP_RIB_PREFETCH_MAX BGP_PTREE_PREFETCH_MAX
void bgp_rib_prefetch(const struct bgp_rib *rib, const struct vt_prefix *p, unsigned n);
/* Remove peer's path to p; 0 or -ENOENT. */
int bgp_rib_withdraw(struct bgp_rib *rib, const struct vt_prefix *p, uint16_t peer);
/* Remove every path of peer (in af, or in both with BGP_AF_COUNT), in
 * budgeted steps; ops->changed is called as for withdrawals.  A path of
 * the set that leaves it and comes back before the decision is reported
 * again (the RIB keeps no copy of what it reported). */
void bgp_rib_peer_flush(struct bgp_rib *rib, uint16_t peer, enum bgp_af af);
/* Mark every path of peer stale (graceful restart), or remove those still
 * stale (the peer came back and sent End-of-RIB, or the timer ran out). */
void bgp_rib_peer_mark_stale(struct bgp_rib *rib, uint16_t peer, enum bgp_af af);
void bgp_rib_peer_sweep_stale(struct bgp_rib *rib, uint16_t peer, enum bgp_af af);

/* True while changes wait to be decided (for tests and benchmarks). */
bool bgp_rib_busy(const struct bgp_rib *rib);
/* Decide everything queued now, without a budget (tests, shutdown). */
void bgp_rib_drain(struct bgp_rib *rib);

/* ---- reading -------------------------------------------------------------------- */

struct bgp_ptree *bgp_rib_tree(const struct bgp_rib *rib, enum bgp_af af);
const struct bgp_dest *bgp_rib_find(const struct bgp_rib *rib, const struct vt_prefix *p);
/* Longest-match destination containing a. */
const struct bgp_dest *bgp_rib_lookup(const struct bgp_rib *rib, const struct vt_addr *a,
				      struct vt_prefix *matched);

struct bgp_rib_counts {
	size_t dests;	  /* prefixes with at least one path */
	size_t paths;	  /* all paths */
	size_t best;	  /* prefixes with a usable best path */
	size_t multipath; /* prefixes whose ECMP set has more than one path */
};
/* af, or both families with BGP_AF_COUNT (also below). */
void bgp_rib_counts(const struct bgp_rib *rib, enum bgp_af af, struct bgp_rib_counts *out);
/* Paths held for peer in af: all, and those not filtered. */
void bgp_rib_peer_counts(const struct bgp_rib *rib, uint16_t peer, enum bgp_af af,
			 size_t *received, size_t *accepted);
/* Bytes of memory the RIB holds: tree nodes, destinations, paths (not
 * the attribute sets). */
size_t bgp_rib_bytes(const struct bgp_rib *rib);

const struct bgp_rib_peer *bgp_rib_peer_get(const struct bgp_rib *rib, uint16_t peer);

/* ---- the decision process (bgp/decide.c), exposed for tests --------------------- */

/*
 * <0 when a is preferred to b, >0 when b is, never 0 for two different
 * peers' paths.  RFC 4271 §9.1.2.2 with the usual additions: higher
 * LOCAL_PREF (absent = 100), shorter AS path, lower ORIGIN, lower MED
 * (absent = 0) when both came from the same neighbor AS, eBGP over iBGP,
 * lower BGP identifier, lower peer address; the local peer's own routes
 * first of all.  *why (may be NULL) names the step that decided.
 */
int bgp_path_cmp(const struct bgp_path *a, const struct bgp_rib_peer *pa,
		 const struct bgp_path *b, const struct bgp_rib_peer *pb, const char **why);
/* Whether b may share a's ECMP set: same LOCAL_PREF, AS path length,
 * ORIGIN, MED when comparable (same neighbor AS), both eBGP or both iBGP,
 * and a different next hop.  The RIB also leaves out a path whose next
 * hop is in the set already. */
bool bgp_path_multipath_ok(const struct bgp_path *a, const struct bgp_rib_peer *pa,
			   const struct bgp_path *b, const struct bgp_rib_peer *pb);

#endif
