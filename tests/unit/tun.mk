# the user dataplane's TUN devices: needs root, runs in its own network
# namespace, and SKIPs (exit 77) without root
check_PROGRAMS += tests/unit/test_tun
TESTS += tests/unit/test_tun
tests_unit_test_tun_SOURCES = tests/unit/test_tun.c tests/unit/test_csum.h
tests_unit_test_tun_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_tun_LDADD = vtid/dp/libdp.a common/libcommon.a \
	$(LIBNLROUTE_LIBS) $(LIBNL_LIBS) $(CHECK_LIBS)
