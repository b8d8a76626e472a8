/*
 * Two user dataplane backends talking ESP in UDP to each other across a
 * veth pair, each in a network namespace of its own (tests/unit/dp_lab.h).
 * Needs root, /dev/net/tun and ip(8) (for the veth pair and to read routes
 * back); SKIPs (77) without them.
 */
#include <check.h>
#include <errno.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "tests/unit/dp_route_testlib.h"
#include "vtid/dp/user_int.h"

#define SPI_AB 0xa0000001u
#define SPI_BA 0xb0000001u

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* A counter of an SA, once it reached want (or after ~3 s). */
static uint64_t sa_stat_wait(struct dp_tunnel *t, uint32_t spi, bool in, size_t field,
			     uint64_t want)
{
	struct dp_sa_stats s;
	uint64_t v = 0;
	int i;

	for (i = 0; i < 300; i++) {
		ck_assert_int_eq(dp_sa_stats(t, spi, in, &s), 0);
		memcpy(&v, (const char *)&s + field, sizeof(v));
		if (v >= want)
			break;
		nap_ms(10);
	}
	return v;
}

static uint64_t rx_counter_wait(struct dp *base, size_t field, uint64_t want)
{
	struct user_dp *dp = user_dp_of(base);
	uint64_t v = 0;
	int i;

	for (i = 0; i < 300; i++) {
		user_lock_all(dp);
		memcpy(&v, (const char *)&dp->rx + field, sizeof(v));
		user_unlock_all(dp);
		if (v >= want)
			break;
		nap_ms(10);
	}
	return v;
}

static short dev_flags(const struct lab_side *s, const char *name, int *mtu)
{
	struct ifreq ifr;
	int fd;

	lab_enter(s);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	if (mtu) {
		short flags = ifr.ifr_flags;

		ck_assert_int_eq(ioctl(fd, SIOCGIFMTU, &ifr), 0);
		*mtu = ifr.ifr_mtu;
		ifr.ifr_flags = flags;
	}
	close(fd);
	return ifr.ifr_flags;
}

/* A datagram from A's namespace to B's port 4500. */
static void udp_to_b(struct lab *l, const void *p, size_t n, uint16_t *from_port)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(4500)};
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	int fd;

	lab_enter(&l->a);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	inet_pton(AF_INET, "10.99.0.2", &to.sin_addr);
	ck_assert_int_eq(sendto(fd, p, n, 0, (struct sockaddr *)&to, sizeof(to)), (ssize_t)n);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&me, &len), 0);
	if (from_port)
		*from_port = ntohs(me.sin_port);
	close(fd);
}

static void traffic_checks(struct lab *l)
{
	struct dp_sa_stats in, out;
	int mss;

	ck_assert(lab_ping(&l->a, "169.254.99.1", 1));
	ck_assert(lab_ping(&l->b, "169.254.99.2", 2));
	/* A clamps to 1200 both ways; unclamped the ends would settle on
	 * 1360 less options */
	mss = lab_tcp(l, 256 * 1024);
	ck_assert_int_le(mss, 1200);
	ck_assert_int_ge(mss, 1100);

	ck_assert_uint_ge(
		sa_stat_wait(l->a.t, SPI_AB, false, offsetof(struct dp_sa_stats, packets), 100),
		100);
	ck_assert_uint_ge(
		sa_stat_wait(l->b.t, SPI_AB, true, offsetof(struct dp_sa_stats, packets), 100),
		100);
	ck_assert_uint_ge(
		sa_stat_wait(l->b.t, SPI_AB, true, offsetof(struct dp_sa_stats, bytes), 256 * 1024),
		256 * 1024);
	ck_assert_uint_ge(
		sa_stat_wait(l->a.t, SPI_BA, true, offsetof(struct dp_sa_stats, bytes), 256 * 1024),
		256 * 1024);
	ck_assert_int_eq(dp_tunnel_stats(l->b.t, &in, &out), 0);
	ck_assert_uint_ge(in.packets, 100);
	ck_assert_uint_ge(out.packets, 100);
	ck_assert_msg(in.auth_fails + in.replay_drops + in.other_drops == 0,
		      "drops: auth %llu replay %llu other %llu", (unsigned long long)in.auth_fails,
		      (unsigned long long)in.replay_drops, (unsigned long long)in.other_drops);
}

START_TEST(t_gcm_traffic)
{
	static const uint8_t ike[] = {0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o', ' ', 'i', 'k', 'e'};
	static const uint8_t keepalive[] = {0xff};
	uint8_t garbage[64];
	struct sockaddr_in *sin;
	struct lab l;
	uint16_t port;
	int mtu;

	lab_up(&l, 1200, DP_MSS_AUTO);
	ck_assert(!(dev_flags(&l.a, "vtiA", &mtu) & IFF_UP));
	ck_assert_int_eq(mtu, 1400); /* MTU 0: the default */
	ck_assert(!dp_tunnel_link_up(l.a.t));
	ck_assert_str_eq(dp_tunnel_ifname(l.a.t), "vtiA");
	lab_sa_pair(&l, &l.a, &l.b, SPI_AB, LAB_GCM);
	lab_sa_pair(&l, &l.b, &l.a, SPI_BA, LAB_GCM);
	ck_assert(dp_tunnel_link_up(l.a.t));
	ck_assert(dev_flags(&l.a, "vtiA", NULL) & IFF_UP);
	traffic_checks(&l);

	/* IKE on 4500 reaches the main loop, marker stripped */
	udp_to_b(&l, ike, sizeof(ike), &port);
	ck_assert(lab_wait_count(&l, &l.b.ike_count, 1));
	ck_assert_uint_eq(l.b.ike_len, sizeof(ike) - 4);
	ck_assert_mem_eq(l.b.ike_buf, "hello ike", 9);
	sin = (struct sockaddr_in *)&l.b.ike_remote;
	ck_assert_uint_eq(ntohs(sin->sin_port), port);
	ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0x0a630001);
	ck_assert_mem_eq(&l.b.ike_local, &l.b.local, sizeof(struct sockaddr_in));

	/* keepalives are ignored; garbage is dropped and counted */
	udp_to_b(&l, keepalive, sizeof(keepalive), NULL);
	udp_to_b(&l, "\x01\x02", 2, NULL);
	ck_assert_uint_eq(rx_counter_wait(l.b.dp, offsetof(struct user_rx_counters, invalid), 1),
			  1);
	memset(garbage, 0x5a, sizeof(garbage));
	garbage[0] = 0x12; /* an SPI nobody has */
	udp_to_b(&l, garbage, sizeof(garbage), NULL);
	ck_assert_uint_eq(
		rx_counter_wait(l.b.dp, offsetof(struct user_rx_counters, unknown_spi), 1), 1);
	memcpy(garbage, (uint8_t[]){0xa0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff},
	       8); /* SPI_AB, far ahead */
	udp_to_b(&l, garbage, sizeof(garbage), NULL);
	ck_assert_uint_eq(
		sa_stat_wait(l.b.t, SPI_AB, true, offsetof(struct dp_sa_stats, auth_fails), 1), 1);
	ck_assert_uint_eq(l.b.ike_count, 1);
	/* and the tunnel still works: the forged packet moved no window */
	ck_assert(lab_ping(&l.a, "169.254.99.1", 3));
	lab_down(&l);
}
END_TEST

START_TEST(t_cbc_traffic)
{
	struct lab l;

	lab_up(&l, 1200, DP_MSS_AUTO);
	lab_sa_pair(&l, &l.a, &l.b, SPI_AB, LAB_CBC);
	lab_sa_pair(&l, &l.b, &l.a, SPI_BA, LAB_CBC);
	traffic_checks(&l);
	lab_down(&l);
}
END_TEST

/*
 * A rekey while packets flow: B learns the new inbound SA first, then A
 * moves to the new outbound SA at once; nothing is lost on the way, and
 * the old SA stays until deleted.
 */
START_TEST(t_make_before_break)
{
	enum { N = 200 };
	struct dp_sa_stats old_before, old_after, s_new, in, out;
	bool seen[N] = {false};
	struct lab l;
	unsigned i;
	int fd;

	lab_up(&l, DP_MSS_AUTO, DP_MSS_AUTO);
	lab_sa_pair(&l, &l.a, &l.b, SPI_AB, LAB_GCM);
	lab_sa_pair(&l, &l.b, &l.a, SPI_BA, LAB_GCM);
	ck_assert(lab_ping(&l.a, "169.254.99.1", 1));

	fd = lab_icmp_open(&l.a);
	for (i = 0; i < N; i++) {
		if (i == N / 2)
			lab_sa_pair(&l, &l.a, &l.b, SPI_AB + 1, LAB_GCM);
		lab_icmp_send(fd, "169.254.99.1", 0x7777, (uint16_t)i);
	}
	ck_assert_uint_eq(lab_icmp_collect(fd, 0x7777, seen, N, 3000), N);
	close(fd);

	ck_assert_int_eq(dp_sa_stats(l.b.t, SPI_AB, true, &old_before), 0);
	ck_assert_uint_ge(
		sa_stat_wait(l.b.t, SPI_AB + 1, true, offsetof(struct dp_sa_stats, packets), 1), 1);
	ck_assert(lab_ping(&l.a, "169.254.99.1", 2));
	ck_assert_int_eq(dp_sa_stats(l.b.t, SPI_AB, true, &old_after), 0);
	ck_assert_uint_eq(old_after.packets, old_before.packets); /* the old one is idle */
	ck_assert_int_eq(dp_sa_stats(l.b.t, SPI_AB + 1, true, &s_new), 0);
	ck_assert_uint_ge(old_after.packets + s_new.packets, N + 2);

	/* delete the old outbound SA: the link stays, traffic flows */
	ck_assert_int_eq(dp_sa_del(l.a.t, SPI_AB, false), 0);
	ck_assert_int_eq(dp_sa_del(l.a.t, SPI_AB, false), -ENOENT);
	ck_assert(dp_tunnel_link_up(l.a.t));
	ck_assert(lab_ping(&l.a, "169.254.99.1", 3));
	/* totals keep what deleted SAs carried */
	ck_assert_int_eq(dp_tunnel_stats(l.a.t, &in, &out), 0);
	ck_assert_uint_ge(out.packets, N + 3);

	/* the last outbound SA goes: link down */
	ck_assert_int_eq(dp_sa_del(l.a.t, SPI_AB + 1, false), 0);
	ck_assert(!dp_tunnel_link_up(l.a.t));
	ck_assert(!(dev_flags(&l.a, "vtiA", NULL) & IFF_UP));
	ck_assert_int_eq(dp_sa_del(l.a.t, SPI_BA, true), 0);
	ck_assert_int_eq(dp_sa_stats(l.a.t, SPI_BA, true, &in), -ENOENT);
	lab_down(&l);
}
END_TEST

START_TEST(t_routes)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_tunnel *t2;
	struct dp_sa_conf c;
	struct vt_prefix dst;
	struct dp_nexthop nh[2];
	char out[512];
	struct lab l;

	lab_up(&l, DP_MSS_AUTO, DP_MSS_AUTO);
	lab_sa_pair(&l, &l.a, &l.b, SPI_AB, LAB_GCM);
	lab_enter(&l.a);
	t2 = lab_tunnel_c_add(&l, 0);

	ck_assert_int_eq(vt_prefix_parse("10.200.0.0/24", AF_INET, 0, &dst), 0);
	nh[0] = (struct dp_nexthop){.tunnel = l.a.t};
	vt_addr_parse("169.254.99.1", AF_INET, &nh[0].gw);
	nh[1] = lab_tunnel_c_nexthop(t2);

	/* vtiC has no SA yet: its link is down, and the route is refused */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, nh, 2, RTPROT_BGP, &err), -ENETDOWN);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "tunnel vtiC is down"));
	c = lab_sa_conf(&l.a, &l.b, SPI_AB + 2, false, LAB_GCM);
	ck_assert_int_eq(dp_sa_add(t2, &c, NULL), 0);
	sb_reset(&err);
	ck_assert_msg(dp_route_replace(l.a.dp, &dst, nh, 2, RTPROT_BGP, &err) == 0, "%s",
		      sb_str(&err));
	lab_route_show(&l.a, "10.200.0.0/24", out, sizeof(out));
	ck_assert_msg(strstr(out, "proto bgp") &&
			      strstr(out, "nexthop via 169.254.99.1 dev vtiA") &&
			      strstr(out, "nexthop via 169.254.98.1 dev vtiC"),
		      "%s", out);
	/* replaced, not added */
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, nh, 2, RTPROT_BGP, NULL), 0);
	lab_route_show(&l.a, "10.200.0.0/24", out, sizeof(out));
	ck_assert_ptr_null(strstr(strchr(out, '\n') + 1, "10.200"));

	/* a tunnel leaving takes its nexthop along */
	dp_tunnel_del(t2);
	lab_route_show(&l.a, "10.200.0.0/24", out, sizeof(out));
	ck_assert_msg(strstr(out, "via 169.254.99.1 dev vtiA") && !strstr(out, "vtiC"), "%s", out);
	ck_assert_uint_eq(if_nametoindex("vtiC"), 0);

	/* a second route, on-link, then the backend goes: so do they */
	ck_assert_int_eq(vt_prefix_parse("10.201.0.0/16", AF_INET, 0, &dst), 0);
	nh[0].gw.family = 0;
	ck_assert_int_eq(dp_route_replace(l.a.dp, &dst, nh, 1, RTPROT_STATIC, NULL), 0);
	lab_route_show(&l.a, "10.201.0.0/16", out, sizeof(out));
	ck_assert_msg(strstr(out, "dev vtiA proto static"), "%s", out);
	lab_enter(&l.a);
	dp_free(l.a.dp);
	l.a.dp = NULL;
	lab_route_show(&l.a, "10.200.0.0/24", out, sizeof(out));
	ck_assert_str_eq(out, "");
	lab_route_show(&l.a, "10.201.0.0/16", out, sizeof(out));
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(if_nametoindex("vtiA"), 0);
	lab_down(&l);
	sb_free(&err);
}
END_TEST

/* Soft then hard packet limits on B's inbound SA, each reported once. */
START_TEST(t_lifetime)
{
	struct dp_sa_conf in;
	struct lab l;
	int i;

	lab_up(&l, DP_MSS_AUTO, DP_MSS_AUTO);
	in = lab_sa_conf(&l.b, &l.a, SPI_AB, true, LAB_GCM);
	in.soft_packets = 3;
	in.hard_packets = 5;
	ck_assert_int_eq(dp_sa_add(l.b.t, &in, NULL), 0);
	in = lab_sa_conf(&l.a, &l.b, SPI_AB, false, LAB_GCM);
	ck_assert_int_eq(dp_sa_add(l.a.t, &in, NULL), 0);
	lab_sa_pair(&l, &l.b, &l.a, SPI_BA, LAB_GCM);

	for (i = 1; i <= 3; i++)
		ck_assert(lab_ping(&l.a, "169.254.99.1", (uint16_t)i));
	ck_assert(lab_wait_count(&l, &l.b.expired_count, 1));
	ck_assert_uint_eq(l.b.expired_spi[0], SPI_AB);
	ck_assert(!l.b.expired_hard[0]);
	for (i = 4; i <= 5; i++)
		ck_assert(lab_ping(&l.a, "169.254.99.1", (uint16_t)i));
	ck_assert(lab_wait_count(&l, &l.b.expired_count, 2));
	ck_assert_uint_eq(l.b.expired_spi[1], SPI_AB);
	ck_assert(l.b.expired_hard[1]);
	/* past the hard limit the SA carries nothing */
	ck_assert(!lab_ping(&l.a, "169.254.99.1", 6));
	ck_assert_uint_ge(
		sa_stat_wait(l.b.t, SPI_AB, true, offsetof(struct dp_sa_stats, other_drops), 1), 1);
	/* reported once each, however long we wait */
	for (i = 0; i < 25; i++)
		ev_loop_run_once(l.loop, 50);
	ck_assert_uint_eq(l.b.expired_count, 2);
	ck_assert_uint_eq(l.a.expired_count, 0);
	lab_down(&l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dp_user");
	TCase *tc = tcase_create("two namespaces");

	if (!lab_usable("test_dp_user", false))
		return 77;
	/* Each test in its own process: its namespaces go with it. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_gcm_traffic);
	tcase_add_test(tc, t_cbc_traffic);
	tcase_add_test(tc, t_make_before_break);
	tcase_add_test(tc, t_routes);
	tcase_add_test(tc, t_lifetime);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
