#!/usr/bin/env bash
# Full-table ingest: how fast BIRD 2, FRR bgpd and vtid take in a full IPv4
# table from one eBGP neighbor, and how much memory it costs them.
#
# For each daemon, one at a time, in a fresh pair of namespaces (the daemon
# in the hub, 192.0.2.1, AS 65001; the injector tests/bench/bgp_inject.py in
# a peer namespace, 192.0.2.2, AS 65002): start the daemon with one neighbor
# and nothing installed in the kernel (BIRD: no kernel protocol; FRR: zebra
# and bgpd -n; vtid: "no bgp fib-install"), then start the injector,
# which connects, sends all N prefixes as fast as TCP allows and End-of-RIB.
# Timed from the injector's connect until the daemon itself reports all N
# prefixes (polled every 100 ms: BIRD "show protocols all" "Routes: N
# imported"; FRR "show bgp summary json" pfxRcd; vtid "show ip bgp summary
# json" prefixes-accepted == N and rib-pending == 0).  Memory: VmRSS of the
# daemon's processes then, minus before the injector connected.  The timed
# part holds /tmp/bench.lock, so that benchmarks on one machine never overlap.
#
# Run as root from a build directory (vtid/vtid, vtid/vtictl), e.g.
#     cd build && ../tests/bench/bgp-ingest.sh
# Settings: BENCH_PREFIXES (1000000), BENCH_SEED (1), BENCH_ONLY=bird|frr|vtid
# (one daemon), BENCH_TIMEOUT (600 s per daemon), BENCH_CACHE (where the
# encoded table is kept between runs: /var/tmp/vtid-bench), VTID / VTICTL_BIN.
set -eu -o pipefail
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"

N=${BENCH_PREFIXES:-1000000}
SEED=${BENCH_SEED:-1}
ONLY=${BENCH_ONLY:-}
TIMEOUT=${BENCH_TIMEOUT:-600}
CACHE=${BENCH_CACHE:-/var/tmp/vtid-bench}
LOCK=/tmp/bench.lock
INJECT=$srcdir/tests/bench/bgp_inject.py
DAEMON_ADDR=192.0.2.1 INJ_ADDR=192.0.2.2 DAEMON_AS=65001 INJ_AS=65002

[[ $EUID -eq 0 ]] || { echo "bgp-ingest: needs root (network namespaces)" >&2; exit 77; }
case $ONLY in "" | bird | frr | vtid) ;; *) echo "BENCH_ONLY: bird, frr or vtid" >&2; exit 2 ;; esac

# the results of the daemons' runs, each made in a subshell with a lab of
# its own: "kind seconds rss-delta-kib version"
RES=$(mktemp -d "${TMPDIR:-/tmp}/bgp-ingest.XXXXXX")
trap 'rm -rf -- "$RES"' EXIT
trap 'exit 130' INT TERM HUP

inject() { # args...
	"$IL_PYTHON" "$INJECT" -n "$N" -s "$SEED" -a "$INJ_AS" -i "$INJ_ADDR" --nexthop "$INJ_ADDR" \
		--cache-dir "$CACHE" "$@"
}

rss_kib() { # pids...: VmRSS summed
	local p s=0 v
	for p in "$@"; do
		v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || v=0
		s=$((s + ${v:-0}))
	done
	echo "$s"
}

now() { date +%s.%N; }

# prefixes the daemon holds from the injector ("-" while it is not done:
# vtid with rib-pending)
count_bird() {
	bl_bird_cmd cgw show protocols all inj 2>/dev/null |
		awk '$1 == "Routes:" { print $2; exit }'
}
count_frr() {
	bl_frr_cmd cgw "show bgp ipv4 unicast summary json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
j = j.get("ipv4Unicast", j)
print(j.get("peers", {}).get(sys.argv[1], {}).get("pfxRcd", 0))' "$INJ_ADDR"
}
count_vtid() {
	il_vtictl cgw "show ip bgp summary json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
peers = j.get("peers")
if peers is None:
    peers = {n.get("address", n.get("neighbor")): n for n in j.get("neighbors", [])}
n = peers.get(sys.argv[1], {}).get("prefixes-accepted", 0)
print(n if int(j.get("rib-pending", 0)) == 0 else "-")' "$INJ_ADDR"
}

start_bird() {
	bl_bird cgw "$DAEMON_AS" "$DAEMON_ADDR" <<EOF
protocol bgp inj {
	local as $DAEMON_AS;
	neighbor $INJ_ADDR as $INJ_AS;
	passive on;
	ipv4 { import all; export none; };
}
EOF
	PIDS=$(il_proc_pid bird-cgw)
	LABELS=bird-cgw
	VERSION="BIRD $(bird --version 2>&1 | awk '{ print $NF }')"
}

start_frr() {
	# bgpd without zebra (-Z) logs a failed nexthop registration for every
	# route, which would be most of what it does: zebra runs, bgpd -n
	# keeps the routes out of it and the kernel.  Like BIRD's "export
	# none", nothing is sent back to the injector.
	BL_FRR_ARGS=-n bl_frr cgw "$DAEMON_AS" "$DAEMON_ADDR" <<EOF
 neighbor $INJ_ADDR remote-as $INJ_AS
 neighbor $INJ_ADDR passive
 address-family ipv4 unicast
  neighbor $INJ_ADDR activate
  neighbor $INJ_ADDR route-map NONE out
 exit-address-family
!
route-map NONE deny 10
EOF
	PIDS="$(il_proc_pid bgpd-cgw) $(il_proc_pid zebra-cgw)"
	LABELS="bgpd-cgw zebra-cgw"
	VERSION="FRR bgpd $("$BL_FRR_DIR/bgpd" --version 2>&1 | awk 'NR == 1 { print $NF }')"
}

start_vtid() {
	[[ -x $VTID && -x $VTICTL_BIN ]] || il_skip "vtid: $VTID or $VTICTL_BIN not built"
	cat >"$IL_DIR/cgw/vtid.conf" <<EOF
log level info
dataplane user
router bgp $DAEMON_AS
 bgp router-id $DAEMON_ADDR
 no bgp fib-install
 neighbor $INJ_ADDR remote-as $INJ_AS
exit
EOF
	"$VTID" -n -f "$IL_DIR/cgw/vtid.conf" >"$IL_DIR/cgw/check.out" 2>&1 || {
		cat "$IL_DIR/cgw/check.out" >&2
		il_skip "vtid: this vtid has no BGP speaker (or rejects the config above)"
	}
	il_vtid_start cgw
	il_vtictl cgw "show ip bgp summary json" >/dev/null 2>&1 ||
		il_skip "vtid: no \"show ip bgp summary json\""
	PIDS=$(il_proc_pid vtid-cgw)
	LABELS=vtid-cgw
	VERSION=vtid
}

# one daemon in a lab of its own; appends its result line to $RES/results
measure() { # kind
	local kind=$1 t0="" t1 c="" rss0 rss1 pid deadline l
	bl_init "bgp-ingest-$kind"
	case $kind in bird | frr) bl_need "$kind" ;; esac
	bl_hub
	bl_ns inj "$INJ_ADDR/24"
	mkdir -p "$IL_DIR/inj"
	"start_$kind"
	sleep 1 # settled: timers armed, start-up allocations done
	# shellcheck disable=SC2086 # PIDS: a list
	rss0=$(rss_kib $PIDS)

	exec 9>"$LOCK"
	flock -w "$TIMEOUT" 9 || il_fail "$LOCK held by another benchmark for $TIMEOUT s"
	ip netns exec "$(il_ns inj)" "$IL_PYTHON" "$INJECT" -n "$N" -s "$SEED" -a "$INJ_AS" \
		-i "$INJ_ADDR" -b "$INJ_ADDR" --nexthop "$INJ_ADDR" --cache-dir "$CACHE" \
		--peer-as "$DAEMON_AS" "$DAEMON_ADDR" </dev/null >"$IL_DIR/inj/inject.log" 2>&1 9>&- &
	pid=$!
	il_proc_add inject "$pid"
	deadline=$(($(date +%s) + TIMEOUT))
	while :; do
		if [[ -z $t0 ]]; then
			t0=$(awk '$2 == "connected" { print $3; exit }' "$IL_DIR/inj/inject.log")
		else
			c=$("count_$kind") || c=
			[[ $c == "$N" ]] && break
		fi
		kill -0 "$pid" 2>/dev/null || { cat "$IL_DIR/inj/inject.log" >&2; il_fail "the injector exited"; }
		[[ $(date +%s) -lt $deadline ]] || il_fail "$kind: ${c:-no} prefixes after $TIMEOUT s"
		sleep 0.1
	done
	t1=$(now)
	# shellcheck disable=SC2086
	rss1=$(rss_kib $PIDS)
	flock -u 9
	exec 9>&-
	# measured: a graceful exit that frees a million routes one by one can
	# outlast lib.sh's 5 s of SIGTERM grace (FRR's does)
	for l in $LABELS; do il_kill "$l"; done
	il_say "$VERSION (pids $PIDS): VmRSS $rss0 -> $rss1 KiB; injector: $(grep -E 'sent|established' \
		"$IL_DIR/inj/inject.log" | sed 's/^bgp_inject: //' | tr '\n' ';')"
	echo "$kind $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $((rss1 - rss0)) $VERSION" \
		>>"$RES/results"
}

# the table is encoded before anything is timed
inject --build-only >&2

for kind in bird frr vtid; do
	[[ -z $ONLY || $ONLY == "$kind" ]] || continue
	st=0
	(measure "$kind") || st=$?
	case $st in
	0) ;;
	77) echo "bgp-ingest: $kind skipped" >&2 ;;
	*) echo "bgp-ingest: $kind failed (status $st)" >&2 ;;
	esac
done

[[ -s $RES/results ]] || { echo "bgp-ingest: nothing measured" >&2; exit 1; }
echo
echo "BGP full-table ingest ($N IPv4 prefixes, one eBGP session, no kernel routes):"
awk -v n="$N" '
	{
		kind[NR] = $1; t[NR] = $2; rss[NR] = $3
		v = $4; for (i = 5; i <= NF; i++) v = v " " $i; name[NR] = v
		if ($1 == "vtid") { vt = $2; vr = $3 }
	}
	END {
		for (i = 1; i <= NR; i++)
			printf "  %-18s %8.2f s %9.0f prefixes/s   RSS +%7.1f MiB %6.0f bytes/route\n",
				name[i], t[i], n / t[i], rss[i] / 1024, rss[i] * 1024 / n
		if (vt == "") {
			print "  (no vtid figures: no ratios)"
			exit
		}
		for (i = 1; i <= NR; i++) {
			if (kind[i] == "vtid")
				continue
			r = (vr > 0) ? sprintf("x%.2f", rss[i] / vr) : "-"
			printf "  %s/vtid: time x%.2f, RSS %s\n", name[i], t[i] / vt, r
		}
	}' "$RES/results"
