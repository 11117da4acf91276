/*
 * tdrive: runs a remote-shell argv through the transport (child.c) and the
 * io core (io.c), for the real-ssh tests (tests/transport/run.sh).
 *
 *   tdrive [--pipes] [--quiet] [--loops N] [--join-twice] [--no-stdin]
 *          [--who Receiver|receiver|generator|sender] [--rss]
 *          [--timeout SEC] [--wait-ms MS] [--expect N] -- ARGV...
 *
 * One session: child_spawn(ARGV), io_init over its wire and stderr
 * channel, then the way the pulling side's engine will use the io core:
 * while output room allows, read a chunk of stdin (a file: reads do not
 * block for long) and io_write it; hand every byte io_avail() offers to
 * stdout; when neither moved anything, io_pump() one round (which also
 * drains the stderr channel into the 64 KiB capture and forwards its
 * lines to our stderr unless --quiet).  At stdin EOF: io_half_close.  The
 * session ends at the wire's EOF or the first io error; then child_join,
 * and the exit code and messages of status.c, printed on stderr after the
 * forwarded lines, as upstream rsync prints them.
 *
 * tdrive has no protocol; its stand-ins: the session ends normally when
 * the wire's EOF comes after our half-close, and an EOF before that is
 * "connection unexpectedly closed".  --no-stdin never reads stdin nor
 * half-closes, so every EOF is early (the cases where the remote shell
 * fails before any handshake).  --who sets who_am_i()'s text.
 * --timeout SEC is upstream's --timeout (no data either way for SEC
 * seconds: "io timeout", code 30); --wait-ms is join's bound on the
 * child's exit (then SIGTERM, then SIGKILL); after an io error join
 * gives the child CHILD_ERROR_WAIT_MS.  --expect N: the session ends
 * normally once N wire bytes have come (as a protocol ends at its
 * goodbye, not at EOF), and join closes the wire.
 *
 * --loops N: N sessions in one process; at the end the count of
 * /proc/self/fd must be what it was and waitpid(-1, WNOHANG) must say
 * ECHILD (no zombie), else exit 70.  --join-twice: a second child_join
 * must give the same status, else exit 71.  --rss: "tdrive: VmHWM N kB"
 * on stderr at exit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/io.h"
#include "transport/child.h"
#include "transport/status.h"

#ifndef VRSYNC_VERSION
#define VRSYNC_VERSION "0.0.0"
#endif

static struct errbuf eb;
static struct errfwd fw;

struct opts {
	int	topo;
	int	quiet;
	int	loops;
	int	join_twice;
	int	no_stdin;
	int	who;
	int	rss;
	int	timeout;
	int	wait_ms;
	long	expect;
	char	**argv;
};

static const char *const who_names[] = {
	"Receiver", "receiver", "generator", "sender"
};

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* One session; returns the exit code, or a tdrive failure (70-73). */
static int
session(const struct opts *o)
{
	static struct io io;
	static uint8_t chunk[65536];
	static char msg[1024];
	size_t mlen, k;
	int stdin_eof = o->no_stdin, half_closed = 0, moved, st;
	ssize_t n;
	struct child c;
	struct xstatus_in xi;
	struct xstatus xs;

	errbuf_init(&eb);
	errfwd_init(&fw, o->quiet);
	if (child_spawn(&c, o->topo, o->argv, who_names[o->who]) != 0) {
		fprintf(stderr, "tdrive: child_spawn: %s\n", strerror(errno));
		return 73;
	}
	c.wait_ms = o->wait_ms;
	(void)io_init(&io, c.wire_rd, child_wire_wfd(&c), &c, &eb, &fw,
	    o->timeout * 1000);
	while (io.err == IO_OK) {
		moved = 0;
		if (!stdin_eof && io_out_room(&io) >= sizeof chunk) {
			n = read(0, chunk, sizeof chunk);
			if (n > 0) {
				(void)io_write(&io, chunk, (size_t)n);
				moved = 1;
			} else if (n == 0 || errno != EINTR)
				stdin_eof = 1;
		}
		if (stdin_eof && !o->no_stdin && !half_closed) {
			if (io_half_close(&io) != 0)
				break;
			half_closed = 1;
		}
		while ((k = io_avail(&io)) > 0) {
			if (k > sizeof chunk)
				k = sizeof chunk;
			(void)io_read(&io, chunk, k);
			write_all(1, (const char *)chunk, k);
			moved = 1;
		}
		if (io.in_eof) {
			/* output still queued goes first: a peer that is gone
			 * shows as EPIPE on it, as upstream's sender sees it */
			if (!half_closed && io.out_off < io.out_len)
				(void)io_flush(&io);
			break;
		}
		if (o->expect >= 0 && io.total_read >= (uint64_t)o->expect) {
			half_closed = 1;	/* the stand-in protocol's end */
			break;
		}
		if (!moved)
			(void)io_pump(&io);
	}
	if (io.err != IO_OK && c.wait_ms > CHILD_ERROR_WAIT_MS)
		c.wait_ms = CHILD_ERROR_WAIT_MS;
	st = child_join(&c, &eb, &fw);
	if (o->join_twice) {
		int st2 = child_join(&c, &eb, &fw);

		if (st2 != st || c.joined != 1 || c.pid != -1 || c.wire_rd != -1 ||
		    c.wire_wr != -1 || c.err_fd != -1) {
			fprintf(stderr, "tdrive: second join gave %d, first %d\n",
			    st2, st);
			return 71;
		}
	}
	memset(&xi, 0, sizeof xi);
	xstatus_child_of(st, c.killed, &xi);
	xi.handshake_done = 1;
	xi.end = io.err == IO_EWRITE ? XS_END_WRITE_ERROR :
	    io.err == IO_ETIMEOUT ? XS_END_TIMEOUT :
	    half_closed && io.err == IO_OK ? XS_END_DONE : XS_END_EOF;
	xi.write_errno = io.err_errno;
	xi.timeout_s = o->timeout;
	xi.who = o->who;
	xi.received = io.total_read;
	xstatus_decide(&xi, &xs);
	mlen = xstatus_format(&xs, VRSYNC_VERSION, strlen(VRSYNC_VERSION),
	    msg, sizeof msg);
	write_all(2, msg, mlen);
	if (c.killed != 0)
		fprintf(stderr, "tdrive: child stopped by signal %d after "
		    "join's wait\n", c.killed);
	return xs.code;
}

static void
usage(void)
{
	fputs("usage: tdrive [--pipes] [--quiet] [--loops N] [--join-twice] "
	    "[--no-stdin] [--who WHO] [--rss] [--timeout SEC] [--wait-ms MS] "
	    "[--expect N] -- ARGV...\n",
	    stderr);
	exit(2);
}

static void
print_hwm(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			fprintf(stderr, "tdrive: VmHWM %ld kB\n",
			    strtol(line + 6, NULL, 10));
	fclose(f);
}

int
main(int argc, char **argv)
{
	struct opts o = { TOPO_SOCKETPAIR, 0, 1, 0, 0, XS_WHO_CLIENT, 0, 0,
	    CHILD_EXIT_WAIT_MS, -1, NULL };
	int i, code = 0, fds0, fds1, ws;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--pipes") == 0)
			o.topo = TOPO_PIPES;
		else if (strcmp(argv[i], "--quiet") == 0)
			o.quiet = 1;
		else if (strcmp(argv[i], "--join-twice") == 0)
			o.join_twice = 1;
		else if (strcmp(argv[i], "--no-stdin") == 0)
			o.no_stdin = 1;
		else if (strcmp(argv[i], "--rss") == 0)
			o.rss = 1;
		else if (strcmp(argv[i], "--loops") == 0 && i + 1 < argc)
			o.loops = atoi(argv[++i]);
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			o.timeout = atoi(argv[++i]);
		else if (strcmp(argv[i], "--wait-ms") == 0 && i + 1 < argc)
			o.wait_ms = atoi(argv[++i]);
		else if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc)
			o.expect = atol(argv[++i]);
		else if (strcmp(argv[i], "--who") == 0 && i + 1 < argc) {
			const char *w = argv[++i];

			o.who = strcmp(w, "sender") == 0 ? XS_WHO_SENDER :
			    strcmp(w, "receiver") == 0 ? XS_WHO_RECEIVER :
			    strcmp(w, "generator") == 0 ? XS_WHO_GENERATOR :
			    strcmp(w, "Receiver") == 0 ? XS_WHO_CLIENT : -1;
			if (o.who < 0)
				usage();
		} else
			usage();
	}
	if (i >= argc || o.loops < 1 || o.timeout < 0 || o.timeout > 86400 ||
	    o.wait_ms < 0 || o.wait_ms > 3600000)
		usage();
	o.argv = argv + i;
	signal(SIGPIPE, SIG_IGN);
	fds0 = count_fds();
	for (i = 0; i < o.loops; i++) {
		code = session(&o);
		if (code >= 70 && code <= 73)
			break;
	}
	if (o.loops > 1 && !(code >= 70 && code <= 73)) {
		fds1 = count_fds();
		if (fds1 != fds0) {
			fprintf(stderr, "tdrive: fds before %d, after %d sessions %d\n",
			    fds0, o.loops, fds1);
			code = 70;
		} else if (waitpid(-1, &ws, WNOHANG) != -1 || errno != ECHILD) {
			fprintf(stderr, "tdrive: a child is left after %d sessions\n",
			    o.loops);
			code = 70;
		} else
			fprintf(stderr, "tdrive: %d sessions, %d fds before and after, "
			    "no child left\n", o.loops, fds0);
	}
	if (o.rss)
		print_hwm();
	return code;
}
