#!/bin/sh
# Runs Frama-C WP (RTE guards, smoke tests, cvc4 and z3) over the given C
# files and fails unless every goal is proved.  Usage:
#	proofs/wp.sh LOG FILE.c...
# Output: the full log in LOG, a one-line summary on stdout.
# WP_PART=1: the run proves only the functions its -wp-fct names (proofs.mk
# splits one set of files over several runs, and proofs/check-fct.sh checks
# that every function is in one); the report's classification is left out,
# since the call-site goals of the functions another run proves are
# unknown here by construction.  Every goal of the named functions must
# still be proved.
set -u
log=$1; shift
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$HOME/.why3.conf" ] || why3 config detect >/dev/null 2>&1
mkdir -p "$(dirname "$log")"
report="-then -report -report-classify -report-unclassified-unknown ERROR"
[ "${WP_PART:-0}" = 1 ] && report=""
frama-c -c11 -machdep x86_64 -cpp-extra-args="-I$top/src -I$top/proofs/include" \
	-warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast \
	-warn-left-shift-negative -warn-right-shift-negative \
	-kernel-warn-key annot:missing-spec=error \
	-wp -wp-rte -wp-model Typed+ref -wp-prover cvc4,z3 \
	-wp-timeout "${WP_TIMEOUT:-15}" -wp-par "$(nproc)" -wp-smoke-tests \
	-wp-session "${WP_SESSION:-$top/build/proofs/session}" -wp-cache update \
	"$@" $report >"$log" 2>&1
rc=$?
proved=$(sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) \/ *\([0-9]*\).*/\1 \2/p' "$log" | tail -n 1)
set -- $proved
total=${2:-0}; ok=${1:-0}
smoke=$(grep -c '\[Failed\] Smoke-test\|Smoke-test .*Unreachable\|wp: Smoke-test .* FAILED\|\[Smoke\]' "$log")
echo "wp: $ok/$total goals proved, $((total - ok)) unproved, rc=$rc ($log)"
[ "$rc" -eq 0 ] && [ "$total" -gt 0 ] && [ "$ok" -eq "$total" ]
