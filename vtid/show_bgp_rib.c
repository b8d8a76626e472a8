/*
 * The BGP tables: show ip bgp [PREFIX|ADDR], show bgp ipv4|ipv6 unicast
 * [PREFIX], and a neighbor's received-routes / advertised-routes, as
 * vtysh prints them, and as JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "common/evloop.h"
#include "common/jsonw.h"
#include "vtid/bgp_mgr.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"
#include "vtid/show_bgp.h"

#define ASPATH_MAX 1024

struct rib_view {
	struct cmd_call *call;
	const struct bgp_speaker *sp;
	const struct bgp_rib *rib;
	struct jsonw w;
	enum bgp_af af;
	uint16_t only_peer; /* received-routes: this peer's paths only; 0 all */
	size_t routes, paths;
};

static const char *nexthop_str(const struct bgp_path *pa, char *buf, size_t len)
{
	const struct bgp_attrs *a = pa->attrs;

	if (pa->peer == BGP_RIB_PEER_LOCAL || !a->next_hop.family)
		return a->next_hop.family == AF_INET6 ? "::" : "0.0.0.0";
	return vt_addr_fmt(&a->next_hop, buf, len);
}

static void path_codes(const struct bgp_dest *d, const struct bgp_path *pa, unsigned idx,
		       bool ibgp, char out[5])
{
	char *c = out;

	*c++ = pa->flags & BGP_PATH_STALE ? 'S' : ' ';
	*c++ = pa->flags & BGP_PATH_FILTERED ? ' ' : '*';
	*c++ = idx == 0 && d->n_multi ? '>' : idx < d->n_multi ? '=' : ' ';
	*c++ = ibgp ? 'i' : ' ';
	*c = '\0';
}

static void path_text(struct rib_view *v, const struct vt_prefix *pfx, const struct bgp_dest *d,
		      const struct bgp_path *pa, unsigned idx, bool first)
{
	const struct bgp_rib_peer *rp = bgp_rib_peer_get(v->rib, pa->peer);
	const struct bgp_attrs *a = pa->attrs;
	char codes[5], pb[VT_PREFIX_STRLEN], nh[VT_ADDR_STRLEN], med[12] = "", lp[12] = "";
	char path[ASPATH_MAX];

	path_codes(d, pa, idx, rp && rp->ibgp, codes);
	if (a->has & BGP_HAS_MED)
		snprintf(med, sizeof(med), "%u", a->med);
	if (a->has & BGP_HAS_LOCAL_PREF)
		snprintf(lp, sizeof(lp), "%u", a->local_pref);
	bgp_attrs_aspath_fmt(a, path, sizeof(path));
	sb_printf(v->call->out, "%s %-18s %-18s %6s %6s %6u %s%s%c\n", codes,
		  first ? vt_prefix_fmt(pfx, pb, sizeof(pb)) : "", nexthop_str(pa, nh, sizeof(nh)),
		  med, lp, pa->peer == BGP_RIB_PEER_LOCAL ? 32768u : 0u, path, path[0] ? " " : "",
		  bgp_origin_code(a->origin));
}

static void path_json(struct rib_view *v, const struct bgp_dest *d, const struct bgp_path *pa,
		      unsigned idx)
{
	const struct bgp_rib_peer *rp = bgp_rib_peer_get(v->rib, pa->peer);
	const struct bgp_attrs *a = pa->attrs;
	struct jsonw *w = &v->w;
	char buf[ASPATH_MAX], nh[VT_ADDR_STRLEN];

	jw_obj_begin(w);
	jw_kv_str(w, "peer", pa->peer == BGP_RIB_PEER_LOCAL ? "local"
			     : rp ? vt_addr_fmt(&rp->addr, nh, sizeof(nh))
				  : "gone");
	jw_kv_str(w, "next-hop", nexthop_str(pa, nh, sizeof(nh)));
	if (a->next_hop_ll.family)
		jw_kv_str(w, "next-hop-link-local", vt_addr_fmt(&a->next_hop_ll, nh, sizeof(nh)));
	bgp_attrs_aspath_fmt(a, buf, sizeof(buf));
	jw_kv_str(w, "as-path", buf);
	jw_kv_str(w, "origin", bgp_origin_name(a->origin));
	if (a->has & BGP_HAS_MED)
		jw_kv_uint(w, "med", a->med);
	if (a->has & BGP_HAS_LOCAL_PREF)
		jw_kv_uint(w, "local-pref", a->local_pref);
	if (a->n_comm) {
		bgp_attrs_comm_fmt(a, buf, sizeof(buf));
		jw_kv_str(w, "communities", buf);
	}
	if (a->n_lcomm) {
		bgp_attrs_lcomm_fmt(a, buf, sizeof(buf));
		jw_kv_str(w, "large-communities", buf);
	}
	jw_kv_bool(w, "valid", !(pa->flags & BGP_PATH_FILTERED));
	jw_kv_bool(w, "best", idx == 0 && d->n_multi);
	jw_kv_bool(w, "multipath", idx < d->n_multi && d->n_multi > 1);
	jw_kv_bool(w, "filtered", pa->flags & BGP_PATH_FILTERED);
	jw_kv_bool(w, "stale", pa->flags & BGP_PATH_STALE);
	jw_kv_bool(w, "internal", rp && rp->ibgp);
	jw_kv_uint(w, "age-seconds", ev_now_ms() / 1000 - pa->since);
	jw_obj_end(w);
}

static int dest_show(struct rib_view *v, const struct vt_prefix *pfx, const struct bgp_dest *d)
{
	char pb[VT_PREFIX_STRLEN];
	unsigned idx = 0;
	bool first = true;

	for (const struct bgp_path *pa = d->paths; pa; pa = pa->next, idx++) {
		if (v->only_peer && pa->peer != v->only_peer)
			continue;
		if (first && v->call->json) {
			jw_key(&v->w, vt_prefix_fmt(pfx, pb, sizeof(pb)));
			jw_arr_begin(&v->w);
		}
		if (v->call->json)
			path_json(v, d, pa, idx);
		else
			path_text(v, pfx, d, pa, idx, first);
		if (first)
			v->routes++;
		first = false;
		v->paths++;
	}
	if (!first && v->call->json)
		jw_arr_end(&v->w);
	return 0;
}

static int table_walk_one(struct bgp_ptree_node *n, void *arg)
{
	struct rib_view *v = arg;
	const struct bgp_dest *d = bgp_ptree_node_payload(n);
	struct vt_prefix pfx;

	if (!d || !d->paths)
		return 0;
	bgp_ptree_node_prefix(bgp_rib_tree(v->rib, v->af), n, &pfx);
	return dest_show(v, &pfx, d);
}

static void table_header(struct rib_view *v, enum bgp_af af)
{
	const struct bgp_speaker_conf *c = bgp_speaker_conf(v->sp);
	char rid[VT_ADDR_STRLEN];

	show_bgp_router_id(v->sp, rid, sizeof(rid));
	if (v->call->json) {
		jw_init(&v->w, v->call->out, true);
		jw_obj_begin(&v->w);
		jw_kv_str(&v->w, "router-id", rid);
		jw_kv_uint(&v->w, "local-as", c->local_as);
		jw_kv_str(&v->w, "address-family", af == BGP_AF_IPV6 ? "ipv6-unicast" : "ipv4-unicast");
		jw_key(&v->w, "routes");
		jw_obj_begin(&v->w);
		return;
	}
	sb_printf(v->call->out, "BGP table, local router ID is %s, local AS %u\n"
				"Default local pref 100\n"
				"Status codes:  * valid, > best, = multipath, i internal, S Stale\n"
				"Origin codes:  i - IGP, e - EGP, ? - incomplete\n\n"
				"     %-18s %-18s %6s %6s %6s Path\n",
		  rid, c->local_as, "Network", "Next Hop", "Metric", "LocPrf", "Weight");
}

static int table_footer(struct rib_view *v)
{
	if (v->call->json) {
		jw_obj_end(&v->w);
		jw_kv_uint(&v->w, "total-routes", v->routes);
		jw_kv_uint(&v->w, "total-paths", v->paths);
		return exec_json_end(v->call, &v->w);
	}
	sb_printf(v->call->out, "\nDisplayed %zu routes and %zu total paths\n", v->routes, v->paths);
	return 0;
}

static int view_init(struct rib_view *v, struct cmd_call *call)
{
	memset(v, 0, sizeof(*v));
	v->call = call;
	v->sp = bgp_mgr_speaker(ctl_session_of(call)->d->bgp);
	exec_json_mark(call);
	if (!v->sp) {
		if (call->json)
			sb_add(call->out, "{}\n");
		else
			sb_add(call->out, "BGP is not running.\n");
		return -1;
	}
	v->rib = bgp_speaker_rib(v->sp);
	v->af = show_bgp_af_of_call(call);
	return 0;
}

/* One prefix (exact, or longest match for an address), with all paths. */
static int table_one(struct rib_view *v, enum bgp_af af, const char *arg)
{
	struct vt_prefix pfx;
	const struct bgp_dest *d;

	if (strchr(arg, '/')) {
		if (vt_prefix_parse(arg, AF_UNSPEC, VT_PREFIX_NEED_LEN, &pfx) < 0)
			return -EINVAL;
		vt_prefix_mask(&pfx);
		d = bgp_rib_find(v->rib, &pfx);
	} else {
		struct vt_addr a;

		if (vt_addr_parse(arg, AF_UNSPEC, &a) < 0)
			return -EINVAL;
		d = bgp_rib_lookup(v->rib, &a, &pfx);
	}
	table_header(v, af);
	if (d && d->paths)
		dest_show(v, &pfx, d);
	else if (!v->call->json)
		sb_printf(v->call->out, "%% Network not in table\n");
	return table_footer(v);
}

int exec_show_bgp_table(struct cmd_call *call)
{
	enum bgp_af af = show_bgp_af_of_call(call);
	const char *arg = show_bgp_arg_addr(call);
	struct rib_view v;

	if (view_init(&v, call) < 0)
		return 0;
	if (arg)
		return table_one(&v, af, arg);
	table_header(&v, af);
	bgp_ptree_walk(bgp_rib_tree(v.rib, af), table_walk_one, &v);
	return table_footer(&v);
}

/* ---- a neighbor's routes ---------------------------------------------------------------- */

struct adj_view {
	struct rib_view *v;
	enum bgp_af af;
};

static int adj_one(const struct vt_prefix *pfx, const struct bgp_attrs *a, void *arg)
{
	struct adj_view *av = arg;
	struct bgp_path pa = {.attrs = (struct bgp_attrs *)a, .peer = BGP_RIB_PEER_LOCAL};
	struct bgp_dest d = {.paths = &pa, .n_multi = 1};

	return dest_show(av->v, pfx, &d);
}

int exec_show_bgp_neighbor_routes(struct cmd_call *call)
{
	enum bgp_af af = show_bgp_af_of_call(call);
	const char *arg = show_bgp_arg_addr(call);
	bool advertised = false;
	const struct bgp_peer *p;
	struct rib_view v;
	struct vt_addr a;

	for (int i = 0; i < call->argc; i++)
		if (call->argv[i] && strcmp(call->argv[i], "advertised-routes") == 0)
			advertised = true;
	if (view_init(&v, call) < 0)
		return 0;
	if (!arg || vt_addr_parse(arg, AF_UNSPEC, &a) < 0 || !(p = bgp_speaker_peer_find(v.sp, &a))) {
		sb_printf(call->out, "%% No such neighbor: %s\n", arg ? arg : "");
		return -ENOENT;
	}
	table_header(&v, af);
	if (advertised) {
		struct adj_view av = {&v, af};

		bgp_peer_adj_out_walk(p, af, adj_one, &av);
	} else {
		v.only_peer = bgp_peer_rib_id(p);
		bgp_ptree_walk(bgp_rib_tree(v.rib, af), table_walk_one, &v);
	}
	return table_footer(&v);
}
