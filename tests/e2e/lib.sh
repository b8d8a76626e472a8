# Shared by the end-to-end tests: a vtid on a socket, pid file and
# configuration in a temporary directory, stopped and removed on any exit.
# Tests run from the top build directory; automake exports $srcdir.
set -eu

: "${srcdir:=.}"
top_srcdir=$(cd "$srcdir" && pwd)
VTID=${VTID:-$PWD/vtid/vtid}
VTICTL_BIN=${VTICTL_BIN:-$PWD/vtid/vtictl}
# VTID_WRAPPER="valgrind --leak-check=full" runs the daemon under a tool.
VTID_WRAPPER=${VTID_WRAPPER:-}
# As root the daemon starts its tunnels for real (TUN devices, UDP 500 and
# 4500): give it a network namespace of its own, so tests running side by
# side never meet on a port or an interface name, and whatever it makes
# goes away with it.
VTID_NETNS=
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
	VTID_NETNS="unshare -n"
fi
E2E_PY=$top_srcdir/tests/e2e

T=$(mktemp -d "${TMPDIR:-/tmp}/vtid-e2e.XXXXXX")
CONF=$T/vtid.conf
SOCK=$T/run/vtid.sock
PIDFILE=$T/run/vtid.pid
LOG=$T/vtid.log
VTID_PID=

cleanup() {
	rc=$?
	if [ -n "$VTID_PID" ] && kill -0 "$VTID_PID" 2>/dev/null; then
		kill -TERM "$VTID_PID" 2>/dev/null || true
		wait "$VTID_PID" 2>/dev/null || true
	fi
	if [ $rc -ne 0 ] && [ -f "$LOG" ]; then
		echo "---- vtid log" >&2
		tail -n 40 "$LOG" >&2
	fi
	rm -rf "$T"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# start_vtid [extra vtid args]: start in the foreground mode, in the
# background of this shell, and wait until it answers (a stale socket file
# may be there before it).
start_vtid() {
	# shellcheck disable=SC2086
	$VTID_NETNS $VTID_WRAPPER "$VTID" -f "$CONF" -p "$PIDFILE" -S "$SOCK" "$@" >>"$LOG" 2>&1 &
	VTID_PID=$!
	i=0
	while ! "$VTICTL_BIN" -S "$SOCK" -c "show version" >/dev/null 2>&1; do
		kill -0 "$VTID_PID" 2>/dev/null || fail "vtid exited at start"
		i=$((i + 1))
		[ $i -lt 600 ] || fail "vtid did not open $SOCK"
		sleep 0.1
	done
}

# stop_vtid: SIGTERM, and vtid must exit 0.
stop_vtid() {
	kill -TERM "$VTID_PID"
	st=0
	wait "$VTID_PID" || st=$?
	VTID_PID=
	[ $st -eq 0 ] || fail "vtid exited with $st after SIGTERM"
}

vtictl() {
	"$VTICTL_BIN" -S "$SOCK" "$@"
}

# assert_contains FILE TEXT: a line of FILE is exactly TEXT.
assert_line() {
	grep -qxF -- "$2" "$1" || { cat "$1" >&2; fail "$1 has no line '$2'"; }
}

assert_grep() {
	grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain '$2'"; }
}

# json_get JSON-FILE PYTHON-EXPRESSION-ON-j
json_get() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# A configuration with two AWS tunnels; PSKs inline.
write_two_tunnels() {
	cat >"$CONF" <<CONF
tunnel aws1
 interface vti1
 local address 192.0.2.10
 remote address 203.0.113.1
 psk aws1secretkey
 inside local 169.254.12.38/30
 inside peer 169.254.12.37
exit
!
tunnel aws2
 interface vti2
 local address 192.0.2.10
 remote address 203.0.113.2
 psk aws2secretkey
 inside local 169.254.14.230/30
 inside peer 169.254.14.229
exit
!
CONF
}
