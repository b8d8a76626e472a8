/*
 * The BGP speaker: neighbors (bgp/session.h), the RIB (bgp/rib.h), the
 * speaker's own networks, inbound and outbound policy, and what it
 * announces to each neighbor (the Adj-RIB-Out).
 *
 * It knows nothing of tunnels, netlink or the configuration file: it gets
 * plain structs and reports best routes through struct bgp_speaker_ops,
 * which vtid turns into kernel routes.  It opens its own TCP sockets (a
 * listener on port 179 and one connection per neighbor at a time).
 *
 * Promises:
 *  - ops->route is called for a prefix whenever its best path or ECMP set
 *    changes, with the next hops of the set (n = 0: remove the route).  A
 *    session that goes down takes its paths out at once (in budgeted
 *    passes for a full table), unless the neighbor does graceful restart
 *    for that family, in which case they stay, stale, for its restart time.
 *  - A neighbor never gets more prefixes than its send limit; the speaker
 *    says so once per session when it holds some back.
 *  - Malformed UPDATEs are handled as RFC 7606 says: treat-as-withdraw and
 *    attribute discard keep the session, the rest resets it.
 */
#ifndef VT_BGP_BGP_H
#define VT_BGP_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/policy.h"
#include "bgp/rib.h"
#include "bgp/session.h"
#include "common/addr.h"

struct ev_loop;
struct strbuf;
struct bgp_speaker;
struct bgp_peer;

#define BGP_DESCR_LEN 80

struct bgp_speaker_conf {
	uint32_t local_as;
	uint32_t router_id;		  /* host order, non-zero */
	unsigned maxpaths[BGP_AF_COUNT]; /* 1..64; 0 = 16 */
	bool no_fib;			  /* never call ops->route (RIB only) */
	uint16_t listen_port;		  /* 0 = 179 */
	bool no_listen;			  /* tests: no listener */
	struct bgp_transport transport;	  /* .connect NULL = TCP */
};

struct bgp_peer_af_conf {
	bool active;
	uint32_t max_prefix; /* 0: no limit */
	bool max_prefix_warn_only;
	uint32_t send_limit; /* prefixes announced at most; 0: no limit */
	char plist_in[BGP_PLIST_NAME_LEN + 1], plist_out[BGP_PLIST_NAME_LEN + 1];
	uint8_t prepend;
};

struct bgp_peer_conf {
	struct vt_addr addr;
	uint32_t remote_as;
	char descr[BGP_DESCR_LEN + 1];
	uint16_t hold, keepalive;
	bool passive, shutdown;
	struct vt_addr local; /* update-source; family 0 = any */
	uint16_t port;	      /* 0 = 179 */
	uint8_t ttl;	      /* 0 = 1 for eBGP, system default for iBGP */
	struct bgp_peer_af_conf af[BGP_AF_COUNT];
};

/* One next hop of a best route. */
struct bgp_nexthop {
	struct vt_addr gw;	/* global next hop (or the link-local one if no global) */
	struct vt_addr peer;	/* the neighbor that sent the path */
};
#define BGP_NEXTHOPS_MAX BGP_MAXPATHS_MAX

struct bgp_speaker_ops {
	/* The route to p is now over nh[0..n); n = 0: remove it. */
	void (*route)(void *ctx, const struct vt_prefix *p, const struct bgp_nexthop *nh,
		      unsigned n);
	/* A neighbor's session state changed (for logs and hooks; optional). */
	void (*peer_state)(void *ctx, const struct vt_addr *peer, enum bgp_state from,
			   enum bgp_state to);
};

/* NULL with a reason in err (listener port busy, out of memory). */
struct bgp_speaker *bgp_speaker_new(struct ev_loop *loop, const struct bgp_speaker_conf *c,
				    const struct bgp_speaker_ops *ops, void *ctx,
				    struct strbuf *err);
/* Closes every session (Cease), then calls ops->route(n = 0) for every
 * route it had reported, then frees everything.  sp may be NULL. */
void bgp_speaker_free(struct bgp_speaker *sp);
/* A new AS or router id resets every session; maxpaths re-decides. */
int bgp_speaker_set_conf(struct bgp_speaker *sp, const struct bgp_speaker_conf *c,
			 struct strbuf *err);
const struct bgp_speaker_conf *bgp_speaker_conf(const struct bgp_speaker *sp);

/* Neighbors.  Changing one that only differs in policy re-applies the
 * policy without a reset; anything else resets its session. */
int bgp_peer_add(struct bgp_speaker *sp, const struct bgp_peer_conf *c, struct strbuf *err);
int bgp_peer_change(struct bgp_speaker *sp, const struct bgp_peer_conf *c, struct strbuf *err);
void bgp_peer_remove(struct bgp_speaker *sp, const struct vt_addr *addr);

/* Prefix lists, by name: set (replace) or remove; peers using one get
 * their policy re-applied (soft in and out).  The speaker takes pl. */
void bgp_speaker_plist_set(struct bgp_speaker *sp, struct bgp_plist *pl);
void bgp_speaker_plist_remove(struct bgp_speaker *sp, const char *name);
const struct bgp_plist *bgp_speaker_plist(const struct bgp_speaker *sp, const char *name);
size_t bgp_speaker_plist_count(const struct bgp_speaker *sp);
const struct bgp_plist *bgp_speaker_plist_at(const struct bgp_speaker *sp, size_t i);

/* The speaker's own prefixes (`network`), announced with ORIGIN IGP. */
int bgp_network_add(struct bgp_speaker *sp, const struct vt_prefix *p);
void bgp_network_remove(struct bgp_speaker *sp, const struct vt_prefix *p);

enum bgp_clear { BGP_CLEAR_HARD = 0, BGP_CLEAR_SOFT_IN, BGP_CLEAR_SOFT_OUT, BGP_CLEAR_SOFT };
/* addr NULL: every neighbor.  -ENOENT for an unknown neighbor. */
int bgp_peer_clear(struct bgp_speaker *sp, const struct vt_addr *addr, enum bgp_clear how);
/* The path to the neighbor is gone (its tunnel lost its SA): drop the
 * session now, without waiting for the hold timer, and take its routes. */
void bgp_peer_drop(struct bgp_speaker *sp, const struct vt_addr *addr, const char *reason);

/* The path to the neighbor is back (its tunnel is up): if the session is
 * waiting to connect, connect now rather than when its timer says. */
void bgp_peer_kick(struct bgp_speaker *sp, const struct vt_addr *addr);

/* ---- reading, for the shell --------------------------------------------------------- */

size_t bgp_speaker_peer_count(const struct bgp_speaker *sp);
const struct bgp_peer *bgp_speaker_peer_at(const struct bgp_speaker *sp, size_t i); /* by address */
const struct bgp_peer *bgp_speaker_peer_find(const struct bgp_speaker *sp,
					     const struct vt_addr *addr);
const struct bgp_peer *bgp_speaker_peer_by_id(const struct bgp_speaker *sp, uint16_t rib_id);

const struct bgp_peer_conf *bgp_peer_conf(const struct bgp_peer *p);
const struct bgp_session *bgp_peer_session(const struct bgp_peer *p);
uint16_t bgp_peer_rib_id(const struct bgp_peer *p);
/* Closed for sending more than maximum-prefix: Idle until `clear` or a
 * new limit. */
bool bgp_peer_held_down(const struct bgp_peer *p);

struct bgp_peer_af_stats {
	size_t received, accepted; /* paths held (all / passing the inbound policy) */
	size_t sent;		   /* prefixes in the Adj-RIB-Out */
	size_t held_back;	   /* not announced: over the send limit */
	bool eor_received, eor_sent;
	bool stale;		   /* graceful restart: its paths are stale */
};
void bgp_peer_af_stats(const struct bgp_peer *p, enum bgp_af af, struct bgp_peer_af_stats *out);
/* Prefixes in the Adj-RIB-Out, in order: cb until it returns non-zero.
 * attrs are what the Loc-RIB holds (before export changes). */
int bgp_peer_adj_out_walk(const struct bgp_peer *p, enum bgp_af af,
			  int (*cb)(const struct vt_prefix *pfx, const struct bgp_attrs *a,
				    void *arg),
			  void *arg);

const struct bgp_rib *bgp_speaker_rib(const struct bgp_speaker *sp);
const struct bgp_attr_table *bgp_speaker_attrs(const struct bgp_speaker *sp);
/* Work waiting: RIB decisions, FIB updates, UPDATEs to build. */
bool bgp_speaker_busy(const struct bgp_speaker *sp);
/* Bytes held: RIB, attribute sets, Adj-RIB-Out. */
size_t bgp_speaker_bytes(const struct bgp_speaker *sp);

#endif
