/*
 * Reading the kernel's main table for the show commands, over libnl-route.
 * A dump is taken per command: the table changes under us (BGP, the
 * administrator), and a cache kept in sync would cost more than it saves
 * for something a person types.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>

#include "common/log.h"
#include "vtid/dp/dp.h"
#include "vtid/dp/nl_route.h"
#include "vtid/kroute.h"

static void kroute_addr_get(struct nl_addr *na, int family, struct vt_addr *out)
{
	unsigned len = na ? nl_addr_get_len(na) : 0;

	memset(out, 0, sizeof(*out));
	out->family = (uint8_t)family;
	/* the default route comes without RTA_DST: all zeros */
	if (len > sizeof(out->u.bytes))
		len = sizeof(out->u.bytes);
	if (len)
		memcpy(out->u.bytes, nl_addr_get_binary_addr(na), len);
}

static bool kroute_type_shown(unsigned char type)
{
	return type == RTN_UNICAST || type == RTN_BLACKHOLE || type == RTN_UNREACHABLE ||
	       type == RTN_PROHIBIT;
}

static int kroute_nh_fill(struct rtnl_route *rt, int family, struct kroute *r)
{
	int n = rtnl_route_get_nnexthops(rt);

	r->nh_count = 0;
	r->nh = NULL;
	if (n <= 0)
		return 0;
	r->nh = calloc((size_t)n, sizeof(*r->nh));
	if (!r->nh)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		struct rtnl_nexthop *h = rtnl_route_nexthop_n(rt, i);
		struct kroute_nh *k = &r->nh[r->nh_count];
		struct nl_addr *gw;
		unsigned flags;

		if (!h)
			continue;
		gw = rtnl_route_nh_get_gateway(h);
		if (gw && nl_addr_get_family(gw) == family)
			kroute_addr_get(gw, family, &k->gw);
		k->ifindex = rtnl_route_nh_get_ifindex(h);
		if (k->ifindex <= 0 || !if_indextoname((unsigned)k->ifindex, k->ifname))
			k->ifname[0] = '\0';
		/* rtnh_hops is the weight less one; a plain route has weight 1 */
		k->weight = (unsigned)rtnl_route_nh_get_weight(h) + 1;
		flags = rtnl_route_nh_get_flags(h);
		k->active = !(flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN));
		r->nh_count++;
	}
	return 0;
}

static int kroute_cmp(const void *a, const void *b)
{
	const struct kroute *x = a, *y = b;
	int c = vt_prefix_cmp(&x->dst, &y->dst);

	if (c)
		return c;
	return x->metric < y->metric ? -1 : x->metric > y->metric;
}

static bool kroute_usable(const struct kroute *r)
{
	if (r->nh_count == 0)
		return true; /* blackhole and its kind */
	for (unsigned i = 0; i < r->nh_count; i++)
		if (r->nh[i].active)
			return true;
	return false;
}

/* The kernel forwards by the lowest metric that has a live nexthop: that
 * one is "selected" among the routes of its prefix. */
static void kroute_select(struct kroute_table *t)
{
	size_t i = 0;

	while (i < t->n) {
		size_t j = i;
		bool done = false;

		for (; j < t->n && vt_prefix_cmp(&t->v[j].dst, &t->v[i].dst) == 0; j++) {
			t->v[j].selected = !done && kroute_usable(&t->v[j]);
			done = done || t->v[j].selected;
		}
		i = j;
	}
}

static int kroute_fill(const struct dp_nl_routes *all, int family, struct kroute_table *out)
{
	size_t cap = 0;

	for (size_t i = 0; i < all->n; i++) {
		struct rtnl_route *rt = all->v[i];
		struct nl_addr *dst;
		struct kroute *r;

		if (rtnl_route_get_family(rt) != family ||
		    rtnl_route_get_table(rt) != RT_TABLE_MAIN ||
		    !kroute_type_shown(rtnl_route_get_type(rt)))
			continue;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct kroute *v = realloc(out->v, ncap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			out->v = v;
			cap = ncap;
		}
		r = &out->v[out->n];
		memset(r, 0, sizeof(*r));
		dst = rtnl_route_get_dst(rt);
		kroute_addr_get(dst, family, &r->dst.addr);
		r->dst.len = (uint8_t)(dst ? nl_addr_get_prefixlen(dst) : 0);
		r->protocol = rtnl_route_get_protocol(rt);
		r->scope = rtnl_route_get_scope(rt);
		r->type = rtnl_route_get_type(rt);
		r->metric = rtnl_route_get_priority(rt);
		if (kroute_nh_fill(rt, family, r) < 0)
			return -ENOMEM;
		out->n++;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(out->v[0]), kroute_cmp);
	kroute_select(out);
	return 0;
}

int kroute_table_read(int family, struct kroute_table *out, struct strbuf *err)
{
	struct nl_sock *nl = nl_socket_alloc();
	struct dp_nl_routes all = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	if (!nl) {
		sb_add(err, "out of memory");
		return -ENOMEM;
	}
	rc = nl_connect(nl, NETLINK_ROUTE);
	rc = rc < 0 ? dp_nl_errno(rc) : dp_nl_route_dump(nl, family, &all);
	if (rc < 0) {
		sb_printf(err, "cannot read the routing table: %s", strerror(-rc));
	} else {
		rc = kroute_fill(&all, family, out);
		if (rc < 0)
			sb_add(err, "out of memory reading the routing table");
	}
	dp_nl_routes_free(&all);
	nl_socket_free(nl);
	if (rc < 0)
		kroute_table_free(out);
	return rc;
}

void kroute_table_free(struct kroute_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].nh);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

bool kroute_is_connected(const struct kroute *r)
{
	if (r->protocol != RTPROT_KERNEL || r->type != RTN_UNICAST)
		return false;
	if (r->scope == RT_SCOPE_LINK)
		return true;
	/* IPv6 routes are all scope universe: no gateway says it instead */
	for (unsigned i = 0; i < r->nh_count; i++)
		if (r->nh[i].gw.family)
			return false;
	return true;
}

char kroute_code(const struct kroute *r)
{
	if (r->protocol == RTPROT_BGP)
		return 'B';
	if (r->protocol == RTPROT_STATIC)
		return 'S';
	return kroute_is_connected(r) ? 'C' : 'K';
}

const char *kroute_protocol_name(const struct kroute *r)
{
	switch (kroute_code(r)) {
	case 'B':
		return "bgp";
	case 'S':
		return "static";
	case 'C':
		return "connected";
	default:
		return "kernel";
	}
}

void kroute_purge_stale(void)
{
	struct strbuf err = STRBUF_INIT;
	int n = dp_route_purge_table(RTPROT_BGP, &err);

	if (n > 0)
		log_notice(LOGM_DP, "removed %d stale BGP routes from a previous run", n);
	else if (n < 0)
		log_warn(LOGM_DP, "stale BGP routes from a previous run stay: %s", sb_str(&err));
	sb_free(&err);
}
