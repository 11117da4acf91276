/*
 * srvargv: the server's command line, which comes from the remote client
 * (spec/05-remote-shell.md; src/cli/options.c opt_parse_server, compiled
 * into this harness).
 *
 * Input: data[0] bit 0: "--server" is forced in as argv[1]; bits 1-2:
 * the error buffer (256 bytes, none (NULL, 0), 1 byte, 40 bytes).  The
 * rest is the argv words, split at each NUL byte (every piece is a word,
 * empty ones included; no bytes, no words), after argv[0] "rsync" (and
 * "--server").  Each word is a heap block of exactly its length + 1, the
 * argv array one of exactly argc + 1 pointers (argv[argc] NULL).
 *
 * Checked: the result is 0, 1 (OPT_ESYNTAX) or 4 (OPT_EUNSUPPORTED); the
 * error text is NUL-terminated inside the buffer, empty on success,
 * "rsync: ..." for 1 (the --sender usage case aside, empty) and "unknown
 * checksum name: ..." for 4; argv (pointers and bytes) is not modified;
 * the parse is pure (a second parse into another struct gives the same
 * result, text and fields).  On success, unless --help or -V ended the
 * parse early (then no paths): o->server is set, o->paths is the tail
 * of argv (paths + npaths == argv + argc), npaths >= 1, paths[0] is the
 * word ".", every path is one of the input words, and no path starts
 * with '-' unless a "--" word came before the ".".  o->client_caps and
 * o->log_format and o->checksum_choice, when set, point into an input
 * word.  ASan's leak check (replay) sees
 * that nothing is left allocated.
 */
#include "fz.h"

#include "../../src/cli/options.c"

#define MAXW	4096

static const size_t errcaps[4] = { 256, 0, 1, 40 };

/* p points into one of the words (or is one). */
static int
in_words(char **w, int n, const char *p)
{
	int i;

	for (i = 0; i < n; i++)
		if (p >= w[i] && p <= w[i] + strlen(w[i]))
			return 1;
	return 0;
}

static int
opts_eq(const struct options *a, const struct options *b)
{
	return a->recurse == b->recurse && a->links == b->links &&
	    a->perms == b->perms && a->times == b->times &&
	    a->owner == b->owner && a->group == b->group &&
	    a->devices == b->devices && a->specials == b->specials &&
	    a->checksum == b->checksum && a->whole_file == b->whole_file &&
	    a->dry_run == b->dry_run && a->delete_mode == b->delete_mode &&
	    a->numeric_ids == b->numeric_ids &&
	    a->ignore_times == b->ignore_times &&
	    a->size_only == b->size_only && a->verbose == b->verbose &&
	    a->quiet == b->quiet && a->itemize == b->itemize &&
	    a->stats == b->stats && a->progress == b->progress &&
	    a->human == b->human && a->rsh == b->rsh &&
	    a->rsync_path == b->rsync_path && a->protocol == b->protocol &&
	    a->timeout == b->timeout && a->contimeout == b->contimeout &&
	    a->checksum_choice == b->checksum_choice &&
	    a->checksum_seed == b->checksum_seed &&
	    a->blocking_io == b->blocking_io &&
	    a->block_size == b->block_size && a->server == b->server &&
	    a->sender == b->sender && a->client_caps == b->client_caps &&
	    a->log_format == b->log_format &&
	    a->show_help == b->show_help &&
	    a->show_version == b->show_version &&
	    a->npaths == b->npaths && a->paths == b->paths;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o, o2;
	char **argv, **keep, *err = NULL, *err2 = NULL;
	size_t errcap, len, i, start, nw = 0;
	int argc, fixed, rc, rc2, dot, dashdash, k;
	const uint8_t *in;

	if (size < 1)
		return 0;
	fixed = 1 + (data[0] & 1);
	errcap = errcaps[(data[0] >> 1) & 3];
	in = data + 1;
	len = size - 1;
	/* count the words */
	if (len > 0)
		for (nw = 1, i = 0; i < len; i++)
			if (in[i] == 0)
				nw++;
	if (nw > MAXW)
		nw = MAXW;
	argc = fixed + (int)nw;
	argv = malloc(((size_t)argc + 1) * sizeof(*argv));
	keep = malloc(((size_t)argc + 1) * sizeof(*keep));
	if (argv == NULL || keep == NULL)
		abort();
	argv[0] = strdup("rsync");
	if (fixed == 2)
		argv[1] = strdup("--server");
	for (k = fixed, start = 0, i = 0; k < argc; i++)
		if (i == len || in[i] == 0) {
			argv[k] = malloc(i - start + 1);
			if (argv[k] == NULL)
				abort();
			memcpy(argv[k], in + start, i - start);
			argv[k][i - start] = '\0';
			k++;
			start = i + 1;
		}
	argv[argc] = NULL;
	for (k = 0; k < argc; k++)
		if (argv[k] == NULL)
			abort();
	memcpy(keep, argv, ((size_t)argc + 1) * sizeof(*argv));
	if (errcap > 0) {
		err = malloc(errcap);
		err2 = malloc(errcap);
		if (err == NULL || err2 == NULL)
			abort();
		memset(err, 0x7F, errcap);
		memset(err2, 0x7F, errcap);
	}

	memset(&o, 0xA5, sizeof(o));
	rc = opt_parse_server(argc, argv, &o, err, errcap);
	FZ_CHECK(rc == 0 || rc == OPT_ESYNTAX || rc == OPT_EUNSUPPORTED);
	FZ_CHECK(opt_err_where(&o, rc) != NULL);

	/* argv untouched */
	FZ_CHECK(memcmp(keep, argv, ((size_t)argc + 1) * sizeof(*argv)) == 0);
	FZ_CHECK(strcmp(argv[0], "rsync") == 0);
	if (fixed == 2)
		FZ_CHECK(strcmp(argv[1], "--server") == 0);
	for (k = fixed, start = 0, i = 0; k < argc; i++)
		if (i == len || in[i] == 0) {
			FZ_CHECK(strlen(argv[k]) == i - start &&
			    memcmp(argv[k], in + start, i - start) == 0);
			k++;
			start = i + 1;
		}

	/* the error text */
	if (errcap > 0) {
		FZ_CHECK(memchr(err, '\0', errcap) != NULL);
		if (rc == 0)
			FZ_CHECK(err[0] == '\0');
		else if (errcap >= 40 && rc == OPT_EUNSUPPORTED)
			FZ_CHECK(strncmp(err, "unknown checksum name: ", 23) == 0);
		else if (errcap >= 40)
			FZ_CHECK(strncmp(err, "rsync: ", 7) == 0 ||
			    (err[0] == '\0' && o.show_help == 2));
	}

	/* pure: the same again */
	memset(&o2, 0x5A, sizeof(o2));
	rc2 = opt_parse_server(argc, argv, &o2, err2, errcap);
	FZ_CHECK(rc2 == rc);
	if (errcap > 0)
		FZ_CHECK(strcmp(err, err2) == 0);
	if (rc == 0)
		FZ_CHECK(opts_eq(&o, &o2));

	if (rc != 0)
		goto out;
	if (o.client_caps != NULL)
		FZ_CHECK(in_words(argv, argc, o.client_caps));
	if (o.log_format != NULL)
		FZ_CHECK(in_words(argv, argc, o.log_format));
	if (o.checksum_choice != NULL)
		FZ_CHECK(in_words(argv, argc, o.checksum_choice));
	if (o.npaths == 0) {
		/* only --help (anywhere, before --server too) or -V */
		FZ_CHECK(o.show_help == 1 || o.show_version > 0);
		FZ_CHECK(o.paths == NULL);
		goto out;
	}
	FZ_CHECK(o.server == 1);
	FZ_CHECK(o.npaths >= 1 && o.npaths < argc);
	FZ_CHECK(o.paths > argv && o.paths + o.npaths == argv + argc);
	FZ_CHECK(strcmp(o.paths[0], ".") == 0);
	dot = (int)(o.paths - argv);
	for (dashdash = 0, k = 1; k < dot; k++)
		if (strcmp(argv[k], "--") == 0)
			dashdash = 1;
	for (k = 0; k < o.npaths; k++) {
		FZ_CHECK(o.paths[k] == keep[dot + k] && o.paths[k] != NULL);
		if (o.paths[k][0] == '-')
			FZ_CHECK(dashdash);
	}
out:
	for (k = 0; k < argc; k++)
		free(argv[k]);
	free(argv);
	free(keep);
	free(err);
	free(err2);
	return 0;
}
