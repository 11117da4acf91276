/*
 * options.h: the options vrsync supports, as one struct shared by the
 * client command line (src/cli/options.c), the server argv the client
 * builds (server_options) and the server's parser of that argv.
 * Spelling and meaning are rsync's (docs/vrsync.1).
 */
#ifndef VRSYNC_PROTO_OPTIONS_H
#define VRSYNC_PROTO_OPTIONS_H

#include <stddef.h>

/* --delete timing (upstream delete_before/during/after; --delete alone
 * means before for proto < 30, during from 30: resolved after the
 * protocol is known) */
#define DEL_NONE	0
#define DEL_AUTO	1	/* plain --delete */
#define DEL_BEFORE	2
#define DEL_DURING	3
#define DEL_AFTER	4
#define DEL_DELAY	5

struct options {
	/* transfer */
	int	recurse;	/* -r */
	int	links;		/* -l */
	int	perms;		/* -p */
	int	times;		/* -t */
	int	owner;		/* -o */
	int	group;		/* -g */
	int	devices;	/* --devices (-D) */
	int	specials;	/* --specials (-D) */
	int	checksum;	/* -c */
	int	whole_file;	/* -W: 1, --no-W: 0, default -1 (local: 1, else 0) */
	int	dry_run;	/* -n */
	int	delete_mode;	/* DEL_* */
	int	numeric_ids;	/* --numeric-ids */
	int	ignore_times;	/* -I */
	int	size_only;	/* --size-only */
	/* output */
	int	verbose;	/* -v count */
	int	quiet;		/* -q */
	int	itemize;	/* -i count */
	int	stats;		/* --stats */
	int	progress;	/* --progress */
	int	human;		/* -h count (for --stats/--progress numbers) */
	/* connection */
	const char *rsh;	/* -e/--rsh, NULL: RSYNC_RSH or "ssh" */
	const char *rsync_path;	/* --rsync-path, NULL: "rsync" */
	int	protocol;	/* --protocol, 0: ours (32) */
	int	timeout;	/* --timeout seconds, 0: none */
	int	contimeout;	/* --contimeout seconds, 0: none */
	const char *checksum_choice;	/* --checksum-choice / --cc */
	int	checksum_seed;	/* --checksum-seed, 0: time based */
	int	blocking_io;	/* --blocking-io (accepted, no effect here) */
	int	block_size;	/* -B / --block-size, 0: default */
	/* server side */
	int	server;		/* --server */
	int	sender;		/* --sender: the server sends */
	const char *client_caps;/* the -e.LsfxCIvu string the client sent (server) */
	const char *log_format;	/* server: the --log-format the client sent
				 * (X, %i, %i%I: pushes with --progress/-i) */
	/* what the caller is to do instead of a transfer (cli/options.h) */
	int	show_help;	/* --help (or -h alone): 1; usage error: 2 */
	int	show_version;	/* -V count */
	/* the operands: for the client all of them; for the server "." and
	 * the paths after it (upstream's argv[0] is that ".") */
	int	npaths;
	char	**paths;
};

#endif
