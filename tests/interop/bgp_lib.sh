# shellcheck shell=bash
# BGP labs: BIRD 2, FRR bgpd and GoBGP peers in network namespaces, for the
# interop tests and benchmarks of vtid's BGP speaker.  Sourced after lib.sh,
# whose process records, EXIT trap and skip-with-77 it uses.
#
# Topology (lib.sh's, with IPv6 on):
#
#     namespace "cgw" (the hub): bridge br0, 192.0.2.1/24 and 2001:db8::1/64
#     (vtid runs here, or any daemon a test puts there)
#        |-- p1 === eth0  namespace A  192.0.2.2/24  2001:db8::2/64
#        |-- p2 === eth0  namespace B  192.0.2.3/24  2001:db8::3/64
#        ...
#
# Every peer namespace has one veth whose other end is a port of br0, so all
# are on one link.  Each daemon keeps everything in $IL_DIR/NAME (FRR:
# $IL_DIR/frr-NAME): config, control socket, pid file, log (bird.log,
# bgpd.log, zebra.log, gobgpd.log, printed on failure); nothing goes to
# /etc, /run or /var/run of the host.  FRR's daemons run in a mount
# namespace of their own (see bl_frr_daemon); vtysh reaches them with
# --vty_socket.
#
# Usage:
#     . "$srcdir/tests/interop/lib.sh"
#     . "$srcdir/tests/interop/bgp_lib.sh"
#     bl_init smoke [vtid]            # il_init without charon, IPv6 on
#     bl_need bird frr gobgp          # skip (77) if one is not installed
#     bl_hub                          # cgw with br0
#     bl_ns r1 192.0.2.2/24 2001:db8::2/64
#     bl_bird r1 65002 192.0.2.2 <<EOF
#     protocol bgp hub4 from bl4 { neighbor 192.0.2.1 as 65001; }
#     EOF
#     bl_wait_established bird r1 192.0.2.1
#
# Configs: each starter writes the common part and appends the body given as
# a file argument or on stdin:
#   bl_bird NAME ASN RID:  BIRD 2 config statements; templates bl4 and bl6
#     (eBGP, local as ASN, ipv4 resp. ipv6 channel, import/export all) are
#     defined.  No kernel protocol unless BL_BIRD_KERNEL=1 (then routes are
#     exported to the namespace's kernel, ECMP merged).  BL_BIRD_ARGS adds
#     bird options (-R: graceful restart recovery, a restarting speaker).
#   bl_frr NAME ASN RID:   lines inside "router bgp ASN" (neighbors and
#     address-family blocks; "no bgp default ipv4-unicast", so activate each
#     neighbor; no eBGP policy needed; "network" without import check;
#     "neighbor X timers connect 2" makes a late peer come up fast).  zebra runs too (it knows the interfaces, which bgpd needs
#     for IPv6 link-local nexthops, and installs the routes in the
#     namespace); BL_FRR_ZEBRA=0: bgpd alone (-Z).  BL_FRR_ARGS adds bgpd
#     options (-n: keep zebra, install nothing).
#   bl_gobgp NAME ASN RID: TOML after [global.config] ([[neighbors]] ...);
#     gRPC API on 127.0.0.1:PORT in the namespace, PORT per instance.

# shellcheck disable=SC2034 # read by lib.sh
IL_NEED_CHARON=0 IL_IPV6=1
IL_LOGS="$IL_LOGS bird.log bgpd.log zebra.log gobgpd.log inject.log"
BL_FRR_DIR=${BL_FRR_DIR:-/usr/lib/frr}
BL_GOBGP_PORT=50051
BL_HUB6=2001:db8::1

bl_init() { # name [vtid]
	il_init "$@"
}

bl_need() { # kinds...: skip the test unless every daemon is installed
	local k
	for k in "$@"; do
		case $k in
		bird) { command -v bird && command -v birdc; } >/dev/null ||
			il_skip "BIRD 2 not installed (bird2)" ;;
		frr) { [[ -x $BL_FRR_DIR/bgpd ]] && command -v vtysh; } >/dev/null ||
			il_skip "FRR not installed (frr)" ;;
		gobgp) { command -v gobgpd && command -v gobgp; } >/dev/null ||
			il_skip "GoBGP not installed (gobgpd)" ;;
		*) il_fail "bl_need: unknown kind $k" ;;
		esac
	done
}

bl_hub() { # the cgw namespace: br0 with $IL_CGW_ADDR/24 and $BL_HUB6/64
	il_wan
	ip -n "$(il_ns cgw)" addr add "$BL_HUB6/64" dev br0
}

# bl_ns NAME ADDR/len [ADDR6/len]: a namespace with eth0 on the hub's br0
bl_ns() { il_peer "$@"; }

# body of a config: the file $1, or stdin when there is no argument
bl_body() {
	if [[ $# -gt 0 ]]; then cat -- "$1"; elif [[ ! -t 0 ]]; then cat; fi
}

# bl_wait_ok LABEL PID TRIES CMD...: CMD succeeds while PID lives (0.1 s steps)
bl_wait_ok() {
	local label=$1 pid=$2 n=$3 i
	shift 3
	for i in $(seq "$n"); do
		"$@" >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null || il_fail "$label exited at start"
		sleep 0.1
	done
	il_fail "$label does not answer"
}

# --- BIRD 2 --------------------------------------------------------------------

bl_bird() { # name asn router-id [config-body-file]
	local name=$1 asn=$2 rid=$3 d=$IL_DIR/$1 pid
	shift 3
	mkdir -p "$d"
	{
		cat <<EOF
log "$d/bird.log" all;
router id $rid;
protocol device { }
template bgp bl4 {
	local as $asn;
	ipv4 { import all; export all; };
}
template bgp bl6 {
	local as $asn;
	ipv6 { import all; export all; };
}
EOF
		if [[ ${BL_BIRD_KERNEL:-0} == 1 ]]; then
			cat <<EOF
protocol kernel bl_kernel4 { merge paths on; ipv4 { import none; export all; }; }
protocol kernel bl_kernel6 { merge paths on; ipv6 { import none; export all; }; }
EOF
		fi
		bl_body "$@"
	} >"$d/bird.conf"
	bird -p -c "$d/bird.conf" >"$d/bird.check" 2>&1 ||
		{ cat "$d/bird.check" >&2; il_fail "BIRD rejects $d/bird.conf"; }
	# ip netns exec execs bird in place: $! is bird
	# shellcheck disable=SC2086 # BL_BIRD_ARGS: options, split on purpose
	ip netns exec "$(il_ns "$name")" bird -f -c "$d/bird.conf" -s "$d/bird.ctl" \
		-P "$d/bird.pid" ${BL_BIRD_ARGS:-} </dev/null >>"$d/bird.stderr" 2>&1 &
	pid=$!
	il_proc_add "bird-$name" "$pid"
	bl_wait_ok "bird in $name" "$pid" 100 birdc -s "$d/bird.ctl" show status
}

bl_bird_cmd() { # name command...
	birdc -s "$IL_DIR/$1/bird.ctl" "${@:2}"
}

# the BIRD protocol whose neighbor is ADDR
bl_bird_proto() { # name addr
	bl_bird_cmd "$1" show protocols all 2>/dev/null | awk -v a="$2" '
		/^[^ ]/ && NF >= 2 && $2 == "BGP" { p = $1 }
		$1 == "Neighbor" && $2 == "address:" && $3 == a && p != "" { print p; exit }'
}

# --- FRR -----------------------------------------------------------------------

bl_frr() { # name asn router-id [router-bgp-body-file]
	local name=$1 asn=$2 rid=$3 d=$IL_DIR/frr-$1 zopt=-Z
	shift 3
	# the daemons run as user frr (root is not in group frrvty, which they
	# insist on); this directory is theirs, /run/frr in their mount namespace
	mkdir -p "$d"
	{
		cat <<EOF
frr defaults traditional
hostname $name
log file /run/frr/bgpd.log informational
!
router bgp $asn
 bgp router-id $rid
 no bgp ebgp-requires-policy
 no bgp network import-check
 no bgp default ipv4-unicast
EOF
		bl_body "$@"
		echo "!"
	} >"$d/bgpd.conf"
	if [[ ${BL_FRR_ZEBRA:-1} == 1 ]]; then
		printf 'hostname %s\nlog file /run/frr/zebra.log informational\n' "$name" >"$d/zebra.conf"
		zopt=
	fi
	chown -R frr:frr "$d"
	[[ $zopt ]] || bl_frr_daemon "$name" zebra
	# shellcheck disable=SC2086 # BL_FRR_ARGS: options, split on purpose
	bl_frr_daemon "$name" bgpd $zopt ${BL_FRR_ARGS:-}
}

# bl_frr_daemon NAME DAEMON ARGS...: one FRR daemon in a mount namespace of
# its own: empty tmpfs on /run and /var/tmp/frr (compiled-in paths), and
# $IL_DIR/frr-NAME bind-mounted on /run/frr
bl_frr_daemon() {
	local name=$1 daemon=$2 d=$IL_DIR/frr-$1 pid
	shift 2
	# shellcheck disable=SC2016
	ip netns exec "$(il_ns "$name")" unshare --mount --propagation private sh -ec '
		mount -t tmpfs -o mode=0755,size=8m bl-frr-run /run
		mkdir /run/frr
		mount --bind "$1" /run/frr
		mkdir -p /var/tmp/frr
		mount -t tmpfs -o mode=0755,size=8m bl-frr-tmp /var/tmp/frr
		d=$1 daemon=$2 short=$3
		shift 3
		exec "$daemon" -P 0 -f "/run/frr/$short.conf" -i "/run/frr/$short.pid" \
			--vty_socket /run/frr -z /run/frr/zserv.api "$@"' \
		sh "$d" "$BL_FRR_DIR/$daemon" "$daemon" "$@" </dev/null >>"$d/$daemon.stderr" 2>&1 &
	pid=$!
	il_proc_add "$daemon-$name" "$pid"
	bl_wait_ok "$daemon in $name" "$pid" 100 test -S "$d/$daemon.vty"
	[[ $daemon != zebra ]] || bl_wait_ok "zebra in $name" "$pid" 50 test -S "$d/zserv.api"
}

bl_frr_cmd() { # name command...: each argument one vtysh command
	local a args=()
	for a in "${@:2}"; do args+=(-c "$a"); done
	vtysh --vty_socket "$IL_DIR/frr-$1" "${args[@]}"
}

# --- GoBGP ---------------------------------------------------------------------

bl_gobgp() { # name asn router-id [toml-body-file]
	local name=$1 asn=$2 rid=$3 d=$IL_DIR/$1 pid port
	shift 3
	mkdir -p "$d"
	port=$BL_GOBGP_PORT
	BL_GOBGP_PORT=$((BL_GOBGP_PORT + 1))
	echo "$port" >"$d/gobgp.port"
	{
		cat <<EOF
[global.config]
  as = $asn
  router-id = "$rid"
  port = 179

EOF
		bl_body "$@"
	} >"$d/gobgpd.toml"
	gobgpd -d -f "$d/gobgpd.toml" -t toml >"$d/gobgpd.check" 2>&1 ||
		{ cat "$d/gobgpd.check" >&2; il_fail "gobgpd rejects $d/gobgpd.toml"; }
	ip netns exec "$(il_ns "$name")" gobgpd -f "$d/gobgpd.toml" -t toml -p -l info \
		--api-hosts "127.0.0.1:$port" --pprof-disable </dev/null >>"$d/gobgpd.log" 2>&1 &
	pid=$!
	il_proc_add "gobgpd-$name" "$pid"
	bl_wait_ok "gobgpd in $name" "$pid" 100 bl_gobgp_cmd "$name" global
}

bl_gobgp_cmd() { # name gobgp-args...
	ip netns exec "$(il_ns "$1")" gobgp -p "$(<"$IL_DIR/$1/gobgp.port")" "${@:2}"
}

# --- vtid ----------------------------------------------------------------------

# il_vtid_start/il_vtictl (lib.sh) run it in cgw; the BGP view is
# "show ip bgp summary json": "peers" keyed by address, each with "state"

# --- the peers' own views --------------------------------------------------------

# 0 if the session of daemon KIND in NAME to neighbor ADDR is established
bl_established() { # kind name addr
	case $1 in
	bird)
		# one block per protocol; "BGP state" comes before "Neighbor address"
		bl_bird_cmd "$2" show protocols all 2>/dev/null | awk -v a="$3" '
			function block_end() { if (bgp && addr == a && st == "Established") ok = 1 }
			/^[^ ]/ { block_end(); bgp = ($2 == "BGP"); addr = ""; st = "" }
			bgp && $1 == "BGP" && $2 == "state:" { st = $3 }
			bgp && $1 == "Neighbor" && $2 == "address:" { addr = $3 }
			END { block_end(); exit !ok }'
		;;
	frr)
		bl_frr_cmd "$2" "show bgp neighbors $3 json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
sys.exit(0 if j.get(sys.argv[1], {}).get("bgpState") == "Established" else 1)' "$3"
		;;
	gobgp)
		bl_gobgp_cmd "$2" neighbor "$3" -j 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
s = json.load(sys.stdin).get("state", {}).get("session_state")
sys.exit(0 if s in (6, "ESTABLISHED", "established") else 1)'
		;;
	vtid)
		il_vtictl "$2" "show ip bgp summary json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
p = json.load(sys.stdin).get("peers", {}).get(sys.argv[1], {})
sys.exit(0 if p.get("state") == "Established" else 1)' "$3"
		;;
	*) il_fail "bl_established: unknown kind $1" ;;
	esac
}

# bl_wait SECONDS WHAT CMD...: CMD succeeds within SECONDS (0.1 s steps),
# or the test fails saying WHAT did not happen
bl_wait() {
	local n=$(($1 * 10)) what=$2 _
	shift 2
	for _ in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	il_fail "$what within $((n / 10)) s"
}

bl_wait_established() { # kind name addr [seconds]
	bl_wait "${4:-30}" "$1 in $2: no established session to $3" bl_established "$1" "$2" "$3"
}

# 0 if daemon KIND in NAME has PREFIX (v4 or v6) in its RIB
bl_has_route() { # kind name prefix
	local af=ipv4 out
	[[ $3 == *:* ]] && af=ipv6
	case $1 in
	bird)
		out=$(bl_bird_cmd "$2" show route "$3" 2>/dev/null) || return 1
		grep -q "^$3 " <<<"$out"
		;;
	frr)
		bl_frr_cmd "$2" "show bgp $af unicast $3 json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
sys.exit(0 if json.load(sys.stdin).get("paths") else 1)'
		;;
	gobgp)
		out=$(bl_gobgp_cmd "$2" global rib -a "$af" "$3" 2>/dev/null) || return 1
		grep -q "$3" <<<"$out"
		;;
	*) il_fail "bl_has_route: unknown kind $1" ;;
	esac
}

bl_wait_route() { # kind name prefix [seconds]
	bl_wait "${4:-30}" "$1 in $2: no route $3" bl_has_route "$1" "$2" "$3"
}

# bl_kernel_routes NAME PREFIX: the nexthops of the kernel route PREFIX in
# namespace NAME, one "via A dev D" a line, sorted (one line per ECMP path)
bl_kernel_routes() {
	local fam=-4
	[[ $2 == *:* ]] && fam=-6
	ip -n "$(il_ns "$1")" "$fam" -j route show "$2" | "$IL_PYTHON" -c '
import json, sys
out = []
for r in json.load(sys.stdin):
    for nh in r.get("nexthops") or [r]:
        if "gateway" in nh:
            out.append("via %s dev %s" % (nh["gateway"], nh.get("dev", "?")))
        elif "dev" in nh:
            out.append("dev %s" % nh["dev"])
print("\n".join(sorted(out)))'
}
