"""Drive vtictl's interactive shell through a pseudo-terminal: prompts,
TAB completion, `?` help, history file, the transcript, exit.
Usage: vtictl_pty.py VTICTL SOCKET HOME"""
import os
import pty
import re
import select
import socket
import sys
import time

vtictl, sock, home = sys.argv[1:4]
host = socket.gethostname().split(".")[0]
out = b""


def fail(what):
    print("FAIL:", what)
    print("---- terminal output so far:")
    print(out.decode(errors="replace"))
    sys.exit(1)


pid, fd = pty.fork()
if pid == 0:
    os.environ["HOME"] = home
    os.environ["TERM"] = "dumb"
    os.execv(vtictl, [vtictl, "-S", sock])


def read_until(pattern, timeout=20):
    """Read until the output since the last mark matches pattern."""
    global out, mark
    deadline = time.time() + timeout
    rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
    while True:
        m = rx.search(out, mark)
        if m:
            mark = m.end()
            return m
        left = deadline - time.time()
        if left <= 0:
            fail("timed out waiting for %r" % pattern)
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                fail("vtictl went away waiting for %r" % pattern)
            out += chunk


def send(s):
    os.write(fd, s.encode())


mark = 0
read_until(re.escape(host) + r"# ")
# TAB completes a unique word: "conf" -> "configure ", "t" -> "terminal ".
send("conf\t")
read_until(r"configure ")
send("t\t")
read_until(r"terminal ")
send("\r")
read_until(re.escape(host) + r"\(config\)# ")
send("router bgp 65016\r")
read_until(re.escape(host) + r"\(config-router\)# ")
# `?` lists what may follow and redraws the line without the '?'.
send("neighbor 169.254.12.37 remote-as ?")
read_until(r"\(1-4294967295\)")
read_until(r"neighbor 169\.254\.12\.37 remote-as ")
send("64512\r")
read_until(re.escape(host) + r"\(config-router\)# ")
# TAB completes a unique keyword in a sub-mode too.
send("ad\t")
read_until(r"address-family ")
send("ipv4 unicast\r")
read_until(r"\(config-router-af\)# ")
send("network 10.16.16.0/24\r")
read_until(r"# ")
# A PSK typed in the shell is applied but never written to the history.
send("tunnel aws1\r")
read_until(r"\(config-tunnel\)# ")
send("psk Typed.Secret.4711\r")
read_until(r"\(config-tunnel\)# ")
send("end\r")
read_until(re.escape(host) + r"# ")
send("show bgp neighbors\r")
read_until(r"BGP neighbor is 169\.254\.12\.37, remote AS 64512, local AS \d+, external link")
read_until(re.escape(host) + r"# ")
# A completion with several candidates lists them all.
send("show \t")
read_until(r"running-config")
send("\x15")  # ^U: kill the line
send("show running-config\r")
read_until(r"  network 10\.16\.16\.0/24")
read_until(re.escape(host) + r"# ")
send("sh nonsense\r")
read_until(r"% Unknown command")
send("exit\r")
# vtictl exits when the session ends.
deadline = time.time() + 20
while time.time() < deadline:
    wpid, status = os.waitpid(pid, os.WNOHANG)
    if wpid:
        break
    try:
        select.select([fd], [], [], 0.2)
        os.read(fd, 4096)
    except OSError:
        pass
else:
    fail("vtictl did not exit after 'exit'")
hist = os.path.join(home, ".vtictl_history")
# libedit writes blanks as \040.
if not os.path.exists(hist) or \
        "router bgp 65016" not in open(hist, errors="replace").read().replace("\\040", " "):
    fail("no history in " + hist)
if "Typed.Secret.4711" in open(hist, errors="replace").read():
    fail("a PSK was written to " + hist)
print("ok")
