#!/bin/bash
#
# make.sh: records the delta vectors in this directory (test_csum.c,
# test_match.c).  Run from anywhere; needs upstream rsync 3.5.0 and
# python3, not root.
#
# basis (5000 bytes, 8 blocks of 700 with a 100-byte remainder at every
# protocol) and new (basis with a changed byte, an insertion, a deletion
# and an appended tail) come from a fixed xorshift generator, so about
# half their bytes are >= 0x80.  Each scenario pulls new onto a copy of
# basis through capture.sh's tap with --no-whole-file -I:
#   NAME.c2s   the client's stream: the generator's sum_head and sums
#   NAME.s2c   the server's stream: the sender's echo of the sum_head,
#              its tokens and the whole-file sum
# NAME is CSUM-pPROTO-sSEED.
set -eu
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
TAP="$HERE/../capture.sh"
WORK=${CAPTURE_WORK:-/dev/shm/vrsync-delta}

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
python3 - <<'PY'
def gen(n, x):
    out = bytearray()
    for _ in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out.append(x & 0xFF)
    return out
basis = gen(5000, 2463534242)
new = bytearray(basis)
new[1000] ^= 0x80                       # block 1 changes
new[3000:3000] = gen(37, 12345)         # insertion inside block 4
del new[4300:4350]                      # deletion inside block 6
new += gen(900, 777)                    # appended tail
open("basis", "wb").write(basis)
open("new", "wb").write(new)
PY
cp basis new "$HERE/"

# run NAME RSYNC-ARGS...
run() {
	local name=$1
	shift
	rm -rf src dst && mkdir src dst
	cp new src/f && cp basis dst/f
	TAP_OUT="$WORK/$name" rsync -e "$TAP --tap" --no-whole-file -I "$@" \
	    localhost:src/f dst/f
	while kill -0 "$(cat "$name.teepid")" 2>/dev/null; do sleep 0.05; done
	cmp dst/f new
	cp "$name.c2s" "$name.s2c" "$HERE/"
}

run xxh128-p32-s1 --checksum-seed=1
run xxh3-p32-s1 --checksum-seed=1 --checksum-choice=xxh3
run xxh64-p32-s-2 --checksum-seed=-2 --checksum-choice=xxh64
run md5-p32-s305419896 --checksum-seed=305419896 --checksum-choice=md5
run md5-p30-s1 --checksum-seed=1 --protocol=30 --checksum-choice=md5
run md4-p32-s1 --checksum-seed=1 --checksum-choice=md4
run md4-p29-s1 --checksum-seed=1 --protocol=29
run md4-p27-s7 --checksum-seed=7 --protocol=27
run sha1-p32-s1 --checksum-seed=1 --checksum-choice=sha1
