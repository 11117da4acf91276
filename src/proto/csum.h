/*
 * csum.h: rsync's checksums and block-size choice (spec/09-transfer.md).
 *
 *   - the rolling checksum over signed bytes (checksum.c get_checksum1)
 *   - the block strong sum with the seed where upstream puts it for each
 *     algorithm and protocol (get_checksum2)
 *   - the whole-file sum (sum_init/sum_update/sum_end) and the -c
 *     file-list sum (file_checksum)
 *   - the checksum names and their negotiation order
 *   - sum_sizes_sqroot: block length and strong-sum length for a file
 *
 * Digests come from libxxhash and nettle; nothing here does I/O.
 */
#ifndef VRSYNC_PROTO_CSUM_H
#define VRSYNC_PROTO_CSUM_H

#include <stddef.h>
#include <stdint.h>

#define CSUM_MAX_LEN	20	/* sha1 */
#define CSUM_ROLL_LEN	4

enum csum_type {
	CSUM_NONE = 0,
	CSUM_MD4_OLD,	/* proto 27..29 without negotiation: seed before data, even 0 */
	CSUM_MD4,	/* negotiated md4: builtin order, seed after data */
	CSUM_MD5,
	CSUM_SHA1,
	CSUM_XXH64,
	CSUM_XXH3,
	CSUM_XXH128
};

/* Digest length (csum_len_for_type): none 1, md4/md5/xxh128 16, sha1 20, xxh64/xxh3 8. */
int	csum_len(enum csum_type t);
/* "xxh128" etc.; NULL for an unknown type. */
const char *csum_name(enum csum_type t);
/* By name ("xxhash" is xxh64); -1 if unknown. */
int	csum_by_name(const char *name, size_t len);
/* The list vrsync offers, in upstream's canonical order, space-separated
 * ("xxh128 xxh3 xxh64 md5 md4 sha1"), with " none" appended for a server. */
const char *csum_offer(int server);

/* get_checksum1: s1 = sum of signed bytes, s2 = sum of (n-i)*x[i]. */
uint32_t csum_roll(const uint8_t *buf, size_t n);
/* One step of the rolling sum over a window of n bytes: out leaves, in enters. */
struct roll {
	uint32_t	s1;
	uint32_t	s2;
};
void	roll_init(struct roll *r, const uint8_t *buf, size_t n);
void	roll_rotate(struct roll *r, size_t n, uint8_t out, uint8_t in);
/* At the end of the file the window of n bytes loses its first byte and
 * gains none: it becomes n - 1 bytes (hash_search's "--k"). */
void	roll_drop(struct roll *r, size_t n, uint8_t out);
static inline uint32_t roll_sum(const struct roll *r)
{
	return (r->s1 & 0xFFFF) | (r->s2 << 16);
}

/*
 * get_checksum2 for one block: the full digest (csum_len(t) bytes) in out;
 * the caller sends the first s2length bytes.  proper_seed_order selects
 * MD5's seed-before-data (CF_CHKSUM_SEED_FIX); seed 0 adds no seed bytes
 * (except CSUM_MD4_OLD's whole-file sum, see below).
 */
void	csum_block(enum csum_type t, int32_t seed, int proper_seed_order,
	    const uint8_t *buf, size_t n, uint8_t *out);

/* The whole-file sum (sum_init/sum_update/sum_end) and the -c sum. */
/*
 * The digest state lives inside opaque at the first 64-byte aligned
 * address (XXH3_state_t is 576 bytes and wants 64-byte alignment, which
 * neither malloc nor a plain struct member guarantees): a ctx works
 * wherever it is stored, but must not be moved or copied between
 * csum_file_init and csum_file_final.  csum.c checks the size at
 * compile time.
 */
struct csum_ctx {
	enum csum_type	t;
	uint64_t	opaque[88];	/* 704 bytes: 576 + alignment slack */
};
void	csum_file_init(struct csum_ctx *c, enum csum_type t, int32_t seed);
void	csum_file_update(struct csum_ctx *c, const uint8_t *buf, size_t n);
void	csum_file_final(struct csum_ctx *c, uint8_t *out);
/* file_checksum(): the -c digest of a whole content, no seed. */
void	csum_content_init(struct csum_ctx *c, enum csum_type t);

/*
 * sum_sizes_sqroot: for a basis of len bytes, the block length, the
 * strong-sum length, the block count and the last block's length.
 * redo: csum_length is SUM_LENGTH (16) in the redo phase.
 * block_size: --block-size, 0 for the default rule.
 */
struct sum_head {
	int32_t	count;
	int32_t	blength;
	int32_t	s2length;
	int32_t	remainder;
};
void	sum_sizes(int64_t len, int proto, int redo, int xfer_sum_len,
	    int32_t block_size, struct sum_head *sh);

#endif
