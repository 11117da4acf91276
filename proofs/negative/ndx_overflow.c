/*
 * Seeded bug: an ndx decoder that adds the peer's difference to the
 * previous index without the INT32_MAX check, as upstream did before
 * 3.5.0.  WP must fail to prove the conversion to int32.
 * expect: assert_rte_signed_downcast
 */
#include "wire/wire.h"

/*@ requires \valid(st) && \valid(pos) && \valid(ndx);
    requires \separated(st, pos, ndx);
    requires ndx_state_ok(st);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 3);
    assigns *st, *pos, *ndx;
 */
int
neg_get_ndx(struct wire_ndx_state *st, const uint8_t *buf, size_t len,
    size_t *pos, int32_t *ndx)
{
	int64_t num;

	if (len - *pos < 3 || buf[*pos] != 0xFE)
		return WIRE_ESHORT;
	num = (int64_t)st->prev_positive + buf[*pos + 1] * 0x100 + buf[*pos + 2];
	st->prev_positive = (int32_t)num;
	*ndx = (int32_t)num;
	*pos += 3;
	return WIRE_OK;
}
