/*
 * test_wire_ndx.c: the file-list index (spec/04-ndx.md) against bytes
 * upstream rsync 3.5.0 wrote (tests/vectors/capture.sh).
 *
 * Streams used (raw offsets into the capture files):
 *   ndx-p32.c2s   the generator asks for 1, 2, 255, 509, 33276, 66044:
 *                 02 @0x2f, 01 @0x42, fd @0x59, fe 00 fe @0x70,
 *                 fe 7f ff @0x89, fe 80 fc 01 01 @0xa2 (diffs 2, 1, 0xFD,
 *                 0xFE, 0x7FFF, 0x8000), then NDX_DONE 00 @0xb9, 0xbe..0xc0, 0xc5
 *   hlink-p32.c2s ndx 0, 4, 5, then 2: a negative diff, absolute form
 *                 fe 80 02 00 00 @0x50
 *   incr-p32.c2s  NDX_DEL_STATS ff 02 @0x50 (then 5 varints 03 01 00 00 00)
 *   incr-p32.s2c  the sender: NDX_FLIST_OFFSET - 1 = -102 as ff 65 @0x6b,
 *                 -103 ff 01 @0x8c, -104 ff 01 @0xaa, NDX_FLIST_EOF as
 *                 ff fe 80 02 00 00 @0xc8 (negative diff), -3 ff 01 @0x123
 *   ndx-p29.c2s   protocol 29: plain int32, NDX_DONE ff ff ff ff
 * Every generator stream (c2s of a pull) is also walked whole and
 * re-encoded with a fresh writer state.
 */
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

struct nvec {
	const char	*file;
	size_t		off;
	int32_t		ndx;
	size_t		n;
	uint8_t		b[6];
};

/* In stream order, one reader state per file. */
static const struct nvec ndx_p32[] = {
	{ "ndx-p32.c2s", 0x2f, 1, 1, { 0x02 } },
	{ "ndx-p32.c2s", 0x42, 2, 1, { 0x01 } },
	{ "ndx-p32.c2s", 0x59, 255, 1, { 0xfd } },
	{ "ndx-p32.c2s", 0x70, 509, 3, { 0xfe, 0x00, 0xfe } },
	{ "ndx-p32.c2s", 0x89, 33276, 3, { 0xfe, 0x7f, 0xff } },
	{ "ndx-p32.c2s", 0xa2, 66044, 5, { 0xfe, 0x80, 0xfc, 0x01, 0x01 } },
	{ "ndx-p32.c2s", 0xb9, NDX_DONE, 1, { 0x00 } },
};

static const struct nvec incr_s2c[] = {
	{ "incr-p32.s2c", 0x6b, NDX_FLIST_OFFSET - 1, 2, { 0xff, 0x65 } },
	{ "incr-p32.s2c", 0x8c, NDX_FLIST_OFFSET - 2, 2, { 0xff, 0x01 } },
	{ "incr-p32.s2c", 0xaa, NDX_FLIST_OFFSET - 3, 2, { 0xff, 0x01 } },
	{ "incr-p32.s2c", 0xc8, NDX_FLIST_EOF, 6,
	    { 0xff, 0xfe, 0x80, 0x02, 0x00, 0x00 } },
	{ "incr-p32.s2c", 0x123, NDX_DEL_STATS, 2, { 0xff, 0x01 } },
};

#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

/* Decodes a table in order with one state and re-encodes with another. */
static void
run_table(const struct nvec *t, size_t nt)
{
	struct wire_ndx_state rs, ws, saved;
	struct cap c;
	uint8_t out[8];
	size_t i, k, pos;
	int32_t v;

	cap_load(&c, t[0].file);
	wire_ndx_init(&rs);
	wire_ndx_init(&ws);
	for (i = 0; i < nt; i++) {
		cap_expect(&c, t[i].off, t[i].b, t[i].n);
		/* Truncations: ESHORT, nothing moves. */
		for (k = 0; k < t[i].n; k++) {
			saved = rs;
			pos = 0;
			v = 12345;
			assert_int_equal(wire_get_ndx(&rs, 32, t[i].b, k, &pos,
			    &v), WIRE_ESHORT);
			assert_int_equal(pos, 0);
			assert_int_equal(v, 12345);
			assert_memory_equal(&rs, &saved, sizeof(rs));
		}
		pos = t[i].off;
		assert_int_equal(wire_get_ndx(&rs, 32, c.b, c.n, &pos, &v), 0);
		assert_int_equal(v, t[i].ndx);
		assert_int_equal(pos, t[i].off + t[i].n);
		/* ENOSPC for every short output, state untouched. */
		for (k = 0; k < t[i].n; k++) {
			saved = ws;
			pos = 0;
			assert_int_equal(wire_put_ndx(&ws, 32, out, k, &pos,
			    t[i].ndx), WIRE_ENOSPC);
			assert_int_equal(pos, 0);
			assert_memory_equal(&ws, &saved, sizeof(ws));
		}
		pos = 0;
		assert_int_equal(wire_put_ndx(&ws, 32, out, sizeof(out), &pos,
		    t[i].ndx), 0);
		assert_int_equal(pos, t[i].n);
		assert_memory_equal(out, t[i].b, t[i].n);
	}
	cap_free(&c);
}

static void
test_ndx_p32_diffs(void **state)
{
	(void)state;
	run_table(ndx_p32, NVEC(ndx_p32));
}

static void
test_incr_negative(void **state)
{
	(void)state;
	run_table(incr_s2c, NVEC(incr_s2c));
}

/*
 * Walks the generator's stream of a pull (c2s, proto >= 30, no -X):
 * the empty filter list, then ndx [iflags [type] [xname] [sum head and
 * sums]] or NDX_DONE or NDX_DEL_STATS and its 5 varints, to the end.
 * Re-encodes every ndx with a fresh state; returns the positive ones.
 */
static size_t
walk_generator(const char *file, int proto, int32_t *pos_ndx, size_t max,
    size_t *dones, size_t *delstats)
{
	struct wire_ndx_state rs, ws;
	struct cap c;
	struct dstream s;
	int32_t ver, compat, seed, v, i32;
	size_t start, pos, at, np = 0, wpos;
	uint8_t out[8];
	uint16_t iflags;

	*dones = *delstats = 0;
	cap_load(&c, file);
	start = cap_mplex_start(&c, 0, proto, &ver, &compat, &seed);
	cap_demux(&c, start, &s);
	assert_int_equal(s.err, 0);
	assert_true(s.on_boundary);
	assert_int_equal(s.end, c.n);
	pos = 0;
	assert_int_equal(wire_get_int32(s.d, s.n, &pos, &v), 0);
	assert_int_equal(v, 0);				/* no filter rules */
	wire_ndx_init(&rs);
	wire_ndx_init(&ws);
	while (pos < s.n) {
		at = pos;
		assert_int_equal(wire_get_ndx(&rs, proto, s.d, s.n, &pos, &v),
		    0);
		wpos = 0;
		assert_int_equal(wire_put_ndx(&ws, proto, out, sizeof(out),
		    &wpos, v), 0);
		assert_int_equal(wpos, pos - at);
		assert_memory_equal(out, s.d + at, wpos);
		if (v == NDX_DONE) {
			(*dones)++;
			continue;
		}
		if (v == NDX_DEL_STATS) {
			int j;

			(*delstats)++;
			for (j = 0; j < 5; j++)
				assert_int_equal(wire_get_varint(s.d, s.n, &pos,
				    &i32), 0);
			continue;
		}
		assert_true(v >= 0);
		assert_true(np < max);
		pos_ndx[np++] = v;
		assert_int_equal(wire_get_u16(s.d, s.n, &pos, &iflags), 0);
		if (iflags & 0x0800) {			/* BASIS_TYPE */
			uint8_t t;

			assert_int_equal(wire_get_byte(s.d, s.n, &pos, &t), 0);
		}
		if (iflags & 0x1000) {			/* XNAME */
			const uint8_t *str;
			size_t slen;

			assert_int_equal(wire_get_vstring(s.d, s.n, &pos, 4095,
			    &str, &slen), 0);
		}
		if (iflags & 0x8000) {			/* TRANSFER */
			int32_t count, blen, s2len, rem;

			assert_int_equal(wire_get_int32(s.d, s.n, &pos, &count),
			    0);
			assert_int_equal(wire_get_int32(s.d, s.n, &pos, &blen),
			    0);
			assert_int_equal(wire_get_int32(s.d, s.n, &pos, &s2len),
			    0);
			assert_int_equal(wire_get_int32(s.d, s.n, &pos, &rem),
			    0);
			assert_true(count >= 0 && s2len >= 0 && s2len <= 16);
			assert_true(s.n - pos >=
			    (size_t)count * (4 + (size_t)s2len));
			pos += (size_t)count * (4 + (size_t)s2len);
		}
	}
	dstream_free(&s);
	cap_free(&c);
	return np;
}

static void
test_generator_streams(void **state)
{
	static const int32_t want_ndx[] = { 1, 2, 255, 509, 33276, 66044 };
	static const int32_t want_hl[] = { 0, 4, 5, 2 };
	int32_t got[64];
	size_t n, dones, del;
	int p;

	(void)state;
	n = walk_generator("ndx-p32.c2s", 32, got, 64, &dones, &del);
	assert_int_equal(n, 6);
	assert_memory_equal(got, want_ndx, sizeof(want_ndx));
	assert_int_equal(dones, 5);
	assert_int_equal(del, 0);

	n = walk_generator("hlink-p32.c2s", 32, got, 64, &dones, &del);
	assert_int_equal(n, 4);
	assert_memory_equal(got, want_hl, sizeof(want_hl));

	/* --delete at proto 32: NDX_DEL_STATS once. */
	n = walk_generator("incr-p32.c2s", 32, got, 64, &dones, &del);
	assert_int_equal(n, 1);
	assert_int_equal(del, 1);

	for (p = 30; p <= 32; p++) {
		static const char *f[] = { "mplex-p30.c2s", "mplex-p31.c2s",
		    "mplex-p32.c2s" };

		n = walk_generator(f[p - 30], p, got, 64, &dones, &del);
		assert_true(n >= 3);		/* ".", f1, f2 */
		assert_true(dones >= 1);
	}
}

/* Protocol 29: the generator's ndx are plain int32 (ndx-p29.c2s, after
 * the version and the empty filter list: ndx 0 at 8, ndx 1 at 14), and
 * the stream ends with NDX_DONE as ff ff ff ff three times. */
static void
test_proto29_int(void **state)
{
	static const uint8_t zero[4] = { 0, 0, 0, 0 }, one[4] = { 1, 0, 0, 0 };
	static const uint8_t done[12] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct wire_ndx_state st;
	struct cap c;
	uint8_t out[4];
	size_t pos, k;
	int32_t v;

	(void)state;
	wire_ndx_init(&st);
	cap_load(&c, "ndx-p29.c2s");
	cap_expect(&c, 8, zero, 4);
	cap_expect(&c, 14, one, 4);
	cap_expect(&c, c.n - 12, done, 12);
	pos = 8;
	assert_int_equal(wire_get_ndx(&st, 29, c.b, c.n, &pos, &v), 0);
	assert_int_equal(v, 0);
	pos = 14;
	assert_int_equal(wire_get_ndx(&st, 29, c.b, c.n, &pos, &v), 0);
	assert_int_equal(v, 1);
	for (k = 0; k < 3; k++) {
		pos = c.n - 12 + 4 * k;
		assert_int_equal(wire_get_ndx(&st, 29, c.b, c.n, &pos, &v), 0);
		assert_int_equal(v, NDX_DONE);
	}
	pos = 0;
	assert_int_equal(wire_put_ndx(&st, 29, out, 4, &pos, NDX_DONE), 0);
	assert_memory_equal(out, done, 4);
	for (k = 0; k < 4; k++) {
		pos = 0;
		assert_int_equal(wire_get_ndx(&st, 29, done, k, &pos, &v),
		    WIRE_ESHORT);
		assert_int_equal(pos, 0);
		assert_int_equal(wire_put_ndx(&st, 29, out, k, &pos, 7),
		    WIRE_ENOSPC);
	}
	/* INT32_MIN has no ndx meaning: refused both ways. */
	{
		static const uint8_t min[4] = { 0, 0, 0, 0x80 };

		pos = 0;
		assert_int_equal(wire_get_ndx(&st, 29, min, 4, &pos, &v),
		    WIRE_ERANGE);
		assert_int_equal(pos, 0);
		assert_int_equal(wire_put_ndx(&st, 29, out, 4, &pos, INT32_MIN),
		    WIRE_EINVAL);
	}
	cap_free(&c);
}

/* Out of range: an index beyond INT32_MAX. */
static void
test_ndx_range(void **state)
{
	/* fe 00 00: diff 0 from prev_positive -1 is 0xFFFFFFFF unsigned. */
	static const uint8_t fe0[] = { 0xfe, 0x00, 0x00 };
	/* Absolute 0x7fffffff is fine, then +1 overflows. */
	static const uint8_t max[] = { 0xfe, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t plus1[] = { 0x01 };
	static const uint8_t nplus[] = { 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0x01 };
	struct wire_ndx_state st, saved;
	size_t pos;
	int32_t v = 99;

	(void)state;
	wire_ndx_init(&st);
	saved = st;
	pos = 0;
	assert_int_equal(wire_get_ndx(&st, 32, fe0, 3, &pos, &v), WIRE_ERANGE);
	assert_int_equal(pos, 0);
	assert_int_equal(v, 99);
	assert_memory_equal(&st, &saved, sizeof(st));
	pos = 0;
	assert_int_equal(wire_get_ndx(&st, 32, max, 5, &pos, &v), 0);
	assert_int_equal(v, INT32_MAX);
	saved = st;
	pos = 0;
	assert_int_equal(wire_get_ndx(&st, 32, plus1, 1, &pos, &v),
	    WIRE_ERANGE);
	assert_int_equal(pos, 0);
	assert_memory_equal(&st, &saved, sizeof(st));
	/* Negative side: -INT32_MAX, then one more. */
	pos = 0;
	assert_int_equal(wire_get_ndx(&st, 32, nplus, 6, &pos, &v), 0);
	assert_int_equal(v, -INT32_MAX);
	pos = 6;
	assert_int_equal(wire_get_ndx(&st, 32, nplus, 8, &pos, &v),
	    WIRE_ERANGE);
	assert_int_equal(pos, 6);
}

/* The notes' example sequence for a fresh stream (spec tables), both ways. */
static void
test_ndx_spec_sequence(void **state)
{
	static const int32_t seq[] = { 0, 1, 2, 5, 300, 299, 40000, NDX_DONE,
	    -2, -101, -102, -3, 0x7fffffff, 0 };
	static const uint8_t want[] = { 0x01, 0x01, 0x01, 0x03, 0xfe, 0x01,
	    0x27, 0xfe, 0x80, 0x2b, 0x01, 0x00, 0xfe, 0x80, 0x40, 0x9c, 0x00,
	    0x00, 0xff, 0x01, 0xff, 0x63, 0xff, 0x01, 0xff, 0xfe, 0x80, 0x03,
	    0x00, 0x00, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x80, 0x00, 0x00,
	    0x00 };
	struct wire_ndx_state ws, rs;
	uint8_t buf[64];
	size_t pos = 0, rpos = 0, i;
	int32_t v;

	(void)state;
	wire_ndx_init(&ws);
	wire_ndx_init(&rs);
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		assert_int_equal(wire_put_ndx(&ws, 30, buf, sizeof(buf), &pos,
		    seq[i]), 0);
	assert_int_equal(pos, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		assert_int_equal(wire_get_ndx(&rs, 30, buf, pos, &rpos, &v), 0);
		assert_int_equal(v, seq[i]);
	}
	assert_int_equal(rpos, pos);
	/* A diff of 0 (same index again) is fe 00 00. */
	pos = 0;
	assert_int_equal(wire_put_ndx(&ws, 30, buf, sizeof(buf), &pos, 0), 0);
	assert_int_equal(pos, 3);
	assert_int_equal(buf[0], 0xfe);
	assert_int_equal(buf[1], 0);
	assert_int_equal(buf[2], 0);
	pos = 0;
	assert_int_equal(wire_put_ndx(&ws, 30, buf, sizeof(buf), &pos,
	    INT32_MIN), WIRE_EINVAL);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ndx_p32_diffs),
		cmocka_unit_test(test_incr_negative),
		cmocka_unit_test(test_generator_streams),
		cmocka_unit_test(test_proto29_int),
		cmocka_unit_test(test_ndx_range),
		cmocka_unit_test(test_ndx_spec_sequence),
	};

	vectors_init(argc, argv);
	return cmocka_run_group_tests_name("wire_ndx", tests, NULL, NULL);
}
