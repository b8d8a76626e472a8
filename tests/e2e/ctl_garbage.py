"""Garbage on the control socket: each case gets an error reply or a close,
never a crash, and the daemon answers a good request afterwards.
Usage: ctl_garbage.py SOCKET"""
import os
import random
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctl_client as c  # noqa: E402
from ctl_client import check  # noqa: E402

path = sys.argv[1]


def alive(what):
    # Closed connections are reaped by the loop in its own time: a BUSY
    # right after closing many is not a failure, a second one later is.
    for _ in range(100):
        k = c.Conn(path)
        r = k.run("show version")
        if r is None or r[0] != c.ST_BUSY:
            break
        k.close()
        time.sleep(0.1)
    check(r is not None and r[0] == c.ST_OK and "vtid" in r[3], "daemon answers after " + what)
    k.close()


# Random bytes: an error reply naming the problem and a close, or a close.
rnd = random.Random(7)
for i in range(20):
    k = c.Conn(path)
    junk = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))
    if junk.startswith(b"V"):
        junk = b"X" + junk[1:]
    k.send(junk)
    r = k.reply()
    check(r is None or (r[0] == c.ST_MALFORMED and r[2] & c.RF_CLOSE), "random bytes %d" % i)
    check(k.closed(), "closed after random bytes")
    k.close()
alive("random bytes")

# Bad magic: a reply that says so, then the connection is closed.
k = c.Conn(path)
k.send(b"GET / HTTP/1.0\r\n\r\n")
r = k.reply()
check(r is not None and r[0] == c.ST_MALFORMED and "magic" in r[3] and r[2] & c.RF_CLOSE,
      "bad magic reply: %r" % (r,))
check(k.closed(), "closed after bad magic")
alive("bad magic")

# Bad version.
k = c.Conn(path)
k.send(c.frame(c.EXEC, "show version", version=9))
r = k.reply()
check(r is not None and r[0] == c.ST_MALFORMED and "version" in r[3], "bad version: %r" % (r,))
check(k.closed(), "closed after bad version")

# Oversized length: refused from the header alone, before any payload.
k = c.Conn(path)
k.send(c.frame(c.EXEC, b"", length=(1 << 20) + 1))
r = k.reply()
check(r is not None and r[0] == c.ST_TOO_LARGE and "1 MiB" in r[3], "oversized: %r" % (r,))
check(k.closed(), "closed after oversized length")
alive("oversized length")

# A half frame, then close: nothing to answer, nothing to crash on.
k = c.Conn(path)
k.send(c.frame(c.EXEC, "show version")[:7])
k.s.shutdown(socket.SHUT_WR)
check(k.reply() is None, "half frame gets no reply")
k.close()
k = c.Conn(path)
k.send(c.frame(c.EXEC, "show running-config")[:-3])
k.close()
alive("half frames")

# Framing intact, content wrong: an error reply and the connection goes on.
k = c.Conn(path)
r = k.run("x", typ=0x42)
check(r is not None and r[0] == c.ST_MALFORMED and not r[2] & c.RF_CLOSE, "unknown type: %r" % (r,))
k.send(c.frame(c.EXEC, b"show\x00version"))
r = k.reply()
check(r is not None and r[0] == c.ST_MALFORMED, "NUL in line: %r" % (r,))
k.send(c.frame(c.EXEC, "conf t\nend"))
r = k.reply()
check(r is not None and r[0] == c.ST_MALFORMED, "newline in line: %r" % (r,))
k.send(c.frame(c.EXEC, "show version", flags=0x10))
r = k.reply()
check(r is not None and r[0] == c.ST_MALFORMED, "request flags: %r" % (r,))
r = k.run("x" * 5000)
check(r is not None and r[0] == c.ST_TOO_LARGE, "long line: %r" % (r,))
r = k.run("")
check(r is not None and r[0] == c.ST_OK and r[3] == "", "empty line: %r" % (r,))
r = k.run("show version")
check(r is not None and r[0] == c.ST_OK, "same connection still served")
# Several requests in one write are answered in order.
k.send(c.frame(c.EXEC, "conf t") + c.frame(c.EXEC, "show logging") + c.frame(c.EXEC, "end"))
r1, r2, r3 = k.reply(), k.reply(), k.reply()
check(r1[0] == c.ST_OK and r1[1] == 1, "pipelined conf t: %r" % (r1,))
check(r2[0] == c.ST_OK and "Logging" in r2[3] and r2[1] == 1, "pipelined show: %r" % (r2,))
check(r3[0] == c.ST_OK and r3[1] == 0, "pipelined end: %r" % (r3,))
# Completion and help.
r = k.run("sh", typ=c.COMPLETE)
check(r is not None and r[0] == c.ST_OK and r[3] == "show\n", "complete 'sh': %r" % (r,))
r = k.run("show ", typ=c.HELP)
check(r is not None and "tunnels" in r[3] and "running-config" in r[3], "help: %r" % (r,))
# JSON flag.
r = k.run("show tunnels json")
check(r is not None and r[0] == c.ST_OK and r[2] & c.RF_JSON, "json flag: %r" % (r,))
r = k.run("exit")
check(r is not None and r[0] == c.ST_OK and r[2] & c.RF_CLOSE, "exit closes: %r" % (r,))
check(k.closed(), "closed after exit")

# The connection cap: the one over it is told so.
conns = [c.Conn(path) for _ in range(64)]
for k in conns[:3]:
    check(k.run("show version")[0] == c.ST_OK, "one of 64")
extra = c.Conn(path)
r = extra.reply()
check(r is not None and r[0] == c.ST_BUSY, "65th connection: %r" % (r,))
for k in conns:
    k.close()
extra.close()
alive("the connection cap")
print("ok")
