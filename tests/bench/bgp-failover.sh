#!/usr/bin/env bash
# Session loss to kernel route update: how long an ECMP route keeps a
# nexthop whose BGP session is gone.
#
# The AWS shape: two peers (BIRD, both AS 64512, like a VPN connection's two
# endpoints) announce 10.16.0.0/16 with equal attributes to the hub, which
# installs one kernel route with two nexthops.  Then peer r2's session is
# lost, and the clock runs from that moment until the hub's kernel route
# has one nexthop left (seen by `ip -ts monitor route` in the hub).  r2
# comes back, the route gets two nexthops again, and the next run starts.
#
# The hub is, one at a time: vtid; FRR (bgpd + zebra, maximum-paths 2);
# BIRD (kernel protocol with merge paths).  Two ways to lose the session:
#   notify   r2 closes it with a NOTIFICATION (birdc disable)
#   tcp      r2's connection is cut without one (ss -K in r2, an RST)
# The time includes the command that causes the loss (the same for every
# hub).  Each figure is the median of BENCH_RUNS runs (default 5).
#
# Run as root from a build directory:
#     cd build && ../tests/bench/bgp-failover.sh
# BENCH_ONLY=vtid|frr|bird runs one hub; BENCH_RUNS; BENCH_HOW=notify|tcp.
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
bl_init bgp-failover
bl_need bird frr

RUNS=${BENCH_RUNS:-5}
ONLY=${BENCH_ONLY:-}
HOWS=${BENCH_HOW:-notify tcp}
LOCK=/tmp/bench.lock
PFX=10.16.0.0/16
HUB=192.0.2.1 R1=192.0.2.2 R2=192.0.2.3

bl_hub
bl_ns r1 "$R1/24"
bl_ns r2 "$R2/24"
for r in r1 r2; do
	bl_bird "$r" 64512 "$( [[ $r == r1 ]] && echo "$R1" || echo "$R2")" <<EOF
protocol static s4 { ipv4; route $PFX unreachable; }
protocol bgp hub from bl4 { neighbor $HUB as 65001; hold time 30; }
EOF
done

nexthops() { # the hub's nexthop count for PFX
	ip -n "$(il_ns cgw)" -j route show "$PFX" | "$IL_PYTHON" -c '
import json, sys
r = json.load(sys.stdin)
print(len(r[0].get("nexthops") or [r[0]]) if r and "dev" in json.dumps(r[0]) else 0)'
}

wait_nexthops() { # n seconds
	local i
	for i in $(seq $(($2 * 50))); do
		[[ $(nexthops) == "$1" ]] && return 0
		sleep 0.02
	done
	return 1
}

lose() { # how
	case $1 in
	notify) bl_bird_cmd r2 disable hub >/dev/null ;;
	tcp) ip netns exec "$(il_ns r2)" ss -K state established dst "$HUB" '( dport = :179 or sport = :179 )' \
		>/dev/null ;;
	esac
}

# Bring r2 back, and make the hub forget r2's flaps: a session that keeps
# going down waits longer and longer before it connects again (the idle
# hold backoff, in vtid as in FRR), which is right in service but would
# make the runs wait minutes.  Not timed.
restore() { # hub how
	[[ $2 == notify ]] && bl_bird_cmd r2 enable hub >/dev/null
	case $1 in
	vtid)
		local no
		for no in "" "no "; do
			"$VTICTL_BIN" -S "$IL_DIR/cgw/run/vtid.sock" -c "configure terminal" \
				-c "router bgp 65001" -c "${no}neighbor $R2 shutdown" -c end >/dev/null
		done ;;
	frr) bl_frr_cmd cgw "clear bgp $R2" >/dev/null ;;
	bird) bl_bird_cmd cgw restart r2 >/dev/null ;;
	esac
}

# seconds from T0 (epoch, fractional) to the first monitor line about PFX
# after it, in milliseconds
since_ms() { # monitor-file t0
	"$IL_PYTHON" - "$1" "$2" "$PFX" <<'EOF'
import sys, datetime
path, t0, pfx = sys.argv[1], float(sys.argv[2]), sys.argv[3]
for line in open(path):
    if not line.startswith("[") or pfx not in line:
        continue
    ts = datetime.datetime.fromisoformat(line[1:line.index("]")]).timestamp()
    if ts >= t0:
        print("%.1f" % ((ts - t0) * 1000))
        sys.exit(0)
sys.exit(1)
EOF
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A RESULT

measure() { # hub-label how
	local label=$1 how=$2 i mon t0 ms vals=()
	exec 9>"$LOCK"
	flock -w 1800 9 || il_fail "$LOCK is held by something else for 30 minutes"
	for i in $(seq "$RUNS"); do
		wait_nexthops 2 60 || il_fail "$label: the route never got two nexthops"
		mon=$IL_DIR/monitor.$label.$how.$i
		# 9>&-: the monitor must not hold the benchmark lock
		ip -n "$(il_ns cgw)" -ts monitor route >"$mon" 2>&1 9>&- &
		local mpid=$!
		il_proc_add "monitor-$label-$how-$i" "$mpid" # the cleanup stops it if we fail
		sleep 0.2
		t0=$(date +%s.%N)
		lose "$how"
		wait_nexthops 1 60 || il_fail "$label: r2's nexthop never left ($how)"
		sleep 0.05
		il_proc_stop "monitor-$label-$how-$i"
		wait "$mpid" 2>/dev/null || true
		ms=$(since_ms "$mon" "$t0") || il_fail "$label: no route change seen after the loss"
		vals+=("$ms")
		restore "$label" "$how"
	done
	flock -u 9
	RESULT[$label.$how]=$(printf '%s\n' "${vals[@]}" | median)
	il_say "$label, $how: ${vals[*]} ms; median ${RESULT[$label.$how]} ms"
}

hub_vtid() {
	cat >"$IL_DIR/cgw/vtid.conf" <<EOF
log level info
router bgp 65001
 bgp router-id $HUB
 neighbor $R1 remote-as 64512
 neighbor $R2 remote-as 64512
EOF
	il_vtid_start cgw
}

hub_frr() {
	bl_frr cgw 65001 "$HUB" <<EOF
 neighbor $R1 remote-as 64512
 neighbor $R2 remote-as 64512
 address-family ipv4 unicast
  neighbor $R1 activate
  neighbor $R2 activate
  maximum-paths 2
 exit-address-family
EOF
}

hub_bird() {
	BL_BIRD_KERNEL=1 bl_bird cgw 65001 "$HUB" <<EOF
protocol bgp r1 from bl4 { neighbor $R1 as 64512; }
protocol bgp r2 from bl4 { neighbor $R2 as 64512; }
EOF
}

hub_stop() {
	case $1 in
	vtid) il_vtid_stop cgw ;;
	frr) il_proc_stop bgpd-cgw; il_proc_stop zebra-cgw ;;
	bird) il_proc_stop bird-cgw ;;
	esac
	ip -n "$(il_ns cgw)" route flush proto bgp 2>/dev/null || true
	ip -n "$(il_ns cgw)" route flush proto bird 2>/dev/null || true
}

HUBS="vtid frr bird"
[[ -n $ONLY ]] && HUBS=$ONLY
for h in $HUBS; do
	if [[ $h == vtid && ! -x $VTID ]]; then
		il_say "vtid not built ($VTID): skipped"
		continue
	fi
	"hub_$h"
	for how in $HOWS; do measure "$h" "$how"; done
	hub_stop "$h"
	sleep 1
done

echo
echo "Session loss to kernel route update ($PFX, ECMP of 2 -> 1, median of $RUNS):"
for how in $HOWS; do
	line="  $how:"
	for h in $HUBS; do
		[[ -n ${RESULT[$h.$how]:-} ]] && line+=" $h ${RESULT[$h.$how]} ms;"
	done
	for h in frr bird; do
		if [[ -n ${RESULT[vtid.$how]:-} && -n ${RESULT[$h.$how]:-} ]]; then
			line+=$(awk -v a="${RESULT[$h.$how]}" -v b="${RESULT[vtid.$how]}" -v n="$h" \
				'BEGIN { if (b > 0) printf " %s/vtid %.2fx;", n, a / b }')
		fi
	done
	echo "$line"
done
