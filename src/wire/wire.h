/*
 * wire.h: pure codecs over byte buffers (spec/02-integers.md,
 * spec/03-multiplex.md, spec/04-ndx.md).
 *
 * Nothing here calls the system.  Every decoder has the shape
 *
 *	int wire_get_X(const uint8_t *buf, size_t len, size_t *pos, T *out)
 *
 * It reads the item that starts at buf[*pos], never looks at or beyond
 * buf[len], and returns 0 with *pos advanced past the item, or a negative
 * WIRE_E* code with *pos, *out and any state left untouched, so that a
 * caller holding a partial item may append input and call again.
 * Encoders mirror this with (buf, cap, pos) and fail with WIRE_ENOSPC,
 * writing nothing, when the item does not fit.  The one exception is the
 * stream reader wire_mplex_next, which consumes input as it goes: after
 * its WIRE_EBADTAG the stream is dead (see its comment).
 */
#ifndef VRSYNC_WIRE_H
#define VRSYNC_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define WIRE_OK		0
#define WIRE_ESHORT	(-1)	/* input ends inside the item */
#define WIRE_ERANGE	(-2)	/* well-formed bytes, value out of range */
#define WIRE_EBADTAG	(-3)	/* multiplex header names no known code */
#define WIRE_ENOSPC	(-4)	/* encoder: output buffer too small */
#define WIRE_EINVAL	(-5)	/* encoder: value cannot be encoded */

const char *wire_strerror(int err);

/* Longest encodings, in bytes. */
#define WIRE_VARINT_MAX		5
#define WIRE_VARLONG_MAX	9
#define WIRE_LONGINT_MAX	12
#define WIRE_NDX_MAX		6
#define WIRE_VSTRING_MAXLEN	0x7FFF

/*
 * The proof vocabulary.  wire_in(buf, len, pos, n): the bytes a decoder
 * that reads at most n bytes at pos may touch are readable, and no more
 * is promised, so WP shows the decoder never reads further.  wire_out is
 * the same for an encoder writing at most n bytes into (buf, cap).
 */
/*@ predicate wire_in(uint8_t *buf, integer len, integer pos, integer n) =
	len <= pos + n ? \valid_read(buf + (pos .. len - 1))
	               : \valid_read(buf + (pos .. pos + n - 1));
    predicate wire_out(uint8_t *buf, integer cap, integer pos, integer n) =
	cap <= pos + n ? \valid(buf + (pos .. cap - 1))
	               : \valid(buf + (pos .. pos + n - 1));
 */

/*@ logic integer varint_extra(integer lead) =
	lead < 0x80 ? 0 : lead < 0xC0 ? 1 : lead < 0xE0 ? 2 :
	lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : lead < 0xFC ? 5 : 6;
 */

/* Fixed width, little-endian (spec 2.1). */
int wire_get_byte(const uint8_t *buf, size_t len, size_t *pos, uint8_t *v);
int wire_get_u16(const uint8_t *buf, size_t len, size_t *pos, uint16_t *v);
int wire_get_int32(const uint8_t *buf, size_t len, size_t *pos, int32_t *v);
int wire_get_uint32(const uint8_t *buf, size_t len, size_t *pos, uint32_t *v);
int wire_get_int64(const uint8_t *buf, size_t len, size_t *pos, int64_t *v);
int wire_put_byte(uint8_t *buf, size_t cap, size_t *pos, uint8_t v);
int wire_put_u16(uint8_t *buf, size_t cap, size_t *pos, uint16_t v);
int wire_put_int32(uint8_t *buf, size_t cap, size_t *pos, int32_t v);
int wire_put_uint32(uint8_t *buf, size_t cap, size_t *pos, uint32_t v);
int wire_put_int64(uint8_t *buf, size_t cap, size_t *pos, int64_t v);

/* Protocol < 30 long integer: int32, or -1 then int64 (spec 2.4). */
int wire_get_longint(const uint8_t *buf, size_t len, size_t *pos, int64_t *v);
int wire_put_longint(uint8_t *buf, size_t cap, size_t *pos, int64_t v);

/* Variable length (spec 2.2, 2.3).  min_bytes is 1..8 for varlong. */
int wire_get_varint(const uint8_t *buf, size_t len, size_t *pos, int32_t *v);
int wire_put_varint(uint8_t *buf, size_t cap, size_t *pos, int32_t v);
int wire_get_varlong(const uint8_t *buf, size_t len, size_t *pos,
    int min_bytes, int64_t *v);
int wire_put_varlong(uint8_t *buf, size_t cap, size_t *pos,
    int min_bytes, int64_t v);

/*
 * vstring (spec 2.5): a 1- or 2-byte length then that many bytes.  On
 * success *str points into buf and *slen <= maxlen; a longer string is
 * WIRE_ERANGE, as upstream's "over-long vstring received".
 */
int wire_get_vstring(const uint8_t *buf, size_t len, size_t *pos,
    size_t maxlen, const uint8_t **str, size_t *slen);
int wire_put_vstring(uint8_t *buf, size_t cap, size_t *pos,
    const uint8_t *str, size_t slen);

/* Multiplexing (spec 3). */
#define MPLEX_BASE	7
#define MPLEX_HDR_LEN	4
#define MPLEX_MAX_LEN	0xFFFFFFu

enum msgcode {
	MSG_DATA = 0,		/* stream bytes; length 0 is a keep-alive */
	MSG_ERROR_XFER = 1,	/* text: error that makes the exit 23 */
	MSG_INFO = 2,		/* text: to stdout */
	MSG_ERROR = 3,		/* text: to stderr */
	MSG_WARNING = 4,	/* text: to stderr */
	MSG_ERROR_SOCKET = 5,	/* sibling only */
	MSG_LOG = 6,		/* sibling only */
	MSG_CLIENT = 7,		/* sibling only */
	MSG_ERROR_UTF8 = 8,	/* sibling only */
	MSG_REDO = 9,		/* sibling only: int32 ndx */
	MSG_STATS = 10,		/* sibling only: int64 total_read */
	MSG_IO_ERROR = 22,	/* int32 io_error flags */
	MSG_IO_TIMEOUT = 33,	/* int32 seconds, daemon to client */
	MSG_NOOP = 42,		/* legacy keep-alive, empty */
	MSG_ERROR_EXIT = 86,	/* empty or int32 exit code */
	MSG_SUCCESS = 100,	/* int32 ndx */
	MSG_DELETED = 101,	/* name of a deleted file */
	MSG_NO_SEND = 102	/* int32 ndx the sender could not send */
};

/*@ predicate msgcode_known(integer t) =
	(0 <= t <= 10) || t == 22 || t == 33 || t == 42 || t == 86 ||
	(100 <= t <= 102);
 */

/* The name upstream gives a code ("MSG_INFO"), or NULL for an unknown one. */
const char *wire_msg_name(int tag);

int wire_get_mplex_hdr(const uint8_t *buf, size_t len, size_t *pos,
    uint8_t *tag, uint32_t *mlen);
int wire_put_mplex_hdr(uint8_t *buf, size_t cap, size_t *pos,
    uint8_t tag, uint32_t mlen);

/*
 * Frame reader: cuts a multiplexed byte stream, given in pieces of any
 * size, into chunks.  A chunk is a run of payload bytes of one frame that
 * lies in the current piece; a frame arrives as one or more chunks whose
 * frame_off runs from 0 to frame_len.  An empty frame gives one empty chunk.
 */
struct wire_mplex_rd {
	uint8_t		hdr[MPLEX_HDR_LEN];
	uint8_t		hdr_have;	/* header bytes held, 0..4 */
	uint8_t		tag;		/* of the frame being read */
	uint32_t	frame_len;	/* its payload length */
	uint32_t	frame_off;	/* payload bytes already handed out */
	uint8_t		in_frame;	/* 1 between header and end of payload */
};

struct wire_mplex_chunk {
	uint8_t		tag;
	uint32_t	frame_len;
	uint32_t	frame_off;	/* where data starts within the frame */
	size_t		off;		/* where data starts within buf */
	size_t		n;		/* bytes of payload in this chunk */
};

/*@ predicate mplex_rd_ok(struct wire_mplex_rd *rd) =
	rd->hdr_have < MPLEX_HDR_LEN && rd->frame_off <= rd->frame_len &&
	rd->frame_len <= MPLEX_MAX_LEN && (rd->in_frame == 0 || rd->in_frame == 1) &&
	(rd->in_frame == 1 ==> rd->hdr_have == 0 && msgcode_known(rd->tag)) &&
	(rd->in_frame == 1 && rd->frame_len != 0 ==> rd->frame_off < rd->frame_len);
 */

void wire_mplex_rd_init(struct wire_mplex_rd *rd);
/*
 * Returns 1 with *ch filled, 0 when buf[*pos..len) is used up (a header or
 * payload may be left half read in *rd), or WIRE_EBADTAG with *pos past
 * the bad header and its four bytes left in rd->hdr for the message; the
 * stream cannot be read on after that.
 */
int wire_mplex_next(struct wire_mplex_rd *rd, const uint8_t *buf, size_t len,
    size_t *pos, struct wire_mplex_chunk *ch);

/* File-list index (spec 4). */
#define NDX_DONE		(-1)
#define NDX_FLIST_EOF		(-2)
#define NDX_DEL_STATS		(-3)
#define NDX_FLIST_OFFSET	(-101)

/* One per direction and side: a reader's state follows its writer's. */
struct wire_ndx_state {
	int32_t	prev_positive;
	int32_t	prev_negative;
};

/*@ predicate ndx_state_ok(struct wire_ndx_state *st) =
	-1 <= st->prev_positive && 0 <= st->prev_negative;
 */

void wire_ndx_init(struct wire_ndx_state *st);
/*
 * WIRE_ERANGE: a result outside 0..INT32_MAX (upstream's "Invalid file
 * index"), e.g. fe 00 00 on a fresh state, and INT32_MIN before protocol 30,
 * which has no magnitude (audit/deviations.md).
 */
int wire_get_ndx(struct wire_ndx_state *st, int proto, const uint8_t *buf,
    size_t len, size_t *pos, int32_t *ndx);
int wire_put_ndx(struct wire_ndx_state *st, int proto, uint8_t *buf,
    size_t cap, size_t *pos, int32_t ndx);

#endif
