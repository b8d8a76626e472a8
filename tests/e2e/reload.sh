#!/bin/bash
# reload (vtictl and SIGHUP) applies only the difference; an invalid file
# is refused with its errors and the running configuration stays.
. "${srcdir:-.}/tests/e2e/lib.sh"

tunnels() { vtictl -c "show tunnels json" >"$T/t.json" || fail "show tunnels json"; }
field() { json_get "$T/t.json" "{t['name']: t for t in j['tunnels']}['$1']['$2']"; }

write_two_tunnels
start_vtid
tunnels
# The tunnels run: as root (in the test's own network namespace, where the
# peers are unreachable) they try to connect; otherwise they cannot bind
# UDP 500 and say why.
if [ -n "$VTID_NETNS" ]; then running="connecting|backoff"; else running=error; fi
echo "$(field aws1 state)" | grep -Eqx "$running" || fail "state $(field aws1 state)"
[ "$(field aws1 mark)" = 100 ] || fail "aws1 mark $(field aws1 mark)"
[ "$(field aws2 mark)" = 200 ] || fail "aws2 mark $(field aws2 mark)"
[ "$(field aws1 change-count)" = 0 ] || fail "aws1 change count at start"
[ "$(field aws2 interface)" = vti2 ] || fail "aws2 interface"
[ "$(field aws2 inside-local)" = 169.254.14.230/30 ] || fail "aws2 inside"
vtictl -c "show tunnels" >"$T/t.txt"
grep -Eq "Tunnel aws1, interface vti1 \(vti\), state ($running)" "$T/t.txt" ||
	fail "show tunnels: $(head -n 1 "$T/t.txt")"
assert_grep "$T/t.txt" "Mark 100 (assigned by vtid)"

# Change aws2 only; aws1's change count must not move.
sed -i 's/ remote address 203.0.113.2/ remote address 203.0.113.22/' "$CONF"
vtictl -c reload >"$T/out" 2>&1 || { cat "$T/out"; fail "reload of a valid file"; }
assert_grep "$T/out" "Configuration reloaded from $CONF"
tunnels
[ "$(field aws1 change-count)" = 0 ] || fail "aws1 changed by a reload that did not touch it"
[ "$(field aws2 change-count)" = 1 ] || fail "aws2 change count $(field aws2 change-count)"
[ "$(field aws2 remote-address)" = 203.0.113.22 ] || fail "aws2 remote not applied"
[ "$(field aws1 mark)" = 100 ] && [ "$(field aws2 mark)" = 200 ] || fail "marks moved on reload"

# The same through SIGHUP.
sed -i 's/ remote address 203.0.113.1$/ remote address 203.0.113.11/' "$CONF"
kill -HUP "$VTID_PID"
for i in $(seq 100); do
	tunnels
	[ "$(field aws1 change-count)" = 1 ] && break
	sleep 0.1
done
[ "$(field aws1 change-count)" = 1 ] || fail "SIGHUP did not apply the change"
[ "$(field aws2 change-count)" = 1 ] || fail "SIGHUP changed aws2"

# An invalid file: refused, with the error, and nothing changes.
vtictl -c "show running-config" >"$T/before"
cp "$CONF" "$T/good.conf"
sed -i 's|inside local 169.254.14.230/30|inside local 169.254.1.2/30|' "$CONF"
if vtictl -c reload >"$T/out" 2>&1; then
	fail "reload of an invalid file succeeded"
fi
assert_grep "$T/out" "vtid.conf:"
assert_grep "$T/out" "169.254.1.2/30"
assert_grep "$T/out" "Reload refused"
vtictl -c "show running-config" >"$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after"; fail "running changed"; }
tunnels
[ "$(field aws2 inside-local)" = 169.254.14.230/30 ] || fail "invalid reload applied"
[ "$(field aws2 change-count)" = 1 ] || fail "invalid reload counted"
assert_grep "$LOG" "reload refused"

# A missing file on reload is an error too (at start it is an empty config).
mv "$CONF" "$T/moved.conf"
vtictl -c reload >/dev/null 2>&1 && fail "reload of a missing file succeeded"
tunnels
[ "$(json_get "$T/t.json" 'len(j["tunnels"])')" = 2 ] || fail "missing file removed tunnels"

# Removing a tunnel from the file removes only it.
grep -v '^!$' "$T/good.conf" | awk '/^tunnel aws1/{skip=1} !skip{print} /^exit/{skip=0}' >"$CONF"
vtictl -c reload >/dev/null || fail "reload without aws1"
tunnels
[ "$(json_get "$T/t.json" '[t["name"] for t in j["tunnels"]]')" = "['aws2']" ] ||
	fail "after removing aws1: $(cat "$T/t.json")"
[ "$(field aws2 change-count)" = 1 ] || fail "aws2 touched by removing aws1"
stop_vtid
