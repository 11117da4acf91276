/*
 * mux.h: the multiplexed stream over the io core (spec/03-multiplex.md,
 * spec/07-session.md): what protocol code reads and writes.
 *
 * Input: with multiplexing on, frames are cut apart here; MSG_DATA
 * payload goes into a data buffer the protocol reads from, and every
 * other message is handed whole to the session's handler as soon as its
 * frame is read, wherever it falls between data (messages overtake data).
 * Output: data is staged and sent as MSG_DATA frames of at most
 * MUX_FRAME bytes; a message goes out as its own frame after the data
 * staged before it.  Without multiplexing the bytes pass as they are.
 *
 * Protocol code reads items with mux_more(): the decoders of src/wire
 * run over the data buffer (mux_data/mux_len) and report WIRE_ESHORT
 * until enough has arrived.  Before any wait for input the staged
 * output is handed to the io core, so a peer waiting for it is never
 * starved while we wait for it.
 */
#ifndef VRSYNC_IO_MUX_H
#define VRSYNC_IO_MUX_H

#include <stddef.h>
#include <stdint.h>

#include "io/io.h"

#define MUX_FRAME	65532		/* upstream's largest MSG_DATA payload */
#define MUX_DBUF	(256 * 1024)	/* demultiplexed data held at most */
#define MUX_MSG_MAX	(5120 - 1)	/* text messages are < BIGPATHBUFLEN */

/* Failures, kept in m->err (the first one). */
#define MUX_OK		0
#define MUX_EIO		1	/* the io core failed: io->err says how */
#define MUX_EBADTAG	2	/* a frame with an unknown code: m->bad_tag */
#define MUX_EOVERFLOW	3	/* a message longer than allowed */
#define MUX_EITEM	4	/* an item longer than the data buffer */
#define MUX_EHANDLER	5	/* the message handler refused a message */

struct mux;
/* Called for each message frame (not MSG_DATA); 0 to go on. */
typedef int (*mux_msg_fn)(void *arg, int tag, const uint8_t *p, size_t n);

struct mux {
	struct io	*io;
	int		mplex_in;
	int		mplex_out;
	mux_msg_fn	on_msg;
	void		*arg;
	int		err;
	int		bad_tag;
	uint32_t	bad_len;	/* the over-long message's length */
	int		one_byte;	/* take raw input a byte at a time (the
					 * handshake: what follows it may be
					 * multiplexed) */
	uint32_t	frame_left;	/* MSG_DATA payload not yet taken in */
	size_t		doff;		/* data: dbuf[doff .. doff + dlen) */
	size_t		dlen;
	size_t		olen;		/* staged output: obuf[4 .. 4 + olen) */
	uint64_t	data_in;	/* data bytes received */
	uint64_t	data_out;	/* data bytes sent */
	uint8_t		dbuf[MUX_DBUF];
	uint8_t		mbuf[MUX_MSG_MAX + 1];
	uint8_t		obuf[4 + MUX_FRAME];
};

void	mux_init(struct mux *m, struct io *io, mux_msg_fn fn, void *arg);
/* Input data buffered now. */
static inline const uint8_t *mux_data(const struct mux *m)
{
	return m->dbuf + m->doff;
}
static inline size_t mux_len(const struct mux *m)
{
	return m->dlen;
}
/* The caller used n bytes of mux_data(). */
void	mux_consume(struct mux *m, size_t n);
/* Waits until at least one more data byte is buffered.  0 or -1. */
int	mux_more(struct mux *m);
/* Takes in what the io core already holds, without waiting: messages are
 * handled, data buffered.  Returns mux_len() or -1. */
long	mux_poll(struct mux *m);
/* Reads exactly n data bytes (any n). */
int	mux_read(struct mux *m, uint8_t *buf, size_t n);
/* Reads 1..n data bytes, waiting only if none is buffered. */
long	mux_read_some(struct mux *m, uint8_t *buf, size_t n);

/* Stages data bytes (framed when multiplexing). */
int	mux_write(struct mux *m, const uint8_t *buf, size_t n);
/* One message frame, after the data staged so far. */
int	mux_msg(struct mux *m, int tag, const uint8_t *p, size_t n);
/* Hands the staged data to the io core (no wait for the wire). */
int	mux_stage_out(struct mux *m);
/* ...and waits until the wire has taken everything. */
int	mux_flush(struct mux *m);
/* Bytes mux_write can take now without waiting. */
size_t	mux_room(const struct mux *m);

#endif
