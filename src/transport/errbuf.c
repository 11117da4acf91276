/*
 * errbuf.c: bounded drop-oldest capture of the remote shell's stderr
 * (spec 6.3).  What it proves (make proofs): never more than ERRBUF_CAP
 * bytes held; when full, the oldest byte goes; the bytes held are exactly
 * the newest written, in order; dropped + held = written.
 */
#include "transport/errbuf.h"

/*@ requires \valid(b);
    assigns b->head, b->len, b->dropped;
    ensures errbuf_ok(b) && b->len == 0 && b->dropped == 0;
 */
void
errbuf_init(struct errbuf *b)
{
	b->head = 0;
	b->len = 0;
	b->dropped = 0;
}

/*
 * Appends one byte; when full, the oldest byte gives way and is counted.
 */
/*@ requires errbuf_ok(b);
    requires b->dropped < UINT64_MAX;
    assigns b->data[0 .. ERRBUF_CAP - 1], b->head, b->len, b->dropped;
    ensures errbuf_ok(b);
    ensures errbuf_at(b, b->len - 1) == c;
    behavior room:
      assumes b->len < ERRBUF_CAP;
      ensures b->len == \old(b->len) + 1 && b->dropped == \old(b->dropped);
      ensures b->head == \old(b->head);
      ensures \forall integer k; 0 <= k < \old(b->len) ==>
	errbuf_at(b, k) == errbuf_at{Pre}(b, k);
    behavior full:
      assumes b->len == ERRBUF_CAP;
      ensures b->len == ERRBUF_CAP && b->dropped == \old(b->dropped) + 1;
      ensures \forall integer k; 0 <= k < ERRBUF_CAP - 1 ==>
	errbuf_at(b, k) == errbuf_at{Pre}(b, k + 1);
    complete behaviors;
    disjoint behaviors;
 */
void
errbuf_putc(struct errbuf *b, uint8_t c)
{
	size_t tail;

	if (b->len < ERRBUF_CAP) {
		tail = b->head + b->len;
		if (tail >= ERRBUF_CAP)
			tail -= ERRBUF_CAP;
		b->data[tail] = c;
		b->len++;
		return;
	}
	/* Full: the slot of the oldest byte takes the newest. */
	b->data[b->head] = c;
	if (++b->head == ERRBUF_CAP)
		b->head = 0;
	b->dropped++;
}

/*
 * Appends n bytes.  Afterwards the buffer holds min(len + n, ERRBUF_CAP)
 * bytes, its newest bytes are the last ones of src, and no byte is lost
 * without being counted in dropped.
 */
/*@ requires errbuf_ok(b);
    requires \valid_read(src + (0 .. n - 1));
    requires \separated(src + (0 .. n - 1), b);
    requires b->dropped <= UINT64_MAX - n;
    assigns b->data[0 .. ERRBUF_CAP - 1], b->head, b->len, b->dropped;
    ensures errbuf_ok(b);
    ensures b->len == (\old(b->len) + n <= ERRBUF_CAP ? \old(b->len) + n : ERRBUF_CAP);
    ensures b->dropped + b->len == \old(b->dropped) + \old(b->len) + n;
    ensures \forall integer p; 0 <= p < b->len && b->len - n <= p ==>
	errbuf_at(b, p) == src[p + n - b->len];
 */
void
errbuf_write(struct errbuf *b, const uint8_t *src, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant errbuf_ok(b);
	    loop invariant b->len == (\at(b->len, Pre) + i <= ERRBUF_CAP ?
		\at(b->len, Pre) + i : ERRBUF_CAP);
	    loop invariant b->dropped + b->len == \at(b->dropped, Pre) + \at(b->len, Pre) + i;
	    loop invariant \forall integer p; 0 <= p < b->len && b->len - i <= p ==>
		errbuf_at(b, p) == src[p + i - b->len];
	    loop assigns i, b->data[0 .. ERRBUF_CAP - 1], b->head, b->len, b->dropped;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		errbuf_putc(b, src[i]);
}

/*
 * Copies the bytes held, oldest first, into out (at most cap of them, the
 * oldest ones when cap is short) and returns how many it copied.
 */
/*@ requires errbuf_ok(b);
    requires \valid(out + (0 .. cap - 1));
    requires \separated(out + (0 .. cap - 1), b);
    assigns out[0 .. cap - 1];
    ensures \result == (b->len <= cap ? b->len : cap);
    ensures \forall integer k; 0 <= k < \result ==> out[k] == errbuf_at(b, k);
 */
size_t
errbuf_copy(const struct errbuf *b, uint8_t *out, size_t cap)
{
	size_t n = b->len <= cap ? b->len : cap, k, i;

	/*@ loop invariant 0 <= k <= n;
	    loop invariant \forall integer j; 0 <= j < k ==> out[j] == errbuf_at(b, j);
	    loop assigns k, i, out[0 .. cap - 1];
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++) {
		i = b->head + k;
		if (i >= ERRBUF_CAP)
			i -= ERRBUF_CAP;
		out[k] = b->data[i];
	}
	return n;
}
