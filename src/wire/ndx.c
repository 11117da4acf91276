/*
 * ndx.c: the file-list index (spec/04-ndx.md).  Protocol < 30 sends a
 * plain int32; from 30 on, a difference against the last index of the same
 * sign sent in the same direction, so the state belongs to one direction.
 */
#include "wire/wire.h"

/*@ requires \valid(st);
    assigns *st;
    ensures st->prev_positive == -1 && st->prev_negative == 1;
    ensures ndx_state_ok(st);
 */
void
wire_ndx_init(struct wire_ndx_state *st)
{
	st->prev_positive = -1;
	st->prev_negative = 1;
}

/*
 * The magnitude after the optional FF: one byte b (1..253, or 0 after FF)
 * is prev + b; FE and two big-endian bytes below 0x80.. is prev plus that;
 * FE with the top bit of the next byte set is an absolute 31-bit value,
 * sent top, low, second, third byte.  Works on a copy of the position.
 */
/*@ requires \valid(p) && \valid(num) && \separated(p, num);
    requires -1 <= prev <= INT32_MAX;
    requires *p < len;
    requires wire_in((uint8_t *)buf, len, *p, 5);
    assigns *p, *num;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK ==> \old(*p) + 1 <= *p <= \old(*p) + 5 && *p <= len &&
	-1 <= *num <= INT32_MAX + 0xFFFF;
 */
static int
ndx_magnitude(const uint8_t *buf, size_t len, size_t *p, int64_t prev,
    int64_t *num)
{
	const uint8_t *b = buf + *p;
	size_t left = len - *p;

	if (b[0] != 0xFE) {
		*num = prev + b[0];
		*p += 1;
		return WIRE_OK;
	}
	if (left < 3)
		return WIRE_ESHORT;
	if (b[1] < 0x80) {
		*num = prev + b[1] * 0x100 + b[2];
		*p += 3;
		return WIRE_OK;
	}
	if (left < 5)
		return WIRE_ESHORT;
	*num = (int64_t)(b[1] - 0x80) * 0x1000000 + b[2] + b[3] * 0x100 +
	    b[4] * 0x10000;
	*p += 5;
	return WIRE_OK;
}

/*
 * Reads one ndx.  00 is NDX_DONE and leaves the state alone; FF marks a
 * negative index, whose magnitude is coded against prev_negative, the
 * others against prev_positive.  A result above INT32_MAX (or below zero)
 * is WIRE_ERANGE, as upstream 3.5.0's "Invalid file index" (spec 4.4).
 * On any error the state is unchanged.
 */
/*@ requires \valid(st) && \valid(pos) && \valid(ndx);
    requires \separated(st, pos, ndx);
    requires ndx_state_ok(st);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, WIRE_NDX_MAX);
    assigns *st, *pos, *ndx;
    ensures ndx_state_ok(st);
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures len - \old(*pos) < 1 ==> \result == WIRE_ESHORT;
    ensures \result == WIRE_OK ==>
	\old(*pos) + 1 <= *pos <= \old(*pos) + WIRE_NDX_MAX && *ndx > INT32_MIN;
    ensures \result != WIRE_OK ==> *pos == \old(*pos) && *ndx == \old(*ndx) &&
	st->prev_positive == \old(st->prev_positive) &&
	st->prev_negative == \old(st->prev_negative);
 */
int
wire_get_ndx(struct wire_ndx_state *st, int proto, const uint8_t *buf,
    size_t len, size_t *pos, int32_t *ndx)
{
	size_t p = *pos;
	int64_t num;
	int neg, r;
	int32_t v;

	if (proto < 30) {
		if ((r = wire_get_int32(buf, len, &p, &v)) != WIRE_OK)
			return r;
		if (v == INT32_MIN)
			return WIRE_ERANGE;
		*ndx = v;
		*pos = p;
		return WIRE_OK;
	}
	if (p >= len)
		return WIRE_ESHORT;
	if (buf[p] == 0) {
		*ndx = NDX_DONE;
		*pos = p + 1;
		return WIRE_OK;
	}
	neg = buf[p] == 0xFF;
	if (neg && ++p >= len)
		return WIRE_ESHORT;
	r = ndx_magnitude(buf, len, &p,
	    neg ? st->prev_negative : st->prev_positive, &num);
	if (r != WIRE_OK)
		return r;
	if (num < 0 || num > INT32_MAX)
		return WIRE_ERANGE;
	if (neg) {
		st->prev_negative = (int32_t)num;
		*ndx = (int32_t)-num;
	} else {
		st->prev_positive = (int32_t)num;
		*ndx = (int32_t)num;
	}
	*pos = p;
	return WIRE_OK;
}

/*
 * The bytes of write_ndx for an index other than NDX_DONE and INT32_MIN,
 * given the previous value of its sign: a 1-byte difference of 1..253, FE
 * and a 2-byte big-endian difference of 0..0x7FFF, else FE and the
 * absolute value with the top bit set.  Returns the count, 1..6.
 */
/*@ requires \valid(b + (0 .. WIRE_NDX_MAX - 1));
    requires ndx != INT32_MIN && ndx != NDX_DONE;
    requires -1 <= prev <= INT32_MAX;
    assigns b[0 .. WIRE_NDX_MAX - 1];
    ensures 1 <= \result <= WIRE_NDX_MAX;
 */
static size_t
ndx_bytes(uint8_t *b, int32_t ndx, int64_t prev)
{
	size_t cnt = 0;
	int64_t v = ndx, diff;

	if (ndx < 0) {
		b[cnt++] = 0xFF;
		v = -v;
	}
	diff = v - prev;
	if (diff > 0 && diff < 0xFE) {
		b[cnt++] = (uint8_t)diff;
		return cnt;
	}
	b[cnt++] = 0xFE;
	if (diff >= 0 && diff <= 0x7FFF) {
		b[cnt++] = (uint8_t)(diff / 0x100);
		b[cnt++] = (uint8_t)(diff % 0x100);
		return cnt;
	}
	b[cnt++] = (uint8_t)(v / 0x1000000 + 0x80);
	b[cnt++] = (uint8_t)(v % 0x100);
	b[cnt++] = (uint8_t)(v / 0x100 % 0x100);
	b[cnt++] = (uint8_t)(v / 0x10000 % 0x100);
	return cnt;
}

/*
 * Writes one ndx as upstream's write_ndx does, with the difference taken
 * in 64 bits (upstream's int32 difference can overflow; the bytes are the
 * same).  INT32_MIN has no encoding: WIRE_EINVAL.  Nothing is written and
 * the state is unchanged unless the result is WIRE_OK.
 */
/*@ requires \valid(st) && \valid(pos) && *pos <= cap;
    requires \separated(st, pos, buf + (0 .. cap - 1));
    requires ndx_state_ok(st);
    requires wire_out(buf, cap, *pos, WIRE_NDX_MAX);
    assigns *st, *pos, buf[*pos .. *pos + WIRE_NDX_MAX - 1];
    ensures ndx_state_ok(st);
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures \result == WIRE_OK ==> \old(*pos) + 1 <= *pos <= \old(*pos) + WIRE_NDX_MAX;
    ensures \result != WIRE_OK ==> *pos == \old(*pos) &&
	st->prev_positive == \old(st->prev_positive) &&
	st->prev_negative == \old(st->prev_negative);
 */
int
wire_put_ndx(struct wire_ndx_state *st, int proto, uint8_t *buf, size_t cap,
    size_t *pos, int32_t ndx)
{
	uint8_t b[WIRE_NDX_MAX];
	size_t cnt, i;

	if (ndx == INT32_MIN)
		return WIRE_EINVAL;
	if (proto < 30)
		return wire_put_int32(buf, cap, pos, ndx);
	if (ndx == NDX_DONE)
		return wire_put_byte(buf, cap, pos, 0);
	cnt = ndx_bytes(b, ndx, ndx >= 0 ? st->prev_positive : st->prev_negative);
	if (cap - *pos < cnt)
		return WIRE_ENOSPC;
	/*@ loop invariant 0 <= i <= cnt;
	    loop assigns i, buf[*pos .. *pos + cnt - 1];
	    loop variant cnt - i;
	 */
	for (i = 0; i < cnt; i++)
		buf[*pos + i] = b[i];
	*pos += cnt;
	if (ndx >= 0)
		st->prev_positive = ndx;
	else
		st->prev_negative = -ndx;
	return WIRE_OK;
}
