#!/usr/bin/env bash
# The BGP lab without vtid: BIRD 2, FRR bgpd and GoBGP in a full mesh of
# eBGP sessions, one over IPv4 and one over IPv6 for each pair.  Each
# announces an IPv4 and an IPv6 prefix of its own, which both others must
# learn; FRR and GoBGP both announce one more pair of prefixes, which BIRD
# must install in its namespace's kernel as ECMP routes over both.
#
#   hub (br0)   bird 192.0.2.2 2001:db8::2 AS 65002: 10.2.0.0/16 2001:db8:2::/48
#               frr  192.0.2.3 2001:db8::3 AS 65003: 10.3.0.0/16 2001:db8:3::/48
#               gobgp 192.0.2.4 2001:db8::4 AS 65004: 10.4.0.0/16 2001:db8:4::/48
#               frr + gobgp: 10.9.0.0/24 2001:db8:9::/48
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
bl_init bgp-smoke
bl_need bird frr gobgp

bl_hub
bl_ns bird 192.0.2.2/24 2001:db8::2/64
bl_ns frr 192.0.2.3/24 2001:db8::3/64
bl_ns gobgp 192.0.2.4/24 2001:db8::4/64

BL_BIRD_KERNEL=1 bl_bird bird 65002 192.0.2.2 <<'EOF'
protocol static { ipv4; route 10.2.0.0/16 unreachable; }
protocol static { ipv6; route 2001:db8:2::/48 unreachable; }
protocol bgp frr4 from bl4 { neighbor 192.0.2.3 as 65003; connect retry time 2; }
protocol bgp frr6 from bl6 { neighbor 2001:db8::3 as 65003; connect retry time 2; }
protocol bgp gobgp4 from bl4 { neighbor 192.0.2.4 as 65004; connect retry time 2; }
protocol bgp gobgp6 from bl6 { neighbor 2001:db8::4 as 65004; connect retry time 2; }
EOF

bl_frr frr 65003 192.0.2.3 <<'EOF'
 neighbor 192.0.2.2 remote-as 65002
 neighbor 192.0.2.4 remote-as 65004
 neighbor 2001:db8::2 remote-as 65002
 neighbor 2001:db8::4 remote-as 65004
 neighbor 192.0.2.2 timers connect 2
 neighbor 192.0.2.4 timers connect 2
 neighbor 2001:db8::2 timers connect 2
 neighbor 2001:db8::4 timers connect 2
 address-family ipv4 unicast
  network 10.3.0.0/16
  network 10.9.0.0/24
  neighbor 192.0.2.2 activate
  neighbor 192.0.2.4 activate
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:3::/48
  network 2001:db8:9::/48
  neighbor 2001:db8::2 activate
  neighbor 2001:db8::4 activate
 exit-address-family
EOF

gobgp_neighbor() { # address as afi-safi
	cat <<EOF
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$1"
    peer-as = $2
  [neighbors.timers.config]
    connect-retry = 2
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "$3"
EOF
}
{
	gobgp_neighbor 192.0.2.2 65002 ipv4-unicast
	gobgp_neighbor 192.0.2.3 65003 ipv4-unicast
	gobgp_neighbor 2001:db8::2 65002 ipv6-unicast
	gobgp_neighbor 2001:db8::3 65003 ipv6-unicast
} | bl_gobgp gobgp 65004 192.0.2.4
bl_gobgp_cmd gobgp global rib -a ipv4 add 10.4.0.0/16 origin igp >/dev/null
bl_gobgp_cmd gobgp global rib -a ipv4 add 10.9.0.0/24 origin igp >/dev/null
bl_gobgp_cmd gobgp global rib -a ipv6 add 2001:db8:4::/48 origin igp >/dev/null
bl_gobgp_cmd gobgp global rib -a ipv6 add 2001:db8:9::/48 origin igp >/dev/null

# every session, from both ends' own views
for a in 192.0.2.3 2001:db8::3 192.0.2.4 2001:db8::4; do bl_wait_established bird bird "$a" 20; done
for a in 192.0.2.2 2001:db8::2 192.0.2.4 2001:db8::4; do bl_wait_established frr frr "$a" 20; done
for a in 192.0.2.2 2001:db8::2 192.0.2.3 2001:db8::3; do bl_wait_established gobgp gobgp "$a" 20; done
il_say "6 sessions established (BIRD, FRR, GoBGP; IPv4 and IPv6)"

for p in 10.3.0.0/16 2001:db8:3::/48 10.4.0.0/16 2001:db8:4::/48; do bl_wait_route bird bird "$p" 15; done
for p in 10.2.0.0/16 2001:db8:2::/48 10.4.0.0/16 2001:db8:4::/48; do bl_wait_route frr frr "$p" 15; done
for p in 10.2.0.0/16 2001:db8:2::/48 10.3.0.0/16 2001:db8:3::/48; do bl_wait_route gobgp gobgp "$p" 15; done
# and nobody has a route that was never announced
for k in bird frr gobgp; do
	! bl_has_route "$k" "$k" 10.7.0.0/16 || il_fail "$k has 10.7.0.0/16, which nobody announced"
done
il_say "each daemon learned the others' IPv4 and IPv6 prefixes"

# BIRD's kernel routes: ECMP over FRR and GoBGP for the shared prefixes, one
# nexthop for the others
want_ecmp() { # prefix want
	local got i
	for i in $(seq 50); do
		got=$(bl_kernel_routes bird "$1")
		[[ $got == "$2" ]] && return 0
		sleep 0.1
	done
	il_fail "kernel route $1 in bird: got '${got//$'\n'/; }', want '${2//$'\n'/; }'"
}
want_ecmp 10.9.0.0/24 $'via 192.0.2.3 dev eth0\nvia 192.0.2.4 dev eth0'
want_ecmp 2001:db8:9::/48 $'via 2001:db8::3 dev eth0\nvia 2001:db8::4 dev eth0'
want_ecmp 10.3.0.0/16 'via 192.0.2.3 dev eth0'
want_ecmp 2001:db8:4::/48 'via 2001:db8::4 dev eth0'
il_say "BIRD installed ECMP routes over FRR and GoBGP"

# a withdrawal reaches the others and shrinks the ECMP set
bl_gobgp_cmd gobgp global rib -a ipv4 del 10.9.0.0/24 >/dev/null
want_ecmp 10.9.0.0/24 'via 192.0.2.3 dev eth0'
il_say "GoBGP's withdrawal left one nexthop"
echo "PASS: bgp-smoke"
