/*
 * The dataplane interface: what the tunnel manager asks of a backend.
 *
 *   tunnel   the tunnel's interface (vti1 ...) with its inside addresses,
 *            MTU and TCP MSS clamp; its link is up exactly while it has an
 *            outbound SA
 *   SA       one direction of a CHILD_SA: ESP with keys, SPI, outer
 *            addresses (ESP in UDP on 4500 when encap)
 *   route    a destination prefix over one or more tunnels or plain
 *            gateways (ECMP)
 *
 * Two backends implement it (DESIGN.md): the kernel one (XFRM + VTI, later)
 * and the user one (vtid/dp/user*.c: TUN devices, ESP in vtid).  Both are
 * driven from the main event loop thread only; a backend may run packet
 * threads of its own, and reports back through struct dp_events on the
 * main loop.
 *
 * The user backend does ESP in UDP on the IKE engine's port 4500 socket: the
 * daemon hands it that socket (dp_attach_udp), and it passes IKE datagrams
 * (non-ESP marker stripped) and keepalives' absence back through
 * events->ike_input on the main loop.
 *
 * Every call returns 0 or -errno with a one-line reason appended to err
 * (may be NULL).  dp_free() removes every kernel object the backend made.
 */
#ifndef VT_VTID_DP_DP_H
#define VT_VTID_DP_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "vtid/dp/tun.h"

struct ev_loop;
struct strbuf;
struct dp;
struct dp_tunnel;

struct dp_events {
	/* An IKE datagram arrived on the 4500 socket (marker stripped). */
	void (*ike_input)(void *ctx, const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote, const uint8_t *buf, size_t len);
	/* An inbound SA reached its soft (rekey) or hard byte/packet limit. */
	void (*sa_expired)(void *ctx, void *tunnel_ctx, uint32_t spi_in, bool hard);
};

enum dp_kind { DP_USER = 0, DP_KERNEL };

/* A backend on loop.  NULL with err set when it cannot run here. */
struct dp *dp_new(enum dp_kind kind, struct ev_loop *loop, const struct dp_events *ev,
		  void *ctx, struct strbuf *err);
/* Remove every tunnel, SA and route this backend made, stop its threads. */
void dp_free(struct dp *dp);
const char *dp_kind_name(enum dp_kind kind); /* "user", "kernel" */
/* Can the kernel backend run here (VTI or XFRM interface links can be
 * made, ESP states can be held, CAP_NET_ADMIN)?  1 yes, 0 no with what is
 * missing appended to why, for `dataplane auto`. */
int dp_kern_probe(struct strbuf *why);

/* The IKE socket bound to local port 4500 (not owned; must outlive dp).
 * The user backend reads it from now on and sends ESP from it. */
int dp_attach_udp(struct dp *dp, int fd, const struct sockaddr_storage *local,
		  struct strbuf *err);

/* ---- tunnels -------------------------------------------------------------------- */

enum dp_iftype { DP_IF_VTI = 0, DP_IF_XFRM };

struct dp_tunnel_conf {
	struct dp_tun_conf tun; /* name, MTU (0: from the cipher), inside addresses */
	uint32_t key;		/* mark / if-id (kernel backend) */
	uint16_t mss;		/* TCP MSS clamp; 0 = off; DP_MSS_AUTO = from the MTU */
	/* the kernel backend's: the interface type and the outer addresses
	 * (a VTI is made for one pair; the SAs' addresses are the same) */
	enum dp_iftype iftype;
	struct vt_addr local, remote;
};
#define DP_MSS_AUTO 0xffff

int dp_tunnel_add(struct dp *dp, const struct dp_tunnel_conf *c, void *tunnel_ctx,
		  struct dp_tunnel **out, struct strbuf *err);
/* Its SAs and routes through it go too. */
void dp_tunnel_del(struct dp_tunnel *t);

/* ---- SAs ---------------------------------------------------------------------------- */

struct dp_sa_conf {
	uint32_t spi;
	bool inbound;
	uint16_t encr, encr_keylen; /* IANA ENCR id (12 CBC, 20 GCM-16), bits */
	uint16_t integ;		    /* IANA INTEG id; 0 with GCM */
	const uint8_t *encr_key;    /* AES key (| 4-byte salt for GCM) */
	size_t encr_key_len;
	const uint8_t *integ_key;
	size_t integ_key_len;
	bool esn;
	uint32_t replay_window;	    /* inbound; 0 = 1024 */
	bool encap;		    /* ESP in UDP; the user backend needs it */
	struct sockaddr_storage local, remote; /* outer, with ports */
	uint64_t soft_bytes, hard_bytes;       /* 0 = no limit */
	uint64_t soft_packets, hard_packets;
};

/* Install an SA.  An outbound SA becomes the one traffic leaves by at once
 * (the previous outbound SA stays installed, unused, until deleted: make-
 * before-break); the link goes up with the first outbound SA.  Inbound SAs
 * accumulate.  Keys are copied; the caller wipes its own. */
int dp_sa_add(struct dp_tunnel *t, const struct dp_sa_conf *c, struct strbuf *err);
/* Remove an SA; when the last outbound SA goes the link goes down.
 * -ENOENT if unknown. */
int dp_sa_del(struct dp_tunnel *t, uint32_t spi, bool inbound);

struct dp_sa_stats {
	uint64_t bytes, packets;       /* inner IP bytes */
	uint64_t replay_drops, auth_fails, other_drops;
};
int dp_sa_stats(struct dp_tunnel *t, uint32_t spi, bool inbound, struct dp_sa_stats *out);
/* Totals of the tunnel since it was added (all SAs, present and past). */
int dp_tunnel_stats(struct dp_tunnel *t, struct dp_sa_stats *in, struct dp_sa_stats *out);
const char *dp_tunnel_ifname(const struct dp_tunnel *t);
bool dp_tunnel_link_up(const struct dp_tunnel *t);

/* ---- routes ------------------------------------------------------------------------- */

/* One way out.  Over a tunnel: gw is the inside peer (AF_UNSPEC: on-link)
 * and ifindex is ignored.  Without one (tunnel NULL): gw must be set, and
 * ifindex names its link, or is 0 to let the kernel resolve gw through
 * the routes it has; a link-local IPv6 gw needs an ifindex. */
struct dp_nexthop {
	struct dp_tunnel *tunnel;
	struct vt_addr gw;
	int ifindex;
};

/* Install or replace the route to dst over n nexthops (ECMP when n > 1),
 * protocol `proto` (RTPROT_BGP, RTPROT_STATIC), in the main table.
 *
 * Batched: 0 means checked and sent, not yet answered.  What can be known
 * at once fails at once (-EINVAL for n = 0 or a nexthop that is neither a
 * tunnel of ours nor a gateway, -ENETDOWN for a tunnel without a live SA,
 * -ENOMEM).  What the kernel refuses later (a gateway it cannot reach) is
 * logged as "route P: reason", the route is then removed and forgotten,
 * and dp_route_flush() reports it.  Requests are answered in order, so a
 * later replace or delete of the same prefix wins.
 *
 * Where the kernel has nexthop objects, the route points at one nexthop
 * or group shared by every route over the same set, and a set that
 * changes moves the route to another group in one replace.  The backend
 * keeps the route until dp_route_del() or dp_free(); a tunnel leaving
 * (dp_tunnel_del) or losing its last outbound SA takes only its own
 * nexthops out of it, and the route with them when none are left. */
int dp_route_replace(struct dp *dp, const struct vt_prefix *dst, const struct dp_nexthop *nh,
		     unsigned n, unsigned char proto, struct strbuf *err);
/* Batched as above; -ENOENT at once for a route the backend does not hold. */
int dp_route_del(struct dp *dp, const struct vt_prefix *dst, struct strbuf *err);

/* Remove every route of protocol proto from the main table, IPv4 and IPv6,
 * whoever installed it (a previous run that died), and forget those of
 * the backend's own.  The number removed (>= 0), or -errno. */
int dp_route_purge(struct dp *dp, unsigned char proto, struct strbuf *err);
/* The same without a backend, over a netlink socket of its own: the daemon
 * purges at start, before any tunnel has made a dataplane.  Both also
 * delete the nexthop objects of proto in vtid's id range
 * (vtid/dp/nl_nexthop.h) that a run that died left. */
int dp_route_purge_table(unsigned char proto, struct strbuf *err);

/* Wait for the answers to every route request sent so far.  0, or the
 * first refusal since the last flush (-errno, its "route P: reason" in
 * err).  The event loop collects answers by itself; this is for callers
 * that need to know now (tests, a shutdown). */
int dp_route_flush(struct dp *dp, struct strbuf *err);
/* Nexthop objects (on, the default where the kernel has them) or routes
 * that carry their nexthops (off): -EOPNOTSUPP for on where the kernel
 * lacks them, -EBUSY while the backend holds routes.  For tests. */
int dp_route_nexthop_groups(struct dp *dp, bool on, struct strbuf *err);

#endif
