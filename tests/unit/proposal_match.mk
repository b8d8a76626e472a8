# tests of proposal selection (ike/proposal_match.c)
check_PROGRAMS += tests/unit/test_proposal_match
TESTS += tests/unit/test_proposal_match
tests_unit_test_proposal_match_SOURCES = tests/unit/test_proposal_match.c
tests_unit_test_proposal_match_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_proposal_match_LDADD = ike/libike.a common/libcommon.a $(CHECK_LIBS)
