#!/usr/bin/env bash
# Checks the lab itself, without vtid: two charons (kernel-libipsec) in two
# namespaces, one IKEv2 tunnel, ping both ways through it.
IL_CGW=charon
. "${srcdir:-.}/tests/interop/lib.sh"
il_init smoke_charon

il_wan
il_peer aws1 192.0.2.2
il_conn aws1 192.0.2.2 "$IL_CGW_ADDR" aes128-sha1-modp1024 aes128-sha1-modp1024 add >"$IL_DIR/aws1/conns"
il_secret aws1 192.0.2.2 "$IL_CGW_ADDR" >"$IL_DIR/aws1/secrets"
il_charon_start aws1 169.254.10.1/30
il_cgw_tunnel aws1 ipsec0 192.0.2.2 169.254.10.2/30 169.254.10.1 \
	aes128-sha1-modp1024 aes128-sha1-modp1024 start
il_cgw_start
il_wait_up aws1 20 aws1
il_ping cgw 169.254.10.1 3 || il_fail "no ping cgw -> aws1 through the tunnel"
il_ping aws1 169.254.10.2 3 || il_fail "no ping aws1 -> cgw through the tunnel"
[[ $(il_charon_bytes aws1 aws1) -gt 0 ]] || il_fail "aws1's ESP counters did not move"
il_say "tunnel up, ping both ways"
