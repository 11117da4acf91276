/* echo: copies stdin to stdout until EOF, then writes "done" to stderr
 * and exits 0 (1 on a read or write error). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

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

int main(void)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);

		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (write_all(1, buf, (size_t)n) < 0)
			return 1;
	}
	return write_all(2, "done\n", strlen("done\n")) < 0 ? 1 : 0;
}
