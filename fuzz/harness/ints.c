/*
 * ints: the fixed-width integers and the protocol < 30 longint
 * (spec 2.1, 2.4; src/wire/int.c).
 *
 * Input: data[0] picks the codec, data[0] % 7: 0 byte, 1 u16, 2 int32,
 * 3 uint32, 4 int64, 5 longint, 6 mixed.  The rest is a stream of items
 * decoded one after another until the first error; in mixed mode each
 * item is preceded by a selector byte (its kind, % 6) that the harness
 * skips.
 *
 * Checked: a success consumes exactly the item's width (4 or 12 for a
 * longint, 12 exactly when the first four bytes are ff ff ff ff); the only
 * error is WIRE_ESHORT and it happens exactly when the item does not fit;
 * an error moves nothing and writes no output; the value is the
 * little-endian reading of the bytes; encoding the value gives the same
 * bytes (longint: decodes back to the value, 4 bytes exactly for
 * 0..INT32_MAX); an encoder short of room returns WIRE_ENOSPC, writing
 * nothing.
 */
#include "fz.h"

enum { K_BYTE, K_U16, K_I32, K_U32, K_I64, K_LONGINT, K_N };

static const size_t kwidth[K_N] = { 1, 2, 4, 4, 8, 0 };

static uint64_t
le(const uint8_t *b, size_t n)
{
	uint64_t x = 0;

	while (n-- > 0)
		x = x << 8 | b[n];
	return x;
}

/* Decodes one item of kind k; the value as 64 bits (signed kinds sign
 * extended).  Checks that an error leaves the output alone. */
static int
dec(int k, const uint8_t *b, size_t len, size_t *pos, uint64_t *out)
{
	int r;

	switch (k) {
	case K_BYTE: {
		uint8_t v = 0xA5;
		r = wire_get_byte(b, len, pos, &v);
		FZ_CHECK(r == WIRE_OK || v == 0xA5);
		*out = v;
		break;
	}
	case K_U16: {
		uint16_t v = 0xA5A5;
		r = wire_get_u16(b, len, pos, &v);
		FZ_CHECK(r == WIRE_OK || v == 0xA5A5);
		*out = v;
		break;
	}
	case K_I32: {
		int32_t v = -0x5A5A5A5B;
		r = wire_get_int32(b, len, pos, &v);
		FZ_CHECK(r == WIRE_OK || v == -0x5A5A5A5B);
		*out = (uint64_t)(int64_t)v;
		break;
	}
	case K_U32: {
		uint32_t v = 0xA5A5A5A5u;
		r = wire_get_uint32(b, len, pos, &v);
		FZ_CHECK(r == WIRE_OK || v == 0xA5A5A5A5u);
		*out = v;
		break;
	}
	case K_I64: {
		int64_t v = -0x5A5A5A5A5A5A5A5BLL;
		r = wire_get_int64(b, len, pos, &v);
		FZ_CHECK(r == WIRE_OK || v == -0x5A5A5A5A5A5A5A5BLL);
		*out = (uint64_t)v;
		break;
	}
	default: {
		int64_t v = -0x5A5A5A5A5A5A5A5BLL;
		r = wire_get_longint(b, len, pos, &v);
		FZ_CHECK(r == WIRE_OK || v == -0x5A5A5A5A5A5A5A5BLL);
		*out = (uint64_t)v;
		break;
	}
	}
	return r;
}

static int
enc(int k, uint8_t *b, size_t cap, size_t *pos, uint64_t v)
{
	switch (k) {
	case K_BYTE:
		return wire_put_byte(b, cap, pos, (uint8_t)v);
	case K_U16:
		return wire_put_u16(b, cap, pos, (uint16_t)v);
	case K_I32:
		return wire_put_int32(b, cap, pos, (int32_t)(int64_t)v);
	case K_U32:
		return wire_put_uint32(b, cap, pos, (uint32_t)v);
	case K_I64:
		return wire_put_int64(b, cap, pos, (int64_t)v);
	default:
		return wire_put_longint(b, cap, pos, (int64_t)v);
	}
}

/* Sign-extends the low n bytes of x. */
static uint64_t
sext(uint64_t x, size_t n)
{
	uint64_t m = (uint64_t)1 << (8 * n - 1);

	if (n >= 8)
		return x;
	x &= (m << 1) - 1;
	return (x ^ m) - m;
}

/*
 * Encodes v (kind k) at offset 3 of a 32-byte buffer: with room, exactly
 * need bytes at [3, 3 + need) and nothing else written; with every
 * smaller room, WIRE_ENOSPC and nothing written.  Returns the bytes.
 */
static void
check_enc(int k, uint64_t v, size_t need, uint8_t out[32])
{
	uint8_t b[32];
	size_t cap, pos, i;

	for (cap = 3; cap < 3 + need; cap++) {
		memset(b, 0xCC, sizeof(b));
		pos = 3;
		FZ_CHECK(enc(k, b, cap, &pos, v) == WIRE_ENOSPC);
		FZ_CHECK(pos == 3);
		for (i = 0; i < sizeof(b); i++)
			FZ_CHECK(b[i] == 0xCC);
	}
	memset(out, 0xCC, 32);
	pos = 3;
	FZ_CHECK(enc(k, out, 32, &pos, v) == WIRE_OK);
	FZ_CHECK(pos == 3 + need);
	for (i = 0; i < 3; i++)
		FZ_CHECK(out[i] == 0xCC);
	for (i = 3 + need; i < 32; i++)
		FZ_CHECK(out[i] == 0xCC);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf, out[32];
	size_t len, pos, p0, rem, w, back;
	uint64_t v, v2, expect;
	int mode, k, r;

	if (size < 1)
		return 0;
	mode = data[0] % 7;
	len = size - 1;
	buf = fz_dup(data + 1, len);
	pos = 0;
	for (;;) {
		if (mode == K_N) {
			if (pos >= len)
				break;
			k = buf[pos++] % K_N;
		} else
			k = mode;
		p0 = pos;
		rem = len - p0;
		v = 0x5A5A5A5A5A5A5A5AULL;
		fz_hide(buf, p0);
		r = dec(k, buf, len, &pos, &v);
		fz_show(buf, p0);
		if (r != WIRE_OK)
			fz_errname(r);
		if (k == K_LONGINT)
			w = rem >= 4 && le(buf + p0, 4) == 0xFFFFFFFFu ? 12 : 4;
		else
			w = kwidth[k];
		if (rem < w) {
			FZ_CHECK(r == WIRE_ESHORT);
			FZ_CHECK(pos == p0);
			break;
		}
		FZ_CHECK(r == WIRE_OK);
		FZ_CHECK(pos == p0 + w);
		/* The value is the little-endian reading of the bytes. */
		if (k == K_LONGINT)
			expect = w == 12 ? le(buf + p0 + 4, 8) :
			    sext(le(buf + p0, 4), 4);
		else if (k == K_I32 || k == K_I64)
			expect = sext(le(buf + p0, w), w);
		else
			expect = le(buf + p0, w);
		FZ_CHECK(v == expect);
		/* Round trip. */
		if (k == K_LONGINT) {
			int64_t sv = (int64_t)v;
			size_t need = sv >= 0 && sv <= INT32_MAX ? 4 : 12;

			check_enc(k, v, need, out);
			back = 3;
			v2 = ~v;
			FZ_CHECK(dec(k, out, 3 + need, &back, &v2) == WIRE_OK);
			FZ_CHECK(back == 3 + need && v2 == v);
			if (need == w)
				FZ_CHECK(memcmp(out + 3, buf + p0, w) == 0);
		} else {
			check_enc(k, v, w, out);
			FZ_CHECK(memcmp(out + 3, buf + p0, w) == 0);
		}
	}
	fz_free(buf, len);
	return 0;
}
