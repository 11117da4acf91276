/*
 * mplex.c: the multiplex envelope (spec/03-multiplex.md): the 4-byte
 * frame header and the frame reader that cuts a stream into frames.
 */
#include "wire/wire.h"

/*@ assigns \nothing;
    ensures \result == 1 <==> msgcode_known(tag);
    ensures \result == 0 || \result == 1;
 */
static int
msg_known(int tag)
{
	return (tag >= 0 && tag <= 10) || tag == 22 || tag == 33 ||
	    tag == 42 || tag == 86 || (tag >= 100 && tag <= 102);
}

/* Upstream's names for the codes, so that messages can name what came. */
/*@ assigns \nothing;
    ensures msgcode_known(tag) <==> \result != \null;
 */
const char *
wire_msg_name(int tag)
{
	switch (tag) {
	case MSG_DATA:		return "MSG_DATA";
	case MSG_ERROR_XFER:	return "MSG_ERROR_XFER";
	case MSG_INFO:		return "MSG_INFO";
	case MSG_ERROR:		return "MSG_ERROR";
	case MSG_WARNING:	return "MSG_WARNING";
	case MSG_ERROR_SOCKET:	return "MSG_ERROR_SOCKET";
	case MSG_LOG:		return "MSG_LOG";
	case MSG_CLIENT:	return "MSG_CLIENT";
	case MSG_ERROR_UTF8:	return "MSG_ERROR_UTF8";
	case MSG_REDO:		return "MSG_REDO";
	case MSG_STATS:		return "MSG_STATS";
	case MSG_IO_ERROR:	return "MSG_IO_ERROR";
	case MSG_IO_TIMEOUT:	return "MSG_IO_TIMEOUT";
	case MSG_NOOP:		return "MSG_NOOP";
	case MSG_ERROR_EXIT:	return "MSG_ERROR_EXIT";
	case MSG_SUCCESS:	return "MSG_SUCCESS";
	case MSG_DELETED:	return "MSG_DELETED";
	case MSG_NO_SEND:	return "MSG_NO_SEND";
	default:		return (const char *)0;
	}
}

/*
 * Reads a frame header: length in the low 24 bits, MPLEX_BASE + code in
 * the top byte.  A top byte that names no MSG_* code is WIRE_EBADTAG
 * (upstream: "unexpected tag", exit 12); which codes a given role accepts,
 * and how long each may be, is the io layer's business.
 */
/*@ requires \valid(pos) && \valid(tag) && \valid(mlen);
    requires \separated(pos, tag, mlen);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, MPLEX_HDR_LEN);
    assigns *pos, *tag, *mlen;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_EBADTAG;
    ensures len - \old(*pos) < MPLEX_HDR_LEN <==> \result == WIRE_ESHORT;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + MPLEX_HDR_LEN &&
	msgcode_known(*tag) && *mlen <= MPLEX_MAX_LEN;
    ensures \result != WIRE_OK ==>
	*pos == \old(*pos) && *tag == \old(*tag) && *mlen == \old(*mlen);
 */
int
wire_get_mplex_hdr(const uint8_t *buf, size_t len, size_t *pos, uint8_t *tag,
    uint32_t *mlen)
{
	const uint8_t *b;

	if (len - *pos < MPLEX_HDR_LEN)
		return WIRE_ESHORT;
	b = buf + *pos;
	if (b[3] < MPLEX_BASE || !msg_known(b[3] - MPLEX_BASE))
		return WIRE_EBADTAG;
	*tag = (uint8_t)(b[3] - MPLEX_BASE);
	*mlen = (uint32_t)b[0] + (uint32_t)b[1] * 0x100u + (uint32_t)b[2] * 0x10000u;
	*pos += MPLEX_HDR_LEN;
	return WIRE_OK;
}

/*@ requires \valid(pos) && *pos <= cap;
    requires wire_out(buf, cap, *pos, MPLEX_HDR_LEN);
    requires \separated(pos, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. *pos + 3];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures !msgcode_known(tag) || mlen > MPLEX_MAX_LEN ==> \result == WIRE_EINVAL;
    ensures \result == WIRE_OK ==> *pos == \old(*pos) + MPLEX_HDR_LEN;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_mplex_hdr(uint8_t *buf, size_t cap, size_t *pos, uint8_t tag,
    uint32_t mlen)
{
	uint8_t *b;

	if (!msg_known(tag) || mlen > MPLEX_MAX_LEN)
		return WIRE_EINVAL;
	if (cap - *pos < MPLEX_HDR_LEN)
		return WIRE_ENOSPC;
	b = buf + *pos;
	b[0] = (uint8_t)(mlen % 0x100);
	b[1] = (uint8_t)(mlen / 0x100 % 0x100);
	b[2] = (uint8_t)(mlen / 0x10000);
	b[3] = (uint8_t)(tag + MPLEX_BASE);
	*pos += MPLEX_HDR_LEN;
	return WIRE_OK;
}

/*@ requires \valid(rd);
    assigns *rd;
    ensures mplex_rd_ok(rd) && rd->in_frame == 0 && rd->hdr_have == 0;
 */
void
wire_mplex_rd_init(struct wire_mplex_rd *rd)
{
	rd->hdr[0] = rd->hdr[1] = rd->hdr[2] = rd->hdr[3] = 0;
	rd->hdr_have = 0;
	rd->tag = 0;
	rd->frame_len = 0;
	rd->frame_off = 0;
	rd->in_frame = 0;
}

/*
 * Hands out the next chunk of the stream in buf[*pos..len).  Header bytes
 * are gathered in *rd, so a header may be split across calls; payload is
 * never copied.  Returns 1 with *ch set, 0 once the input is used up, or
 * WIRE_EBADTAG with *pos past the bad header, after which the stream
 * cannot be read on.
 */
/*@ requires \valid(rd) && \valid(pos) && \valid(ch);
    requires \separated(rd, pos, ch);
    requires mplex_rd_ok(rd);
    requires *pos <= len;
    requires \valid_read(buf + (*pos .. len - 1));
    assigns *rd, *pos, *ch;
    ensures mplex_rd_ok(rd);
    ensures \result == 1 || \result == 0 || \result == WIRE_EBADTAG;
    ensures \old(*pos) <= *pos <= len;
    ensures \result == 0 ==> *pos == len;
    ensures \result == 1 ==>
	\old(*pos) <= ch->off && ch->off + ch->n == *pos &&
	msgcode_known(ch->tag) && ch->frame_len <= MPLEX_MAX_LEN &&
	ch->frame_off + ch->n <= ch->frame_len &&
	(ch->n == 0 ==> ch->frame_len == 0);
 */
int
wire_mplex_next(struct wire_mplex_rd *rd, const uint8_t *buf, size_t len,
    size_t *pos, struct wire_mplex_chunk *ch)
{
	size_t p = *pos, n, hp;
	uint8_t tag;
	uint32_t mlen;
	int r;

	/*@ loop invariant \at(*pos, Pre) <= p <= len;
	    loop invariant mplex_rd_ok(rd);
	    loop assigns p, *rd, hp, tag, mlen, r;
	    loop variant len - p;
	 */
	while (!rd->in_frame) {
		if (p >= len) {
			*pos = p;
			return 0;
		}
		rd->hdr[rd->hdr_have++] = buf[p++];
		if (rd->hdr_have < MPLEX_HDR_LEN)
			continue;
		rd->hdr_have = 0;
		hp = 0;
		if ((r = wire_get_mplex_hdr(rd->hdr, MPLEX_HDR_LEN, &hp, &tag,
		    &mlen)) != WIRE_OK) {
			*pos = p;
			return r;
		}
		rd->tag = tag;
		rd->frame_len = mlen;
		rd->frame_off = 0;
		rd->in_frame = 1;
	}
	n = rd->frame_len - rd->frame_off;
	if (n > len - p)
		n = len - p;
	if (n == 0 && rd->frame_len != 0) {
		*pos = p;
		return 0;
	}
	ch->tag = rd->tag;
	ch->frame_len = rd->frame_len;
	ch->frame_off = rd->frame_off;
	ch->off = p;
	ch->n = n;
	rd->frame_off += (uint32_t)n;
	if (rd->frame_off == rd->frame_len)
		rd->in_frame = 0;
	*pos = p + n;
	return 1;
}
