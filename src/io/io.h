/*
 * io.h: the io core (brief section 4, spec 6.7): one poll() loop under a
 * blocking API, single-threaded.
 *
 * Protocol code calls io_read (exactly n bytes), io_write (buffered) and
 * io_flush, which block; underneath, every wait is one poll() over the
 * wire input, the wire output and the child's stderr channel, so while
 * vrsync waits for one of them it keeps the others moving: a write that
 * would block reads input into the buffer, and the remote shell's stderr
 * is drained whatever the wire does.  The wire fds are non-blocking.
 *
 * Code that must not block on output (the pulling side's generator runs
 * ahead only while room allows) asks io_out_room() and io_avail() and
 * calls io_pump() for one round when it has nothing else to do.
 *
 * --timeout is a poll deadline: no byte moved either way for timeout_ms
 * ends the io with IO_ETIMEOUT (upstream io.c check_timeout(): "io
 * timeout after N seconds -- exiting", code 30).  No SIGALRM, no thread.
 *
 * The first failure is kept in io->err and every later call returns it:
 * the caller reports it once, at the end, through the transport's join.
 */
#ifndef VRSYNC_IO_H
#define VRSYNC_IO_H

#include <stddef.h>
#include <stdint.h>

#include "transport/child.h"

#define IO_IN_CAP	(256 * 1024)
#define IO_OUT_CAP	(256 * 1024)
/* longest --timeout, in ms (upstream takes any int of seconds; a day
 * keeps the deadline arithmetic far from overflow) */
#define IO_TIMEOUT_MAX	(86400 * 1000)

#define IO_OK		0
#define IO_EEOF		1	/* the wire's input ended */
#define IO_ETIMEOUT	2	/* no data either way for timeout_ms */
#define IO_EREAD	3	/* read failed: err_errno */
#define IO_EWRITE	4	/* write failed: err_errno (EPIPE: peer gone) */
#define IO_EPOLL	5	/* poll failed: err_errno */
#define IO_ECLOSED	6	/* a write after io_half_close */

struct io {
	int		rfd;		/* wire input, non-blocking */
	int		wfd;		/* wire output (may be rfd); -1 once half-closed */
	struct child	*c;		/* the child at the other end, or NULL (a server) */
	struct errbuf	*eb;		/* its stderr capture and forwarder */
	struct errfwd	*fw;
	size_t		in_off;		/* unread input: in[in_off .. in_off + in_len) */
	size_t		in_len;
	size_t		out_off;	/* unsent output: out[out_off .. out_len) */
	size_t		out_len;
	int		timeout_ms;	/* 0: none */
	int64_t		last_io;	/* sys_now_ms() when a byte last moved */
	int		in_eof;
	int		err;		/* IO_E*, the first failure */
	int		err_errno;
	uint64_t	total_read;
	uint64_t	total_written;
	uint8_t		in[IO_IN_CAP];
	uint8_t		out[IO_OUT_CAP];
};

/*@ predicate io_bufs_ok(struct io *io) =
	io->in_off <= IO_IN_CAP && io->in_len <= IO_IN_CAP - io->in_off &&
	io->out_off <= io->out_len <= IO_OUT_CAP;
    predicate io_child_ok(struct io *io) =
	io->c == \null ||
	(child_ok(io->c) && !joined(io->c) && errbuf_ok(io->eb) && errfwd_ok(io->fw) &&
	 \separated(io, io->c, io->eb, io->fw) &&
	 io->rfd == io->c->wire_rd &&
	 (io->wfd == -1 || io->wfd == io->c->wire_wr ||
	  (io->c->wire_wr == -1 && io->wfd == io->c->wire_rd)));
    predicate io_ok(struct io *io) =
	\valid(io) && io_bufs_ok(io) && io_child_ok(io) &&
	usable(io->rfd) && (io->wfd == -1 || usable(io->wfd)) &&
	0 <= io->timeout_ms <= IO_TIMEOUT_MAX &&
	0 <= io->last_io <= 0x7fffffffffffffff / 2 &&
	IO_OK <= io->err <= IO_ECLOSED;
 */

int	io_init(struct io *io, int rfd, int wfd, struct child *c,
	    struct errbuf *eb, struct errfwd *fw, int timeout_ms);
int	io_pump(struct io *io);
int	io_read(struct io *io, uint8_t *buf, size_t n);
int	io_write(struct io *io, const uint8_t *buf, size_t n);
int	io_flush(struct io *io);
int	io_half_close(struct io *io);
size_t	io_avail(const struct io *io);
size_t	io_out_room(const struct io *io);

#endif
