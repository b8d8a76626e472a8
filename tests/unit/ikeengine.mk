# (ikeengine) tests: two IKE engines talking to each other (tests/unit/ike_pair.h)
check_PROGRAMS += tests/unit/test_ike_pair tests/unit/test_ike_path
TESTS += tests/unit/test_ike_pair tests/unit/test_ike_path
tests_unit_test_ike_pair_SOURCES = tests/unit/test_ike_pair.c \
	tests/unit/ike_pair.c tests/unit/ike_pair.h tests/unit/ike_pair_log.c
tests_unit_test_ike_pair_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_pair_LDADD = ike/libike.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)
tests_unit_test_ike_path_SOURCES = tests/unit/test_ike_path.c \
	tests/unit/ike_pair.c tests/unit/ike_pair.h tests/unit/ike_pair_log.c
tests_unit_test_ike_path_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_path_LDADD = ike/libike.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)
