/*
 * rsh.h: the remote-shell command line, built the way upstream rsync's
 * main.c:do_cmd() builds it (spec/05-remote-shell.md 5.2-5.4).
 *
 * Pure: nothing here calls the system or reads the environment.  The
 * caller passes in the -e/--rsh value (or RSYNC_RSH's value, or "ssh"),
 * the user and host from hostspec_parse(), --rsync-path, the server
 * arguments and the remote paths.
 *
 * Strings come in as (pointer, length); a NUL byte inside one is
 * RSH_EINVAL, since it could not survive in an argv.  The result is
 * written into a caller-provided arena (struct rsh_argv): a byte buffer
 * for the strings and an array of pointer slots for argv.  Nothing is
 * malloc'd and there is nothing to free; the argv is valid as long as the
 * arena's two buffers are.  Every function either succeeds or returns a
 * negative RSH_E* code; on an error the arena is left empty (argc 0,
 * argv[0] NULL when there is a slot).
 */
#ifndef VRSYNC_RSH_H
#define VRSYNC_RSH_H

#include <stddef.h>

#define RSH_OK		0
#define RSH_EQUOTE	(-1)	/* unterminated quote in the -e string */
#define RSH_E2BIG	(-2)	/* more words or arguments than upstream allows */
#define RSH_ENOSPC	(-3)	/* the caller's arena is too small */
#define RSH_EHOST	(-4)	/* host name starts with '-' */
#define RSH_EINVAL	(-5)	/* NUL byte in a string, or a bad call */

const char *rsh_strerror(int err);

/*
 * Upstream's limits (rsync.h): args[MAX_ARGS] with MAX_ARGS 1000 holds
 * the whole command; the -e string may fill at most MAX_ARGS -
 * MAX_SERVER_ARGS (1000 - 140) words of it.
 */
#define RSH_MAX_ARGS		1000
#define RSH_MAX_CMD_WORDS	860

/* Flags for rsh_build() and rsh_escape(). */
#define RSH_F_DAEMON	0x01u	/* daemon over remote shell: --server --daemon . */
#define RSH_F_PROTECT	0x02u	/* -s/--secluded-args in effect: no escaping */
#define RSH_F_OLD_ARGS	0x04u	/* --old-args (or RSYNC_OLD_ARGS) in effect */
#define RSH_F_SENDER	0x08u	/* the client is the sender (a push) */
#define RSH_F_RELATIVE	0x10u	/* -R */
#define RSH_F_TRUST	0x20u	/* trust_sender_args (--trust-sender) */
#define RSH_F_IPV4	0x40u	/* -4: add "-4" when the shell is ssh */
#define RSH_F_IPV6	0x80u	/* -6: add "-6" when the shell is ssh */
#define RSH_F_ALL	0xFFu

struct rsh_str {
	const char	*s;	/* NULL only as the protect-args separator */
	size_t		 len;
};

/*
 * The arena and the result.  argv[0 .. argc-1] is what is exec'd and
 * argv[argc] is NULL.  When the server arguments held the protect-args
 * separator (an rsh_str with s == NULL, as upstream's server_options()
 * puts a NULL in its args[] for -s), what followed it is not given to the
 * shell: it is at argv[argc+1 .. argc+nprot], then a NULL, for the caller
 * to send with send_protected_args().
 */
struct rsh_argv {
	char	*buf;		/* the strings, each NUL-terminated */
	size_t	 cap;
	size_t	 used;
	char	**argv;		/* slots */
	size_t	 slots;
	size_t	 argc;		/* the shell's argv */
	size_t	 nprot;		/* protected args after argv[argc] */
	size_t	 nwords;	/* how many words the -e string gave */
	int	 dash_l;	/* the -e words hold "-l X", X not starting '-' */
	int	 is_ssh;	/* the first word's basename is "ssh" */
	int	 blocking_io;	/* ... is "rsh" or "remsh": upstream's default
				   --blocking-io for those */
	int	 quote;		/* RSH_EQUOTE: the quote left open */
};

/*@ predicate rsh_arena(struct rsh_argv *a) =
	\valid(a) && a->cap > 0 && a->slots > 0 &&
	\valid(a->buf + (0 .. a->cap - 1)) &&
	\valid(a->argv + (0 .. a->slots - 1)) &&
	\separated(a, a->buf + (0 .. a->cap - 1), a->argv + (0 .. a->slots - 1)) &&
	\separated(a->buf + (0 .. a->cap - 1), a->argv + (0 .. a->slots - 1));
    predicate rsh_state(struct rsh_argv *a) =
	a->used <= a->cap && a->argc + a->nprot < a->slots &&
	a->argv[a->argc] == \null;
 */

/* Sets up an empty arena over buf[cap] and slots[nslots]. */
void rsh_argv_init(struct rsh_argv *a, char *buf, size_t cap, char **slots,
    size_t nslots);

/*
 * Splits the remote-shell command into words and appends them, as
 * do_cmd() does: words are separated by spaces (only ' ', not tabs);
 * '...' and "..." quote, the quote characters themselves are dropped, a
 * doubled quote character inside quotes stands for one; the other quote
 * character inside quotes is literal; a backslash is an ordinary
 * character.  Sets nwords, dash_l, is_ssh and blocking_io.
 */
int rsh_split(struct rsh_argv *a, const char *cmd, size_t len);

/*
 * options.c:safe_arg(NULL, arg), a file-name argument: writes into
 * out[cap] the argument as the remote shell must see it, NUL-terminated,
 * and its length (without the NUL) in *olen.  "./" goes before a leading
 * '-' always; unless RSH_F_PROTECT or RSH_F_OLD_ARGS, a backslash goes
 * before each of !#$&;|<>(){}"'` space TAB LF CR and backslash (not
 * before a backslash that precedes one of *?[]), and before a leading '~'
 * when the client receives (no RSH_F_SENDER), RSH_F_TRUST is off, and the
 * argument has no '/' (or with RSH_F_RELATIVE, no "/./").  Needs at most
 * 2 * len + 2 bytes (a leading '-' and every other byte escaped).
 */
int rsh_escape(const char *arg, size_t len, unsigned flags, char *out,
    size_t cap, size_t *olen);

/*
 * The whole do_cmd() argv: the -e words, "-l" user (when user is not
 * NULL; with RSH_F_DAEMON not when the words already hold "-l X"), "-4"
 * or "-6" (ssh only), the host, the rsync path (NULL: "rsync"; one word,
 * spaces and all), then either "--server" "--daemon" "." (RSH_F_DAEMON;
 * server and paths are not used) or the server arguments, ".", and each
 * path through rsh_escape() (an empty path becomes ".").
 */
struct rsh_cmd {
	struct rsh_str		 shell;		/* -e, RSYNC_RSH or "ssh" */
	struct rsh_str		 user;		/* .s NULL: none; may be empty */
	struct rsh_str		 host;
	struct rsh_str		 rsync_path;	/* .s NULL: "rsync" */
	const struct rsh_str	*server;	/* server_options()' words */
	size_t			 nserver;
	const struct rsh_str	*paths;		/* remote file names */
	size_t			 npaths;
	unsigned		 flags;		/* RSH_F_* */
};

int rsh_build(struct rsh_argv *a, const struct rsh_cmd *c);

#endif
