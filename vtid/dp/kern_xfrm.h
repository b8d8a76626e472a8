/*
 * XFRM states and policies over netlink (libnl-xfrm), for the kernel
 * backend (vtid/dp/kern*.c).
 *
 * A tunnel is a set of SAs and two 0.0.0.0/0 (and ::/0) policies, in and
 * out, selected only by the tunnel's key: the mark of a VTI (ikey = okey =
 * mark) or the if_id of an XFRM interface.  Every state and policy vtid
 * makes carries the tunnel's reqid, KX_REQID_BASE + a number of the
 * backend's: that is how kx_purge() finds what a run that died left, and
 * it never touches another daemon's objects.
 *
 * Outbound, the kernel uses the newest valid state of a tunnel; adding a
 * new outbound SA before deleting the old one is the make-before-break of
 * a rekey.  The kernel's expire messages (soft and hard, byte and packet
 * limits) come back through the events; time limits are the IKE engine's.
 *
 * Every call returns 0 or -errno with a one-line reason appended to err
 * (may be NULL).  Keys are copied into the netlink message and the
 * message is wiped before it is freed.
 */
#ifndef VT_VTID_DP_KERN_XFRM_H
#define VT_VTID_DP_KERN_XFRM_H

#include <stdbool.h>
#include <stdint.h>

#include "common/addr.h"
#include "vtid/dp/dp.h"

#define KX_REQID_BASE 0x76740000u
#define KX_REQID_MASK 0xffff0000u

struct ev_loop;
struct kx;

/* What selects a tunnel's states and policies. */
struct kx_tunnel {
	uint32_t reqid;		  /* KX_REQID_BASE | n */
	enum dp_iftype iftype;	  /* VTI: mark = key; XFRM: if_id = key */
	uint32_t key;
	struct vt_addr local, remote; /* outer */
};

struct kx_events {
	/* A state of reqid reached its soft or hard limit (the kernel
	 * deletes it itself at the hard one). */
	void (*expired)(void *ctx, uint32_t reqid, uint32_t spi, bool inbound, bool hard);
};

/* A NETLINK_XFRM socket for requests, and one subscribed to the expire
 * group, watched on loop. */
struct kx *kx_new(struct ev_loop *loop, const struct kx_events *ev, void *ctx,
		  struct strbuf *err);
void kx_free(struct kx *kx);

/* Can this kernel hold ESP states (AES-GCM and AES-CBC + HMAC-SHA2,
 * with and without UDP encapsulation)?  Tries one of each on loopback
 * addresses with a reserved reqid and removes them.  1 yes, 0 no (the
 * reason in why), -errno when it could not ask. */
int kx_probe(struct strbuf *why);

/* The tunnel's in and out policies, IPv4 and IPv6 (both 0/0). */
int kx_policies_add(struct kx *kx, const struct kx_tunnel *t, struct strbuf *err);
void kx_policies_del(struct kx *kx, const struct kx_tunnel *t);

/* One direction of a CHILD_SA: ESP, tunnel mode, outer addresses and
 * ports from c (ESP in UDP when c->encap), the tunnel's mark or if_id,
 * replay window, byte and packet limits. */
int kx_state_add(struct kx *kx, const struct kx_tunnel *t, const struct dp_sa_conf *c,
		 struct strbuf *err);
/* -ENOENT when the kernel has no such state (it may have expired). */
int kx_state_del(struct kx *kx, const struct kx_tunnel *t, uint32_t spi, bool inbound);
/* Bytes and packets it carried; replay and integrity failures. */
int kx_state_stats(struct kx *kx, const struct kx_tunnel *t, uint32_t spi, bool inbound,
		   struct dp_sa_stats *out);

/* Every state and policy with a reqid in vtid's range: the number removed
 * (>= 0), or -errno. */
int kx_purge(struct kx *kx, struct strbuf *err);

#endif
