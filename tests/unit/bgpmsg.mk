# tests of bgp/msg: the BGP message codec
check_PROGRAMS += tests/unit/test_bgp_msg tests/unit/test_bgp_update
TESTS += tests/unit/test_bgp_msg tests/unit/test_bgp_update
tests_unit_test_bgp_msg_SOURCES = tests/unit/test_bgp_msg.c tests/unit/bgp_msg_test.h
tests_unit_test_bgp_msg_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_msg_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
tests_unit_test_bgp_update_SOURCES = tests/unit/test_bgp_update.c tests/unit/bgp_msg_test.h
tests_unit_test_bgp_update_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_update_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)

# fuzz harness (see tests/fuzz/local.mk)
check_PROGRAMS += tests/fuzz/fuzz_bgp_msg
TESTS += tests/fuzz/fuzz_bgp_msg
tests_fuzz_fuzz_bgp_msg_SOURCES = tests/fuzz/fuzz_bgp_msg.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_bgp_msg_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bgp_msg_LDADD = bgp/libbgp.a common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_bgp_msg
