/*
 * varlong: upstream's write_varlong()/read_varlong() with min_bytes
 * (spec 2.3; src/wire/int.c).
 *
 * Input: data[0] gives min_bytes: with its top bit clear, 3 + data[0] % 6
 * (the valid 3..8); with it set, data[0] % 12 - 1 (-1..10, so invalid
 * values are tried too).  The rest is a stream of varlongs of that
 * min_bytes, decoded until the first short item.
 *
 * Checked against a reference decoder written after upstream's
 * read_varlong(): min_bytes outside 3..8 is WIRE_ERANGE from the decoder
 * and WIRE_EINVAL from the encoder; a success consumes exactly min_bytes
 * + extra(lead) <= WIRE_VARLONG_MAX bytes and gives the reference's value;
 * WIRE_ESHORT exactly when the item does not fit; WIRE_ERANGE exactly when
 * upstream reports an overflow; an error moves nothing and writes nothing;
 * encoding the value takes min_bytes..(bytes the input used), decodes back
 * to it, and an encoder short of room writes nothing.
 */
#include "fz.h"

static void
roundtrip(int mb, int64_t v, size_t used)
{
	uint8_t b[24];
	size_t cap, pos, n, i;
	int64_t v2;

	memset(b, 0xCC, sizeof(b));
	pos = 2;
	FZ_CHECK(wire_put_varlong(b, sizeof(b), &pos, mb, v) == WIRE_OK);
	n = pos - 2;
	FZ_CHECK(n >= (size_t)mb && n <= WIRE_VARLONG_MAX && n <= used);
	FZ_CHECK(b[0] == 0xCC && b[1] == 0xCC && b[pos] == 0xCC);
	FZ_CHECK((size_t)mb + fz_var_extra(b[2]) == n);
	pos = 2;
	v2 = ~v;
	FZ_CHECK(wire_get_varlong(b, 2 + n, &pos, mb, &v2) == WIRE_OK);
	FZ_CHECK(pos == 2 + n && v2 == v);
	for (cap = 2; cap < 2 + n; cap++) {
		memset(b, 0xCC, sizeof(b));
		pos = 2;
		FZ_CHECK(wire_put_varlong(b, cap, &pos, mb, v) == WIRE_ENOSPC);
		FZ_CHECK(pos == 2);
		for (i = 0; i < sizeof(b); i++)
			FZ_CHECK(b[i] == 0xCC);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf, b[24];
	size_t len, pos = 0, p0, used = 0, i;
	uint64_t ref = 0;
	int64_t v;
	int mb, r, rr;

	if (size < 1)
		return 0;
	mb = data[0] & 0x80 ? data[0] % 12 - 1 : 3 + data[0] % 6;
	len = size - 1;
	buf = fz_dup(data + 1, len);
	if (mb < 3 || mb > 8) {
		v = 0x5A5A;
		r = wire_get_varlong(buf, len, &pos, mb, &v);
		FZ_CHECK(r == WIRE_ERANGE && pos == 0 && v == 0x5A5A);
		memset(b, 0xCC, sizeof(b));
		r = wire_put_varlong(b, sizeof(b), &pos, mb,
		    len >= 1 ? (int64_t)buf[0] : 0);
		FZ_CHECK(r == WIRE_EINVAL && pos == 0);
		for (i = 0; i < sizeof(b); i++)
			FZ_CHECK(b[i] == 0xCC);
		fz_free(buf, len);
		return 0;
	}
	for (;;) {
		p0 = pos;
		v = -0x5A5A5A5A5A5A5A5BLL;
		fz_hide(buf, p0);
		r = wire_get_varlong(buf, len, &pos, mb, &v);
		fz_show(buf, p0);
		rr = fz_ref_var(buf + p0, len - p0, (size_t)mb, 8, &ref, &used);
		if (r != WIRE_OK) {
			fz_errname(r);
			FZ_CHECK(pos == p0 && v == -0x5A5A5A5A5A5A5A5BLL);
			FZ_CHECK(r == WIRE_ESHORT || r == WIRE_ERANGE);
			FZ_CHECK(rr == (r == WIRE_ESHORT ? 1 : 2));
			if (r == WIRE_ESHORT || p0 + 1 >= len)
				break;
			pos = p0 + 1;
			continue;
		}
		FZ_CHECK(rr == 0);
		FZ_CHECK(pos - p0 == used && used <= WIRE_VARLONG_MAX);
		FZ_CHECK((uint64_t)v == ref);
		roundtrip(mb, v, used);
	}
	fz_free(buf, len);
	return 0;
}
