#!/bin/bash
# The kernel's view through vtictl: show ip route [bgp] [json], show ipv6
# route, show interface brief [json]; and the BGP routes a previous run left
# behind, removed at start.  Root only: vtid runs in a network namespace
# made here (its own, "vtid"), with two veth pairs to a second one ("rtr")
# that stands for the routers.
. "${srcdir:-.}/tests/e2e/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v nsenter >/dev/null || ! unshare -n true 2>/dev/null; then
	echo "SKIP: routes.sh needs root, unshare and nsenter"
	exit 77
fi

# Each namespace is held by a sleeping process; they go with it.
NS_VTID=
NS_RTR=
routes_cleanup() {
	rc=$?
	set +e # lib.sh's cleanup must run whatever fails here
	for p in $NS_VTID $NS_RTR; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	# cleanup takes the test's status from $?
	(exit $rc)
	cleanup
}
trap routes_cleanup EXIT

unshare -n sleep 3600 &
NS_VTID=$!
unshare -n sleep 3600 &
NS_RTR=$!
# unshare has run once the namespace differs from ours
for p in $NS_VTID $NS_RTR; do
	i=0
	while [ "$(readlink /proc/$p/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "no namespace for $p"
		sleep 0.05
	done
done
in_vtid() { nsenter -t "$NS_VTID" -n "$@"; }
in_rtr() { nsenter -t "$NS_RTR" -n "$@"; }
VTID_NETNS="nsenter -t $NS_VTID -n"

in_vtid ip link set lo up
in_vtid ip link add e0 type veth peer name e0p netns "$NS_RTR"
in_vtid ip link add e1 type veth peer name e1p netns "$NS_RTR"
in_vtid ip addr add 192.0.2.1/24 dev e0
in_vtid ip -6 addr add 2001:db8:1::1/64 dev e0 nodad
in_vtid ip addr add 198.51.100.1/24 dev e1
in_rtr ip addr add 192.0.2.2/24 dev e0p
in_rtr ip -6 addr add 2001:db8:1::2/64 dev e0p nodad
in_rtr ip addr add 198.51.100.2/24 dev e1p
for d in e0 e1; do
	in_vtid ip link set "$d" up
	in_rtr ip link set "${d}p" up
done

# What a vtid that died would have left, and routes that are not its own.
in_vtid ip route add 10.50.0.0/16 proto bgp nexthop via 192.0.2.2 nexthop via 198.51.100.2
in_vtid ip -6 route add 2001:db8:50::/48 via 2001:db8:1::2 proto bgp
in_vtid ip route add 10.60.0.0/16 via 192.0.2.2 proto static
in_vtid ip route add 10.70.0.0/16 via 198.51.100.2

start_vtid
assert_line_re() {
	grep -qE -- "$2" "$1" || { cat "$1" >&2; fail "$1 has no line matching '$2'"; }
}
assert_line_re "$LOG" "removed 2 stale BGP routes from a previous run$"
[ -z "$(in_vtid ip route show proto bgp)" ] || fail "IPv4 BGP routes left"
[ -z "$(in_vtid ip -6 route show proto bgp)" ] || fail "IPv6 BGP routes left"
in_vtid ip route show 10.60.0.0/16 | grep -q "proto static" || fail "the static route went"
[ -n "$(in_vtid ip route show 10.70.0.0/16)" ] || fail "the boot route went"

# Routes as BGP would install them, ECMP and single.
in_vtid ip route add 10.16.0.0/16 proto bgp nexthop via 192.0.2.2 dev e0 \
	nexthop via 198.51.100.2 dev e1
in_vtid ip route add 10.17.0.0/16 via 192.0.2.2 proto bgp
in_vtid ip -6 route add 2001:db8:16::/48 via 2001:db8:1::2 proto bgp

vtictl -c "show ip route" >"$T/out" || fail "show ip route"
assert_line "$T/out" "Codes: K - kernel, C - connected, S - static, B - BGP"
assert_line "$T/out" "B>* 10.16.0.0/16 [20/0] via 192.0.2.2, e0, weight 1"
# the second leg's "via" right under the first's
assert_line "$T/out" "  *$(printf '%21s' '')via 198.51.100.2, e1, weight 1"
assert_line "$T/out" "B>* 10.17.0.0/16 [20/0] via 192.0.2.2, e0, weight 1"
assert_line "$T/out" "S>* 10.60.0.0/16 [1/0] via 192.0.2.2, e0, weight 1"
assert_line "$T/out" "K>* 10.70.0.0/16 [0/0] via 198.51.100.2, e1, weight 1"
assert_line "$T/out" "C>* 192.0.2.0/24 is directly connected, e0"
assert_line "$T/out" "C>* 198.51.100.0/24 is directly connected, e1"
# sorted by prefix
[ "$(grep -o '^[BKCS]>\* [0-9./]*' "$T/out" | awk '{print $2}' | tr '\n' ' ')" = \
	"10.16.0.0/16 10.17.0.0/16 10.60.0.0/16 10.70.0.0/16 192.0.2.0/24 198.51.100.0/24 " ] ||
	{ cat "$T/out"; fail "route order"; }

# the seed transcript's spelling
vtictl -c "sh ip route bgp" >"$T/out" || fail "sh ip route bgp"
assert_line "$T/out" "B>* 10.16.0.0/16 [20/0] via 192.0.2.2, e0, weight 1"
assert_line "$T/out" "B>* 10.17.0.0/16 [20/0] via 192.0.2.2, e0, weight 1"
grep -qE '^[SKC][> ][* ] ' "$T/out" && { cat "$T/out"; fail "show ip route bgp shows other routes"; }

vtictl -c "show ip route bgp json" >"$T/j" || fail "show ip route bgp json"
python3 - "$T/j" <<'PY' || fail "show ip route bgp json: $(cat "$T/j")"
import json, sys
j = json.load(open(sys.argv[1]))
assert sorted(j) == ["10.16.0.0/16", "10.17.0.0/16"], sorted(j)
r = j["10.16.0.0/16"]
assert len(r) == 1
r = r[0]
assert r["prefix"] == "10.16.0.0/16" and r["protocol"] == "bgp", r
assert r["selected"] is True and r["installed"] is True, r
nh = [(h["ip"], h["interfaceName"], h["active"], h["weight"]) for h in r["nexthops"]]
assert nh == [("192.0.2.2", "e0", True, 1), ("198.51.100.2", "e1", True, 1)], nh
assert [h["ip"] for h in j["10.17.0.0/16"][0]["nexthops"]] == ["192.0.2.2"]
PY

vtictl -c "show ipv6 route json" >"$T/j" || fail "show ipv6 route json"
python3 - "$T/j" <<'PY' || fail "show ipv6 route json: $(cat "$T/j")"
import json, sys
j = json.load(open(sys.argv[1]))
r = j["2001:db8:16::/48"][0]
assert r["protocol"] == "bgp" and r["selected"], r
assert [(h["ip"], h["interfaceName"]) for h in r["nexthops"]] == [("2001:db8:1::2", "e0")], r
c = j["2001:db8:1::/64"][0]
assert c["protocol"] == "connected", c
assert c["nexthops"][0]["interfaceName"] == "e0" and "ip" not in c["nexthops"][0], c
assert "2001:db8:50::/48" not in j, "the stale route is back"
assert not any(k.startswith("10.") for k in j), "IPv4 in the IPv6 table"
PY
vtictl -c "show ipv6 route bgp" >"$T/out" || fail "show ipv6 route bgp"
assert_line "$T/out" "B>* 2001:db8:16::/48 [20/1024] via 2001:db8:1::2, e0, weight 1"
[ "$(grep -c '^B' "$T/out")" = 1 ] || { cat "$T/out"; fail "show ipv6 route bgp"; }

# Interfaces: e1's far end goes down, so e1 has no carrier.
in_rtr ip link set e1p down
vtictl -c "show interface brief" >"$T/out" || fail "show interface brief"
assert_line "$T/out" "Interface       Status  VRF             Addresses"
assert_line "$T/out" "---------       ------  ---             ---------"
assert_line "$T/out" "lo              up      default         127.0.0.1/8"
assert_line "$T/out" "e0              up      default         192.0.2.1/24"
assert_line "$T/out" "$(printf '%40s' '')2001:db8:1::1/64"
assert_line "$T/out" "e1              down    default         198.51.100.1/24"
vtictl -c "sh int brief json" >"$T/j" || fail "sh int brief json"
python3 - "$T/j" <<'PY' || fail "show interface brief json: $(cat "$T/j")"
import json, sys
j = json.load(open(sys.argv[1]))
assert sorted(j) == ["e0", "e1", "lo"], sorted(j)
assert j["e0"] == {"status": "up", "vrf": "default",
                   "addresses": ["192.0.2.1/24", "2001:db8:1::1/64"]}, j["e0"]
assert j["e1"]["status"] == "down" and j["e1"]["addresses"] == ["198.51.100.1/24"], j["e1"]
assert j["lo"]["status"] == "up" and "127.0.0.1/8" in j["lo"]["addresses"], j["lo"]
PY
# the route through the link without carrier is no longer active
vtictl -c "show ip route" >"$T/out" || fail "show ip route"
assert_line "$T/out" "K   10.70.0.0/16 [0/0] via 198.51.100.2, e1, inactive, weight 1"

stop_vtid
# A second start finds the BGP routes of the "previous run" and removes
# them; the others stay.
start_vtid
assert_line_re "$LOG" "removed 3 stale BGP routes from a previous run$"
[ -z "$(in_vtid ip route show proto bgp)$(in_vtid ip -6 route show proto bgp)" ] ||
	fail "BGP routes left after the second start"
[ -n "$(in_vtid ip route show 10.60.0.0/16)" ] || fail "the static route went"
stop_vtid
