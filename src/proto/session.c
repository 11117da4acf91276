/*
 * session.c: what every role shares (session.h; spec/07-session.md):
 * typed reads and writes over the multiplexed stream, the messages a
 * peer may send, the handshake, and the way a session ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fs/fs.h"
#include "proto/session.h"
#include "transport/child.h"
#include "transport/status.h"

#ifndef VRSYNC_VERSION
#define VRSYNC_VERSION "0.0.0"
#endif

static void
put_err(const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		buf += w;
		n -= (size_t)w;
	}
}

/* Text to the user: on a server, errors go to our stderr (upstream's
 * msgs2stderr default: ssh carries it); info goes in MSG_INFO. */
static void __attribute__((format(printf, 3, 0)))
vsay(struct session *s, int tag, const char *fmt, va_list ap)
{
	char buf[MUX_MSG_MAX + 1];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	if (tag == MSG_INFO && s->am_server && s->mux != NULL &&
	    s->mux->mplex_out) {
		(void)mux_msg(s->mux, MSG_INFO, (const uint8_t *)buf, (size_t)n);
		return;
	}
	if (tag == MSG_INFO) {
		if (s->o->quiet)
			return;		/* log.c rwrite: -q drops FINFO */
		fwrite(buf, 1, (size_t)n, stdout);
		fflush(stdout);
	} else {
		if (s->need_newline) {
			/* upstream's output_needs_newline: on the error's stream */
			put_err("\n", 1);
			s->need_newline = 0;
		}
		fflush(stdout);
		put_err(buf, (size_t)n);
	}
}

void
sess_info(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(s, MSG_INFO, fmt, ap);
	va_end(ap);
}

void
sess_error(struct session *s, int xfer, const char *fmt, ...)
{
	va_list ap;

	if (xfer)
		s->got_xfer_error = 1;
	va_start(ap, fmt);
	vsay(s, MSG_ERROR, fmt, ap);
	va_end(ap);
}

/* who_am_i() in the exit line */
static const char *
who(const struct session *s)
{
	return s->who != NULL ? s->who : s->am_server ? "server" : "client";
}

/*
 * The end (upstream _exit_cleanup + log_exit): io_error turns a 0 into
 * 23/24; a client joins its child and takes its status if higher; a
 * non-zero code is announced "rsync error: TEXT (code N) at SITE
 * [who=VERSION]" (24 as a warning).
 */
void
sess_exit(struct session *s, int code, const char *site)
{
	char line[512];
	int st;

	int at_end = code == 0;

	/* no partial file is left in place of a good one, nor beside it */
	if (s->tmp_root != NULL && s->tmp_name[0] != 0) {
		(void)fs_unlink(s->tmp_root, s->tmp_name);
		s->tmp_name[0] = 0;
	}

	if (code == 0 && s->exit_code != 0)
		code = s->exit_code;
	if (code == 0) {
		if (s->io_error & IOERR_DEL_LIMIT)
			code = 25;
		if (s->io_error & IOERR_VANISHED)
			code = RERR_VANISHED;
		if ((s->io_error & IOERR_GENERAL) || s->got_xfer_error)
			code = RERR_PARTIAL;
	}
	/* the synchronised error exit (cleanup.c): the peer learns our code */
	if (code != 0 && code != RERR_SOCKETIO && code != RERR_STREAMIO &&
	    code != 19 && code != RERR_TIMEOUT && !s->shutting_down &&
	    !s->quiet_exit && s->proto >= 31 && s->mux != NULL &&
	    s->mux->mplex_out && s->mux->err == MUX_OK) {
		int32_t c = code;
		uint8_t b[4] = { (uint8_t)c, (uint8_t)(c >> 8), (uint8_t)(c >> 16),
		    (uint8_t)(c >> 24) };

		(void)mux_msg(s->mux, MSG_ERROR_EXIT, b, 4);
	}
	if (s->mux != NULL && s->mux->err == MUX_OK)
		(void)mux_flush(s->mux);
	if (s->child != NULL) {
		if (code != 0 && s->child->wait_ms > CHILD_ERROR_WAIT_MS)
			s->child->wait_ms = CHILD_ERROR_WAIT_MS;
		st = child_join(s->child, s->eb, s->fw);
		/* client_run: MAX(our code, the child's status) */
		if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) > code)
			code = WEXITSTATUS(st);
		else if (st >= 0 && WIFSIGNALED(st) && code < 16)
			code = 16;
	}
	/* a server says nothing at the normal end (log_exit, am_server 2):
	 * its client reports the code */
	if (code != 0 && !s->quiet_exit && !(s->am_server && at_end)) {
		snprintf(line, sizeof line, "rsync %s: %s (code %d) at %s [%s=%s]\n",
		    code == RERR_VANISHED ? "warning" : "error",
		    xstatus_name(code), code, site, who(s), VRSYNC_VERSION);
		fflush(stdout);
		put_err(line, strlen(line));
	}
	fflush(stdout);
	_exit(code);
}

void
sess_fatal(struct session *s, int code, const char *site, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(s, MSG_ERROR, fmt, ap);
	va_end(ap);
	sess_exit(s, code, site);
}

/*
 * A client whose wire failed: the remote shell joined first, then
 * upstream's message and code for how the wire ended and how the shell
 * exited (transport/status.c, the rules the transport tests pin down).
 */
static void __attribute__((noreturn))
client_io_exit(struct session *s)
{
	struct xstatus_in xi;
	struct xstatus xs;
	char msg[1024];
	size_t n;
	int st;
	const char *w = who(s);

	if (s->tmp_root != NULL && s->tmp_name[0] != 0) {
		(void)fs_unlink(s->tmp_root, s->tmp_name);
		s->tmp_name[0] = 0;
	}
	if (s->child->wait_ms > CHILD_ERROR_WAIT_MS)
		s->child->wait_ms = CHILD_ERROR_WAIT_MS;
	st = child_join(s->child, s->eb, s->fw);
	memset(&xi, 0, sizeof xi);
	xstatus_child_of(st, s->child->killed, &xi);
	xi.handshake_done = s->handshake_done;
	xi.end = s->io->err == IO_EWRITE ? XS_END_WRITE_ERROR :
	    s->io->err == IO_ETIMEOUT ? XS_END_TIMEOUT : XS_END_EOF;
	xi.write_errno = s->io->err_errno;
	xi.timeout_s = s->o->timeout;
	xi.who = strcmp(w, "sender") == 0 ? XS_WHO_SENDER :
	    strcmp(w, "generator") == 0 ? XS_WHO_GENERATOR :
	    strcmp(w, "receiver") == 0 ? XS_WHO_RECEIVER : XS_WHO_CLIENT;
	xi.received = s->io->total_read;
	xstatus_decide(&xi, &xs);
	n = xstatus_format(&xs, VRSYNC_VERSION, strlen(VRSYNC_VERSION), msg,
	    sizeof msg);
	fflush(stdout);
	put_err(msg, n);
	_exit(xs.code);
}

/* A failure of the stream, told as upstream tells it. */
void
sess_io_fatal(struct session *s)
{
	struct mux *m = s->mux;
	struct io *io = s->io;

	if (m->err == MUX_EBADTAG)
		sess_fatal(s, RERR_STREAMIO, "io.c(1567)",
		    "unexpected tag %d [%s]\n", m->bad_tag, who(s));
	if (m->err == MUX_EOVERFLOW)
		sess_fatal(s, RERR_STREAMIO, "io.c(1599)",
		    "multiplexing overflow %d:%u [%s]\n", m->bad_tag,
		    (unsigned)m->bad_len, who(s));
	if (m->err == MUX_EITEM)
		sess_fatal(s, RERR_PROTOCOL, "io.c(1700)",
		    "protocol item longer than %d bytes [%s]\n", MUX_DBUF, who(s));
	if (m->err == MUX_EHANDLER)
		sess_exit(s, s->exit_code ? s->exit_code : RERR_STREAMIO,
		    "io.c(1631)");
	if (io->err == IO_EREAD && io->err_errno == ECONNRESET)
		io->err = IO_EEOF;	/* a socket peer gone with our bytes unread */
	if (!s->am_server && s->child != NULL)
		client_io_exit(s);
	switch (io->err) {
	case IO_ETIMEOUT:
		sess_fatal(s, RERR_TIMEOUT, "io.c(248)",
		    "[%s] io timeout after %d seconds -- exiting\n", who(s),
		    s->o->timeout);
	case IO_EWRITE:
		sess_fatal(s, RERR_SOCKETIO, "io.c(949)",
		    "rsync: [%s] write error: %s (%d)\n", who(s),
		    strerror(io->err_errno), io->err_errno);
	case IO_EREAD:
		sess_fatal(s, RERR_SOCKETIO, "io.c(906)",
		    "rsync: [%s] read error: %s (%d)\n", who(s),
		    strerror(io->err_errno), io->err_errno);
	default:
		if (s->am_server)
			sess_exit(s, RERR_STREAMIO, "io.c(285)");
		sess_fatal(s, RERR_STREAMIO, "io.c(285)",
		    "rsync: connection unexpectedly closed (%llu bytes "
		    "received so far) [%s]\n",
		    (unsigned long long)io->total_read, who(s));
	}
}

/* ---- typed reads: the wire decoders over the data buffer ---- */

#define RD_LOOP(call)							\
	for (;;) {							\
		size_t pos_ = 0;					\
		int r_ = (call);					\
		if (r_ == 0) {						\
			mux_consume(s->mux, pos_);			\
			break;						\
		}							\
		if (r_ != WIRE_ESHORT)					\
			bad_item(s, r_);				\
		if (mux_more(s->mux) != 0)				\
			sess_io_fatal(s);				\
	}
#define D mux_data(s->mux), mux_len(s->mux), &pos_

static void __attribute__((noreturn))
bad_item(struct session *s, int r)
{
	sess_fatal(s, RERR_PROTOCOL, "io.c(1878)",
	    "rsync: [%s] invalid data on the wire: %s\n", who(s),
	    wire_strerror(r));
}

uint8_t
rd_byte(struct session *s)
{
	uint8_t v = 0;

	RD_LOOP(wire_get_byte(D, &v));
	return v;
}

uint16_t
rd_u16(struct session *s)
{
	uint16_t v = 0;

	RD_LOOP(wire_get_u16(D, &v));
	return v;
}

int32_t
rd_int(struct session *s)
{
	int32_t v = 0;

	RD_LOOP(wire_get_int32(D, &v));
	return v;
}

int32_t
rd_varint(struct session *s)
{
	int32_t v = 0;

	RD_LOOP(wire_get_varint(D, &v));
	return v;
}

int64_t
rd_varlong(struct session *s, int min_bytes)
{
	int64_t v = 0;

	RD_LOOP(wire_get_varlong(D, min_bytes, &v));
	return v;
}

int32_t
rd_varint30(struct session *s)
{
	return s->proto < 30 ? rd_int(s) : rd_varint(s);
}

int64_t
rd_varlong30(struct session *s, int min_bytes)
{
	int64_t v = 0;

	if (s->proto >= 30)
		return rd_varlong(s, min_bytes);
	RD_LOOP(wire_get_longint(D, &v));
	return v;
}

int32_t
rd_ndx(struct session *s)
{
	int32_t v = 0;
	struct wire_ndx_state st = s->ndx_rd;

	for (;;) {
		size_t pos_ = 0;
		int r = wire_get_ndx(&st, s->proto, D, &v);

		if (r == 0) {
			mux_consume(s->mux, pos_);
			s->ndx_rd = st;
			return v;
		}
		if (r != WIRE_ESHORT)
			sess_fatal(s, RERR_PROTOCOL, "io.c(2570)",
			    "Invalid file index: %d [%s]\n", v, who(s));
		st = s->ndx_rd;
		if (mux_more(s->mux) != 0)
			sess_io_fatal(s);
	}
}

void
rd_bytes(struct session *s, uint8_t *buf, size_t n)
{
	if (mux_read(s->mux, buf, n) != 0)
		sess_io_fatal(s);
}

/* A vstring into buf (NUL-terminated); longer than cap-1 is fatal, as
 * upstream's "over-long vstring received". */
size_t
rd_vstring(struct session *s, char *buf, size_t cap)
{
	const uint8_t *str = NULL;
	size_t n = 0;

	RD_LOOP(wire_get_vstring(D, WIRE_VSTRING_MAXLEN, &str, &n));
	(void)str;
	/* the bytes were consumed with the item: re-read them from the
	 * position they had (still in the buffer: consume only moved doff) */
	if (n >= cap)
		sess_fatal(s, RERR_PROTOCOL, "io.c(1939)",
		    "over-long vstring received (%zu > %zu)\n", n, cap - 1);
	memcpy(buf, str, n);
	buf[n] = 0;
	return n;
}

/* ---- typed writes ---- */

static void
put(struct session *s, const uint8_t *b, size_t n)
{
	if (mux_write(s->mux, b, n) != 0)
		sess_io_fatal(s);
}

#define WR(call) do {							\
		uint8_t b_[16];						\
		size_t p_ = 0;						\
		if ((call) != 0)					\
			sess_fatal(s, RERR_PROTOCOL, "io.c(2100)",	\
			    "value cannot be encoded [%s]\n", who(s));	\
		put(s, b_, p_);						\
	} while (0)
#define W b_, sizeof b_, &p_

void wr_byte(struct session *s, uint8_t v) { WR(wire_put_byte(W, v)); }
void wr_u16(struct session *s, uint16_t v) { WR(wire_put_u16(W, v)); }
void wr_int(struct session *s, int32_t v) { WR(wire_put_int32(W, v)); }
void wr_varint(struct session *s, int32_t v) { WR(wire_put_varint(W, v)); }

void
wr_varlong(struct session *s, int64_t v, int min_bytes)
{
	WR(wire_put_varlong(W, min_bytes, v));
}

void
wr_varint30(struct session *s, int32_t v)
{
	if (s->proto < 30)
		wr_int(s, v);
	else
		wr_varint(s, v);
}

void
wr_varlong30(struct session *s, int64_t v, int min_bytes)
{
	if (s->proto < 30)
		WR(wire_put_longint(W, v));
	else
		wr_varlong(s, v, min_bytes);
}

void
wr_ndx(struct session *s, int32_t ndx)
{
	WR(wire_put_ndx(&s->ndx_wr, s->proto, W, ndx));
}

void
wr_bytes(struct session *s, const uint8_t *buf, size_t n)
{
	put(s, buf, n);
}

void
wr_vstring(struct session *s, const char *str, size_t n)
{
	uint8_t hdr[2];
	size_t p = 0;

	if (n > WIRE_VSTRING_MAXLEN)
		sess_fatal(s, RERR_PROTOCOL, "io.c(2195)",
		    "attempting to send over-long vstring (%zu > %d)\n", n,
		    WIRE_VSTRING_MAXLEN);
	if (n > 0x7F)
		hdr[p++] = (uint8_t)(n >> 8 | 0x80);
	hdr[p++] = (uint8_t)n;
	put(s, hdr, p);
	put(s, (const uint8_t *)str, n);
}

void
wr_flush(struct session *s)
{
	if (mux_flush(s->mux) != 0)
		sess_io_fatal(s);
}

/* ---- messages from the peer (io.c read_a_msg) ---- */

static int32_t
le32(const uint8_t *p)
{
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

int
sess_on_msg(void *arg, int tag, const uint8_t *p, size_t n)
{
	struct session *s = arg;

	switch (tag) {
	case MSG_INFO:
		if (s->am_server)
			return mux_msg(s->mux, tag, p, n) == 0 ? 0 : -1;
		if (s->o->quiet)
			return 0;	/* -q drops the peer's info lines too */
		fwrite(p, 1, n, stdout);
		fflush(stdout);
		return 0;
	case MSG_ERROR_XFER:
		s->got_xfer_error = 1;
		/* FALLTHROUGH */
	case MSG_ERROR:
	case MSG_WARNING:
		fflush(stdout);
		put_err((const char *)p, n);
		return 0;
	case MSG_IO_ERROR:
		if (n != 4)
			break;
		s->io_error |= le32(p) & (IOERR_GENERAL | IOERR_VANISHED |
		    IOERR_DEL_LIMIT);
		return 0;
	case MSG_NOOP:
		return n == 0 ? 0 : -1;
	case MSG_IO_TIMEOUT:
		return n == 4 ? 0 : -1;
	case MSG_NO_SEND:
		if (n != 4)
			break;
		return 0;
	case MSG_DELETED:
		if (!s->am_server && (s->o->verbose > 0 || s->o->itemize)) {
			size_t k = n;
			int dir = k > 0 && p[k - 1] == 0;

			sess_info(s, s->o->itemize ? "*deleting   %.*s%s\n" :
			    "deleting %.*s%s\n", (int)(dir ? k - 1 : k),
			    (const char *)p, dir ? "/" : "");
		}
		return 0;
	case MSG_SUCCESS:
		return n == 4 || n == 20 ? 0 : -1;
	case MSG_ERROR_EXIT:
		/* the peer is exiting with a code: echo (the generator and
		 * receiver echo the code, a sender an empty one) and exit with
		 * it, without a second exit line (io.c read_a_msg) */
		if (n == 4 && s->proto >= 31) {
			int code = le32(p);
			int32_t c = code;
			uint8_t b[4] = { (uint8_t)c, (uint8_t)(c >> 8),
			    (uint8_t)(c >> 16), (uint8_t)(c >> 24) };

			if (s->mux->mplex_out)
				(void)mux_msg(s->mux, MSG_ERROR_EXIT, b,
				    s->am_sender ? 0 : 4);
			s->exit_code = code;
			s->quiet_exit = 1;
			sess_exit(s, code, "io.c(1631)");
		}
		if (n == 0) {
			s->quiet_exit = 1;
			sess_exit(s, 0, "io.c(1631)");
		}
		break;
	default:
		/* the sibling-only codes (MSG_REDO, MSG_STATS, ...): known,
		 * never valid from the wire */
		break;
	}
	sess_fatal(s, RERR_STREAMIO, "io.c(1652)",
	    "invalid multi-message %d:%zu [%s]\n", tag, n, who(s));
}

/* ---- sum_head (io.c read_sum_head / write_sum_head) ---- */

void
rd_sum_head(struct session *s, struct sum_head *sh)
{
	int32_t max_blength = s->proto < 30 ? (1 << 29) : (1 << 17);

	sh->count = rd_int(s);
	if (sh->count < 0)
		sess_fatal(s, RERR_PROTOCOL, "io.c(2011)",
		    "Invalid checksum count %ld [%s]\n", (long)sh->count, who(s));
	sh->blength = rd_int(s);
	if (sh->blength < 0 || sh->blength > max_blength)
		sess_fatal(s, RERR_PROTOCOL, "io.c(2030)",
		    "Invalid block length %ld [%s]\n", (long)sh->blength, who(s));
	if (sh->count != 0 && sh->blength == 0)
		sess_fatal(s, RERR_PROTOCOL, "io.c(2035)",
		    "Invalid zero block length [%s]\n", who(s));
	sh->s2length = rd_int(s);
	if (sh->s2length < 0 || sh->s2length > csum_len(s->xfer_csum))
		sess_fatal(s, RERR_PROTOCOL, "io.c(2052)",
		    "Invalid checksum length %d [%s]\n", sh->s2length, who(s));
	sh->remainder = rd_int(s);
	if (sh->remainder < 0 || sh->remainder > sh->blength)
		sess_fatal(s, RERR_PROTOCOL, "io.c(2058)",
		    "Invalid remainder length %ld [%s]\n", (long)sh->remainder,
		    who(s));
}

void
wr_sum_head(struct session *s, const struct sum_head *sh)
{
	wr_int(s, sh->count);
	wr_int(s, sh->blength);
	wr_int(s, sh->s2length);
	wr_int(s, sh->remainder);
}

const char *
sess_who(const struct session *s)
{
	return who(s);
}

/*
 * do_big_num() (lib/compat.c): with -hh or more, 1.23K/M/G... (units of
 * 1000 for -hh, 1024 beyond); with the default human level 1, thousands
 * separators; with --no-h, the plain number.
 */
const char *
sess_num(const struct session *s, int64_t v, char *buf, size_t cap)
{
	int h = s->o->human;
	char raw[32];
	size_t n, k = 0, i;
	int neg = v < 0;

	if (h > 1) {
		int64_t mult = h == 2 ? 1000 : 1024;

		if (v >= mult || v <= -mult) {
			double d = (double)v / (double)mult;
			static const char units[] = " KMGTPE";
			int u = 1;

			while (d >= (double)mult || d <= -(double)mult) {
				d /= (double)mult;
				u++;
			}
			snprintf(buf, cap, "%.2f%c", d, units[u]);
			return buf;
		}
	}
	snprintf(raw, sizeof raw, "%lld", (long long)(neg ? -v : v));
	if (h < 1) {
		snprintf(buf, cap, "%s%s", neg ? "-" : "", raw);
		return buf;
	}
	n = strlen(raw);
	if (neg && k < cap - 1)
		buf[k++] = '-';
	for (i = 0; i < n && k < cap - 1; i++) {
		buf[k++] = raw[i];
		if ((n - i - 1) % 3 == 0 && i != n - 1 && k < cap - 1)
			buf[k++] = ',';
	}
	buf[k] = 0;
	return buf;
}

void
sess_keepalive(struct session *s)
{
	struct timespec ts;
	int64_t now, lull;

	if (s->o->timeout <= 0 || s->mux == NULL || !s->mux->mplex_out ||
	    s->mux->err != MUX_OK)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	lull = ((int64_t)s->o->timeout * 1000 + 1) / 2;
	if (s->last_keepalive == 0) {
		s->last_keepalive = now;
		return;
	}
	if (now - s->last_keepalive < lull)
		return;
	s->last_keepalive = now;
	if (mux_msg(s->mux, MSG_DATA, NULL, 0) != 0 || mux_stage_out(s->mux) != 0)
		sess_io_fatal(s);
}

/* ---- SIGINT, SIGTERM, SIGHUP (main.c sig_int -> exit 20) ---- */

static struct session *sig_sess;

static void
sig_put(const char *str)
{
	put_err(str, strlen(str));
}

/*
 * The handler does only what is safe in one: the temp file being
 * received is removed (unlinkat), upstream's exit line is written with
 * write(2), and the process ends with code 20.  The child (ssh or the
 * local server) has the same terminal signal or sees its wire close.
 */
static void
sig_int(int sig)
{
	struct session *s = sig_sess;

	(void)sig;
	if (s != NULL && s->tmp_root != NULL && s->tmp_name[0] != 0)
		(void)unlinkat(s->tmp_root->dirfd, s->tmp_name, 0);
	if (s != NULL && !s->am_server) {
		sig_put("rsync error: received SIGINT, SIGTERM, or SIGHUP"
		    " (code 20) at rsync.c(713) [");
		sig_put(who(s));
		sig_put("=" VRSYNC_VERSION "]\n");
	}
	_exit(RERR_SIGNAL);
}

void
sess_signals(struct session *s)
{
	struct sigaction sa;

	sig_sess = s;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sig_int;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
}
