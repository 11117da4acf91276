#!/usr/bin/env bash
# make check: runs each step CI needs, in order, keeps going after a
# failure so one run shows everything, and ends with one line that sums the
# "N passed, N failed" lines of the steps; a step that fails without such a
# line counts as one failure.  Exit status 0 only if every step passed.
set -u
make=${MAKE:-make}
log=build/check.log
mkdir -p build
: > "$log"
pass=0 fail=0 failed_steps=""
for step in "$@"; do
	echo "=== make $step"
	out=build/check-$step.log
	$make --no-print-directory "$step" > "$out" 2>&1
	rc=$?
	cat "$out" | tee -a "$log" | tail -n 25
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$out" |
		sed -E 's/^[A-Za-z-]+: //')
	p=0 f=0
	while read -r a _ b _; do
		[ -n "${a:-}" ] || continue
		p=$((p + a)); f=$((f + ${b%,}))
	done <<< "$line"
	if [ "$rc" -ne 0 ]; then
		failed_steps="$failed_steps $step"
		[ "$f" -eq 0 ] && f=1
	else
		# a step without its own count is one passed check
		[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && p=1
	fi
	pass=$((pass + p)); fail=$((fail + f))
	echo "=== make $step: exit $rc"
done
[ -z "$failed_steps" ] || echo "failed steps:$failed_steps"
echo "check: $pass passed, $fail failed"
[ -z "$failed_steps" ]
