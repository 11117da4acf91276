/*
 * test_wire_varint.c: varint and varlong (spec/02-integers.md 2.2, 2.3)
 * against bytes upstream rsync 3.5.0 wrote (tests/vectors/capture.sh).
 *
 * Tables: each row names the capture file, the raw byte offset, and the
 * file-list entry the value belongs to; the entry's name spells the value.
 *   ids_p32    scenario ids-p32: uid of file u<hex> as varint (the gid,
 *              equal, follows it and is checked by the file-list walk)
 *   sizes_p32  scenario sizes-p32: size of file s<hex>, varlong min 3
 *   times_p32  scenario times-p32: mtime of file t<hex>, varlong min 4
 */
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct vec ids_p32[] = {
	{ "ids-p32.s2c", 0x57, "ufffffffe", -2, 5, { 0xf0, 0xfe, 0xff, 0xff, 0xff } },
	{ "ids-p32.s2c", 0x70, "u80000000", INT32_MIN, 5, { 0xf0, 0x00, 0x00, 0x00, 0x80 } },
	{ "ids-p32.s2c", 0x89, "u7fffffff", 0x7fffffff, 5, { 0xf0, 0xff, 0xff, 0xff, 0x7f } },
	{ "ids-p32.s2c", 0xa2, "u10000000", 0x10000000, 5, { 0xf0, 0x00, 0x00, 0x00, 0x10 } },
	{ "ids-p32.s2c", 0xbb, "u0fffffff", 0xfffffff, 4, { 0xef, 0xff, 0xff, 0xff } },
	{ "ids-p32.s2c", 0xd1, "u01000000", 0x1000000, 4, { 0xe1, 0x00, 0x00, 0x00 } },
	{ "ids-p32.s2c", 0xe7, "u00ffffff", 0xffffff, 4, { 0xe0, 0xff, 0xff, 0xff } },
	{ "ids-p32.s2c", 0xfc, "u00200000", 0x200000, 4, { 0xe0, 0x00, 0x00, 0x20 } },
	{ "ids-p32.s2c", 0x111, "u001fffff", 0x1fffff, 3, { 0xdf, 0xff, 0xff } },
	{ "ids-p32.s2c", 0x124, "u00010000", 0x10000, 3, { 0xc1, 0x00, 0x00 } },
	{ "ids-p32.s2c", 0x136, "u0000ffff", 0xffff, 3, { 0xc0, 0xff, 0xff } },
	{ "ids-p32.s2c", 0x147, "u00004000", 0x4000, 3, { 0xc0, 0x00, 0x40 } },
	{ "ids-p32.s2c", 0x158, "u00003fff", 0x3fff, 2, { 0xbf, 0xff } },
	{ "ids-p32.s2c", 0x167, "u00000100", 256, 2, { 0x81, 0x00 } },
	{ "ids-p32.s2c", 0x175, "u000000ff", 255, 2, { 0x80, 0xff } },
	{ "ids-p32.s2c", 0x182, "u00000080", 128, 2, { 0x80, 0x80 } },
	{ "ids-p32.s2c", 0x18f, "u0000007f", 127, 1, { 0x7f } },
	{ "ids-p32.s2c", 0x19a, "u00000000", 0, 1, { 0x00 } },
};
static const struct vec sizes_p32[] = {
	{ "sizes-p32.s2c", 0x54, "s7fffffffffffffff", 0x7fffffffffffffffLL, 9, { 0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f } },
	{ "sizes-p32.s2c", 0x75, "s0400000000000000", 0x400000000000000LL, 9, { 0xfc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04 } },
	{ "sizes-p32.s2c", 0x91, "s03ffffffffffffff", 0x3ffffffffffffffLL, 8, { 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0xac, "s0100000000000000", 0x100000000000000LL, 8, { 0xf9, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p32.s2c", 0xc7, "s00ffffffffffffff", 0xffffffffffffffLL, 8, { 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0xe1, "s0008000000000000", 0x8000000000000LL, 8, { 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08 } },
	{ "sizes-p32.s2c", 0xfa, "s0007ffffffffffff", 0x7ffffffffffffLL, 7, { 0xf7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x112, "s0001000000000000", 0x1000000000000LL, 7, { 0xf1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p32.s2c", 0x12a, "s0000ffffffffffff", 0xffffffffffffLL, 7, { 0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x141, "s0000100000000000", 0x100000000000LL, 7, { 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10 } },
	{ "sizes-p32.s2c", 0x158, "s00000fffffffffff", 0xfffffffffffLL, 6, { 0xef, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x16d, "s0000010000000000", 0x10000000000LL, 6, { 0xe1, 0x00, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p32.s2c", 0x182, "s000000ffffffffff", 0xffffffffffLL, 6, { 0xe0, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x196, "s0000002000000000", 0x2000000000LL, 6, { 0xe0, 0x00, 0x00, 0x00, 0x00, 0x20 } },
	{ "sizes-p32.s2c", 0x1aa, "s0000001fffffffff", 0x1fffffffffLL, 5, { 0xdf, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x1bd, "s0000000100000000", 0x100000000LL, 5, { 0xc1, 0x00, 0x00, 0x00, 0x00 } },
	{ "sizes-p32.s2c", 0x1cf, "s00000000ffffffff", 0xffffffffLL, 5, { 0xc0, 0xff, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x1e0, "s0000000080000000", 0x80000000LL, 5, { 0xc0, 0x00, 0x00, 0x00, 0x80 } },
	{ "sizes-p32.s2c", 0x1f1, "s000000007fffffff", 0x7fffffffLL, 5, { 0xc0, 0xff, 0xff, 0xff, 0x7f } },
	{ "sizes-p32.s2c", 0x202, "s0000000040000000", 0x40000000LL, 5, { 0xc0, 0x00, 0x00, 0x00, 0x40 } },
	{ "sizes-p32.s2c", 0x213, "s000000003fffffff", 0x3fffffffLL, 4, { 0xbf, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x223, "s0000000001000000", 0x1000000LL, 4, { 0x81, 0x00, 0x00, 0x00 } },
	{ "sizes-p32.s2c", 0x232, "s0000000000ffffff", 0xffffffLL, 4, { 0x80, 0xff, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x240, "s0000000000800000", 0x800000LL, 4, { 0x80, 0x00, 0x00, 0x80 } },
	{ "sizes-p32.s2c", 0x24e, "s00000000007fffff", 0x7fffffLL, 3, { 0x7f, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x25b, "s0000000000010000", 0x10000LL, 3, { 0x01, 0x00, 0x00 } },
	{ "sizes-p32.s2c", 0x267, "s000000000000ffff", 0xffffLL, 3, { 0x00, 0xff, 0xff } },
	{ "sizes-p32.s2c", 0x272, "s0000000000000100", 256LL, 3, { 0x00, 0x00, 0x01 } },
	{ "sizes-p32.s2c", 0x27c, "s00000000000000ff", 255LL, 3, { 0x00, 0xff, 0x00 } },
	{ "sizes-p32.s2c", 0x285, "s0000000000000080", 128LL, 3, { 0x00, 0x80, 0x00 } },
	{ "sizes-p32.s2c", 0x28e, "s000000000000007f", 127LL, 3, { 0x00, 0x7f, 0x00 } },
	{ "sizes-p32.s2c", 0x297, "s0000000000000001", 1LL, 3, { 0x00, 0x01, 0x00 } },
	{ "sizes-p32.s2c", 0x29f, "s0000000000000000", 0LL, 3, { 0x00, 0x00, 0x00 } },
};
static const struct vec times_p32[] = {
	{ "times-p32.s2c", 0x56, "t8000000000000000", INT64_MIN, 9, { 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80 } },
	{ "times-p32.s2c", 0x79, "tffffffff80000000", -0x80000000LL, 9, { 0xf8, 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x90, "tffffffffffffffff", -1LL, 9, { 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0xaf, "t7fffffffffffffff", 0x7fffffffffffffffLL, 9, { 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f } },
	{ "times-p32.s2c", 0xce, "t0800000000000000", 0x800000000000000LL, 9, { 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08 } },
	{ "times-p32.s2c", 0xec, "t07ffffffffffffff", 0x7ffffffffffffffLL, 8, { 0xf7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x109, "t0010000000000000", 0x10000000000000LL, 8, { 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10 } },
	{ "times-p32.s2c", 0x125, "t000fffffffffffff", 0xfffffffffffffLL, 7, { 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x13f, "t0000ffffffffffff", 0xffffffffffffLL, 7, { 0xe0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x158, "t0000200000000000", 0x200000000000LL, 7, { 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20 } },
	{ "times-p32.s2c", 0x171, "t00001fffffffffff", 0x1fffffffffffLL, 6, { 0xdf, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x189, "t000000ffffffffff", 0xffffffffffLL, 6, { 0xc0, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x19f, "t0000004000000000", 0x4000000000LL, 6, { 0xc0, 0x00, 0x00, 0x00, 0x00, 0x40 } },
	{ "times-p32.s2c", 0x1b5, "t0000003fffffffff", 0x3fffffffffLL, 5, { 0xbf, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x1ca, "t0000000100000000", 0x100000000LL, 5, { 0x81, 0x00, 0x00, 0x00, 0x00 } },
	{ "times-p32.s2c", 0x1de, "t00000000ffffffff", 0xffffffffLL, 5, { 0x80, 0xff, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x1f1, "t0000000080000000", 0x80000000LL, 5, { 0x80, 0x00, 0x00, 0x00, 0x80 } },
	{ "times-p32.s2c", 0x204, "t000000007fffffff", 0x7fffffffLL, 4, { 0x7f, 0xff, 0xff, 0xff } },
	{ "times-p32.s2c", 0x216, "t0000000000000001", 1LL, 4, { 0x00, 0x01, 0x00, 0x00 } },
	{ "times-p32.s2c", 0x221, "t0000000000000000", 0LL, 4, { 0x00, 0x00, 0x00, 0x00 } },
};

#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

/* Every vector is the capture's bytes at the stated offset. */
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
	check_table_in_capture(ids_p32, NVEC(ids_p32));
	check_table_in_capture(sizes_p32, NVEC(sizes_p32));
	check_table_in_capture(times_p32, NVEC(times_p32));
}

/* Decode, encode and every truncation of one varint vector. */
static void
varint_vector(const struct vec *t)
{
	uint8_t buf[16];
	size_t pos, k;
	int32_t v;

	pos = 0;
	assert_int_equal(wire_get_varint(t->b, t->n, &pos, &v), WIRE_OK);
	assert_int_equal(pos, t->n);
	assert_int_equal(v, (int32_t)t->v);
	/* At a non-zero position, with bytes after it. */
	memset(buf, 0xAA, sizeof(buf));
	memcpy(buf + 3, t->b, t->n);
	pos = 3;
	assert_int_equal(wire_get_varint(buf, sizeof(buf), &pos, &v), WIRE_OK);
	assert_int_equal(pos, 3 + t->n);
	assert_int_equal(v, (int32_t)t->v);
	/* Encoding gives upstream's bytes. */
	memset(buf, 0xAA, sizeof(buf));
	pos = 1;
	assert_int_equal(wire_put_varint(buf, sizeof(buf), &pos,
	    (int32_t)t->v), WIRE_OK);
	assert_int_equal(pos, 1 + t->n);
	assert_memory_equal(buf + 1, t->b, t->n);
	assert_int_equal(buf[0], 0xAA);
	assert_int_equal(buf[1 + t->n], 0xAA);
	/* Every truncation is WIRE_ESHORT with pos and output untouched. */
	for (k = 0; k < t->n; k++) {
		pos = 0;
		v = 0x5A5A5A5A;
		assert_int_equal(wire_get_varint(t->b, k, &pos, &v),
		    WIRE_ESHORT);
		assert_int_equal(pos, 0);
		assert_int_equal(v, 0x5A5A5A5A);
	}
	/* Every too-small output is WIRE_ENOSPC, writing nothing. */
	for (k = 0; k < t->n; k++) {
		memset(buf, 0xAA, sizeof(buf));
		pos = 0;
		assert_int_equal(wire_put_varint(buf, k, &pos, (int32_t)t->v),
		    WIRE_ENOSPC);
		assert_int_equal(pos, 0);
		for (size_t j = 0; j < sizeof(buf); j++)
			assert_int_equal(buf[j], 0xAA);
	}
}

static void
varlong_vector(const struct vec *t, int min)
{
	uint8_t buf[16];
	size_t pos, k;
	int64_t v;

	pos = 0;
	assert_int_equal(wire_get_varlong(t->b, t->n, &pos, min, &v), WIRE_OK);
	assert_int_equal(pos, t->n);
	assert_true(v == t->v);
	memset(buf, 0xAA, sizeof(buf));
	memcpy(buf + 2, t->b, t->n);
	pos = 2;
	assert_int_equal(wire_get_varlong(buf, sizeof(buf), &pos, min, &v),
	    WIRE_OK);
	assert_int_equal(pos, 2 + t->n);
	assert_true(v == t->v);
	memset(buf, 0xAA, sizeof(buf));
	pos = 1;
	assert_int_equal(wire_put_varlong(buf, sizeof(buf), &pos, min, t->v),
	    WIRE_OK);
	assert_int_equal(pos, 1 + t->n);
	assert_memory_equal(buf + 1, t->b, t->n);
	assert_int_equal(buf[0], 0xAA);
	assert_int_equal(buf[1 + t->n], 0xAA);
	for (k = 0; k < t->n; k++) {
		pos = 0;
		v = 0x5A5A5A5A;
		assert_int_equal(wire_get_varlong(t->b, k, &pos, min, &v),
		    WIRE_ESHORT);
		assert_int_equal(pos, 0);
		assert_true(v == 0x5A5A5A5A);
	}
	for (k = 0; k < t->n; k++) {
		memset(buf, 0xAA, sizeof(buf));
		pos = 0;
		assert_int_equal(wire_put_varlong(buf, k, &pos, min, t->v),
		    WIRE_ENOSPC);
		assert_int_equal(pos, 0);
		for (size_t j = 0; j < sizeof(buf); j++)
			assert_int_equal(buf[j], 0xAA);
	}
}

static void
test_varint_captured(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVEC(ids_p32); i++)
		varint_vector(&ids_p32[i]);
}

static void
test_varlong3_captured(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVEC(sizes_p32); i++)
		varlong_vector(&sizes_p32[i], 3);
}

static void
test_varlong4_captured(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVEC(times_p32); i++)
		varlong_vector(&times_p32[i], 4);
}

/* The value a test file's name spells: u/s/t then hex digits. */
static int64_t
name_value(const char *name)
{
	return (int64_t)strtoull(name + 1, NULL, 16);
}

/*
 * Walks a whole captured file list with the decoders: every entry named
 * <prefix><hex> must carry that value in the field, and re-encoding each
 * value must give back the captured bytes.  Returns how many matched.
 */
enum fld { F_UID, F_SIZE, F_MTIME };

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
	assert_int_equal(seed, 1);		/* --checksum-seed=1 */
	cap_demux(&c, start, &s);
	assert_int_equal(s.err, 0);
	e = calloc(64, sizeof(*e));
	assert_non_null(e);
	n = flist_walk(&s, proto, (compat & 0x80) != 0, which == F_UID,
	    which == F_UID, e, 64);
	for (i = 0; i < n; i++) {
		const struct fl_field *f;
		uint8_t buf[16];
		size_t pos = 0;
		int64_t want;

		if (e[i].name[0] != prefix)
			continue;
		want = name_value(e[i].name);
		f = which == F_UID ? &e[i].uid : which == F_SIZE ?
		    &e[i].size : &e[i].mtime;
		assert_true(f->present);
		if (which == F_UID) {
			assert_int_equal(f->v, (int32_t)(uint32_t)want);
			assert_true(e[i].gid.present);
			assert_int_equal(e[i].gid.v, f->v);
			assert_int_equal(wire_put_varint(buf, sizeof(buf), &pos,
			    (int32_t)f->v), WIRE_OK);
		} else {
			assert_true(f->v == want);
			assert_int_equal(wire_put_varlong(buf, sizeof(buf),
			    &pos, which == F_SIZE ? 3 : 4, f->v), WIRE_OK);
		}
		assert_int_equal(pos, f->len);
		assert_memory_equal(buf, s.d + f->off, f->len);
		found++;
	}
	free(e);
	dstream_free(&s);
	cap_free(&c);
	return found;
}

static void
test_flist_ids_p32(void **state)
{
	(void)state;
	assert_int_equal(walk_check("ids-p32.s2c", 32, 'u', F_UID),
	    NVEC(ids_p32));
}

static void
test_flist_sizes_p32(void **state)
{
	(void)state;
	assert_int_equal(walk_check("sizes-p32.s2c", 32, 's', F_SIZE),
	    NVEC(sizes_p32));
}

static void
test_flist_times_p32(void **state)
{
	(void)state;
	assert_int_equal(walk_check("times-p32.s2c", 32, 't', F_MTIME),
	    NVEC(times_p32));
}

/*
 * The compat flags, a varint after the server's version at offset 4 of
 * every proto >= 30 s2c capture: 0x1FF (81 ff) in incr-p32.s2c and
 * mplex-p30.s2c; 0x1FE (81 fe, no CF_INC_RECURSE) in ids-p32.s2c, a
 * --no-inc-recursive session.
 */
static void
test_compat_flags(void **state)
{
	static const struct { const char *file; int32_t v; uint8_t b[2]; } t[] = {
		{ "incr-p32.s2c", 0x1FF, { 0x81, 0xFF } },
		{ "mplex-p30.s2c", 0x1FF, { 0x81, 0xFF } },
		{ "ids-p32.s2c", 0x1FE, { 0x81, 0xFE } },
	};
	struct cap c;
	uint8_t out[2];
	size_t i, pos;
	int32_t v;

	(void)state;
	for (i = 0; i < 3; i++) {
		cap_load(&c, t[i].file);
		cap_expect(&c, 4, t[i].b, 2);
		pos = 4;
		assert_int_equal(wire_get_varint(c.b, c.n, &pos, &v), 0);
		assert_int_equal(v, t[i].v);
		assert_int_equal(pos, 6);
		pos = 0;
		assert_int_equal(wire_put_varint(out, 2, &pos, t[i].v), 0);
		assert_memory_equal(out, t[i].b, 2);
		cap_free(&c);
	}
}

/* Lead bytes 0xF8..0xFF announce 5 or 6 extra bytes: upstream's
 * "Overflow in read_varint()". */
static void
test_varint_range(void **state)
{
	uint8_t b[12];
	size_t pos;
	int32_t v;
	unsigned lead;

	(void)state;
	memset(b, 0, sizeof(b));
	for (lead = 0xF8; lead <= 0xFF; lead++) {
		b[0] = (uint8_t)lead;
		pos = 0;
		v = 7;
		assert_int_equal(wire_get_varint(b, sizeof(b), &pos, &v),
		    WIRE_ERANGE);
		assert_int_equal(pos, 0);
		assert_int_equal(v, 7);
		/* Even a lone lead byte: the lead alone decides. */
		assert_int_equal(wire_get_varint(b, 1, &pos, &v), WIRE_ERANGE);
	}
	/* 0xF0..0xF7 are the widest accepted leads. */
	for (lead = 0xF0; lead <= 0xF7; lead++) {
		b[0] = (uint8_t)lead;
		pos = 0;
		assert_int_equal(wire_get_varint(b, 5, &pos, &v), WIRE_OK);
		assert_int_equal(pos, 5);
	}
	/* Empty input. */
	pos = 0;
	assert_int_equal(wire_get_varint(b, 0, &pos, &v), WIRE_ESHORT);
}

/* min_bytes 4: 4 + 6 extra bytes (leads 0xFC..0xFF) exceed 9; min 3
 * takes every lead; min_bytes outside 3..8 is refused. */
static void
test_varlong_range(void **state)
{
	uint8_t b[16], out[16];
	size_t pos;
	int64_t v;
	unsigned lead;

	(void)state;
	memset(b, 0, sizeof(b));
	for (lead = 0xFC; lead <= 0xFF; lead++) {
		b[0] = (uint8_t)lead;
		pos = 0;
		v = 7;
		assert_int_equal(wire_get_varlong(b, sizeof(b), &pos, 4, &v),
		    WIRE_ERANGE);
		assert_int_equal(pos, 0);
		assert_true(v == 7);
		pos = 0;
		assert_int_equal(wire_get_varlong(b, sizeof(b), &pos, 3, &v),
		    WIRE_OK);
		assert_int_equal(pos, 9);
	}
	b[0] = 0xF8;
	pos = 0;
	assert_int_equal(wire_get_varlong(b, sizeof(b), &pos, 4, &v), WIRE_OK);
	assert_int_equal(pos, 9);
	pos = 0;
	assert_int_equal(wire_get_varlong(b, sizeof(b), &pos, 2, &v),
	    WIRE_ERANGE);
	assert_int_equal(wire_get_varlong(b, sizeof(b), &pos, 9, &v),
	    WIRE_ERANGE);
	assert_int_equal(pos, 0);
	assert_int_equal(wire_put_varlong(out, sizeof(out), &pos, 2, 1),
	    WIRE_EINVAL);
	assert_int_equal(wire_put_varlong(out, sizeof(out), &pos, 9, 1),
	    WIRE_EINVAL);
	assert_int_equal(pos, 0);
}

/* Expected encoded length per the spec, for the synthetic sweep. */
static size_t
varlong_len(uint64_t u, int min)
{
	int cnt = 8, i;
	uint8_t b[9] = { 0 };

	for (i = 1; i <= 8; i++)
		b[i] = (uint8_t)(u >> (8 * (i - 1)));
	while (cnt > min && b[cnt] == 0)
		cnt--;
	if (b[cnt] >= (1u << (7 - cnt + min)))
		cnt++;
	return (size_t)cnt;
}

/*
 * Every boundary 2^k - 1, 2^k, 2^k + 1 and their negatives (spec tables),
 * beyond the captured ones: round trip and the spec's length.
 */
static void
test_boundaries_sweep(void **state)
{
	uint8_t buf[16];
	size_t pos, rpos;
	int k, d, min;

	(void)state;
	for (k = 0; k <= 64; k++) {
		for (d = -1; d <= 1; d++) {
			uint64_t u = (k == 64 ? 0 : (uint64_t)1 << k) + (uint64_t)d;
			int64_t x = (int64_t)u, y;
			int32_t x32 = (int32_t)(uint32_t)u, y32;

			pos = 0;
			assert_int_equal(wire_put_varint(buf, sizeof(buf), &pos,
			    x32), WIRE_OK);
			assert_int_equal(pos, varlong_len((uint32_t)x32, 1) >
			    5 ? 5 : varlong_len((uint32_t)x32, 1));
			rpos = 0;
			assert_int_equal(wire_get_varint(buf, pos, &rpos, &y32),
			    WIRE_OK);
			assert_int_equal(rpos, pos);
			assert_int_equal(y32, x32);
			for (min = 3; min <= 8; min++) {
				pos = 0;
				assert_int_equal(wire_put_varlong(buf,
				    sizeof(buf), &pos, min, x), WIRE_OK);
				assert_int_equal(pos, varlong_len(u, min));
				rpos = 0;
				assert_int_equal(wire_get_varlong(buf, pos,
				    &rpos, min, &y), WIRE_OK);
				assert_int_equal(rpos, pos);
				assert_true(y == x);
			}
		}
	}
	/* The extremes. */
	pos = 0;
	assert_int_equal(wire_put_varint(buf, sizeof(buf), &pos, INT32_MIN), 0);
	assert_int_equal(pos, 5);
	pos = 0;
	assert_int_equal(wire_put_varlong(buf, sizeof(buf), &pos, 3, INT64_MIN),
	    0);
	assert_int_equal(pos, 9);
	rpos = 0;
	{
		int64_t y;

		assert_int_equal(wire_get_varlong(buf, pos, &rpos, 3, &y), 0);
		assert_true(y == INT64_MIN);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_match_captures),
		cmocka_unit_test(test_varint_captured),
		cmocka_unit_test(test_varlong3_captured),
		cmocka_unit_test(test_varlong4_captured),
		cmocka_unit_test(test_flist_ids_p32),
		cmocka_unit_test(test_flist_sizes_p32),
		cmocka_unit_test(test_flist_times_p32),
		cmocka_unit_test(test_compat_flags),
		cmocka_unit_test(test_varint_range),
		cmocka_unit_test(test_varlong_range),
		cmocka_unit_test(test_boundaries_sweep),
	};

	vectors_init(argc, argv);
	return cmocka_run_group_tests_name("wire_varint", tests, NULL, NULL);
}
