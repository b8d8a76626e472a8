#!/usr/bin/env bash
# The AWS lab on a kernel with VTI and ESP (inside the VM: tests/kernel/run.sh,
# or alone: tests/kernel/vm.sh tests/kernel/aws_lab.sh, from a build directory).
#
#   lan 10.16.16.10 --- onprem 192.0.2.1 (AS 65016; KLAB_ONPREM=seeds|vtid)
#                          | internet: bridge, 192.0.2.0/24
#                 | 192.0.2.2                  | 192.0.2.3
#   aws-t1: charon, VTI mark 100      aws-t2: charon, VTI mark 200
#   inside 169.254.12.37/30           inside 169.254.14.229/30
#   FRR bgpd AS 64512                 FRR bgpd AS 64512
#                 | 172.31.0.1                 | 172.31.0.2
#   vpc: bridge, 172.31.0.10/16; 10.16.16.0/24 over both endpoints (ECMP)
#
# The AWS side is the seeds' stack: strongSwan with kernel-netlink, a VTI
# made by the updown script as AWS's ipsec-vti.sh does, FRR announcing
# 172.31.0.0/16.  The onprem side is
#   seeds  the same stack: one charon with both tunnels (initiator), FRR
#          with zebra installing the ECMP route over vti1 and vti2;
#   vtid   vtid with "dataplane kernel" (examples/aws-tgw-lab.conf).
# Checks: both tunnels up with VTIs keyed by their marks, ESP counters
# rising on both, both BGP sessions, the ECMP route to 172.31.0.0/16 over
# vti1 and vti2, lan <-> vpc ping, the MSS of a forwarded SYN clamped (read
# on the wire in vpc), and a clean teardown of onprem's kernel objects.
# With vtid, on the same AWS side, then (tests/kernel/aws_lab_vtid.sh):
#   b. rekeys under traffic without loss; a tunnel's failure and recovery;
#   c. a restart after SIGKILL: vtid removes what the dead run left;
#   d. the same checks with "interface-type xfrm" on both tunnels.
# KLAB_PHASES (default "b c d") picks among them.
# shellcheck source-path=SCRIPTDIR/../..
# shellcheck disable=SC2317 # the onprem functions are called by name
set -eu -o pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/kernel/lib.sh
. "$top/tests/kernel/lib.sh"

KLAB_ONPREM=${KLAB_ONPREM:-seeds}
case $KLAB_ONPREM in seeds | vtid) ;; *) echo "KLAB_ONPREM: seeds or vtid" >&2; exit 2 ;; esac

VPC_CIDR=172.31.0.0/16 VPC_HOST=172.31.0.10
LAN_CIDR=10.16.16.0/24 LAN_HOST=10.16.16.10
IKE="aes256-sha256-modp2048"
# tunnel N: AWS endpoint, outside address, PSK, mark, onprem's interface,
# inside addresses (AWS's, onprem's), ESP proposal (CBC+HMAC, and GCM)
T_NAME=(- aws1 aws2)
T_NS=(- aws-t1 aws-t2)
T_OUT=(- 192.0.2.2 192.0.2.3)
T_PSK=(- Lab.Tunnel1.Key_0123456789 Lab.Tunnel2.Key_9876543210)
T_MARK=(- 100 200)
T_IF=(- vti1 vti2)
T_PEER=(- 169.254.12.37 169.254.14.229)
T_LOCAL=(- 169.254.12.38 169.254.14.230)
T_ESP=(- aes256-sha256-modp2048 aes128gcm16-ecp256)
ONPREM=192.0.2.1

if [[ $KLAB_ONPREM == vtid ]]; then
	kl_init aws_lab_vtid vtid
else
	kl_init aws_lab_seeds
fi

ns() { il_ns "$1"; }
# shown when a check failed
KL_DUMP="onprem aws-t1"

# --- the AWS side ------------------------------------------------------------------

# aws N: endpoint N with its charon (responder) and FRR
aws() {
	local n=$1 s=${T_NS[$1]}
	il_peer "$s" "${T_OUT[$n]}"
	kl_ns_forward "$s"
	ip link add "v$s" netns "$(ns vpc)" type veth peer name eth1 netns "$(ns "$s")"
	ip -n "$(ns vpc)" link set "v$s" master br0 up
	ip -n "$(ns "$s")" addr add "172.31.0.$n/16" dev eth1
	ip -n "$(ns "$s")" link set eth1 up
	kl_charon_conf "$s"
	KL_DPD_ACTION=clear kl_conn onprem "${T_OUT[$n]}" "$ONPREM" \
		"$IKE, aes128-sha1-modp1024" "${T_ESP[$n]}, aes128-sha1-modp1024" none \
		"${T_MARK[$n]}" vti0 "${T_PEER[$n]}/30" "${T_LOCAL[$n]}/30" >"$IL_DIR/$s/conns"
	il_secret onprem "${T_OUT[$n]}" "$ONPREM" "${T_PSK[$n]}" >"$IL_DIR/$s/secrets"
	kl_charon_start "$s"
	bl_frr "$s" 64512 "${T_OUT[$n]}" <<EOF
 neighbor ${T_LOCAL[$n]} remote-as 65016
 neighbor ${T_LOCAL[$n]} timers 10 30
 neighbor ${T_LOCAL[$n]} timers connect 2
 address-family ipv4 unicast
  network $VPC_CIDR
  neighbor ${T_LOCAL[$n]} activate
 exit-address-family
EOF
}

# --- the onprem side: the seeds' stack ---------------------------------------------------

seeds_start() {
	local n
	kl_charon_conf onprem
	for n in 1 2; do
		kl_conn "${T_NAME[$n]}" "$ONPREM" "${T_OUT[$n]}" "$IKE" "${T_ESP[$n]}" start \
			"${T_MARK[$n]}" "${T_IF[$n]}" "${T_LOCAL[$n]}/30" "${T_PEER[$n]}/30"
	done >"$IL_DIR/onprem/conns"
	for n in 1 2; do
		il_secret "${T_NAME[$n]}" "$ONPREM" "${T_OUT[$n]}" "${T_PSK[$n]}"
	done >"$IL_DIR/onprem/secrets"
	kl_charon_start onprem
}

# FRR once the VTIs are there: a zebra that is still starting when a VTI
# and its address appear may miss them, and bgpd then fails its session
# over that VTI for good ("nexthop_set failed"), as seen here
seeds_tunnels_made() {
	bl_frr onprem 65016 "$ONPREM" <<EOF
 neighbor ${T_PEER[1]} remote-as 64512
 neighbor ${T_PEER[1]} timers 10 30
 neighbor ${T_PEER[1]} timers connect 2
 neighbor ${T_PEER[2]} remote-as 64512
 neighbor ${T_PEER[2]} timers 10 30
 neighbor ${T_PEER[2]} timers connect 2
 address-family ipv4 unicast
  network $LAN_CIDR
  maximum-paths 4
  neighbor ${T_PEER[1]} activate
  neighbor ${T_PEER[2]} activate
 exit-address-family
EOF
}

seeds_tunnel_up() { il_charon_up onprem "${T_NAME[$1]}"; }

# as its users do: close both tunnels (the updown script removes the VTIs
# and nft tables), then stop the daemons
seeds_stop() {
	local n
	for n in 1 2; do
		il_sw onprem --terminate --ike "${T_NAME[$n]}" >/dev/null 2>&1 || true
	done
	il_proc_stop bgpd-onprem
	il_proc_stop zebra-onprem
	il_proc_stop charon-onprem
}

seeds_nft_tables() { printf "inet klab-vti1\ninet klab-vti2\n"; }

# --- the onprem side: vtid with the kernel dataplane --------------------------------------
#
# TODO(kernel backend, issue 6): written ahead of the backend; untested.
# vtid runs examples/aws-tgw-lab.conf with "dataplane kernel" and should
# give what the seeds' stack gives: vti1/vti2 with ikey = okey = the
# tunnel's mark, XFRM states and 0/0 policies with reqids in
# KX_REQID_BASE.., the nft table "inet vtid" (MSS clamp), the ECMP route by
# its own BGP; on stop all of it gone.

# examples/aws-tgw-lab.conf with "dataplane kernel"; with KLAB_IFTYPE=xfrm
# XFRM interfaces whose if_ids are the marks
vtid_start() {
	local c=$IL_DIR/onprem/vtid.conf
	sed 's/^dataplane user$/dataplane kernel/' "$top/examples/aws-tgw-lab.conf" >"$c"
	grep -q '^dataplane kernel$' "$c" ||
		il_fail "examples/aws-tgw-lab.conf has no 'dataplane user' line to replace"
	if [[ $IFTYPE == xfrm ]]; then
		sed -i 's/^ mark \([0-9]*\)$/ interface-type xfrm\n if-id \1/' "$c"
		[[ $(grep -c '^ if-id ' "$c") == 2 ]] ||
			il_fail "examples/aws-tgw-lab.conf: no 'mark N' lines to make if-ids of"
	fi
	chmod 600 "$c"
	il_vtid_start onprem
}

vtid_tunnel_up() { [[ $(il_vtid_tunnel onprem "${T_NAME[$1]}" state) == up ]]; }

vtid_tunnels_made() { :; }

vtid_stop() { il_vtid_stop onprem; }

vtid_nft_tables() { echo "inet vtid"; }

# --- the checks -------------------------------------------------------------------
#
# lab_up: onprem (started) brings both tunnels, BGP and the ECMP route up,
# and traffic flows; lab_stopped: onprem (stopped) left nothing behind.
# Both read IFTYPE: vti (the VTIs keyed by the marks) or xfrm (XFRM
# interfaces whose if_ids are the marks).

# polled cheaply (one ip a second); the daemons' own views are asked once
link_made() { ip -n "$(ns onprem)" link show "$1" >/dev/null 2>&1; }
link_keys() { ip -n "$(ns onprem)" -d link show "$1" 2>/dev/null | grep -o 'ikey [^ ]* okey [^ ]*\|if_id [^ ]*' || true; }
link_ok() { if [[ $IFTYPE == xfrm ]]; then kl_xfrmi onprem "$@"; else kl_vti onprem "$@"; fi; }
vpc_routes() { ip -n "$(ns onprem)" route show "$VPC_CIDR"; }
ecmp() {
	local r
	r=$(vpc_routes)
	[[ $r == *"via ${T_PEER[1]} dev ${T_IF[1]}"* && $r == *"via ${T_PEER[2]} dev ${T_IF[2]}"* ]]
}
aws_route() { [[ $(ip -n "$(ns "${T_NS[$1]}")" route show "$LAN_CIDR") == *"dev vti0"* ]]; }
bgp_up() { bl_established frr "${T_NS[$1]}" "${T_LOCAL[$1]}"; }
esp_rising() { # n: 3 pings over tunnel n, 3 more packets each way
	local out0 in0 out1 in1 m=${T_MARK[$1]} k=mark
	[[ $IFTYPE == vti ]] || k=if_id
	out0=$(kl_xfrm_packets onprem "$m" "$ONPREM" "$k")
	in0=$(kl_xfrm_packets onprem "$m" "${T_OUT[$1]}" "$k")
	ip netns exec "$(ns onprem)" ping -n -q -c 3 -i 0.2 -W 2 "${T_PEER[$1]}" >/dev/null || return 1
	out1=$(kl_xfrm_packets onprem "$m" "$ONPREM" "$k")
	in1=$(kl_xfrm_packets onprem "$m" "${T_OUT[$1]}" "$k")
	echo "    ESP packets of the SAs with $k $m: out $out0 -> $out1, in $in0 -> $in1"
	[[ $out1 -ge $((out0 + 3)) && $in1 -ge $((in0 + 3)) ]]
}

# lab_up_wait: the tunnels, BGP and the ECMP route come up; returns 1 when
# a check failed that the later ones need
lab_up_wait() {
	local n what="a VTI keyed"
	[[ $IFTYPE == vti ]] || what="an XFRM interface with if_id"
	for n in 1 2; do
		kl_check_wait 90 "onprem has ${T_IF[$n]}" link_made "${T_IF[$n]}" || return 1
	done
	for n in 1 2; do
		kl_check_wait 10 "onprem ${T_IF[$n]} is $what ${T_MARK[$n]}, up ($(link_keys "${T_IF[$n]}"))" \
			link_ok "${T_IF[$n]}" "${T_MARK[$n]}" || return 1
	done
	il_say "${T_IF[1]} and ${T_IF[2]} up at $(ms) ms"
	onprem_tunnels_made
	for n in 1 2; do
		kl_check_wait 10 "tunnel ${T_NAME[$n]} up in onprem ($KLAB_ONPREM)" onprem_tunnel_up "$n" || true
		kl_check "tunnel ${T_NAME[$n]} up in ${T_NS[$n]} (swanctl)" il_charon_up "${T_NS[$n]}" onprem
	done
	kl_check_wait 60 "ECMP route to $VPC_CIDR over ${T_IF[1]} and ${T_IF[2]} in onprem" ecmp || return 1
	vpc_routes | sed 's/^/    /'
	il_say "ECMP route at $(ms) ms"
	for n in 1 2; do
		kl_check_wait 10 "BGP session ${T_NS[$n]} <-> ${T_LOCAL[$n]} established (FRR)" bgp_up "$n" || true
	done
	kl_check_wait 30 "routes to $LAN_CIDR over the tunnels in aws-t1 and aws-t2" \
		eval "aws_route 1 && aws_route 2" || true
}

# lab_up: lab_up_wait, then traffic: ESP counters, pings, the MSS
lab_up() {
	local n dev mtu mss
	lab_up_wait || return 1
	for n in 1 2; do
		kl_check "ESP counters of tunnel ${T_NAME[$n]} rise with a ping over ${T_IF[$n]}" esp_rising "$n"
	done
	kl_check "ping lan $LAN_HOST -> vpc $VPC_HOST" il_ping lan "$VPC_HOST" 5
	kl_check "ping vpc $VPC_HOST -> lan $LAN_HOST" il_ping vpc "$LAN_HOST" 5
	# the SYN from lan leaves onprem through a tunnel whose MTU sets its MSS
	dev=$(ip -n "$(ns onprem)" -o route get "$VPC_HOST" from "$LAN_HOST" iif eth1 |
		sed -n 's/.* dev \([^ ]*\).*/\1/p')
	mtu=$(ip netns exec "$(ns onprem)" cat "/sys/class/net/$dev/mtu")
	mss=$(kl_mss_probe vpc br0 lan "$VPC_HOST" 8080)
	echo "    SYN lan -> vpc: out onprem's $dev (MTU $mtu), MSS on arrival in vpc: $mss"
	kl_check "MSS of a forwarded SYN clamped to $((mtu - 40)) (was 1460)" [ "$mss" = $((mtu - 40)) ]
}

# in lab_stopped: $tables (nft list tables) has no table $1
no_table() { [[ $'\n'$tables$'\n' != *$'\ntable '"$1"$'\n'* ]]; }

# lab_stopped: after onprem_stop, nothing of onprem's is left, and the
# AWS side saw the tunnels go
lab_stopped() {
	local left tables t n
	sleep 1
	left=$(kl_tunnel_links onprem | tr '\n' ' ')
	kl_check "onprem stopped: no VTI or XFRM link left (${left:-none})" [ -z "$left" ]
	kl_check "onprem stopped: no XFRM state left" [ "$(kl_xfrm_states onprem)" = 0 ]
	kl_check "onprem stopped: no XFRM policy left" [ "$(kl_xfrm_policies onprem)" = 0 ]
	tables=$(ip netns exec "$(ns onprem)" nft list tables)
	while read -r t; do
		kl_check "onprem stopped: no nft table $t left" no_table "$t"
	done < <(onprem_nft_tables)
	kl_check "onprem stopped: no route to $VPC_CIDR left" [ -z "$(vpc_routes)" ]
	[[ $KLAB_ONPREM != vtid ]] ||
		kl_check "onprem stopped: no nexthop object left" \
			[ -z "$(ip -n "$(ns onprem)" nexthop show 2>/dev/null)" ]
	for n in 1 2; do
		kl_check_wait 15 "${T_NS[$n]}: the peer's delete removed its VTI" \
			eval "[ -z \"\$(kl_tunnel_links ${T_NS[$n]})\" ]" || true
	done
}

# the vtid-only phases b, c and d
# shellcheck source=tests/kernel/aws_lab_vtid.sh
. "$top/tests/kernel/aws_lab_vtid.sh"

# --- the lab -------------------------------------------------------------------------

onprem_start() { "${KLAB_ONPREM}_start"; }
onprem_tunnel_up() { "${KLAB_ONPREM}_tunnel_up" "$@"; }
onprem_tunnels_made() { "${KLAB_ONPREM}_tunnels_made"; }
onprem_stop() { "${KLAB_ONPREM}_stop"; }
onprem_nft_tables() { "${KLAB_ONPREM}_nft_tables"; }

t0=${EPOCHREALTIME/./}
ms() { echo $(((${EPOCHREALTIME/./} - t0) / 1000)); }

il_bridge_ns internet
# shellcheck disable=SC2034 # il_peer numbers the bridge ports of "cgw"
IL_NPEERS=0
il_ns() { if [[ $1 == cgw ]]; then echo "$IL_PFX-internet"; else echo "$IL_PFX-$1"; fi; }
il_peer onprem "$ONPREM"
kl_ns_forward onprem
ip netns exec "$(ns onprem)" sysctl -qw net.ipv4.fib_multipath_hash_policy=1
il_lan onprem 10.16.16.1/24 lan "$LAN_HOST/24"
il_bridge_ns vpc "$VPC_HOST/16"
aws 1
aws 2
# the Transit Gateway's way back: over both endpoints
ip -n "$(ns vpc)" route add "$LAN_CIDR" nexthop via 172.31.0.1 nexthop via 172.31.0.2
il_say "AWS side up at $(ms) ms; onprem: $KLAB_ONPREM"


# --- the run -------------------------------------------------------------------------

KLAB_PHASES=${KLAB_PHASES-b c d}
IFTYPE=vti
onprem_start
lab_up || kl_done
# with vtid up: b and c; with it stopped: d
phases() {
	local p
	[[ $KLAB_ONPREM == vtid ]] || return 0
	for p in "$@"; do
		[[ " $KLAB_PHASES " != *" $p "* ]] || "phase_$p" || kl_done
	done
}
phases b c
onprem_stop
lab_stopped
phases d
il_say "done at $(ms) ms"
kl_done
