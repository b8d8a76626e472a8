#!/usr/bin/env bash
# The AWS lab: vtid against an emulated AWS Transit Gateway VPN connection,
# all in network namespaces on this machine (run as root).
#
#     examples/aws-lab/run.sh        bring the lab up, show it working
#     examples/aws-lab/run.sh down   remove every namespace and process it made
#
#   lan 10.16.16.10 --- onprem (vtid, examples/aws-tgw-lab.conf, AS 65016)
#                          | 192.0.2.1
#              internet: bridge br0, 192.0.2.0/24
#                 | 192.0.2.2                  | 192.0.2.3
#   aws-t1 (charon, BIRD AS 64512)   aws-t2 (charon, BIRD AS 64512)
#   ipsec0 169.254.12.37/30          ipsec0 169.254.14.229/30
#                 | 172.31.0.1                 | 172.31.0.2
#              vpc 172.31.0.10/16 (the VPC, 172.31.0.0/16)
#
# Each AWS endpoint is a charon with kernel-libipsec (ESP in user space,
# runs on any kernel) configured as AWS configures its side: responder
# only, AWS's default proposals, IKE 28800 s, ESP 3600 s rekeyed 540 s
# early, DPD every 10 s with action clear, PSK and IP identities; and a
# BIRD announcing the VPC CIDR with MED 100 on both tunnels (a Transit
# Gateway with VPN ECMP support).
#
# The lab outlives this script, so it keeps its own records in
# $AWS_LAB_DIR (processes with their start times, namespaces), which
# "down" reads.  It reuses the interop tests' library
# (tests/interop/lib.sh, bgp_lib.sh) for namespaces, charon, BIRD, vtid and
# the records, but not its test lifecycle: the library's EXIT trap tears
# the lab down only if bringing it up fails; once up, the trap is removed.
# The state is not under /run: each charon gets an empty tmpfs on /run in
# its own mount namespace, which would hide its configuration there.
# shellcheck source-path=SCRIPTDIR/../..
set -eu -o pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AWS_LAB_DIR=${AWS_LAB_DIR:-/var/tmp/vtid-aws-lab}
LAB_CONF=$top/examples/aws-tgw-lab.conf

die() {
	echo "aws-lab: $*" >&2
	exit 1
}

[[ $EUID -eq 0 ]] || die "run as root (sudo $0 ${1:-})"
[[ ${1:-up} == up || ${1:-} == down ]] || die "usage: $0 [up|down]"

# vtid: a given VTID/VTICTL_BIN, else a build directory of this tree,
# else build one in examples/aws-lab/build
lab_find_vtid() {
	local d
	if [[ -n ${VTID:-} && -n ${VTICTL_BIN:-} ]]; then
		return 0
	fi
	for d in "$top/build-lead" "$top" "$top"/build-* "$top/examples/aws-lab/build"; do
		if [[ -x $d/vtid/vtid && -x $d/vtid/vtictl ]]; then
			VTID=$d/vtid/vtid VTICTL_BIN=$d/vtid/vtictl
			return 0
		fi
	done
	echo "aws-lab: no vtid build found; building one in examples/aws-lab/build"
	[[ -x $top/configure ]] || (cd "$top" && autoreconf -fi)
	mkdir -p "$top/examples/aws-lab/build"
	(cd "$top/examples/aws-lab/build" && ../../../configure -q && make -j"$(nproc)") ||
		die "building vtid failed"
	VTID=$top/examples/aws-lab/build/vtid/vtid
	VTICTL_BIN=$top/examples/aws-lab/build/vtid/vtictl
}

lab_need() {
	local t miss=()
	for t in ip nsenter unshare ping swanctl bird birdc flock python3; do
		command -v "$t" >/dev/null || miss+=("$t")
	done
	[[ -x /usr/lib/ipsec/charon ]] || miss+=(charon)
	[[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]] || miss+=(kernel-libipsec)
	[[ ${#miss[@]} -eq 0 ]] && return 0
	die "missing: ${miss[*]}
  apt-get install iproute2 util-linux iputils-ping python3 bird2 \\
    strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins"
}

lab_vtid_cmd() { il_vtictl onprem "$1"; }

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
	il_ns() { if [[ $1 == cgw ]]; then echo internet; else echo "$1"; fi; }
}

lab_down() {
	lab_lib
	if [[ ! -f $IL_DIR/.interop ]]; then
		echo "aws-lab: no lab records in $IL_DIR; nothing to do"
		exit 0
	fi
	echo "aws-lab: stopping the lab"
	true
	il_cleanup
}

# a namespace that forwards, without reverse-path filtering (the tunnels
# make the paths asymmetric)
lab_ns_forward() {
	ip netns exec "$1" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward
		echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter
		echo 0 >/proc/sys/net/ipv4/conf/default/rp_filter'
}

# lab_aws SHORT OUTSIDE INSIDE/30 CGW-INSIDE PSK VPC-ADDR
lab_aws() {
	local short=$1 outside=$2 inside=$3 cgw_in=$4 psk=$5 vpc_addr=$6
	IL_DPD_DELAY=10 IL_DPD_ACTION=clear IL_IKE_REKEY=28800 IL_ESP_REKEY=3060 \
		il_aws "$short" "$outside" "$inside" "" "" add "$psk"
	lab_ns_forward "$short"
	# kernel-libipsec routes 0/0 into ipsec0 (table 220, for all but
	# charon's own marked packets); the VPC must stay on this side
	ip -n "$short" rule add to 172.31.0.0/16 lookup main priority 100
	ip link add "v$short" netns vpc type veth peer name eth1 netns "$short"
	ip -n vpc link set "v$short" master br0 up
	ip -n "$short" addr add "$vpc_addr/16" dev eth1
	ip -n "$short" link set eth1 up
	bl_bird "$short" 64512 "$outside" <<EOF
protocol static { ipv4; route 172.31.0.0/16 unreachable; }
protocol kernel {
	ipv4 { import none; export where source = RTS_BGP; };
}
protocol bgp onprem {
	local as 64512;
	neighbor $cgw_in as 65016;
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
EOF
}

# up to SECONDS until CMD succeeds, a progress line every 2 s
lab_wait() { # seconds what cmd...
	local n=$1 what=$2 i
	shift 2
	for i in $(seq $((n * 5))); do
		"$@" && return 0
		il_proc_pid vtid-onprem >/dev/null || il_fail "vtid exited (see its log below)"
		((i % 10 == 0)) && echo "  ... waiting for $what ($((i / 5)) s)$(lab_status)"
		sleep 0.2
	done
	il_fail "$what not within $n s$(lab_status) (AWS_LAB_KEEP=1 keeps a failed lab)"
}

lab_status() {
	printf ': tunnel aws1 %s, aws2 %s' \
		"$(il_vtid_tunnel onprem aws1 state || true)" "$(il_vtid_tunnel onprem aws2 state || true)"
}

lab_tunnels_up() {
	[[ $(il_vtid_tunnel onprem aws1 state) == up && $(il_vtid_tunnel onprem aws2 state) == up ]]
}

lab_sessions_up() {
	bl_established vtid onprem 169.254.12.37 && bl_established vtid onprem 169.254.14.229
}

lab_ecmp() {
	local r
	r=$(bl_kernel_routes onprem 172.31.0.0/16)
	[[ $r == *"dev vti1"* && $r == *"dev vti2"* ]]
}

lab_up() {
	local t0=$SECONDS sock
	lab_need
	lab_find_vtid
	lab_lib
	[[ ! -e $IL_DIR ]] || die "$IL_DIR exists: the lab is up already? ($0 down first)"
	for ns in internet onprem lan vpc aws-t1 aws-t2; do
		[[ ! -e /run/netns/$ns ]] || die "namespace $ns exists already ($0 down, or ip netns del $ns)"
	done
	"$VTID" -n -f "$LAB_CONF" >/dev/null || die "vtid rejects $LAB_CONF"
	mkdir -p "$IL_DIR"
	touch "$IL_DIR/.interop"
	trap il_cleanup EXIT
	trap 'exit 130' INT TERM HUP

	echo "aws-lab: namespaces internet, onprem, lan, vpc, aws-t1, aws-t2"
	il_ns_add cgw
	ip -n internet link add br0 type bridge
	ip -n internet link set br0 up
	# shellcheck disable=SC2034 # il_peer numbers the bridge ports
	IL_NPEERS=0
	il_peer onprem 192.0.2.1
	lab_ns_forward onprem
	il_ns_add lan
	ip link add eth1 netns onprem type veth peer name eth0 netns lan
	ip -n onprem addr add 10.16.16.1/24 dev eth1
	ip -n onprem link set eth1 up
	ip -n lan addr add 10.16.16.10/24 dev eth0
	ip -n lan link set eth0 up
	ip -n lan route add default via 10.16.16.1
	il_ns_add vpc
	ip -n vpc link add br0 type bridge
	ip -n vpc addr add 172.31.0.10/16 dev br0
	ip -n vpc link set br0 up

	echo "aws-lab: AWS endpoints aws-t1 (192.0.2.2) and aws-t2 (192.0.2.3): charon + BIRD"
	lab_aws aws-t1 192.0.2.2 169.254.12.37/30 169.254.12.38 Lab.Tunnel1.Key_0123456789 172.31.0.1
	lab_aws aws-t2 192.0.2.3 169.254.14.229/30 169.254.14.230 Lab.Tunnel2.Key_9876543210 172.31.0.2
	# the VPC router's way back: ECMP over both endpoints
	ip -n vpc route add 10.16.16.0/24 nexthop via 172.31.0.1 nexthop via 172.31.0.2

	echo "aws-lab: vtid in onprem with $LAB_CONF"
	cp "$LAB_CONF" "$IL_DIR/onprem/vtid.conf"
	chmod 600 "$IL_DIR/onprem/vtid.conf"
	il_vtid_start onprem
	lab_wait 60 "both tunnels" lab_tunnels_up
	echo "aws-lab: both tunnels up ($((SECONDS - t0)) s)"
	lab_wait 60 "both BGP sessions" lab_sessions_up
	echo "aws-lab: both BGP sessions established ($((SECONDS - t0)) s)"
	lab_wait 30 "the ECMP route to 172.31.0.0/16" lab_ecmp
	echo "aws-lab: ECMP route to 172.31.0.0/16 over vti1 and vti2 ($((SECONDS - t0)) s)"

	sock=$IL_DIR/onprem/run/vtid.sock
	for c in "show tunnels" "show ip bgp summary" "show ip route bgp"; do
		echo
		echo "# vtictl -c \"$c\""
		lab_vtid_cmd "$c"
	done
	echo
	echo "# ping from lan (10.16.16.10) to vpc (172.31.0.10)"
	ip netns exec lan ping -n -c 3 -i 0.2 -W 2 172.31.0.10 ||
		il_fail "no ping from lan to vpc"

	trap - EXIT INT TERM HUP
	cat <<EOF

aws-lab: up in $((SECONDS - t0)) s.  State and logs: $IL_DIR
  the shell:   ip netns exec onprem $VTICTL_BIN -S $sock
  one command: $VTICTL_BIN -S $sock -c "show ip bgp summary"
               (the lab's socket, not the default /run/vtid/vtid.sock,
               so the lab never meets a vtid running on this host)
  a host:      ip netns exec lan ping 172.31.0.10
  AWS's side:  birdc -s $IL_DIR/aws-t1/bird.ctl show protocols
  stop it:     $0 down
EOF
}

case ${1:-up} in
up) lab_up ;;
down) lab_down ;;
esac
