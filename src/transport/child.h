/*
 * child.h: a child process on the other end of the wire: a remote shell
 * running the server (child_spawn), or the local server child of a local
 * copy, forked without exec as upstream's local_child (child_fork);
 * spec 6.1-6.4.
 * The struct owns the wire fds and the stderr channel; child_join is the
 * one way they are given back, on every path, and it can be called any
 * number of times.
 */
#ifndef VRSYNC_CHILD_H
#define VRSYNC_CHILD_H

#include <sys/types.h>

#include "transport/errbuf.h"
#include "transport/errfwd.h"
#include "transport/sys.h"

enum wire_topology {
	TOPO_SOCKETPAIR = 0,	/* one socket both ways (upstream's default) */
	TOPO_PIPES = 1		/* a pipe each way */
};

/* How long join waits for stderr EOF once the child has exited: a helper
 * such as an ssh ControlMaster may hold the write end open for good. */
#define CHILD_EOF_GRACE_MS	200
#define CHILD_POLL_MS		50
#define CHILD_READ_MAX		4096
/* How long join waits for the child to exit once the wire is closed
 * (wait_ms, this by default), then after SIGTERM, before SIGKILL. */
#define CHILD_EXIT_WAIT_MS	10000
#define CHILD_TERM_WAIT_MS	2000
/* ...and the bound a caller sets after a failed session: the child has
 * had EOF or EPIPE and has no more reason to run */
#define CHILD_ERROR_WAIT_MS	1000
/* Exit code of a child whose exec failed: upstream's RERR_IPC. */
#define CHILD_EXEC_FAILED	14

struct child {
	pid_t	pid;		/* > 0 until reaped, then -1 */
	int	wire_rd;	/* we read the wire here; -1 once closed */
	int	wire_wr;	/* we write here; -1 for a socketpair (wire_rd
				 * serves both ways) or once closed */
	int	err_fd;		/* the stderr channel; -1 once closed */
	int	topology;
	int	joined;		/* 1 once child_join has run */
	int	status;		/* wait status once reaped, -1 if unknown */
	int	wait_ms;	/* join's bound on the child's exit, 0..3600000 */
	int	killed;		/* 0, or the signal join had to send */
};

/*@ predicate fd_slot(integer fd) = fd == -1 || owned(fd);
    predicate child_ok(struct child *c) =
	\valid(c) && (c->pid > 0 || c->pid == -1) &&
	fd_slot(c->wire_rd) && fd_slot(c->wire_wr) && fd_slot(c->err_fd) &&
	(c->wire_rd == -1 || (c->wire_rd != c->wire_wr && c->wire_rd != c->err_fd)) &&
	(c->wire_wr == -1 || c->wire_wr != c->err_fd) &&
	(c->pid > 0 ==> live_children >= 1) &&
	0 <= c->wait_ms <= 3600000 &&
	(c->joined == 0 || c->joined == 1) &&
	(c->joined == 1 ==> c->pid == -1 && c->wire_rd == -1 &&
	    c->wire_wr == -1 && c->err_fd == -1);
    predicate joined(struct child *c) = c->joined == 1;
 */

int	child_spawn(struct child *c, int topology, char *const argv[],
	    const char *who);
int	child_fork(struct child *c, int topology, sys_child_fn fn, void *arg);
int	child_wire_wfd(const struct child *c);
int	child_half_close(struct child *c);
int	child_read_stderr(struct child *c, struct errbuf *eb, struct errfwd *fw);
int	child_join(struct child *c, struct errbuf *eb, struct errfwd *fw);

#endif
