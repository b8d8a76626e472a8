/*
 * The user backend's routes to plain gateways (struct dp_nexthop without a
 * tunnel) and the purge of a protocol's routes: A's namespace of the lab
 * gets the gateway links of tests/unit/dp_route_testlib.h, g1 (10.97.1.1/24,
 * fd97:1::1/64) and g2 (10.97.2.1/24), whose far ends stand for routers.
 * Needs root, /dev/net/tun and ip(8); SKIPs (77) without them.
 */
#include <check.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "tests/unit/dp_route_testlib.h"

#define SPI_AB 0xa0000001u

START_TEST(t_gw_ecmp)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop nh[2];
	struct vt_prefix dst = lab_prefix("10.210.0.0/16");
	char out[512];
	struct lab l;

	lab_gw_up(&l, true);
	/* one gateway the kernel resolves, one with its link named */
	nh[0] = lab_gw_nexthop("10.97.1.2", NULL);
	nh[1] = lab_gw_nexthop("10.97.2.2", "g2");
	ck_assert_msg(dp_route_replace(l.a.dp, &dst, nh, 2, RTPROT_BGP, &err) == 0, "%s",
		      sb_str(&err));
	ck_assert_uint_eq(lab_route_show(&l.a, "10.210.0.0/16", out, sizeof(out)), 1);
	ck_assert_msg(strstr(out, "proto bgp") && strstr(out, "nexthop via 10.97.1.2 dev g1") &&
			      strstr(out, "nexthop via 10.97.2.2 dev g2"),
		      "%s", out);

	/* replaced by one gateway, not added beside */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, &nh[1], 1, RTPROT_BGP, NULL), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.210.0.0/16", out, sizeof(out)), 1);
	ck_assert_msg(strstr(out, "via 10.97.2.2 dev g2 proto bgp") && !strstr(out, "g1"), "%s",
		      out);

	/* deleted, and then it is not ours any more */
	ck_assert_int_eq(dp_route_del(l.a.dp, &dst, NULL), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.210.0.0/16", out, sizeof(out)), 0);
	ck_assert_int_eq(dp_route_del(l.a.dp, &dst, NULL), -ENOENT);

	/* IPv6: a link-local gateway needs its link */
	dst = lab_prefix("fd98::/48");
	nh[0] = lab_gw_nexthop("fe80::2", NULL);
	sb_reset(&err);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, nh, 1, RTPROT_BGP, &err), -EINVAL);
	ck_assert_msg(strstr(sb_str(&err), "link-local gateway needs its link"), "%s",
		      sb_str(&err));
	nh[0] = lab_gw_nexthop("fe80::2", "g1");
	nh[1] = lab_gw_nexthop("fd97:1::3", NULL);
	sb_reset(&err);
	ck_assert_msg(dp_route_replace(l.a.dp, &dst, nh, 2, RTPROT_BGP, &err) == 0, "%s",
		      sb_str(&err));
	ck_assert_uint_eq(lab_route_show(&l.a, "fd98::/48", out, sizeof(out)), 1);
	ck_assert_msg(strstr(out, "via fe80::2 dev g1") && strstr(out, "via fd97:1::3 dev g1"),
		      "%s", out);

	/* the backend going takes its gateway routes along */
	lab_enter(&l.a);
	dp_free(l.a.dp);
	l.a.dp = NULL;
	ck_assert_uint_eq(lab_route_show(&l.a, "fd98::/48", out, sizeof(out)), 0);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

START_TEST(t_gw_bad)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop h = {0};
	struct vt_prefix dst = lab_prefix("10.210.0.0/16");
	struct lab l;

	lab_up(&l, DP_MSS_AUTO, DP_MSS_AUTO);
	lab_enter(&l.a);
	/* neither a tunnel nor a gateway */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, &h, 1, RTPROT_BGP, &err), -EINVAL);
	ck_assert_msg(strstr(sb_str(&err), "neither a tunnel nor a gateway"), "%s", sb_str(&err));
	/* a gateway of the other family */
	h = lab_gw_nexthop("fd97:1::3", NULL);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, &h, 1, RTPROT_BGP, NULL), -EINVAL);
	/* the kernel has no way to it: refused when answered, said by the
	 * flush, and not remembered */
	h = lab_gw_nexthop("10.96.0.1", NULL);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, &h, 1, RTPROT_BGP, NULL), 0);
	sb_reset(&err);
	ck_assert_int_lt(dp_route_flush(l.a.dp, &err), 0);
	ck_assert_msg(strstr(sb_str(&err), "route 10.210.0.0/16: "), "%s", sb_str(&err));
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	ck_assert_int_eq(dp_route_del(l.a.dp, &dst, NULL), -ENOENT);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

/* A tunnel leaving takes its own nexthops only; gateway ones stay. */
START_TEST(t_gw_with_tunnel)
{
	struct dp_nexthop nh[2];
	struct vt_prefix dst = lab_prefix("10.211.0.0/16"), dst2 = lab_prefix("10.212.0.0/16");
	struct dp_tunnel *t2;
	char out[512];
	struct lab l;

	lab_gw_up(&l, true);
	t2 = lab_tunnel_c_add(&l, SPI_AB + 2);
	nh[0] = lab_tunnel_c_nexthop(t2);
	nh[1] = lab_gw_nexthop("10.97.1.2", NULL);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst2, &nh[1], 1, RTPROT_STATIC, NULL), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.211.0.0/16", out, sizeof(out)), 1);
	ck_assert_msg(strstr(out, "dev vtiC") && strstr(out, "via 10.97.1.2 dev g1"), "%s", out);

	dp_tunnel_del(t2);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.211.0.0/16", out, sizeof(out)), 1);
	ck_assert_msg(strstr(out, "via 10.97.1.2 dev g1 proto bgp") && !strstr(out, "vtiC"), "%s",
		      out);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.212.0.0/16", out, sizeof(out)), 1);
	/* the backend going removes both */
	lab_enter(&l.a);
	dp_free(l.a.dp);
	l.a.dp = NULL;
	ck_assert_uint_eq(lab_route_show(&l.a, "10.211.0.0/16", out, sizeof(out)), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.212.0.0/16", out, sizeof(out)), 0);
	lab_down(&l);
}
END_TEST

START_TEST(t_purge)
{
	struct dp_nexthop h;
	struct vt_prefix dst = lab_prefix("10.213.0.0/16"), st = lab_prefix("10.214.0.0/16");
	char out[512];
	struct lab l;

	lab_gw_up(&l, true);
	/* one of ours, and BGP routes someone else left (ECMP, IPv6) */
	h = lab_gw_nexthop("10.97.1.2", NULL);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, &h, 1, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &st, &h, 1, RTPROT_STATIC, NULL), 0);
	ck_assert_int_eq(lab_sh(&l.a, "ip route add 10.215.0.0/16 proto bgp "
				      "nexthop via 10.97.1.3 nexthop via 10.97.2.3 && "
				      "ip -6 route add fd99::/48 via fd97:1::9 proto bgp && "
				      "ip route add 10.216.0.0/16 via 10.97.2.9 proto static"),
			 0);
	ck_assert_int_eq(dp_route_purge(l.a.dp, RTPROT_BGP, NULL), 3);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.213.0.0/16", out, sizeof(out)), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.215.0.0/16", out, sizeof(out)), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "fd99::/48", out, sizeof(out)), 0);
	/* other protocols stay, and the backend forgot what it purged */
	ck_assert_uint_eq(lab_route_show(&l.a, "10.214.0.0/16", out, sizeof(out)), 1);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.216.0.0/16", out, sizeof(out)), 1);
	ck_assert_int_eq(dp_route_del(l.a.dp, &dst, NULL), -ENOENT);
	ck_assert_int_eq(dp_route_purge(l.a.dp, RTPROT_BGP, NULL), 0);

	/* without a backend: the daemon's start */
	ck_assert_int_eq(lab_sh(&l.a, "ip route add 10.217.0.0/16 via 10.97.1.4 proto bgp"), 0);
	lab_enter(&l.a);
	ck_assert_int_eq(dp_route_purge_table(RTPROT_BGP, NULL), 1);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.217.0.0/16", out, sizeof(out)), 0);
	ck_assert_uint_eq(lab_route_show(&l.a, "10.216.0.0/16", out, sizeof(out)), 1);
	lab_down(&l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dp_user_gw");
	TCase *tc = tcase_create("gateways");

	if (!lab_usable("test_dp_user_gw", false))
		return 77;
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_gw_ecmp);
	tcase_add_test(tc, t_gw_bad);
	tcase_add_test(tc, t_gw_with_tunnel);
	tcase_add_test(tc, t_purge);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
