/*
 * The kernel dataplane backend against a real kernel, each test in a
 * network namespace of its own: the links, addresses, sysctls, nft table,
 * XFRM states and policies and routes it makes, checked through libnl
 * dumps and libnftables (never through the backend's own view), and that
 * dp_free and the start-time purge leave nothing behind.
 *
 * Needs root and a kernel with VTI or XFRM interfaces and ESP: SKIPs (77)
 * elsewhere, e.g. on the build hosts.  tests/kernel/ runs it in a VM.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvti.h>
#include <netlink/route/link/xfrmi.h>
#include <netlink/route/route.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>
#include <nftables/libnftables.h>

#include "common/evloop.h"
#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "vtid/dp/dp.h"
#include "tests/kernel/dp_kern_lib.h"

START_TEST(t_vti)
{
	struct dp_tunnel_conf c = kt_conf("vti1", DP_IF_VTI, KEY_VTI);
	struct kt k;
	struct rtnl_link *l;

	kt_setup(&k);
	kt_tunnel_exercise(&k, &c);
	l = kt_link(&k, "vti1");
	ck_assert_str_eq(rtnl_link_get_type(l), "vti");
	/* the attribute is big-endian: mark 100 is 0.0.0.100 in `ip -d link` */
	ck_assert_uint_eq(rtnl_link_ipvti_get_ikey(l), htonl(KEY_VTI));
	ck_assert_uint_eq(rtnl_link_ipvti_get_okey(l), htonl(KEY_VTI));
	ck_assert_uint_eq(rtnl_link_ipvti_get_local(l), c.local.u.v4.s_addr);
	ck_assert_uint_eq(rtnl_link_ipvti_get_remote(l), c.remote.u.v4.s_addr);
	rtnl_link_put(l);

	ck_assert_int_eq(kt_sysctl("/proc/sys/net/ipv4/conf/vti1/disable_policy"), 1);
	ck_assert_int_eq(kt_sysctl("/proc/sys/net/ipv4/conf/vti1/rp_filter"), 2);
	ck_assert_int_eq(kt_sysctl("/proc/sys/net/ipv4/fib_multipath_hash_policy"), 1);
	ck_assert_int_eq(kt_sysctl("/proc/sys/net/ipv4/ip_forward"), 1);

	/* MTU 1400: 1360 for IPv4, 1340 for IPv6, both directions */
	kt_nft_assert_has((const char *[]){"oifname \"vti1\"", "iifname \"vti1\"",
					   "maxseg size set 1360", "maxseg size set 1340", NULL});
	kt_free_assert_clean(&k);
}
END_TEST

START_TEST(t_xfrm)
{
	struct dp_tunnel_conf c = kt_conf("ipsec1", DP_IF_XFRM, KEY_XFRM);
	struct kt k;
	struct rtnl_link *l;
	uint32_t if_id = 0;

	c.tun.mtu = 1446;
	c.mss = 1379;
	kt_setup(&k);
	kt_tunnel_exercise(&k, &c);
	l = kt_link(&k, "ipsec1");
	ck_assert_str_eq(rtnl_link_get_type(l), "xfrm");
	ck_assert_int_eq(rtnl_link_xfrmi_get_if_id(l, &if_id), 0);
	ck_assert_uint_eq(if_id, KEY_XFRM);
	rtnl_link_put(l);
	kt_nft_assert_has((const char *[]){"oifname \"ipsec1\"", "maxseg size set 1379", NULL});
	kt_free_assert_clean(&k);
}
END_TEST

/* A tunnel deleted alone takes its link, states, policies, route and
 * rules with it; the other tunnel keeps its own. */
START_TEST(t_tunnel_del)
{
	static const uint8_t cbc[48] = {0x11, 0x22, 0x33, 0x44, 0x55};
	struct dp_tunnel_conf c1 = kt_conf("vti1", DP_IF_VTI, KEY_VTI);
	struct dp_tunnel_conf c2 = kt_conf("vti2", DP_IF_VTI, KEY_VTI + 1);
	struct strbuf err = STRBUF_INIT;
	struct dp_tunnel *t1, *t2;
	struct kt k;
	char *nft;

	vt_addr_parse("198.51.100.2", AF_INET, &c2.remote);
	inet_pton(AF_INET, "169.254.13.38", &c2.tun.addr4);
	inet_pton(AF_INET, "169.254.13.37", &c2.tun.peer4);
	kt_setup(&k);
	t1 = kt_tunnel_exercise(&k, &c1);
	ck_assert_msg(dp_tunnel_add(k.dp, &c2, NULL, &t2, &err) == 0, "%s", sb_str(&err));
	ck_assert_uint_eq(kt_policies(&k), 8);
	/* the other ciphers and encapsulation: AES-CBC + HMAC-SHA2-256, in UDP */
	for (int in = 0; in <= 1; in++) {
		struct dp_sa_conf sa = kt_sa(SPI_IN + 0x10 + (uint32_t)in, in, cbc);

		inet_pton(AF_INET, "198.51.100.2", &((struct sockaddr_in *)&sa.remote)->sin_addr);
		sa.encr = 12;
		sa.encr_key_len = 16;
		sa.integ = 12;
		sa.integ_key = cbc + 16;
		sa.integ_key_len = 32;
		sa.encap = true;
		((struct sockaddr_in *)&sa.local)->sin_port = htons(4500);
		((struct sockaddr_in *)&sa.remote)->sin_port = htons(4500);
		ck_assert_msg(dp_sa_add(t2, &sa, &err) == 0, "%s", sb_str(&err));
	}
	ck_assert(dp_tunnel_link_up(t2));
	ck_assert_uint_eq(kt_states(&k), 4);
	dp_tunnel_del(t1);
	ck_assert_ptr_null(kt_link(&k, "vti1"));
	ck_assert_uint_eq(kt_states(&k), 2);
	ck_assert_uint_eq(kt_policies(&k), 4);
	ck_assert_uint_eq(kt_routes_bgp(&k), 0);
	nft = kt_nft_table();
	ck_assert_ptr_nonnull(nft);
	ck_assert_msg(!strstr(nft, "\"vti1\"") && strstr(nft, "\"vti2\""), "%s", nft);
	free(nft);
	kt_free_assert_clean(&k);
	sb_free(&err);
}
END_TEST

/* A run that died: its objects stay, and the next backend's start removes
 * them, but not a VTI someone else made. */
START_TEST(t_crash_purge)
{
	struct dp_tunnel_conf c = kt_conf("vti1", DP_IF_VTI, KEY_VTI);
	struct dp_tunnel_conf cx = kt_conf("ipsec1", DP_IF_XFRM, KEY_XFRM);
	struct strbuf err = STRBUF_INIT;
	struct rtnl_link *foreign;
	struct dp *dp2;
	struct kt k;

	kt_setup(&k);
	kt_tunnel_exercise(&k, &c);
	ck_assert_msg(dp_tunnel_add(k.dp, &cx, NULL, &(struct dp_tunnel *){NULL}, &err) == 0, "%s",
		      sb_str(&err));
	foreign = rtnl_link_ipvti_alloc();
	rtnl_link_set_name(foreign, "other0");
	rtnl_link_ipvti_set_ikey(foreign, htonl(7));
	rtnl_link_ipvti_set_okey(foreign, htonl(7));
	rtnl_link_ipvti_set_local(foreign, htonl(0xc0000201u));
	rtnl_link_ipvti_set_remote(foreign, htonl(0xcb007101u));
	ck_assert_int_eq(rtnl_link_add(k.nl, foreign, NLM_F_CREATE | NLM_F_EXCL), 0);
	rtnl_link_put(foreign);
	kt_nft_assert_has((const char *[]){NULL});
	ck_assert_uint_eq(kt_links_ours(&k), 2);

	/* k.dp is never freed: it stands for the process that died */
	dp2 = dp_new(DP_KERNEL, k.loop, NULL, NULL, &err);
	ck_assert_msg(dp2, "%s", sb_str(&err));
	kt_assert_clean(&k);
	foreign = kt_link(&k, "other0");
	ck_assert_msg(foreign, "a VTI vtid did not make was removed");
	rtnl_link_put(foreign);
	dp_free(dp2);
	kt_teardown(&k);
	sb_free(&err);
}
END_TEST

/* What the kernel refuses is reported, and leaves nothing half-made. */
START_TEST(t_refused)
{
	struct dp_tunnel_conf c = kt_conf("vti1", DP_IF_VTI, KEY_VTI);
	struct strbuf err = STRBUF_INIT;
	struct dp_tunnel *t, *t2;
	struct kt k;

	kt_setup(&k);
	ck_assert_msg(dp_tunnel_add(k.dp, &c, NULL, &t, &err) == 0, "%s", sb_str(&err));
	/* same outer pair: the kernel cannot tell two VTIs apart */
	snprintf(c.tun.name, sizeof(c.tun.name), "vti2");
	c.key = KEY_VTI + 1;
	ck_assert_int_lt(dp_tunnel_add(k.dp, &c, NULL, &t2, &err), 0);
	ck_assert_ptr_null(t2);
	ck_assert_msg(strstr(sb_str(&err), "vti2"), "%s", sb_str(&err));
	ck_assert_ptr_null(kt_link(&k, "vti2"));
	ck_assert_uint_eq(kt_policies(&k), 4);
	/* a VTI needs IPv4 outer addresses */
	vt_addr_parse("2001:db8::1", AF_INET6, &c.local);
	ck_assert_int_eq(dp_tunnel_add(k.dp, &c, NULL, &t2, NULL), -EINVAL);
	kt_free_assert_clean(&k);
	sb_free(&err);
}
END_TEST

struct kt_ike {
	unsigned n;
	size_t len[4];
	uint8_t first[4];
	struct sockaddr_in local, remote;
};

static void kt_ike_input(void *ctx, const struct sockaddr_storage *local,
			 const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	struct kt_ike *r = ctx;

	if (r->n < 4) {
		r->len[r->n] = len;
		r->first[r->n] = buf[0];
	}
	r->n++;
	memcpy(&r->local, local, sizeof(r->local));
	memcpy(&r->remote, remote, sizeof(r->remote));
}

static int kt_udp(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	ck_assert_msg(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0, "bind: %s", strerror(errno));
	return fd;
}

static void kt_send(int fd, const uint8_t *p, size_t n)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(4500)};

	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	ck_assert_int_eq(sendto(fd, p, n, 0, (struct sockaddr *)&to, sizeof(to)), (ssize_t)n);
}

/* The 4500 socket: the kernel takes ESP and keepalives, IKE reaches
 * ike_input without its non-ESP marker, in order. */
START_TEST(t_udp)
{
	static const struct dp_events ev = {.ike_input = kt_ike_input};
	struct strbuf err = STRBUF_INIT;
	struct sockaddr_storage local;
	struct sockaddr_in *l = (struct sockaddr_in *)&local;
	uint8_t ike_a[4 + 28] = {0}, ike_b[4 + 40] = {0}, esp[40] = {0, 0, 0x12, 0x34, 0, 0, 0, 1};
	uint8_t keepalive = 0xff;
	struct kt_ike got;
	struct rtnl_link *lo, *chg;
	int fd, peer, encap = 0;
	socklen_t len = sizeof(encap);
	struct kt k;

	memset(&got, 0, sizeof(got));
	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s", strerror(errno));
	k.loop = ev_loop_new();
	k.nl = nl_socket_alloc();
	ck_assert_int_eq(nl_connect(k.nl, NETLINK_ROUTE), 0);
	lo = kt_link(&k, "lo");
	chg = rtnl_link_alloc();
	rtnl_link_set_flags(chg, IFF_UP);
	ck_assert_int_eq(rtnl_link_change(k.nl, lo, chg, 0), 0);
	rtnl_link_put(lo);
	rtnl_link_put(chg);
	k.dp = dp_new(DP_KERNEL, k.loop, &ev, &got, &err);
	ck_assert_msg(k.dp, "%s", sb_str(&err));

	fd = kt_udp(4500);
	peer = kt_udp(4501);
	memset(&local, 0, sizeof(local));
	l->sin_family = AF_INET;
	l->sin_port = htons(4500);
	ck_assert_msg(dp_attach_udp(k.dp, fd, &local, &err) == 0, "%s", sb_str(&err));
	ck_assert_int_eq(getsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap, &len), 0);
	ck_assert_int_eq(encap, UDP_ENCAP_ESPINUDP);
	ck_assert_int_eq(dp_attach_udp(k.dp, fd, &local, NULL), -EBUSY);

	ike_a[4] = 0xaa;
	ike_b[4] = 0xbb;
	kt_send(peer, &keepalive, 1);
	kt_send(peer, esp, sizeof(esp));
	kt_send(peer, ike_a, sizeof(ike_a));
	kt_send(peer, ike_b, sizeof(ike_b));
	for (int i = 0; i < 50 && got.n < 2; i++)
		ev_loop_run_once(k.loop, 100);
	ck_assert_uint_eq(got.n, 2);
	ck_assert_uint_eq(got.len[0], 28);
	ck_assert_uint_eq(got.first[0], 0xaa);
	ck_assert_uint_eq(got.len[1], 40);
	ck_assert_uint_eq(got.first[1], 0xbb);
	ck_assert_uint_eq(ntohs(got.remote.sin_port), 4501);
	ck_assert_uint_eq(ntohl(got.local.sin_addr.s_addr), 0x7f000001u);
	ck_assert_uint_eq(ntohs(got.local.sin_port), 4500);

	dp_free(k.dp);
	close(fd);
	close(peer);
	nl_socket_free(k.nl);
	ev_loop_free(k.loop);
	sb_free(&err);
}
END_TEST

int main(void)
{
	struct strbuf why = STRBUF_INIT;
	Suite *s;
	TCase *tc;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		printf("SKIP: needs root\n");
		return 77;
	}
	if (dp_kern_probe(&why) != 1) {
		printf("SKIP: the kernel dataplane cannot run here: %s\n", sb_str(&why));
		sb_free(&why);
		return 77;
	}
	sb_free(&why);
	s = suite_create("dp_kern");
	tc = tcase_create("kernel");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_vti);
	tcase_add_test(tc, t_xfrm);
	tcase_add_test(tc, t_tunnel_del);
	tcase_add_test(tc, t_crash_purge);
	tcase_add_test(tc, t_refused);
	tcase_add_test(tc, t_udp);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
