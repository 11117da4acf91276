#!/bin/sh
# make demo: what vrsync can show today.  This grows into a real sync over a
# private sshd when the protocol engine lands (issue: protocol engine).
set -eu
v=build/vrsync
echo "== $v --version"
$v --version
echo
echo "== $v --help"
$v --help
echo
echo "== $v -av src/ dst/   (a transfer: refused until the protocol engine exists)"
rc=0
$v -av src/ dst/ || rc=$?
echo "exit status $rc (rsync's 'requested action not supported')"
