# Interop tests against strongSwan (charon with kernel-libipsec) in network
# namespaces; root only, each exits 77 (skip) without root or charon.
# Run one by hand from a build directory:
#     cd build && srcdir=.. ../tests/interop/proposals.sh
# IL_CGW=charon runs the cgw side with charon instead of vtid (checks the
# lab and the tests without vtid); IL_KEEP=1 keeps a failed lab.

# The lab itself, charon to charon: fast, needs no vtid.
TESTS += tests/interop/smoke_charon.sh

# vtid against strongSwan, about 5 minutes together.
INTEROP_TESTS = tests/interop/proposals.sh tests/interop/two_tunnels.sh tests/interop/shell.sh \
	tests/interop/rekey.sh tests/interop/dpd.sh tests/interop/bad_input.sh
# Switch: uncomment once vtid brings tunnels up end to end (user dataplane).
TESTS += $(INTEROP_TESTS)

dist_noinst_SCRIPTS += tests/interop/smoke_charon.sh $(INTEROP_TESTS)
EXTRA_DIST += tests/interop/lib.sh

# Benchmarks: scripts run by hand, never by make check.
dist_noinst_SCRIPTS += tests/bench/esp-throughput.sh tests/bench/ike-rate.sh
EXTRA_DIST += tests/bench/README.md

# Every interop test by hand, without the switch: make check-interop
check-interop: all
	@fail=0; for t in tests/interop/smoke_charon.sh $(INTEROP_TESTS); do \
	  echo "== $$t"; st=0; srcdir=$(srcdir) $(SHELL) $(srcdir)/$$t || st=$$?; \
	  case $$st in 0) echo "PASS: $$t";; 77) echo "SKIP: $$t";; \
	  *) echo "FAIL: $$t"; fail=1;; esac; done; test $$fail = 0
.PHONY: check-interop

# The BGP lab (tests/interop/bgp_lib.sh) without vtid: BIRD 2, FRR and
# GoBGP in a full mesh over IPv4 and IPv6, ECMP in BIRD's kernel table.
# Skips (77) when one of them is not installed.
TESTS += tests/interop/bgp_smoke.sh
dist_noinst_SCRIPTS += tests/interop/bgp_smoke.sh
EXTRA_DIST += tests/interop/bgp_lib.sh

# Benchmark: full-table ingest, BIRD 2 / FRR bgpd / vtid (by hand, root).
dist_noinst_SCRIPTS += tests/bench/bgp-ingest.sh tests/bench/bgp_inject.py
# Benchmark: session loss to kernel route update, vtid / FRR / BIRD as the hub.
dist_noinst_SCRIPTS += tests/bench/bgp-failover.sh
# Benchmark: 100k kernel routes in and out, vtid's dataplane / ip -batch.
dist_noinst_SCRIPTS += tests/bench/fib-install.sh
# Benchmark: the AWS lab's startup, vtid / strongSwan + FRR on the onprem side.
dist_noinst_SCRIPTS += tests/bench/lab-startup.sh

# vtid's BGP speaker against BIRD 2 and FRR (bgp_vtid.sh: the vtid helpers)
INTEROP_TESTS += tests/interop/bgp_bird.sh tests/interop/bgp_ecmp.sh
EXTRA_DIST += tests/interop/bgp_vtid.sh

# vtid's BGP speaker against GoBGP, a 2-octet-AS BIRD, malformed UPDATEs
# (bgp_bad_peer.py) and its per-neighbor policy against BIRD
INTEROP_TESTS += tests/interop/bgp_gobgp.sh tests/interop/bgp_as2.sh \
	tests/interop/bgp_malformed.sh tests/interop/bgp_policy.sh
dist_noinst_SCRIPTS += tests/interop/bgp_bad_peer.py

# BGP over an IPsec tunnel to an emulated AWS endpoint (tunnel down: the
# neighbor and its routes go at once), and graceful restart against BIRD
INTEROP_TESTS += tests/interop/bgp_tunnel.sh tests/interop/bgp_gr.sh

# The AWS lab (examples/aws-lab/run.sh) end to end: up, failover, down
INTEROP_TESTS += tests/interop/aws_lab.sh
