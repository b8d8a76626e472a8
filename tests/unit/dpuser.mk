# (dpuser) tests: the user dataplane backend.  test_dp_user_sa needs nothing;
# the others run backends in network namespaces (tests/unit/dp_lab.h) and
# SKIP (77) without root or /dev/net/tun:
#   test_dp_user     two backends, traffic through their tunnels
#   test_dp_user_gw  routes to plain gateways, the purge of a protocol's routes
#   test_dp_nexthop  routes over kernel nexthop objects and groups, batched
# The two benches are built by make check, never run by it: dp_route_bench
# (route install and removal times, 100k routes; tests/bench/fib-install.sh)
# and dp_user_bench (a throughput look with iperf3).
DP_USER_TESTS = tests/unit/test_dp_user_sa tests/unit/test_dp_user \
	tests/unit/test_dp_user_gw tests/unit/test_dp_nexthop
check_PROGRAMS += $(DP_USER_TESTS) tests/unit/dp_route_bench tests/unit/dp_user_bench
TESTS += $(DP_USER_TESTS)

DP_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
DP_USER_TEST_LIBS = vtid/dp/libdp.a common/libcommon.a $(CRYPTO_LIBS) \
	$(LIBNLXFRM_LIBS) $(LIBNLROUTE_LIBS) $(LIBNL_LIBS) $(LIBNFTABLES_LIBS) \
	$(PTHREAD_LIBS) $(CHECK_LIBS)
# shell commands for namespace tests (tests/kernel/ uses them too)
SHELL_CMD_SOURCES = tests/unit/shell_cmd.c tests/unit/shell_cmd.h
DP_LAB_SOURCES = tests/unit/dp_lab.c tests/unit/dp_lab.h $(SHELL_CMD_SOURCES)
DP_ROUTE_LAB_SOURCES = $(DP_LAB_SOURCES) \
	tests/unit/dp_route_testlib.c tests/unit/dp_route_testlib.h

tests_unit_test_dp_user_sa_SOURCES = tests/unit/test_dp_user_sa.c
tests_unit_test_dp_user_sa_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_test_dp_user_sa_LDADD = $(DP_USER_TEST_LIBS)

tests_unit_test_dp_user_SOURCES = tests/unit/test_dp_user.c $(DP_ROUTE_LAB_SOURCES)
tests_unit_test_dp_user_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_test_dp_user_LDADD = $(DP_USER_TEST_LIBS)

tests_unit_test_dp_user_gw_SOURCES = tests/unit/test_dp_user_gw.c $(DP_ROUTE_LAB_SOURCES)
tests_unit_test_dp_user_gw_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_test_dp_user_gw_LDADD = $(DP_USER_TEST_LIBS)

tests_unit_test_dp_nexthop_SOURCES = tests/unit/test_dp_nexthop.c $(DP_ROUTE_LAB_SOURCES)
tests_unit_test_dp_nexthop_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_test_dp_nexthop_LDADD = $(DP_USER_TEST_LIBS)

tests_unit_dp_route_bench_SOURCES = tests/unit/dp_route_bench.c $(DP_ROUTE_LAB_SOURCES)
tests_unit_dp_route_bench_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_dp_route_bench_LDADD = $(DP_USER_TEST_LIBS)

tests_unit_dp_user_bench_SOURCES = tests/unit/dp_user_bench.c $(DP_LAB_SOURCES)
tests_unit_dp_user_bench_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_dp_user_bench_LDADD = $(DP_USER_TEST_LIBS)

# TUN offloads' segmentation and coalescing, pure functions
check_PROGRAMS += tests/unit/test_dp_gso
TESTS += tests/unit/test_dp_gso
tests_unit_test_dp_gso_SOURCES = tests/unit/test_dp_gso.c tests/unit/test_csum.h
tests_unit_test_dp_gso_CFLAGS = $(DP_TEST_CFLAGS)
tests_unit_test_dp_gso_LDADD = vtid/dp/libdp.a common/libcommon.a $(CHECK_LIBS)
