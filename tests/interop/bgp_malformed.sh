#!/usr/bin/env bash
# vtid against malformed UPDATEs (RFC 7606), sent by bgp_bad_peer.py: each
# UPDATE with a malformed ORIGIN, MED, AS_PATH, NEXT_HOP or an attribute
# running past the attribute list costs only its own prefix (treat-as-
# withdraw, logged with the attribute named) and never the session or the
# routes learned before; an UPDATE whose attribute list runs past the
# message resets the session with NOTIFICATION 3/1 (Malformed Attribute
# List), and the peer's routes leave the kernel.
#
#   cgw  vtid               192.0.2.1 AS 65001
#   inj  bgp_bad_peer.py    192.0.2.5 AS 65005: 10.50.x.0/24, x = the case
: "${srcdir:=.}"
. "$srcdir/tests/interop/lib.sh"
. "$srcdir/tests/interop/bgp_lib.sh"
. "$srcdir/tests/interop/bgp_vtid.sh"
bl_init bgp-malformed vtid

bl_hub
bl_ns inj 192.0.2.5/24

bv_start <<'EOF'
dataplane user
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor 192.0.2.5 remote-as 65005
 neighbor 192.0.2.5 passive
 neighbor 192.0.2.5 timers 3 9
EOF
bv_bad_peer inj 192.0.2.5 65005
bv_wait_state 192.0.2.5 Established 10

# a valid route first: it must survive everything but the session reset
bv_bad_cmd "send valid 10.50.1.0/24"
bv_wait_kernel cgw 10.50.1.0/24 192.0.2.5 10
il_say "the valid route 10.50.1.0/24 is in vtid's kernel"

mark=$(il_log_mark "$IL_DIR/cgw/vtid.log")
cases="origin7:2:ORIGIN med3:3:MULTI_EXIT_DISC aspath-type:4:AS_PATH nexthop5:5:NEXT_HOP"
cases+=" attr-overrun:6:overrun"
for c in $cases; do
	IFS=: read -r kind x _ <<<"$c"
	bv_bad_cmd "send $kind 10.50.$x.0/24"
done
# a valid UPDATE behind them: once it is in, vtid has read all of them
bv_bad_cmd "send valid 10.50.9.0/24"
bv_wait_kernel cgw 10.50.9.0/24 192.0.2.5 10
log=$(il_log_since "$IL_DIR/cgw/vtid.log" "$mark")
for c in $cases; do
	IFS=: read -r kind x what <<<"$c"
	p=10.50.$x.0/24
	[[ -z $(bv_kernel_gws cgw "$p") ]] || il_fail "$kind: $p is in the kernel"
	[[ $(bv_eval "show ip bgp json" "'$p' in j['routes']") == False ]] ||
		il_fail "$kind: $p is in vtid's RIB"
	grep -q "192.0.2.5: malformed UPDATE (.*$what.*): its routes are treated as withdrawn" \
		<<<"$log" || il_fail "$kind: vtid logged no treat-as-withdraw naming $what"
done
[[ $(bv_kernel_gws cgw 10.50.1.0/24) == 192.0.2.5 ]] ||
	il_fail "the valid route 10.50.1.0/24 left the kernel after the malformed UPDATEs"
[[ $(bv_state 192.0.2.5) == Established ]] || il_fail "the session did not stay Established"
[[ $(bv_peer 192.0.2.5 prefixes-accepted) == 2 ]] ||
	il_fail "vtid holds $(bv_peer 192.0.2.5 prefixes-accepted) prefixes of the peer, want 2"
nbr="show ip bgp neighbors 192.0.2.5 json"
[[ $(bv_get "$nbr" neighbors 0 notifications-sent) == 0 &&
	$(bv_get "$nbr" neighbors 0 established-count) == 1 ]] ||
	il_fail "vtid sent a NOTIFICATION or re-established: $(bv_json "$nbr")"
! grep -q notification "$BV_BAD_LOG" || il_fail "the injector got a NOTIFICATION: $(<"$BV_BAD_LOG")"
il_say "5 malformed UPDATEs treated as withdrawn, each logged; session and 10.50.1.0/24 kept"

# a withdrawal of a prefix that was treated as withdrawn is harmless
bv_bad_cmd "withdraw 10.50.2.0/24"
bv_bad_cmd "withdraw 10.50.9.0/24"
bv_wait_no_kernel cgw 10.50.9.0/24 10
[[ $(bv_state 192.0.2.5) == Established ]] || il_fail "the session went down on a withdrawal"

# the attribute list runs past the message: nothing after it can be trusted
bv_bad_cmd "send total-overrun 10.50.7.0/24"
bv_bad_wait '^bad_peer: (notification|closed)' 10
grep -q '^bad_peer: notification 3/1 ' "$BV_BAD_LOG" ||
	il_fail "want NOTIFICATION 3/1 (Malformed Attribute List), the injector says: $(tail -n 1 "$BV_BAD_LOG")"
bv_wait_no_kernel cgw 10.50.1.0/24 10
[[ -z $(bv_kernel_gws cgw 10.50.7.0/24) ]] || il_fail "10.50.7.0/24 is in the kernel"
[[ $(bv_state 192.0.2.5) != Established ]] || il_fail "vtid still has the session Established"
[[ $(bv_get "$nbr" neighbors 0 notifications-sent) == 1 ]] ||
	il_fail "vtid counts $(bv_get "$nbr" neighbors 0 notifications-sent) NOTIFICATIONs sent, want 1"
[[ $(bv_eval "show ip bgp json" "len(j['routes'])") == 0 ]] ||
	il_fail "vtid's RIB still has routes: $(bv_json "show ip bgp json")"
il_say "an attribute list past the message end: NOTIFICATION 3/1, the peer's routes gone"
echo "PASS: bgp-malformed"
