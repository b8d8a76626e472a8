"""A minimal client of vtid's control protocol (vtid/ctl/ctl_proto.h), for
the end-to-end tests that need what vtictl will not send."""
import socket
import struct
import sys
import time

MAGIC = b"VTIC"
EXEC, COMPLETE, HELP, RESPONSE = 1, 2, 3, 0x80
ST_OK, ST_CMD_ERROR, ST_COMMIT_REFUSED, ST_MALFORMED, ST_TOO_LARGE = 0, 1, 2, 3, 4
ST_BUSY = 7
RF_JSON, RF_CLOSE = 1, 2


def frame(typ, payload, version=1, flags=0, length=None):
    if isinstance(payload, str):
        payload = payload.encode()
    if length is None:
        length = len(payload)
    return MAGIC + struct.pack(">BBHI", version, typ, flags, length) + payload


def check(cond, what):
    """End the test, failed, unless cond holds."""
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


class Conn:
    def __init__(self, path, timeout=20):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        # A full listen queue (a busy daemon) answers EAGAIN: wait a little.
        for _ in range(200):
            try:
                self.s.connect(path)
                break
            except BlockingIOError:
                time.sleep(0.05)
        else:
            self.s.connect(path)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def reply(self):
        """(status, mode, flags, text), or None when vtid closed the
        connection without a (complete) reply."""
        while True:
            if len(self.buf) >= 16:
                magic, ver, typ, flags, length, st, mode, res = struct.unpack(
                    ">4sBBHIBBH", self.buf[:16])
                assert magic == MAGIC and ver == 1 and typ == RESPONSE, self.buf[:16]
                assert res == 0
                if len(self.buf) >= 16 + length:
                    text = self.buf[16:16 + length].decode()
                    self.buf = self.buf[16 + length:]
                    return st, mode, flags, text
            try:
                chunk = self.s.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                return None
            self.buf += chunk

    def closed(self):
        """True when vtid has closed its end (EOF)."""
        try:
            return self.s.recv(1) == b""
        except ConnectionResetError:
            return True

    def run(self, line, typ=EXEC):
        self.send(frame(typ, line))
        return self.reply()

    def close(self):
        self.s.close()
