# (kern_xfrm) XFRM states and policies against the running kernel, in a
# network namespace of the test's own.  SKIP (77) without root; the state
# tests skip where the kernel has no ESP (kx_probe), the policy tests run.
check_PROGRAMS += tests/kernel/test_kern_xfrm
TESTS += tests/kernel/test_kern_xfrm
tests_kernel_test_kern_xfrm_SOURCES = tests/kernel/test_kern_xfrm.c \
	tests/kernel/kern_xfrm_dump.c tests/kernel/kern_xfrm_dump.h $(SHELL_CMD_SOURCES)
tests_kernel_test_kern_xfrm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_kernel_test_kern_xfrm_LDADD = vtid/dp/libdp.a common/libcommon.a \
	$(LIBNLXFRM_LIBS) $(LIBNL_LIBS) $(CHECK_LIBS)
