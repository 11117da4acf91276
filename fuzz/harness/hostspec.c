/*
 * hostspec: command-line locations (spec/05-remote-shell.md 5.1;
 * src/cli/hostspec.c, compiled into this harness).
 *
 * Input: the whole of data is one location.
 *
 * Checked: a known return code; HS_EINVAL exactly when there is a NUL
 * byte; on success user and host are NUL-terminated at their lengths,
 * the path is the tail of the input (a local path is all of it); a
 * remote-shell location has ':' just before its path and a daemon one
 * "::" or an rsync:// prefix; the host holds no ':' or '/' unless it
 * came from brackets; and a location rebuilt from the parts
 * ("user@[host]:path", "[host]::path")
 * parses back to the same parts when the parts allow it.
 */
#include "fz.h"

#include <strings.h>

#include "../../src/cli/hostspec.c"

static char rebuilt[HS_USER_MAX + HS_HOST_MAX + 4096 + 16];

static void
same(const struct hostspec *x, const struct hostspec *y)
{
	FZ_CHECK(x->kind == y->kind && x->has_user == y->has_user);
	FZ_CHECK(x->user_len == y->user_len && x->host_len == y->host_len);
	FZ_CHECK(strcmp(x->user, y->user) == 0 && strcmp(x->host, y->host) == 0);
	FZ_CHECK(x->path_len == y->path_len &&
	    memcmp(x->path, y->path, x->path_len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hostspec hs, h2;
	const char *s;
	uint8_t *buf;
	size_t n, i;
	int r, nul;

	buf = fz_dup(data, size);
	s = (const char *)buf;
	r = hostspec_parse(s, size, &hs);
	FZ_CHECK(r <= 0 && r >= HS_EPORT);
	FZ_CHECK(hostspec_strerror(r) != NULL);
	nul = memchr(buf, 0, size) != NULL;
	FZ_CHECK((r == HS_EINVAL) == nul);
	if (r != HS_OK)
		goto out;
	FZ_CHECK(hs.user_len <= HS_USER_MAX && hs.host_len <= HS_HOST_MAX);
	FZ_CHECK(strlen(hs.user) == hs.user_len && strlen(hs.host) == hs.host_len);
	FZ_CHECK(hs.path_len <= size && hs.path == s + size - hs.path_len);
	FZ_CHECK(hs.port <= 65535);
	switch (hs.kind) {
	case HS_LOCAL:
		FZ_CHECK(hs.path_len == size && !hs.has_user && hs.host_len == 0);
		break;
	case HS_RSH:
		FZ_CHECK(!hs.url && hs.port == 0);
		FZ_CHECK(hs.path > s && hs.path[-1] == ':');
		break;
	case HS_DAEMON:
		if (hs.url)
			FZ_CHECK(size >= 8 && strncasecmp(s, "rsync://", 8) == 0);
		else
			FZ_CHECK(hs.port == 0 && hs.path - s >= 2 &&
			    hs.path[-1] == ':' && hs.path[-2] == ':');
		break;
	default:
		FZ_CHECK(0);
	}
	if (hs.kind == HS_LOCAL || hs.url)
		goto out;
	/* A host with ':' must have come from brackets; none has '/'. */
	FZ_CHECK(strchr(hs.host, '/') == NULL);
	/* Rebuild and parse again when the parts are plain enough. */
	if (hs.host_len == 0 || strpbrk(hs.host, "@[]") ||
	    strpbrk(hs.user, ":/[") || hs.path_len > 4096)
		goto out;
	n = 0;
	if (hs.has_user) {
		memcpy(rebuilt + n, hs.user, hs.user_len);
		n += hs.user_len;
		rebuilt[n++] = '@';
	}
	/* always bracketed: a bare host "rsync" would make an rsync:// URL */
	rebuilt[n++] = '[';
	memcpy(rebuilt + n, hs.host, hs.host_len);
	n += hs.host_len;
	rebuilt[n++] = ']';
	rebuilt[n++] = ':';
	if (hs.kind == HS_DAEMON)
		rebuilt[n++] = ':';
	for (i = 0; i < hs.path_len; i++)
		rebuilt[n++] = hs.path[i];
	r = hostspec_parse(rebuilt, n, &h2);
	FZ_CHECK(r == HS_OK);
	same(&hs, &h2);
out:
	fz_free(buf, size);
	return 0;
}
