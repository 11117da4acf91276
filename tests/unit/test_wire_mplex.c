/*
 * test_wire_mplex.c: multiplex headers and the frame reader
 * (spec/03-multiplex.md) against whole streams upstream rsync 3.5.0 wrote
 * (tests/vectors/capture.sh).  Headers checked at stated raw offsets:
 *   mplex-p27.s2c @8     MSG_ERROR_XFER, 102 bytes: 66 00 00 08
 *                        ("rsync: [sender] link_stat ...")
 *   mplex-p32.s2c @46    MSG_ERROR_XFER (--no-msgs2stderr), 66 00 00 08
 *   pushdel-p32.s2c @46  MSG_INFO "delta-transmission enabled\n": 1b 00 00 09
 *   pushdel-p32.s2c @77  MSG_DELETED "gone/x": 06 00 00 6c
 *   maxdel-p32.s2c @101  MSG_WARNING, 56 bytes: 38 00 00 0b
 *   errexit-p32.c2s @43  MSG_ERROR_EXIT with code 3: 04 00 00 5d 03 00 00 00
 *   mplex-p32.s2c @208   MSG_DATA, 1987 bytes: c3 07 00 07
 */
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

struct strm {
	const char	*file;
	int		s2c;
	int		proto;
};

/* Every multiplexed capture (c2s is multiplexed from protocol 30). */
static const struct strm streams[] = {
	{ "mplex-p27.s2c", 1, 27 }, { "mplex-p28.s2c", 1, 28 },
	{ "mplex-p29.s2c", 1, 29 }, { "mplex-p30.s2c", 1, 30 },
	{ "mplex-p31.s2c", 1, 31 }, { "mplex-p32.s2c", 1, 32 },
	{ "mplex-p30.c2s", 0, 30 }, { "mplex-p31.c2s", 0, 31 },
	{ "mplex-p32.c2s", 0, 32 },
	{ "ids-p32.s2c", 1, 32 }, { "ids-p29.s2c", 1, 29 },
	{ "sizes-p27.s2c", 1, 27 }, { "times-p32.s2c", 1, 32 },
	{ "ndx-p32.c2s", 0, 32 }, { "ndx-p29.s2c", 1, 29 },
	{ "incr-p32.s2c", 1, 32 }, { "incr-p32.c2s", 0, 32 },
	{ "pushdel-p32.s2c", 1, 32 }, { "pushdel-p32.c2s", 0, 32 },
	{ "maxdel-p32.s2c", 1, 32 }, { "hlink-p32.s2c", 1, 32 },
	{ "hlink-p32.c2s", 0, 32 }, { "errexit-p32.s2c", 1, 32 },
	{ "errexit-p32.c2s", 0, 32 },
};

#define NSTREAMS (sizeof(streams) / sizeof(streams[0]))

/* A frame list: per frame its tag, length and payload (concatenated). */
struct frames {
	size_t		n;
	uint8_t		tag[4096];
	uint32_t	len[4096];
	uint8_t		*pay;
	size_t		pn;
};

/*
 * Feeds raw[start..n) to a fresh reader in pieces cut at the offsets in
 * cuts[] (ascending), collecting frames.  Returns the last reader result.
 */
static int
collect(const uint8_t *raw, size_t n, size_t start, const size_t *cuts,
    size_t ncuts, struct frames *f)
{
	struct wire_mplex_rd rd;
	struct wire_mplex_chunk ch;
	size_t lo = start, ci = 0;
	int r = 0;

	f->n = 0;
	f->pn = 0;
	wire_mplex_rd_init(&rd);
	while (lo < n) {
		size_t hi = ci < ncuts ? cuts[ci++] : n, pos = 0;

		if (hi <= lo)
			continue;
		/* Each piece is its own buffer: the reader sees only it. */
		while ((r = wire_mplex_next(&rd, raw + lo, hi - lo, &pos,
		    &ch)) == 1) {
			if (ch.frame_off == 0) {
				assert_true(f->n < 4096);
				f->tag[f->n] = ch.tag;
				f->len[f->n] = ch.frame_len;
				f->n++;
			} else {
				assert_int_equal(f->tag[f->n - 1], ch.tag);
			}
			assert_true(ch.off >= pos - ch.n);
			memcpy(f->pay + f->pn, raw + lo + ch.off, ch.n);
			f->pn += ch.n;
		}
		if (r < 0)
			return r;
		assert_int_equal(pos, hi - lo);
		lo = hi;
	}
	/* The stream ends on a frame boundary. */
	assert_int_equal(rd.in_frame, 0);
	assert_int_equal(rd.hdr_have, 0);
	return r;
}

static void
frames_equal(const struct frames *a, const struct frames *b)
{
	assert_int_equal(a->n, b->n);
	assert_memory_equal(a->tag, b->tag, a->n);
	assert_memory_equal(a->len, b->len, a->n * sizeof(a->len[0]));
	assert_int_equal(a->pn, b->pn);
	assert_memory_equal(a->pay, b->pay, a->pn);
}

/* Whole streams demultiplex without error and end on a boundary; the
 * headers re-encode to the captured bytes. */
static void
test_whole_streams(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NSTREAMS; i++) {
		struct cap c;
		struct dstream s;
		size_t start, pos;
		int32_t ver, compat, seed;

		cap_load(&c, streams[i].file);
		start = cap_mplex_start(&c, streams[i].s2c, streams[i].proto,
		    &ver, &compat, &seed);
		cap_demux(&c, start, &s);
		assert_int_equal(s.err, 0);
		assert_true(s.on_boundary);
		assert_int_equal(s.end, c.n);
		assert_true(s.frames >= 1);
		/* Walk the headers directly and re-encode each. */
		pos = start;
		while (pos < c.n) {
			uint8_t tag, out[4];
			uint32_t len;
			size_t hp = pos, op = 0;

			assert_int_equal(wire_get_mplex_hdr(c.b, c.n, &pos,
			    &tag, &len), 0);
			assert_non_null(wire_msg_name(tag));
			assert_int_equal(wire_put_mplex_hdr(out, 4, &op, tag,
			    len), 0);
			assert_memory_equal(out, c.b + hp, 4);
			assert_true(c.n - pos >= len);
			pos += len;
		}
		assert_int_equal(pos, c.n);
		dstream_free(&s);
		cap_free(&c);
	}
}

/* Split at every possible point, and byte by byte: the same frames. */
static void
test_every_split(void **state)
{
	struct frames *ref, *got;
	size_t i, k, *cuts;

	(void)state;
	ref = calloc(1, sizeof(*ref));
	got = calloc(1, sizeof(*got));
	assert_non_null(ref);
	assert_non_null(got);
	for (i = 0; i < NSTREAMS; i++) {
		struct cap c;
		size_t start;
		int32_t ver, compat, seed;

		cap_load(&c, streams[i].file);
		start = cap_mplex_start(&c, streams[i].s2c, streams[i].proto,
		    &ver, &compat, &seed);
		ref->pay = malloc(c.n);
		got->pay = malloc(c.n);
		cuts = malloc(c.n * sizeof(*cuts));
		assert_non_null(ref->pay);
		assert_non_null(got->pay);
		assert_non_null(cuts);
		assert_int_equal(collect(c.b, c.n, start, NULL, 0, ref), 0);
		for (k = start + 1; k < c.n; k++) {
			assert_int_equal(collect(c.b, c.n, start, &k, 1, got),
			    0);
			frames_equal(ref, got);
		}
		for (k = 0; k + start + 1 < c.n; k++)
			cuts[k] = start + 1 + k;
		assert_int_equal(collect(c.b, c.n, start, cuts, k, got), 0);
		frames_equal(ref, got);
		free(cuts);
		free(ref->pay);
		free(got->pay);
		cap_free(&c);
	}
	free(ref);
	free(got);
}

static void
test_captured_headers(void **state)
{
	static const struct {
		const char *file;
		size_t off;
		uint8_t tag;
		uint32_t len;
		const char *text;
	} t[] = {
		{ "mplex-p27.s2c", 8, MSG_ERROR_XFER, 102,
		    "rsync: [sender] link_stat " },
		{ "mplex-p32.s2c", 46, MSG_ERROR_XFER, 102,
		    "rsync: [sender] link_stat " },
		{ "pushdel-p32.s2c", 46, MSG_INFO, 27,
		    "delta-transmission enabled\n" },
		{ "pushdel-p32.s2c", 77, MSG_DELETED, 6, "gone/x" },
		{ "maxdel-p32.s2c", 101, MSG_WARNING, 56,
		    "Deletions stopped due to --max-delete limit" },
		{ "errexit-p32.c2s", 43, MSG_ERROR_EXIT, 4, "\3\0\0" },
		{ "mplex-p32.s2c", 208, MSG_DATA, 1987, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cap c;
		uint8_t hdr[4], tag = 0xEE;
		uint32_t len = 0;
		size_t pos = 0, k;

		hdr[0] = (uint8_t)t[i].len;
		hdr[1] = (uint8_t)(t[i].len >> 8);
		hdr[2] = (uint8_t)(t[i].len >> 16);
		hdr[3] = (uint8_t)(t[i].tag + MPLEX_BASE);
		cap_load(&c, t[i].file);
		cap_expect(&c, t[i].off, hdr, 4);
		if (t[i].text)
			cap_expect(&c, t[i].off + 4, (const uint8_t *)t[i].text,
			    strlen(t[i].text) + (t[i].tag == MSG_ERROR_EXIT));
		pos = t[i].off;
		assert_int_equal(wire_get_mplex_hdr(c.b, c.n, &pos, &tag, &len),
		    0);
		assert_int_equal(tag, t[i].tag);
		assert_int_equal(len, t[i].len);
		assert_int_equal(pos, t[i].off + 4);
		for (k = 0; k < 4; k++) {
			pos = 0;
			tag = 0xEE;
			assert_int_equal(wire_get_mplex_hdr(hdr, k, &pos, &tag,
			    &len), WIRE_ESHORT);
			assert_int_equal(pos, 0);
			assert_int_equal(tag, 0xEE);
			assert_int_equal(wire_put_mplex_hdr(hdr, k, &pos,
			    t[i].tag, t[i].len), WIRE_ENOSPC);
			assert_int_equal(pos, 0);
		}
		cap_free(&c);
	}
}

static void
test_names_and_tags(void **state)
{
	static const struct { int tag; const char *name; } t[] = {
		{ 0, "MSG_DATA" }, { 1, "MSG_ERROR_XFER" }, { 2, "MSG_INFO" },
		{ 3, "MSG_ERROR" }, { 4, "MSG_WARNING" },
		{ 5, "MSG_ERROR_SOCKET" }, { 6, "MSG_LOG" }, { 7, "MSG_CLIENT" },
		{ 8, "MSG_ERROR_UTF8" }, { 9, "MSG_REDO" }, { 10, "MSG_STATS" },
		{ 22, "MSG_IO_ERROR" }, { 33, "MSG_IO_TIMEOUT" },
		{ 42, "MSG_NOOP" }, { 86, "MSG_ERROR_EXIT" },
		{ 100, "MSG_SUCCESS" }, { 101, "MSG_DELETED" },
		{ 102, "MSG_NO_SEND" },
	};
	uint8_t b[4];
	size_t i, pos;
	int tag, known;
	uint8_t gtag;
	uint32_t glen;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(wire_msg_name(t[i].tag), t[i].name);
	for (tag = -1; tag <= 255; tag++) {
		known = 0;
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			known |= t[i].tag == tag;
		if (!known)
			assert_null(wire_msg_name(tag));
	}
	/* Every header byte 3: known codes decode, the rest is EBADTAG. */
	for (tag = 0; tag <= 255; tag++) {
		b[0] = 1;
		b[1] = 2;
		b[2] = 3;
		b[3] = (uint8_t)tag;
		pos = 0;
		known = tag >= MPLEX_BASE && wire_msg_name(tag - MPLEX_BASE);
		assert_int_equal(wire_get_mplex_hdr(b, 4, &pos, &gtag, &glen),
		    known ? 0 : WIRE_EBADTAG);
		assert_int_equal(pos, known ? 4 : 0);
		if (known) {
			assert_int_equal(gtag, tag - MPLEX_BASE);
			assert_int_equal(glen, 0x030201);
		}
	}
	/* Encoder limits. */
	pos = 0;
	assert_int_equal(wire_put_mplex_hdr(b, 4, &pos, MSG_DATA, 0xFFFFFF), 0);
	assert_int_equal(b[0] & b[1] & b[2], 0xFF);
	assert_int_equal(b[3], 7);
	pos = 0;
	assert_int_equal(wire_put_mplex_hdr(b, 4, &pos, MSG_DATA, 0x1000000),
	    WIRE_EINVAL);
	assert_int_equal(wire_put_mplex_hdr(b, 4, &pos, 11, 0), WIRE_EINVAL);
	assert_int_equal(pos, 0);
	assert_non_null(wire_strerror(WIRE_ESHORT));
	assert_non_null(wire_strerror(WIRE_EBADTAG));
}

/* The reader: an empty frame is one empty chunk; a bad tag stops it. */
static void
test_reader_edges(void **state)
{
	/* keep-alive (empty MSG_DATA), then 2 data bytes, then tag 11. */
	static const uint8_t s[] = { 0, 0, 0, 7, 2, 0, 0, 7, 'h', 'i',
	    0, 0, 0, 7 + 11 };
	struct wire_mplex_rd rd;
	struct wire_mplex_chunk ch;
	size_t pos = 0;

	(void)state;
	wire_mplex_rd_init(&rd);
	assert_int_equal(wire_mplex_next(&rd, s, sizeof(s), &pos, &ch), 1);
	assert_int_equal(ch.tag, MSG_DATA);
	assert_int_equal(ch.frame_len, 0);
	assert_int_equal(ch.n, 0);
	assert_int_equal(wire_mplex_next(&rd, s, sizeof(s), &pos, &ch), 1);
	assert_int_equal(ch.n, 2);
	assert_int_equal(ch.off, 8);
	assert_int_equal(wire_mplex_next(&rd, s, sizeof(s), &pos, &ch),
	    WIRE_EBADTAG);
	/* Nothing left in an empty piece. */
	wire_mplex_rd_init(&rd);
	pos = 0;
	assert_int_equal(wire_mplex_next(&rd, s, 0, &pos, &ch), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_streams),
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_captured_headers),
		cmocka_unit_test(test_names_and_tags),
		cmocka_unit_test(test_reader_edges),
	};

	vectors_init(argc, argv);
	return cmocka_run_group_tests_name("wire_mplex", tests, NULL, NULL);
}
