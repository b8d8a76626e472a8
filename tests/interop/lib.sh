# Shared by the interop tests: network-namespace labs with strongSwan peers.
#
# Topology: a "cgw" namespace (the customer gateway: vtid, or a charon when
# IL_CGW=charon) holds bridge br0 with 192.0.2.1/24; every emulated AWS
# endpoint is a namespace of its own with one veth whose other end is a port
# of br0, and runs one charon with kernel-libipsec (ESP in user space over
# its TUN device ipsec0; 5.9.8 always encapsulates ESP in UDP 4500).
#
# Each charon gets its own mount namespace with an empty tmpfs on /run (its
# pid file and vici socket are compiled-in paths there) and its own
# strongswan.conf and /etc/swanctl bind-mounted from the test's directory.
#
# Names are unique per test run (test name and $$), every namespace and
# process is recorded when made and removed by the EXIT trap, also when the
# test fails; then the tails of every charon and vtid log are printed.
#
# Usage in a test (run from the top build directory, $srcdir set by make):
#     . "$srcdir/tests/interop/lib.sh"
#     il_init proposals          # exits 77 (skip) if not root or tools missing
#     il_wan                     # cgw namespace with br0
#     il_peer aws1 192.0.2.2     # a peer namespace on br0
#     ...
# IL_CGW=charon runs the cgw side with charon instead of vtid, which checks
# the lab and the test logic without vtid.  IL_KEEP=1 keeps a failed lab.

set -eu -o pipefail

: "${srcdir:=.}"
IL_CHARON=${IL_CHARON:-/usr/lib/ipsec/charon}
IL_CGW=${IL_CGW:-vtid}
VTID=${VTID:-$PWD/vtid/vtid}
VTICTL_BIN=${VTICTL_BIN:-$PWD/vtid/vtictl}
IL_PSK=interop.psk.Tunnel1
# charon's own IKE and ESP-in-UDP packets carry this mark and skip its
# routing table 220, so a 0/0 tunnel never swallows IKE to another peer
IL_FWMARK=0x42
IL_CGW_ADDR=192.0.2.1
# Debian's python3 (JSON, junk datagrams): a pyenv shim first in PATH costs
# half a second a call, which would slow every poll
if [[ -z ${IL_PYTHON:-} ]]; then
	IL_PYTHON=python3
	[[ -x /usr/bin/python3 ]] && IL_PYTHON=/usr/bin/python3
fi

IL_DIR=
IL_NAME=
IL_PFX=
# what a test needs: 1 = charon and its plugins (il_init skips without them);
# the BGP labs (bgp_lib.sh) set 0
IL_NEED_CHARON=${IL_NEED_CHARON:-1}
# 1 = namespaces keep IPv6 (without duplicate address detection)
IL_IPV6=${IL_IPV6:-0}
# the logs in $IL_DIR/*/ whose tails a failed test prints
IL_LOGS="charon.log vtid.log"

il_say() { printf '%s: %s\n' "$IL_NAME" "$*"; }

il_skip() {
	echo "SKIP: $*"
	exit 77
}

il_fail() {
	echo "FAIL: $IL_NAME: $*" >&2
	exit 1
}

# --- processes: "label pid starttime" lines in $IL_DIR/procs ---------------

# start time of a live, non-zombie process (field 22 of /proc/PID/stat)
il_starttime() {
	local f
	f=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ ${f%% *} != Z ]] || return 1
	cut -d' ' -f20 <<<"$f"
}

il_proc_add() { # label pid
	local st
	st=$(il_starttime "$2") || il_fail "$1 (pid $2) died at start"
	echo "$1 $2 $st" >>"$IL_DIR/procs"
}

# the pid of label, if it is still the process we started
il_proc_pid() {
	local label pid st found=""
	[[ -f $IL_DIR/procs ]] || return 1
	while read -r label pid st; do
		[[ $label == "$1" && $(il_starttime "$pid" 2>/dev/null) == "$st" ]] && found=$pid
	done <"$IL_DIR/procs"
	[[ $found ]] && echo "$found"
}

# SIGTERM (after SIGCONT, in case a test stopped it), SIGKILL after 5 s
il_proc_stop() {
	local pid i
	pid=$(il_proc_pid "$1") || return 0
	kill -CONT "$pid" 2>/dev/null || true
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do
		il_starttime "$pid" >/dev/null 2>&1 || return 0
		sleep 0.1
	done
	echo "$IL_NAME: $1 (pid $pid) ignored SIGTERM, killing it" >&2
	kill -KILL "$pid" 2>/dev/null || true
	sleep 0.2
}

# --- setup and teardown ----------------------------------------------------

il_cleanup() {
	local rc=$? label pid st ns f
	trap - EXIT INT TERM HUP
	# a reader of our output that is gone (| tail, killed with us) must not
	# end the cleanup at its first message
	trap '' PIPE
	set +e
	if [[ $rc -ne 0 && -n $IL_DIR ]]; then
		for f in "$IL_DIR"/*/*.log; do
			[[ -f $f && " $IL_LOGS " == *" ${f##*/} "* ]] || continue
			echo "---- ${f#"$IL_DIR"/} (last 40 lines)" >&2
			tail -n 40 "$f" >&2
		done
		if [[ ${IL_KEEP:-0} == 1 ]]; then
			echo "$IL_NAME: failed (rc $rc); IL_KEEP=1: lab left in $IL_DIR" >&2
			exit $rc
		fi
	fi
	if [[ -n $IL_DIR && -f $IL_DIR/procs ]]; then
		# helpers first, then vtid, then the charons
		while read -r label pid st; do
			[[ $label == charon-* || $label == vtid-* ]] || il_proc_stop "$label"
		done <"$IL_DIR/procs"
		while read -r label pid st; do
			[[ $label == vtid-* ]] && il_proc_stop "$label"
		done <"$IL_DIR/procs"
		while read -r label pid st; do
			[[ $label == charon-* ]] && il_proc_stop "$label"
		done <"$IL_DIR/procs"
	fi
	if [[ -n $IL_DIR && -f $IL_DIR/netns ]]; then
		while read -r ns; do
			[[ -e /run/netns/$ns ]] || continue
			pid=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
			[[ $pid ]] && echo "$IL_NAME: not ours, left running in $ns: $pid" >&2
			ip netns del "$ns"
		done <"$IL_DIR/netns"
	fi
	[[ -n $IL_DIR && -f $IL_DIR/.interop ]] && rm -rf -- "$IL_DIR"
	exit $rc
}

# il_init NAME [vtid]: checks, state directory, traps.  With "vtid" the test
# needs the daemon (unless IL_CGW=charon).
il_init() {
	local t
	IL_NAME=$1
	# tests/run.sh sets it for `make distcheck`, whose `make check` would
	# run the same labs a second time
	[[ -z ${VTID_SKIP_INTEROP:-} ]] || il_skip "VTID_SKIP_INTEROP is set"
	[[ $EUID -eq 0 ]] || il_skip "interop tests need root"
	if [[ $IL_NEED_CHARON == 1 ]]; then
		[[ -x $IL_CHARON ]] || il_skip "$IL_CHARON missing (strongswan-charon)"
		[[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]] ||
			il_skip "kernel-libipsec missing (libcharon-extra-plugins)"
		[[ -e /usr/lib/ipsec/plugins/libstrongswan-openssl.so ]] ||
			il_skip "charon's openssl plugin missing (libstrongswan-standard-plugins)"
		for t in swanctl iperf3; do
			command -v "$t" >/dev/null || il_skip "$t not installed"
		done
	fi
	for t in ip nsenter unshare ping "$IL_PYTHON" flock; do
		command -v "$t" >/dev/null || il_skip "$t not installed"
	done
	[[ -c /dev/net/tun ]] || il_skip "/dev/net/tun missing"
	if [[ ${2:-} == vtid && $IL_CGW == vtid ]]; then
		[[ -x $VTID && -x $VTICTL_BIN ]] || il_skip "$VTID or $VTICTL_BIN not built"
	fi
	# netns names may be long; interface names are made inside the namespaces
	IL_PFX=il-$IL_NAME-$$
	IL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/interop-$IL_NAME.XXXXXX")
	[[ $IL_DIR != /run/* ]] || il_fail "TMPDIR must not be under /run"
	touch "$IL_DIR/.interop"
	trap il_cleanup EXIT
	trap 'exit 130' INT TERM HUP
}

il_ns() { echo "$IL_PFX-$1"; } # short name -> namespace name

il_ns_add() { # short
	local ns
	ns=$(il_ns "$1")
	[[ ! -e /run/netns/$ns ]] || il_fail "namespace $ns exists already"
	echo "$ns" >>"$IL_DIR/netns"
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	if [[ $IL_IPV6 == 1 ]]; then
		# addresses usable at once, not after a second of DAD
		ip netns exec "$ns" sh -c 'echo 0 >/proc/sys/net/ipv6/conf/all/accept_dad
			echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad'
	else
		# IPv4 only: no IPv6 link-local on the TUN devices, no router solicitations
		ip netns exec "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
			echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
	fi
	mkdir -p "$IL_DIR/$1"
}

il_bridge_ns() { # short [address/len]: a namespace with bridge br0 (up)
	local ns
	il_ns_add "$1"
	ns=$(il_ns "$1")
	ip -n "$ns" link add br0 type bridge
	[[ -z ${2:-} ]] || ip -n "$ns" addr add "$2" dev br0
	ip -n "$ns" link set br0 up
}

# il_lan GW GW-ADDR/LEN LAN LAN-ADDR/LEN: namespace LAN behind GW (veth
# eth1 in GW, eth0 in LAN), its default route via GW-ADDR
il_lan() {
	local gw lan
	il_ns_add "$3"
	gw=$(il_ns "$1") lan=$(il_ns "$3")
	ip link add eth1 netns "$gw" type veth peer name eth0 netns "$lan"
	ip -n "$gw" addr add "$2" dev eth1
	ip -n "$gw" link set eth1 up
	ip -n "$lan" addr add "$4" dev eth0
	ip -n "$lan" link set eth0 up
	ip -n "$lan" route add default via "${2%/*}"
}

il_wan() { # the cgw namespace with br0 and $IL_CGW_ADDR
	il_bridge_ns cgw "$IL_CGW_ADDR/24"
	IL_NPEERS=0
}

# il_peer SHORT ADDR[/len] [ADDR6/len]: a peer namespace, veth (eth0) to
# br0 in cgw; an address without a length is a /24
il_peer() {
	local ns cgw port a=$2
	[[ $a == */* ]] || a=$a/24
	il_ns_add "$1"
	ns=$(il_ns "$1")
	cgw=$(il_ns cgw)
	IL_NPEERS=$((IL_NPEERS + 1))
	port=p$IL_NPEERS
	ip link add "$port" netns "$cgw" type veth peer name eth0 netns "$ns"
	ip -n "$cgw" link set "$port" master br0 up
	ip -n "$ns" addr add "$a" dev eth0
	[[ -z ${3:-} ]] || ip -n "$ns" addr add "$3" dev eth0
	ip -n "$ns" link set eth0 up
}

# --- charon ----------------------------------------------------------------

# il_charon_conf SHORT [EXTRA [KERNEL]]: strongswan.conf; EXTRA: more
# charon settings; KERNEL: the kernel plugins (default "kernel-libipsec
# kernel-netlink": ESP in charon, on any kernel; "kernel-netlink" alone is
# the kernel's ESP, as in the VM labs)
il_charon_conf() {
	local d=$IL_DIR/$1 kernel=${3:-kernel-libipsec kernel-netlink} plugins=""
	mkdir -p "$d/swanctl"
	# self-contained, no strongswan.d includes (Debian's snippet says
	# kernel-libipsec load = no); the first kernel-ipsec plugin wins, so
	# kernel-libipsec before kernel-netlink, which still does routes.  The
	# marks keep charon's own packets out of the routes to ipsec0.
	[[ " $kernel " != *" kernel-libipsec "* ]] || plugins="
	plugins {
		kernel-netlink {
			fwmark = !$IL_FWMARK
		}
		socket-default {
			fwmark = $IL_FWMARK
		}
	}"
	cat >"$d/strongswan.conf" <<EOF
charon {
	load_modular = no
	load = random nonce openssl kdf $kernel socket-default vici$plugins
${2:-}
	filelog {
		test {
			path = $d/charon.log
			time_format = %T
			default = 1
			ike_name = yes
			flush_line = yes
		}
	}
	syslog {
		daemon {
			default = -1
		}
	}
}
swanctl {
	load = pem pkcs1 x509 revocation constraints pubkey openssl random
}
EOF
}

# il_charon_load SHORT PLUGIN: charon in SHORT loads PLUGIN too (the
# first "load =" is charon's, the second swanctl's)
il_charon_load() {
	sed -i "0,/^\(\tload = .*\)\$/s//\1 $2/" "$IL_DIR/$1/strongswan.conf"
}

# il_charon_updown SHORT 'SHELL CODE': charon in SHORT loads the updown
# plugin (writes its strongswan.conf) and gets $IL_DIR/SHORT/updown.sh,
# which runs the code for every event ($PLUTO_VERB: up-client,
# down-client, ...).  Prints the CHILD_SA setting that names the script.
il_charon_updown() {
	local d=$IL_DIR/$1
	mkdir -p "$d"
	il_charon_conf "$1"
	il_charon_load "$1" updown
	printf '#!/bin/sh\n%s\nexit 0\n' "$2" >"$d/updown.sh"
	chmod 755 "$d/updown.sh"
	echo "updown = $d/updown.sh"
}

# il_conn NAME LOCAL REMOTE IKE ESP START(start|add) [child extras]: one
# swanctl connection, IKEv2, PSK with IP identities, 0/0 tunnel mode.
# IL_DPD_DELAY, IL_DPD_ACTION, IL_IKE_REKEY, IL_ESP_REKEY, IL_LTS, IL_RTS,
# IL_KEYINGTRIES, IL_ENCAP (yes: kernel-libipsec always encapsulates)
# change the defaults.
il_conn() {
	local start=none
	[[ $6 == start ]] && start=start
	cat <<EOF
	$1 {
		version = 2
		local_addrs = $2
		remote_addrs = $3
		proposals = $4
		encap = ${IL_ENCAP:-yes}
		mobike = no
		keyingtries = ${IL_KEYINGTRIES:-1}
		dpd_delay = ${IL_DPD_DELAY:-10}s
		rekey_time = ${IL_IKE_REKEY:-28800}s
		local {
			auth = psk
			id = $2
		}
		remote {
			auth = psk
			id = $3
		}
		children {
			$1 {
				local_ts = ${IL_LTS:-0.0.0.0/0}
				remote_ts = ${IL_RTS:-0.0.0.0/0}
				esp_proposals = $5
				mode = tunnel
				start_action = $start
				dpd_action = ${IL_DPD_ACTION:-restart}
				rekey_time = ${IL_ESP_REKEY:-3060}s
				${7:-}
			}
		}
	}
EOF
}

il_secret() { # name id-a id-b [psk]: the section name must start with "ike"
	printf '\tike-%s {\n\t\tid-a = %s\n\t\tid-b = %s\n\t\tsecret = "%s"\n\t}\n' \
		"$1" "$2" "$3" "${4:-$IL_PSK}"
}

# il_swanctl_conf SHORT: swanctl.conf from $IL_DIR/SHORT/conns and
# $IL_DIR/SHORT/secrets (filled with il_conn and il_secret)
il_swanctl_conf() {
	local d=$IL_DIR/$1/swanctl
	# --load-all complains about each missing credential directory
	mkdir -p "$d"/{conf.d,x509,x509ca,x509aa,x509ac,x509crl,x509ocsp,pubkey,private} \
		"$d"/{rsa,ecdsa,bliss,pkcs8,pkcs12}
	{
		echo "connections {"
		cat "$IL_DIR/$1/conns" 2>/dev/null || true
		echo "}"
		echo "secrets {"
		cat "$IL_DIR/$1/secrets" 2>/dev/null || true
		echo "}"
	} >"$d/swanctl.conf"
}

# il_charon_start SHORT INSIDE/30...: charon in namespace SHORT, inside
# addresses on its ipsec0 (kernel-libipsec's TUN device; with another
# kernel plugin there is none, and no addresses), swanctl --load-all.
# Writes strongswan.conf if the test did not.  IL_CHARON_POLL (s, 0.1) and
# IL_CHARON_TRIES (150): how it waits for charon.
il_charon_start() {
	local short=$1 ns d=$IL_DIR/$1 pid="" bg i a
	shift
	ns=$(il_ns "$short")
	[[ -f $d/strongswan.conf ]] || il_charon_conf "$short"
	il_swanctl_conf "$short"
	rm -f "$d/charon.pid"
	# the pid file is written after the mounts: once it exists, nsenter -m
	# can only reach this charon's /run, never the host's
	# shellcheck disable=SC2016
	ip netns exec "$ns" unshare --mount --propagation private sh -ec '
		mount -t tmpfs -o mode=0755,size=8m interop-run /run
		mount --bind "$1/strongswan.conf" /etc/strongswan.conf
		mount --bind "$1/swanctl" /etc/swanctl
		echo $$ >"$1/charon.pid"
		exec "$2"' sh "$d" "$IL_CHARON" </dev/null >>"$d/charon.stderr" 2>&1 &
	bg=$!
	for ((i = 0; i < ${IL_CHARON_TRIES:-150}; i++)); do
		[[ -s $d/charon.pid ]] && read -r pid <"$d/charon.pid"
		if [[ $pid ]]; then
			il_starttime "$pid" >/dev/null || break
			# /proc/PID/root: its /run as charon sees it, without a fork
			if [[ -S /proc/$pid/root/run/charon.vici ]] &&
				nsenter -t "$pid" -m -n swanctl --stats >/dev/null 2>&1; then
				il_proc_add "charon-$short" "$pid"
				if grep -q kernel-libipsec "$d/strongswan.conf"; then
					ip -n "$ns" link show ipsec0 >/dev/null 2>&1 ||
						il_fail "charon in $short has no ipsec0"
				fi
				for a in "$@"; do ip -n "$ns" addr add "$a" dev ipsec0; done
				il_sw "$short" --load-all >"$d/load.out" 2>&1 ||
					{ cat "$d/load.out" >&2; il_fail "swanctl --load-all in $short"; }
				return 0
			fi
		elif ! kill -0 "$bg" 2>/dev/null; then
			break
		fi
		sleep "${IL_CHARON_POLL:-0.1}"
	done
	[[ $pid ]] && il_starttime "$pid" >/dev/null && il_proc_add "charon-$short" "$pid"
	cat "$d/charon.stderr" >&2 || true
	il_fail "charon in $short did not start"
}

il_charon_pid() { il_proc_pid "charon-$1" || il_fail "charon in $1 is not running"; }

il_sw() { # short swanctl-args...
	local pid
	pid=$(il_charon_pid "$1")
	shift
	nsenter -t "$pid" -m -n swanctl "$@"
}

# 0 if connection NAME of charon SHORT has an established IKE SA with an
# installed CHILD_SA
il_charon_up() {
	local out
	out=$(il_sw "$1" --list-sas --ike "$2" 2>/dev/null) || return 1
	grep -q "ESTABLISHED" <<<"$out" && grep -q "INSTALLED" <<<"$out"
}

# "spi-in spi-out" per installed CHILD_SA of NAME, one line each
il_charon_spis() {
	il_sw "$1" --list-sas --ike "$2" 2>/dev/null |
		awk '$1 == "in" { i = $2 } $1 == "out" { sub(",", "", i); o = $2; sub(",", "", o); print i, o }'
}

# bytes in + out of the installed CHILD_SAs of NAME
il_charon_bytes() {
	il_sw "$1" --list-sas --ike "$2" 2>/dev/null |
		awk '($1 == "in" || $1 == "out") && $4 ~ /^bytes/ { s += $3 } END { print s + 0 }'
}

# il_aws SHORT ADDRESS INSIDE/30 [IKE ESP [START [PSK]]]: an emulated AWS
# endpoint: namespace on br0, charon with connection SHORT to the cgw
# (default: the four suites AWS offers by default, responder only)
IL_AWS_IKE="aes128-sha1-modp1024, aes256-sha256-modp2048, aes128gcm16-prfsha256-ecp256, aes256gcm16-prfsha384-ecp384"
IL_AWS_ESP="aes128-sha1-modp1024, aes256-sha256-modp2048, aes128gcm16-ecp256, aes256gcm16-ecp384"
# IL_AWS_CHILD: more settings for its CHILD_SA (il_charon_updown's line)
il_aws() {
	il_peer "$1" "$2"
	il_conn "$1" "$2" "$IL_CGW_ADDR" "${4:-$IL_AWS_IKE}" "${5:-$IL_AWS_ESP}" "${6:-add}" \
		"${IL_AWS_CHILD:-}" >"$IL_DIR/$1/conns"
	il_secret "$1" "$2" "$IL_CGW_ADDR" "${7:-$IL_PSK}" >"$IL_DIR/$1/secrets"
	il_charon_start "$1" "$3"
}

il_kill() { # label: SIGKILL, as a vanished peer
	local pid
	pid=$(il_proc_pid "$1") || return 0
	kill -KILL "$pid" 2>/dev/null || true
	# our child (charon replaced the wrapper in place): reap it quietly
	{ wait "$pid"; } 2>/dev/null || true
	while il_starttime "$pid" >/dev/null 2>&1; do sleep 0.1; done
}

# log_mark FILE: its size now; log_since FILE MARK: what was added since
il_log_mark() { stat -c %s "$1" 2>/dev/null || echo 0; }
il_log_since() { tail -c +$(($2 + 1)) "$1" 2>/dev/null || true; }

# il_ping_bg SHORT DST SECONDS: ping every 0.2 s in the background;
# il_ping_check LABEL: wait for it, fail on any loss
il_ping_bg() {
	local n=$(($3 * 5))
	ip netns exec "$(il_ns "$1")" ping -n -D -i 0.2 -W 2 -c "$n" "$2" \
		</dev/null >"$IL_DIR/ping-$1.out" 2>&1 &
	IL_PING_PID=$!
	IL_PING_OUT=$IL_DIR/ping-$1.out
	IL_PING_N=$n
	il_proc_add "ping-$1" "$IL_PING_PID"
}

il_ping_check() {
	local st=0 sum
	wait "$IL_PING_PID" || st=$?
	sum=$(grep -E 'packets transmitted' "$IL_PING_OUT" || true)
	il_say "$1: ${sum:-no ping summary}"
	grep -q "^$IL_PING_N packets transmitted, $IL_PING_N received" "$IL_PING_OUT" || {
		grep -vE '^\[[0-9.]+\] 64 bytes' "$IL_PING_OUT" | tail -n 20 >&2
		# which ones, and when (the replies around each gap, with their
		# times, to hold against the logs)
		awk -v n="$IL_PING_N" '
			match($0, /icmp_seq=[0-9]+/) {
				s = substr($0, RSTART + 9, RLENGTH - 9) + 0
				got[s] = 1; ts[s] = $1
			}
			END {
				for (i = 1; i <= n; i++)
					if (!got[i])
						printf "lost icmp_seq=%d (reply before: %s, after: %s)\n", i,
							ts[i - 1] ? ts[i - 1] : "-", ts[i + 1] ? ts[i + 1] : "-"
			}' "$IL_PING_OUT" >&2
		il_fail "$1: pings were lost (ping exit $st)"
	}
}

# --- vtid --------------------------------------------------------------------

il_vtid_start() { # short: $IL_DIR/SHORT/vtid.conf must exist
	local short=$1 ns d=$IL_DIR/$1 pid i
	ns=$(il_ns "$short")
	"$VTID" -n -f "$d/vtid.conf" >"$d/check.out" 2>&1 ||
		{ cat "$d/check.out" >&2; il_fail "vtid -n rejects $d/vtid.conf"; }
	mkdir -p "$d/run"
	# ip netns exec execs vtid in place, so $! is vtid itself
	ip netns exec "$ns" "$VTID" -f "$d/vtid.conf" -p "$d/run/vtid.pid" -S "$d/run/vtid.sock" \
		</dev/null >>"$d/vtid.log" 2>&1 &
	pid=$!
	il_proc_add "vtid-$short" "$pid"
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || il_fail "vtid in $short exited at start"
		"$VTICTL_BIN" -S "$d/run/vtid.sock" -c "show version" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	il_fail "vtid in $short does not answer on its socket"
}

il_vtid_stop() { il_proc_stop "vtid-$1"; }

il_vtictl() { # short command
	"$VTICTL_BIN" -S "$IL_DIR/$1/run/vtid.sock" -c "$2"
}

# il_vtid_tunnel SHORT NAME KEY: one field of tunnel NAME in show tunnels json
# (an array, or an object with "tunnels"); empty if there is none
il_vtid_tunnel() {
	il_vtictl "$1" "show tunnels json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
if isinstance(j, dict):
    j = j.get("tunnels", [])
for t in j:
    if t.get("name") == sys.argv[1] and sys.argv[2] in t:
        print(t[sys.argv[2]])' "$2" "$3"
}

# every "spi-in spi-out" pair in show ipsec sa json, wherever it is nested
il_vtid_spis() {
	il_vtictl "$1" "show ipsec sa json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
def walk(x):
    if isinstance(x, dict):
        if "spi-in" in x and "spi-out" in x:
            print(x["spi-in"], x["spi-out"])
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
try:
    walk(json.load(sys.stdin))
except ValueError:
    pass'
}

# il_vtid_tunnel_block NAME IFACE LOCAL REMOTE INSIDE/30 PEER IKE ESP START [PSK]
# (IKE or ESP "-": the built-in proposals); IL_DPD="delay timeout action"
il_vtid_tunnel_block() {
	echo "tunnel $1"
	echo " interface $2"
	echo " local address $3"
	echo " remote address $4"
	echo " psk ${10:-$IL_PSK}"
	[[ $7 == - ]] || echo " ike proposal $7"
	[[ $8 == - ]] || echo " esp proposal $8"
	if [[ ${IL_DPD:-} ]]; then
		local delay timeout action
		read -r delay timeout action <<<"$IL_DPD"
		printf ' dpd delay %s\n dpd timeout %s\n dpd action %s\n' "$delay" "$timeout" "$action"
	fi
	echo " startup-action $9"
	echo " inside local $5"
	echo " inside peer $6"
	echo "exit"
}

# --- the customer gateway: vtid, or charon with IL_CGW=charon -------------

# il_cgw_tunnel NAME IFACE REMOTE INSIDE/30 PEER IKE ESP START [PSK]: add a
# tunnel from $IL_CGW_ADDR to REMOTE to the cgw's configuration
il_cgw_tunnel() {
	local d=$IL_DIR/cgw
	if [[ $IL_CGW == vtid ]]; then
		if [[ ! -f $d/vtid.conf ]]; then
			printf 'log level info\ndataplane user\n' >"$d/vtid.conf"
		fi
		il_vtid_tunnel_block "$1" "$2" "$IL_CGW_ADDR" "$3" "$4" "$5" "$6" "$7" "$8" \
			"${9:-$IL_PSK}" >>"$d/vtid.conf"
	else
		local ike=$6 esp=$7
		[[ $ike == - ]] && ike=default
		[[ $esp == - ]] && esp=default
		il_conn "$1" "$IL_CGW_ADDR" "$3" "$ike" "$esp" "$8" >>"$d/conns"
		il_secret "$1" "$IL_CGW_ADDR" "$3" "${9:-$IL_PSK}" >>"$d/secrets"
		echo "$4" >>"$d/inside"
	fi
}

il_cgw_reset() { # forget the cgw's tunnels (stop it first)
	rm -f "$IL_DIR/cgw/vtid.conf" "$IL_DIR/cgw/conns" "$IL_DIR/cgw/secrets" "$IL_DIR/cgw/inside"
}

il_cgw_start() {
	if [[ $IL_CGW == vtid ]]; then
		il_vtid_start cgw
	else
		# shellcheck disable=SC2046
		il_charon_start cgw $(cat "$IL_DIR/cgw/inside")
	fi
}

il_cgw_stop() {
	if [[ $IL_CGW == vtid ]]; then il_vtid_stop cgw; else il_proc_stop charon-cgw; fi
}

il_cgw_alive() {
	if [[ $IL_CGW == vtid ]]; then il_proc_pid vtid-cgw >/dev/null; else il_proc_pid charon-cgw >/dev/null; fi
}

il_cgw_log() {
	if [[ $IL_CGW == vtid ]]; then echo "$IL_DIR/cgw/vtid.log"; else echo "$IL_DIR/cgw/charon.log"; fi
}

il_cgw_state() { # name -> up, or something else
	if [[ $IL_CGW == vtid ]]; then
		il_vtid_tunnel cgw "$1" state
	elif il_charon_up cgw "$1"; then
		echo up
	else
		echo down
	fi
}

il_cgw_spis() { # name
	if [[ $IL_CGW == vtid ]]; then il_vtid_spis cgw; else il_charon_spis cgw "$1"; fi
}

il_cgw_bytes() { # name -> bytes in + out
	if [[ $IL_CGW == vtid ]]; then
		local i o
		i=$(il_vtid_tunnel cgw "$1" bytes-in)
		o=$(il_vtid_tunnel cgw "$1" bytes-out)
		echo $((${i:-0} + ${o:-0}))
	else
		il_charon_bytes cgw "$1"
	fi
}

il_cgw_rekey() { # name esp|ike
	if [[ $IL_CGW == vtid ]]; then
		il_vtictl cgw "tunnel $1 rekey $2"
	elif [[ $2 == esp ]]; then
		il_sw cgw --rekey --child "$1"
	else
		il_sw cgw --rekey --ike "$1"
	fi
}

# il_wait_up NAME SECONDS [peer short]: the cgw's tunnel NAME is up (and the
# peer charon's connection NAME installed, if given)
il_wait_up() {
	local i
	for i in $(seq $(($2 * 5))); do
		if [[ $(il_cgw_state "$1") == up ]] && { [[ -z ${3:-} ]] || il_charon_up "$3" "$1"; }; then
			return 0
		fi
		il_cgw_alive || il_fail "the cgw ($IL_CGW) died"
		sleep 0.2
	done
	il_fail "tunnel $1 not up within $2 s (state '$(il_cgw_state "$1")')"
}

# --- traffic -------------------------------------------------------------------

# il_ping SHORT DST COUNT: all COUNT answered (interval 0.2 s)
il_ping() {
	local out
	out=$(ip netns exec "$(il_ns "$1")" ping -n -q -c "$3" -i 0.2 -W 2 "$2" 2>&1) || true
	grep -q " $3 received" <<<"$out" || { echo "$out" >&2; return 1; }
}

il_iperf_server() { # short
	local ns i
	il_proc_pid "iperf3-$1" >/dev/null && return 0
	ns=$(il_ns "$1")
	ip netns exec "$ns" iperf3 -s -p 5201 </dev/null >>"$IL_DIR/$1/iperf3.log" 2>&1 &
	il_proc_add "iperf3-$1" $!
	for i in $(seq 50); do
		[[ $(ip netns exec "$ns" ss -Hltn 'sport = :5201') ]] && return 0
		sleep 0.1
	done
	il_fail "iperf3 server in $1 did not start"
}

# il_iperf SHORT SRC DST SECONDS [-R]: receiver Mbit/s of a TCP transfer
# from SRC to DST (to SRC with -R); fails when nothing arrived
il_iperf() {
	local out m
	# shellcheck disable=SC2086 # $5 is an option or nothing
	out=$(ip netns exec "$(il_ns "$1")" timeout $(($4 + 25)) \
		iperf3 -c "$3" -B "$2" -t "$4" -f m ${5:-} 2>&1) || { echo "$out" >&2; return 1; }
	m=$(awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }' <<<"$out")
	[[ $m && $m != 0.00 ]] || { echo "$out" >&2; return 1; }
	echo "$m"
}
