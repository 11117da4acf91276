/*
 * rsh: the remote-shell argv builder (spec/05-remote-shell.md 5.2-5.4;
 * src/transport/rsh.c, compiled into this harness).
 *
 * Input: data[0] is the flags (RSH_F_*, the top bit set asks for an
 * invalid flag), data[1] picks the arena size (bytes: data[1] * 4;
 * slots: data[1] % 64 + 1, or a full RSH_MAX_ARGS + 8 when data[1] is
 * 255), data[2] bit 0: a user is given, bit 1: an --rsync-path is given,
 * bits 2-3: where the protect-args separator goes among the server args
 * (3: none); the rest is fields cut at each 0x01 byte: the -e string,
 * the user, the host, the rsync path, then server args and paths (the
 * first half server, the second half paths).
 *
 * Checked: a known return code; on an error the arena is empty (argc 0,
 * argv[0] NULL) and an RSH_EQUOTE left a quote character; on success
 * argv[argc] is NULL (and argv[argc + 1 + nprot] when there is a
 * separator), every entry is a NUL-terminated string inside the used
 * part of the arena, the words equal those of an independent reading of
 * the -e string (a character state machine written for this harness),
 * then come "-l" user, "-4"/"-6" (ssh only), host, rsync path in order;
 * each path, with its backslashes removed, gives back the path (after
 * "./" for a leading '-'), and every shell character in it is escaped.
 */
#include "fz.h"

#include "../../src/transport/rsh.c"

#define MAXF 64

static char arena[4 * 256];
static char *slots[RSH_MAX_ARGS + 8];
static char refw[4096];

/* The reference reading of the -e string: 0 ok, 1 open quote. */
static int
ref_split(const char *s, size_t n, size_t *nw, size_t *off, size_t *wl)
{
	enum { GAP, WORD, QUOTED } st = GAP;
	size_t i, o = 0;
	char q = 0;

	*nw = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (st == GAP) {
			if (c == ' ')
				continue;
			off[*nw] = o;
			wl[*nw] = 0;
			st = WORD;
		}
		if (st == WORD) {
			if (c == ' ') {
				(*nw)++;
				st = GAP;
				continue;
			}
			if (c == '\'' || c == '"') {
				q = c;
				st = QUOTED;
				continue;
			}
		} else if (c == q) {	/* QUOTED */
			if (i + 1 < n && s[i + 1] == q)
				i++;
			else {
				st = WORD;
				continue;
			}
		}
		if (o < sizeof(refw))
			refw[o++] = c;
		wl[*nw]++;
	}
	if (st == QUOTED)
		return 1;
	if (st == WORD)
		(*nw)++;
	return 0;
}

static int
is_shell(char c)
{
	return c && strchr("!#$&;|<>(){}\"'` \t\n\r\\", c) != NULL;
}

static void
check_path(const char *got, const char *p, size_t n, unsigned flags)
{
	int esc = !(flags & (RSH_F_PROTECT | RSH_F_OLD_ARGS));
	size_t i = 0, k = 0;

	if (n == 0) {
		FZ_CHECK(strcmp(got, ".") == 0);
		return;
	}
	if (p[0] == '-') {
		FZ_CHECK(got[0] == '.' && got[1] == '/');
		i = 2;
	}
	if (!esc) {
		FZ_CHECK(strlen(got + i) == n && memcmp(got + i, p, n) == 0);
		return;
	}
	if (p[0] == '~' && got[0] == '\\')
		i = 1;
	for (; got[i]; i++) {
		FZ_CHECK(k < n);
		if (got[i] == '\\') {
			/* an escape, or a backslash kept before a wildcard */
			if (p[k] == '\\' && (k + 1 < n) &&
			    strchr("*?[]", p[k + 1]) && got[i + 1] != '\\') {
				k++;
				continue;
			}
			i++;
			FZ_CHECK(got[i] == p[k] && is_shell(p[k]));
		} else
			FZ_CHECK(!is_shell(got[i]) && got[i] == p[k]);
		k++;
	}
	FZ_CHECK(k == n);
}

static void
check_str(const struct rsh_argv *a, const char *w)
{
	FZ_CHECK(w >= a->buf && w < a->buf + a->used);
	FZ_CHECK(memchr(w, '\0', (size_t)(a->buf + a->used - w)) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rsh_str f[MAXF], srv[MAXF], paths[MAXF];
	size_t nf = 0, i, start, nsrv = 0, npaths = 0, nargs, sep, at;
	size_t nw, off[512], wl[512], rw;
	struct rsh_argv a;
	struct rsh_cmd c;
	uint8_t *buf;
	size_t len;
	int r, rq;

	if (size < 3)
		return 0;
	len = size - 3;
	buf = fz_dup(data + 3, len);
	for (start = 0, i = 0; i <= len && nf < MAXF; i++)
		if (i == len || buf[i] == 0x01) {
			f[nf].s = (const char *)buf + start;
			f[nf].len = i - start;
			nf++;
			start = i + 1;
		}
	memset(&c, 0, sizeof(c));
	c.flags = data[0] & 0x80 ? 0x100u | data[0] : data[0];
	c.shell = f[0];
	if (nf > 1 && (data[2] & 1))
		c.user = f[1];
	c.host = nf > 2 ? f[2] : (struct rsh_str){ "h", 1 };
	if (nf > 3 && (data[2] & 2))
		c.rsync_path = f[3];
	nargs = nf > 4 ? nf - 4 : 0;
	sep = (data[2] >> 2) & 3;
	for (i = 0; i < nargs; i++) {
		if (i < nargs / 2) {
			if (nsrv == sep)
				srv[nsrv++] = (struct rsh_str){ NULL, 0 };
			srv[nsrv++] = f[4 + i];
		} else
			paths[npaths++] = f[4 + i];
	}
	c.server = srv;
	c.nserver = nsrv;
	c.paths = paths;
	c.npaths = npaths;
	rsh_argv_init(&a, arena, data[1] == 255 ? sizeof(arena) : (size_t)data[1] * 4 + 1,
	    slots, data[1] == 255 ? RSH_MAX_ARGS + 8 : (size_t)data[1] % 64 + 1);
	r = rsh_build(&a, &c);
	FZ_CHECK(r <= 0 && r >= RSH_EINVAL);
	FZ_CHECK(rsh_strerror(r) != NULL);
	if (r != RSH_OK) {
		FZ_CHECK(a.argc == 0 && a.nprot == 0 && a.argv[0] == NULL);
		if (r == RSH_EQUOTE)
			FZ_CHECK(a.quote == '\'' || a.quote == '"');
		goto out;
	}
	FZ_CHECK(a.used <= a.cap && a.argv[a.argc] == NULL);
	FZ_CHECK(a.argc + a.nprot + 1 < RSH_MAX_ARGS + 1);
	for (i = 0; i < a.argc; i++)
		check_str(&a, a.argv[i]);
	if (a.nprot) {
		FZ_CHECK(a.argv[a.argc + 1 + a.nprot] == NULL);
		for (i = 0; i < a.nprot; i++)
			check_str(&a, a.argv[a.argc + 1 + i]);
	}
	/* The words, against the reference reading. */
	rq = ref_split(c.shell.s, c.shell.len, &nw, off, wl);
	FZ_CHECK(rq == 0 && nw == a.nwords);
	rw = 0;
	for (i = 0; i < nw; i++) {
		FZ_CHECK(strlen(a.argv[i]) == wl[i]);
		if (off[i] + wl[i] <= sizeof(refw))
			FZ_CHECK(memcmp(a.argv[i], refw + off[i], wl[i]) == 0);
		rw += wl[i];
	}
	at = nw;
	if (c.user.s && !((c.flags & RSH_F_DAEMON) && a.dash_l)) {
		FZ_CHECK(strcmp(a.argv[at], "-l") == 0);
		FZ_CHECK(strlen(a.argv[at + 1]) == c.user.len &&
		    memcmp(a.argv[at + 1], c.user.s, c.user.len) == 0);
		at += 2;
	}
	if (a.is_ssh && (c.flags & (RSH_F_IPV4 | RSH_F_IPV6)))
		FZ_CHECK(strcmp(a.argv[at++], c.flags & RSH_F_IPV4 ? "-4" : "-6") == 0);
	FZ_CHECK(strlen(a.argv[at]) == c.host.len &&
	    memcmp(a.argv[at], c.host.s, c.host.len) == 0);
	at++;
	if (c.rsync_path.s)
		FZ_CHECK(strlen(a.argv[at]) == c.rsync_path.len &&
		    memcmp(a.argv[at], c.rsync_path.s, c.rsync_path.len) == 0);
	else
		FZ_CHECK(strcmp(a.argv[at], "rsync") == 0);
	at++;
	if (c.flags & RSH_F_DAEMON) {
		FZ_CHECK(a.argc == at + 3 && strcmp(a.argv[at + 2], ".") == 0);
		goto out;
	}
	/* Paths: the last npaths entries of whichever list they went to. */
	{
		char **pl = a.nprot ? a.argv + a.argc + 1 : a.argv;
		size_t pn = a.nprot ? a.nprot : a.argc;

		FZ_CHECK(pn >= npaths + 1);
		FZ_CHECK(strcmp(pl[pn - npaths - 1], ".") == 0);
		for (i = 0; i < npaths; i++)
			check_path(pl[pn - npaths + i], paths[i].s, paths[i].len,
			    c.flags);
	}
out:
	(void)rw;
	fz_free(buf, len);
	return 0;
}
