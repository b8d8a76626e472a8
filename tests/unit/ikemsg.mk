# tests of ikemsg: the IKEv2 message codec
check_PROGRAMS += tests/unit/test_ike_msg tests/unit/test_ike_msg_bad
TESTS += tests/unit/test_ike_msg tests/unit/test_ike_msg_bad
tests_unit_test_ike_msg_SOURCES = tests/unit/test_ike_msg.c tests/unit/test_ike_msg_vec.h
tests_unit_test_ike_msg_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_msg_LDADD = ike/libike.a common/libcommon.a $(CHECK_LIBS)
tests_unit_test_ike_msg_bad_SOURCES = tests/unit/test_ike_msg_bad.c tests/unit/test_ike_msg_vec.h
tests_unit_test_ike_msg_bad_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_msg_bad_LDADD = ike/libike.a common/libcommon.a $(CHECK_LIBS)

# fuzz harness (see tests/fuzz/local.mk)
check_PROGRAMS += tests/fuzz/fuzz_ike_msg
TESTS += tests/fuzz/fuzz_ike_msg
tests_fuzz_fuzz_ike_msg_SOURCES = tests/fuzz/fuzz_ike_msg.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_ike_msg_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ike_msg_LDADD = ike/libike.a common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_ike_msg
