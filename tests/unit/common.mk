# tests of common
COMMON_TESTS = tests/unit/test_evloop tests/unit/test_wire tests/unit/test_addr \
	tests/unit/test_strbuf tests/unit/test_log tests/unit/test_sorted \
	tests/unit/test_fdio tests/unit/test_slab
check_PROGRAMS += $(COMMON_TESTS)
TESTS += $(COMMON_TESTS)

tests_unit_test_evloop_SOURCES = tests/unit/test_evloop.c
tests_unit_test_evloop_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_evloop_LDADD = common/libcommon.a $(CHECK_LIBS)

tests_unit_test_wire_SOURCES = tests/unit/test_wire.c
tests_unit_test_wire_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_wire_LDADD = common/libcommon.a $(CHECK_LIBS)

tests_unit_test_addr_SOURCES = tests/unit/test_addr.c
tests_unit_test_addr_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_addr_LDADD = common/libcommon.a $(CHECK_LIBS)

tests_unit_test_strbuf_SOURCES = tests/unit/test_strbuf.c
tests_unit_test_strbuf_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_strbuf_LDADD = common/libcommon.a $(CHECK_LIBS)

tests_unit_test_log_SOURCES = tests/unit/test_log.c
tests_unit_test_log_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_log_LDADD = common/libcommon.a $(CHECK_LIBS)

tests_unit_test_sorted_SOURCES = tests/unit/test_sorted.c
tests_unit_test_sorted_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_sorted_LDADD = common/libcommon.a $(CHECK_LIBS)

tests_unit_test_fdio_SOURCES = tests/unit/test_fdio.c
tests_unit_test_fdio_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fdio_LDADD = common/libcommon.a $(CHECK_LIBS)

# Every unit test's main() ends with its run_suite().
EXTRA_DIST += tests/unit/check_main.h

tests_unit_test_slab_SOURCES = tests/unit/test_slab.c
tests_unit_test_slab_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_slab_LDADD = common/libcommon.a $(CHECK_LIBS)
