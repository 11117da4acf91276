#!/bin/bash
# capture.sh DIR: records small real sessions of the installed upstream
# rsync (3.5.0) with fuzz/tools/tap.sh as the remote shell, at protocols
# 27..32, pull and push, plus a -v --delete pull with a missing source
# and --no-msgs2stderr sessions (MSG_* frames, exit 23) and a -z pull
# (compression negotiation).  Writes DIR/<name>.c2s and DIR/<name>.s2c.
# fuzz/tools/mkseeds.py cuts the seed corpora from them.
set -u
out=${1:?usage: capture.sh DIR}
tap=$(cd "$(dirname "$0")" && pwd)/tap.sh
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir -p src/sub
printf 'hello world\n' > src/a.txt
# Fixed pseudo-random content, so the captures are the same each time.
awk 'BEGIN { srand(7); for (i = 0; i < 3000; i++) printf "%c", 32 + int(rand() * 90) }' > src/b.bin
printf 'x%.0s' $(seq 1 300) > src/sub/c
ln -s a.txt src/link
: > src/empty
touch -d '2024-01-02 03:04:05' src/* src/sub/c src
run() {
	name=$1; shift
	TAP_OUT=$out/$name timeout 30 rsync "$@" >/dev/null 2>&1
	echo "capture: $name exit $?"
}
for p in 27 28 29 30 31 32; do
	rm -rf dst; mkdir dst
	run pull$p -a --protocol=$p -e "$tap" h:"$work"/src/ dst/
	run push$p -a --protocol=$p -e "$tap" src/ h:"$work"/dst-push$p/
done
rm -rf dst; mkdir dst; echo old > dst/gone
run pullerr32 -a -v --delete -e "$tap" h:"$work"/src/ h:"$work"/nonexist dst/
# The server sends its messages over the wire (MSG_ERROR_XFER, MSG_INFO,
# MSG_DELETED...) only with --no-msgs2stderr; otherwise to its stderr.
rm -rf dst; mkdir dst
run pullmsg32 -a -v --no-msgs2stderr -e "$tap" h:"$work"/src/ h:"$work"/nonexist dst/
rm -rf dst-pm; mkdir dst-pm; echo old > dst-pm/gone
run pushmsg32 -a -v --delete --no-msgs2stderr -e "$tap" src/ h:"$work"/dst-pm/
rm -rf dst-pm; mkdir dst-pm; echo old > dst-pm/gone
run pushmsg30 -a -v --delete --no-msgs2stderr --protocol=30 -e "$tap" src/ h:"$work"/dst-pm/
rm -rf dst; mkdir dst
run pullz32 -az -e "$tap" h:"$work"/src/ dst/
