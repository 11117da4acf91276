#!/bin/sh
# Runs WP over each seeded-bug file in proofs/negative/ and passes only if
# WP rejects it at the goal its "expect:" line names.  A negative proof
# that WP accepts means the proof set-up cannot fail, and fails the run.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/proofs/negative
mkdir -p "$out"
pass=0 fail=0
for f in "$top"/proofs/negative/*.c; do
	name=$(basename "$f" .c)
	expect=$(sed -n 's/^ \* expect: *//p' "$f" | head -n 1)
	log=$out/$name.log
	if WP_SESSION=$out/session "$top/proofs/wp.sh" "$log" "$f" >/dev/null; then
		echo "negative $name: WP proved a seeded bug (expected to fail on $expect)"
		fail=$((fail + 1))
	elif [ "$expect" = smoke ] && grep -q '\[Failed\] Smoke-test' "$log"; then
		echo "negative $name: rejected by a smoke test, as expected"
		pass=$((pass + 1))
	elif grep -q "\[Failed\] Goal typed_ref_[a-z0-9_]*_$expect" "$log"; then
		echo "negative $name: rejected at $expect, as expected"
		pass=$((pass + 1))
	else
		echo "negative $name: rejected, but not at $expect (see $log)"
		fail=$((fail + 1))
	fi
done
echo "negative-proofs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
