# Every test program; `make check` runs them all.  Each part keeps its own list.
TEST_LIBS_CHECK = $(CHECK_LIBS)
include tests/unit/common.mk
include tests/unit/cli.mk
include tests/unit/conf.mk
include tests/unit/ikebgp.mk
include tests/unit/daemon.mk
include tests/unit/yang.mk
include tests/unit/crypto.mk
include tests/unit/ikemsg.mk
include tests/unit/proposal_match.mk
include tests/unit/esp.mk
include tests/unit/mss.mk
include tests/unit/tun.mk
include tests/unit/ikeengine.mk
include tests/unit/ikerekey.mk
include tests/unit/dpuser.mk
include tests/unit/bgpmsg.mk
include tests/interop/local.mk
include tests/unit/bgpptree.mk
include tests/unit/bgpattr.mk
include tests/fuzz/local.mk
include tests/fuzz/ike_input.mk
include tests/unit/bgprib.mk
include tests/unit/bgppolicy.mk
include tests/unit/bgpsession.mk
