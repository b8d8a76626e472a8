/*
 * The TX worker: TUN -> MSS clamp -> ESP -> UDP, a batch at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/udp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "vtid/dp/gso.h"
#include "vtid/dp/mss.h"
#include "vtid/dp/user_int.h"

/* UDP GSO (UDP_SEGMENT): one send carries a run of equal-sized ESP
 * packets to one peer, and the stack below us is walked once per run
 * instead of once per packet.  The kernel takes at most 64 segments and
 * one IP packet's worth of bytes. */
#define USER_GSO_SEGS  64
#define USER_GSO_BYTES 60000

struct user_tx {
	/* per packet */
	struct iovec iov[USER_BATCH];
	struct sockaddr_storage to[USER_BATCH];
	socklen_t tolen[USER_BATCH];
	/* per send: a run of packets */
	struct mmsghdr msg[USER_BATCH];
	unsigned first[USER_BATCH], segs[USER_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(uint16_t))];
		struct cmsghdr align;
	} ctl[USER_BATCH];
	bool gso;
	uint8_t buf[USER_BATCH][USER_TX_SLOT];
	/* what the last read brought, being cut into segments */
	struct gso_seg seg;
	uint64_t seg_id;
	uint8_t in[GSO_VNET_LEN + GSO_MAX_PKT + 1];
};

static uint16_t user_clamp_for(const struct user_tunnel *t, const uint8_t *pkt)
{
	return (pkt[0] >> 4) == 6 ? t->mss6 : t->mss4;
}

/* The kernel's own packet, so never expected malformed: counted as the
 * outbound SA's malformed, or as no SA. */
static void user_tx_drop_bad(struct user_tunnel *t)
{
	if (t->out)
		t->out->esp.stats.malformed++;
	else
		t->no_sa_drops++;
}

/* Start cutting what one read of len bytes brought (a virtio header, then
 * a packet or a super-packet). */
static int user_tx_start(struct user_tx *tx, uint64_t id, size_t len)
{
	struct gso_vnet v;

	tx->seg_id = id;
	if (len < GSO_VNET_LEN) {
		tx->seg.pkt = NULL;
		return -EINVAL;
	}
	gso_vnet_get(tx->in, &v);
	return gso_seg_init(&tx->seg, &v, tx->in + GSO_VNET_LEN, len - GSO_VNET_LEN);
}

/*
 * Read, cut and seal one batch from the tunnel with this id.  The sealed
 * packets and copies of their destinations stay in tx, so the send needs
 * no lock.  A super-packet whose segments do not all fit in this batch
 * stays in tx->seg for the next one (with drain, the batch only goes on
 * with that).  Returns how many to send; *more when there may be more.
 */
static unsigned user_tx_batch(struct user_dp *dp, struct user_tx *tx, uint64_t id, bool drain,
			      bool *more)
{
	struct user_tunnel *t;
	unsigned n = 0, reads = 0;

	*more = false;
	pthread_mutex_lock(&dp->tx_lock);
	t = user_tunnel_find_id(dp, id);
	if (!t || tx->seg_id != id)
		tx->seg.pkt = NULL; /* its tunnel is gone */
	while (t && n < USER_BATCH) {
		uint8_t *slot = tx->buf[n], *pkt = slot + USER_TX_HEADROOM;
		struct user_sa *sa = t->out;
		struct esp_buf b;
		ssize_t len;

		if (!gso_seg_more(&tx->seg)) {
			if (drain || reads == USER_BATCH)
				break;
			len = read(t->fd, tx->in, sizeof(tx->in));
			if (len <= 0)
				break;
			reads++;
			if (user_tx_start(tx, id, (size_t)len) < 0) {
				user_tx_drop_bad(t);
				continue;
			}
		}
		/* The slot keeps room behind the packet for ESP's trailer. */
		len = gso_seg_next(&tx->seg, pkt, USER_MTU_MAX);
		if (len <= 0) {
			user_tx_drop_bad(t);
			continue;
		}
		if (!sa) {
			t->no_sa_drops++;
			continue;
		}
		if (sa->hard_packets || sa->hard_bytes) {
			if (user_sa_limit_reached(sa, true)) {
				sa->expired_drops++;
				continue;
			}
		}
		mss_clamp(pkt, (size_t)len, user_clamp_for(t, pkt));
		b = (struct esp_buf){slot, USER_TX_SLOT, USER_TX_HEADROOM, (size_t)len};
		if (esp_encap(&sa->esp, &b) < 0)
			continue; /* counted in the SA's seal_fails */
		memcpy(&tx->to[n], &sa->remote, sa->remote_len);
		tx->tolen[n] = sa->remote_len;
		tx->iov[n] = (struct iovec){b.base + b.off, b.len};
		n++;
	}
	*more = t && (n == USER_BATCH || reads == USER_BATCH || gso_seg_more(&tx->seg));
	pthread_mutex_unlock(&dp->tx_lock);
	return n;
}

static bool user_tx_same_peer(const struct user_tx *tx, unsigned a, unsigned b)
{
	return tx->tolen[a] == tx->tolen[b] && memcmp(&tx->to[a], &tx->to[b], tx->tolen[a]) == 0;
}

/* How many packets from i on can go as one GSO send: same peer, same
 * size, except that a shorter packet may end the run. */
static unsigned user_tx_run(const struct user_tx *tx, unsigned i, unsigned n)
{
	size_t seg = tx->iov[i].iov_len, total = seg;
	unsigned k = 1;

	if (!tx->gso)
		return 1;
	while (i + k < n && k < USER_GSO_SEGS && user_tx_same_peer(tx, i, i + k) &&
	       tx->iov[i + k].iov_len <= seg && total + tx->iov[i + k].iov_len <= USER_GSO_BYTES) {
		total += tx->iov[i + k].iov_len;
		if (tx->iov[i + k++].iov_len < seg)
			break;
	}
	return k;
}

static unsigned user_tx_group(struct user_tx *tx, unsigned start, unsigned n)
{
	unsigned i, m = 0;

	for (i = start; i < n; m++) {
		unsigned k = user_tx_run(tx, i, n);
		struct msghdr *h = &tx->msg[m].msg_hdr;

		*h = (struct msghdr){
			.msg_name = &tx->to[i],
			.msg_namelen = tx->tolen[i],
			.msg_iov = &tx->iov[i],
			.msg_iovlen = k,
		};
		if (k > 1) {
			struct cmsghdr *c;
			uint16_t seg = (uint16_t)tx->iov[i].iov_len;

			memset(tx->ctl[m].buf, 0, sizeof(tx->ctl[m].buf));
			h->msg_control = tx->ctl[m].buf;
			h->msg_controllen = sizeof(tx->ctl[m].buf);
			c = CMSG_FIRSTHDR(h);
			c->cmsg_level = SOL_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof(seg));
			memcpy(CMSG_DATA(c), &seg, sizeof(seg));
		}
		tx->first[m] = i;
		tx->segs[m] = k;
		i += k;
	}
	return m;
}

/* Packets start..n-1 of tx, in one sendmmsg() when all goes well. */
static void user_tx_send(struct user_dp *dp, struct user_tx *tx, unsigned start, unsigned n)
{
	unsigned m = user_tx_group(tx, start, n), done = 0;

	while (done < m) {
		int rc = sendmmsg(dp->udp_fd, tx->msg + done, m - done, MSG_DONTWAIT);

		if (rc > 0) {
			done += (unsigned)rc;
			continue;
		}
		if (rc < 0 && errno == EINTR)
			continue;
		/* A device without checksum offload refuses GSO (EIO), an
		 * old kernel does not know it: send one by one from now on. */
		if (tx->segs[done] > 1 && (errno == EIO || errno == EINVAL ||
					   errno == ENOPROTOOPT || errno == EOPNOTSUPP)) {
			tx->gso = false;
			user_tx_send(dp, tx, tx->first[done], n);
			return;
		}
		/* A full socket buffer or an unreachable peer: the packets are
		 * lost, as on a wire; TCP above recovers.  Skip just the send
		 * that failed so one bad destination does not sink the rest. */
		atomic_fetch_add_explicit(&dp->tx_send_fails, tx->segs[done], memory_order_relaxed);
		done++;
	}
}

void *user_tx_main(void *arg)
{
	struct user_dp *dp = arg;
	struct user_tx *tx = malloc(sizeof(*tx));
	struct epoll_event ev[16];

	int zero = 0;

	if (!tx) {
		log_fault(LOGM_DP, "dataplane: TX worker: out of memory");
		return NULL;
	}
	memset(&tx->seg, 0, sizeof(tx->seg));
	tx->seg_id = 0;
	/* Setting a zero default segment size changes nothing, and tells
	 * whether this kernel has UDP GSO at all. */
	tx->gso = setsockopt(dp->udp_fd, SOL_UDP, UDP_SEGMENT, &zero, sizeof(zero)) == 0;
	while (!atomic_load_explicit(&dp->stop, memory_order_relaxed)) {
		int n = epoll_wait(dp->tx_epfd, ev, 16, -1), i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_fault(LOGM_DP, "dataplane: TX worker: epoll_wait: %s", strerror(errno));
			break;
		}
		for (i = 0; i < n; i++) {
			bool more = true;
			int rounds;

			if (ev[i].data.u64 == 0)
				continue; /* the stop eventfd */
			/* A few batches per tunnel per wake-up, so one busy
			 * tunnel cannot starve the others. */
			for (rounds = 0; more && rounds < 4; rounds++) {
				unsigned k = user_tx_batch(dp, tx, ev[i].data.u64, false, &more);

				if (k)
					user_tx_send(dp, tx, 0, k);
			}
			/* A super-packet is never left half sent. */
			while (gso_seg_more(&tx->seg)) {
				unsigned k = user_tx_batch(dp, tx, ev[i].data.u64, true, &more);

				if (k)
					user_tx_send(dp, tx, 0, k);
			}
		}
	}
	free(tx);
	return NULL;
}
