#!/bin/bash
#
# capture.sh: record real upstream rsync sessions, byte for byte, for the
# wire codec unit tests (tests/unit/test_wire_*.c).
#
#	tests/vectors/capture.sh	(as root; rewrites tests/vectors/*.c2s,
#					 *.s2c and MANIFEST)
#
# How: rsync runs with `-e "capture.sh --tap"`, so this script is also the
# "remote shell".  As the tap it drops the host argument and runs the
# remaining command (the server rsync, the same upstream binary) with its
# stdin copied to NAME.c2s (client to server) and its stdout copied to
# NAME.s2c (server to client).  Nothing is altered; the files hold exactly
# the bytes upstream wrote.  Like ssh, the tap exits when the server exits.
#
# Reproducibility: --checksum-seed=1, fixed mtimes (touch -d @N), fixed
# modes and owners, a fixed work directory (messages carry relative paths
# only), LC_ALL=C.  What can still differ between two runs: the file-list
# build/transfer times in milliseconds that a proto >= 29 server sender puts
# in its closing stats (the last data bytes of a pull's s2c), and, in
# principle, where upstream cuts MSG_DATA frames.  Values the tests check
# never come from those bytes.
#
# The work directory must be on a file system that takes sparse sizes up to
# 2^63-1 and mtimes over the whole int64 range: tmpfs does (Linux >= 5.6);
# ext4 stops at 16 TiB - 4 KiB and at years 1901..2446.  The default is
# /dev/shm/vrsync-capture.  Values the file system refuses are left out and
# listed in MANIFEST (the tests then check what the capture holds).
#
# Requires: root (chown to arbitrary ids), upstream rsync 3.5.0 (protocol
# 32), bash, coreutils.
#
# Scenarios (NAME: what it captures)
#
#   ids-p32     pull, dry run, -r --no-inc-recursive -o -g --numeric-ids.
#               src/ids holds one empty file per value V, named u%08x, with
#               uid = gid = V: 0, 127, 128, 255, 256, 16383, 16384, 65535,
#               65536, 0x1fffff, 0x200000, 0xffffff, 0x1000000, 0x0fffffff,
#               0x10000000, 0x7fffffff, 0x80000000 and 0xfffffffe (-2 as an
#               int32).  The directory itself is 4242:4242, so every file's
#               ids differ from the previous entry's and all are sent.
#               s2c: file list with uid/gid as varint (every varint width).
#   ids-p29     the same at --protocol=29: uid/gid as plain int32.
#   sizes-p32   pull, dry run, src/sizes: sparse files named s%016x of
#               size V at every varlong(min_bytes 3) boundary from 0 to
#               0x7fffffffffffffff, plus 0x7fffffff/0x80000000 (longint
#               escape).  s2c: sizes as varlong min 3.
#   sizes-p29   the same at --protocol=29: sizes as longint (int32, or
#   sizes-p27   ff ff ff ff + int64 above 0x7fffffff); also --protocol=27.
#   times-p32   pull, dry run, src/times: empty files named t%016x whose
#               mtime is V (two's complement for negatives) at every
#               varlong(min_bytes 4) boundary, and -1, -2^31, INT64_MIN.
#               s2c: mtimes as varlong min 4.
#   times-p29   the same at --protocol=29: mtimes as int32 (upstream sends
#               the low 32 bits; the reader takes them as unsigned).
#   ndx-p32     pull -r -t --no-inc-recursive of src/ndx: 66050 empty files
#               n00001..n66050 (file index = number; "." is 0).  The
#               destination is a copy; then six source files get one byte
#               of content, so the generator asks for exactly the indices
#               1, 2, 255, 509, 33276, 66044: diffs 2, 1, 0xFD, 0xFE,
#               0x7FFF, 0x8000 (the last two are fe 7f ff and the absolute
#               form), then NDX_DONE.  Only c2s is kept: the s2c of this
#               session carries the 66050-entry file list (~0.5 MB).
#   incr-p32    pull -r -t --delete with incremental recursion of src/tree
#               (three subdirectories) into a destination holding extra
#               files: s2c has NDX_FLIST_OFFSET - dirndx before each
#               sub-list and NDX_FLIST_EOF; c2s has the generator's ndx
#               stream with NDX_DONE per list and NDX_DEL_STATS (proto 31+).
#   pushdel-p32 push -r -t --delete -vv --no-msgs2stderr of src/tree into a
#               destination with extra files: s2c has the server
#               receiver's MSG_INFO ("delta-transmission enabled", "... is
#               uptodate"), MSG_DELETED frames and NDX_DEL_STATS; c2s the
#               client's file list (with inc-recurse ndx) and file data.
#   maxdel-p32  the same push with --max-delete=1 -v: one MSG_DELETED, then
#               MSG_WARNING "Deletions stopped due to --max-delete limit",
#               exit 25.
#   ndx-p29     pull -r -t of src/tree at --protocol=29 into an empty
#               destination: c2s is unmultiplexed and every ndx a plain
#               int32, NDX_DONE ff ff ff ff.
#   hlink-p32   pull -r -H of src/hlink: a hard-linked pair whose leader
#               has a 150-byte path; the generator itemizes the follower
#               with ITEM_XNAME_FOLLOWS and the leader's name as a vstring
#               with a 2-byte length (c2s; the sender echoes it in s2c).
#   mplex-pNN   NN = 27..32: pull -r -t -v --no-msgs2stderr of src/small/
#               (two files with data and a symlink, skipped without -l)
#               and of src/missing (absent: the server's MSG_ERROR_XFER
#               "link_stat ... failed", exit 23).  --no-msgs2stderr keeps
#               the server's messages in the stream at proto >= 29 too
#               (upstream 3.5.0 otherwise sends them to the remote shell's
#               stderr).  Whole s2c and c2s kept.
#   errexit-p32 pull -r of src/small/ into a destination below a regular
#               file: the client fails ("cannot stat destination", exit 3)
#               and, at proto >= 31, sends MSG_ERROR_EXIT with the code 3
#               in c2s.
#   flist-pNN   NN = 27..32: pull, dry run, -r -l -D -o -g -c (names,
#               not --numeric-ids; --no-inc-recursive at 30+) of src/flist:
#               "file" (6 bytes, mtime T0 + 123456789 ns, owner 0:0),
#               "link" -> "file" (owner 1:1), "dangle" -> a 300-byte
#               target, a fifo "fifo", devices "cdev" c 1:3 (owner 2:2),
#               "cdev2" c 1:5, "bdev" b 259:300, "sub/a" (empty), and
#               D(150)/E(150)/F(250) (letters repeated), whose name
#               suffix after the 255-byte prefix is over 255 bytes
#               (XMIT_LONG_NAME).  Everything not named here is
#               4242:4242 with mtime T0.  s2c: the file list with symlink
#               targets, rdev in every protocol's encoding (specials'
#               dummy rdev below 31), nsec (31+), -c checksums (proto 27:
#               for every entry), the uid/gid name lists (CF_ID0_NAMES
#               at 30+).
#   dirs-pNN    NN = 32, 29: pull, dry run, -d (no -r) of src/flist/: "."
#               is a top content dir, "D" and "sub" are sent without
#               their contents (XMIT_NO_CONTENT_DIR at 30+).
#
# MANIFEST lists each scenario with its command line, exit code, sizes and
# sha256 of the kept files.
set -u

if [ "${1:-}" = "--tap" ]; then
	# The remote shell: capture.sh --tap HOST COMMAND...
	shift 2
	# The copy of stdin runs beside the server; it ends when the client
	# closes its end, after we (like ssh) exited with the server.
	"$@" < <(echo "$BASHPID" > "$TAP_OUT.teepid"; exec tee "$TAP_OUT.c2s") |
	    tee "$TAP_OUT.s2c"
	exit "${PIPESTATUS[0]}"
fi

set -e
export LC_ALL=C
umask 022
HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"
WORK=${CAPTURE_WORK:-/dev/shm/vrsync-capture}
T0=1727046066	# 0x66f0a1b2, the mtime of everything not under test

if [ "$(id -u)" != 0 ]; then
	echo "capture.sh: must run as root (chown to arbitrary ids)" >&2
	exit 1
fi
rsync --version | head -1 | grep -q 'version 3\.5\.0 .*protocol version 32' || {
	echo "capture.sh: needs upstream rsync 3.5.0 (protocol 32)" >&2
	exit 1
}

rm -rf "$WORK"
mkdir -p "$WORK/src" "$WORK/dst" "$WORK/out"
cd "$WORK"
: > out/refused

# fix DIR: fixed mode and mtime on a directory and everything below it.
fix() {
	find "$1" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
	find "$1" -depth -exec touch -h -d @$T0 {} +
}

# ---- src/ids --------------------------------------------------------------
mkdir src/ids
for v in 0 127 128 255 256 16383 16384 65535 65536 0x1fffff 0x200000 \
    0xffffff 0x1000000 0x0fffffff 0x10000000 0x7fffffff 0x80000000 \
    0xfffffffe; do
	f=src/ids/$(printf 'u%08x' "$v")
	: > "$f"
	chown "$((v)):$((v))" "$f" || echo "ids $v" >> out/refused
done
fix src/ids
chown 4242:4242 src/ids

# ---- src/sizes ------------------------------------------------------------
mkdir src/sizes
for v in 0 1 0x7f 0x80 0xff 0x100 0xffff 0x10000 0x7fffff 0x800000 \
    0xffffff 0x1000000 0x3fffffff 0x40000000 0x7fffffff 0x80000000 \
    0xffffffff 0x100000000 0x1fffffffff 0x2000000000 0xffffffffff \
    0x10000000000 0xfffffffffff 0x100000000000 0xffffffffffff \
    0x1000000000000 0x7ffffffffffff 0x8000000000000 0xffffffffffffff \
    0x100000000000000 0x3ffffffffffffff 0x400000000000000 \
    0x7fffffffffffffff; do
	f=src/sizes/$(printf 's%016x' "$v")
	truncate -s "$((v))" "$f" 2>/dev/null || {
		rm -f "$f"
		echo "sizes $v" >> out/refused
	}
done
fix src/sizes

# ---- src/times ------------------------------------------------------------
mkdir src/times
for v in 0 1 0x7fffffff 0x80000000 0xffffffff 0x100000000 0x3fffffffff \
    0x4000000000 0xffffffffff 0x1fffffffffff 0x200000000000 \
    0xffffffffffff 0xfffffffffffff 0x10000000000000 0x7ffffffffffffff \
    0x800000000000000 0x7fffffffffffffff -1 -0x80000000 \
    -0x8000000000000000; do
	f=src/times/$(printf 't%016x' "$v")
	: > "$f"
	chmod 0644 "$f"
	touch -d "@$((v))" "$f" 2>/dev/null &&
	    [ "$(stat -c %Y "$f")" = "$((v))" ] || {
		rm -f "$f"
		echo "times $v" >> out/refused
	}
done
chmod 0755 src/times
touch -d @$T0 src/times

# ---- src/ndx and its up-to-date copy --------------------------------------
mkdir src/ndx
(cd src/ndx && seq -f 'n%05g' 1 66050 | xargs touch)
fix src/ndx
cp -a src/ndx dst/ndx-p32
for i in 1 2 255 509 33276 66044; do
	f=src/ndx/$(printf 'n%05d' $i)
	echo x > "$f"
	touch -d @$T0 "$f"
done
touch -d @$T0 src/ndx

# ---- src/tree: three subdirectories ---------------------------------------
for d in d1 d2 d3; do
	mkdir -p src/tree/$d
	for f in a b c; do echo "$d/$f" > src/tree/$d/$f; done
done
echo top > src/tree/top
fix src/tree
mkdir -p dst/incr-p32 dst/pushdel-p32 dst/maxdel-p32
for d in dst/incr-p32 dst/pushdel-p32 dst/maxdel-p32; do
	cp -a src/tree/. $d/
	echo stale > $d/d2/stale1
	echo stale > $d/d2/stale2
	mkdir $d/gone && echo stale > $d/gone/x
	rm $d/d1/b
	fix $d
done

# ---- src/hlink -------------------------------------------------------------
long=$(printf 'L%.0s' $(seq 1 140))
mkdir -p src/hlink/a
echo linked > "src/hlink/a/$long"
ln "src/hlink/a/$long" src/hlink/z
fix src/hlink

# ---- src/small -------------------------------------------------------------
mkdir -p src/small
printf 'hello\n' > src/small/f1
seq 1 500 > src/small/f2
ln -s f1 src/small/link
fix src/small

# ---- src/flist: every entry type --------------------------------------------
mkdir -p src/flist/sub
printf 'hello\n' > src/flist/file
ln -s file src/flist/link
ln -s "$(printf 'T%.0s' $(seq 1 300))" src/flist/dangle
mkfifo src/flist/fifo
mknod src/flist/cdev c 1 3
mknod src/flist/cdev2 c 1 5
mknod src/flist/bdev b 259 300
: > src/flist/sub/a
lp=src/flist/$(printf 'D%.0s' $(seq 1 150))/$(printf 'E%.0s' $(seq 1 150))
mkdir -p "$lp"
: > "$lp/$(printf 'F%.0s' $(seq 1 250))"
fix src/flist
chmod 0644 src/flist/cdev src/flist/cdev2 src/flist/bdev src/flist/fifo
chown -R -h 4242:4242 src/flist
chown 0:0 src/flist/file
chown -h 1:1 src/flist/link
chown 2:2 src/flist/cdev
touch -d @$T0.123456789 src/flist/file

# ---- errexit: a regular file where the destination's parent should be ------
echo file > dst/notadir
touch -d @$T0 dst/notadir

# run NAME KEEP CMD...: run rsync with the tap; KEEP is "c2s s2c" or a part.
run() {
	local name=$1 keep=$2 rc
	shift 2
	rm -f "out/$name".*
	set +e
	TAP_OUT="$WORK/out/$name" "$@" > "out/$name.stdout" 2> "out/$name.stderr"
	rc=$?
	set -e
	# Wait for the stdin copy to see the client's EOF.
	local pid
	pid=$(cat "out/$name.teepid")
	while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	{
		echo "[$name]"
		echo "command: ${*/#$SELF/capture.sh}"
		echo "exit: $rc"
		for d in c2s s2c; do
			if [[ " $keep " == *" $d "* ]]; then
				cp "out/$name.$d" "$HERE/$name.$d"
				echo "$d: $(stat -c %s "out/$name.$d") bytes" \
				    "sha256 $(sha256sum < "out/$name.$d" | cut -c1-64)"
			else
				rm -f "$HERE/$name.$d"
				echo "$d: not kept ($(stat -c %s "out/$name.$d") bytes)"
			fi
		done
		echo
	} >> out/MANIFEST
}

TAP=(-e "$SELF --tap")
SEED=--checksum-seed=1
: > out/MANIFEST

run ids-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -n -r --no-inc-recursive -o -g \
    --numeric-ids localhost:src/ids/ dst/ids-p32/
run ids-p29 "c2s s2c" rsync "${TAP[@]}" $SEED --protocol=29 -n -r -o -g \
    --numeric-ids localhost:src/ids/ dst/ids-p29/
for p in 32 29 27; do
	extra=(--no-inc-recursive)
	[ $p -lt 30 ] && extra=(--protocol=$p)
	run sizes-p$p "c2s s2c" rsync "${TAP[@]}" $SEED -n -r "${extra[@]}" \
	    localhost:src/sizes/ dst/sizes-p$p/
done
run times-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -n -r --no-inc-recursive \
    localhost:src/times/ dst/times-p32/
run times-p29 "c2s s2c" rsync "${TAP[@]}" $SEED --protocol=29 -n -r \
    localhost:src/times/ dst/times-p29/
run ndx-p32 "c2s" rsync "${TAP[@]}" $SEED -r -t --no-inc-recursive \
    localhost:src/ndx/ dst/ndx-p32/
run incr-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -r -t --delete \
    localhost:src/tree/ dst/incr-p32/
run pushdel-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -r -t --delete -vv \
    --no-msgs2stderr src/tree/ localhost:dst/pushdel-p32/
run maxdel-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -r -t --delete -v \
    --max-delete=1 --no-msgs2stderr src/tree/ localhost:dst/maxdel-p32/
run ndx-p29 "c2s s2c" rsync "${TAP[@]}" $SEED --protocol=29 -r -t \
    localhost:src/tree/ dst/ndx-p29/
run hlink-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -r -t -H \
    localhost:src/hlink/ dst/hlink-p32/
for p in 27 28 29 30 31 32; do
	run mplex-p$p "c2s s2c" rsync "${TAP[@]}" $SEED --protocol=$p -r -t -v \
	    --no-msgs2stderr \
	    localhost:src/small/ localhost:src/missing dst/mplex-p$p/
done
run errexit-p32 "c2s s2c" rsync "${TAP[@]}" $SEED -r -t \
    localhost:src/small/ dst/notadir/sub/
for p in 27 28 29 30 31 32; do
	extra=(--protocol=$p)
	[ $p -ge 30 ] && extra+=(--no-inc-recursive)
	run flist-p$p "c2s s2c" rsync "${TAP[@]}" $SEED "${extra[@]}" -n -r -l \
	    -D -o -g -c localhost:src/flist/ dst/flist-p$p/
done
for p in 32 29; do
	run dirs-p$p "c2s s2c" rsync "${TAP[@]}" $SEED --protocol=$p -n -d \
	    localhost:src/flist/ dst/dirs-p$p/
done

{
	echo "# Written by capture.sh; see its header for the scenarios."
	echo "# $(rsync --version | head -1)"
	echo "# work directory $WORK ($(stat -f -c %T "$WORK"))"
	if [ -s out/refused ]; then
		echo "# values the file system refused (not in the captures):"
		sed 's/^/#   /' out/refused
	else
		echo "# every planned value was produced"
	fi
	echo
	cat out/MANIFEST
} > "$HERE/MANIFEST"
echo "capture.sh: wrote $(ls "$HERE"/*.c2s "$HERE"/*.s2c | wc -l) files to $HERE"
