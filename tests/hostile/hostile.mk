# tests/hostile/hostile.mk: `make hostile`, vrsync against a malicious peer
# (tests/hostile/run.sh, tests/hostile/peer.py).  Included by the Makefile.
# Runs build/vrsync and build/san/vrsync, a few cases under valgrind when
# it is installed, and shows upstream rsync's result next to each case when
# rsync 3.x is installed.  Needs python3 (stdlib only).

.PHONY: hostile

hostile: build/vrsync build/san/vrsync
	@tests/hostile/run.sh
