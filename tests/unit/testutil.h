/*
 * testutil.h: checks the transport's unit drivers share (test_child,
 * test_io, test_sys, test_faults).  Include after <cmocka.h>.
 */
#ifndef VRSYNC_TESTUTIL_H
#define VRSYNC_TESTUTIL_H

/* fds open in this process now (/proc/self/fd, less the listing's own). */
int	count_fds(void);
/* fails the test unless this process has no child, zombie or live. */
void	no_child_left(void);

#endif
