/*
 * clients.c: proof-only callers that state, as a client would see them,
 * properties the contracts imply.  Never compiled into vrsync.
 */
#include "transport/child.h"

/* Join is idempotent: two joins give one answer and the second changes
 * nothing. */
/*@ requires child_ok(c) && errbuf_ok(eb) && errfwd_ok(fw);
    requires \separated(c, eb, fw);
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children, eb->data[0 .. ERRBUF_CAP - 1], eb->head, eb->len, eb->dropped,
	fw->line[0 .. ERRFWD_LINE_MAX - 1], fw->len;
    ensures joined(c);
 */
void
join_twice(struct child *c, struct errbuf *eb, struct errfwd *fw)
{
	int a, b;

	a = child_join(c, eb, fw);
	/*@ ghost int live = live_children; */
	b = child_join(c, eb, fw);
	/*@ assert same_status: a == b; */
	/*@ assert nothing_more_reaped: live_children == live; */
}

/* A whole session that fails nowhere leaks nothing: spawn, half-close,
 * join, and the fd table is as it was. */
/*@ requires \valid(c) && errbuf_ok(eb) && errfwd_ok(fw);
    requires \separated(c, eb, fw);
    requires \valid_read(argv) && \valid_read(argv[0]);
    requires no_inheritable_fds;
    requires 0 <= live_children < 1000000;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children, eb->data[0 .. ERRBUF_CAP - 1], eb->head, eb->len, eb->dropped,
	fw->line[0 .. ERRFWD_LINE_MAX - 1], fw->len;
    ensures \forall integer fd; fd_ok(fd) ==> fd_owned[fd] == \old(fd_owned[fd]);
    ensures live_children == \old(live_children);
 */
void
session(struct child *c, struct errbuf *eb, struct errfwd *fw, char *const argv[])
{
	if (child_spawn(c, TOPO_PIPES, argv, "Receiver") != 0)
		return;
	(void)child_half_close(c);
	(void)child_join(c, eb, fw);
}
