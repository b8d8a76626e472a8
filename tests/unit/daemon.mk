# tests of daemon
check_PROGRAMS += tests/unit/test_ctl_proto
TESTS += tests/unit/test_ctl_proto
tests_unit_test_ctl_proto_SOURCES = tests/unit/test_ctl_proto.c
tests_unit_test_ctl_proto_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ctl_proto_LDADD = vtid/libvtidd.a common/libcommon.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_tunnel_mgr
TESTS += tests/unit/test_tunnel_mgr
tests_unit_test_tunnel_mgr_SOURCES = tests/unit/test_tunnel_mgr.c
tests_unit_test_tunnel_mgr_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_tunnel_mgr_LDADD = vtid/libvtidd.a common/libcommon.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_nb
TESTS += tests/unit/test_nb
tests_unit_test_nb_SOURCES = tests/unit/test_nb.c
tests_unit_test_nb_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_nb_LDADD = $(VTID_DAEMON_LDADD) $(CHECK_LIBS)

check_PROGRAMS += tests/fuzz/fuzz_ctl
TESTS += tests/fuzz/fuzz_ctl
tests_fuzz_fuzz_ctl_SOURCES = tests/fuzz/fuzz_ctl.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_ctl_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ctl_LDADD = $(VTID_DAEMON_LDADD)
EXTRA_DIST += tests/fuzz/corpus/fuzz_ctl

# End-to-end: vtid and vtictl on a temporary socket (no root needed;
# routes.sh needs root and SKIPs without it).
TESTS += tests/e2e/transcript.sh tests/e2e/pty.sh tests/e2e/reload.sh \
	tests/e2e/commit.sh tests/e2e/garbage.sh tests/e2e/lifecycle.sh tests/e2e/routes.sh
dist_noinst_SCRIPTS += tests/e2e/transcript.sh tests/e2e/pty.sh tests/e2e/reload.sh \
	tests/e2e/commit.sh tests/e2e/garbage.sh tests/e2e/lifecycle.sh tests/e2e/routes.sh
EXTRA_DIST += tests/e2e/lib.sh tests/e2e/ctl_client.py tests/e2e/ctl_garbage.py \
	tests/e2e/ctl_commit.py tests/e2e/vtictl_pty.py

# a configured tunnel turned into IKE and dataplane settings
check_PROGRAMS += tests/unit/test_tunnel_rt
TESTS += tests/unit/test_tunnel_rt
tests_unit_test_tunnel_rt_SOURCES = tests/unit/test_tunnel_rt.c
tests_unit_test_tunnel_rt_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_tunnel_rt_LDADD = $(VTID_DAEMON_LDADD) $(CHECK_LIBS)
