/*
 * The kernel dataplane backend's insides, shared by vtid/dp/kern*.c and
 * its tests.  Everything runs on the main loop thread; there are no
 * packet threads (the kernel does ESP).
 *
 *   kern.c         the backend: ops table, new/free, the 4500 socket, the
 *                  start-time purge, the probe for `dataplane auto`
 *   kern_link.c    VTI and XFRM interface links over rtnetlink, sysctls
 *   kern_nft.c     the nftables table `inet vtid` (TCP MSS clamp)
 *   kern_tunnel.c  tunnels and their SAs (XFRM through kern_xfrm.h)
 *
 * What vtid makes is recognisable by a later run: links carry the alias
 * KERN_ALIAS_PREFIX..., states and policies a reqid in KX_REQID_BASE's
 * range, and the nft table is KERN_NFT_TABLE.
 */
#ifndef VT_VTID_DP_KERN_INT_H
#define VT_VTID_DP_KERN_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/evloop.h"
#include "vtid/dp/dp_backend.h"
#include "vtid/dp/kern_xfrm.h"

#define KERN_ALIAS_PREFIX "vtid"
#define KERN_NFT_FAMILY	  "inet"
#define KERN_NFT_NAME	  "vtid"
#define KERN_MTU_DEFAULT  1400 /* as the user backend: every cipher fits in 1500 */
#define KERN_MTU_MIN	  576
#define KERN_MTU_MAX	  9000
#define KERN_UDP_BUF	  65536

struct nl_sock;
struct nft_ctx;

struct kern_sa {
	struct kern_sa *next;
	uint32_t spi;
	bool inbound;
};

struct kern_tunnel {
	struct dp_tunnel base;
	struct kern_dp *dp;
	struct kern_tunnel *next;
	void *ctx;
	struct kx_tunnel kx;
	unsigned mtu;
	uint16_t mss4, mss6; /* clamp per IP version; 0 = off */
	bool policies;	     /* kx_policies_add succeeded */
	struct kern_sa *sas; /* newest first */
	unsigned out_count;  /* outbound SAs installed */
	struct dp_sa_stats past_in, past_out;
};

struct kern_dp {
	struct dp base;
	struct dp_events ev;
	void *ctx;
	struct kx *kx;
	struct nft_ctx *nft;
	struct kern_tunnel *tunnels;
	uint32_t reqid_next; /* low 16 bits of the next tunnel's reqid */
	int udp_fd;
	struct sockaddr_storage udp_local;
	struct ev_io udp_io;
	uint8_t *udp_buf;
};

static inline struct kern_dp *kern_dp_of(struct dp *dp)
{
	return (struct kern_dp *)dp;
}

static inline struct kern_tunnel *kern_tunnel_of(struct dp_tunnel *t)
{
	return (struct kern_tunnel *)t;
}

/* ---- kern_link.c ------------------------------------------------------------ */

/* Create t's link (VTI or XFRM interface, alias, MTU, addresses, sysctls),
 * down; sets t->base.ifindex. */
int kern_link_create(struct kern_dp *dp, struct kern_tunnel *t, const struct dp_tunnel_conf *c,
		     struct strbuf *err);
int kern_link_set_up(struct kern_dp *dp, struct kern_tunnel *t, bool up, struct strbuf *err);
void kern_link_delete(struct kern_dp *dp, struct kern_tunnel *t);
/* The global sysctls: multipath hash on L4, IPv4 forwarding. */
int kern_sysctl_global(struct strbuf *err);
/* Delete every VTI or XFRM interface whose alias starts KERN_ALIAS_PREFIX:
 * the number removed, or -errno. */
int kern_link_purge(struct nl_sock *nl, struct strbuf *err);
/* Can a link of kind "vti" (xfrm = false) or "xfrm" be made here?  A
 * throw-away one is made and deleted.  0, or -errno with the reason. */
int kern_link_probe(struct nl_sock *nl, bool xfrm, struct strbuf *why);

/* ---- kern_nft.c ------------------------------------------------------------- */

int kern_nft_open(struct kern_dp *dp, struct strbuf *err);
/* Replace the table with one for the current tunnels, in one transaction. */
int kern_nft_sync(struct kern_dp *dp, struct strbuf *err);
/* Remove the table if it exists (ours, or a crashed run's); closes nothing. */
int kern_nft_table_delete(struct nft_ctx *nft, struct strbuf *err);
void kern_nft_close(struct kern_dp *dp);

/* ---- kern_tunnel.c ---------------------------------------------------------- */

int kern_tunnel_add(struct dp *dp, const struct dp_tunnel_conf *c, void *tunnel_ctx,
		    struct dp_tunnel **out, struct strbuf *err);
void kern_tunnel_del(struct dp_tunnel *t);
int kern_tunnel_stats(struct dp_tunnel *t, struct dp_sa_stats *in, struct dp_sa_stats *out);
int kern_sa_add(struct dp_tunnel *t, const struct dp_sa_conf *c, struct strbuf *err);
int kern_sa_del(struct dp_tunnel *t, uint32_t spi, bool inbound);
int kern_sa_stats(struct dp_tunnel *t, uint32_t spi, bool inbound, struct dp_sa_stats *out);
/* kx's expire event: the kernel dropped or will drop a state. */
void kern_sa_expired(void *ctx, uint32_t reqid, uint32_t spi, bool inbound, bool hard);

/* ---- kern.c ----------------------------------------------------------------- */

/* Remove what a run that died left: links, XFRM states and policies, the
 * nft table.  dp_kern_new does it; exposed for tests. */
int kern_purge(struct kern_dp *dp, struct strbuf *err);

#endif
