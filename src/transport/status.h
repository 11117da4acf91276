/*
 * status.h: the end of a remote-shell session turned into upstream rsync
 * 3.5.0's exit code and messages (spec 6.5; tests/transport/README.md).
 *
 * Pure: no system call, no global state.  The transport says what it
 * knows once the child is joined: the remote shell's wait status, whether
 * the protocol handshake had completed, how the wire ended (at the
 * protocol's end, by an early EOF, or by a failed write) and who we are
 * (upstream's who_am_i()).  xstatus_decide() picks the code and which of
 * upstream's messages go with it; xstatus_format() writes them.
 *
 * Upstream races here (cleanup.c: a WNOHANG wait for ssh after an EOF);
 * vrsync joins ssh first, so it always takes the outcome where ssh's
 * status is seen: the highest code upstream can give.
 *
 * The text is upstream's byte for byte: "rsync" there is the constant
 * RSYNC_NAME or a literal, never argv[0], so it stays "rsync"; the
 * source places named in "at FILE(LINE)" are upstream 3.5.0's (io.c(285)
 * and so on), so scripts that parse the line see what upstream prints.
 * Only the version in "[who=VERSION]" is the caller's (vrsync's own).
 */
#ifndef VRSYNC_STATUS_H
#define VRSYNC_STATUS_H

#include <stddef.h>
#include <stdint.h>

/* errcode.h (3.5.0) */
#define XS_RERR_OK		0
#define XS_RERR_SOCKETIO	10	/* error in socket IO */
#define XS_RERR_STREAMIO	12	/* error in rsync protocol data stream */
#define XS_RERR_CRASHED		15	/* sibling process crashed */
#define XS_RERR_TERMINATED	16	/* sibling process terminated abnormally */
#define XS_RERR_WAITCHILD	21	/* waitpid() failed */
#define XS_RERR_TIMEOUT		30	/* timeout in data send/receive */
#define XS_RERR_CMD_FAILED	124
#define XS_RERR_CMD_KILLED	125
#define XS_RERR_CMD_RUN		126
#define XS_RERR_CMD_NOTFOUND	127

/* What became of the remote shell. */
#define XS_WAIT_UNKNOWN		0	/* not reaped (waitpid failed) */
#define XS_WAIT_EXITED		1	/* exited with value 0-255 */
#define XS_WAIT_SIGNALED	2	/* killed by signal value */

/* How the wire ended. */
#define XS_END_DONE		0	/* at the protocol's end */
#define XS_END_EOF		1	/* EOF while the protocol wanted more */
#define XS_END_WRITE_ERROR	2	/* a write to the wire failed (errno) */
#define XS_END_TIMEOUT		3	/* --timeout: no data for timeout_s */

/* who_am_i() (rsync.c): the pre-fork client is "Receiver". */
#define XS_WHO_CLIENT		0	/* "Receiver" */
#define XS_WHO_RECEIVER		1	/* "receiver" */
#define XS_WHO_GENERATOR	2	/* "generator" */
#define XS_WHO_SENDER		3	/* "sender" */

/* Which message goes before "rsync error: ...". */
#define XS_MSG_NONE		0
#define XS_MSG_EOF		1	/* connection unexpectedly closed */
#define XS_MSG_WRITE		2	/* [who] write error: TEXT (E) */
#define XS_MSG_WAITPID		3	/* [who] waitpid: No child processes (10) */
#define XS_MSG_TIMEOUT		4	/* [who] io timeout after N seconds -- exiting */

struct xstatus_in {
	int		wait;		/* XS_WAIT_* */
	int		wait_value;	/* exit status, or signal number */
	int		core;		/* signalled and dumped core */
	int		handshake_done;	/* the protocol versions were exchanged */
	int		end;		/* XS_END_* */
	int		write_errno;	/* for XS_END_WRITE_ERROR */
	int		timeout_s;	/* for XS_END_TIMEOUT */
	int		who;		/* XS_WHO_* */
	uint64_t	received;	/* wire bytes read so far */
};

struct xstatus {
	int		code;		/* the exit code, 0-255 */
	int		msg;		/* XS_MSG_* */
	int		site;		/* the upstream source place: XS_SITE_* */
	int		who;
	int		write_errno;
	int		timeout_s;
	uint64_t	received;
};

/* Upstream 3.5.0's exit_cleanup() call sites the message names. */
#define XS_SITE_NONE		0
#define XS_SITE_IO_EOF		1	/* io.c(285): whine_about_eof() */
#define XS_SITE_IO_WRITE	2	/* io.c(949): perform_io() write error */
#define XS_SITE_MAIN_SENDER	3	/* main.c(1394): client_run(), sender */
#define XS_SITE_MAIN_END	4	/* main.c(1956): main(), exit_cleanup(ret) */
#define XS_SITE_IO_TIMEOUT	5	/* io.c(248): check_timeout() */

/*@ predicate xs_in_ok(struct xstatus_in *i) =
	\valid_read(i) &&
	(i->wait == XS_WAIT_UNKNOWN || i->wait == XS_WAIT_EXITED ||
	 i->wait == XS_WAIT_SIGNALED) &&
	(i->wait == XS_WAIT_EXITED ==> 0 <= i->wait_value <= 255) &&
	(i->end == XS_END_DONE || i->end == XS_END_EOF ||
	 i->end == XS_END_WRITE_ERROR || i->end == XS_END_TIMEOUT) &&
	XS_WHO_CLIENT <= i->who <= XS_WHO_SENDER;
    predicate xs_ok(struct xstatus *s) =
	\valid_read(s) && 0 <= s->code <= 255 &&
	XS_MSG_NONE <= s->msg <= XS_MSG_TIMEOUT &&
	XS_SITE_NONE <= s->site <= XS_SITE_IO_TIMEOUT &&
	XS_WHO_CLIENT <= s->who <= XS_WHO_SENDER &&
	(s->code == 0 <==> s->site == XS_SITE_NONE) &&
	(s->code == 0 ==> s->msg == XS_MSG_NONE);
 */

/* upstream's text for an exit code (log.c rerr_names[]) */
const char *xstatus_name(int code);
void	xstatus_wait_of(int status, struct xstatus_in *in);
void	xstatus_child_of(int status, int killed, struct xstatus_in *in);
void	xstatus_decide(const struct xstatus_in *in, struct xstatus *out);
size_t	xstatus_format(const struct xstatus *s, const char *version,
	    size_t vlen, char *buf, size_t cap);

#endif
