#!/usr/bin/env bash
# tests/interop/smoke.sh: the first interop check (make interop-smoke, in
# make check).  vrsync against upstream rsync 3.5.0 over a REAL private
# sshd (tests/sshd/sshd.sh), in every protocol 27..32:
#
#   pull   vrsync client  <- upstream server (rsync --server --sender)
#   push   vrsync client  -> upstream server
#   spull  upstream client <- vrsync server (--rsync-path=vrsync)
#   spush  upstream client -> vrsync server
#   local  vrsync local copy (its own forked server), protocol as asked
#
# each first into an empty destination, then as an update (files edited
# in place, grown, shrunk, replaced by other types, removed with --delete)
# so the delta path and the deletions run too.  The resulting tree must
# equal the one upstream rsync makes with the same options (the control,
# run here too): names, types, modes, sizes, contents, mtimes, symlink
# targets, and owners when run as root.  Exit codes must be 0 like the
# control's.  Ends with "interop-smoke: N passed, N failed".
#
# Environment: VRSYNC (default build/vrsync), PROTOS (default "27 28 29
# 30 31 32"), KEEP=1 keeps the work directory.
# shellcheck disable=SC2086,SC1091
set -u

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
top=$(cd -- "$here/../.." && pwd -P)
VRSYNC=$(cd -- "$(dirname -- "${VRSYNC:-$top/build/vrsync}")" && pwd -P)/$(basename -- "${VRSYNC:-vrsync}")
PROTOS=${PROTOS:-"27 28 29 30 31 32"}
[ -x "$VRSYNC" ] || { echo "smoke.sh: no $VRSYNC" >&2; echo "interop-smoke: 0 passed, 1 failed"; exit 1; }

tmp=$(mktemp -d /tmp/vrsync-interop.XXXXXX) || exit 1
sshd_dir=$tmp/sshd
pass=0
fail=0
cleanup() {
	"$top/tests/sshd/sshd.sh" stop "$sshd_dir" > /dev/null 2>&1
	[ "${KEEP:-0}" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

"$top/tests/sshd/sshd.sh" start "$sshd_dir" > /dev/null || {
	echo "interop-smoke: 0 passed, 1 failed"; exit 1; }
. "$sshd_dir/env"

# the source tree, version 1 and version 2 (the update)
mk_v1() {
	local d=$1
	mkdir -p "$d/sub/deep/er" "$d/empty" "$d/gone-dir/x"
	printf 'hello\n' > "$d/hello.txt"
	: > "$d/zero"
	head -c 300000 /dev/urandom > "$d/big.bin"
	head -c 5000 /dev/urandom > "$d/sub/mid.bin"
	printf 'deep\n' > "$d/sub/deep/er/leaf"
	printf 'spaces\n' > "$d/name with spaces"
	printf 'x\n' > "$d/gone-file"
	printf 'y\n' > "$d/gone-dir/x/y"
	printf 'type\n' > "$d/becomes-dir"
	ln -s hello.txt "$d/link-rel"
	ln -s /nonexistent/target "$d/link-dangling"
	ln -s ../hello.txt "$d/sub/link-up"
	chmod 600 "$d/sub/mid.bin"
	chmod 755 "$d/hello.txt"
	chmod 750 "$d/sub/deep"
	touch -d '2021-03-04 05:06:07.123456789' "$d/hello.txt"
	touch -d '2001-01-01 00:00:00' "$d/zero" "$d/big.bin"
	touch -d '2022-02-02 02:02:02' "$d/sub/deep/er" "$d/sub/deep" "$d/sub" "$d/empty" "$d"
}
mk_v2() {
	local d=$1
	# edit the middle of big.bin (delta), grow mid.bin, shrink hello.txt
	printf 'CHANGED' | dd of="$d/big.bin" bs=1 seek=150000 conv=notrunc status=none
	head -c 3000 /dev/urandom >> "$d/sub/mid.bin"
	printf 'hi\n' > "$d/hello.txt"
	rm -rf "$d/gone-file" "$d/gone-dir" "$d/becomes-dir"
	mkdir "$d/becomes-dir"
	printf 'new\n' > "$d/becomes-dir/new"
	rm "$d/link-rel"
	ln -s zero "$d/link-rel"
	chmod 644 "$d/sub/mid.bin"
	touch -d '2023-05-06 07:08:09.5' "$d/sub/mid.bin"
	touch -d '2022-02-02 02:02:02' "$d/sub" "$d"
}

# tree_sig DIR: one line per entry, everything -a preserves
tree_sig() {
	(cd "$1" && find . -mindepth 1 -printf '%P|%y|%m|%s|%T@|%l|%U|%G\n' |
		sed -E 's#^([^|]*\|d\|[^|]*\|)[^|]*\|#\1-|#' | LC_ALL=C sort
	 cd "$1" && find . -type f -printf '%P\0' | LC_ALL=C sort -z |
		xargs -0 -r sha256sum)
}

src1=$tmp/src1
src2=$tmp/src2
mk_v1 "$src1"
cp -a "$src1" "$src2"
mk_v2 "$src2"

RS="rsync"
OPTS="-a --delete"

# run NAME EXPECTED_DIR CMD...: the command must exit 0 and leave a tree
# equal to EXPECTED_DIR's
check() {
	local name=$1 want=$2 got=$3 rc=$4 log=$5
	if [ "$rc" -ne 0 ]; then
		bad "$name" "exit $rc: $(tr '\n' ' ' < "$log" | cut -c1-300)"
		return
	fi
	if ! diff <(tree_sig "$want") <(tree_sig "$got") > "$tmp/diff" 2>&1; then
		bad "$name" "trees differ: $(head -c 600 "$tmp/diff" | tr '\n' ' ')"
		return
	fi
	ok "$name"
}

for p in $PROTOS; do
	P="--protocol=$p"
	# control: upstream to upstream, local paths over ssh
	ctl=$tmp/ctl-$p
	$RS $OPTS $P -e "$SSH" "$src1/" "$HOST:$ctl/" > /dev/null 2>&1
	cp -a "$ctl" "$ctl.v1"
	$RS $OPTS $P -e "$SSH" "$src2/" "$HOST:$ctl/" > /dev/null 2>&1
	for role in pull push spull spush local; do
		for v in 1 2; do
			src=$tmp/src$v
			want=$ctl.v1
			[ "$v" = 2 ] && want=$ctl
			dst=$tmp/$role-$p
			log=$tmp/$role-$p-$v.log
			case $role in
			pull)  timeout 120 "$VRSYNC" $OPTS $P -e "$SSH" "$HOST:$src/" "$dst/" ;;
			push)  timeout 120 "$VRSYNC" $OPTS $P -e "$SSH" "$src/" "$HOST:$dst/" ;;
			spull) timeout 120 $RS $OPTS $P -e "$SSH" --rsync-path="$VRSYNC" "$HOST:$src/" "$dst/" ;;
			spush) timeout 120 $RS $OPTS $P -e "$SSH" --rsync-path="$VRSYNC" "$src/" "$HOST:$dst/" ;;
			local) timeout 120 "$VRSYNC" $OPTS $P "$src/" "$dst/" ;;
			esac > "$log" 2>&1
			check "p$p $role v$v" "$want" "$dst" $? "$log"
		done
	done
done

echo "interop-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
