/*
 * Seeded bug: a fixed-width decoder that checks for 3 bytes and reads 4.
 * WP must fail to prove the memory access past the window.
 * expect: assert_rte_mem_access
 */
#include "wire/wire.h"

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 4);
    assigns *pos, *v;
 */
int
neg_get_u32(const uint8_t *buf, size_t len, size_t *pos, uint32_t *v)
{
	const uint8_t *b;

	if (len - *pos < 3)
		return WIRE_ESHORT;
	b = buf + *pos;
	*v = (uint32_t)b[0] + (uint32_t)b[1] * 0x100u +
	    (uint32_t)b[2] * 0x10000u + (uint32_t)b[3] * 0x1000000u;
	*pos += 4;
	return WIRE_OK;
}
