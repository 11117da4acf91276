/*
 * options.h: the command lines, as upstream rsync 3.5.0's options.c
 * (parse_arguments() over popt, server_options()) reads and writes them,
 * for the options vrsync supports (struct options, proto/options.h).
 *
 * Pure: no I/O, no allocation, no global state; the only environment
 * read is POSIXLY_CORRECT / POSIX_ME_HARDER (as popt does, client only).
 *
 * Errors: the parsers return 0 or an rsync exit code and leave in err
 * the text to print on stderr as it is (fputs), exactly as upstream
 * prints it: it ends in a newline except where upstream's 200-byte
 * err_buf cut a long text (then the error line follows on the same line,
 * as upstream's does); it may be empty.  The caller then prints
 *	rsync error: <text of the code> (code N) at <opt_err_where()> [client=V]
 * ([server=V] for opt_parse_server) and exits N.
 *
 * Which options: upstream's whole option table (options.c long_options[])
 * is known here, so that
 *   - an option upstream does not know gives upstream's popt text:
 *     "rsync: --foo: unknown option" (the word as typed, "--zzz=3" and a
 *     whole bundle "-avQ" included); on a server "rsync: on remote
 *     machine: --foo: unknown option";
 *   - an option upstream knows but vrsync does not implement (-z, -H, -R,
 *     --exclude, --partial, -P, ...) is refused, never ignored, with the
 *     text upstream itself uses for an option its build lacks or refuses
 *     (options.c create_refuse_error): "rsync: This rsync does not
 *     support --compress (-z)", on a server "rsync: The server does not
 *     support --compress (-z)".  -P (no long name upstream) reads "This
 *     rsync does not support -P (--partial --progress)".  vrsync keeps no
 *     partial files, so --partial and -P are refused.
 *   - the popt arity and number errors come first, as in popt: "option
 *     does not take an argument", "missing argument", "invalid numeric
 *     value", "number too large or too small", each after the word popt
 *     names (the last word it consumed: "--timeout x" names "x").
 * Deliberate differences from popt: no popt aliases (/etc/popt, ~/.popt)
 * and no "!#:+" expansion in option values.
 */
#ifndef VRSYNC_CLI_OPTIONS_H
#define VRSYNC_CLI_OPTIONS_H

#include <stddef.h>

#include "proto/options.h"

#define OPT_OK		0
#define OPT_ESYNTAX	1	/* RERR_SYNTAX */
#define OPT_EUNSUPPORTED 4	/* RERR_UNSUPPORTED: unknown checksum name */

/*
 * The user's command line (argv[0] is the program).  Sets every field of
 * *o (defaults: whole_file -1, human 1 as upstream's human_readable,
 * everything else 0/NULL).  Options may come before, between and after
 * the operands (popt permutes) until "--" or, with POSIXLY_CORRECT set,
 * the first operand.  The operands are collected, in order, by moving
 * their pointers to the front of argv[1..]: afterwards o->paths is
 * argv + 1 and o->npaths their count (the strings are not touched; the
 * option words follow the operands in argv, in some order).
 *
 * On 0 the caller checks, in this order: o->show_help (print the help on
 * stdout, exit 0; set by --help, which stops the parse where it stands,
 * and by -h/--human-readable as the only argument), o->show_version (-V:
 * print the version, exit 0; -VV upstream prints its JSON form).  Then
 * a transfer, with o->server 0 -- or, when the line holds --server, the
 * result is that of opt_parse_server() on the same argv (upstream
 * restarts its parse in server mode), with o->server 1.
 *
 * Checks made after the options, as upstream: --checksum-choice names
 * (OPT_EUNSUPPORTED, "unknown checksum name: X"; "auto" and "auto,auto"
 * become NULL, a transfer checksum "none" sets whole_file 1), "You may
 * not combine multiple --delete-WHEN options.", "--delete does not work
 * without --recursive (-r) or --dirs (-d)." (not with one operand:
 * upstream lists then), a negative --timeout becomes 0.  -B is checked
 * against the --protocol given before it (128.00K, or 512.00M below 30).
 * Left to the caller: the --protocol range (compat.c), --contimeout
 * without a daemon, no operands (usage).
 *
 * --sender without --server: OPT_ESYNTAX with err empty and o->show_help 2:
 * upstream prints its usage on stderr, then the error line.
 */
int	opt_parse_client(int argc, char **argv, struct options *o, char *err,
	    size_t errcap);

/*
 * The remote end's argv as an upstream (or vrsync) client builds it:
 * "[PROG] [options] --server [--sender] -<letters>e<caps> [long options]
 * . path...".  --server must be among the options.  The same table as
 * the client's (upstream parses both with one table), but: -e/--rsh
 * gives o->client_caps (the rest of the letter word after 'e', such as
 * ".iLsfxCIvu"); --log-format (which upstream clients send when pushing
 * with -i or --progress) is taken, into o->log_format, and sets
 * o->itemize as upstream's stdout_format_has_i (2 with %I, 1 with %i);
 * the -h help rule does not apply; unknown options read "rsync: on remote
 * machine: WORD: unknown option" and unsupported ones "rsync: The server
 * does not support --X (-x)".
 *
 * The operands: the first must be "." (upstream's client always sends
 * it); o->paths points at it in argv (o->paths[0] is ".", as upstream's
 * server argv hands it on) and o->npaths counts it.  After ".", every
 * word is a path: a word starting with '-' there (upstream's safe_arg
 * sends a path "-x" as "./-x") is refused unless a "--" came before the
 * ".", so that no path is ever read as an option nor an option as a
 * path.  The argv is not modified.
 */
int	opt_parse_server(int argc, char **argv, struct options *o, char *err,
	    size_t errcap);

/*
 * upstream's server_options(): the words that follow the rsync path on
 * the remote command line, without the "." and the paths.  am_sender_client
 * is nonzero when the client sends (a push: no --sender).  proto is the
 * protocol before negotiation (o->protocol, or 32): the e<caps> suffix
 * ("e.LsfxCIvu": vrsync asks for no incremental recursion, so no 'i') is
 * sent only from 30.  The words are written into buf (bufcap bytes) and
 * pointed to from out[0..*nout-1], out[*nout] = NULL.  Returns 0, or -1
 * when out (cap entries) or buf is too small (then *nout is 0).
 */
int	opt_server_args(const struct options *o, int am_sender_client, int proto,
	    char **out, size_t cap, char *buf, size_t bufcap, size_t *nout);

/*
 * Where upstream's error line says the error was raised, for a nonzero
 * return of the parsers: "checksum.c(157)" for OPT_EUNSUPPORTED,
 * "options.c(1533)" for --sender without --server (o->show_help 2), else
 * "main.c(1886)".
 */
const char *opt_err_where(const struct options *o, int rc);

#endif
