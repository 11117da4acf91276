#!/bin/bash
#
# tests/hostile/run.sh: vrsync against a malicious rsync peer.
#
#	tests/hostile/run.sh [CASE...]		(from the top of the tree)
#
# tests/hostile/peer.py plays a hostile SERVER SENDER (started as the
# remote shell of a pulling vrsync: -e "python3 peer.py CASE") and a
# hostile CLIENT SENDER (against `vrsync --server -logDtpre.LsfxCIvu .
# dest/`, a push).  Each case checks: the exit code (upstream rsync's, from
# its source and from running the same peer against rsync 3.5.0), a key
# phrase of the message, that the sentinel directory next to the
# destination is unchanged, that no temp file .NAME.XXXXXX is left in the
# destination, that ASan/UBSan/valgrind are silent, and that the run ends
# within a time limit (exit 124 is a hang).
#
# Binaries: build/vrsync, build/san/vrsync when built, and a few cases
# under valgrind when it is installed.  Override with VRSYNC="bin1 bin2",
# VALGRIND=0 to skip valgrind.  UPSTREAM=0 skips the reference run of
# upstream rsync (shown next to vrsync's result, never counted).
#
# Last line: "hostile: N passed, N failed".

set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
PEER="$TOP/tests/hostile/peer.py"
TMO=${HOSTILE_TIMEOUT:-15}
VG_TMO=${HOSTILE_VG_TIMEOUT:-90}
export PEER_DRAIN=${PEER_DRAIN:-30}	# a peer outlives a client that hangs

if [ -z "${VRSYNC:-}" ]; then
	VRSYNC="$TOP/build/vrsync"
	[ -x "$TOP/build/san/vrsync" ] && VRSYNC="$VRSYNC $TOP/build/san/vrsync"
fi
VG_CASES="good dotdot symlink token-range badsum2 tag trunc-flist push-good push-dotdot push-symlink"
if [ "${VALGRIND:-1}" = 0 ] || ! command -v valgrind >/dev/null; then VG_CASES=""; fi
UP=""
if [ "${UPSTREAM:-1}" != 0 ] && command -v rsync >/dev/null &&
    rsync --version 2>/dev/null | grep -q 'protocol version 3[12]'; then
	UP=rsync
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# CASE | expected exit code ("!0": any failure) | ERE the messages must match ("" none)
CASES='
good|0|
good-p30|0|
abs|4|unsafe pathname
dotdot|4|unsafe pathname
dotdot-p30|4|unsafe pathname
dotdot-p29|4|unsafe pathname
dotdot-mid|4|unsafe pathname
dotdot-dir|4|unsafe pathname
empty|4|unrequested|empty|unsafe
nul|!0|NUL|unsafe
long|22|overflow|too long
symlink|2|invalid path|unsafe|symlink
symlink-rel|2|invalid path|unsafe|symlink
symlink-long|22|overflow|too long
dup|0|
dup-cleared|2|cleared|non-regular
dup-dirfile|0|
neglen|4|negative
dotfile|2|non-directory transfer-root
badmode|2|invalid file mode
unreq|2|not requested
ndx-range|2|index
ndx-dir|2|non-regular|not requested
ndx-neg|2|Invalid file index
sumhead-count|2|Invalid checksum count
sumhead-blen|2|Invalid block length
sumhead-s2len|2|Invalid checksum length
sumhead-rem|2|Invalid remainder length
token-range|2|Invalid block index
token-nobasis|2|Invalid block index|no basis
token-min|2|Invalid block index
lit-huge|12|connection unexpectedly closed
badsum2|23|ERROR: a.txt failed verification
badsum1|0|
tag|12|unexpected tag 50
tag-redo|12|invalid multi-message|unexpected tag
msglong|12|multiplexing overflow 2:70000
msgexit-bad|12|invalid multi-message
trunc-version|12|connection unexpectedly closed
trunc-compat|12|connection unexpectedly closed
trunc-seed|12|connection unexpectedly closed
trunc-header|12|connection unexpectedly closed
trunc-flist|12|connection unexpectedly closed
trunc-data|12|connection unexpectedly closed
trunc-stats|12|connection unexpectedly closed
ver19|2|protocol version mismatch -- is your shell clean\?
ver41|2|protocol version mismatch -- is your shell clean\?
increc|1|Incompatible options specified for inc-recursive connection
negot|4|Failed to negotiate a checksum choice
push-good|0|
push-dotdot|4|unsafe pathname
push-abs|4|unsafe pathname
push-symlink|2|invalid path|unsafe|symlink
push-long|22|overflow|too long
push-nul|!0|NUL|unsafe
'

pass=0
fail=0
WORK=$(mktemp -d /tmp/vrsync-hostile.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

snapshot() {	# the sentinel directory, names, sizes, mtimes and contents
	(cd "$1" && find . -printf '%p %y %s %T@ %l\n' | sort &&
	    find . -type f -exec sha256sum {} + | sort)
}

# run_one BIN CASE -> sets rc, T (work dir with dest/, outside/, err)
run_one() {
	local bin=$1 c=$2 tmo=$3 opts
	T=$(mktemp -d "$WORK/c.XXXXXX")
	mkdir "$T/dest" "$T/outside"
	echo keep >"$T/outside/keep"
	mkdir "$T/outside/dir"
	case $c in
	token-range|sumhead-*)	# a basis, so the client sends block sums
		head -c 1000 /dev/zero | tr '\0' x >"$T/dest/a.txt";;
	unreq)			# b.txt up to date: the client will not ask for it
		printf 'hello from the hostile peer\n' >"$T/dest/b.txt"
		touch -d @$((0x66F0A1B2)) "$T/dest/b.txt";;
	esac
	snapshot "$T/outside" >"$T/before"
	export HOSTILE_OUTSIDE="$T/outside"
	local -a pre=()
	case $bin in
	vg:*)	bin=${bin#vg:}
		pre=(valgrind -q --error-exitcode=99 --trace-children=no);;
	esac
	case $c in
	push-*)
		(cd "$T" && timeout -k 5 "$tmo" python3 "$PEER" push "$c" -- \
		    "${pre[@]}" "$bin" --server -logDtpre.LsfxCIvu . dest/ \
		    >"$T/out" 2>"$T/err")
		rc=$?;;
	*)
		opts=-r
		case $c in symlink*) opts=-rl;; esac
		[ "$bin" = rsync ] && opts="$opts --no-inc-recursive"
		(cd "$T" && timeout -k 5 "$tmo" "${pre[@]}" "$bin" $opts \
		    -e "python3 $PEER $c" ignored:src/ dest/ >"$T/out" 2>"$T/err")
		rc=$?;;
	esac
}

first_msg() {
	grep -v '^rsync error: .*(code [0-9]*)' "$1" | head -2 | cut -c1-110 | tr '\n' '|'
}

check() {	# check LABEL BIN CASE EXP ERE TMO
	local label=$1 bin=$2 c=$3 exp=$4 ere=$5 tmo=$6 why=""
	run_one "$bin" "$c" "$tmo"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		why="$why hang(timeout ${tmo}s)"
	elif [ "$exp" = "!0" ]; then
		[ "$rc" != 0 ] || why="$why exit 0, expected a failure"
	elif [ "$rc" != "$exp" ]; then
		why="$why exit $rc, expected $exp"
	fi
	if [ -n "$ere" ] && ! grep -Ezq -- "$ere" "$T/err"; then
		why="$why message !~ /$ere/"
	fi
	snapshot "$T/outside" >"$T/after"
	cmp -s "$T/before" "$T/after" || why="$why OUTSIDE-CHANGED($(diff "$T/before" "$T/after" | grep '^>' | head -2 | tr '\n' ' '))"
	local tmp
	tmp=$(cd "$T/dest" && find . -name '.*.??????' | head -3 | tr '\n' ' ')
	[ -z "$tmp" ] || why="$why temp-file-left($tmp)"
	if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|==[0-9]+== ' "$T/err"; then
		why="$why sanitizer/valgrind: $(grep -Em1 'AddressSanitizer|runtime error:|==[0-9]+== ' "$T/err" | cut -c1-120)"
	fi
	[ "$rc" = 99 ] && [ "${bin#vg:}" != "$bin" ] && why="$why valgrind-errors"
	case $c in
	good*|push-good|dup|badsum1)
		cmp -s "$T/dest/a.txt" <(printf 'hello from the hostile peer\n') ||
		    why="$why a.txt-not-transferred";;
	esac
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		printf 'ok   %-6s %-14s exit %-3s %s\n' "$label" "$c" "$rc" "$(first_msg "$T/err")"
	else
		fail=$((fail + 1))
		printf 'FAIL %-6s %-14s exit %-3s %s\n       why:%s\n' "$label" "$c" "$rc" \
		    "$(first_msg "$T/err")" "$why"
	fi
	rm -rf "$T"
}

want=" $* "
echo "$CASES" | while IFS='|' read -r c exp ere; do
	[ -n "$c" ] || continue
	echo "$c|$exp|$ere"
done >"$WORK/cases"

while IFS= read -r line; do
	c=${line%%|*}; rest=${line#*|}; exp=${rest%%|*}; ere=${rest#*|}
	if [ "$want" != "  " ] && [[ "$want" != *" $c "* ]]; then continue; fi
	for bin in $VRSYNC; do
		case $bin in */san/*) label=san;; *) label=vrsync;; esac
		check "$label" "$bin" "$c" "$exp" "$ere" "$TMO"
	done
	if [[ " $VG_CASES " == *" $c "* ]]; then
		check vg "vg:$TOP/build/vrsync" "$c" "$exp" "$ere" "$VG_TMO"
	fi
	if [ -n "$UP" ]; then
		run_one rsync "$c" "$TMO"
		printf '     %-6s %-14s exit %-3s %s\n' upstrm "$c" "$rc" "$(first_msg "$T/err")"
		rm -rf "$T"
	fi
done <"$WORK/cases"

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
