/*
 * test_rsh.c: the remote-shell argv (src/transport/rsh.c,
 * spec/05-remote-shell.md 5.2-5.4) against what upstream rsync 3.5.0
 * really exec'd.
 *
 * How the expected argvs were captured: -e names a script that writes
 * its whole argv (argv[0] included) as C string literals to a file and
 * exits 1, e.g.
 *	#!/usr/bin/python3
 *	import sys; open('out.txt', 'a').write(repr(sys.argv) + '\n'); sys.exit(1)
 * and upstream is run once per case, from Python's subprocess (so the
 * -e string and the locations reach rsync byte for byte), e.g.
 *	rsync -e "./pa.py -p 'a b'" u@h:src/f dst/
 * A pull (remote source) gives "--server --sender -e.LsfxCIvu"; a push
 * "--server -e.LsfxCIvu"; -n adds 'n' to the flag word.  Each case says
 * which command line it came from ("pull" = rsync -e SHELL LOC dst/,
 * "push" = rsync -e SHELL src/f LOC).  -4/-6 cases used a symlink named
 * ssh (and rsh) to the script.  "upstream:" marks a fact read in
 * main.c:do_cmd() or options.c:safe_arg() rather than captured.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "transport/rsh.h"

#define S(x)	{ (x), sizeof(x) - 1 }
#define NOSTR	{ NULL, 0 }

static const struct rsh_str pull_srv[] = {
	S("--server"), S("--sender"), S("-e.LsfxCIvu")
};
static const struct rsh_str push_srv[] = {
	S("--server"), S("-e.LsfxCIvu")
};

static char arena[1 << 16];
static char *slots[RSH_MAX_ARGS + 8];

struct tcase {
	const char	*what;		/* where it came from */
	const char	*shell;
	const char	*user;		/* NULL: none */
	const char	*host;
	const char	*rpath;		/* NULL: default */
	int		 push;
	unsigned	 flags;
	const char	*paths[4];
	const char	*want[24];	/* NULL-terminated */
};

#define PULL(...) "--server", "--sender", "-e.LsfxCIvu", ".", __VA_ARGS__, NULL
#define PUSH(...) "--server", "-e.LsfxCIvu", ".", __VA_ARGS__, NULL

static const struct tcase cases[] = {
	{ "pull -e ./pa.py h:foo", "./pa.py", NULL, "h", NULL, 0, 0, { "foo" },
	  { "./pa.py", "h", "rsync", PULL("foo") } },
	{ "push -e ./pa.py host:dst/", "./pa.py", NULL, "host", NULL, 1, 0,
	  { "dst/" }, { "./pa.py", "host", "rsync", PUSH("dst/") } },
	{ "pull -e './pa.py -p 22' u@host:src/f", "./pa.py -p 22", "u", "host",
	  NULL, 0, 0, { "src/f" },
	  { "./pa.py", "-p", "22", "-l", "u", "host", "rsync", PULL("src/f") } },
	/* -l user is added for any shell, even when -e already has -l. */
	{ "pull -e './pa.py -l x' u@host:src/f", "./pa.py -l x", "u", "host",
	  NULL, 0, 0, { "src/f" },
	  { "./pa.py", "-l", "x", "-l", "u", "host", "rsync", PULL("src/f") } },
	{ "pull -e \"'./pa.py' -l bob\" u@h:foo", "'./pa.py' -l bob", "u", "h",
	  NULL, 0, 0, { "foo" },
	  { "./pa.py", "-l", "bob", "-l", "u", "h", "rsync", PULL("foo") } },
	{ "pull -e ./pa.py @h:foo (empty user)", "./pa.py", "", "h", NULL, 0, 0,
	  { "foo" }, { "./pa.py", "-l", "", "h", "rsync", PULL("foo") } },
	{ "pull -e ./pa.py u@:foo (empty host)", "./pa.py", "u", "", NULL, 0, 0,
	  { "foo" }, { "./pa.py", "-l", "u", "", "rsync", PULL("foo") } },
	{ "pull -e ./pa.py :foo", "./pa.py", NULL, "", NULL, 0, 0, { "foo" },
	  { "./pa.py", "", "rsync", PULL("foo") } },
	{ "pull -e ./pa.py '[::1]:foo'", "./pa.py", NULL, "::1", NULL, 0, 0,
	  { "foo" }, { "./pa.py", "::1", "rsync", PULL("foo") } },
	/* quoting */
	{ "pull -e './pa.py \"a b\" '\\''c d'\\'' e\"f g\"h' h:foo",
	  "./pa.py \"a b\" 'c d' e\"f g\"h", NULL, "h", NULL, 0, 0, { "foo" },
	  { "./pa.py", "a b", "c d", "ef gh", "h", "rsync", PULL("foo") } },
	{ "pull doubled quotes, other quote literal, empty words",
	  "./pa.py 'it''s' \"q\"\"q\" 'x\"y' \"x'y\" ''  \"\" a''b", NULL, "h",
	  NULL, 0, 0, { "foo" },
	  { "./pa.py", "it's", "q\"q", "x\"y", "x'y", "", "", "ab", "h",
	    "rsync", PULL("foo") } },
	{ "pull backslash is literal", "./pa.py a\\ b c\\\\d 'g\\'", NULL, "h",
	  NULL, 0, 0, { "foo" },
	  { "./pa.py", "a\\", "b", "c\\\\d", "g\\", "h", "rsync",
	    PULL("foo") } },
	{ "pull extra spaces", "./pa.py   x  y  ", NULL, "h", NULL, 0, 0,
	  { "foo" }, { "./pa.py", "x", "y", "h", "rsync", PULL("foo") } },
	{ "pull leading spaces", "  ./pa.py", NULL, "h", NULL, 0, 0, { "foo" },
	  { "./pa.py", "h", "rsync", PULL("foo") } },
	{ "pull TAB and LF do not separate", "./pa.py a\tb x\ny", NULL, "h",
	  NULL, 0, 0, { "foo" },
	  { "./pa.py", "a\tb", "x\ny", "h", "rsync", PULL("foo") } },
	{ "pull 'a'b'c'", "./pa.py 'a'b'c'", NULL, "h", NULL, 0, 0, { "foo" },
	  { "./pa.py", "abc", "h", "rsync", PULL("foo") } },
	{ "pull ''''", "./pa.py ''''", NULL, "h", NULL, 0, 0, { "foo" },
	  { "./pa.py", "'", "h", "rsync", PULL("foo") } },
	{ "pull \"'\" '\"' \"a\"\"\" 'a '' b'",
	  "./pa.py \"'\" '\"' \"a\"\"\" 'a '' b'", NULL, "h", NULL, 0, 0,
	  { "foo" }, { "./pa.py", "'", "\"", "a\"", "a ' b", "h", "rsync",
	  PULL("foo") } },
	{ "pull man page ProxyCommand example",
	  "./pa.py -o 'ProxyCommand nohup ssh fw nc -w1 %h %p'", NULL, "h",
	  NULL, 0, 0, { "foo" },
	  { "./pa.py", "-o", "ProxyCommand nohup ssh fw nc -w1 %h %p", "h",
	    "rsync", PULL("foo") } },
	{ "pull RSYNC_RSH=\"./pa.py -p 'a b'\" (caller passes the value)",
	  "./pa.py -p 'a b'", NULL, "h", NULL, 0, 0, { "foo" },
	  { "./pa.py", "-p", "a b", "h", "rsync", PULL("foo") } },
	/* -e '' and -e '   ': no words, upstream execs the host. */
	{ "pull -e ''", "", NULL, "h", NULL, 0, 0, { "foo" },
	  { "h", "rsync", PULL("foo") } },
	{ "pull -e '   '", "   ", NULL, "h", NULL, 0, 0, { "foo" },
	  { "h", "rsync", PULL("foo") } },
	{ "pull -e - (no special meaning: exec \"-\")", "-", NULL, "h", NULL, 0,
	  0, { "foo" }, { "-", "h", "rsync", PULL("foo") } },
	/* --rsync-path: one word, spaces and all */
	{ "pull --rsync-path 'sudo rsync'", "./pa.py", NULL, "h", "sudo rsync",
	  0, 0, { "foo" }, { "./pa.py", "h", "sudo rsync", PULL("foo") } },
	{ "pull --rsync-path ''", "./pa.py", NULL, "h", "", 0, 0, { "foo" },
	  { "./pa.py", "h", "", PULL("foo") } },
	{ "pull --rsync-path \"cd /tmp && 'my rsync'\"", "./pa.py", NULL, "h",
	  "cd /tmp && 'my rsync'", 0, 0, { "foo" },
	  { "./pa.py", "h", "cd /tmp && 'my rsync'", PULL("foo") } },
	/* -4/-6 only when the basename is ssh; after -l user, before host */
	{ "pull -e /tmp/rx/bin/ssh -4", "/tmp/rx/bin/ssh", NULL, "h", NULL, 0,
	  RSH_F_IPV4, { "foo" },
	  { "/tmp/rx/bin/ssh", "-4", "h", "rsync", PULL("foo") } },
	{ "pull -e '/tmp/rx/bin/ssh -x' -6", "/tmp/rx/bin/ssh -x", NULL, "h",
	  NULL, 0, RSH_F_IPV6, { "foo" },
	  { "/tmp/rx/bin/ssh", "-x", "-6", "h", "rsync", PULL("foo") } },
	{ "pull -e ./pa.py -6 (not ssh)", "./pa.py", NULL, "h", NULL, 0,
	  RSH_F_IPV6, { "foo" }, { "./pa.py", "h", "rsync", PULL("foo") } },
	/* remote path escaping (safe_arg) */
	{ "pull h:'a b'", "./pa.py", NULL, "h", NULL, 0, 0, { "a b" },
	  { "./pa.py", "h", "rsync", PULL("a\\ b") } },
	{ "pull every shell char", "./pa.py", NULL, "h", NULL, 0, 0,
	  { "!#$&;|<>(){}\"'` \t\n\r\\x" },
	  { "./pa.py", "h", "rsync",
	    PULL("\\!\\#\\$\\&\\;\\|\\<\\>\\(\\)\\{\\}\\\"\\'\\`\\ \\\t\\\n\\\r\\\\x") } },
	{ "pull wildcards pass", "./pa.py", NULL, "h", NULL, 0, 0, { "*?[]x" },
	  { "./pa.py", "h", "rsync", PULL("*?[]x") } },
	{ "pull backslash before wildcard kept single", "./pa.py", NULL, "h",
	  NULL, 0, 0, { "a\\*b\\?c\\[d\\]e\\f\\" },
	  { "./pa.py", "h", "rsync", PULL("a\\*b\\?c\\[d\\]e\\\\f\\\\") } },
	{ "pull h:-rf", "./pa.py", NULL, "h", NULL, 0, 0, { "-rf" },
	  { "./pa.py", "h", "rsync", PULL("./-rf") } },
	{ "pull h:~", "./pa.py", NULL, "h", NULL, 0, 0, { "~" },
	  { "./pa.py", "h", "rsync", PULL("\\~") } },
	{ "pull h:~/x", "./pa.py", NULL, "h", NULL, 0, 0, { "~/x" },
	  { "./pa.py", "h", "rsync", PULL("~/x") } },
	{ "pull h:~u", "./pa.py", NULL, "h", NULL, 0, 0, { "~u" },
	  { "./pa.py", "h", "rsync", PULL("\\~u") } },
	{ "pull --trust-sender h:~u", "./pa.py", NULL, "h", NULL, 0,
	  RSH_F_TRUST, { "~u" }, { "./pa.py", "h", "rsync", PULL("~u") } },
	{ "push src/f h:~u", "./pa.py", NULL, "h", NULL, 1, RSH_F_SENDER,
	  { "~u" }, { "./pa.py", "h", "rsync", PUSH("~u") } },
	{ "push src/f 'h:a b'", "./pa.py", NULL, "h", NULL, 1, RSH_F_SENDER,
	  { "a b" }, { "./pa.py", "h", "rsync", PUSH("a\\ b") } },
	{ "push src/f 'h:-x y'", "./pa.py", NULL, "h", NULL, 1, RSH_F_SENDER,
	  { "-x y" }, { "./pa.py", "h", "rsync", PUSH("./-x\\ y") } },
	{ "pull h: (empty path)", "./pa.py", NULL, "h", NULL, 0, 0, { "" },
	  { "./pa.py", "h", "rsync", PULL(".") } },
	{ "pull 'h:a b' 'h:c d' ':e f'", "./pa.py", NULL, "h", NULL, 0, 0,
	  { "a b", "c d", "e f" },
	  { "./pa.py", "h", "rsync", PULL("a\\ b", "c\\ d", "e\\ f") } },
	{ "pull UTF-8 name", "./pa.py", NULL, "h", NULL, 0, 0,
	  { "caf\303\251 \303\277" },
	  { "./pa.py", "h", "rsync", PULL("caf\303\251\\ \303\277") } },
	{ "pull --old-args", "./pa.py", NULL, "h", NULL, 0, RSH_F_OLD_ARGS,
	  { "a b", "-x", "~u" },
	  { "./pa.py", "h", "rsync", PULL("a b", "./-x", "~u") } },
	/* daemon over rsh: -l skipped only when -e has "-l X", X not '-...' */
	{ "pull -e ./pa2.py h::mod/a b", "./pa2.py", NULL, "h", NULL, 0,
	  RSH_F_DAEMON, { "mod/a b" },
	  { "./pa2.py", "h", "rsync", "--server", "--daemon", ".", NULL } },
	{ "pull -e './pa2.py -l x' u@h::mod/a b", "./pa2.py -l x", "u", "h",
	  NULL, 0, RSH_F_DAEMON, { "mod/a b" },
	  { "./pa2.py", "-l", "x", "h", "rsync", "--server", "--daemon", ".",
	    NULL } },
	{ "pull -e './pa2.py -l -x' u@h::mod", "./pa2.py -l -x", "u", "h", NULL,
	  0, RSH_F_DAEMON, { "mod" },
	  { "./pa2.py", "-l", "-x", "-l", "u", "h", "rsync", "--server",
	    "--daemon", ".", NULL } },
	{ "pull -e /tmp/rx/bin/ssh -6 rsync://u@[::1]:999/mod/p",
	  "/tmp/rx/bin/ssh", "u", "::1", NULL, 0, RSH_F_DAEMON | RSH_F_IPV6,
	  { "mod/p" },
	  { "/tmp/rx/bin/ssh", "-l", "u", "-6", "::1", "rsync", "--server",
	    "--daemon", ".", NULL } },
};

static void
build_case(const struct tcase *t, struct rsh_argv *a, int *r)
{
	struct rsh_str paths[4];
	struct rsh_cmd c;
	size_t n = 0;

	memset(&c, 0, sizeof(c));
	c.shell.s = t->shell;
	c.shell.len = strlen(t->shell);
	if (t->user) {
		c.user.s = t->user;
		c.user.len = strlen(t->user);
	}
	c.host.s = t->host;
	c.host.len = strlen(t->host);
	if (t->rpath) {
		c.rsync_path.s = t->rpath;
		c.rsync_path.len = strlen(t->rpath);
	}
	c.server = t->push ? push_srv : pull_srv;
	c.nserver = t->push ? 2 : 3;
	while (n < 4 && t->paths[n]) {
		paths[n].s = t->paths[n];
		paths[n].len = strlen(t->paths[n]);
		n++;
	}
	c.paths = paths;
	c.npaths = n;
	c.flags = t->flags;
	rsh_argv_init(a, arena, sizeof(arena), slots, RSH_MAX_ARGS + 8);
	*r = rsh_build(a, &c);
}

static void
test_captured(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *t = &cases[i];
		struct rsh_argv a;
		int r;

		print_message("case: %s\n", t->what);
		build_case(t, &a, &r);
		assert_int_equal(r, RSH_OK);
		for (k = 0; t->want[k]; k++) {
			assert_true(k < a.argc);
			assert_string_equal(a.argv[k], t->want[k]);
		}
		assert_int_equal(a.argc, k);
		assert_null(a.argv[a.argc]);
		assert_int_equal(a.nprot, 0);
	}
}

/* upstream: blocking_io defaults to 1 for basename rsh or remsh. */
static void
test_flags(void **state)
{
	static const struct { const char *sh; int ssh, blk, dl; } v[] = {
		{ "ssh", 1, 0, 0 }, { "/usr/bin/ssh -p 2", 1, 0, 0 },
		{ "'/opt/my dir/ssh'", 1, 0, 0 }, { "ssh2", 0, 0, 0 },
		{ "rsh", 0, 1, 0 }, { "/usr/bin/remsh", 0, 1, 0 },
		{ "x/", 0, 0, 0 }, { "ssh -l u", 1, 0, 1 },
		{ "ssh -l ''", 1, 0, 1 }, { "ssh -l -u", 1, 0, 0 },
		{ "ssh -l", 1, 0, 0 }, { "-l u", 0, 0, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct rsh_argv a;

		rsh_argv_init(&a, arena, sizeof(arena), slots, 16);
		assert_int_equal(rsh_split(&a, v[i].sh, strlen(v[i].sh)), 0);
		assert_int_equal(a.is_ssh, v[i].ssh);
		assert_int_equal(a.blocking_io, v[i].blk);
		assert_int_equal(a.dash_l, v[i].dl);
	}
}

/*
 * -s (captured: rsync -e ./pa2.py -s 'h:a b' h:-x dst/): the shell argv
 * ends after the flag word; upstream sends "." "a b" "./-x" over the wire
 * (pa2.py dumped its stdin: rsync\0.\0a b\0./-x\0\0).
 */
static void
test_protect(void **state)
{
	static const struct rsh_str srv[] = {
		S("--server"), S("--sender"), S("-se.LsfxCIvu"), NOSTR
	};
	static const struct rsh_str paths[] = { S("a b"), S("-x") };
	static const char *shell_want[] = { "./pa2.py", "h", "rsync",
	    "--server", "--sender", "-se.LsfxCIvu" };
	static const char *prot_want[] = { ".", "a b", "./-x" };
	struct rsh_cmd c;
	struct rsh_argv a;
	size_t k;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.shell = (struct rsh_str)S("./pa2.py");
	c.host = (struct rsh_str)S("h");
	c.server = srv;
	c.nserver = 4;
	c.paths = paths;
	c.npaths = 2;
	c.flags = RSH_F_PROTECT;
	rsh_argv_init(&a, arena, sizeof(arena), slots, 32);
	assert_int_equal(rsh_build(&a, &c), 0);
	assert_int_equal(a.argc, 6);
	for (k = 0; k < 6; k++)
		assert_string_equal(a.argv[k], shell_want[k]);
	assert_null(a.argv[6]);
	assert_int_equal(a.nprot, 3);
	for (k = 0; k < 3; k++)
		assert_string_equal(a.argv[7 + k], prot_want[k]);
	assert_null(a.argv[10]);
	/* Two separators are a bad call. */
	{
		static const struct rsh_str srv2[] = { S("--server"), NOSTR, NOSTR };

		c.server = srv2;
		c.nserver = 3;
		assert_int_equal(rsh_build(&a, &c), RSH_EINVAL);
		assert_int_equal(a.argc, 0);
		assert_null(a.argv[0]);
	}
}

/* safe_arg() directly, including the tilde rules of -R. */
static void
test_escape(void **state)
{
	static const struct { const char *in; unsigned f; const char *out; } v[] = {
		{ "~/x", RSH_F_RELATIVE, "\\~/x" },	/* captured: pull -R h:~/x */
		{ "~/./x", RSH_F_RELATIVE, "~/./x" },	/* captured: pull -R h:~/./x */
		{ "~", RSH_F_PROTECT, "~" },
		{ "a b", RSH_F_PROTECT, "a b" },
		{ "-", RSH_F_PROTECT, "./-" },
		{ "", 0, "" },
		{ "\\", 0, "\\\\" },
		{ "\\*", 0, "\\*" },
		{ "\\\\*", 0, "\\\\\\*" },
		{ "-~ a", 0, "./-~\\ a" },
	};
	char out[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = 999;
		assert_int_equal(rsh_escape(v[i].in, strlen(v[i].in), v[i].f, out,
		    sizeof(out), &n), 0);
		assert_string_equal(out, v[i].out);
		assert_int_equal(n, strlen(v[i].out));
	}
	/* Worst case 2 * len + 2 bytes: exactly enough, one less is ENOSPC. */
	n = 999;
	assert_int_equal(rsh_escape("-  ", 3, 0, out, 8, &n), 0);
	assert_string_equal(out, "./-\\ \\ ");
	n = 999;
	assert_int_equal(rsh_escape("-  ", 3, 0, out, 7, &n), RSH_ENOSPC);
	assert_int_equal(n, 999);
	assert_int_equal(rsh_escape("a\0b", 3, 0, out, sizeof(out), &n),
	    RSH_EINVAL);
}

/* Captured: "Missing trailing-' in remote-shell command." and -" (exit 1). */
static void
test_errors(void **state)
{
	static const struct { const char *sh; int q; } uq[] = {
		{ "./pa.py 'unterminated", '\'' },
		{ "./pa.py \"unterminated", '"' },
		{ "./pa.py '''", '\'' },
		{ "./pa.py a\\ b c\\\\d \"e\\\"f\" 'g\\\\'", '"' },
	};
	struct rsh_cmd c;
	struct rsh_argv a;
	static char big[RSH_MAX_CMD_WORDS * 2 + 8];
	size_t i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.host = (struct rsh_str)S("h");
	for (i = 0; i < sizeof(uq) / sizeof(uq[0]); i++) {
		c.shell.s = uq[i].sh;
		c.shell.len = strlen(uq[i].sh);
		rsh_argv_init(&a, arena, sizeof(arena), slots, 64);
		assert_int_equal(rsh_build(&a, &c), RSH_EQUOTE);
		assert_int_equal(a.quote, uq[i].q);
		assert_int_equal(a.argc, 0);
		assert_null(a.argv[0]);
	}
	/* upstream: "Invalid remote host: hostnames may not start with '-'." */
	c.shell = (struct rsh_str)S("ssh");
	c.host = (struct rsh_str)S("-oProxyCommand=x");
	assert_int_equal(rsh_build(&a, &c), RSH_EHOST);
	c.host = (struct rsh_str)S("h");
	/* upstream: at most 860 words from -e (args[] overflowed in do_cmd()). */
	for (i = 0; i < RSH_MAX_CMD_WORDS; i++) {
		big[2 * i] = 'w';
		big[2 * i + 1] = ' ';
	}
	rsh_argv_init(&a, arena, sizeof(arena), slots, RSH_MAX_ARGS + 8);
	assert_int_equal(rsh_split(&a, big, 2 * RSH_MAX_CMD_WORDS), 0);
	assert_int_equal(a.nwords, RSH_MAX_CMD_WORDS);
	big[2 * RSH_MAX_CMD_WORDS] = 'x';
	rsh_argv_init(&a, arena, sizeof(arena), slots, RSH_MAX_ARGS + 8);
	assert_int_equal(rsh_split(&a, big, 2 * RSH_MAX_CMD_WORDS + 1),
	    RSH_E2BIG);
	/* Too small an arena, in bytes and in slots. */
	c.shell = (struct rsh_str)S("ssh -p 22");
	c.server = pull_srv;
	c.nserver = 3;
	/* "ssh" "-p" "22" "h" "rsync" + pull_srv + "." with NULs: 50 bytes. */
	for (i = 1; i < 60; i++) {
		char small[60];

		rsh_argv_init(&a, small, i, slots, 64);
		assert_int_equal(rsh_build(&a, &c), i < 50 ? RSH_ENOSPC : RSH_OK);
	}
	/* 9 entries and the NULL: 10 slots. */
	for (i = 1; i < 12; i++) {
		rsh_argv_init(&a, arena, sizeof(arena), slots, i);
		assert_int_equal(rsh_build(&a, &c), i < 10 ? RSH_ENOSPC : RSH_OK);
	}
	/* NUL bytes, no host, both -4 and -6, unknown flags. */
	rsh_argv_init(&a, arena, sizeof(arena), slots, 64);
	c.shell = (struct rsh_str){ "ss\0h", 4 };
	assert_int_equal(rsh_build(&a, &c), RSH_EINVAL);
	c.shell = (struct rsh_str)S("ssh");
	c.host = (struct rsh_str){ "h\0", 2 };
	assert_int_equal(rsh_build(&a, &c), RSH_EINVAL);
	c.host = (struct rsh_str)NOSTR;
	assert_int_equal(rsh_build(&a, &c), RSH_EINVAL);
	c.host = (struct rsh_str)S("h");
	c.flags = RSH_F_IPV4 | RSH_F_IPV6;
	assert_int_equal(rsh_build(&a, &c), RSH_EINVAL);
	c.flags = 0x100;
	assert_int_equal(rsh_build(&a, &c), RSH_EINVAL);
	c.flags = 0;
	assert_int_equal(rsh_build(&a, &c), RSH_OK);
	for (i = (size_t)RSH_EINVAL; i <= 1; i++)
		assert_non_null(rsh_strerror((int)i));
}

/* upstream: args[MAX_ARGS = 1000]: at most 999 entries and the NULL. */
static void
test_max_args(void **state)
{
	static struct rsh_str paths[RSH_MAX_ARGS];
	struct rsh_cmd c;
	struct rsh_argv a;
	size_t i, fixed;

	(void)state;
	for (i = 0; i < RSH_MAX_ARGS; i++)
		paths[i] = (struct rsh_str)S("p");
	memset(&c, 0, sizeof(c));
	c.shell = (struct rsh_str)S("ssh");
	c.host = (struct rsh_str)S("h");
	c.server = pull_srv;
	c.nserver = 3;
	c.paths = paths;
	fixed = 1 + 1 + 1 + 3 + 1;	/* ssh h rsync server... . */
	c.npaths = RSH_MAX_ARGS - 1 - fixed;
	rsh_argv_init(&a, arena, sizeof(arena), slots, RSH_MAX_ARGS + 8);
	assert_int_equal(rsh_build(&a, &c), RSH_OK);
	assert_int_equal(a.argc, RSH_MAX_ARGS - 1);
	c.npaths++;
	assert_int_equal(rsh_build(&a, &c), RSH_E2BIG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captured),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_protect),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_max_args),
	};

	return cmocka_run_group_tests_name("rsh", tests, NULL, NULL);
}
