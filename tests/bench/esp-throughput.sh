#!/usr/bin/env bash
# ESP tunnel throughput: strongSwan's user-space ESP against vtid's.
#
# What is measured: TCP throughput through one IKEv2 tunnel (ESP in UDP, the
# same suite on both sides) where BOTH ends are the implementation under
# test, so neither is bounded by the other's speed:
#   1. charon <-> charon, each with kernel-libipsec (ESP in user space over
#      its TUN device ipsec0)
#   2. vtid <-> vtid, both "dataplane user" (ESP in user space over TUN
#      vti1), one initiator, one responder
#   3. vtid <-> charon, printed for information only
# Two namespaces on a bridge (192.0.2.1, 192.0.2.2), inside addresses
# 169.254.10.2/30 and .1; iperf3 -t SECS from .2 to .1 (receiver Mbit/s),
# RUNS runs each, median.  Each timed run holds /tmp/bench.lock, so that
# benchmarks on one machine never overlap.  Client, server and both ends
# share this machine's CPUs: the figures are for comparison, not absolute.
#
# Run as root from a build directory (vtid/vtid, vtid/vtictl), e.g.
#     cd build && ../tests/bench/esp-throughput.sh
# Settings: BENCH_SECS (10), BENCH_RUNS (3), BENCH_IKE / BENCH_ESP
# (aes128gcm16-prfsha256-ecp256 / aes128gcm16-ecp256), BENCH_ONLY=charon
# (skip vtid), VTID / VTICTL_BIN (the binaries).
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$srcdir/tests/interop/lib.sh"
il_init esp-throughput

SECS=${BENCH_SECS:-10}
RUNS=${BENCH_RUNS:-3}
IKE=${BENCH_IKE:-aes128gcm16-prfsha256-ecp256}
ESP=${BENCH_ESP:-aes128gcm16-ecp256}
LOCK=/tmp/bench.lock
A=192.0.2.1 B=192.0.2.2 A_IN=169.254.10.2 B_IN=169.254.10.1

il_wan
il_peer aws1 "$B"
il_iperf_server aws1

charon_end() { # short local remote inside/30 start
	il_conn "$1" "$2" "$3" "$IKE" "$ESP" "$5" >"$IL_DIR/$1/conns"
	il_secret "$1" "$2" "$3" >"$IL_DIR/$1/secrets"
	il_charon_start "$1" "$4"
}

vtid_end() { # short local remote inside/30 peer start
	{
		printf 'log level info\ndataplane user\n'
		il_vtid_tunnel_block t1 vti1 "$2" "$3" "$4" "$5" "$IKE" "$ESP" "$6"
	} >"$IL_DIR/$1/vtid.conf"
	il_vtid_start "$1"
}

up_or_fail() { # label check-command...: wait up to 30 s
	local label=$1 i
	shift
	for i in $(seq 150); do
		"$@" && return 0
		sleep 0.2
	done
	echo "$label: tunnel not up in 30 s" >&2
	return 1
}
charon_up() { il_charon_up "$1" "$1"; }
vtid_up() { [[ $(il_vtid_tunnel "$1" t1 state) == up ]]; }

# median receiver Mbit/s of RUNS runs through the tunnel, or empty
measure() { # label
	local r m all=()
	il_ping cgw "$B_IN" 3 >/dev/null 2>&1 || { echo "$1: no ping through the tunnel" >&2; return 0; }
	for r in $(seq "$RUNS"); do
		m=$(flock "$LOCK" ip netns exec "$(il_ns cgw)" timeout $((SECS + 30)) \
			iperf3 -c "$B_IN" -B "$A_IN" -t "$SECS" -f m 2>&1 |
			awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }')
		[[ $m ]] || { echo "$1: iperf3 run $r failed" >&2; return 0; }
		echo "  $1 run $r: $m Mbit/s" >&2
		all+=("$m")
	done
	printf '%s\n' "${all[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

stop_all() {
	il_proc_stop charon-cgw
	il_proc_stop charon-aws1
	il_proc_stop vtid-cgw
	il_proc_stop vtid-aws1
	rm -f "$IL_DIR"/cgw/strongswan.conf "$IL_DIR"/aws1/strongswan.conf
	sleep 0.5
}

echo "== 1. strongSwan charon <-> charon (kernel-libipsec)"
charon_end aws1 "$B" "$A" "$B_IN/30" add
charon_end cgw "$A" "$B" "$A_IN/30" start
ss=""
up_or_fail charon charon_up cgw && ss=$(measure "charon")
stop_all

vt="" mix=""
if [[ ${BENCH_ONLY:-} == charon ]]; then
	echo "== vtid skipped (BENCH_ONLY=charon)"
elif [[ ! -x $VTID || ! -x $VTICTL_BIN ]]; then
	echo "== vtid skipped: $VTID or $VTICTL_BIN not built"
else
	echo "== 2. vtid <-> vtid (dataplane user)"
	vtid_end aws1 "$B" "$A" "$B_IN/30" "$A_IN" add
	vtid_end cgw "$A" "$B" "$A_IN/30" "$B_IN" start
	up_or_fail vtid vtid_up cgw && vt=$(measure "vtid")
	stop_all
	echo "== 3. vtid (cgw) <-> charon (for information)"
	charon_end aws1 "$B" "$A" "$B_IN/30" add
	vtid_end cgw "$A" "$B" "$A_IN/30" "$B_IN" start
	up_or_fail "vtid-charon" vtid_up cgw && mix=$(measure "vtid-charon")
	stop_all
fi

suite=${ESP%%-*}
ratio=n/a
[[ $vt && $ss ]] && ratio=$(awk -v a="$vt" -v b="$ss" 'BEGIN { printf "%.2f", a / b }')
printf 'ESP throughput (%s, TCP, %s s, median of %s): vtid user %s Mbit/s; strongSwan kernel-libipsec %s Mbit/s; ratio %s\n' \
	"$suite" "$SECS" "$RUNS" "${vt:-n/a}" "${ss:-n/a}" "$ratio"
printf 'ESP throughput vtid <-> strongSwan kernel-libipsec (information): %s Mbit/s\n' "${mix:-n/a}"
printf '(nproc %s, load %s)\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
