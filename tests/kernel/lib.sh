# shellcheck shell=bash
# Shared by the VM labs (tests/kernel/*_lab.sh), which run inside the VM
# that tests/kernel/vm.sh boots (Debian's kernel: VTI, XFRM, ESP), normally
# all in one VM through tests/kernel/run.sh.
#
# Built on the interop tests' library (tests/interop/lib.sh, bgp_lib.sh):
# namespaces, process records, the EXIT trap that removes everything, the
# FRR starter.  What this adds is the seeds' own stack, as people run it on
# a kernel with VTI: charon with the kernel-netlink plugin (not
# kernel-libipsec), `install_routes = no`, marks on the CHILD_SA, and an
# updown script that does what AWS's ipsec-vti.sh does (a VTI with
# okey/ikey = the mark, the inside address, disable_policy=1, rp_filter=2,
# the TCP MSS clamp; all removed again on down-client).  Checks print
# "PASS: lab: what" or "FAIL: lab: what" and go on; kl_done exits with the
# verdict.
#
#     . "$top/tests/kernel/lib.sh"
#     kl_init aws_lab              # skips (77) without root, charon, FRR
#     kl_charon_conf aws-t1        # strongswan.conf (kernel-netlink, updown)
#     kl_conn ... >>"$IL_DIR/aws-t1/conns"; il_secret ... >>".../secrets"
#     kl_charon_start aws-t1
#     kl_check "what" CMD...       # PASS/FAIL line
#     kl_done
# shellcheck source-path=SCRIPTDIR/../..

kl_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${srcdir:=$kl_top}"
# shellcheck source=tests/interop/lib.sh
. "$kl_top/tests/interop/lib.sh"
# shellcheck source=tests/interop/bgp_lib.sh
. "$kl_top/tests/interop/bgp_lib.sh"
# shellcheck disable=SC2034 # read by lib.sh
IL_NEED_CHARON=0 IL_IPV6=0
IL_LOGS="$IL_LOGS updown.log"

KL_PASS=0
KL_FAIL=0
# a label for the check lines of a lab's phase ("" for none)
KL_PHASE=""

# Under emulation every exec of a dynamically linked program costs ~80 ms of
# the VM's one CPU, which the daemons under test need too: the helpers here
# fork little, and the waits poll once a second.

# lib.sh's, without sed and cut: the start time of a live, non-zombie process
il_starttime() {
	local st f
	read -r st 2>/dev/null <"/proc/$1/stat" || return 1
	f=${st##*) }
	[[ ${f:0:1} != Z ]] || return 1
	read -ra f <<<"$f"
	echo "${f[19]}"
}

kl_pass() {
	KL_PASS=$((KL_PASS + 1))
	echo "PASS: $IL_NAME: ${KL_PHASE:+$KL_PHASE: }$*"
}

kl_fail() {
	KL_FAIL=$((KL_FAIL + 1))
	echo "FAIL: $IL_NAME: ${KL_PHASE:+$KL_PHASE: }$*"
}

# kl_check WHAT CMD...: one PASS or FAIL line for CMD
kl_check() {
	local what=$1
	shift
	if "$@"; then kl_pass "$what"; else kl_fail "$what"; fi
}

# kl_check_wait SECONDS WHAT CMD...: CMD succeeds within SECONDS
kl_check_wait() {
	local n=$1 what=$2 i
	shift 2
	for ((i = 0; i < n; i++)); do
		if "$@"; then
			kl_pass "$what"
			return 0
		fi
		sleep 1
	done
	kl_fail "$what (not within $n s)"
	return 1
}

# kl_dump SHORT: what the kernel holds in namespace SHORT (no keys)
kl_dump() {
	local n
	n=$(il_ns "$1")
	echo "---- $1: links, addresses, routes, XFRM policies and states, nft"
	ip -n "$n" -d link show | grep -v '^ *link/\|^ *altname' || true
	ip -n "$n" -br addr
	ip -n "$n" route
	ip -n "$n" xfrm policy
	ip -n "$n" xfrm state | grep -E '^src|proto|mark|if_id|encap' || true
	ip netns exec "$n" nft list ruleset
}

# the verdict; a lab that failed keeps its logs' tails (il_cleanup).  With
# KL_DUMP="SHORT..." a failed lab shows those namespaces' kernel state.
kl_done() {
	local s
	if [[ $KL_FAIL -ne 0 ]]; then
		for s in ${KL_DUMP:-}; do kl_dump "$s" 2>&1 || true; done
	fi
	echo "$IL_NAME: PASS=$KL_PASS FAIL=$KL_FAIL"
	[[ $KL_FAIL -eq 0 && $KL_PASS -gt 0 ]] || exit 1
	exit 0
}

kl_init() { # name
	local p
	[[ $EUID -eq 0 ]] || il_skip "the VM labs need root"
	[[ -x $IL_CHARON ]] || il_skip "$IL_CHARON missing (strongswan-charon)"
	for p in kernel-netlink updown openssl socket-default vici; do
		[[ -e /usr/lib/ipsec/plugins/libstrongswan-$p.so ]] ||
			il_skip "charon's $p plugin missing (strongswan, libstrongswan-standard-plugins)"
	done
	command -v swanctl >/dev/null || il_skip "swanctl missing (strongswan-swanctl)"
	command -v nft >/dev/null || il_skip "nft missing (nftables)"
	bl_need frr
	il_init "$1"
	# the point of the VM: a kernel that has VTI (the host's may not)
	[[ -d /sys/module/ip_vti ]] || modprobe ip_vti 2>/dev/null ||
		il_skip "this kernel has no VTI (run the lab in the VM: tests/kernel/run.sh)"
	kl_updown_write
}

# kl_ns_forward SHORT: a router without reverse-path filtering
kl_ns_forward() {
	ip netns exec "$(il_ns "$1")" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward
		echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter
		echo 0 >/proc/sys/net/ipv4/conf/default/rp_filter'
}

# --- charon with kernel-netlink, as the seeds run it -----------------------

# kl_charon_conf SHORT: the kernel's ESP, the updown plugin; the VTI
# carries the traffic, the routes are BGP's (ipsec-vti.sh setups)
kl_charon_conf() {
	il_charon_conf "$1" "	install_routes = no
	install_virtual_ip = no" kernel-netlink
	il_charon_load "$1" updown
}

# The seeds' ipsec-vti.sh (AWS's sample), with nft for iptables; called by
# charon's updown plugin as "vti-updown.sh IFACE LOCAL/30 PEER/30 MTU"
kl_updown_write() {
	cat >"$IL_DIR/vti-updown.sh" <<'EOF'
#!/bin/bash
iface=$1 local=$2 peer=$3 mtu=${4:-1436}
mark_out=${PLUTO_MARK_OUT%%/*}
mark_in=${PLUTO_MARK_IN%%/*}
exec >>"${0%/*}/updown.log" 2>&1
printf '%(%T)T %s\n' -1 "$PLUTO_VERB $PLUTO_CONNECTION $iface me $PLUTO_ME peer $PLUTO_PEER mark in $mark_in out $mark_out"
case $PLUTO_VERB in
up-client)
	ip link add "$iface" type vti local "$PLUTO_ME" remote "$PLUTO_PEER" okey "$mark_out" ikey "$mark_in"
	echo 1 >"/proc/sys/net/ipv4/conf/$iface/disable_policy"
	echo 2 >"/proc/sys/net/ipv4/conf/$iface/rp_filter"
	ip addr add "$local" remote "$peer" dev "$iface"
	ip link set "$iface" up mtu "$mtu"
	nft -f - <<NFT
table inet klab-$iface {
	chain forward {
		type filter hook forward priority mangle; policy accept;
		oifname "$iface" tcp flags syn tcp option maxseg size set rt mtu
	}
}
NFT
	;;
down-client)
	ip link del "$iface"
	nft delete table inet "klab-$iface"
	;;
esac
exit 0
EOF
	chmod 755 "$IL_DIR/vti-updown.sh"
}

# kl_conn NAME LOCAL REMOTE IKE ESP START(start|none) MARK IFACE INSIDE/30 PEER/30:
# one swanctl connection with a CHILD_SA 0/0 <-> 0/0 marked MARK both ways,
# whose updown makes the VTI IFACE
kl_conn() {
	local extra
	printf -v extra 'mark_in = %s\n\t\t\t\tmark_out = %s\n\t\t\t\tupdown = %s %s %s %s %s' \
		"$7" "$7" "$IL_DIR/vti-updown.sh" "$8" "$9" "${10}" "${KL_VTI_MTU:-1436}"
	IL_ENCAP=no IL_KEYINGTRIES=0 IL_DPD_ACTION=${KL_DPD_ACTION:-restart} \
		il_conn "$1" "$2" "$3" "$4" "$5" "$6" "$extra"
}

# kl_charon_start SHORT: charon (kernel-netlink) in namespace SHORT, as
# lib.sh's il_charon_start; polled less often (each fork costs ~80 ms under
# emulation)
kl_charon_start() {
	[[ -f $IL_DIR/$1/strongswan.conf ]] || kl_charon_conf "$1"
	IL_CHARON_POLL=0.2 IL_CHARON_TRIES=300 il_charon_start "$1"
}

# --- what the kernel holds ------------------------------------------------------

# kl_xfrm_packets SHORT MARK SRC [KEY]: packets counted by the XFRM states
# with MARK (KEY "mark", the default; or "if_id") and source address SRC in
# namespace SHORT, summed
kl_xfrm_packets() {
	ip -n "$(il_ns "$1")" -s xfrm state | awk -v m="$(printf '0x%x' "$2")" -v src="$3" -v k="${4:-mark}" '
		/^src / { ours = ($2 == src) }
		$1 == k { split($2, a, "/"); if (a[1] != m) ours = 0 }
		/lifetime current:/ { cur = 1; next }
		cur { cur = 0; if (ours) { sub(/\(packets\)/, "", $2); n += $2 } }
		END { print n + 0 }'
}

kl_xfrm_states() { ip -n "$(il_ns "$1")" xfrm state count | awk '{ print $NF }'; }
# ("ip xfrm policy count" ends with the socket policies' count: not those)
kl_xfrm_policies() { ip -n "$(il_ns "$1")" xfrm policy | grep -c '^src ' || true; }

# kl_vti SHORT IFACE MARK: IFACE is an up VTI whose ikey and okey are MARK
kl_vti() {
	local out k
	out=$(ip -n "$(il_ns "$1")" -d link show "$2" 2>/dev/null) || return 1
	k=$(($3 >> 24 & 255)).$(($3 >> 16 & 255)).$(($3 >> 8 & 255)).$(($3 & 255))
	[[ $out == *"vti remote "* && $out == *,UP* && $out == *"ikey $k okey $k"* ]]
}

# kl_xfrmi SHORT IFACE IF_ID: IFACE is an up XFRM interface with IF_ID
kl_xfrmi() {
	local out
	out=$(ip -n "$(il_ns "$1")" -d link show "$2" 2>/dev/null) || return 1
	[[ $out == *,UP* && ($out == *"xfrm if_id $(printf '0x%x' "$3") "* ||
		$out == *"xfrm if_id $3 "*) ]]
}

# kl_xfrm_reqids SHORT: the reqids of the XFRM states in SHORT, one a line
kl_xfrm_reqids() {
	ip -n "$(il_ns "$1")" xfrm state | awk '/ reqid / { for (i = 1; i < NF; i++) if ($i == "reqid") print $(i + 1) }'
}

# names of the VTI and XFRM links in namespace SHORT (but ip_vti0, the
# fallback device the kernel makes in every namespace)
kl_tunnel_links() {
	ip -n "$(il_ns "$1")" -d -o link show |
		awk '/ vti remote | xfrm if_id / { sub(/@.*/, "", $2); sub(/:$/, "", $2); if ($2 != "ip_vti0") print $2 }'
}

# kl_mss_probe SNIFF-SHORT IFACE SEND-SHORT DST PORT: the MSS option of the
# first SYN to DST:PORT seen on IFACE in SNIFF-SHORT (an AF_PACKET socket),
# while SEND-SHORT connects to DST:PORT; "none" or "timeout" otherwise
kl_mss_probe() {
	local out=$IL_DIR/mss.$5 i
	rm -f "$out" "$out.ready"
	ip netns exec "$(il_ns "$1")" "$IL_PYTHON" -c '
import socket, struct, sys, time
port, ifname, ready = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind((ifname, 0))
s.settimeout(0.5)
open(ready, "w").close()
end = time.time() + 20
while time.time() < end:
    try:
        f = s.recv(65535)
    except socket.timeout:
        continue
    ip = f[14:]
    if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
        continue
    tcp = ip[(ip[0] & 15) * 4:]
    if len(tcp) < 20 or struct.unpack("!H", tcp[2:4])[0] != port:
        continue
    if not tcp[13] & 0x02 or tcp[13] & 0x10:
        continue
    opts, i = tcp[20:(tcp[12] >> 4) * 4], 0
    while i < len(opts) and opts[i] != 0:
        if opts[i] == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        if opts[i] == 2 and opts[i + 1] == 4 and i + 4 <= len(opts):
            print(struct.unpack("!H", opts[i + 2:i + 4])[0])
            sys.exit(0)
        i += opts[i + 1]
    print("none")
    sys.exit(0)
print("timeout")' "$5" "$2" "$out.ready" >"$out" 2>&1 &
	il_proc_add "mss-sniffer-$5" $!
	for i in $(seq 50); do
		[[ -e $out.ready ]] && break
		sleep 0.1
	done
	ip netns exec "$(il_ns "$3")" "$IL_PYTHON" -c '
import socket, sys
s = socket.socket()
s.settimeout(5)
try:
    s.connect((sys.argv[1], int(sys.argv[2])))
except OSError:
    pass' "$4" "$5"
	for i in $(seq 100); do
		[[ -s $out ]] && break
		sleep 0.1
	done
	cat "$out" 2>/dev/null || echo timeout
}
