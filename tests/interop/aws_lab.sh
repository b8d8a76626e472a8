#!/usr/bin/env bash
# The AWS lab (examples/aws-lab/run.sh), end to end, as a user runs it:
# up, failover, down.  Checked on top of what the script checks itself:
#   up:       both tunnels up and both BGP sessions Established in vtid's
#             JSON and on AWS's side (both BIRDs), the VPC prefix received
#             from each, the ECMP kernel route to 172.31.0.0/16 over vti1
#             and vti2, the Transit Gateway's route back over both
#             endpoints, no loss pinging lan -> vpc;
#   failover: the route drops to the other tunnel alone and comes back to
#             two, traffic goes on, the longest stretch without a reply is
#             under 2 s (the endpoint's charon says DELETE on its way out);
#   down:     no namespace, no process, no TUN device, no route or rule
#             left, neither in the namespaces nor on the host, and the
#             lab's directory is gone.
# The lab runs with its own namespace prefix and state directory, so a lab
# a user has up on this machine is not touched.
set -eu -o pipefail
: "${srcdir:=.}"
top=$(cd "$srcdir" && pwd)
name=aws_lab

skip() {
	echo "SKIP: $*"
	exit 77
}
fail() {
	echo "FAIL: $name: $*" >&2
	exit 1
}
say() { echo "$name: $*"; }

[[ -z ${VTID_SKIP_INTEROP:-} ]] || skip "VTID_SKIP_INTEROP is set"
[[ $EUID -eq 0 ]] || skip "the AWS lab needs root"
[[ -x /usr/lib/ipsec/charon ]] || skip "charon missing (strongswan-charon)"
[[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]] ||
	skip "kernel-libipsec missing (libcharon-extra-plugins)"
for t in bird birdc swanctl ping python3 nsenter unshare; do
	command -v "$t" >/dev/null || skip "$t not installed"
done
[[ -c /dev/net/tun ]] || skip "/dev/net/tun missing"
export VTID=$PWD/vtid/vtid VTICTL_BIN=$PWD/vtid/vtictl
[[ -x $VTID && -x $VTICTL_BIN ]] || skip "vtid not built"

work=$(mktemp -d "${TMPDIR:-/tmp}/aws-lab-test.XXXXXX")
export AWS_LAB_DIR=$work/lab AWS_LAB_NS_PREFIX=vl$$-
lab=$top/examples/aws-lab/run.sh
P=$AWS_LAB_NS_PREFIX

cleanup() {
	local rc=$?
	trap - EXIT
	set +e
	if [[ -d $AWS_LAB_DIR ]]; then
		if [[ $rc -ne 0 ]]; then
			for f in "$AWS_LAB_DIR"/*/vtid.log "$AWS_LAB_DIR"/*/charon.log "$AWS_LAB_DIR"/*/bird.log; do
				[[ -f $f ]] && { echo "---- ${f#"$AWS_LAB_DIR"/} (last 30 lines)"; tail -n 30 "$f"; } >&2
			done
		fi
		bash "$lab" down >/dev/null 2>&1
	fi
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# what the host has before: links, routes, rules (namespaces: only the
# lab's, by prefix; other tests make their own meanwhile)
host_state() {
	ip -o link show | sed 's/^[0-9]*: //; s/ .*//'
	ip route show table all
	ip rule show
	ip -6 route show table all
}
host_state >"$work/host.before"

vctl() { ip netns exec "${P}onprem" "$VTICTL_BIN" -S "$AWS_LAB_DIR/onprem/run/vtid.sock" -c "$1"; }
json() { # expression over the JSON on stdin, as j
	python3 -c 'import json, sys
j = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}
routes() { # ns prefix: "via X dev Y" lines, sorted
	ip -n "$1" -j route show "$2" | python3 -c 'import json, sys
out = []
for r in json.load(sys.stdin):
    for nh in r.get("nexthops") or [r]:
        out.append("via %s dev %s" % (nh.get("gateway", "-"), nh.get("dev", "?")))
print("\n".join(sorted(out)))'
}
bird_state() { # ns protocol: BIRD's BGP state
	birdc -s "$AWS_LAB_DIR/$1/bird.ctl" show protocols all "$2" | awk '$1 == "BGP" && $2 == "state:" { print $3 }'
}

# --- up ------------------------------------------------------------------------------
t0=$SECONDS
bash "$lab" >"$work/up.out" 2>&1 || {
	cat "$work/up.out" >&2
	fail "run.sh (up) failed"
}
for w in "both tunnels up" "both BGP sessions established" "ECMP route to 172.31.0.0/16 over vti1 and vti2" \
	"3 packets transmitted, 3 received" "run.sh down"; do
	grep -qF "$w" "$work/up.out" || { cat "$work/up.out" >&2; fail "run.sh's output lacks '$w'"; }
done
say "up in $((SECONDS - t0)) s"
cp "$AWS_LAB_DIR/procs" "$work/procs"

tj=$(vctl "show tunnels json")
for t in aws1 aws2; do
	st=$(json "[x['state'] for x in (j['tunnels'] if isinstance(j, dict) else j) if x['name'] == '$t'][0]" <<<"$tj")
	[[ $st == up ]] || fail "tunnel $t is '$st' in show tunnels json"
done
sj=$(vctl "show ip bgp summary json")
for nb in 169.254.12.37 169.254.14.229; do
	st=$(json "j['peers']['$nb']['state']" <<<"$sj")
	[[ $st == Established ]] || fail "neighbor $nb is '$st'"
	n=$(json "j['peers']['$nb']['prefixes-received']" <<<"$sj")
	[[ $n == 1 ]] || fail "neighbor $nb: $n prefixes received, not 1 (172.31.0.0/16)"
done
for ns in aws-t1 aws-t2; do
	st=$(bird_state "$ns" onprem)
	[[ $st == Established ]] || fail "AWS's side: BIRD in $ns is '$st' with vtid"
done
got=$(routes "${P}onprem" 172.31.0.0/16)
want=$'via 169.254.12.37 dev vti1\nvia 169.254.14.229 dev vti2'
[[ $got == "$want" ]] || fail "vtid's route to 172.31.0.0/16 is '$got', not ECMP over vti1 and vti2"
got=$(routes "${P}vpc" 10.16.16.0/24)
[[ $got == $'via 172.31.0.1 dev br0\nvia 172.31.0.2 dev br0' ]] ||
	fail "the Transit Gateway's route to 10.16.16.0/24 is '$got', not over both endpoints"
out=$(ip netns exec "${P}lan" ping -n -q -c 20 -i 0.05 -W 2 172.31.0.10) ||
	fail "ping lan -> vpc: $out"
grep -q " 0% packet loss" <<<"$out" || fail "ping lan -> vpc lost packets: $out"
say "up: tunnels, sessions (both sides), ECMP route, route back, ping"

# --- failover ------------------------------------------------------------------------
AWS_LAB_FAILOVER_DOWN=2 bash "$lab" failover >"$work/failover.out" 2>&1 || {
	cat "$work/failover.out" >&2
	fail "run.sh failover failed"
}
grep -E "^aws-lab: (lan -> vpc|route to|tunnel|BGP session|ping|failover)" "$work/failover.out" | sed "s/^/$name: /"
grep -qE "route to 172.31.0.0/16 over vti[12] alone" "$work/failover.out" || fail "no route over one tunnel alone"
gap=$(sed -n 's/^aws-lab: failover: interruption \([0-9]*\) ms.*/\1/p' "$work/failover.out")
[[ $gap =~ ^[0-9]+$ ]] || fail "no interruption figure in run.sh failover's output"
((gap < 2000)) || fail "traffic stopped for $gap ms in the failover"
[[ $(routes "${P}onprem" 172.31.0.0/16) == "$want" ]] || fail "the route is not over both tunnels after the failover"
out=$(ip netns exec "${P}lan" ping -n -q -c 10 -i 0.05 -W 2 172.31.0.10) || fail "ping after the failover: $out"
say "failover: interruption $gap ms, route back over both tunnels"

# --- down ----------------------------------------------------------------------------
bash "$lab" down >"$work/down.out" 2>&1 || { cat "$work/down.out" >&2; fail "run.sh down failed"; }
[[ ! -e $AWS_LAB_DIR ]] || fail "run.sh down left $AWS_LAB_DIR"
left=$(ip netns list | awk -v p="$P" 'index($1, p) == 1 { print $1 }')
[[ -z $left ]] || fail "namespaces left: $left"
while read -r label pid st; do
	# fields from the third on: state, ..., start time (field 22)
	f=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
	[[ ${f%% *} == Z || $(cut -d' ' -f20 <<<"$f") != "$st" ]] ||
		fail "$label (pid $pid) still runs: $(ps -o pid,ppid,stat,args -p "$pid" | tail -n 1)"
done <"$work/procs"
left=$(pgrep -a -f "$AWS_LAB_DIR" || true)
[[ -z $left ]] || fail "processes left: $left"
host_state >"$work/host.after"
# the TUN devices (vti1, vti2, ipsec0) were in the namespaces; on the host
# no link of any kind may have appeared
diff -u "$work/host.before" "$work/host.after" >&2 || fail "the host's links, routes or rules changed"
say "down: no namespace, process, link, route or rule left"
echo "PASS: $name ($((SECONDS - t0)) s)"
