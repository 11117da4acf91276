/*
 * mplex: the multiplex header codec and the frame reader (spec 3;
 * src/wire/mplex.c).
 *
 * Input: data[0] % 8 + 1 = k, then k script bytes, then the stream.  The
 * stream is fed to wire_mplex_next() in pieces whose sizes are the script
 * bytes in turn (255 means "the whole rest"; 0 is an empty piece), each
 * piece copied into a heap block of exactly its size.
 *
 * A reference parser walks the same stream as a whole.  Checked for the
 * reader: every chunk lies inside its piece at or after *pos and ends at
 * the new *pos; frame_off + n <= frame_len <= MPLEX_MAX_LEN; the tag is a
 * known code; only an empty frame gives an empty chunk, and every chunk
 * consumes input; the chunks of a frame come in order, without gaps, at
 * the stream offsets of that frame's payload, so their concatenation is
 * the frame; 0 comes back only with the piece used up, and then the
 * reader's state (header bytes held, or tag, length and offset of the
 * frame being read) is exactly what the reference says has been seen;
 * WIRE_EBADTAG comes back exactly when a complete header names an unknown
 * code, never writing *ch; *pos never moves backwards or past len.
 *
 * For the header codec, at every offset of the stream: WIRE_ESHORT
 * exactly when fewer than 4 bytes remain, WIRE_EBADTAG exactly for an
 * unknown code, an error moving and writing nothing, tag and length as
 * the bytes say, wire_msg_name() naming exactly the known codes, and
 * wire_put_mplex_hdr() giving back the same 4 bytes.
 */
#include "fz.h"

static uint32_t
le24(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
}

static void
check_hdr_at(const uint8_t *s, size_t slen, size_t off)
{
	uint8_t out[8];
	size_t pos = off, rem = slen - off, cap, i;
	uint8_t tag = 0xA5;
	uint32_t mlen = 0xA5A5A5A5u;
	const char *name;
	int known, r;

	r = wire_get_mplex_hdr(s, slen, &pos, &tag, &mlen);
	if (r != WIRE_OK) {
		fz_errname(r);
		FZ_CHECK(pos == off && tag == 0xA5 && mlen == 0xA5A5A5A5u);
	}
	if (rem < MPLEX_HDR_LEN) {
		FZ_CHECK(r == WIRE_ESHORT);
		return;
	}
	known = s[off + 3] >= MPLEX_BASE && fz_msg_known(s[off + 3] - MPLEX_BASE);
	name = wire_msg_name(s[off + 3] - MPLEX_BASE);
	FZ_CHECK((name != NULL) == known);
	FZ_CHECK(name == NULL || strncmp(name, "MSG_", 4) == 0);
	if (!known) {
		FZ_CHECK(r == WIRE_EBADTAG);
		return;
	}
	FZ_CHECK(r == WIRE_OK && pos == off + MPLEX_HDR_LEN);
	FZ_CHECK(tag == s[off + 3] - MPLEX_BASE && mlen == le24(s + off));
	memset(out, 0xCC, sizeof(out));
	pos = 2;
	FZ_CHECK(wire_put_mplex_hdr(out, sizeof(out), &pos, tag, mlen) ==
	    WIRE_OK);
	FZ_CHECK(pos == 2 + MPLEX_HDR_LEN);
	FZ_CHECK(memcmp(out + 2, s + off, MPLEX_HDR_LEN) == 0);
	FZ_CHECK(out[0] == 0xCC && out[1] == 0xCC && out[6] == 0xCC);
	for (cap = 2; cap < 2 + MPLEX_HDR_LEN; cap++) {
		memset(out, 0xCC, sizeof(out));
		pos = 2;
		FZ_CHECK(wire_put_mplex_hdr(out, cap, &pos, tag, mlen) ==
		    WIRE_ENOSPC);
		FZ_CHECK(pos == 2);
		for (i = 0; i < sizeof(out); i++)
			FZ_CHECK(out[i] == 0xCC);
	}
	/* A length that does not fit in 24 bits cannot be encoded. */
	memset(out, 0xCC, sizeof(out));
	pos = 2;
	FZ_CHECK(wire_put_mplex_hdr(out, sizeof(out), &pos, tag,
	    mlen | 0x1000000u) == WIRE_EINVAL);
	FZ_CHECK(pos == 2);
	for (i = 0; i < sizeof(out); i++)
		FZ_CHECK(out[i] == 0xCC);
}

static int
rd_ok(const struct wire_mplex_rd *rd)
{
	return rd->hdr_have < MPLEX_HDR_LEN && rd->frame_off <= rd->frame_len &&
	    rd->frame_len <= MPLEX_MAX_LEN &&
	    (rd->in_frame == 0 || rd->in_frame == 1) &&
	    (rd->in_frame == 0 || rd->hdr_have == 0);
}

/*
 * Reference state after the stream's first upto bytes: the frame not yet
 * complete starts at ref_h, `delivered` bytes of its payload handed out.
 */
static void
check_state(const struct wire_mplex_rd *rd, const uint8_t *s, size_t upto,
    size_t ref_h, size_t delivered)
{
	size_t avail = upto - ref_h, i;
	uint8_t t;
	uint32_t fl;

	if (avail < MPLEX_HDR_LEN) {
		FZ_CHECK(delivered == 0);
		FZ_CHECK(rd->in_frame == 0 && rd->hdr_have == avail);
		for (i = 0; i < avail; i++)
			FZ_CHECK(rd->hdr[i] == s[ref_h + i]);
		return;
	}
	/* A whole header has been fed: it named a known code (or
	 * WIRE_EBADTAG would have come back) and the frame is open with all
	 * of its payload that was fed handed out. */
	t = s[ref_h + 3];
	FZ_CHECK(t >= MPLEX_BASE && fz_msg_known(t - MPLEX_BASE));
	fl = le24(s + ref_h);
	FZ_CHECK(fl > delivered);
	FZ_CHECK(avail - MPLEX_HDR_LEN == delivered);
	FZ_CHECK(rd->in_frame == 1 && rd->tag == t - MPLEX_BASE);
	FZ_CHECK(rd->frame_len == fl && rd->frame_off == delivered);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_mplex_rd rd;
	struct wire_mplex_chunk ch, sent;
	const uint8_t *script, *s;
	uint8_t *piece, *whole;
	size_t k, slen, base, n, pos, p0, ref_h = 0, delivered = 0, i, calls;
	size_t zeros = 0;
	uint32_t fl;
	int r, dead = 0;

	if (size < 1)
		return 0;
	k = data[0] % 8 + 1;
	if (size < 1 + k)
		return 0;
	script = data + 1;
	s = data + 1 + k;
	slen = size - 1 - k;

	/* The header codec at every offset. */
	whole = fz_dup(s, slen);
	for (i = 0; i <= slen; i++)
		check_hdr_at(whole, slen, i);
	fz_free(whole, slen);

	memset(&sent, 0x5A, sizeof(sent));
	wire_mplex_rd_init(&rd);
	FZ_CHECK(rd_ok(&rd) && rd.hdr_have == 0 && rd.in_frame == 0);
	for (base = 0, i = 0; base < slen && !dead; base += n, i++) {
		n = script[i % k] == 255 ? slen - base : script[i % k];
		if (n > slen - base)
			n = slen - base;
		/* Empty pieces are fed too, but never k in a row. */
		if (n > 0)
			zeros = 0;
		else if (++zeros >= k) {
			n = 1;
			zeros = 0;
		}
		piece = fz_dup(s + base, n);
		pos = 0;
		for (calls = 0;; calls++) {
			/* Every call returning a chunk consumes a byte. */
			FZ_CHECK(calls <= n + 1);
			p0 = pos;
			ch = sent;
			fz_hide(piece, p0);
			r = wire_mplex_next(&rd, piece, n, &pos, &ch);
			fz_show(piece, p0);
			FZ_CHECK(rd_ok(&rd));
			FZ_CHECK(p0 <= pos && pos <= n);
			if (r == 0) {
				FZ_CHECK(pos == n);
				FZ_CHECK(memcmp(&ch, &sent, sizeof(ch)) == 0);
				check_state(&rd, s, base + n, ref_h, delivered);
				break;
			}
			if (r != 1) {
				fz_errname(r);
				FZ_CHECK(r == WIRE_EBADTAG);
				FZ_CHECK(memcmp(&ch, &sent, sizeof(ch)) == 0);
				FZ_CHECK(delivered == 0);
				FZ_CHECK(ref_h + MPLEX_HDR_LEN <= base + n);
				FZ_CHECK(ref_h + MPLEX_HDR_LEN > base);
				FZ_CHECK(s[ref_h + 3] < MPLEX_BASE ||
				    !fz_msg_known(s[ref_h + 3] - MPLEX_BASE));
				dead = 1;
				break;
			}
			/* A chunk. */
			FZ_CHECK(ch.off >= p0 && ch.n <= n - ch.off);
			FZ_CHECK(ch.off + ch.n == pos && pos > p0);
			FZ_CHECK(ch.frame_len <= MPLEX_MAX_LEN);
			FZ_CHECK(ch.frame_off <= ch.frame_len &&
			    ch.n <= ch.frame_len - ch.frame_off);
			FZ_CHECK(fz_msg_known(ch.tag));
			FZ_CHECK(ch.n > 0 || ch.frame_len == 0);
			/* Where the reference says the frame is. */
			FZ_CHECK(ref_h + MPLEX_HDR_LEN <= base + ch.off);
			fl = le24(s + ref_h);
			FZ_CHECK(s[ref_h + 3] >= MPLEX_BASE &&
			    ch.tag == s[ref_h + 3] - MPLEX_BASE);
			FZ_CHECK(ch.frame_len == fl);
			FZ_CHECK(ch.frame_off == delivered);
			FZ_CHECK(base + ch.off ==
			    ref_h + MPLEX_HDR_LEN + delivered);
			FZ_CHECK(memcmp(piece + ch.off,
			    s + ref_h + MPLEX_HDR_LEN + delivered, ch.n) == 0);
			delivered += ch.n;
			if (delivered == fl) {
				ref_h += MPLEX_HDR_LEN + fl;
				delivered = 0;
			}
		}
		fz_free(piece, n);
	}
	if (!dead)
		check_state(&rd, s, slen, ref_h, delivered);
	return 0;
}
