/*
 * vstring: upstream's write_vstring()/read_vstring() (spec 2.5;
 * src/wire/vstring.c).
 *
 * Input: data[0..1] is maxlen, little-endian (0..65535, so limits above
 * WIRE_VSTRING_MAXLEN are tried too); the rest is a stream of vstrings
 * decoded one after another until the first error.
 *
 * Checked against a reference reading (a length byte; with its top bit
 * set, (byte & 0x7f) * 256 + a second byte; then that many bytes): a
 * success consumes exactly header + length bytes, *slen <= maxlen and *str
 * points at the bytes inside buf; WIRE_ESHORT when the header or (for an
 * acceptable length) the bytes do not fit; WIRE_ERANGE only for a length
 * over maxlen, and always for one whose bytes are all there; an error
 * moves nothing and writes nothing.  Encoding the string decodes back to
 * it, is byte-identical to the input when the input used the shortest
 * header, and writes nothing when short of room; a length over
 * WIRE_VSTRING_MAXLEN is WIRE_EINVAL.
 */
#include "fz.h"

static uint8_t big[WIRE_VSTRING_MAXLEN + 64];
static uint8_t bigsrc[WIRE_VSTRING_MAXLEN + 64];

static void
roundtrip(const uint8_t *s, size_t n, const uint8_t *orig, size_t hdr)
{
	uint8_t b[WIRE_VSTRING_MAXLEN + 8];
	const uint8_t *s2 = NULL;
	size_t pos, cap, n2 = 0, want = n + (n > 0x7F ? 2 : 1), i;

	pos = 1;
	b[0] = 0xCC;
	FZ_CHECK(wire_put_vstring(b, sizeof(b), &pos, s, n) == WIRE_OK);
	FZ_CHECK(pos == 1 + want && b[0] == 0xCC);
	if (hdr + n == want)
		FZ_CHECK(memcmp(b + 1, orig, want) == 0);
	pos = 1;
	FZ_CHECK(wire_get_vstring(b, 1 + want, &pos, n, &s2, &n2) == WIRE_OK);
	FZ_CHECK(pos == 1 + want && n2 == n && s2 == b + 1 + want - n);
	FZ_CHECK(memcmp(s2, s, n) == 0);
	/* Short of room: a few sizes near the end and the header. */
	for (cap = 1; cap < 1 + want; cap++) {
		if (cap > 4 && cap + 4 < 1 + want)
			continue;
		memset(b, 0xCC, 1 + want);
		pos = 1;
		FZ_CHECK(wire_put_vstring(b, cap, &pos, s, n) == WIRE_ENOSPC);
		FZ_CHECK(pos == 1);
		for (i = 0; i < 1 + want; i++)
			FZ_CHECK(b[i] == 0xCC);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sentinel[1] = { 0 };
	const uint8_t *str;
	uint8_t *buf;
	size_t len, maxlen, pos = 0, p0, slen, hdr, n, rem;
	int r;

	if (size < 2)
		return 0;
	maxlen = (size_t)data[0] | (size_t)data[1] << 8;
	len = size - 2;
	buf = fz_dup(data + 2, len);
	for (;;) {
		p0 = pos;
		rem = len - p0;
		str = sentinel;
		slen = 0x5A5A5A;
		fz_hide(buf, p0);
		r = wire_get_vstring(buf, len, &pos, maxlen, &str, &slen);
		fz_show(buf, p0);
		if (r != WIRE_OK) {
			fz_errname(r);
			FZ_CHECK(pos == p0 && str == sentinel && slen == 0x5A5A5A);
		}
		if (rem < 1 || (buf[p0] & 0x80 && rem < 2)) {
			FZ_CHECK(r == WIRE_ESHORT);
			break;
		}
		hdr = buf[p0] & 0x80 ? 2 : 1;
		n = hdr == 1 ? buf[p0] :
		    (size_t)(buf[p0] & 0x7F) * 0x100 + buf[p0 + 1];
		if (n > maxlen) {
			FZ_CHECK(r == WIRE_ERANGE ||
			    (r == WIRE_ESHORT && rem < hdr + n));
			break;
		}
		if (rem < hdr + n) {
			FZ_CHECK(r == WIRE_ESHORT);
			break;
		}
		FZ_CHECK(r == WIRE_OK);
		FZ_CHECK(pos == p0 + hdr + n && slen == n && slen <= maxlen);
		FZ_CHECK(str == buf + p0 + hdr);
		roundtrip(str, slen, buf + p0, hdr);
	}
	/* Too long to encode at all: refused, nothing written. */
	n = WIRE_VSTRING_MAXLEN + 1 + (size > 2 ? data[2] % 16 : 0);
	memset(big, 0xCC, sizeof(big));
	pos = 0;
	FZ_CHECK(wire_put_vstring(big, sizeof(big), &pos, bigsrc, n) ==
	    WIRE_EINVAL);
	FZ_CHECK(pos == 0 && big[0] == 0xCC && big[1] == 0xCC);
	fz_free(buf, len);
	return 0;
}
