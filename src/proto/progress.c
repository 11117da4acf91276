/*
 * progress.c: --progress (upstream progress.c): per file, a line that is
 * rewritten in place ("\r") at most once a second while the data moves,
 * then the final line with the transfer's rate, its duration and the
 * counts "(xfr#N, to-chk=LEFT/TOTAL)".  Only the client prints.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "proto/session.h"

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* rprint_progress(): "\r%15s %3d%% %7.2f%s %s" and the end. */
static void
print_line(struct session *s, int64_t ofs, int64_t size, int is_last,
    int32_t ndx)
{
	char num[40], rem[32], eol[96];
	int64_t now = mono_ms(), diff = now - s->prog_start;
	double rate, remain;
	const char *units = "kB/s";
	int pct;

	if (diff <= 0)
		diff = 1;
	rate = (double)(ofs - (is_last ? 0 : s->prog_last_ofs)) * 1000.0 /
	    (double)(is_last ? diff : (now - s->prog_last_ms > 0 ?
	    now - s->prog_last_ms : 1)) / 1024.0;
	if (!is_last && ofs == 0)
		rate = 0;
	if (is_last) {
		remain = (double)diff / 1000.0;
		snprintf(eol, sizeof eol, " (xfr#%d, to-chk=%d/%d)\n",
		    s->st.xferred, (int)s->fl.n - ndx - 1, (int)s->fl.n);
	} else {
		remain = rate > 0 ? (double)(size - ofs) / rate / 1000.0 : 0.0;
		snprintf(eol, sizeof eol, "  ");
	}
	if (rate > 1024 * 1024) {
		rate /= 1024.0 * 1024.0;
		units = "GB/s";
	} else if (rate > 1024) {
		rate /= 1024.0;
		units = "MB/s";
	}
	if (remain < 0 || remain > 9999.0 * 3600.0)
		snprintf(rem, sizeof rem, "  ??:??:??");
	else
		snprintf(rem, sizeof rem, "%4u:%02u:%02u",
		    (unsigned)(remain / 3600.0), (unsigned)(remain / 60.0) % 60,
		    (unsigned)remain % 60);
	pct = ofs == size ? 100 : size > 0 ? (int)(100.0 * (double)ofs /
	    (double)size) : 100;
	sess_num(s, ofs, num, sizeof num);
	printf("\r%15s %3d%% %7.2f%s %s%s", num, pct, rate, units, rem, eol);
	fflush(stdout);
	s->prog_last_ms = now;
	s->prog_last_ofs = ofs;
}

void
progress_start(struct session *s, int64_t size, int show_zero)
{
	if (!s->o->progress || s->am_server)
		return;
	s->prog_start = s->prog_last_ms = mono_ms();
	s->prog_last_ofs = 0;
	s->prog_shown = 0;
	if (show_zero) {
		print_line(s, 0, size, 0, 0);
		s->prog_shown = 1;
	}
}

void
progress_update(struct session *s, int64_t ofs, int64_t size)
{
	if (!s->o->progress || s->am_server)
		return;
	if (s->prog_shown && mono_ms() - s->prog_last_ms < 1000)
		return;
	print_line(s, ofs, size, 0, 0);
	s->prog_shown = 1;
}

void
progress_end(struct session *s, int64_t size, int32_t ndx)
{
	if (!s->o->progress || s->am_server)
		return;
	print_line(s, size, size, 1, ndx);
}
