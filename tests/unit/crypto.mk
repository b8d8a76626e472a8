# tests of crypto: common/crypto* and ike/keys

CRYPTO_TESTS = tests/unit/test_crypto tests/unit/test_crypto_dh tests/unit/test_ike_keys
check_PROGRAMS += $(CRYPTO_TESTS)
TESTS += $(CRYPTO_TESTS)

tests_unit_test_crypto_SOURCES = tests/unit/test_crypto.c tests/unit/test_crypto_hex.h
tests_unit_test_crypto_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_crypto_LDADD = common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)

tests_unit_test_crypto_dh_SOURCES = tests/unit/test_crypto_dh.c tests/unit/test_crypto_hex.h
tests_unit_test_crypto_dh_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_crypto_dh_LDADD = common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)

tests_unit_test_ike_keys_SOURCES = tests/unit/test_ike_keys.c tests/unit/test_crypto_hex.h
tests_unit_test_ike_keys_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ike_keys_LDADD = ike/libike.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)
