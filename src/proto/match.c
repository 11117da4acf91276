/*
 * match.c: the sender's delta search (spec/09-transfer.md, "Token stream"
 * and "The sender's search"; upstream match.c hash_search / matched and
 * token.c simple_send_token).
 *
 * A rolling window of blength bytes moves over the new file one byte at
 * a time; where its rolling sum and then its strong sum equal a block
 * of the receiver's basis, the bytes since the last match go out as
 * literal runs of at most MATCH_CHUNK and the block as a reference.
 * The tokens are the ones upstream's sender produces for the same
 * input: the same candidate order within equal rolling sums, the same
 * preference for the block after the previous match (want_i), the same
 * cap on candidates per offset, and literal data flushed at the same
 * points.
 *
 * The file arrives through a read callback into a sliding buffer, so
 * memory stays at about 256 KiB plus a few blocks whatever the file's
 * size.  The whole-file sum is taken over the bytes as they are read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/match.h"

#define READ_AHEAD	(256 * 1024)	/* upstream MAX_MAP_SIZE */
#define MAX_CHAIN_LEN	1024	/* match.c: equal sum1 candidates per offset */
#define HASH_MULT	0x9E3779B1u	/* Fibonacci hashing of sum1 */
#define FILTER_MAX_BITS	28	/* 32 MiB of filter at most */

struct search {
	const struct sum_set	*ss;
	enum csum_type		t;
	int32_t			seed;
	int			proper_seed_order;
	int			s2length;	/* bytes of sum2 compared */
	const struct match_io	*mio;

	/* sum1 -> blocks: head per bucket, chain per block, each bucket's
	 * chain in descending block index as upstream's table. */
	int32_t			*head;
	int32_t			*chain;
	int			hash_bits;
	/* One bit per filter slot that some block's sum1 hashes to: about
	 * 16 slots per block, so most offsets are rejected by one bit test
	 * in a table small enough to stay in cache. */
	uint64_t		*filter;
	int			filter_bits;

	/* The file bytes [base, base + fill) are in buf. */
	uint8_t			*buf;
	size_t			cap;
	int64_t			base;
	size_t			fill;
	int			eof;

	int64_t			last_match;	/* first byte not yet sent */
	int64_t			literal;
	int64_t			matched;
	struct csum_ctx		fsum;
};

/* The length of block i: blength, or the remainder for the last. */
static int32_t
block_len(const struct sum_set *ss, int32_t i)
{
	if (i == ss->sh.count - 1 && ss->sh.remainder != 0)
		return ss->sh.remainder;
	return ss->sh.blength;
}

static uint32_t
bucket(const struct search *se, uint32_t sum1)
{
	return (sum1 * HASH_MULT) >> (32 - se->hash_bits);
}

static uint32_t
filter_slot(const struct search *se, uint32_t sum1)
{
	return (sum1 * HASH_MULT) >> (32 - se->filter_bits);
}

/* Could some block have rolling sum sum1? */
static int
maybe_block(const struct search *se, uint32_t sum1)
{
	uint32_t f = filter_slot(se, sum1);

	return (se->filter[f >> 6] >> (f & 63)) & 1;
}

/* The smallest power of two >= n, as a bit count in [lo, hi]. */
static int
bits_for(int64_t n, int lo, int hi)
{
	int b = lo;

	while (b < hi && ((int64_t)1 << b) < n)
		b++;
	return b;
}

/* Builds the sum1 table (two buckets per block) and the filter.  0, or
 * -1 without memory. */
static int
build_table(struct search *se)
{
	int32_t count = se->ss->sh.count;
	size_t n;

	se->hash_bits = bits_for(2 * (int64_t)count, 10, 30);
	se->filter_bits = bits_for(16 * (int64_t)count, 16, FILTER_MAX_BITS);
	n = (size_t)1 << se->hash_bits;
	se->head = malloc(n * sizeof *se->head);
	se->chain = malloc((size_t)count * sizeof *se->chain);
	se->filter = calloc(((size_t)1 << se->filter_bits) / 64,
	    sizeof *se->filter);
	if (se->head == NULL || se->chain == NULL || se->filter == NULL)
		return -1;
	memset(se->head, 0xFF, n * sizeof *se->head);
	for (int32_t i = 0; i < count; i++) {
		uint32_t sum1 = se->ss->blocks[i].sum1;
		uint32_t h = bucket(se, sum1), f = filter_slot(se, sum1);

		se->chain[i] = se->head[h];
		se->head[h] = i;
		se->filter[f >> 6] |= (uint64_t)1 << (f & 63);
	}
	return 0;
}

/* The end of what has been read: the file's length once eof is set. */
static int64_t
avail(const struct search *se)
{
	return se->base + (int64_t)se->fill;
}

static const uint8_t *
at(const struct search *se, int64_t pos)
{
	return se->buf + (pos - se->base);
}

/* Reads until the buffer holds the file up to want (or its end),
 * dropping the bytes before last_match, which are sent.  Reads fill
 * the buffer, not just up to want, to keep the callbacks few.  Every
 * byte read enters the whole-file sum here, in file order.  0, or -1 on
 * a read error. */
static int
fill_to(struct search *se, int64_t want)
{
	size_t keep = (size_t)(se->last_match - se->base);

	if (se->eof || avail(se) >= want)
		return 0;
	if (keep > 0) {
		memmove(se->buf, se->buf + keep, se->fill - keep);
		se->base += (int64_t)keep;
		se->fill -= keep;
	}
	while (avail(se) < want && se->fill < se->cap) {
		long n = se->mio->read(se->mio->arg, se->buf + se->fill,
		    se->cap - se->fill);

		if (n < 0)
			return -1;
		if (n == 0) {
			se->eof = 1;
			break;
		}
		csum_file_update(&se->fsum, se->buf + se->fill, (size_t)n);
		se->fill += (size_t)n;
	}
	return 0;
}

/* Sends [last_match, to) as literal runs of at most MATCH_CHUNK
 * (simple_send_token).  0, or the emit callback's non-zero result. */
static int
send_literal(struct search *se, int64_t to)
{
	while (se->last_match < to) {
		int64_t left = to - se->last_match;
		size_t n = left > MATCH_CHUNK ? MATCH_CHUNK : (size_t)left;
		int rc = se->mio->emit(se->mio->arg, at(se, se->last_match), n,
		    -1);

		if (rc != 0)
			return rc;
		se->last_match += (int64_t)n;
		se->literal += (int64_t)n;
	}
	return 0;
}

/* matched(): the literal data before offset, then block i, which
 * covers the file from offset on. */
static int
send_block(struct search *se, int64_t offset, int32_t i)
{
	int rc = send_literal(se, offset);

	if (rc == 0)
		rc = se->mio->emit(se->mio->arg, NULL, 0, i);
	if (rc == 0) {
		se->last_match = offset + block_len(se->ss, i);
		se->matched += block_len(se->ss, i);
	}
	return rc;
}

/* Does block j match the window whose sums are sum1 / sum2 (l bytes)? */
static int
same_block(const struct search *se, int32_t j, uint32_t sum1,
    const uint8_t *sum2, int32_t l)
{
	const struct sum_block *b = &se->ss->blocks[j];

	return b->sum1 == sum1 && block_len(se->ss, j) == l
	    && memcmp(b->sum2, sum2, (size_t)se->s2length) == 0;
}

/* The block the l-byte window at offset (rolling sum sum1) matches, or
 * -1.  Candidates come in upstream's order; the strong sum is computed
 * once, at the first candidate of the right length; after MAX_CHAIN_LEN
 * candidates with equal sum1 the offset counts as a miss (upstream's
 * guard against images full of identical blocks).  want_i, the block
 * after the previous match, wins over an equal candidate. */
static int32_t
find_block(const struct search *se, int64_t offset, uint32_t sum1,
    int32_t l, int32_t want_i)
{
	uint8_t sum2[CSUM_MAX_LEN];
	int have_sum2 = 0, chain_len = 0;

	for (int32_t i = se->head[bucket(se, sum1)]; i >= 0; i = se->chain[i]) {
		if (se->ss->blocks[i].sum1 != sum1)
			continue;
		if (++chain_len > MAX_CHAIN_LEN)
			return -1;
		if (block_len(se->ss, i) != l)
			continue;
		if (!have_sum2) {
			csum_block(se->t, se->seed, se->proper_seed_order,
			    at(se, offset), (size_t)l, sum2);
			have_sum2 = 1;
		}
		if (memcmp(sum2, se->ss->blocks[i].sum2,
		    (size_t)se->s2length) != 0)
			continue;
		if (i != want_i && want_i < se->ss->sh.count
		    && same_block(se, want_i, sum1, sum2, l))
			i = want_i;
		return i;
	}
	return -1;
}

/* A byte as upstream's schar, mod 2^32 (as csum.c's roll_rotate). */
static uint32_t
sbyte(uint8_t b)
{
	return (uint32_t)b - ((uint32_t)(b & 0x80) << 1);
}

/* The hot loop: slides the full window (blength bytes, the byte after
 * it in the buffer) from offset while the filter rules every block
 * out, up to limit; returns where it stopped.  roll_rotate's step,
 * inlined with the sums in registers: this runs for nearly every byte
 * of a file with little in common with its basis. */
static int64_t
skip_misses(const struct search *se, struct roll *r, int64_t offset,
    int64_t limit)
{
	const uint32_t n = (uint32_t)se->ss->sh.blength;
	const uint8_t *p = at(se, offset);
	uint32_t s1 = r->s1, s2 = r->s2;

	while (offset < limit
	    && !maybe_block(se, (s1 & 0xFFFF) | (s2 << 16))) {
		uint32_t out = sbyte(p[0]);

		s1 += sbyte(p[n]) - out;
		s2 += s1 - n * out;
		p++;
		offset++;
	}
	r->s1 = s1;
	r->s2 = s2;
	return offset;
}

/* How far skip_misses may go from a full window at offset: before the
 * search's end, the literal flush point, the last byte it can add, and
 * (before eof) the point where the buffer needs refilling. */
static int64_t
skip_limit(const struct search *se, int64_t end, int64_t ahead)
{
	int64_t limit = end;
	int64_t flush = se->last_match + se->ss->sh.blength + MATCH_CHUNK;
	int64_t last_in = avail(se) - (se->eof ? se->ss->sh.blength
	    : ahead - 1);

	if (flush < limit)
		limit = flush;
	if (last_in < limit)
		limit = last_in;
	return limit;
}

/* The window length at offset: blength, or what is left of the file. */
static int32_t
window(const struct search *se, int64_t offset, int64_t len)
{
	int64_t left = len - offset;

	return left < se->ss->sh.blength ? (int32_t)left : se->ss->sh.blength;
}

/*
 * hash_search.  Invariants: the buffer holds [last_match, offset +
 * blength + MATCH_CHUNK + 2) or up to the end of the file, which is
 * enough to slide the window and to know whether end - offset >
 * MATCH_CHUNK; before eof the literal backlog stays under blength +
 * MATCH_CHUNK, so that span fits the buffer.  The search runs while a
 * window as long as the last block fits (offset < end).
 */
static int
hash_search(struct search *se)
{
	const int64_t ahead = se->ss->sh.blength + MATCH_CHUNK + 2;
	const int32_t last_len = block_len(se->ss, se->ss->sh.count - 1);
	int64_t offset = 0, len, end;
	int32_t k, want_i = 0;
	struct roll r;
	int rc;

	if (fill_to(se, ahead) != 0)
		return -1;
	len = se->eof ? avail(se) : INT64_MAX;
	k = window(se, 0, len);
	roll_init(&r, at(se, 0), (size_t)k);
	for (;;) {
		int32_t i;

		if (!se->eof && avail(se) < offset + ahead) {
			if (fill_to(se, offset + ahead) != 0)
				return -1;
			len = se->eof ? avail(se) : INT64_MAX;
		}
		end = len - (last_len - 1);	/* len may be INT64_MAX */
		if (k == se->ss->sh.blength)
			offset = skip_misses(se, &r, offset,
			    skip_limit(se, end, ahead));
		if (offset >= end)
			break;
		i = -1;
		if (maybe_block(se, roll_sum(&r)))
			i = find_block(se, offset, roll_sum(&r), k, want_i);
		if (i >= 0) {
			if ((rc = send_block(se, offset, i)) != 0)
				return rc;
			want_i = i + 1;
			offset = se->last_match;
			if (!se->eof && fill_to(se, offset + ahead) != 0)
				return -1;
			len = se->eof ? avail(se) : INT64_MAX;
			k = window(se, offset, len);
			roll_init(&r, at(se, offset), (size_t)k);
			continue;
		}
		/* Slide by one byte; at the tail the window shrinks. */
		if (offset + k < len)
			roll_rotate(&r, (size_t)k, *at(se, offset),
			    *at(se, offset + k));
		else
			roll_drop(&r, (size_t)k--, *at(se, offset));
		/* Upstream sends literal data early, in MATCH_CHUNK runs,
		 * once a backlog of blength + MATCH_CHUNK builds up,
		 * except near the end of the file. */
		if (offset - se->last_match >= se->ss->sh.blength + MATCH_CHUNK
		    && end - offset > MATCH_CHUNK
		    && (rc = send_literal(se, offset - se->ss->sh.blength)) != 0)
			return rc;
		offset++;
	}
	return send_literal(se, len);
}

/* No blocks to match: the file as literal runs of MATCH_CHUNK. */
static int
all_literal(struct search *se)
{
	for (;;) {
		int64_t to;
		int rc;

		if (fill_to(se, se->last_match + MATCH_CHUNK) != 0)
			return -1;
		to = avail(se);
		if (to > se->last_match + MATCH_CHUNK)
			to = se->last_match + MATCH_CHUNK;
		if (to == se->last_match)
			return 0;
		if ((rc = send_literal(se, to)) != 0)
			return rc;
	}
}

/* After a read error upstream sends a sum that cannot match: all zero
 * bits, or ...01 if the true sum happens to be zero. */
static void
bad_sum(uint8_t *sum, int n)
{
	int i = 0;

	while (i < n && sum[i] == 0)
		i++;
	memset(sum, 0, (size_t)n);
	if (i == n)
		sum[n - 1] = 1;
}

int
match_run(const struct sum_set *ss, enum csum_type t, int32_t seed,
    int proper_seed_order, int64_t size, const struct match_io *mio,
    uint8_t *sum, int64_t *literal_bytes, int64_t *matched_bytes)
{
	struct search se;
	int blocks = ss != NULL && ss->sh.count > 0 && ss->sh.blength > 0;
	int rc;

	(void)size;	/* the real length is what the reads return */
	memset(&se, 0, sizeof se);
	se.ss = ss;
	se.t = t;
	se.seed = seed;
	se.proper_seed_order = proper_seed_order;
	se.mio = mio;
	if (blocks) {
		se.s2length = ss->sh.s2length;
		if (se.s2length > csum_len(t))
			se.s2length = csum_len(t);
		if (se.s2length < 0)
			se.s2length = 0;
	}
	se.cap = READ_AHEAD + 3 * (size_t)MATCH_CHUNK + 64
	    + (blocks ? 2 * (size_t)ss->sh.blength : 0);
	csum_file_init(&se.fsum, t, seed);
	se.buf = malloc(se.cap);
	if (se.buf == NULL || (blocks && build_table(&se) != 0)) {
		rc = -1;
		errno = ENOMEM;
	} else
		rc = blocks ? hash_search(&se) : all_literal(&se);
	csum_file_final(&se.fsum, sum);
	if (rc == -1)
		bad_sum(sum, csum_len(t));
	if (literal_bytes != NULL)
		*literal_bytes = se.literal;
	if (matched_bytes != NULL)
		*matched_bytes = se.matched;
	free(se.buf);
	free(se.head);
	free(se.chain);
	free(se.filter);
	return rc;
}
