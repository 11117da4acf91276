/*
 * Seeded bug: a capture that appends when full instead of dropping the
 * oldest byte, running past its bound.  WP must reject the write.
 * expect: assert_rte_index_bound
 */
#include "transport/errbuf.h"

/*@ requires errbuf_ok(b);
    assigns b->data[0 .. ERRBUF_CAP - 1], b->len;
 */
void
neg_putc(struct errbuf *b, uint8_t c)
{
	size_t tail = b->head + b->len;

	if (tail >= ERRBUF_CAP)
		tail -= ERRBUF_CAP;
	if (b->len == ERRBUF_CAP)
		tail = b->head + ERRBUF_CAP;
	b->data[tail] = c;
	if (b->len < ERRBUF_CAP)
		b->len++;
}
