/*
 * varint: upstream's write_varint()/read_varint() form (spec 2.2;
 * src/wire/int.c).
 *
 * Input: a stream of varints, decoded one after another until the first
 * error.
 *
 * Checked against a reference decoder written after upstream's
 * read_varint(): a success consumes exactly 1 + extra(lead) <=
 * WIRE_VARINT_MAX bytes and gives the reference's value; WIRE_ESHORT
 * exactly when the item does not fit, WIRE_ERANGE exactly for a lead byte
 * with more than 4 extra bytes (upstream's "Overflow in read_varint()");
 * an error moves nothing and writes nothing; encoding the value takes no
 * more bytes than the input did (the encoder writes the shortest form),
 * decodes back to the value, and an encoder short of room writes nothing.
 */
#include "fz.h"

static void
roundtrip(int32_t v, size_t used)
{
	uint8_t b[16];
	size_t cap, pos, n, i;
	int32_t v2;

	memset(b, 0xCC, sizeof(b));
	pos = 2;
	FZ_CHECK(wire_put_varint(b, sizeof(b), &pos, v) == WIRE_OK);
	n = pos - 2;
	FZ_CHECK(n >= 1 && n <= WIRE_VARINT_MAX && n <= used);
	FZ_CHECK(b[0] == 0xCC && b[1] == 0xCC && b[pos] == 0xCC);
	FZ_CHECK(1 + fz_var_extra(b[2]) == n);
	pos = 2;
	v2 = ~v;
	FZ_CHECK(wire_get_varint(b, 2 + n, &pos, &v2) == WIRE_OK);
	FZ_CHECK(pos == 2 + n && v2 == v);
	for (cap = 2; cap < 2 + n; cap++) {
		memset(b, 0xCC, sizeof(b));
		pos = 2;
		FZ_CHECK(wire_put_varint(b, cap, &pos, v) == WIRE_ENOSPC);
		FZ_CHECK(pos == 2);
		for (i = 0; i < sizeof(b); i++)
			FZ_CHECK(b[i] == 0xCC);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = fz_dup(data, size);
	size_t pos = 0, p0, used = 0;
	uint64_t ref = 0;
	int32_t v;
	int r, rr;

	for (;;) {
		p0 = pos;
		v = -0x5A5A5A5B;
		fz_hide(buf, p0);
		r = wire_get_varint(buf, size, &pos, &v);
		fz_show(buf, p0);
		rr = fz_ref_var(buf + p0, size - p0, 1, 4, &ref, &used);
		if (r != WIRE_OK) {
			fz_errname(r);
			FZ_CHECK(pos == p0 && v == -0x5A5A5A5B);
			FZ_CHECK(rr == (r == WIRE_ESHORT ? 1 : 2));
			FZ_CHECK(r == WIRE_ESHORT || r == WIRE_ERANGE);
			if (r == WIRE_ESHORT || p0 + 1 >= size)
				break;
			/* Skip the bad lead byte and go on. */
			pos = p0 + 1;
			continue;
		}
		FZ_CHECK(rr == 0);
		FZ_CHECK(pos - p0 == used && used <= WIRE_VARINT_MAX);
		FZ_CHECK((uint32_t)v == (uint32_t)ref);
		roundtrip(v, used);
	}
	fz_free(buf, size);
	return 0;
}
