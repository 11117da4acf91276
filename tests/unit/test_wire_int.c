/*
 * test_wire_int.c: fixed-width integers and the protocol < 30 longint
 * (spec/02-integers.md 2.1, 2.4) against bytes upstream rsync 3.5.0
 * wrote (tests/vectors/capture.sh).
 *
 * Tables: capture file, raw byte offset, the file-list entry (its name
 * spells the value), value, bytes.
 *   ids_p29    scenario ids-p29: uid of u<hex> as int32
 *   sizes_p29  scenario sizes-p29: size of s<hex> as longint
 *   sizes_p27  scenario sizes-p27: the same at protocol 27
 *   times_p29  scenario times-p29: mtime of t<hex> as int32, which
 *              upstream truncates to the low 32 bits (read as unsigned)
 */
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

static const struct vec ids_p29[] = {
	{ "ids-p29.s2c", 0x36, "ufffffffe", -2, 4, { 0xfe, 0xff, 0xff, 0xff } },
	{ "ids-p29.s2c", 0x4d, "u80000000", INT32_MIN, 4, { 0x00, 0x00, 0x00, 0x80 } },
	{ "ids-p29.s2c", 0x64, "u7fffffff", 0x7fffffff, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "ids-p29.s2c", 0x7b, "u10000000", 0x10000000, 4, { 0x00, 0x00, 0x00, 0x10 } },
	{ "ids-p29.s2c", 0x92, "u0fffffff", 0xfffffff, 4, { 0xff, 0xff, 0xff, 0x0f } },
	{ "ids-p29.s2c", 0xa8, "u01000000", 0x1000000, 4, { 0x00, 0x00, 0x00, 0x01 } },
	{ "ids-p29.s2c", 0xbe, "u00ffffff", 0xffffff, 4, { 0xff, 0xff, 0xff, 0x00 } },
	{ "ids-p29.s2c", 0xd3, "u00200000", 0x200000, 4, { 0x00, 0x00, 0x20, 0x00 } },
	{ "ids-p29.s2c", 0xe8, "u001fffff", 0x1fffff, 4, { 0xff, 0xff, 0x1f, 0x00 } },
	{ "ids-p29.s2c", 0xfd, "u00010000", 0x10000, 4, { 0x00, 0x00, 0x01, 0x00 } },
	{ "ids-p29.s2c", 0x111, "u0000ffff", 0xffff, 4, { 0xff, 0xff, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x124, "u00004000", 0x4000, 4, { 0x00, 0x40, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x137, "u00003fff", 0x3fff, 4, { 0xff, 0x3f, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x14a, "u00000100", 256, 4, { 0x00, 0x01, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x15c, "u000000ff", 255, 4, { 0xff, 0x00, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x16d, "u00000080", 128, 4, { 0x80, 0x00, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x17e, "u0000007f", 127, 4, { 0x7f, 0x00, 0x00, 0x00 } },
	{ "ids-p29.s2c", 0x18f, "u00000000", 0, 4, { 0x00, 0x00, 0x00, 0x00 } },
};
static const struct vec sizes_p29[] = {
	{ "sizes-p29.s2c", 0x2e, "s7fffffffffffffff", 0x7fffffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f } },
	{ "sizes-p29.s2c", 0x51, "s0400000000000000", 0x400000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04 } },
	{ "sizes-p29.s2c", 0x6f, "s03ffffffffffffff", 0x3ffffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03 } },
	{ "sizes-p29.s2c", 0x8d, "s0100000000000000", 0x100000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } },
	{ "sizes-p29.s2c", 0xab, "s00ffffffffffffff", 0xffffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 } },
	{ "sizes-p29.s2c", 0xc8, "s0008000000000000", 0x8000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00 } },
	{ "sizes-p29.s2c", 0xe4, "s0007ffffffffffff", 0x7ffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00 } },
	{ "sizes-p29.s2c", 0x100, "s0001000000000000", 0x1000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 } },
	{ "sizes-p29.s2c", 0x11c, "s0000ffffffffffff", 0xffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x137, "s0000100000000000", 0x100000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x152, "s00000fffffffffff", 0xfffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x16c, "s0000010000000000", 0x10000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x186, "s000000ffffffffff", 0xffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x19f, "s0000002000000000", 0x2000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x1b8, "s0000001fffffffff", 0x1fffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x1d1, "s0000000100000000", 0x100000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x1e9, "s00000000ffffffff", 0xffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x200, "s0000000080000000", 0x80000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x217, "s000000007fffffff", 0x7fffffffLL, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "sizes-p29.s2c", 0x226, "s0000000040000000", 0x40000000LL, 4, { 0x00, 0x00, 0x00, 0x40 } },
	{ "sizes-p29.s2c", 0x235, "s000000003fffffff", 0x3fffffffLL, 4, { 0xff, 0xff, 0xff, 0x3f } },
	{ "sizes-p29.s2c", 0x244, "s0000000001000000", 0x1000000LL, 4, { 0x00, 0x00, 0x00, 0x01 } },
	{ "sizes-p29.s2c", 0x252, "s0000000000ffffff", 0xffffffLL, 4, { 0xff, 0xff, 0xff, 0x00 } },
	{ "sizes-p29.s2c", 0x25f, "s0000000000800000", 0x800000LL, 4, { 0x00, 0x00, 0x80, 0x00 } },
	{ "sizes-p29.s2c", 0x26c, "s00000000007fffff", 0x7fffffLL, 4, { 0xff, 0xff, 0x7f, 0x00 } },
	{ "sizes-p29.s2c", 0x279, "s0000000000010000", 0x10000LL, 4, { 0x00, 0x00, 0x01, 0x00 } },
	{ "sizes-p29.s2c", 0x285, "s000000000000ffff", 0xffffLL, 4, { 0xff, 0xff, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x290, "s0000000000000100", 256LL, 4, { 0x00, 0x01, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x29a, "s00000000000000ff", 255LL, 4, { 0xff, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x2a3, "s0000000000000080", 128LL, 4, { 0x80, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x2ac, "s000000000000007f", 127LL, 4, { 0x7f, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x2b5, "s0000000000000001", 1LL, 4, { 0x01, 0x00, 0x00, 0x00 } },
	{ "sizes-p29.s2c", 0x2bd, "s0000000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
};
static const struct vec sizes_p27[] = {
	{ "sizes-p27.s2c", 0x2e, "s7fffffffffffffff", 0x7fffffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f } },
	{ "sizes-p27.s2c", 0x51, "s0400000000000000", 0x400000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04 } },
	{ "sizes-p27.s2c", 0x6f, "s03ffffffffffffff", 0x3ffffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03 } },
	{ "sizes-p27.s2c", 0x8d, "s0100000000000000", 0x100000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } },
	{ "sizes-p27.s2c", 0xab, "s00ffffffffffffff", 0xffffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 } },
	{ "sizes-p27.s2c", 0xc8, "s0008000000000000", 0x8000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00 } },
	{ "sizes-p27.s2c", 0xe4, "s0007ffffffffffff", 0x7ffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00 } },
	{ "sizes-p27.s2c", 0x100, "s0001000000000000", 0x1000000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 } },
	{ "sizes-p27.s2c", 0x11c, "s0000ffffffffffff", 0xffffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x137, "s0000100000000000", 0x100000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x152, "s00000fffffffffff", 0xfffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x16c, "s0000010000000000", 0x10000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x186, "s000000ffffffffff", 0xffffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x19f, "s0000002000000000", 0x2000000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x1b8, "s0000001fffffffff", 0x1fffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x1d1, "s0000000100000000", 0x100000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x1e9, "s00000000ffffffff", 0xffffffffLL, 12, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x200, "s0000000080000000", 0x80000000LL, 12, { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x217, "s000000007fffffff", 0x7fffffffLL, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "sizes-p27.s2c", 0x226, "s0000000040000000", 0x40000000LL, 4, { 0x00, 0x00, 0x00, 0x40 } },
	{ "sizes-p27.s2c", 0x235, "s000000003fffffff", 0x3fffffffLL, 4, { 0xff, 0xff, 0xff, 0x3f } },
	{ "sizes-p27.s2c", 0x244, "s0000000001000000", 0x1000000LL, 4, { 0x00, 0x00, 0x00, 0x01 } },
	{ "sizes-p27.s2c", 0x252, "s0000000000ffffff", 0xffffffLL, 4, { 0xff, 0xff, 0xff, 0x00 } },
	{ "sizes-p27.s2c", 0x25f, "s0000000000800000", 0x800000LL, 4, { 0x00, 0x00, 0x80, 0x00 } },
	{ "sizes-p27.s2c", 0x26c, "s00000000007fffff", 0x7fffffLL, 4, { 0xff, 0xff, 0x7f, 0x00 } },
	{ "sizes-p27.s2c", 0x279, "s0000000000010000", 0x10000LL, 4, { 0x00, 0x00, 0x01, 0x00 } },
	{ "sizes-p27.s2c", 0x285, "s000000000000ffff", 0xffffLL, 4, { 0xff, 0xff, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x290, "s0000000000000100", 256LL, 4, { 0x00, 0x01, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x29a, "s00000000000000ff", 255LL, 4, { 0xff, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x2a3, "s0000000000000080", 128LL, 4, { 0x80, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x2ac, "s000000000000007f", 127LL, 4, { 0x7f, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x2b5, "s0000000000000001", 1LL, 4, { 0x01, 0x00, 0x00, 0x00 } },
	{ "sizes-p27.s2c", 0x2bd, "s0000000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
};
static const struct vec times_p29[] = {
	{ "times-p29.s2c", 0x32, "t8000000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0x51, "tffffffff80000000", 0x80000000LL, 4, { 0x00, 0x00, 0x00, 0x80 } },
	{ "times-p29.s2c", 0x64, "tffffffffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x7f, "t7fffffffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x9a, "t0800000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0xb4, "t07ffffffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0xce, "t0010000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0xe7, "t000fffffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0xff, "t0000ffffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x116, "t0000200000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0x12d, "t00001fffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x144, "t000000ffffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x159, "t0000004000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0x16e, "t0000003fffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x183, "t0000000100000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0x197, "t00000000ffffffff", 0xffffffffLL, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "times-p29.s2c", 0x1aa, "t0000000080000000", 0x80000000LL, 4, { 0x00, 0x00, 0x00, 0x80 } },
	{ "times-p29.s2c", 0x1bd, "t000000007fffffff", 0x7fffffffLL, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "times-p29.s2c", 0x1d0, "t0000000000000001", 1LL, 4, { 0x01, 0x00, 0x00, 0x00 } },
	{ "times-p29.s2c", 0x1dc, "t0000000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
};

#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

static void
check_table_in_capture(const struct vec *t, size_t nt)
{
	struct cap c;
	size_t i;

	cap_load(&c, t[0].file);
	for (i = 0; i < nt; i++)
		cap_expect(&c, t[i].off, t[i].b, t[i].n);
	cap_free(&c);
}

static void
test_vectors_match_captures(void **state)
{
	(void)state;
	check_table_in_capture(ids_p29, NVEC(ids_p29));
	check_table_in_capture(sizes_p29, NVEC(sizes_p29));
	check_table_in_capture(sizes_p27, NVEC(sizes_p27));
	check_table_in_capture(times_p29, NVEC(times_p29));
}

static void
int32_vector(const struct vec *t, int as_unsigned)
{
	uint8_t buf[8];
	size_t pos, k;
	int32_t v;
	uint32_t u;

	assert_int_equal(t->n, 4);
	pos = 0;
	if (as_unsigned) {
		assert_int_equal(wire_get_uint32(t->b, 4, &pos, &u), WIRE_OK);
		assert_true(u == (uint64_t)t->v);
	} else {
		assert_int_equal(wire_get_int32(t->b, 4, &pos, &v), WIRE_OK);
		assert_int_equal(v, t->v);
	}
	assert_int_equal(pos, 4);
	memset(buf, 0xAA, sizeof(buf));
	pos = 1;
	if (as_unsigned)
		assert_int_equal(wire_put_uint32(buf, sizeof(buf), &pos,
		    (uint32_t)t->v), WIRE_OK);
	else
		assert_int_equal(wire_put_int32(buf, sizeof(buf), &pos,
		    (int32_t)t->v), WIRE_OK);
	assert_int_equal(pos, 5);
	assert_memory_equal(buf + 1, t->b, 4);
	assert_int_equal(buf[5], 0xAA);
	for (k = 0; k < 4; k++) {
		pos = 0;
		v = 0x5A5A5A5A;
		u = 0x5A5A5A5A;
		assert_int_equal(wire_get_int32(t->b, k, &pos, &v), WIRE_ESHORT);
		assert_int_equal(wire_get_uint32(t->b, k, &pos, &u),
		    WIRE_ESHORT);
		assert_int_equal(pos, 0);
		assert_int_equal(v, 0x5A5A5A5A);
		assert_int_equal(u, 0x5A5A5A5A);
		memset(buf, 0xAA, sizeof(buf));
		assert_int_equal(wire_put_int32(buf, k, &pos, (int32_t)t->v),
		    WIRE_ENOSPC);
		assert_int_equal(wire_put_uint32(buf, k, &pos, (uint32_t)t->v),
		    WIRE_ENOSPC);
		assert_int_equal(pos, 0);
		assert_int_equal(buf[0], 0xAA);
	}
}

static void
longint_vector(const struct vec *t)
{
	uint8_t buf[16];
	size_t pos, k;
	int64_t v;

	pos = 0;
	assert_int_equal(wire_get_longint(t->b, t->n, &pos, &v), WIRE_OK);
	assert_int_equal(pos, t->n);
	assert_true(v == t->v);
	memset(buf, 0xAA, sizeof(buf));
	pos = 2;
	assert_int_equal(wire_put_longint(buf, sizeof(buf), &pos, t->v),
	    WIRE_OK);
	assert_int_equal(pos, 2 + t->n);
	assert_memory_equal(buf + 2, t->b, t->n);
	if (t->n == 12) {
		/* The tail is a plain int64. */
		pos = 4;
		assert_int_equal(wire_get_int64(t->b, 12, &pos, &v), WIRE_OK);
		assert_true(v == t->v);
		memset(buf, 0, sizeof(buf));
		pos = 0;
		assert_int_equal(wire_put_int64(buf, 8, &pos, t->v), WIRE_OK);
		assert_memory_equal(buf, t->b + 4, 8);
	}
	for (k = 0; k < t->n; k++) {
		pos = 0;
		v = 0x5A5A5A5A;
		assert_int_equal(wire_get_longint(t->b, k, &pos, &v),
		    WIRE_ESHORT);
		assert_int_equal(pos, 0);
		assert_true(v == 0x5A5A5A5A);
		memset(buf, 0xAA, sizeof(buf));
		assert_int_equal(wire_put_longint(buf, k, &pos, t->v),
		    WIRE_ENOSPC);
		assert_int_equal(pos, 0);
		for (size_t j = 0; j < sizeof(buf); j++)
			assert_int_equal(buf[j], 0xAA);
	}
}

static void
test_int32_ids_p29(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVEC(ids_p29); i++)
		int32_vector(&ids_p29[i], 0);
}

static void
test_uint32_times_p29(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVEC(times_p29); i++)
		int32_vector(&times_p29[i], 1);
}

static void
test_longint_sizes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVEC(sizes_p29); i++)
		longint_vector(&sizes_p29[i]);
	for (i = 0; i < NVEC(sizes_p27); i++)
		longint_vector(&sizes_p27[i]);
}

enum fld { F_UID, F_SIZE, F_MTIME };

/* The whole captured file list decodes, and every u/s/t<hex> entry holds
 * its value (an mtime as its low 32 bits, as upstream sends it). */
static size_t
walk_check(const char *file, int proto, char prefix, enum fld which)
{
	struct cap c;
	struct dstream s;
	struct fl_ent *e;
	int32_t ver, compat, seed;
	size_t start, n, i, found = 0;

	cap_load(&c, file);
	start = cap_mplex_start(&c, 1, proto, &ver, &compat, &seed);
	assert_int_equal(start, 8);		/* version, seed */
	assert_int_equal(seed, 1);
	cap_demux(&c, start, &s);
	assert_int_equal(s.err, 0);
	e = calloc(64, sizeof(*e));
	assert_non_null(e);
	n = flist_walk(&s, proto, 0, which == F_UID, which == F_UID, e, 64);
	for (i = 0; i < n; i++) {
		uint64_t want;

		if (e[i].name[0] != prefix)
			continue;
		want = strtoull(e[i].name + 1, NULL, 16);
		if (which == F_UID) {
			assert_int_equal(e[i].uid.v, (int32_t)(uint32_t)want);
			assert_int_equal(e[i].gid.v, (int32_t)(uint32_t)want);
			assert_int_equal(e[i].uid.len, 4);
		} else if (which == F_SIZE) {
			assert_true(e[i].size.v == (int64_t)want);
			assert_int_equal(e[i].size.len,
			    want <= 0x7FFFFFFF ? 4 : 12);
		} else {
			assert_true(e[i].mtime.v == (int64_t)(want & 0xFFFFFFFF));
			assert_int_equal(e[i].mtime.len, 4);
		}
		found++;
	}
	free(e);
	dstream_free(&s);
	cap_free(&c);
	return found;
}

static void
test_flists_pre30(void **state)
{
	(void)state;
	assert_int_equal(walk_check("ids-p29.s2c", 29, 'u', F_UID),
	    NVEC(ids_p29));
	assert_int_equal(walk_check("sizes-p29.s2c", 29, 's', F_SIZE),
	    NVEC(sizes_p29));
	assert_int_equal(walk_check("sizes-p27.s2c", 27, 's', F_SIZE),
	    NVEC(sizes_p27));
	assert_int_equal(walk_check("times-p29.s2c", 29, 't', F_MTIME),
	    NVEC(times_p29));
}

/*
 * The protocol versions at offset 0 (int32): the server's 32 in every
 * s2c, the client's --protocol=N in c2s: mplex-pNN.c2s for 27..32; the
 * checksum seed 1 (--checksum-seed=1) at offset 4 of a proto < 30 s2c
 * (mplex-p29.s2c) and at 42 of a proto >= 30 s2c (mplex-p32.s2c, after
 * 81 ff and the 35-byte checksum list).
 */
static void
test_versions_and_seed(void **state)
{
	static const char *c2s[] = { "mplex-p27.c2s", "mplex-p28.c2s",
	    "mplex-p29.c2s", "mplex-p30.c2s", "mplex-p31.c2s", "mplex-p32.c2s" };
	static const uint8_t one[4] = { 1, 0, 0, 0 };
	struct cap c;
	uint8_t want[4] = { 0, 0, 0, 0 }, out[4];
	size_t i, pos;
	int32_t v;

	(void)state;
	for (i = 0; i < 6; i++) {
		cap_load(&c, c2s[i]);
		want[0] = (uint8_t)(27 + i);
		cap_expect(&c, 0, want, 4);
		pos = 0;
		assert_int_equal(wire_get_int32(c.b, c.n, &pos, &v), 0);
		assert_int_equal(v, 27 + (int)i);
		pos = 0;
		assert_int_equal(wire_put_int32(out, 4, &pos, v), 0);
		assert_memory_equal(out, want, 4);
		cap_free(&c);
	}
	want[0] = 32;
	cap_load(&c, "mplex-p29.s2c");
	cap_expect(&c, 0, want, 4);
	cap_expect(&c, 4, one, 4);
	pos = 4;
	assert_int_equal(wire_get_int32(c.b, c.n, &pos, &v), 0);
	assert_int_equal(v, 1);
	cap_free(&c);
	cap_load(&c, "mplex-p32.s2c");
	cap_expect(&c, 42, one, 4);
	cap_free(&c);
}

/* uint16 and byte: the item flags after ndx 0 in ndx-p29.c2s (offset 12:
 * 00 60 = ITEM_IS_NEW|ITEM_LOCAL_CHANGE for the new "." directory) and
 * after ndx 1 (offset 18: 00 a0 = ITEM_TRANSFER|ITEM_IS_NEW). */
static void
test_u16_byte(void **state)
{
	static const uint8_t f0[2] = { 0x00, 0x60 }, f1[2] = { 0x00, 0xA0 };
	struct cap c;
	uint8_t out[2], byte;
	uint16_t v = 0x5A5A;
	size_t pos, k;

	(void)state;
	cap_load(&c, "ndx-p29.c2s");
	cap_expect(&c, 12, f0, 2);
	cap_expect(&c, 18, f1, 2);
	pos = 12;
	assert_int_equal(wire_get_u16(c.b, c.n, &pos, &v), 0);
	assert_int_equal(v, 0x6000);
	pos = 18;
	assert_int_equal(wire_get_u16(c.b, c.n, &pos, &v), 0);
	assert_int_equal(v, 0xA000);
	pos = 0;
	assert_int_equal(wire_put_u16(out, 2, &pos, 0xA000), 0);
	assert_memory_equal(out, f1, 2);
	for (k = 0; k < 2; k++) {
		pos = 0;
		v = 0x5A5A;
		assert_int_equal(wire_get_u16(f1, k, &pos, &v), WIRE_ESHORT);
		assert_int_equal(v, 0x5A5A);
		assert_int_equal(wire_put_u16(out, k, &pos, 1), WIRE_ENOSPC);
		assert_int_equal(pos, 0);
	}
	pos = 13;
	assert_int_equal(wire_get_byte(c.b, c.n, &pos, &byte), 0);
	assert_int_equal(byte, 0x60);
	assert_int_equal(pos, 14);
	pos = c.n;
	assert_int_equal(wire_get_byte(c.b, c.n, &pos, &byte), WIRE_ESHORT);
	assert_int_equal(pos, c.n);
	pos = 0;
	assert_int_equal(wire_put_byte(out, 0, &pos, 1), WIRE_ENOSPC);
	assert_int_equal(wire_put_byte(out, 1, &pos, 0xFE), 0);
	assert_int_equal(out[0], 0xFE);
	cap_free(&c);
}

/* Spec boundaries beyond the captures: longint of negatives and of
 * 2^31 - 1 / 2^31; -1 as a plain int32 reads as the escape. */
static void
test_longint_spec(void **state)
{
	static const int64_t vals[] = { 0, 1, 0x7FFFFFFF, 0x80000000LL, -1,
	    INT32_MIN, INT64_MIN, INT64_MAX, -0x100000000LL };
	uint8_t buf[12];
	size_t pos, i;
	int64_t v;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		pos = 0;
		assert_int_equal(wire_put_longint(buf, sizeof(buf), &pos,
		    vals[i]), 0);
		assert_int_equal(pos, vals[i] >= 0 && vals[i] <= 0x7FFFFFFF ?
		    4 : 12);
		pos = 0;
		assert_int_equal(wire_get_longint(buf, sizeof(buf), &pos, &v),
		    0);
		assert_true(v == vals[i]);
	}
	/* ff ff ff ff alone is a short longint, not -1. */
	memset(buf, 0xFF, 4);
	pos = 0;
	assert_int_equal(wire_get_longint(buf, 4, &pos, &v), WIRE_ESHORT);
	assert_int_equal(pos, 0);
	/* int64 truncations. */
	for (i = 0; i < 8; i++) {
		pos = 0;
		assert_int_equal(wire_get_int64(buf, i, &pos, &v), WIRE_ESHORT);
		assert_int_equal(wire_put_int64(buf, i, &pos, 1), WIRE_ENOSPC);
		assert_int_equal(pos, 0);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_match_captures),
		cmocka_unit_test(test_int32_ids_p29),
		cmocka_unit_test(test_uint32_times_p29),
		cmocka_unit_test(test_longint_sizes),
		cmocka_unit_test(test_flists_pre30),
		cmocka_unit_test(test_versions_and_seed),
		cmocka_unit_test(test_u16_byte),
		cmocka_unit_test(test_longint_spec),
	};

	vectors_init(argc, argv);
	return cmocka_run_group_tests_name("wire_int", tests, NULL, NULL);
}
