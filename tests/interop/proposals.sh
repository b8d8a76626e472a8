#!/usr/bin/env bash
# vtid against strongSwan with the four proposals AWS offers by default
# (IKE and ESP the same suite; the IKE_AUTH child has no DH group, as with
# AWS, and ESP names the group only for PFS on rekeys): for each, vtid as
# initiator (charon responds) and as responder (charon initiates, vtid has
# startup-action add).  Each time: tunnel up with exactly that suite on
# charon's side, ping both ways, a TCP transfer each way.
. "${srcdir:-.}/tests/interop/lib.sh"
il_init proposals vtid

# ike proposal | esp proposal | charon's name of the IKE suite | of the ESP suite
CASES="aes128-sha1-modp1024 aes128-sha1-modp1024 AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024 AES_CBC-128/HMAC_SHA1_96
aes256-sha256-modp2048 aes256-sha256-modp2048 AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048 AES_CBC-256/HMAC_SHA2_256_128
aes128gcm16-prfsha256-ecp256 aes128gcm16-ecp256 AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256 AES_GCM_16-128
aes256gcm16-prfsha384-ecp384 aes256gcm16-ecp384 AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384 AES_GCM_16-256"

il_wan
il_peer aws1 192.0.2.2
il_secret aws1 192.0.2.2 "$IL_CGW_ADDR" >"$IL_DIR/aws1/secrets"
: >"$IL_DIR/aws1/conns"
il_charon_start aws1 169.254.10.1/30
il_iperf_server aws1

# one case: IKE ESP IKE-NAME ESP-NAME ROLE (initiator|responder: vtid's role)
run_case() {
	local ike=$1 esp=$2 ike_name=$3 esp_name=$4 role=$5 cstart=add vstart=start sas m1 m2
	[[ $role == responder ]] && { cstart=add; vstart=add; }
	il_say "$ike / $esp, vtid $role"
	il_sw aws1 --terminate --ike aws1 --timeout 5 >/dev/null 2>&1 || true
	il_conn aws1 192.0.2.2 "$IL_CGW_ADDR" "$ike" "$esp" "$cstart" >"$IL_DIR/aws1/conns"
	il_swanctl_conf aws1
	il_sw aws1 --load-conns >/dev/null
	il_cgw_stop
	il_cgw_reset
	il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 "$ike" "$esp" "$vstart"
	il_cgw_start
	if [[ $role == responder ]]; then
		il_sw aws1 --initiate --child aws1 --timeout 30 >"$IL_DIR/aws1/initiate.out" 2>&1 ||
			il_fail "charon's initiation failed: $(tail -n 3 "$IL_DIR/aws1/initiate.out")"
	fi
	il_wait_up aws1 30 aws1
	sas=$(il_sw aws1 --list-sas --ike aws1)
	grep -qF " $ike_name" <<<"$sas" || { echo "$sas" >&2; il_fail "IKE SA is not $ike_name"; }
	# the first CHILD_SA comes with IKE_AUTH: no DH group
	grep -qE "INSTALLED, TUNNEL-in-UDP, ESP:$esp_name\$" <<<"$sas" ||
		{ echo "$sas" >&2; il_fail "CHILD_SA is not $esp_name"; }
	il_ping cgw 169.254.10.1 3 || il_fail "$ike, vtid $role: no ping cgw -> aws1"
	il_ping aws1 169.254.10.2 3 || il_fail "$ike, vtid $role: no ping aws1 -> cgw"
	m1=$(il_iperf cgw 169.254.10.2 169.254.10.1 2) || il_fail "$ike, vtid $role: TCP cgw -> aws1"
	m2=$(il_iperf cgw 169.254.10.2 169.254.10.1 2 -R) || il_fail "$ike, vtid $role: TCP aws1 -> cgw"
	il_say "  up, ping both ways, TCP $m1 Mbit/s out, $m2 Mbit/s in"
}

while read -r ike esp ike_name esp_name; do
	run_case "$ike" "$esp" "$ike_name" "$esp_name" initiator
	run_case "$ike" "$esp" "$ike_name" "$esp_name" responder
done <<<"$CASES"
il_say "all proposals work both ways"
