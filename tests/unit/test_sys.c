/*
 * test_sys.c: the trusted base (src/transport/sys.c) checked against the
 * contracts in sys.h, which the proofs take on trust.
 *
 * unit.mk links sys.c with -Wl,--wrap= for socketpair pipe2 close fcntl
 * waitpid read write poll: every call to one of them, from sys.c and from
 * this file, lands in __wrap_X below, which passes through to __real_X
 * unless the test armed a fault (fail the next count calls after skip with
 * errno err; for close, make the real call first and then report the
 * failure).  socketpair and pipe2 can also fake the fd numbers the kernel
 * gives (place[]), and fcntl the floor of F_DUPFD_CLOEXEC (dupfd_floor).
 *
 * Checks that need a process of their own (close_from3, exec_failed, ...)
 * fork a child that reports through its exit status or a pipe; cmocka's
 * assertions are used in the parent only.
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
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "transport/sys.h"

#ifndef VRSYNC_VERSION
#error "VRSYNC_VERSION comes from the Makefile (-DVRSYNC_VERSION=...)"
#endif

/* ---- fault injection ---------------------------------------------------- */

enum { W_SOCKETPAIR, W_PIPE2, W_CLOSE, W_FCNTL, W_WAITPID, W_READ, W_WRITE,
	W_POLL, W_N };

struct fault {
	int	skip;	/* calls to let through before failing */
	int	count;	/* calls to fail after those */
	int	err;	/* errno of a failed call */
	int	real;	/* 1: make the real call, then report the failure */
	int	calls;	/* calls seen since armed */
};

static struct fault faults[W_N];
/* socketpair/pipe2: the new fds[i] is moved onto place[i] (when >= 0,
 * close-on-exec kept), as if the kernel had given that number; once. */
static int place[2] = { -1, -1 };
/* fcntl(F_DUPFD_CLOEXEC): the floor asked of the kernel instead of the
 * caller's (when >= 0); once. */
static int dupfd_floor = -1;

static void
arm(int w, int skip, int count, int err, int real)
{
	faults[w] = (struct fault){ skip, count, err, real, 0 };
}

static void
disarm(void)
{
	memset(faults, 0, sizeof faults);
	place[0] = place[1] = -1;
	dupfd_floor = -1;
}

/* Counts the call; 1 when it is to fail. */
static int
hit(int w)
{
	struct fault *f = &faults[w];

	f->calls++;
	if (f->count == 0)
		return 0;
	if (f->skip > 0) {
		f->skip--;
		return 0;
	}
	f->count--;
	return 1;
}

#define FAULT(w, realcall)						\
	do {								\
		if (hit(w)) {						\
			if (faults[w].real)				\
				(void)(realcall);			\
			errno = faults[w].err;				\
			return -1;					\
		}							\
	} while (0)

int	__real_socketpair(int domain, int type, int protocol, int sv[2]);
int	__wrap_socketpair(int domain, int type, int protocol, int sv[2]);
int	__real_pipe2(int fds[2], int flags);
int	__wrap_pipe2(int fds[2], int flags);
int	__real_close(int fd);
int	__wrap_close(int fd);
int	__real_fcntl(int fd, int cmd, ...);
int	__wrap_fcntl(int fd, int cmd, ...);
pid_t	__real_waitpid(pid_t pid, int *status, int options);
pid_t	__wrap_waitpid(pid_t pid, int *status, int options);
ssize_t	__real_read(int fd, void *buf, size_t count);
ssize_t	__wrap_read(int fd, void *buf, size_t count);
ssize_t	__real_write(int fd, const void *buf, size_t count);
ssize_t	__wrap_write(int fd, const void *buf, size_t count);
int	__real_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int	__wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout);

/* Applies place[] to a pair the kernel just gave. */
static int
placed(int fds[2])
{
	int i;

	for (i = 0; i < 2; i++) {
		if (place[i] < 0 || place[i] == fds[i])
			continue;
		if (dup3(fds[i], place[i], O_CLOEXEC) < 0) {
			(void)__real_close(fds[0]);
			(void)__real_close(fds[1]);
			return -1;
		}
		(void)__real_close(fds[i]);
		fds[i] = place[i];
	}
	place[0] = place[1] = -1;
	return 0;
}

int
__wrap_socketpair(int domain, int type, int protocol, int sv[2])
{
	FAULT(W_SOCKETPAIR, 0);
	if (__real_socketpair(domain, type, protocol, sv) != 0)
		return -1;
	return placed(sv);
}

int
__wrap_pipe2(int fds[2], int flags)
{
	FAULT(W_PIPE2, 0);
	if (__real_pipe2(fds, flags) != 0)
		return -1;
	return placed(fds);
}

int
__wrap_close(int fd)
{
	FAULT(W_CLOSE, __real_close(fd));
	return __real_close(fd);
}

/* Only the commands sys.c and this file use. */
int
__wrap_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	int arg;

	FAULT(W_FCNTL, 0);
	switch (cmd) {
	case F_GETFD:
	case F_GETFL:
		return __real_fcntl(fd, cmd);
	case F_SETFD:
	case F_SETFL:
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		va_start(ap, cmd);
		arg = va_arg(ap, int);
		va_end(ap);
		if (cmd == F_DUPFD_CLOEXEC && dupfd_floor >= 0) {
			arg = dupfd_floor;
			dupfd_floor = -1;
		}
		return __real_fcntl(fd, cmd, arg);
	default:
		abort();
	}
}

pid_t
__wrap_waitpid(pid_t pid, int *status, int options)
{
	FAULT(W_WAITPID, 0);
	return __real_waitpid(pid, status, options);
}

ssize_t
__wrap_read(int fd, void *buf, size_t count)
{
	FAULT(W_READ, 0);
	return __real_read(fd, buf, count);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t count)
{
	FAULT(W_WRITE, 0);
	return __real_write(fd, buf, count);
}

int
__wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	FAULT(W_POLL, 0);
	return __real_poll(fds, nfds, timeout);
}

/* ---- helpers ------------------------------------------------------------ */

static int
is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static int
cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl >= 0 && (fl & FD_CLOEXEC) != 0;
}

/* 1 when a byte written on w comes out on r. */
static int
carries(int w, int r)
{
	uint8_t b = 0x5a, got = 0;

	return __real_write(w, &b, 1) == 1 && __real_read(r, &got, 1) == 1 &&
	    got == 0x5a;
}

/*
 * The fds a process holds below its RLIMIT_NOFILE (above it are
 * valgrind's own), as "0 1 2 ", skipping the directory's own fd; "? " for
 * one too high to show.
 */
static size_t
list_fds(char *out, size_t cap)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	struct rlimit rl;
	char mark[SYS_FD_MAX * 2];
	size_t len = 0;
	long fd, limit;
	int n, big = 0;

	if (d == NULL || getrlimit(RLIMIT_NOFILE, &rl) != 0 || cap < 3)
		return 0;
	limit = rl.rlim_cur < sizeof mark ? (long)rl.rlim_cur : (long)sizeof mark;
	memset(mark, 0, sizeof mark);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		fd = strtol(e->d_name, NULL, 10);
		if (fd == dirfd(d))
			continue;
		if (fd < limit)
			mark[fd] = 1;
		else if (fd < (long)rl.rlim_cur)
			big = 1;
	}
	closedir(d);
	for (fd = 0; fd < limit; fd++) {
		if (!mark[fd])
			continue;
		n = snprintf(out + len, cap - len, "%ld ", fd);
		if (n < 0 || (size_t)n >= cap - len - 2)
			break;
		len += (size_t)n;
	}
	if (big) {
		memcpy(out + len, "? ", 2);
		len += 2;
	}
	return len;
}

/* Reads fd to EOF into out (NUL-terminated). */
static size_t
slurp(int fd, char *out, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len < cap - 1 &&
	    (n = __real_read(fd, out + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = 0;
	return len;
}

/* Runs fn in a forked child; its exit code (or -1 if it did not exit). */
static int
in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn() & 0xff);
	assert_int_equal(__real_waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* fd 1500 must be usable for the tests that fake an fd >= SYS_FD_MAX. */
#define HIGH_FD	1500

static struct rlimit saved_rl;
static int rl_changed;

static void
need_high_fd(void)
{
	struct rlimit rl;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur > HIGH_FD)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max <= HIGH_FD)
		skip();
	saved_rl = rl;
	rl.rlim_cur = HIGH_FD + 1;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		skip();
	rl_changed = 1;
}

static int
setup(void **state)
{
	(void)state;
	disarm();
	alarm(60);	/* a test that hangs dies (and fails the driver) */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	alarm(0);
	disarm();
	if (rl_changed) {
		(void)setrlimit(RLIMIT_NOFILE, &saved_rl);
		rl_changed = 0;
	}
	return 0;
}

/* ---- sys_socketpair, sys_pipe ------------------------------------------- */

typedef int (*pair_fn)(int fds[2]);

/* A good pair: in range, distinct, close-on-exec, connected. */
static void
check_pair(const int fds[2], int sock)
{
	assert_true(fds[0] >= 3 && fds[0] < SYS_FD_MAX);
	assert_true(fds[1] >= 3 && fds[1] < SYS_FD_MAX);
	assert_int_not_equal(fds[0], fds[1]);
	assert_true(cloexec(fds[0]));
	assert_true(cloexec(fds[1]));
	assert_true(carries(fds[1], fds[0]));
	if (sock)
		assert_true(carries(fds[0], fds[1]));
}

static void
pair_ok(pair_fn make, int sock)
{
	int fds[2] = { -1, -1 }, before = count_fds();

	assert_int_equal(make(fds), 0);
	check_pair(fds, sock);
	assert_int_equal(count_fds(), before + 2);
	assert_int_equal(sys_close(fds[0]), 0);
	assert_int_equal(sys_close(fds[1]), 0);
	assert_int_equal(count_fds(), before);
}

static void test_socketpair_ok(void **s) { (void)s; pair_ok(sys_socketpair, 1); }
static void test_pipe_ok(void **s) { (void)s; pair_ok(sys_pipe, 0); }

/*
 * The kernel gives an fd below 3 (faked: the new fd is moved onto 0 or 2,
 * which is what a process started with them closed gets): it is moved to
 * >= 3 keeping close-on-exec, and the low fd is closed.  0 and 2 are
 * saved and put back before any assertion.
 */
static void
pair_low(pair_fn make, int sock, int p0, int p1)
{
	int fds[2] = { -1, -1 }, save[3], low_open[3], i, r, before;

	before = count_fds();
	for (i = 0; i < 3; i += 2)
		save[i] = fcntl(i, F_DUPFD_CLOEXEC, 10);
	place[0] = p0;
	place[1] = p1;
	r = make(fds);
	for (i = 0; i < 3; i += 2)
		low_open[i] = is_open(i);
	for (i = 0; i < 3; i += 2) {
		if (save[i] >= 0) {
			dup2(save[i], i);
			close(save[i]);
		} else
			close(i);
	}
	assert_int_equal(r, 0);
	/* the fake took place, and the low fds it used are closed again */
	assert_int_equal(place[0], -1);
	if (p0 >= 0)
		assert_false(low_open[p0]);
	if (p1 >= 0)
		assert_false(low_open[p1]);
	check_pair(fds, sock);
	assert_int_equal(count_fds(), before + 2);
	assert_int_equal(sys_close(fds[0]), 0);
	assert_int_equal(sys_close(fds[1]), 0);
	assert_int_equal(count_fds(), before);
}

static void
pair_low_all(pair_fn make, int sock)
{
	pair_low(make, sock, 0, -1);
	pair_low(make, sock, -1, 0);
	pair_low(make, sock, 0, 2);
	pair_low(make, sock, 2, 0);
}

static void test_socketpair_low(void **s) { (void)s; pair_low_all(sys_socketpair, 1); }
static void test_pipe_low(void **s) { (void)s; pair_low_all(sys_pipe, 0); }

/*
 * A pair the contract cannot take: -1 with EMFILE and no fd left open
 * (the low fd the fake used included).  p0/p1 as for pair_low;
 * fcntl_err/floor make the move of a low fd fail or land too high.
 */
static void
pair_refused(pair_fn make, int p0, int p1, int fcntl_err, int floor)
{
	int fds[2] = { -1, -1 }, save[3], low_open[3], i, r, e, before;
	int high_open;

	before = count_fds();
	for (i = 0; i < 3; i += 2)
		save[i] = fcntl(i, F_DUPFD_CLOEXEC, 10);
	place[0] = p0;
	place[1] = p1;
	if (fcntl_err)
		arm(W_FCNTL, 0, 1, fcntl_err, 0);
	dupfd_floor = floor;
	r = make(fds);
	e = errno;
	for (i = 0; i < 3; i += 2)
		low_open[i] = is_open(i);
	high_open = is_open(HIGH_FD);
	for (i = 0; i < 3; i += 2) {
		if (save[i] >= 0) {
			dup2(save[i], i);
			close(save[i]);
		} else
			close(i);
	}
	assert_int_equal(r, -1);
	assert_int_equal(e, EMFILE);
	assert_int_equal(place[0], -1);
	assert_int_equal(dupfd_floor, -1);
	assert_int_equal(faults[W_FCNTL].count, 0);
	if (p0 >= 0 && p0 < 3)
		assert_false(low_open[p0]);
	if (p1 >= 0 && p1 < 3)
		assert_false(low_open[p1]);
	assert_false(high_open);
	assert_int_equal(count_fds(), before);
}

static void
pair_refused_all(pair_fn make)
{
	need_high_fd();
	pair_refused(make, HIGH_FD, -1, 0, -1);
	pair_refused(make, -1, HIGH_FD, 0, -1);
	/* the first moved up, then the second refused: the first is closed */
	pair_refused(make, 0, HIGH_FD, 0, -1);
	/* a low fd that cannot be moved: closed, EMFILE (whatever fcntl said) */
	pair_refused(make, 0, -1, EINVAL, -1);
	pair_refused(make, -1, 2, ENFILE, -1);
	/* a low fd moved to >= SYS_FD_MAX: both closed */
	pair_refused(make, 2, -1, 0, HIGH_FD);
}

static void test_socketpair_refused(void **s) { (void)s; pair_refused_all(sys_socketpair); }
static void test_pipe_refused(void **s) { (void)s; pair_refused_all(sys_pipe); }

/* The kernel refuses: -1 with its errno, nothing open. */
static void
test_pair_fails(void **s)
{
	int fds[2] = { -1, -1 }, before = count_fds();

	(void)s;
	arm(W_SOCKETPAIR, 0, 1, ENFILE, 0);
	assert_int_equal(sys_socketpair(fds), -1);
	assert_int_equal(errno, ENFILE);
	arm(W_PIPE2, 0, 1, EMFILE, 0);
	assert_int_equal(sys_pipe(fds), -1);
	assert_int_equal(errno, EMFILE);
	assert_int_equal(count_fds(), before);
}

/* ---- sys_close ---------------------------------------------------------- */

/* close reports EINTR after releasing the fd: -1, the fd is gone, and
 * sys_close does not try again (a retry could close someone else's fd). */
static void
test_close_eintr(void **s)
{
	int p[2], before = count_fds();

	(void)s;
	assert_int_equal(pipe(p), 0);
	arm(W_CLOSE, 0, 1, EINTR, 1);
	assert_int_equal(sys_close(p[0]), -1);
	assert_int_equal(faults[W_CLOSE].calls, 1);
	assert_false(is_open(p[0]));
	arm(W_CLOSE, 0, 0, 0, 0);
	assert_int_equal(sys_close(p[1]), 0);
	assert_int_equal(faults[W_CLOSE].calls, 1);
	assert_false(is_open(p[1]));
	assert_int_equal(count_fds(), before);
	/* a close the kernel refuses is -1 too */
	assert_int_equal(sys_close(p[1]), -1);
}

/* ---- sys_waitpid -------------------------------------------------------- */

static void
test_waitpid_eintr(void **s)
{
	pid_t pid;
	int st = 0;

	(void)s;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(7);
	arm(W_WAITPID, 0, 2, EINTR, 0);
	assert_int_equal(sys_waitpid(pid, &st, 0), pid);
	assert_int_equal(faults[W_WAITPID].calls, 3);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 7);
	/* reaped: ECHILD is -1 */
	assert_int_equal(sys_waitpid(pid, &st, 1), -1);
	assert_int_equal(errno, ECHILD);
}

static void
test_waitpid_nohang(void **s)
{
	pid_t pid;
	int st = 0;

	(void)s;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	arm(W_WAITPID, 0, 1, EINTR, 0);
	assert_int_equal(sys_waitpid(pid, &st, 1), 0);
	assert_int_equal(faults[W_WAITPID].calls, 2);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(sys_waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGKILL);
}

/* ---- sys_read, sys_write ------------------------------------------------ */

static void
test_read_eintr(void **s)
{
	int p[2];
	uint8_t buf[8];

	(void)s;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(__real_write(p[1], "abc", 3), 3);
	arm(W_READ, 0, 2, EINTR, 0);
	assert_int_equal(sys_read(p[0], buf, sizeof buf), 3);
	assert_int_equal(faults[W_READ].calls, 3);
	assert_memory_equal(buf, "abc", 3);
	/* another error is not retried */
	arm(W_READ, 0, 1, EIO, 0);
	assert_int_equal(sys_read(p[0], buf, sizeof buf), -1);
	assert_int_equal(errno, EIO);
	assert_int_equal(faults[W_READ].calls, 1);
	/* EOF */
	close(p[1]);
	assert_int_equal(sys_read(p[0], buf, sizeof buf), 0);
	close(p[0]);
}

static void
test_write_eintr(void **s)
{
	int p[2];
	uint8_t buf[8];

	(void)s;
	assert_int_equal(pipe(p), 0);
	arm(W_WRITE, 0, 2, EINTR, 0);
	assert_int_equal(sys_write(p[1], (const uint8_t *)"xyz", 3), 3);
	assert_int_equal(faults[W_WRITE].calls, 3);
	assert_int_equal(__real_read(p[0], buf, sizeof buf), 3);
	assert_memory_equal(buf, "xyz", 3);
	arm(W_WRITE, 0, 1, ENOSPC, 0);
	assert_int_equal(sys_write(p[1], (const uint8_t *)"xyz", 3), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(faults[W_WRITE].calls, 1);
	close(p[0]);
	close(p[1]);
}

/* Fills fd (made non-blocking) until the kernel says EAGAIN. */
static void
fill(int fd)
{
	static const uint8_t block[4096];

	assert_int_equal(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
	while (__real_write(fd, block, sizeof block) > 0)
		;
	assert_int_equal(errno, EAGAIN);
}

/* A non-blocking fd with nothing to read / no room: -1 with EAGAIN, at
 * once (the kernel's EAGAIN, not a retry loop). */
static void
test_read_write_eagain(void **s)
{
	int p[2];
	uint8_t buf[8];

	(void)s;
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	arm(W_READ, 0, 0, 0, 0);
	errno = 0;
	assert_int_equal(sys_read(p[0], buf, sizeof buf), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(faults[W_READ].calls, 1);
	fill(p[1]);
	arm(W_WRITE, 0, 0, 0, 0);
	errno = 0;
	assert_int_equal(sys_write(p[1], (const uint8_t *)"x", 1), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(faults[W_WRITE].calls, 1);
	close(p[0]);
	close(p[1]);
}

/* ---- sys_poll_in -------------------------------------------------------- */

static void
test_poll_in(void **s)
{
	int p[2];
	uint8_t b;
	int64_t t0;

	(void)s;
	assert_int_equal(pipe(p), 0);
	t0 = sys_now_ms();
	assert_int_equal(sys_poll_in(p[0], 30), 0);
	assert_true(sys_now_ms() - t0 >= 30);
	assert_int_equal(__real_write(p[1], "a", 1), 1);
	assert_int_equal(sys_poll_in(p[0], 0), 1);
	arm(W_POLL, 0, 1, EINTR, 0);
	assert_int_equal(sys_poll_in(p[0], 0), 0);
	arm(W_POLL, 0, 1, EINVAL, 0);
	assert_int_equal(sys_poll_in(p[0], 0), -1);
	assert_int_equal(faults[W_POLL].calls, 1);
	assert_int_equal(__real_read(p[0], &b, 1), 1);
	assert_int_equal(sys_poll_in(p[0], 0), 0);
	close(p[1]);	/* EOF is ready */
	assert_int_equal(sys_poll_in(p[0], 0), 1);
	close(p[0]);
}

/* ---- sys_poll3 ---------------------------------------------------------- */

static void
poll3(int rd, int wr, int err, int r0, int r1, int r2)
{
	int ready[3] = { 7, 7, 7 };

	assert_int_equal(sys_poll3(rd, wr, err, 0, ready), 0);
	assert_int_equal(ready[0], r0);
	assert_int_equal(ready[1], r1);
	assert_int_equal(ready[2], r2);
}

static void
test_poll3_slots(void **s)
{
	int a[2], b[2], e[2], ready[3] = { 7, 7, 7 };
	uint8_t x;
	int64_t t0;

	(void)s;
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe2(b, O_NONBLOCK), 0);
	assert_int_equal(pipe(e), 0);
	/* nothing asked: nothing ready */
	poll3(-1, -1, -1, 0, 0, 0);
	/* nothing to read: not ready (and the timeout is waited) */
	t0 = sys_now_ms();
	assert_int_equal(sys_poll3(a[0], -1, e[0], 30, ready), 0);
	assert_true(sys_now_ms() - t0 >= 30);
	assert_int_equal(ready[0] + ready[1] + ready[2], 0);
	/* a writable wr alone is slot 1 */
	poll3(-1, b[1], -1, 0, 1, 0);
	/* all three ready */
	assert_int_equal(__real_write(a[1], "r", 1), 1);
	assert_int_equal(__real_write(e[1], "e", 1), 1);
	poll3(a[0], b[1], e[0], 1, 1, 1);
	/* each alone lands in its own slot */
	poll3(a[0], -1, -1, 1, 0, 0);
	poll3(-1, -1, e[0], 0, 0, 1);
	poll3(a[0], -1, e[0], 1, 0, 1);
	poll3(-1, b[1], e[0], 0, 1, 1);
	/* slots left out are never ready, ready fds or not */
	poll3(-1, -1, -1, 0, 0, 0);
	assert_int_equal(__real_read(a[0], &x, 1), 1);
	poll3(a[0], b[1], e[0], 0, 1, 1);
	/* no room to write: not ready */
	fill(b[1]);
	poll3(a[0], b[1], e[0], 0, 0, 1);
	poll3(-1, b[1], -1, 0, 0, 0);
	/* the reader of b gone: the writer is ready (to fail) */
	close(b[0]);
	poll3(-1, b[1], -1, 0, 1, 0);
	/* hang-up of the err channel is ready */
	assert_int_equal(__real_read(e[0], &x, 1), 1);
	poll3(-1, -1, e[0], 0, 0, 0);
	close(e[1]);
	poll3(-1, -1, e[0], 0, 0, 1);
	close(a[0]);
	close(a[1]);
	close(b[1]);
	close(e[0]);
}

/* EINTR: 0 with nothing ready, ready fds or not; another error: -1. */
static void
test_poll3_errors(void **s)
{
	int a[2], ready[3] = { 1, 1, 1 };

	(void)s;
	assert_int_equal(pipe(a), 0);
	assert_int_equal(__real_write(a[1], "r", 1), 1);
	arm(W_POLL, 0, 1, EINTR, 0);
	assert_int_equal(sys_poll3(a[0], a[1], a[0], 0, ready), 0);
	assert_int_equal(faults[W_POLL].calls, 1);
	assert_int_equal(ready[0] + ready[1] + ready[2], 0);
	ready[0] = ready[1] = ready[2] = 1;
	arm(W_POLL, 0, 1, ENOMEM, 0);
	assert_int_equal(sys_poll3(a[0], a[1], a[0], 0, ready), -1);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(ready[0] + ready[1] + ready[2], 0);
	/* and unarmed, the same call sees both ends ready */
	poll3(a[0], a[1], a[0], 1, 1, 1);
	close(a[0]);
	close(a[1]);
}

/* One socket as both rd and wr (a socketpair wire). */
static void
test_poll3_same_fd(void **s)
{
	int sv[2];
	uint8_t x;

	(void)s;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(sys_nonblock(sv[1]), 0);
	poll3(sv[0], sv[0], -1, 0, 1, 0);
	assert_int_equal(__real_write(sv[1], "x", 1), 1);
	poll3(sv[0], sv[0], -1, 1, 1, 0);
	assert_int_equal(__real_read(sv[0], &x, 1), 1);
	/* sv[1] fills sv[0]'s input: sv[0] reads and can still write,
	 * sv[1] has nothing to read and no room */
	fill(sv[1]);
	poll3(sv[0], sv[0], -1, 1, 1, 0);
	poll3(sv[1], sv[1], -1, 0, 0, 0);
	close(sv[0]);
	close(sv[1]);
}

/* ---- sys_nonblock, clock, kill, errno ----------------------------------- */

static void
test_nonblock(void **s)
{
	int p[2];

	(void)s;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
	assert_int_equal(sys_nonblock(p[0]), 0);
	assert_int_not_equal(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
	assert_int_equal(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	/* the write end is its own file description: untouched */
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	/* F_GETFL or F_SETFL failing: -1, nothing changed */
	arm(W_FCNTL, 0, 1, EBADF, 0);
	assert_int_equal(sys_nonblock(p[1]), -1);
	arm(W_FCNTL, 1, 1, EBADF, 0);
	assert_int_equal(sys_nonblock(p[1]), -1);
	assert_int_equal(faults[W_FCNTL].calls, 2);
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	close(p[0]);
	close(p[1]);
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
test_clock(void **s)
{
	int64_t a, b, t, prev;
	int i;

	(void)s;
	/* the monotonic clock in ms */
	a = mono_ms();
	t = sys_now_ms();
	b = mono_ms();
	assert_true(a <= t && t <= b);
	assert_true(t >= 0 && t <= INT64_MAX / 2);
	prev = t;
	for (i = 0; i < 10000; i++) {
		t = sys_now_ms();
		assert_true(t >= prev);
		prev = t;
	}
	/* a sleep is at least as long as asked (and not absurdly longer) */
	a = sys_now_ms();
	sys_sleep_ms(20);
	b = sys_now_ms();
	assert_true(b - a >= 20);
	assert_true(b - a < 1000);
	a = sys_now_ms();
	sys_sleep_ms(0);
	assert_true(sys_now_ms() - a < 100);
	/* the longest the contract allows: one whole second */
	a = sys_now_ms();
	sys_sleep_ms(1000);
	b = sys_now_ms();
	assert_true(b - a >= 1000);
	assert_true(b - a < 3000);
}

static void
test_kill(void **s)
{
	pid_t pid;
	int st = 0;

	(void)s;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	assert_int_equal(sys_kill(pid, 12345), -1);	/* no such signal */
	assert_int_equal(sys_kill(pid, SIGUSR1), 0);
	assert_int_equal(__real_waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGUSR1);
}

static void
test_errno(void **s)
{
	(void)s;
	errno = EXDEV;
	assert_int_equal(sys_errno(), EXDEV);
	errno = 0;
	assert_int_equal(sys_errno(), 0);
	assert_int_equal(sys_read(-1, NULL, 0), -1);
	assert_int_equal(sys_errno(), EBADF);
}

/* ---- in a child --------------------------------------------------------- */

/* sys_exec_failed in a child whose fd 2 is a pipe; what came out. */
static void
exec_failed_text(const char *who, const char *file, int e, int eintr,
    char *out, size_t cap)
{
	int p[2], st;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (dup2(p[1], 2) != 2)
			_exit(1);
		close(p[0]);
		close(p[1]);
		if (eintr)
			arm(W_WRITE, 0, 1, EINTR, 0);
		errno = e;
		sys_exec_failed(who, file);
		_exit(faults[W_WRITE].count == 0 ? 0 : 2);
	}
	close(p[1]);
	slurp(p[0], out, cap);
	close(p[0]);
	assert_int_equal(__real_waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_exec_failed(void **s)
{
	char out[4096];

	(void)s;
	exec_failed_text("sender", "/no/such", ENOENT, 0, out, sizeof out);
	assert_string_equal(out,
	    "rsync: [sender] Failed to exec /no/such: No such file or directory (2)\n"
	    "rsync error: error in IPC code (code 14) at pipe.c(85) [sender="
	    VRSYNC_VERSION "]\n");
	/* a write interrupted by a signal is retried: still all of it */
	exec_failed_text("receiver", "ssh", EACCES, 1, out, sizeof out);
	assert_string_equal(out,
	    "rsync: [receiver] Failed to exec ssh: Permission denied (13)\n"
	    "rsync error: error in IPC code (code 14) at pipe.c(85) [receiver="
	    VRSYNC_VERSION "]\n");
}

/*
 * A child with fds 0-2 (0 and 2 on /dev/null, 1 on a pipe to us), plus
 * fds above 2 of every kind (close-on-exec or not, >= SYS_FD_MAX), runs
 * sys_close_from3 and lists what it still holds on fd 1.
 */
static void
test_close_from3(void **s)
{
	int p[2], st;
	pid_t pid;
	char out[256];

	(void)s;
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR), q[2], r;
		size_t len;
		char list[256];

		if (nul < 0 || dup2(nul, 0) != 0 || dup2(p[1], 1) != 1 ||
		    dup2(nul, 2) != 2 || pipe(q) != 0)
			_exit(20);
		(void)fcntl(q[0], F_SETFD, FD_CLOEXEC);
		(void)dup2(nul, 1000);
		(void)dup2(nul, HIGH_FD);	/* if the limit allows */
		r = sys_close_from3();
		len = list_fds(list, sizeof list);
		if (__real_write(1, list, len) != (ssize_t)len)
			_exit(21);
		_exit(r == 0 ? 0 : 22);
	}
	close(p[1]);
	slurp(p[0], out, sizeof out);
	close(p[0]);
	assert_int_equal(__real_waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(out, "0 1 2 ");
}

/* sys_cloexec_from3: every fd from 3 up close-on-exec, 0-2 untouched. */
static int
cloexec_child(void)
{
	int nul = open("/dev/null", O_RDWR), fd, bad = 0;

	if (nul < 0 || dup2(nul, 0) != 0 || dup2(nul, 1) != 1 ||
	    dup2(nul, 2) != 2 || dup2(nul, 1000) != 1000 || dup(nul) < 0)
		return 10;
	if (sys_cloexec_from3() != 0)
		return 11;
	for (fd = 0; fd < SYS_FD_MAX; fd++) {
		int fl = fcntl(fd, F_GETFD);

		if (fl < 0)
			continue;
		if (fd < 3 ? (fl & FD_CLOEXEC) != 0 : (fl & FD_CLOEXEC) == 0)
			bad++;
	}
	if (!is_open(1000) || !is_open(nul))
		return 12;
	return bad ? 13 : 0;
}

static void test_cloexec_from3(void **s) { (void)s; assert_int_equal(in_child(cloexec_child), 0); }

/* sys_dup_std: a copy on 1 that survives exec, the original kept. */
static int
dup_std_child(void)
{
	int p[2];
	uint8_t b = 0;

	if (pipe2(p, O_CLOEXEC) != 0)
		return 10;
	if (sys_dup_std(p[1], 1) != 0)
		return 11;
	if (fcntl(1, F_GETFD) != 0 || !cloexec(p[1]))
		return 12;
	if (__real_write(1, "d", 1) != 1 || __real_read(p[0], &b, 1) != 1 ||
	    b != 'd')
		return 13;
	if (sys_dup_std(-1, 1) != -1)
		return 14;
	return 0;
}

static void test_dup_std(void **s) { (void)s; assert_int_equal(in_child(dup_std_child), 0); }

/* sys_default_signals: SIGPIPE back to default, nothing blocked. */
static int
signals_child(void)
{
	sigset_t set;
	struct sigaction sa;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (sys_default_signals() != 0)
		return 10;
	if (sigaction(SIGPIPE, NULL, &sa) != 0 || sa.sa_handler != SIG_DFL)
		return 11;
	if (sigprocmask(SIG_BLOCK, NULL, &set) != 0 ||
	    sigismember(&set, SIGUSR1) || sigismember(&set, SIGTERM))
		return 12;
	return 0;
}

static void test_default_signals(void **s) { (void)s; assert_int_equal(in_child(signals_child), 0); }

/* sys_die_with_parent: PDEATHSIG set; a parent other than ours is -1. */
static int
pdeath_child(void)
{
	int sig = 0;

	if (sys_die_with_parent(getppid()) != 0)
		return 10;
	if (prctl(PR_GET_PDEATHSIG, &sig) != 0 || sig != SIGKILL)
		return 11;
	if (sys_die_with_parent(getppid() + 1) != -1)
		return 12;
	return 0;
}

static void test_die_with_parent(void **s) { (void)s; assert_int_equal(in_child(pdeath_child), 0); }

/* sys_run_child: fn(0, 1, arg), its result (low byte) the exit code. */
static int
run_fn(int rfd, int wfd, void *arg)
{
	if (rfd != 0 || wfd != 1)
		return 1;
	return *(int *)arg;
}

static int
run_child_child(void)
{
	int code = 300;		/* 300 & 0xff == 44 */

	sys_run_child(run_fn, &code);
}

static int
exit_child_child(void)
{
	sys_exit_child(9);
}

static void
test_run_child(void **s)
{
	(void)s;
	assert_int_equal(in_child(run_child_child), 44);
	assert_int_equal(in_child(exit_child_child), 9);
}

/* sys_execvp of nothing: -1 (errno from exec), the process goes on;
 * sys_getpid is getpid. */
static void
test_execvp_getpid(void **s)
{
	char *argv[] = { "/no/such/cmd", NULL };

	(void)s;
	assert_int_equal(sys_execvp(argv[0], argv), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(sys_getpid(), getpid());
	assert_true(sys_getpid() > 0);
}

/* sys_shutdown_wr: the peer reads EOF, the other way still works. */
static void
test_shutdown_wr(void **s)
{
	int sv[2];
	uint8_t b;

	(void)s;
	assert_int_equal(sys_socketpair(sv), 0);
	assert_int_equal(sys_shutdown_wr(sv[0]), 0);
	assert_int_equal(__real_read(sv[1], &b, 1), 0);
	assert_true(carries(sv[1], sv[0]));
	assert_true(is_open(sv[0]));
	assert_int_equal(sys_close(sv[0]), 0);
	assert_int_equal(sys_close(sv[1]), 0);
}

/* sys_fork: a child that runs, and is the parent's to reap. */
static void
test_fork(void **s)
{
	pid_t pid;
	int st = 0;

	(void)s;
	pid = sys_fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(getppid() > 1 ? 5 : 6);
	assert_int_equal(sys_waitpid(pid, &st, 0), pid);
	assert_int_equal(WEXITSTATUS(st), 5);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_socketpair_ok),
		T(test_pipe_ok),
		T(test_socketpair_low),
		T(test_pipe_low),
		T(test_socketpair_refused),
		T(test_pipe_refused),
		T(test_pair_fails),
		T(test_close_eintr),
		T(test_waitpid_eintr),
		T(test_waitpid_nohang),
		T(test_read_eintr),
		T(test_write_eintr),
		T(test_read_write_eagain),
		T(test_poll_in),
		T(test_poll3_slots),
		T(test_poll3_errors),
		T(test_poll3_same_fd),
		T(test_nonblock),
		T(test_clock),
		T(test_kill),
		T(test_errno),
		T(test_exec_failed),
		T(test_close_from3),
		T(test_cloexec_from3),
		T(test_dup_std),
		T(test_default_signals),
		T(test_die_with_parent),
		T(test_run_child),
		T(test_execvp_getpid),
		T(test_shutdown_wr),
		T(test_fork),
	};

	/* the low-fd fakes need 0-2 in use, as they are when the kernel
	 * hands out a number above 2 */
	while (!is_open(0) || !is_open(1) || !is_open(2))
		if (open("/dev/null", O_RDWR) < 0)
			return 1;
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("sys", tests, NULL, NULL);
}
