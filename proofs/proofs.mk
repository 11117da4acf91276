# make proofs: Frama-C WP over the proved code, then the negative proofs.
# Included by the top-level Makefile.

PROOF_SRC = $(WIRE_SRC)

proofs: deps
	@echo "proofs: WP over $(PROOF_SRC)"
	@proofs/wp.sh build/proofs/wire.log $(PROOF_SRC)
	@proofs/negative.sh
