# tests of ikebgp
check_PROGRAMS += tests/unit/test_proposal
TESTS += tests/unit/test_proposal
tests_unit_test_proposal_SOURCES = tests/unit/test_proposal.c
tests_unit_test_proposal_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_proposal_LDADD = ike/libike.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_asn
TESTS += tests/unit/test_asn
tests_unit_test_asn_SOURCES = tests/unit/test_asn.c
tests_unit_test_asn_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_asn_LDADD = bgp/libbgp.a $(CHECK_LIBS)

# fuzz harness (see tests/fuzz/local.mk)
check_PROGRAMS += tests/fuzz/fuzz_proposal
TESTS += tests/fuzz/fuzz_proposal
tests_fuzz_fuzz_proposal_SOURCES = tests/fuzz/fuzz_proposal.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_proposal_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_proposal_LDADD = ike/libike.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_proposal

check_PROGRAMS += tests/fuzz/fuzz_asn
TESTS += tests/fuzz/fuzz_asn
tests_fuzz_fuzz_asn_SOURCES = tests/fuzz/fuzz_asn.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_asn_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_asn_LDADD = bgp/libbgp.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_asn
