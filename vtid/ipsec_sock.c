/*
 * The IKE sockets: UDP 500 and 4500 on the wildcard address, with the
 * local address of every datagram from IP_PKTINFO and replies sent from
 * it, so one pair of sockets serves every local address of every tunnel.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/log.h"
#include "vtid/dp/udp_local.h"
#include "vtid/ipsec.h"

int vtid_ipsec_sock_open(uint16_t port, struct strbuf *err)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
	int one = 1, fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto fail;
	return fd;
fail:
	sb_printf(err, "UDP port %u: %s\n", port, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -errno;
}

int vtid_ipsec_recv(int fd, uint16_t port, uint8_t *buf, size_t cap,
		    struct sockaddr_storage *local, struct sockaddr_storage *remote)
{
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} ctl;
	struct iovec iov = {.iov_base = buf, .iov_len = cap};
	struct msghdr mh = {
		.msg_name = remote,
		.msg_namelen = sizeof(*remote),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.b,
		.msg_controllen = sizeof(ctl.b),
	};
	struct sockaddr_storage bound = {.ss_family = AF_INET};
	ssize_t n;

	((struct sockaddr_in *)&bound)->sin_port = htons(port);
	memset(remote, 0, sizeof(*remote));
	n = recvmsg(fd, &mh, 0);
	if (n < 0)
		return -errno;
	dp_udp_local(&bound, &mh, local);
	if (mh.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	return (int)n;
}

int vtid_ipsec_sendto(struct vtid_ipsec *ip, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *remote, const uint8_t *buf, size_t len,
		      bool marker)
{
	static const uint8_t zero[4];
	const struct sockaddr_in *lin = (const struct sockaddr_in *)local;
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} ctl;
	struct iovec iov[2] = {
		{.iov_base = (void *)zero, .iov_len = sizeof(zero)},
		{.iov_base = (void *)buf, .iov_len = len},
	};
	bool natt = ntohs(lin->sin_port) == IKE_NATT_PORT;
	struct msghdr mh = {
		.msg_name = (void *)remote,
		.msg_namelen = sizeof(struct sockaddr_in),
		/* the marker exists on 4500 only */
		.msg_iov = natt && marker ? iov : iov + 1,
		.msg_iovlen = natt && marker ? 2 : 1,
	};
	int fd = natt ? ip->fd4500 : ip->fd500;

	if (remote->ss_family != AF_INET || local->ss_family != AF_INET)
		return -EAFNOSUPPORT;
	if (lin->sin_addr.s_addr != htonl(INADDR_ANY)) {
		struct in_pktinfo pi = {.ipi_spec_dst = lin->sin_addr};
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.b;
		mh.msg_controllen = sizeof(ctl.b);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	}
	if (sendmsg(fd, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}
