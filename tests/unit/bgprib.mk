# tests of the BGP RIB and decision process
check_PROGRAMS += tests/unit/test_bgp_decide tests/unit/test_bgp_rib
TESTS += tests/unit/test_bgp_decide tests/unit/test_bgp_rib
tests_unit_test_bgp_decide_SOURCES = tests/unit/test_bgp_decide.c \
	tests/unit/bgp_rib_testlib.c tests/unit/bgp_rib_testlib.h
tests_unit_test_bgp_decide_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_decide_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
tests_unit_test_bgp_rib_SOURCES = tests/unit/test_bgp_rib.c tests/unit/test_bgp_rib_big.c \
	tests/unit/bgp_rib_testlib.c tests/unit/bgp_rib_testlib.h
tests_unit_test_bgp_rib_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_rib_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
