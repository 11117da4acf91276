/*
 * test_match.c: match.c, the sender's delta search (spec/08-delta.md,
 * token stream and search).
 *
 * Every run applies the emitted tokens to the basis and compares the
 * result with the new file, checks the literal runs' lengths, the
 * statistics and the whole-file sum.  Inputs: random data, files
 * shorter than a block, empty files, remainder blocks, repeated blocks,
 * a basis with 1% of its bytes changed, shifted data, reads of every
 * size.  Then upstream itself: for the sessions recorded in
 * tests/vectors/delta (make.sh there), the token stream and whole-file
 * sum must be the ones upstream rsync 3.5.0's sender produced, byte for
 * byte, given the block sums its generator sent.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/match.h"

static const char *vectors_dir = "tests/vectors";

/* ---- harness ----------------------------------------------------------------- */

/* The new file as the read callback sees it, and what the emit
 * callback rebuilt from the basis. */
struct run {
	const uint8_t	*file;
	size_t		len;
	size_t		pos;
	size_t		step;		/* largest read, 0 = as asked */
	long		fail_at;	/* read error at this offset, or -1 */
	const uint8_t	*basis;
	const struct sum_set *ss;
	uint8_t		*out;
	size_t		out_n;
	size_t		tokens;
	size_t		blocks;
	size_t		chunk_runs;	/* literal runs of exactly MATCH_CHUNK */
	int		fail_emit;	/* emit returns this at token n, or 0 */
	size_t		fail_emit_at;
	uint8_t		*wire;		/* simple_send_token's bytes */
	size_t		wire_n;
};

static long
rd(void *arg, uint8_t *buf, size_t n)
{
	struct run *r = arg;
	size_t left = r->len - r->pos;

	if (r->step != 0 && n > r->step)
		n = r->step;
	if (n > left)
		n = left;
	if (r->fail_at >= 0 && r->pos + n > (size_t)r->fail_at) {
		if (r->pos >= (size_t)r->fail_at) {
			errno = EIO;
			return -1;
		}
		n = (size_t)r->fail_at - r->pos;
	}
	memcpy(buf, r->file + r->pos, n);
	r->pos += n;
	return (long)n;
}

static void
put_int(struct run *r, int32_t v)
{
	for (int i = 0; i < 4; i++)
		r->wire[r->wire_n++] = (uint8_t)((uint32_t)v >> (8 * i));
}

/* Applies one token to the basis, as upstream's receiver would, and
 * records it in simple_send_token's wire form. */
static int
emit(void *arg, const uint8_t *buf, size_t n, int32_t block)
{
	struct run *r = arg;
	const struct sum_head *sh = &r->ss->sh;

	if (r->fail_emit != 0 && r->tokens == r->fail_emit_at)
		return r->fail_emit;
	r->tokens++;
	if (buf != NULL) {
		assert_true(n > 0 && n <= MATCH_CHUNK);
		r->chunk_runs += n == MATCH_CHUNK;
		memcpy(r->out + r->out_n, buf, n);
		r->out_n += n;
		if (r->wire != NULL) {
			put_int(r, (int32_t)n);
			memcpy(r->wire + r->wire_n, buf, n);
			r->wire_n += n;
		}
	} else {
		size_t len;

		assert_true(block >= 0 && block < sh->count);
		len = block == sh->count - 1 && sh->remainder != 0
		    ? (size_t)sh->remainder : (size_t)sh->blength;
		memcpy(r->out + r->out_n,
		    r->basis + (size_t)block * (size_t)sh->blength, len);
		r->out_n += len;
		r->blocks++;
		if (r->wire != NULL)
			put_int(r, -(block + 1));
	}
	return 0;
}

/* The receiver's block sums of basis, as upstream's generator makes
 * them (generate_and_send_sums). */
static struct sum_set *
make_sums(const uint8_t *basis, size_t n, enum csum_type t, int32_t seed,
    int pso, int32_t block_size)
{
	struct sum_set *ss = calloc(1, sizeof *ss);

	assert_non_null(ss);
	sum_sizes((int64_t)n, 32, 0, csum_len(t), block_size, &ss->sh);
	ss->blocks = calloc((size_t)ss->sh.count + 1, sizeof *ss->blocks);
	assert_non_null(ss->blocks);
	for (int32_t i = 0; i < ss->sh.count; i++) {
		size_t off = (size_t)i * (size_t)ss->sh.blength;
		size_t len = n - off < (size_t)ss->sh.blength ? n - off
		    : (size_t)ss->sh.blength;

		ss->blocks[i].sum1 = csum_roll(basis + off, len);
		csum_block(t, seed, pso, basis + off, len, ss->blocks[i].sum2);
	}
	return ss;
}

static void
free_sums(struct sum_set *ss)
{
	free(ss->blocks);
	free(ss);
}

/* Runs match_run of file against ss over basis; checks the rebuilt
 * file, the statistics and the whole-file sum; returns match_run's
 * result and leaves the run in r for further checks. */
static int
run_match(struct run *r, const struct sum_set *ss, const uint8_t *basis,
    const uint8_t *file, size_t len, enum csum_type t, int32_t seed,
    size_t step)
{
	struct match_io mio = { rd, emit, r };
	uint8_t sum[CSUM_MAX_LEN], want[CSUM_MAX_LEN];
	int64_t lit = -1, mat = -1;
	struct csum_ctx c;
	int rc;

	memset(r, 0, sizeof *r);
	r->file = file;
	r->len = len;
	r->step = step;
	r->fail_at = -1;
	r->basis = basis;
	r->ss = ss;
	r->out = malloc(len + 1);
	assert_non_null(r->out);
	rc = match_run(ss, t, seed, 1, (int64_t)len, &mio, sum, &lit, &mat);
	assert_int_equal(rc, 0);
	assert_int_equal(r->out_n, len);
	assert_memory_equal(r->out, file, len);
	assert_int_equal(lit + mat, (int64_t)len);
	csum_file_init(&c, t, seed);
	csum_file_update(&c, file, len);
	csum_file_final(&c, want);
	assert_memory_equal(sum, want, (size_t)csum_len(t));
	return rc;
}

static uint32_t rng = 2463534242u;

static void
random_fill(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 17;
		rng ^= rng << 5;
		b[i] = (uint8_t)(rng >> 7);
	}
}

/* One basis/new pair through the search: the tokens must rebuild new. */
static void
check_pair(const uint8_t *basis, size_t bn, const uint8_t *file, size_t fn,
    enum csum_type t, size_t step)
{
	struct sum_set *ss = make_sums(basis, bn, t, 7, 1, 0);
	struct run r;

	run_match(&r, ss, basis, file, fn, t, 7, step);
	assert_true(r.blocks > (size_t)ss->sh.count * 8 / 10);
	free(r.out);
	free_sums(ss);
}

/* ---- tests -------------------------------------------------------------------- */

/* An identical file is all block tokens, in order (want_i); a file with
 * nothing in common is all literal. */
static void
test_identical_and_disjoint(void **state)
{
	size_t n = 100000;
	uint8_t *a = malloc(n), *b = malloc(n);
	struct sum_set *ss;
	struct run r;

	(void)state;
	random_fill(a, n);
	random_fill(b, n);
	ss = make_sums(a, n, CSUM_XXH128, 1, 1, 0);
	run_match(&r, ss, a, a, n, CSUM_XXH128, 1, 0);
	assert_int_equal(r.blocks, (size_t)ss->sh.count);
	assert_int_equal(r.tokens, (size_t)ss->sh.count);
	free(r.out);
	run_match(&r, ss, a, b, n, CSUM_XXH128, 1, 0);
	assert_int_equal(r.blocks, 0);
	/* 100000 bytes: three full runs and the rest */
	assert_int_equal(r.tokens, 4);
	assert_int_equal(r.chunk_runs, 3);
	free(r.out);
	free_sums(ss);
	free(a);
	free(b);
}

/* Files shorter than a block, an empty file, an empty basis (count 0:
 * all literal), and a basis whose single block is the whole file. */
static void
test_small_files(void **state)
{
	uint8_t a[2000], b[2000];
	struct sum_set *ss, none = { { 0, 0, 0, 0 }, NULL };
	struct run r;

	(void)state;
	random_fill(a, sizeof a);
	memcpy(b, a, sizeof b);
	ss = make_sums(a, 300, CSUM_MD5, 1, 1, 0);	/* one 300-byte block */
	run_match(&r, ss, a, b, 300, CSUM_MD5, 1, 0);
	assert_int_equal(r.blocks, 1);
	free(r.out);
	run_match(&r, ss, a, b, 299, CSUM_MD5, 1, 0);
	assert_int_equal(r.blocks, 0);
	free(r.out);
	run_match(&r, ss, a, b, 0, CSUM_MD5, 1, 0);
	assert_int_equal(r.tokens, 0);
	free(r.out);
	run_match(&r, ss, a, b, 1, CSUM_MD5, 1, 0);
	assert_int_equal(r.tokens, 1);
	free(r.out);
	/* the 300-byte block at the end of a longer file */
	memmove(b + 50, a, 300);
	run_match(&r, ss, a, b, 350, CSUM_MD5, 1, 0);
	assert_int_equal(r.blocks, 1);
	assert_int_equal(r.tokens, 2);
	free(r.out);
	free_sums(ss);
	run_match(&r, &none, a, a, sizeof a, CSUM_MD5, 1, 0);
	assert_int_equal(r.tokens, 1);
	free(r.out);
	run_match(&r, &none, a, a, 0, CSUM_MD4_OLD, 1, 0);
	assert_int_equal(r.tokens, 0);
	free(r.out);
}

/* The remainder block matches only at the very end of the new file
 * (its window is the file's tail), as upstream. */
static void
test_remainder_block(void **state)
{
	size_t n = 5000;
	uint8_t *a = malloc(n), *b = malloc(n + 1000);
	struct sum_set *ss;
	struct run r;

	(void)state;
	random_fill(a, n);
	ss = make_sums(a, n, CSUM_XXH3, 3, 1, 0);	/* 7 x 700 + 100 */
	run_match(&r, ss, a, a, n, CSUM_XXH3, 3, 0);
	assert_int_equal(r.blocks, 8);
	free(r.out);
	/* bytes after the remainder: it no longer ends the file */
	memcpy(b, a, n);
	random_fill(b + n, 1000);
	run_match(&r, ss, a, b, n + 1000, CSUM_XXH3, 3, 0);
	assert_int_equal(r.blocks, 7);
	free(r.out);
	/* found by the sliding window: 1000 new bytes, then the remainder */
	random_fill(b, 1000);
	memcpy(b + 1000, a + 4900, 100);
	run_match(&r, ss, a, b, 1100, CSUM_XXH3, 3, 0);
	assert_int_equal(r.blocks, 1);
	assert_int_equal(r.tokens, 2);
	free(r.out);
	free_sums(ss);
	free(a);
	free(b);
}

/* Repeated blocks: every block of the basis has the same sums, so each
 * offset has `count` candidates; want_i makes the tokens 0, 1, 2, ...
 * as upstream. */
static void
test_repeated_blocks(void **state)
{
	size_t n = 700 * 20;
	uint8_t *a = malloc(n);
	struct sum_set *ss;
	struct run r;
	struct match_io mio = { rd, emit, &r };

	(void)state;
	random_fill(a, 700);
	for (size_t i = 1; i < 20; i++)
		memcpy(a + 700 * i, a, 700);
	ss = make_sums(a, n, CSUM_MD5, 1, 1, 0);
	run_match(&r, ss, a, a, n, CSUM_MD5, 1, 0);
	assert_int_equal(r.blocks, 20);
	free(r.out);
	/* the same, recording the wire form: -(i+1) for i = 0..19 */
	memset(&r, 0, sizeof r);
	r.file = a;
	r.len = n;
	r.fail_at = -1;
	r.basis = a;
	r.ss = ss;
	r.out = malloc(n);
	r.wire = malloc(4 * 20);
	{
		uint8_t sum[CSUM_MAX_LEN];

		assert_int_equal(match_run(ss, CSUM_MD5, 1, 1, (int64_t)n,
		    &mio, sum, NULL, NULL), 0);
	}
	assert_int_equal(r.wire_n, 80);
	for (int32_t i = 0; i < 20; i++) {
		int32_t v = (int32_t)((uint32_t)r.wire[4 * i]
		    | (uint32_t)r.wire[4 * i + 1] << 8
		    | (uint32_t)r.wire[4 * i + 2] << 16
		    | (uint32_t)r.wire[4 * i + 3] << 24);

		assert_int_equal(v, -(i + 1));
	}
	free(r.out);
	free(r.wire);
	free_sums(ss);
	free(a);
}

/* 1% of the bytes changed in 30 runs at random places, plus an insertion and a
 * deletion to shift the alignment, with each checksum type and several
 * read sizes (1 byte, odd, a block, unlimited). */
static void
test_one_percent(void **state)
{
	static const enum csum_type ts[] = {
		CSUM_MD4_OLD, CSUM_MD4, CSUM_MD5, CSUM_SHA1, CSUM_XXH64,
		CSUM_XXH3, CSUM_XXH128
	};
	static const size_t steps[] = { 0, 1, 4093, 700 };
	size_t n = 300000;
	uint8_t *a = malloc(n), *b = malloc(n + 100);

	(void)state;
	random_fill(a, n);
	memcpy(b, a, n);
	for (size_t i = 0; i < 30; i++)		/* 30 x 100 bytes: 1% */
		random_fill(b + rng % (n - 100), 100);
	memmove(b + 1000 + 77, b + 1000, n - 1000);	/* insert 77 */
	memmove(b + 200000, b + 200033, n + 77 - 200033); /* delete 33 */
	for (size_t t = 0; t < sizeof ts / sizeof ts[0]; t++)
		for (size_t s = 0; s < 4; s++)
			if (s == 0 || t == 2)
				check_pair(a, n, b, n + 44, ts[t], steps[s]);
	free(a);
	free(b);
}

/* A larger file with the literal backlog flushed mid-file: the flushed
 * runs are exactly MATCH_CHUNK; memory does not grow with the file. */
static void
test_big_file(void **state)
{
	size_t n = 8u << 20;
	uint8_t *a = malloc(n), *b = malloc(n);
	struct sum_set *ss;
	struct run r;

	(void)state;
	random_fill(a, n);
	memcpy(b, a, n);
	random_fill(b + 1000000, 500000);	/* a long changed stretch */
	random_fill(b + 5000000, 3);
	ss = make_sums(a, n, CSUM_XXH128, 5, 1, 0);
	run_match(&r, ss, a, b, n, CSUM_XXH128, 5, 100000);
	assert_true(r.chunk_runs >= 500000 / MATCH_CHUNK - 1);
	assert_true(r.blocks >= (size_t)ss->sh.count - 200);
	free(r.out);
	free_sums(ss);
	free(a);
	free(b);
}

/* Blocks that all share one rolling sum but differ: past 1024 such
 * candidates at one offset upstream gives up (MAX_CHAIN_LEN), so block
 * 0, the last candidate, is sent as literal data while the highest
 * block, the first candidate, is found.  The new file is random bytes,
 * block 0, random, block count-1, random. */
static void
test_chain_cap(void **state)
{
	const size_t bl = 700, count = 1100;
	uint8_t *a = calloc(count, bl), *b = malloc(5 * bl);
	struct sum_set *ss;
	struct run r;

	(void)state;
	/* block i: zeros with +1 -2 +1 at i % 698 and, from i = 698 on,
	 * also at 4; such a triple adds 0 to s1 and to s2 */
	for (size_t i = 0; i < count; i++) {
		size_t p = i % 698;
		uint8_t *blk = a + i * bl;

		blk[p] += 1, blk[p + 1] += 0xFE, blk[p + 2] += 1;
		if (i >= 698)
			blk[4] += 1, blk[5] += 0xFE, blk[6] += 1;
	}
	ss = make_sums(a, count * bl, CSUM_MD5, 1, 1, (int32_t)bl);
	for (size_t i = 1; i < count; i++)
		assert_int_equal(ss->blocks[i].sum1, ss->blocks[0].sum1);
	random_fill(b, 5 * bl);
	memcpy(b + bl, a, bl);
	memcpy(b + 3 * bl, a + (count - 1) * bl, bl);
	run_match(&r, ss, a, b, 5 * bl, CSUM_MD5, 1, 0);
	assert_int_equal(r.blocks, 1);
	assert_int_equal(r.tokens, 3);
	free(r.out);
	free_sums(ss);
	free(a);
	free(b);
}

/* A read error: -1, the tokens so far stand, and the sum is upstream's
 * deliberately wrong one (all zero here).  An emit error is returned
 * as is. */
static void
test_errors(void **state)
{
	size_t n = 200000;
	uint8_t *a = malloc(n);
	struct sum_set *ss;
	struct run r;
	struct match_io mio = { rd, emit, &r };
	uint8_t sum[CSUM_MAX_LEN], zero[CSUM_MAX_LEN] = { 0 };

	(void)state;
	random_fill(a, n);
	ss = make_sums(a, n, CSUM_MD5, 1, 1, 0);
	memset(&r, 0, sizeof r);
	r.file = a;
	r.len = n;
	r.fail_at = 150000;
	r.basis = a;
	r.ss = ss;
	r.out = malloc(n);
	assert_int_equal(match_run(ss, CSUM_MD5, 1, 1, (int64_t)n, &mio, sum,
	    NULL, NULL), -1);
	assert_true(r.out_n > 0 && r.out_n <= 150000);
	assert_memory_equal(r.out, a, r.out_n);
	assert_memory_equal(sum, zero, 16);
	r.out_n = 0;
	r.tokens = 0;
	r.pos = 0;
	r.fail_at = -1;
	r.fail_emit = 42;
	r.fail_emit_at = 3;
	assert_int_equal(match_run(ss, CSUM_MD5, 1, 1, (int64_t)n, &mio, sum,
	    NULL, NULL), 42);
	assert_int_equal(r.tokens, 3);
	free(r.out);
	free_sums(ss);
	free(a);
}

/* ---- upstream sessions --------------------------------------------------------- */

struct blob {
	uint8_t	*b;
	size_t	n;
};

static void
load(const char *name, struct blob *bl)
{
	char path[512];
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/delta/%s", vectors_dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	bl->b = malloc((size_t)n + 1);
	assert_non_null(bl->b);
	assert_int_equal(fread(bl->b, 1, (size_t)n, f), (size_t)n);
	bl->n = (size_t)n;
	fclose(f);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
	    | (uint32_t)p[3] << 24;
}

/* Do multiplex frames run from o exactly to the end of raw? */
static int
frames_from(const struct blob *raw, size_t o)
{
	while (o + 4 <= raw->n) {
		uint32_t h = le32(raw->b + o);

		if ((h >> 24) < 7 || (h >> 24) > 7 + 110)
			return 0;
		o += 4 + (h & 0xFFFFFF);
	}
	return o == raw->n;
}

/* The MSG_DATA payloads after the unmultiplexed handshake, or the raw
 * bytes when the stream is not multiplexed. */
static void
demux(const struct blob *raw, struct blob *out)
{
	size_t o = 0;

	out->b = malloc(raw->n + 1);
	assert_non_null(out->b);
	while (o < 200 && o < raw->n && !frames_from(raw, o))
		o++;
	if (o >= 200 || o >= raw->n) {
		memcpy(out->b, raw->b, raw->n);
		out->n = raw->n;
		return;
	}
	memcpy(out->b, raw->b, o);
	out->n = o;
	while (o < raw->n) {
		uint32_t h = le32(raw->b + o);
		size_t len = h & 0xFFFFFF;

		if (h >> 24 == 7) {
			memcpy(out->b + out->n, raw->b + o + 4, len);
			out->n += len;
		}
		o += 4 + len;
	}
}

static size_t
find_head(const struct blob *d, const struct sum_head *sh)
{
	uint8_t pat[16];
	int32_t v[4] = { sh->count, sh->blength, sh->s2length, sh->remainder };
	size_t at = SIZE_MAX;

	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			pat[4 * i + j] = (uint8_t)((uint32_t)v[i] >> (8 * j));
	for (size_t o = 0; o + 16 <= d->n; o++)
		if (memcmp(d->b + o, pat, 16) == 0) {
			assert_true(at == SIZE_MAX);
			at = o;
		}
	if (at == SIZE_MAX)
		fail_msg("sum head not found");
	return at + 16;
}

static const struct {
	const char	*name;
	enum csum_type	t;
	int		proto;
	int32_t		seed;
} sessions[] = {
	{ "xxh128-p32-s1", CSUM_XXH128, 32, 1 },
	{ "xxh3-p32-s1", CSUM_XXH3, 32, 1 },
	{ "xxh64-p32-s-2", CSUM_XXH64, 32, -2 },
	{ "md5-p32-s305419896", CSUM_MD5, 32, 305419896 },
	{ "md5-p30-s1", CSUM_MD5, 30, 1 },
	{ "md4-p32-s1", CSUM_MD4, 32, 1 },
	{ "md4-p29-s1", CSUM_MD4_OLD, 29, 1 },
	{ "md4-p27-s7", CSUM_MD4_OLD, 27, 7 },
	{ "sha1-p32-s1", CSUM_SHA1, 32, 1 },
};

/* One session: the block sums from the generator's stream (c2s), the
 * new file through match_run, and the result compared with the
 * sender's stream (s2c) after its echo of the sum head: the tokens in
 * simple_send_token form, the end token 0, the whole-file sum. */
static void
check_session(size_t s, const struct blob *basis, const struct blob *file)
{
	struct blob raw, c2s, s2c;
	struct sum_set ss;
	struct run r;
	struct match_io mio = { rd, emit, &r };
	uint8_t sum[CSUM_MAX_LEN];
	char name[128];
	size_t p, q;
	int32_t sl = csum_len(sessions[s].t);

	snprintf(name, sizeof name, "%s.c2s", sessions[s].name);
	load(name, &raw);
	demux(&raw, &c2s);
	free(raw.b);
	snprintf(name, sizeof name, "%s.s2c", sessions[s].name);
	load(name, &raw);
	demux(&raw, &s2c);
	free(raw.b);

	sum_sizes((int64_t)basis->n, sessions[s].proto, 0, sl, 0, &ss.sh);
	p = find_head(&c2s, &ss.sh);
	ss.blocks = calloc((size_t)ss.sh.count, sizeof *ss.blocks);
	assert_non_null(ss.blocks);
	for (int32_t i = 0; i < ss.sh.count; i++) {
		ss.blocks[i].sum1 = le32(c2s.b + p);
		memcpy(ss.blocks[i].sum2, c2s.b + p + 4,
		    (size_t)ss.sh.s2length);
		p += 4 + (size_t)ss.sh.s2length;
	}

	memset(&r, 0, sizeof r);
	r.file = file->b;
	r.len = file->n;
	r.fail_at = -1;
	r.basis = basis->b;
	r.ss = &ss;
	r.out = malloc(file->n);
	r.wire = malloc(2 * file->n + 1024);
	assert_int_equal(match_run(&ss, sessions[s].t, sessions[s].seed,
	    sessions[s].proto >= 30, (int64_t)file->n, &mio, sum, NULL, NULL),
	    0);
	assert_memory_equal(r.out, file->b, file->n);
	put_int(&r, 0);
	memcpy(r.wire + r.wire_n, sum, (size_t)sl);
	r.wire_n += (size_t)sl;

	q = find_head(&s2c, &ss.sh);
	assert_true(q + r.wire_n <= s2c.n);
	if (memcmp(s2c.b + q, r.wire, r.wire_n) != 0)
		fail_msg("%s: tokens or file sum differ from upstream's",
		    sessions[s].name);
	free(r.out);
	free(r.wire);
	free(ss.blocks);
	free(c2s.b);
	free(s2c.b);
}

static void
test_upstream_tokens(void **state)
{
	struct blob basis, file;

	(void)state;
	load("basis", &basis);
	load("new", &file);
	for (size_t s = 0; s < sizeof sessions / sizeof sessions[0]; s++)
		check_session(s, &basis, &file);
	free(basis.b);
	free(file.b);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_and_disjoint),
		cmocka_unit_test(test_small_files),
		cmocka_unit_test(test_remainder_block),
		cmocka_unit_test(test_repeated_blocks),
		cmocka_unit_test(test_one_percent),
		cmocka_unit_test(test_big_file),
		cmocka_unit_test(test_chain_cap),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_upstream_tokens),
	};

	if (argc > 1)
		vectors_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
