/*
 * errbuf.h: the capture of the remote shell's stderr (spec/06-transport.md
 * section 6.3): a ring of ERRBUF_CAP bytes that keeps the newest bytes
 * written and counts the ones it had to drop, oldest first.
 */
#ifndef VRSYNC_ERRBUF_H
#define VRSYNC_ERRBUF_H

#include <stddef.h>
#include <stdint.h>

#define ERRBUF_CAP	65536

struct errbuf {
	uint8_t		data[ERRBUF_CAP];
	size_t		head;		/* index of the oldest byte held */
	size_t		len;		/* bytes held, at most ERRBUF_CAP */
	uint64_t	dropped;	/* bytes written but no longer held */
};

/*
 * The proof vocabulary.  errbuf_at(b, k) is the k-th oldest byte held; the
 * index wraps by a comparison, not %, which the provers handle far better.
 * Logic functions return integer, never a C type (Frama-C 25 with Z3
 * otherwise gets an unsound typing axiom: research/verification-notes 1.12.4).
 */
/*@ predicate errbuf_ok(struct errbuf *b) =
	\valid(b) && b->head < ERRBUF_CAP && b->len <= ERRBUF_CAP;
    logic integer errbuf_idx{L}(struct errbuf *b, integer k) =
	\at(b->head, L) + k < ERRBUF_CAP ? \at(b->head, L) + k
	                                 : \at(b->head, L) + k - ERRBUF_CAP;
    logic integer errbuf_at{L}(struct errbuf *b, integer k) =
	\at(b->data[errbuf_idx{L}(b, k)], L);
 */

void	errbuf_init(struct errbuf *b);
void	errbuf_putc(struct errbuf *b, uint8_t c);
void	errbuf_write(struct errbuf *b, const uint8_t *src, size_t n);
size_t	errbuf_copy(const struct errbuf *b, uint8_t *out, size_t cap);

#endif
