#!/bin/sh
# Fails unless every function defined in the given C files is named in
# the comma-separated list (the -wp-fct lists of proofs.mk), so that a new
# function cannot slip out of the proof runs.  Usage:
#	proofs/check-fct.sh LIST FILE.c...
# A definition is a line that starts with an identifier and "(" (this
# code base's style: the return type on the line before).
list=",$1,"; shift
rc=0
for f in "$@"; do
	for fn in $(sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' "$f" | sort -u); do
		case $list in
		*",$fn,"*) ;;
		*) echo "proofs: $f: $fn is in no -wp-fct list of proofs/proofs.mk" >&2; rc=1 ;;
		esac
	done
done
exit $rc
