/*
 * Link announcements (vtid/dp/nl_link_watch.h).
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include "common/evloop.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/nl_link_watch.h"

struct dp_link_watch {
	int fd;
	struct ev_io io;
	void (*down)(void *arg, int ifindex);
	void *arg;
	uint8_t buf[16384];
};

static void link_msg(struct dp_link_watch *w, const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	unsigned live = IFF_UP | IFF_LOWER_UP;

	if ((h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)) || ifi->ifi_index <= 0)
		return;
	if (h->nlmsg_type == RTM_DELLINK || (ifi->ifi_flags & live) != live)
		w->down(w->arg, ifi->ifi_index);
}

static void link_readable(struct ev_io *io, unsigned revents, void *arg)
{
	struct dp_link_watch *w = arg;

	(void)io;
	(void)revents;
	for (;;) {
		ssize_t n = recv(w->fd, w->buf, sizeof(w->buf), MSG_DONTWAIT);
		int len;

		if (n < 0 && errno == ENOBUFS) {
			/* announcements lost: assume the worst */
			w->down(w->arg, 0);
			continue;
		}
		if (n <= 0)
			return;
		len = (int)n;
		for (struct nlmsghdr *h = (void *)w->buf; nlmsg_ok(h, len); h = nlmsg_next(h, &len))
			link_msg(w, h);
	}
}

struct dp_link_watch *dp_link_watch_new(struct ev_loop *loop, void (*down)(void *arg, int ifindex),
					void *arg, struct strbuf *err)
{
	struct dp_link_watch *w = calloc(1, sizeof(*w));
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK};
	int rc;

	if (!w) {
		if (err)
			sb_add(err, "links: out of memory");
		return NULL;
	}
	w->down = down;
	w->arg = arg;
	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (w->fd < 0 || bind(w->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (err)
			sb_printf(err, "links: netlink: %s", strerror(errno));
		goto fail;
	}
	rc = ev_io_start(loop, &w->io, w->fd, EV_READ, link_readable, w);
	if (rc < 0) {
		if (err)
			sb_printf(err, "links: watch: %s", strerror(-rc));
		goto fail;
	}
	return w;
fail:
	if (w->fd >= 0)
		close(w->fd);
	free(w);
	return NULL;
}

void dp_link_watch_free(struct dp_link_watch *w)
{
	if (!w)
		return;
	ev_io_stop(&w->io);
	close(w->fd);
	free(w);
}
