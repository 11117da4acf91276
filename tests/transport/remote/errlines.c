/* errlines [COUNT [DELAY_MS]]: writes COUNT (default 5) numbered lines to
 * stderr, DELAY_MS (default 200) apart, so a test can see that they are
 * forwarded as they come.  Line 2 carries invalid UTF-8 (a lone 0xff, a
 * truncated sequence and a NUL-free 0xc3 0x28); the last line has no
 * newline.  Nothing on stdout; exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void put(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, p, n);

		if (w <= 0)
			exit(1);
		p += w;
		n -= (size_t)w;
	}
}

int main(int argc, char **argv)
{
	int count = argc > 1 ? atoi(argv[1]) : 5;
	long ms = argc > 2 ? atol(argv[2]) : 200;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	char line[128];
	int i;

	for (i = 1; i <= count; i++) {
		int n;

		if (i == count)
			n = snprintf(line, sizeof line, "errlines %d last, no newline", i);
		else if (i == 2)
			n = snprintf(line, sizeof line,
				     "errlines %d bad utf8 \xff \xe2\x82 \xc3\x28 end\n", i);
		else
			n = snprintf(line, sizeof line, "errlines %d\n", i);
		put(line, (size_t)n);
		if (i < count)
			nanosleep(&ts, NULL);
	}
	return 0;
}
