/*
 * The real transport: a non-blocking TCP connection to the neighbor, from
 * the update source when one is set.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/session.h"
#include "common/log.h"

static socklen_t bgp_tcp_sockaddr(const struct vt_addr *a, uint16_t port,
				  struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = a->u.v4;
		return sizeof(*sin);
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = a->u.v6;
		return sizeof(*sin6);
	}
	return 0;
}

static int bgp_tcp_setopt(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val)) < 0 ? -errno : 0;
}

static int bgp_tcp_prepare(int fd, const struct bgp_session_conf *c)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int rc = 0;

	if (c->ttl && c->remote.family == AF_INET)
		rc = bgp_tcp_setopt(fd, IPPROTO_IP, IP_TTL, c->ttl);
	else if (c->ttl)
		rc = bgp_tcp_setopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, c->ttl);
	if (rc == 0)
		rc = bgp_tcp_setopt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
	if (rc < 0 || c->local.family == 0)
		return rc;
	if (c->local.family != c->remote.family)
		return -EAFNOSUPPORT;
	/* A tunnel's inside address may not be there yet: bind anyway and
	 * let the connect fail (and be retried) until it is. */
	if (c->local.family == AF_INET)
		rc = bgp_tcp_setopt(fd, IPPROTO_IP, IP_FREEBIND, 1);
	else
		rc = bgp_tcp_setopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, 1);
	if (rc < 0)
		return rc;
	len = bgp_tcp_sockaddr(&c->local, 0, &ss);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		return -errno;
	return 0;
}

static int bgp_tcp_connect(void *tctx, const struct bgp_session_conf *c, int *out)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc;

	(void)tctx;
	len = bgp_tcp_sockaddr(&c->remote, c->port ? c->port : BGP_PORT, &ss);
	if (!len)
		return -EAFNOSUPPORT;
	fd = socket(c->remote.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0)
		return -errno;
	rc = bgp_tcp_prepare(fd, c);
	if (rc == 0 && connect(fd, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	*out = fd;
	return 0;
}

const struct bgp_transport bgp_transport_tcp = {
	.connect = bgp_tcp_connect,
	.tctx = NULL,
};
