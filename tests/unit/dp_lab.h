/*
 * A two-node lab for the user dataplane: two network namespaces joined by
 * a veth pair (A 10.99.0.1/24, B 10.99.0.2/24), one backend in each with a
 * UDP socket on port 4500 and a tunnel (vtiA 169.254.99.2/30 peer .1, vtiB
 * the reverse).  Both namespaces belong to this process alone (unshare,
 * never named), so they, the devices and the sockets vanish with it: a
 * failing test (Check forks one process per test) leaves nothing behind.
 */
#ifndef VT_TESTS_UNIT_DP_LAB_H
#define VT_TESTS_UNIT_DP_LAB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "vtid/dp/dp.h"

struct lab_side {
	char name; /* 'A' or 'B' */
	int ns;
	int udp;
	struct sockaddr_storage local;
	struct dp *dp;
	struct dp_tunnel *t;
	/* what the events saw */
	unsigned ike_count;
	uint8_t ike_buf[512];
	size_t ike_len;
	struct sockaddr_storage ike_local, ike_remote;
	unsigned expired_count;
	uint32_t expired_spi[8];
	bool expired_hard[8];
};

struct lab {
	struct ev_loop *loop;
	struct lab_side a, b;
};

enum lab_alg { LAB_GCM, LAB_CBC };

/* Namespaces, veth, sockets, backends and one tunnel each, links down.
 * mss_a/mss_b: the tunnels' clamps. */
void lab_up(struct lab *l, uint16_t mss_a, uint16_t mss_b);
void lab_down(struct lab *l);		  /* frees the backends; checks no TUN is left */
void lab_enter(const struct lab_side *s); /* this thread into s's namespace */
/* A shell command in s's namespace; its exit status. */
int lab_sh(const struct lab_side *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An SA of self's tunnel talking to peer, with the lab's fixed keys. */
struct dp_sa_conf lab_sa_conf(const struct lab_side *self, const struct lab_side *peer,
			      uint32_t spi, bool inbound, enum lab_alg alg);
/* Outbound on from, inbound on to; asserts both went in. */
void lab_sa_pair(struct lab *l, struct lab_side *from, struct lab_side *to, uint32_t spi,
		 enum lab_alg alg);

/* Run the loop until *counter reaches want (or ~5 s): did it? */
bool lab_wait_count(struct lab *l, const unsigned *counter, unsigned want);

/* ICMP echo from s's namespace: a raw socket, send, and collect replies. */
int lab_icmp_open(const struct lab_side *s);
void lab_icmp_send(int fd, const char *dst, uint16_t id, uint16_t seq);
/* Wait for replies to id with seq in [0, n); mark them in seen[].  Stops
 * when all n are in or none came for timeout_ms.  Returns how many seen. */
unsigned lab_icmp_collect(int fd, uint16_t id, bool *seen, unsigned n, int timeout_ms);
/* One echo and its reply. */
bool lab_ping(const struct lab_side *s, const char *dst, uint16_t seq);

/* A TCP connection from a to b's inside address, carrying bytes each way;
 * returns the smaller TCP_MAXSEG of its two ends. */
int lab_tcp(struct lab *l, size_t bytes);

/* What a shell command printed in s's namespace (at most n - 1 bytes,
 * terminated); its exit status. */
int lab_sh_read(const struct lab_side *s, char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Whether this machine can run the lab: root, /dev/net/tun, ip(8) and,
 * with nexthops, the kernel's nexthop objects.  If not it prints a SKIP
 * line naming test, and main() returns 77. */
bool lab_usable(const char *test, bool nexthops);

#endif
