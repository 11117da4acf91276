#!/usr/bin/env bash
# tests/interop/messages.sh: vrsync's messages against upstream rsync's
# (make interop-messages).  Each scenario runs twice, in the same work
# directory rebuilt from scratch the same way each time: once with
# upstream rsync 3.5.0 (with --no-inc-recursive, since vrsync has no
# incremental recursion), once with vrsync.  Their stdout, stderr and
# exit code, normalised, must be equal.  Modes:
#
#   L   local copy                     src/ dst/
#   P   push over ssh                  src/ HOST:W/dst/
#   U   pull over ssh                  HOST:W/src/ dst/
#   SP  upstream client pushing to a vrsync server (--rsync-path),
#       against upstream client and upstream server
#   SU  upstream client pulling from a vrsync server, the same way
#
# The ssh modes use the private sshd (tests/sshd/sshd.sh); the server is
# /usr/bin/rsync in P and U.
#
# Normalised (accepted differences): the work directory's path (-> W),
# the version in "[sender=3.5.0]" and the like, the byte counts and rate of
# "sent N bytes  received N bytes  N bytes/sec", "speedup is N", and in
# --stats the byte counts and timings (File list size, File list
# generation/transfer time, Total bytes sent/received).  Everything else
# -- file lines, itemize strings, the other --stats numbers, error texts
# and their "at file.c(N)" sites, exit codes -- must match.  Scenarios on
# options vrsync does not support on purpose compare the exit code only.
#
# One scenario per line at the end (scen NAME MODES SETUP ...); a
# scenario runs once per mode, named NAME-MODE.
#
# Ends with "messages: N passed, N failed"; a unified diff (upstream ->
# vrsync) per failing scenario.  Environment: VRSYNC (default
# build/vrsync), ONLY (a regex: run only the scenarios whose name
# matches), KEEP=1 keeps the work directory (with each run's raw output
# under out/).
# shellcheck disable=SC2086,SC1091
set -u
umask 022

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
top=$(cd -- "$here/../.." && pwd -P)
VRSYNC=$(cd -- "$(dirname -- "${VRSYNC:-$top/build/vrsync}")" && pwd -P)/$(basename -- "${VRSYNC:-vrsync}")
UPSTREAM=${UPSTREAM:-/usr/bin/rsync}
ONLY=${ONLY:-}
[ -x "$VRSYNC" ] || { echo "messages.sh: no $VRSYNC" >&2; echo "messages: 0 passed, 1 failed"; exit 1; }

tmp=$(mktemp -d /tmp/vrsync-messages.XXXXXX) || exit 1
chmod 755 "$tmp"		# the non-root scenarios enter it
# a private copy: a rebuild of build/vrsync during the run cannot touch it
cp "$VRSYNC" "$tmp/vrsync" && chmod 755 "$tmp/vrsync" && VRSYNC=$tmp/vrsync || exit 1
sshd_dir=$tmp/sshd
W=$tmp/w			# the work directory, rebuilt for every run
out=$tmp/out
mkdir -p "$out"
pass=0
fail=0
skip=0
cleanup() {
	"$top/tests/sshd/sshd.sh" stop "$sshd_dir" > /dev/null 2>&1
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

"$top/tests/sshd/sshd.sh" start "$sshd_dir" > /dev/null || {
	echo "messages: 0 passed, 1 failed"; exit 1; }
. "$sshd_dir/env"

# ---- the trees ----

# stamp: fixed times for everything under $1 (deepest first, dirs last)
stamp() {
	find "$1" ! -type d -exec touch -h -d '2020-01-01 10:00:00' {} +
	find "$1" -depth -type d -exec touch -d '2022-02-02 02:02:02' {} +
}

mk_src() {
	local d=$1
	mkdir -p "$d/sub/deep" "$d/empty"
	printf 'hello\n' > "$d/hello.txt"
	seq 1 5000 > "$d/big.txt"
	printf 'mid\n' > "$d/sub/mid.txt"
	printf 'leaf\n' > "$d/sub/deep/leaf"
	printf 'other\n' > "$d/other.txt"
	ln -s hello.txt "$d/link"
	stamp "$d"
}

# setups: each builds the scenario's files in the current directory
s_new() { mk_src src; }
s_same() { mk_src src; cp -a src dst; }
s_update() {
	mk_src src
	cp -a src dst
	sed -i 's/^2500$/two thousand five hundred/' src/big.txt
	touch -d '2021-06-06 06:06:06' src/big.txt
}
s_itemize() {
	mk_src src
	cp -a src dst
	printf 'more\n' >> src/hello.txt		# size (and time)
	touch -d '2021-06-06 06:06:06' src/hello.txt
	touch -d '2021-06-06 06:06:06' src/sub/mid.txt	# time only
	chmod 600 src/sub/deep/leaf			# perms only
	ln -s other.txt src/newlink			# a new symlink
	rm src/link; ln -s big.txt src/link		# a symlink's target
	touch -h -d '2020-01-01 10:00:00' src/link src/newlink
	printf 'new\n' > src/newfile			# a new file
	touch -d '2020-01-01 10:00:00' src/newfile
	mkdir src/newdir				# a new dir
	touch -d '2022-02-02 02:02:02' src/newdir src
	touch -d '2023-03-03 03:03:03' src/empty	# a dir's time
}
s_delete() {
	mk_src src
	cp -a src dst
	printf 'x\n' > dst/extra.txt
	mkdir -p dst/extradir/x dst/sub/extrasub
	printf 'y\n' > dst/extradir/x/y
	printf 'z\n' > dst/sub/extra2
	ln -s nowhere dst/extralink
	stamp dst
}
s_checksum() {
	mk_src src
	cp -a src dst
	printf 'HELLO\n' > dst/hello.txt		# same size, same time
	touch -d '2020-01-01 10:00:00' dst/hello.txt
}
s_typechange() {
	mk_src src
	cp -a src dst
	rm dst/link; printf 'was a file\n' > dst/link	# file -> symlink
	rm dst/other.txt; mkdir dst/other.txt		# dir -> file
	printf 'x\n' > dst/other.txt/inside
	rm -r dst/empty; printf 'e\n' > dst/empty		# file -> dir
	stamp dst
}
s_blocker() { mk_src src; printf 'x\n' > blocker; }
# for a non-root user: a directory it cannot enter, a file it cannot read
s_unreadable() {
	mk_src src
	chown -R nobody "$PWD"
	chmod 000 src/sub/deep src/other.txt
}
s_unreadable_file() {
	mk_src src
	chown -R nobody "$PWD"
	chmod 000 src/other.txt
}
s_unreadable_dir() {
	mk_src src
	chown -R nobody "$PWD"
	chmod 000 src/sub/deep
}
s_newuser() { mk_src src; chown -R nobody "$PWD"; }

# ---- running ----

# path rewriting for a mode: S:p is a source-side path, D:p a destination
# one; in pull modes the source side is remote, in push modes the
# destination side.
expand() {
	local mode=$1 a
	shift
	for a in "$@"; do
		case $mode:$a in
		U:S:*|SU:S:*) printf '%s\n' "$HOST:$W/${a#S:}" ;;
		P:D:*|SP:D:*) printf '%s\n' "$HOST:$W/${a#D:}" ;;
		*:S:*|*:D:*) printf '%s\n' "${a#?:}" ;;
		*) printf '%s\n' "$a" ;;
		esac
	done
}

# normalise FILE: the accepted differences
norm() {
	sed -E \
	    -e "s#$tmp#T#g" \
	    -e 's/\[(sender|receiver|generator|client|server|Sender|Receiver|Generator|Client|Server)=[0-9][0-9.a-z]*\]/[\1=VERSION]/g' \
	    -e 's/^sent [0-9,.]+[KMGTP]? bytes  received [0-9,.]+[KMGTP]? bytes  [0-9,.]+[KMGTP]? bytes\/sec$/sent N bytes  received N bytes  N bytes\/sec/' \
	    -e 's/  speedup is [0-9,.]+/  speedup is N/' \
	    -e 's/^File list size: .*/File list size: N/' \
	    -e 's/^File list generation time: .* seconds$/File list generation time: N seconds/' \
	    -e 's/^File list transfer time: .* seconds$/File list transfer time: N seconds/' \
	    -e 's/^Total bytes sent: .*/Total bytes sent: N/' \
	    -e 's/^Total bytes received: .*/Total bytes received: N/' \
	    "$1"
}

# runit PROG MODE SETUP USER SWAP TAG OPTS... -- ARGS...: one run in a
# fresh $W; leaves $out/$TAG.{out,err,rc}.  SWAP (FROM:TO or empty):
# upstream gets option TO where vrsync gets FROM.
runit() {
	local prog=$1 mode=$2 setup=$3 user=$4 swap=$5 tag=$6
	shift 6
	local opts=() args=() a cmd=() rsh=()
	while [ $# -gt 0 ]; do
		a=$1; shift
		[ "$a" = -- ] && break
		[ "$prog" = up ] && [ -n "$swap" ] && [ "$a" = "${swap%%:*}" ] && a=${swap#*:}
		opts+=("$a")
	done
	mapfile -t args < <(expand "$mode" "$@")
	chmod -R u+rwx "$W" 2> /dev/null
	rm -rf "$W"
	mkdir -p "$W"
	(cd "$W" && $setup) || { echo "setup $setup failed" >&2; return 1; }
	case $mode in P|U|SP|SU) rsh=(-e "$SSH") ;; esac
	case $prog:$mode in
	up:*)    cmd=("$UPSTREAM" --no-inc-recursive) ;;
	vr:S*)   cmd=("$UPSTREAM" --no-inc-recursive --rsync-path="$VRSYNC") ;;
	vr:*)    cmd=("$VRSYNC") ;;
	esac
	if [ "$user" != root ]; then
		chmod 777 "$W"
		cmd=(setpriv --reuid="$user" --regid="$user" --clear-groups -- "${cmd[@]}")
	fi
	(cd "$W" && exec timeout 120 "${cmd[@]}" "${rsh[@]}" "${opts[@]}" "${args[@]}" \
		> "$out/$tag.out" 2> "$out/$tag.err" < /dev/null)
	echo $? > "$out/$tag.rc"
}

# the normalised record of one run
record() {
	local tag=$1 rconly=$2
	echo "exit $(cat "$out/$tag.rc")"
	[ "$rconly" = 1 ] && return
	echo "--- stdout"
	norm "$out/$tag.out"
	echo "--- stderr"
	norm "$out/$tag.err"
}

# scen NAME MODES SETUP [rc] [user=U] [swap=FROM:TO] OPTS... -- ARGS...
#   MODES: comma-separated L,P,U,SP,SU; "rc": compare exit codes only;
#   user=U: run both as user U (local only); swap=FROM:TO: upstream gets
#   option TO where vrsync gets FROM (an option vrsync refuses on purpose
#   against one upstream refuses)
scen() {
	local name=$1 modes=$2 setup=$3 rconly=0 user=root swap= m tag
	shift 3
	while :; do
		case ${1:-} in
		rc) rconly=1; shift ;;
		user=*) user=${1#user=}; shift ;;
		swap=*) swap=${1#swap=}; shift ;;
		*) break ;;
		esac
	done
	for m in ${modes//,/ }; do
		tag="$name-$m"
		if [ -n "$ONLY" ] && ! [[ $tag =~ $ONLY ]]; then continue; fi
		runit up "$m" "$setup" "$user" "$swap" "$tag.up" "$@" || { fail=$((fail + 1)); echo "FAIL $tag: setup"; continue; }
		runit vr "$m" "$setup" "$user" "$swap" "$tag.vr" "$@" || { fail=$((fail + 1)); echo "FAIL $tag: setup"; continue; }
		record "$tag.up" $rconly > "$out/$tag.up.n"
		record "$tag.vr" $rconly > "$out/$tag.vr.n"
		if diff -u --label "upstream $tag" --label "vrsync $tag" \
		    "$out/$tag.up.n" "$out/$tag.vr.n" > "$out/$tag.diff"; then
			pass=$((pass + 1))
			echo "ok   $tag"
		else
			fail=$((fail + 1))
			echo "FAIL $tag: $*"
			cat "$out/$tag.diff"
		fi
	done
}

ALL=L,P,U
SRV=SP,SU

# ---- the catalogue ----

# file lists
scen new-v          $ALL,$SRV s_new     -a -v -- S:src/ D:dst/
scen new-vv         $ALL      s_new     -a -vv -- S:src/ D:dst/
scen new-i          $ALL,$SRV s_new     -a -i -- S:src/ D:dst/
scen new-vi         $ALL      s_new     -a -vi -- S:src/ D:dst/
scen new-noslash-v  $ALL      s_new     -a -v -- S:src D:dst
scen new-r-v        $ALL      s_new     -r -v -- S:src/ D:dst/
scen new-r          $ALL,$SRV s_new     -r -- S:src/ D:dst/
scen same-v         $ALL      s_same    -a -v -- S:src/ D:dst/
scen same-i         $ALL      s_same    -a -i -- S:src/ D:dst/
scen update-v       $ALL,$SRV s_update  -a -v -- S:src/ D:dst/
scen update-i       $ALL      s_update  -a -i -- S:src/ D:dst/
scen itemize-i      $ALL,$SRV s_itemize -a -i -- S:src/ D:dst/
scen itemize-vi     $ALL      s_itemize -a -vi -- S:src/ D:dst/
scen itemize-v      $ALL      s_itemize -a -v -- S:src/ D:dst/
scen itemize-ii     $ALL,$SRV s_itemize -a -ii -- S:src/ D:dst/
scen typechange-i   $ALL,$SRV s_typechange -a -i -- S:src/ D:dst/
scen typechange-v   $ALL      s_typechange -a -v -- S:src/ D:dst/
scen delete-ni      $ALL      s_delete  -a --delete -n -i -- S:src/ D:dst/
scen dry-new-nv     $ALL      s_new     -a -n -v -- S:src/ D:dst/
scen dry-upd-nv     $ALL      s_itemize -a -n -v -- S:src/ D:dst/
scen dry-upd-ni     $ALL      s_itemize -a -n -i -- S:src/ D:dst/
scen delete-v       $ALL,$SRV s_delete  -a --delete -v -- S:src/ D:dst/
scen delete-i       $ALL,$SRV s_delete  -a --delete -i -- S:src/ D:dst/
scen delete-nv      $ALL      s_delete  -a --delete -n -v -- S:src/ D:dst/
scen delete-after-v L         s_delete  -a --delete-after -v -- S:src/ D:dst/
scen checksum-no-c-i $ALL     s_checksum -a -i -- S:src/ D:dst/
scen checksum-c-i   $ALL      s_checksum -a -c -i -- S:src/ D:dst/
scen checksum-c-v   $ALL      s_checksum -a -c -v -- S:src/ D:dst/
# --stats
scen stats-new      $ALL,$SRV s_new     -a --stats -- S:src/ D:dst/
scen stats-update   $ALL      s_update  -a --stats -- S:src/ D:dst/
scen stats-itemize  $ALL      s_itemize -a --stats -- S:src/ D:dst/
scen stats-delete   $ALL      s_delete  -a --delete --stats -- S:src/ D:dst/
scen stats-dry      $ALL       s_itemize -a -n --stats -- S:src/ D:dst/
scen stats-v        L         s_update  -a -v --stats -- S:src/ D:dst/
# quiet, timeout
scen quiet-new      $ALL      s_new     -a -q -- S:src/ D:dst/
scen quiet-v        L         s_new     -a -q -v -- S:src/ D:dst/
scen timeout-v      $ALL      s_new     -a --timeout=30 -v -- S:src/ D:dst/
# errors
scen missing-src    L,P       s_new     -a -v -- S:src/ S:nosuch D:dst/
scen missing-src-q  L         s_new     -a -q -- S:nosuch D:dst/
scen missing-only   L         s_new     -a -- S:nosuch D:dst/
scen missing-remote U,SU      s_new     -a -v -- S:nosuch/ D:dst/
scen missing-rdir   L,P,SP     s_new     -a -v -- S:src/ D:no/such/dst/
scen unreadable     L         s_unreadable user=nobody -a -v -- S:src/ D:dst/
scen unread-file    L         s_unreadable_file user=nobody -a -v -- S:src/ D:dst/
scen unread-dir-i   L         s_unreadable_dir user=nobody -a -i -- S:src/ D:dst/
scen nonroot-new    L         s_newuser user=nobody -a -v -- S:src/ D:dst/
scen blocked-mkdir  $ALL      s_blocker -a -v -- S:src/ D:blocker/sub/
scen blocked-file   $ALL      s_blocker -a -v -- S:src/ D:blocker/
scen blocked-file-noslash $ALL s_blocker -a -v -- S:src/ D:blocker
scen bad-option     L         s_new     -a --no-such-option -- S:src/ D:dst/
scen bad-short      L         s_new     -a -Y -- S:src/ D:dst/
scen unsupported-z  L,P       s_new     rc swap=-z:--no-such-option -a -z -- S:src/ D:dst/
scen no-args        L         s_new     rc -a --
scen one-arg-list   L         s_new     -- S:src/

echo "messages: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
