/*
 * The user dataplane backend: TUN devices, ESP in UDP (RFC 3948) done in
 * vtid, routes over rtnetlink.
 *
 * Threads.  The main event loop runs IKE, BGP and the control socket; a
 * keepalive or a DPD reply must never wait behind a packet flood, so no
 * packet is touched on it.  Two worker threads do the packet work, one per
 * direction, which also gives each direction a core of its own on a small
 * machine:
 *   TX  epoll over every tunnel's TUN fd; a batch of up to USER_BATCH
 *       packets per ready tunnel is read, MSS-clamped, encapsulated with the
 *       tunnel's active outbound SA, and sent with one sendmmsg().
 *   RX  recvmmsg() batches from the port 4500 socket; ESP is found by SPI,
 *       decapsulated, clamped and written to its tunnel's TUN fd; IKE is
 *       copied into a bounded queue (user_queue.c) and the main loop woken
 *       through an eventfd, where events->ike_input runs.
 * Workers never log per packet: they count, and a 1 s timer on the main
 * loop logs the counters that moved.
 *
 * Locking.  Only the main thread changes the tables (tunnels, SAs, routes);
 * the workers read them.  Each worker holds its own mutex for one whole
 * batch, never per packet and never while it sleeps in epoll_wait/poll, and
 * the main thread takes both mutexes (tx then rx) to change a table.  So a
 * worker pays one uncontended lock per batch (the two workers never share
 * a lock), the main thread waits at most for one batch in progress (tens of
 * microseconds), and a worker can never see an SA or tunnel half-made or
 * freed under it: whatever it found under its lock lives until it unlocks.
 * An SA's mutable state is touched by one worker only (seq_out by TX, the
 * replay window by RX), since an SA has one direction.  Worker counters are
 * plain integers written under the worker's lock and read by the main
 * thread under the same lock; the only atomics are the stop and "look at
 * the SA limits" flags and the send-failure counter bumped outside the lock.
 *
 * Sending IKE on the 4500 socket stays with the main thread (sendto() on a
 * UDP socket is thread-safe next to the TX worker's sendmmsg()).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <netlink/netlink.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/user_int.h"

static void user_free(struct dp *dp);
static int user_attach_udp(struct dp *dp, int fd, const struct sockaddr_storage *local,
			   struct strbuf *err);

static const struct dp_ops user_ops = {
	.free = user_free,
	.attach_udp = user_attach_udp,
	.tunnel_add = user_tunnel_add,
	.tunnel_del = user_tunnel_del,
	.sa_add = user_sa_add,
	.sa_del = user_sa_del,
	.sa_stats = user_sa_stats,
	.tunnel_stats = user_tunnel_stats,
};

void user_lock_all(struct user_dp *dp)
{
	pthread_mutex_lock(&dp->tx_lock);
	pthread_mutex_lock(&dp->rx_lock);
}

void user_unlock_all(struct user_dp *dp)
{
	pthread_mutex_unlock(&dp->rx_lock);
	pthread_mutex_unlock(&dp->tx_lock);
}

void user_wake_main(struct user_dp *dp)
{
	uint64_t one = 1;

	/* Fails only when the counter is saturated: the loop is awake anyway. */
	if (write(dp->wake_fd, &one, sizeof(one)) < 0)
		return;
}

static void user_ike_deliver(struct user_dp *dp)
{
	struct user_ike_msg *m = user_queue_take(&dp->ikeq);

	while (m) {
		struct user_ike_msg *next = m->next;

		if (dp->ev.ike_input)
			dp->ev.ike_input(dp->ctx, &m->local, &m->remote, m->buf, m->len);
		free(m);
		m = next;
	}
}

static void user_wake_cb(struct ev_io *io, unsigned revents, void *arg)
{
	struct user_dp *dp = arg;
	uint64_t n;

	(void)io;
	(void)revents;
	if (read(dp->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		log_fault(LOGM_DP, "dataplane: wake eventfd: %s", strerror(errno));
	user_ike_deliver(dp);
	if (atomic_exchange(&dp->expiry_pending, false))
		user_expiry_scan(dp);
}

static void user_tick_cb(struct ev_timer *t, void *arg)
{
	struct user_dp *dp = arg;

	user_drops_log(dp);
	user_expiry_scan(dp);
	ev_timer_arm(t, USER_LOG_PERIOD_MS);
}

static int user_fail(struct strbuf *err, const char *what, int rc)
{
	if (err)
		sb_printf(err, "user dataplane: %s: %s", what, strerror(-rc));
	return rc;
}

static int user_init(struct user_dp *dp, struct strbuf *err)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0};
	int rc;

	dp->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	dp->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	dp->tx_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (dp->stop_fd < 0 || dp->wake_fd < 0 || dp->tx_epfd < 0)
		return user_fail(err, "eventfd/epoll", -errno);
	/* id 0 is the stop eventfd; tunnels count from 1 */
	if (epoll_ctl(dp->tx_epfd, EPOLL_CTL_ADD, dp->stop_fd, &ev) < 0)
		return user_fail(err, "epoll_ctl", -errno);
	dp->base.nl = nl_socket_alloc();
	if (!dp->base.nl)
		return user_fail(err, "netlink socket", -ENOMEM);
	if (nl_connect(dp->base.nl, NETLINK_ROUTE) < 0)
		return user_fail(err, "netlink connect", -EIO);
	rc = ev_io_start(dp->base.loop, &dp->wake_io, dp->wake_fd, EV_READ, user_wake_cb, dp);
	if (rc < 0)
		return user_fail(err, "event loop", rc);
	ev_timer_init(&dp->tick, dp->base.loop, user_tick_cb, dp);
	ev_timer_arm(&dp->tick, USER_LOG_PERIOD_MS);
	return 0;
}

struct dp *dp_user_new(struct ev_loop *loop, const struct dp_events *ev, void *ctx,
		       struct strbuf *err)
{
	struct user_dp *dp = calloc(1, sizeof(*dp));

	if (!dp) {
		user_fail(err, "allocate", -ENOMEM);
		return NULL;
	}
	dp->base.ops = &user_ops;
	dp->base.kind = DP_USER;
	dp->base.loop = loop;
	if (ev)
		dp->ev = *ev;
	dp->ctx = ctx;
	dp->udp_fd = dp->tx_epfd = dp->stop_fd = dp->wake_fd = -1;
	atomic_init(&dp->stop, false);
	atomic_init(&dp->expiry_pending, false);
	atomic_init(&dp->tx_send_fails, 0);
	pthread_mutex_init(&dp->tx_lock, NULL);
	pthread_mutex_init(&dp->rx_lock, NULL);
	user_queue_init(&dp->ikeq);
	ev_timer_init(&dp->tick, loop, user_tick_cb, dp);
	if (user_init(dp, err) < 0) {
		user_free(&dp->base);
		return NULL;
	}
	return &dp->base;
}

static void user_threads_stop(struct user_dp *dp)
{
	uint64_t one = 1;

	if (!dp->threads)
		return;
	atomic_store(&dp->stop, true);
	/* Never read: it stays readable and wakes both workers for good. */
	if (write(dp->stop_fd, &one, sizeof(one)) < 0)
		log_fault(LOGM_DP, "dataplane: stop eventfd: %s", strerror(errno));
	pthread_join(dp->tx_thread, NULL);
	pthread_join(dp->rx_thread, NULL);
	dp->threads = false;
}

static void user_free(struct dp *base)
{
	struct user_dp *dp = user_dp_of(base);

	user_threads_stop(dp);
	dp_routes_free(&dp->base);
	while (dp->tunnels)
		user_tunnel_del(&dp->tunnels->base);
	ev_io_stop(&dp->wake_io);
	ev_timer_cancel(&dp->tick);
	if (dp->base.nl)
		nl_socket_free(dp->base.nl);
	if (dp->tx_epfd >= 0)
		close(dp->tx_epfd);
	if (dp->stop_fd >= 0)
		close(dp->stop_fd);
	if (dp->wake_fd >= 0)
		close(dp->wake_fd);
	user_queue_destroy(&dp->ikeq);
	pthread_mutex_destroy(&dp->tx_lock);
	pthread_mutex_destroy(&dp->rx_lock);
	free(dp);
}

/* libipsec's receiver drops under load for want of these.  FORCE passes
 * rmem_max when we are root; otherwise take what the kernel allows. */
static void user_sockbuf_set(int fd, int force, int plain)
{
	int size = USER_SOCKBUF;

	if (setsockopt(fd, SOL_SOCKET, force, &size, sizeof(size)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, plain, &size, sizeof(size));
}

static int user_attach_udp(struct dp *base, int fd, const struct sockaddr_storage *local,
			   struct strbuf *err)
{
	struct user_dp *dp = user_dp_of(base);
	sigset_t all, old;
	bool rx_failed = false;
	int rc;

	if (dp->threads)
		return user_fail(err, "a UDP socket is attached already", -EBUSY);
	if (fd < 0)
		return user_fail(err, "attach UDP socket", -EBADF);
	user_sockbuf_set(fd, SO_RCVBUFFORCE, SO_RCVBUF);
	user_sockbuf_set(fd, SO_SNDBUFFORCE, SO_SNDBUF);
	dp->udp_fd = fd;
	dp->udp_local = *local;
	/* The workers take no signal: the main loop reads them from its
	 * signalfd, and a signal delivered to a worker would take its default
	 * action (SIGTERM: kill the daemon without cleaning up). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = -pthread_create(&dp->tx_thread, NULL, user_tx_main, dp);
	if (rc == 0) {
		rc = -pthread_create(&dp->rx_thread, NULL, user_rx_main, dp);
		if (rc < 0)
			rx_failed = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc < 0 && !rx_failed)
		return user_fail(err, "start the TX thread", rc);
	if (rc < 0) {
		uint64_t one = 1;

		atomic_store(&dp->stop, true);
		if (write(dp->stop_fd, &one, sizeof(one)) < 0)
			log_fault(LOGM_DP, "dataplane: stop eventfd: %s", strerror(errno));
		pthread_join(dp->tx_thread, NULL);
		/* back to where we were, so that a later attach may work */
		if (read(dp->stop_fd, &one, sizeof(one)) < 0)
			log_fault(LOGM_DP, "dataplane: stop eventfd: %s", strerror(errno));
		atomic_store(&dp->stop, false);
		dp->udp_fd = -1;
		return user_fail(err, "start the RX thread", rc);
	}
	dp->threads = true;
	return 0;
}
