/*
 * Gateways and a second tunnel for the route tests (see dp_route_testlib.h).
 */
#include "tests/unit/dp_route_testlib.h"

#include <check.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "common/strbuf.h"

void lab_gw_up(struct lab *l, bool v6)
{
	lab_up(l, DP_MSS_AUTO, DP_MSS_AUTO);
	ck_assert_int_eq(
		lab_sh(&l->a,
		       "ip link add g1 type veth peer name g1p && "
		       "ip link add g2 type veth peer name g2p && %s"
		       "ip addr add 10.97.1.1/24 dev g1 && ip addr add 10.97.2.1/24 dev g2 && %s"
		       "for d in g1 g1p g2 g2p; do ip link set $d up || exit 1; done",
		       v6 ? "sysctl -qw net.ipv6.conf.g1.disable_ipv6=0 && " : "",
		       v6 ? "ip -6 addr add fd97:1::1/64 dev g1 nodad && " : ""),
		0);
	lab_enter(&l->a);
}

struct dp_nexthop lab_gw_nexthop(const char *gw, const char *dev)
{
	struct dp_nexthop h = {0};

	ck_assert_int_eq(vt_addr_parse(gw, AF_UNSPEC, &h.gw), 0);
	if (dev) {
		h.ifindex = (int)if_nametoindex(dev);
		ck_assert_int_gt(h.ifindex, 0);
	}
	return h;
}

void lab_gw_nexthop_pair(struct dp_nexthop nh[2])
{
	nh[0] = lab_gw_nexthop("10.97.1.2", "g1");
	nh[1] = lab_gw_nexthop("10.97.2.2", "g2");
}

struct vt_prefix lab_prefix(const char *s)
{
	struct vt_prefix p;

	ck_assert_int_eq(vt_prefix_parse(s, AF_UNSPEC, 0, &p), 0);
	return p;
}

struct dp_tunnel *lab_tunnel_c_add(struct lab *l, uint32_t spi)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_tunnel_conf tc;
	struct dp_tunnel *t;
	struct dp_sa_conf c;

	memset(&tc, 0, sizeof(tc));
	snprintf(tc.tun.name, sizeof(tc.tun.name), "vtiC");
	tc.tun.has_addr4 = true;
	inet_pton(AF_INET, "169.254.98.2", &tc.tun.addr4);
	inet_pton(AF_INET, "169.254.98.1", &tc.tun.peer4);
	tc.tun.prefixlen4 = 30;
	ck_assert_msg(dp_tunnel_add(l->a.dp, &tc, NULL, &t, &err) == 0, "%s", sb_str(&err));
	sb_free(&err);
	if (spi) {
		c = lab_sa_conf(&l->a, &l->b, spi, false, LAB_GCM);
		ck_assert_int_eq(dp_sa_add(t, &c, NULL), 0);
	}
	return t;
}

struct dp_nexthop lab_tunnel_c_nexthop(struct dp_tunnel *t)
{
	struct dp_nexthop h = {.tunnel = t};

	ck_assert_int_eq(vt_addr_parse("169.254.98.1", AF_INET, &h.gw), 0);
	return h;
}

unsigned lab_route_show(const struct lab_side *s, const char *prefix, char *out, size_t n)
{
	unsigned lines = 0;

	ck_assert_int_eq(lab_sh_read(s, out, n, "ip -o %s route show %s",
				     strchr(prefix, ':') ? "-6" : "-4", prefix),
			 0);
	for (const char *c = out; *c; c++)
		lines += *c == '\n';
	return lines;
}
