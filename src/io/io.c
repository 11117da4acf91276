/*
 * io.c: the io core (io.h; spec 6.7).  What it proves (make proofs): no
 * access outside the two buffers whatever the counts the system returns;
 * the child it serves stays un-joined with its fds where they were, apart
 * from the stderr channel closing at its EOF.
 */
#include <errno.h>

#include "io/io.h"

/*@ requires \valid(io) && IO_OK < e <= IO_ECLOSED;
    requires io->err == IO_OK || (IO_OK < io->err <= IO_ECLOSED);
    assigns io->err, io->err_errno;
    ensures IO_OK < io->err <= IO_ECLOSED;
    ensures \result == -1;
 */
static int
fail(struct io *io, int e, int errnum)
{
	if (io->err == IO_OK) {
		io->err = e;
		io->err_errno = errnum;
	}
	return -1;
}

/*
 * Sets up the io over rfd and wfd (the same fd for a socket), made
 * non-blocking; c, when not NULL, is the child whose stderr channel the
 * loop drains (eb and fw its capture and forwarder).  timeout_ms 0: no
 * --timeout.
 */
/*@ requires \valid(io);
    requires usable(rfd) && usable(wfd);
    requires 0 <= timeout_ms <= IO_TIMEOUT_MAX;
    requires c == \null ||
	(child_ok(c) && !joined(c) && errbuf_ok(eb) && errfwd_ok(fw) &&
	 \separated(io, c, eb, fw) && rfd == c->wire_rd &&
	 (wfd == c->wire_wr || (c->wire_wr == -1 && wfd == c->wire_rd)));
    assigns *io;
    ensures io_ok(io);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> io->err == IO_OK;
    ensures io->c == c && io->rfd == rfd && io->wfd == wfd;
 */
int
io_init(struct io *io, int rfd, int wfd, struct child *c, struct errbuf *eb,
    struct errfwd *fw, int timeout_ms)
{
	io->rfd = rfd;
	io->wfd = wfd;
	io->c = c;
	io->eb = eb;
	io->fw = fw;
	io->in_off = io->in_len = 0;
	io->out_off = io->out_len = 0;
	io->timeout_ms = timeout_ms;
	io->last_io = sys_now_ms();
	io->in_eof = 0;
	io->err = IO_OK;
	io->err_errno = 0;
	io->total_read = io->total_written = 0;
	if (sys_nonblock(rfd) != 0 || (wfd != rfd && sys_nonblock(wfd) != 0))
		return fail(io, IO_EPOLL, sys_errno());
	return 0;
}

/* The copies are loops, not memcpy: the compiler turns them into the
 * same calls (-O2), and WP reasons on uint8_t without the libc's char
 * casts. */
/*@ requires n <= 0x7fffffff;
    requires \valid(dst + (0 .. n - 1)) && \valid_read(src + (0 .. n - 1));
    requires \separated(dst + (0 .. n - 1), src + (0 .. n - 1));
    assigns dst[0 .. n - 1];
 */
static void
bytes_copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, dst[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		dst[i] = src[i];
}

/* buf[off .. off + len) to buf[0 .. len): forward, so an overlap is safe
 * (each byte is read before anything is written over it). */
/*@ requires 0 < off && off + len <= cap && cap <= 0x7fffffff;
    requires \valid(buf + (0 .. cap - 1));
    assigns buf[0 .. len - 1];
 */
static void
bytes_to_front(uint8_t *buf, size_t cap, size_t off, size_t len)
{
	size_t i;

	(void)cap;
	/*@ loop invariant 0 <= i <= len;
	    loop assigns i, buf[0 .. len - 1];
	    loop variant len - i;
	 */
	for (i = 0; i < len; i++)
		buf[i] = buf[off + i];
}

/* Moves unread input to the front when it sits against the end, so a
 * read has room. */
/*@ requires io_ok(io);
    assigns io->in[0 .. IO_IN_CAP - 1], io->in_off;
    ensures io_ok(io);
    ensures io->in_len == \old(io->in_len);
    ensures io->in_len < IO_IN_CAP ==> io->in_off + io->in_len < IO_IN_CAP;
 */
static void
in_compact(struct io *io)
{
	if (io->in_len == 0)
		io->in_off = 0;
	else if (io->in_off > 0 && io->in_off + io->in_len == IO_IN_CAP) {
		bytes_to_front(io->in, IO_IN_CAP, io->in_off, io->in_len);
		io->in_off = 0;
	}
}

/*@ requires io_ok(io);
    assigns io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len;
    ensures io_ok(io);
    ensures io->out_len - io->out_off == \old(io->out_len - io->out_off);
    ensures io->out_len < IO_OUT_CAP || io->out_off == 0;
 */
static void
out_compact(struct io *io)
{
	size_t pending = io->out_len - io->out_off;

	if (pending == 0)
		io->out_off = io->out_len = 0;
	else if (io->out_off > 0 && io->out_len == IO_OUT_CAP) {
		bytes_to_front(io->out, IO_OUT_CAP, io->out_off, pending);
		io->out_off = 0;
		io->out_len = pending;
	}
}

/*@ requires io_ok(io);
    assigns \nothing;
    ensures -1 <= \result <= IO_TIMEOUT_MAX;
 */
static int
poll_ms(const struct io *io, int64_t now)
{
	int64_t left;

	if (io->timeout_ms == 0)
		return -1;
	if (now < io->last_io)
		return io->timeout_ms;
	left = io->last_io + io->timeout_ms - now;
	return left <= 0 ? 0 : (int)left;
}

/*@ predicate io_same_child{L1, L2}(struct io *io) =
	\at(io->c, L1) == \at(io->c, L2) &&
	(\at(io->c, L2) != \null ==>
	    \at(io->c->pid, L1) == \at(io->c->pid, L2) &&
	    \at(io->c->wire_rd, L1) == \at(io->c->wire_rd, L2) &&
	    \at(io->c->wire_wr, L1) == \at(io->c->wire_wr, L2));
    predicate io_fds_kept{L1, L2}(struct io *io) =
	(\at(io->c, L1) == \null ==> fds_same{L1, L2}(-1, -1, -1, -1)) &&
	(\at(io->c, L1) != \null ==>
	    fds_same{L1, L2}(\at(io->c->err_fd, L1), -1, -1, -1) &&
	    (\at(io->c->err_fd, L2) == \at(io->c->err_fd, L1) ||
	     \at(io->c->err_fd, L2) == -1));
 */

/* The stderr channel is readable: one read into the capture and the
 * forwarder (at its EOF the channel closes). */
/*@ requires io_ok(io) && io->c != \null && io->c->err_fd != -1;
    assigns io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
	io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
    ensures io_ok(io);
    ensures io_same_child{Pre, Post}(io);
    ensures io_fds_kept{Pre, Post}(io);
 */
static void
pump_stderr(struct io *io)
{
	(void)child_read_stderr(io->c, io->eb, io->fw);
}

/* The wire takes output: one write of what is pending. */
/*@ requires io_ok(io) && io->err == IO_OK;
    requires io->wfd != -1 && io->out_off < io->out_len;
    assigns io->out_off, io->out_len, io->total_written, io->last_io,
	io->err, io->err_errno;
    ensures io_ok(io);
 */
static void
pump_write(struct io *io)
{
	ssize_t n = sys_write(io->wfd, io->out + io->out_off,
	    io->out_len - io->out_off);
	int e;

	if (n > 0) {
		io->out_off += (size_t)n;
		/* 16 EiB: a count that could wrap stops instead */
		if (io->total_written <= UINT64_MAX - (uint64_t)n)
			io->total_written += (uint64_t)n;
		io->last_io = sys_now_ms();
		if (io->out_off == io->out_len)
			io->out_off = io->out_len = 0;
	} else if (n < 0 && (e = sys_errno()) != EAGAIN && e != EWOULDBLOCK)
		(void)fail(io, IO_EWRITE, e);
}

/* The wire offers input (or EOF): one read into the room after the
 * unread bytes. */
/*@ requires io_ok(io) && io->err == IO_OK;
    requires io->in_off + io->in_len < IO_IN_CAP;
    assigns io->in[io->in_off + io->in_len .. IO_IN_CAP - 1], io->in_len, io->in_eof,
	io->total_read, io->last_io, io->err, io->err_errno;
    ensures io_ok(io);
 */
static void
pump_read(struct io *io)
{
	ssize_t n = sys_read(io->rfd, io->in + io->in_off + io->in_len,
	    IO_IN_CAP - io->in_off - io->in_len);
	int e;

	if (n > 0) {
		io->in_len += (size_t)n;
		if (io->total_read <= UINT64_MAX - (uint64_t)n)
			io->total_read += (uint64_t)n;
		io->last_io = sys_now_ms();
	} else if (n == 0)
		io->in_eof = 1;
	else if ((e = sys_errno()) != EAGAIN && e != EWOULDBLOCK)
		(void)fail(io, IO_EREAD, e);
}

/*
 * One round of the loop: one poll() over the wire input (while the input
 * buffer has room and no EOF was seen), the wire output (while output is
 * pending) and the stderr channel; then reads the channel, writes what
 * the wire takes, reads what it offers.  Waits at most until the
 * --timeout deadline, forever without one.  0, or -1 with io->err set.
 * With nothing to wait for (input at EOF or the buffer full, nothing to
 * write, no channel) it returns at once: 0 while unread input remains,
 * which the caller must take before calling again, IO_EEOF once none is
 * left.
 */
/*@ requires io_ok(io);
    assigns io->in[0 .. IO_IN_CAP - 1], io->in_off, io->in_len, io->in_eof,
	io->out_off, io->out_len,
	io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
	io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
	io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
    ensures io_ok(io);
    ensures io_same_child{Pre, Post}(io);
    ensures io_fds_kept{Pre, Post}(io);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> io->err == IO_OK;
 */
int
io_pump(struct io *io)
{
	int ready[3], rd = -1, wr = -1, ef = -1;

	if (io->err != IO_OK)
		return -1;
	in_compact(io);
	if (!io->in_eof && io->in_off + io->in_len < IO_IN_CAP)
		rd = io->rfd;
	if (io->out_off < io->out_len && io->wfd != -1)
		wr = io->wfd;
	if (io->c != NULL && io->c->err_fd != -1)
		ef = io->c->err_fd;
	/* nothing to wait for: unread input is the caller's to take (a full
	 * buffer included), and only an empty one at EOF is the end */
	if (rd == -1 && wr == -1 && ef == -1)
		return io->in_eof && io->in_len == 0 ? fail(io, IO_EEOF, 0) : 0;
	if (sys_poll3(rd, wr, ef, poll_ms(io, sys_now_ms()), ready) != 0)
		return fail(io, IO_EPOLL, sys_errno());
	if (ready[2])
		pump_stderr(io);
	/* writes before reads: a peer that is gone shows as EPIPE while we
	 * still have data for it, as upstream's sender sees it */
	if (ready[1])
		pump_write(io);
	if (ready[0] && io->err == IO_OK)
		pump_read(io);
	if (io->err == IO_OK && io->timeout_ms != 0 &&
	    sys_now_ms() - io->last_io >= io->timeout_ms)
		return fail(io, IO_ETIMEOUT, 0);
	return io->err != IO_OK ? -1 : 0;
}

/* Reads exactly n bytes into buf, waiting as long as it takes (up to the
 * --timeout).  0, or -1 with io->err set (IO_EEOF: the wire ended first;
 * buf then holds an unspecified prefix). */
/*@ requires io_ok(io);
    requires \valid(buf + (0 .. n - 1));
    requires \separated(buf + (0 .. n - 1), io, io->c, io->eb, io->fw);
    assigns buf[0 .. n - 1], io->in[0 .. IO_IN_CAP - 1], io->in_off, io->in_len, io->in_eof,
	io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
	io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
	io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
	io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
    ensures io_ok(io);
    ensures io_same_child{Pre, Post}(io);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> io->err == IO_OK;
 */
int
io_read(struct io *io, uint8_t *buf, size_t n)
{
	size_t done = 0, k;

	/*@ loop invariant io_ok(io) && io_same_child{Pre, Here}(io);
	    loop invariant 0 <= done <= n;
	    loop assigns done, k, buf[0 .. n - 1], io->in[0 .. IO_IN_CAP - 1], io->in_off,
		io->in_len, io->in_eof, io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
		io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
		io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
		io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
		io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
	 */
	while (done < n) {
		if (io->err != IO_OK)
			return -1;
		if (io->in_len == 0) {
			if (io->in_eof)
				return fail(io, IO_EEOF, 0);
			(void)io_pump(io);
			continue;
		}
		k = n - done < io->in_len ? n - done : io->in_len;
		bytes_copy(buf + done, io->in + io->in_off, k);
		io->in_off += k;
		io->in_len -= k;
		done += k;
	}
	return io->err != IO_OK ? -1 : 0;
}

/* Queues n bytes for the wire, waiting for room as long as it takes (up
 * to the --timeout); the bytes go out as the wire takes them, and all of
 * them by io_flush.  0, or -1 with io->err set. */
/*@ requires io_ok(io);
    requires \valid_read(buf + (0 .. n - 1));
    requires \separated(buf + (0 .. n - 1), io, io->c, io->eb, io->fw);
    assigns io->in[0 .. IO_IN_CAP - 1], io->in_off, io->in_len, io->in_eof,
	io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
	io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
	io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
	io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
    ensures io_ok(io);
    ensures io_same_child{Pre, Post}(io);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> io->err == IO_OK;
 */
int
io_write(struct io *io, const uint8_t *buf, size_t n)
{
	size_t done = 0, k, room;

	/*@ loop invariant io_ok(io) && io_same_child{Pre, Here}(io);
	    loop invariant 0 <= done <= n;
	    loop assigns done, k, room, io->in[0 .. IO_IN_CAP - 1], io->in_off,
		io->in_len, io->in_eof, io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
		io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
		io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
		io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
		io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
	 */
	while (done < n) {
		if (io->err != IO_OK)
			return -1;
		if (io->wfd == -1)
			return fail(io, IO_ECLOSED, 0);
		out_compact(io);
		room = IO_OUT_CAP - io->out_len;
		if (room == 0) {
			(void)io_pump(io);
			continue;
		}
		k = n - done < room ? n - done : room;
		bytes_copy(io->out + io->out_len, buf + done, k);
		io->out_len += k;
		done += k;
	}
	return io->err != IO_OK ? -1 : 0;
}

/* Waits until every queued byte is written.  0, or -1 with io->err set. */
/*@ requires io_ok(io);
    assigns io->in[0 .. IO_IN_CAP - 1], io->in_off, io->in_len, io->in_eof,
	io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
	io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
	io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
	io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
    ensures io_ok(io);
    ensures io_same_child{Pre, Post}(io);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> io->out_off == io->out_len;
 */
int
io_flush(struct io *io)
{
	/*@ loop invariant io_ok(io) && io_same_child{Pre, Here}(io);
	    loop assigns io->in[0 .. IO_IN_CAP - 1], io->in_off,
		io->in_len, io->in_eof, io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
		io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
		io->c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
		io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
		io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
	 */
	while (io->out_off < io->out_len) {
		if (io->err != IO_OK)
			return -1;
		if (io->wfd == -1)
			return fail(io, IO_ECLOSED, 0);
		(void)io_pump(io);
	}
	return io->err != IO_OK ? -1 : 0;
}

/*
 * The end of our output (spec 6.4): everything queued is flushed, then
 * the peer gets EOF (the child's wire half-closed: shutdown for a socket,
 * close for a pipe) while we go on reading.  A server (no child) just
 * stops writing; its wire ends when it exits.
 */
/*@ requires io_ok(io);
    assigns io->in[0 .. IO_IN_CAP - 1], io->in_off, io->in_len, io->in_eof,
	io->out[0 .. IO_OUT_CAP - 1], io->out_off, io->out_len,
	io->last_io, io->err, io->err_errno, io->total_read, io->total_written,
	io->c->err_fd, io->c->wire_wr, io->wfd,
	fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	io->eb->data[0 .. ERRBUF_CAP - 1], io->eb->head, io->eb->len, io->eb->dropped,
	io->fw->line[0 .. ERRFWD_LINE_MAX - 1], io->fw->len;
    ensures io_ok(io);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> io->wfd == -1;
 */
int
io_half_close(struct io *io)
{
	if (io->err != IO_OK)
		return -1;
	if (io->wfd == -1)
		return 0;
	if (io_flush(io) != 0)
		return -1;
	io->wfd = -1;
	if (io->c != NULL && child_half_close(io->c) != 0)
		return fail(io, IO_EWRITE, sys_errno());
	return 0;
}

/* Bytes io_read can return without waiting. */
/*@ requires io_ok(io);
    assigns \nothing;
    ensures \result == io->in_len;
 */
size_t
io_avail(const struct io *io)
{
	return io->in_len;
}

/* Bytes io_write can queue without waiting. */
/*@ requires io_ok(io);
    assigns \nothing;
    ensures \result == IO_OUT_CAP - (io->out_len - io->out_off);
 */
size_t
io_out_room(const struct io *io)
{
	return IO_OUT_CAP - (io->out_len - io->out_off);
}
