#!/usr/bin/env bash
# vtid against GoBGP, over IPv4 and IPv6: both sessions come up; GoBGP's
# routes (with MED and communities) reach vtid's RIB and its kernel, vtid's
# networks reach GoBGP's RIB with vtid's AS path and next hops; a withdrawal
# takes the kernel route away; a Cease from GoBGP drops the session and its
# routes, which come back when GoBGP enables the neighbor again.
#
#   cgw (br0)  vtid   192.0.2.1 2001:db8::1 AS 65001: 10.1.0.0/24 2001:db8:100::/48
#   gobgp      gobgpd 192.0.2.4 2001:db8::4 AS 65004: 10.4.0.0/16 10.5.0.0/24
#                                                     2001:db8:4::/48
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp-gobgp vtid
bl_need gobgp

bl_hub
bl_ns gobgp 192.0.2.4/24 2001:db8::4/64

gobgp_neighbor() { # address afi-safi
	cat <<EOF
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$1"
    peer-as = 65001
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 3
    keepalive-interval = 1
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "$2"
EOF
}
{
	gobgp_neighbor 192.0.2.1 ipv4-unicast
	gobgp_neighbor 2001:db8::1 ipv6-unicast
} | bl_gobgp gobgp 65004 192.0.2.4
bl_gobgp_cmd gobgp global rib -a ipv4 add 10.4.0.0/16 origin igp >/dev/null
bl_gobgp_cmd gobgp global rib -a ipv4 add 10.5.0.0/24 origin egp med 50 \
	community 65004:7 >/dev/null
bl_gobgp_cmd gobgp global rib -a ipv6 add 2001:db8:4::/48 origin igp >/dev/null

{ echo "dataplane user"; bv_dual_conf 192.0.2.4 2001:db8::4 65004; } | bv_start

bv_dual_up gobgp gobgp 192.0.2.4 2001:db8::4
il_say "IPv4 and IPv6 sessions established (vtid's and GoBGP's views)"

# GoBGP -> vtid: the RIB, then the kernel of vtid's namespace
bv_want 10 "vtid's path to 10.4.0.0/16" "192.0.2.4 192.0.2.4 65004 IGP True" \
	bv_eval "show ip bgp 10.4.0.0/16 json" \
	"' '.join(str(p[k]) for p in j['routes']['10.4.0.0/16'] for k in ('peer', 'next-hop', 'as-path', 'origin', 'best'))"
bv_want 10 "vtid's path to 10.5.0.0/24" "65004 EGP 50 65004:7" \
	bv_eval "show ip bgp 10.5.0.0/24 json" \
	"' '.join(str(p.get(k)) for p in j['routes']['10.5.0.0/24'] for k in ('as-path', 'origin', 'med', 'communities'))"
bv_want 10 "vtid's path to 2001:db8:4::/48" "2001:db8::4 2001:db8::4 65004" \
	bv_eval "show bgp ipv6 unicast 2001:db8:4::/48 json" \
	"' '.join(str(p[k]) for p in j['routes']['2001:db8:4::/48'] for k in ('peer', 'next-hop', 'as-path'))"
bv_wait_kernel cgw 10.4.0.0/16 192.0.2.4 10
bv_wait_kernel cgw 10.5.0.0/24 192.0.2.4 10
bv_wait_kernel cgw 2001:db8:4::/48 2001:db8::4 10
[[ $(bv_peer 192.0.2.4 prefixes-accepted) == 2 ]] ||
	il_fail "vtid accepted $(bv_peer 192.0.2.4 prefixes-accepted) IPv4 prefixes from GoBGP, want 2"
[[ $(bv_peer 2001:db8::4 prefixes-accepted ipv6) == 1 ]] ||
	il_fail "vtid accepted $(bv_peer 2001:db8::4 prefixes-accepted ipv6) IPv6 prefixes from GoBGP, want 1"
il_say "GoBGP's routes are in vtid's RIB (MED, communities, origin) and kernel"

# vtid -> GoBGP: "prefix next-hop as-path" per route GoBGP learned from vtid
gobgp_learned() { # afi: GoBGP's RIB, the paths whose neighbor is vtid
	bl_gobgp_cmd gobgp global rib -a "$1" -j | "$IL_PYTHON" -c '
import json, sys
out = []
for pfx, paths in json.load(sys.stdin).items():
    for p in paths:
        if p.get("neighbor-ip") not in ("192.0.2.1", "2001:db8::1"):
            continue
        nh, asns = "?", []
        for a in p["attrs"]:
            if a["type"] == 2:
                for s in a.get("as_paths", []):
                    asns += s["asns"]
            elif a["type"] in (3, 14):
                nh = a.get("nexthop", nh)
        out.append("%s %s %s" % (pfx, nh, " ".join(map(str, asns))))
print("\n".join(sorted(out)))'
}
bv_want 10 "GoBGP's IPv4 routes from vtid" "10.1.0.0/24 192.0.2.1 65001" gobgp_learned ipv4
bv_want 10 "GoBGP's IPv6 routes from vtid" "2001:db8:100::/48 2001:db8::1 65001" \
	gobgp_learned ipv6
# and what arrived on the session itself: vtid's network, never GoBGP's own
# routes sent back (the sessions' Adj-RIB-In in GoBGP)
adj_in=$(bl_gobgp_cmd gobgp neighbor 192.0.2.1 adj-in -a ipv4 -j |
	"$IL_PYTHON" -c 'import json, sys; print(" ".join(sorted(json.load(sys.stdin))))')
[[ $adj_in == 10.1.0.0/24 ]] || il_fail "GoBGP's adj-in from vtid: '$adj_in', want 10.1.0.0/24"
[[ $(bv_peer 192.0.2.4 prefixes-sent) == 1 ]] ||
	il_fail "vtid says it sent $(bv_peer 192.0.2.4 prefixes-sent) IPv4 prefixes, want 1"
il_say "vtid's networks are in GoBGP's RIB with AS path 65001 and vtid's next hops"

# a withdrawal from GoBGP takes the kernel route away, the others stay
bl_gobgp_cmd gobgp global rib -a ipv4 del 10.4.0.0/16 >/dev/null
bv_wait_no_kernel cgw 10.4.0.0/16 10
bv_want 5 "vtid's RIB after the withdrawal" "False" \
	bv_eval "show ip bgp json" "'10.4.0.0/16' in j['routes']"
[[ $(bv_kernel_gws cgw 10.5.0.0/24) == 192.0.2.4 ]] ||
	il_fail "10.5.0.0/24 left the kernel with 10.4.0.0/16"
il_say "GoBGP's withdrawal removed 10.4.0.0/16 from vtid's RIB and kernel"

# GoBGP shuts the IPv4 neighbor down (Cease): vtid sees the NOTIFICATION
# and takes the routes out; enabling it brings them back
bl_gobgp_cmd gobgp neighbor 192.0.2.1 disable >/dev/null
bv_wait_no_kernel cgw 10.5.0.0/24 10
[[ $(bv_peer 192.0.2.4 state) != Established ]] ||
	il_fail "vtid's session to GoBGP is still Established after GoBGP's Cease"
bv_want 5 "vtid's count of NOTIFICATIONs from GoBGP" 1 bv_eval \
	"show ip bgp neighbors 192.0.2.4 json" "j['neighbors'][0]['notifications-received']"
[[ $(bv_kernel_gws cgw 2001:db8:4::/48) == 2001:db8::4 ]] ||
	il_fail "the IPv6 session's route left with the IPv4 session"
bl_gobgp_cmd gobgp neighbor 192.0.2.1 enable >/dev/null
bv_wait_state 192.0.2.4 Established 20
bv_wait_kernel cgw 10.5.0.0/24 192.0.2.4 10
bv_want 10 "GoBGP's IPv4 routes from vtid after the reset" "10.1.0.0/24 192.0.2.1 65001" \
	gobgp_learned ipv4
il_say "a Cease from GoBGP took its routes out; the new session brought them back"
echo "PASS: bgp-gobgp"
