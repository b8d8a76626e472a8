/*
 * show ip route [bgp] [json], show ipv6 route [bgp] [json]: the kernel's
 * main table, in FRR's words and layout, so that people and scripts used
 * to vtysh read it unchanged.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>

#include "common/jsonw.h"
#include "vtid/exec_cmds.h"
#include "vtid/kroute.h"

#define ROUTE_CODES                                                                                \
	"Codes: K - kernel, C - connected, S - static, B - BGP\n"                                  \
	"       > - selected route, * - FIB route\n\n"

/* Administrative distance as FRR would give it; the kernel keeps none. */
static unsigned route_distance(const struct kroute *r)
{
	switch (kroute_code(r)) {
	case 'B':
		return 20;
	case 'S':
		return 1;
	default:
		return 0;
	}
}

static const char *route_reject_name(unsigned char type)
{
	switch (type) {
	case RTN_BLACKHOLE:
		return "blackhole";
	case RTN_UNREACHABLE:
		return "ICMP unreachable";
	case RTN_PROHIBIT:
		return "ICMP prohibited";
	default:
		return NULL;
	}
}

static void route_nh_text(struct strbuf *out, const struct kroute *r, const struct kroute_nh *h)
{
	char gw[VT_ADDR_STRLEN];
	const char *reject = route_reject_name(r->type);

	if (reject) {
		sb_printf(out, "unreachable (%s)", reject);
	} else if (h && h->gw.family) {
		sb_printf(out, "via %s", vt_addr_fmt(&h->gw, gw, sizeof(gw)));
		if (h->ifname[0])
			sb_printf(out, ", %s", h->ifname);
		if (!h->active)
			sb_add(out, ", inactive");
		sb_printf(out, ", weight %u", h->weight);
	} else {
		sb_printf(out, "is directly connected, %s", h && h->ifname[0] ? h->ifname : "?");
		if (h && !h->active)
			sb_add(out, ", inactive");
	}
	sb_addc(out, '\n');
}

static void route_text(struct strbuf *out, const struct kroute *r)
{
	const struct kroute_nh *first = r->nh_count ? &r->nh[0] : NULL;
	char pfx[VT_PREFIX_STRLEN];
	size_t start = out->len, col;

	sb_printf(out, "%c%c%c %s", kroute_code(r), r->selected ? '>' : ' ',
		  !first || first->active ? '*' : ' ', vt_prefix_fmt(&r->dst, pfx, sizeof(pfx)));
	if (!kroute_is_connected(r))
		sb_printf(out, " [%u/%u]", route_distance(r), r->metric);
	sb_addc(out, ' ');
	col = out->len - start;
	route_nh_text(out, r, first);
	/* ECMP legs below the first, their "via" under its "via" */
	for (unsigned i = 1; i < r->nh_count; i++) {
		sb_printf(out, "  %c%*s", r->nh[i].active ? '*' : ' ', (int)(col - 3), "");
		route_nh_text(out, r, &r->nh[i]);
	}
}

static void route_nh_json(struct jsonw *w, const struct kroute *r, const struct kroute_nh *h)
{
	char gw[VT_ADDR_STRLEN];

	jw_obj_begin(w);
	if (route_reject_name(r->type)) {
		jw_kv_bool(w, "unreachable", true);
		if (r->type == RTN_BLACKHOLE)
			jw_kv_bool(w, "blackhole", true);
	} else if (h && h->gw.family) {
		jw_kv_str(w, "ip", vt_addr_fmt(&h->gw, gw, sizeof(gw)));
		jw_kv_str(w, "afi", h->gw.family == AF_INET ? "ipv4" : "ipv6");
	} else {
		jw_kv_bool(w, "directlyConnected", true);
	}
	if (h && h->ifname[0])
		jw_kv_str(w, "interfaceName", h->ifname);
	jw_kv_bool(w, "active", !h || h->active);
	jw_kv_bool(w, "fib", !h || h->active);
	jw_kv_uint(w, "weight", h ? h->weight : 1);
	jw_obj_end(w);
}

static void route_json(struct jsonw *w, const struct kroute *r)
{
	char pfx[VT_PREFIX_STRLEN];

	jw_obj_begin(w);
	jw_kv_str(w, "prefix", vt_prefix_fmt(&r->dst, pfx, sizeof(pfx)));
	jw_kv_str(w, "protocol", kroute_protocol_name(r));
	jw_kv_bool(w, "selected", r->selected);
	jw_kv_bool(w, "installed", true);
	jw_kv_uint(w, "distance", route_distance(r));
	jw_kv_uint(w, "metric", r->metric);
	jw_kv_uint(w, "table", RT_TABLE_MAIN);
	jw_key(w, "nexthops");
	jw_arr_begin(w);
	if (r->nh_count == 0)
		route_nh_json(w, r, NULL);
	for (unsigned i = 0; i < r->nh_count; i++)
		route_nh_json(w, r, &r->nh[i]);
	jw_arr_end(w);
	jw_obj_end(w);
}

static bool route_shown(const struct kroute *r, bool bgp_only)
{
	return !bgp_only || r->protocol == RTPROT_BGP;
}

/* The routes of one prefix follow each other (the table is sorted): one
 * JSON key holds them all, as in FRR. */
static int route_show_json(struct cmd_call *call, const struct kroute_table *tb, bool bgp_only)
{
	struct jsonw w;
	char pfx[VT_PREFIX_STRLEN];
	size_t i = 0;

	jw_init(&w, call->out, true);
	jw_obj_begin(&w);
	while (i < tb->n) {
		size_t j = i;
		bool any = false;

		while (j < tb->n && vt_prefix_cmp(&tb->v[j].dst, &tb->v[i].dst) == 0)
			j++;
		for (size_t k = i; k < j; k++) {
			if (!route_shown(&tb->v[k], bgp_only))
				continue;
			if (!any) {
				jw_key(&w, vt_prefix_fmt(&tb->v[i].dst, pfx, sizeof(pfx)));
				jw_arr_begin(&w);
				any = true;
			}
			route_json(&w, &tb->v[k]);
		}
		if (any)
			jw_arr_end(&w);
		i = j;
	}
	return exec_json_end(call, &w);
}

static int route_show(struct cmd_call *call, int family)
{
	struct strbuf err = STRBUF_INIT;
	struct kroute_table tb;
	bool bgp_only = call->argc > 3 && call->argv[3] != NULL;
	int ret;

	exec_json_mark(call);
	ret = kroute_table_read(family, &tb, &err);
	if (ret < 0) {
		sb_printf(call->out, "%% %s\n", sb_str(&err));
		sb_free(&err);
		return ret;
	}
	sb_free(&err);
	if (call->json) {
		ret = route_show_json(call, &tb, bgp_only);
	} else {
		sb_add(call->out, ROUTE_CODES);
		for (size_t i = 0; i < tb.n; i++)
			if (route_shown(&tb.v[i], bgp_only))
				route_text(call->out, &tb.v[i]);
	}
	kroute_table_free(&tb);
	return ret;
}

int exec_show_ip_route(struct cmd_call *call)
{
	return route_show(call, AF_INET);
}

int exec_show_ipv6_route(struct cmd_call *call)
{
	return route_show(call, AF_INET6);
}
