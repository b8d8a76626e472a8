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
build_pkgs="autoconf automake libtool pkg-config make gcc clang libc6-dev
  libnl-3-dev libnl-route-3-dev libnl-xfrm-3-dev libssl-dev libyang2-dev
  check libsubunit-dev libedit-dev"
test_pkgs="iproute2 procps psmisc python3 strongswan-charon strongswan-swanctl libcharon-extra-plugins
  libstrongswan-standard-plugins iperf3 iputils-ping bird2 frr gobgpd"
# bird2, frr and gobgpd: the BGP labs start them in their own namespaces;
# installing them must leave none running on the host (port 179)
missing=()
for p in $build_pkgs $test_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "tests/run.sh: missing packages: ${missing[*]} (run as root to install them)" >&2
		exit 1
	fi
	echo "tests/run.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# invoke-rc.d asks policy-rc.d; 101 = "action forbidden": nothing is
	# started by the maintainer scripts (a policy already there is kept)
	prc=/usr/sbin/policy-rc.d
	prc_saved=
	if [ -e "$prc" ]; then
		prc_saved=$(mktemp /usr/sbin/policy-rc.d.vtid.XXXXXX)
		cp -p "$prc" "$prc_saved"
	fi
	restore_prc() {
		if [ -n "$prc_saved" ]; then mv -f "$prc_saved" "$prc"; else rm -f "$prc"; fi
	}
	trap restore_prc EXIT
	printf '#!/bin/sh\nexit 101\n' >"$prc"
	chmod 755 "$prc"
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
	restore_prc
	trap - EXIT
	# whatever started anyway (a policy that allowed it): stop and disable
	# what was just installed, never a daemon someone runs on purpose
	for p in "${missing[@]}"; do
		case $p in bird2) s=bird ;; frr | gobgpd) s=$p ;; *) continue ;; esac
		if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
			systemctl disable --now "$s.service" >/dev/null 2>&1 || true
		elif [ -x "/etc/init.d/$s" ]; then
			"/etc/init.d/$s" stop >/dev/null 2>&1 || true
			update-rc.d "$s" disable >/dev/null 2>&1 || true
		fi
	done
fi

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
