#!/usr/bin/env bash
# The AWS shape: two peers in AS 64512 (BIRD in r1 and FRR in r2, as the
# two AWS tunnel endpoints) announce the same VPC prefix with equal
# attributes; vtid installs ONE kernel route with TWO nexthops, and the set
# follows withdrawals, re-announcements, maximum-paths and a dead peer.
#
#   cgw  vtid  192.0.2.1 2001:db8::1 AS 65001
#   r1   BIRD  192.0.2.2 2001:db8::2 AS 64512 \  10.16.0.0/16
#   r2   FRR   192.0.2.3 2001:db8::3 AS 64512 /  2001:db8:16::/48
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp-ecmp vtid
bl_need bird frr
t0=$SECONDS
P4=10.16.0.0/16
P6=2001:db8:16::/48

bl_hub
bl_ns r1 192.0.2.2/24 2001:db8::2/64
bl_ns r2 192.0.2.3/24 2001:db8::3/64

# origin IGP on both (FRR's network statement), no MED from either
bl_bird r1 64512 192.0.2.2 <<EOF
protocol static vpc4 { ipv4; route $P4 unreachable; }
protocol static vpc6 { ipv6; route $P6 unreachable; }
filter to_vtid { bgp_origin = ORIGIN_IGP; accept; }
protocol bgp vtid4 from bl4 {
	neighbor 192.0.2.1 as 65001; connect retry time 1;
	ipv4 { import all; export filter to_vtid; };
}
protocol bgp vtid6 from bl6 {
	neighbor 2001:db8::1 as 65001; connect retry time 1;
	ipv6 { import all; export filter to_vtid; };
}
EOF

bl_frr r2 64512 192.0.2.3 <<EOF
 neighbor 192.0.2.1 remote-as 65001
 neighbor 192.0.2.1 timers connect 1
 neighbor 2001:db8::1 remote-as 65001
 neighbor 2001:db8::1 timers connect 1
 address-family ipv4 unicast
  network $P4
  neighbor 192.0.2.1 activate
 exit-address-family
 address-family ipv6 unicast
  network $P6
  neighbor 2001:db8::1 activate
 exit-address-family
EOF

bv_start <<'EOF'
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 64512
 neighbor 192.0.2.3 remote-as 64512
 neighbor 2001:db8::2 remote-as 64512
 neighbor 2001:db8::3 remote-as 64512
 address-family ipv4 unicast
  maximum-paths 4
 exit-address-family
 address-family ipv6 unicast
  maximum-paths 4
  neighbor 2001:db8::2 activate
  neighbor 2001:db8::3 activate
 exit-address-family
EOF

for a in 192.0.2.2 192.0.2.3 2001:db8::2 2001:db8::3; do bv_wait_state "$a" Established 20; done
il_say "four sessions established (BIRD and FRR, IPv4 and IPv6)"

both4="192.0.2.2 192.0.2.3"
both6="2001:db8::2 2001:db8::3"
bv_wait_kernel cgw $P4 "$both4"
bv_wait_kernel cgw $P6 "$both6"
n=$(ip -n "$(il_ns cgw)" -j route show $P4 | "$IL_PYTHON" -c 'import json, sys; print(len(json.load(sys.stdin)))')
[[ $n == 1 ]] || il_fail "$P4: $n kernel routes, want one multipath route"

# both paths multipath in vtid's table, one of them best
check_paths() { # cmd prefix "peer..."
	bv_json "$1" | "$IL_PYTHON" -c '
import json, sys
pfx, want = sys.argv[1], sorted(sys.argv[2].split())
ps = json.load(sys.stdin)["routes"].get(pfx, [])
assert sorted(p["peer"] for p in ps) == want, ps
assert all(p["multipath"] and p["valid"] for p in ps), ps
assert sum(1 for p in ps if p["best"]) == 1, ps
assert all(p["as-path"] == "64512" for p in ps), ps' "$2" "$3" ||
		il_fail "$1: $2 is not two multipath paths from $3"
}
check_paths "show ip bgp $P4 json" $P4 "$both4"
check_paths "show bgp ipv6 unicast $P6 json" $P6 "$both6"
il_say "ECMP: one kernel route, two nexthops; show ip bgp: two multipath paths"

# --- r1 withdraws, then announces again ---------------------------------------------------
bl_bird_cmd r1 disable vpc4 >/dev/null
bl_bird_cmd r1 disable vpc6 >/dev/null
bv_wait_kernel cgw $P4 192.0.2.3 10
bv_wait_kernel cgw $P6 2001:db8::3 10
il_say "BIRD withdrew: one nexthop left (FRR's)"
bl_bird_cmd r1 enable vpc4 >/dev/null
bl_bird_cmd r1 enable vpc6 >/dev/null
bv_wait_kernel cgw $P4 "$both4" 10
bv_wait_kernel cgw $P6 "$both6" 10
il_say "BIRD announced again: two nexthops"

# --- maximum-paths 1, and back -------------------------------------------------------------
vtysh_cgw() { # af-line maximum-paths-line
	"$VTICTL_BIN" -S "$IL_DIR/cgw/run/vtid.sock" -c "configure terminal" -c "router bgp 65001" \
		-c "$1" -c "$2" -c "end" >/dev/null || il_fail "vtictl: $1 / $2 failed"
}
best_nh() { # cmd prefix: the next hop of the best path
	bv_json "$1" | "$IL_PYTHON" -c '
import json, sys
print(" ".join(p["next-hop"] for p in json.load(sys.stdin)["routes"].get(sys.argv[1], []) if p["best"]))' "$2"
}
vtysh_cgw "address-family ipv4 unicast" "maximum-paths 1"
vtysh_cgw "address-family ipv6 unicast" "maximum-paths 1"
b4=$(best_nh "show ip bgp $P4 json" $P4)
b6=$(best_nh "show bgp ipv6 unicast $P6 json" $P6)
[[ $b4 == 192.0.2.[23] && $b6 == 2001:db8::[23] ]] || il_fail "best paths '$b4' '$b6'"
bv_wait_kernel cgw $P4 "$b4" 10
bv_wait_kernel cgw $P6 "$b6" 10
bv_json "show ip bgp $P4 json" | "$IL_PYTHON" -c '
import json, sys
ps = json.load(sys.stdin)["routes"][sys.argv[1]]
assert len(ps) == 2 and not any(p["multipath"] for p in ps), ps' $P4 ||
	il_fail "maximum-paths 1: paths still marked multipath"
il_say "maximum-paths 1: one nexthop ($b4, $b6)"
vtysh_cgw "address-family ipv4 unicast" "maximum-paths 4"
vtysh_cgw "address-family ipv6 unicast" "maximum-paths 4"
bv_wait_kernel cgw $P4 "$both4" 10
bv_wait_kernel cgw $P6 "$both6" 10
il_say "maximum-paths 4: two nexthops again"

# --- r2's bgpd dies -------------------------------------------------------------------------
start=$(date +%s%N)
il_kill bgpd-r2
for _ in $(seq 100); do
	[[ $(bv_kernel_gws cgw $P4) == 192.0.2.2 ]] && break
	sleep 0.01
done
ms=$((($(date +%s%N) - start) / 1000000))
bv_wait_kernel cgw $P4 192.0.2.2 10
bv_wait_kernel cgw $P6 2001:db8::2 10
il_say "FRR's bgpd killed: one nexthop (BIRD's), kernel changed $ms ms after SIGKILL"
[[ $(bv_state 192.0.2.3) != Established ]] || il_fail "192.0.2.3 still Established"
echo "PASS: bgp-ecmp ($((SECONDS - t0)) s)"
