/*
 * The kernel backend's tunnels and SAs: a link each (kern_link.c), two
 * XFRM policies selected by the tunnel's key, and its states (kern_xfrm.h).
 * The link is up exactly while the tunnel has an outbound SA, as in the
 * user backend, so a route through it exists only while traffic can leave.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_int.h"
#include "vtid/dp/mss.h"

/* The low 16 bits of a reqid; the top few are left to kx_probe. */
#define KERN_REQID_MAX 0xff00u

static struct kern_tunnel *kern_tunnel_find_reqid(struct kern_dp *dp, uint32_t reqid)
{
	struct kern_tunnel *t;

	for (t = dp->tunnels; t; t = t->next)
		if (t->kx.reqid == reqid)
			return t;
	return NULL;
}

static uint32_t kern_reqid_pick(struct kern_dp *dp)
{
	for (unsigned tries = 0; tries < KERN_REQID_MAX; tries++) {
		uint32_t reqid;

		dp->reqid_next = dp->reqid_next % KERN_REQID_MAX + 1;
		reqid = KX_REQID_BASE | dp->reqid_next;
		if (!kern_tunnel_find_reqid(dp, reqid))
			return reqid;
	}
	return 0;
}

static int kern_tunnel_conf_check(const struct dp_tunnel_conf *c, struct strbuf *err)
{
	size_t n = strnlen(c->tun.name, IF_NAMESIZE);
	const char *why = NULL;

	if (n == 0 || n >= IF_NAMESIZE || strpbrk(c->tun.name, "%/: \t\n"))
		why = "invalid interface name";
	else if (c->tun.mtu && (c->tun.mtu < KERN_MTU_MIN || c->tun.mtu > KERN_MTU_MAX))
		why = "MTU outside 576..9000";
	else if (c->iftype != DP_IF_VTI && c->iftype != DP_IF_XFRM)
		why = "unknown interface type";
	else if (c->iftype == DP_IF_VTI && (c->remote.family != AF_INET ||
					    (c->local.family != AF_INET && c->local.family != 0)))
		why = "a VTI needs IPv4 outer addresses";
	else if (c->tun.has_addr4 && (c->tun.prefixlen4 < 1 || c->tun.prefixlen4 > 32))
		why = "IPv4 prefix length";
	else if (c->tun.has_addr6 && (c->tun.prefixlen6 < 1 || c->tun.prefixlen6 > 128))
		why = "IPv6 prefix length";
	if (!why)
		return 0;
	if (err)
		sb_printf(err, "tunnel %.*s: %s", IF_NAMESIZE - 1, c->tun.name, why);
	return -EINVAL;
}

static void kern_tunnel_mss_set(struct kern_tunnel *t, uint16_t mss)
{
	if (mss == DP_MSS_AUTO) {
		t->mss4 = mss_clamp_for_mtu(t->mtu, false);
		t->mss6 = mss_clamp_for_mtu(t->mtu, true);
	} else {
		t->mss4 = t->mss6 = mss;
	}
}

static void kern_tunnel_unlink(struct kern_dp *dp, struct kern_tunnel *t)
{
	struct kern_tunnel **pp;

	for (pp = &dp->tunnels; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			return;
		}
	}
}

/* Undo what kern_tunnel_add did; the tunnel is still in dp's list. */
static void kern_tunnel_destroy(struct kern_dp *dp, struct kern_tunnel *t)
{
	struct strbuf err;

	while (t->sas) {
		struct kern_sa *sa = t->sas;
		int rc = kx_state_del(dp->kx, &t->kx, sa->spi, sa->inbound);

		if (rc < 0 && rc != -ENOENT)
			log_fault(LOGM_DP, "tunnel %s: delete SA %08x: %s", t->base.ifname, sa->spi,
				  strerror(-rc));
		t->sas = sa->next;
		free(sa);
	}
	if (t->policies)
		kx_policies_del(dp->kx, &t->kx);
	kern_link_delete(dp, t);
	kern_tunnel_unlink(dp, t);
	sb_init(&err);
	if (kern_nft_sync(dp, &err) < 0)
		log_fault(LOGM_DP, "tunnel %s: %s", t->base.ifname, sb_str(&err));
	sb_free(&err);
	free(t);
}

int kern_tunnel_add(struct dp *base, const struct dp_tunnel_conf *c, void *tunnel_ctx,
		    struct dp_tunnel **out, struct strbuf *err)
{
	struct kern_dp *dp = kern_dp_of(base);
	struct kern_tunnel *t;
	int rc;

	*out = NULL;
	rc = kern_tunnel_conf_check(c, err);
	if (rc < 0)
		return rc;
	t = calloc(1, sizeof(*t));
	if (!t) {
		if (err)
			sb_printf(err, "tunnel %s: out of memory", c->tun.name);
		return -ENOMEM;
	}
	t->base.dp = base;
	memcpy(t->base.ifname, c->tun.name, strnlen(c->tun.name, IF_NAMESIZE - 1));
	t->dp = dp;
	t->ctx = tunnel_ctx;
	t->mtu = c->tun.mtu ? c->tun.mtu : KERN_MTU_DEFAULT;
	kern_tunnel_mss_set(t, c->mss);
	t->kx.reqid = kern_reqid_pick(dp);
	t->kx.iftype = c->iftype;
	t->kx.key = c->key;
	t->kx.local = c->local;
	t->kx.remote = c->remote;
	if (t->kx.reqid == 0) {
		free(t);
		if (err)
			sb_printf(err, "tunnel %s: no reqid left", c->tun.name);
		return -ENOSPC;
	}
	t->next = dp->tunnels;
	dp->tunnels = t;
	rc = kern_link_create(dp, t, c, err);
	if (rc == 0) {
		rc = kx_policies_add(dp->kx, &t->kx, err);
		t->policies = rc == 0;
	}
	if (rc == 0)
		rc = kern_nft_sync(dp, err);
	if (rc < 0) {
		kern_tunnel_destroy(dp, t);
		return rc;
	}
	*out = &t->base;
	return 0;
}

void kern_tunnel_del(struct dp_tunnel *base)
{
	struct kern_tunnel *t = kern_tunnel_of(base);

	dp_routes_drop_tunnel(&t->dp->base, &t->base);
	kern_tunnel_destroy(t->dp, t);
}

static int kern_tunnel_link_update(struct kern_tunnel *t, struct strbuf *err)
{
	bool want = t->out_count > 0;
	int rc;

	if (want == t->base.link_up)
		return 0;
	/* The kernel drops IPv4 routes through a link that goes down: take
	 * our nexthops out first so our table and the kernel's agree. */
	if (!want)
		dp_routes_drop_tunnel(&t->dp->base, &t->base);
	rc = kern_link_set_up(t->dp, t, want, err);
	if (rc < 0)
		return rc;
	t->base.link_up = want;
	return 0;
}

static struct kern_sa **kern_sa_find(struct kern_tunnel *t, uint32_t spi, bool inbound)
{
	struct kern_sa **pp;

	for (pp = &t->sas; *pp; pp = &(*pp)->next)
		if ((*pp)->spi == spi && (*pp)->inbound == inbound)
			return pp;
	return NULL;
}

int kern_sa_add(struct dp_tunnel *base, const struct dp_sa_conf *c, struct strbuf *err)
{
	struct kern_tunnel *t = kern_tunnel_of(base);
	struct kern_sa *sa;
	int rc;

	if (kern_sa_find(t, c->spi, c->inbound)) {
		if (err)
			sb_printf(err, "tunnel %s: %s SA %08x: SPI in use", base->ifname,
				  c->inbound ? "inbound" : "outbound", c->spi);
		return -EEXIST;
	}
	sa = calloc(1, sizeof(*sa));
	if (!sa) {
		if (err)
			sb_printf(err, "tunnel %s: out of memory", base->ifname);
		return -ENOMEM;
	}
	rc = kx_state_add(t->dp->kx, &t->kx, c, err);
	if (rc < 0) {
		free(sa);
		return rc;
	}
	sa->spi = c->spi;
	sa->inbound = c->inbound;
	sa->next = t->sas;
	t->sas = sa;
	if (sa->inbound)
		return 0;
	t->out_count++;
	return kern_tunnel_link_update(t, err);
}

static void kern_stats_add(struct dp_sa_stats *acc, const struct dp_sa_stats *s)
{
	acc->bytes += s->bytes;
	acc->packets += s->packets;
	acc->replay_drops += s->replay_drops;
	acc->auth_fails += s->auth_fails;
	acc->other_drops += s->other_drops;
}

int kern_sa_del(struct dp_tunnel *base, uint32_t spi, bool inbound)
{
	struct kern_tunnel *t = kern_tunnel_of(base);
	struct kern_sa **pp = kern_sa_find(t, spi, inbound);
	struct kern_sa *sa;
	struct dp_sa_stats s;
	struct strbuf err;
	int rc;

	if (!pp)
		return -ENOENT;
	sa = *pp;
	/* Its counters die with the state: keep them for the tunnel's totals. */
	if (kx_state_stats(t->dp->kx, &t->kx, spi, inbound, &s) == 0)
		kern_stats_add(inbound ? &t->past_in : &t->past_out, &s);
	rc = kx_state_del(t->dp->kx, &t->kx, spi, inbound);
	if (rc < 0 && rc != -ENOENT) /* ENOENT: it expired in the kernel */
		return rc;
	*pp = sa->next;
	free(sa);
	if (inbound)
		return 0;
	t->out_count--;
	sb_init(&err);
	rc = kern_tunnel_link_update(t, &err);
	if (rc < 0)
		log_fault(LOGM_DP, "%s", sb_str(&err));
	sb_free(&err);
	return rc;
}

int kern_sa_stats(struct dp_tunnel *base, uint32_t spi, bool inbound, struct dp_sa_stats *out)
{
	struct kern_tunnel *t = kern_tunnel_of(base);

	if (!kern_sa_find(t, spi, inbound))
		return -ENOENT;
	return kx_state_stats(t->dp->kx, &t->kx, spi, inbound, out);
}

int kern_tunnel_stats(struct dp_tunnel *base, struct dp_sa_stats *in, struct dp_sa_stats *out)
{
	struct kern_tunnel *t = kern_tunnel_of(base);
	struct kern_sa *sa;

	*in = t->past_in;
	*out = t->past_out;
	for (sa = t->sas; sa; sa = sa->next) {
		struct dp_sa_stats s;

		/* An SA the kernel expired has no counters left to add. */
		if (kx_state_stats(t->dp->kx, &t->kx, sa->spi, sa->inbound, &s) == 0)
			kern_stats_add(sa->inbound ? in : out, &s);
	}
	return 0;
}

void kern_sa_expired(void *ctx, uint32_t reqid, uint32_t spi, bool inbound, bool hard)
{
	struct kern_dp *dp = ctx;
	struct kern_tunnel *t = kern_tunnel_find_reqid(dp, reqid);

	/* The IKE engine rekeys on the inbound SA's limits, as with the
	 * user backend; an outbound state's limit comes with its pair's. */
	if (!t || !inbound || !kern_sa_find(t, spi, true))
		return;
	log_info(LOGM_DP, "tunnel %s: SA %08x reached its %s limit", t->base.ifname, spi,
		 hard ? "hard" : "soft");
	if (dp->ev.sa_expired)
		dp->ev.sa_expired(dp->ctx, t->ctx, spi, hard);
}
