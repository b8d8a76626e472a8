# tests of bgp/attr: interned path attributes
check_PROGRAMS += tests/unit/test_bgp_attr tests/unit/test_bgp_attr_wire
TESTS += tests/unit/test_bgp_attr tests/unit/test_bgp_attr_wire
tests_unit_test_bgp_attr_SOURCES = tests/unit/test_bgp_attr.c tests/unit/bgp_attr_test.h \
	tests/unit/bgp_msg_test.h
tests_unit_test_bgp_attr_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_attr_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
tests_unit_test_bgp_attr_wire_SOURCES = tests/unit/test_bgp_attr_wire.c \
	tests/unit/bgp_attr_test.h tests/unit/bgp_msg_test.h
tests_unit_test_bgp_attr_wire_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_attr_wire_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)

# fuzz harness (see tests/fuzz/local.mk)
check_PROGRAMS += tests/fuzz/fuzz_bgp_attr
TESTS += tests/fuzz/fuzz_bgp_attr
tests_fuzz_fuzz_bgp_attr_SOURCES = tests/fuzz/fuzz_bgp_attr.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_bgp_attr_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bgp_attr_LDADD = bgp/libbgp.a common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_bgp_attr
