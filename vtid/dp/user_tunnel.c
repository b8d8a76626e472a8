/*
 * The user backend's tunnels: a TUN device each, whose link is up exactly
 * while the tunnel has an outbound SA.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/mss.h"
#include "vtid/dp/tun.h"
#include "vtid/dp/user_int.h"

struct user_tunnel *user_tunnel_find_id(struct user_dp *dp, uint64_t id)
{
	struct user_tunnel *t;

	for (t = dp->tunnels; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void user_tunnel_mss_set(struct user_tunnel *t, uint16_t mss)
{
	if (mss == DP_MSS_AUTO) {
		t->mss4 = mss_clamp_for_mtu(t->mtu, false);
		t->mss6 = mss_clamp_for_mtu(t->mtu, true);
	} else {
		t->mss4 = t->mss6 = mss;
	}
}

int user_tunnel_add(struct dp *base, const struct dp_tunnel_conf *c, void *tunnel_ctx,
		    struct dp_tunnel **out, struct strbuf *err)
{
	struct user_dp *dp = user_dp_of(base);
	struct dp_tun_conf tc = c->tun;
	struct epoll_event ev = {.events = EPOLLIN};
	struct user_tunnel *t;
	int rc;

	*out = NULL;
	if (tc.mtu == 0)
		tc.mtu = USER_MTU_DEFAULT;
	/* One read or write per 64 KiB of TCP instead of per packet: the
	 * workers cut and glue segments themselves (gso.h). */
	tc.offload = true;
	if (tc.mtu < 576 || tc.mtu > USER_MTU_MAX) {
		if (err)
			sb_printf(err, "tunnel %.*s: MTU %u outside 576..%u", IF_NAMESIZE - 1,
				  tc.name, tc.mtu, USER_MTU_MAX);
		return -EINVAL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		if (err)
			sb_printf(err, "tunnel %.*s: out of memory", IF_NAMESIZE - 1, tc.name);
		return -ENOMEM;
	}
	rc = dp_tun_open(&tc, &t->tun, err);
	if (rc < 0) {
		free(t);
		return rc;
	}
	t->base.dp = base;
	memcpy(t->base.ifname, dp_tun_name(t->tun), sizeof(t->base.ifname));
	t->dp = dp;
	t->ctx = tunnel_ctx;
	t->fd = dp_tun_fd(t->tun);
	t->base.ifindex = dp_tun_ifindex(t->tun);
	t->mtu = tc.mtu;
	user_tunnel_mss_set(t, c->mss);
	t->id = ++dp->tunnel_ids;
	ev.data.u64 = t->id;
	if (epoll_ctl(dp->tx_epfd, EPOLL_CTL_ADD, t->fd, &ev) < 0) {
		rc = -errno;
		if (err)
			sb_printf(err, "tunnel %s: epoll_ctl: %s", t->base.ifname, strerror(errno));
		dp_tun_close(t->tun);
		free(t);
		return rc;
	}
	user_lock_all(dp);
	t->next = dp->tunnels;
	dp->tunnels = t;
	user_unlock_all(dp);
	*out = &t->base;
	return 0;
}

int user_tunnel_link_update(struct user_tunnel *t, struct strbuf *err)
{
	bool want = t->out != NULL;
	int rc;

	if (want == t->base.link_up)
		return 0;
	/* A route over a down link is refused, and the kernel drops IPv4
	 * routes through a link that goes down: take our nexthops out first
	 * so our route table and the kernel's agree. */
	if (!want)
		dp_routes_drop_tunnel(&t->dp->base, &t->base);
	rc = dp_tun_set_up(t->tun, want, err);
	if (rc < 0)
		return rc;
	t->base.link_up = want;
	return 0;
}

void user_tunnel_del(struct dp_tunnel *base)
{
	struct user_tunnel *t = user_tunnel_of(base);
	struct user_dp *dp = t->dp;
	struct user_tunnel **pp;
	struct user_sa *sa;

	dp_routes_drop_tunnel(&dp->base, &t->base);
	user_lock_all(dp);
	for (pp = &dp->tunnels; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	for (sa = t->sas; sa; sa = sa->tnext)
		if (sa->inbound)
			user_sa_table_remove(&dp->in, sa);
	user_unlock_all(dp);

	/* The workers cannot reach it any more. */
	if (epoll_ctl(dp->tx_epfd, EPOLL_CTL_DEL, t->fd, NULL) < 0)
		log_fault(LOGM_DP, "tunnel %s: epoll_ctl del: %s", t->base.ifname, strerror(errno));
	while (t->sas) {
		sa = t->sas;
		t->sas = sa->tnext;
		user_sa_free(sa);
	}
	dp_tun_close(t->tun);
	free(t);
}

int user_tunnel_stats(struct dp_tunnel *base, struct dp_sa_stats *in, struct dp_sa_stats *out)
{
	struct user_tunnel *t = user_tunnel_of(base);
	struct user_sa *sa;

	*in = t->past_in;
	*out = t->past_out;
	user_lock_all(t->dp);
	for (sa = t->sas; sa; sa = sa->tnext) {
		struct dp_sa_stats s;

		user_sa_stats_get(sa, &s);
		user_sa_stats_add(sa->inbound ? in : out, &s);
	}
	out->other_drops += t->no_sa_drops;
	user_unlock_all(t->dp);
	return 0;
}
