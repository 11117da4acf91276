/*
 * child.h: a child process on the other end of the wire: a remote shell
 * running the server, or (later) the local server child (spec 6.1-6.4).
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

struct child {
	pid_t	pid;		/* > 0 until reaped, then -1 */
	int	wire_rd;	/* we read the wire here; -1 once closed */
	int	wire_wr;	/* we write here; -1 for a socketpair (wire_rd
				 * serves both ways) or once closed */
	int	err_fd;		/* the stderr channel; -1 once closed */
	int	topology;
	int	joined;		/* 1 once child_join has run */
	int	status;		/* wait status once reaped, -1 if unknown */
};

/*@ predicate fd_slot(integer fd) = fd == -1 || owned(fd);
    predicate child_ok(struct child *c) =
	\valid(c) && (c->pid > 0 || c->pid == -1) &&
	fd_slot(c->wire_rd) && fd_slot(c->wire_wr) && fd_slot(c->err_fd) &&
	(c->wire_rd == -1 || (c->wire_rd != c->wire_wr && c->wire_rd != c->err_fd)) &&
	(c->wire_wr == -1 || c->wire_wr != c->err_fd) &&
	(c->pid > 0 ==> live_children >= 1) &&
	(c->joined == 0 || c->joined == 1) &&
	(c->joined == 1 ==> c->pid == -1 && c->wire_rd == -1 &&
	    c->wire_wr == -1 && c->err_fd == -1);
    predicate joined(struct child *c) = c->joined == 1;
 */

int	child_spawn(struct child *c, int topology, char *const argv[]);
int	child_wire_wfd(const struct child *c);
int	child_half_close(struct child *c);
int	child_read_stderr(struct child *c, struct errbuf *eb, struct errfwd *fw);
int	child_join(struct child *c, struct errbuf *eb, struct errfwd *fw);

#endif
