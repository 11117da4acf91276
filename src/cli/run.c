/*
 * run.c: the roles, wired (spec/07-session.md 7.1; upstream main.c
 * start_client / client_run / start_server): a pull, a push, a local
 * copy, and the server a remote client starts with --server.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/hostspec.h"
#include "cli/run.h"
#include "io/io.h"
#include "io/mux.h"
#include "proto/session.h"
#include "transport/child.h"
#include "transport/rsh.h"

static struct io the_io;
static struct mux the_mux;
static struct child the_child;
static struct errbuf the_eb;
static struct errfwd the_fw;

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --timeout in ms for the io core, which takes at most a day (upstream
 * takes any int; a longer timeout is no timeout in practice).  Until the
 * handshake is done the bound is twice that plus 10 s: upstream starts
 * counting only at its first idle wait (io.c check_timeout), so a remote
 * shell's slow login does not count against it (audit/deviations.md). */
static int
timeout_ms(const struct options *o, int handshake)
{
	int ms;

	if (o->timeout <= 0)
		return 0;
	ms = o->timeout > IO_TIMEOUT_MAX / 1000 ? IO_TIMEOUT_MAX :
	    o->timeout * 1000;
	if (handshake)
		ms = ms > (IO_TIMEOUT_MAX - 10000) / 2 ? IO_TIMEOUT_MAX :
		    2 * ms + 10000;
	return ms;
}

/* The handshake is over: the real --timeout from now on. */
static void
timeout_armed(const struct options *o)
{
	the_io.timeout_ms = timeout_ms(o, 0);
	the_io.last_io = sys_now_ms();
}

static void
sess_init(struct session *s, struct options *o)
{
	memset(s, 0, sizeof *s);
	s->o = o;
	s->io = &the_io;
	s->mux = &the_mux;
	s->start_ms = now_ms();
	s->whole_file = o->whole_file;
}

/* The server's filter list: vrsync has no filter rules; an empty list is
 * all it accepts (exclude.c recv_filter_list). */
static void
recv_filter_list(struct session *s)
{
	int32_t len;

	while ((len = rd_int(s)) != 0)
		sess_fatal(s, RERR_UNSUPPORTED, "exclude.c(1650)",
		    "vrsync: filter rules are not supported (a rule of %d bytes"
		    " came)\n", len);
}

/* A number the way upstream's --stats and summary print it (3.x: with
 * thousands separators, human_readable 1). */
static const char *
num(int64_t v, char *buf, size_t cap)
{
	char raw[32];
	size_t n, k = 0, i;
	int neg = v < 0;

	snprintf(raw, sizeof raw, "%lld", (long long)(neg ? -v : v));
	n = strlen(raw);
	if (neg && k < cap - 1)
		buf[k++] = '-';
	for (i = 0; i < n && k < cap - 1; i++) {
		buf[k++] = raw[i];
		if ((n - i - 1) % 3 == 0 && i != n - 1 && k < cap - 1)
			buf[k++] = ',';
	}
	buf[k] = 0;
	return buf;
}

/* comma_num(): thousands separators unless --no-h, never units. */
static const char *
cnum(const struct session *s, int64_t v, char *buf, size_t cap)
{
	if (s->o->human != 0)
		return num(v, buf, cap);
	snprintf(buf, cap, "%lld", (long long)v);
	return buf;
}

/* do_big_dnum() (lib/compat.c) with human_flag h: "%.*f", and from 1000
 * up thousands separators (h 1) or do_big_num's units (h > 1, the
 * integer part only, as upstream). */
static const char *
dnum(const struct session *s, double d, int h, int digits, char *buf,
    size_t cap)
{
	char raw[64], ip[40];
	const char *dot;

	snprintf(raw, sizeof raw, "%.*f", digits, d);
	if (h == 0 || (d < 1000.0 && d > -1000.0)) {
		snprintf(buf, cap, "%s", raw);
		return buf;
	}
	if (h > 1)
		return sess_num(s, (int64_t)d, buf, cap);
	dot = strchr(raw, '.');
	snprintf(buf, cap, "%s%.8s", num((int64_t)d, ip, sizeof ip),
	    dot != NULL ? dot : "");
	return buf;
}

/* output_itemized_counts(): "Number of files: 10 (reg: 5, dir: 4,
 * link: 1)"; reg is what the total leaves. */
static void
itemized_counts(struct session *s, const char *prefix, int64_t total,
    int64_t dirs, int64_t links, int64_t devs, int64_t specials)
{
	static const char *const labels[] = { "reg", "dir", "link", "dev",
	    "special" };
	int64_t c[5] = { total - dirs - links - devs - specials, dirs, links,
	    devs, specials };
	char line[256], a[40];
	const char *pre = " (";
	size_t k = 0;

	line[0] = 0;
	if (total != 0) {
		for (int j = 0; j < 5; j++) {
			if (c[j] == 0)
				continue;
			k += (size_t)snprintf(line + k, sizeof line - k - 1,
			    "%s%s: %s", pre, labels[j], cnum(s, c[j], a, sizeof a));
			if (k > sizeof line - 2)
				k = sizeof line - 2;
			pre = ", ";
		}
		line[k++] = ')';
		line[k] = 0;
	}
	sess_info(s, "%s: %s%s\n", prefix, cnum(s, total, a, sizeof a), line);
}

/* output_summary(): --stats and the -v closing lines. */
static void
summary(struct session *s)
{
	struct options *o = s->o;
	char a[64], b[64], c[64];
	double secs = (double)(now_ms() - s->start_ms) / 1000.0;
	int64_t tr, tw;

	/* a pulling client shows the server sender's totals, swapped
	 * (main.c handle_stats); otherwise its own wire counts */
	if (s->st.from_peer) {
		tr = s->st.total_read;
		tw = s->st.total_written;
	} else {
		tr = (int64_t)s->io->total_read;
		tw = (int64_t)s->io->total_written;
	}
	if (secs < 0.5)
		secs = 0.5;
	if (o->stats) {
		int64_t ndirs = 0, nlinks = 0, ndevs = 0, nspecials = 0;
		int64_t xsize = 0, buildtime = s->st.flist_buildtime;

		/* the list's types (flist.c send_file_entry/recv_file_list
		 * count them as the entries go by) and what was transferred
		 * (stats.total_transferred_size: a regular file asked for) */
		for (size_t i = 0; i < s->fl.n; i++) {
			const struct file *f = &s->fl.f[i];

			if (file_is_dir(f))
				ndirs++;
			else if (file_is_link(f))
				nlinks++;
			else if (file_is_dev(f))
				ndevs++;
			else if (!file_is_reg(f))
				nspecials++;
			else if (f->flags & FL_SENT)
				xsize += f->size;
		}
		sess_info(s, "\n");
		itemized_counts(s, "Number of files", s->st.num_files, ndirs,
		    nlinks, ndevs, nspecials);
		if (s->proto >= 29)
			itemized_counts(s, "Number of created files",
			    s->st.created_reg + s->st.created_dirs +
			    s->st.created_links + s->st.created_devs +
			    s->st.created_specials, s->st.created_dirs,
			    s->st.created_links, s->st.created_devs,
			    s->st.created_specials);
		if (s->proto >= 31)
			itemized_counts(s, "Number of deleted files",
			    s->st.deleted, s->st.deleted_dirs,
			    s->st.deleted_links, s->st.deleted_devs,
			    s->st.deleted_specials);
		sess_info(s, "Number of regular files transferred: %s\n",
		    cnum(s, s->st.xferred, a, sizeof a));
		sess_info(s, "Total file size: %s bytes\n",
		    sess_num(s, s->st.total_size, a, sizeof a));
		sess_info(s, "Total transferred file size: %s bytes\n",
		    sess_num(s, xsize, a, sizeof a));
		sess_info(s, "Literal data: %s bytes\n",
		    sess_num(s, s->st.literal_data, a, sizeof a));
		sess_info(s, "Matched data: %s bytes\n",
		    sess_num(s, s->st.matched_data, a, sizeof a));
		sess_info(s, "File list size: %s\n",
		    sess_num(s, s->st.flist_size, a, sizeof a));
		/* a sender times its own list (never 0: flist.c rounds 0 ms
		 * up to 1); a receiver has the sender's times (protocol 29
		 * and later), or none */
		if (s->am_sender && buildtime == 0)
			buildtime = 1;
		if (buildtime != 0) {
			sess_info(s, "File list generation time: %s seconds\n",
			    dnum(s, (double)buildtime / 1000, o->human != 0, 3,
			    a, sizeof a));
			sess_info(s, "File list transfer time: %s seconds\n",
			    dnum(s, (double)s->st.flist_xfertime / 1000,
			    o->human != 0, 3, a, sizeof a));
		}
		sess_info(s, "Total bytes sent: %s\n", sess_num(s, tw, a, sizeof a));
		sess_info(s, "Total bytes received: %s\n", sess_num(s, tr, a, sizeof a));
	}
	if (o->verbose || o->stats) {
		double rate = (double)(tr + tw) / secs;
		double speedup = (double)s->st.total_size /
		    (double)(tr + tw > 0 ? tr + tw : 1);

		sess_info(s, "\n");
		sess_info(s, "sent %s bytes  received %s bytes  %s bytes/sec\n",
		    sess_num(s, tw, a, sizeof a), sess_num(s, tr, b, sizeof b),
		    dnum(s, rate, o->human, 2, c, sizeof c));
		sess_info(s, "total size is %s  speedup is %s%s\n",
		    sess_num(s, s->st.total_size, a, sizeof a),
		    dnum(s, speedup, o->human != 0, 2, b, sizeof b),
		    o->dry_run ? " (DRY RUN)" : "");
	}
}

/* ---- the server (start_server) ---- */

static int
server_main(struct options *o, int local)
{
	static struct session s;

	sess_init(&s, o);
	sess_signals(&s);
	s.am_server = 1;
	s.local = local;
	s.am_sender = o->sender;
	s.who = o->sender ? "sender" : "receiver";
	if (s.whole_file < 0)
		s.whole_file = local;
	if (io_init(&the_io, 0, 1, NULL, NULL, NULL, timeout_ms(o, 1)) != 0)
		return RERR_IPC;
	mux_init(&the_mux, &the_io, sess_on_msg, &s);
	handshake_server(&s);
	timeout_armed(o);
	if (o->npaths < 1 || strcmp(o->paths[0], ".") != 0)
		sess_fatal(&s, RERR_SYNTAX, "main.c(1189)",
		    "ERROR: server called without \".\" before its paths\n");
	if (o->sender) {
		if (!local)
			recv_filter_list(&s);
		o->paths++;
		o->npaths--;
		flist_send(&s);
		if (s.fl.n == 0)
			sess_exit(&s, 0, "main.c(900)");
		do_sender(&s);
	} else {
		if (!local && s.delete_mode != DEL_NONE)
			recv_filter_list(&s);
		flist_recv(&s);
		do_receiver(&s, o->npaths > 1 ? o->paths[1] : ".");
	}
	sess_exit(&s, 0, "main.c(1000)");
}

int
run_server(struct options *o)
{
	signal(SIGPIPE, SIG_IGN);
	return server_main(o, 0);
}

/* ---- the client ---- */

/* The local copy's child: a server receiver on fds 0 and 1. */
static int
local_child_fn(int in, int out, void *arg)
{
	struct options *o = arg;
	static char *paths[2];

	(void)in;
	(void)out;
	paths[0] = ".";
	paths[1] = o->paths[o->npaths - 1];
	o->server = 1;
	o->sender = 0;
	o->paths = paths;
	o->npaths = 2;
	return server_main(o, 1);
}

/* What to run on the remote host (do_cmd): the -e words, user, host,
 * rsync path, server_options(), ".", the remote paths. */
static int
spawn_remote(struct session *s, const struct hostspec *hs, char **rpaths,
    int nrpaths, int push)
{
	struct options *o = s->o;
	static char abuf[256 * 1024], sbuf[16 * 1024];
	static char *slots[RSH_MAX_ARGS + 2], *sargv[200];
	static struct rsh_str server[200], paths[RSH_MAX_ARGS];
	struct rsh_argv a;
	struct rsh_cmd cmd;
	const char *shell = o->rsh;
	size_t nserver = 0;
	int rc;

	if (shell == NULL)
		shell = getenv("RSYNC_RSH");
	if (shell == NULL || *shell == 0)
		shell = "ssh";
	rc = opt_server_args(o, push, o->protocol ? o->protocol : 32, sargv,
	    sizeof sargv / sizeof sargv[0], sbuf, sizeof sbuf, &nserver);
	if (rc != 0) {
		fprintf(stderr, "rsync: cannot build the server command line\n");
		return RERR_SYNTAX;
	}
	for (size_t i = 0; i < nserver; i++) {
		server[i].s = sargv[i];
		server[i].len = strlen(sargv[i]);
	}
	for (int i = 0; i < nrpaths; i++) {
		paths[i].s = rpaths[i];
		paths[i].len = strlen(rpaths[i]);
	}
	memset(&cmd, 0, sizeof cmd);
	cmd.shell.s = shell;
	cmd.shell.len = strlen(shell);
	if (hs->has_user) {
		cmd.user.s = hs->user;
		cmd.user.len = hs->user_len;
	}
	cmd.host.s = hs->host;
	cmd.host.len = hs->host_len;
	if (o->rsync_path != NULL) {
		cmd.rsync_path.s = o->rsync_path;
		cmd.rsync_path.len = strlen(o->rsync_path);
	}
	cmd.server = server;
	cmd.nserver = nserver;
	cmd.paths = paths;
	cmd.npaths = (size_t)nrpaths;
	cmd.flags = push ? RSH_F_SENDER : 0;
	rsh_argv_init(&a, abuf, sizeof abuf, slots, sizeof slots / sizeof slots[0]);
	if ((rc = rsh_build(&a, &cmd)) != 0) {
		fprintf(stderr, "rsync: %s\n", rsh_strerror(rc));
		return rc == RSH_EHOST ? RERR_SYNTAX : RERR_SYNTAX;
	}
	if (child_spawn(&the_child, TOPO_SOCKETPAIR, a.argv,
	    push ? "sender" : "Receiver") != 0) {
		fprintf(stderr, "rsync: [%s] fork failed: %s (%d)\n",
		    push ? "sender" : "Receiver", strerror(errno), errno);
		return RERR_IPC;
	}
	s->child = &the_child;
	return 0;
}

/* After the handshake: the client's half of the protocol. */
static void
client_session(struct session *s, const char *dest)
{
	if (s->am_sender) {
		if (!s->local && s->delete_mode != DEL_NONE)
			wr_int(s, 0);	/* the (empty) filter list */
		/* start/finish_filelist_progress(): --progress counts */
		if (s->o->progress)
			sess_info(s, "building file list ... \n 0 files...");
		else if (s->o->verbose)
			sess_info(s, "building file list ... ");
		s->need_newline = s->o->verbose || s->o->progress;
		flist_send(s);
		if (s->o->progress)
			sess_info(s, "\r%d files to consider\n", (int)s->fl.n);
		else if (s->o->verbose)
			sess_info(s, "done\n");
		s->need_newline = 0;
		do_sender(s);
	} else {
		wr_int(s, 0);
		wr_flush(s);
		if (s->o->verbose || s->o->progress)
			sess_info(s, "receiving file list ... ");
		s->need_newline = s->o->verbose || s->o->progress;
		flist_recv(s);
		if (s->o->progress)
			sess_info(s, "%d files to consider\n", (int)s->fl.n);
		else if (s->o->verbose)
			sess_info(s, "done\n");
		s->need_newline = 0;
		if (s->fl.n > 0)
			do_receiver(s, dest);
	}
	summary(s);
	sess_exit(s, 0, s->am_sender ? "main.c(1394)" : "main.c(1956)");
}

int
run_client(struct options *o)
{
	static struct session s;
	static char *rpaths[RSH_MAX_ARGS];
	struct hostspec hs, hd;
	const char *dest;
	int nsrc = o->npaths - 1, nr = 0, rc, i;

	signal(SIGPIPE, SIG_IGN);
	if (o->npaths < 2) {
		fprintf(stderr, "vrsync: listing a source (one operand) is not"
		    " supported; give a destination\n");
		return RERR_SYNTAX;
	}
	dest = o->paths[o->npaths - 1];
	if (hostspec_parse(o->paths[0], strlen(o->paths[0]), &hs) != 0 ||
	    hostspec_parse(dest, strlen(dest), &hd) != 0) {
		fprintf(stderr, "rsync: bad host specification\n");
		return RERR_SYNTAX;
	}
	if (hs.kind == HS_DAEMON || hd.kind == HS_DAEMON) {
		fprintf(stderr, "vrsync: rsync daemon connections (host::module,"
		    " rsync://) are not supported\n");
		return RERR_UNSUPPORTED;
	}
	sess_init(&s, o);
	sess_signals(&s);
	s.eb = &the_eb;
	s.fw = &the_fw;
	errbuf_init(&the_eb);
	errfwd_init(&the_fw, 0);
	if (hs.kind == HS_RSH) {
		if (hd.kind != HS_LOCAL) {
			fprintf(stderr, "The source and destination cannot both"
			    " be remote.\n");
			return RERR_SYNTAX;
		}
		for (i = 0; i < nsrc; i++) {
			struct hostspec h;

			if (hostspec_parse(o->paths[i], strlen(o->paths[i]), &h) != 0)
				return RERR_SYNTAX;
			if (h.kind == HS_LOCAL && i > 0 && o->paths[i][0] == ':')
				h.path = o->paths[i] + 1, h.path_len = strlen(h.path);
			rpaths[nr] = strndup(h.path, h.path_len);
			if (rpaths[nr] == NULL)
				return RERR_MALLOC;
			nr++;
		}
		s.am_sender = 0;
		s.who = "Receiver";
		/* the implied include list: each path's last component */
		s.implied = calloc((size_t)nr + 1, sizeof *s.implied);
		if (s.implied == NULL)
			return RERR_MALLOC;
		for (i = 0; i < nr; i++) {
			const char *p = strrchr(rpaths[i], '/');

			p = p != NULL ? p + 1 : rpaths[i];
			s.implied[i] = strcmp(p, ".") == 0 ? "" : (char *)p;
		}
		s.nimplied = nr;
		if (o->contimeout) {
			fprintf(stderr, "The --contimeout option may only be used"
			    " when connecting to an rsync daemon.\n");
			return RERR_SYNTAX;
		}
		if ((rc = spawn_remote(&s, &hs, rpaths, nr, 0)) != 0)
			return rc;
	} else if (hd.kind == HS_RSH) {
		for (i = 0; i < nsrc; i++) {
			struct hostspec h;

			if (hostspec_parse(o->paths[i], strlen(o->paths[i]), &h) != 0 ||
			    h.kind != HS_LOCAL) {
				fprintf(stderr, "The source and destination cannot"
				    " both be remote.\n");
				return RERR_SYNTAX;
			}
		}
		rpaths[0] = strndup(hd.path, hd.path_len);
		if (rpaths[0] == NULL)
			return RERR_MALLOC;
		s.am_sender = 1;
		s.who = "sender";
		if (o->contimeout) {
			fprintf(stderr, "The --contimeout option may only be used"
			    " when connecting to an rsync daemon.\n");
			return RERR_SYNTAX;
		}
		if ((rc = spawn_remote(&s, &hd, rpaths, 1, 1)) != 0)
			return rc;
	} else {
		s.am_sender = 1;
		s.local = 1;
		s.who = "sender";
		if (s.whole_file < 0)
			s.whole_file = 1;
		fflush(stdout);
		if (child_fork(&the_child, TOPO_SOCKETPAIR, local_child_fn, o) != 0) {
			fprintf(stderr, "rsync: [sender] fork failed in"
			    " local_child: %s (%d)\n", strerror(errno), errno);
			return RERR_IPC;
		}
		s.child = &the_child;
	}
	if (s.whole_file < 0)
		s.whole_file = 0;
	if (io_init(&the_io, the_child.wire_rd, child_wire_wfd(&the_child),
	    &the_child, &the_eb, &the_fw, timeout_ms(o, 1)) != 0)
		sess_io_fatal(&s);
	mux_init(&the_mux, &the_io, sess_on_msg, &s);
	if (s.am_sender)
		o->npaths = nsrc;	/* the sources are what the list holds */
	handshake_client(&s);
	timeout_armed(o);
	client_session(&s, dest);
	return 0;
}
