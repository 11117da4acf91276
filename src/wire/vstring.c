/*
 * vstring.c: the length-prefixed string of the checksum and compression
 * negotiation lists and of the alternate basis name (spec 2.5).
 */
#include "wire/wire.h"

/*
 * Reads a vstring: one length byte, or two when the first has its top
 * bit set (15 bits, big-endian), then the bytes.  The length is checked
 * against maxlen before the bytes are looked for, as upstream does, so an
 * over-long string is WIRE_ERANGE even when the input ends early.  No
 * copy: *str points into buf.
 */
/*@ requires \valid(pos) && \valid(str) && \valid(slen);
    requires \separated(pos, str, slen);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 2 + WIRE_VSTRING_MAXLEN);
    assigns *pos, *str, *slen;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures len - \old(*pos) < 1 ==> \result == WIRE_ESHORT;
    ensures \result == WIRE_OK ==> *slen <= maxlen && *slen <= WIRE_VSTRING_MAXLEN &&
	*pos == \old(*pos) + (*slen <= 0x7F && buf[\old(*pos)] < 0x80 ? 1 : 2) + *slen &&
	*str == buf + (*pos - *slen) && *pos <= len;
    ensures \result != WIRE_OK ==>
	*pos == \old(*pos) && *str == \old(*str) && *slen == \old(*slen);
 */
int
wire_get_vstring(const uint8_t *buf, size_t len, size_t *pos, size_t maxlen,
    const uint8_t **str, size_t *slen)
{
	size_t p = *pos, n;

	if (p >= len)
		return WIRE_ESHORT;
	n = buf[p++];
	if (n >= 0x80) {
		if (p >= len)
			return WIRE_ESHORT;
		n = (n - 0x80) * 0x100 + buf[p++];
	}
	if (n > maxlen)
		return WIRE_ERANGE;
	if (len - p < n)
		return WIRE_ESHORT;
	*str = buf + p;
	*slen = n;
	*pos = p + n;
	return WIRE_OK;
}

/*
 * Writes a vstring of slen (at most 0x7FFF) bytes, or nothing: WIRE_EINVAL
 * for a longer string, WIRE_ENOSPC when it does not fit.
 */
/*@ requires \valid(pos) && *pos <= cap;
    requires \valid_read(str + (0 .. slen - 1));
    requires wire_out(buf, cap, *pos, 2 + WIRE_VSTRING_MAXLEN);
    requires \separated(pos, buf + (0 .. cap - 1), str + (0 .. slen - 1));
    requires \separated(buf + (0 .. cap - 1), str + (0 .. slen - 1));
    assigns *pos, buf[*pos .. *pos + 1 + slen];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures slen > WIRE_VSTRING_MAXLEN ==> \result == WIRE_EINVAL;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + (slen <= 0x7F ? 1 : 2) + slen;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_vstring(uint8_t *buf, size_t cap, size_t *pos, const uint8_t *str,
    size_t slen)
{
	size_t hdr = slen <= 0x7F ? 1 : 2, p = *pos, i;

	if (slen > WIRE_VSTRING_MAXLEN)
		return WIRE_EINVAL;
	if (cap - p < hdr || cap - p - hdr < slen)
		return WIRE_ENOSPC;
	if (hdr == 2)
		buf[p++] = (uint8_t)(slen / 0x100 + 0x80);
	buf[p++] = (uint8_t)(slen % 0x100);
	/*@ loop invariant 0 <= i <= slen;
	    loop invariant p == \at(*pos, Pre) + hdr;
	    loop assigns i, buf[p .. p + slen - 1];
	    loop variant slen - i;
	 */
	for (i = 0; i < slen; i++)
		buf[p + i] = str[i];
	*pos = p + slen;
	return WIRE_OK;
}
