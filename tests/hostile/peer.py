#!/usr/bin/env python3
#
# peer.py: a scripted, hostile rsync peer (python3, stdlib only) for
# tests/hostile/run.sh.  It speaks protocol 32 (30 and 29 for a few cases)
# byte for byte as upstream rsync 3.5.0 does (see
# /work/shared/research/rsync-protocol-notes.md sections 2, 3, 6, 7, 8, 11)
# and then breaks the protocol in one chosen way.
#
# Two roles:
#
#   peer.py CASE HOST rsync --server --sender FLAGS . PATH...
#       As the remote shell of a pulling client (`-e "python3 peer.py CASE"`):
#       a SERVER SENDER on stdin/stdout.  The peer always exits 0 so that the
#       client's exit code is its own.
#
#   peer.py push CASE -- SERVER-COMMAND...
#       Starts SERVER-COMMAND (e.g. `vrsync --server -logDtpre.LsfxCIvu .
#       DEST/`) with pipes and plays a CLIENT SENDER against it (a push).
#       Exits with the server's exit code (124 if it had to be killed).
#
# Environment: HOSTILE_OUTSIDE, the absolute path of the sentinel directory
# next to the destination; the escaping names point into it.  PEER_DEBUG=1
# traces what the peer reads and writes on stderr.
#
# Every case is in CASES below with a one-line description.

import hashlib
import os
import signal
import socket
import struct
import subprocess
import sys

OUTSIDE = os.environ.get("HOSTILE_OUTSIDE", "/nonexistent-hostile-outside")
DEBUG = os.environ.get("PEER_DEBUG") == "1"

# rsync.h
XMIT_TOP_DIR = 0x0001
XMIT_SAME_MODE = 0x0002
XMIT_EXTENDED_FLAGS = 0x0004
XMIT_SAME_UID = 0x0008
XMIT_SAME_GID = 0x0010
XMIT_SAME_NAME = 0x0020
XMIT_LONG_NAME = 0x0040
XMIT_SAME_TIME = 0x0080

ITEM_BASIS_TYPE_FOLLOWS = 0x0800
ITEM_XNAME_FOLLOWS = 0x1000
ITEM_IS_NEW = 0x2000
ITEM_TRANSFER = 0x8000

NDX_DONE = -1
NDX_FLIST_EOF = -2
NDX_DEL_STATS = -3

MSG_DATA, MSG_ERROR_XFER, MSG_INFO, MSG_ERROR, MSG_WARNING = 0, 1, 2, 3, 4
MSG_REDO = 9
MSG_IO_ERROR = 22
MSG_ERROR_EXIT = 86

CF_INC_RECURSE = 1 << 0
CF_VARINT_FLIST_FLAGS = 1 << 7
CF_ID0_NAMES = 1 << 8
CAPS = {"i": 1 << 0, "L": 1 << 1, "s": 1 << 2, "f": 1 << 3, "x": 1 << 4,
        "C": 1 << 5, "I": 1 << 6, "v": 1 << 7, "u": 1 << 8}

S_IFDIR, S_IFREG, S_IFLNK = 0o040000, 0o100000, 0o120000
MTIME = 0x66F0A1B2
CONTENT = b"hello from the hostile peer\n"


def log(*a):
    if DEBUG:
        print("peer:", *a, file=sys.stderr, flush=True)


class Cut(Exception):
    """The case wants the stream to end here."""


class Gone(Exception):
    """The other side closed the connection."""


# ---------------------------------------------------------------- encodings

def le32(x):
    return struct.pack("<i", x) if x < 0x80000000 else struct.pack("<I", x)


def _var(x, nbytes, min_bytes):
    b = bytearray(x.to_bytes(nbytes, "little", signed=x < 0))
    cnt = nbytes
    while cnt > min_bytes and b[cnt - 1] == 0:
        cnt -= 1
    bit = 1 << (7 - cnt + min_bytes)
    if b[cnt - 1] >= bit:
        cnt += 1
        lead = ~(bit - 1) & 0xFF
    elif cnt > min_bytes:
        lead = (b[cnt - 1] | ~(bit * 2 - 1)) & 0xFF
    else:
        lead = b[cnt - 1]
    b.append(0)
    return bytes([lead]) + bytes(b[0:cnt - 1])


def varint(x):
    return _var(x, 4, 1)


def varlong(x, min_bytes):
    return _var(x, 8, min_bytes)


def vstring(s):
    if len(s) > 0x7F:
        return bytes([(len(s) >> 8) | 0x80, len(s) & 0xFF]) + s
    return bytes([len(s)]) + s


INT_BYTE_EXTRA = [0] * 32 + [1] * 16 + [2] * 8 + [3] * 4 + [4] * 2 + [5, 6]


# ---------------------------------------------------------------- the wire

class Wire:
    def __init__(self, rfd, wfd, case):
        self.rfd, self.wfd, self.case = rfd, wfd, case
        self.proto = 32
        self.mux_out = False
        self.mux_in = False
        self.out = bytearray()       # pending MSG_DATA payload (or raw)
        self.inbuf = bytearray()     # demultiplexed data not yet consumed
        self.in_frame = 0            # MSG_DATA bytes left in the current frame
        self.prev_pos_w, self.prev_neg_w = -1, 1
        self.prev_pos_r, self.prev_neg_r = -1, 1
        self.total_written = 0
        self.cut_after = None        # close after this many raw bytes
        self.error_exit = None

    # raw fd I/O
    def raw_write(self, data):
        if self.cut_after is not None:
            room = self.cut_after - self.total_written
            if len(data) >= room:
                data = data[:max(room, 0)]
                self._write_all(data)
                self.total_written += len(data)
                raise Cut("cut after %d bytes" % self.cut_after)
        self._write_all(data)
        self.total_written += len(data)

    def _write_all(self, data):
        mv = memoryview(data)
        while mv:
            try:
                n = os.write(self.wfd, mv)
            except (BrokenPipeError, ConnectionResetError):
                raise Gone("write: broken pipe")
            mv = mv[n:]

    def raw_read(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = os.read(self.rfd, n - len(buf))
            if not chunk:
                raise Gone("EOF after %d of %d bytes" % (len(buf), n))
            buf += chunk
        return bytes(buf)

    # output
    def write(self, data):
        self.out += data
        if len(self.out) >= 65532:
            self.flush()

    def frame(self, tag, payload, length=None):
        """One multiplexed frame; length overrides the header's length."""
        n = len(payload) if length is None else length
        self.raw_write(struct.pack("<I", ((7 + tag) << 24) | n) + payload)

    def flush(self):
        if not self.out:
            return
        if self.mux_out:
            while self.out:
                chunk = bytes(self.out[:65532])
                del self.out[:len(chunk)]
                self.frame(MSG_DATA, chunk)
        else:
            data = bytes(self.out)
            self.out.clear()
            self.raw_write(data)

    # input
    def read(self, n):
        if not self.mux_in:
            if len(self.inbuf) < n:
                self.flush()
            while len(self.inbuf) < n:
                chunk = os.read(self.rfd, 65536)
                if not chunk:
                    raise Gone("EOF")
                self.inbuf += chunk
        else:
            while len(self.inbuf) < n:
                self.flush()
                self.read_frame()
        data = bytes(self.inbuf[:n])
        del self.inbuf[:n]
        return data

    def read_frame(self):
        hdr = struct.unpack("<I", self.raw_read(4))[0]
        tag, n = (hdr >> 24) - 7, hdr & 0xFFFFFF
        payload = self.raw_read(n)
        if tag == MSG_DATA:
            self.inbuf += payload
            return
        log("got MSG tag %d len %d: %r" % (tag, n, payload[:200]))
        if tag in (MSG_ERROR_XFER, MSG_INFO, MSG_ERROR, MSG_WARNING):
            sys.stderr.write("[peer got msg %d] %s" % (tag, payload.decode("utf-8", "replace")))
        elif tag == MSG_ERROR_EXIT:
            code = struct.unpack("<i", payload)[0] if n == 4 else 0
            self.error_exit = code
            if n == 4 and self.mux_out and self.proto >= 31:
                self.out.clear()
                self.frame(MSG_ERROR_EXIT, b"")
            raise Gone("MSG_ERROR_EXIT(%s)" % (code if n == 4 else "empty"))

    def int32(self):
        return struct.unpack("<i", self.read(4))[0]

    def byte(self):
        return self.read(1)[0]

    def varint(self):
        ch = self.byte()
        extra = INT_BYTE_EXTRA[ch // 4]
        if not extra:
            return ch
        bit = 1 << (8 - extra)
        b = self.read(extra) + bytes([ch & (bit - 1)])
        b = b + bytes(4 - len(b)) if len(b) < 4 else b[:4]
        return struct.unpack("<i", b)[0]

    def vstring(self):
        n = self.byte()
        if n & 0x80:
            n = ((n & 0x7F) << 8) | self.byte()
        return self.read(n)

    # ndx
    def write_ndx(self, ndx):
        if self.proto < 30:
            self.write(le32(ndx))
            return
        b = bytearray()
        if ndx >= 0:
            diff = ndx - self.prev_pos_w
            self.prev_pos_w = ndx
        elif ndx == NDX_DONE:
            self.write(b"\x00")
            return
        else:
            b.append(0xFF)
            ndx = -ndx
            diff = ndx - self.prev_neg_w
            self.prev_neg_w = ndx
        if 0 < diff < 0xFE:
            b.append(diff)
        elif diff < 0 or diff > 0x7FFF:
            b += bytes([0xFE, ((ndx >> 24) & 0xFF) | 0x80, ndx & 0xFF,
                        (ndx >> 8) & 0xFF, (ndx >> 16) & 0xFF])
        else:
            b += bytes([0xFE, diff >> 8, diff & 0xFF])
        self.write(bytes(b))

    def read_ndx(self):
        if self.proto < 30:
            return self.int32()
        b = self.byte()
        if b == 0:
            return NDX_DONE
        neg = b == 0xFF
        if neg:
            b = self.byte()
        prev = self.prev_neg_r if neg else self.prev_pos_r
        if b == 0xFE:
            two = self.read(2)
            if two[0] & 0x80:
                rest = self.read(2)
                num = ((two[0] & 0x7F) << 24) | two[1] | (rest[0] << 8) | (rest[1] << 16)
            else:
                num = (two[0] << 8) + two[1] + prev
        else:
            num = b + prev
        if neg:
            self.prev_neg_r = num
            return -num
        self.prev_pos_r = num
        return num


# ---------------------------------------------------------------- file list

class Entry:
    def __init__(self, name, mode, data=b"", link=None, size=None):
        self.name = name if isinstance(name, bytes) else name.encode()
        self.mode = mode
        self.data = data
        self.link = link.encode() if isinstance(link, str) else link
        if size is not None:
            self.size = size
        elif link is not None:
            self.size = len(self.link)
        elif mode & 0o170000 == S_IFDIR:
            self.size = 4096
        else:
            self.size = len(data)

    def is_dir(self):
        return self.mode & 0o170000 == S_IFDIR

    def is_reg(self):
        return self.mode & 0o170000 == S_IFREG


def sort_key(e):
    """f_name_cmp for proto >= 29: "." first; in each directory all
    non-directories before all directories."""
    if e.name == b".":
        return [(-1, b"")]
    parts = e.name.split(b"/")
    key = [(1, p) for p in parts[:-1]]
    key.append((1 if e.is_dir() else 0, parts[-1]))
    return key


def sorted_list(entries):
    return sorted(entries, key=sort_key)


def encode_entry(w, e, opts, name_override=None, long_len=None):
    """send_file_entry() without name compression."""
    name = e.name if name_override is None else name_override
    xflags = XMIT_SAME_UID | XMIT_SAME_GID
    if e.is_dir() and e.name == b".":
        xflags |= XMIT_TOP_DIR
    l2 = len(name) if long_len is None else long_len
    if l2 > 255:
        xflags |= XMIT_LONG_NAME
    out = bytearray()
    if w.varint_flags:
        out += varint(xflags)
    elif w.proto >= 28:
        if xflags & 0xFF00 or xflags == 0:
            out += struct.pack("<H", xflags | XMIT_EXTENDED_FLAGS)
        else:
            out.append(xflags)
    else:
        out.append(xflags)
    if xflags & XMIT_LONG_NAME:
        out += varint(l2) if w.proto >= 30 else le32(l2)
    else:
        out.append(l2)
    out += name
    if w.proto >= 30:
        out += varlong(e.size, 3)
        out += varlong(MTIME, 4)
    else:
        out += le32(e.size) if 0 <= e.size <= 0x7FFFFFFF else b"\xff\xff\xff\xff" + struct.pack("<q", e.size)
        out += le32(MTIME)
    out += le32(e.mode)
    if e.mode & 0o170000 == S_IFLNK and "l" in opts:
        ln = len(e.link) if getattr(e, "link_len", None) is None else e.link_len
        out += varint(ln) if w.proto >= 30 else le32(ln)
        out += e.link
    return bytes(out)


def end_of_flist(w, opts):
    out = bytearray()
    if w.varint_flags:
        out += varint(0) + varint(0)
    else:
        out.append(0)
    # id lists (not inc_recurse, numeric_ids off)
    for letter in "og":
        if letter in opts:
            if w.cflags & CF_ID0_NAMES:
                out += varint(0) if w.proto >= 30 else le32(0)
                out += b"\x04root"
            else:
                out += varint(0) if w.proto >= 30 else le32(0)
    if w.proto < 30:
        out += le32(0)               # io_error
    return bytes(out)


# ---------------------------------------------------------------- cases

def base_files():
    return [Entry(".", S_IFDIR | 0o755), Entry("a.txt", S_IFREG | 0o644, CONTENT)]


def files_for(case):
    """The file list of a case (entries in wire order)."""
    out = OUTSIDE.encode()
    f = base_files()
    extra = {
        "abs": [Entry(out + b"/abs-evil", S_IFREG | 0o644, b"evil\n")],
        "dotdot": [Entry("../outside/dotdot-evil", S_IFREG | 0o644, b"evil\n")],
        "dotdot-p30": [Entry("../outside/dotdot-evil", S_IFREG | 0o644, b"evil\n")],
        "dotdot-p29": [Entry("../outside/dotdot-evil", S_IFREG | 0o644, b"evil\n")],
        "dotdot-mid": [Entry("a/../../outside/mid-evil", S_IFREG | 0o644, b"evil\n")],
        "dotdot-dir": [Entry("..", S_IFDIR | 0o755)],
        "empty": [Entry(b"", S_IFREG | 0o644, b"evil\n")],
        "nul": [Entry(b"nul\x00/../../outside/nul-evil", S_IFREG | 0o644, b"evil\n")],
        "long": [Entry(b"L" * 4200, S_IFREG | 0o644, b"evil\n")],
        "long-4095": [Entry(b"d/" * 1 + b"L" * 4093, S_IFREG | 0o644, b"evil\n")],
        "symlink": [Entry("link", S_IFLNK | 0o777, link=OUTSIDE),
                    Entry("link/evil", S_IFREG | 0o644, b"evil\n")],
        "symlink-rel": [Entry("link", S_IFLNK | 0o777, link="../outside"),
                        Entry("link/evil", S_IFREG | 0o644, b"evil\n")],
        "symlink-long": [Entry("link", S_IFLNK | 0o777, link="x" * 5000)],
        "dup": [Entry("a.txt", S_IFREG | 0o644, CONTENT)],
        "dup-cleared": [Entry("a.txt", S_IFREG | 0o644, CONTENT)],
        "dup-dirfile": [Entry("a.txt", S_IFDIR | 0o755),
                        Entry("a.txt/evil", S_IFREG | 0o644, b"evil\n")],
        "neglen": [Entry("neg", S_IFREG | 0o644, b"", size=-1)],
        "dotfile": None,
        "badmode": [Entry("weird", 0o170644, b"")],
        "unreq": [Entry("b.txt", S_IFREG | 0o644, CONTENT)],
    }
    if case == "dotfile":
        return [Entry(".", S_IFREG | 0o644, CONTENT)]
    if case == "push-dotdot":
        return base_files() + [Entry("../outside/dotdot-evil", S_IFREG | 0o644, b"evil\n")]
    if case == "push-abs":
        return base_files() + [Entry(out + b"/abs-evil", S_IFREG | 0o644, b"evil\n")]
    if case == "push-symlink":
        return base_files() + [Entry("link", S_IFLNK | 0o777, link=OUTSIDE),
                               Entry("link/evil", S_IFREG | 0o644, b"evil\n")]
    if case == "push-long":
        return base_files() + [Entry(b"L" * 4200, S_IFREG | 0o644, b"evil\n")]
    if case == "push-nul":
        return base_files() + [Entry(b"nul\x00/../../outside/nul-evil", S_IFREG | 0o644, b"evil\n")]
    return f + (extra.get(case) or [])


CASES = {
    # name: description (pull: vrsync is the client receiver)
    "good": "a correct pull of one file (sanity)",
    "good-p30": "a correct pull at protocol 30",
    "abs": "file-list name is absolute (OUTSIDE/abs-evil)",
    "dotdot": "file-list name ../outside/dotdot-evil",
    "dotdot-p30": "../ name at protocol 30",
    "dotdot-p29": "../ name at protocol 29 (byte flags, int32 lengths)",
    "dotdot-mid": "file-list name a/../../outside/mid-evil",
    "dotdot-dir": "a directory named ..",
    "empty": "an empty name (l2 = 0, no XMIT_SAME_NAME)",
    "nul": "a name with a NUL inside: nul\\0/../../outside/nul-evil",
    "long": "a 4200-byte name (XMIT_LONG_NAME)",
    "symlink": "symlink link -> OUTSIDE, then file link/evil",
    "symlink-rel": "symlink link -> ../outside, then file link/evil",
    "symlink-long": "a 5000-byte symlink target",
    "dup": "the same name twice",
    "dup-cleared": "the same name twice, data sent for the other copy",
    "dup-dirfile": "a.txt as a file and as a dir, then a.txt/evil",
    "neglen": "a negative file length",
    "dotfile": "\".\" as a regular file",
    "badmode": "an unknown file type (mode 0170644)",
    "unreq": "data for b.txt, which the client did not request",
    "ndx-range": "data for ndx 1000 (out of range)",
    "ndx-dir": "data (ITEM_TRANSFER) for ndx 0, the directory",
    "ndx-neg": "NDX_FLIST_EOF (-2) in the data stream without inc-recurse",
    "sumhead-count": "sum head echo with count -1",
    "sumhead-blen": "sum head echo with block length 1<<30",
    "sumhead-s2len": "sum head echo with s2length 64",
    "sumhead-rem": "sum head echo with remainder > block length",
    "token-range": "a block-match token with index == count",
    "token-nobasis": "a block-match token (-1) when no basis was offered",
    "token-min": "token INT32_MIN (block index 0x7fffffff)",
    "lit-huge": "literal length 0x7fffffff, then the stream ends",
    "badsum2": "wrong whole-file checksum, twice (redo fails)",
    "badsum1": "wrong whole-file checksum once, right on the redo",
    "tag": "an unknown MSG tag (50)",
    "tag-redo": "MSG_REDO (sibling-only) from the network",
    "msglong": "MSG_INFO of 70000 bytes",
    "msgexit-bad": "MSG_ERROR_EXIT with a 3-byte payload",
    "trunc-version": "stream ends after 2 bytes of the version",
    "trunc-compat": "stream ends after the version",
    "trunc-seed": "stream ends inside the checksum seed",
    "trunc-header": "stream ends inside the first multiplex header",
    "trunc-flist": "stream ends in the middle of the file list",
    "trunc-data": "stream ends in the middle of the file data",
    "trunc-stats": "stream ends before the end-of-run stats",
    "ver19": "protocol version 19",
    "ver41": "protocol version 41",
    "increc": "compat flags with CF_INC_RECURSE though the client sent no 'i'",
    "negot": "checksum list with nothing in common (\"foo bar\")",
    # push: vrsync is the server receiver
    "push-good": "a correct push (-a) of one file (sanity)",
    "push-dotdot": "client sender sends ../outside/dotdot-evil",
    "push-abs": "client sender sends an absolute name",
    "push-symlink": "client sender sends link -> OUTSIDE, then link/evil",
    "push-long": "client sender sends a 4200-byte name",
    "push-nul": "client sender sends a name with a NUL inside",
}


# ---------------------------------------------------------------- sender side

def parse_flags(argv):
    """-flags from the server argv: (option letters, caps letters)."""
    for a in argv:
        if a.startswith("-") and not a.startswith("--"):
            body = a[1:]
            if "e" in body:
                i = body.index("e")
                return body[:i], body[i + 1:].lstrip("0123456789.")
            return body, ""
    return "", ""


def md5(data):
    return hashlib.md5(data).digest()


def send_file_data(w, case, ndx, iflags, head, e, state):
    """One file, as sender.c does: ndx, iflags, sum head echo, tokens, sum."""
    count, blen, s2len, rem = head
    data = e.data
    if case == "unreq":
        ndx = state["b_ndx"]
    elif case == "dup-cleared":
        ndx = state["other_dup"].get(ndx, ndx)
    elif case == "ndx-range":
        ndx = 1000
    elif case == "ndx-dir":
        ndx = 0
    elif case == "ndx-neg":
        w.write_ndx(NDX_FLIST_EOF)
        raise Cut("sent NDX_FLIST_EOF")
    w.write_ndx(ndx)
    if w.proto >= 29:
        w.write(struct.pack("<H", iflags))
    if case == "sumhead-count":
        count = -1
    elif case == "sumhead-blen":
        blen = 1 << 30
    elif case == "sumhead-s2len":
        s2len = 64
    elif case == "sumhead-rem":
        if count == 0:
            count, blen, s2len = 1, 700, 2
        rem = blen + 1
    w.write(le32(count) + le32(blen) + (le32(s2len) if w.proto >= 27 else b"") + le32(rem))
    if case.startswith("sumhead"):
        raise Cut(case)
    if case == "token-range":
        w.write(le32(-(count + 1)) + le32(0))
        raise Cut(case)
    if case == "token-nobasis":
        w.write(le32(-1) + le32(0))
        raise Cut(case)
    if case == "token-min":
        w.write(le32(-0x80000000) + le32(0))
        raise Cut(case)
    if case == "lit-huge":
        w.write(le32(0x7FFFFFFF) + b"x" * 100)
        raise Cut(case)
    if case == "trunc-data":
        w.write(le32(len(data)) + data[:len(data) // 2])
        raise Cut(case)
    for i in range(0, len(data), 32768):
        chunk = data[i:i + 32768]
        w.write(le32(len(chunk)) + chunk)
    w.write(le32(0))
    digest = md5(data)
    state["sent"][ndx] = state["sent"].get(ndx, 0) + 1
    if case == "badsum2" or (case == "badsum1" and state["sent"][ndx] == 1):
        digest = bytes(b ^ 0xFF for b in digest)
    w.write(digest)


def send_files(w, case, flist, state, am_server):
    """sender.c:send_files() plus the end of run (main.c)."""
    max_phase = 2 if w.proto >= 29 else 1
    phase = 0
    while True:
        ndx = w.read_ndx()
        if ndx == NDX_DONE:
            phase += 1
            if phase > max_phase:
                break
            w.write_ndx(NDX_DONE)
            continue
        if ndx < 0:
            raise SystemExit("peer: unexpected ndx %d from the generator" % ndx)
        iflags = struct.unpack("<H", w.read(2))[0] if w.proto >= 29 else ITEM_TRANSFER
        log("request ndx %d iflags %#x" % (ndx, iflags))
        extra = b""
        if iflags & ITEM_BASIS_TYPE_FOLLOWS:
            extra += bytes([w.byte()])
        if iflags & ITEM_XNAME_FOLLOWS:
            x = w.vstring()
            extra += vstring(x)
        if not iflags & ITEM_TRANSFER:
            w.write_ndx(ndx)
            w.write(struct.pack("<H", iflags) + extra)
            continue
        count, blen = w.int32(), w.int32()
        s2len = w.int32() if w.proto >= 27 else 2
        rem = w.int32()
        for _ in range(max(count, 0)):
            w.read(4 + s2len)
        log("sum head", count, blen, s2len, rem)
        if case == "tag":
            w.flush()
            w.frame(50, b"boo")
            raise Cut(case)
        if case == "tag-redo":
            w.flush()
            w.frame(MSG_REDO, le32(ndx))
            raise Cut(case)
        if case == "msglong":
            w.flush()
            w.frame(MSG_INFO, b"A" * 70000)
            raise Cut(case)
        if case == "msgexit-bad":
            w.flush()
            w.frame(MSG_ERROR_EXIT, b"\x01\x02\x03")
            raise Cut(case)
        send_file_data(w, case, ndx, iflags, (count, blen, s2len, rem), flist[ndx], state)
    w.write_ndx(NDX_DONE)
    if am_server:
        if case == "trunc-stats":
            raise Cut(case)
        stats = [0, 0, 0] + ([0, 0] if w.proto >= 29 else [])
        for v in stats:
            w.write(varlong(v, 3) if w.proto >= 30 else le32(v))
    # read_final_goodbye
    if w.proto >= 29:
        ndx = w.read_ndx()
        while ndx == NDX_DEL_STATS:
            for _ in range(5):
                w.varint()
            ndx = w.read_ndx()
        if w.proto >= 31 and ndx == NDX_DONE:
            w.write_ndx(NDX_DONE)
            ndx = w.read_ndx()
    else:
        ndx = w.int32()
    if ndx != NDX_DONE:
        raise SystemExit("peer: invalid packet at end of run (%d)" % ndx)
    w.flush()


def handshake_server(w, case, caps):
    version = {"ver19": 19, "ver41": 41, "good-p30": 30, "dotdot-p30": 30,
               "dotdot-p29": 29}.get(case, 32)
    if case == "trunc-version":
        w.raw_write(le32(version)[:2])
        raise Cut(case)
    w.raw_write(le32(version))
    remote = w.int32()
    log("client protocol", remote)
    w.proto = min(version, remote)
    w.cflags = 0
    w.varint_flags = False
    if case == "trunc-compat":
        raise Cut(case)
    negotiate = False
    if w.proto >= 30:
        cf = 0
        for c in caps:
            if c in CAPS and c not in "i":
                cf |= CAPS[c]
        cf |= CAPS["L"] | CAPS["s"]          # from the server's build
        if case == "increc":
            cf |= CF_INC_RECURSE
        w.cflags = cf
        w.raw_write(varint(cf))
        w.varint_flags = bool(cf & CF_VARINT_FLIST_FLAGS)
        negotiate = w.varint_flags
    if negotiate:
        ours = b"foo bar" if case == "negot" else b"md5 none"
        w.raw_write(vstring(ours))
        theirs = w.vstring()
        log("client checksum list", theirs)
        if case != "negot" and b"md5" not in theirs.split():
            raise SystemExit("peer: the client does not offer md5: %r" % theirs)
    if case == "trunc-seed":
        w.raw_write(b"\x01\x00")
        raise Cut(case)
    w.raw_write(le32(1))                      # checksum seed
    w.mux_out = True
    w.mux_in = w.proto >= 30


def run_server_sender(case, argv):
    opts, caps = parse_flags(argv)
    log("case", case, "argv", argv, "opts", opts, "caps", caps)
    w = Wire(0, 1, case)
    state = {"sent": {}}
    try:
        handshake_server(w, case, caps)
        if case == "trunc-header":
            w.raw_write(b"\x10\x00")
            raise Cut(case)
        # filter list from the client (int32 records, 0 ends)
        while True:
            n = w.int32()
            if n == 0:
                break
            w.read(n)
        entries = files_for(case)
        flist = sorted_list(entries)
        if case == "unreq":
            state["b_ndx"] = [i for i, e in enumerate(flist) if e.name == b"b.txt"][0]
        if case == "dup-cleared":
            idx = [i for i, e in enumerate(flist) if e.name == b"a.txt"]
            state["other_dup"] = {idx[0]: idx[1], idx[1]: idx[0]}
        body = bytearray()
        for e in entries:
            if case == "long" and e.name.startswith(b"LLL"):
                body += encode_entry(w, e, opts)
                continue
            body += encode_entry(w, e, opts)
        if case == "trunc-flist":
            w.write(bytes(body[:len(body) // 2]))
            w.flush()
            raise Cut(case)
        w.write(bytes(body) + end_of_flist(w, opts))
        w.flush()
        send_files(w, case, flist, state, am_server=True)
        return                       # like ssh: exit when the server is done
    except Cut as c:
        log("cut:", c)
    except Gone as g:
        log("gone:", g)
        return
    try:
        w.flush()
    except (Cut, Gone):
        pass
    # Close our side and wait (bounded) for the client to hang up.
    # stdin and stdout may be one socket (a socketpair): shut down its
    # write half, or the client never sees the end of the stream.
    try:
        sk = socket.socket(fileno=os.dup(1))
        try:
            sk.shutdown(socket.SHUT_WR)
        finally:
            sk.close()
    except OSError:
        pass
    try:
        os.close(1)
    except OSError:
        pass
    signal.signal(signal.SIGALRM, lambda s, f: os._exit(0))
    signal.alarm(int(os.environ.get("PEER_DRAIN", "20")))
    try:
        while os.read(0, 65536):
            pass
    except OSError:
        pass


# ---------------------------------------------------------------- client side (push)

def run_client_sender(case, cmd):
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def on_alarm(sig, frm):
        proc.kill()
        print("peer: server did not finish in time, killed", file=sys.stderr)
        os._exit(124)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(os.environ.get("PEER_TIMEOUT", "25")))
    opts, caps = parse_flags(cmd)
    w = Wire(proc.stdout.fileno(), proc.stdin.fileno(), case)
    try:
        w.raw_write(le32(32))
        w.proto = min(32, w.int32())
        w.cflags = 0
        w.varint_flags = False
        if w.proto >= 30:
            w.cflags = w.varint()
            log("server compat flags %#x" % w.cflags)
            if w.cflags & CF_INC_RECURSE:
                raise SystemExit("peer: server set CF_INC_RECURSE")
            w.varint_flags = bool(w.cflags & CF_VARINT_FLIST_FLAGS)
            if w.varint_flags:
                w.raw_write(vstring(b"md5"))
                log("server checksum list", w.vstring())
        seed = w.int32()
        log("seed", seed)
        w.mux_in = True
        w.mux_out = w.proto >= 30
        entries = files_for(case)
        flist = sorted_list(entries)
        body = bytearray()
        for e in entries:
            body += encode_entry(w, e, opts)
        w.write(bytes(body) + end_of_flist(w, opts))
        w.flush()
        send_files(w, case, flist, {"sent": {}}, am_server=False)
        w.flush()
    except (Cut, Gone) as c:
        log("stop:", c)
    except SystemExit as e:
        print(e, file=sys.stderr)
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        while proc.stdout.read(65536):
            pass
    except OSError:
        pass
    rc = proc.wait()
    return rc if rc >= 0 else 128 - rc


def main():
    # SIGPIPE stays ignored (python's default), as in ssh: a write to a
    # client that has gone is an EPIPE, not a death by signal.
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        for k, v in CASES.items():
            print("%-16s %s" % (k, v))
        return 0
    if len(sys.argv) >= 4 and sys.argv[1] == "push":
        case = sys.argv[2]
        args = sys.argv[3:]
        if args and args[0] == "--":
            args = args[1:]
        return run_client_sender(case, args)
    if len(sys.argv) < 3:
        print("usage: peer.py CASE HOST rsync --server --sender ... | peer.py push CASE -- CMD...",
              file=sys.stderr)
        return 2
    case = sys.argv[1]
    if case not in CASES:
        print("peer: unknown case %s" % case, file=sys.stderr)
        return 2
    signal.signal(signal.SIGALRM, lambda s, f: os._exit(0))
    signal.alarm(int(os.environ.get("PEER_DRAIN", "20")) + 20)
    run_server_sender(case, sys.argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
