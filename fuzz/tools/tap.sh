#!/bin/bash
# tap.sh: a remote shell for `rsync -e fuzz/tools/tap.sh` that records a
# session.  rsync calls it as "tap.sh [-l user] host rsync --server ...";
# it drops the host (and any -l user), runs the rest locally in its place
# (exec, so the client reaps the server itself), and tees the
# client-to-server bytes to $TAP_OUT.c2s and the server-to-client bytes
# to $TAP_OUT.s2c (TAP_OUT defaults to ./tap).
out=${TAP_OUT:-./tap}
if [ "$1" = "-l" ]; then shift 2; fi
shift
exec "$@" < <(exec tee "$out.c2s") > >(exec tee "$out.s2c")
