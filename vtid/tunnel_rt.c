/*
 * A running tunnel: the configured tunnel turned into an IKE tunnel and a
 * dataplane tunnel, started and stopped together.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/secret.h"
#include "vtid/ipsec.h"
#include "vtid/tunnel_mgr.h"

static void addr_to_ss(const struct vt_addr *a, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_addr = a->u.v4;
		sin->sin_port = htons(IKE_PORT);
	} else if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->u.v6;
		sin6->sin6_port = htons(IKE_PORT);
	}
}

static int proposals(const struct tunnel_strlist *l, enum ike_proto proto,
		     struct ike_proposal *out, unsigned *n, struct strbuf *err)
{
	char why[160];
	int ret;

	if (l->n == 0) {
		ret = ike_proposal_defaults(proto, out, IKE_CONF_MAX_PROPOSALS);
		if (ret < 0)
			return ret;
		*n = (unsigned)ret;
		return 0;
	}
	if (l->n > IKE_CONF_MAX_PROPOSALS) {
		sb_printf(err, "more than %u %s proposals\n", IKE_CONF_MAX_PROPOSALS,
			  proto == IKE_PROTO_IKE ? "IKE" : "ESP");
		return -EINVAL;
	}
	for (size_t i = 0; i < l->n; i++) {
		ret = ike_proposal_parse(l->v[i], proto, &out[i], why, sizeof(why));
		if (ret < 0) {
			sb_printf(err, "proposal %s: %s\n", l->v[i], why);
			return ret;
		}
	}
	*n = (unsigned)l->n;
	return 0;
}

static void ts_conf(const struct vt_prefix *p, struct ike_ts_conf *o)
{
	memset(o, 0, sizeof(*o));
	o->family = p->addr.family;
	memcpy(o->addr, p->addr.u.bytes, p->addr.family == AF_INET ? 4 : 16);
	o->plen = p->len;
}

int tunnel_rt_ike_conf(const struct tunnel *t, struct ike_tunnel_conf *o, struct strbuf *err)
{
	const struct tunnel_conf *c = t->conf;
	int ret;

	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", c->name);
	addr_to_ss(&c->local_addr, &o->local);
	addr_to_ss(&c->remote_addr, &o->remote);
	snprintf(o->local_id, sizeof(o->local_id), "%s", c->local_id);
	snprintf(o->remote_id, sizeof(o->remote_id), "%s", c->remote_id);
	o->psk = (const uint8_t *)c->psk;
	o->psk_len = c->psk ? strlen(c->psk) : 0;
	if ((ret = proposals(&c->ike_proposals, IKE_PROTO_IKE, o->ike, &o->n_ike, err)) < 0 ||
	    (ret = proposals(&c->esp_proposals, IKE_PROTO_ESP, o->esp, &o->n_esp, err)) < 0)
		return ret;
	o->ike_lifetime = c->ike_lifetime;
	o->esp_lifetime = c->esp_lifetime;
	o->rekey_margin = c->rekey_margin;
	o->rekey_fuzz = c->rekey_fuzz;
	o->dpd_delay = c->dpd_delay;
	o->dpd_timeout = c->dpd_timeout;
	o->dpd_action = c->dpd_action == TUNNEL_DPD_CLEAR     ? IKE_DPD_CLEAR
			: c->dpd_action == TUNNEL_DPD_RESTART ? IKE_DPD_RESTART
							      : IKE_DPD_NONE;
	o->initiate = c->startup == TUNNEL_STARTUP_START;
	o->force_encap = c->encap == TUNNEL_ENCAP_FORCE;
	o->replay_window = c->replay_window;
	ts_conf(&c->ts_local, &o->ts_local);
	ts_conf(&c->ts_remote, &o->ts_remote);
	return 0;
}

void tunnel_rt_dp_conf(const struct tunnel *t, struct dp_tunnel_conf *o)
{
	const struct tunnel_conf *c = t->conf;

	memset(o, 0, sizeof(*o));
	snprintf(o->tun.name, sizeof(o->tun.name), "%s", c->ifname);
	o->tun.mtu = c->mtu;
	if (c->has_inside && c->inside_local.family == AF_INET) {
		o->tun.has_addr4 = true;
		o->tun.addr4 = c->inside_local.u.v4;
		o->tun.peer4 = c->inside_peer.u.v4;
		o->tun.prefixlen4 = c->inside_len;
	}
	if (c->has_inside6 && c->inside_local6.family == AF_INET6) {
		o->tun.has_addr6 = true;
		o->tun.addr6 = c->inside_local6.u.v6;
		o->tun.prefixlen6 = c->inside_len6;
	}
	o->key = t->key;
	o->iftype = c->iftype == TUNNEL_IF_XFRM ? DP_IF_XFRM : DP_IF_VTI;
	o->local = c->local_addr;
	o->remote = c->remote_addr;
	o->mss = c->mss_mode == TUNNEL_MSS_OFF	   ? 0
		 : c->mss_mode == TUNNEL_MSS_FIXED ? c->mss
						   : DP_MSS_AUTO;
}

int tunnel_rt_start(struct vtid_ipsec *ip, const struct tunnel *t, struct tunnel_rt **out,
		    struct strbuf *err)
{
	struct ike_tunnel_conf *ic = NULL;
	struct dp_tunnel_conf dc;
	struct tunnel_rt *rt;
	char why[160] = "";
	int ret;

	*out = NULL;
	if (t->conf->ike_version != 2) {
		sb_printf(err, "tunnel %s: IKEv%u is not supported yet\n", t->conf->name,
			  t->conf->ike_version);
		return -EOPNOTSUPP;
	}
	rt = calloc(1, sizeof(*rt));
	ic = malloc(sizeof(*ic));
	if (!rt || !ic) {
		ret = -ENOMEM;
		goto fail;
	}
	rt->ip = ip;
	snprintf(rt->name, sizeof(rt->name), "%s", t->conf->name);
	ret = tunnel_rt_ike_conf(t, ic, err);
	if (ret < 0)
		goto fail;
	/* ESP in user space can only travel in UDP (there is no raw ESP
	 * socket to read it from), as with strongSwan's kernel-libipsec. */
	if (ip->kind == DP_USER)
		ic->force_encap = true;
	tunnel_rt_dp_conf(t, &dc);
	ret = dp_tunnel_add(ip->dp, &dc, rt, &rt->dpt, err);
	if (ret < 0)
		goto fail;
	ret = ike_tunnel_add(ip->ike, ic, rt, &rt->ike, why, sizeof(why));
	if (ret < 0) {
		sb_printf(err, "tunnel %s: %s\n", rt->name, why[0] ? why : strerror(-ret));
		dp_tunnel_del(rt->dpt);
		goto fail;
	}
	secret_wipe(ic, sizeof(*ic));
	free(ic);
	*out = rt;
	return 0;
fail:
	if (ret == -ENOMEM)
		sb_printf(err, "tunnel %s: out of memory\n", t->conf->name);
	if (ic) {
		secret_wipe(ic, sizeof(*ic));
		free(ic);
	}
	free(rt);
	return ret;
}

void tunnel_rt_stop(struct tunnel_rt *rt)
{
	if (!rt)
		return;
	/* The engine removes the CHILD_SAs through the dataplane callbacks,
	 * so the dataplane tunnel must still exist while it does. */
	ike_tunnel_remove(rt->ike);
	dp_tunnel_del(rt->dpt);
	free(rt);
}
