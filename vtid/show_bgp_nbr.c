/*
 * show bgp neighbors [ADDR] [json]: each neighbor's session, capabilities,
 * counters and policy, as vtysh's "show ip bgp neighbors" lays them out.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "common/jsonw.h"
#include "vtid/bgp_mgr.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"
#include "vtid/show_bgp.h"

enum bgp_af show_bgp_af_of_call(const struct cmd_call *call)
{
	for (int i = 0; i < call->argc; i++)
		if (call->argv[i] && strcmp(call->argv[i], "ipv6") == 0)
			return BGP_AF_IPV6;
	return BGP_AF_IPV4;
}

const char *show_bgp_arg_addr(const struct cmd_call *call)
{
	for (int i = 0; i < call->argc; i++) {
		struct vt_prefix p;

		if (call->argv[i] && vt_prefix_parse(call->argv[i], AF_UNSPEC, 0, &p) == 0)
			return call->argv[i];
	}
	return NULL;
}

static const char *sockaddr_fmt(const struct sockaddr_storage *ss, char *buf, size_t len,
				unsigned *port)
{
	const void *a = ss->ss_family == AF_INET6
				? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
				: (const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	*port = ntohs(ss->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)ss)->sin6_port
						  : ((const struct sockaddr_in *)ss)->sin_port);
	return inet_ntop(ss->ss_family, a, buf, (socklen_t)len) ? buf : "-";
}

static const char *cap_str(bool ours, bool theirs)
{
	return ours && theirs ? "advertised and received"
	       : ours	       ? "advertised"
	       : theirs	       ? "received"
			       : "none";
}

/* The settings and counters of an active family of p (NULL: none). */
static bool nbr_af(const struct bgp_peer *p, enum bgp_af af, const struct bgp_peer_af_conf **ac,
		   struct bgp_peer_af_stats *as)
{
	if (!p || !bgp_peer_conf(p)->af[af].active)
		return false;
	*ac = &bgp_peer_conf(p)->af[af];
	bgp_peer_af_stats(p, af, as);
	return true;
}

static void nbr_text(struct strbuf *o, const struct bgp_neighbor *nb, const struct bgp_peer *p,
		     const char *state, uint32_t local_as)
{
	const struct bgp_session *s = p ? bgp_peer_session(p) : NULL;
	const struct bgp_session_stats *st = s ? bgp_session_stats(s) : NULL;
	const struct bgp_open *po = s ? bgp_session_peer_open(s) : NULL;
	char a[VT_ADDR_STRLEN], tb[32];
	struct sockaddr_storage l, r;
	uint16_t gr_time = 0;
	unsigned port = 0;

	sb_printf(o, "BGP neighbor is %s, remote AS %u, local AS %u, %s link\n",
		  vt_addr_fmt(&nb->conf.addr, a, sizeof(a)), nb->conf.remote_as, local_as,
		  nb->conf.remote_as == local_as ? "internal" : "external");
	if (nb->conf.description[0])
		sb_printf(o, " Description: %s\n", nb->conf.description);
	if (po) {
		struct in_addr id = {.s_addr = htonl(po->bgp_id)};

		sb_printf(o, "  BGP version 4, remote router ID %s\n",
			  inet_ntop(AF_INET, &id, a, sizeof(a)));
	}
	sb_printf(o, "  BGP state = %s%s, %s %s\n", state,
		  nb->conf.shutdown ? " (administratively shut down)" : "",
		  s && bgp_session_state(s) == BGP_ST_ESTABLISHED ? "up for" : "down for",
		  show_bgp_updown(s, tb, sizeof(tb)));
	if (st && st->last_error[0])
		sb_printf(o, "  Last reset: %s\n", st->last_error);
	if (st)
		sb_printf(o, "  Established %u time%s, dropped %u\n", st->established_count,
			  st->established_count == 1 ? "" : "s", st->dropped_count);
	if (po) {
		sb_printf(o, "  Hold time is %u, keepalive interval is %u seconds (configured %u/%u)\n",
			  bgp_session_hold(s), bgp_session_keepalive(s), nb->conf.hold,
			  nb->conf.keepalive);
		sb_add(o, "  Neighbor capabilities:\n");
		sb_printf(o, "    4 Byte AS: %s\n", cap_str(true, po->has_as4));
		sb_printf(o, "    Route refresh: %s\n", cap_str(true, po->route_refresh));
		for (int f = 0; f < BGP_AF_COUNT; f++) {
			uint16_t afi = f == BGP_AF_IPV6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
			bool theirs = false;

			for (size_t i = 0; i < po->n_mp; i++)
				theirs |= po->mp[i].afi == afi && po->mp[i].safi == BGP_SAFI_UNICAST;
			if (!po->n_mp && afi == BGP_AFI_IPV4)
				theirs = true;
			sb_printf(o, "    Address Family %s: %s\n",
				  f == BGP_AF_IPV6 ? "IPv6 Unicast" : "IPv4 Unicast",
				  cap_str(nb->conf.af[f == BGP_AF_IPV6 ? BGP_AF_V6 : BGP_AF_V4].activate,
					  theirs));
		}
		if (bgp_session_peer_gr(s, &gr_time))
			sb_printf(o, "    Graceful Restart: received (restart time %u s); we are a "
				     "receiving speaker\n", gr_time);
	}
	if (st) {
		static const char *const names[] = {"", "Opens", "Updates", "Notifications",
						    "Keepalives", "Route Refresh"};

		sb_add(o, "  Message statistics:\n                         Sent       Rcvd\n");
		for (int t = 1; t <= 5; t++)
			sb_printf(o, "    %-16s %10llu %10llu\n", names[t],
				  (unsigned long long)st->msgs_out[t], (unsigned long long)st->msgs_in[t]);
	}
	for (int f = 0; f < BGP_AF_COUNT; f++) {
		const struct bgp_peer_af_conf *ac;
		struct bgp_peer_af_stats as;

		if (!nbr_af(p, (enum bgp_af)f, &ac, &as))
			continue;
		sb_printf(o, "\n For address family: %s Unicast\n", f == BGP_AF_IPV6 ? "IPv6" : "IPv4");
		sb_printf(o, "  %zu accepted prefixes, %zu received; %zu announced", as.accepted,
			  as.received, as.sent);
		if (ac->send_limit)
			sb_printf(o, " (limit %u, %zu held back)", ac->send_limit, as.held_back);
		sb_printf(o, "\n  End-of-RIB received: %s, sent: %s%s\n", as.eor_received ? "yes" : "no",
			  as.eor_sent ? "yes" : "no", as.stale ? "; routes stale (graceful restart)" : "");
		if (ac->plist_in[0])
			sb_printf(o, "  Incoming prefix list: %s\n", ac->plist_in);
		if (ac->plist_out[0])
			sb_printf(o, "  Outgoing prefix list: %s\n", ac->plist_out);
		if (ac->max_prefix)
			sb_printf(o, "  Maximum prefixes allowed %u%s\n", ac->max_prefix,
				  ac->max_prefix_warn_only ? " (warning-only)" : "");
		if (ac->prepend)
			sb_printf(o, "  AS path prepended %u time%s\n", ac->prepend,
				  ac->prepend == 1 ? "" : "s");
	}
	if (s && bgp_session_addrs(s, &l, &r) == 0) {
		const char *la = sockaddr_fmt(&l, a, sizeof(a), &port);

		sb_printf(o, "\nLocal host: %s, Local port: %u\n", la, port);
		la = sockaddr_fmt(&r, a, sizeof(a), &port);
		sb_printf(o, "Foreign host: %s, Foreign port: %u\n", la, port);
	}
	sb_addc(o, '\n');
}

static void nbr_json(struct jsonw *w, const struct bgp_neighbor *nb, const struct bgp_peer *p,
		     const char *state)
{
	const struct bgp_session *s = p ? bgp_peer_session(p) : NULL;
	const struct bgp_session_stats *st = s ? bgp_session_stats(s) : NULL;
	const struct bgp_open *po = s ? bgp_session_peer_open(s) : NULL;
	char a[VT_ADDR_STRLEN], tb[32];

	jw_obj_begin(w);
	jw_kv_str(w, "address", vt_addr_fmt(&nb->conf.addr, a, sizeof(a)));
	jw_kv_uint(w, "remote-as", nb->conf.remote_as);
	if (nb->conf.description[0])
		jw_kv_str(w, "description", nb->conf.description);
	jw_kv_str(w, "state", state);
	jw_kv_str(w, "up-down", show_bgp_updown(s, tb, sizeof(tb)));
	jw_kv_uint(w, "keepalive", nb->conf.keepalive);
	jw_kv_uint(w, "hold", nb->conf.hold);
	jw_kv_bool(w, "passive", nb->conf.passive);
	jw_kv_bool(w, "shutdown", nb->conf.shutdown);
	jw_kv_str(w, "created", exec_time_fmt(nb->created, tb, sizeof(tb)));
	jw_kv_str(w, "changed", exec_time_fmt(nb->changed, tb, sizeof(tb)));
	jw_kv_uint(w, "change-count", nb->change_count);
	if (po) {
		struct in_addr id = {.s_addr = htonl(po->bgp_id)};

		jw_kv_str(w, "remote-router-id", inet_ntop(AF_INET, &id, a, sizeof(a)));
		jw_kv_uint(w, "hold-negotiated", bgp_session_hold(s));
		jw_kv_uint(w, "keepalive-negotiated", bgp_session_keepalive(s));
		jw_kv_bool(w, "as4", bgp_session_as4(s));
		jw_kv_bool(w, "route-refresh", bgp_session_route_refresh(s));
		jw_kv_bool(w, "graceful-restart-received", po->has_gr);
	}
	if (st) {
		jw_kv_uint(w, "established-count", st->established_count);
		jw_kv_uint(w, "dropped-count", st->dropped_count);
		jw_kv_str(w, "last-reset", st->last_error);
		jw_kv_uint(w, "updates-received", st->msgs_in[BGP_MSG_UPDATE]);
		jw_kv_uint(w, "updates-sent", st->msgs_out[BGP_MSG_UPDATE]);
		jw_kv_uint(w, "notifications-received", st->msgs_in[BGP_MSG_NOTIFICATION]);
		jw_kv_uint(w, "notifications-sent", st->msgs_out[BGP_MSG_NOTIFICATION]);
		jw_kv_uint(w, "route-refresh-received", st->msgs_in[BGP_MSG_ROUTE_REFRESH]);
		jw_kv_uint(w, "route-refresh-sent", st->msgs_out[BGP_MSG_ROUTE_REFRESH]);
	}
	jw_key(w, "address-families");
	jw_obj_begin(w);
	for (int f = 0; f < BGP_AF_COUNT; f++) {
		const struct bgp_peer_af_conf *ac;
		struct bgp_peer_af_stats as;

		if (!nbr_af(p, (enum bgp_af)f, &ac, &as))
			continue;
		jw_key(w, f == BGP_AF_IPV6 ? "ipv6-unicast" : "ipv4-unicast");
		jw_obj_begin(w);
		jw_kv_uint(w, "prefixes-received", as.received);
		jw_kv_uint(w, "prefixes-accepted", as.accepted);
		jw_kv_uint(w, "prefixes-sent", as.sent);
		jw_kv_uint(w, "prefixes-held-back", as.held_back);
		jw_kv_uint(w, "send-limit", ac->send_limit);
		jw_kv_uint(w, "maximum-prefix", ac->max_prefix);
		jw_kv_bool(w, "end-of-rib-received", as.eor_received);
		jw_kv_bool(w, "end-of-rib-sent", as.eor_sent);
		jw_kv_bool(w, "stale", as.stale);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	jw_obj_end(w);
}

int exec_show_bgp_neighbors(struct cmd_call *call)
{
	struct bgp_mgr *bm = ctl_session_of(call)->d->bgp;
	const struct bgp_instance_conf *inst = bgp_mgr_instance(bm);
	const struct bgp_speaker *sp = bgp_mgr_speaker(bm);
	const char *only = show_bgp_arg_addr(call);
	struct vt_addr oa;
	size_t n = bgp_mgr_count(bm), shown = 0;
	struct jsonw w;

	exec_json_mark(call);
	if (only && vt_addr_parse(only, AF_UNSPEC, &oa) < 0)
		only = NULL;
	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		if (inst->enabled)
			jw_kv_uint(&w, "local-as", inst->local_as);
		jw_key(&w, "neighbors");
		jw_arr_begin(&w);
	} else if (!inst->enabled) {
		sb_add(call->out, "BGP is not configured.\n");
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);
		const struct bgp_peer *p = sp ? bgp_speaker_peer_find(sp, &nb->conf.addr) : NULL;

		if (only && !vt_addr_eq(&oa, &nb->conf.addr))
			continue;
		shown++;
		if (call->json)
			nbr_json(&w, nb, p, bgp_neighbor_state_name(bm, nb));
		else
			nbr_text(call->out, nb, p, bgp_neighbor_state_name(bm, nb), inst->local_as);
	}
	if (call->json) {
		jw_arr_end(&w);
		return exec_json_end(call, &w);
	}
	if (only && !shown) {
		sb_printf(call->out, "%% No such neighbor: %s\n", only);
		return -ENOENT;
	}
	return 0;
}
