/*
 * Helpers of the kernel backend's tests (tests/kernel/test_dp_kern.c): a
 * backend in a fresh network namespace, and what the kernel holds, read
 * through libnl dumps and libnftables rather than through the backend.
 * Failures are Check assertions.
 */
#ifndef VT_TESTS_KERNEL_DP_KERN_LIB_H
#define VT_TESTS_KERNEL_DP_KERN_LIB_H

#include <stdbool.h>
#include <stdint.h>

#include "vtid/dp/dp.h"

#define KEY_VTI	 100u
#define KEY_XFRM 200u
#define SPI_OUT	 0xc0000101u
#define SPI_IN	 0xc0000102u

struct nl_sock;
struct rtnl_link;

struct kt {
	struct ev_loop *loop;
	struct nl_sock *nl, *xnl; /* NETLINK_ROUTE, NETLINK_XFRM */
	struct dp *dp;
};

/* This process into a new network namespace, with a kernel backend. */
void kt_setup(struct kt *k);
void kt_teardown(struct kt *k); /* not the backend */

/* vti1-like: 169.254.12.38/30 peer .37, 192.0.2.1 -> 198.51.100.1, MSS auto */
struct dp_tunnel_conf kt_conf(const char *name, enum dp_iftype type, uint32_t key);
/* AES-GCM-16 128, 192.0.2.1 <-> 198.51.100.1; key is 20 bytes */
struct dp_sa_conf kt_sa(uint32_t spi, bool inbound, const uint8_t *key);

struct rtnl_link *kt_link(struct kt *k, const char *name); /* NULL: none */
bool kt_link_up(struct kt *k, const char *name);
unsigned kt_links_ours(struct kt *k); /* alias "vtid..." */
void kt_addr_assert(struct kt *k, int ifindex);
unsigned kt_states(struct kt *k);
unsigned kt_policies(struct kt *k);
unsigned kt_routes_bgp(struct kt *k);
char *kt_nft_table(void); /* malloc'd, NULL: no table inet vtid */
/* The table inet vtid is there and holds every string of want (NULL-ended). */
void kt_nft_assert_has(const char *const *want);
int kt_sysctl(const char *path);
void kt_route_add(struct kt *k, struct dp_tunnel *t); /* 10.99.0.0/24 over t */

/* Add c's tunnel and walk it through SAs, link state and a route; it is
 * left up with both SAs and the route. */
struct dp_tunnel *kt_tunnel_exercise(struct kt *k, const struct dp_tunnel_conf *c);
/* Nothing of vtid's in the namespace. */
void kt_assert_clean(struct kt *k);
/* dp_free the backend, assert it left nothing, kt_teardown. */
void kt_free_assert_clean(struct kt *k);

#endif
