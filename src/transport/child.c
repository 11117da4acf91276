/*
 * child.c: spawning the remote shell (or any server command) on a wire of
 * either topology, and joining it (spec 6.1-6.4).  What it proves (make
 * proofs): every fd it creates is close-on-exec, owned by exactly one
 * place and closed exactly once, none leaks on any path, only 0-2 cross
 * exec; join reaps the child and is idempotent.
 */
#include <signal.h>

#include "transport/child.h"

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
static int
make_pair(int fds[2], int socket)
{
	return socket ? sys_socketpair(fds) : sys_pipe(fds);
}

/*
 * In the child, never returns: die with the parent, put the wire on 0 and
 * 1 and the stderr channel on 2, let nothing else cross exec, give back
 * the default signal dispositions (an ignored SIGPIPE would survive exec),
 * run argv.  A failure is upstream's RERR_IPC (pipe.c piped_child), with
 * its "Failed to exec" lines on the stderr channel when exec failed.
 */
/*@ requires owned(in) && owned(out) && owned(err);
    requires \valid_read(argv) && \valid_read(argv[0]);
    assigns fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \false;
 */
static void
child_exec(pid_t parent, int in, int out, int err, char *const argv[],
    const char *who) __attribute__((__noreturn__));

static void
child_exec(pid_t parent, int in, int out, int err, char *const argv[],
    const char *who)
{
	if (sys_die_with_parent(parent) != 0)
		sys_exit_child(CHILD_EXEC_FAILED);
	if (sys_dup_std(in, 0) != 0 || sys_dup_std(out, 1) != 0 ||
	    sys_dup_std(err, 2) != 0)
		sys_exit_child(CHILD_EXEC_FAILED);
	if (sys_cloexec_from3() != 0 || sys_default_signals() != 0)
		sys_exit_child(CHILD_EXEC_FAILED);
	(void)sys_execvp(argv[0], argv);
	sys_exec_failed(who, argv[0]);
	sys_exit_child(CHILD_EXEC_FAILED);
}

/*
 * In a local server child (fork without exec, upstream's local_child):
 * the same fds 0-2 as an exec'd child, every other fd really closed (no
 * exec will close them, and a copy of the parent's end of a pipe would
 * keep EOF from ever coming), the parent's signal dispositions kept, then
 * fn(0, 1, arg) and its result as the exit code.
 */
/*@ requires owned(in) && owned(out) && owned(err);
    assigns fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \false;
 */
static void
child_run(pid_t parent, int in, int out, int err, sys_child_fn fn, void *arg)
    __attribute__((__noreturn__));

static void
child_run(pid_t parent, int in, int out, int err, sys_child_fn fn, void *arg)
{
	if (sys_die_with_parent(parent) != 0)
		sys_exit_child(CHILD_EXEC_FAILED);
	if (sys_dup_std(in, 0) != 0 || sys_dup_std(out, 1) != 0 ||
	    sys_dup_std(err, 2) != 0)
		sys_exit_child(CHILD_EXEC_FAILED);
	if (sys_close_from3() != 0)
		sys_exit_child(CHILD_EXEC_FAILED);
	sys_run_child(fn, arg);
}

/* fresh{A, B}(fd): free at A, owned and close-on-exec at B.  Every memory
 * read is labelled: a one-label predicate reads all memory at that label. */
/*@ predicate fresh{A, B}(integer fd) = fd_ok(fd) && \at(fd_owned[fd], A) == 0 &&
	\at(fd_owned[fd], B) == 1 && \at(fd_cloexec[fd], B) == 1;
    predicate fds_same6{L1, L2}(integer a, integer b, integer c, integer d,
	integer e, integer f) =
	\forall integer fd; fd_ok(fd) && fd != a && fd != b && fd != c &&
	    fd != d && fd != e && fd != f ==>
	    \at(fd_owned[fd], L1) == \at(fd_owned[fd], L2) &&
	    (\at(fd_owned[fd], L2) == 1 ==>
		\at(fd_cloexec[fd], L1) == \at(fd_cloexec[fd], L2));
 */

/*
 * Creates the stderr socketpair e and the wire: one socketpair w1, or two
 * pipes w1 (child to us) and w2 (us to child).  All or nothing.
 */
/*@ requires \valid(e + (0 .. 1)) && \valid(w1 + (0 .. 1)) && \valid(w2 + (0 .. 1));
    requires \separated(e + (0 .. 1), w1 + (0 .. 1), w2 + (0 .. 1));
    requires w2[0] == -1 && w2[1] == -1;
    requires no_inheritable_fds;
    assigns e[0 .. 1], w1[0 .. 1], w2[0 .. 1],
	fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures no_inheritable_fds;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==>
	fresh{Pre, Post}(e[0]) && fresh{Pre, Post}(e[1]) && fresh{Pre, Post}(w1[0]) && fresh{Pre, Post}(w1[1]) &&
	e[0] != e[1] && e[0] != w1[0] && e[0] != w1[1] && e[1] != w1[0] &&
	e[1] != w1[1] && w1[0] != w1[1] &&
	(pipes ==> fresh{Pre, Post}(w2[0]) && fresh{Pre, Post}(w2[1]) && w2[0] != w2[1] &&
	    w2[0] != e[0] && w2[0] != e[1] && w2[0] != w1[0] && w2[0] != w1[1] &&
	    w2[1] != e[0] && w2[1] != e[1] && w2[1] != w1[0] && w2[1] != w1[1]) &&
	(!pipes ==> w2[0] == -1 && w2[1] == -1) &&
	fds_same6{Pre, Post}(e[0], e[1], w1[0], w1[1], w2[0], w2[1]);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
static int
open_pairs(int e[2], int w1[2], int w2[2], int pipes)
{
	if (make_pair(e, 1) != 0)
		return -1;
	if (make_pair(w1, !pipes) != 0)
		goto fail_e;
	if (pipes && make_pair(w2, 0) != 0)
		goto fail_w1;
	return 0;
fail_w1:
	(void)sys_close(w1[0]);
	(void)sys_close(w1[1]);
fail_e:
	(void)sys_close(e[0]);
	(void)sys_close(e[1]);
	return -1;
}

/*
 * In the parent after fork: close the child's ends and keep ours in *c.
 */
/*@ requires \valid(c) && \valid_read(e + (0 .. 1)) && \valid_read(w1 + (0 .. 1)) &&
	\valid_read(w2 + (0 .. 1));
    requires \separated(c, e + (0 .. 1), w1 + (0 .. 1), w2 + (0 .. 1));
    requires pid > 0 && live_children >= 1;
    requires owned(e[0]) && owned(e[1]) && owned(w1[0]) && owned(w1[1]);
    requires e[0] != e[1] && e[0] != w1[0] && e[0] != w1[1] && e[1] != w1[0] &&
	e[1] != w1[1] && w1[0] != w1[1];
    requires pipes ==> owned(w2[0]) && owned(w2[1]) && w2[0] != w2[1] &&
	w2[0] != e[0] && w2[0] != e[1] && w2[0] != w1[0] && w2[0] != w1[1] &&
	w2[1] != e[0] && w2[1] != e[1] && w2[1] != w1[0] && w2[1] != w1[1];
    requires !pipes ==> w2[0] == -1 && w2[1] == -1;
    requires no_inheritable_fds;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures no_inheritable_fds;
    ensures child_ok(c) && !joined(c) && c->pid == pid;
    ensures c->wire_rd == w1[0] && c->err_fd == e[0] && owned(c->wire_rd) && owned(c->err_fd);
    ensures pipes ==> c->wire_wr == w2[1] && owned(c->wire_wr);
    ensures !pipes ==> c->wire_wr == -1;
    ensures fd_owned[e[1]] == 0 && fd_owned[w1[1]] == 0;
    ensures pipes ==> fd_owned[w2[0]] == 0;
    ensures fds_same{Pre, Post}(e[1], w1[1], w2[0], -1);
 */
static void
adopt(struct child *c, pid_t pid, int pipes, const int e[2], const int w1[2],
    const int w2[2])
{
	(void)sys_close(e[1]);
	(void)sys_close(w1[1]);
	if (pipes)
		(void)sys_close(w2[0]);
	c->wire_rd = w1[0];
	c->wire_wr = pipes ? w2[1] : -1;
	c->err_fd = e[0];
	c->pid = pid;
	c->joined = 0;
	c->wait_ms = CHILD_EXIT_WAIT_MS;
	c->killed = 0;
}

/*
 * Starts the child with the wire of the given topology on its stdin and
 * stdout and a socketpair on its stderr: argv[0] exec'd when fn is NULL,
 * else fn run in the forked child.  On success *c owns exactly three new
 * fds (two for a socketpair wire) and one live child; on failure nothing
 * new is owned and no child runs.
 */
/*@ requires \valid(c);
    requires topology == TOPO_SOCKETPAIR || topology == TOPO_PIPES;
    requires fn == \null ==> \valid_read(argv) && \valid_read(argv[0]);
    requires no_inheritable_fds;
    requires 0 <= live_children < 1000000;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children;
    ensures no_inheritable_fds;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> child_ok(c) && !joined(c) && c->pid > 0 &&
	live_children == \old(live_children) + 1 &&
	owned(c->wire_rd) && owned(c->err_fd) &&
	free_fd{Pre}(c->wire_rd) && free_fd{Pre}(c->err_fd) &&
	(topology == TOPO_PIPES ==> owned(c->wire_wr) && free_fd{Pre}(c->wire_wr)) &&
	(topology == TOPO_SOCKETPAIR ==> c->wire_wr == -1);
    ensures \result == 0 ==> fds_same{Pre, Post}(c->wire_rd, c->wire_wr, c->err_fd, -1);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1) &&
	live_children == \old(live_children);
 */
static int
start(struct child *c, int topology, char *const argv[], const char *who,
    sys_child_fn fn, void *arg)
{
	int e[2], w1[2], w2[2] = { -1, -1 };
	int pipes = topology == TOPO_PIPES;
	pid_t parent = sys_getpid(), pid;

	c->pid = -1;
	c->wire_rd = c->wire_wr = c->err_fd = -1;
	c->topology = topology;
	c->joined = 0;
	c->status = -1;
	c->wait_ms = CHILD_EXIT_WAIT_MS;
	c->killed = 0;
	if (open_pairs(e, w1, w2, pipes) != 0)
		return -1;
	if ((pid = sys_fork()) < 0) {
		if (pipes) {
			(void)sys_close(w2[0]);
			(void)sys_close(w2[1]);
		}
		(void)sys_close(w1[0]);
		(void)sys_close(w1[1]);
		(void)sys_close(e[0]);
		(void)sys_close(e[1]);
		return -1;
	}
	if (pid == 0) {
		if (fn != (sys_child_fn)0)
			child_run(parent, pipes ? w2[0] : w1[1], w1[1], e[1], fn, arg);
		child_exec(parent, pipes ? w2[0] : w1[1], w1[1], e[1], argv, who);
	}
	adopt(c, pid, pipes, e, w1, w2);
	return 0;
}

/*
 * Runs argv[0] (the remote shell) on a new wire; who is upstream's
 * who_am_i() for the "Failed to exec" lines.  As start().
 */
/*@ requires \valid(c);
    requires topology == TOPO_SOCKETPAIR || topology == TOPO_PIPES;
    requires \valid_read(argv) && \valid_read(argv[0]);
    requires no_inheritable_fds;
    requires 0 <= live_children < 1000000;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children;
    ensures no_inheritable_fds;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> child_ok(c) && !joined(c) && c->pid > 0 &&
	live_children == \old(live_children) + 1 &&
	owned(c->wire_rd) && owned(c->err_fd) &&
	free_fd{Pre}(c->wire_rd) && free_fd{Pre}(c->err_fd) &&
	(topology == TOPO_PIPES ==> owned(c->wire_wr) && free_fd{Pre}(c->wire_wr)) &&
	(topology == TOPO_SOCKETPAIR ==> c->wire_wr == -1);
    ensures \result == 0 ==> fds_same{Pre, Post}(c->wire_rd, c->wire_wr, c->err_fd, -1);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1) &&
	live_children == \old(live_children);
 */
int
child_spawn(struct child *c, int topology, char *const argv[], const char *who)
{
	return start(c, topology, argv, who, (sys_child_fn)0, (void *)0);
}

/*
 * Forks the local server child running fn(0, 1, arg) on a new wire, its
 * stderr on the channel as for a remote shell.  As start().
 */
/*@ requires \valid(c);
    requires topology == TOPO_SOCKETPAIR || topology == TOPO_PIPES;
    requires fn != \null;
    requires no_inheritable_fds;
    requires 0 <= live_children < 1000000;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children;
    ensures no_inheritable_fds;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> child_ok(c) && !joined(c) && c->pid > 0 &&
	live_children == \old(live_children) + 1 &&
	owned(c->wire_rd) && owned(c->err_fd) &&
	free_fd{Pre}(c->wire_rd) && free_fd{Pre}(c->err_fd) &&
	(topology == TOPO_PIPES ==> owned(c->wire_wr) && free_fd{Pre}(c->wire_wr)) &&
	(topology == TOPO_SOCKETPAIR ==> c->wire_wr == -1);
    ensures \result == 0 ==> fds_same{Pre, Post}(c->wire_rd, c->wire_wr, c->err_fd, -1);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1) &&
	live_children == \old(live_children);
 */
int
child_fork(struct child *c, int topology, sys_child_fn fn, void *arg)
{
	return start(c, topology, (char *const *)0, "", fn, arg);
}

/* The fd we write the wire to. */
/*@ requires child_ok(c);
    assigns \nothing;
    ensures \result == (c->wire_wr != -1 ? c->wire_wr : c->wire_rd);
 */
int
child_wire_wfd(const struct child *c)
{
	return c->wire_wr != -1 ? c->wire_wr : c->wire_rd;
}

/*
 * Tells the child we have nothing more to send: EOF on its stdin while we
 * go on reading.  A socket is shut down for writing; a pipe is closed.
 */
/*@ requires child_ok(c);
    assigns c->wire_wr, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures child_ok(c) && c->wire_wr == -1;
    ensures \old(c->wire_wr) != -1 ==> fd_owned[\old(c->wire_wr)] == 0 &&
	fds_same{Pre, Post}(\old(c->wire_wr), -1, -1, -1);
    ensures \old(c->wire_wr) == -1 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
int
child_half_close(struct child *c)
{
	int fd = c->wire_wr;

	if (fd != -1) {
		c->wire_wr = -1;
		return sys_close(fd);
	}
	if (c->wire_rd != -1 && c->topology == TOPO_SOCKETPAIR)
		return sys_shutdown_wr(c->wire_rd);
	return 0;
}

/*@ requires \valid(slot) && fd_slot(*slot);
    assigns *slot, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures *slot == -1;
    ensures \old(*slot) != -1 ==> fd_owned[\old(*slot)] == 0 && fd_cloexec[\old(*slot)] == 0 &&
	fds_same{Pre, Post}(\old(*slot), -1, -1, -1);
    ensures \old(*slot) == -1 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
static void
close_slot(int *slot)
{
	int fd = *slot;

	if (fd == -1)
		return;
	*slot = -1;
	(void)sys_close(fd);
}

/*
 * One read of the stderr channel into the capture and the forwarder, for
 * the io loop when poll says the channel is readable.  Returns the count
 * read, or 0 at EOF or on error, when the channel is closed: nothing more
 * will come from it.
 */
/*@ requires child_ok(c) && !joined(c) && owned(c->err_fd);
    requires errbuf_ok(eb) && errfwd_ok(fw);
    requires \separated(c, eb, fw);
    assigns c->err_fd, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	eb->data[0 .. ERRBUF_CAP - 1], eb->head, eb->len, eb->dropped,
	fw->line[0 .. ERRFWD_LINE_MAX - 1], fw->len;
    ensures child_ok(c) && !joined(c) && errbuf_ok(eb) && errfwd_ok(fw);
    ensures 0 <= \result <= CHILD_READ_MAX;
    ensures \result > 0 ==> c->err_fd == \old(c->err_fd) &&
	fds_same{Pre, Post}(-1, -1, -1, -1);
    ensures \result == 0 ==> c->err_fd == -1 && fd_owned[\old(c->err_fd)] == 0 &&
	fds_same{Pre, Post}(\old(c->err_fd), -1, -1, -1);
 */
int
child_read_stderr(struct child *c, struct errbuf *eb, struct errfwd *fw)
{
	uint8_t buf[CHILD_READ_MAX];
	ssize_t n = sys_read(c->err_fd, buf, sizeof buf);

	if (n <= 0) {
		close_slot(&c->err_fd);
		return 0;
	}
	/* The count cannot wrap in practice (16 EiB); if it could,
	 * capture would stop rather than miscount. */
	if (eb->dropped <= UINT64_MAX - (uint64_t)n)
		errbuf_write(eb, buf, (size_t)n);
	errfwd_feed(fw, buf, (size_t)n);
	return (int)n;
}

/*
 * Reads the stderr channel until EOF, or, once the child has exited, for
 * at most CHILD_EOF_GRACE_MS more, or until the deadline (sys_now_ms) if
 * the child is still running then; then the channel is closed.  Reaps the
 * child if it sees it exit.
 */
/*@ requires child_ok(c) && !joined(c) && owned(c->err_fd);
    requires errbuf_ok(eb) && errfwd_ok(fw);
    requires \separated(c, eb, fw);
    assigns c->pid, c->status, c->err_fd, live_children,
	fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	eb->data[0 .. ERRBUF_CAP - 1], eb->head, eb->len, eb->dropped,
	fw->line[0 .. ERRFWD_LINE_MAX - 1], fw->len;
    ensures child_ok(c) && !joined(c) && errbuf_ok(eb) && errfwd_ok(fw);
    ensures c->err_fd == -1 && fd_owned[\old(c->err_fd)] == 0;
    ensures fds_same{Pre, Post}(\old(c->err_fd), -1, -1, -1);
    ensures c->wire_rd == \old(c->wire_rd) && c->wire_wr == \old(c->wire_wr);
    ensures \old(c->pid) == -1 ==> c->pid == -1 && live_children == \old(live_children);
    ensures \old(c->pid) > 0 ==> (c->pid == \old(c->pid) && live_children == \old(live_children)) ||
	(c->pid == -1 && live_children == \old(live_children) - 1);
 */
static void
drain_stderr(struct child *c, struct errbuf *eb, struct errfwd *fw,
    int64_t deadline)
{
	int r, st;
	pid_t w;

	/*@ loop invariant child_ok(c) && !joined(c) && errbuf_ok(eb) && errfwd_ok(fw);
	    loop invariant c->err_fd == \at(c->err_fd, Pre) && owned(c->err_fd);
	    loop invariant fds_same{Pre, Here}(-1, -1, -1, -1);
	    loop invariant c->wire_rd == \at(c->wire_rd, Pre) && c->wire_wr == \at(c->wire_wr, Pre);
	    loop invariant \at(c->pid, Pre) == -1 ==> c->pid == -1 &&
		live_children == \at(live_children, Pre);
	    loop invariant \at(c->pid, Pre) > 0 ==>
		(c->pid == \at(c->pid, Pre) && live_children == \at(live_children, Pre)) ||
		(c->pid == -1 && live_children == \at(live_children, Pre) - 1);
	    loop assigns deadline, r, st, w, c->pid, c->status, c->err_fd, live_children,
		fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
		eb->data[0 .. ERRBUF_CAP - 1], eb->head, eb->len, eb->dropped,
		fw->line[0 .. ERRFWD_LINE_MAX - 1], fw->len;
	 */
	for (;;) {
		r = sys_poll_in(c->err_fd, CHILD_POLL_MS);
		if (r > 0) {
			if (child_read_stderr(c, eb, fw) == 0)
				return;
		} else if (r < 0)
			break;
		else if (c->pid > 0 && (w = sys_waitpid(c->pid, &st, 1)) != 0) {
			if (w == c->pid)
				c->status = st;
			c->pid = -1;
			/* a helper may hold the write end for good */
			deadline = sys_now_ms() + CHILD_EOF_GRACE_MS;
		}
		if (sys_now_ms() >= deadline)
			break;
	}
	close_slot(&c->err_fd);
}

/*
 * Reaps the child: waits until the deadline for it to exit, then sends
 * SIGTERM and waits CHILD_TERM_WAIT_MS more, then SIGKILL and waits for
 * it (a killed child always goes).  c->killed says which signal it took.
 */
/*@ requires child_ok(c) && !joined(c) && c->pid > 0;
    assigns c->pid, c->status, c->killed, live_children;
    ensures child_ok(c) && !joined(c) && c->pid == -1;
    ensures live_children == \old(live_children) - 1;
 */
static void
reap(struct child *c, int64_t deadline)
{
	int st, term = 0;
	pid_t w;

	/*@ loop invariant child_ok(c) && !joined(c) && c->pid == \at(c->pid, Pre);
	    loop invariant live_children == \at(live_children, Pre);
	    loop invariant term == 0 || term == 1;
	    loop assigns deadline, term, st, w, c->status, c->killed, live_children;
	 */
	for (;;) {
		if ((w = sys_waitpid(c->pid, &st, 1)) != 0)
			break;
		if (sys_now_ms() >= deadline) {
			if (term) {
				(void)sys_kill(c->pid, SIGKILL);
				c->killed = SIGKILL;
				w = sys_waitpid(c->pid, &st, 0);
				break;
			}
			(void)sys_kill(c->pid, SIGTERM);
			c->killed = SIGTERM;
			term = 1;
			deadline = sys_now_ms() + CHILD_TERM_WAIT_MS;
		}
		sys_sleep_ms(CHILD_POLL_MS);
	}
	if (w == c->pid)
		c->status = st;
	c->pid = -1;
}

/*
 * Ends the child's session on any path: closes the wire (EOF for a child
 * still reading), drains its stderr, reaps it (a child still running
 * wait_ms after the call is stopped: SIGTERM, then SIGKILL), closes the
 * channel, and keeps the wait status.  The first call does all that; every later call
 * changes nothing and returns the same status.  The caller flushes and
 * half-closes first when it ends a session normally (spec 6.4).
 */
/*@ requires child_ok(c) && errbuf_ok(eb) && errfwd_ok(fw);
    requires \separated(c, eb, fw);
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children, eb->data[0 .. ERRBUF_CAP - 1], eb->head, eb->len, eb->dropped,
	fw->line[0 .. ERRFWD_LINE_MAX - 1], fw->len;
    ensures child_ok(c) && joined(c) && errbuf_ok(eb) && errfwd_ok(fw);
    ensures \result == c->status;
    behavior already_joined:
      assumes joined(c);
      assigns \nothing;
      ensures \result == \old(c->status);
      ensures live_children == \old(live_children);
      ensures fds_same{Pre, Post}(-1, -1, -1, -1);
    behavior first_join:
      assumes !joined(c);
      ensures \old(c->wire_rd) != -1 ==> fd_owned[\old(c->wire_rd)] == 0;
      ensures \old(c->wire_wr) != -1 ==> fd_owned[\old(c->wire_wr)] == 0;
      ensures \old(c->err_fd) != -1 ==> fd_owned[\old(c->err_fd)] == 0;
      ensures fds_same{Pre, Post}(\old(c->wire_rd), \old(c->wire_wr), \old(c->err_fd), -1);
      ensures \old(c->pid) > 0 ==> live_children == \old(live_children) - 1;
      ensures \old(c->pid) == -1 ==> live_children == \old(live_children);
    complete behaviors;
    disjoint behaviors;
 */
int
child_join(struct child *c, struct errbuf *eb, struct errfwd *fw)
{
	int64_t deadline;

	if (c->joined)
		return c->status;
	deadline = sys_now_ms() + c->wait_ms;
	close_slot(&c->wire_wr);
	close_slot(&c->wire_rd);
	if (c->err_fd != -1)
		drain_stderr(c, eb, fw, deadline);
	errfwd_flush(fw);
	if (c->pid > 0)
		reap(c, deadline);
	c->joined = 1;
	return c->status;
}
