# tests of the BGP prefix tree
check_PROGRAMS += tests/unit/test_bgp_ptree
TESTS += tests/unit/test_bgp_ptree
tests_unit_test_bgp_ptree_SOURCES = tests/unit/test_bgp_ptree.c
tests_unit_test_bgp_ptree_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_ptree_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
