/*
 * status.c: the exit code and messages at the end of a remote-shell
 * session, as upstream rsync 3.5.0 gives them (status.h says what goes
 * in).  The rules, from upstream's source (tag v3.5.0):
 *
 * 1. The wire ended early (EOF while the protocol wanted more, or any
 *    end before the handshake): io.c:whine_about_eof() prints
 *    "rsync: connection unexpectedly closed (N bytes received so far)
 *    [who]" (io.c 281-283; N is big_num(), no separators, inums.h 20-22)
 *    and calls exit_cleanup(RERR_STREAMIO) (io.c 285).
 * 2. A write to the wire failed: perform_io() prints
 *    "rsync: [who] write error: TEXT (E)" (rsyserr, io.c 947; log.c 490-
 *    500) and calls exit_cleanup(RERR_SOCKETIO) (io.c 949).
 * 3. In both, _exit_cleanup() (cleanup.c 146-154) looks at the remote
 *    shell with waitpid(WNOHANG): if it has exited and WEXITSTATUS is
 *    larger than the code, that status is the code.  For a child killed
 *    by a signal WEXITSTATUS is 0, so the code stays.  Upstream races
 *    here; vrsync has joined the shell already, so the status is always
 *    seen (tests/transport/README.md, "the race").
 * 4. The session reached its end: client_run() waits for the shell
 *    (main.c 1390, 1436 -> wait_process_with_flush, main.c 198-227):
 *    exited: WEXITSTATUS; killed by a signal: RERR_TERMINATED (16), or
 *    RERR_CRASHED (15) with a core; waitpid failed: RERR_WAITCHILD (21)
 *    after "rsync: [who] waitpid: ..." (rsyserr, main.c 213).  The sender
 *    exits at main.c 1394, the receiver's code reaches main() and exits
 *    at main.c 1956.
 * 4b. No data moved for --timeout seconds: check_timeout() prints
 *    "[who] io timeout after N seconds -- exiting" (io.c 246, rprintf:
 *    no "rsync: " prefix) and calls exit_cleanup(RERR_TIMEOUT) (io.c
 *    248); the remote shell's status then as in rule 3.
 * 5. A non-zero code ends with log_exit() (cleanup.c 223-225; log.c
 *    947-961): "rsync error: NAME (code N) at FILE(LINE) [who=VERSION]",
 *    NAME from rerr_names[] (log.c 81-107), "unexplained error" when the
 *    code has none (255 among them).  The 124-127 names are the "remote
 *    shell failed / killed / command could not be run / command not
 *    found" of errcode.h 51-65.
 *
 * Every message is one line ending in '\n'.  The lines the remote shell
 * itself printed (ssh's, the remote shell's) are not repeated here: the
 * stderr channel has forwarded them already.
 */
#include <string.h>

#include "transport/status.h"

/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    requires \valid_read(s + (0 .. n - 1));
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put(char *buf, size_t cap, size_t pos, const char *s, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant \at(pos, Pre) <= pos <= cap - 1;
	    loop assigns i, pos, buf[\at(pos, Pre) .. cap - 2];
	    loop variant n - i;
	 */
	for (i = 0; i < n && pos < cap - 1; i++)
		buf[pos++] = s[i];
	return pos;
}

#define PUT(lit)	(pos = put(buf, cap, pos, (lit), sizeof(lit) - 1))

/* A decimal number, as big_num() and %d print it. */
/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put_u64(char *buf, size_t cap, size_t pos, uint64_t v)
{
	char d[20];
	size_t k = sizeof d;

	/*@ loop invariant 0 < k <= 20;
	    loop assigns k, v, d[0 .. 19];
	    loop variant k;
	 */
	do {
		d[--k] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0 && k > 0);
	return put(buf, cap, pos, d + k, sizeof d - k);
}

/* who_am_i() (rsync.c 987-995) */
/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put_who(char *buf, size_t cap, size_t pos, int who)
{
	switch (who) {
	case XS_WHO_RECEIVER:
		return PUT("receiver");
	case XS_WHO_GENERATOR:
		return PUT("generator");
	case XS_WHO_SENDER:
		return PUT("sender");
	default:
		return PUT("Receiver");
	}
}

/* rerr_name() (log.c 81-121), "unexplained error" otherwise (log.c 951). */
const char *
xstatus_name(int code)
{
	switch (code) {
	case 1: return "syntax or usage error";
	case 2: return "protocol incompatibility";
	case 3: return "errors selecting input/output files, dirs";
	case 4: return "requested action not supported";
	case 5: return "error starting client-server protocol";
	case 10: return "error in socket IO";
	case 11: return "error in file IO";
	case 12: return "error in rsync protocol data stream";
	case 13: return "errors with program diagnostics";
	case 14: return "error in IPC code";
	case 15: return "sibling process crashed";
	case 16: return "sibling process terminated abnormally";
	case 19: return "received SIGUSR1";
	case 20: return "received SIGINT, SIGTERM, or SIGHUP";
	case 21: return "waitpid() failed";
	case 22: return "error allocating core memory buffers";
	case 23: return "some files/attrs were not transferred (see previous errors)";
	case 24: return "some files vanished before they could be transferred";
	case 25: return "the --max-delete limit stopped deletions";
	case 30: return "timeout in data send/receive";
	case 35: return "timeout waiting for daemon connection";
	case 124: return "remote shell failed";
	case 125: return "remote shell killed";
	case 126: return "remote command could not be run";
	case 127: return "remote command not found";
	default: return "unexplained error";
	}
}

/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put_name(char *buf, size_t cap, size_t pos, int code)
{
	const char *t = xstatus_name(code);

	return put(buf, cap, pos, t, strlen(t));
}

/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put_int(char *buf, size_t cap, size_t pos, int v)
{
	if (v < 0) {
		PUT("-");
		/* v + 1 cannot overflow; the magnitude then fits */
		return put_u64(buf, cap, pos, (uint64_t)(-(v + 1)) + 1);
	}
	return put_u64(buf, cap, pos, (uint64_t)v);
}

/*
 * strerror() for the errors a write to the wire can end with (glibc's
 * text); the caller cannot pass its own, to keep this pure.
 */
/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put_errtext(char *buf, size_t cap, size_t pos, int e)
{
	switch (e) {
	case 5: return PUT("Input/output error");
	case 32: return PUT("Broken pipe");
	case 104: return PUT("Connection reset by peer");
	case 107: return PUT("Transport endpoint is not connected");
	case 110: return PUT("Connection timed out");
	default:
		PUT("Unknown error ");
		return put_int(buf, cap, pos, e);
	}
}

/*
 * A raw wait status (as from waitpid; -1 or any negative value: not
 * reaped) into in->wait, in->wait_value and in->core.  The bit layout is
 * Linux's (sys/wait.h): low 7 bits the signal, 0x80 the core flag, the
 * next byte the exit status; 0x7f in the low bits is a stopped child,
 * which join never keeps: unknown.
 */
/*@ requires \valid(in);
    assigns in->wait, in->wait_value, in->core;
    ensures in->wait == XS_WAIT_UNKNOWN || in->wait == XS_WAIT_EXITED ||
	in->wait == XS_WAIT_SIGNALED;
    ensures in->wait == XS_WAIT_EXITED ==> 0 <= in->wait_value <= 255;
    ensures status < 0 ==> in->wait == XS_WAIT_UNKNOWN;
    ensures status >= 0 && status % 128 == 0 ==>
	in->wait == XS_WAIT_EXITED && in->wait_value == (status / 256) % 256;
 */
void
xstatus_wait_of(int status, struct xstatus_in *in)
{
	int sig;

	in->wait = XS_WAIT_UNKNOWN;
	in->wait_value = 0;
	in->core = 0;
	if (status < 0)
		return;
	sig = status % 128;
	if (sig == 0) {
		in->wait = XS_WAIT_EXITED;
		in->wait_value = (status / 256) % 256;
	} else if (sig != 0x7f) {
		in->wait = XS_WAIT_SIGNALED;
		in->wait_value = sig;
		in->core = (status / 128) % 2;
	}
}

/*
 * As xstatus_wait_of(), for a child that join had to stop (killed: the
 * signal it sent, or 0): that child is reported as killed by the signal
 * whatever it exited with, since its status answers our signal, not the
 * session (ssh exits 255 on SIGTERM).  Upstream never waits for it there
 * (cleanup.c: waitpid WNOHANG), so it never sees such a status either.
 */
/*@ requires \valid(in);
    assigns in->wait, in->wait_value, in->core;
    ensures in->wait == XS_WAIT_UNKNOWN || in->wait == XS_WAIT_EXITED ||
	in->wait == XS_WAIT_SIGNALED;
    ensures in->wait == XS_WAIT_EXITED ==> 0 <= in->wait_value <= 255;
    ensures killed != 0 ==> in->wait == XS_WAIT_SIGNALED && in->wait_value == killed;
 */
void
xstatus_child_of(int status, int killed, struct xstatus_in *in)
{
	xstatus_wait_of(status, in);
	if (killed != 0) {
		in->wait = XS_WAIT_SIGNALED;
		in->wait_value = killed;
		in->core = 0;
	}
}

/*@ requires xs_in_ok(in) && \valid(out) && \separated(in, out);
    assigns *out;
    ensures xs_ok(out);
    ensures out->who == in->who && out->received == in->received &&
	out->write_errno == in->write_errno && out->timeout_s == in->timeout_s;
    behavior done:
      assumes in->end == XS_END_DONE && in->handshake_done;
      ensures in->wait == XS_WAIT_EXITED ==> out->code == in->wait_value &&
	out->msg == XS_MSG_NONE;
      ensures in->wait == XS_WAIT_SIGNALED ==> out->msg == XS_MSG_NONE &&
	out->code == (in->core ? XS_RERR_CRASHED : XS_RERR_TERMINATED);
      ensures in->wait == XS_WAIT_UNKNOWN ==> out->code == XS_RERR_WAITCHILD &&
	out->msg == XS_MSG_WAITPID;
      ensures out->code != 0 ==> out->site ==
	(in->who == XS_WHO_SENDER ? XS_SITE_MAIN_SENDER : XS_SITE_MAIN_END);
    behavior eof:
      assumes in->end == XS_END_EOF || (in->end == XS_END_DONE && !in->handshake_done);
      ensures out->msg == XS_MSG_EOF && out->site == XS_SITE_IO_EOF;
      ensures out->code == (in->wait == XS_WAIT_EXITED &&
	in->wait_value > XS_RERR_STREAMIO ? in->wait_value : XS_RERR_STREAMIO);
    behavior write_error:
      assumes in->end == XS_END_WRITE_ERROR;
      ensures out->msg == XS_MSG_WRITE && out->site == XS_SITE_IO_WRITE;
      ensures out->code == (in->wait == XS_WAIT_EXITED &&
	in->wait_value > XS_RERR_SOCKETIO ? in->wait_value : XS_RERR_SOCKETIO);
    behavior timeout:
      assumes in->end == XS_END_TIMEOUT;
      ensures out->msg == XS_MSG_TIMEOUT && out->site == XS_SITE_IO_TIMEOUT;
      ensures out->code == (in->wait == XS_WAIT_EXITED &&
	in->wait_value > XS_RERR_TIMEOUT ? in->wait_value : XS_RERR_TIMEOUT);
    complete behaviors;
    disjoint behaviors;
 */
void
xstatus_decide(const struct xstatus_in *in, struct xstatus *out)
{
	int end = in->end;

	out->who = in->who;
	out->write_errno = in->write_errno;
	out->timeout_s = in->timeout_s;
	out->received = in->received;
	/* no session ends normally before its handshake */
	if (end == XS_END_DONE && !in->handshake_done)
		end = XS_END_EOF;
	if (end == XS_END_DONE) {
		/* rule 4: wait_process_with_flush() */
		out->msg = XS_MSG_NONE;
		if (in->wait == XS_WAIT_EXITED)
			out->code = in->wait_value;
		else if (in->wait == XS_WAIT_SIGNALED)
			out->code = in->core ? XS_RERR_CRASHED : XS_RERR_TERMINATED;
		else {
			out->code = XS_RERR_WAITCHILD;
			out->msg = XS_MSG_WAITPID;
		}
		out->site = out->code == 0 ? XS_SITE_NONE :
		    in->who == XS_WHO_SENDER ? XS_SITE_MAIN_SENDER : XS_SITE_MAIN_END;
		return;
	}
	/* rules 1-3, 4b */
	if (end == XS_END_EOF) {
		out->code = XS_RERR_STREAMIO;
		out->msg = XS_MSG_EOF;
		out->site = XS_SITE_IO_EOF;
	} else if (end == XS_END_TIMEOUT) {
		out->code = XS_RERR_TIMEOUT;
		out->msg = XS_MSG_TIMEOUT;
		out->site = XS_SITE_IO_TIMEOUT;
	} else {
		out->code = XS_RERR_SOCKETIO;
		out->msg = XS_MSG_WRITE;
		out->site = XS_SITE_IO_WRITE;
	}
	if (in->wait == XS_WAIT_EXITED && in->wait_value > out->code)
		out->code = in->wait_value;
}

/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires pos <= cap - 1;
    assigns buf[pos .. cap - 2];
    ensures pos <= \result <= cap - 1;
 */
static size_t
put_site(char *buf, size_t cap, size_t pos, int site)
{
	switch (site) {
	case XS_SITE_IO_EOF:
		return PUT("io.c(285)");
	case XS_SITE_IO_WRITE:
		return PUT("io.c(949)");
	case XS_SITE_MAIN_SENDER:
		return PUT("main.c(1394)");
	case XS_SITE_IO_TIMEOUT:
		return PUT("io.c(248)");
	default:
		return PUT("main.c(1956)");
	}
}

/*
 * Writes the messages of s into buf (NUL-terminated, cut short if cap is
 * too small) and returns their length: the one that goes before (rules
 * 1, 2, 4), then log_exit()'s line; nothing for code 0.  version is
 * what goes after "who=" (vlen bytes, no NUL needed).
 */
/*@ requires xs_ok(s);
    requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    requires \valid_read(version + (0 .. vlen - 1));
    assigns buf[0 .. cap - 1];
    ensures 0 <= \result <= cap - 1;
    ensures buf[\result] == 0;
    ensures s->code == 0 ==> \result == 0;
 */
size_t
xstatus_format(const struct xstatus *s, const char *version, size_t vlen,
    char *buf, size_t cap)
{
	size_t pos = 0;

	if (s->code != 0) {
		switch (s->msg) {
		case XS_MSG_EOF:
			PUT("rsync: connection unexpectedly closed (");
			pos = put_u64(buf, cap, pos, s->received);
			PUT(" bytes received so far) [");
			pos = put_who(buf, cap, pos, s->who);
			PUT("]\n");
			break;
		case XS_MSG_WRITE:
			PUT("rsync: [");
			pos = put_who(buf, cap, pos, s->who);
			PUT("] write error: ");
			pos = put_errtext(buf, cap, pos, s->write_errno);
			PUT(" (");
			pos = put_int(buf, cap, pos, s->write_errno);
			PUT(")\n");
			break;
		case XS_MSG_WAITPID:
			PUT("rsync: [");
			pos = put_who(buf, cap, pos, s->who);
			PUT("] waitpid: No child processes (10)\n");
			break;
		case XS_MSG_TIMEOUT:
			PUT("[");
			pos = put_who(buf, cap, pos, s->who);
			PUT("] io timeout after ");
			pos = put_int(buf, cap, pos, s->timeout_s);
			PUT(" seconds -- exiting\n");
			break;
		default:
			break;
		}
		PUT("rsync error: ");
		pos = put_name(buf, cap, pos, s->code);
		PUT(" (code ");
		pos = put_u64(buf, cap, pos, (uint64_t)s->code);
		PUT(") at ");
		pos = put_site(buf, cap, pos, s->site);
		PUT(" [");
		pos = put_who(buf, cap, pos, s->who);
		PUT("=");
		pos = put(buf, cap, pos, version, vlen);
		PUT("]\n");
	}
	buf[pos] = 0;
	return pos;
}
