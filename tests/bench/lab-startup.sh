#!/usr/bin/env bash
# The AWS lab's startup figure: time from starting the on-premises stack to
# both tunnels up and both BGP sessions Established, for vtid and for the
# seeds' stack (strongSwan charon + FRR bgpd/zebra), on the same lab.
#
# Each run brings up a fresh AWS side with examples/aws-lab/run.sh
# (AWS_LAB_ONPREM=none: namespaces, the two AWS endpoints with charon +
# BIRD AS 64512, the VPC), then starts one on-premises stack in namespace
# onprem; the clock starts just before that:
#   vtid             examples/aws-tgw-lab.conf, il_vtid_start (which checks
#                    the file with vtid -n, starts vtid and waits for its
#                    control socket; all inside the clock)
#   strongSwan+FRR   one charon (kernel-libipsec) with two connections, to
#                    192.0.2.2 and 192.0.2.3, start_action = start, the
#                    lab's PSKs, IP identities, aes256-sha256-modp2048 for
#                    IKE and ESP (what vtid negotiates with the lab's AWS
#                    side); the inside addresses on charon's ipsec0, as
#                    ipsec-vti.sh puts them on the VTIs; FRR bgpd + zebra,
#                    AS 65016, neighbors 169.254.12.37 and 169.254.14.229
#                    remote-as 64512, "timers 10 30" as AWS's sample
#                    configs have, network 10.16.16.0/24, otherwise FRR's
#                    defaults.  charon and FRR are started together, as a
#                    boot would.
#                    One charon with kernel-libipsec cannot carry two 0/0
#                    tunnels (it ignores marks), so its traffic selectors
#                    are the inside /30s (169.254.12.36/30 and
#                    169.254.14.228/30 on both sides): enough for BGP,
#                    not for the VPC's traffic.
# The clock stops when AWS's side sees both sessions Established (BIRD's
# protocol "onprem" in aws-t1 and in aws-t2, polled every 20 ms), the same
# for both stacks; then the stack itself must agree (vtid: show tunnels
# json, show ip bgp summary json; charon: swanctl --list-sas, FRR: show bgp
# neighbors json), else the run is an error.  run.sh down ends each run.
# The stacks alternate (odd runs vtid first); each figure is the median of
# BENCH_RUNS runs (default 5).
#
# What dominates the seeds' figure (seen in FRR's log with "debug bgp
# neighbor-events" and millisecond timestamps, and a capture in onprem;
# BENCH_LOGS keeps the logs): charon's CHILD_SAs are installed about
# 0.8 s after t0, before FRR tries at all.  FRR needs about 0.9 s until
# bgpd runs (zebra first, then bgpd, as FRR's init starts them; the two
# CPUs are shared with charon starting), then waits its start timer, a
# fixed 1 s after bgpd creates the instance (BGP_INIT_START_TIMER, not
# configurable), and then connects at once: the session is up 20-50 ms
# later.  Not FRR's 120 s connect retry: the first connect goes out after
# the tunnels are up, so no setting such as "neighbor X timers connect"
# shortens the figure, and none is offered.  vtid: about 0.15 s to its
# first IKE_SA_INIT (vtid -n checks the file first, inside the clock),
# tunnels up some 40 ms later, BGP connects as soon as they are.
#
# Run as root from a build directory:
#     cd build && ../tests/bench/lab-startup.sh
# VTID, VTICTL_BIN (default ./vtid/vtid, ./vtid/vtictl); BENCH_RUNS (5);
# BENCH_TIMEOUT (180 s per stack and run); BENCH_ONLY=vtid|seeds;
# BENCH_LOGS=DIR keeps every run's logs in DIR (a failed run's in
# DIR/failed).
# shellcheck source-path=SCRIPTDIR/../..
set -eu -o pipefail

: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
srcdir=$(cd "$srcdir" && pwd)
VTID=${VTID:-$PWD/vtid/vtid}
VTICTL_BIN=${VTICTL_BIN:-$PWD/vtid/vtictl}
RUNS=${BENCH_RUNS:-5}
LIMIT=${BENCH_TIMEOUT:-180}
ONLY=${BENCH_ONLY:-}
LOGS=${BENCH_LOGS:-}
LOCK=/tmp/bench.lock
RUNSH=$srcdir/examples/aws-lab/run.sh
PREFIX=ls$$-
# tunnel N: AWS endpoint namespace, its inside address (BIRD's neighbor
# of onprem), onprem's inside address, the PSK, the inside /30
T_NS=(- aws-t1 aws-t2)
T_PEER=(- 169.254.12.37 169.254.14.229)
T_LOCAL=(- 169.254.12.38 169.254.14.230)
T_REMOTE=(- 192.0.2.2 192.0.2.3)
T_PSK=(- Lab.Tunnel1.Key_0123456789 Lab.Tunnel2.Key_9876543210)
T_NET=(- 169.254.12.36/30 169.254.14.228/30)

die() {
	echo "lab-startup: $*" >&2
	exit 1
}

[[ $EUID -eq 0 ]] || die "run as root"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number"
[[ $LIMIT =~ ^[1-9][0-9]*$ ]] || die "BENCH_TIMEOUT must be a number of seconds"
case $ONLY in
"") STACKS=(vtid seeds) ;;
vtid | seeds) STACKS=("$ONLY") ;;
*) die "BENCH_ONLY is vtid or seeds" ;;
esac
if [[ $ONLY != seeds ]]; then
	[[ -x $VTID && -x $VTICTL_BIN ]] ||
		die "$VTID or $VTICTL_BIN not built (run from a build directory, or set VTID and VTICTL_BIN)"
	VTID=$(realpath "$VTID") VTICTL_BIN=$(realpath "$VTICTL_BIN")
fi
for t in birdc flock nsenter swanctl vtysh; do
	command -v "$t" >/dev/null || die "$t not installed"
done
[[ -x /usr/lib/ipsec/charon && -x /usr/lib/frr/bgpd ]] ||
	die "strongSwan's charon or FRR's bgpd not installed"

# the interop library, with the lab's names for the namespaces (as run.sh's
# lab_lib); IL_DIR is set for each run's lab
# shellcheck source=tests/interop/lib.sh
. "$srcdir/tests/interop/lib.sh"
# shellcheck source=tests/interop/bgp_lib.sh
. "$srcdir/tests/interop/bgp_lib.sh"
IL_NAME=lab-startup
il_ns() { if [[ $1 == cgw ]]; then echo "${PREFIX}internet"; else echo "$PREFIX$1"; fi; }

BASE=$(mktemp -d "${TMPDIR:-/tmp}/lab-startup.XXXXXX")
[[ $BASE != /run/* ]] || die "TMPDIR must not be under /run"
[[ -z $LOGS ]] || mkdir -p "$LOGS"
LAB=""     # the lab that is up: its AWS_LAB_DIR
STARTER="" # the pid of a stack's starter while it runs
MS=""      # the last measurement, in milliseconds

lab_env() { env AWS_LAB_DIR="$LAB" AWS_LAB_NS_PREFIX="$PREFIX" AWS_LAB_ONPREM=none "$@"; }

# the logs of the lab that is up, copied before run.sh down removes them
lab_logs_keep() { # dest
	local f rel
	mkdir -p "$1"
	for f in "$LAB"/*/*.log "$LAB"/lab.out; do
		[[ -f $f ]] || continue
		rel=${f#"$LAB"/}
		cp -- "$f" "$1/${rel//\//-}"
	done
}

lab_logs_tail() {
	local f
	for f in "$LAB"/onprem/*.log "$LAB"/frr-onprem/bgpd.log "$LAB"/aws-t*/bird.log; do
		[[ -f $f ]] || continue
		echo "---- ${f#"$LAB"/} (last 25 lines)" >&2
		tail -n 25 "$f" >&2
	done
}

lab_down() {
	local l=$LAB left
	[[ -n $l ]] || return 0
	lab_env bash "$RUNSH" down >>"$BASE/down.out" 2>&1 ||
		{ cat "$BASE/down.out" >&2; echo "lab-startup: run.sh down failed" >&2; }
	LAB=""
	left=$(ip netns list | awk -v p="$PREFIX" 'index($1, p) == 1 { print $1 }')
	[[ -z $left ]] || {
		echo "lab-startup: namespaces left after run.sh down: $(echo "$left" | tr '\n' ' ')" >&2
		return 1
	}
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	trap '' PIPE
	set +e
	# a starter still waiting for its daemon (the daemons are in the records)
	[[ -z $STARTER ]] || kill "$STARTER" 2>/dev/null
	if [[ -n $LAB && -d $LAB ]]; then
		if [[ $rc -ne 0 ]]; then
			lab_logs_tail
			[[ -z $LOGS ]] || lab_logs_keep "$LOGS/failed"
		fi
		lab_down
	fi
	rm -rf -- "$BASE"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

lab_up() { # name
	LAB=$BASE/$1
	IL_DIR=$LAB
	if ! lab_env bash "$RUNSH" >"$BASE/$1.out" 2>&1; then
		cat "$BASE/$1.out" >&2
		die "run.sh could not bring the lab up"
	fi
	cp "$BASE/$1.out" "$LAB/lab.out"
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --- the stacks ------------------------------------------------------------

start_vtid() {
	cp "$srcdir/examples/aws-tgw-lab.conf" "$IL_DIR/onprem/vtid.conf"
	chmod 600 "$IL_DIR/onprem/vtid.conf"
	il_vtid_start onprem
}

alive_vtid() { il_proc_pid vtid-onprem >/dev/null; }

# the stack's own view of tunnel N: "tunnel STATE, BGP STATE" (or ok)
view_vtid() { # n
	local t b=no
	t=$(il_vtid_tunnel onprem "aws$1" state 2>/dev/null || true)
	bl_established vtid onprem "${T_PEER[$1]}" && b=Established
	[[ $t == up && $b == Established ]] && { echo ok; return 0; }
	echo "vtid: tunnel aws$1 ${t:-unknown}, BGP ${T_PEER[$1]} $b"
}

# the seeds' configuration, written before the clock starts
conf_seeds() {
	local n d=$IL_DIR/onprem body=$IL_DIR/frr-onprem.body
	: >"$d/conns"
	: >"$d/secrets"
	for n in 1 2; do
		IL_LTS=${T_NET[$n]} IL_RTS=${T_NET[$n]} IL_KEYINGTRIES=0 \
			il_conn "aws$n" 192.0.2.1 "${T_REMOTE[$n]}" aes256-sha256-modp2048 \
			aes256-sha256-modp2048 start >>"$d/conns"
		il_secret "aws$n" 192.0.2.1 "${T_REMOTE[$n]}" "${T_PSK[$n]}" >>"$d/secrets"
	done
	il_charon_conf onprem
	{
		for n in 1 2; do
			echo " neighbor ${T_PEER[$n]} remote-as 64512"
			echo " neighbor ${T_PEER[$n]} timers 10 30"
		done
		echo " address-family ipv4 unicast"
		echo "  network 10.16.16.0/24"
		for n in 1 2; do echo "  neighbor ${T_PEER[$n]} activate"; done
		echo " exit-address-family"
	} >"$body"
}

# charon and FRR together; each starter fails alone in its subshell
start_seeds() {
	local cpid fpid st=0
	(il_charon_start onprem "${T_LOCAL[1]}/30" "${T_LOCAL[2]}/30") &
	cpid=$!
	(bl_frr onprem 65016 192.0.2.1 "$IL_DIR/frr-onprem.body") &
	fpid=$!
	wait "$cpid" || st=1
	wait "$fpid" || st=1
	[[ $st -eq 0 ]] || il_fail "strongSwan or FRR did not start in onprem"
}

alive_seeds() {
	il_proc_pid charon-onprem >/dev/null && il_proc_pid bgpd-onprem >/dev/null &&
		il_proc_pid zebra-onprem >/dev/null
}

view_seeds() { # n
	local t=no b=no
	il_charon_up onprem "aws$1" && t=up
	bl_established frr onprem "${T_PEER[$1]}" && b=Established
	[[ $t == up && $b == Established ]] && { echo ok; return 0; }
	echo "charon: aws$1 installed: $t; FRR: BGP ${T_PEER[$1]} $b"
}

# --- the clock, from AWS's side ------------------------------------------------

# BIRD's protocol "onprem" of endpoint N: its state and info, one line
aws_state() { # n
	birdc -s "$IL_DIR/${T_NS[$1]}/bird.ctl" show protocols onprem 2>/dev/null |
		awk '$1 == "onprem" { $1 = $2 = $3 = $5 = ""; gsub(/ +/, " "); sub(/^ /, ""); print; f = 1 }
			END { if (!f) print "no answer" }'
}

aws_established() { # n
	[[ $(aws_state "$1") == *" Established" ]]
}

# what is missing after the timeout, AWS's view and the stack's
missing() { # stack
	local n out="" v
	for n in 1 2; do
		aws_established "$n" && v=$("view_$1" "$n") && [[ $v == ok ]] && continue
		v=$("view_$1" "$n" || true)
		[[ $v != ok ]] || v="the stack itself has both by now"
		out+=" ${T_NS[$n]}: BIRD onprem '$(aws_state "$n")', $v;"
	done
	echo "${out:- nothing?}"
}

# one measurement: MS = the milliseconds.  The stack is started in the
# background and AWS's side is polled from t0, so the starters' own waits
# (for vtid's socket, charon's vici, FRR's vty sockets) never delay the
# stop of the clock.
measure() { # stack
	local s=$1 t0 i=0 v n st=running
	t0=$(date +%s%N)
	"start_$s" &
	STARTER=$!
	until aws_established 1 && aws_established 2; do
		i=$((i + 1))
		if [[ $st == running ]] && ! kill -0 "$STARTER" 2>/dev/null; then
			st=0
			wait "$STARTER" || st=$?
			[[ $st -eq 0 ]] || il_fail "$s: did not start in onprem (logs below)"
		fi
		if ((i % 25 == 0)); then
			[[ $st == running ]] || "alive_$s" || il_fail "$s: a daemon in onprem exited (logs below)"
			(($(ms_since "$t0") < LIMIT * 1000)) ||
				il_fail "$s: not up within $LIMIT s:$(missing "$s")"
		fi
		sleep 0.02
	done
	MS=$(ms_since "$t0")
	if [[ $st == running ]]; then
		wait "$STARTER" || il_fail "$s: its starter failed after AWS's side saw the sessions"
	fi
	STARTER=
	# the stack must agree (its own view may trail AWS's by a round trip)
	for n in 1 2; do
		for i in $(seq 250); do
			v=$("view_$s" "$n") && [[ $v == ok ]] && break
			sleep 0.02
		done
		[[ $v == ok ]] || il_fail "$s: AWS's side has the session, but $v"
	done
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A LABEL=([vtid]=vtid [seeds]=strongSwan+FRR)
declare -A VALS=([vtid]="" [seeds]="")

one() { # run stack
	local r=$1 s=$2
	exec 9>"$LOCK"
	flock -w 1800 9 || die "$LOCK is held by something else for 30 minutes"
	lab_up "run$r-$s"
	[[ $s != seeds ]] || conf_seeds
	measure "$s"
	[[ -z $LOGS ]] || lab_logs_keep "$LOGS/run$r-$s"
	lab_down || exit 1
	flock -u 9
	exec 9>&-
	VALS[$s]+="$MS "
	echo "run $r: ${LABEL[$s]} $MS ms"
}

V_SWAN=$(/usr/lib/ipsec/charon --version 2>/dev/null | awk '{ print $NF; exit }') || true
V_FRR=$(/usr/lib/frr/bgpd -v 2>/dev/null | awk '/version/ { print $NF; exit }') || true
echo "lab-startup: $RUNS runs; the clock runs from starting the onprem stack until BIRD"
echo "  in aws-t1 and aws-t2 has its session to onprem Established (polled every 20 ms)"
if [[ $ONLY != vtid ]]; then
	echo "  strongSwan ${V_SWAN:-?} + FRR ${V_FRR:-?}: charon's traffic selectors are the inside"
	echo "  /30s, not 0/0 (one kernel-libipsec charon cannot carry two 0/0 tunnels)"
fi
for r in $(seq "$RUNS"); do
	order=("${STACKS[@]}")
	if ((r % 2 == 0 && ${#STACKS[@]} == 2)); then order=(seeds vtid); fi
	for s in "${order[@]}"; do one "$r" "$s"; done
done

declare -A MED=()
for s in "${STACKS[@]}"; do
	# shellcheck disable=SC2086 # the list is split on purpose
	MED[$s]=$(printf '%s\n' ${VALS[$s]} | median)
done
line="lab startup (both tunnels + both BGP sessions, median of $RUNS):"
[[ -z ${MED[vtid]:-} ]] || line+=" vtid ${MED[vtid]} ms;"
[[ -z ${MED[seeds]:-} ]] || line+=" strongSwan ${V_SWAN:-?} + FRR ${V_FRR:-?} ${MED[seeds]} ms;"
if [[ -n ${MED[vtid]:-} && -n ${MED[seeds]:-} ]]; then
	line+=$(awk -v a="${MED[seeds]}" -v b="${MED[vtid]}" \
		'BEGIN { if (b > 0) printf " strongSwan+FRR/vtid %.1fx", a / b }')
fi
echo "$line"
