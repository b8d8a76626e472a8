#!/bin/bash
# The issue's transcript typed into vtictl, as -c commands and as stdin
# lines: the saved file holds it, `vtid -n` accepts it, secrets are saved
# but never shown.
. "${srcdir:-.}/tests/e2e/lib.sh"

write_two_tunnels
start_vtid

# ---- as -c commands, in one session --------------------------------------------
vtictl -c "conf t" -c "router bgp 65016" \
	-c "neighbor 169.254.12.37 remote-as 64512" \
	-c "neighbor 169.254.14.229 remote-as 64512" \
	-c "address-family ipv4 unicast" -c "network 10.16.16.0/24" \
	-c end -c wr >"$T/out" 2>&1 || { cat "$T/out"; fail "the -c transcript failed"; }
assert_grep "$T/out" "Configuration saved to $CONF"

assert_line "$CONF" "router bgp 65016"
assert_line "$CONF" " neighbor 169.254.12.37 remote-as 64512"
assert_line "$CONF" " neighbor 169.254.14.229 remote-as 64512"
assert_line "$CONF" " address-family ipv4 unicast"
assert_line "$CONF" "  network 10.16.16.0/24"
assert_line "$CONF" " exit-address-family"
# write memory saves the real PSK, 0600, and keeps the old file.
assert_line "$CONF" " psk aws1secretkey"
[ "$(stat -c %a "$CONF")" = 600 ] || fail "saved file mode is $(stat -c %a "$CONF")"
[ -f "$CONF.bak" ] || fail "no $CONF.bak"
grep -q "router bgp" "$CONF.bak" && fail "$CONF.bak is not the previous file"
ls "$T" | grep -q tmp && fail "a temporary file was left: $(ls "$T")"
"$VTID" -n -f "$CONF" >"$T/check" 2>&1 || { cat "$T/check"; fail "vtid -n refuses the saved file"; }
assert_line "$T/check" "$CONF: configuration OK"

# show running-config masks the PSK, and the neighbors are there.
vtictl -c "show running-config" >"$T/running"
assert_line "$T/running" " psk ********"
grep -q aws1secretkey "$T/running" && fail "show running-config printed a PSK"
assert_line "$T/running" " neighbor 169.254.12.37 remote-as 64512"
vtictl -c "show bgp neighbors" >"$T/nbr"
assert_grep "$T/nbr" "BGP neighbor is 169.254.12.37, remote AS 64512, local AS 65016, external link"
# nothing answers at 169.254.12.37: the session is trying, never up
grep -Eq '^  BGP state = (Idle|Connect|Active), down for never$' "$T/nbr" || { cat "$T/nbr"; fail "show bgp neighbors: state"; }
vtictl -c "sh bgp neighbors json" >"$T/nbr.json"
[ "$(json_get "$T/nbr.json" 'len(j["neighbors"])')" = 2 ] || fail "show bgp neighbors json"
# The vtysh abbreviation of show ip bgp summary, and its JSON form.
vtictl -c "sh ip bgp sum" >"$T/sum"
grep -Eq '^BGP router identifier [0-9.]+, local AS number 65016$' "$T/sum" || { cat "$T/sum"; fail "sh ip bgp sum: header"; }
grep -Eq '^169\.254\.14\.229 +4 +64512 +0 +0 +never +(Idle|Connect|Active) +0 N/A$' "$T/sum" || { cat "$T/sum"; fail "sh ip bgp sum"; }
assert_grep "$T/sum" "Total number of neighbors 2"
vtictl -c "show bgp summary json" >"$T/sum.json"
case $(json_get "$T/sum.json" 'j["peers"]["169.254.12.37"]["state"]') in
Idle | Connect | Active) ;;
*) fail "show bgp summary json" ;;
esac
first=$(cat "$CONF")
stop_vtid

# ---- the same as stdin lines, into a daemon that has only the tunnels ----------
write_two_tunnels
rm -f "$CONF.bak"
start_vtid
cat >"$T/script" <<'SCRIPT'
conf t
router bgp 65016
neighbor 169.254.12.37 remote-as 64512
neighbor 169.254.14.229 remote-as 64512
address-family ipv4 unicast
network 10.16.16.0/24
end
wr
SCRIPT
vtictl <"$T/script" >"$T/out2" 2>&1 || { cat "$T/out2"; fail "the stdin transcript failed"; }
# Nothing echoed but the commands' output.
[ "$(cat "$T/out2")" = "Configuration saved to $CONF" ] || { cat "$T/out2"; fail "stdin output"; }
[ "$(cat "$CONF")" = "$first" ] || { diff <(echo "$first") "$CONF"; fail "stdin and -c saved different files"; }

# -c stops at the first failing command and exits 1.
if vtictl -c "show version" -c "show nonsense" -c "conf t" >"$T/out3" 2>&1; then
	fail "a failing -c command did not fail"
fi
assert_grep "$T/out3" "% Unknown command"
# Left in config mode at the end of -c: committed as `end` would.
vtictl -c "conf t" -c "router bgp 65016" -c "address-family ipv4 unicast" \
	-c "network 10.99.0.0/16" >/dev/null || fail "-c without end"
vtictl -c "show running-config" | grep -qx "  network 10.99.0.0/16" ||
	fail "-c without end was not committed"
# exit in exec mode ends the session and vtictl.
echo exit | vtictl || fail "exit"
stop_vtid
