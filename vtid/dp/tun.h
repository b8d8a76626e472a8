/*
 * The user dataplane's tunnel interface: one TUN device per tunnel, named from
 * the config (vti1, vti2 ...), carrying bare IP packets (IFF_TUN | IFF_NO_PI)
 * on a non-blocking, close-on-exec fd.
 *
 * Promises:
 * - dp_tun_open() creates a new device or fails; a name already taken by any
 *   device (a TUN device someone made persistent included) is refused with
 *   -EEXIST and that device is left untouched.
 * - MTU, the IPv4 inside address with its peer and an optional IPv6 address
 *   are set over rtnetlink (libnl-route), never by running a program.
 * - The device is never made persistent: dp_tun_close(), or the process
 *   exiting, removes it with its addresses and routes. A failed open leaves
 *   nothing behind.
 * - With offload set, every read from and write to the fd starts with a
 *   little-endian struct virtio_net_hdr (IFF_VNET_HDR), and the kernel is
 *   told it may hand over checksum-partial and TCP (TSO4/6, with ECN) and,
 *   where it has them, UDP (USO4/6) super-packets (vtid/dp/gso.h).  Without
 *   it the fd carries bare packets.
 * - Errors are returned as -errno, with a one-line message naming the
 *   interface appended to err (when err is not NULL).
 */
#ifndef VT_VTID_DP_TUN_H
#define VT_VTID_DP_TUN_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>

struct strbuf;

struct dp_tun_conf {
	char name[IF_NAMESIZE]; /* vti1; no '%' patterns */
	unsigned int mtu;	/* 0: leave the kernel's default */
	bool has_addr4;
	struct in_addr addr4;	 /* our inside address, 169.254.12.38 */
	struct in_addr peer4;	 /* the far end, 169.254.12.37 */
	unsigned int prefixlen4; /* 30 */
	bool has_addr6;
	struct in6_addr addr6;	 /* on-link prefix, no peer */
	unsigned int prefixlen6; /* 126 */
	bool offload;		 /* virtio-net headers and GSO on the fd */
};

struct dp_tun; /* opaque */

/* Create and configure the device, link left down. */
int dp_tun_open(const struct dp_tun_conf *c, struct dp_tun **out, struct strbuf *err);
/* Link state: set IFF_UP or clear it. */
int dp_tun_set_up(struct dp_tun *t, bool up, struct strbuf *err);
/* Remove the device and free t; NULL is fine. */
void dp_tun_close(struct dp_tun *t);

int dp_tun_fd(const struct dp_tun *t);
int dp_tun_ifindex(const struct dp_tun *t);
const char *dp_tun_name(const struct dp_tun *t);

#endif
