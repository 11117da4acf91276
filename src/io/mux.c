/*
 * mux.c: the multiplexed stream (mux.h; spec/03-multiplex.md).
 */
#include <string.h>

#include "io/mux.h"
#include "wire/wire.h"

static int
mfail(struct mux *m, int e)
{
	if (m->err == MUX_OK)
		m->err = e;
	return -1;
}

/* A starting point: no frame in hand, nothing staged. */
void
mux_init(struct mux *m, struct io *io, mux_msg_fn fn, void *arg)
{
	m->io = io;
	m->mplex_in = m->mplex_out = 0;
	m->on_msg = fn;
	m->arg = arg;
	m->err = MUX_OK;
	m->bad_tag = 0;
	m->bad_len = 0;
	m->one_byte = 0;
	m->frame_left = 0;
	m->doff = m->dlen = 0;
	m->olen = 0;
	m->data_in = m->data_out = 0;
}

void
mux_consume(struct mux *m, size_t n)
{
	if (n > m->dlen)
		n = m->dlen;
	m->doff += n;
	m->dlen -= n;
	if (m->dlen == 0)
		m->doff = 0;
}

/* Room at the end of dbuf, moving the held data to the front when that
 * makes more. */
static size_t
data_room(struct mux *m)
{
	if (m->doff > 0 && m->doff + m->dlen > MUX_DBUF / 2) {
		memmove(m->dbuf, m->dbuf + m->doff, m->dlen);
		m->doff = 0;
	}
	return MUX_DBUF - m->doff - m->dlen;
}

/* Moves up to room raw bytes the io holds (waiting for one if wait and
 * none is there) into dbuf.  Returns bytes moved or -1. */
static long
take_raw(struct mux *m, size_t max, int wait)
{
	size_t k = io_avail(m->io);

	if (k == 0) {
		if (!wait)
			return 0;
		if (mux_stage_out(m) != 0)
			return -1;
		while ((k = io_avail(m->io)) == 0) {
			/* at the wire's end, io_read records the EOF; io_pump
			 * would go on waiting for the stderr channel */
			if (m->io->in_eof) {
				uint8_t b;

				(void)io_read(m->io, &b, 1);
				return mfail(m, MUX_EIO);
			}
			if (io_pump(m->io) != 0)
				return mfail(m, MUX_EIO);
		}
	}
	if (k > max)
		k = max;
	if (m->one_byte && !m->mplex_in)
		k = 1;
	if (io_read(m->io, m->dbuf + m->doff + m->dlen, k) != 0)
		return mfail(m, MUX_EIO);
	m->dlen += k;
	m->data_in += k;
	return (long)k;
}

/* Reads exactly n raw bytes from the io (waiting), staged output first. */
static int
raw_exact(struct mux *m, uint8_t *buf, size_t n)
{
	if (io_avail(m->io) < n && mux_stage_out(m) != 0)
		return -1;
	if (io_read(m->io, buf, n) != 0)
		return mfail(m, MUX_EIO);
	return 0;
}

/* One frame header and, for a message, its payload, handled.  Called
 * only when no data frame is open. */
static int
read_frame(struct mux *m)
{
	uint8_t hdr[MPLEX_HDR_LEN], tag;
	uint32_t len;
	size_t pos = 0;

	if (raw_exact(m, hdr, sizeof hdr) != 0)
		return -1;
	if (wire_get_mplex_hdr(hdr, sizeof hdr, &pos, &tag, &len) != 0) {
		/* as upstream reads it: the top byte of a signed int32 */
		m->bad_tag = (int)(int8_t)hdr[3] - MPLEX_BASE;
		return mfail(m, MUX_EBADTAG);
	}
	if (tag == MSG_DATA) {
		m->frame_left = len;
		return 0;
	}
	if (len > MUX_MSG_MAX) {
		m->bad_tag = tag;
		m->bad_len = len;
		return mfail(m, MUX_EOVERFLOW);
	}
	if (raw_exact(m, m->mbuf, len) != 0)
		return -1;
	m->mbuf[len] = 0;
	if (m->on_msg != NULL && m->on_msg(m->arg, tag, m->mbuf, len) != 0)
		return mfail(m, MUX_EHANDLER);
	return 0;
}

/*
 * One step of input: moves data into dbuf or handles one message.
 * wait 0: only what the io already holds (a frame's header and message
 * payload, once begun, are waited for: the peer writes them whole).
 * Returns data bytes added (0 for a message or nothing) or -1.
 */
static long
step_in(struct mux *m, int wait)
{
	size_t room;

	if (m->err != MUX_OK)
		return -1;
	room = data_room(m);
	if (room == 0)
		return mfail(m, MUX_EITEM);
	if (!m->mplex_in)
		return take_raw(m, room, wait);
	if (m->frame_left == 0) {
		if (!wait && io_avail(m->io) < MPLEX_HDR_LEN)
			return 0;
		return read_frame(m) != 0 ? -1 : 0;
	}
	if (room > m->frame_left)
		room = m->frame_left;
	{
		long k = take_raw(m, room, wait);

		if (k > 0)
			m->frame_left -= (uint32_t)k;
		return k;
	}
}

int
mux_more(struct mux *m)
{
	long k;

	do {
		k = step_in(m, 1);
	} while (k == 0);
	return k < 0 ? -1 : 0;
}

long
mux_poll(struct mux *m)
{
	while (m->err == MUX_OK && io_avail(m->io) > 0 && data_room(m) > 0) {
		if (m->mplex_in && m->frame_left == 0 &&
		    io_avail(m->io) < MPLEX_HDR_LEN)
			break;
		if (step_in(m, 0) < 0)
			return -1;
	}
	return m->err != MUX_OK ? -1 : (long)m->dlen;
}

int
mux_read(struct mux *m, uint8_t *buf, size_t n)
{
	size_t k;

	while (n > 0) {
		if (m->dlen == 0 && mux_more(m) != 0)
			return -1;
		k = n < m->dlen ? n : m->dlen;
		memcpy(buf, m->dbuf + m->doff, k);
		mux_consume(m, k);
		buf += k;
		n -= k;
	}
	return 0;
}

long
mux_read_some(struct mux *m, uint8_t *buf, size_t n)
{
	size_t k;

	if (n == 0)
		return 0;
	if (m->dlen == 0 && mux_more(m) != 0)
		return -1;
	k = n < m->dlen ? n : m->dlen;
	memcpy(buf, m->dbuf + m->doff, k);
	mux_consume(m, k);
	return (long)k;
}

int
mux_stage_out(struct mux *m)
{
	size_t pos = 0;

	if (m->err != MUX_OK)
		return -1;
	if (m->olen == 0)
		return 0;
	if (m->mplex_out) {
		(void)wire_put_mplex_hdr(m->obuf, 4, &pos, MSG_DATA, (uint32_t)m->olen);
		if (io_write(m->io, m->obuf, 4 + m->olen) != 0)
			return mfail(m, MUX_EIO);
	} else if (io_write(m->io, m->obuf + 4, m->olen) != 0)
		return mfail(m, MUX_EIO);
	m->olen = 0;
	return 0;
}

int
mux_write(struct mux *m, const uint8_t *buf, size_t n)
{
	size_t k;

	if (m->err != MUX_OK)
		return -1;
	m->data_out += n;
	while (n > 0) {
		if (m->olen == MUX_FRAME && mux_stage_out(m) != 0)
			return -1;
		k = MUX_FRAME - m->olen;
		if (k > n)
			k = n;
		memcpy(m->obuf + 4 + m->olen, buf, k);
		m->olen += k;
		buf += k;
		n -= k;
	}
	return 0;
}

int
mux_msg(struct mux *m, int tag, const uint8_t *p, size_t n)
{
	uint8_t hdr[MPLEX_HDR_LEN];
	size_t pos = 0;

	if (mux_stage_out(m) != 0)
		return -1;
	if (!m->mplex_out)
		return 0;	/* nowhere to say it: upstream drops it too */
	if (wire_put_mplex_hdr(hdr, sizeof hdr, &pos, (uint8_t)tag, (uint32_t)n) != 0)
		return mfail(m, MUX_EOVERFLOW);
	if (io_write(m->io, hdr, sizeof hdr) != 0 ||
	    (n > 0 && io_write(m->io, p, n) != 0))
		return mfail(m, MUX_EIO);
	return 0;
}

int
mux_flush(struct mux *m)
{
	if (mux_stage_out(m) != 0)
		return -1;
	if (io_flush(m->io) != 0)
		return mfail(m, MUX_EIO);
	return 0;
}

size_t
mux_room(const struct mux *m)
{
	size_t room = io_out_room(m->io);
	size_t staged = m->olen + 4;

	return room > staged ? room - staged : 0;
}
