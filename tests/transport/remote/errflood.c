/* errflood [N]: writes exactly N bytes (default 10 MiB) to stderr in
 * 64-byte numbered lines, while copying stdin to stdout, so the wire keeps
 * moving while stderr is flooded.  poll() interleaves the two: a stderr
 * that is not drained does not stop the echo, and the reverse.  Exits 0
 * once stdin reached EOF and all N bytes are written. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE 64

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long total = argc > 1 ? strtoull(argv[1], NULL, 0) : 10ULL << 20;
	unsigned long long sent = 0, lineno = 0;
	char buf[65536], line[LINE + 1];
	size_t lpos = LINE, llen = LINE;
	int in_open = 1, rc = 0, fl = fcntl(2, F_GETFL);

	/* only stderr is non-blocking (a partial line resumes later); the
	 * flag is restored at the end, as the description may be shared */
	if (fl < 0 || fcntl(2, F_SETFL, fl | O_NONBLOCK) < 0)
		return 1;
	while (in_open || sent < total) {
		struct pollfd p[2] = { { 0, POLLIN, 0 }, { 2, POLLOUT, 0 } };

		p[0].fd = in_open ? 0 : -1;
		p[1].fd = sent < total ? 2 : -1;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = 1;
			break;
		}
		if (p[0].revents) {
			ssize_t n = read(0, buf, sizeof buf);

			if (n == 0)
				in_open = 0;
			if ((n < 0 && errno != EINTR && errno != EAGAIN) ||
			    (n > 0 && write_all(1, buf, (size_t)n) < 0)) {
				rc = 1;
				break;
			}
		}
		if (p[1].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			rc = 1;
			break;
		}
		if (p[1].revents & POLLOUT) {
			ssize_t w;

			if (lpos == llen) {
				unsigned long long left = total - sent;

				/* "errflood NNNNNNNNNNNN xxx...x\n", 64 bytes */
				snprintf(line, sizeof line, "errflood %012llu ", ++lineno);
				memset(line + 22, 'x', LINE - 23);
				line[LINE - 1] = '\n';
				llen = left < LINE ? (size_t)left : LINE;
				if (llen < LINE && llen > 0)
					line[llen - 1] = '\n';
				lpos = 0;
			}
			w = write(2, line + lpos, llen - lpos);
			if (w < 0 && errno != EAGAIN && errno != EINTR) {
				rc = 1;
				break;
			}
			if (w > 0) {
				lpos += (size_t)w;
				sent += (unsigned long long)w;
			}
		}
	}
	fcntl(2, F_SETFL, fl);
	return rc;
}
