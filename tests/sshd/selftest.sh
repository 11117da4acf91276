#!/usr/bin/env bash
# tests/sshd/selftest.sh: checks the private-sshd fixture (sshd.sh) itself.
# Ends with "N passed, N failed" (make check's format); exit 0 iff none
# failed.  Everything is bounded (timeout on every client, sshd's TTL) and
# every sshd started here is stopped on every exit path (trap).
#
#   selftest.sh            TRANSPORT_BIN (default build/tests/transport)
#                          holds the remote test programs; if missing, the
#                          checks that need them are skipped
# shellcheck disable=SC2086,SC2317,SC1091  # $SSH split on purpose; trap function; env is generated
set -u

here=$(cd -- "$(dirname -- "$0")" && pwd -P)
top=$(cd -- "$here/../.." && pwd -P)
fixture=$here/sshd.sh
bin=${TRANSPORT_BIN:-$top/build/tests/transport}
tmp=$(mktemp -d /tmp/vrsync-sshd-selftest.XXXXXX) || exit 1
pass=0 fail=0

cleanup() {
	local d
	for d in "$tmp"/*/; do
		[ -f "$d/sshd_config" ] && "$fixture" stop "$d" > /dev/null 2>&1
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # NAME COMMAND...
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

alive() { [ -r "/proc/$1/stat" ] && ! grep -qE '^[0-9]+ \(.*\) [ZX]' "/proc/$1/stat"; }

# no process mentions DIR in its command line (sshd, its wrapper, sessions)
none_left() { # DIR
	local p
	for p in $(pgrep -f -- "$1" 2>/dev/null); do
		[ "$p" = "$$" ] && continue
		alive "$p" && { echo "left: $(tr '\0' ' ' < "/proc/$p/cmdline")"; return 1; }
	done
	return 0
}

login() { # DIR: a real login through the fixture's $SSH and $SSH_STRICT
	(
		. "$1/env"
		[ "$(timeout 20 $SSH 127.0.0.1 echo ok < /dev/null)" = ok ] &&
		[ "$(timeout 20 $SSH_STRICT 127.0.0.1 echo ok < /dev/null)" = ok ]
	)
}

ssh_state() { # what ~/.ssh of the login user looks like (or "absent")
	local h
	h=$(getent passwd "$(id -un)" | cut -d: -f6)
	if [ -e "$h/.ssh" ]; then
		find "$h/.ssh" -printf '%p %s %T@ %m\n' 2>/dev/null | sort
	else
		echo absent
	fi
}

# 1. clean environment: no HOME, no agent, minimal PATH; ~/.ssh untouched
before=$(ssh_state)
d=$tmp/clean
if env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$fixture" start "$d" > /dev/null; then
	ok "start under env -i"
	check "login under env -i" env -i PATH=/usr/bin:/bin bash -c "$(declare -f login); login '$d'"
	(
		. "$d/env"
		check "unknown host key is refused (255)" \
			bash -c "timeout 20 $SSH_UNKNOWN 127.0.0.1 true < /dev/null 2> /dev/null; [ \$? -eq 255 ]"
		check "key not in authorized_keys is refused (255)" \
			bash -c "timeout 20 $SSH_BADKEY 127.0.0.1 true < /dev/null 2> /dev/null; [ \$? -eq 255 ]"
		echo "$pass $fail" > "$tmp/counts"
	)
	read -r pass fail < "$tmp/counts"
	pids="$(cat "$d/wrapper.pid") $(cat "$d/sshd.pid")"
	check "stop" "$fixture" stop "$d"
	for p in $pids; do
		if alive "$p"; then bad "pid $p gone after stop"; else ok "pid $p gone after stop"; fi
	done
	check "no process of DIR left after stop" none_left "$d"
else
	bad "start under env -i"
fi
after=$(ssh_state)
check "the login user's .ssh unchanged ($after)" [ "$before" = "$after" ]

# 2. start/stop five times in a row in one DIR
d=$tmp/again
for i in 1 2 3 4 5; do
	if "$fixture" start "$d" > /dev/null && login "$d" && "$fixture" stop "$d" &&
		none_left "$d"; then
		ok "start/login/stop round $i (port $(sed -n "s/^PORT='\(.*\)'/\1/p" "$d/env"))"
	else
		bad "start/login/stop round $i"
		"$fixture" stop "$d" > /dev/null 2>&1
	fi
done

# 3. four at once in different DIRs: distinct ports, all usable
for i in 1 2 3 4; do
	"$fixture" start "$tmp/par$i" > "$tmp/par$i.out" 2>&1 &
done
wait
ports=""
for i in 1 2 3 4; do
	if [ -f "$tmp/par$i/env" ] && login "$tmp/par$i"; then
		ok "parallel instance $i"
		ports="$ports $(sed -n "s/^PORT='\(.*\)'/\1/p" "$tmp/par$i/env")"
	else
		bad "parallel instance $i: $(cat "$tmp/par$i.out")"
	fi
done
check "parallel ports distinct:$ports" \
	[ "$(printf '%s\n' $ports | sort -u | wc -l)" -eq "$(printf '%s\n' $ports | wc -l)" ]
for i in 1 2 3 4; do
	"$fixture" stop "$tmp/par$i" > /dev/null 2>&1 &
done
wait
for i in 1 2 3 4; do
	check "parallel instance $i stopped" none_left "$tmp/par$i"
done

# 4. stop ends live sessions too, and promptly
d=$tmp/live
if "$fixture" start "$d" > /dev/null; then
	. "$d/env"
	timeout 60 $SSH 127.0.0.1 sleep 50 < /dev/null > /dev/null 2>&1 &
	client=$!
	sleep 1.5
	t0=$(date +%s%N)
	"$fixture" stop "$d"
	for _ in $(seq 1 50); do alive "$client" || break; sleep 0.1; done
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	check "stop with a live session: client gone, ${ms} ms" bash -c "! kill -0 $client 2>/dev/null"
	wait "$client" 2> /dev/null
	check "stop with a live session: nothing left" none_left "$d"
else
	bad "start for the live-session check"
fi

# 5. the TTL stops sshd by itself when nobody calls stop
d=$tmp/ttl
if SSHD_TTL=3 "$fixture" start "$d" > /dev/null; then
	pid=$(cat "$d/sshd.pid")
	for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
	check "TTL=3 s ends sshd by itself" bash -c "! [ -d /proc/$pid ] || grep -qE '^[0-9]+ \(.*\) [ZX]' /proc/$pid/stat"
	"$fixture" stop "$d" > /dev/null 2>&1
else
	bad "start for the TTL check"
fi

# 6. the remote test programs through ssh
if [ -x "$bin/fdlist" ]; then
	d=$tmp/remote
	"$fixture" start "$d" > /dev/null || bad "start for the remote programs"
	. "$d/env"
	fds=$(timeout 20 $SSH 127.0.0.1 "$bin/fdlist" < /dev/null | cut -d' ' -f2 | tr '\n' ' ')
	check "fdlist via ssh sees only 0 1 2 ($fds)" [ "$fds" = "0 1 2 " ]
	timeout 20 $SSH 127.0.0.1 "$bin/exitwith" 42 < /dev/null 2> /dev/null
	check "exitwith 42 via ssh gives 42" [ $? -eq 42 ]
	out=$(echo hello | timeout 20 $SSH 127.0.0.1 "$bin/echo" 2> "$tmp/echo.err")
	[ "$out" = hello ] && [ "$(cat "$tmp/echo.err")" = "done" ]
	check "echo via ssh: stdout copied, then done on stderr" [ $? -eq 0 ]
	head -c 4M /dev/urandom > "$tmp/in"
	timeout 60 $SSH 127.0.0.1 "$bin/errflood" 10485760 < "$tmp/in" \
		> "$tmp/out" 2> "$tmp/flood.err"
	rc=$?
	check "errflood 10 MiB via ssh: rc $rc, echo intact, 10485760 bytes of stderr" \
		bash -c "[ $rc -eq 0 ] && cmp -s '$tmp/in' '$tmp/out' && [ \$(wc -c < '$tmp/flood.err') -eq 10485760 ]"
	timeout 20 $SSH 127.0.0.1 "$bin/errlines" 3 100 < /dev/null 2> "$tmp/lines.err"
	check "errlines via ssh: bytes intact, last line without newline" \
		bash -c "grep -q \$'\\xff' '$tmp/lines.err' && [ \"\$(tail -c 1 '$tmp/lines.err')\" = e ]"
	"$fixture" stop "$d" > /dev/null
	check "remote programs: nothing left" none_left "$d"
else
	echo "skip remote programs: $bin/fdlist not built (make transport-remote)"
fi

echo "sshd-selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
