# tests/interop/interop.mk: vrsync against upstream rsync over a real
# private sshd.  Included by the top-level Makefile.
#
#   make interop-smoke      tests/interop/smoke.sh with build/vrsync: pull,
#                           push, upstream client with a vrsync server both
#                           ways, local copy, each protocol 27..32, a new
#                           tree then an update; last line
#                           "interop-smoke: N passed, N failed"
#   make interop-smoke-san  the same with the ASan+UBSan build



.PHONY: interop-smoke interop-smoke-san

interop-smoke: build/vrsync
	@$(DEPS) rsync openssh-server openssh-client
	@VRSYNC=build/vrsync tests/interop/smoke.sh

interop-smoke-san: build/san/vrsync
	@$(DEPS) rsync openssh-server openssh-client
	@VRSYNC=build/san/vrsync tests/interop/smoke.sh
