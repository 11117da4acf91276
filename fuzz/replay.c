/*
 * replay.c: runs a fuzz harness's LLVMFuzzerTestOneInput() over files,
 * without AFL or libFuzzer (make fuzz-replay, make check).
 *
 *	replay PATH...
 *
 * Each PATH is a file or a directory whose regular files (not
 * recursively, dot files skipped) are run in name order.  A harness that
 * finds a broken contract abort()s, and the sanitizers stop the process on
 * anything they see, so getting to the end means every input passed;
 * before each input its name goes to stderr only with REPLAY_VERBOSE set,
 * but the name of the input being run is always printed if it crashes.
 * Prints "replay: N inputs" and exits 0; exits 2 on an unreadable path.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

/* A failed check abort()s: let ASan print the stack for that too. */
const char *
__asan_default_options(void)
{
	return "handle_abort=1:detect_leaks=1";
}

const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

static const char *current;

static void
on_signal(int sig)
{
	static const char msg[] = "replay: crashed on input: ";

	if (current != NULL) {
		(void)!write(2, msg, sizeof(msg) - 1);
		(void)!write(2, current, strlen(current));
		(void)!write(2, "\n", 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
run_file(const char *path)
{
	FILE *f;
	uint8_t *data = NULL;
	size_t size = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (size == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((data = realloc(data, cap)) == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				exit(2);
			}
		}
		n = fread(data + size, 1, cap - size, f);
		size += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	if (getenv("REPLAY_VERBOSE") != NULL)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
	current = path;
	/* Give the harness a block of exactly the input's size. */
	{
		uint8_t *exact = malloc(size ? size : 1);

		if (exact == NULL)
			exit(2);
		memcpy(exact, data, size);
		LLVMFuzzerTestOneInput(exact, size);
		free(exact);
	}
	current = NULL;
	free(data);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	size_t runs = 0, nn, cap, i;
	struct dirent *de;
	struct stat sb;
	char **names, *p;
	DIR *d;
	int a, bad = 0;

	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGILL, on_signal);
	signal(SIGFPE, on_signal);
	for (a = 1; a < argc; a++) {
		if (stat(argv[a], &sb) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[a],
			    strerror(errno));
			bad = 1;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (run_file(argv[a]) == 0)
				runs++;
			else
				bad = 1;
			continue;
		}
		if ((d = opendir(argv[a])) == NULL) {
			fprintf(stderr, "replay: %s: %s\n", argv[a],
			    strerror(errno));
			bad = 1;
			continue;
		}
		names = NULL;
		nn = cap = 0;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if (nn == cap) {
				cap = cap ? 2 * cap : 64;
				names = realloc(names, cap * sizeof(*names));
				if (names == NULL)
					exit(2);
			}
			if ((p = malloc(strlen(argv[a]) + strlen(de->d_name) +
			    2)) == NULL)
				exit(2);
			sprintf(p, "%s/%s", argv[a], de->d_name);
			names[nn++] = p;
		}
		closedir(d);
		if (nn > 0)
			qsort(names, nn, sizeof(*names), cmp);
		for (i = 0; i < nn; i++) {
			if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
			    strcmp(strrchr(names[i], '/') + 1, "README") != 0 &&
			    strstr(names[i], "README.") == NULL) {
				if (run_file(names[i]) == 0)
					runs++;
				else
					bad = 1;
			}
			free(names[i]);
		}
		free(names);
	}
	printf("replay: %zu inputs\n", runs);
	return bad ? 2 : 0;
}
