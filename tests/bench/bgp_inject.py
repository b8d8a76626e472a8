#!/usr/bin/env python3
"""A BGP speaker that feeds one peer a synthetic full table, for benchmarks.

The table: N distinct IPv4 prefixes (mostly /24, /16../23, a few /8../15),
each with an AS path of 1..9 ASes (mean about 4, the first our own AS) drawn
from a pool of about 70,000 ASNs, about 8 prefixes per distinct path, some
paths with communities.  Everything follows from N and the seed.

The UPDATEs (4-octet AS paths, all prefixes of a path together, at most
4096 bytes each) are encoded once and cached in a file keyed by N, seed, AS
and next hop, so that a timed run only sends bytes.

The session: connect to the target (or accept from it with -l), OPEN with
4-octet AS, multiprotocol IPv4 unicast and route refresh, wait for the
peer's OPEN and KEEPALIVE, then send the whole table in one sendall and an
End-of-RIB.  Then keep the session up with KEEPALIVEs until killed; what the
peer sends is read and discarded.  A NOTIFICATION or a closed connection
ends the program with status 1.

Lines on stdout (times are seconds since the epoch):
    bgp_inject: connected T
    bgp_inject: established T (peer AS A, id I, hold H)
    bgp_inject: sent N prefixes in U updates (B bytes) in S s, End-of-RIB at T

Python 3 standard library only.
"""

import argparse
import ipaddress
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

CACHE_VERSION = 1
MAX_MSG = 4096
MARKER = b"\xff" * 16
AS_TRANS = 23456

MSG_OPEN, MSG_UPDATE, MSG_NOTIFICATION, MSG_KEEPALIVE, MSG_REFRESH = 1, 2, 3, 4, 5

# prefix lengths and their weights (per cent): roughly a 2020s IPv4 table
LEN_WEIGHTS = [(8, 0.02), (9, 0.02), (10, 0.05), (11, 0.1), (12, 0.2), (13, 0.25),
               (14, 0.35), (15, 0.3), (16, 4.0), (17, 1.5), (18, 2.5), (19, 4.5),
               (20, 6.0), (21, 6.0), (22, 9.0), (23, 6.0), (24, 59.0)]
# AS path lengths 1..9 and their weights: mean 3.95
PATH_LEN_WEIGHTS = [4, 14, 26, 24, 15, 9, 5, 2, 1]
ASN_POOL = 70000
PREFIXES_PER_PATH = 8


def log(msg):
    print("bgp_inject: " + msg, flush=True)


# ---- the table -------------------------------------------------------------


def gen_prefixes(rng, n):
    """n distinct (address, length) pairs outside 0/8, 10/8, 127/8, 224/3."""
    lens = [l for l, _ in LEN_WEIGHTS]
    cum, acc = [], 0.0
    for _, w in LEN_WEIGHTS:
        acc += w
        cum.append(acc)
    seen = set()
    out = []
    bad_first = {0, 10, 127}
    while len(out) < n:
        # draw in batches: one choices() call is much cheaper than n
        for plen in rng.choices(lens, cum_weights=cum, k=min(65536, 2 * (n - len(out)) + 16)):
            addr = rng.getrandbits(32)
            first = addr >> 24
            if first in bad_first or first >= 224:
                continue
            addr &= (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
            key = (addr << 6) | plen
            if key in seen:
                continue
            seen.add(key)
            out.append((addr, plen))
            if len(out) == n:
                break
    return out


def gen_paths(rng, npaths, my_as):
    """npaths AS paths (lists of ASNs, first my_as) and their communities."""
    # public 2-octet and 4-octet ASNs only: never a private AS such as the
    # peer's, which would make it drop the path as a loop
    pool = rng.sample(range(1, 64496), 46000) + rng.sample(range(131072, 400000), ASN_POOL - 46000)
    rng.shuffle(pool)
    transit = pool[:60]        # the second hop: a few big upstreams
    middle = pool[:3000]       # then regional networks
    lens = rng.choices(range(1, 10), weights=PATH_LEN_WEIGHTS, k=npaths)
    paths, comms = [], []
    for plen in lens:
        p = [my_as]
        if plen >= 2:
            p.append(rng.choice(transit))
        while len(p) < plen - 1:
            p.append(rng.choice(middle))
        if plen >= 3:
            p.append(rng.choice(pool))
        if plen >= 3 and rng.random() < 0.05:
            p.append(p[-1])    # an origin that prepends itself once
            if len(p) > 9:
                del p[-2]
        paths.append(p)
        c = []
        if rng.random() < 0.3:
            tag = p[1] if len(p) > 1 and p[1] < 65536 else (my_as if my_as < 65536 else 65535)
            for _ in range(rng.randint(1, 4)):
                c.append((tag << 16) | rng.randrange(65536))
        comms.append(c)
    return paths, comms


def attr(flags, code, body):
    if len(body) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(body)) + body
    return struct.pack("!BBB", flags, code, len(body)) + body


def encode_attrs(path, comms, nexthop):
    a = attr(0x40, 1, b"\x00")                      # ORIGIN IGP
    seg = b""
    for i in range(0, len(path), 255):
        part = path[i:i + 255]
        seg += struct.pack("!BB", 2, len(part)) + b"".join(struct.pack("!I", x) for x in part)
    a += attr(0x40, 2, seg)                         # AS_PATH, 4-octet
    a += attr(0x40, 3, nexthop)                     # NEXT_HOP
    if comms:
        a += attr(0xC0, 8, b"".join(struct.pack("!I", c) for c in comms))
    return a


def update_msg(attrs, nlri):
    body = struct.pack("!HH", 0, len(attrs)) + attrs + nlri
    return MARKER + struct.pack("!HB", 19 + len(body), MSG_UPDATE) + body


def build_table(n, seed, my_as, nexthop):
    """(bytes of all UPDATEs, number of UPDATEs, number of paths used)"""
    rng = random.Random(seed)
    prefixes = gen_prefixes(rng, n)
    npaths = max(1, n // PREFIXES_PER_PATH)
    paths, comms = gen_paths(rng, npaths, my_as)
    groups = [[] for _ in range(npaths)]
    # a skewed share: a few paths carry many prefixes, most a handful
    for addr, plen in prefixes:
        groups[int(npaths * rng.random() ** 1.3)].append((addr, plen))
    order = list(range(npaths))
    rng.shuffle(order)
    nh = ipaddress.IPv4Address(nexthop).packed
    out = []
    nupd = used = 0
    for gi in order:
        g = groups[gi]
        if not g:
            continue
        used += 1
        attrs = encode_attrs(paths[gi], comms[gi], nh)
        room = MAX_MSG - 23 - len(attrs)
        nlri = []
        size = 0
        for addr, plen in g:
            nb = (plen + 7) // 8
            b = bytes([plen]) + addr.to_bytes(4, "big")[:nb]
            if size + len(b) > room:
                out.append(update_msg(attrs, b"".join(nlri)))
                nupd += 1
                nlri, size = [], 0
            nlri.append(b)
            size += len(b)
        out.append(update_msg(attrs, b"".join(nlri)))
        nupd += 1
    return b"".join(out), nupd, used


def table_stats(n, seed, my_as):
    rng = random.Random(seed)
    prefixes = gen_prefixes(rng, n)
    paths, comms = gen_paths(rng, max(1, n // PREFIXES_PER_PATH), my_as)
    hist = {}
    for _, plen in prefixes:
        hist[plen] = hist.get(plen, 0) + 1
    asns = {a for p in paths for a in p}
    return {
        "prefixes": len(prefixes),
        "lengths": {("/%d" % k): v for k, v in sorted(hist.items())},
        "paths": len(paths),
        "mean path length": round(sum(len(p) for p in paths) / len(paths), 2),
        "distinct ASNs": len(asns),
        "paths with communities": sum(1 for c in comms if c),
    }


CACHE_HDR = struct.Struct("!8sIIIQ")


def load_table(args):
    """The encoded table, from the cache or built (and cached) now."""
    os.makedirs(args.cache_dir, exist_ok=True)
    name = "bgp-inject-v%d-n%d-s%d-as%d-nh%s.bin" % (CACHE_VERSION, args.prefixes, args.seed,
                                                      args.local_as, args.nexthop)
    path = os.path.join(args.cache_dir, name)
    try:
        with open(path, "rb") as f:
            magic, n, nupd, used, size = CACHE_HDR.unpack(f.read(CACHE_HDR.size))
            blob = f.read()
        if magic == b"VTIDBGP1" and n == args.prefixes and len(blob) == size:
            return blob, nupd, used, path
    except (OSError, struct.error):
        pass
    t = time.monotonic()
    blob, nupd, used = build_table(args.prefixes, args.seed, args.local_as, args.nexthop)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(CACHE_HDR.pack(b"VTIDBGP1", args.prefixes, nupd, used, len(blob)))
        f.write(blob)
    os.replace(tmp, path)
    log("built %d prefixes in %d updates over %d paths (%d bytes) in %.1f s: %s" %
        (args.prefixes, nupd, used, len(blob), time.monotonic() - t, path))
    return blob, nupd, used, path


# ---- the session -------------------------------------------------------------


def open_msg(my_as, hold, router_id):
    caps = b""
    caps += struct.pack("!BBHBB", 1, 4, 1, 0, 1)    # multiprotocol: IPv4 unicast
    caps += struct.pack("!BB", 2, 0)                # route refresh
    caps += struct.pack("!BBI", 65, 4, my_as)       # 4-octet AS
    opt = struct.pack("!BB", 2, len(caps)) + caps
    body = struct.pack("!BHH4sB", 4, my_as if my_as < 65536 else AS_TRANS, hold,
                       ipaddress.IPv4Address(router_id).packed, len(opt)) + opt
    return MARKER + struct.pack("!HB", 19 + len(body), MSG_OPEN) + body


KEEPALIVE = MARKER + struct.pack("!HB", 19, MSG_KEEPALIVE)
END_OF_RIB = MARKER + struct.pack("!HBHH", 23, MSG_UPDATE, 0, 0)


class PeerGone(Exception):
    pass


class Reader:
    """Whole BGP messages from a socket; every length is checked."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()

    def _fill(self, want):
        while len(self.buf) < want:
            chunk = self.sock.recv(262144)
            if not chunk:
                raise PeerGone("the peer closed the connection")
            self.buf += chunk

    def message(self):
        self._fill(19)
        if self.buf[:16] != MARKER:
            raise PeerGone("bad marker from the peer")
        length, mtype = struct.unpack_from("!HB", self.buf, 16)
        if length < 19 or length > 65535:
            raise PeerGone("bad message length %d from the peer" % length)
        self._fill(length)
        body = bytes(self.buf[19:length])
        del self.buf[:length]
        return mtype, body


def notification_text(body):
    if len(body) < 2:
        return "NOTIFICATION (truncated)"
    return "NOTIFICATION code %d subcode %d data %s" % (body[0], body[1], body[2:].hex())


def parse_open(body):
    """(peer AS, BGP id, hold time, capability codes) of an OPEN body."""
    if len(body) < 10:
        raise PeerGone("short OPEN")
    ver, asn, hold, bid, optlen = struct.unpack_from("!BHH4sB", body)
    if ver != 4 or 10 + optlen > len(body):
        raise PeerGone("bad OPEN (version %d)" % ver)
    caps = {}
    i, end = 10, 10 + optlen
    while i + 2 <= end:
        ptype, plen = body[i], body[i + 1]
        p = body[i + 2:min(i + 2 + plen, end)]
        i += 2 + plen
        if ptype != 2:
            continue
        j = 0
        while j + 2 <= len(p):
            code, clen = p[j], p[j + 1]
            caps.setdefault(code, []).append(p[j + 2:j + 2 + clen])
            j += 2 + clen
    if 65 in caps and len(caps[65][0]) == 4:
        asn = struct.unpack("!I", caps[65][0])[0]
    return asn, str(ipaddress.IPv4Address(bid)), hold, caps


def session(args, sock, blob, nupd):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = Reader(sock)
    sock.sendall(open_msg(args.local_as, args.hold, args.router_id))
    mtype, body = reader.message()
    if mtype == MSG_NOTIFICATION:
        raise PeerGone(notification_text(body))
    if mtype != MSG_OPEN:
        raise PeerGone("expected OPEN, got message type %d" % mtype)
    peer_as, peer_id, peer_hold, caps = parse_open(body)
    if 65 not in caps:
        raise PeerGone("the peer does not do 4-octet AS numbers; the table is encoded with them")
    if args.peer_as and peer_as != args.peer_as:
        raise PeerGone("the peer is AS %d, not %d" % (peer_as, args.peer_as))
    hold = min(args.hold, peer_hold)
    sock.sendall(KEEPALIVE)
    while True:
        mtype, body = reader.message()
        if mtype == MSG_KEEPALIVE:
            break
        if mtype == MSG_NOTIFICATION:
            raise PeerGone(notification_text(body))
    log("established %.6f (peer AS %d, id %s, hold %d)" % (time.time(), peer_as, peer_id, hold))

    send_lock = threading.Lock()
    failed = []

    def read_loop():
        try:
            while True:
                mtype, body = reader.message()
                if mtype == MSG_NOTIFICATION:
                    raise PeerGone(notification_text(body))
        except (PeerGone, OSError) as e:
            failed.append(str(e))
            log("session lost: %s" % e)
            os._exit(1)

    def keepalive_loop():
        while True:
            time.sleep(hold / 3 if hold else 30)
            if hold:
                with send_lock:
                    sock.sendall(KEEPALIVE)

    threading.Thread(target=read_loop, daemon=True).start()
    threading.Thread(target=keepalive_loop, daemon=True).start()

    t = time.monotonic()
    with send_lock:
        sock.sendall(blob)
        sock.sendall(END_OF_RIB)
    log("sent %d prefixes in %d updates (%d bytes) in %.2f s, End-of-RIB at %.6f" %
        (args.prefixes, nupd, len(blob), time.monotonic() - t, time.time()))
    while True:
        time.sleep(3600)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("target", nargs="?", help="peer address to connect to (not with -l)")
    ap.add_argument("-l", "--listen", action="store_true", help="accept one connection instead")
    ap.add_argument("-b", "--bind", default="", help="local address (listen or source)")
    ap.add_argument("-p", "--port", type=int, default=179)
    ap.add_argument("-a", "--local-as", type=int, default=65002)
    ap.add_argument("--peer-as", type=int, default=0, help="fail unless the peer is this AS")
    ap.add_argument("-i", "--router-id", default="192.0.2.2")
    ap.add_argument("--nexthop", default=None, help="NEXT_HOP (default: --bind, else router id)")
    ap.add_argument("--hold", type=int, default=90)
    ap.add_argument("-n", "--prefixes", type=int,
                    default=int(os.environ.get("BENCH_PREFIXES", 1000000)))
    ap.add_argument("-s", "--seed", type=int, default=1)
    ap.add_argument("--cache-dir", default=os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "vtid-bench"))
    ap.add_argument("--build-only", action="store_true", help="build the cache and exit")
    ap.add_argument("--stats", action="store_true", help="describe the table and exit")
    args = ap.parse_args()
    if args.nexthop is None:
        args.nexthop = args.bind or args.router_id
    if args.prefixes < 1 or not 0 < args.local_as < 2 ** 32 or not 0 <= args.hold <= 65535 \
            or 0 < args.hold < 3:
        ap.error("bad --prefixes, --local-as or --hold")
    if args.stats:
        for k, v in table_stats(args.prefixes, args.seed, args.local_as).items():
            print("%s: %s" % (k, v))
        return 0
    blob, nupd, used, path = load_table(args)
    if args.build_only:
        log("table: %d prefixes, %d updates, %d paths, %d bytes in %s" %
            (args.prefixes, nupd, used, len(blob), path))
        return 0
    signal.signal(signal.SIGTERM, lambda s, f: os._exit(0))
    signal.signal(signal.SIGINT, lambda s, f: os._exit(0))
    if args.listen:
        ls = socket.socket(socket.AF_INET6 if ":" in args.bind else socket.AF_INET)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((args.bind, args.port))
        ls.listen(1)
        log("listening on %s port %d" % (args.bind or "*", args.port))
        sock, peer = ls.accept()
        ls.close()
    else:
        if not args.target:
            ap.error("a target address, or -l")
        src = (args.bind, 0) if args.bind else None
        sock = socket.create_connection((args.target, args.port), timeout=10, source_address=src)
        sock.settimeout(None)
        peer = sock.getpeername()
    log("connected %.6f (peer %s)" % (time.time(), peer[0]))
    try:
        session(args, sock, blob, nupd)
    except (PeerGone, OSError) as e:
        log("session failed: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
