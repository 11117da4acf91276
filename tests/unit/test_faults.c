/*
 * test_faults.c: the error paths of the transport's child (child.c) and
 * of the io core (io.c), with system-call failures injected, in both wire
 * topologies where the topology matters.
 *
 * unit.mk links io.c child.c sys.c errbuf.c errfwd.c with -Wl,--wrap= for
 * socketpair pipe2 fork poll read write: every call to one of them lands
 * in __wrap_X below, which passes through to __real_X unless the test
 * armed a fault: "let skip calls on fd through, then fail count calls
 * with errno err" (fd -1: any fd; socketpair and pipe2 share one fault,
 * the creation of a pair, and log which of the two each call was).
 * Every wrapper also counts the calls its filter matches, armed or not.
 *
 * Every test ends with child_join and checks that no fd and no child is
 * left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "io/io.h"

#ifndef VRSYNC_VERSION
#error "VRSYNC_VERSION comes from the Makefile (-DVRSYNC_VERSION=...)"
#endif

/* ---- fault injection ---------------------------------------------------- */

enum { W_PAIR, W_FORK, W_POLL, W_READ, W_WRITE, W_N };

struct fault {
	int	fd;	/* the fd whose calls count (-1: any) */
	int	skip;	/* matching calls to let through before failing */
	int	count;	/* matching calls to fail after those */
	int	err;	/* errno of a failed call */
	int	hits;	/* matching calls since armed */
};

static struct fault faults[W_N];
/* one letter per pair created since armed: 's' socketpair, 'p' pipe2 */
static char pair_log[16];

static void
arm(int w, int fd, int skip, int count, int err)
{
	faults[w] = (struct fault){ fd, skip, count, err, 0 };
	if (w == W_PAIR)
		memset(pair_log, 0, sizeof pair_log);
}

/* Counts the calls on fd, fails none. */
static void
watch(int w, int fd)
{
	arm(w, fd, 0, 0, 0);
}

static void
disarm(void)
{
	int w;

	for (w = 0; w < W_N; w++)
		watch(w, -1);
}

/* Counts the call if it matches; 1 (errno set) when it is to fail. */
static int
hit(int w, int fd)
{
	struct fault *f = &faults[w];

	if (f->fd != -1 && f->fd != fd)
		return 0;
	f->hits++;
	if (f->count == 0)
		return 0;
	if (f->skip > 0) {
		f->skip--;
		return 0;
	}
	f->count--;
	errno = f->err;
	return 1;
}

static void
log_pair(char kind)
{
	size_t n = strlen(pair_log);

	if (n < sizeof pair_log - 1)
		pair_log[n] = kind;
}

int	__real_socketpair(int domain, int type, int protocol, int sv[2]);
int	__wrap_socketpair(int domain, int type, int protocol, int sv[2]);
int	__real_pipe2(int fds[2], int flags);
int	__wrap_pipe2(int fds[2], int flags);
pid_t	__real_fork(void);
pid_t	__wrap_fork(void);
int	__real_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int	__wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout);
ssize_t	__real_read(int fd, void *buf, size_t count);
ssize_t	__wrap_read(int fd, void *buf, size_t count);
ssize_t	__real_write(int fd, const void *buf, size_t count);
ssize_t	__wrap_write(int fd, const void *buf, size_t count);

int
__wrap_socketpair(int domain, int type, int protocol, int sv[2])
{
	log_pair('s');
	if (hit(W_PAIR, -1))
		return -1;
	return __real_socketpair(domain, type, protocol, sv);
}

int
__wrap_pipe2(int fds[2], int flags)
{
	log_pair('p');
	if (hit(W_PAIR, -1))
		return -1;
	return __real_pipe2(fds, flags);
}

pid_t
__wrap_fork(void)
{
	if (hit(W_FORK, -1))
		return -1;
	return __real_fork();
}

int
__wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	if (hit(W_POLL, -1))
		return -1;
	return __real_poll(fds, nfds, timeout);
}

ssize_t
__wrap_read(int fd, void *buf, size_t count)
{
	if (hit(W_READ, fd))
		return -1;
	return __real_read(fd, buf, count);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t count)
{
	if (hit(W_WRITE, fd))
		return -1;
	return __real_write(fd, buf, count);
}

/* ---- helpers ------------------------------------------------------------ */

static struct errbuf eb;
static struct errfwd fw;
static struct child ch;
static struct io io;
static int baseline;		/* fds open when the test started */

static int
setup(void **state)
{
	(void)state;
	disarm();
	errbuf_init(&eb);
	errfwd_init(&fw, 1);
	ch = (struct child){ .pid = -1, .wire_rd = -1, .wire_wr = -1,
	    .err_fd = -1, .joined = 1, .status = -1 };
	baseline = count_fds();
	alarm(60);	/* a test that hangs dies (and fails the driver) */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	alarm(0);
	disarm();
	/* a test that failed half-way: its child must not fail the next */
	if (!ch.joined) {
		ch.wait_ms = 0;
		(void)child_join(&ch, &eb, &fw);
	}
	return 0;
}

/* Joins the child; nothing of it may be left.  Its wait status. */
static int
finish(void)
{
	int st;

	disarm();
	st = child_join(&ch, &eb, &fw);
	assert_int_equal(ch.joined, 1);
	assert_int_equal(ch.pid, -1);
	assert_int_equal(ch.wire_rd, -1);
	assert_int_equal(ch.wire_wr, -1);
	assert_int_equal(ch.err_fd, -1);
	assert_int_equal(child_join(&ch, &eb, &fw), st);
	assert_int_equal(count_fds(), baseline);
	no_child_left();
	return st;
}

static void
exited(int st, int code)
{
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), code);
}

/* /bin/sh -c script on a new wire, an io over it. */
static void
spawn(int topo, const char *script, int timeout_ms)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };

	assert_int_equal(child_spawn(&ch, topo, argv, "sender"), 0);
	ch.wait_ms = 500;
	assert_int_equal(io_init(&io, ch.wire_rd, child_wire_wfd(&ch), &ch, &eb,
	    &fw, timeout_ms), 0);
}

static void
fork_fn(int topo, sys_child_fn fn, void *arg, int timeout_ms)
{
	assert_int_equal(child_fork(&ch, topo, fn, arg), 0);
	ch.wait_ms = 500;
	assert_int_equal(io_init(&io, ch.wire_rd, child_wire_wfd(&ch), &ch, &eb,
	    &fw, timeout_ms), 0);
}

/*
 * After the first failure every io call is -1 with the same err, and
 * makes no system call.
 */
static void
sticky(int err, int e)
{
	uint8_t b = 'x';

	assert_int_equal(io.err, err);
	assert_int_equal(io.err_errno, e);
	watch(W_POLL, -1);
	watch(W_READ, -1);
	watch(W_WRITE, -1);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io_write(&io, &b, 1), -1);
	assert_int_equal(io_flush(&io), -1);
	assert_int_equal(io_pump(&io), -1);
	if (io.wfd != -1)
		assert_int_equal(io_half_close(&io), -1);
	assert_int_equal(io_read(&io, &b, 0), -1);
	assert_int_equal(io.err, err);
	assert_int_equal(io.err_errno, e);
	assert_int_equal(faults[W_POLL].hits, 0);
	assert_int_equal(faults[W_READ].hits, 0);
	assert_int_equal(faults[W_WRITE].hits, 0);
}

static int
write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t k;

	while (n > 0) {
		k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

#define TOPOS(name)							\
	static void test_##name##_socketpair(void **s)			\
	{ (void)s; name(TOPO_SOCKETPAIR); }				\
	static void test_##name##_pipes(void **s)			\
	{ (void)s; name(TOPO_PIPES); }

static int	echo_fn(int rfd, int wfd, void *arg);

/* ---- child_spawn failing ------------------------------------------------ */

/*
 * The stderr socketpair, then the wire: a socketpair, or two pipes.  The
 * n-th of those failing: -1, nothing open, no child, no fork tried.
 */
static void
spawn_pair_fails(int topo)
{
	char *argv[] = { "true", NULL };
	const char *want = topo == TOPO_PIPES ? "spp" : "ss";
	int pairs = (int)strlen(want), n;

	for (n = 1; n <= pairs; n++) {
		arm(W_PAIR, -1, n - 1, 1, EMFILE);
		watch(W_FORK, -1);
		assert_int_equal(child_spawn(&ch, topo, argv, "sender"), -1);
		assert_int_equal(faults[W_PAIR].hits, n);
		assert_int_equal(faults[W_PAIR].count, 0);
		assert_memory_equal(pair_log, want, (size_t)n);
		assert_int_equal(pair_log[n], 0);
		assert_int_equal(faults[W_FORK].hits, 0);
		assert_int_equal(count_fds(), baseline);
		no_child_left();
		/* a failed spawn leaves nothing for join to do */
		assert_int_equal(ch.pid, -1);
		assert_int_equal(child_join(&ch, &eb, &fw), -1);
		assert_int_equal(count_fds(), baseline);
	}
	/* no pair more than the topology needs */
	arm(W_PAIR, -1, pairs, 1, EMFILE);
	assert_int_equal(child_spawn(&ch, topo, argv, "sender"), 0);
	assert_string_equal(pair_log, want);
	assert_int_equal(faults[W_PAIR].count, 1);
	exited(finish(), 0);
}

TOPOS(spawn_pair_fails)

static void
spawn_fork_fails(int topo)
{
	char *argv[] = { "true", NULL };

	arm(W_FORK, -1, 0, 1, EAGAIN);
	assert_int_equal(child_spawn(&ch, topo, argv, "sender"), -1);
	assert_int_equal(faults[W_FORK].hits, 1);
	assert_string_equal(pair_log, topo == TOPO_PIPES ? "spp" : "ss");
	assert_int_equal(count_fds(), baseline);
	no_child_left();
	assert_int_equal(child_join(&ch, &eb, &fw), -1);
	assert_int_equal(count_fds(), baseline);
	/* and child_fork the same */
	arm(W_FORK, -1, 0, 1, ENOMEM);
	assert_int_equal(child_fork(&ch, topo, echo_fn, NULL), -1);
	assert_int_equal(count_fds(), baseline);
	no_child_left();
}

TOPOS(spawn_fork_fails)

/* A command that does not exist: exit 14, upstream's two lines captured,
 * nothing on the wire. */
static void
spawn_no_such(int topo)
{
	char *argv[] = { "/no/such/cmd", NULL };
	static const char want[] =
	    "rsync: [sender] Failed to exec /no/such/cmd: No such file or directory (2)\n"
	    "rsync error: error in IPC code (code 14) at pipe.c(85) [sender="
	    VRSYNC_VERSION "]\n";
	char held[512];
	uint8_t b;
	size_t n;

	assert_int_equal(child_spawn(&ch, topo, argv, "sender"), 0);
	assert_int_equal(io_init(&io, ch.wire_rd, child_wire_wfd(&ch), &ch, &eb,
	    &fw, 10000), 0);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	exited(finish(), CHILD_EXEC_FAILED);
	n = errbuf_copy(&eb, (uint8_t *)held, sizeof held - 1);
	held[n] = 0;
	assert_string_equal(held, want);
}

TOPOS(spawn_no_such)

/* ---- child_fork --------------------------------------------------------- */

/* Echoes fd 0 to fd 1 until EOF, then a line on fd 2; returns *arg. */
static int
echo_fn(int rfd, int wfd, void *arg)
{
	uint8_t buf[4096];
	ssize_t n;

	if (rfd != 0 || wfd != 1)
		return 99;
	while ((n = read(rfd, buf, sizeof buf)) > 0)
		if (write_all(wfd, buf, (size_t)n) != 0)
			return 98;
	if (n < 0 || write_all(2, "echo done\n", 10) != 0)
		return 97;
	return *(int *)arg;
}

static void
fork_echo(int topo)
{
	static const char msg[] = "hello through a forked child";
	int code = 42;
	char got[sizeof msg];
	uint8_t b;
	size_t n;

	fork_fn(topo, echo_fn, &code, 10000);
	assert_int_equal(io_write(&io, (const uint8_t *)msg, sizeof msg), 0);
	assert_int_equal(io_flush(&io), 0);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, (uint8_t *)got, sizeof got), 0);
	assert_memory_equal(got, msg, sizeof msg);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	assert_int_equal(io.total_written, sizeof msg);
	assert_int_equal(io.total_read, sizeof msg);
	exited(finish(), 42);
	n = errbuf_copy(&eb, (uint8_t *)got, sizeof got);
	assert_int_equal(n, 10);
	assert_memory_equal(got, "echo done\n", 10);
}

TOPOS(fork_echo)

#define FLOOD_LINE	"0123456789abcdef0123456789abcde\n"
#define FLOOD_LINES	10000	/* 320000 bytes: more than any socket buffer */

/* Floods fd 2, writes nothing on fd 1. */
static int
stderr_fn(int rfd, int wfd, void *arg)
{
	int i;

	(void)rfd;
	(void)wfd;
	(void)arg;
	for (i = 0; i < FLOOD_LINES; i++)
		if (write_all(2, FLOOD_LINE, 32) != 0)
			return 1;
	return 0;
}

/* The wire's EOF comes only once the child has written all its stderr:
 * io_read waiting for the wire must drain the channel meanwhile. */
static void
fork_stderr(int topo)
{
	uint8_t held[ERRBUF_CAP], b;

	fork_fn(topo, stderr_fn, NULL, 10000);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	exited(finish(), 0);
	assert_int_equal(eb.len + eb.dropped, 32 * FLOOD_LINES);
	assert_int_equal(errbuf_copy(&eb, held, sizeof held), ERRBUF_CAP);
	assert_memory_equal(held + ERRBUF_CAP - 32, FLOOD_LINE, 32);
}

TOPOS(fork_stderr)

/* Lists the fds below RLIMIT_NOFILE (valgrind's own are above) on fd 1,
 * "0 1 2 "; returns how many. */
static int
fds_fn(int rfd, int wfd, void *arg)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	struct rlimit rl;
	char out[256];
	size_t len = 0;
	long fd;
	int n = 0, k;

	(void)rfd;
	(void)arg;
	if (d == NULL || getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 99;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		fd = strtol(e->d_name, NULL, 10);
		if (fd == dirfd(d) || fd >= (long)rl.rlim_cur)
			continue;
		n++;
		k = snprintf(out + len, sizeof out - len, "%ld ", fd);
		if (k < 0 || (size_t)k >= sizeof out - len)
			return 98;
		len += (size_t)k;
	}
	closedir(d);
	if (write_all(wfd, out, len) != 0)
		return 97;
	return n;
}

/* The forked child holds 0, 1, 2 and nothing else (an fd of the parent's
 * without close-on-exec included). */
static void
fork_fds(int topo)
{
	int leak = dup(2);
	char got[7];
	uint8_t b;

	assert_true(leak >= 3);
	fork_fn(topo, fds_fn, NULL, 10000);
	close(leak);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, (uint8_t *)got, 6), 0);
	got[6] = 0;
	assert_string_equal(got, "0 1 2 ");
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	exited(finish(), 3);
}

TOPOS(fork_fds)

/* ---- the io core: poll -------------------------------------------------- */

static void
io_poll_fails(int topo)
{
	uint8_t b;

	spawn(topo, "exec cat", 0);
	arm(W_POLL, -1, 0, 1, EBADF);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(faults[W_POLL].hits, 1);
	sticky(IO_EPOLL, EBADF);
	exited(finish(), 0);
}

TOPOS(io_poll_fails)

static void
io_poll_eintr(int topo)
{
	uint8_t got[3];

	spawn(topo, "printf abc", 0);
	arm(W_POLL, -1, 0, 3, EINTR);
	assert_int_equal(io_read(&io, got, 3), 0);
	assert_memory_equal(got, "abc", 3);
	assert_int_equal(faults[W_POLL].count, 0);
	assert_true(faults[W_POLL].hits >= 4);
	assert_int_equal(io.err, IO_OK);
	exited(finish(), 0);
}

TOPOS(io_poll_eintr)

/* ---- the io core: read -------------------------------------------------- */

static void
io_read_eagain(int topo)
{
	uint8_t got[3];

	spawn(topo, "printf abc", 0);
	arm(W_READ, io.rfd, 0, 2, EAGAIN);
	assert_int_equal(io_read(&io, got, 3), 0);
	assert_memory_equal(got, "abc", 3);
	assert_int_equal(faults[W_READ].count, 0);
	assert_true(faults[W_READ].hits >= 3);
	assert_int_equal(io.err, IO_OK);
	exited(finish(), 0);
}

TOPOS(io_read_eagain)

static void
io_read_eio(int topo)
{
	uint8_t got[3];

	spawn(topo, "printf abc", 0);
	arm(W_READ, io.rfd, 0, 1, EIO);
	assert_int_equal(io_read(&io, got, 3), -1);
	assert_int_equal(faults[W_READ].hits, 1);
	sticky(IO_EREAD, EIO);
	exited(finish(), 0);
}

TOPOS(io_read_eio)

/* The wire ends: what came is read, one byte more is IO_EEOF. */
static void
io_eof(int topo)
{
	uint8_t got[3];

	spawn(topo, "printf ab", 0);
	assert_int_equal(io_read(&io, got, 2), 0);
	assert_memory_equal(got, "ab", 2);
	assert_int_equal(io_read(&io, got, 1), -1);
	sticky(IO_EEOF, 0);
	exited(finish(), 0);
	/* and a read the wire ends in the middle of */
	errbuf_init(&eb);
	spawn(topo, "printf ab", 0);
	assert_int_equal(io_read(&io, got, 3), -1);
	assert_int_equal(io.err, IO_EEOF);
	exited(finish(), 0);
}

TOPOS(io_eof)

/* io_pump with nothing left to wait for at the wire's EOF (input at EOF
 * and consumed, nothing to write, the stderr channel closed) is IO_EEOF,
 * not a 0 a caller's loop would spin on. */
static void
io_pump_eof(int topo)
{
	uint8_t got[2];
	int i, r = 0;

	spawn(topo, "printf ab", 0);
	assert_int_equal(io_read(&io, got, 2), 0);
	for (i = 0; i < 100 && r == 0; i++)
		r = io_pump(&io);
	assert_int_equal(r, -1);
	assert_int_equal(ch.err_fd, -1);
	assert_int_equal(io.in_eof, 1);
	sticky(IO_EEOF, 0);
	exited(finish(), 0);
}

TOPOS(io_pump_eof)

/* ---- the io core: write ------------------------------------------------- */

static void
io_write_eagain(int topo)
{
	static const char msg[] = "0123456789";
	char got[sizeof msg];
	int wfd;

	spawn(topo, "exec cat", 0);
	wfd = io.wfd;
	arm(W_WRITE, wfd, 0, 2, EAGAIN);
	assert_int_equal(io_write(&io, (const uint8_t *)msg, sizeof msg), 0);
	assert_int_equal(io_flush(&io), 0);
	assert_int_equal(faults[W_WRITE].count, 0);
	assert_int_equal(faults[W_WRITE].hits, 3);
	assert_int_equal(io.err, IO_OK);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, (uint8_t *)got, sizeof got), 0);
	assert_memory_equal(got, msg, sizeof msg);
	exited(finish(), 0);
}

TOPOS(io_write_eagain)

static void
io_write_epipe(int topo)
{
	spawn(topo, "exec cat", 0);
	arm(W_WRITE, io.wfd, 0, 1, EPIPE);
	assert_int_equal(io_write(&io, (const uint8_t *)"abc", 3), 0);
	assert_int_equal(io_flush(&io), -1);
	assert_int_equal(faults[W_WRITE].hits, 1);
	sticky(IO_EWRITE, EPIPE);
	exited(finish(), 0);
}

TOPOS(io_write_epipe)

/* The real thing: a child that reads nothing and exits.  The write that
 * finds it gone is EPIPE (SIGPIPE is ignored, as vrsync does). */
static void
io_write_peer_gone(int topo)
{
	static uint8_t block[65536];
	int i, r = 0;

	spawn(topo, "exit 0", 5000);
	for (i = 0; i < 64 && r == 0; i++)
		r = io_write(&io, block, sizeof block);
	if (r == 0)
		r = io_flush(&io);
	assert_int_equal(r, -1);
	sticky(IO_EWRITE, EPIPE);
	exited(finish(), 0);
}

TOPOS(io_write_peer_gone)

static void
io_write_closed(int topo)
{
	uint8_t got[2];

	spawn(topo, "exec cat", 0);
	assert_int_equal(io_write(&io, (const uint8_t *)"hi", 2), 0);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io.wfd, -1);
	assert_int_equal(ch.wire_wr, -1);
	assert_int_equal(io_half_close(&io), 0);
	/* reading goes on */
	assert_int_equal(io_read(&io, got, 2), 0);
	assert_memory_equal(got, "hi", 2);
	watch(W_WRITE, -1);
	assert_int_equal(io_write(&io, (const uint8_t *)"x", 1), -1);
	assert_int_equal(faults[W_WRITE].hits, 0);
	sticky(IO_ECLOSED, 0);
	exited(finish(), 0);
}

TOPOS(io_write_closed)

/* ---- the io core: --timeout --------------------------------------------- */

static void
io_timeout(int topo)
{
	uint8_t b;
	int64_t t0, dt;
	int st;

	spawn(topo, "exec sleep 5", 300);
	t0 = io.last_io;	/* the --timeout runs from io_init */
	watch(W_POLL, -1);
	assert_int_equal(io_read(&io, &b, 1), -1);
	dt = sys_now_ms() - t0;
	assert_int_equal(io.err, IO_ETIMEOUT);
	assert_true(dt >= 300);
	assert_true(dt <= 2000);
	/* the wait is spent in poll, not in a busy loop */
	assert_true(faults[W_POLL].hits <= 3);
	sticky(IO_ETIMEOUT, 0);
	/* sleep does not notice the wire closing: join stops it */
	t0 = sys_now_ms();
	st = finish();
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	assert_int_equal(ch.killed, SIGTERM);
	assert_true(sys_now_ms() - t0 < 4000);
}

TOPOS(io_timeout)

/* A byte that moves restarts the --timeout; silence after it ends it. */
static void
io_timeout_restarts(int topo)
{
	uint8_t got[2];
	int64_t t0, dt;

	spawn(topo, "printf a; sleep 0.2; printf b; exec sleep 5", 300);
	t0 = io.last_io;	/* the --timeout runs from io_init */
	assert_int_equal(io_read(&io, got, 2), 0);
	assert_memory_equal(got, "ab", 2);
	assert_int_equal(io_read(&io, got, 1), -1);
	dt = sys_now_ms() - t0;
	assert_int_equal(io.err, IO_ETIMEOUT);
	assert_true(dt >= 500);
	assert_true(dt <= 2500);
	(void)finish();
}

TOPOS(io_timeout_restarts)

/*
 * Chatter on the stderr channel is not wire traffic: it wakes the loop
 * every 100 ms for 0.9 s but neither holds the --timeout (1 s) off nor
 * pushes its deadline back (each poll waits what is left of it).
 */
static void
io_timeout_stderr(int topo)
{
	uint8_t b;
	int64_t t0, dt;

	spawn(topo, "for i in 1 2 3 4 5 6 7 8 9; do echo x >&2; sleep 0.1; done; "
	    "exec sleep 5", 1000);
	t0 = io.last_io;	/* the --timeout runs from io_init */
	assert_int_equal(io_read(&io, &b, 1), -1);
	dt = sys_now_ms() - t0;
	assert_int_equal(io.err, IO_ETIMEOUT);
	assert_true(dt >= 1000);
	assert_true(dt < 1500);
	assert_true(eb.len >= 10);	/* the chatter was drained meanwhile */
	(void)finish();
}

TOPOS(io_timeout_stderr)

/* Reads 64 KiB every 25 ms until EOF, writes nothing. */
static int
slow_reader_fn(int rfd, int wfd, void *arg)
{
	static uint8_t buf[65536];
	struct timespec ts = { 0, 25 * 1000 * 1000 };
	ssize_t n;

	(void)wfd;
	(void)arg;
	do {
		nanosleep(&ts, NULL);
		n = read(rfd, buf, sizeof buf);
	} while (n > 0);
	return n == 0 ? 0 : 1;
}

/*
 * Bytes moving out restart the --timeout as well as bytes coming in: a
 * peer that reads slowly and says nothing is not a timeout.  (A fast
 * enough reader: a unix socket is writable again only once three
 * quarters of its send buffer are free.)
 */
static void
io_timeout_counts_writes(int topo)
{
	static uint8_t block[2 << 20];
	uint8_t b;
	int64_t t0, dt;

	fork_fn(topo, slow_reader_fn, NULL, 300);
	t0 = sys_now_ms();
	if (io_write(&io, block, sizeof block) != 0 || io_flush(&io) != 0)
		fail_msg("err %d errno %d after %d ms, %llu written", io.err,
		    io.err_errno, (int)(sys_now_ms() - t0),
		    (unsigned long long)io.total_written);
	dt = sys_now_ms() - t0;
	assert_true(dt >= 400);		/* longer than the --timeout */
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, &b, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	exited(finish(), 0);
}

TOPOS(io_timeout_counts_writes)

/* ---- the io core: both ways at once ------------------------------------- */

#define MEANWHILE	(320 * 1024)

/*
 * A write that waits for room reads the wire meanwhile: 320 KiB to a
 * child echoing through a 4 KiB buffer, written and flushed before any of
 * the echo is read, goes through (over pipes, without that reading, at
 * most 64 + 4 + 64 KiB plus one read could move).
 */
static void
io_write_reads_meanwhile(int topo)
{
	static uint8_t block[MEANWHILE], back[MEANWHILE];
	int code = 0;
	size_t i;

	for (i = 0; i < sizeof block; i++)
		block[i] = (uint8_t)(i * 7 + i / 251);
	fork_fn(topo, echo_fn, &code, 5000);
	assert_int_equal(io_write(&io, block, sizeof block), 0);
	assert_int_equal(io_flush(&io), 0);
	assert_int_equal(io_half_close(&io), 0);
	assert_int_equal(io_read(&io, back, sizeof back), 0);
	assert_memory_equal(back, block, sizeof block);
	assert_int_equal(io_read(&io, back, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	exited(finish(), 0);
}

TOPOS(io_write_reads_meanwhile)

#define ECHO_TOTAL	(4u << 20)

static uint8_t
pattern(size_t i)
{
	return (uint8_t)((i * 2654435761u) >> 13);
}

/*
 * 4 MiB to cat while reading its echo: write only what io_out_room
 * takes, read what io_avail holds, pump when neither; the --timeout turns
 * a deadlock into a failure.
 */
static void
io_echo_4mib(int topo)
{
	static uint8_t chunk[65536];
	size_t sent = 0, recvd = 0, k, i;
	int closed = 0;

	spawn(topo, "exec cat", 10000);
	while (recvd < ECHO_TOTAL || !closed) {
		if (io_avail(&io) > 0) {
			k = io_avail(&io);
			if (k > sizeof chunk)
				k = sizeof chunk;
			assert_int_equal(io_read(&io, chunk, k), 0);
			for (i = 0; i < k; i++)
				if (chunk[i] != pattern(recvd + i))
					fail_msg("byte %zu differs", recvd + i);
			recvd += k;
		} else if (sent < ECHO_TOTAL && io_out_room(&io) > 0) {
			k = io_out_room(&io);
			if (k > sizeof chunk)
				k = sizeof chunk;
			if (k > ECHO_TOTAL - sent)
				k = ECHO_TOTAL - sent;
			for (i = 0; i < k; i++)
				chunk[i] = pattern(sent + i);
			assert_int_equal(io_write(&io, chunk, k), 0);
			sent += k;
		} else if (sent == ECHO_TOTAL && !closed &&
		    io_out_room(&io) == IO_OUT_CAP) {
			assert_int_equal(io_half_close(&io), 0);
			closed = 1;
		} else
			assert_int_equal(io_pump(&io), 0);
	}
	assert_int_equal(recvd, ECHO_TOTAL);
	assert_int_equal(io_read(&io, chunk, 1), -1);
	assert_int_equal(io.err, IO_EEOF);
	assert_int_equal(io.total_written, ECHO_TOTAL);
	assert_int_equal(io.total_read, ECHO_TOTAL);
	exited(finish(), 0);
}

TOPOS(io_echo_4mib)

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define T2(f) T(test_##f##_socketpair), T(test_##f##_pipes)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T2(spawn_pair_fails),
		T2(spawn_fork_fails),
		T2(spawn_no_such),
		T2(fork_echo),
		T2(fork_stderr),
		T2(fork_fds),
		T2(io_poll_fails),
		T2(io_poll_eintr),
		T2(io_read_eagain),
		T2(io_read_eio),
		T2(io_eof),
		T2(io_pump_eof),
		T2(io_write_eagain),
		T2(io_write_epipe),
		T2(io_write_peer_gone),
		T2(io_write_closed),
		T2(io_timeout),
		T2(io_timeout_restarts),
		T2(io_timeout_stderr),
		T2(io_timeout_counts_writes),
		T2(io_write_reads_meanwhile),
		T2(io_echo_4mib),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
