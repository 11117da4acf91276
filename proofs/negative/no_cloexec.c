/*
 * Seeded bug: a pipe created without O_CLOEXEC (pipe() instead of pipe2)
 * whose parent end outlives the spawn: it would leak into every later
 * exec.  WP must reject the postcondition that nothing inheritable is
 * owned.
 * expect: ensures
 */
#include "transport/child.h"

/* What plain pipe() would give: two owned fds, not close-on-exec. */
/*@ requires \valid(fds + (0 .. 1));
    assigns fds[0 .. 1], fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> fd_ok(fds[0]) && fd_ok(fds[1]) && fds[0] != fds[1] &&
	free_fd{Pre}(fds[0]) && free_fd{Pre}(fds[1]) &&
	owned(fds[0]) && owned(fds[1]) &&
	fd_cloexec[fds[0]] == 0 && fd_cloexec[fds[1]] == 0 &&
	fds_same{Pre, Post}(fds[0], fds[1], -1, -1);
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
int neg_pipe_plain(int fds[2]);

/*@ requires \valid(c);
    requires no_inheritable_fds;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
    ensures no_inheritable_fds;
 */
int
neg_open_wire(struct child *c)
{
	int w[2];

	c->wire_rd = c->wire_wr = -1;
	if (neg_pipe_plain(w) != 0)
		return -1;
	c->wire_rd = w[0];
	c->wire_wr = w[1];
	return 0;
}
