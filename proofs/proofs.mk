# make proofs: Frama-C WP over the proved code, then the negative proofs.
# Included by the top-level Makefile.  Two runs: the wire codecs; the
# transport (the child's spawn and join with the stderr capture and
# forwarder it calls, whose contracts sit on their definitions, and the
# proof-only clients in proofs/clients.c), whose long postconditions are
# split into parts (-wp-split) for the provers.

PROOF_WIRE	= $(WIRE_SRC)
PROOF_TRANSPORT	= src/transport/child.c src/transport/errbuf.c \
		  src/transport/errfwd.c proofs/clients.c

proofs: deps
	@echo "proofs: WP over $(PROOF_WIRE)"
	@proofs/wp.sh build/proofs/wire.log $(PROOF_WIRE)
	@echo "proofs: WP over $(PROOF_TRANSPORT)"
	@WP_SESSION=build/proofs/session-transport proofs/wp.sh \
		build/proofs/transport.log -wp-split $(PROOF_TRANSPORT)
	@proofs/negative.sh
