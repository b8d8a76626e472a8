/*
 * The listener: TCP port 179 on IPv4 and IPv6; an accepted connection goes
 * to the session of the neighbor with that address, others are closed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/speaker_int.h"
#include "common/log.h"
#include "common/strbuf.h"

static void sockaddr_to_addr(const struct sockaddr_storage *ss, struct vt_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		a->family = AF_INET;
		a->u.v4 = ((const struct sockaddr_in *)ss)->sin_addr;
	} else if (ss->ss_family == AF_INET6) {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(v6)) {
			a->family = AF_INET;
			memcpy(&a->u.v4, &v6->s6_addr[12], 4);
		} else {
			a->family = AF_INET6;
			a->u.v6 = *v6;
		}
	}
}

static void listen_accept(struct ev_io *io, unsigned revents, void *arg)
{
	struct bgp_speaker *sp = arg;
	char buf[VT_ADDR_STRLEN];
	int lfd = sp->listen_fd[io == &sp->listen_io[0] ? 0 : 1];

	(void)revents;
	/* a bounded batch per pass: a flood of connections must not starve
	 * the rest of the loop */
	for (int k = 0; k < 16; k++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		struct bgp_peer *p;
		struct vt_addr a;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				log_warn(LOGM_BGP, "accept: %s", strerror(errno));
			return;
		}
		sockaddr_to_addr(&ss, &a);
		p = bgp_speaker_peer_lookup(sp, &a);
		if (!p) {
			log_peer(LOGM_BGP, "connection from %s refused: not a configured neighbor",
				 vt_addr_fmt(&a, buf, sizeof(buf)));
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
		bgp_session_accept(p->s, fd);
	}
}

static int listen_one(struct bgp_speaker *sp, int i, int family, struct strbuf *err)
{
	uint16_t port = sp->conf.listen_port ? sp->conf.listen_port : BGP_PORT;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		/* no IPv6 in this namespace: IPv4 alone is fine */
		if (family == AF_INET6 && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT))
			return 0;
		sb_printf(err, "BGP listener: socket: %s", strerror(errno));
		return -errno;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &(int){1}, sizeof(int));
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		sl = sizeof(*s6);
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 64) < 0) {
		int e = errno;

		close(fd);
		if (family == AF_INET6 && e == EADDRNOTAVAIL)
			return 0;
		sb_printf(err, "BGP listener on %s port %u: %s", family == AF_INET ? "IPv4" : "IPv6",
			  port, strerror(e));
		return -e;
	}
	sp->listen_fd[i] = fd;
	return ev_io_start(sp->loop, &sp->listen_io[i], fd, EV_READ, listen_accept, sp);
}

int bgp_listen_start(struct bgp_speaker *sp, struct strbuf *err)
{
	int rc = listen_one(sp, 0, AF_INET, err);

	if (rc == 0)
		rc = listen_one(sp, 1, AF_INET6, err);
	if (rc < 0)
		bgp_listen_stop(sp);
	return rc;
}

void bgp_listen_stop(struct bgp_speaker *sp)
{
	for (int i = 0; i < 2; i++) {
		ev_io_stop(&sp->listen_io[i]);
		if (sp->listen_fd[i] >= 0)
			close(sp->listen_fd[i]);
		sp->listen_fd[i] = -1;
	}
}
