# tests/interop/interop.mk: vrsync against upstream rsync over a real
# private sshd.  Included by the top-level Makefile.
#
#   make interop-smoke      tests/interop/smoke.sh with build/vrsync: pull,
#                           push, upstream client with a vrsync server both
#                           ways, local copy, each protocol 27..32, a new
#                           tree then an update; last line
#                           "interop-smoke: N passed, N failed"
#   make interop-smoke-san  the same with the ASan+UBSan build
#   make interop-messages   tests/interop/messages.sh: stdout, stderr and
#                           exit code of a catalogue of scenarios (local,
#                           push, pull, upstream client with a vrsync
#                           server) against upstream rsync's, normalised
#                           for byte counts, rates and versions; a diff per
#                           failing scenario; last line
#                           "messages: N passed, N failed".  Not in
#                           CHECK_STEPS.



.PHONY: interop-smoke interop-smoke-san interop-messages

interop-smoke: build/vrsync
	@$(DEPS) rsync openssh-server openssh-client
	@VRSYNC=build/vrsync tests/interop/smoke.sh

interop-smoke-san: build/san/vrsync
	@$(DEPS) rsync openssh-server openssh-client
	@VRSYNC=build/san/vrsync tests/interop/smoke.sh

interop-messages: build/vrsync
	@$(DEPS) rsync openssh-server openssh-client
	@VRSYNC=build/vrsync tests/interop/messages.sh
