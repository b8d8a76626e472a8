#!/usr/bin/env bash
# Kernel route install and removal: how long the user dataplane takes to
# put a full table's worth of BGP routes into the kernel and take them out
# again (BENCH_ROUTES, default 100,000 IPv4 /32s, every other one ECMP over
# two gateways), in a network namespace of its own:
#   - each request waiting for its own ack (vtid before batching)
#   - batched, routes carrying their nexthops (RTA_MULTIPATH)
#   - batched, routes over shared nexthop groups (RTA_NH_ID)
#   - `ip -batch` replaying the same routes as "route replace" lines
# The work is tests/unit/dp_route_bench (built by make check).  Prints; no
# assertion.  Holds /tmp/bench.lock like the other benchmarks.
#
# Run as root from a build directory:
#     cd build && make check TESTS= && ../tests/bench/fib-install.sh
set -eu
bench=./tests/unit/dp_route_bench
if [[ $(id -u) != 0 ]]; then
	echo "SKIP: fib-install.sh needs root" >&2
	exit 77
fi
if [[ ! -x $bench ]]; then
	echo "fib-install.sh: build $bench first (make check TESTS=)" >&2
	exit 1
fi
exec 9>/tmp/bench.lock
flock 9
"$bench" "${BENCH_ROUTES:-100000}"
