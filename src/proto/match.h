/*
 * match.h: the sender's hash search (match.c hash_search / matched):
 * given the receiver's block sums and the new file's bytes, produce
 * upstream's token stream: literal runs of at most MATCH_CHUNK bytes and
 * block references, plus the whole-file sum over the new content.
 * Pure computation; the caller supplies the file's bytes through a read
 * callback and receives tokens through an emit callback.
 */
#ifndef VRSYNC_PROTO_MATCH_H
#define VRSYNC_PROTO_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "proto/csum.h"

#define MATCH_CHUNK	32768	/* upstream CHUNK_SIZE: longest literal token */

struct sum_block {
	uint32_t	sum1;
	uint8_t		sum2[CSUM_MAX_LEN];	/* first s2length bytes used */
};

struct sum_set {
	struct sum_head		sh;
	struct sum_block	*blocks;	/* sh.count entries */
};

struct match_io {
	/* read up to n bytes of the new file at its current position:
	 * returns bytes read, 0 at end, -1 on error (errno set) */
	long	(*read)(void *arg, uint8_t *buf, size_t n);
	/* a literal run (n <= MATCH_CHUNK) or, when buf is NULL, block i */
	int	(*emit)(void *arg, const uint8_t *buf, size_t n, int32_t block);
	void	*arg;
};

/*
 * Runs the search over the whole file (size bytes expected; the file may
 * turn out shorter or longer: the real length is what is read), emitting
 * tokens in order.  ss may have count 0 (all literals).  Computes the
 * whole-file sum into sum (csum_len(t) bytes).  Returns 0, -1 on a read
 * error (tokens emitted so far stand; the caller sends a wrong sum as
 * upstream does), or the emit callback's non-zero result.
 * *matched_bytes / *literal_bytes: for --stats (either may be NULL).
 * The end-of-data token (int32 0) is the caller's to write.  On -1, sum
 * already holds upstream's wrong sum (all zero, or ...01 when the
 * partial digest was all zero); the literal callback's block argument is
 * -1.  proper_seed_order as for csum_block.
 */
int	match_run(const struct sum_set *ss, enum csum_type t, int32_t seed,
	    int proper_seed_order, int64_t size, const struct match_io *mio,
	    uint8_t *sum, int64_t *literal_bytes, int64_t *matched_bytes);

#endif
