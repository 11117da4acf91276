/*
 * hostspec.c: command-line locations (spec/05-remote-shell.md 5.1), as
 * upstream's options.c:check_for_hostspec()/parse_hostspec() and the
 * user split in main.c:start_client() classify them.  See hostspec.h.
 */
#include "cli/hostspec.h"

const char *
hostspec_strerror(int err)
{
	switch (err) {
	case HS_OK:
		return "success";
	case HS_EINVAL:
		return "invalid location (NUL byte or bad call)";
	case HS_ETOOLONG:
		return "user or host name too long";
	case HS_EPORT:
		return "port number out of range";
	default:
		return "unknown host-spec error";
	}
}

/*
 * What parse_hostspec() finds in s[0 .. len): the user part s[0 .. ulen)
 * (ulen counts the '@', 0 without one), the host s[hs .. hs + hlen), the
 * path from s[*pend], and for the rsync:// form (url) the port digits.
 * Returns 1 when s holds a host spec, 0 when it does not, HS_EPORT for a
 * port over 65535 in an otherwise good URL.
 */
struct hs_scan {
	size_t	ulen, hs, hlen, pend;
	unsigned port;
};

/*@ requires len > 0 ==> \valid_read(s + (0 .. len - 1));
    requires \valid(sc);
    requires \separated(sc, s + (0 .. len - 1));
    assigns *sc;
    ensures \result == 0 || \result == 1 || \result == HS_EPORT;
    ensures \result == 1 ==> sc->ulen <= sc->hs && sc->hs + sc->hlen <= len &&
	sc->pend <= len && sc->port <= 65535;
    ensures \result == 1 && sc->ulen > 0 ==> sc->ulen <= len && s[sc->ulen - 1] == '@';
 */
static int
scan(const char *s, size_t len, int url, struct hs_scan *sc)
{
	size_t i, j, hs = 0, ulen = 0, hlen = 0;
	int have_hlen = 0, big = 0;
	unsigned port = 0;
	char c;

	/*@ loop invariant 0 <= i <= len;
	    loop invariant ulen <= hs <= i;
	    loop invariant ulen > 0 ==> s[ulen - 1] == '@';
	    loop invariant have_hlen ==> hs + hlen <= i;
	    loop invariant !have_hlen ==> hlen == 0;
	    loop assigns i, j, c, hs, ulen, hlen, have_hlen;
	    loop variant len - i;
	 */
	for (i = 0;; i++) {
		if (i == len) {
			if (!url)
				return 0;
			if (!have_hlen)
				hlen = i - hs;
			break;
		}
		c = s[i];
		if (c == ':' || c == '/') {
			if (!have_hlen) {
				hlen = i - hs;
				have_hlen = 1;
			}
			i++;
			if (c == '/') {
				if (!url)
					return 0;
			} else if (url) {
				/*@ loop invariant i <= len;
				    loop invariant port <= 65535;
				    loop assigns i, port, big;
				    loop variant len - i;
				 */
				while (i < len && s[i] >= '0' && s[i] <= '9') {
					if (!big && port * 10u + (unsigned)(s[i] - '0') > 65535u)
						big = 1;
					if (!big)
						port = port * 10u + (unsigned)(s[i] - '0');
					i++;
				}
				if (i < len) {
					if (s[i] != '/')
						return 0;
					i++;
				}
			}
			break;
		}
		if (c == '@') {
			ulen = i + 1;
			hs = i + 1;
			have_hlen = 0;
			hlen = 0;
		} else if (c == '[') {
			if (i != hs)
				return 0;
			hs = i + 1;
			/*@ loop invariant hs <= j <= len;
			    loop assigns j;
			    loop variant len - j;
			 */
			for (j = hs; j < len && s[j] != ']' && s[j] != '/'; j++)
				;
			hlen = j - hs;
			if (j == len || s[j] != ']' || hlen == 0 ||
			    (j + 1 < len && s[j + 1] != '/' && s[j + 1] != ':'))
				return 0;
			have_hlen = 1;
			i = j;
		}
	}
	if (big)
		return HS_EPORT;
	sc->ulen = ulen;
	sc->hs = hs;
	sc->hlen = hlen;
	sc->pend = i;
	sc->port = port;
	return 1;
}

/*
 * Copies upstream's "[USER@]HOST" string (s[0 .. ulen) then
 * s[hs .. hs + hlen)) into hs->user and hs->host, split at its last '@'
 * as start_client() does.
 */
/*@ requires \valid_read(s + (0 .. len - 1));
    requires \valid(hs);
    requires \separated(hs, s + (0 .. len - 1));
    requires ulen <= hsi && hsi + hlen <= len;
    requires ulen > 0 ==> s[ulen - 1] == '@';
    assigns hs->has_user, hs->user[0 .. HS_USER_MAX], hs->user_len,
	hs->host[0 .. HS_HOST_MAX], hs->host_len;
    ensures \result == HS_OK || \result == HS_ETOOLONG;
    ensures \result == HS_OK ==> hs->user_len <= HS_USER_MAX &&
	hs->host_len <= HS_HOST_MAX && hs->host_len <= hlen &&
	hs->host[hs->host_len] == 0 && hs->user[hs->user_len] == 0;
 */
static int
split_user(const char *s, size_t len, size_t ulen, size_t hsi, size_t hlen,
    struct hostspec *hs)
{
	size_t k, at = hlen, un, o;

	(void)len;
	/* The last '@' inside the host part (only an IPv6 bracket has one). */
	/*@ loop invariant 0 <= k <= hlen;
	    loop invariant at == hlen || at < k;
	    loop assigns k, at;
	    loop variant hlen - k;
	 */
	for (k = 0; k < hlen; k++)
		if (s[hsi + k] == '@')
			at = k;
	if (at == hlen) {
		hs->has_user = ulen > 0;
		un = ulen > 0 ? ulen - 1 : 0;
		if (un > HS_USER_MAX || hlen > HS_HOST_MAX)
			return HS_ETOOLONG;
		/*@ loop invariant 0 <= k <= un;
		    loop assigns k, hs->user[0 .. un - 1];
		    loop variant un - k;
		 */
		for (k = 0; k < un; k++)
			hs->user[k] = s[k];
		hs->user[un] = '\0';
		hs->user_len = un;
		/*@ loop invariant 0 <= k <= hlen;
		    loop assigns k, hs->host[0 .. hlen - 1];
		    loop variant hlen - k;
		 */
		for (k = 0; k < hlen; k++)
			hs->host[k] = s[hsi + k];
		hs->host[hlen] = '\0';
		hs->host_len = hlen;
		return HS_OK;
	}
	/* user = s[0 .. ulen) then s[hsi .. hsi + at); host after the '@'. */
	hs->has_user = 1;
	if (ulen > HS_USER_MAX || at > HS_USER_MAX - ulen ||
	    hlen - at - 1 > HS_HOST_MAX)
		return HS_ETOOLONG;
	/*@ loop invariant 0 <= k <= ulen;
	    loop assigns k, hs->user[0 .. ulen - 1];
	    loop variant ulen - k;
	 */
	for (k = 0; k < ulen; k++)
		hs->user[k] = s[k];
	o = ulen;
	/*@ loop invariant 0 <= k <= at;
	    loop assigns k, hs->user[o .. o + at - 1];
	    loop variant at - k;
	 */
	for (k = 0; k < at; k++)
		hs->user[o + k] = s[hsi + k];
	hs->user[o + at] = '\0';
	hs->user_len = o + at;
	/*@ loop invariant at + 1 <= k <= hlen;
	    loop assigns k, hs->host[0 .. hlen - at - 2];
	    loop variant hlen - k;
	 */
	for (k = at + 1; k < hlen; k++)
		hs->host[k - at - 1] = s[hsi + k];
	hs->host[hlen - at - 1] = '\0';
	hs->host_len = hlen - at - 1;
	return HS_OK;
}

/*@ requires s != \null && len > 0 ==> \valid_read(s + (0 .. len - 1));
    requires \valid(hs);
    requires \separated(hs, s + (0 .. len - 1));
    assigns *hs;
    ensures s == \null && len != 0 ==> \result == HS_EINVAL;
    ensures \result == HS_OK || \result == HS_EINVAL || \result == HS_ETOOLONG ||
	\result == HS_EPORT;
    ensures \result == HS_OK ==> hs->kind == HS_LOCAL || hs->kind == HS_RSH ||
	hs->kind == HS_DAEMON;
    ensures \result == HS_OK ==> hs->path_len <= len &&
	hs->path == s + (len - hs->path_len);
    ensures \result == HS_OK ==> hs->user_len <= HS_USER_MAX &&
	hs->host_len <= HS_HOST_MAX && hs->port <= 65535;
    ensures \result == HS_OK && hs->kind == HS_LOCAL ==> hs->path_len == len;
 */
int
hostspec_parse(const char *s, size_t len, struct hostspec *hs)
{
	static const char pfx[] = "rsync://";
	struct hs_scan sc = { 0, 0, 0, 0, 0 };
	size_t k;
	int r, url = 0;
	const char *t = s;
	size_t tlen = len;

	if (s == (const char *)0 && len != 0)
		return HS_EINVAL;
	/*@ loop invariant 0 <= k <= len;
	    loop assigns k;
	    loop variant len - k;
	 */
	for (k = 0; k < len; k++)
		if (s[k] == '\0')
			return HS_EINVAL;
	hs->kind = HS_LOCAL;
	hs->url = 0;
	hs->has_user = 0;
	hs->user[0] = '\0';
	hs->user_len = 0;
	hs->host[0] = '\0';
	hs->host_len = 0;
	hs->port = 0;
	hs->path = s;
	hs->path_len = len;
	if (len >= 8) {
		url = 1;
		/*@ loop invariant 0 <= k <= 8;
		    loop assigns k, url;
		    loop variant 8 - k;
		 */
		for (k = 0; k < 8; k++) {
			char c = s[k];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != pfx[k])
				url = 0;
		}
	}
	r = 0;
	if (url) {
		t = s + 8;
		tlen = len - 8;
		r = scan(t, tlen, 1, &sc);
		if (r < 0)
			return r;
	}
	if (r == 1) {
		hs->kind = HS_DAEMON;
		hs->url = 1;
		hs->port = sc.port;
	} else {
		t = s;
		tlen = len;
		r = scan(t, tlen, 0, &sc);
		if (r != 1)
			return HS_OK;	/* local; scan() gives HS_EPORT only for a URL */
		if (sc.pend < tlen && t[sc.pend] == ':') {
			hs->kind = HS_DAEMON;
			sc.pend++;
		} else
			hs->kind = HS_RSH;
	}
	r = split_user(t, tlen, sc.ulen, sc.hs, sc.hlen, hs);
	if (r != HS_OK)
		return r;
	hs->path = t + sc.pend;
	hs->path_len = tlen - sc.pend;
	return HS_OK;
}
