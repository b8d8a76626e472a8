#!/bin/bash
# Garbage on the control socket never kills vtid (see ctl_garbage.py).
. "${srcdir:-.}/tests/e2e/lib.sh"

write_two_tunnels
start_vtid
python3 "$E2E_PY/ctl_garbage.py" "$SOCK" || fail "ctl_garbage.py"
kill -0 "$VTID_PID" || fail "vtid died"
vtictl -c "show tunnels" >/dev/null || fail "vtictl after garbage"
stop_vtid
