# (kernel) the kernel dataplane backend against a real kernel, in network
# namespaces; SKIPs (77) without root or without VTI/XFRM interfaces and ESP
# (the build hosts): tests/kernel/ runs it inside a VM.
check_PROGRAMS += tests/kernel/test_dp_kern
TESTS += tests/kernel/test_dp_kern
tests_kernel_test_dp_kern_SOURCES = tests/kernel/test_dp_kern.c \
	tests/kernel/dp_kern_lib.c tests/kernel/dp_kern_lib.h
tests_kernel_test_dp_kern_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_kernel_test_dp_kern_LDADD = vtid/dp/libdp.a common/libcommon.a $(CRYPTO_LIBS) \
	$(LIBNLXFRM_LIBS) $(LIBNLROUTE_LIBS) $(LIBNL_LIBS) $(LIBNFTABLES_LIBS) \
	$(PTHREAD_LIBS) $(CHECK_LIBS)

# its nftables table alone, which any kernel with nftables can hold: this
# one runs on the build hosts too (root; SKIPs without)
check_PROGRAMS += tests/kernel/test_dp_kern_nft
TESTS += tests/kernel/test_dp_kern_nft
tests_kernel_test_dp_kern_nft_SOURCES = tests/kernel/test_dp_kern_nft.c
tests_kernel_test_dp_kern_nft_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_kernel_test_dp_kern_nft_LDADD = $(tests_kernel_test_dp_kern_LDADD)
