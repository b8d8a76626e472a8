#!/usr/bin/env bash
# Graceful restart (RFC 4724), vtid as the receiving speaker, against BIRD 2
# with "graceful restart on" (it advertises the capability with the
# Forwarding State bit for IPv4 unicast):
#
#  1. BIRD is killed (SIGKILL: the TCP connection breaks, no NOTIFICATION):
#     vtid keeps its routes, marked stale, in its RIB and kernel.
#  2. BIRD comes back (bird -R: a restarting speaker that kept forwarding,
#     the F bit set) with one prefix fewer: after its End-of-RIB the stale
#     marks are gone, the prefix it no longer announces is removed, and the
#     route it still announces never left the kernel.
#  2b. Killed again, back without -R (no F bit): the stale routes go as
#     soon as the session is up (RFC 4724 §4.2), and come back with its
#     UPDATEs.
#  3. A NOTIFICATION (birdc disable): the routes go at once, not stale.
#  4. BIRD is killed and does not come back: the stale routes go when the
#     restart time it advertised (5 s) is over.
#
#   cgw  vtid  192.0.2.1 AS 65001
#   r1   BIRD  192.0.2.2 AS 65002: 10.20.0.0/16, 10.21.0.0/16 (first run only)
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp_gr vtid
bl_need bird
t0=$SECONDS

bl_hub
bl_ns r1 192.0.2.2/24

# bird_start RESTART-TIME PREFIX...: BIRD in r1 announcing PREFIX...
bird_start() {
	local gr=$1 p statics=""
	shift
	for p in "$@"; do statics+=" route $p unreachable;"; done
	bl_bird r1 65002 192.0.2.2 <<EOF
protocol static { ipv4;$statics }
protocol bgp vtid4 from bl4 {
	neighbor 192.0.2.1 as 65001;
	connect delay time 1; connect retry time 1; error wait time 1, 2;
	graceful restart on;
	graceful restart time $gr;
}
EOF
}

bv_start <<'EOF'
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65002
EOF

# stale PREFIX: "true"/"false" for BIRD's path to PREFIX in vtid's RIB,
# "none" when there is none
stale() {
	il_vtictl cgw "show ip bgp json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
try:
    ps = json.load(sys.stdin).get("routes", {}).get(sys.argv[1]) or []
except ValueError:
    ps = []
ps = [p for p in ps if p.get("peer") == "192.0.2.2"]
print(("true" if ps[0].get("stale") else "false") if ps else "none")' "$1" || true
}
nbr() { bv_get "show ip bgp neighbors 192.0.2.2 json" neighbors 0 "$@"; }
kill_bird() {
	il_kill bird-r1
	rm -f "$IL_DIR/r1/bird.ctl"
}

# --- established, GR capability received ----------------------------------------------
bird_start 60 10.20.0.0/16 10.21.0.0/16
bv_wait_state 192.0.2.2 Established 20
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2
bv_wait_kernel cgw 10.21.0.0/16 192.0.2.2
got=$(nbr graceful-restart-received)
[[ $got == true ]] || il_fail "graceful-restart-received is '$got', not true"
[[ $(stale 10.20.0.0/16) == false ]] || il_fail "10.20.0.0/16 stale before any restart"
il_say "established, BIRD's GR capability received, routes in the kernel"

# the kernel's route changes in cgw from now on
ip -n "$(il_ns cgw)" monitor route >"$IL_DIR/cgw/monitor.out" 2>&1 </dev/null &
il_proc_add monitor-cgw $!
sleep 0.2
deleted() { grep -c "^Deleted $1 " "$IL_DIR/cgw/monitor.out" || true; }

# --- 1. SIGKILL: routes kept, stale ------------------------------------------------------
kill_bird
for _ in $(seq 100); do
	[[ $(bv_state 192.0.2.2) != Established ]] && break
	sleep 0.1
done
[[ $(bv_state 192.0.2.2) != Established ]] || il_fail "still Established 10 s after SIGKILL"
for p in 10.20.0.0/16 10.21.0.0/16; do
	bv_want 5 "$p stale in vtid's RIB" true stale "$p"
	got=$(bv_kernel_gws cgw "$p")
	[[ $got == 192.0.2.2 ]] || il_fail "kernel route $p is '$got' while stale, want via 192.0.2.2"
done
got=$(nbr address-families ipv4-unicast stale)
[[ $got == true ]] || il_fail "neighbor's ipv4-unicast stale is '$got', not true"
il_say "BIRD killed: its routes stay, stale (RIB and kernel)"

# --- 2. BIRD back without 10.21.0.0/16: End-of-RIB sweeps ------------------------------------
BL_BIRD_ARGS=-R bird_start 60 10.20.0.0/16
bv_wait_state 192.0.2.2 Established 20
bv_want 10 "10.20.0.0/16 after End-of-RIB" false stale 10.20.0.0/16
bv_want 10 "10.21.0.0/16 after End-of-RIB" none stale 10.21.0.0/16
bv_wait_no_kernel cgw 10.21.0.0/16 5
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2 5
got=$(nbr address-families ipv4-unicast end-of-rib-received)
[[ $got == true ]] || il_fail "end-of-rib-received is '$got' after BIRD came back"
got=$(nbr address-families ipv4-unicast stale)
[[ $got == false ]] || il_fail "neighbor still stale ('$got') after End-of-RIB"
[[ $(deleted 10.20.0.0/16) == 0 ]] ||
	il_fail "10.20.0.0/16 left the kernel during BIRD's graceful restart: $(grep 10.20 "$IL_DIR/cgw/monitor.out")"
[[ $(deleted 10.21.0.0/16) == 1 ]] || il_fail "10.21.0.0/16 was not deleted from the kernel once"
il_say "BIRD back: stale marks gone after End-of-RIB, 10.21.0.0/16 removed, 10.20.0.0/16 kept"

# --- 2b. back without the F bit: stale routes go when the session is up ------------------------
kill_bird
bv_want 5 "10.20.0.0/16 stale after SIGKILL" true stale 10.20.0.0/16
[[ $(deleted 10.20.0.0/16) == 0 ]] || il_fail "10.20.0.0/16 left the kernel when BIRD was killed"
bird_start 5 10.20.0.0/16
bv_wait_state 192.0.2.2 Established 20
bv_want 10 "10.20.0.0/16 after BIRD came back without F bit" false stale 10.20.0.0/16
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2 5
[[ $(deleted 10.20.0.0/16) == 1 ]] ||
	il_fail "10.20.0.0/16 deleted $(deleted 10.20.0.0/16) times, want once: stale routes without F bit must go at once"
il_say "BIRD back without F bit: stale routes removed at session up, then learned again"

# --- 3. NOTIFICATION: no graceful restart ------------------------------------------------------
bl_bird_cmd r1 disable vtid4 >/dev/null
bv_want 5 "10.20.0.0/16 after a NOTIFICATION" none stale 10.20.0.0/16
bv_wait_no_kernel cgw 10.20.0.0/16 2
got=$(nbr last-reset)
grep -qi notification <<<"$got" || il_fail "last-reset '$got' does not name the NOTIFICATION"
il_say "NOTIFICATION ('$got'): routes removed at once"
bl_bird_cmd r1 enable vtid4 >/dev/null
bv_wait_state 192.0.2.2 Established 20
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2

# --- 4. restart time over ------------------------------------------------------------------------
kill_bird
killed=$(date +%s%N)
bv_want 5 "10.20.0.0/16 stale after the second SIGKILL" true stale 10.20.0.0/16
# BIRD advertised 5 s: still there at 3 s, gone by 9 s
sleep 2
got=$(stale 10.20.0.0/16)
ms=$((($(date +%s%N) - killed) / 1000000))
((ms >= 4500)) || [[ $got == true ]] ||
	il_fail "10.20.0.0/16 is '$got' $ms ms after SIGKILL, before the restart time of 5 s"
bv_want 9 "10.20.0.0/16 after the restart time" none stale 10.20.0.0/16
bv_wait_no_kernel cgw 10.20.0.0/16 2
ms=$((($(date +%s%N) - killed) / 1000000))
((ms >= 4500)) || il_fail "stale routes removed $ms ms after SIGKILL, before the restart time of 5 s"
il_say "restart time over: stale routes removed $ms ms after SIGKILL"
echo "PASS: bgp_gr ($((SECONDS - t0)) s)"
