/*
 * Seeded bug: a join that closes the stderr channel and then closes it
 * again through a stale copy of the fd.  WP must reject the second close.
 * expect: call_sys_close_2_requires
 */
#include "transport/child.h"

/*@ requires child_ok(c) && !joined(c) && owned(c->err_fd);
    requires c->wire_rd == -1 && c->wire_wr == -1;
    assigns *c, fd_owned[3 .. SYS_FD_MAX - 1], fd_cloexec[3 .. SYS_FD_MAX - 1];
 */
void
neg_close_err(struct child *c)
{
	int fd = c->err_fd;

	(void)sys_close(fd);
	c->err_fd = -1;
	(void)sys_close(fd);
}
