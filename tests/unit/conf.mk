# tests of conf: the corpus of configuration files (tests/config), the
# shell's editing, and the fuzz harness of the loader.
CONF_TEST_LIBS = vtid/conf/libconf.a vtid/cli/libcli.a ike/libike.a common/libcommon.a \
	$(YANG_LIBS)

check_PROGRAMS += tests/unit/test_conf
TESTS += tests/unit/test_conf
tests_unit_test_conf_SOURCES = tests/unit/test_conf.c
tests_unit_test_conf_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCONF_CORPUS_DIR='"$(abs_top_srcdir)/tests/config"' \
	-DCONF_EXAMPLE='"$(abs_top_srcdir)/examples/aws-tgw.conf"'
tests_unit_test_conf_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_conf_LDADD = $(CONF_TEST_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_conf_edit
TESTS += tests/unit/test_conf_edit
tests_unit_test_conf_edit_SOURCES = tests/unit/test_conf_edit.c
tests_unit_test_conf_edit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_conf_edit_LDADD = $(CONF_TEST_LIBS) $(CHECK_LIBS)

EXTRA_DIST += tests/config

check_PROGRAMS += tests/fuzz/fuzz_conf
TESTS += tests/fuzz/fuzz_conf
tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz_conf.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_conf_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_conf_LDADD = $(CONF_TEST_LIBS)
EXTRA_DIST += tests/fuzz/corpus/fuzz_conf
