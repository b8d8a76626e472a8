/*
 * The BGP manager: the configured BGP instance, its neighbors and prefix
 * lists, and the speaker (bgp/bgp.h) that runs them once an event loop is
 * attached.  Like the tunnel manager it receives plain structs and only
 * what changed: the instance settings as a whole, neighbors added, changed
 * or removed (keyed by address), prefix lists as a whole.  Without an
 * event loop (tests, -n) it only keeps the configuration.
 */
#ifndef VT_VTID_BGP_MGR_H
#define VT_VTID_BGP_MGR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bgp/bgp.h"
#include "common/addr.h"

#define BGP_DESCR_MAX 80
#define BGP_PLIST_NAME_MAX 64

enum bgp_afi_idx { BGP_AF_V4 = 0, BGP_AF_V6, BGP_AF__COUNT };

struct bgp_neighbor_af {
	bool configured; /* an address-family entry exists */
	bool activate;   /* effective value (defaults: v4 on, v6 off) */
	uint32_t max_prefix; /* 0 = no limit */
	bool max_prefix_warn_only;
	bool has_send_limit; /* else: 100 for a neighbor through a tunnel (AWS) */
	uint32_t send_limit; /* 0 = no limit */
	char plist_in[BGP_PLIST_NAME_MAX + 1], plist_out[BGP_PLIST_NAME_MAX + 1];
	uint8_t as_path_prepend;
};

struct bgp_neighbor_conf {
	struct vt_addr addr;
	uint32_t remote_as;
	char description[BGP_DESCR_MAX + 1];
	uint16_t keepalive, hold;
	bool passive, shutdown;
	struct vt_addr update_source; /* family 0 = unset */
	struct bgp_neighbor_af af[BGP_AF__COUNT];
};

struct bgp_instance_af {
	struct vt_prefix *networks;
	size_t n_networks;
	uint8_t maximum_paths;
};

struct bgp_instance_conf {
	bool enabled; /* "router bgp" is configured */
	bool no_fib;  /* "no bgp fib-install": keep routes out of the kernel */
	uint32_t local_as;
	struct vt_addr router_id; /* family 0 = unset */
	struct bgp_instance_af af[BGP_AF__COUNT];
};

void bgp_neighbor_conf_init(struct bgp_neighbor_conf *n); /* zero + defaults */
bool bgp_neighbor_conf_eq(const struct bgp_neighbor_conf *a, const struct bgp_neighbor_conf *b);
void bgp_instance_conf_clear(struct bgp_instance_conf *c); /* free networks, zero */
bool bgp_instance_conf_eq(const struct bgp_instance_conf *a, const struct bgp_instance_conf *b);
int bgp_instance_add_network(struct bgp_instance_conf *c, enum bgp_afi_idx af,
			     const struct vt_prefix *p);

struct bgp_neighbor {
	struct bgp_neighbor_conf conf;
	time_t created, changed;
	unsigned change_count;
};

enum bgp_op { BGP_OP_ADD = 0, BGP_OP_CHANGE, BGP_OP_REMOVE };

struct bgp_mgr;

struct bgp_mgr *bgp_mgr_new(void);
void bgp_mgr_free(struct bgp_mgr *bm); /* removes everything first */

/* Replace the instance settings (takes c's networks; c is left empty). */
void bgp_mgr_set_instance(struct bgp_mgr *bm, struct bgp_instance_conf *c);
const struct bgp_instance_conf *bgp_mgr_instance(const struct bgp_mgr *bm);

/* Make room for `extra` more neighbors, so the apply steps cannot fail.
 * 0 or -ENOMEM. */
int bgp_mgr_reserve(struct bgp_mgr *bm, size_t extra);
/* One neighbor change (conf is copied; NULL for REMOVE). */
void bgp_mgr_neighbor_apply(struct bgp_mgr *bm, enum bgp_op op, const struct vt_addr *addr,
			    const struct bgp_neighbor_conf *conf);
/* Remove every neighbor and the instance (shutdown). */
void bgp_mgr_clear(struct bgp_mgr *bm);

size_t bgp_mgr_count(const struct bgp_mgr *bm);
const struct bgp_neighbor *bgp_mgr_at(const struct bgp_mgr *bm, size_t i); /* by address */
const struct bgp_neighbor *bgp_mgr_find(const struct bgp_mgr *bm, const struct vt_addr *a);
/* The session's state ("Idle" without a speaker). */
const char *bgp_neighbor_state_name(const struct bgp_mgr *bm, const struct bgp_neighbor *n);

/* What the daemon gives the speaker. */
struct bgp_mgr_env {
	struct ev_loop *loop;
	/* Install (n > 0) or remove the route to p. */
	void (*route)(void *ctx, const struct vt_prefix *p, const struct bgp_nexthop *nh,
		      unsigned n);
	/* Whether a is the inside peer address of a tunnel (an AWS endpoint:
	 * a send limit of 100 prefixes unless configured). */
	bool (*tunnel_peer)(void *ctx, const struct vt_addr *a);
	void *ctx;
};
/* From now on the speaker runs whenever `router bgp` is configured. */
void bgp_mgr_attach(struct bgp_mgr *bm, const struct bgp_mgr_env *env);
/* The running speaker, or NULL. */
struct bgp_speaker *bgp_mgr_speaker(const struct bgp_mgr *bm);
/* Replace every prefix list (takes v[0..n) and v). */
void bgp_mgr_set_plists(struct bgp_mgr *bm, struct bgp_plist **v, size_t n);
/* The tunnel whose inside prefix is `inside` lost its SA: neighbors in it
 * go down now, the reason naming the tunnel.  up: it has one again:
 * neighbors in it connect at once. */
void bgp_mgr_tunnel_state(struct bgp_mgr *bm, const char *tunnel, const struct vt_prefix *inside,
			  bool up);

/* vtid/bgp_run.c: the speaker's side of the manager */
struct bgp_run;
struct bgp_run *bgp_run_new(const struct bgp_mgr_env *env, const struct bgp_instance_conf *c);
void bgp_run_free(struct bgp_run *r);
void bgp_run_instance(struct bgp_run *r, const struct bgp_instance_conf *old,
		      const struct bgp_instance_conf *c);
void bgp_run_neighbor(struct bgp_run *r, enum bgp_op op, const struct bgp_neighbor_conf *c);
void bgp_run_plists(struct bgp_run *r, struct bgp_plist **v, size_t n);
struct bgp_speaker *bgp_run_speaker(const struct bgp_run *r);

#endif
