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

TRANSPORT_DIR	  = tests/transport
TRANSPORT_REMOTES = fdlist errflood errlines exitwith echo
TRANSPORT_REMOTE_BINS = $(patsubst %,build/tests/transport/%,$(TRANSPORT_REMOTES))
TRANSPORT_REMOTE_SAN_BINS = $(patsubst %,build/san/tests/transport/%,$(TRANSPORT_REMOTES))

.PHONY: transport-remote transport-remote-san transport-baseline sshd-selftest

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
