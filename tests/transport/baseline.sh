#!/usr/bin/env bash
# tests/transport/baseline.sh: records what UPSTREAM rsync does when the
# remote shell fails, over a private sshd (tests/sshd/sshd.sh).  For each
# case it writes tests/transport/expected/<case>.rc (exit code),
# <case>.err (stderr, normalised) and <case>.cmd (the command, normalised).
# Each case runs REPEAT times (default 10).  Upstream races with its ssh
# child, so runs disagree: the outcome with the highest exit code is
# recorded in .rc/.err, every exit code seen in <case>.rcs ("CODE K/N"),
# and, when the runs differ, every outcome in <case>.variants.
# See README.md here for the cases.
#
#   baseline.sh [OUTDIR]      default OUTDIR: tests/transport/expected
#
# Environment: RSYNC (default /usr/bin/rsync), REPEAT (default 10), CASES
# (default: all of them).
# Normalisation: the sshd directory -> <SSHD>, the scratch directory ->
# <TMP>, port numbers -> <PORT>, "at file.c(NNN)" -> "at file.c(<L>)",
# "pid NNN" -> "pid <PID>", and in the kill cases only the byte count of
# "(N bytes received so far)" -> <N>.  All other bytes (including ssh's
# \r\n line ends) are kept as upstream printed them.
# shellcheck disable=SC2086,SC2013,SC2317  # split on purpose; trap functions
set -u

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
top=$(cd -- "$here/../.." && pwd -P)
out=${1:-$here/expected}
RSYNC=${RSYNC:-/usr/bin/rsync}
REPEAT=${REPEAT:-10}
RUN_LIMIT=120           # seconds any single rsync run may take

mkdir -p "$out"
out=$(cd -- "$out" && pwd -P)
tmp=$(mktemp -d /tmp/vrsync-baseline.XXXXXX) || exit 1
sshd_dir=$tmp/sshd

cleanup() {
	local p
	# anything still running from a case (bounded: kill -9 by pid)
	for p in ${case_pids:-}; do kill -KILL "$p" 2>/dev/null; done
	"$top/tests/sshd/sshd.sh" stop "$sshd_dir" > /dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

"$RSYNC" --version | head -1 | grep -q 'version 3\.5\.0 ' ||
	echo "baseline.sh: warning: $RSYNC is not 3.5.0: $("$RSYNC" --version | head -1)" >&2
"$top/tests/sshd/sshd.sh" start "$sshd_dir" > /dev/null || exit 1
# shellcheck disable=SC1091
. "$sshd_dir/env"

# A port nothing listens on: not in the listen table, checked right before
# each use (ss); only the connection-refused case uses it.
free_port() {
	local p
	while :; do
		p=$(( 20000 + $(od -An -N4 -tu4 /dev/urandom) % 12000 ))
		ss -Htan "sport = :$p or dport = :$p" | grep -q . || { echo "$p"; return; }
	done
}
REFUSED_PORT=$(free_port)
SSH_REFUSED=${SSH/-p $PORT /-p $REFUSED_PORT }

# fixtures: a small tree, and a big file that takes a while under --bwlimit
mkdir -p "$tmp/src/sub" "$tmp/big"
printf 'one\n' > "$tmp/src/a"
printf 'two\n' > "$tmp/src/sub/b"
head -c 16M /dev/urandom > "$tmp/big/big"

normalise() { # KILLCASE < raw > normalised
	sed -E \
		-e "s#$sshd_dir#<SSHD>#g" \
		-e "s#$tmp#<TMP>#g" \
		-e "s#(port |:|-p )($PORT|$REFUSED_PORT)([^0-9]|\$)#\\1<PORT>\\3#g" \
		-e 's#at ([A-Za-z0-9_./-]+)\([0-9]+\)#at \1(<L>)#g' \
		-e 's#pid[= ][0-9]+#pid <PID>#g' |
	if [ "$1" = 1 ]; then
		sed -E 's#\([0-9]+ bytes received so far\)#(<N> bytes received so far)#g'
	else
		cat
	fi
}

descendants() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}

# procs_named ROOT NAME: pids below ROOT whose comm is NAME
procs_named() {
	local p
	for p in $(descendants "$1"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] && echo "$p"
	done
}

# wait_for_partial DIR: until rsync's temp file ".big.XXXXXX" in DIR has
# data (the transfer is under way); bounded at 15 s.
wait_for_partial() {
	local i f
	for i in $(seq 1 150); do
		for f in "$1"/.big.*; do
			[ -s "$f" ] && return 0
		done
		sleep 0.1
		: "$i"
	done
	echo "baseline.sh: transfer did not start in $1" >&2
	return 1
}

# run_once CASE N: one run of the case; leaves rc in $tmp/run.rc and raw
# stderr in $tmp/run.err; the command (for <case>.cmd) in $tmp/run.cmd.
run_once() {
	local c=$1 dst=$tmp/dst rdst=$tmp/rdst pid t victims rc
	rm -rf "$dst" "$rdst"
	mkdir -p "$dst" "$rdst"
	case_pids=""
	case $c in
	refused)
		set -- -e "$SSH_REFUSED" -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	auth-failure)
		set -- -e "$SSH_BADKEY" -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	unknown-host-key)
		set -- -e "$SSH_UNKNOWN" -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	cmd-not-found)
		set -- -e "$SSH" --rsync-path=/nonexistent/rsync -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	cmd-not-found-path)
		set -- -e "$SSH" --rsync-path=vrsync-no-such-command -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	ssh-killed-pull | remote-killed-pull)
		set -- -e "$SSH" -a --bwlimit=1000 "127.0.0.1:$tmp/big/" "$dst/" ;;
	ssh-killed-push | remote-killed-push)
		set -- -e "$SSH" -a --bwlimit=1000 "$tmp/big/" "127.0.0.1:$rdst/" ;;
	ssh-exec-failed)
		set -- -e /nonexistent/ssh -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	io-timeout)
		set -- -e "$SSH" --timeout=2 --rsync-path="sleep 6; rsync" -a \
			"127.0.0.1:$tmp/src/" "$dst/" ;;
	success-pull)
		set -- -e "$SSH" -a "127.0.0.1:$tmp/src/" "$dst/" ;;
	success-push)
		set -- -e "$SSH" -a "$tmp/src/" "127.0.0.1:$rdst/" ;;
	*)
		echo "baseline.sh: unknown case $c" >&2; return 1 ;;
	esac
	{ printf 'rsync'; printf " '%s'" "$@"; printf '\n'; } > "$tmp/run.cmd"

	timeout -k 5 "$RUN_LIMIT" "$RSYNC" "$@" < /dev/null > "$tmp/run.out" 2> "$tmp/run.err" &
	pid=$!
	case_pids=$pid
	case $c in
	ssh-killed-* | remote-killed-*)
		t=$dst
		case $c in *-push) t=$rdst ;; esac
		wait_for_partial "$t" || true
		case $c in
		ssh-killed-*) victims=$(procs_named "$pid" ssh) ;;
		remote-killed-*) victims=$(procs_named "$SSHD_PID" rsync) ;;
		esac
		[ -n "$victims" ] || echo "baseline.sh: $c: nothing to kill" >&2
		# shellcheck disable=SC2086
		[ -n "$victims" ] && kill -KILL $victims
		;;
	esac
	wait "$pid"
	rc=$?
	case_pids=""
	[ "$rc" -eq 124 ] && echo "baseline.sh: $c: timed out after $RUN_LIMIT s" >&2
	echo "$rc" > "$tmp/run.rc"
	rm -rf "$dst" "$rdst"
}

CASES=${CASES:-"refused auth-failure unknown-host-key cmd-not-found cmd-not-found-path
ssh-exec-failed io-timeout
ssh-killed-pull ssh-killed-push remote-killed-pull remote-killed-push
success-pull success-push"}

status=0
for c in $CASES; do
	kill=0
	case $c in *-killed-*) kill=1 ;; esac
	: > "$tmp/outcomes"
	for n in $(seq 1 "$REPEAT"); do
		run_once "$c" "$n" || { status=1; continue; }
		{
			printf 'rc %s\n' "$(cat "$tmp/run.rc")"
			normalise "$kill" < "$tmp/run.err"
		} > "$tmp/outcome.$n"
		sum=$(md5sum < "$tmp/outcome.$n" | cut -c1-32)
		echo "$sum $n $(cat "$tmp/run.rc")" >> "$tmp/outcomes"
	done
	[ -s "$tmp/outcomes" ] || continue
	# recorded: the outcome with the highest exit code (where upstream's
	# waitpid(WNOHANG) saw ssh's status: its intent; see README.md), then
	# the most frequent, then the earliest run
	best=$(awk '{ c[$1]++; if (!($1 in f)) { f[$1] = $2; r[$1] = $3 } }
		END { for (k in c) print r[k], c[k], -f[k], f[k] }' "$tmp/outcomes" |
		sort -k1,1nr -k2,2nr -k3,3nr | head -1 | cut -d' ' -f4)
	normalise "$kill" < "$tmp/run.cmd" > "$out/$c.cmd"
	sed -n '1s/^rc //p' "$tmp/outcome.$best" > "$out/$c.rc"
	tail -n +2 "$tmp/outcome.$best" > "$out/$c.err"
	# every exit code seen, highest first, with how often
	cut -d' ' -f3 "$tmp/outcomes" | sort -n | uniq -c | sort -k2,2nr |
		awk -v n="$REPEAT" '{ printf "%s %d/%d\n", $2, $1, n }' > "$out/$c.rcs"
	nvar=$(cut -d' ' -f1 "$tmp/outcomes" | sort -u | wc -l)
	rm -f "$out/$c.variants"
	if [ "$nvar" -gt 1 ]; then
		for s in $(sort -k3,3nr "$tmp/outcomes" | awk '!seen[$1]++ { print $1 }'); do
			first=$(awk -v s="$s" '$1 == s { print $2; exit }' "$tmp/outcomes")
			cnt=$(awk -v s="$s" '$1 == s' "$tmp/outcomes" | wc -l)
			echo "=== $cnt of $REPEAT runs:"
			cat "$tmp/outcome.$first"
			echo
		done > "$out/$c.variants"
	fi
	printf '%-20s rc %-3s seen: %s\n' "$c" "$(cat "$out/$c.rc")" "$(tr '\n' ' ' < "$out/$c.rcs")"
done
"$RSYNC" --version | head -1 > "$out/VERSION"
exit $status
