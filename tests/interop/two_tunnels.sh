#!/usr/bin/env bash
# Two tunnels from one customer gateway (192.0.2.1 on a bridge) to two
# emulated AWS endpoints, aws1 (192.0.2.2) and aws2 (192.0.2.3), one charon
# each: both up at once, pings through each, both tunnels' counters move.
. "${srcdir:-.}/tests/interop/lib.sh"
il_init two_tunnels vtid

IKE=aes128gcm16-prfsha256-ecp256
ESP=aes128gcm16-ecp256
il_wan
if [[ $IL_CGW == charon ]]; then
	# one charon with two 0/0 CHILD_SAs sends everything into the newest
	# (libipsec has one TUN device); narrow selectors keep them apart
	IL_LTS=169.254.10.0/30 IL_RTS=169.254.10.2/32 il_aws aws1 192.0.2.2 169.254.10.1/30
	IL_LTS=169.254.11.0/30 IL_RTS=169.254.11.2/32 il_aws aws2 192.0.2.3 169.254.11.1/30
	IL_LTS=169.254.10.2/32 IL_RTS=169.254.10.0/30 \
		il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
	IL_LTS=169.254.11.2/32 IL_RTS=169.254.11.0/30 \
		il_cgw_tunnel aws2 vti2 192.0.2.3 169.254.11.2/30 169.254.11.1 $IKE $ESP start
else
	il_aws aws1 192.0.2.2 169.254.10.1/30
	il_aws aws2 192.0.2.3 169.254.11.1/30
	il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
	il_cgw_tunnel aws2 vti2 192.0.2.3 169.254.11.2/30 169.254.11.1 $IKE $ESP start
fi
il_cgw_start
il_wait_up aws1 30 aws1
il_wait_up aws2 30 aws2
il_say "both tunnels up"

b1=$(il_cgw_bytes aws1)
b2=$(il_cgw_bytes aws2)
p1=$(il_charon_bytes aws1 aws1)
p2=$(il_charon_bytes aws2 aws2)
il_ping cgw 169.254.10.1 5 || il_fail "no ping through aws1"
il_ping cgw 169.254.11.1 5 || il_fail "no ping through aws2"
il_ping aws1 169.254.10.2 3 || il_fail "no ping from aws1"
il_ping aws2 169.254.11.2 3 || il_fail "no ping from aws2"
[[ $(il_cgw_state aws1) == up && $(il_cgw_state aws2) == up ]] || il_fail "a tunnel went down"

a1=$(il_cgw_bytes aws1)
a2=$(il_cgw_bytes aws2)
q1=$(il_charon_bytes aws1 aws1)
q2=$(il_charon_bytes aws2 aws2)
il_say "cgw counters: aws1 $b1 -> $a1 bytes, aws2 $b2 -> $a2 bytes"
il_say "peer counters: aws1 $p1 -> $q1 bytes, aws2 $p2 -> $q2 bytes"
# 5 + 3 pings of 84 bytes each way through each tunnel
[[ $a1 -ge $((b1 + 8 * 84)) ]] || il_fail "aws1's counters did not move on the cgw"
[[ $a2 -ge $((b2 + 8 * 84)) ]] || il_fail "aws2's counters did not move on the cgw"
[[ $q1 -ge $((p1 + 8 * 84)) ]] || il_fail "aws1's counters did not move on its charon"
[[ $q2 -ge $((p2 + 8 * 84)) ]] || il_fail "aws2's counters did not move on its charon"
il_say "two tunnels up, traffic through each"
