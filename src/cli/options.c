/*
 * options.c: the command lines (cli/options.h): upstream rsync 3.5.0's
 * options.c parse_arguments() as its popt table drives it, and
 * server_options(), for the options struct options holds.  A small hand
 * parser instead of getopt: getopt keeps global state and GNU's permutes
 * by its own rules; this one follows popt's.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/options.h"

#define UPSTREAM_ERRBUF	200	/* options.c err_buf: upstream's texts are cut there */
#define PROTO_DEFAULT	32
#define MAX_BLOCK	(1L << 17)	/* rsync.h MAX_BLOCK_SIZE */
#define OLD_MAX_BLOCK	(1L << 29)	/* rsync.h OLD_MAX_BLOCK_SIZE, protocol < 30 */
#define MAX_V_LETTERS	9	/* server_options() caps the -v letters */
#define E_CAPS		"e.LsfxCIvu"	/* maybe_add_e_option() less 'i' */

#define WALK_STOP	(-1)	/* internal: --help, the parse ends with 0 */
#define WALK_SERVER	(-2)	/* internal: --server met by the client parse */

enum argtype { A_NONE, A_STR, A_INT };	/* popt: NONE/VAL/BIT_SET, STRING, INT */

enum kind {
	K_UNSUP,	/* upstream knows it; vrsync refuses it */
	K_SET,		/* store val in the int field */
	K_INC,		/* add one to the int field */
	K_INT,		/* the (popt) integer argument into the int field */
	K_STR,		/* the argument into the string field */
	K_SPECIAL	/* val is an SP_* handled in apply() */
};

enum special {
	SP_HELP = 1, SP_VERSION, SP_ARCHIVE, SP_D, SP_NO_D, SP_DELETE,
	SP_DEL_BEFORE, SP_DEL_DURING, SP_DEL_DELAY, SP_DEL_AFTER,
	SP_BLOCK_SIZE, SP_LOG_FORMAT, SP_RSH, SP_SERVER, SP_SENDER
};

struct optdef {
	const char	*name;		/* long name; NULL: a letter only */
	char		 letter;	/* short letter; 0: none */
	unsigned char	 arg;		/* enum argtype */
	unsigned char	 kind;		/* enum kind */
	unsigned short	 field;		/* offsetof(struct options, ...) */
	int		 val;		/* K_SET: the value; K_SPECIAL: SP_* */
};

#define F(x)	offsetof(struct options, x)

/*
 * Upstream's long_options[], every row, in its order (popt's lookup is
 * the first match, and the order keeps this checkable against the
 * source line by line).  The rows vrsync implements say how; the rest
 * are K_UNSUP so that they are refused rather than called unknown.
 * --protocol is K_INT here; apply() also tracks it for -B's limit.
 */
static const struct optdef table[] = {
	{ "help",                0,   A_NONE, K_SPECIAL, 0, SP_HELP },
	{ "version",             'V', A_NONE, K_SPECIAL, 0, SP_VERSION },
	{ "verbose",             'v', A_NONE, K_INC, F(verbose), 0 },
	{ "no-verbose",          0,   A_NONE, K_SET, F(verbose), 0 },
	{ "no-v",                0,   A_NONE, K_SET, F(verbose), 0 },
	{ "info",                0,   A_STR, K_UNSUP, 0, 0 },
	{ "debug",               0,   A_STR, K_UNSUP, 0, 0 },
	{ "stderr",              0,   A_STR, K_UNSUP, 0, 0 },
	{ "msgs2stderr",         0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-msgs2stderr",      0,   A_NONE, K_UNSUP, 0, 0 },
	{ "quiet",               'q', A_NONE, K_INC, F(quiet), 0 },
	{ "motd",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-motd",             0,   A_NONE, K_UNSUP, 0, 0 },
	{ "stats",               0,   A_NONE, K_SET, F(stats), 1 },
	{ "human-readable",      'h', A_NONE, K_INC, F(human), 0 },
	{ "no-human-readable",   0,   A_NONE, K_SET, F(human), 0 },
	{ "no-h",                0,   A_NONE, K_SET, F(human), 0 },
	{ "dry-run",             'n', A_NONE, K_SET, F(dry_run), 1 },
	{ "archive",             'a', A_NONE, K_SPECIAL, 0, SP_ARCHIVE },
	{ "recursive",           'r', A_NONE, K_SET, F(recurse), 1 },
	{ "no-recursive",        0,   A_NONE, K_SET, F(recurse), 0 },
	{ "no-r",                0,   A_NONE, K_SET, F(recurse), 0 },
	{ "inc-recursive",       0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-inc-recursive",    0,   A_NONE, K_UNSUP, 0, 0 },
	{ "i-r",                 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-i-r",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "dirs",                'd', A_NONE, K_UNSUP, 0, 0 },
	{ "no-dirs",             0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-d",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "old-dirs",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "old-d",               0,   A_NONE, K_UNSUP, 0, 0 },
	{ "perms",               'p', A_NONE, K_SET, F(perms), 1 },
	{ "no-perms",            0,   A_NONE, K_SET, F(perms), 0 },
	{ "no-p",                0,   A_NONE, K_SET, F(perms), 0 },
	{ "executability",       'E', A_NONE, K_UNSUP, 0, 0 },
	{ "acls",                'A', A_NONE, K_UNSUP, 0, 0 },
	{ "no-acls",             0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-A",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "xattrs",              'X', A_NONE, K_UNSUP, 0, 0 },
	{ "no-xattrs",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-X",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "times",               't', A_NONE, K_SET, F(times), 1 },
	{ "no-times",            0,   A_NONE, K_SET, F(times), 0 },
	{ "no-t",                0,   A_NONE, K_SET, F(times), 0 },
	{ "atimes",              'U', A_NONE, K_UNSUP, 0, 0 },
	{ "no-atimes",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-U",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "open-noatime",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-open-noatime",     0,   A_NONE, K_UNSUP, 0, 0 },
	{ "crtimes",             'N', A_NONE, K_UNSUP, 0, 0 },
	{ "no-crtimes",          0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-N",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "omit-dir-times",      'O', A_NONE, K_UNSUP, 0, 0 },
	{ "no-omit-dir-times",   0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-O",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "omit-link-times",     'J', A_NONE, K_UNSUP, 0, 0 },
	{ "no-omit-link-times",  0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-J",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "modify-window",       '@', A_INT, K_UNSUP, 0, 0 },
	{ "super",               0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-super",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "fake-super",          0,   A_NONE, K_UNSUP, 0, 0 },
	{ "owner",               'o', A_NONE, K_SET, F(owner), 1 },
	{ "no-owner",            0,   A_NONE, K_SET, F(owner), 0 },
	{ "no-o",                0,   A_NONE, K_SET, F(owner), 0 },
	{ "group",               'g', A_NONE, K_SET, F(group), 1 },
	{ "no-group",            0,   A_NONE, K_SET, F(group), 0 },
	{ "no-g",                0,   A_NONE, K_SET, F(group), 0 },
	{ NULL,                  'D', A_NONE, K_SPECIAL, 0, SP_D },
	{ "no-D",                0,   A_NONE, K_SPECIAL, 0, SP_NO_D },
	{ "devices",             0,   A_NONE, K_SET, F(devices), 1 },
	{ "no-devices",          0,   A_NONE, K_SET, F(devices), 0 },
	{ "copy-devices",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "write-devices",       0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-write-devices",    0,   A_NONE, K_UNSUP, 0, 0 },
	{ "specials",            0,   A_NONE, K_SET, F(specials), 1 },
	{ "no-specials",         0,   A_NONE, K_SET, F(specials), 0 },
	{ "drop-D",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-drop-D",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "confine-root",        0,   A_STR, K_UNSUP, 0, 0 },
	{ "links",               'l', A_NONE, K_SET, F(links), 1 },
	{ "no-links",            0,   A_NONE, K_SET, F(links), 0 },
	{ "no-l",                0,   A_NONE, K_SET, F(links), 0 },
	{ "copy-links",          'L', A_NONE, K_UNSUP, 0, 0 },
	{ "copy-unsafe-links",   0,   A_NONE, K_UNSUP, 0, 0 },
	{ "safe-links",          0,   A_NONE, K_UNSUP, 0, 0 },
	{ "insecure-links",      0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-insecure-links",   0,   A_NONE, K_UNSUP, 0, 0 },
	{ "munge-links",         0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-munge-links",      0,   A_NONE, K_UNSUP, 0, 0 },
	{ "copy-dirlinks",       'k', A_NONE, K_UNSUP, 0, 0 },
	{ "keep-dirlinks",       'K', A_NONE, K_UNSUP, 0, 0 },
	{ "hard-links",          'H', A_NONE, K_UNSUP, 0, 0 },
	{ "no-hard-links",       0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-H",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "relative",            'R', A_NONE, K_UNSUP, 0, 0 },
	{ "no-relative",         0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-R",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "implied-dirs",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-implied-dirs",     0,   A_NONE, K_UNSUP, 0, 0 },
	{ "i-d",                 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-i-d",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "chmod",               0,   A_STR, K_UNSUP, 0, 0 },
	{ "ignore-times",        'I', A_NONE, K_SET, F(ignore_times), 1 },
	{ "size-only",           0,   A_NONE, K_SET, F(size_only), 1 },
	{ "one-file-system",     'x', A_NONE, K_UNSUP, 0, 0 },
	{ "no-one-file-system",  0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-x",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "update",              'u', A_NONE, K_UNSUP, 0, 0 },
	{ "existing",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "ignore-non-existing", 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "ignore-existing",     0,   A_NONE, K_UNSUP, 0, 0 },
	{ "max-size",            0,   A_STR, K_UNSUP, 0, 0 },
	{ "min-size",            0,   A_STR, K_UNSUP, 0, 0 },
	{ "max-alloc",           0,   A_STR, K_UNSUP, 0, 0 },
	{ "sparse",              'S', A_NONE, K_UNSUP, 0, 0 },
	{ "no-sparse",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-S",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "preallocate",         0,   A_NONE, K_UNSUP, 0, 0 },
	{ "inplace",             0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-inplace",          0,   A_NONE, K_UNSUP, 0, 0 },
	{ "append",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "append-verify",       0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-append",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "del",                 0,   A_NONE, K_SPECIAL, 0, SP_DEL_DURING },
	{ "delete",              0,   A_NONE, K_SPECIAL, 0, SP_DELETE },
	{ "delete-before",       0,   A_NONE, K_SPECIAL, 0, SP_DEL_BEFORE },
	{ "delete-during",       0,   A_NONE, K_SPECIAL, 0, SP_DEL_DURING },
	{ "delete-delay",        0,   A_NONE, K_SPECIAL, 0, SP_DEL_DELAY },
	{ "delete-after",        0,   A_NONE, K_SPECIAL, 0, SP_DEL_AFTER },
	{ "delete-excluded",     0,   A_NONE, K_UNSUP, 0, 0 },
	{ "delete-missing-args", 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "ignore-missing-args", 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "remove-sent-files",   0,   A_NONE, K_UNSUP, 0, 0 },
	{ "remove-source-files", 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "force",               0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-force",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "ignore-errors",       0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-ignore-errors",    0,   A_NONE, K_UNSUP, 0, 0 },
	{ "max-delete",          0,   A_INT, K_UNSUP, 0, 0 },
	{ NULL,                  'F', A_NONE, K_UNSUP, 0, 0 },
	{ "filter",              'f', A_STR, K_UNSUP, 0, 0 },
	{ "exclude",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "include",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "exclude-from",        0,   A_STR, K_UNSUP, 0, 0 },
	{ "include-from",        0,   A_STR, K_UNSUP, 0, 0 },
	{ "cvs-exclude",         'C', A_NONE, K_UNSUP, 0, 0 },
	{ "whole-file",          'W', A_NONE, K_SET, F(whole_file), 1 },
	{ "no-whole-file",       0,   A_NONE, K_SET, F(whole_file), 0 },
	{ "no-W",                0,   A_NONE, K_SET, F(whole_file), 0 },
	{ "checksum",            'c', A_NONE, K_SET, F(checksum), 1 },
	{ "no-checksum",         0,   A_NONE, K_SET, F(checksum), 0 },
	{ "no-c",                0,   A_NONE, K_SET, F(checksum), 0 },
	{ "checksum-choice",     0,   A_STR, K_STR, F(checksum_choice), 0 },
	{ "cc",                  0,   A_STR, K_STR, F(checksum_choice), 0 },
	{ "block-size",          'B', A_STR, K_SPECIAL, 0, SP_BLOCK_SIZE },
	{ "compare-dest",        0,   A_STR, K_UNSUP, 0, 0 },
	{ "copy-dest",           0,   A_STR, K_UNSUP, 0, 0 },
	{ "link-dest",           0,   A_STR, K_UNSUP, 0, 0 },
	{ "fuzzy",               'y', A_NONE, K_UNSUP, 0, 0 },
	{ "no-fuzzy",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-y",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "compress",            'z', A_NONE, K_UNSUP, 0, 0 },
	{ "old-compress",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "new-compress",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-compress",         0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-z",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "compress-choice",     0,   A_STR, K_UNSUP, 0, 0 },
	{ "zc",                  0,   A_STR, K_UNSUP, 0, 0 },
	{ "skip-compress",       0,   A_STR, K_UNSUP, 0, 0 },
	{ "compress-level",      0,   A_INT, K_UNSUP, 0, 0 },
	{ "zl",                  0,   A_INT, K_UNSUP, 0, 0 },
	{ "compress-threads",    0,   A_INT, K_UNSUP, 0, 0 },
	{ "zt",                  0,   A_INT, K_UNSUP, 0, 0 },
	{ NULL,                  'P', A_NONE, K_UNSUP, 0, 0 },
	{ "progress",            0,   A_NONE, K_SET, F(progress), 1 },
	{ "no-progress",         0,   A_NONE, K_SET, F(progress), 0 },
	{ "partial",             0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-partial",          0,   A_NONE, K_UNSUP, 0, 0 },
	{ "partial-dir",         0,   A_STR, K_UNSUP, 0, 0 },
	{ "delay-updates",       0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-delay-updates",    0,   A_NONE, K_UNSUP, 0, 0 },
	{ "prune-empty-dirs",    'm', A_NONE, K_UNSUP, 0, 0 },
	{ "no-prune-empty-dirs", 0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-m",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "log-file",            0,   A_STR, K_UNSUP, 0, 0 },
	{ "log-file-format",     0,   A_STR, K_UNSUP, 0, 0 },
	{ "out-format",          0,   A_STR, K_UNSUP, 0, 0 },
	{ "log-format",          0,   A_STR, K_SPECIAL, 0, SP_LOG_FORMAT },
	{ "itemize-changes",     'i', A_NONE, K_INC, F(itemize), 0 },
	{ "no-itemize-changes",  0,   A_NONE, K_SET, F(itemize), 0 },
	{ "no-i",                0,   A_NONE, K_SET, F(itemize), 0 },
	{ "bwlimit",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "no-bwlimit",          0,   A_NONE, K_UNSUP, 0, 0 },
	{ "backup",              'b', A_NONE, K_UNSUP, 0, 0 },
	{ "no-backup",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "backup-dir",          0,   A_STR, K_UNSUP, 0, 0 },
	{ "suffix",              0,   A_STR, K_UNSUP, 0, 0 },
	{ "list-only",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "read-batch",          0,   A_STR, K_UNSUP, 0, 0 },
	{ "write-batch",         0,   A_STR, K_UNSUP, 0, 0 },
	{ "only-write-batch",    0,   A_STR, K_UNSUP, 0, 0 },
	{ "files-from",          0,   A_STR, K_UNSUP, 0, 0 },
	{ "from0",               '0', A_NONE, K_UNSUP, 0, 0 },
	{ "no-from0",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "old-args",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-old-args",         0,   A_NONE, K_UNSUP, 0, 0 },
	{ "secluded-args",       's', A_NONE, K_UNSUP, 0, 0 },
	{ "no-secluded-args",    0,   A_NONE, K_UNSUP, 0, 0 },
	{ "protect-args",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-protect-args",     0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-s",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "trust-sender",        0,   A_NONE, K_UNSUP, 0, 0 },
	{ "numeric-ids",         0,   A_NONE, K_SET, F(numeric_ids), 1 },
	{ "no-numeric-ids",      0,   A_NONE, K_SET, F(numeric_ids), 0 },
	{ "usermap",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "groupmap",            0,   A_STR, K_UNSUP, 0, 0 },
	{ "chown",               0,   A_STR, K_UNSUP, 0, 0 },
	{ "timeout",             0,   A_INT, K_INT, F(timeout), 0 },
	{ "no-timeout",          0,   A_NONE, K_SET, F(timeout), 0 },
	{ "contimeout",          0,   A_INT, K_INT, F(contimeout), 0 },
	{ "no-contimeout",       0,   A_NONE, K_SET, F(contimeout), 0 },
	{ "fsync",               0,   A_NONE, K_UNSUP, 0, 0 },
	{ "stop-after",          0,   A_STR, K_UNSUP, 0, 0 },
	{ "time-limit",          0,   A_STR, K_UNSUP, 0, 0 },
	{ "stop-at",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "rsh",                 'e', A_STR, K_SPECIAL, 0, SP_RSH },
	{ "rsync-path",          0,   A_STR, K_STR, F(rsync_path), 0 },
	{ "temp-dir",            'T', A_STR, K_UNSUP, 0, 0 },
	{ "iconv",               0,   A_STR, K_UNSUP, 0, 0 },
	{ "no-iconv",            0,   A_NONE, K_UNSUP, 0, 0 },
	{ "ipv4",                '4', A_NONE, K_UNSUP, 0, 0 },
	{ "ipv6",                '6', A_NONE, K_UNSUP, 0, 0 },
	{ "8-bit-output",        '8', A_NONE, K_UNSUP, 0, 0 },
	{ "no-8-bit-output",     0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-8",                0,   A_NONE, K_UNSUP, 0, 0 },
	{ "mkpath",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-mkpath",           0,   A_NONE, K_UNSUP, 0, 0 },
	{ "qsort",               0,   A_NONE, K_UNSUP, 0, 0 },
	{ "copy-as",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "address",             0,   A_STR, K_UNSUP, 0, 0 },
	{ "port",                0,   A_INT, K_UNSUP, 0, 0 },
	{ "sockopts",            0,   A_STR, K_UNSUP, 0, 0 },
	{ "password-file",       0,   A_STR, K_UNSUP, 0, 0 },
	{ "early-input",         0,   A_STR, K_UNSUP, 0, 0 },
	{ "blocking-io",         0,   A_NONE, K_SET, F(blocking_io), 1 },
	{ "no-blocking-io",      0,   A_NONE, K_SET, F(blocking_io), 0 },
	{ "outbuf",              0,   A_STR, K_UNSUP, 0, 0 },
	{ "remote-option",       'M', A_STR, K_UNSUP, 0, 0 },
	{ "protocol",            0,   A_INT, K_INT, F(protocol), 0 },
	{ "checksum-seed",       0,   A_INT, K_INT, F(checksum_seed), 0 },
	{ "server",              0,   A_NONE, K_SPECIAL, 0, SP_SERVER },
	{ "sender",              0,   A_NONE, K_SPECIAL, 0, SP_SENDER },
	{ "config",              0,   A_STR, K_UNSUP, 0, 0 },
	{ "daemon",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "dparam",              0,   A_STR, K_UNSUP, 0, 0 },
	{ "detach",              0,   A_NONE, K_UNSUP, 0, 0 },
	{ "no-detach",           0,   A_NONE, K_UNSUP, 0, 0 },

};

#define NTABLE	(sizeof table / sizeof table[0])

/* The state of one parse. */
struct pstate {
	struct options	*o;
	int		 argc;
	char		**argv;
	int		 server;	/* upstream's am_server: texts and -e differ */
	int		 collect;	/* second client pass: only gather operands */
	int		 posix;		/* POSIXLY_CORRECT: an operand ends the options */
	int		 rest;		/* after "--" (or posix): only operands */
	int		 nops;		/* operands seen */
	int		 dot;		/* server: argv index of "." (0: none yet) */
	int		 proto;		/* upstream's protocol_version so far (-B) */
	int		 del, del_before, del_during, del_after;
	char		*err;
	size_t		 errcap;
};

/* Copies text into the caller's err, cut to errcap (which may be 0). */
static void
set_err(struct pstate *st, const char *text)
{
	if (st->err == NULL || st->errcap == 0)
		return;
	snprintf(st->err, st->errcap, "%s", text);
}

/*
 * An error the way upstream reports err_buf: the text is formatted into a
 * 200-byte buffer (so an absurdly long word is cut where upstream cuts
 * it, newline and all), then printed after "rsync: " by option_error().
 * Returns OPT_ESYNTAX for the caller to pass on.
 */
__attribute__((format(printf, 2, 3)))
static int
fail(struct pstate *st, const char *fmt, ...)
{
	char eb[UPSTREAM_ERRBUF], line[UPSTREAM_ERRBUF + 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(eb, sizeof eb, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "rsync: %s", eb);
	set_err(st, line);
	return OPT_ESYNTAX;
}

/* popt's complaint about WORD (poptBadOption: the last word consumed). */
static int
popt_fail(struct pstate *st, const char *word, const char *why)
{
	return fail(st, "%s%s: %s\n", st->server ? "on remote machine: " : "",
	    word, why);
}

/*
 * An option upstream knows and vrsync lacks: upstream's own wording for an
 * option its build does not support (create_refuse_error), which its
 * clients and users already know.
 */
static int
refuse(struct pstate *st, const struct optdef *d)
{
	const char *who = st->server ? "The server does not support" :
	    "This rsync does not support";

	if (d->name == NULL && d->letter == 'P')
		return fail(st, "%s -P (--partial --progress)\n", who);
	if (d->name == NULL)
		return fail(st, "%s -%c\n", who, d->letter);
	if (d->letter != 0)
		return fail(st, "%s --%s (-%c)\n", who, d->name, d->letter);
	return fail(st, "%s --%s\n", who, d->name);
}

/* popt's findOption() for "--NAME" (NAME is len bytes, not terminated). */
static const struct optdef *
find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (table[i].name != NULL && strlen(table[i].name) == len &&
		    strncmp(table[i].name, name, len) == 0)
			return &table[i];
	return NULL;
}

/* popt's findOption() for one letter of a "-abc" word. */
static const struct optdef *
find_short(char c)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (table[i].letter != 0 && table[i].letter == c)
			return &table[i];
	return NULL;
}

/*
 * popt's poptParseInteger() and the POPT_ARG_INT range check: strtoll
 * base 0 (so "0x10" and "010" are numbers, "" is 0, leading blanks and a
 * sign are taken), the whole string used, the value within int.
 */
static int
popt_int(struct pstate *st, const char *word, const char *s, int *out)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (end == NULL || *end != '\0')
		return popt_fail(st, word, "invalid numeric value");
	if (v < INT_MIN || v > INT_MAX)
		return popt_fail(st, word, "number too large or too small");
	*out = (int)v;
	return 0;
}

/* do_big_num(n, 3, NULL) for n >= 1024: the "128.00K" of the limits. */
static void
big_num(long n, char *buf, size_t cap)
{
	static const char units[] = "KMGTP";
	double d = (double)n / 1024;
	int u = 0;

	if (n < 1024) {
		snprintf(buf, cap, "%ld", n);
		return;
	}
	while (d >= 1024 && u < 4) {
		d /= 1024;
		u++;
	}
	snprintf(buf, cap, "%.2f%c", d, units[u]);
}

/*
 * options.c parse_size_arg(arg, 'b', "block-size", 0, max, False): digits
 * with an optional fraction, a unit (b k m g t p, the default b), then
 * "b" for powers of 1000 or "" / "ib" for 1024, then an optional "+1" or
 * "-1".  Returns the size, or -1 with upstream's text in st.
 */
static long
parse_block_size(struct pstate *st, const char *size_arg, long max_value)
{
	const char *arg, *err = "invalid";
	long size = 1, mult;
	int reps, too_large = 0;
	double dsize;
	char lim[32], eb[UPSTREAM_ERRBUF - 1];
	int len;

	for (arg = size_arg; isdigit((unsigned char)*arg); arg++)
		;
	if (*arg == '.')
		for (arg++; isdigit((unsigned char)*arg); arg++)
			;
	switch (*arg && *arg != '+' && *arg != '-' ? *arg++ : 'b') {
	case 'b': case 'B': reps = 0; break;
	case 'k': case 'K': reps = 1; break;
	case 'm': case 'M': reps = 2; break;
	case 'g': case 'G': reps = 3; break;
	case 't': case 'T': reps = 4; break;
	case 'p': case 'P': reps = 5; break;
	default: goto failure;
	}
	if (*arg == 'b' || *arg == 'B')
		mult = 1000, arg++;
	else if (!*arg || *arg == '+' || *arg == '-')
		mult = 1024;
	else if (strncasecmp(arg, "ib", 2) == 0)
		mult = 1024, arg += 2;
	else
		goto failure;
	while (reps--) {
		if (size > max_value / mult) {
			too_large = 1;
			goto failure;
		}
		size *= mult;
	}
	errno = 0;
	dsize = strtod(size_arg, NULL);
	if (errno == ERANGE || dsize < 0 || dsize > (double)max_value / size) {
		too_large = 1;
		goto failure;
	}
	size = (long)(dsize * size);
	if ((*arg == '+' || *arg == '-') && arg[1] == '1' && arg != size_arg) {
		if (*arg == '+') {
			if (size == max_value) {
				too_large = 1;
				goto failure;
			}
			size++;
		} else
			size--;
		arg += 2;
	}
	if (*arg)
		goto failure;
	if (size < 0 || size > max_value) {
		too_large = 1;
		goto failure;
	}
	return size;

failure:
	/* upstream: snprintf(err_buf, sizeof err_buf - 1, ...), the limit
	 * appended only while len < sizeof err_buf - 10 */
	len = snprintf(eb, sizeof eb, "--block-size=%s is %s", size_arg,
	    too_large ? "too large" : err);
	if (too_large && len >= 0 && len < UPSTREAM_ERRBUF - 10) {
		big_num(max_value, lim, sizeof lim);
		snprintf(eb + len, sizeof eb - (size_t)len, " (max: %s)", lim);
	}
	fail(st, "%s\n", eb);
	return -1;
}

/* An int field of *o by its offset. */
static int *
int_field(struct options *o, unsigned short off)
{
	return (int *)(void *)((char *)o + off);
}

/* A string field of *o by its offset. */
static const char **
str_field(struct options *o, unsigned short off)
{
	return (const char **)(void *)((char *)o + off);
}

/* Counts (-v, -i, -h, -V) saturate instead of overflowing on a huge bundle. */
static void
bump(int *p)
{
	if (*p < INT_MAX)
		(*p)++;
}

/* The parse_arguments() switch cases for the K_SPECIAL rows. */
static int
special(struct pstate *st, const struct optdef *d, const char *arg)
{
	struct options *o = st->o;
	long size;

	switch (d->val) {
	case SP_HELP:
		o->show_help = 1;
		return WALK_STOP;	/* upstream prints and exits right here */
	case SP_VERSION:
		bump(&o->show_version);
		return 0;
	case SP_ARCHIVE:	/* -rlptgoD: upstream's -a implies no -H/-A/-X */
		o->recurse = 1;
		o->links = o->perms = o->times = 1;
		o->group = o->owner = 1;
		o->devices = o->specials = 1;
		return 0;
	case SP_D:
		o->devices = o->specials = 1;
		return 0;
	case SP_NO_D:
		o->devices = o->specials = 0;
		return 0;
	case SP_DELETE:
		st->del = 1;
		return 0;
	case SP_DEL_BEFORE:
		st->del_before = 1;
		return 0;
	case SP_DEL_DURING:	/* --del and --delete-during */
		st->del_during = 1;
		return 0;
	case SP_DEL_DELAY:
		st->del_during = 2;
		return 0;
	case SP_DEL_AFTER:
		st->del_after = 1;
		return 0;
	case SP_BLOCK_SIZE:
		size = parse_block_size(st, arg,
		    st->proto < 30 ? OLD_MAX_BLOCK : MAX_BLOCK);
		if (size < 0)
			return OPT_ESYNTAX;
		o->block_size = (int)size;
		return 0;
	case SP_LOG_FORMAT:
		/* only the server takes it: it is how a pushing client says
		 * it itemizes (server_options) */
		if (!st->server)
			return refuse(st, d);
		o->log_format = arg;
		return 0;
	case SP_RSH:
		/* on a server, -e carries the client's capability letters
		 * (compat.c reads shell_cmd as client_info) */
		if (st->server)
			o->client_caps = arg;
		else
			o->rsh = arg;
		return 0;
	case SP_SERVER:
		if (!st->server)
			return WALK_SERVER;
		o->server = 1;
		return 0;
	case SP_SENDER:
		if (!st->server) {
			o->show_help = 2;	/* usage(FERROR), exit 1 */
			set_err(st, "");
			return OPT_ESYNTAX;
		}
		o->sender = 1;
		return 0;
	}
	return 0;
}

/*
 * One option with its argument (NULL for A_NONE); word is what popt would
 * name in an error.  The popt steps (the number) come before the rsync
 * ones (refusal, the switch), as in popt's poptGetNextOpt().
 */
static int
apply(struct pstate *st, const struct optdef *d, const char *arg,
    const char *word)
{
	int v = 0, rc;

	if (st->collect)
		return 0;
	if (d->arg == A_INT && (rc = popt_int(st, word, arg, &v)) != 0)
		return rc;
	switch (d->kind) {
	case K_UNSUP:
		return refuse(st, d);
	case K_SET:
		*int_field(st->o, d->field) = d->val;
		return 0;
	case K_INC:
		bump(int_field(st->o, d->field));
		return 0;
	case K_INT:
		*int_field(st->o, d->field) = v;
		if (d->field == F(protocol))
			st->proto = v;
		return 0;
	case K_STR:
		*str_field(st->o, d->field) = arg;
		return 0;
	default:
		return special(st, d, arg);
	}
}

/* "--name", "--name=value", "--name value" (popt takes the next word
 * whatever it is, even one starting with '-'). */
static int
long_opt(struct pstate *st, const char *w, int *next)
{
	const char *name = w + 2, *eq = strchr(name, '=');
	size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	const struct optdef *d = find_long(name, len);
	const char *arg = NULL, *word = w;

	if (d == NULL)
		return popt_fail(st, w, "unknown option");
	if (d->arg == A_NONE) {
		if (eq != NULL)
			return popt_fail(st, w, "option does not take an argument");
	} else if (eq != NULL)
		arg = eq + 1;
	else if (*next < st->argc)
		arg = word = st->argv[(*next)++];
	else
		return popt_fail(st, w, "missing argument");
	return apply(st, d, arg, word);
}

/* "-abc": letters in turn; a letter that takes a value takes the rest of
 * the word (less one '=') or else the next word. */
static int
short_opts(struct pstate *st, const char *w, int *next)
{
	const char *p = w + 1;

	while (*p != '\0') {
		const struct optdef *d = find_short(*p);
		const char *arg = NULL, *word = w;
		int rc;

		if (d == NULL)
			return popt_fail(st, w, "unknown option");
		p++;
		if (d->arg == A_NONE) {
			if (*p == '=')
				return popt_fail(st, w,
				    "option does not take an argument");
		} else if (*p != '\0') {
			arg = p + (*p == '=');
			p += strlen(p);
		} else if (*next < st->argc)
			arg = word = st->argv[(*next)++];
		else
			return popt_fail(st, w, "missing argument");
		if ((rc = apply(st, d, arg, word)) != 0)
			return rc;
	}
	return 0;
}

/*
 * A word that is no option.  The client's second pass moves it to the
 * front of argv[1..] (stable for the operands: slot nops+1 holds an
 * option word already passed).  The server wants "." first.
 */
static int
operand(struct pstate *st, int i)
{
	if (st->server) {
		if (st->dot == 0) {
			if (strcmp(st->argv[i], ".") != 0)
				return fail(st, "on remote machine: %s: the paths"
				    " must follow \".\"\n", st->argv[i]);
			st->dot = i;
		}
	} else if (st->collect) {
		char *t = st->argv[st->nops + 1];

		st->argv[st->nops + 1] = st->argv[i];
		st->argv[i] = t;
	}
	st->nops++;
	if (st->posix)
		st->rest = 1;
	return 0;
}

/* The popt loop over argv[1..]. */
static int
walk(struct pstate *st)
{
	int i = 1, rc;

	while (i < st->argc) {
		const char *w = st->argv[i];

		/* a server takes no option among its paths: such a word
		 * is neither taken as an option nor as a path */
		if (st->server && st->dot != 0 && !st->rest && w[0] == '-')
			return fail(st, "on remote machine: %s: an option after"
			    " \".\" (vrsync takes none among the paths)\n", w);
		if (st->rest || w[0] != '-' || w[1] == '\0') {
			if ((rc = operand(st, i)) != 0)
				return rc;
			i++;
			continue;
		}
		i++;
		if (w[1] == '-' && w[2] == '\0') {
			st->rest = 1;
			continue;
		}
		rc = w[1] == '-' ? long_opt(st, w, &i) : short_opts(st, w, &i);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * checksum.c get_nni_by_name() over valid_checksums (3.5.0 with xxhash
 * and openssl, as Debian's): a prefix of len bytes, case-insensitively,
 * that is a whole name; "auto" stands for the negotiated default.
 */
static int
csum_name_ok(const char *name, size_t len)
{
	static const char *const names[] = {
		"xxh128", "xxh3", "xxh64", "xxhash", "md5", "md4", "sha1",
		"none", "auto"
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == len && strncasecmp(name, names[i], len) == 0)
			return 1;
	return 0;
}

/*
 * parse_arguments()'s checksum_choice step and parse_checksum_choice(0):
 * "auto"/"auto,auto" mean none given; each name of "X[,Y]" must be
 * known.  Upstream names in its error everything from the bad name on
 * ("bogus,md5" for "bogus,md5").  A transfer checksum "none" forces
 * --whole-file.
 */
static int
check_csum(struct pstate *st)
{
	struct options *o = st->o;
	const char *cc = o->checksum_choice, *comma;
	size_t n1;

	if (cc == NULL)
		return 0;
	if (strcasecmp(cc, "auto") == 0 || strcasecmp(cc, "auto,auto") == 0) {
		o->checksum_choice = NULL;
		return 0;
	}
	comma = strchr(cc, ',');
	n1 = comma != NULL ? (size_t)(comma - cc) : strlen(cc);
	if (!csum_name_ok(cc, n1) ||
	    (comma != NULL && !csum_name_ok(comma + 1, strlen(comma + 1)))) {
		const char *bad = csum_name_ok(cc, n1) ? comma + 1 : cc;

		if (st->err != NULL && st->errcap > 0)
			snprintf(st->err, st->errcap,
			    "unknown checksum name: %s\n", bad);
		return OPT_EUNSUPPORTED;
	}
	if (n1 == 4 && strncasecmp(cc, "none", 4) == 0)
		o->whole_file = 1;
	return 0;
}

/* The --delete-WHEN checks of parse_arguments(); list_only: the client
 * was given one operand (upstream lists, and xfer_dirs is then set). */
static int
check_delete(struct pstate *st, int list_only)
{
	struct options *o = st->o;

	if (st->del_before + !!st->del_during + st->del_after > 1)
		return fail(st, "You may not combine multiple --delete-WHEN"
		    " options.\n");
	if (st->del_before)
		o->delete_mode = DEL_BEFORE;
	else if (st->del_during == 1)
		o->delete_mode = DEL_DURING;
	else if (st->del_during == 2)
		o->delete_mode = DEL_DELAY;
	else if (st->del_after)
		o->delete_mode = DEL_AFTER;
	else if (st->del)
		o->delete_mode = DEL_AUTO;
	else
		o->delete_mode = DEL_NONE;
	if (o->delete_mode != DEL_NONE && !o->recurse && !list_only)
		return fail(st, "--delete does not work without --recursive"
		    " (-r) or --dirs (-d).\n");
	return 0;
}

/* log.c log_format_has(): FORMAT holds the escape %ESC. */
static int
log_format_has(const char *format, char esc)
{
	const char *p;
	int width;

	if (format == NULL)
		return 0;
	for (p = format; (p = strchr(p, '%')) != NULL; ) {
		for (p++; *p == '\''; p++)
			;
		width = 1;
		if (*p == '-') {
			p++;
			width++;
		}
		while (isdigit((unsigned char)*p) && width < 32 - 8) {
			p++;
			width++;
		}
		while (*p == '\'')
			p++;
		if (!*p)
			break;
		if (*p == esc)
			return 1;
		if (*p == '%')
			p++;
	}
	return 0;
}

/* Every field at its upstream default. */
static void
init(struct pstate *st, int argc, char **argv, struct options *o,
    char *err, size_t errcap, int server)
{
	memset(st, 0, sizeof *st);
	memset(o, 0, sizeof *o);
	o->whole_file = -1;
	o->human = 1;		/* upstream's human_readable starts at 1 */
	st->o = o;
	st->argc = argc;
	st->argv = argv;
	st->server = server;
	st->proto = PROTO_DEFAULT;
	st->err = err;
	st->errcap = errcap;
	set_err(st, "");
}

int
opt_parse_client(int argc, char **argv, struct options *o, char *err,
    size_t errcap)
{
	struct pstate st;
	int rc;

	init(&st, argc, argv, o, err, errcap, 0);
	if (argc < 1 || argv == NULL)
		return fail(&st, "argc is zero!\n");
	st.posix = getenv("POSIXLY_CORRECT") != NULL ||
	    getenv("POSIX_ME_HARDER") != NULL;
	rc = walk(&st);
	if (rc == WALK_SERVER)
		return opt_parse_server(argc, argv, o, err, errcap);
	if (rc == WALK_STOP)
		return 0;
	if (rc != 0)
		return rc;
	if (o->show_version)		/* upstream prints it before any check */
		return 0;
	if ((rc = check_csum(&st)) != 0)
		return rc;
	if (o->human > 1 && argc == 2) {	/* the old meaning of -h */
		o->show_help = 1;
		return 0;
	}
	if ((rc = check_delete(&st, st.nops < 2)) != 0)
		return rc;
	if (o->timeout < 0)	/* set_io_timeout(): no timeout */
		o->timeout = 0;
	/* second pass: the same walk, applying nothing, gathers operands */
	st.collect = 1;
	st.rest = 0;
	st.nops = 0;
	(void)walk(&st);
	o->paths = argv + 1;
	o->npaths = st.nops;
	return 0;
}

int
opt_parse_server(int argc, char **argv, struct options *o, char *err,
    size_t errcap)
{
	struct pstate st;
	int rc;

	init(&st, argc, argv, o, err, errcap, 1);
	if (argc < 1 || argv == NULL)
		return fail(&st, "argc is zero!\n");
	rc = walk(&st);
	if (rc == WALK_STOP)
		return 0;
	if (rc != 0)
		return rc;
	if (!o->server)
		return fail(&st, "opt_parse_server: no --server in the"
		    " arguments\n");
	if (o->show_version)
		return 0;
	if (st.dot == 0)
		return fail(&st, "on remote machine: no \".\" and paths after"
		    " the options\n");
	if ((rc = check_csum(&st)) != 0)
		return rc;
	if ((rc = check_delete(&st, 0)) != 0)
		return rc;
	if (o->timeout < 0)
		o->timeout = 0;
	/* options.c: stdout_format_has_i for a server */
	if (log_format_has(o->log_format, 'I'))
		o->itemize = 2;
	else if (log_format_has(o->log_format, 'i'))
		o->itemize = 1;
	o->paths = argv + st.dot;
	o->npaths = argc - st.dot;
	return 0;
}

/* ---- server_options() ---- */

struct words {
	char	**out;
	size_t	 cap, n;
	char	*buf;
	size_t	 bufcap, used;
	int	 full;
};

/* Appends one word, formatted, to the output; marks overflow. */
__attribute__((format(printf, 2, 3)))
static void
put(struct words *w, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (w->full)
		return;
	if (w->n + 1 >= w->cap || w->used >= w->bufcap) {
		w->full = 1;
		return;
	}
	va_start(ap, fmt);
	len = vsnprintf(w->buf + w->used, w->bufcap - w->used, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= w->bufcap - w->used) {
		w->full = 1;
		return;
	}
	w->out[w->n++] = w->buf + w->used;
	w->used += (size_t)len + 1;
}

/*
 * safe_arg("--checksum-choice", arg) without -s/--old-args: a backslash
 * before each shell and wildcard character, so the remote shell passes
 * the value unchanged (the names checked by the parser have none).
 */
static void
put_safe(struct words *w, const char *opt, const char *arg)
{
	static const char esc[] = "*?[]!#$&;|<>(){}\"'` \t\n\r\\";
	char tmp[512];
	size_t k = 0;

	for (; *arg != '\0'; arg++) {
		if (k + 3 >= sizeof tmp) {
			w->full = 1;
			return;
		}
		if (strchr(esc, *arg) != NULL)
			tmp[k++] = '\\';
		tmp[k++] = *arg;
	}
	tmp[k] = '\0';
	put(w, "%s=%s", opt, tmp);
}

/* The one word of letters, in server_options() order. */
static void
letters(const struct options *o, int proto, char *s, size_t cap)
{
	size_t x = 0;

	s[x++] = '-';
	for (int i = 0; i < o->verbose && i < MAX_V_LETTERS; i++)
		s[x++] = 'v';
	if (o->quiet)
		s[x++] = 'q';
	if (o->dry_run)
		s[x++] = 'n';
	if (o->links)
		s[x++] = 'l';
	if (o->whole_file > 0)
		s[x++] = 'W';
	if (o->owner)
		s[x++] = 'o';
	if (o->group)
		s[x++] = 'g';
	if (o->devices)		/* specials go as long options */
		s[x++] = 'D';
	if (o->times)
		s[x++] = 't';
	if (o->perms)
		s[x++] = 'p';
	if (o->recurse)
		s[x++] = 'r';
	if (o->checksum)
		s[x++] = 'c';
	if (o->ignore_times)
		s[x++] = 'I';
	s[x] = '\0';
	/* maybe_add_e_option(): the pre-negotiation protocol decides */
	if (proto >= 30)
		snprintf(s + x, cap - x, "%s", E_CAPS);
}

int
opt_server_args(const struct options *o, int am_sender_client, int proto,
    char **out, size_t cap, char *buf, size_t bufcap, size_t *nout)
{
	struct words w = { out, cap, 0, buf, bufcap, 0, 0 };
	char word[64];

	if (nout != NULL)
		*nout = 0;
	if (o == NULL || out == NULL || buf == NULL || nout == NULL)
		return -1;
	put(&w, "--server");
	if (!am_sender_client)
		put(&w, "--sender");
	letters(o, proto, word, sizeof word);
	if (word[1] != '\0')
		put(&w, "%s", word);
	if (o->devices && !o->specials)
		put(&w, "--no-specials");
	else if (!o->devices && o->specials)
		put(&w, "--specials");
	if (am_sender_client) {
		/* what stdout_format the client has: -i gives "%i %n%L",
		 * --progress without -v an implied "%n%L" */
		if (o->itemize > 1)
			put(&w, "--log-format=%%i%%I");
		else if (o->itemize)
			put(&w, "--log-format=%%i");
		else if (o->progress && !o->verbose)
			put(&w, "--log-format=X");
	}
	if (o->block_size)
		put(&w, "-B%d", o->block_size);
	if (o->timeout > 0)
		put(&w, "--timeout=%d", o->timeout);
	if (o->checksum_choice != NULL)
		put_safe(&w, "--checksum-choice", o->checksum_choice);
	if (am_sender_client) {
		switch (o->delete_mode) {
		case DEL_BEFORE: put(&w, "--delete-before"); break;
		case DEL_DELAY: put(&w, "--delete-delay"); break;
		case DEL_DURING: put(&w, "--delete-during"); break;
		case DEL_AFTER: put(&w, "--delete-after"); break;
		case DEL_AUTO: put(&w, "--delete"); break;
		default: break;
		}
		if (o->size_only)
			put(&w, "--size-only");
		if (o->stats)
			put(&w, "--stats");
	}
	if (o->checksum_seed)
		put(&w, "--checksum-seed=%d", o->checksum_seed);
	if (o->numeric_ids)
		put(&w, "--numeric-ids");
	if (w.full)
		return -1;
	out[w.n] = NULL;
	*nout = w.n;
	return 0;
}

const char *
opt_err_where(const struct options *o, int rc)
{
	if (rc == OPT_EUNSUPPORTED)
		return "checksum.c(157)";
	if (o != NULL && o->show_help == 2)
		return "options.c(1533)";
	return "main.c(1886)";
}
