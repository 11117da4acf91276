/*
 * csum.c: rsync's checksums (spec/09-transfer.md, "Checksums" and "Block
 * size"; upstream checksum.c, generator.c sum_sizes_sqroot).
 *
 * The rolling checksum over signed bytes, the per-block strong sum with
 * the seed where upstream puts it, the whole-file and -c sums, the
 * checksum names, and the block-length / strong-sum-length rule.  The
 * digests themselves come from libxxhash and nettle; upstream's builtin
 * MD4 (lib/mdfour.c) is standard MD4 from protocol 27 on, which is all
 * vrsync speaks, so nettle's md4 serves for every MD4 flavour.
 */
#include <assert.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define XXH_STATIC_LINKING_ONLY	/* XXH3_state_t's size, for the ctx */
#include <xxhash.h>
#include <nettle/md4.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>

#include "proto/csum.h"

#define BLOCK_SIZE		700		/* rsync.h BLOCK_SIZE */
#define MAX_BLOCK_SIZE		(1L << 17)	/* proto >= 30 */
#define OLD_MAX_BLOCK_SIZE	(1L << 29)	/* proto < 30 */
#define SUM_LENGTH		16		/* redo-phase csum_length */
#define SHORT_SUM_LENGTH	2		/* normal-phase csum_length */
#define BLOCKSUM_BIAS		10

/* Every digest state a csum_ctx may hold. */
union csum_state {
	XXH64_state_t	xxh64;
	XXH3_state_t	xxh3;
	struct md4_ctx	md4;
	struct md5_ctx	md5;
	struct sha1_ctx	sha1;
};

/* opaque is only 8-byte aligned, so up to 64 - 8 bytes go to padding. */
static_assert(sizeof(union csum_state) + alignof(union csum_state) - 8
    <= sizeof(((struct csum_ctx *)0)->opaque),
    "struct csum_ctx: opaque too small for the digest states");

/* The state inside c->opaque, at the first suitably aligned address. */
static union csum_state *
state(struct csum_ctx *c)
{
	uintptr_t p = (uintptr_t)c->opaque;
	uintptr_t a = alignof(union csum_state);

	return (union csum_state *)((p + a - 1) & ~(a - 1));
}

/* Stores x little-endian (upstream SIVAL / SIVAL64). */
static void
put_le32(uint8_t *out, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(x >> (8 * i));
}

static void
put_le64(uint8_t *out, uint64_t x)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(x >> (8 * i));
}

/* xxh128 goes on the wire as low64 LE then high64 LE (SIVAL64 twice). */
static void
put_xxh128(uint8_t *out, XXH128_hash_t h)
{
	put_le64(out, h.low64);
	put_le64(out + 8, h.high64);
}

/* The xxh seed is upstream's int checksum_seed converted to
 * XXH64_hash_t, so a negative seed is sign-extended. */
static XXH64_hash_t
xxh_seed(int32_t seed)
{
	return (XXH64_hash_t)(int64_t)seed;
}

int
csum_len(enum csum_type t)
{
	switch (t) {
	case CSUM_NONE:
		return 1;
	case CSUM_MD4_OLD:
	case CSUM_MD4:
	case CSUM_MD5:
	case CSUM_XXH128:
		return 16;
	case CSUM_SHA1:
		return 20;
	case CSUM_XXH64:
	case CSUM_XXH3:
		return 8;
	}
	return 0;
}

/* Upstream's table (checksum.c valid_checksums_items) in its order;
 * "xxhash" is an alias that is accepted but never offered. */
static const struct {
	const char	*name;
	enum csum_type	t;
} csum_names[] = {
	{ "xxh128", CSUM_XXH128 },
	{ "xxh3", CSUM_XXH3 },
	{ "xxh64", CSUM_XXH64 },
	{ "xxhash", CSUM_XXH64 },
	{ "md5", CSUM_MD5 },
	{ "md4", CSUM_MD4 },
	{ "sha1", CSUM_SHA1 },
	{ "none", CSUM_NONE },
};

const char *
csum_name(enum csum_type t)
{
	if (t == CSUM_MD4_OLD)
		return "md4";	/* upstream's implied_checksum_md4 */
	for (size_t i = 0; i < sizeof csum_names / sizeof csum_names[0]; i++)
		if (csum_names[i].t == t)
			return csum_names[i].name;
	return NULL;
}

/* Case-insensitive and exact in length, as compat.c get_nni_by_name. */
int
csum_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof csum_names / sizeof csum_names[0]; i++) {
		const char *n = csum_names[i].name;

		if (strlen(n) == len && strncasecmp(name, n, len) == 0)
			return (int)csum_names[i].t;
	}
	return -1;
}

/* get_default_nno_list: the table without aliases; only a server
 * offers "none". */
const char *
csum_offer(int server)
{
	return server ? "xxh128 xxh3 xxh64 md5 md4 sha1 none"
	    : "xxh128 xxh3 xxh64 md5 md4 sha1";
}

/* A byte as upstream's schar, as a value mod 2^32 (no implementation-
 * defined conversion to int8_t needed). */
static uint32_t
sbyte(uint8_t b)
{
	return (uint32_t)b - ((uint32_t)(b & 0x80) << 1);
}

void
roll_init(struct roll *r, const uint8_t *buf, size_t n)
{
	uint32_t s1 = 0, s2 = 0;

	for (size_t i = 0; i < n; i++) {
		s1 += sbyte(buf[i]);
		s2 += s1;
	}
	r->s1 = s1;
	r->s2 = s2;
}

/* match.c hash_search's step: the window keeps its length n. */
void
roll_rotate(struct roll *r, size_t n, uint8_t out, uint8_t in)
{
	uint32_t o = sbyte(out);

	r->s1 += sbyte(in) - o;
	r->s2 += r->s1 - (uint32_t)n * o;
}

void
roll_drop(struct roll *r, size_t n, uint8_t out)
{
	uint32_t o = sbyte(out);

	r->s1 -= o;
	r->s2 -= (uint32_t)n * o;
}

uint32_t
csum_roll(const uint8_t *buf, size_t n)
{
	struct roll r;

	roll_init(&r, buf, n);
	return roll_sum(&r);
}

/* MD5 of the block with the 4 seed bytes before or after it. */
static void
block_md5(uint32_t seed, int seed_first, const uint8_t *buf, size_t n,
    uint8_t *out)
{
	struct md5_ctx m;
	uint8_t sb[4];

	put_le32(sb, seed);
	md5_init(&m);
	if (seed != 0 && seed_first)
		md5_update(&m, 4, sb);
	md5_update(&m, n, buf);
	if (seed != 0 && !seed_first)
		md5_update(&m, 4, sb);
	md5_digest(&m, MD5_DIGEST_SIZE, out);
}

/* Upstream's builtin md4 path: the seed is appended to a copy of the
 * block, and from proto 27 the result is standard MD4. */
static void
block_md4(uint32_t seed, const uint8_t *buf, size_t n, uint8_t *out)
{
	struct md4_ctx m;
	uint8_t sb[4];

	put_le32(sb, seed);
	md4_init(&m);
	md4_update(&m, n, buf);
	if (seed != 0)
		md4_update(&m, 4, sb);
	md4_digest(&m, MD4_DIGEST_SIZE, out);
}

/* sha1 only exists through OpenSSL's EVP path, which puts the seed
 * first (get_checksum2). */
static void
block_sha1(uint32_t seed, const uint8_t *buf, size_t n, uint8_t *out)
{
	struct sha1_ctx m;
	uint8_t sb[4];

	put_le32(sb, seed);
	sha1_init(&m);
	if (seed != 0)
		sha1_update(&m, 4, sb);
	sha1_update(&m, n, buf);
	sha1_digest(&m, SHA1_DIGEST_SIZE, out);
}

void
csum_block(enum csum_type t, int32_t seed, int proper_seed_order,
    const uint8_t *buf, size_t n, uint8_t *out)
{
	uint32_t useed = (uint32_t)seed;

	switch (t) {
	case CSUM_NONE:
		out[0] = 0;	/* never used: "none" forces whole-file */
		break;
	case CSUM_XXH64:
		put_le64(out, XXH64(buf, n, xxh_seed(seed)));
		break;
	case CSUM_XXH3:
		put_le64(out, XXH3_64bits_withSeed(buf, n, xxh_seed(seed)));
		break;
	case CSUM_XXH128:
		put_xxh128(out, XXH3_128bits_withSeed(buf, n, xxh_seed(seed)));
		break;
	case CSUM_MD5:
		block_md5(useed, proper_seed_order, buf, n, out);
		break;
	case CSUM_MD4_OLD:
	case CSUM_MD4:
		block_md4(useed, buf, n, out);
		break;
	case CSUM_SHA1:
		block_sha1(useed, buf, n, out);
		break;
	}
}

/* Starts the plain digest of type t (no seed anywhere). */
static void
ctx_start(struct csum_ctx *c, enum csum_type t)
{
	union csum_state *s = state(c);

	c->t = t;
	switch (t) {
	case CSUM_NONE:
		break;
	case CSUM_XXH64:
		XXH64_reset(&s->xxh64, 0);
		break;
	case CSUM_XXH3:
		XXH3_64bits_reset(&s->xxh3);
		break;
	case CSUM_XXH128:
		XXH3_128bits_reset(&s->xxh3);
		break;
	case CSUM_MD5:
		md5_init(&s->md5);
		break;
	case CSUM_MD4_OLD:
	case CSUM_MD4:
		md4_init(&s->md4);
		break;
	case CSUM_SHA1:
		sha1_init(&s->sha1);
		break;
	}
}

/* sum_init: only CSUM_MD4_OLD takes the seed, prepended even when it
 * is 0; every other whole-file sum is unseeded. */
void
csum_file_init(struct csum_ctx *c, enum csum_type t, int32_t seed)
{
	ctx_start(c, t);
	if (t == CSUM_MD4_OLD) {
		uint8_t sb[4];

		put_le32(sb, (uint32_t)seed);
		md4_update(&state(c)->md4, 4, sb);
	}
}

/* file_checksum: no seed for any type, CSUM_MD4_OLD included. */
void
csum_content_init(struct csum_ctx *c, enum csum_type t)
{
	ctx_start(c, t);
}

void
csum_file_update(struct csum_ctx *c, const uint8_t *buf, size_t n)
{
	union csum_state *s = state(c);

	switch (c->t) {
	case CSUM_NONE:
		break;
	case CSUM_XXH64:
		XXH64_update(&s->xxh64, buf, n);
		break;
	case CSUM_XXH3:
		XXH3_64bits_update(&s->xxh3, buf, n);
		break;
	case CSUM_XXH128:
		XXH3_128bits_update(&s->xxh3, buf, n);
		break;
	case CSUM_MD5:
		md5_update(&s->md5, n, buf);
		break;
	case CSUM_MD4_OLD:
	case CSUM_MD4:
		md4_update(&s->md4, n, buf);
		break;
	case CSUM_SHA1:
		sha1_update(&s->sha1, n, buf);
		break;
	}
}

/* sum_end: csum_len(c->t) bytes; "none" is the single byte 0. */
void
csum_file_final(struct csum_ctx *c, uint8_t *out)
{
	union csum_state *s = state(c);

	switch (c->t) {
	case CSUM_NONE:
		out[0] = 0;
		break;
	case CSUM_XXH64:
		put_le64(out, XXH64_digest(&s->xxh64));
		break;
	case CSUM_XXH3:
		put_le64(out, XXH3_64bits_digest(&s->xxh3));
		break;
	case CSUM_XXH128:
		put_xxh128(out, XXH3_128bits_digest(&s->xxh3));
		break;
	case CSUM_MD5:
		md5_digest(&s->md5, MD5_DIGEST_SIZE, out);
		break;
	case CSUM_MD4_OLD:
	case CSUM_MD4:
		md4_digest(&s->md4, MD4_DIGEST_SIZE, out);
		break;
	case CSUM_SHA1:
		sha1_digest(&s->sha1, SHA1_DIGEST_SIZE, out);
		break;
	}
}

/* The default block length: floor(sqrt(len)) rounded down to a multiple
 * of 8, at least 700, at most max_blength (generator.c
 * sum_sizes_sqroot).  c starts at 2^floor(log4(len)), the top bit the
 * root can have. */
static int32_t
default_blength(int64_t len, int proto)
{
	int64_t max_blength = proto < 30 ? OLD_MAX_BLOCK_SIZE : MAX_BLOCK_SIZE;
	int64_t c = 1, blength = 0;

	if (len <= (int64_t)BLOCK_SIZE * BLOCK_SIZE)
		return BLOCK_SIZE;
	for (int64_t l = len; (l >>= 2) != 0; c <<= 1)
		;
	if (c >= max_blength)
		return (int32_t)max_blength;
	do {
		blength |= c;
		if (len < blength * blength)
			blength &= ~c;
		c >>= 1;
	} while (c >= 8);
	return (int32_t)(blength > BLOCK_SIZE ? blength : BLOCK_SIZE);
}

/* The normal-phase strong-sum length: enough bits that a false match
 * over the whole file is unlikely, 10 + 2*log2(len) - log2(blength),
 * less the 32 bits of the rolling sum, in bytes rounded up; clamped to
 * [2, max_s2length]. */
static int32_t
short_s2length(int64_t len, int32_t blength, int max_s2length)
{
	int b = BLOCKSUM_BIAS;
	int32_t s2length;

	for (int64_t l = len; (l >>= 1) != 0; b += 2)
		;
	for (int32_t c = blength; (c >>= 1) != 0 && b != 0; b--)
		;
	s2length = (b + 1 - 32 + 7) / 8;	/* C division: toward 0 */
	if (s2length < SHORT_SUM_LENGTH)
		s2length = SHORT_SUM_LENGTH;
	if (s2length > max_s2length)
		s2length = max_s2length;
	return s2length;
}

/* count -1 marks a length upstream cannot describe (negative, or more
 * than 2^31-1 blocks), as sum_sizes_sqroot does. */
void
sum_sizes(int64_t len, int proto, int redo, int xfer_sum_len,
    int32_t block_size, struct sum_head *sh)
{
	int max_s2length = xfer_sum_len < SUM_LENGTH ? xfer_sum_len
	    : SUM_LENGTH;
	int64_t count;

	memset(sh, 0, sizeof *sh);
	if (len < 0) {
		sh->count = -1;
		return;
	}
	sh->blength = block_size > 0 ? block_size
	    : default_blength(len, proto);
	if (proto < 27)
		sh->s2length = redo ? SUM_LENGTH : SHORT_SUM_LENGTH;
	else if (redo)
		sh->s2length = max_s2length;
	else
		sh->s2length = short_s2length(len, sh->blength, max_s2length);
	sh->remainder = (int32_t)(len % sh->blength);
	count = len / sh->blength + (sh->remainder != 0);
	sh->count = count > INT32_MAX ? -1 : (int32_t)count;
}
