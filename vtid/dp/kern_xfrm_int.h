/*
 * Inside kern_xfrm*.c: the handle, the netlink request helpers the state,
 * policy and purge code share, and the table of states vtid added; its
 * tests build their SAs with kx_sa_conf_v4 too.
 */
#ifndef VT_VTID_DP_KERN_XFRM_INT_H
#define VT_VTID_DP_KERN_XFRM_INT_H

#include <linux/xfrm.h>
#include <stddef.h>
#include <stdint.h>

#include "common/evloop.h"
#include "vtid/dp/kern_xfrm.h"

struct nl_sock;
struct nl_msg;
struct nlmsghdr;

/* A state vtid added: the expire message names only (daddr, spi), and
 * the direction is ours to remember. */
struct kx_sa_ent {
	uint32_t spi;
	struct vt_addr daddr;
	bool inbound;
};

struct kx {
	struct nl_sock *nl;  /* requests */
	struct nl_sock *mon; /* XFRMNLGRP_EXPIRE */
	struct ev_io mon_io;
	struct kx_events ev;
	void *ctx;
	struct kx_sa_ent *sas;
	size_t nsas, capsas;
};

/* The reqid kx_probe() uses; inside vtid's range so that kx_purge()
 * finds what a probe that died left. */
#define KX_REQID_PROBE (KX_REQID_BASE | 0xffffu)

/* A NETLINK_XFRM socket whose acks do not echo the request (it may hold
 * keys). */
int kx_sock_open(struct nl_sock **out);

/* Send msg and wait for its ack; msg is wiped and freed in any case. */
int kx_msg_send_ack(struct nl_sock *nl, struct nl_msg *msg);

/* Send msg (a GET or a dump), hand every answer to cb (which may return
 * < 0 to stop); the receive buffer is wiped, as answers carry keys.  msg
 * is wiped and freed. */
typedef int (*kx_reply_fn)(const struct nlmsghdr *nlh, void *arg);
int kx_msg_transact(struct nl_sock *nl, struct nl_msg *msg, kx_reply_fn cb, void *arg);

void kx_addr_to_xfrm(const struct vt_addr *a, xfrm_address_t *out);
void kx_addr_from_xfrm(uint16_t family, const xfrm_address_t *x, struct vt_addr *out);
struct nl_addr *kx_addr_nl(const struct vt_addr *a);

/* A state's add on a bare socket (kx_state_add and kx_probe). */
int kx_sa_add_sock(struct nl_sock *nl, const struct kx_tunnel *t, const struct dp_sa_conf *c,
		   struct strbuf *err);
/* An ESP SA between t's outer IPv4 addresses, both ports 4500: AES-GCM-16
 * (gcm) or AES-CBC with HMAC-SHA2-256, keybits-bit AES keys from key (and
 * its salt), the HMAC's 32 bytes from integ_key; the rest of c zero.  For
 * kx_probe and the tests. */
void kx_sa_conf_v4(struct dp_sa_conf *c, const struct kx_tunnel *t, bool gcm, unsigned keybits,
		   const uint8_t *key, const uint8_t *integ_key);
/* XFRM_MSG_DELSA for (daddr, spi, ESP) under mark (0/0 for none). */
int kx_sa_del_sock(struct nl_sock *nl, const struct vt_addr *daddr, uint32_t spi, uint32_t mark,
		   uint32_t mask);

int kx_sa_ent_add(struct kx *kx, uint32_t spi, const struct vt_addr *daddr, bool inbound);
struct kx_sa_ent *kx_sa_ent_find(struct kx *kx, uint32_t spi, const struct vt_addr *daddr);
void kx_sa_ent_del(struct kx *kx, struct kx_sa_ent *e);

#endif
