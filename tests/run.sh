#!/usr/bin/env bash
# The test command: installs what is missing (Debian 12, as root), builds with
# gcc and with clang, runs every test, and checks the release tarball.
# Exits non-zero on any failure.  Usage: tests/run.sh [--quick]
#   --quick   one gcc build and `make check` only (no clang build, no distcheck)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

jobs=$(nproc 2>/dev/null || echo 2)
# The parsers of packets from the network, fuzzed for a short while in every
# full run (the others are replayed by `make check`).
fuzz_targets="fuzz_ike_msg fuzz_ike_input fuzz_esp fuzz_bgp_msg fuzz_bgp_attr"

# ---- packages ------------------------------------------------------------------
# shellcheck source=tests/deps.sh
. tests/deps.sh
# shellcheck disable=SC2086 # the lists are split on purpose
deps_install tests/run.sh $DEPS_BUILD $DEPS_TEST $DEPS_KVM

# ---- build and test --------------------------------------------------------------
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi

build() { # build DIR CC [check]
	local dir=$1 cc=$2 what=$3
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && "$top/configure" CC="$cc" -q && make -s -j"$jobs")
	if [ "$what" = check ]; then
		if ! (cd "$dir" && make -s -j"$jobs" check); then
			find "$dir/tests" -name '*.log' -newer "$dir/Makefile" -exec grep -l -E '^(FAIL|ERROR)' {} + 2>/dev/null |
				while read -r f; do echo "==== $f"; tail -n 60 "$f"; done
			[ -f "$dir/test-suite.log" ] && tail -n 200 "$dir/test-suite.log"
			return 1
		fi
	fi
}

echo "== gcc build and tests"
build build-gcc gcc check
echo "== the kernel dataplane, in a VM (tests/kernel/run.sh)"
# Debian's kernel for the VM, unpacked aside (never installed), unless the
# host has one vm.sh boots (deps_kernel_host)
if [ "$(id -u)" -eq 0 ] && ! deps_kernel_host >/dev/null; then
	deps_kernel_image "${VTID_KVM_DIR:-/var/tmp/vtid-kvm}" >/dev/null ||
		echo "tests/run.sh: Debian's kernel package could not be fetched" >&2
fi
kst=0
(cd build-gcc && make -s -j"$jobs" tests/kernel/test_dp_kern tests/kernel/test_kern_xfrm) &&
	tests/kernel/run.sh build-gcc || kst=$?
if [ "$kst" -eq 77 ] && [ "${CI:-}" != true ]; then
	echo "tests/run.sh: the VM stage was skipped (see above)" >&2
elif [ "$kst" -ne 0 ]; then
	echo "tests/run.sh: the VM stage failed" >&2
	exit 1
fi
if [ $quick -eq 0 ]; then
	echo "== clang build"
	build build-clang clang build
	echo "== fuzzing: a short libFuzzer run of each parser of untrusted packets"
	fuzz_secs=${VTID_FUZZ_SECS:-20}
	rm -rf build-fuzz && mkdir -p build-fuzz
	(cd build-fuzz && "$top/configure" -q CC=clang --enable-fuzzing &&
		make -s -j"$jobs" $(printf "tests/fuzz/%s " $fuzz_targets) >/dev/null)
	for f in $fuzz_targets; do
		mkdir -p "build-fuzz/corpus/$f"
		cp -r "tests/fuzz/corpus/$f/." "build-fuzz/corpus/$f/" 2>/dev/null || true
		(cd build-fuzz && "./tests/fuzz/$f" -max_total_time="$fuzz_secs" -print_final_stats=0 \
			"corpus/$f" >"fuzz-$f.log" 2>&1) || {
			echo "fuzzing $f found a problem:" >&2
			tail -n 60 "build-fuzz/fuzz-$f.log" >&2
			exit 1
		}
		echo "   $f: no crash in ${fuzz_secs}s, $(ls "build-fuzz/corpus/$f" | wc -l) corpus files"
	done
	echo "== make distcheck"
	# the interop labs ran in the gcc build's `make check` already
	(cd build-gcc && VTID_SKIP_INTEROP=1 make -s -j"$jobs" distcheck >/dev/null) || {
		echo "make distcheck failed" >&2
		(cd build-gcc && VTID_SKIP_INTEROP=1 make -j"$jobs" distcheck 2>&1 | tail -n 80)
		exit 1
	}
fi
echo "tests/run.sh: all tests passed"
