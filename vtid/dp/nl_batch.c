/*
 * Requests whose acks are collected later (vtid/dp/nl_batch.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "common/evloop.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/nl_batch.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* Acks of a full window, many times over: a failed request's ack carries
 * only its header (CAP_ACK) and the kernel's message. */
#define NLB_RCVBUF     (4 << 20)
#define NLB_RECV_BYTES 65536
#define NLB_WAIT_MS    5000
/* Requests sent from inside an answer's callback cannot wait for answers
 * (the receive buffer is being read): they may pass the window, up to
 * the ring's size. */
#define NLB_RING (2 * DP_NL_WINDOW)

struct dp_nl_batch {
	int fd;
	uint32_t seq;	/* the last one sent */
	uint32_t acked; /* requests answered: seq of the oldest pending - 1 */
	struct ev_io io;
	bool io_on;
	bool reading; /* in nlb_recv: answers' callbacks are running */
	struct dp_nl_req win[NLB_RING];
	uint8_t buf[NLB_RECV_BYTES];
};

static unsigned nlb_pending(const struct dp_nl_batch *b)
{
	return b->seq - b->acked;
}

unsigned dp_nl_batch_pending(const struct dp_nl_batch *b)
{
	return nlb_pending(b);
}

/* The kernel's words from an extended ack, if it gave any. */
static const char *nlb_ext_msg(const struct nlmsghdr *h, const struct nlmsgerr *e)
{
	const uint8_t *p, *end = (const uint8_t *)h + h->nlmsg_len;
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	/* CAP_ACK: the request is echoed as its header only */
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg))
			return NULL;
		off += e->msg.nlmsg_len - sizeof(e->msg);
	}
	if (off > h->nlmsg_len)
		return NULL;
	p = (const uint8_t *)h + NLMSG_ALIGN(off);
	while (p + sizeof(struct nlattr) <= end) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < sizeof(*a) || p + a->nla_len > end)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG && a->nla_len > sizeof(*a) &&
		    p[a->nla_len - 1] == '\0')
			return (const char *)(p + sizeof(*a));
		p += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static void nlb_answer(struct dp_nl_batch *b, int err, const char *why)
{
	struct dp_nl_req req = b->win[(b->acked + 1) % NLB_RING];

	b->acked++;
	if (req.done)
		req.done(&req, err, why);
}

static void nlb_read_msg(struct dp_nl_batch *b, const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	if (h->nlmsg_type != NLMSG_ERROR)
		return; /* nothing else is asked of this socket */
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		log_fault(LOGM_DP, "netlink: a short ack");
		return;
	}
	/* answers come in the order the requests went: one further on means
	 * those before it were lost; anything else is not ours to match */
	while (nlb_pending(b) && h->nlmsg_seq - (b->acked + 1) < nlb_pending(b) &&
	       h->nlmsg_seq != b->acked + 1)
		nlb_answer(b, -EIO, "no answer came");
	if (!nlb_pending(b) || h->nlmsg_seq != b->acked + 1) {
		log_fault(LOGM_DP, "netlink: an ack for request %u, expected %u", h->nlmsg_seq,
			  b->acked + 1);
		return;
	}
	nlb_answer(b, e->error > 0 ? -e->error : e->error, e->error ? nlb_ext_msg(h, e) : NULL);
}

/* Read what the kernel answered; wait up to wait_ms for the first bytes.
 * -EAGAIN when nothing came. */
static int nlb_recv(struct dp_nl_batch *b, int wait_ms)
{
	struct pollfd pfd = {.fd = b->fd, .events = POLLIN};
	ssize_t n;
	int len;

	if (wait_ms > 0) {
		int rc;

		do {
			rc = poll(&pfd, 1, wait_ms);
		} while (rc < 0 && errno == EINTR);
		if (rc == 0)
			return -EAGAIN;
	}
	n = recv(b->fd, b->buf, sizeof(b->buf), MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return -EAGAIN;
		return -errno;
	}
	len = (int)n;
	b->reading = true;
	for (struct nlmsghdr *h = (void *)b->buf; nlmsg_ok(h, len); h = nlmsg_next(h, &len))
		nlb_read_msg(b, h);
	b->reading = false;
	return 0;
}

/* Acks lost (the buffer overflowed) or never coming: their requests'
 * outcome is unknown, and said so. */
static void nlb_give_up(struct dp_nl_batch *b, int err)
{
	log_fault(LOGM_DP, "netlink: %u answers lost: %s", nlb_pending(b), strerror(-err));
	while (nlb_pending(b))
		nlb_answer(b, err, "the answer was lost");
}

/* Collect answers until at most keep are outstanding; wait when block. */
static void nlb_collect(struct dp_nl_batch *b, unsigned keep, bool block)
{
	if (b->reading)
		return;
	while (nlb_pending(b) > keep) {
		int rc = nlb_recv(b, block ? NLB_WAIT_MS : 0);

		if (rc == -EAGAIN && !block)
			return;
		if (rc < 0) {
			nlb_give_up(b, rc == -EAGAIN ? -ETIMEDOUT : rc);
			return;
		}
	}
	/* stray bytes (nothing pending): drain them */
	if (!nlb_pending(b) && !block)
		while (nlb_recv(b, 0) == 0)
			;
}

static void nlb_readable(struct ev_io *io, unsigned revents, void *arg)
{
	struct dp_nl_batch *b = arg;

	(void)io;
	(void)revents;
	nlb_collect(b, 0, false);
}

struct dp_nl_batch *dp_nl_batch_new(struct ev_loop *loop, struct strbuf *err)
{
	struct dp_nl_batch *b = calloc(1, sizeof(*b));
	int one = 1, rcv = NLB_RCVBUF;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};

	if (!b) {
		if (err)
			sb_add(err, "netlink: out of memory");
		return NULL;
	}
	b->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (b->fd < 0 || bind(b->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (err)
			sb_printf(err, "netlink: socket: %s", strerror(errno));
		goto fail;
	}
	/* FORCE passes rmem_max when we may; the window keeps within the
	 * default otherwise */
	if (setsockopt(b->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)) < 0)
		(void)setsockopt(b->fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	(void)setsockopt(b->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)setsockopt(b->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (loop) {
		int rc = ev_io_start(loop, &b->io, b->fd, EV_READ, nlb_readable, b);

		if (rc < 0) {
			if (err)
				sb_printf(err, "netlink: watch: %s", strerror(-rc));
			goto fail;
		}
		b->io_on = true;
	}
	return b;
fail:
	if (b->fd >= 0)
		close(b->fd);
	free(b);
	return NULL;
}

void dp_nl_batch_free(struct dp_nl_batch *b)
{
	if (!b)
		return;
	dp_nl_batch_flush(b);
	if (b->io_on)
		ev_io_stop(&b->io);
	close(b->fd);
	free(b);
}

int dp_nl_batch_send(struct dp_nl_batch *b, struct nl_msg *msg, const struct dp_nl_req *req)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	ssize_t n;

	if (nlb_pending(b) >= DP_NL_WINDOW)
		nlb_collect(b, DP_NL_WINDOW / 2, true);
	if (nlb_pending(b) >= NLB_RING)
		return -ENOBUFS;
	h->nlmsg_seq = b->seq + 1;
	h->nlmsg_pid = 0;
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	do {
		n = send(b->fd, h, h->nlmsg_len, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN) {
		/* the socket is full of answers: take them, and try once more */
		nlb_collect(b, 0, true);
		n = send(b->fd, h, h->nlmsg_len, 0);
	}
	if (n < 0)
		return -errno;
	if ((size_t)n != h->nlmsg_len)
		return -EMSGSIZE;
	b->seq++;
	b->win[b->seq % NLB_RING] = *req;
	b->win[b->seq % NLB_RING].seq = b->seq;
	return 0;
}

void dp_nl_batch_flush(struct dp_nl_batch *b)
{
	nlb_collect(b, 0, true);
}
