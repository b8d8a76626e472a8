/*
 * XFRM over netlink: the sockets, the request/answer loop, the expire
 * monitor and the table of states vtid added.
 *
 * Answers are read into a buffer of our own rather than through libnl's
 * receive path: a state's dump or GET carries its keys, and libnl frees
 * its buffers without wiping them.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_xfrm_int.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

#define KX_RXBUF 65536

static int kx_nlerr(int nle)
{
	return nle == -NLE_NOMEM ? -ENOMEM : -EIO;
}

int kx_sock_open(struct nl_sock **out)
{
	struct nl_sock *nl = nl_socket_alloc();
	int one = 1, rc;

	if (!nl)
		return -ENOMEM;
	rc = nl_connect(nl, NETLINK_XFRM);
	if (rc < 0) {
		nl_socket_free(nl);
		return rc == -NLE_PERM ? -EPERM : -EPROTONOSUPPORT;
	}
	/* An error ack echoes the whole request, keys included. */
	(void)setsockopt(nl_socket_get_fd(nl), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	*out = nl;
	return 0;
}

static void kx_msg_wipe_free(struct nl_msg *msg)
{
	secret_wipe(nlmsg_hdr(msg), nlmsg_get_max_size(msg));
	nlmsg_free(msg);
}

/* Reads answers to seq until the ack, the end of a dump or an error. */
static int kx_answers_read(struct nl_sock *nl, uint32_t seq, uint8_t *buf, kx_reply_fn cb,
			   void *arg)
{
	int fd = nl_socket_get_fd(nl), rc = 0;

	for (;;) {
		ssize_t n = recv(fd, buf, KX_RXBUF, MSG_TRUNC);
		struct nlmsghdr *nlh;
		int left;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n > KX_RXBUF)
			return -EMSGSIZE;
		left = (int)n;
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, left);
		     nlh = nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return rc;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = nlmsg_data(nlh);

				if (nlh->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*e)))
					return -EBADMSG;
				return e->error ? e->error : rc;
			}
			/* a GET's single answer is followed by its ack */
			if (rc == 0 && cb)
				rc = cb(nlh, arg);
		}
	}
}

int kx_msg_transact(struct nl_sock *nl, struct nl_msg *msg, kx_reply_fn cb, void *arg)
{
	uint8_t *buf;
	int rc;

	rc = nl_send_auto(nl, msg);
	if (rc < 0) {
		kx_msg_wipe_free(msg);
		return kx_nlerr(rc);
	}
	buf = malloc(KX_RXBUF);
	if (!buf) {
		kx_msg_wipe_free(msg);
		return -ENOMEM;
	}
	rc = kx_answers_read(nl, nlmsg_hdr(msg)->nlmsg_seq, buf, cb, arg);
	secret_free(buf, KX_RXBUF);
	kx_msg_wipe_free(msg);
	return rc;
}

int kx_msg_send_ack(struct nl_sock *nl, struct nl_msg *msg)
{
	return kx_msg_transact(nl, msg, NULL, NULL);
}

void kx_addr_to_xfrm(const struct vt_addr *a, xfrm_address_t *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out, a->u.bytes, vt_addr_len(a));
}

void kx_addr_from_xfrm(uint16_t family, const xfrm_address_t *x, struct vt_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = (uint8_t)family;
	memcpy(out->u.bytes, x, family == AF_INET ? 4 : 16);
}

struct nl_addr *kx_addr_nl(const struct vt_addr *a)
{
	return nl_addr_build(a->family, a->u.bytes, vt_addr_len(a));
}

/* ---- the states vtid added ------------------------------------------------------ */

int kx_sa_ent_add(struct kx *kx, uint32_t spi, const struct vt_addr *daddr, bool inbound)
{
	struct kx_sa_ent *e = kx_sa_ent_find(kx, spi, daddr);

	if (!e) {
		if (kx->nsas == kx->capsas) {
			size_t cap = kx->capsas ? kx->capsas * 2 : 16;
			struct kx_sa_ent *n = realloc(kx->sas, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			kx->sas = n;
			kx->capsas = cap;
		}
		e = &kx->sas[kx->nsas++];
	}
	e->spi = spi;
	e->daddr = *daddr;
	e->inbound = inbound;
	return 0;
}

struct kx_sa_ent *kx_sa_ent_find(struct kx *kx, uint32_t spi, const struct vt_addr *daddr)
{
	for (size_t i = 0; i < kx->nsas; i++)
		if (kx->sas[i].spi == spi && vt_addr_eq(&kx->sas[i].daddr, daddr))
			return &kx->sas[i];
	return NULL;
}

void kx_sa_ent_del(struct kx *kx, struct kx_sa_ent *e)
{
	*e = kx->sas[--kx->nsas];
}

/* ---- expire messages ---------------------------------------------------------- */

static void kx_expire_handle(struct kx *kx, const struct nlmsghdr *nlh)
{
	const struct xfrm_user_expire *ue;
	struct kx_sa_ent *e;
	struct vt_addr daddr;
	uint32_t spi, reqid;
	bool inbound, hard;

	if (nlh->nlmsg_type != XFRM_MSG_EXPIRE ||
	    nlh->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*ue)))
		return;
	ue = nlmsg_data(nlh);
	reqid = ue->state.reqid;
	if ((reqid & KX_REQID_MASK) != KX_REQID_BASE || reqid == KX_REQID_PROBE ||
	    ue->state.id.proto != IPPROTO_ESP)
		return;
	if (ue->state.family != AF_INET && ue->state.family != AF_INET6)
		return;
	spi = ntohl(ue->state.id.spi);
	hard = ue->hard != 0;
	kx_addr_from_xfrm(ue->state.family, &ue->state.id.daddr, &daddr);
	e = kx_sa_ent_find(kx, spi, &daddr);
	if (!e)
		return; /* another run's, or one we deleted already */
	inbound = e->inbound;
	if (hard)
		kx_sa_ent_del(kx, e); /* the kernel deletes it itself */
	if (kx->ev.expired)
		kx->ev.expired(kx->ctx, reqid, spi, inbound, hard);
}

static void kx_mon_readable(struct ev_io *io, unsigned revents, void *arg)
{
	struct kx *kx = arg;
	uint8_t buf[8192];
	int fd = nl_socket_get_fd(kx->mon);

	(void)io;
	(void)revents;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *nlh;
		int left;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				log_fault(LOGM_DP,
					  "xfrm: expire messages lost (receive buffer full)");
				continue;
			}
			return;
		}
		if (n == 0)
			return;
		left = (int)n;
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, left);
		     nlh = nlmsg_next(nlh, &left))
			kx_expire_handle(kx, nlh);
	}
}

struct kx *kx_new(struct ev_loop *loop, const struct kx_events *ev, void *ctx, struct strbuf *err)
{
	struct kx *kx = calloc(1, sizeof(*kx));
	int rc;

	if (!kx) {
		if (err)
			sb_add(err, "xfrm: out of memory");
		return NULL;
	}
	if (ev)
		kx->ev = *ev;
	kx->ctx = ctx;
	rc = kx_sock_open(&kx->nl);
	if (rc == 0)
		rc = kx_sock_open(&kx->mon);
	if (rc == 0) {
		nl_socket_disable_seq_check(kx->mon);
		/* a rekey storm's expires must not be lost */
		(void)nl_socket_set_buffer_size(kx->mon, 1 << 20, 0);
		rc = nl_socket_add_membership(kx->mon, XFRMNLGRP_EXPIRE) < 0 ? -EIO : 0;
	}
	if (rc == 0)
		rc = ev_io_start(loop, &kx->mon_io, nl_socket_get_fd(kx->mon), EV_READ,
				 kx_mon_readable, kx);
	if (rc < 0) {
		if (err)
			sb_printf(err, "xfrm: netlink socket: %s", strerror(-rc));
		kx_free(kx);
		return NULL;
	}
	return kx;
}

void kx_free(struct kx *kx)
{
	if (!kx)
		return;
	ev_io_stop(&kx->mon_io);
	if (kx->mon)
		nl_socket_free(kx->mon);
	if (kx->nl)
		nl_socket_free(kx->nl);
	free(kx->sas);
	free(kx);
}
