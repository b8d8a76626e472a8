#!/usr/bin/env bash
# vtid and "old" BGP speakers without 4-octet AS numbers (RFC 6793).
#
# 1. BIRD with "enable as4 off" (2-octet session) and FRR in a 4-octet AS,
#    vtid in AS 65001 between them.  BIRD announces a path that contains a
#    4-octet ASN, which reaches vtid only through AS4_PATH: vtid and FRR
#    must see the whole path.  FRR's route, from AS 4200000003, goes to BIRD
#    as AS_TRANS in AS_PATH with the real path in AS4_PATH: BIRD must see
#    "65001 4200000003".
# 2. vtid in AS 4200000001 against a 2-octet speaker.  BIRD cannot be one:
#    it reads the 4-octet AS capability even with "enable as4 off" (and
#    FRR does too), so bgp_bad_peer.py --as2 plays it: vtid's OPEN must say
#    AS 23456 (AS_TRANS) and its UPDATEs AS_PATH "23456" with AS4_PATH
#    "4200000001"; the old speaker's routes reach vtid's kernel.
#
#   cgw  vtid   192.0.2.1  AS 65001, then 4200000001: 10.1.0.0/24
#   r2   BIRD   192.0.2.2  AS 65002 (as4 off): 10.20.0.0/24,
#                          10.30.0.0/24 with path 65002 4200000099
#   frr  FRR    192.0.2.3  AS 4200000003: 10.40.0.0/24
#   old  bgp_bad_peer.py --as2  192.0.2.6  AS 65006: 10.60.0.0/24
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp-as2 vtid
bl_need bird frr

bl_hub
bl_ns r2 192.0.2.2/24
bl_ns frr 192.0.2.3/24
bl_ns old 192.0.2.6/24

bl_bird r2 65002 192.0.2.2 <<'EOF'
protocol static {
	ipv4;
	route 10.20.0.0/24 unreachable;
	route 10.30.0.0/24 unreachable { bgp_path.prepend(4200000099); };
}
protocol bgp vtid4 {
	local as 65002;
	neighbor 192.0.2.1 as 65001;
	enable as4 off;
	ipv4 { import all; export all; };
	hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 2;
}
EOF
BL_FRR_ZEBRA=0 bl_frr frr 4200000003 192.0.2.3 <<'EOF'
 neighbor 192.0.2.1 remote-as 65001
 neighbor 192.0.2.1 timers 1 3
 neighbor 192.0.2.1 timers connect 1
 address-family ipv4 unicast
  network 10.40.0.0/24
  neighbor 192.0.2.1 activate
 exit-address-family
EOF

bv_start <<'EOF'
dataplane user
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65002
 neighbor 192.0.2.2 timers 1 3
 neighbor 192.0.2.3 remote-as 4200000003
 neighbor 192.0.2.3 timers 1 3
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
EOF

# --- 1. BIRD without AS4, FRR with a 4-octet AS ---------------------------------

bv_wait_state 192.0.2.2 Established 20
bv_wait_state 192.0.2.3 Established 20
bl_wait_established bird r2 192.0.2.1 10
bl_wait_established frr frr 192.0.2.1 10
nbr_as4() { bv_get "show ip bgp neighbors $1 json" neighbors 0 as4; }
[[ $(nbr_as4 192.0.2.2) == false ]] || il_fail "vtid's session to BIRD (as4 off) is a 4-octet one"
[[ $(nbr_as4 192.0.2.3) == true ]] || il_fail "vtid's session to FRR is not a 4-octet one"
il_say "sessions up: BIRD 2-octet, FRR 4-octet"

aspath() { bv_eval "show ip bgp $1 json" "j['routes']['$1'][0]['as-path']"; }
bv_wait_kernel cgw 10.20.0.0/24 192.0.2.2 10
bv_wait_kernel cgw 10.30.0.0/24 192.0.2.2 10
bv_wait_kernel cgw 10.40.0.0/24 192.0.2.3 10
[[ $(aspath 10.20.0.0/24) == 65002 ]] || il_fail "10.20.0.0/24: as-path '$(aspath 10.20.0.0/24)'"
# BIRD sent AS_PATH "65002 23456" and AS4_PATH "65002 4200000099"
[[ $(aspath 10.30.0.0/24) == "65002 4200000099" ]] ||
	il_fail "10.30.0.0/24: vtid's as-path '$(aspath 10.30.0.0/24)', want '65002 4200000099'"
[[ $(aspath 10.40.0.0/24) == 4200000003 ]] || il_fail "10.40.0.0/24: as-path '$(aspath 10.40.0.0/24)'"
il_say "vtid merged BIRD's AS4_PATH: 10.30.0.0/24 has path 65002 4200000099"

frr_path() {
	bl_frr_cmd frr "show bgp ipv4 unicast $1 json" | "$IL_PYTHON" -c '
import json, sys
print(" ".join(p["aspath"]["string"] for p in json.load(sys.stdin).get("paths", [])))'
}
bv_want 10 "FRR's path to 10.30.0.0/24" "65001 65002 4200000099" frr_path 10.30.0.0/24
bv_want 5 "FRR's path to 10.1.0.0/24" "65001" frr_path 10.1.0.0/24

bird_path() { # prefix: BGP.as_path of BIRD's route, "-" if it has none
	bl_bird_cmd r2 show route "$1" all | awk '
		$1 == "BGP.as_path:" { $1 = ""; sub(/^ /, ""); print; found = 1 }
		END { if (!found) print "-" }'
}
bv_want 10 "BIRD's path to 10.1.0.0/24" "65001" bird_path 10.1.0.0/24
# AS_PATH "65001 23456" on the 2-octet session; only AS4_PATH has the rest
bv_want 10 "BIRD's path to 10.40.0.0/24" "65001 4200000003" bird_path 10.40.0.0/24
il_say "FRR sees 65001 65002 4200000099; BIRD sees 65001 4200000003 (from AS4_PATH)"

# --- 2. vtid in a 4-octet AS against an old speaker ------------------------------

il_vtid_stop cgw
bv_wait_no_kernel cgw 10.20.0.0/24 5
bv_start <<'EOF'
dataplane user
router bgp 4200000001
 bgp router-id 192.0.2.1
 neighbor 192.0.2.6 remote-as 65006
 neighbor 192.0.2.6 passive
 neighbor 192.0.2.6 timers 3 9
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
EOF
bv_bad_peer old 192.0.2.6 65006 --as2
bv_wait_state 192.0.2.6 Established 10
grep -q '^bad_peer: open peer-as 23456 hold 9 as4 4200000001$' "$BV_BAD_LOG" ||
	il_fail "vtid's OPEN to the old speaker: $(grep open "$BV_BAD_LOG")"
[[ $(nbr_as4 192.0.2.6) == false ]] || il_fail "vtid's session to the old speaker is a 4-octet one"
bv_bad_wait '^bad_peer: update nlri 10\.1\.0\.0/24 ' 10
grep -q '^bad_peer: update nlri 10\.1\.0\.0/24 withdrawn - as-path 23456 as4-path 4200000001$' \
	"$BV_BAD_LOG" || il_fail "vtid's UPDATE to the old speaker: $(grep 10.1.0.0 "$BV_BAD_LOG")"
bv_bad_cmd "send valid 10.60.0.0/24"
bv_wait_kernel cgw 10.60.0.0/24 192.0.2.6 10
[[ $(aspath 10.60.0.0/24) == 65006 ]] || il_fail "10.60.0.0/24: as-path '$(aspath 10.60.0.0/24)'"
il_say "AS 4200000001 to an old speaker: OPEN AS 23456, AS_PATH 23456 + AS4_PATH 4200000001"
echo "PASS: bgp-as2"
