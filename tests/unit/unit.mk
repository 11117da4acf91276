# tests/unit/unit.mk: the cmocka unit tests of src/wire, one driver per
# module, included by the top-level Makefile (which provides CC,
# ALL_CFLAGS, SAN, WIRE_SRC and DEPS).
#
#   make unit           drivers built plainly into build/tests/, run
#   make unit-san       the same built with ASan+UBSan into build/san/tests/
#   make unit-valgrind  the plain drivers under valgrind (not part of unit)
#
# Each target prints every driver's cmocka output and ends with one line
# "N passed, N failed" (summed over the drivers; a driver that dies
# without a cmocka summary counts as one failure) and fails if any test
# failed.  The drivers read the captures in tests/vectors (see
# tests/vectors/capture.sh); they take that directory as argv[1].

comma	     := ,
UNIT_NAMES   = int varint vstring mplex ndx flist
UNIT_DIR     = tests/unit
UNIT_VECTORS = tests/vectors
UNIT_HELPERS = $(UNIT_DIR)/vectors.c
UNIT_HDRS    = $(UNIT_DIR)/vectors.h src/wire/wire.h src/wire/flist.h
UNIT_CFLAGS  = -I$(UNIT_DIR) -DVECTORS_DIR='"$(UNIT_VECTORS)"'
UNIT_BINS    = $(patsubst %,build/tests/test_wire_%,$(UNIT_NAMES))
UNIT_SAN_BINS = $(patsubst %,build/san/tests/test_wire_%,$(UNIT_NAMES))

# Drivers of modules outside src/wire (no vectors needed): test_NAME.c
# linked with UNIT_SRC_NAME and the linker flags UNIT_LD_NAME (-Wl,--wrap=
# for the drivers that inject system-call failures).
UNIT_OTHER_NAMES  = rsh hostspec child status io sys faults csum match fs options
UNIT_SRC_rsh      = src/transport/rsh.c
UNIT_SRC_hostspec = src/cli/hostspec.c
UNIT_SRC_child    = src/transport/child.c src/transport/sys.c \
		    src/transport/errbuf.c src/transport/errfwd.c \
		    $(UNIT_DIR)/testutil.c
UNIT_SRC_status   = src/transport/status.c
UNIT_SRC_io       = src/io/io.c $(UNIT_SRC_child)
UNIT_SRC_sys      = src/transport/sys.c $(UNIT_DIR)/testutil.c
UNIT_SRC_faults   = src/io/io.c $(UNIT_SRC_child)
UNIT_SRC_csum     = src/proto/csum.c
UNIT_SRC_match    = src/proto/match.c src/proto/csum.c
UNIT_SRC_fs       = src/fs/fs.c $(UNIT_DIR)/testutil.c
UNIT_SRC_options  = src/cli/options.c
UNIT_LD_csum      = $(CSUM_LIBS)
UNIT_LD_match     = $(CSUM_LIBS)
UNIT_WRAP_sys     = socketpair pipe2 close fcntl waitpid read write poll
UNIT_WRAP_faults  = socketpair pipe2 fork poll read write
UNIT_LD_sys       = $(patsubst %,-Wl$(comma)--wrap=%,$(UNIT_WRAP_sys))
UNIT_LD_faults    = $(patsubst %,-Wl$(comma)--wrap=%,$(UNIT_WRAP_faults))
UNIT_OTHER_HDRS   = src/transport/rsh.h src/cli/hostspec.h $(UNIT_DIR)/testutil.h \
		    $(wildcard src/transport/*.h src/io/*.h src/proto/*.h src/fs/*.h src/cli/*.h)
UNIT_OTHER_BINS   = $(UNIT_OTHER_NAMES:%=build/tests/test_%)
UNIT_OTHER_SAN_BINS = $(UNIT_OTHER_NAMES:%=build/san/tests/test_%)
UNIT_BINS     += $(UNIT_OTHER_BINS)
UNIT_SAN_BINS += $(UNIT_OTHER_SAN_BINS)

.PHONY: unit unit-san unit-valgrind unit-deps unit-build unit-san-build

unit-deps:
	@$(DEPS) gcc make libc6-dev libcmocka-dev

build/tests/test_wire_%: $(UNIT_DIR)/test_wire_%.c $(UNIT_HELPERS) \
    $(UNIT_HDRS) $(WIRE_SRC) | unit-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(UNIT_CFLAGS) -o $@ $< $(UNIT_HELPERS) \
	    $(WIRE_SRC) -lcmocka

build/san/tests/test_wire_%: $(UNIT_DIR)/test_wire_%.c $(UNIT_HELPERS) \
    $(UNIT_HDRS) $(WIRE_SRC) | unit-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) $(UNIT_CFLAGS) -o $@ $< $(UNIT_HELPERS) \
	    $(WIRE_SRC) -lcmocka

$(UNIT_OTHER_BINS): build/tests/test_%: $(UNIT_DIR)/test_%.c \
    $(foreach n,$(UNIT_OTHER_NAMES),$(UNIT_SRC_$(n))) $(UNIT_OTHER_HDRS) | unit-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(UNIT_SRC_$*) $(UNIT_LD_$*) -lcmocka

$(UNIT_OTHER_SAN_BINS): build/san/tests/test_%: $(UNIT_DIR)/test_%.c \
    $(foreach n,$(UNIT_OTHER_NAMES),$(UNIT_SRC_$(n))) $(UNIT_OTHER_HDRS) | unit-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< $(UNIT_SRC_$*) $(UNIT_LD_$*) -lcmocka

unit-build: $(UNIT_BINS)
unit-san-build: $(UNIT_SAN_BINS)

# $(call unit_run,BINARIES,PREFIX COMMAND): runs each, sums cmocka's
# "[  PASSED  ] N" and "[  FAILED  ] N" lines (it prints them on stderr).
define unit_run
	@pass=0; fail=0; rc=0; \
	for t in $(1); do \
		echo "== $$t"; \
		$(2) $$t $(UNIT_VECTORS) > $$t.log 2>&1; r=$$?; \
		cat $$t.log; \
		p=$$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' $$t.log); \
		f=$$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' $$t.log); \
		pass=$$((pass + $${p:-0})); fail=$$((fail + $${f:-0})); \
		if [ $$r -ne 0 ]; then \
			rc=1; \
			if [ -z "$$f" ]; then fail=$$((fail + 1)); \
				echo "$$t: exit status $$r"; fi; \
		fi; \
	done; \
	echo "$$pass passed, $$fail failed"; \
	[ $$rc -eq 0 ] && [ $$fail -eq 0 ]
endef

unit: $(UNIT_BINS)
	$(call unit_run,$(UNIT_BINS),)

unit-san: $(UNIT_SAN_BINS)
	$(call unit_run,$(UNIT_SAN_BINS),ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=print_stacktrace=1)

unit-valgrind: $(UNIT_BINS)
	@$(DEPS) valgrind
	$(call unit_run,$(UNIT_BINS),valgrind -q --error-exitcode=1 \
	    --leak-check=full)
