#!/usr/bin/env bash
# Dead peer detection, action restart: the peer's charon is frozen
# (SIGSTOP), the cgw must call the tunnel down within delay + timeout +
# slack; the peer is then killed and a fresh charon started in its place
# (as when AWS replaces an endpoint): the cgw re-initiates by itself, the
# tunnel comes back and carries pings again.
. "${srcdir:-.}/tests/interop/lib.sh"
il_init dpd vtid

DELAY=${DPD_DELAY:-3}     # vtid's minimums are 1 and 10 (vtid/yang/vtid.yang)
TIMEOUT=${DPD_TIMEOUT:-10}
SLACK=10
IKE=aes256gcm16-prfsha384-ecp384
ESP=aes256gcm16-ecp384
il_wan
IL_DPD_ACTION=clear il_aws aws1 192.0.2.2 169.254.10.1/30
if [[ $IL_CGW == charon ]]; then
	# IKEv2 DPD in charon ends when its retransmissions give up: 1 + 1.5 + 2.25 +
	# 3.4 s after the delay; keyingtries 0 is "re-initiate forever"
	il_charon_conf cgw "	retransmit_tries = 3
	retransmit_timeout = 1
	retransmit_base = 1.5"
	IL_DPD_DELAY=$DELAY IL_KEYINGTRIES=0 \
		il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
else
	IL_DPD="$DELAY $TIMEOUT restart" \
		il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
fi
il_cgw_start
il_wait_up aws1 30 aws1
il_ping cgw 169.254.10.1 3 || il_fail "no ping through the fresh tunnel"

il_say "freezing the peer's charon (SIGSTOP)"
kill -STOP "$(il_charon_pid aws1)"
SECONDS=0
limit=$((DELAY + TIMEOUT + SLACK))
while [[ $(il_cgw_state aws1) == up ]]; do
	[[ $SECONDS -le $limit ]] || il_fail "tunnel still up $SECONDS s after the peer froze"
	il_cgw_alive || il_fail "the cgw died"
	sleep 0.5
done
il_say "tunnel down after $SECONDS s (limit $limit s): '$(il_cgw_state aws1)'"

il_say "replacing the peer: SIGKILL, fresh charon"
il_kill charon-aws1
sleep 2
il_charon_start aws1 169.254.10.1/30
SECONDS=0
il_wait_up aws1 90 aws1
il_say "tunnel up again after $SECONDS s, re-initiated by the cgw"
il_ping cgw 169.254.10.1 3 || il_fail "no ping after the tunnel came back"
il_ping aws1 169.254.10.2 3 || il_fail "no ping from the new peer"
il_cgw_alive || il_fail "the cgw died"
il_say "DPD detected the dead peer and the tunnel came back"
