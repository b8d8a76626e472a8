#!/usr/bin/env bash
# IKE establishment rate: IKE_SA + first CHILD_SA set-ups per second.
#
# N tunnels (BENCH_TUNNELS, default 50) from one initiator namespace
# (10.200.255.254) to one responder namespace holding N addresses
# (10.200.0.1 ...), IKEv2 with PSK and one suite (BENCH_IKE / BENCH_ESP,
# default aes128gcm16-prfsha256-ecp256 / aes128gcm16-ecp256), both ends the
# implementation under test:
#   1. charon initiates all N to a charon responder (kernel-libipsec; no
#      routes are installed, so the 0/0 children stay out of the way);
#      the clock starts when swanctl --load-conns hands over the N
#      connections with start_action = start
#   2. vtid initiates all N to a vtid responder; the initiating vtid runs
#      with no tunnels, then gets the N with `vtictl reload` (as charon gets
#      them with --load-conns): the clock starts at the reload, so it
#      includes reading and validating the file and making N TUN devices;
#      the span from the first "tunnel ... added" to the last "tunnel ...: up"
#      in vtid's own log is printed as well
# The clock stops when all N are up (swanctl --list-sas: N INSTALLED
# children; vtictl show tunnels json: N tunnels in state "up"), polled every
# 0.05 s.  rate = N / seconds.  The timed part holds /tmp/bench.lock.
#
# Run as root from a build directory, e.g.
#     cd build && BENCH_TUNNELS=50 ../tests/bench/ike-rate.sh
# BENCH_ONLY=charon skips vtid; BENCH_TIMEOUT (120) bounds each half;
# BENCH_TRACE=1 prints every poll of the vtid half.
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$srcdir/tests/interop/lib.sh"
il_init ike-rate

N=${BENCH_TUNNELS:-50}
[[ $N -ge 1 && $N -le 1000 ]] || il_fail "BENCH_TUNNELS is 1..1000"
IKE=${BENCH_IKE:-aes128gcm16-prfsha256-ecp256}
ESP=${BENCH_ESP:-aes128gcm16-ecp256}
LIMIT=${BENCH_TIMEOUT:-120}
LOCK=/tmp/bench.lock
INI=10.200.255.254

raddr() { echo "10.200.$(($1 / 250)).$(($1 % 250 + 1))"; } # i = 0..N-1
# inside /30 of tunnel i: 169.254.100.0/30, .4/30, ... (64 per /24)
inside() { echo "169.254.$((100 + $1 / 64)).$(($1 % 64 * 4 + $2))"; }

il_ns_add ini
il_ns_add resp
ip link add eth0 netns "$(il_ns ini)" type veth peer name eth0 netns "$(il_ns resp)"
ip -n "$(il_ns ini)" addr add "$INI/16" dev eth0
ip -n "$(il_ns ini)" link set eth0 up
for i in $(seq 0 $((N - 1))); do echo "addr add $(raddr "$i")/16 dev eth0"; done |
	ip -n "$(il_ns resp)" -batch -
ip -n "$(il_ns resp)" link set eth0 up

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# --- 1. charon to charon ------------------------------------------------------
charon_half() {
	local i t0 n=0 side
	for side in ini resp; do
		# all N come from one address: no cookies and no half-open limit
		# per peer, which would otherwise pace the responder (a cookie
		# round trip, and a 4 s retransmit for a dropped request)
		il_charon_conf "$side" "	install_routes = no
	dos_protection = no
	block_threshold = 100000
	cookie_threshold = 100000"
		: >"$IL_DIR/$side/conns"
		: >"$IL_DIR/$side/secrets"
	done
	for i in $(seq 0 $((N - 1))); do
		il_conn "t$i" "$(raddr "$i")" "$INI" "$IKE" "$ESP" add >>"$IL_DIR/resp/conns"
		il_secret "t$i" "$(raddr "$i")" "$INI" >>"$IL_DIR/resp/secrets"
		il_conn "t$i" "$INI" "$(raddr "$i")" "$IKE" "$ESP" start >>"$IL_DIR/ini/conns"
		il_secret "t$i" "$INI" "$(raddr "$i")" >>"$IL_DIR/ini/secrets"
	done
	il_charon_start resp
	# the initiator starts empty; its connections come with --load-conns
	mv "$IL_DIR/ini/conns" "$IL_DIR/ini/conns.later"
	il_charon_start ini
	mv "$IL_DIR/ini/conns.later" "$IL_DIR/ini/conns"
	il_swanctl_conf ini
	exec 8>"$LOCK"
	flock 8
	t0=$(now)
	il_sw ini --load-conns >/dev/null
	while :; do
		n=$(il_sw ini --list-sas 2>/dev/null | grep -c 'INSTALLED' || true)
		[[ $n -ge $N ]] && break
		if awk -v a="$t0" -v b="$(now)" -v l="$LIMIT" 'BEGIN { exit !(b - a > l) }'; then
			echo "charon: only $n of $N up after $LIMIT s" >&2
			flock -u 8
			return 1
		fi
		sleep 0.05
	done
	CH_T=$(elapsed "$t0")
	flock -u 8
	echo "  charon: $N up in $CH_T s" >&2
	il_proc_stop charon-ini
	il_proc_stop charon-resp
}

# --- 2. vtid to vtid --------------------------------------------------------------
vtid_up_count() {
	il_vtictl ini "show tunnels json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError:
    print(0); sys.exit(0)
if isinstance(j, dict):
    j = j.get("tunnels", [])
print(sum(1 for t in j if t.get("state") == "up"))'
}

vtid_half() {
	local i t0 n=0
	{
		printf 'log level notice\ndataplane user\n'
		for i in $(seq 0 $((N - 1))); do
			il_vtid_tunnel_block "t$i" "vti$((i + 1))" "$(raddr "$i")" "$INI" \
				"$(inside "$i" 1)/30" "$(inside "$i" 2)" "$IKE" "$ESP" add
		done
	} >"$IL_DIR/resp/vtid.conf"
	{
		printf 'log level info\ndataplane user\n'
		for i in $(seq 0 $((N - 1))); do
			il_vtid_tunnel_block "t$i" "vti$((i + 1))" "$INI" "$(raddr "$i")" \
				"$(inside "$i" 2)/30" "$(inside "$i" 1)" "$IKE" "$ESP" start
		done
	} >"$IL_DIR/ini/vtid.conf"
	il_vtid_start resp
	t0=$(now)
	"$VTID" -n -f "$IL_DIR/ini/vtid.conf" >/dev/null || il_fail "vtid -n rejects the initiator's file"
	VT_CHECK_T=$(elapsed "$t0")
	# the initiator starts empty; its tunnels come with a reload
	mv "$IL_DIR/ini/vtid.conf" "$IL_DIR/ini/vtid.conf.later"
	printf 'log level info\ndataplane user\n' >"$IL_DIR/ini/vtid.conf"
	il_vtid_start ini
	mv "$IL_DIR/ini/vtid.conf.later" "$IL_DIR/ini/vtid.conf"
	exec 8>"$LOCK"
	flock 8
	t0=$(now)
	il_vtictl ini reload >/dev/null || il_fail "vtictl reload"
	while :; do
		n=$(vtid_up_count)
		[[ ${BENCH_TRACE:-} ]] && echo "  t=$(elapsed "$t0") up=$n" >&2
		[[ $n -ge $N ]] && break
		if awk -v a="$t0" -v b="$(now)" -v l="$LIMIT" 'BEGIN { exit !(b - a > l) }'; then
			echo "vtid: only $n of $N up after $LIMIT s" >&2
			flock -u 8
			return 1
		fi
		sleep 0.05
	done
	VT_T=$(elapsed "$t0")
	flock -u 8
	echo "  vtid: $N up in $VT_T s" >&2
	# the same span from vtid's own log: start-up to the last tunnel up
	VT_LOG_T=$("$IL_PYTHON" - "$IL_DIR/ini/vtid.log" <<'PY'
import re, sys
from datetime import datetime
t0 = t1 = None
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(\S+) vtid\[\d+\] ", line)
    if not m:
        continue
    try:
        t = datetime.fromisoformat(m.group(1))
    except ValueError:
        continue
    if t0 is None and re.search(r"tunnel \S+ added", line):
        t0 = t
    if re.search(r"tunnel \S+: up$", line):
        t1 = t
print("%.2f" % (t1 - t0).total_seconds() if t0 and t1 else "")
PY
)
	il_vtid_stop ini
	il_vtid_stop resp
}

CH_T="" VT_T=""
echo "== 1. charon -> charon, $N tunnels"
charon_half || true
if [[ ${BENCH_ONLY:-} == charon ]]; then
	echo "== vtid skipped (BENCH_ONLY=charon)"
elif [[ ! -x $VTID || ! -x $VTICTL_BIN ]]; then
	echo "== vtid skipped: $VTID or $VTICTL_BIN not built"
else
	echo "== 2. vtid -> vtid, $N tunnels"
	vtid_half || true
fi

rate() { [[ $1 ]] && awk -v n="$N" -v t="$1" 'BEGIN { printf "%.1f/s (%s s)", n / t, t }' || echo n/a; }
ratio=n/a
[[ $CH_T && $VT_T ]] && ratio=$(awk -v a="$CH_T" -v b="$VT_T" 'BEGIN { printf "%.2f", a / b }')
printf 'IKE rate (%s tunnels, IKE_SA + CHILD_SA, %s): vtid %s; strongSwan charon %s; ratio %s\n' \
	"$N" "$IKE" "$(rate "$VT_T")" "$(rate "$CH_T")" "$ratio"
[[ ${VT_CHECK_T:-} ]] && printf 'vtid -n -f on the initiator'"'"'s %s-tunnel file (read and validate): %s s\n' "$N" "$VT_CHECK_T"
[[ ${VT_LOG_T:-} ]] && printf 'vtid, from the first tunnel added to the last tunnel up (its own log): %s s\n' "$VT_LOG_T"
printf '(nproc %s, load %s)\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
