/*
 * The kernel dataplane backend: VTI or XFRM interface links, XFRM states
 * and policies, an nftables table and routes, all made over netlink; the
 * kernel does ESP.  Everything runs on the main loop.
 *
 * The port 4500 socket gets UDP_ENCAP_ESPINUDP: from then on the kernel
 * takes ESP-in-UDP and NAT-T keepalives off it before they reach us, and
 * what is left to read is IKE behind the non-ESP marker, which we strip
 * and hand to events->ike_input.
 *
 * A run that died leaves links, states, policies and the nft table behind;
 * dp_kern_new removes them (kern_purge) before it makes anything, found by
 * the marks kern_int.h describes, never by name alone.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <netlink/errno.h>
#include <netlink/netlink.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/esp.h"
#include "vtid/dp/kern_int.h"
#include "vtid/dp/nl_link_err.h"
#include "vtid/dp/udp_local.h"

#define KERN_UDP_BATCH 32 /* datagrams read per wakeup: the loop stays fair */

static int kern_fail(struct strbuf *err, const char *what, int rc)
{
	if (err)
		sb_printf(err, "kernel dataplane: %s: %s", what, strerror(-rc));
	return rc;
}

static void kern_free(struct dp *dp);
static int kern_attach_udp(struct dp *dp, int fd, const struct sockaddr_storage *local,
			   struct strbuf *err);

static const struct dp_ops kern_ops = {
	.free = kern_free,
	.attach_udp = kern_attach_udp,
	.tunnel_add = kern_tunnel_add,
	.tunnel_del = kern_tunnel_del,
	.sa_add = kern_sa_add,
	.sa_del = kern_sa_del,
	.sa_stats = kern_sa_stats,
	.tunnel_stats = kern_tunnel_stats,
};

int kern_purge(struct kern_dp *dp, struct strbuf *err)
{
	int links, states, rc;

	/* Links first: routes through them go with them. */
	links = kern_link_purge(dp->base.nl, err);
	if (links < 0)
		return links;
	states = kx_purge(dp->kx, err);
	if (states < 0)
		return states;
	rc = kern_nft_table_delete(dp->nft, err);
	if (rc < 0)
		return rc;
	if (links || states)
		log_notice(LOGM_DP,
			   "kernel dataplane: removed %d links and %d XFRM objects "
			   "left by an earlier run",
			   links, states);
	return 0;
}

static int kern_init(struct kern_dp *dp, struct strbuf *err)
{
	static const struct kx_events kx_ev = {.expired = kern_sa_expired};
	struct strbuf why;
	int rc;

	/* `dataplane kernel` on a kernel that cannot: say so now, not at the
	 * first tunnel. */
	sb_init(&why);
	rc = dp_kern_probe(&why);
	if (rc != 1 && err)
		sb_printf(err, "kernel dataplane: cannot run here: %s", sb_str(&why));
	sb_free(&why);
	if (rc != 1)
		return -EOPNOTSUPP;
	dp->base.nl = nl_socket_alloc();
	if (!dp->base.nl)
		return kern_fail(err, "netlink socket", -ENOMEM);
	rc = nl_connect(dp->base.nl, NETLINK_ROUTE);
	if (rc < 0)
		return kern_fail(err, "netlink connect", dp_nl_link_errno(rc));
	dp->kx = kx_new(dp->base.loop, &kx_ev, dp, err);
	if (!dp->kx)
		return -EIO;
	rc = kern_nft_open(dp, err);
	if (rc == 0)
		rc = kern_purge(dp, err);
	if (rc == 0)
		rc = kern_sysctl_global(err);
	return rc;
}

struct dp *dp_kern_new(struct ev_loop *loop, const struct dp_events *ev, void *ctx,
		       struct strbuf *err)
{
	struct kern_dp *dp = calloc(1, sizeof(*dp));

	if (!dp) {
		kern_fail(err, "allocate", -ENOMEM);
		return NULL;
	}
	dp->base.ops = &kern_ops;
	dp->base.kind = DP_KERNEL;
	dp->base.loop = loop;
	if (ev)
		dp->ev = *ev;
	dp->ctx = ctx;
	dp->udp_fd = -1;
	if (kern_init(dp, err) < 0) {
		kern_free(&dp->base);
		return NULL;
	}
	return &dp->base;
}

static void kern_free(struct dp *base)
{
	struct kern_dp *dp = kern_dp_of(base);
	struct strbuf err;

	ev_io_stop(&dp->udp_io);
	if (dp->base.nl)
		dp_routes_free(&dp->base);
	while (dp->tunnels)
		kern_tunnel_del(&dp->tunnels->base);
	if (dp->nft) {
		sb_init(&err);
		if (kern_nft_table_delete(dp->nft, &err) < 0)
			log_fault(LOGM_DP, "%s", sb_str(&err));
		sb_free(&err);
	}
	kern_nft_close(dp);
	if (dp->kx)
		kx_free(dp->kx);
	if (dp->base.nl)
		nl_socket_free(dp->base.nl);
	free(dp->udp_buf);
	free(dp);
}

static void kern_udp_readable(struct ev_io *io, unsigned revents, void *arg)
{
	struct kern_dp *dp = arg;

	(void)io;
	(void)revents;
	for (unsigned i = 0; i < KERN_UDP_BATCH; i++) {
		struct sockaddr_storage from, local;
		union {
			struct cmsghdr align;
			uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		} cbuf;
		struct iovec iov = {.iov_base = dp->udp_buf, .iov_len = KERN_UDP_BUF};
		struct msghdr h = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf.buf,
			.msg_controllen = sizeof(cbuf.buf),
		};
		ssize_t n = recvmsg(dp->udp_fd, &h, MSG_DONTWAIT);
		size_t off;

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_fault(LOGM_DP, "kernel dataplane: read UDP 4500: %s",
					  strerror(errno));
			return;
		}
		if (h.msg_flags & MSG_TRUNC)
			continue;
		/* The kernel keeps ESP and keepalives; anything else but IKE
		 * is a peer's malformed datagram. */
		if (esp_udp_classify(dp->udp_buf, (size_t)n, &off) != ESP_UDP_IKE)
			continue;
		dp_udp_local(&dp->udp_local, &h, &local);
		if (dp->ev.ike_input)
			dp->ev.ike_input(dp->ctx, &local, &from, dp->udp_buf + off,
					 (size_t)n - off);
	}
}

static int kern_attach_udp(struct dp *base, int fd, const struct sockaddr_storage *local,
			   struct strbuf *err)
{
	struct kern_dp *dp = kern_dp_of(base);
	int encap = UDP_ENCAP_ESPINUDP, one = 1, rc;

	if (dp->udp_fd >= 0)
		return kern_fail(err, "a UDP socket is attached already", -EBUSY);
	if (fd < 0)
		return kern_fail(err, "attach UDP socket", -EBADF);
	if (!dp->udp_buf && !(dp->udp_buf = malloc(KERN_UDP_BUF)))
		return kern_fail(err, "attach UDP socket", -ENOMEM);
	if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap)) < 0)
		return kern_fail(err, "set UDP_ENCAP_ESPINUDP", -errno);
	if (local->ss_family == AF_INET &&
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0)
		return kern_fail(err, "set IP_PKTINFO", -errno);
	rc = ev_io_start(dp->base.loop, &dp->udp_io, fd, EV_READ, kern_udp_readable, dp);
	if (rc < 0)
		return kern_fail(err, "watch UDP 4500", rc);
	dp->udp_fd = fd;
	dp->udp_local = *local;
	return 0;
}

/* Without libcap: the effective set of this thread. */
static bool kern_has_net_admin(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return (data[CAP_NET_ADMIN / 32].effective & (1u << (CAP_NET_ADMIN % 32))) != 0;
}

int dp_kern_probe(struct strbuf *why)
{
	struct strbuf links;
	struct nl_sock *nl;
	int rc;

	if (!kern_has_net_admin()) {
		if (why)
			sb_add(why, "no CAP_NET_ADMIN");
		return 0;
	}
	nl = nl_socket_alloc();
	if (!nl) {
		if (why)
			sb_add(why, "out of memory");
		return 0;
	}
	rc = nl_connect(nl, NETLINK_ROUTE);
	if (rc < 0) {
		if (why)
			sb_printf(why, "rtnetlink: %s", nl_geterror(rc));
		nl_socket_free(nl);
		return 0;
	}
	/* Either link type will do; the configuration names the one it wants. */
	sb_init(&links);
	rc = kern_link_probe(nl, false, &links);
	if (rc < 0) {
		sb_add(&links, "; ");
		rc = kern_link_probe(nl, true, &links);
	}
	nl_socket_free(nl);
	if (rc < 0 && why)
		sb_add(why, sb_str(&links));
	sb_free(&links);
	if (rc < 0)
		return 0;
	rc = kx_probe(why);
	return rc == 1 ? 1 : 0;
}
