/*
 * test_options.c: the command lines (src/cli/options.c) against upstream
 * rsync 3.5.0.
 *
 * How the vectors were established, on this machine (/usr/bin/rsync is
 * 3.5.0, protocol 32, Debian's build with popt 1.19):
 *   - error texts: `rsync ARGS` run in a scratch directory, stderr kept
 *     (the first line(s), before "rsync error: ..."); the server's with
 *     `rsync --server ARGS . x </dev/null`;
 *   - server argv: `rsync -e ./cap.sh ARGS` where cap.sh writes its argv,
 *     one word a line, to a file and exits 1; the words after the host
 *     and "rsync" up to the "." are the vectors below, verbatim.  The -e
 *     is left out of the argv here (it never reaches the server).  The
 *     recorded words hold upstream's "e.iLsfxCIvu" whenever it would use
 *     incremental recursion; vrsync never asks for it, so the test
 *     expects the same words with that one 'i' removed (drop_inc()).
 *   - the option table: upstream's options.c long_options[] (git
 *     RsyncProject/rsync, 3.5.0), every long name and letter, below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/options.h"

#define MAXW	64

/* Splits a space-separated line into argv (argv[0] "rsync"); words is
 * storage for the copy.  No quoting: the vectors need none. */
static int
split(const char *line, char *store, size_t cap, char **argv, int max)
{
	int n = 0;
	char *p;

	snprintf(store, cap, "%s", line);
	argv[n++] = "rsync";
	for (p = strtok(store, " "); p != NULL && n < max - 1;
	    p = strtok(NULL, " "))
		argv[n++] = p;
	argv[n] = NULL;
	return n;
}

/* The options as one line, every field that differs from the default. */
static void
summary(const struct options *o, char *s, size_t cap)
{
	size_t k = 0;

#define ADD(...) do { \
	int r_ = snprintf(s + k, cap - k, __VA_ARGS__); \
	if (r_ > 0 && (size_t)r_ < cap - k) k += (size_t)r_; \
} while (0)
#define FLAG(f, name) do { if (o->f) ADD(o->f == 1 ? " " name : " " name "=%d", o->f); } while (0)
	s[0] = '\0';
	FLAG(recurse, "r"); FLAG(links, "l"); FLAG(perms, "p");
	FLAG(times, "t"); FLAG(owner, "o"); FLAG(group, "g");
	FLAG(devices, "dev"); FLAG(specials, "spec"); FLAG(checksum, "c");
	if (o->whole_file != -1)
		ADD(" W=%d", o->whole_file);
	FLAG(dry_run, "n"); FLAG(delete_mode, "del");
	FLAG(numeric_ids, "num"); FLAG(ignore_times, "I");
	FLAG(size_only, "size"); FLAG(verbose, "v"); FLAG(quiet, "q");
	FLAG(itemize, "i"); FLAG(stats, "stats"); FLAG(progress, "prog");
	if (o->human != 1)
		ADD(" h=%d", o->human);
	if (o->rsh)
		ADD(" rsh=%s", o->rsh);
	if (o->rsync_path)
		ADD(" rpath=%s", o->rsync_path);
	FLAG(protocol, "proto"); FLAG(timeout, "to"); FLAG(contimeout, "cto");
	if (o->checksum_choice)
		ADD(" cc=%s", o->checksum_choice);
	FLAG(checksum_seed, "seed"); FLAG(blocking_io, "bio");
	FLAG(block_size, "B"); FLAG(server, "server"); FLAG(sender, "sender");
	if (o->client_caps)
		ADD(" caps=%s", o->client_caps);
	if (o->log_format)
		ADD(" logfmt=%s", o->log_format);
	FLAG(show_help, "help"); FLAG(show_version, "V");
	ADD(" |");
	for (int i = 0; i < o->npaths; i++)
		ADD(" %s", o->paths[i]);
#undef FLAG
#undef ADD
}

/* ---- the client's command line ---- */

static const struct {
	const char *args;
	const char *want;	/* summary() */
} client_ok[] = {
	{ "a b", " | a b" },
	{ "-a a b", " r l p t o g dev spec | a b" },
	{ "--archive a b", " r l p t o g dev spec | a b" },
	{ "-r -l -p -t -o -g -D a b", " r l p t o g dev spec | a b" },
	{ "--recursive --links --perms --times --owner --group --devices"
	  " --specials a b", " r l p t o g dev spec | a b" },
	{ "-rlptgoD a b", " r l p t o g dev spec | a b" },
	{ "-a --no-r --no-l --no-p --no-t --no-o --no-g --no-D a b", " | a b" },
	{ "-a --no-recursive --no-links --no-perms --no-times --no-owner"
	  " --no-group --no-devices --no-specials a b", " | a b" },
	{ "-D --no-devices a b", " spec | a b" },
	{ "--no-D -a a b", " r l p t o g dev spec | a b" },
	{ "-c --no-c -c a b", " c | a b" },
	{ "--checksum --no-checksum a b", " | a b" },
	{ "-W a b", " W=1 | a b" },
	{ "--whole-file --no-whole-file a b", " W=0 | a b" },
	{ "-W --no-W a b", " W=0 | a b" },
	{ "-n --dry-run a b", " n | a b" },
	{ "--numeric-ids a b", " num | a b" },
	{ "--numeric-ids --no-numeric-ids a b", " | a b" },
	{ "-I --ignore-times --size-only a b", " I size | a b" },
	{ "-vvv -v --verbose a b", " v=5 | a b" },
	{ "-vv --no-v -v a b", " v | a b" },
	{ "-v --no-verbose a b", " | a b" },
	{ "-q --quiet a b", " q=2 | a b" },
	{ "-i -ii --itemize-changes a b", " i=4 | a b" },
	{ "-ii --no-i a b", " | a b" },
	{ "-i --no-itemize-changes a b", " | a b" },
	{ "--stats --progress a b", " stats prog | a b" },
	{ "--progress --no-progress a b", " | a b" },
	{ "-h a b", " h=2 | a b" },
	{ "-hh --human-readable a b", " h=4 | a b" },
	{ "--no-h a b", " h=0 | a b" },
	{ "--no-human-readable -h a b", " | a b" },
	{ "-h a", " h=2 | a" },
	/* -e: the rest of the word, less one '=', or the next word */
	{ "-e ssh a b", " rsh=ssh | a b" },
	{ "-essh a b", " rsh=ssh | a b" },
	{ "-e=ssh a b", " rsh=ssh | a b" },
	{ "-ave=ssh a b", " r l p t o g dev spec v rsh=ssh | a b" },
	{ "-avessh a b", " r l p t o g dev spec v rsh=ssh | a b" },
	{ "-ve -a a b", " v rsh=-a | a b" },
	{ "--rsh=ssh a b", " rsh=ssh | a b" },
	{ "--rsh ssh a b", " rsh=ssh | a b" },
	{ "--rsh= a b", " rsh= | a b" },
	{ "--rsh -- a b", " rsh=-- | a b" },
	{ "--rsync-path=/x/rsync --rsync-path y a b", " rpath=y | a b" },
	{ "--protocol=29 a b", " proto=29 | a b" },
	{ "--protocol 30 a b", " proto=30 | a b" },
	/* popt's numbers: strtoll base 0, "" is 0 */
	{ "--timeout=0x10 a b", " to=16 | a b" },
	{ "--timeout=010 a b", " to=8 | a b" },
	{ "--timeout=+7 a b", " to=7 | a b" },
	{ "--timeout= a b", " | a b" },
	{ "--timeout=-5 a b", " | a b" },
	{ "--timeout=2147483647 a b", " to=2147483647 | a b" },
	{ "--timeout=5 --no-timeout a b", " | a b" },
	{ "--contimeout=3 a b", " cto=3 | a b" },
	{ "--contimeout=-3 a b", " cto=-3 | a b" },
	{ "--contimeout=3 --no-contimeout a b", " | a b" },
	{ "--checksum-seed=-2147483648 a b", " seed=-2147483648 | a b" },
	{ "--checksum-seed 7 a b", " seed=7 | a b" },
	{ "--cc=md5 a b", " cc=md5 | a b" },
	{ "--cc MD5 a b", " cc=MD5 | a b" },
	{ "--checksum-choice=xxh128,md5 a b", " cc=xxh128,md5 | a b" },
	{ "--cc=Auto,MD5 a b", " cc=Auto,MD5 | a b" },
	{ "--cc=xxhash,XXH3 a b", " cc=xxhash,XXH3 | a b" },
	{ "--cc=sha1,md4 a b", " cc=sha1,md4 | a b" },
	{ "--cc=auto a b", " | a b" },
	{ "--cc=AUTO,auto a b", " | a b" },
	{ "--cc=none a b", " W=1 cc=none | a b" },
	{ "--no-W --cc=none a b", " W=1 cc=none | a b" },
	{ "--cc=md5,none a b", " cc=md5,none | a b" },
	{ "--blocking-io a b", " bio | a b" },
	{ "--blocking-io --no-blocking-io a b", " | a b" },
	/* -B: parse_size_arg(), unit b by default */
	{ "-B 1024 a b", " B=1024 | a b" },
	{ "-B1k a b", " B=1024 | a b" },
	{ "-B=1000 a b", " B=1000 | a b" },
	{ "-B 1.5k a b", " B=1536 | a b" },
	{ "--block-size 1kb a b", " B=1000 | a b" },
	{ "--block-size=1KiB a b", " B=1024 | a b" },
	{ "-B 128k a b", " B=131072 | a b" },
	{ "-B 128k-1 a b", " B=131071 | a b" },
	{ "-B 0.5 a b", " | a b" },
	{ "-B 0 a b", " | a b" },
	{ "--protocol=29 -B 200000 a b", " proto=29 B=200000 | a b" },
	{ "-B 100000 --protocol=29 a b", " proto=29 B=100000 | a b" },
	/* deletes: plain --delete waits for the protocol */
	{ "-r --delete a b", " r del | a b" },
	{ "-r --del a b", " r del=3 | a b" },
	{ "-r --delete-before a b", " r del=2 | a b" },
	{ "-r --delete-during a b", " r del=3 | a b" },
	{ "-r --delete-after a b", " r del=4 | a b" },
	{ "-r --delete-delay a b", " r del=5 | a b" },
	{ "-r --delete --delete-after a b", " r del=4 | a b" },
	{ "-r --del --delete-delay a b", " r del=5 | a b" },
	{ "-r --delete-delay --del a b", " r del=3 | a b" },
	{ "--delete h:src", " del | h:src" },	/* one operand: a listing */
	/* operands: popt permutes, "--" ends the options */
	{ "a -r b -v", " r v | a b" },
	{ "a -- -r b", " | a -r b" },
	{ "-- --foo -Q", " | --foo -Q" },
	{ "a - b", " | a - b" },
	{ "-r -- a --", " r | a --" },
	{ "", " |" },
	{ "-v", " v |" },
	/* --help, -V, -h */
	{ "--help", " help |" },
	{ "--help --bogus", " help |" },
	{ "-r --help -z", " r help |" },
	{ "-V", " V |" },
	{ "-VV a b", " V=2 |" },
	{ "--version -h", " h=2 V |" },
	{ "-V --cc=bogus a b", " cc=bogus V |" },
	{ "-h", " h=2 help |" },
	{ "-hh", " h=3 help |" },
	{ "--human-readable", " h=2 help |" },
	{ "-hv", " v h=2 help |" },
	{ "-h -v", " v h=2 |" },
};

static void
test_client_ok(void **state)
{
	char store[512], sum[1024], *argv[MAXW], err[256];
	struct options o;

	(void)state;
	unsetenv("POSIXLY_CORRECT");
	unsetenv("POSIX_ME_HARDER");
	for (size_t i = 0; i < sizeof client_ok / sizeof client_ok[0]; i++) {
		int argc = split(client_ok[i].args, store, sizeof store, argv, MAXW);
		int rc = opt_parse_client(argc, argv, &o, err, sizeof err);

		if (rc != 0)
			fail_msg("%s: rc %d: %s", client_ok[i].args, rc, err);
		summary(&o, sum, sizeof sum);
		if (strcmp(sum, client_ok[i].want) != 0)
			fail_msg("%s:\n got [%s]\nwant [%s]", client_ok[i].args,
			    sum, client_ok[i].want);
		assert_string_equal(err, "");
	}
}

/* Upstream's stderr (before its "rsync error:" line) for bad lines. */
static const struct {
	const char *args;
	int rc;
	const char *err;
} client_err[] = {
	{ "--foo a b", 1, "rsync: --foo: unknown option\n" },
	{ "--zzz=3 a b", 1, "rsync: --zzz=3: unknown option\n" },
	{ "-Q a b", 1, "rsync: -Q: unknown option\n" },
	{ "-aQz a b", 1, "rsync: -aQz: unknown option\n" },
	{ "-avQ a b", 1, "rsync: -avQ: unknown option\n" },
	{ "--verb a b", 1, "rsync: --verb: unknown option\n" },
	{ "--dele a b", 1, "rsync: --dele: unknown option\n" },
	{ "--no-I a b", 1, "rsync: --no-I: unknown option\n" },
	{ "--no-stats a b", 1, "rsync: --no-stats: unknown option\n" },
	{ "--=x a b", 1, "rsync: --=x: unknown option\n" },
	{ "-= a b", 1, "rsync: -=: unknown option\n" },
	{ "a b -Q", 1, "rsync: -Q: unknown option\n" },
	{ "--timeout=x a b", 1, "rsync: --timeout=x: invalid numeric value\n" },
	{ "--timeout x a b", 1, "rsync: x: invalid numeric value\n" },
	{ "--timeout=5x a b", 1, "rsync: --timeout=5x: invalid numeric value\n" },
	{ "--timeout=99999999999 a b", 1,
	  "rsync: --timeout=99999999999: number too large or too small\n" },
	{ "--checksum-seed=2147483648 a b", 1,
	  "rsync: --checksum-seed=2147483648: number too large or too small\n" },
	{ "--timeout=-2147483649 a b", 1,
	  "rsync: --timeout=-2147483649: number too large or too small\n" },
	{ "--protocol 99999999999999999999999 a b", 1,
	  "rsync: 99999999999999999999999: number too large or too small\n" },
	{ "--timeout", 1, "rsync: --timeout: missing argument\n" },
	{ "--protocol=x a b", 1, "rsync: --protocol=x: invalid numeric value\n" },
	{ "--checksum-seed=x a b", 1,
	  "rsync: --checksum-seed=x: invalid numeric value\n" },
	{ "--contimeout=x a b", 1,
	  "rsync: --contimeout=x: invalid numeric value\n" },
	{ "-e", 1, "rsync: -e: missing argument\n" },
	{ "--rsh", 1, "rsync: --rsh: missing argument\n" },
	{ "-vB", 1, "rsync: -vB: missing argument\n" },
	{ "-B", 1, "rsync: -B: missing argument\n" },
	{ "--help=3", 1, "rsync: --help=3: option does not take an argument\n" },
	{ "--stats=1 a b", 1,
	  "rsync: --stats=1: option does not take an argument\n" },
	{ "-r=1 a b", 1, "rsync: -r=1: option does not take an argument\n" },
	{ "-B x a b", 1, "rsync: --block-size=x is invalid\n" },
	{ "-B 1e3 a b", 1, "rsync: --block-size=1e3 is invalid\n" },
	{ "-B 0.5x a b", 1, "rsync: --block-size=0.5x is invalid\n" },
	{ "-B 200000 a b", 1,
	  "rsync: --block-size=200000 is too large (max: 128.00K)\n" },
	{ "-B 131073 a b", 1,
	  "rsync: --block-size=131073 is too large (max: 128.00K)\n" },
	{ "-B 128k+1 a b", 1,
	  "rsync: --block-size=128k+1 is too large (max: 128.00K)\n" },
	{ "-B 1t a b", 1, "rsync: --block-size=1t is too large (max: 128.00K)\n" },
	{ "--block-size=-1 a b", 1,
	  "rsync: --block-size=-1 is too large (max: 128.00K)\n" },
	{ "--no-h -B 200000 a b", 1,
	  "rsync: --block-size=200000 is too large (max: 128.00K)\n" },
	{ "--protocol=29 -B 600000000 a b", 1,
	  "rsync: --block-size=600000000 is too large (max: 512.00M)\n" },
	{ "--cc=foo a b", 4, "unknown checksum name: foo\n" },
	{ "--checksum-choice=md5,bogus a b", 4, "unknown checksum name: bogus\n" },
	{ "--cc=bogus,md5 a b", 4, "unknown checksum name: bogus,md5\n" },
	{ "--cc=auto,bogus a b", 4, "unknown checksum name: bogus\n" },
	{ "--cc= a b", 4, "unknown checksum name: \n" },
	{ "--cc=, a b", 4, "unknown checksum name: ,\n" },
	{ "--cc=md5, a b", 4, "unknown checksum name: \n" },
	{ "--del a b", 1, "rsync: --delete does not work without --recursive"
	  " (-r) or --dirs (-d).\n" },
	{ "--delete a b", 1, "rsync: --delete does not work without --recursive"
	  " (-r) or --dirs (-d).\n" },
	{ "--delete-before --delete-after -r a b", 1,
	  "rsync: You may not combine multiple --delete-WHEN options.\n" },
	{ "--delete-during --delete-after -r a b", 1,
	  "rsync: You may not combine multiple --delete-WHEN options.\n" },
	{ "--del --delete-before -r a b", 1,
	  "rsync: You may not combine multiple --delete-WHEN options.\n" },
	/* known upstream, not implemented: refused, named upstream's way */
	{ "-z a b", 1, "rsync: This rsync does not support --compress (-z)\n" },
	{ "-avz a b", 1, "rsync: This rsync does not support --compress (-z)\n" },
	{ "-H a b", 1, "rsync: This rsync does not support --hard-links (-H)\n" },
	{ "-P a b", 1,
	  "rsync: This rsync does not support -P (--partial --progress)\n" },
	{ "-F a b", 1, "rsync: This rsync does not support -F\n" },
	{ "--partial a b", 1, "rsync: This rsync does not support --partial\n" },
	{ "--inplace a b", 1, "rsync: This rsync does not support --inplace\n" },
	{ "--exclude=x a b", 1, "rsync: This rsync does not support --exclude\n" },
	{ "--exclude x a b", 1, "rsync: This rsync does not support --exclude\n" },
	{ "--log-format=%i a b", 1,
	  "rsync: This rsync does not support --log-format\n" },
	{ "--no-z a b", 1, "rsync: This rsync does not support --no-z\n" },
	{ "--daemon", 1, "rsync: This rsync does not support --daemon\n" },
	/* popt's checks come before the refusal, as upstream's */
	{ "--exclude", 1, "rsync: --exclude: missing argument\n" },
	{ "--inplace=3 a b", 1,
	  "rsync: --inplace=3: option does not take an argument\n" },
	{ "--max-delete=x a b", 1,
	  "rsync: --max-delete=x: invalid numeric value\n" },
	/* the first error wins; -V does not hide a bad option */
	{ "-V --foo", 1, "rsync: --foo: unknown option\n" },
	{ "--foo --help", 1, "rsync: --foo: unknown option\n" },
	{ "--timeout= x a b -Q", 1, "rsync: -Q: unknown option\n" },
	{ "-Q --timeout=x", 1, "rsync: -Q: unknown option\n" },
	{ "--sender a b", 1, "" },
	{ "--sender --server . x", 1, "" },
	/* a --server line: an error before --server is the client's text,
	 * after it the server's (upstream restarts its parse there) */
	{ "--zzz --server . x", 1, "rsync: --zzz: unknown option\n" },
	{ "-v --server --zzz . x", 1,
	  "rsync: on remote machine: --zzz: unknown option\n" },
	{ "-v --server -z . x", 1,
	  "rsync: The server does not support --compress (-z)\n" },
};

static void
test_client_err(void **state)
{
	char store[512], *argv[MAXW], err[256];
	struct options o;

	(void)state;
	for (size_t i = 0; i < sizeof client_err / sizeof client_err[0]; i++) {
		int argc = split(client_err[i].args, store, sizeof store, argv, MAXW);
		int rc = opt_parse_client(argc, argv, &o, err, sizeof err);

		if (rc != client_err[i].rc || strcmp(err, client_err[i].err) != 0)
			fail_msg("%s: rc %d [%s], want %d [%s]", client_err[i].args,
			    rc, err, client_err[i].rc, client_err[i].err);
		assert_string_equal(opt_err_where(&o, rc),
		    rc == 4 ? "checksum.c(157)" :
		    strncmp(client_err[i].args, "--sender", 8) == 0 ?
		    "options.c(1533)" : "main.c(1886)");
	}
}

/* The usage case and the cut of long texts at upstream's 200 bytes. */
static void
test_client_err_edges(void **state)
{
	char big[400], arg[400], *argv[4], err[512];
	struct options o;

	(void)state;
	argv[0] = "rsync";
	argv[1] = "--sender";
	argv[2] = NULL;
	assert_int_equal(opt_parse_client(2, argv, &o, err, sizeof err), 1);
	assert_int_equal(o.show_help, 2);
	assert_string_equal(err, "");

	/* "--xxx...(300)": upstream's text is cut at 199 bytes, no newline */
	memset(big, 'x', sizeof big);
	big[0] = big[1] = '-';
	big[302] = '\0';
	argv[1] = big;
	assert_int_equal(opt_parse_client(2, argv, &o, err, sizeof err), 1);
	assert_int_equal(strlen(err), 7 + 199);
	assert_memory_equal(err, "rsync: --xxx", 12);
	assert_int_equal(err[strlen(err) - 1], 'x');

	/* -B with a long value: cut at 198 and the newline kept; the
	 * limit only while it fits */
	memset(arg, '9', sizeof arg);
	arg[180] = '\0';
	argv[1] = "-B";
	argv[2] = arg;
	assert_int_equal(opt_parse_client(3, argv, &o, err, sizeof err), 1);
	assert_int_equal(strlen(err), 7 + 198 + 1);
	assert_int_equal(err[strlen(err) - 1], '\n');
	arg[164] = '\0';
	assert_int_equal(opt_parse_client(3, argv, &o, err, sizeof err), 1);
	assert_non_null(strstr(err, "9 is too large\n"));
	arg[163] = '\0';
	assert_int_equal(opt_parse_client(3, argv, &o, err, sizeof err), 1);
	assert_non_null(strstr(err, "9 is too large (max: 12\n"));
	arg[150] = '\0';
	assert_int_equal(opt_parse_client(3, argv, &o, err, sizeof err), 1);
	assert_non_null(strstr(err, "9 is too large (max: 128.00K)\n"));

	/* a small err buffer is cut, and NUL-terminated */
	argv[1] = "--foo";
	assert_int_equal(opt_parse_client(2, argv, &o, err, 8), 1);
	assert_string_equal(err, "rsync: ");
	assert_int_equal(opt_parse_client(2, argv, &o, NULL, 0), 1);
	assert_int_equal(opt_parse_client(0, argv, &o, err, sizeof err), 1);
}

/* Every letter: upstream's (with an argument where it takes one) parse or
 * are refused, the others are unknown. */
static void
test_letters(void **state)
{
	static const char upstream[] = "VvqhnardpEAXtUNOJ@ogDlLkKHRIxuSfFCWcByzPmib0seT468M";
	static const char takes_arg[] = "@fBeTM";
	static const char ours[] = "VvqhnarptogDlIWcBie";
	char *argv[8], word[3] = "-?", err[256];
	struct options o;

	(void)state;
	for (int c = 33; c < 127; c++) {
		int argc = 2, rc;

		if (c == '-')
			continue;
		word[1] = (char)c;
		argv[0] = "rsync";
		argv[1] = word;
		if (strchr(takes_arg, c) != NULL)
			argv[argc++] = c == '@' ? "1" : "1k";
		argv[argc++] = "-r";
		argv[argc++] = "a";
		argv[argc++] = "b";
		argv[argc] = NULL;
		rc = opt_parse_client(argc, argv, &o, err, sizeof err);
		if (strchr(ours, c) != NULL) {
			if (rc != 0)
				fail_msg("-%c: %s", c, err);
		} else if (strchr(upstream, c) != NULL) {
			if (rc != 1 || strstr(err, "This rsync does not support") == NULL)
				fail_msg("-%c: rc %d %s", c, rc, err);
		} else {
			char want[64];

			snprintf(want, sizeof want, "rsync: -%c: unknown option\n", c);
			if (rc != 1 || strcmp(err, want) != 0)
				fail_msg("-%c: rc %d %s", c, rc, err);
		}
	}
}

/* Every long name of upstream's table: ours parse, the rest are refused
 * by name (never "unknown"). */
static const struct {
	const char *name;
	char letter;
	int arg;	/* takes a value */
	int ours;	/* 1: vrsync implements it; 2: only as a server */
} longs[] = {
	{ "help", 0, 0, 1 },
	{ "version", 'V', 0, 1 },
	{ "verbose", 'v', 0, 1 },
	{ "no-verbose", 0, 0, 1 },
	{ "no-v", 0, 0, 1 },
	{ "info", 0, 1, 0 },
	{ "debug", 0, 1, 0 },
	{ "stderr", 0, 1, 0 },
	{ "msgs2stderr", 0, 0, 0 },
	{ "no-msgs2stderr", 0, 0, 0 },
	{ "quiet", 'q', 0, 1 },
	{ "motd", 0, 0, 0 },
	{ "no-motd", 0, 0, 0 },
	{ "stats", 0, 0, 1 },
	{ "human-readable", 'h', 0, 1 },
	{ "no-human-readable", 0, 0, 1 },
	{ "no-h", 0, 0, 1 },
	{ "dry-run", 'n', 0, 1 },
	{ "archive", 'a', 0, 1 },
	{ "recursive", 'r', 0, 1 },
	{ "no-recursive", 0, 0, 1 },
	{ "no-r", 0, 0, 1 },
	{ "inc-recursive", 0, 0, 0 },
	{ "no-inc-recursive", 0, 0, 0 },
	{ "i-r", 0, 0, 0 },
	{ "no-i-r", 0, 0, 0 },
	{ "dirs", 'd', 0, 0 },
	{ "no-dirs", 0, 0, 0 },
	{ "no-d", 0, 0, 0 },
	{ "old-dirs", 0, 0, 0 },
	{ "old-d", 0, 0, 0 },
	{ "perms", 'p', 0, 1 },
	{ "no-perms", 0, 0, 1 },
	{ "no-p", 0, 0, 1 },
	{ "executability", 'E', 0, 0 },
	{ "acls", 'A', 0, 0 },
	{ "no-acls", 0, 0, 0 },
	{ "no-A", 0, 0, 0 },
	{ "xattrs", 'X', 0, 0 },
	{ "no-xattrs", 0, 0, 0 },
	{ "no-X", 0, 0, 0 },
	{ "times", 't', 0, 1 },
	{ "no-times", 0, 0, 1 },
	{ "no-t", 0, 0, 1 },
	{ "atimes", 'U', 0, 0 },
	{ "no-atimes", 0, 0, 0 },
	{ "no-U", 0, 0, 0 },
	{ "open-noatime", 0, 0, 0 },
	{ "no-open-noatime", 0, 0, 0 },
	{ "crtimes", 'N', 0, 0 },
	{ "no-crtimes", 0, 0, 0 },
	{ "no-N", 0, 0, 0 },
	{ "omit-dir-times", 'O', 0, 0 },
	{ "no-omit-dir-times", 0, 0, 0 },
	{ "no-O", 0, 0, 0 },
	{ "omit-link-times", 'J', 0, 0 },
	{ "no-omit-link-times", 0, 0, 0 },
	{ "no-J", 0, 0, 0 },
	{ "modify-window", '@', 1, 0 },
	{ "super", 0, 0, 0 },
	{ "no-super", 0, 0, 0 },
	{ "fake-super", 0, 0, 0 },
	{ "owner", 'o', 0, 1 },
	{ "no-owner", 0, 0, 1 },
	{ "no-o", 0, 0, 1 },
	{ "group", 'g', 0, 1 },
	{ "no-group", 0, 0, 1 },
	{ "no-g", 0, 0, 1 },
	{ "no-D", 0, 0, 1 },
	{ "devices", 0, 0, 1 },
	{ "no-devices", 0, 0, 1 },
	{ "copy-devices", 0, 0, 0 },
	{ "write-devices", 0, 0, 0 },
	{ "no-write-devices", 0, 0, 0 },
	{ "specials", 0, 0, 1 },
	{ "no-specials", 0, 0, 1 },
	{ "drop-D", 0, 0, 0 },
	{ "no-drop-D", 0, 0, 0 },
	{ "confine-root", 0, 1, 0 },
	{ "links", 'l', 0, 1 },
	{ "no-links", 0, 0, 1 },
	{ "no-l", 0, 0, 1 },
	{ "copy-links", 'L', 0, 0 },
	{ "copy-unsafe-links", 0, 0, 0 },
	{ "safe-links", 0, 0, 0 },
	{ "insecure-links", 0, 0, 0 },
	{ "no-insecure-links", 0, 0, 0 },
	{ "munge-links", 0, 0, 0 },
	{ "no-munge-links", 0, 0, 0 },
	{ "copy-dirlinks", 'k', 0, 0 },
	{ "keep-dirlinks", 'K', 0, 0 },
	{ "hard-links", 'H', 0, 0 },
	{ "no-hard-links", 0, 0, 0 },
	{ "no-H", 0, 0, 0 },
	{ "relative", 'R', 0, 0 },
	{ "no-relative", 0, 0, 0 },
	{ "no-R", 0, 0, 0 },
	{ "implied-dirs", 0, 0, 0 },
	{ "no-implied-dirs", 0, 0, 0 },
	{ "i-d", 0, 0, 0 },
	{ "no-i-d", 0, 0, 0 },
	{ "chmod", 0, 1, 0 },
	{ "ignore-times", 'I', 0, 1 },
	{ "size-only", 0, 0, 1 },
	{ "one-file-system", 'x', 0, 0 },
	{ "no-one-file-system", 0, 0, 0 },
	{ "no-x", 0, 0, 0 },
	{ "update", 'u', 0, 0 },
	{ "existing", 0, 0, 0 },
	{ "ignore-non-existing", 0, 0, 0 },
	{ "ignore-existing", 0, 0, 0 },
	{ "max-size", 0, 1, 0 },
	{ "min-size", 0, 1, 0 },
	{ "max-alloc", 0, 1, 0 },
	{ "sparse", 'S', 0, 0 },
	{ "no-sparse", 0, 0, 0 },
	{ "no-S", 0, 0, 0 },
	{ "preallocate", 0, 0, 0 },
	{ "inplace", 0, 0, 0 },
	{ "no-inplace", 0, 0, 0 },
	{ "append", 0, 0, 0 },
	{ "append-verify", 0, 0, 0 },
	{ "no-append", 0, 0, 0 },
	{ "del", 0, 0, 1 },
	{ "delete", 0, 0, 1 },
	{ "delete-before", 0, 0, 1 },
	{ "delete-during", 0, 0, 1 },
	{ "delete-delay", 0, 0, 1 },
	{ "delete-after", 0, 0, 1 },
	{ "delete-excluded", 0, 0, 0 },
	{ "delete-missing-args", 0, 0, 0 },
	{ "ignore-missing-args", 0, 0, 0 },
	{ "remove-sent-files", 0, 0, 0 },
	{ "remove-source-files", 0, 0, 0 },
	{ "force", 0, 0, 0 },
	{ "no-force", 0, 0, 0 },
	{ "ignore-errors", 0, 0, 0 },
	{ "no-ignore-errors", 0, 0, 0 },
	{ "max-delete", 0, 1, 0 },
	{ "filter", 'f', 1, 0 },
	{ "exclude", 0, 1, 0 },
	{ "include", 0, 1, 0 },
	{ "exclude-from", 0, 1, 0 },
	{ "include-from", 0, 1, 0 },
	{ "cvs-exclude", 'C', 0, 0 },
	{ "whole-file", 'W', 0, 1 },
	{ "no-whole-file", 0, 0, 1 },
	{ "no-W", 0, 0, 1 },
	{ "checksum", 'c', 0, 1 },
	{ "no-checksum", 0, 0, 1 },
	{ "no-c", 0, 0, 1 },
	{ "checksum-choice", 0, 1, 1 },
	{ "cc", 0, 1, 1 },
	{ "block-size", 'B', 1, 1 },
	{ "compare-dest", 0, 1, 0 },
	{ "copy-dest", 0, 1, 0 },
	{ "link-dest", 0, 1, 0 },
	{ "fuzzy", 'y', 0, 0 },
	{ "no-fuzzy", 0, 0, 0 },
	{ "no-y", 0, 0, 0 },
	{ "compress", 'z', 0, 0 },
	{ "old-compress", 0, 0, 0 },
	{ "new-compress", 0, 0, 0 },
	{ "no-compress", 0, 0, 0 },
	{ "no-z", 0, 0, 0 },
	{ "compress-choice", 0, 1, 0 },
	{ "zc", 0, 1, 0 },
	{ "skip-compress", 0, 1, 0 },
	{ "compress-level", 0, 1, 0 },
	{ "zl", 0, 1, 0 },
	{ "compress-threads", 0, 1, 0 },
	{ "zt", 0, 1, 0 },
	{ "progress", 0, 0, 1 },
	{ "no-progress", 0, 0, 1 },
	{ "partial", 0, 0, 0 },
	{ "no-partial", 0, 0, 0 },
	{ "partial-dir", 0, 1, 0 },
	{ "delay-updates", 0, 0, 0 },
	{ "no-delay-updates", 0, 0, 0 },
	{ "prune-empty-dirs", 'm', 0, 0 },
	{ "no-prune-empty-dirs", 0, 0, 0 },
	{ "no-m", 0, 0, 0 },
	{ "log-file", 0, 1, 0 },
	{ "log-file-format", 0, 1, 0 },
	{ "out-format", 0, 1, 0 },
	{ "log-format", 0, 1, 2 },
	{ "itemize-changes", 'i', 0, 1 },
	{ "no-itemize-changes", 0, 0, 1 },
	{ "no-i", 0, 0, 1 },
	{ "bwlimit", 0, 1, 0 },
	{ "no-bwlimit", 0, 0, 0 },
	{ "backup", 'b', 0, 0 },
	{ "no-backup", 0, 0, 0 },
	{ "backup-dir", 0, 1, 0 },
	{ "suffix", 0, 1, 0 },
	{ "list-only", 0, 0, 0 },
	{ "read-batch", 0, 1, 0 },
	{ "write-batch", 0, 1, 0 },
	{ "only-write-batch", 0, 1, 0 },
	{ "files-from", 0, 1, 0 },
	{ "from0", '0', 0, 0 },
	{ "no-from0", 0, 0, 0 },
	{ "old-args", 0, 0, 0 },
	{ "no-old-args", 0, 0, 0 },
	{ "secluded-args", 's', 0, 0 },
	{ "no-secluded-args", 0, 0, 0 },
	{ "protect-args", 0, 0, 0 },
	{ "no-protect-args", 0, 0, 0 },
	{ "no-s", 0, 0, 0 },
	{ "trust-sender", 0, 0, 0 },
	{ "numeric-ids", 0, 0, 1 },
	{ "no-numeric-ids", 0, 0, 1 },
	{ "usermap", 0, 1, 0 },
	{ "groupmap", 0, 1, 0 },
	{ "chown", 0, 1, 0 },
	{ "timeout", 0, 1, 1 },
	{ "no-timeout", 0, 0, 1 },
	{ "contimeout", 0, 1, 1 },
	{ "no-contimeout", 0, 0, 1 },
	{ "fsync", 0, 0, 0 },
	{ "stop-after", 0, 1, 0 },
	{ "time-limit", 0, 1, 0 },
	{ "stop-at", 0, 1, 0 },
	{ "rsh", 'e', 1, 1 },
	{ "rsync-path", 0, 1, 1 },
	{ "temp-dir", 'T', 1, 0 },
	{ "iconv", 0, 1, 0 },
	{ "no-iconv", 0, 0, 0 },
	{ "ipv4", '4', 0, 0 },
	{ "ipv6", '6', 0, 0 },
	{ "8-bit-output", '8', 0, 0 },
	{ "no-8-bit-output", 0, 0, 0 },
	{ "no-8", 0, 0, 0 },
	{ "mkpath", 0, 0, 0 },
	{ "no-mkpath", 0, 0, 0 },
	{ "qsort", 0, 0, 0 },
	{ "copy-as", 0, 1, 0 },
	{ "address", 0, 1, 0 },
	{ "port", 0, 1, 0 },
	{ "sockopts", 0, 1, 0 },
	{ "password-file", 0, 1, 0 },
	{ "early-input", 0, 1, 0 },
	{ "blocking-io", 0, 0, 1 },
	{ "no-blocking-io", 0, 0, 1 },
	{ "outbuf", 0, 1, 0 },
	{ "remote-option", 'M', 1, 0 },
	{ "protocol", 0, 1, 1 },
	{ "checksum-seed", 0, 1, 1 },
	{ "server", 0, 0, 1 },
	{ "sender", 0, 0, 1 },
	{ "config", 0, 1, 0 },
	{ "daemon", 0, 0, 0 },
	{ "dparam", 0, 1, 0 },
	{ "detach", 0, 0, 0 },
	{ "no-detach", 0, 0, 0 },
};

static void
test_long_names(void **state)
{
	char word[80], err[256], *argv[8];
	struct options o;

	(void)state;
	assert_int_equal(sizeof longs / sizeof longs[0], 255);
	for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
		const char *n = longs[i].name;
		int argc = 2, rc;

		if (strcmp(n, "help") == 0 || strcmp(n, "version") == 0 ||
		    strcmp(n, "server") == 0 || strcmp(n, "sender") == 0)
			continue;	/* tested on their own */
		snprintf(word, sizeof word, "--%s%s", n, longs[i].arg ? "=1" : "");
		if (strcmp(n, "checksum-choice") == 0 || strcmp(n, "cc") == 0)
			snprintf(word, sizeof word, "--%s=md5", n);
		argv[0] = "rsync";
		argv[1] = word;
		argv[argc++] = "-r";
		argv[argc++] = "a";
		argv[argc++] = "b";
		argv[argc] = NULL;
		rc = opt_parse_client(argc, argv, &o, err, sizeof err);
		if (longs[i].ours == 1) {
			if (rc != 0)
				fail_msg("%s: %s", word, err);
		} else {
			char want[128];

			if (longs[i].letter)
				snprintf(want, sizeof want, "rsync: This rsync does not"
				    " support --%s (-%c)\n", n, longs[i].letter);
			else
				snprintf(want, sizeof want, "rsync: This rsync does not"
				    " support --%s\n", n);
			if (rc != 1 || strcmp(err, want) != 0)
				fail_msg("%s: rc %d [%s] want [%s]", word, rc, err, want);
		}
	}
}

/* Operands move to the front of argv, in order; no word is lost. */
static void
test_client_paths(void **state)
{
	char *argv[] = { "rsync", "-e", "ssh -x", "a", "-v", "b", "--timeout",
	    "5", "c", "--", "-d", NULL };
	char *copy[12];
	struct options o;
	char err[128];
	int argc = 11;

	(void)state;
	memcpy(copy, argv, sizeof argv);
	assert_int_equal(opt_parse_client(argc, argv, &o, err, sizeof err), 0);
	assert_int_equal(o.npaths, 4);
	assert_ptr_equal(o.paths, argv + 1);
	assert_ptr_equal(o.paths[0], copy[3]);
	assert_ptr_equal(o.paths[1], copy[5]);
	assert_ptr_equal(o.paths[2], copy[8]);
	assert_ptr_equal(o.paths[3], copy[10]);
	assert_ptr_equal(o.rsh, copy[2]);
	assert_int_equal(o.verbose, 1);
	assert_int_equal(o.timeout, 5);
	for (int i = 1; i < argc; i++) {	/* a permutation of argv */
		int found = 0;

		for (int j = 1; j < argc; j++)
			found += argv[j] == copy[i];
		assert_int_equal(found, 1);
	}
	assert_null(argv[argc]);

	/* POSIXLY_CORRECT: the first operand ends the options (popt) */
	{
		char *p[] = { "rsync", "-r", "a", "-v", "b", NULL };

		setenv("POSIXLY_CORRECT", "1", 1);
		assert_int_equal(opt_parse_client(5, p, &o, err, sizeof err), 0);
		unsetenv("POSIXLY_CORRECT");
		assert_int_equal(o.verbose, 0);
		assert_int_equal(o.npaths, 3);
		assert_string_equal(o.paths[1], "-v");
	}
}

/* ---- server_options() against the recorded upstream argv ---- */

static const struct {
	const char *args;	/* the client's line (less -e ./cap.sh) */
	int push;		/* the client sends */
	const char *words;	/* what upstream's client gave the shell */
} recorded[] = {
	{ "-av src/ h:dst/", 1, "--server -vlogDtpre.iLsfxCIvu" },
	{ "-av h:src/ dst/", 0, "--server --sender -vlogDtpre.iLsfxCIvu" },
	{ "-av --protocol=29 src/ h:dst/", 1, "--server -vlogDtpr" },
	{ "-av --protocol=29 h:src/ dst/", 0, "--server --sender -vlogDtpr" },
	{ "-av --delete --numeric-ids --timeout=5 src/ h:dst/", 1,
	  "--server -vlogDtpre.iLsfxCIvu --timeout=5 --delete --numeric-ids" },
	{ "-av --delete --numeric-ids --timeout=5 h:src/ dst/", 0,
	  "--server --sender -vlogDtpre.iLsfxCIvu --timeout=5 --numeric-ids" },
	{ "-r --progress src/ h:dst/", 1, "--server -re.iLsfxCIvu --log-format=X" },
	{ "-r --progress h:src/ dst/", 0, "--server --sender -re.iLsfxCIvu" },
	{ "-ri src/ h:dst/", 1, "--server -re.iLsfxCIvu --log-format=%i" },
	{ "-rii src/ h:dst/", 1, "--server -re.iLsfxCIvu --log-format=%i%I" },
	{ "-rii h:src/ dst/", 0, "--server --sender -re.iLsfxCIvu" },
	{ "-r --stats src/ h:dst/", 1, "--server -re.iLsfxCIvu --stats" },
	{ "-r --stats h:src/ dst/", 0, "--server --sender -re.iLsfxCIvu" },
	{ "-rv --stats src/ h:dst/", 1, "--server -vre.iLsfxCIvu --stats" },
	{ "-rvv --stats src/ h:dst/", 1, "--server -vvre.iLsfxCIvu --stats" },
	{ "-r --size-only -I -c -W -n src/ h:dst/", 1,
	  "--server -nWrcIe.iLsfxCIvu --size-only" },
	{ "-r --size-only -I -c -W -n h:src/ dst/", 0,
	  "--server --sender -nWrcIe.iLsfxCIvu" },
	{ "-r --cc=md5 --checksum-seed=7 -B 2048 src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu -B2048 --checksum-choice=md5 --checksum-seed=7" },
	{ "-r --cc=auto src/ h:dst/", 1, "--server -re.iLsfxCIvu" },
	{ "-r --cc=none src/ h:dst/", 1,
	  "--server -Wre.iLsfxCIvu --checksum-choice=none" },
	{ "-r --cc=xxh128,md5 h:src/ dst/", 0,
	  "--server --sender -re.iLsfxCIvu --checksum-choice=xxh128,md5" },
	{ "-rq src/ h:dst/", 1, "--server -qre.iLsfxCIvu" },
	{ "-r --devices src/ h:dst/", 1, "--server -Dre.iLsfxCIvu --no-specials" },
	{ "-r --specials src/ h:dst/", 1, "--server -re.iLsfxCIvu --specials" },
	{ "-r -D --no-specials src/ h:dst/", 1,
	  "--server -Dre.iLsfxCIvu --no-specials" },
	{ "-a --no-D h:src/ dst/", 0, "--server --sender -logtpre.iLsfxCIvu" },
	{ "-r -h src/ h:dst/", 1, "--server -re.iLsfxCIvu" },
	{ "-r --del src/ h:dst/", 1, "--server -re.iLsfxCIvu --delete-during" },
	{ "-r --delete-before src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu --delete-before" },
	{ "-r --delete-after src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu --delete-after" },
	{ "-r --delete-delay src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu --delete-delay" },
	{ "-r --delete-during src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu --delete-during" },
	{ "-r --delete h:src/ dst/", 0, "--server --sender -re.iLsfxCIvu" },
	{ "-r --no-W src/ h:dst/", 1, "--server -re.iLsfxCIvu" },
	{ "-vvvvvvvvvvvv src/ h:dst/", 1, "--server -vvvvvvvvve.LsfxCIvu" },
	{ "src/x h:dst/", 1, "--server -e.LsfxCIvu" },
	{ "h:src/x dst", 0, "--server --sender -e.LsfxCIvu" },
	{ "-vvvv --progress --stats -i src/ h:dst/", 1,
	  "--server -vvvve.LsfxCIvu --log-format=%i --stats" },
	{ "-vvvv --progress --stats -i h:src/ dst/", 0,
	  "--server --sender -vvvve.LsfxCIvu" },
	{ "-vv --progress src/ h:dst/", 1, "--server -vve.LsfxCIvu" },
	{ "-v -ii -n src/ h:dst/", 1, "--server -vne.LsfxCIvu --log-format=%i%I" },
	{ "-v -ii -n h:src/ dst/", 0, "--server --sender -vne.LsfxCIvu" },
	{ "-rlptgoD --numeric-ids --delete-delay -c -I --size-only -W -B 700"
	  " --timeout=30 --checksum-seed=1 --cc=xxh3 -q src/ h:dst/", 1,
	  "--server -qlWogDtprcIe.iLsfxCIvu -B700 --timeout=30"
	  " --checksum-choice=xxh3 --delete-delay --size-only --checksum-seed=1"
	  " --numeric-ids" },
	{ "-rlptgoD --numeric-ids --delete-delay -c -I --size-only -W -B 700"
	  " --timeout=30 --checksum-seed=1 --cc=xxh3 -q h:src/ dst/", 0,
	  "--server --sender -qlWogDtprcIe.iLsfxCIvu -B700 --timeout=30"
	  " --checksum-choice=xxh3 --checksum-seed=1 --numeric-ids" },
	{ "-r --no-W --protocol=29 -B 100000 src/ h:dst/", 1,
	  "--server -r -B100000" },
	{ "-r --no-W --protocol=29 -B 100000 h:src/ dst/", 0,
	  "--server --sender -r -B100000" },
	{ "-r --protocol=30 h:src/ dst/", 0, "--server --sender -re.iLsfxCIvu" },
	{ "-r --no-v -v --no-h -hhh src/ h:dst/", 1, "--server -vre.iLsfxCIvu" },
	{ "-rlptgoD --no-l --no-p --no-t --no-g --no-o --no-D --no-c --no-r"
	  " src/ h:dst/", 1, "--server -e.LsfxCIvu" },
	{ "-r --delete --delete-after --no-whole-file h:src/ dst/", 0,
	  "--server --sender -re.LsfxCIvu" },
	{ "-r --delete --delete-after --no-whole-file src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu --delete-after" },
	{ "-r --blocking-io --rsync-path=foo --timeout=0 src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu" },
	{ "-r --timeout=-3 --checksum-seed=-5 src/ h:dst/", 1,
	  "--server -re.iLsfxCIvu --checksum-seed=-5" },
	{ "-r -B 0 h:src/ dst/", 0, "--server --sender -re.iLsfxCIvu" },
	{ "-q --progress src/ h:dst/", 1, "--server -qe.LsfxCIvu --log-format=X" },
	{ "-v -q --progress src/ h:dst/", 1, "--server -vqe.LsfxCIvu" },
	{ "-qi src/ h:dst/", 1, "--server -qe.LsfxCIvu --log-format=%i" },
	{ "-q src/ h:dst/", 1, "--server -qe.LsfxCIvu" },
	{ "--progress -i src/ h:dst/", 1, "--server -e.LsfxCIvu --log-format=%i" },
	{ "-iii src/ h:dst/", 1, "--server -e.LsfxCIvu --log-format=%i%I" },
	{ "--stats -v src/ h:dst/", 1, "--server -ve.LsfxCIvu --stats" },
	{ "--progress --no-progress src/ h:dst/", 1, "--server -e.LsfxCIvu" },
	{ "-v --no-v --progress src/ h:dst/", 1,
	  "--server -e.LsfxCIvu --log-format=X" },
	{ "-qqq src/ h:dst/", 1, "--server -qe.LsfxCIvu" },
	{ "-B=1000 src/ h:dst/", 1, "--server -e.LsfxCIvu -B1000" },
	{ "-B1k src/ h:dst/", 1, "--server -e.LsfxCIvu -B1024" },
	{ "-B 1.5k src/ h:dst/", 1, "--server -e.LsfxCIvu -B1536" },
	{ "--block-size 1kb src/ h:dst/", 1, "--server -e.LsfxCIvu -B1000" },
	{ "--cc MD5 src/ h:dst/", 1, "--server -e.LsfxCIvu --checksum-choice=MD5" },
	{ "--cc Auto,MD5 src/ h:dst/", 1,
	  "--server -e.LsfxCIvu --checksum-choice=Auto,MD5" },
	{ "--cc AUTO src/ h:dst/", 1, "--server -e.LsfxCIvu" },
	{ "--timeout 0x10 src/ h:dst/", 1, "--server -e.LsfxCIvu --timeout=16" },
	{ "--timeout 010 src/ h:dst/", 1, "--server -e.LsfxCIvu --timeout=8" },
	{ "--timeout 2147483647 src/ h:dst/", 1,
	  "--server -e.LsfxCIvu --timeout=2147483647" },
	{ "--checksum-seed=-2147483648 src/ h:dst/", 1,
	  "--server -e.LsfxCIvu --checksum-seed=-2147483648" },
	{ "src/ h:dst/ -r", 1, "--server -re.iLsfxCIvu" },
	{ "-re=x src/ h:dst/", 1, "--server -re.iLsfxCIvu" },
};

/* The recorded words less the 'i' (incremental recursion) vrsync does
 * not ask for: "e.iLsfxCIvu" becomes "e.LsfxCIvu". */
static void
drop_inc(const char *in, char *out, size_t cap)
{
	const char *p = strstr(in, "e.iL");

	if (p == NULL)
		snprintf(out, cap, "%s", in);
	else
		snprintf(out, cap, "%.*se.%s", (int)(p - in), in, p + 3);
}

/* The words joined by spaces. */
static void
join(char **w, size_t n, char *s, size_t cap)
{
	size_t k = 0;

	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int r = snprintf(s + k, cap - k, "%s%s", i ? " " : "", w[i]);

		if (r > 0 && (size_t)r < cap - k)
			k += (size_t)r;
	}
}

static void
test_server_args_recorded(void **state)
{
	char store[512], *argv[MAXW], err[256], *out[MAXW], buf[2048];
	char want[512], got[512];
	struct options o;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof recorded / sizeof recorded[0]; i++) {
		int argc = split(recorded[i].args, store, sizeof store, argv, MAXW);

		if (opt_parse_client(argc, argv, &o, err, sizeof err) != 0)
			fail_msg("%s: %s", recorded[i].args, err);
		assert_int_equal(opt_server_args(&o, recorded[i].push,
		    o.protocol ? o.protocol : 32, out, MAXW, buf, sizeof buf,
		    &n), 0);
		assert_null(out[n]);
		join(out, n, got, sizeof got);
		drop_inc(recorded[i].words, want, sizeof want);
		if (strcmp(got, want) != 0)
			fail_msg("%s (%s):\n got [%s]\nwant [%s]", recorded[i].args,
			    recorded[i].push ? "push" : "pull", got, want);
	}
}

/* Too small an out[] or buf[] is an error, never an overflow. */
static void
test_server_args_small(void **state)
{
	char *argv[] = { "rsync", "-avc", "--delete", "--timeout=5", "a", "b", NULL };
	char *out[16], buf[256], err[64];
	struct options o;
	size_t n = 99, full, used;

	(void)state;
	assert_int_equal(opt_parse_client(6, argv, &o, err, sizeof err), 0);
	assert_int_equal(opt_server_args(&o, 1, 32, out, 16, buf, sizeof buf, &n), 0);
	full = n;
	used = (size_t)(out[n - 1] - buf) + strlen(out[n - 1]) + 1;
	assert_int_equal(full, 4);
	for (size_t cap = 0; cap <= full; cap++) {
		n = 99;
		assert_int_equal(opt_server_args(&o, 1, 32, out, cap, buf,
		    sizeof buf, &n), -1);
		assert_int_equal(n, 0);
	}
	for (size_t bc = 0; bc < used; bc++) {
		assert_int_equal(opt_server_args(&o, 1, 32, out, 16, buf, bc, &n), -1);
		assert_int_equal(n, 0);
	}
	assert_int_equal(opt_server_args(&o, 1, 32, out, full + 1, buf, used, &n), 0);
	assert_int_equal(n, full);
	assert_int_equal(opt_server_args(NULL, 1, 32, out, 16, buf, 256, &n), -1);
	/* the value escaping of safe_arg() for a name the parser would
	 * refuse (the struct filled by hand) */
	o.checksum_choice = "a b*";
	assert_int_equal(opt_server_args(&o, 0, 29, out, 16, buf, sizeof buf, &n), 0);
	assert_string_equal(out[n - 1], "--checksum-choice=a\\ b\\*");
}

/* ---- the server's argv ---- */

static const struct {
	const char *args;
	const char *want;	/* summary() */
} server_ok[] = {
	/* what upstream's clients send (recorded above) */
	/* -D is devices and specials; --no-specials takes the latter back */
	{ "--server -vlogDtpre.iLsfxCIvu . dst/",
	  " r l p t o g dev spec v server caps=.iLsfxCIvu | . dst/" },
	{ "--server --sender -vlogDtpre.iLsfxCIvu . src/",
	  " r l p t o g dev spec v server sender caps=.iLsfxCIvu | . src/" },
	{ "--server -vlogDtpr . dst/", " r l p t o g dev spec v server | . dst/" },
	{ "--server -vlogDtpre.iLsfxCIvu --timeout=5 --delete --numeric-ids . dst/",
	  " r l p t o g dev spec del num v to=5 server caps=.iLsfxCIvu | . dst/" },
	{ "--server -re.iLsfxCIvu --log-format=X . dst/",
	  " r server caps=.iLsfxCIvu logfmt=X | . dst/" },
	{ "--server -re.iLsfxCIvu --log-format=%i . dst/",
	  " r i server caps=.iLsfxCIvu logfmt=%i | . dst/" },
	{ "--server -re.iLsfxCIvu --log-format=%i%I . dst/",
	  " r i=2 server caps=.iLsfxCIvu logfmt=%i%I | . dst/" },
	{ "--server -Dre.iLsfxCIvu --no-specials . d",
	  " r dev server caps=.iLsfxCIvu | . d" },
	{ "--server -re.iLsfxCIvu --specials . d",
	  " r spec server caps=.iLsfxCIvu | . d" },
	{ "--server -qlWogDtprcIe.iLsfxCIvu -B700 --timeout=30"
	  " --checksum-choice=xxh3 --delete-delay --size-only --checksum-seed=1"
	  " --numeric-ids . dst/",
	  " r l p t o g dev spec c W=1 del=5 num I size q to=30 cc=xxh3 seed"
	  " B=700 server caps=.iLsfxCIvu | . dst/" },
	{ "--server -Wre.iLsfxCIvu --checksum-choice=none . d",
	  " r W=1 cc=none server caps=.iLsfxCIvu | . d" },
	{ "--server -r -B100000 . d", " r B=100000 server | . d" },
	{ "--server -vvre.iLsfxCIvu --stats . d",
	  " r v=2 stats server caps=.iLsfxCIvu | . d" },
	{ "--server -nWrcIe.iLsfxCIvu --size-only . d",
	  " r c W=1 n I size server caps=.iLsfxCIvu | . d" },
	{ "--server -re.LsfxCIvu --delete-after . d",
	  " r del=4 server caps=.LsfxCIvu | . d" },
	/* "." alone, many paths, paths that look odd but are no options */
	{ "--server --sender -r .", " r server sender | ." },
	{ "--server --sender -r . a ./-x ./--bogus b=c", " r server sender | . a ./-x ./--bogus b=c" },
	{ "--server --sender . .", " server sender | . ." },
	/* "--" before "." makes what follows paths, even "-x" */
	{ "--server --sender -- . -x --y", " server sender | . -x --y" },
	/* options before --server (--rsync-path="rsync -v") */
	{ "-v --server -r . d", " r v server | . d" },
	/* -e: the rest of the word, or the next one */
	{ "--server -ve . d", " v server caps=. |" },
	{ "--server -e .x . d", " server caps=.x | . d" },
	{ "--server --rsh=.Lf . d", " server caps=.Lf | . d" },
	{ "--server -h . d", " h=2 server | . d" },
	{ "--server --help . d", " server help |" },
};

static void
test_server_ok(void **state)
{
	char store[512], sum[1024], *argv[MAXW], err[256];
	struct options o;

	(void)state;
	for (size_t i = 0; i < sizeof server_ok / sizeof server_ok[0]; i++) {
		int argc = split(server_ok[i].args, store, sizeof store, argv, MAXW);
		int rc = opt_parse_server(argc, argv, &o, err, sizeof err);

		if (strcmp(server_ok[i].args, "--server -ve . d") == 0) {
			/* -e took the "." : no "." before the paths */
			assert_int_equal(rc, 1);
			assert_string_equal(err, "rsync: on remote machine: d: the"
			    " paths must follow \".\"\n");
			continue;
		}
		if (rc != 0)
			fail_msg("%s: rc %d: %s", server_ok[i].args, rc, err);
		summary(&o, sum, sizeof sum);
		if (strcmp(sum, server_ok[i].want) != 0)
			fail_msg("%s:\n got [%s]\nwant [%s]", server_ok[i].args,
			    sum, server_ok[i].want);
		/* the paths are argv's own words, "." first */
		if (o.npaths > 0) {
			assert_ptr_equal(o.paths + o.npaths, argv + argc);
			assert_string_equal(o.paths[0], ".");
		}
		/* the client parse hands a --server line over */
		if (strncmp(server_ok[i].args, "--server", 8) == 0) {
			char sum2[1024];

			assert_int_equal(opt_parse_client(argc, argv, &o, err,
			    sizeof err), 0);
			summary(&o, sum2, sizeof sum2);
			assert_string_equal(sum2, sum);
		}
	}
}

static const struct {
	const char *args;
	int rc;
	const char *err;
} server_err[] = {
	/* upstream's texts (rsync --server ARGS . x </dev/null) */
	{ "--server --bogus . x", 1,
	  "rsync: on remote machine: --bogus: unknown option\n" },
	{ "--server -vQe.LsfxCIvu . x", 1,
	  "rsync: on remote machine: -vQe.LsfxCIvu: unknown option\n" },
	{ "--server -vlogDtpre.LsfxCIvu --timeout=x . x", 1,
	  "rsync: on remote machine: --timeout=x: invalid numeric value\n" },
	{ "--server --sender -B 200000 . x", 1,
	  "rsync: --block-size=200000 is too large (max: 128.00K)\n" },
	{ "--server --sender --cc=bogus . x", 4, "unknown checksum name: bogus\n" },
	{ "--server --sender -r --delete-before --delete-after . x", 1,
	  "rsync: You may not combine multiple --delete-WHEN options.\n" },
	{ "--server --delete . x", 1, "rsync: --delete does not work without"
	  " --recursive (-r) or --dirs (-d).\n" },
	{ "-v --server --zzz . x", 1,
	  "rsync: on remote machine: --zzz: unknown option\n" },
	/* known upstream, not here: the server's refusal */
	{ "--server -vlogDtprze.iLsfxCIvu . x", 1,
	  "rsync: The server does not support --compress (-z)\n" },
	{ "--server -vlogDtpHre.iLsfxCIvu . x", 1,
	  "rsync: The server does not support --hard-links (-H)\n" },
	{ "--server -vlogDtpRre.iLsfxCIvu . x", 1,
	  "rsync: The server does not support --relative (-R)\n" },
	{ "--server -sre.iLsfxCIvu", 1,
	  "rsync: The server does not support --secluded-args (-s)\n" },
	{ "--server -re.iLsfxCIvu --partial . x", 1,
	  "rsync: The server does not support --partial\n" },
	{ "--server -re.iLsfxCIvu --inplace . x", 1,
	  "rsync: The server does not support --inplace\n" },
	{ "--server --sender --exclude=x . x", 1,
	  "rsync: The server does not support --exclude\n" },
	/* hostile: options among the paths, no ".", paths first */
	{ "--server --sender -r . a -r", 1, "rsync: on remote machine: -r: an"
	  " option after \".\" (vrsync takes none among the paths)\n" },
	{ "--server --sender . --delete", 1, "rsync: on remote machine:"
	  " --delete: an option after \".\" (vrsync takes none among the"
	  " paths)\n" },
	{ "--server --sender . a -- b", 1, "rsync: on remote machine: --: an"
	  " option after \".\" (vrsync takes none among the paths)\n" },
	{ "--server --sender . -", 1, "rsync: on remote machine: -: an"
	  " option after \".\" (vrsync takes none among the paths)\n" },
	{ "--server --sender -r", 1, "rsync: on remote machine: no \".\" and"
	  " paths after the options\n" },
	{ "--server --sender -r a . b", 1, "rsync: on remote machine: a: the"
	  " paths must follow \".\"\n" },
	{ "--server --sender -r ./ b", 1, "rsync: on remote machine: ./: the"
	  " paths must follow \".\"\n" },
	{ "--server --sender -- -r . b", 1, "rsync: on remote machine: -r: the"
	  " paths must follow \".\"\n" },
	{ "-r . b", 1,
	  "rsync: opt_parse_server: no --server in the arguments\n" },
	{ "--server=1 . b", 1,
	  "rsync: on remote machine: --server=1: option does not take an"
	  " argument\n" },
	{ "--server -B", 1, "rsync: on remote machine: -B: missing argument\n" },
};

static void
test_server_err(void **state)
{
	char store[512], *argv[MAXW], err[256];
	struct options o;

	(void)state;
	for (size_t i = 0; i < sizeof server_err / sizeof server_err[0]; i++) {
		int argc = split(server_err[i].args, store, sizeof store, argv, MAXW);
		int rc = opt_parse_server(argc, argv, &o, err, sizeof err);

		if (rc != server_err[i].rc || strcmp(err, server_err[i].err) != 0)
			fail_msg("%s: rc %d [%s], want %d [%s]", server_err[i].args,
			    rc, err, server_err[i].rc, server_err[i].err);
	}
}

/* Absurd sizes: a megabyte of -v, of caps, of an unknown option. */
static void
test_server_huge(void **state)
{
	size_t big = 1 << 20;
	char *w = malloc(big + 2), *argv[6], err[512];
	struct options o;

	(void)state;
	assert_non_null(w);
	w[0] = '-';
	memset(w + 1, 'v', big);
	w[big + 1] = '\0';
	argv[0] = "rsync";
	argv[1] = "--server";
	argv[2] = w;
	argv[3] = ".";
	argv[4] = "p";
	argv[5] = NULL;
	assert_int_equal(opt_parse_server(5, argv, &o, err, sizeof err), 0);
	assert_int_equal(o.verbose, (int)big);
	w[1] = 'e';			/* caps: the whole rest */
	assert_int_equal(opt_parse_server(5, argv, &o, err, sizeof err), 0);
	assert_ptr_equal(o.client_caps, w + 2);
	w[1] = '-';			/* "--vvvv...": unknown, cut */
	assert_int_equal(opt_parse_server(5, argv, &o, err, sizeof err), 1);
	assert_int_equal(strlen(err), 7 + 199);
	assert_memory_equal(err, "rsync: on remote machine: --vvv", 31);
	w[1] = 'v';
	w[big / 2] = 'z';		/* an unsupported letter deep inside */
	assert_int_equal(opt_parse_server(5, argv, &o, err, sizeof err), 1);
	assert_string_equal(err,
	    "rsync: The server does not support --compress (-z)\n");
	free(w);
}

/* ---- round trip: server_options() read back by the server ---- */

static const char *const trips[] = {
	"-av a b",
	"-av --delete --numeric-ids --timeout=5 a b",
	("-rlptgoD --numeric-ids --delete-delay -c -I --size-only -W -B 700"
	 " --timeout=30 --checksum-seed=1 --cc=xxh3 -q a b"),
	"-r --del --stats -ii a b",
	"-r --delete-before --progress a b",
	"-r --delete-after -i a b",
	"-r --delete-during --cc=none a b",
	"-r --devices a b",
	"-r --specials --no-W a b",
	"-vvvvvvvvvvvv -n a b",
	"--protocol=29 -avc --checksum-seed=-5 a b",
	/* (-B above 128K passes a client at --protocol=29 but upstream's
	 * server, parsing at 32, refuses it: so does ours) */
	"--protocol=29 -B 100000 -r a b",
	"--cc=Auto,MD5 a b",
	"a b",
};

static void
test_round_trip(void **state)
{
	char store[512], *argv[MAXW], err[256], *out[MAXW], buf[2048];
	struct options c, s;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof trips / sizeof trips[0]; i++) {
		for (int push = 0; push <= 1; push++) {
			int argc = split(trips[i], store, sizeof store, argv, MAXW);
			int proto;
			char *sargv[MAXW + 4];
			size_t k = 0;

			assert_int_equal(opt_parse_client(argc, argv, &c, err,
			    sizeof err), 0);
			proto = c.protocol ? c.protocol : 32;
			assert_int_equal(opt_server_args(&c, push, proto, out, MAXW,
			    buf, sizeof buf, &n), 0);
			sargv[k++] = "rsync";
			for (size_t j = 0; j < n; j++)
				sargv[k++] = out[j];
			sargv[k++] = ".";
			sargv[k++] = "p";
			sargv[k] = NULL;
			if (opt_parse_server((int)k, sargv, &s, err, sizeof err) != 0)
				fail_msg("%s: %s", trips[i], err);
			assert_int_equal(s.server, 1);
			assert_int_equal(s.sender, !push);
			assert_int_equal(s.verbose, c.verbose > 9 ? 9 : c.verbose);
			assert_int_equal(s.quiet, !!c.quiet);
			assert_int_equal(s.dry_run, c.dry_run);
			assert_int_equal(s.links, c.links);
			assert_int_equal(s.whole_file, c.whole_file > 0 ? 1 : -1);
			assert_int_equal(s.owner, c.owner);
			assert_int_equal(s.group, c.group);
			assert_int_equal(s.devices, c.devices);
			assert_int_equal(s.specials, c.specials);
			assert_int_equal(s.times, c.times);
			assert_int_equal(s.perms, c.perms);
			assert_int_equal(s.recurse, c.recurse);
			assert_int_equal(s.checksum, c.checksum);
			assert_int_equal(s.ignore_times, c.ignore_times);
			assert_int_equal(s.block_size, c.block_size);
			assert_int_equal(s.timeout, c.timeout);
			assert_int_equal(s.checksum_seed, c.checksum_seed);
			assert_int_equal(s.numeric_ids, c.numeric_ids);
			if (c.checksum_choice == NULL)
				assert_null(s.checksum_choice);
			else
				assert_string_equal(s.checksum_choice, c.checksum_choice);
			if (proto >= 30)
				assert_string_equal(s.client_caps, ".LsfxCIvu");
			else
				assert_null(s.client_caps);
			/* what only a pushing client tells */
			assert_int_equal(s.delete_mode, push ? c.delete_mode : 0);
			assert_int_equal(s.size_only, push ? c.size_only : 0);
			assert_int_equal(s.stats, push ? c.stats : 0);
			assert_int_equal(s.itemize,
			    push ? (c.itemize > 2 ? 2 : c.itemize) : 0);
			assert_int_equal(s.npaths, 2);
			/* and it says the same again */
			{
				char *out2[MAXW], buf2[2048], a[512], b[512];
				size_t n2;

				assert_int_equal(opt_server_args(&s, push, proto, out2,
				    MAXW, buf2, sizeof buf2, &n2), 0);
				join(out, n, a, sizeof a);
				join(out2, n2, b, sizeof b);
				if (!push || (!c.progress || c.verbose || c.itemize))
					assert_string_equal(a, b);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_ok),
		cmocka_unit_test(test_client_err),
		cmocka_unit_test(test_client_err_edges),
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_client_paths),
		cmocka_unit_test(test_server_args_recorded),
		cmocka_unit_test(test_server_args_small),
		cmocka_unit_test(test_server_ok),
		cmocka_unit_test(test_server_err),
		cmocka_unit_test(test_server_huge),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
