# The kernel dataplane's tests: labs inside a QEMU VM booting Debian's kernel
# (VTI, XFRM, ESP), which this machine's kernel may lack.  Not in TESTS: the
# VM stage is run by tests/run.sh as
#     tests/kernel/run.sh BUILD_DIR
# and one lab by hand, from a build directory, as
#     ../tests/kernel/vm.sh ../tests/kernel/aws_lab.sh     (KLAB_ONPREM=seeds|vtid,
#     KLAB_PHASES: which of vtid's phases b c d, all by default)
dist_noinst_SCRIPTS += tests/kernel/vm.sh tests/kernel/run.sh tests/kernel/aws_lab.sh
EXTRA_DIST += tests/kernel/init tests/kernel/lib.sh tests/kernel/aws_lab_vtid.sh
