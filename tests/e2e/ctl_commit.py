"""Two sessions: a commit is refused when the running configuration changed
since the session entered config mode; abort drops the edit.
Usage: ctl_commit.py SOCKET"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctl_client as c  # noqa: E402
from ctl_client import check  # noqa: E402

path = sys.argv[1]


def ok(conn, line):
    r = conn.run(line)
    check(r is not None and r[0] == c.ST_OK, "%s: %r" % (line, r))
    return r


a, b = c.Conn(path), c.Conn(path)
ok(a, "configure terminal")
ok(a, "router bgp 65016")
ok(a, "neighbor 192.0.2.50 remote-as 65050")
# Session b changes the running configuration meanwhile.
ok(b, "conf t")
ok(b, "router bgp 65016")
ok(b, "neighbor 192.0.2.60 remote-as 65060")
r = ok(b, "end")
check(r[1] == 0, "b back in exec mode")
# a's commit is refused and a stays in config mode with its edit.
r = a.run("end")
check(r is not None and r[0] == c.ST_COMMIT_REFUSED, "stale commit: %r" % (r,))
check("changed" in r[3] and "abort" in r[3], "the refusal says why: %r" % (r[3],))
check(r[1] != 0, "a still in config mode")
run = ok(b, "show running-config")[3]
check("192.0.2.60" in run and "192.0.2.50" not in run, "running has b's change only")
# abort drops a's edit; a fresh edit commits.
r = ok(a, "abort")
check(r[1] == 0, "abort leaves config mode")
ok(a, "conf t")
ok(a, "router bgp 65016")
ok(a, "neighbor 192.0.2.50 remote-as 65050")
ok(a, "end")
run = ok(b, "show running-config")[3]
check("192.0.2.50" in run and "192.0.2.60" in run, "both changes in running")
# show commands work in config modes; the prompt mode comes back.
ok(a, "conf t")
r = ok(a, "router bgp 65016")
check(r[1] == 3, "mode after router bgp: %r" % (r,))
r = ok(a, "show bgp neighbors")
check("192.0.2.50" in r[3], "show in config mode")
r = ok(a, "address-family ipv4 unicast")
check(r[1] == 4, "af mode: %r" % (r,))
# Closing the connection drops the uncommitted edit.
a.run("network 10.77.0.0/16")
a.close()
run = ok(b, "show running-config")[3]
check("10.77.0.0" not in run, "an unfinished session's edit was applied")
b.close()
print("ok")
