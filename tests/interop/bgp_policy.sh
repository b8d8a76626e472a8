#!/usr/bin/env bash
# vtid's per-neighbor policy against BIRD 2: prefix lists in and out (and a
# change of one applied by `reload`), AS path prepending, maximum-prefix
# (Cease / Maximum Number of Prefixes Reached, or only a warning) and
# maximum-prefix-out (at most N announced, the rest held back; still N
# after the neighbor asks for everything again with a ROUTE-REFRESH).
#
#   cgw  vtid  192.0.2.1 AS 65001: 10.1.0.0/24 .. 10.1.149.0/24, 10.9.0.0/24
#   r1   BIRD  192.0.2.2 AS 65002: 10.20.1.0/24 10.20.2.0/24 10.20.3.128/25
#              10.99.0.0/24; vtid: prefix-list IN in, OUT out, prepend 2
#   r3   BIRD  192.0.2.3 AS 65003: 20 prefixes 10.30.x.0/24; maximum-prefix 10
#   r4   BIRD  192.0.2.4 AS 65004: 20 prefixes 10.40.x.0/24; maximum-prefix 10
#              warning-only, maximum-prefix-out 100 (vtid has 150 to send)
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp-policy vtid
bl_need bird

bl_hub
bl_ns r1 192.0.2.2/24
bl_ns r3 192.0.2.3/24
bl_ns r4 192.0.2.4/24

bird_peer() { # static routes...: BIRD's config body
	local r
	printf 'protocol static { ipv4;'
	for r in "$@"; do printf ' route %s unreachable;' "$r"; done
	cat <<EOF
 }
protocol bgp vtid4 from bl4 {
	neighbor 192.0.2.1 as 65001;
	hold time 3; keepalive time 1; connect retry time 1; error wait time 1, 2;
}
EOF
}
bird_peer 10.20.1.0/24 10.20.2.0/24 10.20.3.128/25 10.99.0.0/24 |
	bl_bird r1 65002 192.0.2.2
# shellcheck disable=SC2046 # one word per prefix
bird_peer $(printf '10.30.%d.0/24 ' $(seq 0 19)) | bl_bird r3 65003 192.0.2.3
# shellcheck disable=SC2046
bird_peer $(printf '10.40.%d.0/24 ' $(seq 0 19)) | bl_bird r4 65004 192.0.2.4

# vtid.conf; $1: more entries of prefix list OUT
vtid_conf() {
	cat <<EOF
log level info
dataplane user
ip prefix-list IN seq 10 permit 10.20.0.0/16 le 24
ip prefix-list OUT seq 10 permit 10.1.0.0/24
ip prefix-list OUT seq 20 permit 10.1.1.0/24
${1:-}
ip prefix-list NETS seq 10 permit 10.1.0.0/16 le 24
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65002
 neighbor 192.0.2.2 timers 1 3
 neighbor 192.0.2.3 remote-as 65003
 neighbor 192.0.2.3 timers 1 3
 neighbor 192.0.2.4 remote-as 65004
 neighbor 192.0.2.4 timers 1 3
 address-family ipv4 unicast
EOF
	printf '  network 10.1.%d.0/24\n' $(seq 0 149)
	cat <<EOF
  network 10.9.0.0/24
  neighbor 192.0.2.2 prefix-list IN in
  neighbor 192.0.2.2 prefix-list OUT out
  neighbor 192.0.2.2 as-path-prepend 2
  neighbor 192.0.2.3 maximum-prefix 10
  neighbor 192.0.2.4 maximum-prefix 10 warning-only
  neighbor 192.0.2.4 prefix-list NETS out
  neighbor 192.0.2.4 maximum-prefix-out 100
 exit-address-family
exit
EOF
}
vtid_conf | bv_start

bv_wait_state 192.0.2.2 Established 20
bv_wait_state 192.0.2.4 Established 20

# --- prefix-list in ------------------------------------------------------------
bv_wait_kernel cgw 10.20.1.0/24 192.0.2.2 10
bv_wait_kernel cgw 10.20.2.0/24 192.0.2.2 10
bv_want 10 "vtid's prefixes from r1 (received accepted)" "4 2" bv_eval \
	"show ip bgp summary json" \
	"'%d %d' % (j['peers']['192.0.2.2']['prefixes-received'], j['peers']['192.0.2.2']['prefixes-accepted'])"
for p in 10.20.3.128/25 10.99.0.0/24; do
	[[ -z $(bv_kernel_gws cgw $p) ]] || il_fail "$p, denied by prefix-list IN, is in the kernel"
done
rr="show ip bgp neighbors 192.0.2.2 received-routes json"
want=$'10.20.1.0/24 False True\n10.20.2.0/24 False True\n10.20.3.128/25 True False\n10.99.0.0/24 True False'
got=$(bv_eval "$rr" "'\\n'.join('%s %s %s' % (k, v[0]['filtered'], v[0]['valid']) for k, v in sorted(j['routes'].items()))")
[[ $got == "$want" ]] || il_fail "received-routes (prefix filtered valid): '$got', want '$want'"
il_say "prefix-list IN: 2 of 4 installed, the denied ones shown as filtered"

# --- prefix-list out, as-path-prepend ------------------------------------------
bird_routes() { # name: BIRD's BGP routes from vtid, "prefix path" a line
	bl_bird_cmd "$1" show route protocol vtid4 all | awk '
		/^[0-9]/ { p = $1 }
		$1 == "BGP.as_path:" { $1 = ""; sub(/^ /, ""); print p, $0 }' | sort
}
bv_want 10 "r1's routes from vtid" $'10.1.0.0/24 65001 65001 65001\n10.1.1.0/24 65001 65001 65001' \
	bird_routes r1
il_say "prefix-list OUT: r1 has only 10.1.0.0/24 and 10.1.1.0/24, path 65001 65001 65001"

# a new entry in OUT, applied by reload, announces 10.9.0.0/24 without a reset
est=$(bv_get "show ip bgp neighbors 192.0.2.2 json" neighbors 0 established-count)
vtid_conf "ip prefix-list OUT seq 30 permit 10.9.0.0/24" >"$IL_DIR/cgw/vtid.conf"
il_vtictl cgw reload >/dev/null
bv_want 10 "r1's routes from vtid after the reload" \
	$'10.1.0.0/24 65001 65001 65001\n10.1.1.0/24 65001 65001 65001\n10.9.0.0/24 65001 65001 65001' \
	bird_routes r1
[[ $(bv_get "show ip bgp neighbors 192.0.2.2 json" neighbors 0 established-count) == "$est" ]] ||
	il_fail "the prefix-list change reset the session to r1"
# a soft clear out applies the (unchanged) policy again: same routes, no
# reset.  (vtid sends only differences; FRR would send all three again.)
il_vtictl cgw "clear ip bgp * soft out" >/dev/null
[[ $(bv_get "show ip bgp neighbors 192.0.2.2 json" neighbors 0 established-count) == "$est" ]] ||
	il_fail "clear ip bgp * soft out reset the session to r1"
bv_want 5 "r1's routes after the soft clear" \
	$'10.1.0.0/24 65001 65001 65001\n10.1.1.0/24 65001 65001 65001\n10.9.0.0/24 65001 65001 65001' \
	bird_routes r1
il_say "prefix-list OUT changed by reload: r1 got 10.9.0.0/24; no session reset"

# --- maximum-prefix 10, r3 sends 20: Cease / Maximum Number of Prefixes Reached ----
# BIRD logs the NOTIFICATION it got; its "Last error" moves on to
# "Connection rejected" as soon as it retries while vtid holds r3 down
bird_got_maxpfx() {
	grep -c "Received: Maximum number of prefixes reached" "$IL_DIR/$1/bird.log" || true
}
bv_want 15 "r3's NOTIFICATIONs received for maximum-prefix" 1 bird_got_maxpfx r3
r3_error="Received: Maximum number of prefixes reached"
grep -q "neighbor 192.0.2.3: 20 IPv4 unicast prefixes, over maximum-prefix 10: closing the session" \
	"$IL_DIR/cgw/vtid.log" || il_fail "vtid logged no maximum-prefix close for r3"
[[ $(bv_get "show ip bgp neighbors 192.0.2.3 json" neighbors 0 notifications-sent) -ge 1 ]] ||
	il_fail "vtid counts no NOTIFICATION sent to r3"
# vtid holds r3 down (no flapping, no full table again and again) until
# cleared: the session stays Idle though BIRD keeps trying to connect
bv_wait_state 192.0.2.3 "Idle (PfxCt)" 10
grep -q "neighbor 192.0.2.3 held down after maximum-prefix" "$IL_DIR/cgw/vtid.log" ||
	il_fail "vtid did not say it holds r3 down"
bv_want 5 "r3's prefixes in vtid's RIB" 0 bv_eval "show ip bgp json" \
	"len([k for k in j['routes'] if k.startswith('10.30.')])"
for x in 0 19; do
	[[ -z $(bv_kernel_gws cgw 10.30.$x.0/24) ]] || il_fail "10.30.$x.0/24 of r3 is in the kernel"
done
est=$(bv_get "show ip bgp neighbors 192.0.2.3 json" neighbors 0 established-count)
sleep 3 # BIRD's connect retry and error wait are shorter than this
[[ $(bv_state 192.0.2.3) == "Idle (PfxCt)" ]] || il_fail "r3 is not held down any more"
[[ $(bv_get "show ip bgp neighbors 192.0.2.3 json" neighbors 0 established-count) == "$est" ]] ||
	il_fail "the session to r3 came up again while held down"
# clear brings it back; it closes again at once (r3 still sends 20)
il_vtictl cgw "clear ip bgp 192.0.2.3" >/dev/null
bv_want 15 "sessions to r3 after clear" $((est + 1)) bv_get "show ip bgp neighbors 192.0.2.3 json" \
	neighbors 0 established-count
bv_wait_state 192.0.2.3 "Idle (PfxCt)" 10
il_say "maximum-prefix 10: r3's 20 prefixes closed the session and hold it down (BIRD: $r3_error)"

# --- maximum-prefix 10 warning-only: r4's 20 stay -------------------------------------
bv_wait_kernel cgw 10.40.19.0/24 192.0.2.4 10
bv_want 10 "vtid's accepted prefixes from r4" 20 bv_peer 192.0.2.4 prefixes-accepted
[[ $(bv_state 192.0.2.4) == Established ]] || il_fail "warning-only closed the session to r4"
n=$(grep -c "neighbor 192.0.2.4: [0-9]* IPv4 unicast prefixes, over maximum-prefix 10 (warning only)" \
	"$IL_DIR/cgw/vtid.log" || true)
[[ $n == 1 ]] || il_fail "vtid logged the maximum-prefix warning for r4 $n times, want once"
il_say "maximum-prefix 10 warning-only: r4's 20 prefixes installed, a warning logged"

# --- maximum-prefix-out 100: r4 gets 100 of vtid's 150 networks -------------------
bird_updates() { # name: import updates BIRD received on vtid4
	bl_bird_cmd "$1" show protocols all vtid4 | awk '$1 == "Import" && $2 == "updates:" { print $3 }'
}
bird_imported() {
	bl_bird_cmd "$1" show protocols all vtid4 | sed -n 's/^ *Routes: *\([0-9]*\) imported.*/\1/p'
}
bv_want 10 "routes r4 imported from vtid" 100 bird_imported r4
bv_want 5 "vtid's prefixes sent/held back to r4" "100 50" bv_eval "show ip bgp summary json" \
	"'%d %d' % (j['peers']['192.0.2.4']['prefixes-sent'], j['peers']['192.0.2.4']['prefixes-held-back'])"
n=$(grep -c "neighbor 192.0.2.4: not announcing more than 100 IPv4 unicast prefixes" "$IL_DIR/cgw/vtid.log" || true)
[[ $n == 1 ]] || il_fail "vtid logged the send limit for r4 $n times, want once"
il_say "maximum-prefix-out 100: r4 imported exactly 100, vtid holds back 50 and said so once"

# the announced set changes under the limit: 10.1.5.0/24 goes (a held one
# takes its place) and comes back (held, the limit is full).  Then r4 asks
# for everything again (ROUTE-REFRESH): it must still end with exactly 100,
# the 100 it had, not the first 100 in prefix order on top of them.
held() { bv_peer 192.0.2.4 prefixes-held-back; }
vtid_conf | sed '/network 10\.1\.5\.0\/24/d' >"$IL_DIR/cgw/vtid.conf"
il_vtictl cgw reload >/dev/null
bv_want 10 "vtid's prefixes held back from r4 without 10.1.5.0/24" 49 held
r4_has() { bird_routes r4 | grep -c "^$1 " || true; }
bv_want 10 "r4's routes to 10.1.5.0/24 after vtid withdrew it" 0 r4_has 10.1.5.0/24
vtid_conf >"$IL_DIR/cgw/vtid.conf"
il_vtictl cgw reload >/dev/null
bv_want 10 "vtid's prefixes held back from r4 with 10.1.5.0/24 again" 50 held
bv_want 5 "routes r4 imported from vtid" 100 bird_imported r4
n0=$(bird_updates r4)
bl_bird_cmd r4 reload in vtid4 >/dev/null
bv_want 10 "route refreshes vtid got from r4" 1 \
	bv_get "show ip bgp neighbors 192.0.2.4 json" neighbors 0 route-refresh-received
# every route r4 has from vtid comes again; once they are in, count
refreshed() { local d=$(($(bird_updates r4) - n0)); echo $((d >= 100 ? 100 : d)); }
bv_want 10 "updates r4 got after its ROUTE-REFRESH" 100 refreshed
[[ $(bird_imported r4) == 100 ]] ||
	il_fail "after a ROUTE-REFRESH r4 has $(bird_imported r4) routes from vtid, want 100"
il_say "a ROUTE-REFRESH under the send limit: r4 still has exactly 100"
echo "PASS: bgp-policy"
