/*
 * fz.h: what every vrsync fuzz harness shares (fuzz/README.md).
 *
 * A harness is one LLVMFuzzerTestOneInput() over (data, size).  It is
 * linked three ways: with fuzz/replay.c (make fuzz-replay, make check),
 * with AFL++'s libAFLDriver (afl-clang-fast -fsanitize=fuzzer) and with
 * libFuzzer (clang -fsanitize=fuzzer).  It calls no system function in its
 * checking logic; a violated contract prints one line naming the check
 * and abort()s, which every engine reports as a crash.
 *
 * Inputs the decoders see are copied into a heap block of exactly their
 * length, so under ASan a read at or past buf[len] is caught by the
 * block's redzone, and the bytes before buf[*pos] are poisoned while a
 * decoder runs, so a read before the item is caught too (to ASan's 8-byte
 * granularity).  Without ASan these are plain copies.
 */
#ifndef VRSYNC_FZ_H
#define VRSYNC_FZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/wire.h"

#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define FZ_ASAN 1
# endif
#endif
#if defined(__SANITIZE_ADDRESS__)
# define FZ_ASAN 1
#endif
#ifdef FZ_ASAN
# include <sanitizer/asan_interface.h>
# define FZ_POISON(p, n)	__asan_poison_memory_region((p), (n))
# define FZ_UNPOISON(p, n)	__asan_unpoison_memory_region((p), (n))
#else
# define FZ_POISON(p, n)	((void)(p), (void)(n))
# define FZ_UNPOISON(p, n)	((void)(p), (void)(n))
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed check: say which, then crash the way every engine sees. */
static inline void
fz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: fuzz contract violated: %s\n", file, line, what);
	abort();
}

#define FZ_CHECK(c) \
	do { if (!(c)) fz_fail(#c, __FILE__, __LINE__); } while (0)

/* The bytes a decoder may see, in a heap block of exactly n bytes. */
static inline uint8_t *
fz_dup(const uint8_t *data, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	if (n)
		memcpy(p, data, n);
	else {
		p[0] = 0;
		FZ_POISON(p, 1);	/* an empty buffer has nothing to read */
	}
	return p;
}

static inline void
fz_free(uint8_t *p, size_t n)
{
	FZ_UNPOISON(p, n ? n : 1);
	free(p);
}

/* Before a decoder runs at buf[pos]: what lies before it is off limits. */
static inline void
fz_hide(uint8_t *p, size_t pos)
{
	FZ_UNPOISON(p, pos);
	FZ_POISON(p, pos);
}

static inline void
fz_show(uint8_t *p, size_t pos)
{
	FZ_UNPOISON(p, pos);
}

/* Every error code has a message. */
static inline void
fz_errname(int r)
{
	const char *s = wire_strerror(r);

	FZ_CHECK(s != NULL && s[0] != '\0');
}

static inline int
fz_msg_known(int t)
{
	return (t >= 0 && t <= 10) || t == 22 || t == 33 || t == 42 ||
	    t == 86 || (t >= 100 && t <= 102);
}

/*
 * Upstream's int_byte_extra[lead / 4]: how many bytes follow the first
 * min_bytes of a varint or varlong.
 */
static inline size_t
fz_var_extra(uint8_t lead)
{
	if (lead < 0x80)
		return 0;
	if (lead < 0xC0)
		return 1;
	if (lead < 0xE0)
		return 2;
	if (lead < 0xF0)
		return 3;
	if (lead < 0xF8)
		return 4;
	if (lead < 0xFC)
		return 5;
	return 6;
}

/*
 * Reference decoder, written after upstream's read_varlong() (io.c) with
 * its union of width + 1 bytes: 0 and the value in *v, 1 for short input,
 * 2 for upstream's "Overflow in read_varint()/read_varlong()".  *used is
 * the item's length when it is well formed.
 */
static inline int
fz_ref_var(const uint8_t *in, size_t rem, size_t min_bytes, size_t width,
    uint64_t *v, size_t *used)
{
	uint8_t u[9] = { 0 };
	size_t extra, i;
	uint64_t x = 0;

	if (rem < min_bytes)
		return 1;
	for (i = 1; i < min_bytes; i++)
		u[i - 1] = in[i];
	extra = fz_var_extra(in[0]);
	if (min_bytes + extra > width + 1)
		return 2;
	if (rem < min_bytes + extra)
		return 1;
	for (i = 0; i < extra; i++)
		u[min_bytes - 1 + i] = in[min_bytes + i];
	if (extra)
		u[min_bytes + extra - 1] =
		    in[0] & (uint8_t)((1u << (8 - extra)) - 1);
	else
		u[min_bytes - 1] = in[0];
	for (i = width; i-- > 0;)
		x = x << 8 | u[i];
	*v = x;
	*used = min_bytes + extra;
	return 0;
}

#endif
