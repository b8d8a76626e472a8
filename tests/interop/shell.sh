#!/usr/bin/env bash
# The shell's hold on a running tunnel, against a strongSwan peer:
# show tunnels / show ipsec sa (text and JSON) say what the peer says,
# `tunnel NAME down` deletes the SAs on both sides and takes the interface
# down, `tunnel NAME up` brings it back, `clear ipsec sa` replaces the SAs,
# and stopping vtid deletes the SAs at the peer and removes the interface.
. "${srcdir:-.}/tests/interop/lib.sh"
il_init shell vtid

il_wan
il_aws aws1 192.0.2.2 169.254.10.1/30
il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 \
	aes128gcm16-prfsha256-ecp256 aes128gcm16-ecp256 start
il_cgw_start
il_wait_up aws1 30 aws1
cgw=$(il_ns cgw)

sa_json() { il_vtictl cgw "show ipsec sa json"; }
pyj() { "$IL_PYTHON" -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
link_up() { ip -n "$cgw" link show vti1 | grep -q "[<,]UP[,>]"; }

# show ipsec sa: our SPIs are the peer's, crosswise
read -r c_in c_out < <(sa_json | pyj 'j["tunnels"][0]["child-sas"][0]["spi-in"], j["tunnels"][0]["child-sas"][0]["spi-out"]')
read -r p_in p_out < <(il_charon_spis aws1 aws1 | head -n 1)
[[ $c_in == "$p_out" && $c_out == "$p_in" ]] ||
	il_fail "SPIs: vtid in/out $c_in/$c_out, charon in/out $p_in/$p_out"
alg=$(sa_json | pyj 'j["tunnels"][0]["child-sas"][0]["algorithms"]')
[[ $alg == aes128gcm16* ]] || il_fail "CHILD_SA algorithms '$alg'"
il_vtictl cgw "show ipsec sa tunnel aws1" >"$IL_DIR/sa.txt"
grep -q "CHILD_SA ${c_in}_i ${c_out}_o" "$IL_DIR/sa.txt" || { cat "$IL_DIR/sa.txt"; il_fail "show ipsec sa text"; }
il_ping cgw 169.254.10.1 3 || il_fail "no ping through the tunnel"
il_vtictl cgw "show tunnels" | grep -q "Uptime .* in [1-9][0-9]* bytes" || il_fail "show tunnels: no traffic counted"
il_say "show ipsec sa agrees with the peer: $c_in/$c_out"

# tunnel down: SAs gone on both sides, interface down, and it stays down
il_vtictl cgw "tunnel aws1 down" | grep -q "stays down" || il_fail "tunnel down: no confirmation"
for _ in $(seq 50); do il_charon_up aws1 aws1 || break; sleep 0.1; done
! il_charon_up aws1 aws1 || il_fail "the peer still has the SA after 'tunnel aws1 down'"
[[ $(il_cgw_state aws1) == down ]] || il_fail "state after down: $(il_cgw_state aws1)"
! link_up || il_fail "vti1 still up without an SA"
sleep 3
[[ $(il_cgw_state aws1) == down ]] || il_fail "the tunnel came back by itself after 'down'"
il_say "tunnel down: SAs deleted at the peer, vti1 down, stays down"

# tunnel up
il_vtictl cgw "tunnel aws1 up" >/dev/null || il_fail "tunnel up refused"
il_wait_up aws1 30 aws1
link_up || il_fail "vti1 not up with an SA"
il_ping cgw 169.254.10.1 3 || il_fail "no ping after 'tunnel aws1 up'"
il_say "tunnel up: back, pings"

# clear ipsec sa: new SAs, with no operator action to bring them back
before=$(il_cgw_spis aws1)
il_vtictl cgw "clear ipsec sa tunnel aws1" | grep -q "Cleared the SAs of 1 tunnel" || il_fail "clear ipsec sa"
sleep 1
il_wait_up aws1 30 aws1
after=$(il_cgw_spis aws1)
[[ -n $after && $after != "$before" ]] || il_fail "clear ipsec sa: SPIs '$before' -> '$after'"
il_ping cgw 169.254.10.1 3 || il_fail "no ping after clear ipsec sa"
il_say "clear ipsec sa: SPIs $before -> $after"

# errors name what was wrong
out=$(il_vtictl cgw "tunnel nosuch up" 2>&1) && il_fail "tunnel nosuch up accepted"
grep -q "No tunnel nosuch" <<<"$out" || il_fail "tunnel nosuch up: '$out'"

# stop: the peer is told, the interface goes
il_cgw_stop
for _ in $(seq 50); do il_charon_up aws1 aws1 || break; sleep 0.1; done
! il_charon_up aws1 aws1 || il_fail "the peer still has the SA after vtid stopped"
! ip -n "$cgw" link show vti1 >/dev/null 2>&1 || il_fail "vti1 left behind by vtid"
grep -q "vtid stopped" "$IL_DIR/cgw/vtid.log" || il_fail "vtid did not stop cleanly"
il_say "vtid stopped: SAs deleted at the peer, vti1 removed"
