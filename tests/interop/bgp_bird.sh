#!/usr/bin/env bash
# vtid against BIRD 2, one eBGP session over IPv4 and one over IPv6:
# routes both ways in both families, route refresh both ways, hold-timer
# expiry while BIRD is frozen (and recovery), and vtid's routes leaving
# the kernel when vtid stops.
#
#   cgw  vtid  192.0.2.1 2001:db8::1 AS 65001: 10.1.0.0/24 2001:db8:100::/48
#   r1   BIRD  192.0.2.2 2001:db8::2 AS 65002: 10.20.0.0/16 10.21.1.0/24
#                                               2001:db8:200::/48
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp-bird vtid
bl_need bird
t0=$SECONDS

bl_hub
bl_ns r1 192.0.2.2/24 2001:db8::2/64

bl_bird r1 65002 192.0.2.2 <<'EOF'
protocol static { ipv4; route 10.20.0.0/16 unreachable; route 10.21.1.0/24 unreachable; }
protocol static { ipv6; route 2001:db8:200::/48 unreachable; }
protocol bgp vtid4 from bl4 {
	neighbor 192.0.2.1 as 65001;
	hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 2;
}
protocol bgp vtid6 from bl6 {
	neighbor 2001:db8::1 as 65001;
	hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 2;
}
EOF

bv_dual_conf 192.0.2.2 2001:db8::2 65002 | bv_start

# --- sessions ------------------------------------------------------------------
bv_dual_up bird r1 192.0.2.2 2001:db8::2
il_say "IPv4 and IPv6 sessions established (both ends agree)"

# --- routes from vtid, as BIRD sees them ------------------------------------------
# bird_aspath PREFIX: the BGP.as_path of BIRD's route PREFIX ("" if none)
bird_aspath() {
	bl_bird_cmd r1 show route "$1" all 2>/dev/null |
		awk '$1 == "BGP.as_path:" { $1 = ""; sub(/^ /, ""); print; exit }' || true
}
bird_wait_aspath() { # prefix want
	local i got=
	for i in $(seq 100); do
		got=$(bird_aspath "$1")
		[[ $got == "$2" ]] && return 0
		sleep 0.1
	done
	il_fail "BIRD's route $1 has AS path '$got', want '$2'"
}
bird_wait_aspath 10.1.0.0/24 65001
bird_wait_aspath 2001:db8:100::/48 65001
bl_bird_cmd r1 show route 10.1.0.0/24 all | grep -q 'BGP.next_hop: 192.0.2.1' ||
	il_fail "BIRD's 10.1.0.0/24 is not via 192.0.2.1"
il_say "BIRD learned 10.1.0.0/24 and 2001:db8:100::/48 from vtid, AS path 65001"

# --- routes from BIRD, in vtid's RIB and kernel -------------------------------------
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2
bv_wait_kernel cgw 10.21.1.0/24 192.0.2.2
bv_wait_kernel cgw 2001:db8:200::/48 2001:db8::2
rib4=$(bv_json "show ip bgp json")
rib6=$(bv_json "show bgp ipv6 unicast json")
"$IL_PYTHON" - "$rib4" "$rib6" <<'EOF' || il_fail "vtid's BGP tables are not as expected"
import json, sys
r4 = json.loads(sys.argv[1])["routes"]
r6 = json.loads(sys.argv[2])["routes"]
def one(rt, pfx, peer, nh, path):
    ps = rt.get(pfx)
    assert ps and len(ps) == 1, "%s: %r" % (pfx, ps)
    p = ps[0]
    assert p["peer"] == peer and p["next-hop"] == nh, p
    assert p["as-path"] == path and p["best"] and p["valid"], p
one(r4, "10.20.0.0/16", "192.0.2.2", "192.0.2.2", "65002")
one(r4, "10.21.1.0/24", "192.0.2.2", "192.0.2.2", "65002")
one(r4, "10.1.0.0/24", "local", "0.0.0.0", "")
one(r6, "2001:db8:200::/48", "2001:db8::2", "2001:db8::2", "65002")
one(r6, "2001:db8:100::/48", "local", "::", "")
assert "2001:db8:200::/48" not in r4 and "10.20.0.0/16" not in r6
EOF
# the summaries' counters: 2 + 1 prefixes in, 1 + 1 out
pc() { # cmd addr: "received accepted sent"
	echo "$(bv_get "$1" peers "$2" prefixes-received)" \
		"$(bv_get "$1" peers "$2" prefixes-accepted)" "$(bv_get "$1" peers "$2" prefixes-sent)"
}
got=$(pc "show ip bgp summary json" 192.0.2.2)
[[ $got == "2 2 1" ]] || il_fail "IPv4 summary of 192.0.2.2: received/accepted/sent '$got', want '2 2 1'"
got=$(pc "show bgp ipv6 unicast summary json" 2001:db8::2)
[[ $got == "1 1 1" ]] || il_fail "IPv6 summary of 2001:db8::2: received/accepted/sent '$got', want '1 1 1'"
il_say "BIRD's routes are in vtid's RIB and kernel (proto bgp, via BIRD)"

# --- route refresh, BIRD -> vtid ------------------------------------------------------
# nbr ADDR KEY: one field of vtid's neighbor ADDR
nbr() { bv_get "show ip bgp neighbors $1 json" neighbors 0 "$2"; }
# BIRD's count of import updates received on protocol P
bird_import_updates() {
	bl_bird_cmd r1 show protocols all "$1" 2>/dev/null |
		awk '$1 == "Import" && $2 == "updates:" { print $3; exit }' || true
}
wait_gt() { # what old cmd...: until the number CMD prints exceeds OLD
	local what=$1 want=$2 _ got=
	shift 2
	for _ in $(seq 100); do
		got=$("$@")
		[[ $got =~ ^[0-9]+$ ]] && ((got > want)) && return 0
		sleep 0.1
	done
	il_fail "$what: still '$got' (want more than $want)"
}
rr_in=$(nbr 192.0.2.2 route-refresh-received)
upd=$(bird_import_updates vtid4)
[[ $rr_in =~ ^[0-9]+$ && $upd =~ ^[0-9]+$ ]] || il_fail "counters: rr '$rr_in' updates '$upd'"
bl_bird_cmd r1 reload in vtid4 >/dev/null
wait_gt "vtid's route-refresh-received" "$rr_in" nbr 192.0.2.2 route-refresh-received
wait_gt "BIRD's import updates from vtid after reload in" "$upd" bird_import_updates vtid4
bird_wait_aspath 10.1.0.0/24 65001
# the same for the IPv6 session
rr_in=$(nbr 2001:db8::2 route-refresh-received)
upd=$(bird_import_updates vtid6)
bl_bird_cmd r1 reload in vtid6 >/dev/null
wait_gt "vtid's route-refresh-received (IPv6)" "$rr_in" nbr 2001:db8::2 route-refresh-received
wait_gt "BIRD's import updates from vtid after reload in (IPv6)" "$upd" bird_import_updates vtid6
bird_wait_aspath 2001:db8:100::/48 65001
il_say "BIRD's ROUTE-REFRESH: vtid counted it and sent its routes again"

# --- route refresh, vtid -> BIRD ------------------------------------------------------
bird_export_updates() {
	bl_bird_cmd r1 show protocols all "$1" 2>/dev/null |
		awk '$1 == "Export" && $2 == "updates:" { print $3; exit }' || true
}
rr_out=$(nbr 192.0.2.2 route-refresh-sent)
upd=$(nbr 192.0.2.2 updates-received)
exp=$(bird_export_updates vtid4)
il_vtictl cgw "clear ip bgp 192.0.2.2 soft in" >/dev/null || il_fail "clear ip bgp soft in failed"
wait_gt "vtid's route-refresh-sent" "$rr_out" nbr 192.0.2.2 route-refresh-sent
wait_gt "BIRD's export updates to vtid after the refresh" "$exp" bird_export_updates vtid4
wait_gt "vtid's updates-received after the refresh" "$upd" nbr 192.0.2.2 updates-received
[[ $(bv_state 192.0.2.2) == Established ]] || il_fail "soft in reset the session"
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2 5
il_say "vtid's ROUTE-REFRESH: BIRD sent its routes again, the session stayed up"

# --- hold timer expiry ------------------------------------------------------------------
bird_pid=$(il_proc_pid bird-r1) || il_fail "BIRD is not running"
log=$IL_DIR/cgw/vtid.log
mark=$(il_log_mark "$log")
kill -STOP "$bird_pid"
stopped=$SECONDS
for a in 192.0.2.2 2001:db8::2; do
	for _ in $(seq 80); do
		[[ $(bv_state "$a") != Established ]] && break
		sleep 0.1
	done
	[[ $(bv_state "$a") != Established ]] || il_fail "$a still Established 8 s after SIGSTOP"
done
il_say "sessions down $((SECONDS - stopped)) s after SIGSTOP (hold time 3 s)"
reset=$(nbr 192.0.2.2 last-reset)
grep -qi "hold timer expired" <<<"$reset" ||
	il_log_since "$log" "$mark" | grep -qi "hold timer expired" ||
	il_fail "no 'hold timer expired' (last-reset '$reset')"
bv_wait_no_kernel cgw 10.20.0.0/16 5
bv_wait_no_kernel cgw 2001:db8:200::/48 5
il_say "hold timer expired (last-reset '$reset'): BIRD's routes left vtid's kernel"
kill -CONT "$bird_pid"
bv_wait_state 192.0.2.2 Established 20
bv_wait_state 2001:db8::2 Established 20
bv_wait_kernel cgw 10.20.0.0/16 192.0.2.2
bv_wait_kernel cgw 2001:db8:200::/48 2001:db8::2
bird_wait_aspath 10.1.0.0/24 65001
il_say "SIGCONT: sessions and routes back"

# --- vtid stops -------------------------------------------------------------------------
il_vtid_stop cgw
bv_wait_no_kernel cgw 10.20.0.0/16 5
bv_wait_no_kernel cgw 10.21.1.0/24 5
bv_wait_no_kernel cgw 2001:db8:200::/48 5
left=$(ip -n "$(il_ns cgw)" route show proto bgp; ip -n "$(il_ns cgw)" -6 route show proto bgp)
[[ -z $left ]] || il_fail "proto bgp routes left after vtid stopped: $left"
il_say "vtid stopped: no proto bgp route left in its namespace"
echo "PASS: bgp-bird ($((SECONDS - t0)) s)"
