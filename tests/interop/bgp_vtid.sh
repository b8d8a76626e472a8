# shellcheck shell=bash
# vtid in the BGP labs: helpers for the tests that run vtid in the hub
# namespace "cgw" (bgp_lib.sh's bl_hub) against BIRD, FRR and GoBGP.
# Sourced after lib.sh and bgp_lib.sh.
#
#     bv_start <<EOF            vtid.conf from stdin, then vtid in cgw
#     router bgp 65001
#      ...
#     EOF
#     bv_json "show ip bgp summary json"        vtictl's JSON, checked
#     bv_get "show ip bgp summary json" peers 192.0.2.2 state
#                                                one value (JSON path keys)
#     bv_wait_state 192.0.2.2 Established [secs]
#     bv_wait_kernel NS PREFIX "via1 via2" [secs] kernel route PREFIX in NS
#                                                has exactly these gateways
#     bv_wait_no_kernel NS PREFIX [secs]        no route PREFIX in NS
#
# NS is a short namespace name (cgw, r1, ...).  Every wait polls every 0.1 s
# and fails the test (il_fail) with what it saw when time runs out.  The
# getters (bv_get, bv_kernel_gws, bv_kernel_proto) never fail, so that
# "x=$(bv_get ...)" under set -e cannot end a test without a message.
# Part B of the BGP interop tests may append functions at the end.

# bv_start: $IL_DIR/cgw/vtid.conf from stdin ("log level info" first
# unless the body sets a log level), then il_vtid_start cgw
bv_start() {
	local d=$IL_DIR/cgw body
	mkdir -p "$d"
	body=$(cat)
	{
		grep -q '^log level' <<<"$body" || echo "log level info"
		printf '%s\n' "$body"
	} >"$d/vtid.conf"
	il_vtid_start cgw
}

# bv_dual_conf PEER4 PEER6 PEER_AS: vtid's configuration for one peer over an
# IPv4 and an IPv6 session (timers 1 3), announcing 10.1.0.0/24 and
# 2001:db8:100::/48; give it to bv_start
bv_dual_conf() {
	cat <<EOF
router bgp 65001
 bgp router-id 192.0.2.1
 neighbor $1 remote-as $3
 neighbor $1 timers 1 3
 neighbor $2 remote-as $3
 neighbor $2 timers 1 3
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:100::/48
  neighbor $2 activate
 exit-address-family
EOF
}

# bv_dual_up KIND NAME PEER4 PEER6: both sessions established, seen from
# vtid and from the peer
bv_dual_up() {
	bv_wait_state "$3" Established 20
	bv_wait_state "$4" Established 20
	bl_wait_established "$1" "$2" 192.0.2.1 10
	bl_wait_established "$1" "$2" 2001:db8::1 10
}

# bv_json CMD: the JSON vtictl prints for CMD (which ends in "json"), on
# stdout; fails when vtictl fails or prints something that is not JSON
bv_json() {
	local out
	out=$(il_vtictl cgw "$1" 2>&1) || il_fail "vtictl -c '$1' failed: $out"
	"$IL_PYTHON" -c 'import json, sys; json.loads(sys.argv[1])' "$out" 2>/dev/null ||
		il_fail "vtictl -c '$1' is not JSON: $out"
	printf '%s\n' "$out"
}

# bv_get CMD KEY...: one value from CMD's JSON, following KEY (object keys,
# or list indexes as numbers); empty when the path does not exist.  Lists
# and objects print as JSON, booleans as true/false.
bv_get() {
	local cmd=$1
	shift
	il_vtictl cgw "$cmd" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
try:
    x = json.load(sys.stdin)
    for k in sys.argv[1:]:
        x = x[int(k)] if isinstance(x, list) else x[k]
except (ValueError, KeyError, IndexError, TypeError):
    sys.exit(0)
if isinstance(x, bool):
    print("true" if x else "false")
elif isinstance(x, (dict, list)):
    print(json.dumps(x, sort_keys=True))
else:
    print(x)' "$@" || true
}

# the session state of neighbor ADDR in vtid (show ip bgp summary json;
# the IPv4 and IPv6 summaries list every neighbor)
bv_state() { bv_get "show ip bgp summary json" peers "$1" state; }

bv_wait_state() { # addr state [seconds]
	local _ got=
	for _ in $(seq $((${3:-30} * 10))); do
		got=$(bv_state "$1")
		[[ $got == "$2" ]] && return 0
		il_proc_pid vtid-cgw >/dev/null || il_fail "vtid died (waiting for $1 to be $2)"
		sleep 0.1
	done
	il_fail "vtid: neighbor $1 is '${got}', not $2, after ${3:-30} s"
}

# bv_kernel_route NS PREFIX WHAT: of the kernel route PREFIX in namespace
# NS, its sorted gateways (WHAT=gws: one per nexthop of a multipath route,
# space-separated) or its protocol (WHAT=proto); empty when there is none
bv_kernel_route() {
	local fam=-4
	[[ $2 == *:* ]] && fam=-6
	ip -n "$(il_ns "$1")" "$fam" -j route show "$2" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
try:
    routes = [r for r in json.load(sys.stdin) if r.get("dst") == sys.argv[1]]
except ValueError:
    routes = []
if sys.argv[2] == "proto":
    print(" ".join(str(r.get("protocol")) for r in routes))
else:
    print(" ".join(sorted(nh.get("gateway", "dev:" + str(nh.get("dev")))
                          for r in routes for nh in r.get("nexthops") or [r])))' "$2" "$3" || true
}

bv_kernel_gws() { bv_kernel_route "$1" "$2" gws; }     # NS PREFIX
bv_kernel_proto() { bv_kernel_route "$1" "$2" proto; } # NS PREFIX

# bv_wait_kernel NS PREFIX "GW..." [seconds]: route PREFIX in NS has exactly
# the gateways GW (any order) and protocol bgp
bv_wait_kernel() {
	local want got proto _
	want=$(tr ' ' '\n' <<<"$3" | sed '/^$/d' | sort | tr '\n' ' ')
	want=${want% }
	for _ in $(seq $((${4:-20} * 10))); do
		got=$(bv_kernel_gws "$1" "$2")
		if [[ $got == "$want" ]]; then
			proto=$(bv_kernel_proto "$1" "$2")
			[[ $proto == bgp ]] ||
				il_fail "kernel route $2 in $1 has protocol '$proto', not bgp"
			return 0
		fi
		sleep 0.1
	done
	il_fail "kernel route $2 in $1: gateways '$got', want '$want' (after ${4:-20} s)"
}

bv_wait_no_kernel() { # ns prefix [seconds]
	local got _
	for _ in $(seq $((${3:-20} * 10))); do
		got=$(bv_kernel_gws "$1" "$2")
		[[ -z $got ]] && return 0
		sleep 0.1
	done
	il_fail "kernel route $2 in $1 still there (gateways '$got') after ${3:-20} s"
}

# --- part B (bgp_gobgp, bgp_as2, bgp_malformed, bgp_policy) ----------------------

# bv_want SECONDS WHAT WANT CMD...: poll until CMD prints exactly WANT (one
# line or several); fails with what it printed last
bv_want() {
	local n=$(($1 * 10)) what=$2 want=$3 got="" _
	shift 3
	for _ in $(seq "$n"); do
		got=$("$@" 2>&1) || got="(failed) $got"
		[[ $got == "$want" ]] && return 0
		sleep 0.1
	done
	il_fail "$what: got '${got//$'\n'/; }', want '${want//$'\n'/; }' (after $((n / 10)) s)"
}

# bv_eval CMD EXPR: the Python expression EXPR over j, the JSON of vtictl
# CMD; fails (status 1) when CMD fails or EXPR raises (a missing key)
bv_eval() {
	il_vtictl cgw "$1" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$2"
}

# bv_peer ADDR FIELD [ipv6]: one field of neighbor ADDR in the IPv4 (or
# IPv6) summary: prefixes-received, -accepted, -sent, -held-back, ...
bv_peer() {
	local cmd="show ip bgp summary json"
	[[ ${3:-} == ipv6 ]] && cmd="show bgp ipv6 unicast summary json"
	bv_get "$cmd" peers "$1" "$2"
}

# bv_bad_peer NS ADDR AS [options]: tests/interop/bgp_bad_peer.py in
# namespace NS (address ADDR), connected to vtid, waiting for commands;
# bv_bad_cmd "send KIND PREFIX" gives it one, bv_bad_wait REGEX [secs]
# waits for a line of its output ($IL_DIR/NS/inject.log)
bv_bad_peer() {
	local d=$IL_DIR/$1 pid
	mkdir -p "$d"
	rm -f "$d/cmd"
	mkfifo "$d/cmd"
	ip netns exec "$(il_ns "$1")" "$IL_PYTHON" "${srcdir:-.}/tests/interop/bgp_bad_peer.py" \
		--connect "$IL_CGW_ADDR" --as "$3" --id "$2" --next-hop "$2" "${@:4}" \
		<"$d/cmd" >"$d/inject.log" 2>&1 &
	pid=$!
	il_proc_add "bad-peer-$1" "$pid"
	# the write end stays open in this shell: the injector reads until exit
	exec {BV_BAD_FD}>"$d/cmd"
	BV_BAD_LOG=$d/inject.log
	bv_bad_wait '^bad_peer: established$' 20
}

# (in a subshell: if the injector is gone, SIGPIPE ends that, not the test)
bv_bad_cmd() {
	(echo "$1" >&"$BV_BAD_FD") 2>/dev/null ||
		il_fail "bgp_bad_peer.py is gone, cannot send '$1': $(tail -n 3 "$BV_BAD_LOG")"
}

bv_bad_wait() { # regex [seconds]
	local _
	for _ in $(seq $((${2:-10} * 10))); do
		grep -qE "$1" "$BV_BAD_LOG" && return 0
		sleep 0.1
	done
	cat "$BV_BAD_LOG" >&2
	il_fail "bgp_bad_peer.py printed no line matching '$1' within ${2:-10} s"
}
