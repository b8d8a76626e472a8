#!/bin/bash
# An invalid commit is refused with the reason and the running
# configuration is untouched; concurrent sessions (see ctl_commit.py).
. "${srcdir:-.}/tests/e2e/lib.sh"

write_two_tunnels
start_vtid
vtictl -c "show running-config" >"$T/before"

# A tunnel without its mandatory settings.
if vtictl -c "conf t" -c "tunnel t3" -c "interface vti3" -c end >"$T/out" 2>&1; then
	fail "an invalid commit succeeded"
fi
assert_grep "$T/out" "Commit refused"
assert_grep "$T/out" "t3"
vtictl -c "show running-config" >"$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after"; fail "running changed"; }

# A duplicate mark: refused by validation.
if vtictl -c "conf t" -c "tunnel aws1" -c "mark 7" -c "exit" -c "tunnel aws2" -c "mark 7" \
	-c end >"$T/out" 2>&1; then
	fail "two tunnels with mark 7 were committed"
fi
assert_grep "$T/out" "Commit refused"
vtictl -c "show running-config" >"$T/after"
cmp -s "$T/before" "$T/after" || fail "running changed by a refused commit"

# A valid commit through "commit", staying in config mode.
vtictl -c "conf t" -c "tunnel aws1" -c "mark 7" -c commit -c "show tunnels json" -c end \
	>"$T/out" 2>&1 || { cat "$T/out"; fail "valid commit"; }
vtictl -c "show tunnels json" >"$T/t.json"
[ "$(json_get "$T/t.json" "j['tunnels'][0]['mark']")" = 7 ] || fail "mark 7 not applied"
[ "$(json_get "$T/t.json" "j['tunnels'][0]['key-auto-assigned']")" = False ] ||
	fail "mark 7 shown as auto-assigned"

python3 "$E2E_PY/ctl_commit.py" "$SOCK" || fail "ctl_commit.py"
stop_vtid
