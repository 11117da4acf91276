/*
 * hostspec.h: what a command-line location names, as upstream rsync's
 * options.c:check_for_hostspec() / parse_hostspec() and the user split
 * of main.c:start_client() decide it (spec/05-remote-shell.md 5.1).
 *
 * Pure: no system calls.  The input is (s, len); a NUL byte inside it is
 * HS_EINVAL.  The user and the host are copied, NUL-terminated, into the
 * struct (upstream too builds them as a new string: the brackets of an
 * IPv6 literal are dropped, and a '@' inside the brackets splits the user
 * from the host, so they are not always one piece of the input); the
 * path points into the input and is not NUL-terminated.
 */
#ifndef VRSYNC_HOSTSPEC_H
#define VRSYNC_HOSTSPEC_H

#include <stddef.h>

#define HS_OK		0
#define HS_EINVAL	(-1)	/* NUL byte in the location, or a bad call */
#define HS_ETOOLONG	(-2)	/* user or host longer than HS_*_MAX */
#define HS_EPORT	(-3)	/* rsync:// port above 65535 */

#define HS_USER_MAX	256
#define HS_HOST_MAX	1024	/* upstream's IDN buffer is 1024 bytes */

enum hs_kind {
	HS_LOCAL = 0,		/* no host: a local path */
	HS_RSH = 1,		/* [user@]host:path, over a remote shell */
	HS_DAEMON = 2		/* host::path or rsync://host[:port]/path */
};

struct hostspec {
	enum hs_kind	 kind;
	int		 url;		/* the rsync:// form */
	int		 has_user;	/* a user was given (it may be empty) */
	char		 user[HS_USER_MAX + 1];
	size_t		 user_len;
	char		 host[HS_HOST_MAX + 1];	/* no brackets; may be empty */
	size_t		 host_len;
	unsigned	 port;		/* daemon: 0 = the default (873) */
	const char	*path;		/* into the input; HS_LOCAL: all of it */
	size_t		 path_len;
};

const char *hostspec_strerror(int err);

/*
 * Classifies and splits one location.  On HS_OK every field is set; on
 * an error *hs is unspecified.
 */
int hostspec_parse(const char *s, size_t len, struct hostspec *hs);

#endif
