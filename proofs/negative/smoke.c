/*
 * Seeded bug: a contract whose preconditions contradict each other, so
 * that every goal would hold vacuously.  The smoke tests must catch it.
 * expect: smoke
 */
#include "wire/wire.h"

/*@ requires \valid(pos) && \valid(v);
    requires *pos <= len;
    requires len < *pos;
    assigns *pos, *v;
    ensures \result == WIRE_OK;
 */
int
neg_get_byte(const uint8_t *buf, size_t len, size_t *pos, uint8_t *v)
{
	*v = buf[*pos];
	*pos += 1;
	return WIRE_OK;
}
