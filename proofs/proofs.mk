# make proofs: Frama-C WP over the proved code, then the negative proofs.
# Included by the top-level Makefile.  Three runs: the wire codecs; the
# stderr capture and forwarder; the child (spawn, join) with its
# proof-only clients (proofs/clients.c), whose long postconditions are
# split into parts (-wp-split) for the provers.

PROOF_WIRE	= $(WIRE_SRC)
PROOF_STDERR	= src/transport/errbuf.c src/transport/errfwd.c
PROOF_CHILD	= src/transport/child.c proofs/clients.c

proofs: deps
	@echo "proofs: WP over $(PROOF_WIRE)"
	@proofs/wp.sh build/proofs/wire.log $(PROOF_WIRE)
	@echo "proofs: WP over $(PROOF_STDERR)"
	@WP_SESSION=build/proofs/session-stderr proofs/wp.sh \
		build/proofs/stderr.log $(PROOF_STDERR)
	@echo "proofs: WP over $(PROOF_CHILD)"
	@WP_SESSION=build/proofs/session-child proofs/wp.sh \
		build/proofs/child.log -wp-split $(PROOF_CHILD)
	@proofs/negative.sh
