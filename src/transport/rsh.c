/*
 * rsh.c: the remote-shell argv of upstream's main.c:do_cmd() and the
 * file-name escaping of options.c:safe_arg() (spec/05-remote-shell.md
 * 5.2-5.4).  Pure functions over caller-provided memory; see rsh.h.
 */
#include "transport/rsh.h"

const char *
rsh_strerror(int err)
{
	switch (err) {
	case RSH_OK:
		return "success";
	case RSH_EQUOTE:
		return "missing trailing quote in remote-shell command";
	case RSH_E2BIG:
		return "too many arguments for the remote-shell command";
	case RSH_ENOSPC:
		return "remote-shell command does not fit the buffer";
	case RSH_EHOST:
		return "Invalid remote host: hostnames may not start with '-'";
	case RSH_EINVAL:
		return "invalid argument (NUL byte or bad call)";
	default:
		return "unknown remote-shell error";
	}
}

/*@ requires \valid(a) && \valid(a->argv + (0 .. nslots - 1));
    requires a->argv == slots && nslots > 0;
    assigns a->argc, a->nprot, a->used, a->nwords, a->dash_l, a->is_ssh,
	a->blocking_io, a->quote, a->argv[0];
    ensures a->argc == 0 && a->nprot == 0 && a->used == 0 && a->nwords == 0;
    ensures a->argv[0] == \null;
 */
static void
reset(struct rsh_argv *a, char **slots, size_t nslots)
{
	(void)slots;
	(void)nslots;
	a->argc = 0;
	a->nprot = 0;
	a->used = 0;
	a->nwords = 0;
	a->dash_l = 0;
	a->is_ssh = 0;
	a->blocking_io = 0;
	a->quote = 0;
	a->argv[0] = (char *)0;
}

/*@ requires \valid(a);
    requires nslots > 0 ==> \valid(slots + (0 .. nslots - 1));
    requires \separated(a, slots + (0 .. nslots - 1));
    assigns *a, slots[0];
    ensures a->buf == buf && a->cap == cap && a->argv == slots &&
	a->slots == nslots;
    ensures a->argc == 0 && a->nprot == 0 && a->used == 0;
    ensures nslots > 0 ==> slots[0] == \null;
 */
void
rsh_argv_init(struct rsh_argv *a, char *buf, size_t cap, char **slots,
    size_t nslots)
{
	a->buf = buf;
	a->cap = cap;
	a->argv = slots;
	a->slots = nslots;
	a->argc = 0;
	a->nprot = 0;
	a->used = 0;
	a->nwords = 0;
	a->dash_l = 0;
	a->is_ssh = 0;
	a->blocking_io = 0;
	a->quote = 0;
	if (nslots > 0)
		slots[0] = (char *)0;
}

/*
 * A word of the -e string: cmd[i] is its first byte (not a space).
 * Copies its bytes, quotes resolved, to buf[*used ..], with no NUL, and
 * returns the index just past it, or RSH_EQUOTE with *quote set, or
 * RSH_ENOSPC.
 */
/*@ requires \valid_read(cmd + (0 .. len - 1));
    requires \valid(buf + (0 .. cap - 1));
    requires \valid(used) && \valid(quote) && \valid(end);
    requires \separated(used, quote, end, buf + (0 .. cap - 1));
    requires \separated(buf + (0 .. cap - 1), cmd + (0 .. len - 1));
    requires i < len && *used <= cap;
    assigns *used, *quote, *end, buf[*used .. cap - 1];
    ensures \result == RSH_OK || \result == RSH_EQUOTE || \result == RSH_ENOSPC;
    ensures \old(*used) <= *used <= cap;
    ensures \result == RSH_OK ==> i < *end <= len;
    ensures \result == RSH_OK ==> *used - \old(*used) <= *end - i;
 */
static int
one_word(const char *cmd, size_t len, size_t i, char *buf, size_t cap,
    size_t *used, int *quote, size_t *end)
{
	char q = 0, c;
	size_t u = *used;

	/*@ loop invariant \at(i, Pre) <= i <= len;
	    loop invariant \at(*used, Pre) <= u <= cap;
	    loop invariant u - \at(*used, Pre) <= i - \at(i, Pre);
	    loop invariant q == 0 || q == '\'' || q == '"';
	    loop assigns i, u, q, c, buf[\at(*used, Pre) .. cap - 1];
	    loop variant len - i;
	 */
	while (i < len && (cmd[i] != ' ' || q != 0)) {
		c = cmd[i];
		if (c == '\'' || c == '"') {
			if (q == 0) {
				q = c;
				i++;
				continue;
			}
			if (c == q) {
				if (i + 1 < len && cmd[i + 1] == q)
					i++;	/* doubled: one literal quote */
				else {
					q = 0;
					i++;
					continue;
				}
			}
		}
		if (u >= cap)
			return RSH_ENOSPC;
		buf[u++] = c;
		i++;
	}
	if (q != 0) {
		*quote = q;
		return RSH_EQUOTE;
	}
	*used = u;
	*end = i;
	return RSH_OK;
}

/* Is buf[s .. e) exactly the n bytes of lit? */
/*@ requires \valid_read(buf + (s .. e - 1)) && \valid_read(lit + (0 .. n - 1));
    requires s <= e;
    assigns \nothing;
 */
static int
word_is(const char *buf, size_t s, size_t e, const char *lit, size_t n)
{
	size_t k;

	if (e - s != n)
		return 0;
	/*@ loop invariant 0 <= k <= n;
	    loop assigns k;
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++)
		if (buf[s + k] != lit[k])
			return 0;
	return 1;
}

/*@ requires rsh_arena(a) && rsh_state(a);
    requires a->nwords <= RSH_MAX_CMD_WORDS;
    requires len > 0 ==> \valid_read(cmd + (0 .. len - 1));
    requires \separated(cmd + (0 .. len - 1), a,
	a->buf + (0 .. a->cap - 1), a->argv + (0 .. a->slots - 1));
    assigns a->used, a->argc, a->nwords, a->dash_l, a->is_ssh,
	a->blocking_io, a->quote, a->buf[0 .. a->cap - 1],
	a->argv[0 .. a->slots - 1];
    ensures \result == RSH_OK || \result == RSH_EQUOTE ||
	\result == RSH_E2BIG || \result == RSH_ENOSPC || \result == RSH_EINVAL;
    ensures a->used <= a->cap;
    ensures \result == RSH_OK ==> rsh_state(a) && a->nwords <= RSH_MAX_CMD_WORDS;
 */
int
rsh_split(struct rsh_argv *a, const char *cmd, size_t len)
{
	size_t i = 0, k, start, end = 0, first_base = 0, prev_s = 0, prev_e = 0;
	int r, prev_l = 0;

	if (a->nprot != 0)
		return RSH_EINVAL;
	/*@ loop invariant 0 <= k <= len;
	    loop assigns k;
	    loop variant len - k;
	 */
	for (k = 0; k < len; k++)
		if (cmd[k] == '\0')
			return RSH_EINVAL;
	/*@ loop invariant 0 <= i <= len;
	    loop invariant a->used <= a->cap;
	    loop invariant a->argc < a->slots && a->argv[a->argc] == \null;
	    loop invariant a->nwords <= RSH_MAX_CMD_WORDS;
	    loop invariant prev_s <= prev_e <= a->used;
	    loop invariant first_base <= a->used;
	    loop assigns i, k, r, start, end, prev_s, prev_e, prev_l, first_base,
		a->used, a->argc, a->nwords, a->dash_l, a->is_ssh,
		a->blocking_io, a->quote, a->buf[0 .. a->cap - 1],
		a->argv[0 .. a->slots - 1];
	    loop variant len - i;
	 */
	while (i < len) {
		if (cmd[i] == ' ') {
			i++;
			continue;
		}
		if (a->nwords >= RSH_MAX_CMD_WORDS ||
		    a->argc + 1 >= RSH_MAX_ARGS)
			return RSH_E2BIG;
		if (a->argc + 1 >= a->slots)
			return RSH_ENOSPC;
		start = a->used;
		r = one_word(cmd, len, i, a->buf, a->cap, &a->used, &a->quote,
		    &end);
		if (r != RSH_OK)
			return r;
		if (a->used >= a->cap)
			return RSH_ENOSPC;
		if (a->nwords == 0) {
			/* The basename upstream compares with "ssh". */
			first_base = start;
			/*@ loop invariant start <= k <= a->used;
			    loop invariant start <= first_base <= a->used;
			    loop assigns k, first_base;
			    loop variant a->used - k;
			 */
			for (k = start; k < a->used; k++)
				if (a->buf[k] == '/')
					first_base = k + 1;
			a->is_ssh = word_is(a->buf, first_base, a->used, "ssh", 3);
			a->blocking_io =
			    word_is(a->buf, first_base, a->used, "rsh", 3) ||
			    word_is(a->buf, first_base, a->used, "remsh", 5);
		}
		/* "-l X" with X not starting with '-' (X may be empty). */
		if (prev_l && (a->used == start || a->buf[start] != '-'))
			a->dash_l = 1;
		prev_s = start;
		prev_e = a->used;
		prev_l = word_is(a->buf, prev_s, prev_e, "-l", 2);
		a->buf[a->used++] = '\0';
		a->argv[a->argc++] = a->buf + start;
		a->argv[a->argc] = (char *)0;
		a->nwords++;
		i = end;
	}
	return RSH_OK;
}

/*@ requires \valid_read(s + (0 .. len - 1));
    assigns \nothing;
 */
static int
has_byte(const char *s, size_t len, char c)
{
	size_t k;

	/*@ loop invariant 0 <= k <= len;
	    loop assigns k;
	    loop variant len - k;
	 */
	for (k = 0; k < len; k++)
		if (s[k] == c)
			return 1;
	return 0;
}

/*@ requires \valid_read(s + (0 .. len - 1));
    assigns \nothing;
 */
static int
has_dot_dir(const char *s, size_t len)
{
	size_t k;

	if (len < 3)
		return 0;
	/*@ loop invariant 0 <= k <= len - 2;
	    loop assigns k;
	    loop variant len - 2 - k;
	 */
	for (k = 0; k + 2 < len; k++)
		if (s[k] == '/' && s[k + 1] == '.' && s[k + 2] == '/')
			return 1;
	return 0;
}

/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
shell_char(char c)
{
	switch (c) {
	case '!': case '#': case '$': case '&': case ';': case '|':
	case '<': case '>': case '(': case ')': case '{': case '}':
	case '"': case '\'': case '`': case ' ': case '\t': case '\n':
	case '\r': case '\\':
		return 1;
	default:
		return 0;
	}
}

/*@ assigns \nothing; */
static int
wild_char(char c)
{
	return c == '*' || c == '?' || c == '[' || c == ']';
}

/*@ requires len > 0 ==> \valid_read(arg + (0 .. len - 1));
    requires \valid(olen);
    requires cap > 0 ==> \valid(out + (0 .. cap - 1));
    requires \separated(olen, out + (0 .. cap - 1));
    requires \separated(arg + (0 .. len - 1), out + (0 .. cap - 1));
    requires len <= 0x3FFFFFFFFFFFFFFF;
    assigns *olen, out[0 .. cap - 1];
    ensures \result == RSH_OK || \result == RSH_ENOSPC || \result == RSH_EINVAL;
    ensures \result == RSH_OK ==> len <= *olen < cap && *olen <= 2 * len + 2;
    ensures \result != RSH_OK ==> *olen == \old(*olen);
 */
int
rsh_escape(const char *arg, size_t len, unsigned flags, char *out,
    size_t cap, size_t *olen)
{
	size_t k, o = 0;
	int esc = (flags & (RSH_F_PROTECT | RSH_F_OLD_ARGS)) == 0;
	char c;

	/*@ loop invariant 0 <= k <= len;
	    loop assigns k;
	    loop variant len - k;
	 */
	for (k = 0; k < len; k++)
		if (arg[k] == '\0')
			return RSH_EINVAL;
	if (len > 0 && arg[0] == '-') {
		if (cap - o < 3)
			return RSH_ENOSPC;
		out[o++] = '.';
		out[o++] = '/';
	} else if (esc && len > 0 && arg[0] == '~' &&
	    (flags & (RSH_F_SENDER | RSH_F_TRUST)) == 0 &&
	    (((flags & RSH_F_RELATIVE) && !has_dot_dir(arg, len)) ||
	     !has_byte(arg, len, '/'))) {
		if (cap - o < 3)
			return RSH_ENOSPC;
		out[o++] = '\\';
	}
	/*@ loop invariant 0 <= k <= len;
	    loop invariant o <= 2 + 2 * k && o <= cap;
	    loop invariant o >= k;
	    loop assigns k, o, c, out[0 .. cap - 1];
	    loop variant len - k;
	 */
	for (k = 0; k < len; k++) {
		c = arg[k];
		if (esc && shell_char(c) &&
		    !(c == '\\' && k + 1 < len && wild_char(arg[k + 1]))) {
			if (cap - o < 2)
				return RSH_ENOSPC;
			out[o++] = '\\';
		}
		if (cap - o < 2)
			return RSH_ENOSPC;
		out[o++] = c;
	}
	if (cap - o < 1)
		return RSH_ENOSPC;
	out[o] = '\0';
	*olen = o;
	return RSH_OK;
}

/*
 * Appends one string (len bytes of s, or s already in the arena when
 * copy is 0 and the bytes sit at buf[used .. used + len)), as the next
 * shell argument, or after the separator when a->nprot counts.
 */
/*@ requires rsh_arena(a);
    requires a->used <= a->cap && a->argc < a->slots;
    requires len > 0 ==> \valid_read(s + (0 .. len - 1));
    requires \separated(s + (0 .. len - 1), a,
	a->buf + (0 .. a->cap - 1), a->argv + (0 .. a->slots - 1));
    assigns a->used, a->argc, a->nprot, a->buf[0 .. a->cap - 1],
	a->argv[0 .. a->slots - 1];
    ensures \result == RSH_OK || \result == RSH_E2BIG || \result == RSH_ENOSPC ||
	\result == RSH_EINVAL;
    ensures a->used <= a->cap;
    ensures \result == RSH_OK ==> a->argc + prot + a->nprot < a->slots;
 */
static int
push(struct rsh_argv *a, const char *s, size_t len, int prot)
{
	size_t k, at, idx;

	if (a->argc + a->nprot + (size_t)prot + 1 >= RSH_MAX_ARGS)
		return RSH_E2BIG;
	if (a->argc + a->nprot + (size_t)prot + 1 >= a->slots)
		return RSH_ENOSPC;
	if (a->cap - a->used <= len)
		return RSH_ENOSPC;
	at = a->used;
	/*@ loop invariant 0 <= k <= len;
	    loop assigns k, a->buf[at .. at + len - 1];
	    loop variant len - k;
	 */
	for (k = 0; k < len; k++) {
		if (s[k] == '\0')
			return RSH_EINVAL;
		a->buf[at + k] = s[k];
	}
	a->buf[at + len] = '\0';
	a->used = at + len + 1;
	if (prot) {
		idx = a->argc + 1 + a->nprot;
		a->argv[idx] = a->buf + at;
		a->nprot++;
	} else {
		idx = a->argc;
		a->argv[idx] = a->buf + at;
		a->argc++;
	}
	a->argv[idx + 1] = (char *)0;
	return RSH_OK;
}

/* A remote path, escaped straight into the arena. */
/*@ requires rsh_arena(a);
    requires a->used <= a->cap && a->argc < a->slots;
    requires len > 0 ==> \valid_read(s + (0 .. len - 1));
    requires len <= 0x3FFFFFFFFFFFFFFF;
    requires \separated(s + (0 .. len - 1), a,
	a->buf + (0 .. a->cap - 1), a->argv + (0 .. a->slots - 1));
    assigns a->used, a->argc, a->nprot, a->buf[0 .. a->cap - 1],
	a->argv[0 .. a->slots - 1];
    ensures \result == RSH_OK || \result == RSH_E2BIG || \result == RSH_ENOSPC ||
	\result == RSH_EINVAL;
    ensures a->used <= a->cap;
 */
static int
push_path(struct rsh_argv *a, const char *s, size_t len, unsigned flags,
    int prot)
{
	size_t at, idx, olen = 0;
	int r;

	if (len == 0)	/* upstream's start_client(): "" becomes "." */
		return push(a, ".", 1, prot);
	if (a->argc + a->nprot + (size_t)prot + 1 >= RSH_MAX_ARGS)
		return RSH_E2BIG;
	if (a->argc + a->nprot + (size_t)prot + 1 >= a->slots)
		return RSH_ENOSPC;
	at = a->used;
	if (at >= a->cap)
		return RSH_ENOSPC;
	r = rsh_escape(s, len, flags, a->buf + at, a->cap - at, &olen);
	if (r != RSH_OK)
		return r;
	a->used = at + olen + 1;
	if (prot) {
		idx = a->argc + 1 + a->nprot;
		a->argv[idx] = a->buf + at;
		a->nprot++;
	} else {
		idx = a->argc;
		a->argv[idx] = a->buf + at;
		a->argc++;
	}
	a->argv[idx + 1] = (char *)0;
	return RSH_OK;
}

/*@ requires rsh_arena(a) && rsh_state(a) && a->nprot == 0;
    requires \valid_read(c);
    requires c->shell.len > 0 ==> \valid_read(c->shell.s + (0 .. c->shell.len - 1));
    requires c->user.s != \null && c->user.len > 0 ==>
	\valid_read(c->user.s + (0 .. c->user.len - 1));
    requires c->host.len > 0 ==> \valid_read(c->host.s + (0 .. c->host.len - 1));
    requires c->rsync_path.s != \null && c->rsync_path.len > 0 ==>
	\valid_read(c->rsync_path.s + (0 .. c->rsync_path.len - 1));
    requires \valid_read(c->server + (0 .. c->nserver - 1));
    requires \valid_read(c->paths + (0 .. c->npaths - 1));
    requires \forall integer j; 0 <= j < c->nserver ==>
	(c->server[j].s != \null && c->server[j].len > 0 ==>
	 \valid_read(c->server[j].s + (0 .. c->server[j].len - 1)));
    requires \forall integer j; 0 <= j < c->npaths ==>
	(c->paths[j].len > 0 ==>
	 \valid_read(c->paths[j].s + (0 .. c->paths[j].len - 1))) &&
	c->paths[j].len <= 0x3FFFFFFFFFFFFFFF;
    requires \separated(a->buf + (0 .. a->cap - 1),
	c, c->server + (0 .. c->nserver - 1), c->paths + (0 .. c->npaths - 1));
    assigns *a, a->buf[0 .. a->cap - 1], a->argv[0 .. a->slots - 1];
    ensures a->used <= a->cap;
    ensures \result == RSH_OK || \result == RSH_EQUOTE || \result == RSH_E2BIG ||
	\result == RSH_ENOSPC || \result == RSH_EHOST || \result == RSH_EINVAL;
    ensures \result != RSH_OK ==> a->argc == 0 && a->nprot == 0 &&
	a->argv[0] == \null;
 */
int
rsh_build(struct rsh_argv *a, const struct rsh_cmd *c)
{
	char **slots = a->argv;
	size_t nslots = a->slots, j;
	int r, prot = 0, quote;

	reset(a, slots, nslots);
	if ((c->flags & ~RSH_F_ALL) != 0 || c->host.s == (const char *)0 ||
	    (c->shell.s == (const char *)0 && c->shell.len != 0) ||
	    ((c->flags & RSH_F_IPV4) && (c->flags & RSH_F_IPV6))) {
		r = RSH_EINVAL;
		goto fail;
	}
	if (c->host.len > 0 && c->host.s[0] == '-') {
		r = RSH_EHOST;
		goto fail;
	}
	r = c->shell.len > 0 ? rsh_split(a, c->shell.s, c->shell.len) : RSH_OK;
	if (r != RSH_OK)
		goto fail;
	if (c->user.s != (const char *)0 &&
	    !((c->flags & RSH_F_DAEMON) && a->dash_l)) {
		if ((r = push(a, "-l", 2, 0)) != RSH_OK ||
		    (r = push(a, c->user.s, c->user.len, 0)) != RSH_OK)
			goto fail;
	}
	if (a->is_ssh && (c->flags & RSH_F_IPV4) &&
	    (r = push(a, "-4", 2, 0)) != RSH_OK)
		goto fail;
	if (a->is_ssh && (c->flags & RSH_F_IPV6) &&
	    (r = push(a, "-6", 2, 0)) != RSH_OK)
		goto fail;
	if ((r = push(a, c->host.s, c->host.len, 0)) != RSH_OK)
		goto fail;
	if (c->rsync_path.s != (const char *)0)
		r = push(a, c->rsync_path.s, c->rsync_path.len, 0);
	else
		r = push(a, "rsync", 5, 0);
	if (r != RSH_OK)
		goto fail;
	if (c->flags & RSH_F_DAEMON) {
		if ((r = push(a, "--server", 8, 0)) != RSH_OK ||
		    (r = push(a, "--daemon", 8, 0)) != RSH_OK ||
		    (r = push(a, ".", 1, 0)) != RSH_OK)
			goto fail;
		return RSH_OK;
	}
	/*@ loop invariant 0 <= j <= c->nserver;
	    loop invariant prot == 0 || prot == 1;
	    loop invariant a->used <= a->cap && a->argc < a->slots;
	    loop invariant prot == 0 ==> a->nprot == 0;
	    loop assigns j, r, prot, a->used, a->argc, a->nprot,
		a->buf[0 .. a->cap - 1], a->argv[0 .. a->slots - 1];
	    loop variant c->nserver - j;
	 */
	for (j = 0; j < c->nserver; j++) {
		if (c->server[j].s == (const char *)0) {
			/* upstream's NULL in args[]: the shell stops here */
			if (prot || a->argc + 2 >= a->slots) {
				r = prot ? RSH_EINVAL : RSH_ENOSPC;
				goto fail;
			}
			a->argv[a->argc + 1] = (char *)0;
			prot = 1;
			continue;
		}
		if ((r = push(a, c->server[j].s, c->server[j].len, prot)) !=
		    RSH_OK)
			goto fail;
	}
	if ((r = push(a, ".", 1, prot)) != RSH_OK)
		goto fail;
	/*@ loop invariant 0 <= j <= c->npaths;
	    loop invariant a->used <= a->cap && a->argc < a->slots;
	    loop assigns j, r, a->used, a->argc, a->nprot,
		a->buf[0 .. a->cap - 1], a->argv[0 .. a->slots - 1];
	    loop variant c->npaths - j;
	 */
	for (j = 0; j < c->npaths; j++)
		if ((r = push_path(a, c->paths[j].s, c->paths[j].len,
		    c->flags, prot)) != RSH_OK)
			goto fail;
	return RSH_OK;
fail:
	quote = a->quote;
	reset(a, slots, nslots);
	a->quote = quote;
	return r;
}
