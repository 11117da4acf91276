/*
 * test_hostspec.c: command-line locations (src/cli/hostspec.c,
 * spec/05-remote-shell.md 5.1) against upstream rsync 3.5.0's own
 * classification.
 *
 * How it was established: each location L was given to upstream as a
 * pull source, `rsync -n --debug=cmd2 -e ./pa.py L dst/`, with pa.py
 * writing its argv and $RSYNC_PORT to a file (see test_rsh.c).  A remote
 * shell location makes upstream exec pa.py with "--server --sender ...";
 * a daemon location (-e given, so daemon over remote shell) makes it
 * exec pa.py with "--server --daemon ." and export RSYNC_PORT (the
 * explicit port, 0 for the default); a local one runs no shell at all
 * and fails on link_stat/change_dir of the path.  --debug=cmd2 printed
 * "machine=... user=... path=..." for both remote kinds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "cli/hostspec.h"

#define L HS_LOCAL
#define R HS_RSH
#define D HS_DAEMON

static const struct {
	const char	*loc;
	enum hs_kind	 kind;
	const char	*user;	/* NULL: none */
	const char	*host;
	unsigned	 port;	/* RSYNC_PORT upstream exported */
	const char	*path;
} cases[] = {
	{ "h:p", R, NULL, "h", 0, "p" },
	{ "u@h:p", R, "u", "h", 0, "p" },
	{ "h::mod/p", D, NULL, "h", 0, "mod/p" },
	{ "h::", D, NULL, "h", 0, "" },
	{ "::mod", D, NULL, "", 0, "mod" },
	{ ":p", R, NULL, "", 0, "p" },
	{ "rsync://h/mod/p", D, NULL, "h", 0, "mod/p" },
	{ "RSYNC://h/mod/p", D, NULL, "h", 0, "mod/p" },
	{ "rsync://u@h:8873/mod/p", D, "u", "h", 8873, "mod/p" },
	{ "rsync://h:/mod", D, NULL, "h", 0, "mod" },
	{ "rsync://h:0/mod", D, NULL, "h", 0, "mod" },
	{ "rsync://h:007/mod", D, NULL, "h", 7, "mod" },
	{ "rsync://h:12", D, NULL, "h", 12, "" },
	{ "rsync://h", D, NULL, "h", 0, "" },
	/* a bad port makes the URL a plain host spec, host "rsync" */
	{ "rsync://h:12x/mod", R, NULL, "rsync", 0, "//h:12x/mod" },
	{ "rsync://h:-5/mod", R, NULL, "rsync", 0, "//h:-5/mod" },
	{ "rsync:/h/mod", R, NULL, "rsync", 0, "/h/mod" },
	{ "rsync:///mod", D, NULL, "", 0, "mod" },
	{ "rsync://[::1]/mod", D, NULL, "::1", 0, "mod" },
	{ "rsync://[::1]:99/mod", D, NULL, "::1", 99, "mod" },
	{ "rsync://u@h/mod", D, "u", "h", 0, "mod" },
	{ "[::1]:p", R, NULL, "::1", 0, "p" },
	{ "[::1]::mod", D, NULL, "::1", 0, "mod" },
	{ "u@[fe80::1%eth0]:foo", R, "u", "fe80::1%eth0", 0, "foo" },
	{ "[::1]", L, NULL, "", 0, "[::1]" },
	{ "[::1]x:p", L, NULL, "", 0, "[::1]x:p" },
	{ "[]:p", L, NULL, "", 0, "[]:p" },
	{ "a[b]:p", L, NULL, "", 0, "a[b]:p" },
	{ "[a/b]:p", L, NULL, "", 0, "[a/b]:p" },
	{ "[::1", L, NULL, "", 0, "[::1" },
	{ "./h:p", L, NULL, "", 0, "./h:p" },
	{ "/abs/h:p", L, NULL, "", 0, "/abs/h:p" },
	{ "dir/h:p", L, NULL, "", 0, "dir/h:p" },
	{ "h/x:p", L, NULL, "", 0, "h/x:p" },
	{ "plain", L, NULL, "", 0, "plain" },
	{ "", L, NULL, "", 0, "" },
	{ "h:p:q", R, NULL, "h", 0, "p:q" },
	{ "h:/p", R, NULL, "h", 0, "/p" },
	{ "u@h::p", D, "u", "h", 0, "p" },
	{ "u@@h:p", R, "u@", "h", 0, "p" },
	{ "a@b@c:foo", R, "a@b", "c", 0, "foo" },
	{ "@h:foo", R, "", "h", 0, "foo" },
	{ "u@:foo", R, "u", "", 0, "foo" },
	/* '@' inside the brackets: upstream splits there (captured) */
	{ "[a@b]:foo", R, "a", "b", 0, "foo" },
	{ "u@[a@b]:foo", R, "u@a", "b", 0, "foo" },
	/* a host starting with '-' is a host spec; main.c refuses it later */
	{ "-h:foo", R, NULL, "-h", 0, "foo" },
	{ "u@-h:foo", R, "u", "-h", 0, "foo" },
};

static void
test_captured(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hostspec hs;
		const char *loc = cases[i].loc;
		size_t n = strlen(loc);

		print_message("location: %s\n", loc);
		memset(&hs, 0xA5, sizeof(hs));
		assert_int_equal(hostspec_parse(loc, n, &hs), HS_OK);
		assert_int_equal(hs.kind, cases[i].kind);
		assert_int_equal(hs.url, cases[i].kind == D &&
		    strncasecmp(loc, "rsync://", 8) == 0);
		assert_int_equal(hs.has_user, cases[i].user != NULL);
		assert_string_equal(hs.user, cases[i].user ? cases[i].user : "");
		assert_int_equal(hs.user_len, strlen(hs.user));
		assert_string_equal(hs.host, cases[i].host);
		assert_int_equal(hs.host_len, strlen(cases[i].host));
		assert_int_equal(hs.port, cases[i].port);
		assert_int_equal(hs.path_len, strlen(cases[i].path));
		assert_memory_equal(hs.path, cases[i].path, hs.path_len);
		assert_ptr_equal(hs.path, loc + n - hs.path_len);
	}
}

/*
 * Ports: upstream atoi()s the digits, so rsync://h:70000/m exported
 * RSYNC_PORT=70000 and :99999999999 wrapped to 1215752191 (captured).
 * vrsync refuses a port over 65535 instead (audit: deviation).
 */
static void
test_port(void **state)
{
	static const char *bad[] = {
		"rsync://h:65536/mod", "rsync://h:70000/mod",
		"rsync://h:99999999999/mod", "rsync://h:99999999999",
	};
	struct hostspec hs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(hostspec_parse(bad[i], strlen(bad[i]), &hs),
		    HS_EPORT);
	assert_int_equal(hostspec_parse("rsync://h:65535/m", 17, &hs), HS_OK);
	assert_int_equal(hs.port, 65535);
	/* Not a URL any more: the bad port does not matter. */
	assert_int_equal(hostspec_parse("rsync://h:99999x/m", 18, &hs), HS_OK);
	assert_int_equal(hs.kind, HS_RSH);
}

static void
test_errors(void **state)
{
	static char big[HS_HOST_MAX + HS_USER_MAX + 16];
	struct hostspec hs;
	size_t i;

	(void)state;
	assert_int_equal(hostspec_parse("h:\0p", 4, &hs), HS_EINVAL);
	assert_int_equal(hostspec_parse(NULL, 1, &hs), HS_EINVAL);
	assert_int_equal(hostspec_parse(NULL, 0, &hs), HS_OK);
	assert_int_equal(hs.kind, HS_LOCAL);
	/* host of exactly HS_HOST_MAX bytes, then one more */
	memset(big, 'h', sizeof(big));
	big[HS_HOST_MAX] = ':';
	assert_int_equal(hostspec_parse(big, HS_HOST_MAX + 2, &hs), HS_OK);
	assert_int_equal(hs.host_len, HS_HOST_MAX);
	big[HS_HOST_MAX] = 'h';
	big[HS_HOST_MAX + 1] = ':';
	assert_int_equal(hostspec_parse(big, HS_HOST_MAX + 3, &hs),
	    HS_ETOOLONG);
	/* user of exactly HS_USER_MAX bytes, then one more */
	memset(big, 'u', sizeof(big));
	memcpy(big + HS_USER_MAX, "@h:p", 4);
	assert_int_equal(hostspec_parse(big, HS_USER_MAX + 4, &hs), HS_OK);
	assert_int_equal(hs.user_len, HS_USER_MAX);
	memset(big, 'u', sizeof(big));
	memcpy(big + HS_USER_MAX + 1, "@h:p", 4);
	assert_int_equal(hostspec_parse(big, HS_USER_MAX + 5, &hs),
	    HS_ETOOLONG);
	/* the same through the bracket split: "U@[a@h]:p" */
	memset(big, 'u', sizeof(big));
	memcpy(big + HS_USER_MAX - 2, "@[a@h]:p", 8);
	assert_int_equal(hostspec_parse(big, HS_USER_MAX + 6, &hs), HS_OK);
	assert_int_equal(hs.user_len, HS_USER_MAX);
	memset(big, 'u', sizeof(big));
	memcpy(big + HS_USER_MAX - 1, "@[a@h]:p", 8);
	assert_int_equal(hostspec_parse(big, HS_USER_MAX + 7, &hs),
	    HS_ETOOLONG);
	for (i = 0; i < 5; i++)
		assert_non_null(hostspec_strerror(-(int)i));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captured),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("hostspec", tests, NULL, NULL);
}
