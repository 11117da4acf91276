/*
 * Seeded bug: a vstring reader that trusts the peer's length and hands out
 * a string that runs past the input.  WP must fail on the postcondition
 * that the string lies inside the input.
 * expect: ensures
 */
#include "wire/wire.h"

/*@ requires \valid(pos) && \valid(str) && \valid(slen);
    requires \separated(pos, str, slen);
    requires *pos <= len;
    requires \valid_read(buf + (*pos .. len - 1));
    assigns *pos, *str, *slen;
    ensures \result == WIRE_OK ==> *pos <= len;
 */
int
neg_get_vstring(const uint8_t *buf, size_t len, size_t *pos,
    const uint8_t **str, size_t *slen)
{
	size_t p = *pos, n;

	if (p >= len)
		return WIRE_ESHORT;
	n = buf[p++];
	*str = buf + p;
	*slen = n;
	*pos = p + n;
	return WIRE_OK;
}
