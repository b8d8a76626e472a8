#!/usr/bin/env bash
# Rekeying under traffic: 5 pings/s through the tunnel for REKEY_SECONDS
# (default 150) while the cgw rekeys ESP and IKE by command, the charon
# peer rekeys on its own (child every ~20 s, IKE every ~45 s) and by
# command, and both start a rekey at the same moment.  No ping may be
# lost, the tunnel never leaves "up", and every SPI has changed.
. "${srcdir:-.}/tests/interop/lib.sh"
il_init rekey vtid

SECS=${REKEY_SECONDS:-150}
IKE=aes128-sha1-modp1024
ESP=aes128-sha1-modp1024
il_wan
IL_ESP_REKEY=20 IL_IKE_REKEY=45 il_aws aws1 192.0.2.2 169.254.10.1/30
il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
il_cgw_start
il_wait_up aws1 30 aws1
il_ping cgw 169.254.10.1 2 || il_fail "no ping through the fresh tunnel"

# the IKE SA's SPIs as charon shows them ("SPIi_i SPIr_r")
ike_spis() { il_sw aws1 --list-sas --ike aws1 | awk '/ESTABLISHED/ { print $5, $6; exit }'; }
child_spis() { il_cgw_spis aws1 | sort; }

spis0=$(child_spis)
ike0=$(ike_spis)
[[ $spis0 ]] || il_fail "no SPIs shown for aws1"
il_say "start: child SPIs [$(tr "\n" " " <<<"$spis0")], IKE SPIs [$ike0]"

# step at which the tunnel was seen not up, if ever
: >"$IL_DIR/notup"
watch_until() { # seconds since start
	while [[ $SECONDS -lt $1 ]]; do
		local st
		st=$(il_cgw_state aws1)
		[[ $st == up ]] || echo "t=$SECONDS state '$st'" >>"$IL_DIR/notup"
		il_cgw_alive || il_fail "the cgw died"
		sleep 0.5
	done
}

# wait for a changed child SPI set / IKE SPI pair after a rekey command
expect_child_rekey() { # label old-spis
	local i
	for i in $(seq 20); do
		[[ $(child_spis) != "$2" ]] && return 0
		sleep 0.5
	done
	il_fail "$1: the child SPIs did not change"
}
expect_ike_rekey() { # label old-spis
	local i
	for i in $(seq 20); do
		[[ $(ike_spis) != "$2" ]] && return 0
		sleep 0.5
	done
	il_fail "$1: the IKE SPIs did not change"
}

# two commands started together; a bare `wait` would wait for the charons
at_once() {
	local a b
	$1 >/dev/null 2>&1 &
	a=$!
	$2 >/dev/null 2>&1 &
	b=$!
	# either may be refused while the other's exchange runs (a collision
	# is legal); what counts is traffic, state and the new SPIs
	wait "$a" || il_say "  '$1' refused (collision)"
	wait "$b" || il_say "  '$2' refused (collision)"
}

il_ping_bg cgw 169.254.10.1 "$SECS"
SECONDS=0
n=0
while [[ $SECONDS -lt $((SECS - 12)) ]]; do
	watch_until $((SECONDS + 6))
	c=$(child_spis)
	k=$(ike_spis)
	case $((n % 7)) in
	0)
		il_say "t=$SECONDS cgw: rekey esp"
		il_cgw_rekey aws1 esp >/dev/null || il_fail "cgw: rekey esp refused"
		expect_child_rekey "cgw rekey esp" "$c" ;;
	1)
		il_say "t=$SECONDS cgw: rekey ike"
		il_cgw_rekey aws1 ike >/dev/null || il_fail "cgw: rekey ike refused"
		expect_ike_rekey "cgw rekey ike" "$k" ;;
	2)
		il_say "t=$SECONDS peer: swanctl --rekey --child"
		il_sw aws1 --rekey --child aws1 >/dev/null
		expect_child_rekey "peer rekey child" "$c" ;;
	3)
		il_say "t=$SECONDS peer: swanctl --rekey --ike"
		il_sw aws1 --rekey --ike aws1 >/dev/null
		expect_ike_rekey "peer rekey ike" "$k" ;;
	4)
		il_say "t=$SECONDS both at once: rekey esp / --rekey --child"
		at_once "il_cgw_rekey aws1 esp" "il_sw aws1 --rekey --child aws1"
		expect_child_rekey "simultaneous child rekey" "$c" ;;
	5)
		il_say "t=$SECONDS both at once: rekey ike / --rekey --ike"
		at_once "il_cgw_rekey aws1 ike" "il_sw aws1 --rekey --ike aws1"
		expect_ike_rekey "simultaneous IKE rekey" "$k" ;;
	6)
		il_say "t=$SECONDS cgw rekey esp and peer --rekey --ike at once"
		at_once "il_cgw_rekey aws1 esp" "il_sw aws1 --rekey --ike aws1"
		expect_ike_rekey "ESP and IKE rekey at once" "$k" ;;
	esac
	n=$((n + 1))
done
watch_until "$SECS"
il_ping_check "$n rekey steps and charon's own rekeys in $SECS s"

[[ ! -s $IL_DIR/notup ]] || { cat "$IL_DIR/notup" >&2; il_fail "the tunnel left up"; }
if [[ $IL_CGW == vtid ]]; then
	# sampling can miss a short dip; vtid's uptime cannot
	up=$(il_vtid_tunnel cgw aws1 uptime)
	[[ $up && $up -ge $((SECONDS - 2)) ]] ||
		il_fail "uptime '$up' s after $SECONDS s: the tunnel went down in between"
fi
spis1=$(child_spis)
ike1=$(ike_spis)
il_say "end: child SPIs [$(tr "\n" " " <<<"$spis1")], IKE SPIs [$ike1]"
for s in $spis0; do
	grep -qw -- "$s" <<<"$spis1" && il_fail "SPI $s survived every rekey"
done
[[ $ike1 != "$ike0" ]] || il_fail "the IKE SA was never rekeyed"
# no CHILD_SA left behind on either side (one of charon's own rekeys may
# be under way right now: give it a moment)
for i in $(seq 20); do
	[[ $(il_charon_spis aws1 aws1 | wc -l) -eq 1 && $(il_cgw_spis aws1 | wc -l) -eq 1 ]] && break
	[[ $i -lt 20 ]] || {
		il_sw aws1 --list-sas >&2
		il_cgw_spis aws1 >&2
		il_fail "more than one CHILD_SA left at the end"
	}
	sleep 0.5
done
il_say "rekeys under traffic: no loss, always up, new SPIs"
