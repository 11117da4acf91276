/*
 * main.c: the command line.  In this version vrsync answers --version and
 * --help; a transfer is refused with rsync's "requested action not
 * supported" until the protocol engine exists (docs/vrsync.1, STATUS).
 */
#include <stdio.h>
#include <string.h>


#define RERR_SYNTAX	1	/* rsync: syntax or usage error */
#define RERR_UNSUPPORTED 4	/* rsync: requested action not supported */

static void
version(FILE *f)
{
	fprintf(f, "vrsync version %s  protocol version %d\n"
	    "A verification-oriented reference implementation of the rsync"
	    " protocol.\n"
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
	    "This version does not copy files yet; it answers:\n"
	    " -V, --version        print the version and exit\n"
	    "     --help           show this help and exit\n"
	    "\n"
	    "See vrsync(1) for what is planned.\n");
}

int
main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-V") == 0)) {
		version(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc < 2) {
		usage(stdout);
		return RERR_SYNTAX;
	}
	fprintf(stderr, "vrsync: transfers are not implemented in version %s;"
	    " only --version and --help work\n", VRSYNC_VERSION);
	fprintf(stderr, "vrsync error: requested action not supported"
	    " (code %d)\n", RERR_UNSUPPORTED);
	return RERR_UNSUPPORTED;
}
