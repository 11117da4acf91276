# vrsync: one entry point.  `make help` lists the targets.
#
# Layout of build/:  build/vrsync (the binary), build/obj (its objects),
# build/san (ASan+UBSan twin), build/clang (clang twin), build/tests,
# build/fuzz, build/proofs.

ifeq ($(origin CC),default)
CC	 = gcc
endif
PREFIX	?= /usr/local
VERSION	 = 0.1.0
PROTOCOL = 32

WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wpointer-arith -Wformat=2
CSTD	 = -std=c11 -D_GNU_SOURCE
CFLAGS	?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) -Isrc -DVRSYNC_VERSION='"$(VERSION)"' \
	   -DVRSYNC_PROTOCOL=$(PROTOCOL)
SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

WIRE_SRC = $(sort $(wildcard src/wire/*.c))
CLI_SRC	 = $(sort $(wildcard src/cli/*.c))
TRANSPORT_SRC = $(sort $(wildcard src/transport/*.c))
IO_SRC	 = $(sort $(wildcard src/io/*.c))
PROTO_SRC = $(sort $(wildcard src/proto/*.c))
FS_SRC	 = $(sort $(wildcard src/fs/*.c))
LIB_SRC	 = $(WIRE_SRC) $(TRANSPORT_SRC) $(IO_SRC) $(PROTO_SRC) $(FS_SRC)
# digests: xxh64/xxh3/xxh128 from libxxhash, md4/md5/sha1 from nettle
CSUM_LIBS = -lxxhash -lnettle
HDRS	 = $(wildcard src/*/*.h)

DEPS	 = .ci/deps

.PHONY: all deps deps-build build clang-build san-build install demo check unit unit-san \
	proofs fuzz fuzz-smoke fuzz-replay clean help

all: build

help:
	@echo "make            build build/vrsync"
	@echo "make demo       install what is missing, build, show vrsync at work"
	@echo "make check      install what is missing, run every test CI runs"
	@echo "make proofs     Frama-C WP over the proved code (0 unproved goals)"
	@echo "make fuzz-smoke each fuzz harness for a bounded time"
	@echo "make fuzz       a longer campaign (DURATION=seconds per target)"
	@echo "make install    PREFIX=$(PREFIX)"

# Build dependencies only (gcc and make are assumed).
deps-build:
	@$(DEPS) gcc make libc6-dev libxxhash-dev nettle-dev
# Everything the tests and proofs need.
deps:
	@$(DEPS)

build: build/vrsync

build/obj/%.o: src/%.c $(HDRS) | deps-build
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/vrsync: $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC) $(CLI_SRC))
	$(CC) $(CFLAGS) -o $@ $^ $(CSUM_LIBS)

build/san/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

build/san/vrsync: $(patsubst src/%.c,build/san/obj/%.o,$(LIB_SRC) $(CLI_SRC))
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(CSUM_LIBS)

san-build: build/san/vrsync

# The whole tree must also build warning-free with clang.
clang-build: deps
	@mkdir -p build/clang
	$(MAKE) --no-print-directory CC=clang build/clang/vrsync

build/clang/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/clang/vrsync: $(patsubst src/%.c,build/clang/obj/%.o,$(LIB_SRC) $(CLI_SRC))
	$(CC) $(CFLAGS) -o $@ $^ $(CSUM_LIBS)

install: build/vrsync
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/vrsync $(DESTDIR)$(PREFIX)/bin/vrsync
	install -m 644 docs/vrsync.1 $(DESTDIR)$(PREFIX)/share/man/man1/vrsync.1

demo: deps-build build/vrsync
	@$(DEPS) openssh-server openssh-client
	@sh tests/demo.sh

include tests/unit/unit.mk
include fuzz/fuzz.mk
include proofs/proofs.mk
include tests/transport/transport.mk
include tests/interop/interop.mk
include tests/hostile/hostile.mk

# Everything CI runs, each step in turn (tests/check.sh); the last line
# sums the steps' counts.
CHECK_STEPS = build clang-build unit unit-san unit-valgrind fuzz-replay transport-test \
	interop-smoke interop-smoke-san hostile-check proofs

check: deps
	@MAKE='$(MAKE)' tests/check.sh $(CHECK_STEPS)

clean:
	rm -rf build
