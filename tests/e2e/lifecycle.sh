#!/bin/bash
# Start, refuse a second vtid, socket mode, SIGTERM cleanup, `vtid -n`,
# vtictl without a daemon.
. "${srcdir:-.}/tests/e2e/lib.sh"

# vtid -n on the shipped example, as it is, and on the same setup with its
# PSKs moved into files (which must exist and not be world-readable).
"$VTID" -n -f "$top_srcdir/examples/aws-tgw.conf" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "vtid -n refuses examples/aws-tgw.conf"; }
assert_line "$T/out" "$top_srcdir/examples/aws-tgw.conf: configuration OK"
sed "s|^ psk Example.Tunnel\([12]\).*| psk-file $T/aws\1.psk|" \
	"$top_srcdir/examples/aws-tgw.conf" >"$T/aws-tgw.conf"
[ "$(grep -c '^ psk-file ' "$T/aws-tgw.conf")" = 2 ] || fail "sed of the example"
for f in $(sed -n 's|^ *psk-file ||p' "$T/aws-tgw.conf"); do
	install -m 600 /dev/null "$f"
	echo "example-key-$RANDOM" >"$f"
done
"$VTID" -n -f "$T/aws-tgw.conf" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "vtid -n refuses the example with PSK files"; }
assert_line "$T/out" "$T/aws-tgw.conf: configuration OK"
chmod 644 "$T/aws2.psk"
"$VTID" -n -f "$T/aws-tgw.conf" >"$T/out" 2>&1 && fail "a world-readable PSK file accepted"
assert_grep "$T/out" "aws2.psk is readable by everyone"
# Without its PSK files it says which are missing.
rm -f "$T"/aws*.psk
"$VTID" -n -f "$T/aws-tgw.conf" >"$T/out" 2>&1 && fail "missing PSK files accepted"
assert_grep "$T/out" "aws1.psk"
cat >"$T/bad.conf" <<'BAD'
tunnel t1
 interface vti1
 frobnicate yes
 inside local 169.254.1.2/30
exit
BAD
st=0
"$VTID" -n -f "$T/bad.conf" >"$T/out" 2>&1 || st=$?
[ $st -eq 1 ] || fail "vtid -n on a bad file exited $st"
assert_grep "$T/out" "bad.conf:3:"
[ "$(grep -c "bad.conf:" "$T/out")" -ge 2 ] || { cat "$T/out"; fail "not every error printed"; }

# vtictl with no daemon says so.
st=0
vtictl -c "show version" >"$T/out" 2>&1 || st=$?
[ $st -eq 1 ] || fail "vtictl without vtid exited $st"
assert_grep "$T/out" "vtictl: cannot connect to $SOCK: No such file or directory (is vtid running?)"

# A missing configuration file: start empty, with a notice.
start_vtid
assert_grep "$LOG" "does not exist: starting with an empty configuration"
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "socket mode $(stat -c %a "$SOCK")"
[ "$(cat "$PIDFILE")" = "$VTID_PID" ] || fail "pid file holds $(cat "$PIDFILE"), not $VTID_PID"
vtictl -c "show version" >"$T/out" || fail "show version"
assert_grep "$T/out" "vtid "
vtictl -c "show running-config" >"$T/out"
vtictl -c "show logging" >"$T/out"
assert_grep "$T/out" "Logging to stderr, level notice"
vtictl -c "debug ctl" -c "show logging" >"$T/out"
assert_grep "$T/out" "Debugging: ctl"
vtictl -c "no debug ctl" -c "show logging" >"$T/out"
assert_grep "$T/out" "Debugging: none"

# Only root and group vtid may talk to vtid: the socket's mode keeps others
# out, and so do the peer credentials when the mode is loosened by hand.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 755 "$T" "$T/run"
	st=0
	as_nobody "$VTICTL_BIN" -S "$SOCK" -c "show version" >"$T/out" 2>&1 || st=$?
	[ $st -ne 0 ] || fail "uid 65534 talked to vtid through a 0660 socket"
	assert_grep "$T/out" "Permission denied"
	chmod 666 "$SOCK"
	st=0
	as_nobody "$VTICTL_BIN" -S "$SOCK" -c "show version" >"$T/out" 2>&1 || st=$?
	[ $st -ne 0 ] || fail "uid 65534 passed the peer-credential check"
	assert_grep "$T/out" "% Permission denied: uid 65534 is not root and not in group vtid"
	chmod 660 "$SOCK"
	chmod 700 "$T"
	vtictl -c "show version" >/dev/null || fail "vtid stopped answering root after a refusal"
else
	echo "SKIP: access by another user: needs root and setpriv to run vtictl as uid 65534"
fi

# A second vtid on the same pid file is refused and leaves everything alone.
st=0
"$VTID" -f "$CONF" -p "$PIDFILE" -S "$T/other.sock" >"$T/out" 2>&1 || st=$?
[ $st -eq 1 ] || fail "second vtid exited $st"
assert_grep "$T/out" "vtid is already running (pid $VTID_PID"
[ -f "$PIDFILE" ] && [ -S "$SOCK" ] || fail "the refused vtid removed the first one's files"
# ... and a second on the same socket too.
st=0
"$VTID" -f "$CONF" -p "$T/other.pid" -S "$SOCK" >"$T/out" 2>&1 || st=$?
[ $st -eq 1 ] || fail "vtid on a busy socket exited $st"
assert_grep "$T/out" "another vtid is serving $SOCK"
vtictl -c "show version" >/dev/null || fail "first vtid no longer answers"

# SIGTERM: exit 0, socket and pid file gone.
stop_vtid
[ ! -e "$SOCK" ] || fail "socket left after SIGTERM"
[ ! -e "$PIDFILE" ] || fail "pid file left after SIGTERM"

# A stale socket and pid file (vtid killed hard) do not stop a new start.
start_vtid
kill -KILL "$VTID_PID"
wait "$VTID_PID" 2>/dev/null || true
VTID_PID=
[ -S "$SOCK" ] || fail "expected a stale socket"
start_vtid
vtictl -c "show version" >/dev/null || fail "restart over stale files"
stop_vtid

# -d: the parent returns once the daemon is up.
"$VTID" -d -f "$CONF" -p "$PIDFILE" -S "$SOCK" || fail "vtid -d"
VTID_PID=$(cat "$PIDFILE")
vtictl -c "show version" >/dev/null || fail "daemonized vtid does not answer"
kill -TERM "$VTID_PID"
for i in $(seq 100); do
	kill -0 "$VTID_PID" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$VTID_PID" 2>/dev/null && fail "daemonized vtid ignored SIGTERM"
VTID_PID=
[ ! -e "$SOCK" ] || fail "socket left by the daemonized vtid"

# A bad configuration at start: exit 1 with the errors.
cp "$T/bad.conf" "$CONF"
st=0
"$VTID" -f "$CONF" -p "$PIDFILE" -S "$SOCK" >"$T/out" 2>&1 || st=$?
[ $st -eq 1 ] || fail "vtid with a bad file exited $st"
assert_grep "$T/out" "vtid.conf:3:"
[ ! -e "$SOCK" ] || fail "a refused start left its socket"
exit 0
