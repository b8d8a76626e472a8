/*
 * The RX worker: UDP 4500 -> ESP by SPI -> MSS clamp -> TUN, and IKE
 * datagrams to the main loop, a recvmmsg() batch at a time.
 */
#include <errno.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/log.h"
#include "vtid/dp/gso.h"
#include "vtid/dp/mss.h"
#include "vtid/dp/udp_local.h"
#include "vtid/dp/user_int.h"

/*
 * With UDP GRO the kernel hands us a run of same-sized datagrams from one
 * sender as one buffer (up to 64 KiB) and the segment size in a control
 * message: one receive instead of dozens.  The slots are that big, which
 * costs address space more than memory: pages a short datagram never
 * reaches are never touched.
 */
struct user_rx {
	struct mmsghdr msg[USER_BATCH];
	struct iovec iov[USER_BATCH];
	struct sockaddr_storage from[USER_BATCH];
	union {
		/* UDP_GRO's segment size, and IP_PKTINFO's local address */
		char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl[USER_BATCH];
	uint8_t buf[USER_BATCH][USER_RX_SLOT];
	/* Decrypted TCP segments of one flow in a row go to the TUN device
	 * as one super-packet (gso.h); they stay in buf until written. */
	struct gso_merge merge;
	struct user_sa *merge_sa;
};

/* Write the run being glued, if any; under rx_lock, before buf is reused. */
static void user_rx_flush(struct user_rx *rx)
{
	unsigned cnt = gso_merge_finish(&rx->merge);

	if (cnt && writev(rx->merge_sa->tun->fd, rx->merge.iov, (int)cnt) < 0)
		rx->merge_sa->io_drops += rx->merge.count;
	gso_merge_reset(&rx->merge);
	rx->merge_sa = NULL;
}

static void user_rx_prepare(struct user_rx *rx)
{
	unsigned i;

	for (i = 0; i < USER_BATCH; i++) {
		rx->iov[i] = (struct iovec){rx->buf[i], USER_RX_SLOT};
		rx->msg[i].msg_hdr = (struct msghdr){
			.msg_name = &rx->from[i],
			.msg_namelen = sizeof(rx->from[i]),
			.msg_iov = &rx->iov[i],
			.msg_iovlen = 1,
			.msg_control = rx->ctl[i].buf,
			.msg_controllen = sizeof(rx->ctl[i].buf),
		};
	}
}

/* Returns true when the main loop should be woken. */
static bool user_rx_esp(struct user_dp *dp, struct user_rx *rx, uint8_t *p, size_t n)
{
	struct esp_buf b = {p, n, 0, n};
	enum esp_drop why;
	struct user_sa *sa;
	uint32_t spi, seq;
	uint8_t nh;

	if (esp_hdr_parse(p, n, &spi, &seq) < 0) {
		dp->rx.invalid++;
		return false;
	}
	sa = user_sa_table_find(&dp->in, spi);
	if (!sa) {
		dp->rx.unknown_spi++;
		return false;
	}
	if ((sa->hard_packets || sa->hard_bytes) && user_sa_limit_reached(sa, true)) {
		sa->expired_drops++;
		return false;
	}
	if (esp_decap(&sa->esp, &b, &nh, &why) < 0)
		return false; /* counted in the SA's esp_stats by reason */
	mss_clamp(b.base + b.off, b.len, nh == ESP_NH_IPV6 ? sa->tun->mss6 : sa->tun->mss4);
	/* One run per SA: its drops are counted on it. */
	if (rx->merge_sa != sa)
		user_rx_flush(rx);
	rx->merge_sa = sa;
	if (!gso_merge_add(&rx->merge, b.base + b.off, b.len)) {
		user_rx_flush(rx);
		rx->merge_sa = sa;
		gso_merge_add(&rx->merge, b.base + b.off, b.len);
	}
	return user_sa_limit_note(sa);
}

static bool user_rx_datagram(struct user_dp *dp, struct user_rx *rx, struct msghdr *h,
			     const struct sockaddr_storage *from, uint8_t *p, size_t n)
{
	size_t off;

	switch (esp_udp_classify(p, n, &off)) {
	case ESP_UDP_ESP:
		return user_rx_esp(dp, rx, p, n);
	case ESP_UDP_IKE: {
		struct sockaddr_storage local;

		dp_udp_local(&dp->udp_local, h, &local);
		if (user_queue_push(&dp->ikeq, &local, from, p + off, n - off) < 0) {
			dp->rx.ikeq_full++;
			return false;
		}
		return true;
	}
	case ESP_UDP_KEEPALIVE:
		return false;
	case ESP_UDP_INVALID:
		break;
	}
	dp->rx.invalid++;
	return false;
}

/* The segment size of a GRO buffer, or 0 for a plain datagram. */
static size_t user_rx_gro_size(struct msghdr *h)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
		if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int seg;

			memcpy(&seg, CMSG_DATA(c), sizeof(seg));
			return seg > 0 ? (size_t)seg : 0;
		}
	}
	return 0;
}

static bool user_rx_one(struct user_dp *dp, struct user_rx *rx, unsigned i)
{
	struct mmsghdr *m = &rx->msg[i];
	size_t n = m->msg_len, seg = user_rx_gro_size(&m->msg_hdr), off;
	bool wake = false;

	if (m->msg_hdr.msg_flags & MSG_TRUNC) {
		dp->rx.truncated++;
		return false;
	}
	if (seg == 0 || seg >= n)
		return user_rx_datagram(dp, rx, &m->msg_hdr, &rx->from[i], rx->buf[i], n);
	for (off = 0; off < n; off += seg)
		wake |= user_rx_datagram(dp, rx, &m->msg_hdr, &rx->from[i], rx->buf[i] + off,
					 n - off < seg ? n - off : seg);
	return wake;
}

/* Sleep until the socket is readable or we are told to stop. */
static bool user_rx_wait(struct user_dp *dp)
{
	struct pollfd pfd[2] = {{.fd = dp->udp_fd, .events = POLLIN},
				{.fd = dp->stop_fd, .events = POLLIN}};

	while (poll(pfd, 2, -1) < 0) {
		if (errno != EINTR) {
			log_fault(LOGM_DP, "dataplane: RX worker: poll: %s", strerror(errno));
			return false;
		}
	}
	return !(pfd[1].revents & POLLIN);
}

void *user_rx_main(void *arg)
{
	struct user_dp *dp = arg;
	struct user_rx *rx = malloc(sizeof(*rx));

	int one = 1;

	if (!rx) {
		log_fault(LOGM_DP, "dataplane: RX worker: out of memory");
		return NULL;
	}
	gso_merge_reset(&rx->merge);
	rx->merge_sa = NULL;
	/* Without UDP GRO (before Linux 5.0) datagrams just come one by one. */
	(void)setsockopt(dp->udp_fd, SOL_UDP, UDP_GRO, &one, sizeof(one));
	while (!atomic_load_explicit(&dp->stop, memory_order_relaxed)) {
		bool wake = false;
		int n, i;

		user_rx_prepare(rx);
		/* Try first, sleep only when idle: under load, no poll(). */
		n = recvmmsg(dp->udp_fd, rx->msg, USER_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (!user_rx_wait(dp))
					break;
			} else if (errno == EBADF || errno == ENOTSOCK || errno == EINVAL ||
				   errno == EFAULT) {
				log_fault(LOGM_DP, "dataplane: RX worker: recvmmsg: %s",
					  strerror(errno));
				break;
			}
			/* else an ICMP error queued on the socket, or EINTR: read on */
			continue;
		}
		pthread_mutex_lock(&dp->rx_lock);
		for (i = 0; i < n; i++)
			wake |= user_rx_one(dp, rx, (unsigned)i);
		user_rx_flush(rx);
		pthread_mutex_unlock(&dp->rx_lock);
		if (wake) {
			atomic_store(&dp->expiry_pending, true);
			user_wake_main(dp);
		}
	}
	free(rx);
	return NULL;
}
