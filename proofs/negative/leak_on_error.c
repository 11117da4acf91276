/*
 * Seeded bug: a spawn whose fork-failure path forgets to close one end of
 * the stderr channel.  WP must reject the no-leak postcondition.
 * expect: ensures
 */
#include "transport/child.h"

/*@ requires \valid(c);
    requires no_inheritable_fds;
    requires live_children < 1000000;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1],
	live_children;
    ensures \result != 0 ==> fds_same{Pre, Post}(-1, -1, -1, -1);
 */
int
neg_spawn(struct child *c)
{
	int e[2];
	pid_t pid;

	c->pid = -1;
	c->wire_rd = c->wire_wr = c->err_fd = -1;
	if (sys_socketpair(e) != 0)
		return -1;
	if ((pid = sys_fork()) < 0) {
		(void)sys_close(e[0]);
		return -1;
	}
	if (pid == 0)
		sys_exit_child(127);
	(void)sys_close(e[1]);
	c->err_fd = e[0];
	c->pid = pid;
	return 0;
}
