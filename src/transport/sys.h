/*
 * sys.h: the thin system-call wrappers the transport uses, and the ghost
 * model of fd ownership that their contracts maintain (spec 6.5).
 *
 * The bodies (sys.c) are the trusted base: WP proves the callers against
 * these contracts, and tests/unit/test_sys.c checks the bodies against
 * them (EMFILE for fds >= SYS_FD_MAX, close releasing the fd even on EINTR,
 * CLOEXEC on every fd created).
 *
 * The ghost table says, for each fd below SYS_FD_MAX, whether this process
 * owns it (created it and has not closed it) and whether it is marked
 * close-on-exec.  fds 0-2 belong to the process, not to the table's owners.
 * "Unchanged" (fds_same) means: the same fds owned, and each owned one
 * with the same close-on-exec mark (that mark means nothing for a free fd).
 */
#ifndef VRSYNC_SYS_H
#define VRSYNC_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SYS_FD_MAX	1024

/*@ ghost int fd_owned[SYS_FD_MAX]; */
/*@ ghost int fd_cloexec[SYS_FD_MAX]; */
/* Children forked and not yet reaped: a reap that is forgotten shows. */
/*@ ghost int live_children; */

/*@ predicate fd_ok(integer fd) = 3 <= fd < SYS_FD_MAX;
    predicate owned(integer fd) = fd_ok(fd) && fd_owned[fd] == 1;
    predicate usable(integer fd) = (0 <= fd <= 2) || owned(fd);
    predicate free_fd{L}(integer fd) = fd_ok(fd) && \at(fd_owned[fd], L) == 0;
    predicate no_inheritable_fds =
	\forall integer fd; fd_ok(fd) && fd_owned[fd] == 1 ==> fd_cloexec[fd] == 1;
    predicate fds_same{L1, L2}(integer a, integer b, integer c, integer d) =
	\forall integer fd; fd_ok(fd) && fd != a && fd != b && fd != c && fd != d ==>
	    \at(fd_owned[fd], L1) == \at(fd_owned[fd], L2) &&
	    (\at(fd_owned[fd], L2) == 1 ==>
		\at(fd_cloexec[fd], L1) == \at(fd_cloexec[fd], L2));
 */

/* A pair of connected fds (socketpair, or pipe: [0] reads, [1] writes),
 * both close-on-exec, both new. */
/*@ requires \valid(fds + (0 .. 1));
    assigns fds[0 .. 1], fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> fd_ok(fds[0]) && fd_ok(fds[1]) && fds[0] != fds[1] &&
	free_fd{Pre}(fds[0]) && free_fd{Pre}(fds[1]) &&
	owned(fds[0]) && owned(fds[1]) &&
	fd_cloexec[fds[0]] == 1 && fd_cloexec[fds[1]] == 1 &&
	fds_same{Pre, Post}(fds[0], fds[1], -1, -1);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
int sys_socketpair(int fds[2]);

/*@ requires \valid(fds + (0 .. 1));
    assigns fds[0 .. 1], fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> fd_ok(fds[0]) && fd_ok(fds[1]) && fds[0] != fds[1] &&
	free_fd{Pre}(fds[0]) && free_fd{Pre}(fds[1]) &&
	owned(fds[0]) && owned(fds[1]) &&
	fd_cloexec[fds[0]] == 1 && fd_cloexec[fds[1]] == 1 &&
	fds_same{Pre, Post}(fds[0], fds[1], -1, -1);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
int sys_pipe(int fds[2]);

/* Linux releases the fd even when close fails (EINTR included), so the
 * fd is no longer owned whatever the result.  Closing an fd we do not own
 * is what the precondition forbids: that is the double close. */
/*@ requires owned(fd);
    assigns fd_owned[fd], fd_cloexec[fd];
    ensures fd_owned[fd] == 0 && fd_cloexec[fd] == 0;
    ensures \result == 0 || \result == -1;
 */
int sys_close(int fd);

/* shutdown(fd, SHUT_WR): EOF for the peer, the fd stays ours. */
/*@ requires owned(fd);
    assigns \nothing;
    ensures \result == 0 || \result == -1;
 */
int sys_shutdown_wr(int fd);

/* In a child, before exec: make fd 0, 1 or 2 a copy of from (dup2 leaves
 * the copy without close-on-exec). */
/*@ requires owned(from);
    requires 0 <= to <= 2;
    assigns \nothing;
    ensures \result == 0 || \result == -1;
 */
int sys_dup_std(int from, int to);

/*@ assigns \nothing;
    ensures \result > 0;
 */
pid_t sys_getpid(void);

/* fork: each of the two processes goes on with its own copy of the fd
 * table, so the fd model has nothing to change; the parent has one more
 * child to reap. */
/*@ requires live_children < 1000000;
    assigns live_children;
    ensures \result >= -1;
    ensures \result > 0 ==> live_children == \old(live_children) + 1;
    ensures \result <= 0 ==> live_children == \old(live_children);
 */
pid_t sys_fork(void);

/* In a child, before exec: mark every fd from 3 up close-on-exec
 * (close_range), whoever opened it, so only 0-2 cross exec. */
/*@ assigns fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \forall integer fd; fd_ok(fd) ==> fd_cloexec[fd] == 1;
    ensures \result == 0 || \result == -1;
 */
int sys_cloexec_from3(void);

/* In a child, before exec: SIGPIPE (which vrsync ignores) back to its
 * default, and no signal blocked. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == -1;
 */
int sys_default_signals(void);

/*@ requires no_inheritable_fds;
    assigns \nothing;
    ensures \result == -1;
 */
int sys_execvp(const char *file, char *const argv[]);

/*@ assigns \nothing;
    ensures \false;
 */
void sys_exit_child(int code) __attribute__((__noreturn__));

/* In a child: die with the parent (PR_SET_PDEATHSIG), then fail if the
 * parent already changed (it died before the call: the race guard). */
/*@ assigns \nothing;
    ensures \result == 0 || \result == -1;
 */
int sys_die_with_parent(pid_t parent);

/* waitpid without EINTR, blocking or not; *status as waitpid's.  -1 is
 * ECHILD (EINTR is retried, nothing else can happen for our own pid): the
 * child is gone either way, so it is no longer one to reap. */
/*@ requires pid > 0;
    requires \valid(status);
    requires live_children > 0;
    assigns *status, live_children;
    ensures \result == pid || \result == 0 || \result == -1;
    ensures !nohang ==> \result != 0;
    ensures \result != 0 ==> live_children == \old(live_children) - 1;
    ensures \result == 0 ==> live_children == \old(live_children);
 */
pid_t sys_waitpid(pid_t pid, int *status, int nohang);

/* read into buf; -1 with errno on error, 0 at EOF. */
/*@ requires usable(fd);
    requires \valid(buf + (0 .. count - 1));
    requires count <= 0x7fffffff;
    assigns buf[0 .. count - 1];
    ensures -1 <= \result <= count;
 */
ssize_t sys_read(int fd, uint8_t *buf, size_t count);

/* poll one owned fd for input; 1 ready (data, EOF or error), 0 timeout,
 * -1 error other than EINTR (EINTR counts as a timeout). */
/*@ requires owned(fd);
    assigns \nothing;
    ensures -1 <= \result <= 1;
 */
int sys_poll_in(int fd, int timeout_ms);

/* Write all of buf to fd 2 (the user's stderr), retrying short writes. */
/*@ requires \valid_read(buf + (0 .. count - 1));
    assigns \nothing;
 */
void sys_write_stderr(const uint8_t *buf, size_t count);

/* kill(pid, sig) for a child of ours not yet reaped. */
/*@ requires pid > 0;
    assigns \nothing;
    ensures \result == 0 || \result == -1;
 */
int sys_kill(pid_t pid, int sig);

/* Milliseconds on the monotonic clock (CLOCK_MONOTONIC). */
/*@ assigns \nothing;
    ensures 0 <= \result <= 0x7fffffffffffffff / 2;
 */
int64_t sys_now_ms(void);

/* Sleeps ms milliseconds (or less if a signal comes). */
/*@ requires 0 <= ms <= 1000;
    assigns \nothing;
 */
void sys_sleep_ms(int ms);

/* In a child whose exec failed (errno still set): upstream's two lines on
 * fd 2, "rsync: [WHO] Failed to exec FILE: TEXT (E)" and the "rsync error:
 * error in IPC code (code 14) at pipe.c(85) [WHO=VERSION]" that follows
 * (pipe.c piped_child), for the parent to forward. */
/*@ assigns \nothing;
 */
void sys_exec_failed(const char *who, const char *file);

/* In a forked child that will not exec: close every fd from 3 up, so the
 * child holds only 0-2 (the parent's ends of its pipes included). */
/*@ assigns fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \forall integer fd; fd_ok(fd) ==> fd_owned[fd] == 0 && fd_cloexec[fd] == 0;
    ensures \result == 0 || \result == -1;
 */
int sys_close_from3(void);

/* In a forked child that will not exec: runs fn(0, 1, arg) and exits
 * with its result (_exit: the parent's stdio buffers are not flushed
 * twice).  A call through a pointer, kept out of the proved code. */
typedef int (*sys_child_fn)(int rfd, int wfd, void *arg);
/*@ assigns \nothing;
    ensures \false;
 */
void sys_run_child(sys_child_fn fn, void *arg) __attribute__((__noreturn__));

/* O_NONBLOCK on for a wire fd: one of ours, or 0/1 in a server, whose
 * file description is the server's end of the wire alone. */
/*@ requires usable(fd);
    assigns \nothing;
    ensures \result == 0 || \result == -1;
 */
int sys_nonblock(int fd);

/* write once; -1 with errno (EAGAIN on a full non-blocking fd; EINTR is
 * retried). */
/*@ requires usable(fd);
    requires \valid_read(buf + (0 .. count - 1));
    requires count <= 0x7fffffff;
    assigns \nothing;
    ensures -1 <= \result <= count;
 */
ssize_t sys_write(int fd, const uint8_t *buf, size_t count);

/* One poll() over up to three fds: rd for input, wr for output, err for
 * input; -1 leaves a slot out.  ready[i] is 1 when slot i is ready (data,
 * room, EOF, hang-up or error: the read or write that follows tells
 * which).  0 with nothing ready is a timeout or EINTR; -1 another error. */
/*@ requires rd == -1 || usable(rd);
    requires wr == -1 || usable(wr);
    requires err == -1 || usable(err);
    requires \valid(ready + (0 .. 2));
    requires -1 <= timeout_ms;
    assigns ready[0 .. 2];
    ensures \result == 0 || \result == -1;
    ensures \forall integer i; 0 <= i <= 2 ==> (ready[i] == 0 || ready[i] == 1);
    ensures rd == -1 ==> ready[0] == 0;
    ensures wr == -1 ==> ready[1] == 0;
    ensures err == -1 ==> ready[2] == 0;
 */
int sys_poll3(int rd, int wr, int err, int timeout_ms, int ready[3]);

/* errno after a wrapper failed (the contracts above leave it unnamed). */
/*@ assigns \nothing;
    ensures \result >= 0;
 */
int sys_errno(void);

#endif
