/* errfwd.c: line-by-line forwarding of the remote shell's stderr (spec 6.3). */
#include "transport/errfwd.h"
#include "transport/sys.h"

/*@ requires \valid(f);
    assigns f->len, f->quiet;
    ensures errfwd_ok(f) && f->len == 0;
 */
void
errfwd_init(struct errfwd *f, int quiet)
{
	f->len = 0;
	f->quiet = quiet;
}

/* Sends what is held (a whole line, or a piece of a long one). */
/*@ requires errfwd_ok(f) || (\valid(f) && f->len == ERRFWD_LINE_MAX);
    assigns f->len;
    ensures errfwd_ok(f) && f->len == 0;
 */
static void
errfwd_emit(struct errfwd *f)
{
	if (!f->quiet && f->len > 0)
		sys_write_stderr(f->line, f->len);
	f->len = 0;
}

/*
 * Takes n more bytes from the remote stderr; every completed line goes out
 * at once, a partial one waits for its end (or for errfwd_flush).
 */
/*@ requires errfwd_ok(f);
    requires \valid_read(p + (0 .. n - 1));
    requires \separated(p + (0 .. n - 1), f);
    assigns f->line[0 .. ERRFWD_LINE_MAX - 1], f->len;
    ensures errfwd_ok(f);
 */
void
errfwd_feed(struct errfwd *f, const uint8_t *p, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant errfwd_ok(f);
	    loop assigns i, f->line[0 .. ERRFWD_LINE_MAX - 1], f->len;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		f->line[f->len++] = p[i];
		if (p[i] == '\n' || f->len == ERRFWD_LINE_MAX)
			errfwd_emit(f);
	}
}

/* At the end of the stream: a last line without newline goes out with one. */
/*@ requires errfwd_ok(f);
    assigns f->line[0 .. ERRFWD_LINE_MAX - 1], f->len;
    ensures errfwd_ok(f) && f->len == 0;
 */
void
errfwd_flush(struct errfwd *f)
{
	if (f->len == 0)
		return;
	f->line[f->len++] = '\n';
	errfwd_emit(f);
}
