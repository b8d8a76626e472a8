/*
 * The user backend's routes over kernel nexthop objects and groups, the
 * forced fallback to routes that carry their nexthops, a tunnel's link
 * going down, the purge of a dead run's objects, and batched requests on
 * a full table.  A's namespace of the lab gets the gateway links of
 * tests/unit/dp_route_testlib.h, g1 (10.97.1.1/24) and g2 (10.97.2.1/24),
 * whose far ends stand for routers.  Needs root, /dev/net/tun, ip(8) and a kernel with
 * nexthop objects; SKIPs (77) without them.
 */
#include <check.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/evloop.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "tests/unit/dp_route_testlib.h"
#include "vtid/dp/nl_nexthop.h"
#include "vtid/dp/nl_route.h"

#define SPI_AB	   0xa0000001u
#define BATCH_N	   100000u
#define STALE_BASE 1987313664u /* DP_NH_ID_BASE */

static long sh_num(const struct lab_side *s, const char *cmd)
{
	char out[64];
	int st = lab_sh_read(s, out, sizeof(out), "%s", cmd);

	ck_assert_msg(st == 0, "%s: status %d", cmd, st);
	return strtol(out, NULL, 10);
}

/* Nexthop objects in A's namespace (all of them are the backend's). */
static long nh_objects(struct lab *l)
{
	return sh_num(&l->a, "ip -o nexthop show | wc -l");
}

/* The nhid of the route to p, 0 if it has none; the route must exist. */
static unsigned long route_nhid(struct lab *l, const char *p, char *out, size_t n)
{
	const char *id;

	ck_assert_int_eq(lab_sh_read(&l->a, out, n, "ip -j route show %s", p), 0);
	ck_assert_msg(strstr(out, "\"dst\""), "no route %s: %s", p, out);
	id = strstr(out, "\"nhid\":");
	return id ? strtoul(id + 7, NULL, 10) : 0;
}

/* Members of group id (0: not a group), -1 when there is no such object. */
static int group_size(struct lab *l, unsigned long id)
{
	char out[256];
	const char *g;
	int n = 1;

	if (lab_sh_read(&l->a, out, sizeof(out), "ip nexthop show id %lu 2>/dev/null", id) != 0 ||
	    !out[0])
		return -1;
	g = strstr(out, " group ");
	if (!g)
		return 0;
	for (g += 7; *g && *g != ' '; g++)
		n += *g == '/';
	return n;
}

/* The nexthops libnl reads in a dump of the route to p (this thread's
 * namespace), -1 when it is not there. */
static int dump_nexthops(const char *p)
{
	struct nl_sock *nl = nl_socket_alloc();
	struct dp_nl_routes all;
	struct vt_prefix want = lab_prefix(p);
	int n = -1;

	ck_assert_ptr_nonnull(nl);
	ck_assert_int_eq(nl_connect(nl, NETLINK_ROUTE), 0);
	ck_assert_int_eq(dp_nl_route_dump(nl, AF_INET, &all), 0);
	for (size_t i = 0; i < all.n; i++) {
		struct nl_addr *d = rtnl_route_get_dst(all.v[i]);

		if (d && nl_addr_get_prefixlen(d) == want.len &&
		    !memcmp(nl_addr_get_binary_addr(d), want.addr.u.bytes, 4))
			n = rtnl_route_get_nnexthops(all.v[i]);
	}
	dp_nl_routes_free(&all);
	nl_socket_free(nl);
	return n;
}

static bool id_ours(unsigned long id)
{
	return id >= DP_NH_ID_BASE && id - DP_NH_ID_BASE < DP_NH_ID_COUNT;
}

START_TEST(t_groups)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop nh[3];
	struct vt_prefix p1 = lab_prefix("10.210.0.0/16"), p2 = lab_prefix("10.211.0.0/16");
	unsigned long g, g2;
	char out[2048];
	struct lab l;

	lab_gw_up(&l, false);
	lab_gw_nexthop_pair(nh);
	nh[2] = lab_gw_nexthop("10.97.1.3", "g1");
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, &err), 0);
	ck_assert_msg(dp_route_flush(l.a.dp, &err) == 0, "%s", sb_str(&err));
	/* one route, over a group of two, both ways out listed by ip */
	g = route_nhid(&l, "10.210.0.0/16", out, sizeof(out));
	ck_assert_msg(id_ours(g), "%s", out);
	ck_assert_msg(strstr(out, "\"protocol\":\"bgp\"") && strstr(out, "10.97.1.2") &&
			      strstr(out, "10.97.2.2"),
		      "%s", out);
	ck_assert_int_eq(group_size(&l, g), 2);
	ck_assert_int_eq(nh_objects(&l), 3);
	/* libnl readers (the show commands) see both nexthops too: the
	 * kernel's dump carries them (nexthop_compat_mode) */
	ck_assert_int_eq(dump_nexthops("10.210.0.0/16"), 2);

	/* a second route over the same set shares the group */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p2, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_uint_eq(route_nhid(&l, "10.211.0.0/16", out, sizeof(out)), g);
	ck_assert_int_eq(nh_objects(&l), 3);

	/* the set changes: the same route, a new group; the old one stays
	 * while the other route uses it */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, &nh[1], 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	g2 = route_nhid(&l, "10.210.0.0/16", out, sizeof(out));
	ck_assert_uint_ne(g2, g);
	ck_assert_int_eq(group_size(&l, g2), 2);
	ck_assert_int_eq(sh_num(&l.a, "ip -o route show 10.210.0.0/16 | wc -l"), 1);
	ck_assert_int_eq(group_size(&l, g), 2);
	/* ... and goes with its last route, with the nexthop only it used */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p2, &nh[1], 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	ck_assert_uint_eq(route_nhid(&l, "10.211.0.0/16", out, sizeof(out)), g2);
	ck_assert_int_eq(group_size(&l, g), -1);
	ck_assert_int_eq(nh_objects(&l), 3);
	ck_assert_int_eq(sh_num(&l.a, "ip -o nexthop show | grep -c 'via 10.97.1.2 ' || true"), 0);

	/* one way out: the route points at the nexthop itself */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p2, &nh[0], 1, RTPROT_BGP, NULL), 0);
	g = route_nhid(&l, "10.211.0.0/16", out, sizeof(out));
	ck_assert_int_eq(group_size(&l, g), 0);
	ck_assert_msg(strstr(out, "\"gateway\":\"10.97.1.2\""), "%s", out);

	/* deletes free everything */
	ck_assert_int_eq(dp_route_del(l.a.dp, &p1, NULL), 0);
	ck_assert_int_eq(dp_route_del(l.a.dp, &p2, NULL), 0);
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	ck_assert_int_eq(nh_objects(&l), 0);
	ck_assert_int_eq(sh_num(&l.a, "ip -o route show proto bgp | wc -l"), 0);

	/* and so does the backend going */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 3, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(group_size(&l, route_nhid(&l, "10.210.0.0/16", out, sizeof(out))), 3);
	lab_enter(&l.a);
	dp_free(l.a.dp);
	l.a.dp = NULL;
	ck_assert_int_eq(nh_objects(&l), 0);
	ck_assert_int_eq(sh_num(&l.a, "ip -o route show proto bgp | wc -l"), 0);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

START_TEST(t_fallback)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop nh[2];
	struct vt_prefix p1 = lab_prefix("10.210.0.0/16");
	char out[2048];
	struct lab l;

	lab_gw_up(&l, false);
	ck_assert_int_eq(dp_route_nexthop_groups(l.a.dp, false, NULL), 0);
	lab_gw_nexthop_pair(nh);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	ck_assert_uint_eq(route_nhid(&l, "10.210.0.0/16", out, sizeof(out)), 0);
	lab_route_show(&l.a, "10.210.0.0/16", out, sizeof(out));
	ck_assert_msg(strstr(out, "nexthop via 10.97.1.2 dev g1") &&
			      strstr(out, "nexthop via 10.97.2.2 dev g2"),
		      "%s", out);
	ck_assert_int_eq(nh_objects(&l), 0);
	/* the mode changes only on an empty table */
	ck_assert_int_eq(dp_route_nexthop_groups(l.a.dp, true, &err), -EBUSY);
	ck_assert_int_eq(dp_route_del(l.a.dp, &p1, NULL), 0);
	ck_assert_int_eq(dp_route_nexthop_groups(l.a.dp, true, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(group_size(&l, route_nhid(&l, "10.210.0.0/16", out, sizeof(out))), 2);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

/* The tunnel's link goes down with its last outbound SA: its nexthops
 * leave every route at once, the route over it alone goes, and no object
 * over it is left; back up, routes go over it again. */
START_TEST(t_tunnel_down)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop nh[2];
	struct vt_prefix p1 = lab_prefix("10.212.0.0/16"), p2 = lab_prefix("10.213.0.0/16");
	struct dp_sa_conf c;
	struct dp_tunnel *t;
	unsigned long g;
	char out[2048];
	struct lab l;

	lab_gw_up(&l, false);
	t = lab_tunnel_c_add(&l, SPI_AB + 2);
	ck_assert(dp_tunnel_link_up(t));
	nh[0] = lab_tunnel_c_nexthop(t);
	nh[1] = lab_gw_nexthop("10.97.1.2", "g1");
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p2, nh, 1, RTPROT_BGP, NULL), 0);
	ck_assert_msg(dp_route_flush(l.a.dp, &err) == 0, "%s", sb_str(&err));
	g = route_nhid(&l, "10.212.0.0/16", out, sizeof(out));
	ck_assert_int_eq(group_size(&l, g), 2);
	ck_assert_msg(strstr(out, "\"dev\":\"vtiC\""), "%s", out);

	ck_assert_int_eq(dp_sa_del(t, SPI_AB + 2, false), 0);
	ck_assert(!dp_tunnel_link_up(t));
	g = route_nhid(&l, "10.212.0.0/16", out, sizeof(out));
	ck_assert_int_eq(group_size(&l, g), 0);
	ck_assert_msg(strstr(out, "10.97.1.2") && !strstr(out, "vtiC"), "%s", out);
	ck_assert_int_eq(sh_num(&l.a, "ip -o route show 10.213.0.0/16 | wc -l"), 0);
	ck_assert_int_eq(sh_num(&l.a, "ip -o nexthop show | grep -c vtiC || true"), 0);
	ck_assert_int_eq(nh_objects(&l), 1);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p2, nh, 1, RTPROT_BGP, NULL), -ENETDOWN);

	/* up again */
	c = lab_sa_conf(&l.a, &l.b, SPI_AB + 3, false, LAB_GCM);
	ck_assert_int_eq(dp_sa_add(t, &c, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_msg(dp_route_flush(l.a.dp, &err) == 0, "%s", sb_str(&err));
	ck_assert_int_eq(group_size(&l, route_nhid(&l, "10.212.0.0/16", out, sizeof(out))), 2);

	/* the device going: the same */
	dp_tunnel_del(t);
	g = route_nhid(&l, "10.212.0.0/16", out, sizeof(out));
	ck_assert_msg(group_size(&l, g) == 0 && !strstr(out, "vtiC"), "%s", out);
	ck_assert_int_eq(nh_objects(&l), 1);
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

/* A run that died left objects in vtid's range: the start's purge takes
 * those of its protocol, and no one else's. */
START_TEST(t_purge_stale)
{
	struct lab l;

	lab_gw_up(&l, false);
	ck_assert_int_eq(lab_sh(&l.a,
				"ip nexthop add id %u via 10.97.1.2 dev g1 proto bgp && "
				"ip nexthop add id %u via 10.97.2.2 dev g2 proto bgp && "
				"ip nexthop add id %u group %u/%u proto bgp && "
				"ip route add 10.220.0.0/16 nhid %u proto bgp && "
				"ip nexthop add id 5 via 10.97.1.2 dev g1 proto bgp && "
				"ip nexthop add id %u via 10.97.1.4 dev g1 proto static",
				STALE_BASE + 6, STALE_BASE + 7, STALE_BASE + 8, STALE_BASE + 6,
				STALE_BASE + 7, STALE_BASE + 8, STALE_BASE + 9),
			 0);
	ck_assert_int_eq(nh_objects(&l), 5);
	lab_enter(&l.a);
	ck_assert_int_eq(dp_route_purge_table(RTPROT_BGP, NULL), 1);
	ck_assert_int_eq(nh_objects(&l), 2);
	ck_assert_int_eq(lab_sh(&l.a,
				"ip nexthop show id 5 >/dev/null && "
				"ip nexthop show id %u >/dev/null",
				STALE_BASE + 9),
			 0);
	lab_down(&l);
}
END_TEST

static unsigned sink_route_errors, sink_lost;
static char sink_first[160];

static void sink(enum log_module m, enum log_level lvl, enum log_kind kind, const char *msg,
		 void *arg)
{
	(void)m;
	(void)lvl;
	(void)kind;
	(void)arg;
	if (!strncmp(msg, "route ", 6) && !sink_route_errors++)
		snprintf(sink_first, sizeof(sink_first), "%s", msg);
	if (strstr(msg, "answers lost"))
		sink_lost++;
}

static struct vt_prefix host_route(unsigned i)
{
	struct vt_prefix p = {.len = 32};

	vt_addr_from_v4(&p.addr, 0x0a800000u + i); /* 10.128.0.0 and on */
	return p;
}

/* A full table's worth of requests, none waiting for its answer; one the
 * kernel refuses in the middle is logged for its prefix, the rest land. */
START_TEST(t_batch_full_table)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop nh[2], bad = lab_gw_nexthop("10.96.0.1", NULL);
	struct vt_prefix badp = lab_prefix("10.127.0.0/24");
	struct lab l;

	lab_gw_up(&l, false);
	log_set_sink(sink, NULL);
	lab_gw_nexthop_pair(nh);
	for (unsigned i = 0; i < BATCH_N; i++) {
		struct vt_prefix p = host_route(i);

		ck_assert_int_eq(dp_route_replace(l.a.dp, &p, nh, i % 2 ? 2 : 1, RTPROT_BGP, NULL),
				 0);
		if (i == BATCH_N / 2)
			ck_assert_int_eq(dp_route_replace(l.a.dp, &badp, &bad, 1, RTPROT_BGP, NULL),
					 0);
	}
	ck_assert_int_lt(dp_route_flush(l.a.dp, &err), 0);
	ck_assert_msg(strstr(sb_str(&err), "route 10.127.0.0/24: "), "%s", sb_str(&err));
	ck_assert_uint_eq(sink_route_errors, 1);
	ck_assert_msg(strstr(sink_first, "route 10.127.0.0/24: "), "%s", sink_first);
	ck_assert_uint_eq(sink_lost, 0);
	ck_assert_int_eq(sh_num(&l.a, "ip -o -4 route show proto bgp | wc -l"), BATCH_N);
	ck_assert_int_eq(sh_num(&l.a, "ip -4 route show proto bgp | grep -c '^10.127' || true"), 0);
	ck_assert_int_eq(nh_objects(&l), 3);
	ck_assert_int_eq(dp_route_del(l.a.dp, &badp, NULL), -ENOENT);

	for (unsigned i = 0; i < BATCH_N; i++) {
		struct vt_prefix p = host_route(i);

		ck_assert_int_eq(dp_route_del(l.a.dp, &p, NULL), 0);
	}
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	ck_assert_int_eq(sh_num(&l.a, "ip -o -4 route show proto bgp | wc -l"), 0);
	ck_assert_int_eq(nh_objects(&l), 0);
	log_set_sink(NULL, NULL);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

/* A gateway's link goes down and up behind the backend's back: the
 * kernel drops the objects over it (and shrinks the group) without a
 * word; the link announcement makes the next route get new ones. */
START_TEST(t_link_behind_back)
{
	struct dp_nexthop nh[2];
	struct vt_prefix p1 = lab_prefix("10.210.0.0/16"), p2 = lab_prefix("10.211.0.0/16");
	unsigned long g;
	char out[2048];
	struct lab l;

	lab_gw_up(&l, false);
	lab_gw_nexthop_pair(nh);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, NULL), 0);
	g = route_nhid(&l, "10.210.0.0/16", out, sizeof(out));
	ck_assert_int_eq(group_size(&l, g), 2);
	ck_assert_int_eq(lab_sh(&l.a, "ip link set g2 down && ip link set g2 up"), 0);
	ck_assert_int_eq(group_size(&l, g), 1); /* what the kernel did */
	for (int i = 0; i < 5; i++)
		ev_loop_run_once(l.loop, 20);
	lab_enter(&l.a);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p2, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p1, nh, 2, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_flush(l.a.dp, NULL), 0);
	g = route_nhid(&l, "10.211.0.0/16", out, sizeof(out));
	ck_assert_int_eq(group_size(&l, g), 2);
	ck_assert_uint_eq(route_nhid(&l, "10.210.0.0/16", out, sizeof(out)), g);
	lab_enter(&l.a);
	dp_free(l.a.dp);
	l.a.dp = NULL;
	ck_assert_int_eq(nh_objects(&l), 0);
	lab_down(&l);
}
END_TEST

/* Answers are collected on the event loop, without a flush. */
START_TEST(t_loop_collects)
{
	struct dp_nexthop bad = lab_gw_nexthop("10.96.0.1", NULL), good;
	struct vt_prefix badp = lab_prefix("10.127.0.0/24"), p = lab_prefix("10.126.0.0/24");
	struct lab l;

	lab_gw_up(&l, false);
	good = lab_gw_nexthop("10.97.1.2", NULL);
	log_set_sink(sink, NULL);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &badp, &bad, 1, RTPROT_BGP, NULL), 0);
	ck_assert_int_eq(dp_route_replace(l.a.dp, &p, &good, 1, RTPROT_BGP, NULL), 0);
	for (int i = 0; i < 20 && !sink_route_errors; i++)
		ev_loop_run_once(l.loop, 50);
	log_set_sink(NULL, NULL);
	ck_assert_uint_eq(sink_route_errors, 1);
	ck_assert_msg(strstr(sink_first, "route 10.127.0.0/24: "), "%s", sink_first);
	/* forgotten already; the good one stays */
	ck_assert_int_eq(dp_route_del(l.a.dp, &badp, NULL), -ENOENT);
	ck_assert_int_eq(sh_num(&l.a, "ip -o route show 10.126.0.0/24 | wc -l"), 1);
	lab_down(&l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dp_nexthop");
	TCase *tc = tcase_create("nexthops");

	if (!lab_usable("test_dp_nexthop", true))
		return 77;
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, t_groups);
	tcase_add_test(tc, t_fallback);
	tcase_add_test(tc, t_tunnel_down);
	tcase_add_test(tc, t_purge_stale);
	tcase_add_test(tc, t_batch_full_table);
	tcase_add_test(tc, t_loop_collects);
	tcase_add_test(tc, t_link_behind_back);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
