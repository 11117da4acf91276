/*
 * main.c: the command line (docs/vrsync.1): the options as rsync spells
 * them (cli/options.c), then a client (pull, push, local copy) or, with
 * --server, the remote end a client started (cli/run.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/options.h"
#include "cli/run.h"
#include "proto/session.h"

static void
version(FILE *f)
{
	fprintf(f, "vrsync version %s  protocol version %d\n"
	    "A verification-oriented reference implementation of the rsync"
	    " protocol.\n"
	    "Checksum list:\n    xxh128 xxh3 xxh64 md5 md4 sha1\n"
	    "vrsync is distributed under the ISC licence.\n",
	    VRSYNC_VERSION, VRSYNC_PROTOCOL);
}

static void
usage(FILE *f)
{
	version(f);
	fprintf(f, "\n"
	    "Usage: vrsync [OPTION]... SRC [SRC]... DEST\n"
	    "  or   vrsync [OPTION]... SRC [SRC]... [USER@]HOST:DEST\n"
	    "  or   vrsync [OPTION]... [USER@]HOST:SRC [DEST]\n"
	    "\n"
	    "Options (rsync's spelling and meaning; see vrsync(1)):\n"
	    " -v, --verbose            increase verbosity\n"
	    " -q, --quiet              suppress non-error messages\n"
	    " -c, --checksum           skip based on checksum, not mod-time & size\n"
	    " -a, --archive            archive mode is -rlptgoD (no -A,-X,-U,-N,-H)\n"
	    " -r, --recursive          recurse into directories\n"
	    " -l, --links              copy symlinks as symlinks\n"
	    " -p, --perms              preserve permissions\n"
	    " -o, --owner              preserve owner (super-user only)\n"
	    " -g, --group              preserve group\n"
	    "     --devices            preserve device files (super-user only)\n"
	    "     --specials           preserve special files\n"
	    " -D                       same as --devices --specials\n"
	    " -t, --times              preserve modification times\n"
	    " -n, --dry-run            perform a trial run with no changes made\n"
	    " -W, --whole-file         copy files whole (w/o delta-xfer algorithm)\n"
	    " -e, --rsh=COMMAND        specify the remote shell to use\n"
	    "     --rsync-path=PROGRAM specify the rsync to run on remote machine\n"
	    "     --delete             delete extraneous files from dest dirs\n"
	    "     --delete-before      receiver deletes before xfer, not during\n"
	    "     --delete-during      receiver deletes during the transfer\n"
	    "     --delete-delay       find deletions during, delete after\n"
	    "     --delete-after       receiver deletes after transfer, not during\n"
	    " -I, --ignore-times       don't skip files that match size and time\n"
	    "     --size-only          skip files that match in size\n"
	    " -B, --block-size=SIZE    force a fixed checksum block-size\n"
	    "     --timeout=SECONDS    set I/O timeout in seconds\n"
	    "     --contimeout=SECONDS set daemon connection timeout in seconds\n"
	    "     --numeric-ids        don't map uid/gid values by user/group name\n"
	    "     --checksum-choice=STR choose the checksum algorithm (aka --cc)\n"
	    "     --checksum-seed=NUM  set block/file checksum seed (advanced)\n"
	    "     --protocol=NUM       force an older protocol version to be used\n"
	    " -i, --itemize-changes    output a change-summary for all updates\n"
	    "     --stats              give some file-transfer stats\n"
	    "     --progress           show progress during transfer\n"
	    " -h, --human-readable     output numbers in a human-readable format\n"
	    " -V, --version            print the version + other info and exit\n"
	    "     --help               show this help\n");
}

int
main(int argc, char **argv)
{
	static struct options o;
	char err[1024];
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--server") == 0)
		rc = opt_parse_server(argc, argv, &o, err, sizeof err);
	else
		rc = opt_parse_client(argc, argv, &o, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "%s", err);
		fprintf(stderr, "rsync error: %s (code %d) at %s [%s=%s]\n",
		    rc == RERR_SYNTAX ? "syntax or usage error" :
		    "requested action not supported", rc, opt_err_where(&o, rc),
		    o.server ? "server" : "client", VRSYNC_VERSION);
		return rc;
	}
	if (o.server)
		return run_server(&o);
	if (o.show_version) {
		version(stdout);
		return 0;
	}
	if (o.show_help == 2) {
		usage(stderr);
		fprintf(stderr, "rsync error: syntax or usage error (code 1) at %s"
		    " [client=%s]\n", opt_err_where(&o, RERR_SYNTAX), VRSYNC_VERSION);
		return RERR_SYNTAX;
	}
	if (o.show_help || o.npaths == 0) {
		usage(stdout);
		return o.show_help ? 0 : RERR_SYNTAX;
	}
	return run_client(&o);
}
