# make proofs: Frama-C WP over the proved code, then the negative proofs.
# Included by the top-level Makefile.  Three runs:
#   1. the wire codecs (src/wire);
#   2. the transport's spawn (open_pairs, adopt, start, child_spawn,
#      child_fork), whose long postconditions about the fd table are split
#      into parts (-wp-split) for the provers;
#   3. everything else of the transport and the io core, not split: the
#      stderr capture and forwarder, half-close, read_stderr, drain, reap,
#      join, the proof-only clients in proofs/clients.c, and src/io/io.c.
# Runs 2 and 3 read the same files (the errbuf/errfwd contracts sit on
# their definitions, so child.c is read with them) and each proves the
# functions -wp-fct names; together they cover every function in them.
# proofs/check-fct.sh checks that: a function in none of the lists fails.
# (WP_PART=1: see proofs/wp.sh.)

# flist.c (the file-list entry codec) is not yet in the proof run: its
# contracts are written but not yet proved.
PROOF_WIRE	= $(filter-out src/wire/flist.c,$(WIRE_SRC))
PROOF_TRANSPORT	= src/transport/child.c src/transport/errbuf.c \
		  src/transport/errfwd.c src/io/io.c proofs/clients.c
PROOF_SPLIT_FCT	= open_pairs,adopt,start,child_spawn,child_fork
PROOF_REST_FCT	= make_pair,child_exec,child_run,child_wire_wfd,child_half_close,close_slot,child_read_stderr,drain_stderr,reap,child_join,errbuf_init,errbuf_putc,errbuf_write,errbuf_copy,errfwd_init,errfwd_emit,errfwd_feed,errfwd_flush,join_twice,session,fail,bytes_copy,bytes_to_front,io_init,in_compact,out_compact,poll_ms,pump_stderr,pump_write,pump_read,io_pump,io_read,io_write,io_flush,io_half_close,io_avail,io_out_room

proofs: deps
	@proofs/check-fct.sh "$(PROOF_SPLIT_FCT),$(PROOF_REST_FCT)" $(PROOF_TRANSPORT)
	@echo "proofs: WP over $(PROOF_WIRE)"
	@proofs/wp.sh build/proofs/wire.log $(PROOF_WIRE)
	@echo "proofs: WP over the transport's spawn (split goals)"
	@WP_PART=1 WP_SESSION=build/proofs/session-spawn proofs/wp.sh \
		build/proofs/spawn.log -wp-split -wp-fct $(PROOF_SPLIT_FCT) $(PROOF_TRANSPORT)
	@echo "proofs: WP over the rest of the transport and the io core"
	@WP_PART=1 WP_SESSION=build/proofs/session-transport proofs/wp.sh \
		build/proofs/transport.log -wp-fct $(PROOF_REST_FCT) $(PROOF_TRANSPORT)
	@proofs/negative.sh
