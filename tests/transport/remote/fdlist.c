/* fdlist: prints every fd open in this process, one per line as
 * "fd N -> TARGET", read from /proc/self/fd (the directory's own fd is
 * left out), and exits 0.  Run as the remote command of a transport test:
 * the child of ssh should see exactly 0, 1 and 2. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char path[64], target[4096];

	if (d == NULL) {
		perror("fdlist: /proc/self/fd");
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		ssize_t n;

		if (e->d_name[0] == '.' || *end != '\0' || fd == dirfd(d))
			continue;
		snprintf(path, sizeof path, "/proc/self/fd/%ld", fd);
		n = readlink(path, target, sizeof target - 1);
		target[n < 0 ? 0 : n] = '\0';
		printf("fd %ld -> %s\n", fd, target);
	}
	closedir(d);
	return fflush(stdout) == 0 ? 0 : 1;
}
