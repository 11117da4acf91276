#!/usr/bin/env python3
"""mkseeds.py CAPDIR OUTDIR: cut the seed corpora from recorded sessions.

CAPDIR holds <name>.c2s / <name>.s2c pairs recorded by capture.sh (upstream
rsync 3.5.0 through tap.sh).  Writes OUTDIR/<target>/<seed> for the targets
mplex, ndx, vstring (cut from the sessions) and ints, varint, varlong
(hand-made boundary values, plus integers seen in the sessions).  Seed
names say where each came from.  Standard library only.
"""
import os
import struct
import sys

KNOWN = set(range(0, 11)) | {22, 33, 42, 86, 100, 101, 102}


def frames_from(b, o):
    """Frames of b from offset o if they run exactly to the end, else None."""
    out = []
    while o < len(b):
        if len(b) - o < 4:
            return None
        x = struct.unpack_from('<I', b, o)[0]
        tag, n = (x >> 24) - 7, x & 0xFFFFFF
        if tag not in KNOWN or o + 4 + n > len(b):
            return None
        out.append((o, tag, b[o + 4:o + 4 + n]))
        o += 4 + n
    return out


def mplex_start(b):
    """Where multiplexing starts: the first offset from which the rest is
    whole frames of known codes, at least two."""
    for o in range(4, min(len(b), 64)):
        f = frames_from(b, o)
        if f and len(f) >= 2:
            return o, f
    return None, None


def demux(frames):
    return b''.join(p for (_, t, p) in frames if t == 0)


def ndx_len(b, i, proto):
    """Length of the ndx item at b[i] (read_ndx), or None if cut short."""
    if proto < 30:
        return 4 if len(b) - i >= 4 else None
    j = i
    if j >= len(b):
        return None
    if b[j] == 0:
        return 1
    if b[j] == 0xFF:
        j += 1
        if j >= len(b):
            return None
    if b[j] == 0xFE:
        if j + 2 >= len(b):
            return None
        n = 5 if b[j + 1] & 0x80 else 3
    else:
        n = 1
    return j + n - i if j + n <= len(b) else None


def ndx_value(b, i, proto, st):
    if proto < 30:
        return struct.unpack_from('<i', b, i)[0]
    if b[i] == 0:
        return -1
    neg = b[i] == 0xFF
    j = i + 1 if neg else i
    key = 'neg' if neg else 'pos'
    if b[j] == 0xFE:
        if b[j + 1] & 0x80:
            num = b[j + 2] | b[j + 3] << 8 | b[j + 4] << 16 | (b[j + 1] & 0x7F) << 24
        else:
            num = (b[j + 1] << 8) + b[j + 2] + st[key]
    else:
        num = b[j] + st[key]
    st[key] = num
    return -num if neg else num


def generator_ndx(data, proto):
    """The ndx items of a generator's stream (write_ndx_and_attrs, then a
    sum head for a transfer), as their bytes, in order."""
    st = {'pos': -1, 'neg': 1}
    out = []
    i = 0
    while i < len(data):
        n = ndx_len(data, i, proto)
        if n is None:
            break
        item = data[i:i + n]
        v = ndx_value(data, i, proto, st)
        out.append(item)
        i += n
        if v < 0:
            continue
        iflags = 0x8000
        if proto >= 29:
            if i + 2 > len(data):
                break
            iflags = struct.unpack_from('<H', data, i)[0]
            i += 2
        if iflags & 0x0800:
            i += 1
        if iflags & 0x1000:
            ln = data[i]
            if ln & 0x80:
                ln = (ln & 0x7F) * 256 + data[i + 1]
                i += 1
            i += 1 + ln
        if iflags & 0x8000:
            if i + 16 > len(data):
                break
            cnt, blen, s2len, rem = struct.unpack_from('<iiii', data, i)
            i += 16 + cnt * (4 + s2len)
    return out


def varlong_bytes(x, min_bytes, width=8):
    """upstream write_varlong(): x as width bytes, little-endian."""
    b = [0] + list((x & ((1 << (8 * width)) - 1)).to_bytes(width, 'little'))
    cnt = width
    while cnt > min_bytes and b[cnt] == 0:
        cnt -= 1
    bit = 1 << (7 - cnt + min_bytes)
    if b[cnt] >= bit:
        cnt += 1
        b[0] = ~(bit - 1) & 0xFF
    elif cnt > min_bytes:
        b[0] = b[cnt] | (~(bit * 2 - 1) & 0xFF)
    else:
        b[0] = b[cnt]
    return bytes(b[:cnt])


class Out:
    def __init__(self, root):
        self.root = root
        self.n = {}

    def put(self, target, name, data):
        d = os.path.join(self.root, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)
        self.n[target] = self.n.get(target, 0) + 1


def proto_of(name):
    return int(''.join(c for c in name if c.isdigit()))


def main():
    cap, root = sys.argv[1], sys.argv[2]
    out = Out(root)
    names = sorted({f.rsplit('.', 1)[0] for f in os.listdir(cap)
                    if f.endswith(('.c2s', '.s2c'))})
    seen_ints = set()
    for name in names:
        proto = proto_of(name)
        for d in ('s2c', 'c2s'):
            with open(os.path.join(cap, name + '.' + d), 'rb') as f:
                b = f.read()
            if len(b) >= 4:
                seen_ints.add(b[:4])          # the protocol version
            o, frames = mplex_start(b)
            tag = '%s-%s' % (name, d)
            if frames:
                stream = b[o:]
                # mplex: the whole multiplexed stream in three feeds.
                if d == 's2c' or name in ('pull32', 'pushmsg32'):
                    out.put('mplex', tag + '-whole', b'\x00\xff' + stream)
                    if proto in (27, 32) or 'msg' in name:
                        out.put('mplex', tag + '-bytewise', b'\x00\x01' + stream)
                        out.put('mplex', tag + '-mixed',
                                b'\x04\x03\x01\xc8\x00\x07' + stream)
                # and the first three frames alone, split inside a header
                if d == 's2c':
                    end = frames[min(3, len(frames)) - 1]
                    short = b[o:end[0] + 4 + len(end[2])]
                    out.put('mplex', tag + '-3frames', b'\x01\x02\x05' + short)
                # every message frame (not MSG_DATA) on its own
                for k, (fo, t, p) in enumerate(frames):
                    if t != 0:
                        out.put('mplex', '%s-msg%d-%d' % (tag, t, k),
                                b'\x00\xff' + b[fo:fo + 4 + len(p)])
                data = demux(frames)
                # the server's checksum seed precedes multiplexing
                if d == 's2c' and o >= 8:
                    seen_ints.add(b[o - 4:o])
            else:
                data = b[4:]
            # vstrings: the negotiation lists before multiplexing.
            head = b[:o] if frames else b''
            for i in range(len(head)):
                n = head[i]
                if 8 <= n < 0x80 and i + 1 + n <= len(head) and \
                        all(32 <= c < 127 for c in head[i + 1:i + 1 + n]) and \
                        head[i + 1:i + 1 + n].split(b' ')[-1].isalnum() and \
                        b' ' in head[i + 1:i + 1 + n]:
                    out.put('vstring', '%s-%d' % (tag, i),
                            b'\xff\x7f' + head[i:i + 1 + n])
                    out.put('vstring', '%s-%d-tight' % (tag, i),
                            bytes([n, 0]) + head[i:i + 1 + n])
            # ndx: the generator's stream is the client's in a pull, after
            # the filter list (int32 0), and the server's in a push.
            gen = None
            if name.startswith('pull') and d == 'c2s' and data[:4] == b'\0\0\0\0':
                gen = data[4:]
            if name.startswith('push') and d == 's2c':
                gen = data
            if gen:
                items = generator_ndx(gen, proto)
                sel = (proto - 30) * 2 + 1 if proto >= 30 else (proto - 27) * 2
                if items:
                    out.put('ndx', tag + '-generator', bytes([sel]) + b''.join(items))
    # Hand-made ndx streams, protocol 32 (selector 5) and 29 (selector 4).
    def ndx_stream(vals):
        st = {'pos': -1, 'neg': 1}
        r = b''
        for v in vals:
            if v == -1:
                r += b'\0'
                continue
            pre, key, a = (b'', 'pos', v) if v >= 0 else (b'\xff', 'neg', -v)
            diff = a - st[key]
            st[key] = a
            if 0 < diff < 0xFE:
                r += pre + bytes([diff])
            elif diff < 0 or diff > 0x7FFF:
                r += pre + bytes([0xFE, (a >> 24) | 0x80, a & 0xFF, (a >> 8) & 0xFF, (a >> 16) & 0xFF])
            else:
                r += pre + bytes([0xFE, diff >> 8, diff & 0xFF])
        return r
    out.put('ndx', 'hand-p32-boundaries', b'\x05' + ndx_stream(
        [0, 1, 0xFD, 0xFD + 0xFD, 0x1FA + 0xFE, 0x1FA + 0xFE + 0x7FFF, 5, 0x7FFFFFFF, -1,
         -2, -3, -101, -102, -101 - 0xFD, -0x7FFFFFFF, -1]))
    out.put('ndx', 'hand-p32-flist', b'\x05' + ndx_stream([-101, 0, 1, 2, -102, 3, 4, -1, -1]))
    out.put('ndx', 'hand-p32-overflow', b'\x05' + ndx_stream([0x7FFFFFFF]) + b'\x01\xfe\x00\x01')
    out.put('ndx', 'hand-p29-ints', b'\x04' + b''.join(struct.pack('<i', v) for v in
                                                     [0, 1, -1, -2, -101, 0x7FFFFFFF, -0x7FFFFFFF]))
    out.put('ndx', 'hand-p29-min', b'\x04' + struct.pack('<i', -0x80000000))
    # ints: selector byte, then items.
    I32 = [0, 1, -1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFFFFFF, -0x80000000]
    for v in sorted(seen_ints)[:12]:
        out.put('ints', 'session-int32-' + v.hex(), b'\x02' + v)
    out.put('ints', 'hand-byte', b'\x00' + bytes([0, 1, 0x7F, 0x80, 0xFF]))
    out.put('ints', 'hand-u16', b'\x01' + b''.join(struct.pack('<H', v) for v in [0, 1, 0x7FFF, 0x8000, 0xFFFF]))
    out.put('ints', 'hand-int32', b'\x02' + b''.join(struct.pack('<i', v) for v in I32))
    out.put('ints', 'hand-uint32', b'\x03' + b''.join(struct.pack('<I', v & 0xFFFFFFFF) for v in I32))
    out.put('ints', 'hand-int64', b'\x04' + b''.join(struct.pack('<q', v) for v in
                                                   [0, -1, 1 << 31, (1 << 63) - 1, -(1 << 63)]))
    lint = b''
    for v in [0, 3000, 0x7FFFFFFF, 0x80000000, -1, -2, 1 << 40, (1 << 63) - 1, -(1 << 63)]:
        lint += struct.pack('<i', v) if 0 <= v <= 0x7FFFFFFF else b'\xff\xff\xff\xff' + struct.pack('<q', v)
    out.put('ints', 'hand-longint', b'\x05' + lint)
    out.put('ints', 'hand-longint-short', b'\x05\xff\xff\xff\xff\x01\x02\x03')
    out.put('ints', 'hand-mixed', b'\x06' + b'\x00\x07' + b'\x01\x34\x12' + b'\x02\xff\xff\xff\x7f' +
            b'\x05\xff\xff\xff\xff' + struct.pack('<q', 1 << 33) + b'\x04' + struct.pack('<q', -5))
    # varint: every length boundary, written as upstream writes them.
    vi = b''
    for v in [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1FFFFF, 0x200000, 0x0FFFFFFF,
              0x10000000, 0x7FFFFFFF, -1, -0x80000000]:
        vi += varlong_bytes(v, 1, 4)
    out.put('varint', 'hand-boundaries', vi)
    out.put('varint', 'session-compat-flags', bytes.fromhex('81ff'))
    out.put('varint', 'hand-overflow-lead', bytes.fromhex('f8 00 00 00 00 00 fc 01'))
    out.put('varint', 'hand-noncanonical', bytes.fromhex('80 05 f7 01 02 03 04'))
    for mb in (3, 4, 5, 8):
        vl = b''
        for v in [0, 1, 0xFFFF, 0x10000, 3000, 1 << 23, 1 << 31, 0x7FFFFFFF,
                  1 << 40, (1 << 63) - 1, -1, -(1 << 63)]:
            vl += varlong_bytes(v, mb)
        out.put('varlong', 'hand-min%d' % mb, bytes([mb - 3]) + vl)
    out.put('varlong', 'hand-badmin', b'\x80\x01\x02\x03')
    out.put('varlong', 'hand-overflow', b'\x00' + bytes.fromhex('fe 00 00 00 00 00 00 00 00'))
    # vstring: hand-made length boundaries.
    for n in (0, 1, 0x7F, 0x80, 0x100, 0x3FF):
        h = bytes([n]) if n < 0x80 else bytes([0x80 | n >> 8, n & 0xFF])
        out.put('vstring', 'hand-len%d' % n, b'\xff\x7f' + h + b'a' * n)
    out.put('vstring', 'hand-overlong', b'\x10\x00' + b'\x11' + b'b' * 17)
    out.put('vstring', 'hand-longform-short', b'\x00\x01\x80\x05abc')
    # mplex: hand-made edges.
    hdr = lambda t, n: struct.pack('<I', (t + 7) << 24 | n)
    out.put('mplex', 'hand-keepalive', b'\x00\xff' + hdr(0, 0) + hdr(42, 0) + hdr(0, 2) + b'ok')
    out.put('mplex', 'hand-badtag', b'\x00\xff' + hdr(2, 3) + b'hi\n' + hdr(11, 0))
    out.put('mplex', 'hand-badtag-split', b'\x01\x03' + hdr(0, 1) + b'x' + b'\0\0\0\x06')
    out.put('mplex', 'hand-maxlen-open', b'\x00\xff' + hdr(0, 0xFFFFFF) + b'abc')
    out.put('mplex', 'hand-all-codes', b'\x00\x05' + b''.join(hdr(t, 1) + b'z' for t in sorted(KNOWN)))
    for t, n in sorted(out.n.items()):
        print('mkseeds: %s: %d seeds' % (t, n))


if __name__ == '__main__':
    main()
