/*
 * int.c: fixed-width little-endian integers and the protocol < 30 long
 * integer (spec/02-integers.md sections 2.1 and 2.4).
 */
#include "wire/wire.h"

/*
 * Two's complement reinterpretation without implementation-defined
 * conversions, so that the proof needs no assumption about them.
 */
/*@ assigns \nothing;
    ensures u <= INT32_MAX ==> \result == u;
    ensures u > INT32_MAX ==> \result == u - 0x100000000;
 */
static int32_t
s32(uint32_t u)
{
	if (u <= (uint32_t)INT32_MAX)
		return (int32_t)u;
	return -(int32_t)(UINT32_MAX - u) - 1;
}

/*@ assigns \nothing;
    ensures u <= INT64_MAX ==> \result == u;
    ensures u > INT64_MAX ==> \result == u - 0x10000000000000000;
 */
static int64_t
s64(uint64_t u)
{
	if (u <= (uint64_t)INT64_MAX)
		return (int64_t)u;
	return -(int64_t)(UINT64_MAX - u) - 1;
}

/* Conversions to unsigned that never convert a negative value. */
/*@ assigns \nothing;
    ensures v >= 0 ==> \result == v;
    ensures v < 0 ==> \result == v + 0x100000000;
 */
static uint32_t
u32(int32_t v)
{
	if (v >= 0)
		return (uint32_t)v;
	return UINT32_MAX - (uint32_t)(-(v + 1));
}

/*@ assigns \nothing;
    ensures v >= 0 ==> \result == v;
    ensures v < 0 ==> \result == v + 0x10000000000000000;
 */
static uint64_t
u64(int64_t v)
{
	if (v >= 0)
		return (uint64_t)v;
	return UINT64_MAX - (uint64_t)(-(v + 1));
}

/*
 * Little-endian loads of 2, 4 and 8 bytes, by multiplication rather than
 * shifts so that the bounds are linear facts the provers see at once.
 */
/*@ requires \valid_read(b + (0 .. 1));
    assigns \nothing;
    ensures \result <= 0xFFFF;
 */
static uint32_t
le16(const uint8_t *b)
{
	return (uint32_t)b[0] + (uint32_t)b[1] * 0x100u;
}

/*@ requires \valid_read(b + (0 .. 3));
    assigns \nothing;
    ensures \result <= 0xFFFFFFFF;
 */
static uint64_t
le32(const uint8_t *b)
{
	return (uint64_t)le16(b) + (uint64_t)le16(b + 2) * 0x10000u;
}

/*@ requires \valid_read(b + (0 .. 7));
    assigns \nothing;
 */
static uint64_t
le64(const uint8_t *b)
{
	return le32(b) + le32(b + 4) * 0x100000000u;
}

/*
 * Reads n (1, 2, 4 or 8) bytes at buf[*pos] as a little-endian unsigned
 * value.  Returns WIRE_ESHORT, touching nothing, when fewer than n remain.
 */
/*@ requires n == 1 || n == 2 || n == 4 || n == 8;
    requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, n);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK <==> len - \old(*pos) >= n;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + n;
    ensures \result != WIRE_OK ==> *pos == \old(*pos) && *v == \old(*v);
    ensures \result == WIRE_OK && n == 1 ==> *v <= 0xFF;
    ensures \result == WIRE_OK && n == 2 ==> *v <= 0xFFFF;
    ensures \result == WIRE_OK && n == 4 ==> *v <= 0xFFFFFFFF;
 */
static int
get_le(const uint8_t *buf, size_t len, size_t *pos, size_t n, uint64_t *v)
{
	const uint8_t *b;

	if (len - *pos < n)
		return WIRE_ESHORT;
	b = buf + *pos;
	if (n == 1)
		*v = b[0];
	else if (n == 2)
		*v = le16(b);
	else if (n == 4)
		*v = le32(b);
	else
		*v = le64(b);
	*pos += n;
	return WIRE_OK;
}

/*
 * Writes the low n (1..8) bytes of u at buf[*pos], little-endian, or
 * returns WIRE_ENOSPC writing nothing.
 */
/*@ requires 1 <= n <= 8;
    requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, n);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + n - 1];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK <==> cap - \old(*pos) >= n;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + n;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
static int
put_le(uint8_t *buf, size_t cap, size_t *pos, size_t n, uint64_t u)
{
	size_t i;

	if (cap - *pos < n)
		return WIRE_ENOSPC;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, buf[*pos .. *pos + n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		buf[*pos + i] = (uint8_t)(u >> (8 * i) & 0xFF);
	*pos += n;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 1);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK <==> len - \old(*pos) >= 1;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 1;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_get_byte(const uint8_t *buf, size_t len, size_t *pos, uint8_t *v)
{
	if (*pos >= len)
		return WIRE_ESHORT;
	*v = buf[*pos];
	*pos += 1;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 2);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK <==> len - \old(*pos) >= 2;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 2;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_get_u16(const uint8_t *buf, size_t len, size_t *pos, uint16_t *v)
{
	uint64_t u;
	int r;

	if ((r = get_le(buf, len, pos, 2, &u)) != WIRE_OK)
		return r;
	*v = (uint16_t)u;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 4);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK <==> len - \old(*pos) >= 4;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 4;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_get_uint32(const uint8_t *buf, size_t len, size_t *pos, uint32_t *v)
{
	uint64_t u;
	int r;

	if ((r = get_le(buf, len, pos, 4, &u)) != WIRE_OK)
		return r;
	*v = (uint32_t)u;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 4);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK <==> len - \old(*pos) >= 4;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 4;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_get_int32(const uint8_t *buf, size_t len, size_t *pos, int32_t *v)
{
	uint64_t u;
	int r;

	if ((r = get_le(buf, len, pos, 4, &u)) != WIRE_OK)
		return r;
	*v = s32((uint32_t)u);
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 8);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures \result == WIRE_OK <==> len - \old(*pos) >= 8;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 8;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_get_int64(const uint8_t *buf, size_t len, size_t *pos, int64_t *v)
{
	uint64_t u;
	int r;

	if ((r = get_le(buf, len, pos, 8, &u)) != WIRE_OK)
		return r;
	*v = s64(u);
	return WIRE_OK;
}

/*
 * read_longint: an int32, and when that is -1, eight more bytes holding
 * the value.  A short second part leaves *pos at the start of the item.
 */
/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 12);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT;
    ensures len - \old(*pos) < 4 ==> \result == WIRE_ESHORT;
    ensures \result == WIRE_OK ==>
	*pos == \old(*pos) + 4 || *pos == \old(*pos) + 12;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_get_longint(const uint8_t *buf, size_t len, size_t *pos, int64_t *v)
{
	size_t p = *pos;
	uint64_t u;
	int r;

	if ((r = get_le(buf, len, &p, 4, &u)) != WIRE_OK)
		return r;
	if (u != UINT32_MAX) {
		*v = s32((uint32_t)u);
		*pos = p;
		return WIRE_OK;
	}
	if ((r = get_le(buf, len, &p, 8, &u)) != WIRE_OK)
		return r;
	*v = s64(u);
	*pos = p;
	return WIRE_OK;
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, 1);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 1;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_byte(uint8_t *buf, size_t cap, size_t *pos, uint8_t v)
{
	return put_le(buf, cap, pos, 1, v);
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, 2);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 1];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 2;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_u16(uint8_t *buf, size_t cap, size_t *pos, uint16_t v)
{
	return put_le(buf, cap, pos, 2, v);
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, 4);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 3];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 4;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_uint32(uint8_t *buf, size_t cap, size_t *pos, uint32_t v)
{
	return put_le(buf, cap, pos, 4, v);
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, 4);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 3];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 4;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_int32(uint8_t *buf, size_t cap, size_t *pos, int32_t v)
{
	return put_le(buf, cap, pos, 4, u32(v));
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, 8);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 7];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + 8;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_int64(uint8_t *buf, size_t cap, size_t *pos, int64_t v)
{
	return put_le(buf, cap, pos, 8, u64(v));
}

/*
 * write_longint: 0..INT32_MAX as an int32, anything else as -1 and then
 * the eight bytes, all or nothing.
 */
/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, 12);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 11];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_longint(uint8_t *buf, size_t cap, size_t *pos, int64_t v)
{
	if (v >= 0 && v <= INT32_MAX)
		return put_le(buf, cap, pos, 4, u64(v));
	if (cap - *pos < 12)
		return WIRE_ENOSPC;
	(void)put_le(buf, cap, pos, 4, UINT32_MAX);
	return put_le(buf, cap, pos, 8, u64(v));
}

/*
 * Variable-length integers (spec 2.2, 2.3).  A varint is a varlong of
 * 4 value bytes with min_bytes 1, so one reader and one writer serve both.
 * The lead byte's count of leading one bits says how many bytes follow
 * the min_bytes; its remaining low bits are the value's top byte.
 */

static const uint8_t pow2[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };

/* Bytes that follow the first min_bytes, from the lead byte (upstream's
 * int_byte_extra table). */
/*@ assigns \nothing;
    ensures \result == varint_extra(lead);
    ensures 0 <= \result <= 6;
 */
static int
lead_extra(uint8_t lead)
{
	if (lead < 0x80)
		return 0;
	if (lead < 0xC0)
		return 1;
	if (lead < 0xE0)
		return 2;
	if (lead < 0xF0)
		return 3;
	if (lead < 0xF8)
		return 4;
	if (lead < 0xFC)
		return 5;
	return 6;
}

/*
 * Reads one variable-length item of min_bytes (1..8) plus its extra bytes,
 * at most width + 1 bytes in all, into *v as width (4 or 8) value bytes.
 * More bytes than that is WIRE_ERANGE, as upstream's "Overflow in
 * read_varint()", decided from the first min_bytes alone.
 */
/*@ requires width == 4 || width == 8;
    requires 1 <= min_bytes <= width;
    requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, width + 1);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures len - \old(*pos) < min_bytes ==> \result == WIRE_ESHORT;
    ensures len - \old(*pos) >= min_bytes ==>
	(\let e = varint_extra(buf[\old(*pos)]);
	  (min_bytes + e > width + 1 ==> \result == WIRE_ERANGE) &&
	  (min_bytes + e <= width + 1 && len - \old(*pos) < min_bytes + e ==>
		\result == WIRE_ESHORT) &&
	  (\result == WIRE_OK ==> *pos == \old(*pos) + min_bytes + e));
    ensures \result != WIRE_OK ==> *pos == \old(*pos) && *v == \old(*v);
    ensures \result == WIRE_OK && width == 4 ==> *v <= 0xFFFFFFFF;
 */
static int
var_get(const uint8_t *buf, size_t len, size_t *pos, size_t min_bytes,
    size_t width, uint64_t *v)
{
	uint8_t b[8] = { 0 };
	const uint8_t *in;
	size_t total, k;
	int extra;
	uint8_t lead;

	if (len - *pos < min_bytes)
		return WIRE_ESHORT;
	in = buf + *pos;
	lead = in[0];
	extra = lead_extra(lead);
	total = min_bytes + (size_t)extra;
	if (total > width + 1)
		return WIRE_ERANGE;
	if (len - *pos < total)
		return WIRE_ESHORT;
	/*@ loop invariant 0 <= k <= total - 1;
	    loop assigns k, b[0 .. 7];
	    loop variant total - 1 - k;
	 */
	for (k = 0; k + 1 < total; k++)
		b[k] = in[k + 1];
	if (total - 1 < width)
		b[total - 1] = extra ? lead % pow2[8 - extra] : lead;
	*v = width == 4 ? le32(b) : le64(b);
	*pos += total;
	return WIRE_OK;
}

/*
 * Writes x (width value bytes) as upstream's write_varlong(x, min_bytes):
 * the lead byte, then the low bytes; at most width + 1 bytes.
 */
/*@ requires width == 4 || width == 8;
    requires width == 4 ==> min_bytes == 1 && x <= 0xFFFFFFFF;
    requires width == 8 ==> 3 <= min_bytes <= 8;
    requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, width + 1);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + width];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==>
	\old(*pos) + min_bytes <= *pos <= \old(*pos) + width + 1;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
static int
var_put(uint8_t *buf, size_t cap, size_t *pos, size_t min_bytes,
    size_t width, uint64_t x)
{
	uint8_t b[9];
	size_t cnt, k;
	unsigned int bit;

	b[0] = 0;
	/*@ loop invariant 1 <= k <= 9;
	    loop assigns k, b[1 .. 8];
	    loop variant 9 - k;
	 */
	for (k = 1; k <= 8; k++)
		b[k] = k <= width ? (uint8_t)(x >> (8 * (k - 1)) & 0xFF) : 0;
	cnt = width;
	/*@ loop invariant min_bytes <= cnt <= width;
	    loop assigns cnt;
	    loop variant cnt;
	 */
	while (cnt > min_bytes && b[cnt] == 0)
		cnt--;
	/* The lead's low bits hold the top byte below a run of ones; with
	 * b[cnt] < bit the OR of upstream's code is this sum. */
	bit = pow2[7 + min_bytes - cnt];
	if (b[cnt] >= bit) {
		b[0] = (uint8_t)(256 - bit);
		cnt++;
	} else if (cnt > min_bytes)
		b[0] = (uint8_t)(b[cnt] + 256 - 2 * bit);
	else
		b[0] = b[cnt];
	if (cap - *pos < cnt)
		return WIRE_ENOSPC;
	/*@ loop invariant 0 <= k <= cnt;
	    loop assigns k, buf[*pos .. *pos + cnt - 1];
	    loop variant cnt - k;
	 */
	for (k = 0; k < cnt; k++)
		buf[*pos + k] = b[k];
	*pos += cnt;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, WIRE_VARINT_MAX);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures len - \old(*pos) < 1 ==> \result == WIRE_ESHORT;
    ensures len - \old(*pos) >= 1 ==>
	(\let e = varint_extra(buf[\old(*pos)]);
	  (e > 4 ==> \result == WIRE_ERANGE) &&
	  (e <= 4 && len - \old(*pos) < 1 + e ==> \result == WIRE_ESHORT) &&
	  (\result == WIRE_OK ==> *pos == \old(*pos) + 1 + e));
    ensures \result != WIRE_OK ==> *pos == \old(*pos) && *v == \old(*v);
 */
int
wire_get_varint(const uint8_t *buf, size_t len, size_t *pos, int32_t *v)
{
	uint64_t u;
	int r;

	if ((r = var_get(buf, len, pos, 1, 4, &u)) != WIRE_OK)
		return r;
	*v = s32((uint32_t)u);
	return WIRE_OK;
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, WIRE_VARINT_MAX);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 4];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result == WIRE_OK ==> \old(*pos) + 1 <= *pos <= \old(*pos) + 5;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_varint(uint8_t *buf, size_t cap, size_t *pos, int32_t v)
{
	return var_put(buf, cap, pos, 1, 4, u32(v));
}

/*
 * read_varlong(f, min_bytes).  min_bytes outside 3..8 is WIRE_ERANGE:
 * upstream uses 3 (lengths) and 4 (times), and below 3 the top of the
 * range cannot be written so that it reads back.
 */
/*@ requires \valid(pos) && \valid(v) && \separated(pos, v);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, WIRE_VARLONG_MAX);
    assigns *pos, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures 3 <= min_bytes <= 8 && len - \old(*pos) < min_bytes ==>
	\result == WIRE_ESHORT;
    ensures \result == WIRE_OK ==>
	\old(*pos) + min_bytes <= *pos <= \old(*pos) + WIRE_VARLONG_MAX;
    ensures \result != WIRE_OK ==> *pos == \old(*pos) && *v == \old(*v);
 */
int
wire_get_varlong(const uint8_t *buf, size_t len, size_t *pos, int min_bytes,
    int64_t *v)
{
	uint64_t u;
	int r;

	if (min_bytes < 3 || min_bytes > 8)
		return WIRE_ERANGE;
	if ((r = var_get(buf, len, pos, (size_t)min_bytes, 8, &u)) != WIRE_OK)
		return r;
	*v = s64(u);
	return WIRE_OK;
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, WIRE_VARLONG_MAX);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 8];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures \result == WIRE_OK ==>
	\old(*pos) + min_bytes <= *pos <= \old(*pos) + WIRE_VARLONG_MAX;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_varlong(uint8_t *buf, size_t cap, size_t *pos, int min_bytes,
    int64_t v)
{
	if (min_bytes < 3 || min_bytes > 8)
		return WIRE_EINVAL;
	return var_put(buf, cap, pos, (size_t)min_bytes, 8, u64(v));
}
