/*
 * The speaker's insides, shared by bgp/speaker*.c.
 */
#ifndef VT_BGP_SPEAKER_INT_H
#define VT_BGP_SPEAKER_INT_H

#include "bgp/bgp.h"
#include "common/evloop.h"

/* What one neighbor is sent of one family (the Adj-RIB-Out). */
struct bgp_out {
	struct bgp_ptree *adj;	/* announced prefix -> struct bgp_attrs * (a reference) */
	struct bgp_ptree *held; /* eligible but over the send limit (payload NULL) */
	struct vt_prefix *pend; /* prefixes to look at again (duplicates harmless) */
	size_t n_pend, cap_pend;
	struct bgp_ptree_cursor dump; /* the initial walk of the Loc-RIB */
	bool dumping;
	bool refresh; /* this walk sends adj's prefixes again (ROUTE-REFRESH) */
	bool eor_sent;
	bool warned_limit, warned_nexthop;
};

struct bgp_peer {
	struct bgp_speaker *sp;
	struct bgp_peer_conf conf;
	struct bgp_session *s;
	uint16_t id; /* in the RIB */
	bool up;     /* established and registered in the RIB */
	bool ibgp;
	bool local_reset; /* we brought it down: no graceful restart */
	bool held_maxpfx; /* closed for maximum-prefix: Idle until cleared */
	struct bgp_out out[BGP_AF_COUNT];
	bool eor_rcvd[BGP_AF_COUNT];
	bool stale[BGP_AF_COUNT];
	bool max_warned[BGP_AF_COUNT];
	bool max_over_warned[BGP_AF_COUNT]; /* warning-only limit passed */
	uint8_t notify_data[8]; /* data of a NOTIFICATION being sent */
	struct ev_timer gr_timer;
	struct ev_timer out_timer; /* the Adj-RIB-Out work, one batch per pass */
};

struct bgp_speaker {
	struct ev_loop *loop;
	struct bgp_speaker_conf conf;
	struct bgp_speaker_ops ops;
	void *ctx;
	struct bgp_attr_table *attrs;
	struct bgp_rib *rib;
	struct bgp_peer **peers; /* sorted by address */
	size_t n_peers, cap_peers;
	struct bgp_peer *by_id[BGP_RIB_PEERS_MAX];
	uint16_t next_id; /* the last id handed out */
	struct bgp_plist **plists;
	size_t n_plists;
	struct vt_prefix *networks;
	size_t n_networks;
	int listen_fd[2];
	struct ev_io listen_io[2];
};

enum bgp_af bgp_af_of(int family);
uint16_t bgp_afi_of(enum bgp_af af);
int bgp_af_family(enum bgp_af af); /* AF_INET, AF_INET6 */
const char *bgp_af_name(enum bgp_af af); /* "IPv4 unicast" */

/* speaker.c */
struct bgp_peer *bgp_speaker_peer_lookup(struct bgp_speaker *sp, const struct vt_addr *a);

/* speaker_listen.c */
int bgp_listen_start(struct bgp_speaker *sp, struct strbuf *err);
void bgp_listen_stop(struct bgp_speaker *sp);

/* speaker_peer.c */
const char *bgp_peer_name(const struct bgp_peer *p, char *buf, size_t len); /* its address */

/* speaker_state.c: the session callbacks */
extern const struct bgp_session_ops bgp_peer_session_ops;
/* End-of-RIB for af arrived: stale paths (graceful restart) go. */
void bgp_in_eor(struct bgp_peer *p, enum bgp_af af);

/* speaker_in.c */
/* The session's UPDATE callback. */
int bgp_in_update(void *ctx, struct bgp_session *s, const uint8_t *msg, size_t len,
		  struct bgp_notify *err);
/* Apply the inbound policy again to every path of p's neighbor (soft in). */
void bgp_in_reapply(struct bgp_peer *p, enum bgp_af af);
/* The local networks as RIB paths. */
int bgp_local_announce(struct bgp_speaker *sp, const struct vt_prefix *pfx);

/* speaker_out.c */
void bgp_out_init(struct bgp_peer *p);
void bgp_out_start(struct bgp_peer *p);	      /* session up: dump everything */
void bgp_out_stop(struct bgp_peer *p);	      /* session down: forget what was sent */
void bgp_out_mark(struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx);
void bgp_out_resend(struct bgp_peer *p, enum bgp_af af); /* soft out / policy changed */
void bgp_out_refresh(struct bgp_peer *p, enum bgp_af af); /* ROUTE-REFRESH: all again */
void bgp_out_kick(struct bgp_peer *p);
/* pfx is in the neighbor's Adj-RIB-Out (or held back from it). */
bool bgp_out_has(const struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx);
void bgp_out_free(struct bgp_peer *p);
bool bgp_out_busy(const struct bgp_peer *p);
size_t bgp_out_bytes(const struct bgp_peer *p);

/* speaker_out_send.c */
/* prefixes decided (and so sent) together */
#define BGP_OUT_BATCH 512
struct bgp_out_item {
	struct vt_prefix pfx;
	struct bgp_attrs *a; /* NULL: withdraw */
	bool from_ebgp;
};
/* The session's local address of af's family (the next hop we give). */
bool bgp_out_local_addr(const struct bgp_peer *p, enum bgp_af af, struct vt_addr *out);
/* Withdrawals first, then announcements grouped by attribute set. */
void bgp_out_send(struct bgp_peer *p, enum bgp_af af, struct bgp_out_item *it, size_t n,
		  const struct vt_addr *nh);
void bgp_out_send_eor(struct bgp_peer *p, enum bgp_af af);

/* speaker_fib.c: the RIB's change callback */
extern const struct bgp_rib_ops bgp_speaker_rib_ops;

#endif
