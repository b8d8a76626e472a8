# tests of TCP MSS clamping on the user dataplane's packet path
check_PROGRAMS += tests/unit/test_mss
TESTS += tests/unit/test_mss
tests_unit_test_mss_SOURCES = tests/unit/test_mss.c
tests_unit_test_mss_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_mss_LDADD = vtid/dp/libdp.a common/libcommon.a $(CHECK_LIBS)

check_PROGRAMS += tests/fuzz/fuzz_mss
TESTS += tests/fuzz/fuzz_mss
tests_fuzz_fuzz_mss_SOURCES = tests/fuzz/fuzz_mss.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_mss_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_mss_LDADD = vtid/dp/libdp.a common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_mss
