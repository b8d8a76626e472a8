# tests of BGP prefix lists
check_PROGRAMS += tests/unit/test_bgp_policy
TESTS += tests/unit/test_bgp_policy
tests_unit_test_bgp_policy_SOURCES = tests/unit/test_bgp_policy.c
tests_unit_test_bgp_policy_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_policy_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
