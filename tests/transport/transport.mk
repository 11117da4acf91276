# tests/transport/transport.mk: the small programs the transport tests run
# as the remote command through the private sshd (tests/sshd/sshd.sh),
# and the upstream baseline.  Included by the top-level Makefile, which
# provides CC, ALL_CFLAGS and SAN.
#
#   make transport-remote      build/tests/transport/{fdlist,errflood,...}
#   make transport-remote-san  the same with ASan+UBSan, build/san/tests/transport/
#   make transport-baseline    re-record tests/transport/expected/ from
#                              upstream rsync over a private sshd
#   make sshd-selftest         the fixture's own checks (tests/sshd/selftest.sh)
#   make transport-test        build tdrive and the remote programs, start a
#                              private sshd, run tests/transport/run.sh over it
#                              (both topologies), stop it; last line
#                              "transport: N passed, N failed"
#   make transport-test-san    the same with ASan+UBSan builds

TRANSPORT_DIR	  = tests/transport
TRANSPORT_REMOTES = fdlist errflood errlines exitwith echo
TRANSPORT_REMOTE_BINS = $(patsubst %,build/tests/transport/%,$(TRANSPORT_REMOTES))
TRANSPORT_REMOTE_SAN_BINS = $(patsubst %,build/san/tests/transport/%,$(TRANSPORT_REMOTES))

.PHONY: transport-remote transport-remote-san transport-baseline sshd-selftest \
	transport-test transport-test-san

# tdrive: the transport driver the real-ssh tests run (tests/transport/tdrive.c)
# the io core alone (mux.c above it needs the wire codecs, tdrive does not)
TDRIVE_SRC = $(TRANSPORT_DIR)/tdrive.c $(TRANSPORT_SRC) src/io/io.c

build/tests/transport/tdrive: $(TDRIVE_SRC) $(wildcard src/transport/*.h src/io/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(TDRIVE_SRC)

build/san/tests/transport/tdrive: $(TDRIVE_SRC) $(wildcard src/transport/*.h src/io/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $(TDRIVE_SRC)

build/tests/transport/%: $(TRANSPORT_DIR)/remote/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

build/san/tests/transport/%: $(TRANSPORT_DIR)/remote/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $<

transport-remote: $(TRANSPORT_REMOTE_BINS)
transport-remote-san: $(TRANSPORT_REMOTE_SAN_BINS)

transport-baseline:
	@$(DEPS) rsync openssh-server openssh-client
	$(TRANSPORT_DIR)/baseline.sh

sshd-selftest: $(TRANSPORT_REMOTE_BINS)
	@$(DEPS) openssh-server openssh-client
	tests/sshd/selftest.sh

# run.sh starts the fixture, always stops it (trap), and prints the summary.
transport-test: build/tests/transport/tdrive $(TRANSPORT_REMOTE_BINS)
	@$(DEPS) openssh-server openssh-client
	@TRANSPORT_BIN=build/tests/transport $(TRANSPORT_DIR)/run.sh

transport-test-san: build/san/tests/transport/tdrive $(TRANSPORT_REMOTE_SAN_BINS)
	@$(DEPS) openssh-server openssh-client
	@TRANSPORT_BIN=build/san/tests/transport \
	    ASAN_OPTIONS=detect_leaks=1 $(TRANSPORT_DIR)/run.sh
