/*
 * The dataplane interface: picks a backend and dispatches to it.
 */
#include <errno.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "vtid/dp/dp_backend.h"

struct dp *dp_new(enum dp_kind kind, struct ev_loop *loop, const struct dp_events *ev, void *ctx,
		  struct strbuf *err)
{
	switch (kind) {
	case DP_USER:
		return dp_user_new(loop, ev, ctx, err);
	case DP_KERNEL:
		return dp_kern_new(loop, ev, ctx, err);
	}
	if (err)
		sb_add(err, "unknown dataplane kind");
	return NULL;
}

void dp_free(struct dp *dp)
{
	if (dp)
		dp->ops->free(dp);
}

const char *dp_kind_name(enum dp_kind kind)
{
	switch (kind) {
	case DP_USER:
		return "user";
	case DP_KERNEL:
		return "kernel";
	}
	return "?";
}

int dp_attach_udp(struct dp *dp, int fd, const struct sockaddr_storage *local, struct strbuf *err)
{
	return dp->ops->attach_udp(dp, fd, local, err);
}

int dp_tunnel_add(struct dp *dp, const struct dp_tunnel_conf *c, void *tunnel_ctx,
		  struct dp_tunnel **out, struct strbuf *err)
{
	return dp->ops->tunnel_add(dp, c, tunnel_ctx, out, err);
}

void dp_tunnel_del(struct dp_tunnel *t)
{
	if (t)
		t->dp->ops->tunnel_del(t);
}

int dp_sa_add(struct dp_tunnel *t, const struct dp_sa_conf *c, struct strbuf *err)
{
	return t->dp->ops->sa_add(t, c, err);
}

int dp_sa_del(struct dp_tunnel *t, uint32_t spi, bool inbound)
{
	return t->dp->ops->sa_del(t, spi, inbound);
}

int dp_sa_stats(struct dp_tunnel *t, uint32_t spi, bool inbound, struct dp_sa_stats *out)
{
	return t->dp->ops->sa_stats(t, spi, inbound, out);
}

int dp_tunnel_stats(struct dp_tunnel *t, struct dp_sa_stats *in, struct dp_sa_stats *out)
{
	return t->dp->ops->tunnel_stats(t, in, out);
}

const char *dp_tunnel_ifname(const struct dp_tunnel *t)
{
	return t->ifname;
}

bool dp_tunnel_link_up(const struct dp_tunnel *t)
{
	return t->link_up;
}
