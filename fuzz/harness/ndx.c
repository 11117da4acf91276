/*
 * ndx: the file-list index, a stream with running state (spec 4;
 * src/wire/ndx.c).
 *
 * Input: data[0] picks the protocol: odd, 30 + (data[0] >> 1) % 3; even,
 * 27 + (data[0] >> 1) % 3.  The rest is a stream of ndx values decoded
 * with one wire_ndx_state carried from item to item, until the first
 * error (a WIRE_ERANGE item is skipped by one byte and decoding goes on,
 * as the state must be untouched by it).
 *
 * Checked against a reference decoder written after upstream's
 * read_ndx() (io.c), in 64-bit arithmetic, with its own copy of the
 * state: a success consumes exactly the item's bytes (1..WIRE_NDX_MAX, 4
 * before protocol 30), gives the reference's value (never INT32_MIN) and
 * leaves the state the reference has; WIRE_ESHORT exactly when the item
 * does not fit; WIRE_ERANGE only where the reference's number leaves
 * 0..INT32_MAX (or is INT32_MIN before 30), or for the negative form of 0
 * and -1, which upstream's writer never sends; an error moves nothing and
 * writes nothing, state included; the state stays within ndx_state_ok.
 *
 * After each value, a parallel writer state encodes it and a parallel
 * reader state decodes it back: same value, same length, and the reader's
 * state equal to the writer's.  An encoder short of room writes nothing
 * and keeps its state.
 */
#include "fz.h"

/*
 * Upstream's read_ndx() for protocol >= 30: 0, the value in *v and the
 * item's length in *used; 1 short; 2 out of range.  *st is updated only
 * on 0.
 */
static int
ref_ndx(struct wire_ndx_state *st, const uint8_t *b, size_t rem, int32_t *v,
    size_t *used, int *negform)
{
	size_t i = 0;
	int64_t num, prev;
	int neg;

	if (rem < 1)
		return 1;
	if (b[0] == 0) {
		*v = NDX_DONE;
		*used = 1;
		*negform = 0;
		return 0;
	}
	neg = b[0] == 0xFF;
	if (neg) {
		if (rem < 2)
			return 1;
		i = 1;
	}
	prev = neg ? st->prev_negative : st->prev_positive;
	if (b[i] == 0xFE) {
		if (rem < i + 3)
			return 1;
		if (b[i + 1] & 0x80) {
			if (rem < i + 5)
				return 1;
			num = (int64_t)b[i + 2] | (int64_t)b[i + 3] << 8 |
			    (int64_t)b[i + 4] << 16 |
			    (int64_t)(b[i + 1] & 0x7F) << 24;
			i += 5;
		} else {
			num = ((int64_t)b[i + 1] << 8) + b[i + 2] + prev;
			i += 3;
		}
	} else {
		num = b[i] + prev;
		i += 1;
	}
	*used = i;
	*negform = neg;
	if (num < 0 || num > INT32_MAX)
		return 2;
	if (neg) {
		st->prev_negative = (int32_t)num;
		*v = (int32_t)-num;
	} else {
		st->prev_positive = (int32_t)num;
		*v = (int32_t)num;
	}
	return 0;
}

static int
state_ok(const struct wire_ndx_state *st)
{
	return st->prev_positive >= -1 && st->prev_negative >= 0;
}

static int
state_eq(const struct wire_ndx_state *a, const struct wire_ndx_state *b)
{
	return a->prev_positive == b->prev_positive &&
	    a->prev_negative == b->prev_negative;
}

static void
roundtrip(int proto, struct wire_ndx_state *we, struct wire_ndx_state *rd,
    int32_t v)
{
	struct wire_ndx_state keep;
	uint8_t b[16];
	size_t pos, cap, n, i;
	int32_t v2;

	/* Short of room first, on the current writer state. */
	for (cap = 2; cap < 2 + WIRE_NDX_MAX; cap++) {
		memset(b, 0xCC, sizeof(b));
		keep = *we;
		pos = 2;
		if (wire_put_ndx(we, proto, b, cap, &pos, v) == WIRE_OK) {
			/* It fit: undo and go on to the real encoding. */
			*we = keep;
			break;
		}
		FZ_CHECK(pos == 2 && state_eq(we, &keep));
		for (i = 0; i < sizeof(b); i++)
			FZ_CHECK(b[i] == 0xCC);
	}
	memset(b, 0xCC, sizeof(b));
	pos = 2;
	FZ_CHECK(wire_put_ndx(we, proto, b, sizeof(b), &pos, v) == WIRE_OK);
	n = pos - 2;
	FZ_CHECK(n >= 1 && n <= (proto < 30 ? 4 : WIRE_NDX_MAX));
	FZ_CHECK(proto >= 30 || n == 4);
	FZ_CHECK(b[0] == 0xCC && b[1] == 0xCC && b[pos] == 0xCC);
	/* Every room below n was refused above. */
	FZ_CHECK(cap == 2 + n);
	FZ_CHECK(state_ok(we));
	pos = 2;
	v2 = ~v;
	FZ_CHECK(wire_get_ndx(rd, proto, b, 2 + n, &pos, &v2) == WIRE_OK);
	FZ_CHECK(pos == 2 + n && v2 == v);
	FZ_CHECK(state_eq(rd, we));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_ndx_state st, ref, we, rd, before;
	uint8_t *buf;
	size_t len, pos = 0, p0, used = 0;
	int32_t v, rv = 0;
	int proto, r, rr, negform = 0;

	if (size < 1)
		return 0;
	proto = data[0] & 1 ? 30 + (data[0] >> 1) % 3 : 27 + (data[0] >> 1) % 3;
	len = size - 1;
	buf = fz_dup(data + 1, len);
	wire_ndx_init(&st);
	wire_ndx_init(&we);
	wire_ndx_init(&rd);
	FZ_CHECK(state_ok(&st) && state_eq(&st, &we));
	ref = st;
	for (;;) {
		p0 = pos;
		before = st;
		v = 0x5A5A5A5A;
		fz_hide(buf, p0);
		r = wire_get_ndx(&st, proto, buf, len, &pos, &v);
		fz_show(buf, p0);
		FZ_CHECK(state_ok(&st));
		if (r != WIRE_OK) {
			fz_errname(r);
			FZ_CHECK(pos == p0 && v == 0x5A5A5A5A);
			FZ_CHECK(state_eq(&st, &before));
		}
		if (proto < 30) {
			if (len - p0 < 4) {
				FZ_CHECK(r == WIRE_ESHORT);
				break;
			}
			rv = (int32_t)((uint32_t)buf[p0] |
			    (uint32_t)buf[p0 + 1] << 8 |
			    (uint32_t)buf[p0 + 2] << 16 |
			    (uint32_t)buf[p0 + 3] << 24);
			if (rv == INT32_MIN) {
				FZ_CHECK(r == WIRE_ERANGE);
				pos = p0 + 1;
				continue;
			}
			FZ_CHECK(r == WIRE_OK && pos == p0 + 4 && v == rv);
			FZ_CHECK(state_eq(&st, &before));
		} else {
			rr = ref_ndx(&ref, buf + p0, len - p0, &rv, &used,
			    &negform);
			if (rr == 1) {
				FZ_CHECK(r == WIRE_ESHORT);
				break;
			}
			if (r == WIRE_ERANGE) {
				FZ_CHECK(rr == 2 || (rr == 0 && negform &&
				    (rv == 0 || rv == -1)));
				ref = st;
				if (p0 + 1 >= len)
					break;
				pos = p0 + 1;
				continue;
			}
			FZ_CHECK(rr == 0 && r == WIRE_OK);
			FZ_CHECK(pos == p0 + used && used <= WIRE_NDX_MAX);
			FZ_CHECK(v == rv && v != INT32_MIN);
			FZ_CHECK(state_eq(&st, &ref));
		}
		roundtrip(proto, &we, &rd, v);
	}
	fz_free(buf, len);
	return 0;
}
