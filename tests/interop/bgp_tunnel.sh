#!/usr/bin/env bash
# BGP over an IPsec tunnel, the AWS shape: vtid (cgw, AS 65001) has one
# tunnel to an emulated AWS endpoint (charon with kernel-libipsec in aws1,
# 169.254.10.1/30 on its ipsec0; vtid's vti1 169.254.10.2/30) and BIRD in
# aws1 (AS 64512) peers with vtid over the inside addresses.
#
# Checked: the session comes up over the tunnel; BIRD's 10.16.0.0/16 is in
# vtid's kernel via 169.254.10.1 dev vti1 proto bgp; vtid's 10.1.0.0/24
# reaches BIRD; the send limit of a tunnel's inside peer defaults to 100;
# "tunnel aws1 down" takes the neighbor down at once (not after the 30 s
# hold time) with a reason naming the tunnel, and the kernel route with it;
# "tunnel aws1 up" brings the session back without waiting for vtid's
# connect-retry backoff; a vanished charon (SIGKILL) takes the route away
# once DPD calls the tunnel down.
#
# AWS ends its BGP session when its tunnel goes down; BIRD knows nothing of
# charon's tunnel, so charon's updown script restarts BIRD's protocol when
# the CHILD_SA goes (else BIRD would stay Established for its hold time and
# refuse vtid's new connection as a collision).  BIRD is passive, as the
# test is whether vtid connects at once when the tunnel comes up.
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
# a tunnel lab: charon is needed, IPv4 only (bgp_lib.sh set them for its labs)
IL_NEED_CHARON=1 IL_IPV6=0
bl_init bgp_tunnel vtid
[[ $IL_CGW == vtid ]] || il_skip "BGP over the tunnel needs vtid as the cgw"
bl_need bird
t0=$SECONDS

IKE=aes128gcm16-prfsha256-ecp256
ESP=aes128gcm16-ecp256
NB=169.254.10.1
il_wan

# aws1: il_aws by hand, with an updown script
il_peer aws1 192.0.2.2
updown=$(il_charon_updown aws1 'case $PLUTO_VERB in
down-client*) birdc -s "'"$IL_DIR"'/aws1/bird.ctl" restart vtid >/dev/null 2>&1 || true ;;
esac')
il_conn aws1 192.0.2.2 "$IL_CGW_ADDR" "$IKE" "$ESP" add "$updown" >"$IL_DIR/aws1/conns"
il_secret aws1 192.0.2.2 "$IL_CGW_ADDR" >"$IL_DIR/aws1/secrets"
il_charon_start aws1 169.254.10.1/30

bl_bird aws1 64512 192.0.2.2 <<'EOF'
protocol static { ipv4; route 10.16.0.0/16 unreachable; }
protocol bgp vtid from bl4 {
	neighbor 169.254.10.2 as 65001;
	# only vtid connects: the session comes back when vtid connects
	passive on; error wait time 1, 2;
}
EOF

IL_DPD="1 10 restart" il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 $NB $IKE $ESP start
cat >>"$IL_DIR/cgw/vtid.conf" <<EOF
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor $NB remote-as 64512
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
EOF
il_cgw_start
il_wait_up aws1 30 aws1
il_say "tunnel aws1 up"

# --- the session over the tunnel ------------------------------------------------------
bv_wait_state $NB Established 30
bl_wait_established bird aws1 169.254.10.2 10
bv_wait_kernel cgw 10.16.0.0/16 $NB 10
got=$(bl_kernel_routes cgw 10.16.0.0/16)
[[ $got == "via $NB dev vti1" ]] || il_fail "10.16.0.0/16 in vtid's kernel is '$got', not via $NB dev vti1"
bl_wait_route bird aws1 10.1.0.0/24 10
bl_bird_cmd aws1 show route 10.1.0.0/24 all | grep -q 'BGP.next_hop: 169.254.10.2' ||
	il_fail "BIRD's 10.1.0.0/24 is not via 169.254.10.2"
nbr() { bv_get "show ip bgp neighbors $NB json" neighbors 0 "$1"; }
lim=$(bv_get "show ip bgp neighbors $NB json" neighbors 0 address-families ipv4-unicast send-limit)
[[ $lim == 100 ]] || il_fail "send-limit of the tunnel's inside peer is '$lim', not 100"
il_say "session over the tunnel: routes both ways, send limit 100"

# --- tunnel down by hand: BGP goes at once ------------------------------------------------
log=$IL_DIR/cgw/vtid.log
mark=$(il_log_mark "$log")
il_vtictl cgw "tunnel aws1 down" >/dev/null || il_fail "tunnel aws1 down failed"
start=$(date +%s%N)
for _ in $(seq 50); do
	[[ $(bv_state $NB) != Established ]] && break
	sleep 0.1
done
ms=$((($(date +%s%N) - start) / 1000000))
[[ $(bv_state $NB) != Established ]] || il_fail "neighbor still Established 5 s after tunnel down"
bv_wait_no_kernel cgw 10.16.0.0/16 1
reset=$(nbr last-reset)
[[ $reset == *"tunnel aws1"* ]] ||
	il_fail "the neighbor's reason does not name tunnel aws1 (last-reset '$reset')"
il_log_since "$log" "$mark" | grep "$NB Down" | grep -q "tunnel aws1" ||
	il_fail "vtid's log has no '$NB Down' naming tunnel aws1"
il_say "tunnel down: neighbor down after $ms ms ('$reset'), route gone"

# --- tunnel up: the speaker is kicked ---------------------------------------------------------
# vtid's connect attempts into the dead tunnel back off: idle hold 1 s,
# then connect retry 5 s and 10 s (each -25..+25 %), so 8 s after the drop
# the next attempt is at least 4 s away; the kick must not wait for it
sleep 8
il_vtictl cgw "tunnel aws1 up" >/dev/null || il_fail "tunnel aws1 up failed"
il_wait_up aws1 30 aws1
up=$(date +%s%N)
bv_wait_state $NB Established 10
ms=$((($(date +%s%N) - up) / 1000000))
((ms < 3000)) || il_fail "BGP Established only $ms ms after the tunnel came up (backoff, no kick?)"
il_say "BGP Established $ms ms after the tunnel came up"
bv_wait_kernel cgw 10.16.0.0/16 $NB 5
[[ $(bl_kernel_routes cgw 10.16.0.0/16) == "via $NB dev vti1" ]] || il_fail "route back, but not via vti1"
il_say "tunnel up: session and route back"

# --- the endpoint vanishes: DPD ----------------------------------------------------------------
il_kill charon-aws1
killed=$SECONDS
bv_wait_no_kernel cgw 10.16.0.0/16 20
il_say "charon killed: route gone after $((SECONDS - killed)) s (state '$(bv_state $NB)', tunnel '$(il_cgw_state aws1)')"
[[ $(bv_state $NB) != Established ]] || il_fail "neighbor still Established after the route went"
echo "PASS: bgp_tunnel ($((SECONDS - t0)) s)"
