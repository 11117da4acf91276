/*
 * test_io.c: the io core over real children (child_spawn of /bin/sh
 * commands, child_fork of a function that is itself an io-core server on
 * fds 0 and 1), in both wire topologies.  Failure injection is in
 * test_faults.c; the same core over real ssh in tests/transport.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "io/io.h"

static struct errbuf eb;
static struct errfwd fw;
static struct io io;

static void
start_sh(struct child *c, int topo, const char *script)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };

	errbuf_init(&eb);
	errfwd_init(&fw, 1);
	assert_int_equal(child_spawn(c, topo, argv, "Receiver"), 0);
	/* a deadlock fails the test (IO_ETIMEOUT) instead of hanging it */
	assert_int_equal(io_init(&io, c->wire_rd, child_wire_wfd(c), c, &eb,
	    &fw, 10000), 0);
}

static uint8_t big[1 << 20];

static void
fill(uint8_t *p, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* io_read waits for bytes that come in pieces, and returns exactly n. */
static void
read_in_pieces(int topo)
{
	struct child c;
	uint8_t buf[16];
	int fds = count_fds();

	start_sh(&c, topo, "printf abc; sleep 0.1; printf defg; sleep 0.1; printf hij");
	assert_int_equal(io_read(&io, buf, 5), 0);
	assert_memory_equal(buf, "abcde", 5);
	assert_int_equal(io_read(&io, buf, 5), 0);
	assert_memory_equal(buf, "fghij", 5);
	assert_int_equal(io_read(&io, buf, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	assert_int_equal(io.total_read, 10);
	/* sticky */
	assert_int_equal(io_read(&io, buf, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	assert_int_equal(child_join(&c, &eb, &fw), 0);
	assert_int_equal(count_fds(), fds);
	no_child_left();
}

static void
t_read_in_pieces_sock(void **s) { (void)s; read_in_pieces(TOPO_SOCKETPAIR); }
static void
t_read_in_pieces_pipes(void **s) { (void)s; read_in_pieces(TOPO_PIPES); }

/*
 * The child writes 1 MiB to stderr before its first wire byte: io_read
 * gets the byte only if the loop drains stderr meanwhile (a socketpair
 * holds far less than 1 MiB).  The capture keeps the newest 64 KiB.
 */
static void
stderr_drained_while_reading(int topo)
{
	struct child c;
	uint8_t b;

	start_sh(&c, topo, "head -c 1048576 /dev/zero >&2; printf x");
	assert_int_equal(io_read(&io, &b, 1), 0);
	assert_int_equal(b, 'x');
	assert_int_equal(child_join(&c, &eb, &fw), 0);
	assert_int_equal(eb.len, ERRBUF_CAP);
	assert_int_equal(eb.dropped + eb.len, 1048576);
	no_child_left();
}

static void
t_stderr_read_sock(void **s) { (void)s; stderr_drained_while_reading(TOPO_SOCKETPAIR); }
static void
t_stderr_read_pipes(void **s) { (void)s; stderr_drained_while_reading(TOPO_PIPES); }

/*
 * The child floods stderr before it reads its input: our write of 1 MiB
 * blocks, and completes only if the loop drains stderr while it waits.
 * Then the half-close ends the child's input and its count comes back.
 */
static void
stderr_drained_while_writing(int topo)
{
	struct child c;
	uint8_t buf[32];
	char want[32];

	start_sh(&c, topo, "head -c 1048576 /dev/zero >&2; wc -c | tr -d ' '");
	fill(big, sizeof big, 1);
	assert_int_equal(io_write(&io, big, sizeof big), 0);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io.wfd, -1);
	assert_int_equal(io.total_written, sizeof big);
	snprintf(want, sizeof want, "%zu\n", sizeof big);
	assert_int_equal(io_read(&io, buf, strlen(want)), 0);
	assert_memory_equal(buf, want, strlen(want));
	assert_int_equal(io_write(&io, buf, 1), -1);
	assert_int_equal(io.err, IO_ECLOSED);
	assert_int_equal(child_join(&c, &eb, &fw), 0);
	assert_int_equal(eb.dropped + eb.len, 1048576);
	no_child_left();
}

static void
t_stderr_write_sock(void **s) { (void)s; stderr_drained_while_writing(TOPO_SOCKETPAIR); }
static void
t_stderr_write_pipes(void **s) { (void)s; stderr_drained_while_writing(TOPO_PIPES); }

/*
 * A server on fds 0 and 1 in a forked child (no stderr channel of its
 * own: c is NULL): reads a length and that many bytes through its own io
 * core, sends back their sum and the bytes reversed, exits 3.
 */
static int
server(int rfd, int wfd, void *arg)
{
	static struct io sio;
	static uint8_t data[1 << 20];
	uint8_t len[4], out[4];
	uint32_t n, i, sum = 0;

	(void)arg;
	if (io_init(&sio, rfd, wfd, NULL, NULL, NULL, 10000) != 0)
		return 10;
	if (io_read(&sio, len, 4) != 0)
		return 11;
	n = (uint32_t)len[0] | (uint32_t)len[1] << 8 | (uint32_t)len[2] << 16;
	if (n > sizeof data || io_read(&sio, data, n) != 0)
		return 12;
	for (i = 0; i < n; i++)
		sum += data[i];
	memcpy(out, &sum, 4);
	fprintf(stderr, "server: %u bytes\n", n);
	for (i = 0; i < n / 2; i++) {
		uint8_t t = data[i];

		data[i] = data[n - 1 - i];
		data[n - 1 - i] = t;
	}
	if (io_write(&sio, out, 4) != 0 || io_write(&sio, data, n) != 0 ||
	    io_flush(&sio) != 0)
		return 13;
	return 3;
}

static void
local_server(int topo)
{
	static uint8_t back[1 << 20];
	struct child c;
	uint32_t n = sizeof big, sum = 0, got, i;
	uint8_t len[4] = { (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), 0 };
	uint8_t msg[64];
	int fds = count_fds(), st;

	errbuf_init(&eb);
	errfwd_init(&fw, 1);
	fill(big, sizeof big, 7);
	for (i = 0; i < n; i++)
		sum += big[i];
	assert_int_equal(child_fork(&c, topo, server, NULL), 0);
	assert_int_equal(io_init(&io, c.wire_rd, child_wire_wfd(&c), &c, &eb,
	    &fw, 10000), 0);
	assert_int_equal(io_write(&io, len, 4), 0);
	assert_int_equal(io_write(&io, big, n), 0);
	assert_int_equal(io_flush(&io), 0);
	assert_int_equal(io_read(&io, (uint8_t *)&got, 4), 0);
	assert_int_equal(got, sum);
	assert_int_equal(io_read(&io, back, n), 0);
	for (i = 0; i < n; i++)
		if (back[i] != big[n - 1 - i])
			fail_msg("byte %u differs", i);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, msg, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	st = child_join(&c, &eb, &fw);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 3);
	assert_int_equal(c.killed, 0);
	n = (uint32_t)errbuf_copy(&eb, msg, sizeof msg);
	assert_int_equal(n, strlen("server: 1048576 bytes\n"));
	assert_memory_equal(msg, "server: 1048576 bytes\n", n);
	assert_int_equal(count_fds(), fds);
	no_child_left();
}

static void
t_local_server_sock(void **s) { (void)s; local_server(TOPO_SOCKETPAIR); }
static void
t_local_server_pipes(void **s) { (void)s; local_server(TOPO_PIPES); }

/*
 * The wire's EOF with input still buffered: io_pump does not fail while
 * bytes remain (they are the caller's), and fails with IO_EEOF once they
 * are taken.
 */
static void
t_eof_keeps_buffered(void **s)
{
	struct child c;
	uint8_t buf[4];
	int i;

	(void)s;
	start_sh(&c, TOPO_SOCKETPAIR, "printf abc");
	assert_int_equal(io_read(&io, buf, 1), 0);
	/* until nothing is left to wait for: EOF and the channel closed */
	for (i = 0; i < 1000 && (!io.in_eof || c.err_fd != -1); i++)
		assert_int_equal(io_pump(&io), 0);
	assert_true(io.in_eof);
	assert_int_equal(c.err_fd, -1);
	assert_int_equal(io_avail(&io), 2);
	assert_int_equal(io_pump(&io), 0);
	assert_int_equal(io_read(&io, buf, 2), 0);
	assert_memory_equal(buf, "bc", 2);
	assert_int_equal(io_pump(&io), -1);
	assert_int_equal(io.err, IO_EEOF);
	assert_int_equal(io_half_close(&io), -1);
	assert_int_equal(child_join(&c, &eb, &fw), 0);
	no_child_left();
}

/* --timeout: no byte either way for timeout_ms ends the io. */
static void
t_timeout(void **s)
{
	struct child c;
	uint8_t b;

	(void)s;
	start_sh(&c, TOPO_SOCKETPAIR, "printf a; exec sleep 5");
	io.timeout_ms = 300;
	assert_int_equal(io_read(&io, &b, 1), 0);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io.err, IO_ETIMEOUT);
	c.wait_ms = 100;
	(void)child_join(&c, &eb, &fw);
	assert_int_equal(c.killed, SIGTERM);
	no_child_left();
}

/* join's bound: a child that ignores EOF and SIGTERM is killed. */
static void
t_join_kills(void **s)
{
	struct child c;
	int st;

	(void)s;
	start_sh(&c, TOPO_PIPES, "trap '' TERM; exec >/dev/null </dev/null; exec sleep 30");
	c.wait_ms = 100;
	st = child_join(&c, &eb, &fw);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGKILL);
	assert_int_equal(c.killed, SIGKILL);
	assert_int_equal(child_join(&c, &eb, &fw), st);
	no_child_left();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_read_in_pieces_sock),
		cmocka_unit_test(t_read_in_pieces_pipes),
		cmocka_unit_test(t_stderr_read_sock),
		cmocka_unit_test(t_stderr_read_pipes),
		cmocka_unit_test(t_stderr_write_sock),
		cmocka_unit_test(t_stderr_write_pipes),
		cmocka_unit_test(t_local_server_sock),
		cmocka_unit_test(t_local_server_pipes),
		cmocka_unit_test(t_eof_keeps_buffered),
		cmocka_unit_test(t_timeout),
		cmocka_unit_test(t_join_kills),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
