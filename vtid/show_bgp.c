/*
 * show bgp neighbors [json] and show ip bgp summary [json]: the configured
 * neighbors.  No session has been up yet (the speaker comes later), so each
 * is Idle, up/down "never", with no prefixes.
 */
#include <stdio.h>

#include "common/jsonw.h"
#include "vtid/bgp_mgr.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"

int exec_show_bgp_neighbors(struct cmd_call *call)
{
	const struct bgp_mgr *bm = ctl_session_of(call)->d->bgp;
	const struct bgp_instance_conf *inst = bgp_mgr_instance(bm);
	size_t n = bgp_mgr_count(bm);
	char a[VT_ADDR_STRLEN], tb[32];
	struct jsonw w;

	exec_json_mark(call);

	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		if (inst->enabled)
			jw_kv_uint(&w, "local-as", inst->local_as);
		jw_key(&w, "neighbors");
		jw_arr_begin(&w);
		for (size_t i = 0; i < n; i++) {
			const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);

			jw_obj_begin(&w);
			jw_kv_str(&w, "address", vt_addr_fmt(&nb->conf.addr, a, sizeof(a)));
			jw_kv_uint(&w, "remote-as", nb->conf.remote_as);
			if (nb->conf.description[0])
				jw_kv_str(&w, "description", nb->conf.description);
			jw_kv_str(&w, "state", bgp_neighbor_state_name(nb));
			jw_kv_uint(&w, "keepalive", nb->conf.keepalive);
			jw_kv_uint(&w, "hold", nb->conf.hold);
			jw_kv_bool(&w, "passive", nb->conf.passive);
			jw_kv_bool(&w, "shutdown", nb->conf.shutdown);
			jw_kv_str(&w, "created", exec_time_fmt(nb->created, tb, sizeof(tb)));
			jw_kv_str(&w, "changed", exec_time_fmt(nb->changed, tb, sizeof(tb)));
			jw_kv_uint(&w, "change-count", nb->change_count);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		return exec_json_end(call, &w);
	}
	if (!inst->enabled) {
		sb_add(call->out, "BGP is not configured.\n");
		return 0;
	}
	sb_printf(call->out, "BGP local AS %u, %zu neighbor%s\n", inst->local_as, n,
		  n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);

		sb_printf(call->out, "\nBGP neighbor is %s, remote AS %u, state %s%s\n",
			  vt_addr_fmt(&nb->conf.addr, a, sizeof(a)), nb->conf.remote_as,
			  bgp_neighbor_state_name(nb),
			  nb->conf.shutdown ? " (administratively shut down)" : "");
		if (nb->conf.description[0])
			sb_printf(call->out, "  Description: %s\n", nb->conf.description);
		sb_printf(call->out, "  Configured hold time %u, keepalive %u%s\n", nb->conf.hold,
			  nb->conf.keepalive, nb->conf.passive ? ", passive" : "");
		sb_printf(call->out, "  Configured %s, %u change%s\n",
			  exec_time_fmt(nb->created, tb, sizeof(tb)), nb->change_count,
			  nb->change_count == 1 ? "" : "s");
	}
	return 0;
}

int exec_show_bgp_summary(struct cmd_call *call)
{
	const struct bgp_mgr *bm = ctl_session_of(call)->d->bgp;
	const struct bgp_instance_conf *inst = bgp_mgr_instance(bm);
	size_t n = bgp_mgr_count(bm);
	char a[VT_ADDR_STRLEN], rid[VT_ADDR_STRLEN];
	struct jsonw w;

	exec_json_mark(call);
	if (inst->router_id.family)
		vt_addr_fmt(&inst->router_id, rid, sizeof(rid));
	else
		snprintf(rid, sizeof(rid), "0.0.0.0");

	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		if (inst->enabled) {
			jw_kv_str(&w, "router-id", rid);
			jw_kv_uint(&w, "local-as", inst->local_as);
		}
		jw_key(&w, "peers");
		jw_obj_begin(&w);
		for (size_t i = 0; i < n; i++) {
			const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);

			jw_key(&w, vt_addr_fmt(&nb->conf.addr, a, sizeof(a)));
			jw_obj_begin(&w);
			jw_kv_uint(&w, "remote-as", nb->conf.remote_as);
			jw_kv_str(&w, "state", bgp_neighbor_state_name(nb));
			jw_kv_str(&w, "up-down", "never");
			jw_kv_uint(&w, "prefixes-received", 0);
			jw_kv_uint(&w, "prefixes-sent", 0);
			if (nb->conf.description[0])
				jw_kv_str(&w, "description", nb->conf.description);
			jw_obj_end(&w);
		}
		jw_obj_end(&w);
		jw_kv_uint(&w, "total-peers", n);
		return exec_json_end(call, &w);
	}
	if (!inst->enabled) {
		sb_add(call->out, "BGP is not configured.\n");
		return 0;
	}
	sb_printf(call->out, "BGP router identifier %s, local AS number %u\n\n", rid,
		  inst->local_as);
	sb_printf(call->out, "%-16s %10s %8s %-12s %8s %s\n", "Neighbor", "AS", "Up/Down",
		  "State/PfxRcd", "PfxSnt", "Desc");
	for (size_t i = 0; i < n; i++) {
		const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);

		sb_printf(call->out, "%-16s %10u %8s %-12s %8u %s\n",
			  vt_addr_fmt(&nb->conf.addr, a, sizeof(a)), nb->conf.remote_as,
			  "never", bgp_neighbor_state_name(nb), 0u,
			  nb->conf.description[0] ? nb->conf.description : "N/A");
	}
	sb_printf(call->out, "\nTotal number of neighbors %zu\n", n);
	return 0;
}
