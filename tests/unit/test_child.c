/*
 * test_child.c: the transport's child process, spawned for real (no ssh
 * here; tests/transport runs the same through a private sshd).  Each test
 * runs in both wire topologies.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "transport/child.h"

static struct errbuf eb;
static struct errfwd fw;

/*
 * Reads the wire to EOF into out while draining the stderr channel, as
 * the io loop does: the child must never block on a full stderr.
 */
static size_t
pump(struct child *c, char *out, size_t cap)
{
	size_t got = 0;
	char sink[4096];
	ssize_t n;

	for (;;) {
		struct pollfd p[2] = { { c->wire_rd, POLLIN, 0 },
		    { c->err_fd, POLLIN, 0 } };

		assert_true(poll(p, c->err_fd != -1 ? 2 : 1, 10000) > 0);
		if (c->err_fd != -1 && p[1].revents)
			(void)child_read_stderr(c, &eb, &fw);
		if (p[0].revents) {
			n = read(c->wire_rd, got < cap ? out + got : sink,
			    got < cap ? cap - got : sizeof sink);
			if (n <= 0)
				return got;
			if (got < cap)
				got += (size_t)n;
		}
	}
}

/* Runs argv, sends in (then EOF), collects the wire output into out. */
static int
run(int topo, char *const argv[], const char *in, char *out, size_t cap,
    size_t *outlen)
{
	struct child c;
	int st;

	errbuf_init(&eb);
	errfwd_init(&fw, 1);
	assert_int_equal(child_spawn(&c, topo, argv, "Receiver"), 0);
	if (in != NULL && *in)
		assert_int_equal(write(child_wire_wfd(&c), in, strlen(in)),
		    (ssize_t)strlen(in));
	assert_int_equal(child_half_close(&c), 0);
	*outlen = pump(&c, out, cap);
	st = child_join(&c, &eb, &fw);
	assert_int_equal(child_join(&c, &eb, &fw), st);
	assert_int_equal(c.joined, 1);
	assert_int_equal(c.wire_rd, -1);
	assert_int_equal(c.err_fd, -1);
	return st;
}

static void
echo_roundtrip(int topo)
{
	char *argv[] = { "cat", NULL };
	char out[64];
	size_t n;
	int st = run(topo, argv, "hello, wire", out, sizeof out, &n);

	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(n, 11);
	assert_memory_equal(out, "hello, wire", 11);
}

static void test_echo_socketpair(void **s) { (void)s; echo_roundtrip(TOPO_SOCKETPAIR); }
static void test_echo_pipes(void **s) { (void)s; echo_roundtrip(TOPO_PIPES); }

/* Only 0, 1 and 2 cross exec: ls sees its own directory fd (3) besides. */
static void
only_std_fds(int topo)
{
	char *argv[] = { "ls", "-1", "/proc/self/fd", NULL };
	char out[256];
	size_t n;
	int leak = open("/dev/null", O_RDONLY);	/* deliberately not CLOEXEC */
	int st;

	assert_true(leak >= 3);
	st = run(topo, argv, NULL, out, sizeof out - 1, &n);
	close(leak);
	out[n] = 0;
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(out, "0\n1\n2\n3\n");
}

static void test_fds_socketpair(void **s) { (void)s; only_std_fds(TOPO_SOCKETPAIR); }
static void test_fds_pipes(void **s) { (void)s; only_std_fds(TOPO_PIPES); }

static void
not_found(int topo)
{
	char *argv[] = { "/nonexistent/vrsync-test", NULL };
	const char *want = "rsync: [Receiver] Failed to exec /nonexistent/vrsync-test: "
	    "No such file or directory (2)\n";
	char out[16];
	uint8_t held[256];
	size_t n, k;
	int st = run(topo, argv, NULL, out, sizeof out, &n);

	/* upstream's RERR_IPC (pipe.c piped_child), its lines on the channel */
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), CHILD_EXEC_FAILED);
	assert_int_equal(n, 0);
	k = errbuf_copy(&eb, held, sizeof held);
	assert_true(k > strlen(want));
	assert_memory_equal(held, want, strlen(want));
	assert_non_null(memmem(held, k, "(code 14) at pipe.c(85) [Receiver=", 34));
}

static void test_notfound_socketpair(void **s) { (void)s; not_found(TOPO_SOCKETPAIR); }
static void test_notfound_pipes(void **s) { (void)s; not_found(TOPO_PIPES); }

/* stderr is captured and forwarded line by line, the last line completed. */
static void
stderr_lines(int topo)
{
	char *argv[] = { "sh", "-c", "echo one >&2; printf 'tw\\377o' >&2; exit 3",
	    NULL };
	char out[16], fwd[64], held[64];
	size_t n, k;
	int p[2], saved, st;
	ssize_t r;

	assert_int_equal(pipe(p), 0);
	saved = dup(2);
	dup2(p[1], 2);
	close(p[1]);
	errbuf_init(&eb);
	{
		struct child c;

		errfwd_init(&fw, 0);
		assert_int_equal(child_spawn(&c, topo, argv, "Receiver"), 0);
		child_half_close(&c);
		n = pump(&c, out, sizeof out);
		assert_int_equal(n, 0);
		st = child_join(&c, &eb, &fw);
	}
	dup2(saved, 2);
	close(saved);
	r = read(p[0], fwd, sizeof fwd);
	close(p[0]);
	assert_int_equal(WEXITSTATUS(st), 3);
	assert_int_equal(r, 9);
	assert_memory_equal(fwd, "one\ntw\377o\n", 9);
	k = errbuf_copy(&eb, (uint8_t *)held, sizeof held);
	assert_int_equal(k, 8);
	assert_memory_equal(held, "one\ntw\377o", 8);
}

static void test_stderr_socketpair(void **s) { (void)s; stderr_lines(TOPO_SOCKETPAIR); }
static void test_stderr_pipes(void **s) { (void)s; stderr_lines(TOPO_PIPES); }

/* 10 MiB of stderr: the capture keeps the newest 64 KiB, counts the rest. */
static void
stderr_flood(int topo)
{
	char *argv[] = { "sh", "-c",
	    "yes 0123456789abcdef0123456789abcde | head -c 10485760 >&2", NULL };
	char out[16];
	uint8_t held[ERRBUF_CAP];
	size_t n;
	int st = run(topo, argv, NULL, out, sizeof out, &n);

	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(eb.len, ERRBUF_CAP);
	assert_int_equal(eb.dropped + eb.len, 10485760);
	assert_int_equal(errbuf_copy(&eb, held, sizeof held), ERRBUF_CAP);
	/* 10485760 is a multiple of the 32-byte line: the tail ends a line. */
	assert_memory_equal(held + ERRBUF_CAP - 32,
	    "0123456789abcdef0123456789abcde\n", 32);
}

static void test_flood_socketpair(void **s) { (void)s; stderr_flood(TOPO_SOCKETPAIR); }
static void test_flood_pipes(void **s) { (void)s; stderr_flood(TOPO_PIPES); }

/* Many sessions in one process leave no fd and no zombie behind. */
static void
test_no_leak(void **s)
{
	char *argv[] = { "true", NULL };
	char out[4];
	size_t n;
	int before = count_fds(), i, st;

	(void)s;
	for (i = 0; i < 100; i++)
		run(i % 2 ? TOPO_PIPES : TOPO_SOCKETPAIR, argv, NULL, out,
		    sizeof out, &n);
	assert_int_equal(count_fds(), before);
	assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* Alive: exists and is not a zombie waiting for a reaper. */
static int
alive(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* A child dies with its parent: kill -9 the process that spawned it and
 * the child is gone within a second. */
static void
test_dies_with_parent(void **s)
{
	int p[2], st, i;
	pid_t mid, grand = 0;

	(void)s;
	assert_int_equal(pipe(p), 0);
	mid = fork();
	assert_true(mid >= 0);
	if (mid == 0) {
		char *argv[] = { "sleep", "30", NULL };
		struct child c;

		close(p[0]);
		if (child_spawn(&c, TOPO_SOCKETPAIR, argv, "Receiver") != 0)
			_exit(1);
		(void)write(p[1], &c.pid, sizeof c.pid);
		pause();
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &grand, sizeof grand), (ssize_t)sizeof grand);
	close(p[0]);
	assert_true(grand > 0);
	kill(mid, SIGKILL);
	waitpid(mid, &st, 0);
	for (i = 0; i < 100 && alive(grand); i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	assert_false(alive(grand));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_socketpair),
		cmocka_unit_test(test_echo_pipes),
		cmocka_unit_test(test_fds_socketpair),
		cmocka_unit_test(test_fds_pipes),
		cmocka_unit_test(test_notfound_socketpair),
		cmocka_unit_test(test_notfound_pipes),
		cmocka_unit_test(test_stderr_socketpair),
		cmocka_unit_test(test_stderr_pipes),
		cmocka_unit_test(test_flood_socketpair),
		cmocka_unit_test(test_flood_pipes),
		cmocka_unit_test(test_no_leak),
		cmocka_unit_test(test_dies_with_parent),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("child", tests, NULL, NULL);
}
