# tests of the YANG model (vtid/yang/vtid.yang) alone
check_PROGRAMS += tests/unit/test_yang
TESTS += tests/unit/test_yang
tests_unit_test_yang_SOURCES = tests/unit/test_yang.c
tests_unit_test_yang_CPPFLAGS = $(AM_CPPFLAGS) \
	-DVTID_YANG_FILE='"$(abs_top_srcdir)/vtid/yang/vtid.yang"'
tests_unit_test_yang_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(YANG_CFLAGS)
tests_unit_test_yang_LDADD = $(YANG_LIBS) $(CHECK_LIBS)

EXTRA_DIST += vtid/yang/vtid.yang
