#!/usr/bin/env python3
"""A tiny BGP speaker that sends a peer well-formed and malformed UPDATEs.

It connects to the target, sends an OPEN (multiprotocol IPv4 unicast, route
refresh and, unless --as2, 4-octet AS), waits for the peer's OPEN and
KEEPALIVE, and then obeys commands read from standard input, one a line:

    send KIND PREFIX    one UPDATE announcing PREFIX (IPv4), of kind
        valid           ORIGIN IGP, AS_PATH (our AS), NEXT_HOP (--next-hop)
        origin7         ORIGIN with the value 7                  (RFC 7606 7.1)
        med3            a MULTI_EXIT_DISC of 3 octets            (7.4)
        aspath-type     an AS_PATH segment of type 7             (7.2)
        nexthop5        a NEXT_HOP of 5 octets                   (7.3)
        attr-overrun    the last attribute runs past the Total Path
                        Attribute Length (still inside the message) (4)
        total-overrun   the Total Path Attribute Length runs past the
                        end of the message (RFC 4271 6.3: session reset)
    withdraw PREFIX     one UPDATE withdrawing PREFIX
    close               a Cease NOTIFICATION, then exit

With --as2 it is an "old" speaker (RFC 6793): no 4-octet AS capability,
2-octet AS numbers in AS_PATH.

It keeps the session up with KEEPALIVEs and prints, one a line, flushed:
    bad_peer: open peer-as A hold H as4 N|none     (the peer's OPEN)
    bad_peer: established
    bad_peer: sent KIND PREFIX, sent withdraw PREFIX, sent close
    bad_peer: update nlri P,... withdrawn P,... as-path A B ... as4-path A ...
    bad_peer: notification C/S          (a NOTIFICATION from the peer; exit 3)
    bad_peer: closed                    (the peer closed without one; exit 4)
Python 3 standard library only.
"""

import argparse
import ipaddress
import os
import socket
import struct
import sys
import threading

MARKER = b"\xff" * 16
AS_TRANS = 23456
OPEN, UPDATE, NOTIFICATION, KEEPALIVE = 1, 2, 3, 4
# attribute flags
OPT, TRANS, EXT = 0x80, 0x40, 0x10


def say(msg):
    print("bad_peer: " + msg, flush=True)


def message(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def prefix_bytes(text):
    net = ipaddress.IPv4Network(text)
    n = (net.prefixlen + 7) // 8
    return bytes([net.prefixlen]) + net.network_address.packed[:n]


def attr(flags, atype, value, length=None):
    """One path attribute; length overrides the real length of value."""
    ln = len(value) if length is None else length
    if flags & EXT:
        return struct.pack("!BBH", flags, atype, ln) + value
    return struct.pack("!BBB", flags, atype, ln) + value


class Peer:
    def __init__(self, args):
        self.args = args
        self.as4 = not args.as2
        self.lock = threading.Lock()
        self.sock = socket.create_connection((args.connect, args.port), timeout=10)
        self.sock.settimeout(None)

    def send(self, data):
        with self.lock:
            self.sock.sendall(data)

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def recv_msg(self):
        hdr = self.recv_exact(19)
        if hdr is None:
            return None, None
        length, mtype = struct.unpack("!HB", hdr[16:19])
        body = self.recv_exact(length - 19) if length > 19 else b""
        if body is None:
            return None, None
        return mtype, body

    # ---- OPEN -----------------------------------------------------------

    def open(self):
        a = self.args
        caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([2, 0])
        if self.as4:
            caps += bytes([65, 4]) + struct.pack("!I", a.asn)
        opt = bytes([2, len(caps)]) + caps
        my_as = a.asn if a.asn <= 0xFFFF else AS_TRANS
        body = struct.pack("!BHH4sB", 4, my_as, a.hold,
                           ipaddress.IPv4Address(a.id).packed, len(opt)) + opt
        self.send(message(OPEN, body))

    def parse_open(self, body):
        _, peer_as, hold = struct.unpack("!BHH", body[:5])
        as4 = None
        optlen = body[9]
        opts = body[10:10 + optlen]
        i = 0
        while i + 2 <= len(opts):
            ptype, plen = opts[i], opts[i + 1]
            val = opts[i + 2:i + 2 + plen]
            i += 2 + plen
            j = 0
            while ptype == 2 and j + 2 <= len(val):
                code, clen = val[j], val[j + 1]
                if code == 65 and clen == 4:
                    as4 = struct.unpack("!I", val[j + 2:j + 6])[0]
                j += 2 + clen
        # the session is 4-octet only if both sides say so
        self.as4 = self.as4 and as4 is not None
        return peer_as, hold, as4

    # ---- UPDATEs ----------------------------------------------------------

    def as_path(self, asns, seg_type=2):
        fmt = "!%d%s" % (len(asns), "I" if self.as4 else "H")
        return bytes([seg_type, len(asns)]) + struct.pack(fmt, *asns)

    def update(self, kind, prefix):
        a = self.args
        nh = ipaddress.IPv4Address(a.next_hop).packed
        my_as = a.asn if self.as4 or a.asn <= 0xFFFF else AS_TRANS
        origin = attr(TRANS, 1, b"\x00")
        path = attr(TRANS, 2, self.as_path([my_as]))
        nexthop = attr(TRANS, 3, nh)
        tail = b""
        if kind == "valid":
            pass
        elif kind == "origin7":
            origin = attr(TRANS, 1, b"\x07")
        elif kind == "med3":
            tail = attr(OPT, 4, b"\x00\x00\x05")
        elif kind == "aspath-type":
            path = attr(TRANS, 2, self.as_path([my_as], seg_type=7))
        elif kind == "nexthop5":
            nexthop = attr(TRANS, 3, nh + b"\x00")
        elif kind == "attr-overrun":
            # MED says 12 octets, 4 remain in the list; the NLRI follow
            tail = attr(OPT, 4, b"\x00\x00\x00\x05", length=12)
        elif kind == "total-overrun":
            pass
        else:
            raise ValueError("unknown kind " + kind)
        attrs = origin + path + nexthop + tail
        nlri = prefix_bytes(prefix)
        alen = len(attrs)
        if kind == "total-overrun":
            # the list claims the NLRI and 32 octets beyond the message
            alen += len(nlri) + 32
        body = struct.pack("!H", 0) + struct.pack("!H", alen) + attrs + nlri
        self.send(message(UPDATE, body))

    def withdraw(self, prefix):
        w = prefix_bytes(prefix)
        self.send(message(UPDATE, struct.pack("!H", len(w)) + w + struct.pack("!H", 0)))

    def describe_update(self, body):
        wlen = struct.unpack("!H", body[:2])[0]
        withdrawn = self.prefixes(body[2:2 + wlen])
        alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
        attrs = body[4 + wlen:4 + wlen + alen]
        nlri = self.prefixes(body[4 + wlen + alen:])
        paths = {}
        i = 0
        while i + 3 <= len(attrs):
            flags, atype = attrs[i], attrs[i + 1]
            if flags & EXT:
                ln = struct.unpack("!H", attrs[i + 2:i + 4])[0]
                i += 4
            else:
                ln = attrs[i + 2]
                i += 3
            val = attrs[i:i + ln]
            i += ln
            if atype in (2, 17):
                # AS_PATH: our session's width; AS4_PATH: always 4 octets
                width = 4 if atype == 17 or self.as4 else 2
                paths[atype] = self.path_asns(val, width)
        out = "update nlri %s withdrawn %s as-path %s" % (
            ",".join(nlri) or "-", ",".join(withdrawn) or "-",
            " ".join(map(str, paths.get(2, []))) or "-")
        if 17 in paths:
            out += " as4-path " + " ".join(map(str, paths[17]))
        return out

    @staticmethod
    def path_asns(val, width):
        asns, i = [], 0
        while i + 2 <= len(val):
            n = val[i + 1]
            seg = val[i + 2:i + 2 + n * width]
            asns += [int.from_bytes(seg[k:k + width], "big") for k in range(0, len(seg), width)]
            i += 2 + n * width
        return asns

    @staticmethod
    def prefixes(data):
        out, i = [], 0
        while i < len(data):
            plen = data[i]
            n = (plen + 7) // 8
            addr = data[i + 1:i + 1 + n] + bytes(4 - n)
            out.append("%s/%d" % (ipaddress.IPv4Address(addr), plen))
            i += 1 + n
        return out


def reader(peer, established):
    while True:
        try:
            mtype, body = peer.recv_msg()
        except OSError:
            mtype = None
        if mtype is None:
            say("closed")
            sys.stdout.flush()
            os._exit(4)
        if mtype == OPEN:
            peer_as, hold, as4 = peer.parse_open(body)
            peer.send(message(KEEPALIVE, b""))
            say("open peer-as %d hold %d as4 %s" % (peer_as, hold,
                                                    "none" if as4 is None else as4))
        elif mtype == KEEPALIVE:
            if not established.is_set():
                say("established")
                established.set()
        elif mtype == UPDATE:
            say(peer.describe_update(body))
        elif mtype == NOTIFICATION:
            say("notification %d/%d data %s" % (body[0], body[1], body[2:].hex() or "-"))
            os._exit(3)


def keepalives(peer, stop):
    while not stop.wait(max(1, peer.args.hold // 3)):
        peer.send(message(KEEPALIVE, b""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--connect", required=True, help="the peer's address")
    ap.add_argument("--port", type=int, default=179)
    ap.add_argument("--as", dest="asn", type=int, required=True)
    ap.add_argument("--id", required=True, help="our BGP identifier")
    ap.add_argument("--next-hop", required=True)
    ap.add_argument("--hold", type=int, default=9)
    ap.add_argument("--as2", action="store_true", help="no 4-octet AS capability")
    args = ap.parse_args()

    peer = Peer(args)
    say("connected")
    established, stop = threading.Event(), threading.Event()
    peer.open()
    threading.Thread(target=reader, args=(peer, established), daemon=True).start()
    if not established.wait(15):
        say("no session within 15 s")
        return 2
    threading.Thread(target=keepalives, args=(peer, stop), daemon=True).start()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "send" and len(words) == 3:
            peer.update(words[1], words[2])
        elif words[0] == "withdraw" and len(words) == 2:
            peer.withdraw(words[1])
        elif words[0] == "close":
            peer.send(message(NOTIFICATION, bytes([6, 2])))
            say("sent close")
            return 0
        else:
            say("bad command: " + line.strip())
            return 2
        say("sent " + " ".join(words[1:] if words[0] == "send" else words))
    stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
