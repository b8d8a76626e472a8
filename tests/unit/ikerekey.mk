# (ikerekey) tests: CREATE_CHILD_SA and INFORMATIONAL between two engines
check_PROGRAMS += tests/unit/test_ike_rekey
TESTS += tests/unit/test_ike_rekey
tests_unit_test_ike_rekey_SOURCES = tests/unit/test_ike_rekey.c \
	tests/unit/ike_watch.c tests/unit/ike_watch.h \
	tests/unit/ike_pair.c tests/unit/ike_pair.h
tests_unit_test_ike_rekey_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_rekey_LDADD = ike/libike.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_ike_info
TESTS += tests/unit/test_ike_info
tests_unit_test_ike_info_SOURCES = tests/unit/test_ike_info.c \
	tests/unit/ike_watch.c tests/unit/ike_watch.h \
	tests/unit/ike_pair.c tests/unit/ike_pair.h
tests_unit_test_ike_info_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_info_LDADD = ike/libike.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)
