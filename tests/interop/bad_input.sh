#!/usr/bin/env bash
# Bad input while two tunnels are up: a third peer with the wrong PSK, then
# one with no proposal in common, then random and truncated datagrams to
# UDP 500 and 4500 of the cgw.  For each, the cgw's log names the reason;
# the cgw keeps running and the first tunnel stays up and carries pings
# (5/s, none lost) the whole time.
. "${srcdir:-.}/tests/interop/lib.sh"
il_init bad_input vtid

IKE=aes128gcm16-prfsha256-ecp256
ESP=aes128gcm16-ecp256
GOOD_PSK=interop.psk.Tunnel3
il_wan
if [[ $IL_CGW == charon ]]; then # narrow selectors: see two_tunnels.sh
	IL_LTS=169.254.10.0/30 IL_RTS=169.254.10.2/32 il_aws aws1 192.0.2.2 169.254.10.1/30
	IL_LTS=169.254.11.0/30 IL_RTS=169.254.11.2/32 il_aws aws2 192.0.2.3 169.254.11.1/30
	IL_LTS=169.254.10.2/32 IL_RTS=169.254.10.0/30 \
		il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
	IL_LTS=169.254.11.2/32 IL_RTS=169.254.11.0/30 \
		il_cgw_tunnel aws2 vti2 192.0.2.3 169.254.11.2/30 169.254.11.1 $IKE $ESP start
	IL_LTS=169.254.12.2/32 IL_RTS=169.254.12.0/30 \
		il_cgw_tunnel aws3 vti3 192.0.2.4 169.254.12.2/30 169.254.12.1 $IKE $ESP add $GOOD_PSK
	AUTH_RE='AUTH_FAILED|MAC mismatched'
	PROP_RE='no acceptable proposal|NO_PROP'
	JUNK_IKE_RE='invalid IKE header|parsing .* failed|too short|unsupported'
	JUNK_ESP_RE='no matching|SPI|invalid|too short'
else
	il_aws aws1 192.0.2.2 169.254.10.1/30
	il_aws aws2 192.0.2.3 169.254.11.1/30
	il_cgw_tunnel aws1 vti1 192.0.2.2 169.254.10.2/30 169.254.10.1 $IKE $ESP start
	il_cgw_tunnel aws2 vti2 192.0.2.3 169.254.11.2/30 169.254.11.1 $IKE $ESP start
	il_cgw_tunnel aws3 vti3 192.0.2.4 169.254.12.2/30 169.254.12.1 $IKE $ESP add $GOOD_PSK
	AUTH_RE='AUTHENTICATION_FAILED'
	PROP_RE='no proposal|NO_PROPOSAL_CHOSEN'
	JUNK_IKE_RE='peer 192\.0\.2\.4.*(not an IKEv2 message|malformed|truncated|invalid|parse)'
	JUNK_ESP_RE='unknown SPI|too short|malformed|ESP'
fi
il_cgw_start
il_wait_up aws1 30 aws1
il_wait_up aws2 30 aws2
LOG=$(il_cgw_log)
il_ping_bg cgw 169.254.10.1 "${BAD_INPUT_PING_SECONDS:-20}"
SECONDS=0

still_fine() { # label
	il_cgw_alive || il_fail "$1: the cgw died"
	[[ $(il_cgw_state aws1) == up ]] || il_fail "$1: tunnel aws1 is '$(il_cgw_state aws1)'"
	[[ $(il_cgw_state aws2) == up ]] || il_fail "$1: tunnel aws2 is '$(il_cgw_state aws2)'"
}

expect_log() { # label mark regex
	local i
	for i in $(seq 50); do
		il_log_since "$LOG" "$2" | grep -qiE -- "$3" && {
			il_say "$1: cgw log: $(il_log_since "$LOG" "$2" | grep -iE -- "$3" | head -n 1)"
			return 0
		}
		sleep 0.2
	done
	il_log_since "$LOG" "$2" | tail -n 20 >&2
	il_fail "$1: no line matching '$3' in the cgw's log"
}

# a peer for aws3 that initiates with the given PSK and proposals
peer3() { # psk ike esp
	il_proc_pid charon-aws3 >/dev/null && il_kill charon-aws3
	[[ -e /run/netns/$(il_ns aws3) ]] || il_peer aws3 192.0.2.4
	il_conn aws3 192.0.2.4 "$IL_CGW_ADDR" "$2" "$3" add >"$IL_DIR/aws3/conns"
	il_secret aws3 192.0.2.4 "$IL_CGW_ADDR" "$1" >"$IL_DIR/aws3/secrets"
	il_charon_start aws3 169.254.12.1/30
	il_sw aws3 --initiate --child aws3 --timeout 15 >"$IL_DIR/aws3/initiate.out" 2>&1 &&
		il_fail "aws3 got a tunnel it should not have"
	return 0
}

# junk ike|esp: datagrams from aws3's address (its charon stopped)
junk() {
	ip netns exec "$(il_ns aws3)" "$IL_PYTHON" - "$IL_CGW_ADDR" "$1" <<'PY'
import random, socket, struct, sys, time
dst, what = sys.argv[1], sys.argv[2]
rnd = random.Random(1)
s500 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s500.bind(("0.0.0.0", 500))
s4500 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s4500.bind(("0.0.0.0", 4500))
spi = bytes(rnd.getrandbits(8) for _ in range(8))
def hdr(length, nxt=33, ver=0x20, xchg=34, flags=0x08):
    return spi + bytes(8) + bytes([nxt, ver, xchg, flags]) + struct.pack("!II", 0, length)
ike = [
    b"\x00", bytes(27),                              # shorter than an IKE header
    hdr(28)[:27],
    hdr(28),                                        # header only, no payloads
    hdr(10000) + bytes(100),                        # length beyond the datagram
    hdr(28 + 8) + bytes([0, 0, 0, 200]) + bytes(4), # payload longer than the message
    hdr(28 + 4, ver=0x30) + bytes(4),               # IKE version 3
    hdr(28 + 4, nxt=200) + bytes([0x80, 0, 0, 4]),  # unknown critical payload
]
ike += [bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 400))) for _ in range(100)]
if what == "ike":
    for c in ike:
        s500.sendto(c, (dst, 500))
        s4500.sendto(bytes(4) + c, (dst, 4500))       # non-ESP marker, then junk
        time.sleep(0.002)
else:
    for c in ike:
        if c[:4] != bytes(4):
            s4500.sendto(c, (dst, 4500))              # junk "ESP"
            time.sleep(0.002)
    s4500.sendto(b"\xde\xad\xbe\xef" + struct.pack("!I", 1) + bytes(64), (dst, 4500))
    s4500.sendto(b"\xde\xad\xbe\xef", (dst, 4500))  # too short to be ESP
    s4500.sendto(b"\xff", (dst, 4500))                 # NAT-T keepalive: fine
PY
}

il_say "1. third peer with the wrong PSK"
m=$(il_log_mark "$LOG")
peer3 wrong.psk.Tunnel3 $IKE $ESP
expect_log "wrong PSK" "$m" "$AUTH_RE"
grep -qE 'AUTHENTICATION_FAILED' "$IL_DIR/aws3/charon.log" ||
	il_fail "wrong PSK: the peer got no AUTHENTICATION_FAILED notify"
still_fine "wrong PSK"

il_say "2. third peer with no proposal in common"
m=$(il_log_mark "$LOG")
peer3 $GOOD_PSK aes192-sha512-modp3072 aes192-sha512
expect_log "no common proposal" "$m" "$PROP_RE"
grep -qE 'NO_PROPOSAL_CHOSEN' "$IL_DIR/aws3/charon.log" ||
	il_fail "no common proposal: the peer got no NO_PROPOSAL_CHOSEN notify"
still_fine "no common proposal"

il_say "3. junk IKE to UDP 500, and to 4500 behind the non-ESP marker"
il_kill charon-aws3 # frees its ports for the sender
m=$(il_log_mark "$LOG")
junk ike
expect_log "junk IKE" "$m" "$JUNK_IKE_RE"
still_fine "junk IKE"

il_say "4. junk ESP to UDP 4500"
m=$(il_log_mark "$LOG")
junk esp
expect_log "junk ESP" "$m" "$JUNK_ESP_RE"
sleep 1
still_fine "junk ESP"

il_ping cgw 169.254.11.1 3 || il_fail "no ping through aws2 after the bad input"
il_ping_check "aws1 under bad input"
still_fine "the end"
il_say "bad input logged and survived, tunnels untouched"
