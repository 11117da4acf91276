# fuzz/fuzz.mk: the wire decoders' fuzz harnesses (fuzz/README.md).
# Included by the top-level Makefile, which provides CC, ALL_CFLAGS, SAN
# and WIRE_SRC; `make -f fuzz/fuzz.mk TARGET` works on its own too.
#
#   make fuzz-replay   every harness with fuzz/replay.c under ASan+UBSan,
#                      over fuzz/corpus/T and fuzz/regress/T (make check)
#   make fuzz-smoke    AFL++ on each target for FUZZ_SMOKE_SECONDS (30)
#   make fuzz          AFL++ campaign, DURATION seconds per target (600)
#   make fuzz-libfuzzer  libFuzzer on each target, LIBFUZZER_SECONDS (30)
#   make fuzz-build    all the fuzzing binaries, nothing run
#
# Layout: build/fuzz/{replay,afl,afl-asan,afl-cmplog,libfuzzer}/T and
# their objects under build/fuzz/obj/<flavour>/; runs under
# build/fuzz/{smoke,campaign,libfuzzer-run}/T.

CC	?= gcc
CSTD	?= -std=c11 -D_GNU_SOURCE
WARN	?= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wformat=2
CFLAGS	?= -O2 -g
ALL_CFLAGS ?= $(CSTD) $(WARN) $(CFLAGS) -Isrc
SAN	?= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
WIRE_SRC ?= $(sort $(wildcard src/wire/*.c))

FUZZ_TARGETS	  = ints varint varlong vstring mplex ndx rsh hostspec flist srvargv
FUZZ_SMOKE_SECONDS ?= 30
DURATION	 ?= 600
LIBFUZZER_SECONDS ?= 30
AFL_CC		 ?= afl-clang-fast
FUZZ_DIR	  = build/fuzz
FUZZ_HDRS	  = fuzz/harness/fz.h src/wire/wire.h src/wire/flist.h \
	    src/transport/rsh.c src/transport/rsh.h src/cli/hostspec.c src/cli/hostspec.h \
	    src/cli/options.c src/cli/options.h src/proto/options.h
# AFL and libFuzzer builds are clang builds: the same warnings, -O1.
FUZZ_CLANG_CFLAGS = $(CSTD) $(WARN) -O1 -g -Isrc

.PHONY: fuzz-replay fuzz-smoke fuzz fuzz-build fuzz-afl-build \
	fuzz-libfuzzer fuzz-libfuzzer-build fuzz-replay-build

# ---- replay: any CC, ASan+UBSan, no fuzzer needed -------------------------

FUZZ_REPLAY_BINS = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay/%)
FUZZ_SAN_OBJS	 = $(WIRE_SRC:src/%.c=$(FUZZ_DIR)/obj/san/%.o)

$(FUZZ_DIR)/obj/san/%.o: src/%.c src/wire/wire.h src/wire/flist.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

$(FUZZ_DIR)/obj/san/fuzz/%.o: fuzz/%.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

$(FUZZ_DIR)/replay/%: $(FUZZ_DIR)/obj/san/fuzz/harness/%.o \
    $(FUZZ_DIR)/obj/san/fuzz/replay.o $(FUZZ_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^

fuzz-replay-build: $(FUZZ_REPLAY_BINS)

# Replays each target's corpus and regression inputs; one line per target,
# then "N passed, N failed (targets)".  Fails if any target failed.
fuzz-replay: $(FUZZ_REPLAY_BINS)
	@pass=0; fail=0; \
	for t in $(FUZZ_TARGETS); do \
		dirs=""; \
		for d in fuzz/corpus/$$t fuzz/regress/$$t; do \
			[ -d $$d ] && dirs="$$dirs $$d"; \
		done; \
		if out=$$($(FUZZ_DIR)/replay/$$t $$dirs 2>&1); then \
			echo "fuzz-replay: $$t: ok, $$(echo "$$out" | \
			    sed -n 's/^replay: \([0-9]*\) inputs$$/\1/p') inputs"; \
			pass=$$((pass + 1)); \
		else \
			echo "fuzz-replay: $$t: FAILED"; \
			echo "$$out" | tail -n 40; \
			fail=$$((fail + 1)); \
		fi; \
	done; \
	echo "fuzz-replay: $$pass passed, $$fail failed (targets)"; \
	[ $$fail -eq 0 ]

# ---- AFL++: persistent mode through -fsanitize=fuzzer (libAFLDriver) ------

FUZZ_AFL_FLAVOURS = afl afl-asan afl-cmplog
FUZZ_ENV_afl	    =
FUZZ_ENV_afl-asan   = AFL_USE_ASAN=1 AFL_USE_UBSAN=1
FUZZ_ENV_afl-cmplog = AFL_LLVM_CMPLOG=1
FUZZ_AFL_BINS = $(foreach f,$(FUZZ_AFL_FLAVOURS),$(FUZZ_TARGETS:%=$(FUZZ_DIR)/$(f)/%))

define FUZZ_AFL_RULES
$(FUZZ_DIR)/obj/$(1)/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $$(dir $$@)
	$(FUZZ_ENV_$(1)) AFL_QUIET=1 $(AFL_CC) $(FUZZ_CLANG_CFLAGS) -fsanitize=fuzzer -c -o $$@ $$<

$(FUZZ_DIR)/$(1)/%: $(FUZZ_DIR)/obj/$(1)/fuzz/harness/%.o \
    $(WIRE_SRC:%.c=$(FUZZ_DIR)/obj/$(1)/%.o)
	@mkdir -p $$(dir $$@)
	$(FUZZ_ENV_$(1)) AFL_QUIET=1 $(AFL_CC) -g -fsanitize=fuzzer -o $$@ $$^
endef
$(foreach f,$(FUZZ_AFL_FLAVOURS),$(eval $(call FUZZ_AFL_RULES,$(f))))

fuzz-afl-build: $(FUZZ_AFL_BINS)

fuzz-smoke: $(FUZZ_AFL_BINS) fuzz-libfuzzer-build
	@sh fuzz/tools/afl-run.sh smoke $(FUZZ_SMOKE_SECONDS) \
	    $(FUZZ_DIR)/smoke $(FUZZ_TARGETS)

fuzz: $(FUZZ_AFL_BINS)
	@sh fuzz/tools/afl-run.sh campaign $(DURATION) \
	    $(FUZZ_DIR)/campaign $(FUZZ_TARGETS)

# ---- libFuzzer ------------------------------------------------------------

FUZZ_LF_BINS = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/libfuzzer/%)

$(FUZZ_DIR)/obj/libfuzzer/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CLANG_CFLAGS) -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -c -o $@ $<

$(FUZZ_DIR)/libfuzzer/%: $(FUZZ_DIR)/obj/libfuzzer/fuzz/harness/%.o \
    $(WIRE_SRC:%.c=$(FUZZ_DIR)/obj/libfuzzer/%.o)
	@mkdir -p $(dir $@)
	clang -g -fsanitize=fuzzer,address,undefined -o $@ $^

fuzz-libfuzzer-build: $(FUZZ_LF_BINS)

# libFuzzer exits non-zero on a crash and leaves crash-<sha1> in the run
# directory; new inputs go to the run directory, never to fuzz/corpus.
fuzz-libfuzzer: $(FUZZ_LF_BINS)
	@pass=0; fail=0; \
	for t in $(FUZZ_TARGETS); do \
		r=$(FUZZ_DIR)/libfuzzer-run/$$t; rm -rf $$r; mkdir -p $$r/corpus; \
		if (cd $$r && ../../libfuzzer/$$t -max_total_time=$(LIBFUZZER_SECONDS) \
		    -dict=../../../../fuzz/rsync.dict -print_final_stats=1 \
		    corpus ../../../../fuzz/corpus/$$t >log 2>&1); then \
			echo "fuzz-libfuzzer: $$t: ok, $$(sed -n 's/^stat::number_of_executed_units: *//p' $$r/log) execs"; \
			pass=$$((pass + 1)); \
		else \
			echo "fuzz-libfuzzer: $$t: FAILED, see $$r/log:"; \
			ls $$r/crash-* $$r/timeout-* $$r/leak-* 2>/dev/null; \
			tail -n 30 $$r/log; fail=$$((fail + 1)); \
		fi; \
	done; \
	echo "fuzz-libfuzzer: $$pass passed, $$fail failed (targets)"; \
	[ $$fail -eq 0 ]

fuzz-build: fuzz-replay-build fuzz-afl-build fuzz-libfuzzer-build

# The objects come from chains of pattern rules: keep them.
.SECONDARY: $(FUZZ_SAN_OBJS) \
    $(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/san/fuzz/harness/%.o) \
    $(FUZZ_DIR)/obj/san/fuzz/replay.o \
    $(foreach f,$(FUZZ_AFL_FLAVOURS) libfuzzer,\
	$(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/$(f)/fuzz/harness/%.o) \
	$(WIRE_SRC:%.c=$(FUZZ_DIR)/obj/$(f)/%.o))
