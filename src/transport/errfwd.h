/*
 * errfwd.h: forwards the remote shell's stderr to ours line by line as it
 * arrives (spec 6.3), so that its lines never interleave with ours
 * mid-line.  Bytes pass through unchanged (no UTF-8 assumption); a line
 * longer than ERRFWD_LINE_MAX goes out in pieces of that size.
 */
#ifndef VRSYNC_ERRFWD_H
#define VRSYNC_ERRFWD_H

#include <stddef.h>
#include <stdint.h>

#define ERRFWD_LINE_MAX	1024

struct errfwd {
	uint8_t	line[ERRFWD_LINE_MAX];
	size_t	len;		/* bytes of a line not yet forwarded */
	int	quiet;		/* capture only, forward nothing */
};

/*@ predicate errfwd_ok(struct errfwd *f) =
	\valid(f) && f->len < ERRFWD_LINE_MAX;
 */

void	errfwd_init(struct errfwd *f, int quiet);
void	errfwd_feed(struct errfwd *f, const uint8_t *p, size_t n);
void	errfwd_flush(struct errfwd *f);

#endif
