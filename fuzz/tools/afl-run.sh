#!/bin/sh
# afl-run.sh MODE SECONDS OUTDIR TARGET...: run AFL++ over each target in
# turn (make fuzz-smoke, make fuzz), then gate on the results.
#
# MODE smoke:    one instance per target, on the ASan+UBSan build, with the
#                CMPLOG twin (-c) and the dictionary.
# MODE campaign: per target, a main instance on the plain build with the
#                CMPLOG twin, and an ASan+UBSan secondary, side by side.
#
# Binaries are build/fuzz/afl/T, build/fuzz/afl-asan/T and
# build/fuzz/afl-cmplog/T; seeds fuzz/corpus/T; output OUTDIR/T/<instance>.
# afl-fuzz exits 0 even when it has crashes, so the gate reads every
# instance's fuzzer_stats: any saved_crashes or saved_hangs fails the run
# and their files are listed.  Prints one line per target and a summary.
set -u
mode=$1 secs=$2 out=$3
shift 3
B=build/fuzz
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1 AFL_NO_AFFINITY=1
stat_of() {	# stat_of FILE KEY
	awk -v k="$2" '$1 == k { print $3 }' "$1" 2>/dev/null
}
failed=0 passed=0
for t in "$@"; do
	o=$out/$t
	rm -rf "$o"
	mkdir -p "$o"
	log=$o/afl.log
	if [ "$mode" = smoke ]; then
		afl-fuzz -V "$secs" -i fuzz/corpus/$t -o "$o" -x fuzz/rsync.dict \
		    -c $B/afl-cmplog/$t -- $B/afl-asan/$t >"$log" 2>&1
		rc=$?
	else
		afl-fuzz -M main -V "$secs" -i fuzz/corpus/$t -o "$o" \
		    -x fuzz/rsync.dict -c $B/afl-cmplog/$t -- $B/afl/$t \
		    >"$log" 2>&1 &
		m=$!
		sleep 1
		afl-fuzz -S asan -V "$secs" -i fuzz/corpus/$t -o "$o" \
		    -x fuzz/rsync.dict -- $B/afl-asan/$t >"$o/afl-asan.log" 2>&1
		rc=$?
		wait $m || rc=$?
	fi
	bad=0 execs=0 paths=0 crashes=0 hangs=0 n=0
	for s in "$o"/*/fuzzer_stats; do
		[ -f "$s" ] || continue
		n=$((n + 1))
		execs=$((execs + $(stat_of "$s" execs_done)))
		paths=$((paths + $(stat_of "$s" corpus_count)))
		c=$(stat_of "$s" saved_crashes) h=$(stat_of "$s" saved_hangs)
		crashes=$((crashes + ${c:-0})) hangs=$((hangs + ${h:-0}))
	done
	if [ "$rc" -ne 0 ] || [ "$n" -eq 0 ]; then
		echo "fuzz: $t: afl-fuzz failed (exit $rc); see $log:"
		tail -n 15 "$log"
		bad=1
	fi
	echo "fuzz: $t: execs_done $execs, paths (corpus_count) $paths, saved_crashes $crashes, saved_hangs $hangs"
	if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
		for f in "$o"/*/crashes/id:* "$o"/*/hangs/id:*; do
			[ -f "$f" ] && echo "fuzz: $t: found $f"
		done
		echo "fuzz: $t: replay one with build/fuzz/replay/$t FILE;" \
		    "minimise with afl-tmin -i FILE -o fuzz/regress/$t/NAME -- $B/afl/$t"
		bad=1
	fi
	if [ "$bad" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "fuzz ($mode, ${secs}s per target): $passed passed, $failed failed (targets)"
[ "$failed" -eq 0 ]
