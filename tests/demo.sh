#!/bin/sh
# make demo: vrsync at work over real ssh.  A private OpenSSH sshd on
# 127.0.0.1 (tests/sshd/sshd.sh: ephemeral port, throwaway keys, stopped
# at the end), a sample tree pushed to it and pulled back with vrsync,
# then an edit sent as a delta, and the trees compared with diff -r.
set -eu
top=$(cd -- "$(dirname -- "$0")/.." && pwd -P)
v=$top/build/vrsync
tmp=$(mktemp -d /tmp/vrsync-demo.XXXXXX)
trap '"$top/tests/sshd/sshd.sh" stop "$tmp/sshd" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
"$top/tests/sshd/sshd.sh" start "$tmp/sshd" >/dev/null
. "$tmp/sshd/env"

src=$tmp/src
mkdir -p "$src/docs/notes" "$src/data"
printf 'vrsync demo\n' > "$src/README"
printf 'a note\n' > "$src/docs/notes/one.txt"
head -c 2000000 /dev/urandom > "$src/data/blob.bin"
ln -s README "$src/link-to-readme"

echo "== $v --version"
"$v" --version | head -1
echo
echo "== push: vrsync -av -e 'ssh ...' src/ $HOST:remote/"
"$v" -av -e "$SSH" "$src/" "$HOST:$tmp/remote/"
echo
echo "== pull: vrsync -av -e 'ssh ...' $HOST:remote/ back/"
"$v" -av -e "$SSH" "$HOST:$tmp/remote/" "$tmp/back/"
echo
printf 'EDITED' | dd of="$src/data/blob.bin" bs=1 seek=1000000 conv=notrunc status=none
echo "== one edit in the middle of a 2 MB file, pushed again with --stats (a delta)"
"$v" -a --stats -e "$SSH" "$src/" "$HOST:$tmp/remote/" | grep -E 'Literal|Matched|Total bytes sent'
echo
echo "== diff -r src/ remote/ (no output: the same)"
diff -r "$src" "$tmp/remote" && echo "identical"
