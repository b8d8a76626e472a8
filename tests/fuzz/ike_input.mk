# The IKE engine's input path (ike_input), fuzzed as a whole.
check_PROGRAMS += tests/fuzz/fuzz_ike_input
TESTS += tests/fuzz/fuzz_ike_input
tests_fuzz_fuzz_ike_input_SOURCES = tests/fuzz/fuzz_ike_input.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_ike_input_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ike_input_LDADD = ike/libike.a common/libcommon.a $(CRYPTO_LIBS)
EXTRA_DIST += tests/fuzz/corpus/fuzz_ike_input
