/*
 * test_csum.c: csum.c (spec/08-delta.md, checksums and block size)
 * against values computed independently of it:
 *
 *   - md4/md5/sha1 digests from python3 hashlib and `openssl dgst -md4
 *     -provider legacy` (MD4("") and MD4("abc") are also RFC 1320's),
 *     xxh64/xxh3/xxh128 from xxhsum 0.8.1 (printed big-endian there,
 *     byte-reversed here to rsync's little-endian order);
 *   - the seeded forms as the digest of le32(seed) before or after the
 *     data, by the same tools;
 *   - rolling sums from a three-line python formula over signed bytes;
 *   - sum_sizes from the table in the protocol notes (section 8.2),
 *     re-derived from generator.c sum_sizes_sqroot;
 *   - block sums upstream rsync 3.5.0's generator sent in real sessions
 *     (tests/vectors/delta, see make.sh there): every transfer checksum,
 *     protocols 27, 29, 30 and 32, seeds 1, 7, -2 and 0x12345678.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/csum.h"

static const char *vectors_dir = "tests/vectors";

/* ---- helpers ------------------------------------------------------------ */

/* hex (an even number of digits) into out; returns the byte count. */
static size_t
unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

static void
expect_hex(const uint8_t *got, const char *hex)
{
	uint8_t want[64];
	size_t n = unhex(hex, want);

	assert_memory_equal(got, want, n);
}

/* The test inputs: "", "abc", bytes 0..63 (a whole MD4 block, the case
 * pre-27 rsync got wrong), and 1000 bytes of (7i+3) mod 256. */
static size_t
input(int which, uint8_t *buf)
{
	switch (which) {
	case 0:
		return 0;
	case 1:
		memcpy(buf, "abc", 3);
		return 3;
	case 2:
		for (int i = 0; i < 64; i++)
			buf[i] = (uint8_t)i;
		return 64;
	default:
		for (int i = 0; i < 1000; i++)
			buf[i] = (uint8_t)(i * 7 + 3);
		return 1000;
	}
}

/* The unseeded digests of the four inputs, per type. */
static const struct {
	enum csum_type	t;
	const char	*hex[4];
} digests[] = {
	{ CSUM_MD4, { "31d6cfe0d16ae931b73c59d7e0c089c0",
	    "a448017aaf21d8525fc10ae87aa6729d",
	    "2de6578f0e7898fa17acd84b79685d3a",
	    "9a27d966bf4984d8597862b1c33bfbba" } },
	{ CSUM_MD5, { "d41d8cd98f00b204e9800998ecf8427e",
	    "900150983cd24fb0d6963f7d28e17f72",
	    "b2d3f56bc197fd985d5965079b5e7148",
	    "10046f077f2082ac19676b8079f1cb1a" } },
	{ CSUM_SHA1, { "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "a9993e364706816aba3e25717850c26c9cd0d89d",
	    "c6138d514ffa2135bfce0ed0b8fac65669917ec7",
	    "4231a8a50a10fa9758db8ec71fdef855b751048a" } },
	{ CSUM_XXH64, { "99e9d85137db46ef", "990977adf52cbc44",
	    "f01367db0173c6f7", "fba3f133a05f235f" } },
	{ CSUM_XXH3, { "c294d3380580062d", "50392f89945faf78",
	    "55edb08990eb8761", "829ebd97bd144f6c" } },
	{ CSUM_XXH128, { "7f498d4624c30160d8984701d306aa99",
	    "50392f89945faf7885613a73b65ab006",
	    "74ce04db1d97c190e54555460a146e9c",
	    "829ebd97bd144f6cc244da62ff7ecc6b" } },
};

#define NDIGESTS (sizeof digests / sizeof digests[0])

/* ---- names and lengths ---------------------------------------------------- */

static void
test_lengths(void **state)
{
	(void)state;
	assert_int_equal(csum_len(CSUM_NONE), 1);
	assert_int_equal(csum_len(CSUM_MD4_OLD), 16);
	assert_int_equal(csum_len(CSUM_MD4), 16);
	assert_int_equal(csum_len(CSUM_MD5), 16);
	assert_int_equal(csum_len(CSUM_SHA1), 20);
	assert_int_equal(csum_len(CSUM_XXH64), 8);
	assert_int_equal(csum_len(CSUM_XXH3), 8);
	assert_int_equal(csum_len(CSUM_XXH128), 16);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(csum_name(CSUM_XXH128), "xxh128");
	assert_string_equal(csum_name(CSUM_XXH3), "xxh3");
	assert_string_equal(csum_name(CSUM_XXH64), "xxh64");
	assert_string_equal(csum_name(CSUM_MD5), "md5");
	assert_string_equal(csum_name(CSUM_MD4), "md4");
	assert_string_equal(csum_name(CSUM_MD4_OLD), "md4");
	assert_string_equal(csum_name(CSUM_SHA1), "sha1");
	assert_string_equal(csum_name(CSUM_NONE), "none");
	assert_null(csum_name((enum csum_type)99));
	assert_int_equal(csum_by_name("xxh128", 6), CSUM_XXH128);
	assert_int_equal(csum_by_name("XXH3", 4), CSUM_XXH3);
	assert_int_equal(csum_by_name("xxhash", 6), CSUM_XXH64);
	assert_int_equal(csum_by_name("md4 sha1", 3), CSUM_MD4);
	assert_int_equal(csum_by_name("none", 4), CSUM_NONE);
	assert_int_equal(csum_by_name("md", 2), -1);
	assert_int_equal(csum_by_name("md55", 4), -1);
	assert_int_equal(csum_by_name("auto", 4), -1);
	assert_int_equal(csum_by_name("", 0), -1);
	assert_string_equal(csum_offer(0), "xxh128 xxh3 xxh64 md5 md4 sha1");
	assert_string_equal(csum_offer(1),
	    "xxh128 xxh3 xxh64 md5 md4 sha1 none");
}

/* ---- digests ----------------------------------------------------------- */

/* csum_block with seed 0 adds no seed bytes: the plain digest. */
static void
test_block_unseeded(void **state)
{
	uint8_t buf[1000], out[CSUM_MAX_LEN];

	(void)state;
	for (size_t d = 0; d < NDIGESTS; d++)
		for (int w = 0; w < 4; w++) {
			size_t n = input(w, buf);

			memset(out, 0xAA, sizeof out);
			csum_block(digests[d].t, 0, 1, buf, n, out);
			expect_hex(out, digests[d].hex[w]);
			csum_block(digests[d].t, 0, 0, buf, n, out);
			expect_hex(out, digests[d].hex[w]);
		}
}

/* The -c sum is the plain digest, in any split of the input. */
static void
test_content_sum(void **state)
{
	uint8_t buf[1000], out[CSUM_MAX_LEN];
	static const size_t steps[] = { 1, 3, 63, 64, 65, 1000 };

	(void)state;
	for (size_t d = 0; d < NDIGESTS; d++)
		for (int w = 0; w < 4; w++)
			for (size_t s = 0; s < 6; s++) {
				size_t n = input(w, buf);
				struct csum_ctx c;

				csum_content_init(&c, digests[d].t);
				for (size_t o = 0; o < n; o += steps[s])
					csum_file_update(&c, buf + o,
					    n - o < steps[s] ? n - o : steps[s]);
				csum_file_final(&c, out);
				expect_hex(out, digests[d].hex[w]);
			}
}

/* The whole-file sum: unseeded except CSUM_MD4_OLD, which prepends
 * le32(seed) even for 0; the -c sum of MD4_OLD is plain MD4. */
static void
test_file_sum_seed(void **state)
{
	uint8_t buf[1000], out[CSUM_MAX_LEN];
	size_t n = input(3, buf);
	struct csum_ctx c;

	(void)state;
	for (size_t d = 0; d < NDIGESTS; d++) {
		csum_file_init(&c, digests[d].t, 0x12345678);
		csum_file_update(&c, buf, n);
		csum_file_final(&c, out);
		expect_hex(out, digests[d].hex[3]);
	}
	csum_file_init(&c, CSUM_MD4_OLD, 0x12345678);
	csum_file_update(&c, buf, n);
	csum_file_final(&c, out);
	expect_hex(out, "7d6c6ae1ce1d9c329ab4a1bbea7e78b0");
	csum_file_init(&c, CSUM_MD4_OLD, 0);
	csum_file_update(&c, buf, n);
	csum_file_final(&c, out);
	expect_hex(out, "c9623eca2f4d03f3cf407ee978a0c0fc");
	csum_content_init(&c, CSUM_MD4_OLD);
	csum_file_update(&c, buf, n);
	csum_file_final(&c, out);
	expect_hex(out, "9a27d966bf4984d8597862b1c33bfbba");
	memset(out, 0xAA, sizeof out);
	csum_file_init(&c, CSUM_NONE, 5);
	csum_file_update(&c, buf, n);
	csum_file_final(&c, out);
	assert_int_equal(out[0], 0);
}

/* Seed 0x12345678 (le32 78 56 34 12): MD5 before or after the data as
 * proper_seed_order says, sha1 before, md4 after. */
static void
test_block_seeded(void **state)
{
	uint8_t buf[1000], out[CSUM_MAX_LEN];
	size_t n = input(3, buf);

	(void)state;
	csum_block(CSUM_MD5, 0x12345678, 1, buf, n, out);
	expect_hex(out, "8085dfb0b2f9a6c2600e5a033b9086bc");
	csum_block(CSUM_MD5, 0x12345678, 0, buf, n, out);
	expect_hex(out, "d4a14b1887dac4370747ec26958d9d68");
	csum_block(CSUM_SHA1, 0x12345678, 0, buf, n, out);
	expect_hex(out, "c6f345f8379346251a23d79652fc1583abaf4c7d");
	csum_block(CSUM_MD4, 0x12345678, 1, buf, n, out);
	expect_hex(out, "887b66d8e4f9a7c703ad3f2b3ff15d9e");
	csum_block(CSUM_MD4_OLD, 0x12345678, 0, buf, n, out);
	expect_hex(out, "887b66d8e4f9a7c703ad3f2b3ff15d9e");
}

/* A seed changes every xxh block sum (checked against upstream in the
 * capture test) and a negative seed is not its 32-bit unsigned twin:
 * upstream sign-extends it to 64 bits. */
static void
test_block_xxh_seed(void **state)
{
	static const enum csum_type ts[] = {
		CSUM_XXH64, CSUM_XXH3, CSUM_XXH128
	};
	uint8_t buf[1000], a[CSUM_MAX_LEN], b[CSUM_MAX_LEN];
	size_t n = input(3, buf);

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		csum_block(ts[i], 0, 1, buf, n, a);
		csum_block(ts[i], 1, 1, buf, n, b);
		assert_memory_not_equal(a, b, (size_t)csum_len(ts[i]));
		csum_block(ts[i], -2, 1, buf, n, a);
		csum_block(ts[i], (int32_t)0x7ffffffe, 1, buf, n, b);
		assert_memory_not_equal(a, b, (size_t)csum_len(ts[i]));
	}
}

/* A ctx works at any address (its state is aligned inside it): two
 * ctxs at 8-byte but not 64-byte aligned places, interleaved. */
static void
test_ctx_alignment(void **state)
{
	uint8_t buf[1000], out[CSUM_MAX_LEN];
	size_t n = input(3, buf);
	uint64_t *mem = malloc(sizeof(struct csum_ctx) * 2 + 64);

	(void)state;
	assert_non_null(mem);
	for (int off = 0; off < 8; off++) {
		struct csum_ctx *c1 = (struct csum_ctx *)(mem + off);
		struct csum_ctx c2;

		csum_content_init(c1, CSUM_XXH128);
		csum_content_init(&c2, CSUM_XXH3);
		csum_file_update(c1, buf, 500);
		csum_file_update(&c2, buf, 700);
		csum_file_update(c1, buf + 500, n - 500);
		csum_file_update(&c2, buf + 700, n - 700);
		csum_file_final(c1, out);
		expect_hex(out, "829ebd97bd144f6cc244da62ff7ecc6b");
		csum_file_final(&c2, out);
		expect_hex(out, "829ebd97bd144f6c");
	}
	free(mem);
}

/* ---- rolling checksum ------------------------------------------------------ */

/* Values from python: s1 = sum of signed bytes, s2 = sum of the running
 * s1; (s1 & 0xffff) | s2 << 16.  The unsigned reading would give
 * 0x087802fd, 0xa79ab944 and 0xfc58edec for the last three. */
static void
test_roll_values(void **state)
{
	static const uint8_t h[] = { 0x00, 0x7f, 0x80, 0xff, 0x01, 0xfe };
	uint8_t buf[1000] = { 0x55 };

	(void)state;
	assert_int_equal(csum_roll(buf, 0), 0);
	assert_int_equal(csum_roll((const uint8_t *)"abc", 3), 0x024a0126);
	assert_int_equal(csum_roll(h, sizeof h), 0x0078fffd);
	memset(buf, 0xff, 700);
	assert_int_equal(csum_roll(buf, 700), 0x419afd44);
	input(3, buf);
	assert_int_equal(csum_roll(buf, 1000), 0xf758ffec);
}

/* Rotating and dropping give what a fresh sum over the new window
 * gives, over data with every byte value. */
static void
test_roll_steps(void **state)
{
	uint8_t buf[3000];
	const size_t n = 700;
	struct roll r;
	uint32_t x = 2463534242u;

	(void)state;
	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	roll_init(&r, buf, n);
	assert_int_equal(roll_sum(&r), csum_roll(buf, n));
	for (size_t o = 0; o + n < sizeof buf; o++) {
		roll_rotate(&r, n, buf[o], buf[o + n]);
		assert_int_equal(roll_sum(&r), csum_roll(buf + o + 1, n));
	}
	for (size_t k = n, o = sizeof buf - n; k > 0; k--, o++) {
		roll_drop(&r, k, buf[o]);
		assert_int_equal(roll_sum(&r), csum_roll(buf + o + 1, k - 1));
	}
}

/* ---- sum_sizes -------------------------------------------------------------- */

static void
expect_sizes(int64_t len, int proto, int redo, int xlen, int32_t bs,
    int32_t blength, int32_t s2length, int32_t count, int32_t remainder)
{
	struct sum_head sh;

	sum_sizes(len, proto, redo, xlen, bs, &sh);
	assert_int_equal(sh.blength, blength);
	assert_int_equal(sh.s2length, s2length);
	assert_int_equal(sh.count, count);
	assert_int_equal(sh.remainder, remainder);
}

/* The notes' table (proto >= 30, normal phase, 16-byte sum). */
static void
test_sizes_table(void **state)
{
	(void)state;
	expect_sizes(6, 32, 0, 16, 0, 700, 2, 1, 6);
	expect_sizes(490000, 32, 0, 16, 0, 700, 2, 700, 0);
	expect_sizes(490001, 32, 0, 16, 0, 700, 2, 701, 1);
	expect_sizes(1000000, 32, 0, 16, 0, 1000, 2, 1000, 0);
	expect_sizes(100000000, 32, 0, 16, 0, 10000, 3, 10000, 0);
	expect_sizes((int64_t)1 << 30, 32, 0, 16, 0, 32768, 3, 32768, 0);
	expect_sizes((int64_t)1 << 34, 32, 0, 16, 0, 131072, 4, 131072, 0);
	expect_sizes((int64_t)1 << 40, 32, 0, 16, 0, 131072, 6, 8388608, 0);
	expect_sizes(0, 32, 0, 16, 0, 700, 2, 0, 0);
	expect_sizes(5000, 32, 0, 16, 0, 700, 2, 8, 100);
	/* floor(sqrt(10^7)) = 3162, rounded down to 3160 */
	expect_sizes(10000000, 32, 0, 16, 0, 3160, 2, 3165, 1760);
	/* where BLOCKSUM_BIAS tips s2length from 2 to 3 (a python port
	 * of sum_sizes_sqroot) */
	expect_sizes((int64_t)1 << 25, 32, 0, 16, 0, 5792, 3, 5794, 1376);
	expect_sizes(50331648, 32, 0, 16, 0, 7088, 3, 7101, 6848);
}

/* Redo: s2length = min(16, xfer_sum_len); the normal phase is capped
 * at xfer_sum_len too (3.5.0's fix). */
static void
test_sizes_redo(void **state)
{
	(void)state;
	expect_sizes(1000000, 32, 1, 16, 0, 1000, 16, 1000, 0);
	expect_sizes(1000000, 32, 1, 20, 0, 1000, 16, 1000, 0);
	expect_sizes(1000000, 32, 1, 8, 0, 1000, 8, 1000, 0);
	expect_sizes((int64_t)1 << 62, 32, 0, 8, 0, 131072, 8,
	    -1, 0);
	expect_sizes((int64_t)1 << 50, 29, 0, 8, 0, 1 << 25, 7,
	    1 << 25, 0);
	expect_sizes(6, 32, 0, 1, 0, 700, 1, 1, 6);
}

/* Before 30 the block length may reach 1 << 29; before 27 s2length is
 * csum_length itself. */
static void
test_sizes_proto(void **state)
{
	(void)state;
	expect_sizes((int64_t)1 << 40, 29, 0, 16, 0, 1 << 20, 5,
	    1 << 20, 0);
	expect_sizes((int64_t)1 << 40, 30, 0, 16, 0, 131072, 6,
	    8388608, 0);
	/* sqrt(2^35) = 185363 is over the maximum: capped, not rounded */
	expect_sizes((int64_t)1 << 35, 32, 0, 16, 0, 131072, 4, 262144, 0);
	expect_sizes((int64_t)1 << 60, 29, 0, 16, 0, 1 << 29, 9, -1, 0);
	expect_sizes(100000000, 26, 0, 16, 0, 10000, 2, 10000, 0);
	expect_sizes(100000000, 26, 1, 16, 0, 10000, 16, 10000, 0);
	expect_sizes(100000000, 27, 0, 16, 0, 10000, 3, 10000, 0);
}

/* --block-size wins; a negative length is refused (count -1). */
static void
test_sizes_block_size(void **state)
{
	struct sum_head sh;

	(void)state;
	expect_sizes(10000, 32, 0, 16, 1024, 1024, 2, 10, 784);
	expect_sizes(100, 32, 0, 16, 8, 8, 2, 13, 4);
	sum_sizes(-1, 32, 0, 16, 0, &sh);
	assert_int_equal(sh.count, -1);
}

/* ---- upstream sessions ------------------------------------------------------- */

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

/* Do multiplex frames (4-byte header: tag + 7 in the top byte, length
 * below) run from o exactly to the end of raw? */
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

/* The data stream of a capture: the MSG_DATA payloads from the first
 * offset whose frames chain to the end (past the unmultiplexed
 * handshake), or the raw bytes when there is none (a proto < 30 c2s). */
static void
demux(const struct blob *raw, struct blob *out)
{
	size_t o = 0;

	out->b = malloc(raw->n + 1);
	assert_non_null(out->b);
	out->n = 0;
	while (o < 200 && o < raw->n && !frames_from(raw, o))
		o++;
	if (o >= 200 || o >= raw->n) {
		memcpy(out->b, raw->b, raw->n);
		out->n = raw->n;
		return;
	}
	memcpy(out->b, raw->b, o);	/* the handshake, unmultiplexed */
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

/* Where the 16 bytes of sum head sh are in d (exactly once), or fail. */
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
	int		proper_seed_order;
} sessions[] = {
	{ "xxh128-p32-s1", CSUM_XXH128, 32, 1, 1 },
	{ "xxh3-p32-s1", CSUM_XXH3, 32, 1, 1 },
	{ "xxh64-p32-s-2", CSUM_XXH64, 32, -2, 1 },
	{ "md5-p32-s305419896", CSUM_MD5, 32, 305419896, 1 },
	{ "md5-p30-s1", CSUM_MD5, 30, 1, 1 },
	{ "md4-p32-s1", CSUM_MD4, 32, 1, 1 },
	{ "md4-p29-s1", CSUM_MD4_OLD, 29, 1, 0 },
	{ "md4-p27-s7", CSUM_MD4_OLD, 27, 7, 0 },
	{ "sha1-p32-s1", CSUM_SHA1, 32, 1, 1 },
};

/* The generator's sum head and block sums for the 5000-byte basis are
 * sum_sizes' and, per block, csum_roll and csum_block's first s2length
 * bytes. */
static void
test_upstream_block_sums(void **state)
{
	struct blob basis, raw, d;

	(void)state;
	load("basis", &basis);
	assert_int_equal(basis.n, 5000);
	for (size_t s = 0; s < sizeof sessions / sizeof sessions[0]; s++) {
		char name[128];
		struct sum_head sh;
		size_t p;

		snprintf(name, sizeof name, "%s.c2s", sessions[s].name);
		load(name, &raw);
		demux(&raw, &d);
		sum_sizes((int64_t)basis.n, sessions[s].proto, 0,
		    csum_len(sessions[s].t), 0, &sh);
		p = find_head(&d, &sh);
		assert_true(p + (size_t)sh.count * (4 + (size_t)sh.s2length)
		    <= d.n);
		for (int32_t i = 0; i < sh.count; i++) {
			size_t off = (size_t)i * (size_t)sh.blength;
			size_t n = basis.n - off < (size_t)sh.blength
			    ? basis.n - off : (size_t)sh.blength;
			uint8_t sum2[CSUM_MAX_LEN];

			assert_int_equal(le32(d.b + p),
			    csum_roll(basis.b + off, n));
			csum_block(sessions[s].t, sessions[s].seed,
			    sessions[s].proper_seed_order, basis.b + off, n,
			    sum2);
			if (memcmp(d.b + p + 4, sum2, (size_t)sh.s2length) != 0)
				fail_msg("%s: block %d: strong sum differs",
				    sessions[s].name, i);
			p += 4 + (size_t)sh.s2length;
		}
		free(raw.b);
		free(d.b);
	}
	free(basis.b);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_block_unseeded),
		cmocka_unit_test(test_content_sum),
		cmocka_unit_test(test_file_sum_seed),
		cmocka_unit_test(test_block_seeded),
		cmocka_unit_test(test_block_xxh_seed),
		cmocka_unit_test(test_ctx_alignment),
		cmocka_unit_test(test_roll_values),
		cmocka_unit_test(test_roll_steps),
		cmocka_unit_test(test_sizes_table),
		cmocka_unit_test(test_sizes_redo),
		cmocka_unit_test(test_sizes_proto),
		cmocka_unit_test(test_sizes_block_size),
		cmocka_unit_test(test_upstream_block_sums),
	};

	if (argc > 1)
		vectors_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
