# tests of esp: the anti-replay window, ESP encapsulation and decapsulation,
# the production ciphers (vtid/dp/esp_crypto)
ESP_TESTS = tests/unit/test_replay tests/unit/test_esp tests/unit/test_esp_gcm \
	tests/unit/test_esp_cbc
check_PROGRAMS += $(ESP_TESTS)
TESTS += $(ESP_TESTS)

tests_unit_test_replay_SOURCES = tests/unit/test_replay.c
tests_unit_test_replay_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_replay_LDADD = vtid/dp/libdp.a common/libcommon.a $(CHECK_LIBS)

tests_unit_test_esp_SOURCES = tests/unit/test_esp.c \
	tests/unit/esp_testlib.c tests/unit/esp_testlib.h
tests_unit_test_esp_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_esp_LDADD = vtid/dp/libdp.a common/libcommon.a $(CHECK_LIBS)

tests_unit_test_esp_gcm_SOURCES = tests/unit/test_esp_gcm.c \
	tests/unit/esp_testlib.c tests/unit/esp_testlib.h
tests_unit_test_esp_gcm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_esp_gcm_LDADD = vtid/dp/libdp.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)

tests_unit_test_esp_cbc_SOURCES = tests/unit/test_esp_cbc.c \
	tests/unit/esp_testlib.c tests/unit/esp_testlib.h
tests_unit_test_esp_cbc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_esp_cbc_LDADD = vtid/dp/libdp.a common/libcommon.a $(CRYPTO_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/fuzz/fuzz_esp
TESTS += tests/fuzz/fuzz_esp
tests_fuzz_fuzz_esp_SOURCES = tests/fuzz/fuzz_esp.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_esp_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_esp_LDADD = vtid/dp/libdp.a common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_esp
