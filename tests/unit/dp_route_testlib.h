/*
 * Routes in the lab of dp_lab.h, for the route tests and dp_route_bench:
 * A's namespace gets two veth pairs, g1 (10.97.1.1/24) and g2
 * (10.97.2.1/24), whose far ends stand for routers, and may get a second
 * tunnel, vtiC (169.254.98.2/30 peer .1).  Every helper asserts with
 * Check, so it runs inside a test.
 */
#ifndef VT_TESTS_UNIT_DP_ROUTE_TESTLIB_H
#define VT_TESTS_UNIT_DP_ROUTE_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

#include "common/addr.h"
#include "tests/unit/dp_lab.h"

/* lab_up() with both clamps automatic, g1 and g2 up (with v6, g1 also
 * has fd97:1::1/64), and this thread in A's namespace. */
void lab_gw_up(struct lab *l, bool v6);

/* A nexthop through gateway gw, on link dev (NULL: the kernel finds it). */
struct dp_nexthop lab_gw_nexthop(const char *gw, const char *dev);
/* nh[0] via 10.97.1.2 on g1, nh[1] via 10.97.2.2 on g2. */
void lab_gw_nexthop_pair(struct dp_nexthop nh[2]);
/* The prefix s; it must parse. */
struct vt_prefix lab_prefix(const char *s);

/* vtiC on A's backend with one outbound SA to B (spi; 0: none yet, its
 * link down), and the nexthop over it (via 169.254.98.1). */
struct dp_tunnel *lab_tunnel_c_add(struct lab *l, uint32_t spi);
struct dp_nexthop lab_tunnel_c_nexthop(struct dp_tunnel *t);

/* The libnl-free view: `ip -o route show <prefix>` in s's namespace, of
 * prefix's family (ip takes IPv4 unless told); how many lines it printed. */
unsigned lab_route_show(const struct lab_side *s, const char *prefix, char *out, size_t n);

#endif
