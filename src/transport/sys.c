/*
 * sys.c: the bodies of the wrappers whose contracts are in sys.h.  Not
 * proved: this is the trusted base, kept small and tested by
 * tests/unit/test_sys.c against the contracts.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "transport/sys.h"

#ifndef VRSYNC_VERSION
#define VRSYNC_VERSION "0.0.0"
#endif

/*
 * The model numbers fds 3..SYS_FD_MAX-1.  A new fd below 3 (the process
 * was started with 0-2 closed) is moved up, keeping close-on-exec; one at
 * or above SYS_FD_MAX is refused with EMFILE.
 */
static int
fd_into_range(int fd)
{
	int nfd;

	if (fd >= 3 && fd < SYS_FD_MAX)
		return fd;
	nfd = fd < 3 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : -1;
	(void)close(fd);
	if (nfd >= SYS_FD_MAX) {
		(void)close(nfd);
		nfd = -1;
	}
	if (nfd < 0)
		errno = EMFILE;
	return nfd;
}

static int
pair_into_range(int fds[2])
{
	int a = fd_into_range(fds[0]), b;

	if (a < 0) {
		(void)close(fds[1]);
		return -1;
	}
	if ((b = fd_into_range(fds[1])) < 0) {
		(void)close(a);
		return -1;
	}
	fds[0] = a;
	fds[1] = b;
	return 0;
}

int
sys_socketpair(int fds[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
		return -1;
	return pair_into_range(fds);
}

int
sys_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	return pair_into_range(fds);
}

int
sys_close(int fd)
{
	/* Linux frees the fd even when close reports EINTR: never retry. */
	return close(fd) == 0 ? 0 : -1;
}

int
sys_shutdown_wr(int fd)
{
	return shutdown(fd, SHUT_WR) == 0 ? 0 : -1;
}

int
sys_dup_std(int from, int to)
{
	int r;

	do
		r = dup2(from, to);
	while (r < 0 && errno == EINTR);
	return r == to ? 0 : -1;
}

pid_t
sys_getpid(void)
{
	return getpid();
}

pid_t
sys_fork(void)
{
	return fork();
}

int
sys_cloexec_from3(void)
{
	return close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0 ? 0 : -1;
}

int
sys_default_signals(void)
{
	sigset_t none;

	if (signal(SIGPIPE, SIG_DFL) == SIG_ERR)
		return -1;
	sigemptyset(&none);
	return sigprocmask(SIG_SETMASK, &none, NULL) == 0 ? 0 : -1;
}

int
sys_execvp(const char *file, char *const argv[])
{
	(void)execvp(file, argv);
	return -1;
}

void
sys_exit_child(int code)
{
	_exit(code);
}

int
sys_die_with_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		return -1;
	/* The parent may have died before the call took effect. */
	return getppid() == parent ? 0 : -1;
}

pid_t
sys_waitpid(pid_t pid, int *status, int nohang)
{
	pid_t r;

	do
		r = waitpid(pid, status, nohang ? WNOHANG : 0);
	while (r < 0 && errno == EINTR);
	return r;
}

ssize_t
sys_read(int fd, uint8_t *buf, size_t count)
{
	ssize_t n;

	do
		n = read(fd, buf, count);
	while (n < 0 && errno == EINTR);
	return n;
}

int
sys_poll_in(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, timeout_ms);

	if (r < 0)
		return errno == EINTR ? 0 : -1;
	return r > 0 ? 1 : 0;
}

void
sys_write_stderr(const uint8_t *buf, size_t count)
{
	ssize_t n;

	while (count > 0) {
		n = write(2, buf, count);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		count -= (size_t)n;
	}
}

int
sys_kill(pid_t pid, int sig)
{
	return kill(pid, sig) == 0 ? 0 : -1;
}

int64_t
sys_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sys_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	(void)nanosleep(&ts, NULL);
}

void
sys_exec_failed(const char *who, const char *file)
{
	char msg[1024];
	int e = errno, n;

	n = snprintf(msg, sizeof msg,
	    "rsync: [%s] Failed to exec %s: %s (%d)\n"
	    "rsync error: error in IPC code (code 14) at pipe.c(85) [%s=%s]\n",
	    who, file, strerror(e), e, who, VRSYNC_VERSION);
	if (n <= 0)
		return;
	/* a message cut short (a very long path) still ends its line */
	if ((size_t)n >= sizeof msg) {
		n = (int)sizeof msg - 1;
		msg[n - 1] = '\n';
	}
	sys_write_stderr((const uint8_t *)msg, (size_t)n);
}

int
sys_close_from3(void)
{
	return close_range(3, ~0U, 0) == 0 ? 0 : -1;
}

void
sys_run_child(sys_child_fn fn, void *arg)
{
	_exit(fn(0, 1, arg) & 0xff);
}

int
sys_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

ssize_t
sys_write(int fd, const uint8_t *buf, size_t count)
{
	ssize_t n;

	do
		n = write(fd, buf, count);
	while (n < 0 && errno == EINTR);
	return n;
}

int
sys_poll3(int rd, int wr, int err, int timeout_ms, int ready[3])
{
	struct pollfd p[3];
	int slot[3], n = 0, i, r;

	ready[0] = ready[1] = ready[2] = 0;
	if (rd != -1) {
		slot[n] = 0;
		p[n++] = (struct pollfd){ .fd = rd, .events = POLLIN };
	}
	if (wr != -1) {
		slot[n] = 1;
		p[n++] = (struct pollfd){ .fd = wr, .events = POLLOUT };
	}
	if (err != -1) {
		slot[n] = 2;
		p[n++] = (struct pollfd){ .fd = err, .events = POLLIN };
	}
	r = poll(p, (nfds_t)n, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < n; i++)
		if (p[i].revents != 0)
			ready[slot[i]] = 1;
	return 0;
}

int
sys_errno(void)
{
	return errno;
}
