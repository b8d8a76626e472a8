#!/usr/bin/env bash
# The AWS lab: vtid against an emulated AWS Transit Gateway VPN connection,
# all in network namespaces on this machine (Debian 12, run as root).
#
#     examples/aws-lab/run.sh            bring the lab up, show it working
#     examples/aws-lab/run.sh failover   stop the AWS endpoint carrying the
#                                        traffic, then start it again
#     examples/aws-lab/run.sh down       remove every namespace and process
#                                        it made
#
#   lan 10.16.16.10 --- onprem (vtid, examples/aws-tgw-lab.conf, AS 65016)
#                          | 192.0.2.1
#              internet: bridge br0, 192.0.2.0/24
#                 | 192.0.2.2                  | 192.0.2.3
#   aws-t1 (charon, BIRD AS 64512)   aws-t2 (charon, BIRD AS 64512)
#   ipsec0 169.254.12.37/30          ipsec0 169.254.14.229/30
#                 | 172.31.0.1                 | 172.31.0.2
#   vpc: bridge br0, 172.31.0.10/16 (the VPC, 172.31.0.0/16), BIRD
#
# Each AWS endpoint is a charon with kernel-libipsec (ESP in user space,
# runs on any kernel) configured as AWS configures its side: responder
# only, AWS's default proposals, IKE 28800 s, ESP 3600 s rekeyed 540 s
# early, DPD every 10 s with action clear, PSK and IP identities; and a
# BIRD announcing the VPC CIDR with MED 100 on both tunnels (a Transit
# Gateway with VPN ECMP support), which ends its BGP session when its
# tunnel goes down.  The BIRD in vpc stands for the Transit Gateway's route
# table: it learns the on-premises prefix from both endpoints (iBGP) and
# routes the way back over the ones that have it, ECMP.
#
# Installs what is missing (apt-get) and builds vtid when no build is
# found (VTID and VTICTL_BIN name one).  The lab outlives this script and
# keeps its records (processes with their start times, namespaces) in
# $AWS_LAB_DIR, which "failover" and "down" read.  AWS_LAB_NS_PREFIX is
# put before every namespace name (the test runs its own lab beside one a
# user may have up); AWS_LAB_KEEP=1 keeps a lab that failed to come up;
# AWS_LAB_ONPREM=none brings up everything but vtid (the startup
# benchmark starts its own onprem stack).
#
# It reuses the interop tests' library (tests/interop/lib.sh, bgp_lib.sh)
# for namespaces, charon, BIRD, vtid and the records, but not its test
# lifecycle: the library's EXIT trap tears the lab down only if bringing
# it up fails.  The state is not under /run: each charon gets an empty
# tmpfs on /run in its own mount namespace, which would hide it there.
# shellcheck source-path=SCRIPTDIR/../..
set -eu -o pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AWS_LAB_DIR=${AWS_LAB_DIR:-/var/tmp/vtid-aws-lab}
AWS_LAB_NS_PREFIX=${AWS_LAB_NS_PREFIX:-}
AWS_LAB_ONPREM=${AWS_LAB_ONPREM:-vtid}
# the library sets its own defaults for these
LAB_VTID=${VTID:-} LAB_VTICTL=${VTICTL_BIN:-}
LAB_CONF=$top/examples/aws-tgw-lab.conf
# the VPC, and the on-premises LAN as vtid announces it
VPC_CIDR=172.31.0.0/16 VPC_HOST=172.31.0.10
LAN_CIDR=10.16.16.0/24 LAN_HOST=10.16.16.10
# tunnel N: its name in vtid, the AWS endpoint's namespace, vtid's
# interface, AWS's inside address (the BGP neighbor) and vtid's; the rest
# is in examples/aws-tgw-lab.conf
T_NAME=(- aws1 aws2)
T_NS=(- aws-t1 aws-t2)
T_IF=(- vti1 vti2)
T_PEER=(- 169.254.12.37 169.254.14.229)
T_LOCAL=(- 169.254.12.38 169.254.14.230)

die() {
	echo "aws-lab: $*" >&2
	exit 1
}

cmd=${1:-up}
[[ $cmd == up || $cmd == down || $cmd == failover ]] || die "usage: $0 [up|failover|down]"
[[ $EUID -eq 0 ]] || die "run as root (sudo $0 $cmd)"

# vtid: a given VTID/VTICTL_BIN, else a build directory of this tree,
# else build one in examples/aws-lab/build
lab_find_vtid() {
	local d b=$top/examples/aws-lab/build
	if [[ -n $LAB_VTID && -n $LAB_VTICTL ]]; then
		VTID=$LAB_VTID VTICTL_BIN=$LAB_VTICTL
		return 0
	fi
	for d in "$top" "$top"/build-* "$b"; do
		if [[ -x $d/vtid/vtid && -x $d/vtid/vtictl ]]; then
			VTID=$d/vtid/vtid VTICTL_BIN=$d/vtid/vtictl
			return 0
		fi
	done
	# shellcheck disable=SC2086 # the list is split on purpose
	deps_install aws-lab $DEPS_BUILD
	echo "aws-lab: no vtid build found; building one in $b (a minute)"
	[[ -x $top/configure ]] || (cd "$top" && autoreconf -fi >/dev/null 2>&1) ||
		die "autoreconf failed"
	mkdir -p "$b"
	(cd "$b" && "$top/configure" -q && make -s -j"$(nproc)" >/dev/null) ||
		die "building vtid failed (in $b)"
	VTID=$b/vtid/vtid VTICTL_BIN=$b/vtid/vtictl
}

# the library, with the lab's own names for the namespaces
lab_lib() {
	# shellcheck disable=SC2034 # read by the library
	srcdir=$top
	# shellcheck source=tests/interop/lib.sh
	. "$top/tests/interop/lib.sh"
	# shellcheck source=tests/interop/bgp_lib.sh
	. "$top/tests/interop/bgp_lib.sh"
	# shellcheck disable=SC2034 # read by the library
	IL_NEED_CHARON=1 IL_IPV6=0
	IL_NAME=aws-lab
	IL_DIR=$AWS_LAB_DIR
	# shellcheck disable=SC2034 # read by il_cleanup
	IL_KEEP=${AWS_LAB_KEEP:-0}
	# "cgw" is the library's name for the namespace holding the bridge
	il_ns() { if [[ $1 == cgw ]]; then echo "${AWS_LAB_NS_PREFIX}internet"; else echo "$AWS_LAB_NS_PREFIX$1"; fi; }
}

# shellcheck source=tests/deps.sh
. "$top/tests/deps.sh"
lab_lib

lab_vtid_cmd() { il_vtictl onprem "$1"; }

lab_is_up() {
	[[ -f $IL_DIR/.interop ]] || die "no lab in $IL_DIR (bring it up first: $0)"
	# the vtid and vtictl the lab was brought up with
	# shellcheck source=/dev/null
	[[ ! -f $IL_DIR/vtid.paths ]] || . "$IL_DIR/vtid.paths"
	il_proc_pid vtid-onprem >/dev/null || die "vtid is not running in the lab (see $IL_DIR/onprem/vtid.log)"
}

# a namespace that forwards, without reverse-path filtering (the tunnels
# make the paths asymmetric)
lab_ns_forward() {
	ip netns exec "$(il_ns "$1")" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward
		echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter
		echo 0 >/proc/sys/net/ipv4/conf/default/rp_filter'
}

# lab_aws_bird N: the BGP speaker of AWS endpoint N (started again by failover)
lab_aws_bird() {
	local n=$1 ns=${T_NS[$1]}
	bl_bird "$ns" 64512 "192.0.2.$((n + 1))" <<EOF
protocol static { ipv4; route $VPC_CIDR unreachable; }
protocol kernel {
	ipv4 { import none; export where source = RTS_BGP; };
}
protocol bgp onprem {
	local as 64512;
	neighbor ${T_LOCAL[$n]} as 65016;
	hold time 30;
	keepalive time 10;
	error wait time 1, 10;
	ipv4 {
		import all;
		export filter {
			if source != RTS_STATIC then reject;
			bgp_med = 100;
			accept;
		};
	};
}
protocol bgp vpc {
	local as 64512;
	neighbor $VPC_HOST as 64512;
	direct;
	connect delay time 1;
	ipv4 { import none; export where source = RTS_BGP; next hop self; };
}
EOF
}

# lab_aws_charon N: the IPsec endpoint of tunnel N, its inside address on
# ipsec0 (started again by failover)
lab_aws_charon() {
	local n=$1
	il_charon_start "${T_NS[$n]}" "${T_PEER[$n]}/30"
}

# lab_aws N OUTSIDE PSK VPC-ADDR: AWS endpoint N
lab_aws() {
	local n=$1 outside=$2 psk=$3 vpc_addr=$4 ns=${T_NS[$1]} nsn
	# AWS ends the BGP session when the tunnel goes (BIRD knows nothing of
	# charon's SAs: restarting its protocol drops the session at once)
	# shellcheck disable=SC2016 # $PLUTO_VERB: the updown script's
	IL_AWS_CHILD=$(il_charon_updown "$ns" 'case $PLUTO_VERB in
down-client*) birdc -s "'"$IL_DIR/$ns"'/bird.ctl" restart onprem >/dev/null 2>&1 || true ;;
esac')
	IL_DPD_DELAY=10 IL_DPD_ACTION=clear IL_IKE_REKEY=28800 IL_ESP_REKEY=3060 IL_AWS_CHILD=$IL_AWS_CHILD \
		il_aws "$ns" "$outside" "${T_PEER[$n]}/30" "" "" add "$psk"
	nsn=$(il_ns "$ns")
	lab_ns_forward "$ns"
	# kernel-libipsec routes 0/0 into ipsec0 (table 220, for all but
	# charon's own marked packets); the VPC must stay on this side
	ip -n "$nsn" rule add to "$VPC_CIDR" lookup main priority 100
	ip link add "v$ns" netns "$(il_ns vpc)" type veth peer name eth1 netns "$nsn"
	ip -n "$(il_ns vpc)" link set "v$ns" master br0 up
	ip -n "$nsn" addr add "$vpc_addr/16" dev eth1
	ip -n "$nsn" link set eth1 up
	lab_aws_bird "$n"
}

lab_vpc_bird() {
	bl_bird vpc 64512 "$VPC_HOST" <<EOF
protocol kernel { merge paths on; ipv4 { import none; export all; }; }
template bgp tgw {
	local as 64512;
	direct;
	passive on;
	ipv4 { import all; export none; gateway direct; };
}
protocol bgp t1 from tgw { neighbor 172.31.0.1 as 64512; }
protocol bgp t2 from tgw { neighbor 172.31.0.2 as 64512; }
EOF
}

# up to SECONDS until CMD succeeds, a progress line every 2 s
lab_wait() { # seconds what cmd...
	local n=$1 what=$2 i
	shift 2
	for i in $(seq $((n * 10))); do
		"$@" && return 0
		il_proc_pid vtid-onprem >/dev/null || il_fail "vtid exited (see its log below)"
		((i % 20 == 0)) && echo "  ... waiting for $what ($((i / 10)) s)$(lab_status)"
		sleep 0.1
	done
	il_fail "$what not within $n s$(lab_status) (AWS_LAB_KEEP=1 keeps a failed lab)"
}

lab_status() {
	printf ': tunnel aws1 %s, aws2 %s' \
		"$(il_vtid_tunnel onprem aws1 state || true)" "$(il_vtid_tunnel onprem aws2 state || true)"
}

lab_tunnel_up() { [[ $(il_vtid_tunnel onprem "${T_NAME[$1]}" state) == up ]]; }
lab_tunnels_up() { lab_tunnel_up 1 && lab_tunnel_up 2; }
lab_session_up() { bl_established vtid onprem "${T_PEER[$1]}"; }
lab_sessions_up() { lab_session_up 1 && lab_session_up 2; }

# the nexthops of vtid's kernel route to the VPC, one "via X dev Y" a line
lab_vpc_route() { bl_kernel_routes onprem "$VPC_CIDR"; }
lab_ecmp() {
	local r
	r=$(lab_vpc_route)
	[[ $r == *"dev vti1"* && $r == *"dev vti2"* ]]
}
# the Transit Gateway's way back to the LAN is over endpoint N
lab_tgw_route() { [[ $(bl_kernel_routes vpc "$LAN_CIDR") == *"via 172.31.0.$1 "* ]]; }
lab_tgw_ecmp() { lab_tgw_route 1 && lab_tgw_route 2; }
lab_route_only() { # N: the route is over tunnel N alone
	[[ $(lab_vpc_route) == "via ${T_PEER[$1]} dev ${T_IF[$1]}" ]]
}

lab_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

lab_up() {
	local t0 t1 sock ns
	t0=$(date +%s%N)
	# shellcheck disable=SC2086 # the list is split on purpose
	deps_install aws-lab $DEPS_LAB
	[[ $AWS_LAB_ONPREM == none ]] || lab_find_vtid
	[[ ! -e $IL_DIR ]] || die "$IL_DIR exists: the lab is up already? ($0 down first)"
	for ns in internet onprem lan vpc aws-t1 aws-t2; do
		[[ ! -e /run/netns/$AWS_LAB_NS_PREFIX$ns ]] ||
			die "namespace $AWS_LAB_NS_PREFIX$ns exists already ($0 down, or ip netns del $AWS_LAB_NS_PREFIX$ns)"
	done
	[[ $AWS_LAB_ONPREM == none ]] || "$VTID" -n -f "$LAB_CONF" >/dev/null || die "vtid rejects $LAB_CONF"
	mkdir -p "$IL_DIR"
	touch "$IL_DIR/.interop"
	trap il_cleanup EXIT
	trap 'exit 130' INT TERM HUP

	echo "aws-lab: namespaces internet, onprem, lan, vpc, aws-t1, aws-t2${AWS_LAB_NS_PREFIX:+ (each prefixed $AWS_LAB_NS_PREFIX)}"
	il_bridge_ns cgw
	# shellcheck disable=SC2034 # il_peer numbers the bridge ports
	IL_NPEERS=0
	il_peer onprem 192.0.2.1
	lab_ns_forward onprem
	il_lan onprem 10.16.16.1/24 lan "$LAN_HOST/24"
	# the VPC: a host on a bridge, and the Transit Gateway's route table
	il_bridge_ns vpc "$VPC_HOST/16"
	lab_vpc_bird

	echo "aws-lab: AWS endpoints aws-t1 (192.0.2.2) and aws-t2 (192.0.2.3): charon + BIRD"
	lab_aws 1 192.0.2.2 Lab.Tunnel1.Key_0123456789 172.31.0.1
	lab_aws 2 192.0.2.3 Lab.Tunnel2.Key_9876543210 172.31.0.2

	if [[ $AWS_LAB_ONPREM == none ]]; then
		trap - EXIT INT TERM HUP
		echo "aws-lab: up without onprem's daemon (AWS_LAB_ONPREM=none)"
		return 0
	fi
	echo "aws-lab: vtid in onprem with $LAB_CONF"
	printf 'VTID=%q VTICTL_BIN=%q\n' "$VTID" "$VTICTL_BIN" >"$IL_DIR/vtid.paths"
	cp "$LAB_CONF" "$IL_DIR/onprem/vtid.conf"
	chmod 600 "$IL_DIR/onprem/vtid.conf"
	t1=$(date +%s%N)
	il_vtid_start onprem
	lab_wait 60 "both tunnels" lab_tunnels_up
	echo "aws-lab: both tunnels up, $(lab_ms "$t1") ms after vtid started"
	lab_wait 60 "both BGP sessions" lab_sessions_up
	echo "aws-lab: both BGP sessions established, $(lab_ms "$t1") ms after vtid started"
	lab_wait 30 "the ECMP route to $VPC_CIDR" lab_ecmp
	echo "aws-lab: ECMP route to $VPC_CIDR over vti1 and vti2, $(lab_ms "$t1") ms after vtid started"
	lab_wait 30 "the Transit Gateway's route to $LAN_CIDR over both endpoints" lab_tgw_ecmp
	echo "aws-lab: the Transit Gateway (BIRD in vpc) routes $LAN_CIDR over both endpoints"

	sock=$IL_DIR/onprem/run/vtid.sock
	for c in "show tunnels" "show ip bgp summary" "show ip route bgp"; do
		echo
		echo "# vtictl -c \"$c\""
		lab_vtid_cmd "$c"
	done
	echo
	echo "# ping from lan ($LAN_HOST) to vpc ($VPC_HOST)"
	ip netns exec "$(il_ns lan)" ping -n -c 3 -i 0.2 -W 2 "$VPC_HOST" ||
		il_fail "no ping from lan to vpc"

	trap - EXIT INT TERM HUP
	cat <<EOF

aws-lab: up in $(lab_ms "$t0") ms.  State and logs: $IL_DIR
  the shell:   ip netns exec $(il_ns onprem) $VTICTL_BIN -S $sock
  one command: $VTICTL_BIN -S $sock -c "show ip bgp summary"
               (the lab's socket, not the default /run/vtid/vtid.sock,
               so the lab never meets a vtid running on this host)
  a host:      ip netns exec $(il_ns lan) ping $VPC_HOST
  AWS's side:  birdc -s $IL_DIR/aws-t1/bird.ctl show protocols
  failover:    $0 failover
  stop it:     $0 down
EOF
}

# lab_wait_for SECONDS WHAT CMD...: like lab_wait, failing with a message
# but without tearing the lab down
lab_wait_for() {
	local n=$1 what=$2 i
	shift 2
	for i in $(seq $((n * 50))); do
		"$@" && return 0
		sleep 0.02
	done
	echo "aws-lab: $what not within $n s" >&2
	return 1
}

# ping statistics from ping -D output: "SENT RECEIVED GAP-MS AFTER" where
# GAP-MS is the longest stretch without a reply (interval times the
# longest run of lost sequence numbers) and AFTER the replies received
# after the longest gap
lab_ping_stats() { # file interval-ms
	awk -v iv="$2" '
		/packets transmitted/ { sent = $1; recv = $4 }
		/icmp_seq=/ {
			match($0, /icmp_seq=[0-9]+/)
			s = substr($0, RSTART + 9, RLENGTH - 9) + 0
			if (s > last + 1 && (s - last - 1) >= gaprun) { gaprun = s - last - 1; after = 0 }
			else after++
			if (s > last) last = s
		}
		END { printf "%d %d %d %d\n", sent, recv, gaprun * iv, after }' "$1"
}

lab_failover() {
	local dev n other pid out t_stop ms_down ms_up ms_sess ms_two st sent recv gap after iv=10
	local down_s=${AWS_LAB_FAILOVER_DOWN:-5}
	lab_is_up
	lab_ecmp || die "the route to $VPC_CIDR is not over both tunnels now:
$(lab_vpc_route)"
	# the lan -> vpc flow is hashed onto one tunnel: stop that one
	dev=$(ip -n "$(il_ns onprem)" -o route get "$VPC_HOST" from "$LAN_HOST" iif eth1 |
		sed -n 's/.* dev \([^ ]*\).*/\1/p')
	case $dev in vti1) n=1 other=2 ;; vti2) n=2 other=1 ;; *) die "lan -> vpc goes out '$dev', not a tunnel" ;; esac
	out=$IL_DIR/failover-ping.out
	echo "aws-lab: lan -> vpc goes over $dev (tunnel ${T_NAME[$n]}, AWS endpoint ${T_NS[$n]})"
	echo "aws-lab: pinging $VPC_HOST from lan every $iv ms"
	ip netns exec "$(il_ns lan)" ping -n -D -i 0.01 -W 1 "$VPC_HOST" </dev/null >"$out" 2>&1 &
	pid=$!
	il_proc_add ping-failover "$pid"
	sleep 1

	echo "aws-lab: stopping AWS endpoint ${T_NS[$n]} (its charon, then its BIRD)"
	t_stop=$(date +%s%N)
	il_proc_stop "charon-${T_NS[$n]}"
	il_proc_stop "bird-${T_NS[$n]}"
	st=0
	lab_wait_for 60 "the route over ${T_IF[$other]} alone" lab_route_only "$other" >/dev/null || st=1
	if [[ $st -eq 0 ]]; then
		ms_down=$(lab_ms "$t_stop")
		echo "aws-lab: route to $VPC_CIDR over ${T_IF[$other]} alone, $ms_down ms after the stop"
		echo
		echo "# vtictl -c \"show ip route bgp\""
		lab_vtid_cmd "show ip route bgp"
		echo
		echo "aws-lab: traffic goes on over ${T_IF[$other]}; ${T_NS[$n]} stays down for $down_s s"
		sleep "$down_s"
		echo "aws-lab: starting AWS endpoint ${T_NS[$n]} again"
		t_stop=$(date +%s%N)
		lab_aws_charon "$n"
		lab_aws_bird "$n"
		lab_wait_for 120 "tunnel ${T_NAME[$n]} up" lab_tunnel_up "$n" >/dev/null || st=1
	fi
	if [[ $st -eq 0 ]]; then
		ms_up=$(lab_ms "$t_stop")
		echo "aws-lab: tunnel ${T_NAME[$n]} up again after $ms_up ms (vtid re-initiates with backoff)"
		lab_wait_for 60 "BGP session ${T_PEER[$n]}" lab_session_up "$n" >/dev/null || st=1
	fi
	if [[ $st -eq 0 ]]; then
		ms_sess=$(lab_ms "$t_stop")
		lab_wait_for 30 "the ECMP route" lab_ecmp >/dev/null || st=1
	fi
	if [[ $st -eq 0 ]]; then
		ms_two=$(lab_ms "$t_stop")
		lab_wait_for 30 "the Transit Gateway's route back over ${T_NS[$n]}" lab_tgw_ecmp >/dev/null || st=1
	fi
	if [[ $st -eq 0 ]]; then
		echo "aws-lab: BGP session ${T_PEER[$n]} established after $ms_sess ms, route over both tunnels after $ms_two ms"
		echo
		echo "# vtictl -c \"show ip route bgp\""
		lab_vtid_cmd "show ip route bgp"
		echo
	fi
	sleep 1
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	[[ $st -eq 0 ]] || die "failover failed; vtid's log: $IL_DIR/onprem/vtid.log"
	read -r sent recv gap after < <(lab_ping_stats "$out" "$iv")
	echo "aws-lab: ping: $sent sent, $recv received"
	[[ $after -gt 0 ]] || die "no reply after the longest gap: traffic did not continue"
	echo "aws-lab: failover: interruption $gap ms (the longest stretch without a reply, pings every $iv ms)"
}

lab_down() {
	if [[ ! -f $IL_DIR/.interop ]]; then
		echo "aws-lab: no lab records in $IL_DIR; nothing to do"
		exit 0
	fi
	echo "aws-lab: stopping the lab"
	il_cleanup
}

case $cmd in
up) lab_up ;;
failover) lab_failover ;;
down) lab_down ;;
esac
