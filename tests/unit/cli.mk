# tests of cli
check_PROGRAMS += tests/unit/test_cmd
TESTS += tests/unit/test_cmd
tests_unit_test_cmd_SOURCES = tests/unit/test_cmd.c tests/unit/cmd_tables.c tests/unit/cmd_tables.h
tests_unit_test_cmd_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cmd_LDADD = vtid/cli/libcli.a common/libcommon.a $(CHECK_LIBS)

check_PROGRAMS += tests/fuzz/fuzz_cmd
TESTS += tests/fuzz/fuzz_cmd
tests_fuzz_fuzz_cmd_SOURCES = tests/fuzz/fuzz_cmd.c tests/unit/cmd_tables.c tests/unit/cmd_tables.h \
	$(FUZZ_DRIVER)
tests_fuzz_fuzz_cmd_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_cmd_LDADD = vtid/cli/libcli.a common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_cmd
