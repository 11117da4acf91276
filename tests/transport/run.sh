#!/usr/bin/env bash
# tests/transport/run.sh: the transport (src/transport) over a REAL private
# sshd (tests/sshd/sshd.sh), driven by build/tests/transport/tdrive.  Each
# case runs in both wire topologies (socketpair, pipes).  ssh's command
# line ($SSH from the fixture) is split into words and given to tdrive
# as its argv, with 127.0.0.1 and the remote command: no local shell.
# See README.md here.  Ends with "transport: N passed, N failed".
#
# Environment: TRANSPORT_BIN (default build/tests/transport): tdrive and
# the remote programs.
# shellcheck disable=SC2086,SC2153  # word lists split on purpose; env vars from DIR/env
set -u

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
top=$(cd -- "$here/../.." && pwd -P)
BIN=$(cd -- "${TRANSPORT_BIN:-$top/build/tests/transport}" && pwd -P) || exit 1
TD=$BIN/tdrive
EXP=$here/expected
[ -x "$TD" ] || { echo "run.sh: no $TD (make transport-test)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/vrsync-transport.XXXXXX) || exit 1
sshd_dir=$tmp/sshd
bg_pids=""
pass=0
fail=0

cleanup() {
	local p
	for p in $bg_pids; do kill -KILL "$p" 2>/dev/null; done
	"$top/tests/sshd/sshd.sh" stop "$sshd_dir" > /dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

start=$(date +%s)
"$top/tests/sshd/sshd.sh" start "$sshd_dir" > /dev/null || {
	echo "transport: 0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC1091
. "$sshd_dir/env"
read -r -a SSHV <<< "$SSH"
read -r -a SSHV_BADKEY <<< "$SSH_BADKEY"
read -r -a SSHV_UNKNOWN <<< "$SSH_UNKNOWN"
free_port() {
	local p
	while :; do
		p=$(( 20000 + $(od -An -N4 -tu4 /dev/urandom) % 12000 ))
		ss -Htan "sport = :$p or dport = :$p" | grep -q . || { echo "$p"; return; }
	done
}
REFUSED_PORT=$(free_port)
read -r -a SSHV_REFUSED <<< "${SSH/-p $PORT /-p $REFUSED_PORT }"
VERSION=$("$TD" --no-stdin -- sh -c 'exit 255' < /dev/null 2>&1 |
	sed -n 's/.*\[Receiver=\(.*\)\]$/\1/p')

# T ARGS...: tdrive, bounded
T() { timeout -k 2 60 "$TD" "$@"; }

# normalise < raw: as baseline.sh does for upstream, plus our version
normalise() {
	sed -E \
		-e "s#$sshd_dir#<SSHD>#g" \
		-e "s#(port |:|-p )($PORT|$REFUSED_PORT)([^0-9]|\$)#\\1<PORT>\\3#g" \
		-e 's#at ([A-Za-z0-9_./-]+)\([0-9]+\)#at \1(<L>)#g' \
		-e "s#=$VERSION\\]\$#=3.5.0]#" |
	if [ "${1:-0}" = 1 ]; then
		sed -E 's#\([0-9]+ bytes received so far\)#(<N> bytes received so far)#g'
	else
		cat
	fi
}

# no_dups FILE: no line printed twice
no_dups() { [ -z "$(sort "$1" | uniq -d)" ]; }

descendants() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}

# child_named PID NAME: PID's child whose comm is NAME, waited for (5 s)
child_named() {
	local i c
	for i in $(seq 1 100); do
		for c in $(pgrep -P "$1" 2>/dev/null); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && { echo "$c"; return 0; }
		done
		sleep 0.05
		: "$i"
	done
	return 1
}

# remote_named NAME TOKEN: a process below the sshd whose comm is NAME and
# whose command line holds TOKEN (5 s)
remote_named() {
	local i c
	for i in $(seq 1 100); do
		for c in $(descendants "$SSHD_PID"); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$1" ] &&
				tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null | grep -q -- "$2" &&
				{ echo "$c"; return 0; }
		done
		sleep 0.05
		: "$i"
	done
	return 1
}

alive() {
	local st
	st=$(sed -E 's/^[0-9]+ \(.*\) ([A-Z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# fd_targets PID: "fd target/accessmode" lines of /proc/PID/fd: the two
# ends of a pipe share a target but not an access mode
fd_targets() {
	local f fl
	for f in /proc/"$1"/fd/*; do
		fl=$(sed -n 's/^flags:[[:space:]]*//p' "/proc/$1/fdinfo/${f##*/}" 2>/dev/null)
		printf '%s %s/%s\n' "${f##*/}" "$(readlink "$f" 2>/dev/null)" "${fl: -1}"
	done
}

# ---- the cases; $1 is "" (socketpair) or --pipes, $2 its name -------------

case_remote_fds() { # the remote command sees exactly 0, 1, 2
	local n="remote-fds [$2]" rc
	T $1 -- "${SSHV[@]}" 127.0.0.1 "$BIN/fdlist" < /dev/null > "$tmp/o" 2> "$tmp/e"
	rc=$?
	if [ "$rc" -eq 0 ] && [ "$(cut -d' ' -f1,2 "$tmp/o" | tr '\n' ' ')" = "fd 0 fd 1 fd 2 " ] &&
		[ ! -s "$tmp/e" ]; then
		ok "$n"
	else
		bad "$n" "rc $rc, fds: $(tr '\n' ';' < "$tmp/o") err: $(head -c 300 "$tmp/e")"
	fi
}

# What crossed exec into the process tdrive started: a shell that runs
# fdlist (which sees what the shell got), then execs ssh; tdrive holds an extra fd without CLOEXEC (7, the
# marker file).  While the session runs (remote sleep 2), the live ssh
# must have no fd on the marker and none on an object tdrive holds that is
# not one of ssh's own 0-2 (ssh dups 0-2 and opens its TCP socket itself).
case_local_fds() {
	local n="local-ssh-fds [$2]" pid sshpid rc why="" t
	: > "$tmp/marker"
	# shellcheck disable=SC2016
	"$TD" $1 -- sh -c 'f=$1; shift; "$0" > "$f"; exec "$@"' "$BIN/fdlist" "$tmp/execfds" \
		"${SSHV[@]}" 127.0.0.1 sleep 2 < /dev/null > /dev/null 2> "$tmp/e" 7< "$tmp/marker" &
	pid=$!
	bg_pids="$bg_pids $pid"
	if sshpid=$(child_named "$pid" ssh); then
		sleep 0.5
		fd_targets "$sshpid" > "$tmp/sshfds"
		fd_targets "$pid" > "$tmp/tdfds"
		grep -q "$tmp/marker" "$tmp/sshfds" && why="$why ssh holds the marker fd;"
		awk 'NR == FNR { if ($1 >= 3) td[$2] = 1; next }
			($2 in td) { print "ssh fd " $1 " -> " $2 " is tdrive'\''s" }' \
			"$tmp/tdfds" "$tmp/sshfds" > "$tmp/leak"
		[ -s "$tmp/leak" ] && why="$why $(tr '\n' ';' < "$tmp/leak")"
	else
		why="no ssh child"
	fi
	wait "$pid"
	rc=$?
	t=$(cut -d' ' -f1,2 "$tmp/execfds" 2>/dev/null | tr '\n' ' ')
	[ "$t" = "fd 0 fd 1 fd 2 " ] || why="$why at exec: $t;"
	[ "$rc" -eq 0 ] || why="$why rc $rc;"
	if [ -z "$why" ]; then ok "$n"; else bad "$n" "$why $(head -c 300 "$tmp/e")"; fi
}

# 10 MiB of remote stderr while 4 MiB goes through the wire both ways
case_flood() {
	local n="stderr-flood [$2]" rc hwm lines bytes why=""
	T $1 --rss -- "${SSHV[@]}" 127.0.0.1 "$BIN/errflood" \
		< "$tmp/in4m" > "$tmp/o" 2> "$tmp/e"
	rc=$?
	[ "$rc" -eq 0 ] || why="$why rc $rc;"
	cmp -s "$tmp/o" "$tmp/in4m" ||
		why="$why wire data differs ($(md5sum < "$tmp/o" | cut -c1-8) vs $(md5sum < "$tmp/in4m" | cut -c1-8));"
	hwm=$(sed -n 's/^tdrive: VmHWM \([0-9]*\) kB$/\1/p' "$tmp/e")
	[ -n "$hwm" ] && [ "$hwm" -lt 32768 ] || why="$why VmHWM ${hwm:-?} kB;"
	lines=$(grep -c '^errflood ' "$tmp/e")
	bytes=$(grep '^errflood ' "$tmp/e" | wc -c)
	[ "$lines" -eq 163840 ] && [ "$bytes" -eq 10485760 ] ||
		why="$why forwarded $lines lines, $bytes bytes;"
	if [ -z "$why" ]; then ok "$n (VmHWM $hwm kB)"; else bad "$n" "$why"; fi
}

# lines forwarded as they come, byte-exact, last line completed
case_errlines() {
	local n="stderr-lines [$2]" why="" first last spread
	{ T $1 -- "${SSHV[@]}" 127.0.0.1 "$BIN/errlines" 5 300 < /dev/null 2>&1 > /dev/null; } |
		tee "$tmp/raw" | while IFS= read -r _; do date +%s.%N; done > "$tmp/stamps"
	printf 'errlines 1\nerrlines 2 bad utf8 \377 \342\202 \303\050 end\nerrlines 3\nerrlines 4\nerrlines 5 last, no newline\n' \
		> "$tmp/want"
	cmp -s "$tmp/raw" "$tmp/want" || why="$why bytes differ: $(od -c "$tmp/raw" | head -5 | tr '\n' ' ');"
	first=$(head -1 "$tmp/stamps")
	last=$(tail -1 "$tmp/stamps")
	spread=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.2f", b - a }')
	# 4 gaps of 300 ms: at least 0.9 s between the first and last arrival
	awk -v s="$spread" 'BEGIN { exit !(s >= 0.9) }' || why="$why arrivals spread only ${spread}s;"
	if [ -z "$why" ]; then ok "$n (first to last ${spread}s)"; else bad "$n" "$why"; fi
}

# a failure before any handshake: rc and stderr as upstream's .rc/.err
# fail_case CASE TOPO NAME ARGV...   (TD_OPTS: more tdrive options; its own
# "tdrive:" notes are not compared)
fail_case() {
	local c=$1 topo=$2 name=$3 rc want why=""
	shift 3
	# shellcheck disable=SC2086
	T $topo ${TD_OPTS:-} --no-stdin -- "$@" < /dev/null > /dev/null 2> "$tmp/e"
	rc=$?
	want=$(cat "$EXP/$c.rc")
	[ "$rc" -eq "$want" ] || why="$why rc $rc, upstream $want;"
	grep -v '^tdrive: ' "$tmp/e" | normalise > "$tmp/en"
	cmp -s "$tmp/en" "$EXP/$c.err" || why="$why stderr differs: $(diff "$EXP/$c.err" "$tmp/en" | head -6 | tr '\n' ' ');"
	no_dups "$tmp/e" || why="$why a line twice;"
	if [ -z "$why" ]; then ok "$c [$name] (rc $rc)"; else bad "$c [$name]" "$why"; fi
}

# kill_case CASE TOPO NAME VICTIM(ssh|remote:COMM) WHO STDIN WANT_RC WANT_LINES REMOTE...
# WANT_LINES: how many "rsync" lines of upstream's .err (0: all) to expect
kill_case() {
	local c=$1 topo=$2 name=$3 victim=$4 who=$5 input=$6 wantrc=$7 nl=$8 pid v rc opt why=""
	shift 8
	# a pull reads only (--no-stdin: never half-closes); a push writes
	# /dev/zero as fast as the wire takes it
	opt=--no-stdin
	[ "$input" = /dev/zero ] && opt=""
	"$TD" $topo $opt --who "$who" -- "${SSHV[@]}" 127.0.0.1 "$@" \
		< "$input" > /dev/null 2> "$tmp/e" &
	pid=$!
	bg_pids="$bg_pids $pid"
	opt=""
	case $victim in
	ssh) v=$(child_named "$pid" ssh) ;;
	remote:*) v=${victim#remote:}; v=$(remote_named "${v%%:*}" "${v#*:}") ;;
	esac
	sleep 1	# data flowing
	if [ -n "$v" ]; then kill -KILL $v; else why="nothing to kill;"; fi
	# bounded wait for tdrive
	for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
	alive "$pid" && { kill -KILL "$pid"; why="$why tdrive did not end;"; }
	wait "$pid"
	rc=$?
	[ "$rc" -eq "$wantrc" ] || why="$why rc $rc, want $wantrc;"
	normalise 1 < "$tmp/e" > "$tmp/en"
	if [ "$nl" -gt 0 ]; then
		grep '^rsync' "$EXP/$c.err" | head -n "$nl" > "$tmp/want"
	else
		cp "$EXP/$c.err" "$tmp/want"
	fi
	[ -n "${WANT_OVERRIDE:-}" ] && printf '%s' "$WANT_OVERRIDE" > "$tmp/want"
	# a push over pipes may see ssh close its stdout (EOF) before our
	# write fails: the same code, upstream's EOF line instead
	if [ "$input" = /dev/zero ] && ! cmp -s "$tmp/en" "$tmp/want"; then
		sed -E '1s/^rsync: \[sender\] write error: .*$/rsync: connection unexpectedly closed (<N> bytes received so far) [sender]/' \
			"$tmp/want" > "$tmp/want2"
		cmp -s "$tmp/en" "$tmp/want2" && cp "$tmp/want2" "$tmp/want" && opt="(EOF before EPIPE)"
	fi
	cmp -s "$tmp/en" "$tmp/want" || why="$why stderr differs: $(diff "$tmp/want" "$tmp/en" | head -6 | tr '\n' ' ');"
	no_dups "$tmp/e" || why="$why a line twice;"
	if [ -z "$why" ]; then ok "$c [$name] (rc $rc) $opt"; else bad "$c [$name]" "$why"; fi
}

# SIGKILL to tdrive: its ssh child is gone within 1 s (PR_SET_PDEATHSIG)
case_sigkill() {
	local n="sigkill-tdrive [$2]" pid sshpid i t0 t1 why=""
	"$TD" $1 -- "${SSHV[@]}" 127.0.0.1 sleep 30 < /dev/null > /dev/null 2>&1 &
	pid=$!
	bg_pids="$bg_pids $pid"
	if sshpid=$(child_named "$pid" ssh); then
		sleep 0.3
		t0=$(date +%s%N)
		kill -KILL "$pid"
		for i in $(seq 1 100); do alive "$sshpid" || break; sleep 0.01; : "$i"; done
		t1=$(date +%s%N)
		if alive "$sshpid"; then
			why="ssh $sshpid alive after 1 s"
			kill -KILL "$sshpid" 2>/dev/null
		fi
	else
		why="no ssh child"
	fi
	wait "$pid" 2>/dev/null
	if [ -z "$why" ]; then ok "$n (ssh gone in $(( (t1 - t0) / 1000000 )) ms)"; else bad "$n" "$why"; fi
}

# 20 sessions in one process: no fd, no zombie; every join done twice
case_loops() {
	local n="20-sessions [$2]" rc
	timeout -k 2 90 "$TD" $1 --loops 20 --join-twice -- "${SSHV[@]}" 127.0.0.1 true < /dev/null > "$tmp/loops$2.o" 2> "$tmp/loops$2.e"
	rc=$?
	if [ "$rc" -eq 0 ] && grep -q '^tdrive: 20 sessions, .* no child left$' "$tmp/loops$2.e"; then
		ok "$n: $(grep "^tdrive: 20" "$tmp/loops$2.e" | cut -d' ' -f4-7)"
	else
		bad "$n" "rc $rc: $(tail -3 "$tmp/loops$2.e" | tr '\n' ' ')"
	fi
}

# join twice gives the same status (here a failing one: exit 3)
case_join_twice() {
	local n="join-twice [$2]" rc
	T $1 --join-twice -- "${SSHV[@]}" 127.0.0.1 "$BIN/exitwith" 3 < /dev/null > /dev/null 2> "$tmp/e"
	rc=$?
	if [ "$rc" -eq 3 ] && ! grep -q 'second join' "$tmp/e" &&
		[ "$(normalise < "$tmp/e")" = "exitwith: exiting with status 3
rsync error: errors selecting input/output files, dirs (code 3) at main.c(<L>) [Receiver=3.5.0]" ]; then
		ok "$n (rc 3 both times)"
	else
		bad "$n" "rc $rc: $(tr '\n' ' ' < "$tmp/e")"
	fi
}

# join's bound: the session ends at its (stand-in) protocol end, the
# remote command (sleep 10) ignores the EOF join gives it and keeps ssh
# running; join
# waits --wait-ms, then SIGTERM stops ssh: reported as a child that had to
# be terminated (16), not as ssh's own answer to the signal
case_join_bound() {
	local n="join-bound [$2]" rc t0 t1 ms why=""
	t0=$(date +%s%N)
	T $1 --no-stdin --expect 3 --wait-ms 300 -- "${SSHV[@]}" 127.0.0.1 \
		'printf end; exec sleep 10' < /dev/null > "$tmp/o" 2> "$tmp/e"
	rc=$?
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	[ "$rc" -eq 16 ] || why="$why rc $rc;"
	[ "$(cat "$tmp/o")" = end ] || why="$why wire: $(head -c 40 "$tmp/o");"
	grep -q '^tdrive: child stopped by signal 15 after join' "$tmp/e" || why="$why no SIGTERM note;"
	[ "$(grep -v '^tdrive: ' "$tmp/e")" = "rsync error: sibling process terminated abnormally (code 16) at main.c(1956) [Receiver=$VERSION]" ] ||
		why="$why stderr;"
	# well before the remote sleep ends, whatever the login costs
	[ "$ms" -lt 8000 ] || why="$why took $ms ms;"
	if [ -z "$why" ]; then ok "$n (ended in $ms ms)"; else bad "$n" "$why $(tr '\n' ' ' < "$tmp/e")"; fi
}

head -c 4M /dev/urandom > "$tmp/in4m"

# run_topo TOPO NAME: every case in one topology, in its own scratch dir
run_topo() {
	local topo=$1 t=$2
	tmp=$tmp/$t
	mkdir -p "$tmp"
	ln -s ../in4m "$tmp/in4m"
	case_remote_fds "$topo" $t
	case_local_fds "$topo" $t
	case_flood "$topo" $t
	case_errlines "$topo" $t
	fail_case refused "$topo" $t "${SSHV_REFUSED[@]}" 127.0.0.1 true
	fail_case auth-failure "$topo" $t "${SSHV_BADKEY[@]}" 127.0.0.1 true
	fail_case unknown-host-key "$topo" $t "${SSHV_UNKNOWN[@]}" 127.0.0.1 true
	fail_case cmd-not-found "$topo" $t "${SSHV[@]}" 127.0.0.1 /nonexistent/rsync
	fail_case cmd-not-found-path "$topo" $t "${SSHV[@]}" 127.0.0.1 vrsync-no-such-command
	# the remote shell itself cannot be run: upstream's RERR_IPC lines
	fail_case ssh-exec-failed "$topo" $t /nonexistent/ssh 127.0.0.1 true
	# --timeout 2 while the remote sends nothing (upstream: the server
	# started behind a sleep): "io timeout", code 30
	TD_OPTS="--timeout 2" fail_case io-timeout "$topo" $t "${SSHV[@]}" 127.0.0.1 "sleep 4"
	case_join_bound "$topo" $t
	# pulls: the remote writes a line every 50 ms, we only read
	kill_case ssh-killed-pull "$topo" $t ssh receiver /dev/null 12 2 \
		"while :; do echo data; sleep 0.05; done"
	# vrsync sees ssh's 255: the highest code upstream gives (README)
	WANT_OVERRIDE='rsync: connection unexpectedly closed (<N> bytes received so far) [receiver]
rsync error: unexplained error (code 255) at io.c(<L>) [receiver=3.5.0]
' kill_case remote-killed-pull "$topo" $t remote:bash:rkpull-$t receiver /dev/null 255 2 \
		"while :; do echo rkpull-$t; sleep 0.05; done"
	# pushes: we write /dev/zero as fast as the wire takes it
	kill_case ssh-killed-push "$topo" $t ssh sender /dev/zero 10 0 \
		"exec $BIN/echo > /dev/null"
	# exec: sshd sees the command die of the signal, as with rsync --server
	kill_case remote-killed-push "$topo" $t remote:echo:rkpush-$t sender /dev/zero 255 0 \
		"exec $BIN/echo rkpush-$t > /dev/null"
	case_sigkill "$topo" $t 2> /dev/null
	case_join_twice "$topo" $t
}

# The two topologies run side by side (the 20 sessions take longest: the
# remote bash's start-up, about 1.5 s a session here).  The remote-killed
# cases find their victim by name below the sshd: the two use different
# victims at different moments, and a victim is only looked for once its
# own session runs, so this is safe enough; a stray kill shows as a FAIL.
run_topo "" socketpair > "$tmp/out.socketpair" 2>&1 &
j1=$!
run_topo --pipes pipes > "$tmp/out.pipes" 2>&1 &
j2=$!
( mkdir -p "$tmp/l1"; tmp=$tmp/l1; case_loops "" socketpair ) > "$tmp/out.loops1" 2>&1 &
j3=$!
( mkdir -p "$tmp/l2"; tmp=$tmp/l2; case_loops --pipes pipes ) > "$tmp/out.loops2" 2>&1 &
j4=$!
bg_pids="$bg_pids $j1 $j2 $j3 $j4"
wait $j1 $j2 $j3 $j4
for f in "$tmp/out.socketpair" "$tmp/out.pipes" "$tmp/out.loops1" "$tmp/out.loops2"; do
	cat "$f"
	pass=$((pass + $(grep -c '^ok ' "$f")))
	fail=$((fail + $(grep -c '^FAIL ' "$f")))
done

# nothing left running: no child of ours, no session below the sshd
sleep 0.5
left=""
for p in $(descendants $$); do
	case $(cat "/proc/$p/comm" 2>/dev/null) in
	tdrive | ssh | sleep | timeout) alive "$p" && left="$left $p($(cat "/proc/$p/comm"))" ;;
	esac
done
for p in $(descendants "$SSHD_PID"); do alive "$p" && left="$left remote:$p($(cat "/proc/$p/comm" 2>/dev/null))"; done
if [ -z "$left" ]; then ok "nothing left running"; else bad "nothing left running" "$left"; fi

echo "transport: took $(( $(date +%s) - start )) s"
echo "transport: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
