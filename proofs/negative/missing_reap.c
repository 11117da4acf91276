/*
 * Seeded bug: a join that forgets the child's pid instead of waiting for
 * it, leaving a zombie.  WP must reject the reap postcondition.
 * expect: ensures
 */
#include "transport/child.h"

/*@ requires child_ok(c) && !joined(c) && c->pid > 0;
    requires c->wire_rd == -1 && c->wire_wr == -1 && c->err_fd == -1;
    assigns *c, live_children;
    ensures live_children == \old(live_children) - 1;
 */
void
neg_reap(struct child *c)
{
	c->pid = -1;
	c->joined = 1;
}
