#!/usr/bin/env python3
"""mkseeds_flist.py VECDIR OUTDIR: seeds for the flist and srvargv targets.

flist: the file lists of the upstream rsync 3.5.0 pulls recorded in VECDIR
(tests/vectors, see its capture.sh and MANIFEST): flist-p27..p32, ids-*,
sizes-*, times-*, dirs-*, mplex-*.  For each s2c the handshake is skipped
as tests/unit/vectors.c cap_mplex_start() does (int32 version; from 30 the
compat-flags varint and the checksum-list vstring; the int32 seed), the
MSG_DATA frames are demultiplexed, and the list is cut from data offset 0
to the end of its id lists (when not --numeric-ids), walked here the way
upstream's recv_file_list() reads it.  Each is prefixed with the three
cfg bytes of fuzz/harness/flist.c that the capture's command line and
compat flags give.  A second seed per -o -g capture starts at its id
lists (data[0] bit 3).  A few hand-made end markers follow.

srvargv: the server argv upstream 3.5.0 clients send (recorded in
tests/unit/test_options.c: the words after "rsync" up to "."), plus ". dst/"
or ". src/", and the hostile lines of that file's server tests; the first
byte says whether "--server" is forced in as argv[1].

Standard library only.
"""
import os
import struct
import sys

CF_SAFE_FLIST, CF_VARINT, CF_ID0 = 0x08, 0x80, 0x100
MSG_DATA = 0


def extra(lead):
    for lim, n in ((0x80, 0), (0xC0, 1), (0xE0, 2), (0xF0, 3), (0xF8, 4), (0xFC, 5)):
        if lead < lim:
            return n
    return 6


class Rd:
    def __init__(self, b, pos=0):
        self.b, self.p = b, pos

    def byte(self):
        self.p += 1
        return self.b[self.p - 1]

    def bytes(self, n):
        assert self.p + n <= len(self.b), 'short'
        self.p += n
        return self.b[self.p - n:self.p]

    def int32(self):
        return struct.unpack('<i', self.bytes(4))[0]

    def varlong(self, min_bytes, width=8):
        b = self.bytes(min_bytes)
        u = bytearray(9)
        u[:min_bytes - 1] = b[1:]
        x = extra(b[0])
        assert min_bytes + x <= width + 1, 'overflow'
        if x:
            u[min_bytes - 1:min_bytes - 1 + x] = self.bytes(x)
            u[min_bytes + x - 1] = b[0] & ((1 << (8 - x)) - 1)
        else:
            u[min_bytes - 1] = b[0]
        v = int.from_bytes(u[:width], 'little')
        return v - (1 << (8 * width)) if v >> (8 * width - 1) else v

    def varint(self):
        return self.varlong(1, 4)

    def longint(self):
        v = self.int32()
        return v if v != -1 else struct.unpack('<q', self.bytes(8))[0]

    def vstring(self):
        n = self.byte()
        if n >= 0x80:
            n = (n - 0x80) * 0x100 + self.byte()
        return self.bytes(n)


def handshake(b, proto):
    """Offset where multiplexing starts, and the compat flags."""
    r = Rd(b)
    assert r.int32() == 32
    compat = 0
    if proto >= 30:
        compat = r.varint()
        r.vstring()
    r.int32()                       # checksum seed
    return r.p, compat


def demux(b, o):
    data = b''
    while o + 4 <= len(b):
        x = struct.unpack_from('<I', b, o)[0]
        tag, n = (x >> 24) - 7, x & 0xFFFFFF
        if o + 4 + n > len(b):
            break
        if tag == MSG_DATA:
            data += b[o + 4:o + 4 + n]
        o += 4 + n
    return data


def walk(data, proto, compat, o):
    """recv_file_list() over data: (end of the entries incl. the end
    marker, end of the id lists)."""
    r = Rd(data)
    vflags = compat & CF_VARINT
    mode = 0
    while True:
        if vflags:
            f = r.varint()
            if f == 0:
                r.varint()
                break
        else:
            f = r.byte()
            if f == 0:
                break
            if proto >= 28 and f & 0x04:
                f |= r.byte() << 8
                if f == 0x1004:
                    r.varint()
                    break
        if f & 0x20:
            r.byte()
        if f & 0x40:
            r.bytes(r.varint() if proto >= 30 else r.int32())
        else:
            r.bytes(r.byte())
        r.varlong(3) if proto >= 30 else r.longint()
        if not f & 0x80:
            r.varlong(4) if proto >= 30 else r.int32()
        if f & 0x2000:
            r.varint()
        if not f & 0x02:
            mode = r.int32() & 0xFFFFFFFF
        t = mode & 0o170000
        rd30 = (lambda: r.varint()) if proto >= 30 else (lambda: r.int32())
        if o['uid'] and not f & 0x08:
            rd30()
        if o['gid'] and not f & 0x10:
            rd30()
        isdev = t in (0o020000, 0o060000)
        isspecial = t in (0o010000, 0o140000)
        if (o['devices'] and isdev) or (o['specials'] and isspecial and proto < 31):
            if proto < 28:
                if not f & 0x04:
                    r.int32()
            else:
                if not f & 0x100:
                    rd30()
                if proto >= 30:
                    r.varint()
                elif f & 0x800:
                    r.byte()
                else:
                    r.int32()
        if o['links'] and t == 0o120000:
            r.bytes(rd30())
        if o['csum'] and (t == 0o100000 or proto < 28):
            r.bytes(o['csum'])
    end = r.p
    if o['names']:
        id0 = compat & CF_ID0
        for k in ('uid', 'gid'):
            if not o[k]:
                continue
            while True:
                i = r.varint() if proto >= 30 else r.int32()
                if i != 0 or id0:
                    r.bytes(r.byte())
                if i == 0:
                    break
    return end, r.p


def cfg_bytes(proto, compat, o, ids_first=False, step=0):
    b0 = (proto - 27) | (8 if ids_first else 0) | \
        ({0: 0, 8: 1, 16: 2, 20: 3}[o['csum']] << 4)
    b1 = (1 if compat & CF_VARINT else 0) | \
        (2 if (compat & CF_SAFE_FLIST or proto >= 31) else 0) | \
        (4 if o['uid'] else 0) | (8 if o['gid'] else 0) | \
        (16 if o['links'] else 0) | (32 if o['devices'] else 0) | \
        (64 if o['specials'] else 0) | (128 if compat & CF_ID0 else 0)
    return bytes([b0, b1, step])


def opts(uid=0, gid=0, links=0, devices=0, specials=0, csum=0, names=0):
    return dict(uid=uid, gid=gid, links=links, devices=devices,
                specials=specials, csum=csum, names=names)


CAPTURES = [('flist-p%d' % p, p, opts(1, 1, 1, 1, 1, 16, 1)) for p in range(27, 33)] + \
    [('ids-p%d' % p, p, opts(1, 1)) for p in (29, 32)] + \
    [('sizes-p%d' % p, p, opts()) for p in (27, 29, 32)] + \
    [('times-p%d' % p, p, opts()) for p in (29, 32)] + \
    [('dirs-p%d' % p, p, opts()) for p in (29, 32)] + \
    [('mplex-p%d' % p, p, opts()) for p in range(27, 33)]

# The server argv words (after "rsync"), before "." and the paths:
# tests/unit/test_options.c recorded[] (less the 'i' of e.iLsfxCIvu,
# which vrsync never sends but upstream clients do: both kept) and
# server_ok[] / server_err[].
RECORDED = [
    ("--server -vlogDtpre.iLsfxCIvu", 'dst/'),
    ("--server --sender -vlogDtpre.iLsfxCIvu", 'src/'),
    ("--server -vlogDtpr", 'dst/'),
    ("--server --sender -vlogDtpr", 'src/'),
    ("--server -vlogDtpre.iLsfxCIvu --timeout=5 --delete --numeric-ids", 'dst/'),
    ("--server --sender -vlogDtpre.iLsfxCIvu --timeout=5 --numeric-ids", 'src/'),
    ("--server -re.iLsfxCIvu --log-format=X", 'dst/'),
    ("--server -re.iLsfxCIvu --log-format=%i", 'dst/'),
    ("--server -re.iLsfxCIvu --log-format=%i%I", 'dst/'),
    ("--server -vvre.iLsfxCIvu --stats", 'dst/'),
    ("--server -nWrcIe.iLsfxCIvu --size-only", 'dst/'),
    ("--server --sender -nWrcIe.iLsfxCIvu", 'src/'),
    ("--server -re.iLsfxCIvu -B2048 --checksum-choice=md5 --checksum-seed=7", 'dst/'),
    ("--server -Wre.iLsfxCIvu --checksum-choice=none", 'dst/'),
    ("--server --sender -re.iLsfxCIvu --checksum-choice=xxh128,md5", 'src/'),
    ("--server -qre.iLsfxCIvu", 'dst/'),
    ("--server -Dre.iLsfxCIvu --no-specials", 'dst/'),
    ("--server -re.iLsfxCIvu --specials", 'dst/'),
    ("--server --sender -logtpre.iLsfxCIvu", 'src/'),
    ("--server -re.iLsfxCIvu --delete-during", 'dst/'),
    ("--server -re.iLsfxCIvu --delete-before", 'dst/'),
    ("--server -re.iLsfxCIvu --delete-after", 'dst/'),
    ("--server -re.iLsfxCIvu --delete-delay", 'dst/'),
    ("--server -vvvvvvvvve.LsfxCIvu", 'dst/'),
    ("--server --sender -e.LsfxCIvu", 'src/x'),
    ("--server -vvvve.LsfxCIvu --log-format=%i --stats", 'dst/'),
    ("--server -vne.LsfxCIvu --log-format=%i%I", 'dst/'),
    ("--server -qlWogDtprcIe.iLsfxCIvu -B700 --timeout=30 --checksum-choice=xxh3"
     " --delete-delay --size-only --checksum-seed=1 --numeric-ids", 'dst/'),
    ("--server --sender -qlWogDtprcIe.iLsfxCIvu -B700 --timeout=30"
     " --checksum-choice=xxh3 --checksum-seed=1 --numeric-ids", 'src/'),
    ("--server -r -B100000", 'dst/'),
    ("--server --sender -r -B100000", 'src/'),
    ("--server -re.iLsfxCIvu --checksum-seed=-5", 'dst/'),
    ("--server -e.LsfxCIvu -B1536", 'dst/'),
    ("--server -e.LsfxCIvu --checksum-choice=Auto,MD5", 'dst/'),
    ("--server -e.LsfxCIvu --timeout=2147483647", 'dst/'),
    ("--server -e.LsfxCIvu --checksum-seed=-2147483648", 'dst/'),
]
LINES = [
    # server_ok[]: odd paths, "--", options before --server, -e forms
    "--server --sender -r .",
    "--server --sender -r . a ./-x ./--bogus b=c",
    "--server --sender . .",
    "--server --sender -- . -x --y",
    "-v --server -r . d",
    "--server -ve . d",
    "--server -e .x . d",
    "--server --rsh=.Lf . d",
    "--server -h . d",
    "--server --help . d",
    "--server -V . d",
    # server_err[]: refused lines
    "--server --bogus . x",
    "--server -vQe.LsfxCIvu . x",
    "--server -vlogDtpre.LsfxCIvu --timeout=x . x",
    "--server --sender -B 200000 . x",
    "--server --sender --cc=bogus . x",
    "--server --sender -r --delete-before --delete-after . x",
    "--server --delete . x",
    "--server -vlogDtprze.iLsfxCIvu . x",
    "--server -re.iLsfxCIvu --partial . x",
    "--server --sender --exclude=x . x",
    "--server --sender -r . a -r",
    "--server --sender . a -- b",
    "--server --sender . -",
    "--server --sender -r",
    "--server --sender -r a . b",
    "--server --sender -- -r . b",
    "-r . b",
    "--server=1 . b",
    "--server -B",
]


def put(root, target, name, data, counts):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)
    counts[target] = counts.get(target, 0) + 1


def main():
    vec, root = sys.argv[1], sys.argv[2]
    counts = {}
    for k, (name, proto, o) in enumerate(CAPTURES):
        with open(os.path.join(vec, name + '.s2c'), 'rb') as f:
            b = f.read()
        start, compat = handshake(b, proto)
        data = demux(b, start)
        end, ids_end = walk(data, proto, compat, o)
        # piece steps: 1 byte, 4 and 64, by turns
        step = (0, 3, 63)[k % 3]
        put(root, 'flist', name, cfg_bytes(proto, compat, o, step=step) +
            data[:ids_end], counts)
        if o['names']:
            put(root, 'flist', name + '-ids', cfg_bytes(proto, compat, o, True, 7) +
                data[end:ids_end], counts)
    # Hand-made end markers: io_error in a safe list (0x1004 + varint),
    # in a varint-flags list (0, then the varint), and refused unsafe.
    none = opts()
    put(root, 'flist', 'hand-end-ioerr-safe-p31',
        cfg_bytes(31, 0, none) + b'\x04\x10\x17', counts)
    put(root, 'flist', 'hand-end-ioerr-varint-p32',
        cfg_bytes(32, CF_VARINT | CF_SAFE_FLIST, none) + b'\x00\x80\xff', counts)
    put(root, 'flist', 'hand-end-ioerr-unsafe-p30',
        cfg_bytes(30, 0, none) + b'\x04\x10\x17', counts)
    for i, (words, path) in enumerate(RECORDED):
        w = words.split(' ') + ['.', path]
        if i % 2:       # "--server" forced in as argv[1]
            assert w[0] == '--server'
            put(root, 'srvargv', 'recorded-%02d-forced' % i,
                b'\x01' + b'\0'.join(x.encode() for x in w[1:]), counts)
        else:
            put(root, 'srvargv', 'recorded-%02d' % i,
                b'\x00' + b'\0'.join(x.encode() for x in w), counts)
    for i, line in enumerate(LINES):
        put(root, 'srvargv', 'line-%02d' % i,
            bytes([(i % 4) << 1]) + b'\0'.join(x.encode() for x in line.split(' ')),
            counts)
    for t, n in sorted(counts.items()):
        print('mkseeds_flist: %s: %d seeds' % (t, n))


if __name__ == '__main__':
    main()
