/*
 * The two-namespace lab for the user dataplane tests (see dp_lab.h).
 */
#include "tests/unit/dp_lab.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/evloop.h"
#include "common/strbuf.h"
#include "tests/unit/shell_cmd.h"
#include "tests/unit/test_csum.h"

static const uint8_t lab_key_gcm[20] = {0x4c, 0x80, 0xcd, 0xef, 0xbb, 0x5d, 0x10, 0xda, 0x90, 0x6a,
					0xc7, 0x3c, 0x36, 0x13, 0xa6, 0x34, 0x2e, 0x44, 0x3b, 0x68};
static const uint8_t lab_key_aes[16] = {0x06, 0xa9, 0x21, 0x40, 0x36, 0xb8, 0xa1, 0x5b,
					0x51, 0x2e, 0x03, 0xd5, 0x34, 0x12, 0x00, 0x06};
static const uint8_t lab_key_sha1[20] = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
					 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
					 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};

void lab_enter(const struct lab_side *s)
{
	ck_assert_int_eq(setns(s->ns, CLONE_NEWNET), 0);
}

int lab_sh(const struct lab_side *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	lab_enter(s);
	va_start(ap, fmt);
	rc = shell_cmd_vrun(NULL, 0, fmt, ap);
	va_end(ap);
	return rc;
}

static void lab_ike_input(void *ctx, const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	struct lab_side *s = ctx;

	s->ike_count++;
	s->ike_local = *local;
	s->ike_remote = *remote;
	s->ike_len = len < sizeof(s->ike_buf) ? len : sizeof(s->ike_buf);
	memcpy(s->ike_buf, buf, s->ike_len);
}

static void lab_sa_expired(void *ctx, void *tunnel_ctx, uint32_t spi_in, bool hard)
{
	struct lab_side *s = ctx;

	ck_assert_ptr_eq(tunnel_ctx, s);
	if (s->expired_count < 8) {
		s->expired_spi[s->expired_count] = spi_in;
		s->expired_hard[s->expired_count] = hard;
	}
	s->expired_count++;
}

static const struct dp_events lab_events = {lab_ike_input, lab_sa_expired};

static void lab_side_up(struct lab *l, struct lab_side *s, uint16_t mss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&s->local;
	struct strbuf err = STRBUF_INIT;
	struct dp_tunnel_conf tc;
	bool a = s->name == 'A';

	lab_enter(s);
	sin->sin_family = AF_INET;
	sin->sin_port = htons(4500);
	inet_pton(AF_INET, a ? "10.99.0.1" : "10.99.0.2", &sin->sin_addr);
	s->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s->udp, 0);
	ck_assert_int_eq(bind(s->udp, (struct sockaddr *)sin, sizeof(*sin)), 0);

	s->dp = dp_new(DP_USER, l->loop, &lab_events, s, &err);
	ck_assert_msg(s->dp != NULL, "%s", sb_str(&err));
	ck_assert_int_eq(dp_attach_udp(s->dp, s->udp, &s->local, &err), 0);

	memset(&tc, 0, sizeof(tc));
	snprintf(tc.tun.name, sizeof(tc.tun.name), "vti%c", s->name);
	tc.tun.has_addr4 = true;
	inet_pton(AF_INET, a ? "169.254.99.2" : "169.254.99.1", &tc.tun.addr4);
	inet_pton(AF_INET, a ? "169.254.99.1" : "169.254.99.2", &tc.tun.peer4);
	tc.tun.prefixlen4 = 30;
	tc.mss = mss;
	ck_assert_msg(dp_tunnel_add(s->dp, &tc, s, &s->t, &err) == 0, "%s", sb_str(&err));
	sb_free(&err);
}

void lab_up(struct lab *l, uint16_t mss_a, uint16_t mss_b)
{
	memset(l, 0, sizeof(*l));
	l->a.name = 'A';
	l->b.name = 'B';
	l->loop = ev_loop_new();
	ck_assert_ptr_nonnull(l->loop);
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	l->a.ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	l->b.ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(l->a.ns, 0);
	ck_assert_int_ge(l->b.ns, 0);

	ck_assert_int_eq(lab_sh(&l->b,
				"ip link add vb type veth peer name va netns "
				"/proc/%d/fd/%d && ip addr add 10.99.0.2/24 dev vb && "
				"ip link set vb up && ip link set lo up",
				(int)getpid(), l->a.ns),
			 0);
	ck_assert_int_eq(lab_sh(&l->a, "ip addr add 10.99.0.1/24 dev va && ip link set va up "
				       "&& ip link set lo up"),
			 0);
	/* No IPv6 chatter (router solicitations, MLD) on the tunnels: the
	 * tests count packets. */
	lab_sh(&l->a, "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null");
	lab_sh(&l->b, "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null");
	lab_side_up(l, &l->a, mss_a);
	lab_side_up(l, &l->b, mss_b);
}

void lab_down(struct lab *l)
{
	lab_enter(&l->a);
	dp_free(l->a.dp);
	ck_assert_uint_eq(if_nametoindex("vtiA"), 0);
	lab_enter(&l->b);
	dp_free(l->b.dp);
	ck_assert_uint_eq(if_nametoindex("vtiB"), 0);
	close(l->a.udp);
	close(l->b.udp);
	close(l->a.ns);
	close(l->b.ns);
	ev_loop_free(l->loop);
}

struct dp_sa_conf lab_sa_conf(const struct lab_side *self, const struct lab_side *peer,
			      uint32_t spi, bool inbound, enum lab_alg alg)
{
	struct dp_sa_conf c;

	memset(&c, 0, sizeof(c));
	c.spi = spi;
	c.inbound = inbound;
	if (alg == LAB_GCM) {
		c.encr = 20;
		c.encr_key = lab_key_gcm;
		c.encr_key_len = sizeof(lab_key_gcm);
	} else {
		c.encr = 12;
		c.integ = 2; /* HMAC-SHA1-96 */
		c.encr_key = lab_key_aes;
		c.encr_key_len = sizeof(lab_key_aes);
		c.integ_key = lab_key_sha1;
		c.integ_key_len = sizeof(lab_key_sha1);
	}
	c.encr_keylen = 128;
	c.encap = true;
	c.local = self->local;
	c.remote = peer->local;
	return c;
}

void lab_sa_pair(struct lab *l, struct lab_side *from, struct lab_side *to, uint32_t spi,
		 enum lab_alg alg)
{
	struct dp_sa_conf out = lab_sa_conf(from, to, spi, false, alg);
	struct dp_sa_conf in = lab_sa_conf(to, from, spi, true, alg);
	struct strbuf err = STRBUF_INIT;

	(void)l;
	/* The receiver first, as IKE installs them. */
	ck_assert_msg(dp_sa_add(to->t, &in, &err) == 0, "%s", sb_str(&err));
	ck_assert_msg(dp_sa_add(from->t, &out, &err) == 0, "%s", sb_str(&err));
	sb_free(&err);
}

bool lab_wait_count(struct lab *l, const unsigned *counter, unsigned want)
{
	int i;

	for (i = 0; i < 100 && *counter < want; i++)
		ev_loop_run_once(l->loop, 50);
	return *counter >= want;
}

int lab_icmp_open(const struct lab_side *s)
{
	int fd;

	lab_enter(s);
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	ck_assert_int_ge(fd, 0);
	return fd;
}

void lab_icmp_send(int fd, const char *dst, uint16_t id, uint16_t seq)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	uint8_t pkt[64];
	struct icmp *icmp = (struct icmp *)pkt;

	inet_pton(AF_INET, dst, &to.sin_addr);
	memset(pkt, 0, sizeof(pkt));
	icmp->icmp_type = ICMP_ECHO;
	icmp->icmp_id = htons(id);
	icmp->icmp_seq = htons(seq);
	memcpy(pkt + 8, "vtid dp_user lab", 16);
	icmp->icmp_cksum = test_inet_csum(pkt, sizeof(pkt));
	ck_assert_int_eq(sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)),
			 (ssize_t)sizeof(pkt));
}

unsigned lab_icmp_collect(int fd, uint16_t id, bool *seen, unsigned n, int timeout_ms)
{
	unsigned got = 0, i;

	for (i = 0; i < n; i++)
		got += seen[i];
	while (got < n) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		uint8_t in[2048];
		const struct ip *ip = (const struct ip *)in;
		const struct icmp *icmp;
		ssize_t len;
		uint16_t seq;

		if (poll(&pfd, 1, timeout_ms) != 1)
			break;
		len = recv(fd, in, sizeof(in), 0);
		ck_assert_int_gt(len, 0);
		if (len < (ssize_t)(ip->ip_hl * 4 + 8))
			continue;
		icmp = (const struct icmp *)(in + ip->ip_hl * 4);
		if (icmp->icmp_type != ICMP_ECHOREPLY || ntohs(icmp->icmp_id) != id)
			continue;
		ck_assert_mem_eq(in + ip->ip_hl * 4 + 8, "vtid dp_user lab", 16);
		seq = ntohs(icmp->icmp_seq);
		if (seq < n && !seen[seq]) {
			seen[seq] = true;
			got++;
		}
	}
	return got;
}

bool lab_ping(const struct lab_side *s, const char *dst, uint16_t seq)
{
	int fd = lab_icmp_open(s);
	bool seen[1] = {false};
	unsigned got;

	lab_icmp_send(fd, dst, (uint16_t)(0x4000 + seq), 0);
	got = lab_icmp_collect(fd, (uint16_t)(0x4000 + seq), seen, 1, 3000);
	close(fd);
	return got == 1;
}

static int lab_tcp_socket(const struct lab_side *s)
{
	int fd, one = 1;

	lab_enter(s);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	return fd;
}

/* Send `bytes` of a pattern each way at once, checking what arrives. */
static void lab_tcp_xfer(int x, int y, size_t bytes)
{
	size_t sent[2] = {0, 0}, recvd[2] = {0, 0};
	int fd[2] = {x, y};
	uint8_t buf[16384];

	while (recvd[0] < bytes || recvd[1] < bytes) {
		struct pollfd pfd[2];
		int i;

		for (i = 0; i < 2; i++)
			pfd[i] = (struct pollfd){
				fd[i], (short)(POLLIN | (sent[i] < bytes ? POLLOUT : 0)), 0};
		ck_assert_msg(poll(pfd, 2, 5000) > 0, "TCP stalled: sent %zu/%zu, got %zu/%zu",
			      sent[0], sent[1], recvd[1], recvd[0]);
		for (i = 0; i < 2; i++) {
			ssize_t n;
			size_t k;

			if ((pfd[i].revents & POLLOUT) && sent[i] < bytes) {
				size_t want = bytes - sent[i] < sizeof(buf) ? bytes - sent[i]
									    : sizeof(buf);

				for (k = 0; k < want; k++)
					buf[k] = (uint8_t)((sent[i] + k) * (i ? 7 : 13));
				n = send(fd[i], buf, want, MSG_NOSIGNAL);
				if (n > 0)
					sent[i] += (size_t)n;
			}
			if (pfd[i].revents & POLLIN) {
				/* fd[i] reads what the other end sent */
				n = recv(fd[i], buf, sizeof(buf), 0);
				ck_assert_int_gt(n, 0);
				for (k = 0; k < (size_t)n; k++)
					ck_assert_uint_eq(buf[k],
							  (uint8_t)((recvd[i] + k) * (i ? 13 : 7)));
				recvd[i] += (size_t)n;
			}
		}
	}
}

int lab_tcp(struct lab *l, size_t bytes)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(5001)};
	int lfd = lab_tcp_socket(&l->b), cfd, afd, mss_c, mss_a;
	socklen_t len = sizeof(int);
	struct pollfd pfd;

	inet_pton(AF_INET, "169.254.99.1", &addr.sin_addr);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	cfd = lab_tcp_socket(&l->a);
	ck_assert(connect(cfd, (struct sockaddr *)&addr, sizeof(addr)) == 0 ||
		  errno == EINPROGRESS);
	pfd = (struct pollfd){.fd = lfd, .events = POLLIN};
	ck_assert_msg(poll(&pfd, 1, 5000) == 1, "no TCP connection through the tunnel");
	afd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	ck_assert_int_ge(afd, 0);
	pfd = (struct pollfd){.fd = cfd, .events = POLLOUT};
	ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
	lab_tcp_xfer(cfd, afd, bytes);
	ck_assert_int_eq(getsockopt(afd, IPPROTO_TCP, TCP_MAXSEG, &mss_a, &len), 0);
	ck_assert_int_eq(getsockopt(cfd, IPPROTO_TCP, TCP_MAXSEG, &mss_c, &len), 0);
	close(afd);
	close(cfd);
	close(lfd);
	return mss_a < mss_c ? mss_a : mss_c;
}

int lab_sh_read(const struct lab_side *s, char *out, size_t n, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	size_t k;
	FILE *p;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	lab_enter(s);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	k = fread(out, 1, n - 1, p);
	out[k] = '\0';
	rc = pclose(p);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool lab_usable(const char *test, bool nexthops)
{
	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0 ||
	    system("ip -V >/dev/null 2>&1") != 0 ||
	    (nexthops && system("unshare -n ip nexthop show >/dev/null 2>&1") != 0)) {
		printf("SKIP: %s needs root, /dev/net/tun%s\n", test,
		       nexthops ? ", ip(8) and nexthop objects" : " and ip(8)");
		return false;
	}
	return true;
}
