/*
 * BGP's best routes into the kernel, and tunnels' state into BGP.
 *
 * A next hop inside a tunnel's inside prefix goes over that tunnel's
 * interface, and only while the tunnel has an SA (its link is up); any
 * other next hop is a plain gateway the kernel resolves.  When a tunnel
 * loses its SA, the BGP neighbors inside it are dropped at once (their
 * routes leave with them); when it gets one, they connect at once.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "common/log.h"
#include "vtid/bgp_mgr.h"
#include "vtid/daemon.h"
#include "vtid/ipsec.h"
#include "vtid/tunnel_mgr.h"

static bool tunnel_inside(const struct tunnel *t, int family, struct vt_prefix *out)
{
	const struct tunnel_conf *c = t->conf;

	memset(out, 0, sizeof(*out));
	if (family == AF_INET && c->has_inside) {
		out->addr = c->inside_local;
		out->len = c->inside_len;
	} else if (family == AF_INET6 && c->has_inside6) {
		out->addr = c->inside_local6;
		out->len = c->inside_len6;
	} else {
		return false;
	}
	vt_prefix_mask(out);
	return true;
}

static const struct tunnel *tunnel_of(const struct vtid_daemon *d, const struct vt_addr *a)
{
	struct vt_prefix in;

	for (size_t i = 0; i < tunnel_mgr_count(d->tunnels); i++) {
		const struct tunnel *t = tunnel_mgr_at(d->tunnels, i);

		if (tunnel_inside(t, a->family, &in) && vt_prefix_contains_addr(&in, a))
			return t;
	}
	return NULL;
}

/* The dataplane routes go through; made with the IPsec runtime. */
static struct dp *fib_dp(struct vtid_daemon *d)
{
	struct strbuf err = STRBUF_INIT;

	if (!d->ipsec && d->loop) {
		d->ipsec = vtid_ipsec_new(d->loop, vtid_daemon_dp_kind(d), &err);
		if (!d->ipsec)
			log_fault(LOGM_BGP, "cannot install routes: %s", sb_str(&err));
		else
			vtid_daemon_ipsec_hooks(d);
	}
	sb_free(&err);
	return d->ipsec ? d->ipsec->dp : NULL;
}

static void fib_route(void *ctx, const struct vt_prefix *p, const struct bgp_nexthop *nh,
		      unsigned n)
{
	struct vtid_daemon *d = ctx;
	struct dp_nexthop v[BGP_NEXTHOPS_MAX];
	struct strbuf err = STRBUF_INIT;
	char pb[VT_PREFIX_STRLEN];
	struct dp *dp = fib_dp(d);
	unsigned k = 0;
	int rc;

	if (!dp)
		return;
	for (unsigned i = 0; i < n && k < BGP_NEXTHOPS_MAX; i++) {
		const struct tunnel *t = tunnel_of(d, &nh[i].gw);

		memset(&v[k], 0, sizeof(v[k]));
		if (t && !(t->rt && t->rt->dpt && dp_tunnel_link_up(t->rt->dpt)))
			continue; /* no SA: no route through it */
		v[k].tunnel = t ? t->rt->dpt : NULL;
		v[k].gw = nh[i].gw;
		k++;
	}
	if (k)
		rc = dp_route_replace(dp, p, v, k, RTPROT_BGP, &err);
	else
		rc = dp_route_del(dp, p, &err);
	/* the dataplane's reason names the route already */
	if (rc < 0 && rc != -ENOENT && rc != -ESRCH)
		log_warn(LOGM_BGP, "%s", err.len ? sb_str(&err) : vt_prefix_fmt(p, pb, sizeof(pb)));
	sb_free(&err);
}

static bool fib_tunnel_peer(void *ctx, const struct vt_addr *a)
{
	const struct vtid_daemon *d = ctx;

	for (size_t i = 0; i < tunnel_mgr_count(d->tunnels); i++) {
		const struct tunnel_conf *c = tunnel_mgr_at(d->tunnels, i)->conf;

		if ((c->has_inside && vt_addr_eq(&c->inside_peer, a)) ||
		    (c->has_inside6 && vt_addr_eq(&c->inside_peer6, a)))
			return true;
	}
	return false;
}

void vtid_daemon_bgp_attach(struct vtid_daemon *d)
{
	struct bgp_mgr_env env = {
		.loop = d->loop,
		.route = fib_route,
		.tunnel_peer = fib_tunnel_peer,
		.ctx = d,
	};

	bgp_mgr_attach(d->bgp, &env);
}

/* A tunnel got or lost its SA. */
static void tunnel_state(void *ctx, const struct tunnel_rt *rt, bool up)
{
	struct vtid_daemon *d = ctx;
	const struct tunnel *t = tunnel_mgr_find(d->tunnels, rt->name);
	struct vt_prefix in;

	if (!t)
		return;
	if (tunnel_inside(t, AF_INET, &in))
		bgp_mgr_tunnel_state(d->bgp, rt->name, &in, up);
	if (tunnel_inside(t, AF_INET6, &in))
		bgp_mgr_tunnel_state(d->bgp, rt->name, &in, up);
}

void vtid_daemon_ipsec_hooks(struct vtid_daemon *d)
{
	d->ipsec->tunnel_state = tunnel_state;
	d->ipsec->tunnel_state_ctx = d;
}
