/*
 * tdrive: runs a remote-shell argv through the transport (child.c) the way
 * the io core will, for the real-ssh tests (tests/transport/run.sh).
 *
 *   tdrive [--pipes] [--quiet] [--loops N] [--join-twice] [--no-stdin]
 *          [--who Receiver|receiver|generator|sender] [--rss]
 *          [--timeout SEC] -- ARGV...
 *
 * One session: child_spawn(ARGV), then one poll() loop over our stdin, the
 * wire and the stderr channel: stdin -> wire (at stdin EOF, once all is
 * sent: child_half_close), wire -> stdout, stderr channel ->
 * child_read_stderr (the 64 KiB capture, and line forwarding to our
 * stderr unless --quiet), until the wire reaches EOF or a write to it
 * fails.  Then child_join, and the exit code and messages of status.c,
 * printed on stderr after the forwarded lines, as upstream rsync prints
 * them.
 *
 * tdrive has no protocol; its stand-ins: the session ends normally when
 * the wire's EOF comes after our half-close, and an EOF before that is
 * "connection unexpectedly closed".  --no-stdin never reads stdin nor
 * half-closes, so every EOF is early (the cases where the remote shell
 * fails before any handshake).  --who sets who_am_i()'s text.
 *
 * --loops N: N sessions in one process; at the end the count of
 * /proc/self/fd must be what it was and waitpid(-1, WNOHANG) must say
 * ECHILD (no zombie), else exit 70.  --join-twice: a second child_join
 * must give the same status, else exit 71.  --rss: "tdrive: VmHWM N kB"
 * on stderr at exit.  --timeout: a session longer than SEC seconds
 * (default 60) is ended by join and exits 72.  Wire fds are
 * non-blocking; stdin and the stderr channel are read once per poll()
 * readiness, so nothing here blocks while the child floods stderr.
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
	char	**argv;
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

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* One session; returns the exit code, or a tdrive failure (70-73). */
static int
session(const struct opts *o)
{
	static char in[65536], out[65536], msg[1024];
	size_t inlen = 0, inoff = 0, mlen;
	int stdin_eof = o->no_stdin, half_closed = 0, wire_eof = 0;
	int werr = 0, timed_out = 0, st, wfd;
	uint64_t received = 0;
	double deadline = now() + o->timeout;
	struct child c;
	struct xstatus_in xi;
	struct xstatus xs;

	errbuf_init(&eb);
	errfwd_init(&fw, o->quiet);
	if (child_spawn(&c, o->topo, o->argv) != 0) {
		fprintf(stderr, "tdrive: child_spawn: %s\n", strerror(errno));
		return 73;
	}
	wfd = child_wire_wfd(&c);
	nonblock(c.wire_rd);
	nonblock(wfd);
	while (!wire_eof && !werr) {
		struct pollfd p[4];
		int np = 0, ip = -1, rp, ep = -1, r;

		if (!stdin_eof && inlen == 0) {
			ip = np;
			p[np++] = (struct pollfd){ 0, POLLIN, 0 };
		}
		if (inlen > 0)
			p[np++] = (struct pollfd){ wfd, POLLOUT, 0 };
		rp = np;
		p[np++] = (struct pollfd){ c.wire_rd, POLLIN, 0 };
		if (c.err_fd != -1) {
			ep = np;
			p[np++] = (struct pollfd){ c.err_fd, POLLIN, 0 };
		}
		r = poll(p, (nfds_t)np, 200);
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "tdrive: poll: %s\n", strerror(errno));
			break;
		}
		if (now() > deadline) {
			timed_out = 1;
			break;
		}
		if (r <= 0)
			continue;
		if (ep >= 0 && p[ep].revents)
			(void)child_read_stderr(&c, &eb, &fw);
		if (ip >= 0 && p[ip].revents) {
			ssize_t n = read(0, in, sizeof in);

			if (n > 0) {
				inlen = (size_t)n;
				inoff = 0;
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN))
				stdin_eof = 1;
		}
		/* writes before reads: a dead peer shows as EPIPE while we
		 * have data for it, as upstream's sender sees it */
		if (inlen > 0) {
			ssize_t n = write(wfd, in + inoff, inlen);

			if (n > 0) {
				inoff += (size_t)n;
				inlen -= (size_t)n;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				werr = errno;
				break;
			}
		}
		if (stdin_eof && !o->no_stdin && inlen == 0 && !half_closed) {
			(void)child_half_close(&c);
			half_closed = 1;
		}
		if (p[rp].revents) {
			ssize_t n = read(c.wire_rd, out, sizeof out);

			if (n > 0) {
				received += (uint64_t)n;
				write_all(1, out, (size_t)n);
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR))
				wire_eof = 1;
		}
	}
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
	if (timed_out) {
		fprintf(stderr, "tdrive: session timed out after %d s\n",
		    o->timeout);
		return 72;
	}
	memset(&xi, 0, sizeof xi);
	xstatus_wait_of(st, &xi);
	xi.handshake_done = 1;
	xi.end = werr ? XS_END_WRITE_ERROR :
	    half_closed ? XS_END_DONE : XS_END_EOF;
	xi.write_errno = werr;
	xi.who = o->who;
	xi.received = received;
	xstatus_decide(&xi, &xs);
	mlen = xstatus_format(&xs, VRSYNC_VERSION, strlen(VRSYNC_VERSION),
	    msg, sizeof msg);
	write_all(2, msg, mlen);
	return xs.code;
}

static void
usage(void)
{
	fputs("usage: tdrive [--pipes] [--quiet] [--loops N] [--join-twice] "
	    "[--no-stdin] [--who WHO] [--rss] [--timeout SEC] -- ARGV...\n",
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
	struct opts o = { TOPO_SOCKETPAIR, 0, 1, 0, 0, XS_WHO_CLIENT, 0, 60, NULL };
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
	if (i >= argc || o.loops < 1 || o.timeout < 1)
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
