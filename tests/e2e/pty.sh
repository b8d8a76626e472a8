#!/bin/bash
# The interactive shell through a pseudo-terminal (see vtictl_pty.py).
. "${srcdir:-.}/tests/e2e/lib.sh"

write_two_tunnels
start_vtid
mkdir -p "$T/home"
python3 "$E2E_PY/vtictl_pty.py" "$VTICTL_BIN" "$SOCK" "$T/home" || fail "vtictl_pty.py"
vtictl -c "show running-config" >"$T/running"
assert_line "$T/running" " neighbor 169.254.12.37 remote-as 64512"
assert_line "$T/running" "  network 10.16.16.0/24"
vtictl -c "write memory" >/dev/null
assert_line "$CONF" " psk Typed.Secret.4711"
stop_vtid
