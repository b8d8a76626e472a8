/*
 * show tunnels [json]: the configured tunnels and what the manager holds.
 */
#include <stdio.h>
#include <string.h>

#include "common/jsonw.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"
#include "vtid/ipsec.h"
#include "vtid/tunnel_mgr.h"

static const char *inside_fmt(const struct vt_addr *a, uint8_t len, char *buf, size_t n)
{
	char ab[VT_ADDR_STRLEN];

	snprintf(buf, n, "%s/%u", vt_addr_fmt(a, ab, sizeof(ab)), len);
	return buf;
}

/* The running state when the tunnel runs, else the manager's word. */
static const char *state_name(const struct tunnel *t)
{
	return t->rt ? ike_tunnel_state_name(t->rt->state) : tunnel_state_name(t);
}

/* What the dataplane carried through t since it started (zeros if not
 * running), and its uptime in seconds (-1 when not up). */
static void tunnel_traffic(const struct tunnel *t, struct dp_sa_stats *in,
			   struct dp_sa_stats *out, int64_t *uptime)
{
	memset(in, 0, sizeof(*in));
	memset(out, 0, sizeof(*out));
	*uptime = -1;
	if (!t->rt)
		return;
	(void)dp_tunnel_stats(t->rt->dpt, in, out);
	if (t->rt->up_since_ms)
		*uptime = (int64_t)((ev_now_ms() - t->rt->up_since_ms) / 1000);
}

static const char *uptime_fmt(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		snprintf(buf, len, "-");
	else if (s >= 86400)
		snprintf(buf, len, "%lldd%02lldh%02lldm", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld", (long long)(s / 3600),
			 (long long)(s % 3600 / 60), (long long)(s % 60));
	return buf;
}

static void tunnel_json(struct jsonw *w, const struct tunnel *t)
{
	struct dp_sa_stats in, out;
	int64_t up;
	const struct tunnel_conf *c = t->conf;
	char buf[VT_PREFIX_STRLEN], tb[32];

	jw_obj_begin(w);
	jw_kv_str(w, "name", c->name);
	if (c->description[0])
		jw_kv_str(w, "description", c->description);
	jw_kv_str(w, "interface", c->ifname);
	jw_kv_str(w, "interface-type", tunnel_iftype_name(c->iftype));
	jw_kv_uint(w, "ike-version", c->ike_version);
	jw_kv_str(w, "local-address", vt_addr_fmt(&c->local_addr, buf, sizeof(buf)));
	jw_kv_str(w, "remote-address", vt_addr_fmt(&c->remote_addr, buf, sizeof(buf)));
	if (c->has_inside) {
		jw_kv_str(w, "inside-local",
			  inside_fmt(&c->inside_local, c->inside_len, buf, sizeof(buf)));
		jw_kv_str(w, "inside-peer", vt_addr_fmt(&c->inside_peer, buf, sizeof(buf)));
	}
	if (c->has_inside6) {
		jw_kv_str(w, "inside-local-v6",
			  inside_fmt(&c->inside_local6, c->inside_len6, buf, sizeof(buf)));
		jw_kv_str(w, "inside-peer-v6", vt_addr_fmt(&c->inside_peer6, buf, sizeof(buf)));
	}
	jw_kv_uint(w, tunnel_key_name(c->iftype), t->key);
	jw_kv_bool(w, "key-auto-assigned", t->key_auto);
	jw_kv_str(w, "state", state_name(t));
	if (t->rt && t->rt->why[0])
		jw_kv_str(w, "reason", t->rt->why);
	else if (!t->rt && t->start_error[0])
		jw_kv_str(w, "reason", t->start_error);
	tunnel_traffic(t, &in, &out, &up);
	jw_kv_int(w, "uptime", up);
	jw_kv_uint(w, "bytes-in", in.bytes);
	jw_kv_uint(w, "bytes-out", out.bytes);
	jw_kv_uint(w, "packets-in", in.packets);
	jw_kv_uint(w, "packets-out", out.packets);
	jw_kv_str(w, "created", exec_time_fmt(t->created, tb, sizeof(tb)));
	jw_kv_str(w, "changed", exec_time_fmt(t->changed, tb, sizeof(tb)));
	jw_kv_uint(w, "change-count", t->change_count);
	jw_obj_end(w);
}

static void tunnel_text(struct strbuf *out, const struct tunnel *t)
{
	const struct tunnel_conf *c = t->conf;
	char a[VT_PREFIX_STRLEN], b[VT_ADDR_STRLEN], tb[32];
	struct dp_sa_stats in, o;
	int64_t up;

	sb_printf(out, "Tunnel %s, interface %s (%s), state %s\n", c->name, c->ifname,
		  tunnel_iftype_name(c->iftype), state_name(t));
	if (t->rt && t->rt->why[0])
		sb_printf(out, "  Reason: %s\n", t->rt->why);
	else if (!t->rt && t->start_error[0])
		sb_printf(out, "  Not started: %s\n", t->start_error);
	tunnel_traffic(t, &in, &o, &up);
	sb_printf(out, "  Uptime %s, in %llu bytes / %llu packets, out %llu bytes / %llu packets\n",
		  uptime_fmt(up, tb, sizeof(tb)), (unsigned long long)in.bytes,
		  (unsigned long long)in.packets, (unsigned long long)o.bytes,
		  (unsigned long long)o.packets);
	if (c->description[0])
		sb_printf(out, "  Description: %s\n", c->description);
	sb_printf(out, "  IKEv%u, local %s, remote %s\n", c->ike_version,
		  vt_addr_fmt(&c->local_addr, a, sizeof(a)),
		  vt_addr_fmt(&c->remote_addr, b, sizeof(b)));
	if (c->has_inside)
		sb_printf(out, "  Inside %s, peer %s\n",
			  inside_fmt(&c->inside_local, c->inside_len, a, sizeof(a)),
			  vt_addr_fmt(&c->inside_peer, b, sizeof(b)));
	if (c->has_inside6)
		sb_printf(out, "  Inside %s, peer %s\n",
			  inside_fmt(&c->inside_local6, c->inside_len6, a, sizeof(a)),
			  vt_addr_fmt(&c->inside_peer6, b, sizeof(b)));
	sb_printf(out, "  %s %u%s\n", c->iftype == TUNNEL_IF_XFRM ? "If-id" : "Mark", t->key,
		  t->key_auto ? " (assigned by vtid)" : "");
	sb_printf(out, "  Created %s, ", exec_time_fmt(t->created, tb, sizeof(tb)));
	sb_printf(out, "changed %s, %u change%s\n", exec_time_fmt(t->changed, tb, sizeof(tb)),
		  t->change_count, t->change_count == 1 ? "" : "s");
}

int exec_show_tunnels(struct cmd_call *call)
{
	const struct tunnel_mgr *tm = ctl_session_of(call)->d->tunnels;
	size_t n = tunnel_mgr_count(tm);
	struct jsonw w;

	exec_json_mark(call);

	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		jw_key(&w, "tunnels");
		jw_arr_begin(&w);
		for (size_t i = 0; i < n; i++)
			tunnel_json(&w, tunnel_mgr_at(tm, i));
		jw_arr_end(&w);
		return exec_json_end(call, &w);
	}
	if (n == 0) {
		sb_add(call->out, "No tunnels configured.\n");
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(call->out, '\n');
		tunnel_text(call->out, tunnel_mgr_at(tm, i));
	}
	return 0;
}
