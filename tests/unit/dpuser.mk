# (dpuser) tests: the user dataplane backend.  test_dp_user_sa needs nothing;
# test_dp_user runs two backends in two network namespaces and SKIPs (77)
# without root or /dev/net/tun.
check_PROGRAMS += tests/unit/test_dp_user_sa tests/unit/test_dp_user
TESTS += tests/unit/test_dp_user_sa tests/unit/test_dp_user
DP_USER_TEST_LIBS = vtid/dp/libdp.a common/libcommon.a $(CRYPTO_LIBS) \
	$(LIBNLROUTE_LIBS) $(LIBNL_LIBS) $(CHECK_LIBS)
tests_unit_test_dp_user_sa_SOURCES = tests/unit/test_dp_user_sa.c
tests_unit_test_dp_user_sa_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dp_user_sa_LDADD = $(DP_USER_TEST_LIBS)
tests_unit_test_dp_user_sa_LDFLAGS = -pthread
tests_unit_test_dp_user_SOURCES = tests/unit/test_dp_user.c \
	tests/unit/dp_lab.c tests/unit/dp_lab.h
tests_unit_test_dp_user_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dp_user_LDADD = $(DP_USER_TEST_LIBS)
tests_unit_test_dp_user_LDFLAGS = -pthread
# routes to plain gateways and the purge of a protocol's routes (root, as above)
check_PROGRAMS += tests/unit/test_dp_user_gw
TESTS += tests/unit/test_dp_user_gw
tests_unit_test_dp_user_gw_SOURCES = tests/unit/test_dp_user_gw.c \
	tests/unit/dp_lab.c tests/unit/dp_lab.h
tests_unit_test_dp_user_gw_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dp_user_gw_LDADD = $(DP_USER_TEST_LIBS)
tests_unit_test_dp_user_gw_LDFLAGS = -pthread
# routes over kernel nexthop objects and groups, batched (root, as above)
check_PROGRAMS += tests/unit/test_dp_nexthop
TESTS += tests/unit/test_dp_nexthop
tests_unit_test_dp_nexthop_SOURCES = tests/unit/test_dp_nexthop.c \
	tests/unit/dp_lab.c tests/unit/dp_lab.h
tests_unit_test_dp_nexthop_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dp_nexthop_LDADD = $(DP_USER_TEST_LIBS)
tests_unit_test_dp_nexthop_LDFLAGS = -pthread
# route install and removal times, 100k routes (tests/bench/fib-install.sh;
# built by make check, never run by it)
check_PROGRAMS += tests/unit/dp_route_bench
tests_unit_dp_route_bench_SOURCES = tests/unit/dp_route_bench.c \
	tests/unit/dp_lab.c tests/unit/dp_lab.h
tests_unit_dp_route_bench_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_dp_route_bench_LDADD = $(DP_USER_TEST_LIBS)
tests_unit_dp_route_bench_LDFLAGS = -pthread
# a throughput look with iperf3 (built by make check, never run by it)
check_PROGRAMS += tests/unit/dp_user_bench
tests_unit_dp_user_bench_SOURCES = tests/unit/dp_user_bench.c \
	tests/unit/dp_lab.c tests/unit/dp_lab.h
tests_unit_dp_user_bench_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_dp_user_bench_LDADD = $(DP_USER_TEST_LIBS)
tests_unit_dp_user_bench_LDFLAGS = -pthread
# TUN offloads' segmentation and coalescing, pure functions
check_PROGRAMS += tests/unit/test_dp_gso
TESTS += tests/unit/test_dp_gso
tests_unit_test_dp_gso_SOURCES = tests/unit/test_dp_gso.c tests/unit/test_csum.h
tests_unit_test_dp_gso_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dp_gso_LDADD = vtid/dp/libdp.a common/libcommon.a $(CHECK_LIBS)
