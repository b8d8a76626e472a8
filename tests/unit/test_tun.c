/*
 * The user dataplane's TUN devices, checked against the kernel's own view
 * (ioctls and getifaddrs, not libnl, which the code under test uses). Runs in
 * a network namespace of its own; without root it SKIPs.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "tests/unit/test_csum.h"
#include "tests/unit/check_main.h"
#include "vtid/dp/tun.h"

static bool have_ipv6;

static struct dp_tun_conf conf_make(const char *name)
{
	struct dp_tun_conf c;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.mtu = 1436;
	c.has_addr4 = true;
	inet_pton(AF_INET, "169.254.12.38", &c.addr4);
	inet_pton(AF_INET, "169.254.12.37", &c.peer4);
	c.prefixlen4 = 30;
	if (have_ipv6) {
		c.has_addr6 = true;
		inet_pton(AF_INET6, "fd00:12::2", &c.addr6);
		c.prefixlen6 = 126;
	}
	return c;
}

/* One SIOCGIF* ioctl on name; -errno when the device is not there. */
static int dev_ioctl(const char *name, unsigned long req, struct ifreq *ifr)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	ck_assert_int_ge(s, 0);
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	rc = ioctl(s, req, ifr) < 0 ? -errno : 0;
	close(s);
	return rc;
}

static bool dev_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

static int dev_mtu(const char *name)
{
	struct ifreq ifr;

	ck_assert_int_eq(dev_ioctl(name, SIOCGIFMTU, &ifr), 0);
	return ifr.ifr_mtu;
}

static short dev_flags(const char *name)
{
	struct ifreq ifr;

	ck_assert_int_eq(dev_ioctl(name, SIOCGIFFLAGS, &ifr), 0);
	return ifr.ifr_flags;
}

static void sa_str(const struct sockaddr *sa, char *buf, size_t n)
{
	const void *a = sa->sa_family == AF_INET
				? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
				: (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;

	ck_assert_ptr_nonnull(inet_ntop(sa->sa_family, a, buf, (socklen_t)n));
}

/* The address of family on name as "local peer netmask" ("-" for no peer). */
static bool dev_addr(const char *name, int family, char *out, size_t n)
{
	struct ifaddrs *list, *i;
	bool found = false;

	ck_assert_int_eq(getifaddrs(&list), 0);
	for (i = list; i && !found; i = i->ifa_next) {
		char l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN] = "-", m[INET6_ADDRSTRLEN];

		if (strcmp(i->ifa_name, name) != 0 || !i->ifa_addr ||
		    i->ifa_addr->sa_family != family)
			continue;
		sa_str(i->ifa_addr, l, sizeof(l));
		sa_str(i->ifa_netmask, m, sizeof(m));
		if (family == AF_INET && (i->ifa_flags & IFF_POINTOPOINT) && i->ifa_dstaddr)
			sa_str(i->ifa_dstaddr, p, sizeof(p));
		snprintf(out, n, "%s %s %s", l, p, m);
		found = true;
	}
	freeifaddrs(list);
	return found;
}

START_TEST(t_open_sets_device)
{
	struct dp_tun_conf c = conf_make("vti1");
	struct strbuf err = STRBUF_INIT;
	struct dp_tun *t;
	struct ifreq ifr;
	char a[160];
	char byte;

	ck_assert_int_eq(dp_tun_open(&c, &t, &err), 0);
	ck_assert_str_eq(sb_str(&err), "");
	ck_assert_str_eq(dp_tun_name(t), "vti1");
	ck_assert_int_eq(dp_tun_ifindex(t), (int)if_nametoindex("vti1"));
	ck_assert_int_eq(dev_mtu("vti1"), 1436);
	ck_assert(!(dev_flags("vti1") & IFF_UP));

	/* bare IP packets, no packet-info header, never persistent */
	memset(&ifr, 0, sizeof(ifr));
	ck_assert_int_eq(ioctl(dp_tun_fd(t), TUNGETIFF, &ifr), 0);
	ck_assert_str_eq(ifr.ifr_name, "vti1");
	ck_assert_int_eq(ifr.ifr_flags & (IFF_TUN | IFF_TAP | IFF_NO_PI), IFF_TUN | IFF_NO_PI);
	ck_assert(!(ifr.ifr_flags & IFF_PERSIST));
	ck_assert(fcntl(dp_tun_fd(t), F_GETFL) & O_NONBLOCK);
	ck_assert(fcntl(dp_tun_fd(t), F_GETFD) & FD_CLOEXEC);
	ck_assert_int_eq(read(dp_tun_fd(t), &byte, 1), -1);
	ck_assert_int_eq(errno, EAGAIN);

	ck_assert(dev_addr("vti1", AF_INET, a, sizeof(a)));
	ck_assert_str_eq(a, "169.254.12.38 169.254.12.37 255.255.255.252");
	if (have_ipv6) {
		ck_assert(dev_addr("vti1", AF_INET6, a, sizeof(a)));
		ck_assert_str_eq(a, "fd00:12::2 - ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc");
	}
	dp_tun_close(t);
	sb_free(&err);
}
END_TEST

START_TEST(t_link_up_down)
{
	struct dp_tun_conf c = conf_make("vti2");
	struct dp_tun *t;

	c.has_addr4 = c.has_addr6 = false;
	c.mtu = 0; /* the kernel's default stays */
	ck_assert_int_eq(dp_tun_open(&c, &t, NULL), 0);
	ck_assert_int_eq(dev_mtu("vti2"), 1500);
	ck_assert(!dev_addr("vti2", AF_INET, (char[8]){0}, 8));
	ck_assert_int_eq(dp_tun_set_up(t, true, NULL), 0);
	ck_assert(dev_flags("vti2") & IFF_UP);
	ck_assert_int_eq(dp_tun_set_up(t, true, NULL), 0);
	ck_assert(dev_flags("vti2") & IFF_UP);
	ck_assert_int_eq(dp_tun_set_up(t, false, NULL), 0);
	ck_assert(!(dev_flags("vti2") & IFF_UP));
	ck_assert_int_eq(dp_tun_set_up(t, true, NULL), 0);
	ck_assert(dev_flags("vti2") & IFF_UP);
	dp_tun_close(t);
	ck_assert(!dev_exists("vti2"));
}
END_TEST

/*
 * The peer pings us through the fd: the kernel must take the echo request in
 * on vti1 and route its reply back out of it, to be read from the fd.
 */
START_TEST(t_carries_traffic)
{
	struct dp_tun_conf c = conf_make("vti1");
	struct dp_tun *t;
	uint8_t pkt[84], in[2048];
	struct ip *ip = (struct ip *)pkt;
	struct icmp *icmp = (struct icmp *)(pkt + sizeof(*ip));
	bool replied = false;
	int tries;

	ck_assert_int_eq(dp_tun_open(&c, &t, NULL), 0);
	ck_assert_int_eq(dp_tun_set_up(t, true, NULL), 0);

	memset(pkt, 0, sizeof(pkt));
	ip->ip_v = 4;
	ip->ip_hl = 5;
	ip->ip_len = htons(sizeof(pkt));
	ip->ip_ttl = 64;
	ip->ip_p = IPPROTO_ICMP;
	ip->ip_src = c.peer4;
	ip->ip_dst = c.addr4;
	ip->ip_sum = test_inet_csum(ip, sizeof(*ip));
	icmp->icmp_type = ICMP_ECHO;
	icmp->icmp_id = htons(0x7674);
	icmp->icmp_seq = htons(1);
	memcpy(pkt + sizeof(*ip) + 8, "vtid tun test", 13);
	icmp->icmp_cksum = test_inet_csum(icmp, sizeof(pkt) - sizeof(*ip));
	ck_assert_int_eq(write(dp_tun_fd(t), pkt, sizeof(pkt)), (ssize_t)sizeof(pkt));

	/* IPv6 router solicitations and the like may come first: skip them. */
	for (tries = 0; tries < 50 && !replied; tries++) {
		struct pollfd pfd = {.fd = dp_tun_fd(t), .events = POLLIN};
		const struct ip *rip = (const struct ip *)in;
		const struct icmp *ricmp = (const struct icmp *)(in + sizeof(*rip));
		ssize_t n;

		ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
		n = read(dp_tun_fd(t), in, sizeof(in));
		ck_assert_int_gt(n, 0);
		if ((in[0] >> 4) != 4)
			continue;
		ck_assert_int_eq(n, (ssize_t)sizeof(pkt));
		ck_assert_int_eq(rip->ip_src.s_addr, c.addr4.s_addr);
		ck_assert_int_eq(rip->ip_dst.s_addr, c.peer4.s_addr);
		ck_assert_int_eq(rip->ip_p, IPPROTO_ICMP);
		ck_assert_int_eq(ricmp->icmp_type, ICMP_ECHOREPLY);
		ck_assert_int_eq(ricmp->icmp_id, htons(0x7674));
		ck_assert_mem_eq(in + sizeof(*rip) + 8, "vtid tun test", 13);
		replied = true;
	}
	ck_assert(replied);
	dp_tun_close(t);
}
END_TEST

START_TEST(t_refuses_taken_name)
{
	struct dp_tun_conf c = conf_make("vti1");
	struct strbuf err = STRBUF_INIT;
	struct dp_tun *t, *t2 = (struct dp_tun *)&err;
	int ifindex;

	ck_assert_int_eq(dp_tun_open(&c, &t, NULL), 0);
	ifindex = dp_tun_ifindex(t);
	ck_assert_int_eq(dp_tun_open(&c, &t2, &err), -EEXIST);
	ck_assert_ptr_null(t2);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "interface vti1: "));
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "already taken by another device"));
	/* the first one is untouched */
	ck_assert_int_eq((int)if_nametoindex("vti1"), ifindex);
	ck_assert_int_eq(dev_mtu("vti1"), 1436);
	dp_tun_close(t);

	/* not a TUN device at all */
	sb_reset(&err);
	snprintf(c.name, sizeof(c.name), "lo");
	ck_assert_int_eq(dp_tun_open(&c, &t2, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "interface lo: "));
	ck_assert(dev_exists("lo"));
	ck_assert_int_eq(dev_mtu("lo"), 65536);
	sb_free(&err);
}
END_TEST

/* A persistent TUN device someone else made must not be attached to. */
START_TEST(t_refuses_foreign_persistent_tun)
{
	struct dp_tun_conf c = conf_make("vti9");
	struct strbuf err = STRBUF_INIT;
	struct dp_tun *t;
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "vti9");
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	ck_assert_int_eq(ioctl(fd, TUNSETIFF, &ifr), 0);
	ck_assert_int_eq(ioctl(fd, TUNSETPERSIST, 1), 0);
	close(fd);
	ck_assert(dev_exists("vti9"));

	ck_assert_int_eq(dp_tun_open(&c, &t, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "interface vti9: "));
	ck_assert(dev_exists("vti9"));
	ck_assert_int_eq(dev_mtu("vti9"), 1500);
	ck_assert(!dev_addr("vti9", AF_INET, (char[8]){0}, 8));

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ioctl(fd, TUNSETIFF, &ifr), 0);
	ck_assert_int_eq(ioctl(fd, TUNSETPERSIST, 0), 0);
	close(fd);
	ck_assert(!dev_exists("vti9"));
	sb_free(&err);
}
END_TEST

START_TEST(t_close_removes_device)
{
	struct dp_tun_conf c = conf_make("vti1");
	struct dp_tun *t;
	char a[160];
	int i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(dp_tun_open(&c, &t, NULL), 0);
		ck_assert(dev_exists("vti1"));
		ck_assert_int_eq(dp_tun_set_up(t, true, NULL), 0);
		dp_tun_close(t);
		ck_assert(!dev_exists("vti1"));
		ck_assert(!dev_addr("vti1", AF_INET, a, sizeof(a)));
	}
	dp_tun_close(NULL);
}
END_TEST

/* A failure half-way (the kernel refuses the MTU) leaves no device behind. */
START_TEST(t_failed_open_leaves_nothing)
{
	struct dp_tun_conf c = conf_make("vti3");
	struct strbuf err = STRBUF_INIT;
	struct dp_tun *t;

	c.mtu = 65536 + 1;
	ck_assert_int_lt(dp_tun_open(&c, &t, &err), 0);
	ck_assert_ptr_null(t);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "interface vti3: set MTU 65537"));
	ck_assert(!dev_exists("vti3"));

	/* refused before anything is created */
	sb_reset(&err);
	c = conf_make("vti3");
	c.prefixlen4 = 33;
	ck_assert_int_eq(dp_tun_open(&c, &t, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "vti3"));
	ck_assert(!dev_exists("vti3"));
	sb_free(&err);
}
END_TEST

START_TEST(t_rejects_bad_names)
{
	static const char *const bad[] = {"", "vti%d", "a/b", "a:1", "..", "has space"};
	struct dp_tun_conf c = conf_make("x");
	struct strbuf err = STRBUF_INIT;
	struct dp_tun *t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(c.name, sizeof(c.name), "%s", bad[i]);
		sb_reset(&err);
		ck_assert_int_eq(dp_tun_open(&c, &t, &err), -EINVAL);
		ck_assert_ptr_nonnull(strstr(sb_str(&err), "invalid name"));
	}
	/* no terminating NUL inside the name field */
	memset(c.name, 'v', sizeof(c.name));
	ck_assert_int_eq(dp_tun_open(&c, &t, NULL), -EINVAL);
	ck_assert(!dev_exists("vvvvvvvvvvvvvvv"));
	sb_free(&err);
}
END_TEST

static Suite *tun_suite(void)
{
	Suite *s = suite_create("dp_tun");
	TCase *tc = tcase_create("kernel");

	tcase_add_test(tc, t_open_sets_device);
	tcase_add_test(tc, t_link_up_down);
	tcase_add_test(tc, t_carries_traffic);
	tcase_add_test(tc, t_refuses_taken_name);
	tcase_add_test(tc, t_refuses_foreign_persistent_tun);
	tcase_add_test(tc, t_close_removes_device);
	tcase_add_test(tc, t_failed_open_leaves_nothing);
	tcase_add_test(tc, t_rejects_bad_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (geteuid() != 0) {
		printf("SKIP: test_tun needs root to create TUN devices in a network namespace\n");
		return 77;
	}
	/* Every device lives and dies with this process's own namespace. */
	if (unshare(CLONE_NEWNET) < 0) {
		printf("SKIP: test_tun: unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return 77;
	}
	if (access("/dev/net/tun", R_OK | W_OK) < 0) {
		printf("SKIP: test_tun: /dev/net/tun: %s\n", strerror(errno));
		return 77;
	}
	have_ipv6 = access("/proc/sys/net/ipv6/conf/all", F_OK) == 0;
	return run_suite(tun_suite());
}
