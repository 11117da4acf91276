/*
 * flist.c: one file-list entry (upstream flist.c send_file_entry and
 * recv_file_entry), the end-of-list marker (write_end_of_flist and
 * recv_file_list's loop), the uid/gid name lists (uidlist.c
 * send_one_list, recv_id_list), upstream's sort order (f_name_cmp) and
 * the receiver's name check (spec/08-flist.md).  Protocols 27..32,
 * without incremental recursion, hard links, ACLs, xattrs, atimes or
 * crtimes.
 *
 * Both codecs work all or nothing: the decoder parses into locals and
 * commits *out, *prev and *pos only when the whole entry is there and
 * valid; the encoder decides every field, measures the entry and writes
 * it only when it fits.
 */
#include "wire/flist.h"

/* File types of the wire mode (Linux S_IF* values, upstream's wire form). */
#define WM_IFMT		0170000u
#define WM_IFSOCK	0140000u
#define WM_IFLNK	0120000u
#define WM_IFREG	0100000u
#define WM_IFBLK	0060000u
#define WM_IFDIR	0040000u
#define WM_IFCHR	0020000u
#define WM_IFIFO	0010000u

#define MAX_WIRE_NSEC	999999999

/*@ logic integer wm_type(integer m) = m % 0x10000 - m % 0x1000;
    predicate wm_known(integer m) =
	wm_type(m) == WM_IFSOCK || wm_type(m) == WM_IFLNK ||
	wm_type(m) == WM_IFREG || wm_type(m) == WM_IFBLK ||
	wm_type(m) == WM_IFDIR || wm_type(m) == WM_IFCHR ||
	wm_type(m) == WM_IFIFO;
    predicate cfg_ok(struct wire_flist_cfg *c) =
	27 <= c->proto <= 32 && 0 <= c->csum_len <= WIRE_SUM_MAX;
    predicate prev_ok(struct wire_flist_prev *p) = p->namelen < WIRE_PATH_MAX;
 */

/*@ assigns \nothing; */
static uint32_t
wm_type(uint32_t mode)
{
	return mode & WM_IFMT;
}

/*@ assigns \nothing; */
static int
wm_known(uint32_t mode)
{
	uint32_t t = wm_type(mode);

	return t == WM_IFSOCK || t == WM_IFLNK || t == WM_IFREG ||
	    t == WM_IFBLK || t == WM_IFDIR || t == WM_IFCHR || t == WM_IFIFO;
}

/*@ assigns \nothing; */
static int
wm_isdev(uint32_t mode)
{
	return wm_type(mode) == WM_IFCHR || wm_type(mode) == WM_IFBLK;
}

/*@ assigns \nothing; */
static int
wm_isspecial(uint32_t mode)
{
	return wm_type(mode) == WM_IFIFO || wm_type(mode) == WM_IFSOCK;
}

/* Two's complement reinterpretations without implementation-defined
 * conversions (as int.c). */
/*@ assigns \nothing;
    ensures v >= 0 ==> \result == v;
    ensures v < 0 ==> \result == v + 0x100000000;
 */
static uint32_t
u32(int32_t v)
{
	if (v >= 0)
		return (uint32_t)v;
	return UINT32_MAX - (uint32_t)(-(v + 1));
}

/*@ assigns \nothing;
    ensures u <= INT32_MAX ==> \result == u;
    ensures u > INT32_MAX ==> \result == u - 0x100000000;
 */
static int32_t
s32(uint32_t u)
{
	if (u <= (uint32_t)INT32_MAX)
		return (int32_t)u;
	return -(int32_t)(UINT32_MAX - u) - 1;
}

/*@ assigns \nothing; */
static int
cfg_valid(const struct wire_flist_cfg *cfg)
{
	return cfg->proto >= 27 && cfg->proto <= 32 && cfg->csum_len >= 0 &&
	    cfg->csum_len <= WIRE_SUM_MAX;
}

/*
 * Protocol 27 sends rdev as the int32 of the sender's dev_t: glibc's
 * makedev() cut to 32 bits; the reader sign-extends it into a dev_t and
 * takes glibc's major() and minor() of that.
 */
/*@ assigns \nothing; */
static uint32_t
rdev27(uint32_t major, uint32_t minor)
{
	return (major & 0xFFFu) << 8 | (minor & 0xFFu) |
	    (minor & 0xFFF00u) << 12;
}

/*@ requires \valid(major) && \valid(minor) && \separated(major, minor);
    assigns *major, *minor;
 */
static void
rdev27_split(uint32_t r, uint32_t *major, uint32_t *minor)
{
	uint32_t neg = r >= 0x80000000u;

	*major = (r >> 8 & 0xFFFu) | (neg ? 0xFFFFF000u : 0);
	*minor = (r & 0xFFu) | (r >> 12 & 0xFFF00u) | (neg ? 0xFFF00000u : 0);
}

/* ---- decoder ------------------------------------------------------------ */

/* read_varint30: int32 before protocol 30, else varint. */
/*@ requires \valid(p) && \valid(v) && \separated(p, v);
    requires *p <= len;
    requires wire_in((uint8_t *)buf, len, *p, WIRE_VARINT_MAX);
    assigns *p, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures \result == WIRE_OK ==> \old(*p) < *p <= len;
    ensures \result != WIRE_OK ==> *p == \old(*p);
 */
static int
get_varint30(const uint8_t *buf, size_t len, size_t *p, int proto, int32_t *v)
{
	if (proto < 30)
		return wire_get_int32(buf, len, p, v);
	return wire_get_varint(buf, len, p, v);
}

/*@ requires \valid(p) && \valid(v) && \separated(p, v);
    requires *p <= len;
    requires wire_in((uint8_t *)buf, len, *p, WIRE_LONGINT_MAX);
    assigns *p, *v;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures \result == WIRE_OK ==> \old(*p) < *p <= len;
    ensures \result != WIRE_OK ==> *p == \old(*p);
 */
static int
get_varlong30(const uint8_t *buf, size_t len, size_t *p, int proto,
    int min_bytes, int64_t *v)
{
	if (proto < 30)
		return wire_get_longint(buf, len, p, v);
	return wire_get_varlong(buf, len, p, min_bytes, v);
}

/* No NUL among n bytes. */
/*@ requires \valid_read(b + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 1 <==> (\forall integer i; 0 <= i < n ==> b[i] != 0);
 */
static int
no_nul(const uint8_t *b, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer k; 0 <= k < i ==> b[k] != 0;
	    loop assigns i;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		if (b[i] == 0)
			return 0;
	return 1;
}

/* Byte i of a name made of prev->name[0 .. l1) and buf[sfx ..). */
/*@ requires \valid_read(prev) && i < WIRE_PATH_MAX;
    requires i >= l1 ==> \valid_read(buf + sfx + i - l1);
    assigns \nothing;
 */
static char
name_at(const struct wire_flist_prev *prev, const uint8_t *buf, size_t l1,
    size_t sfx, size_t i)
{
	return i < l1 ? prev->name[i] : (char)buf[sfx + i - l1];
}

/*
 * The flags of the next item, or the end marker: 1 with *io_error, 0 with
 * *flags.  Upstream recv_file_list's loop head.
 */
/*@ requires \valid(p) && \valid(flags) && \valid(io_error);
    requires \separated(p, flags, io_error);
    requires \valid_read(cfg) && cfg_ok(cfg);
    requires *p <= len;
    requires wire_in((uint8_t *)buf, len, *p, 2 + WIRE_VARINT_MAX);
    assigns *p, *flags, *io_error;
    ensures \result == 0 || \result == 1 || \result == WIRE_ESHORT ||
	\result == WIRE_ERANGE;
    ensures \result >= 0 ==> \old(*p) < *p <= len;
    ensures \result < 0 ==> *p == \old(*p);
 */
static int
get_flags(const uint8_t *buf, size_t len, size_t *p,
    const struct wire_flist_cfg *cfg, uint32_t *flags, int32_t *io_error)
{
	size_t q = *p;
	int32_t v, err;
	uint8_t b;
	uint32_t f;
	int r;

	if (cfg->varint_flags) {
		if ((r = wire_get_varint(buf, len, &q, &v)) != WIRE_OK)
			return r;
		if (v == 0) {
			if ((r = wire_get_varint(buf, len, &q, &err)) != WIRE_OK)
				return r;
			*io_error = err;
			*p = q;
			return 1;
		}
		*flags = u32(v);
		*p = q;
		return 0;
	}
	if ((r = wire_get_byte(buf, len, &q, &b)) != WIRE_OK)
		return r;
	if (b == 0) {
		*io_error = 0;
		*p = q;
		return 1;
	}
	f = b;
	if (cfg->proto >= 28 && (f & XMIT_EXTENDED_FLAGS)) {
		if ((r = wire_get_byte(buf, len, &q, &b)) != WIRE_OK)
			return r;
		f |= (uint32_t)b << 8;
		if (f == (XMIT_EXTENDED_FLAGS | XMIT_IO_ERROR_ENDLIST)) {
			/* upstream: "Invalid flist flag" without safe flist */
			if (!cfg->safe_flist)
				return WIRE_ERANGE;
			if ((r = wire_get_varint(buf, len, &q, &err)) != WIRE_OK)
				return r;
			*io_error = err;
			*p = q;
			return 1;
		}
	}
	*flags = f;
	*p = q;
	return 0;
}

/* An ERANGE with its reason for the caller's message. */
/*@ requires why == \null || \valid(why);
    assigns *why;
    ensures \result == WIRE_ERANGE;
 */
static int
bad(int *why, int reason)
{
	if (why != NULL)
		*why = reason;
	return WIRE_ERANGE;
}

/*@ requires \valid(pos) && \valid_read(cfg) && \valid(prev) && \valid(out) &&
	\valid(io_error);
    requires \separated(pos, cfg, prev, out, io_error);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, len - *pos);
    requires prev_ok(prev);
    assigns *pos, *prev, *out, *io_error;
    ensures \result == 0 || \result == 1 || \result == WIRE_ESHORT ||
	\result == WIRE_ERANGE;
    ensures prev_ok(prev);
    ensures \result >= 0 ==> \old(*pos) < *pos <= len;
    ensures \result == 0 ==> 0 < out->namelen < WIRE_PATH_MAX &&
	out->linklen < WIRE_PATH_MAX;
    ensures \result < 0 ==> *pos == \old(*pos) && *prev == \old(*prev) &&
	*out == \old(*out) && *io_error == \old(*io_error);
    ensures \result != 0 ==> *prev == \old(*prev) && *out == \old(*out);
 */
int
wire_get_fentry_why(const uint8_t *buf, size_t len, size_t *pos,
    const struct wire_flist_cfg *cfg, struct wire_flist_prev *prev,
    struct wire_fentry *out, int32_t *io_error, int *why)
{
	const int proto = cfg->proto;
	size_t p = *pos, l1 = 0, l2, sfx, lnk = 0, linklen = 0, sum = 0, i;
	size_t csum_len;
	uint32_t flags = 0, mode, uid, gid, major = 0, minor = 0;
	uint32_t st_major = prev->rdev_major, st_rdev = prev->rdev;
	int64_t size, mtime;
	int32_t v, nsec = 0;
	uint8_t b;
	int r, isdev, isspecial;

	if (!cfg_valid(cfg))
		return bad(why, WIRE_FE_CFG);
	csum_len = (size_t)cfg->csum_len;
	if ((r = get_flags(buf, len, &p, cfg, &flags, &v)) < 0)
		return r == WIRE_ERANGE ? bad(why, WIRE_FE_FLAGS) : r;
	if (r == 1) {
		*io_error = v;
		*pos = p;
		return 1;
	}
	/* No -H: the hard-link fields cannot be parsed, and upstream's
	 * receiver reads first_hlink_ndx (30+) whatever its options. */
	if (proto >= 28 && (flags & XMIT_HLINKED))
		return bad(why, WIRE_FE_HLINK);
	if (proto >= 30 && (flags & XMIT_HLINK_FIRST))
		return bad(why, WIRE_FE_HLINK);

	/* The name: prefix of the previous one, then a suffix. */
	if (flags & XMIT_SAME_NAME) {
		if ((r = wire_get_byte(buf, len, &p, &b)) != WIRE_OK)
			return r;
		l1 = b;
	}
	if (flags & XMIT_LONG_NAME) {
		if ((r = get_varint30(buf, len, &p, proto, &v)) != WIRE_OK)
			return r;
		if (v < 0 || v >= WIRE_PATH_MAX)
			return bad(why, WIRE_FE_NAMELEN);
		l2 = (size_t)v;
	} else {
		if ((r = wire_get_byte(buf, len, &p, &b)) != WIRE_OK)
			return r;
		l2 = b;
	}
	if (l1 > prev->namelen)
		return bad(why, WIRE_FE_PREFIX);
	if (l1 + l2 >= WIRE_PATH_MAX)
		return bad(why, WIRE_FE_NAMELEN);
	if (l1 + l2 == 0)
		return bad(why, WIRE_FE_EMPTY);
	if (len - p < l2)
		return WIRE_ESHORT;
	if (!no_nul(buf + p, l2))
		return bad(why, WIRE_FE_NUL);
	sfx = p;
	p += l2;

	if ((r = get_varlong30(buf, len, &p, proto, 3, &size)) != WIRE_OK)
		return r;
	if (size < 0)
		return bad(why, WIRE_FE_SIZE);
	mtime = prev->mtime;
	if (!(flags & XMIT_SAME_TIME)) {
		if (proto >= 30) {
			if ((r = wire_get_varlong(buf, len, &p, 4, &mtime)) !=
			    WIRE_OK)
				return r;
		} else {
			uint32_t t;

			if ((r = wire_get_uint32(buf, len, &p, &t)) != WIRE_OK)
				return r;
			mtime = t;
		}
	}
	/* upstream reads it whenever the flag is there, whatever the proto */
	if (flags & XMIT_MOD_NSEC) {
		if ((r = wire_get_varint(buf, len, &p, &nsec)) != WIRE_OK)
			return r;
		if (nsec < 0 || nsec > MAX_WIRE_NSEC)
			return bad(why, WIRE_FE_NSEC);
	}
	mode = prev->mode;
	if (!(flags & XMIT_SAME_MODE)) {
		if ((r = wire_get_int32(buf, len, &p, &v)) != WIRE_OK)
			return r;
		mode = u32(v);
	}
	if (!wm_known(mode))
		return bad(why, WIRE_FE_MODE);
	isdev = wm_isdev(mode);
	isspecial = wm_isspecial(mode);

	uid = prev->uid;
	if (cfg->uid && !(flags & XMIT_SAME_UID)) {
		if ((r = get_varint30(buf, len, &p, proto, &v)) != WIRE_OK)
			return r;
		uid = u32(v);
		if (proto >= 30 && (flags & XMIT_USER_NAME_FOLLOWS))
			return bad(why, WIRE_FE_IDNAME);
	}
	gid = prev->gid;
	if (cfg->gid && !(flags & XMIT_SAME_GID)) {
		if ((r = get_varint30(buf, len, &p, proto, &v)) != WIRE_OK)
			return r;
		gid = u32(v);
		if (proto >= 30 && (flags & XMIT_GROUP_NAME_FOLLOWS))
			return bad(why, WIRE_FE_IDNAME);
	}

	if ((cfg->devices && isdev) ||
	    (cfg->specials && isspecial && proto < 31)) {
		if (proto < 28) {
			if (!(flags & XMIT_SAME_RDEV_pre28)) {
				if ((r = wire_get_int32(buf, len, &p, &v)) !=
				    WIRE_OK)
					return r;
				st_rdev = u32(v);
			}
			rdev27_split(st_rdev, &major, &minor);
		} else {
			if (!(flags & XMIT_SAME_RDEV_MAJOR)) {
				if ((r = get_varint30(buf, len, &p, proto,
				    &v)) != WIRE_OK)
					return r;
				st_major = u32(v);
			}
			major = st_major;
			if (proto >= 30) {
				if ((r = wire_get_varint(buf, len, &p, &v)) !=
				    WIRE_OK)
					return r;
				minor = u32(v);
			} else if (flags & XMIT_RDEV_MINOR_8_pre30) {
				if ((r = wire_get_byte(buf, len, &p, &b)) !=
				    WIRE_OK)
					return r;
				minor = b;
			} else {
				if ((r = wire_get_int32(buf, len, &p, &v)) !=
				    WIRE_OK)
					return r;
				minor = u32(v);
			}
		}
		size = 0;
	} else if (isdev)
		size = 0;
	else if (proto < 28)
		st_rdev = 0;

	if (cfg->links && wm_type(mode) == WM_IFLNK) {
		if ((r = get_varint30(buf, len, &p, proto, &v)) != WIRE_OK)
			return r;
		if (v <= 0 || v >= WIRE_PATH_MAX)
			return bad(why, WIRE_FE_LINKLEN);
		linklen = (size_t)v;
		if (len - p < linklen)
			return WIRE_ESHORT;
		if (!no_nul(buf + p, linklen))
			return bad(why, WIRE_FE_NUL);
		lnk = p;
		p += linklen;
	}

	if (csum_len > 0 && (wm_type(mode) == WM_IFREG || proto < 28)) {
		if (len - p < csum_len)
			return WIRE_ESHORT;
		sum = p;
		p += csum_len;
	} else
		csum_len = 0;

	/* upstream: "rejecting non-directory transfer-root entry" */
	if (wm_type(mode) != WM_IFDIR && l1 + l2 <= 2 &&
	    name_at(prev, buf, l1, sfx, l1 + l2 - 1) == '.' &&
	    (l1 + l2 == 1 || name_at(prev, buf, l1, sfx, 0) == '/'))
		return bad(why, WIRE_FE_ROOT);

	/* Commit. */
	out->xflags = flags;
	/*@ loop invariant 0 <= i <= l1;
	    loop assigns i, out->name[0 .. l1 - 1];
	    loop variant l1 - i;
	 */
	for (i = 0; i < l1; i++)
		out->name[i] = prev->name[i];
	/*@ loop invariant 0 <= i <= l2;
	    loop assigns i, out->name[l1 .. l1 + l2 - 1];
	    loop variant l2 - i;
	 */
	for (i = 0; i < l2; i++)
		out->name[l1 + i] = (char)buf[sfx + i];
	out->name[l1 + l2] = '\0';
	out->namelen = l1 + l2;
	out->size = size;
	out->mtime = mtime;
	out->nsec = (uint32_t)nsec;
	out->mode = mode;
	out->uid = uid;
	out->gid = gid;
	out->rdev_major = major;
	out->rdev_minor = minor;
	/*@ loop invariant 0 <= i <= linklen;
	    loop assigns i, out->link[0 .. linklen - 1];
	    loop variant linklen - i;
	 */
	for (i = 0; i < linklen; i++)
		out->link[i] = (char)buf[lnk + i];
	out->link[linklen] = '\0';
	out->linklen = linklen;
	/*@ loop invariant 0 <= i <= WIRE_SUM_MAX;
	    loop assigns i, out->sum[0 .. WIRE_SUM_MAX - 1];
	    loop variant WIRE_SUM_MAX - i;
	 */
	for (i = 0; i < WIRE_SUM_MAX; i++)
		out->sum[i] = i < csum_len ? buf[sum + i] : 0;

	prev->mode = mode;
	prev->mtime = mtime;
	prev->uid = uid;
	prev->gid = gid;
	prev->rdev_major = st_major;
	prev->rdev = st_rdev;
	/*@ loop invariant 0 <= i <= out->namelen;
	    loop assigns i, prev->name[0 .. out->namelen - 1];
	    loop variant out->namelen - i;
	 */
	for (i = 0; i < out->namelen; i++)
		prev->name[i] = out->name[i];
	prev->name[out->namelen] = '\0';
	prev->namelen = out->namelen;
	prev->first = 0;
	*pos = p;
	return 0;
}

/* wire_get_fentry_why without the reason. */
int
wire_get_fentry(const uint8_t *buf, size_t len, size_t *pos,
    const struct wire_flist_cfg *cfg, struct wire_flist_prev *prev,
    struct wire_fentry *out, int32_t *io_error)
{
	return wire_get_fentry_why(buf, len, pos, cfg, prev, out, io_error, NULL);
}

/* ---- encoder ------------------------------------------------------------ */

/* Encoded lengths, by encoding into scratch space with the codecs. */
/*@ assigns \nothing;
    ensures 1 <= \result <= WIRE_VARINT_MAX;
 */
static size_t
varint_size(int32_t v)
{
	uint8_t t[WIRE_VARINT_MAX];
	size_t n = 0;

	(void)wire_put_varint(t, sizeof(t), &n, v);
	return n;
}

/*@ assigns \nothing;
    ensures \result <= WIRE_LONGINT_MAX;
 */
static size_t
varlong30_size(int proto, int min_bytes, int64_t v)
{
	uint8_t t[WIRE_LONGINT_MAX];
	size_t n = 0;

	if (proto < 30)
		(void)wire_put_longint(t, sizeof(t), &n, v);
	else
		(void)wire_put_varlong(t, sizeof(t), &n, min_bytes, v);
	return n;
}

/*@ assigns \nothing;
    ensures 1 <= \result <= WIRE_VARINT_MAX;
 */
static size_t
varint30_size(int proto, int32_t v)
{
	return proto < 30 ? 4 : varint_size(v);
}

/* The writers below are only called once the whole entry is known to
 * fit, so their results need no check. */
/*@ requires \valid(p) && *p <= cap;
    requires wire_out(buf, cap, *p, WIRE_VARINT_MAX);
    requires \separated(p, buf + (0 .. cap - 1));
    assigns *p, buf[*p .. *p + 4];
 */
static void
put_varint30(uint8_t *buf, size_t cap, size_t *p, int proto, int32_t v)
{
	if (proto < 30)
		(void)wire_put_int32(buf, cap, p, v);
	else
		(void)wire_put_varint(buf, cap, p, v);
}

/*@ requires \valid(p) && *p <= cap && cap - *p >= n;
    requires \valid_read(src + (0 .. n - 1));
    requires \valid(buf + (*p .. *p + n - 1));
    requires \separated(p, buf + (0 .. cap - 1), src + (0 .. n - 1));
    requires \separated(buf + (0 .. cap - 1), src + (0 .. n - 1));
    assigns *p, buf[*p .. *p + n - 1];
    ensures *p == \old(*p) + n;
 */
static void
put_bytes(uint8_t *buf, size_t cap, size_t *p, const uint8_t *src, size_t n)
{
	size_t i;

	(void)cap;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, buf[*p .. *p + n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		buf[*p + i] = src[i];
	*p += n;
}

/*@ requires \valid(pos) && \valid_read(cfg) && \valid(prev) && \valid_read(e);
    requires \separated(pos, cfg, prev, e, buf + (0 .. cap - 1));
    requires *pos <= cap;
    requires wire_out(buf, cap, *pos, cap - *pos);
    requires prev_ok(prev);
    assigns *pos, *prev, buf[*pos .. cap - 1];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures prev_ok(prev);
    ensures \result == WIRE_OK ==> \old(*pos) < *pos <= cap;
    ensures \result != WIRE_OK ==> *pos == \old(*pos) && *prev == \old(*prev);
 */
int
wire_put_fentry(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, struct wire_flist_prev *prev,
    const struct wire_fentry *e, int dirflags)
{
	static const uint8_t zeros[WIRE_SUM_MAX];
	const int proto = cfg->proto;
	const uint32_t mode = e->mode;
	const int isdir = wm_type(mode) == WM_IFDIR;
	const int isdev = wm_isdev(mode), isspecial = wm_isspecial(mode);
	const int islnk = wm_type(mode) == WM_IFLNK;
	const int isreg = wm_type(mode) == WM_IFREG;
	uint32_t x = 0, st_major = prev->rdev_major, st_rdev = prev->rdev;
	uint32_t major = 0, minor = 0, r27 = 0;
	size_t l1, l2, need, p, i, csum_len;
	int rdev_sent, link_sent, sum_sent;

	if (!cfg_valid(cfg) || !wm_known(mode))
		return WIRE_EINVAL;
	if (e->namelen == 0 || e->namelen >= WIRE_PATH_MAX ||
	    !no_nul((const uint8_t *)e->name, e->namelen))
		return WIRE_EINVAL;
	if (e->size < 0 || e->nsec > MAX_WIRE_NSEC)
		return WIRE_EINVAL;
	link_sent = cfg->links && islnk;
	if (link_sent && (e->linklen == 0 || e->linklen >= WIRE_PATH_MAX ||
	    !no_nul((const uint8_t *)e->link, e->linklen)))
		return WIRE_EINVAL;
	csum_len = (size_t)cfg->csum_len;
	sum_sent = csum_len > 0 && (isreg || proto < 28);

	/* The flags, as send_file_entry chooses them. */
	if (isdir) {
		if (proto >= 30) {
			if (!(dirflags & (WIRE_DIR_NO_CONTENT | WIRE_DIR_IMPLIED)))
				x = (uint32_t)dirflags & XMIT_TOP_DIR;
			else if (dirflags & WIRE_DIR_IMPLIED)
				x = XMIT_TOP_DIR | XMIT_NO_CONTENT_DIR;
			else
				x = XMIT_NO_CONTENT_DIR;
		} else
			x = (uint32_t)dirflags & XMIT_TOP_DIR;
	}
	if (mode == prev->mode)
		x |= XMIT_SAME_MODE;
	rdev_sent = 0;
	if (cfg->devices && isdev) {
		rdev_sent = 1;
		if (proto < 28) {
			r27 = rdev27(e->rdev_major, e->rdev_minor);
			if (r27 == st_rdev)
				x |= XMIT_SAME_RDEV_pre28;
			else
				st_rdev = r27;
		} else {
			major = e->rdev_major;
			minor = e->rdev_minor;
			if (major == st_major)
				x |= XMIT_SAME_RDEV_MAJOR;
			else
				st_major = major;
			if (proto < 30 && minor <= 0xFFu)
				x |= XMIT_RDEV_MINOR_8_pre30;
		}
	} else if (cfg->specials && isspecial && proto < 31) {
		/* the historical dummy rdev: same as before, minor 0 */
		rdev_sent = 1;
		if (proto < 28)
			x |= XMIT_SAME_RDEV_pre28;
		else {
			major = st_major;
			minor = 0;
			x |= XMIT_SAME_RDEV_MAJOR;
			if (proto < 30)
				x |= XMIT_RDEV_MINOR_8_pre30;
		}
	} else if (proto < 28)
		st_rdev = 0;
	if (!cfg->uid || (e->uid == prev->uid && !prev->first))
		x |= XMIT_SAME_UID;
	if (!cfg->gid || (e->gid == prev->gid && !prev->first))
		x |= XMIT_SAME_GID;
	if (e->mtime == prev->mtime)
		x |= XMIT_SAME_TIME;
	if (e->nsec != 0 && proto >= 31)
		x |= XMIT_MOD_NSEC;

	/*@ loop invariant 0 <= l1 <= 255 && l1 <= prev->namelen &&
		l1 <= e->namelen;
	    loop assigns l1;
	    loop variant 255 - l1;
	 */
	for (l1 = 0; l1 < prev->namelen && l1 < e->namelen && l1 < 255 &&
	    e->name[l1] == prev->name[l1]; l1++)
		;
	l2 = e->namelen - l1;
	if (l1 > 0)
		x |= XMIT_SAME_NAME;
	if (l2 > 255)
		x |= XMIT_LONG_NAME;

	/* The flags' own encoding, and what it adds to them. */
	if (cfg->varint_flags) {
		/* upstream's placeholder for no flags; before 28 that bit
		 * is XMIT_SAME_RDEV_pre28 (only a cfg vrsync never builds:
		 * CF_VARINT_FLIST_FLAGS comes with 30), so there the byte
		 * form's */
		if (x == 0)
			x = proto >= 28 ? XMIT_EXTENDED_FLAGS :
			    isdir ? XMIT_LONG_NAME : XMIT_TOP_DIR;
		need = varint_size(s32(x));
	} else if (proto >= 28) {
		if (x == 0 && !isdir)
			x |= XMIT_TOP_DIR;
		if ((x & 0xFF00u) || x == 0) {
			x |= XMIT_EXTENDED_FLAGS;
			need = 2;
		} else
			need = 1;
	} else {
		if (!(x & 0xFFu))
			x |= isdir ? XMIT_LONG_NAME : XMIT_TOP_DIR;
		need = 1;
	}

	/* Measure the rest. */
	need += (x & XMIT_SAME_NAME) ? 1 : 0;
	need += (x & XMIT_LONG_NAME) ? varint30_size(proto, (int32_t)l2) : 1;
	need += l2;
	need += varlong30_size(proto, 3, e->size);
	if (!(x & XMIT_SAME_TIME))
		need += proto >= 30 ? varlong30_size(proto, 4, e->mtime) : 4;
	if (x & XMIT_MOD_NSEC)
		need += varint_size((int32_t)e->nsec);
	if (!(x & XMIT_SAME_MODE))
		need += 4;
	if (cfg->uid && !(x & XMIT_SAME_UID))
		need += varint30_size(proto, s32(e->uid));
	if (cfg->gid && !(x & XMIT_SAME_GID))
		need += varint30_size(proto, s32(e->gid));
	if (rdev_sent) {
		if (proto < 28)
			need += (x & XMIT_SAME_RDEV_pre28) ? 0 : 4;
		else {
			if (!(x & XMIT_SAME_RDEV_MAJOR))
				need += varint30_size(proto, s32(major));
			if (proto >= 30)
				need += varint_size(s32(minor));
			else
				need += (x & XMIT_RDEV_MINOR_8_pre30) ? 1 : 4;
		}
	}
	if (link_sent)
		need += varint30_size(proto, (int32_t)e->linklen) + e->linklen;
	if (sum_sent)
		need += csum_len;
	if (cap - *pos < need)
		return WIRE_ENOSPC;

	/* Write. */
	p = *pos;
	if (cfg->varint_flags)
		(void)wire_put_varint(buf, cap, &p, s32(x));
	else if (proto >= 28 && (x & XMIT_EXTENDED_FLAGS))
		(void)wire_put_u16(buf, cap, &p, (uint16_t)x);
	else
		(void)wire_put_byte(buf, cap, &p, (uint8_t)x);
	if (x & XMIT_SAME_NAME)
		(void)wire_put_byte(buf, cap, &p, (uint8_t)l1);
	if (x & XMIT_LONG_NAME)
		put_varint30(buf, cap, &p, proto, (int32_t)l2);
	else
		(void)wire_put_byte(buf, cap, &p, (uint8_t)l2);
	put_bytes(buf, cap, &p, (const uint8_t *)e->name + l1, l2);
	if (proto >= 30)
		(void)wire_put_varlong(buf, cap, &p, 3, e->size);
	else
		(void)wire_put_longint(buf, cap, &p, e->size);
	if (!(x & XMIT_SAME_TIME)) {
		if (proto >= 30)
			(void)wire_put_varlong(buf, cap, &p, 4, e->mtime);
		else	/* write_int(modtime): the low 32 bits */
			(void)wire_put_uint32(buf, cap, &p,
			    (uint32_t)((uint64_t)e->mtime & 0xFFFFFFFFu));
	}
	if (x & XMIT_MOD_NSEC)
		(void)wire_put_varint(buf, cap, &p, (int32_t)e->nsec);
	if (!(x & XMIT_SAME_MODE))
		(void)wire_put_uint32(buf, cap, &p, mode);
	if (cfg->uid && !(x & XMIT_SAME_UID))
		put_varint30(buf, cap, &p, proto, s32(e->uid));
	if (cfg->gid && !(x & XMIT_SAME_GID))
		put_varint30(buf, cap, &p, proto, s32(e->gid));
	if (rdev_sent) {
		if (proto < 28) {
			if (!(x & XMIT_SAME_RDEV_pre28))
				(void)wire_put_uint32(buf, cap, &p, r27);
		} else {
			if (!(x & XMIT_SAME_RDEV_MAJOR))
				put_varint30(buf, cap, &p, proto, s32(major));
			if (proto >= 30)
				(void)wire_put_varint(buf, cap, &p, s32(minor));
			else if (x & XMIT_RDEV_MINOR_8_pre30)
				(void)wire_put_byte(buf, cap, &p,
				    (uint8_t)minor);
			else
				(void)wire_put_uint32(buf, cap, &p, minor);
		}
	}
	if (link_sent) {
		put_varint30(buf, cap, &p, proto, (int32_t)e->linklen);
		put_bytes(buf, cap, &p, (const uint8_t *)e->link, e->linklen);
	}
	if (sum_sent)
		put_bytes(buf, cap, &p, isreg ? e->sum : zeros, csum_len);

	if (!(x & XMIT_SAME_MODE))
		prev->mode = mode;
	if (cfg->uid && !(x & XMIT_SAME_UID))
		prev->uid = e->uid;
	if (cfg->gid && !(x & XMIT_SAME_GID))
		prev->gid = e->gid;
	prev->mtime = e->mtime;
	prev->rdev_major = st_major;
	prev->rdev = st_rdev;
	/*@ loop invariant 0 <= i <= e->namelen;
	    loop assigns i, prev->name[0 .. e->namelen - 1];
	    loop variant e->namelen - i;
	 */
	for (i = 0; i < e->namelen; i++)
		prev->name[i] = e->name[i];
	prev->name[e->namelen] = '\0';
	prev->namelen = e->namelen;
	prev->first = 0;
	*pos = p;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid_read(cfg) && \separated(pos, cfg, buf + (0 .. cap - 1));
    requires *pos <= cap;
    requires wire_out(buf, cap, *pos, 2 + WIRE_VARINT_MAX);
    assigns *pos, buf[*pos .. *pos + 1 + WIRE_VARINT_MAX];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_flist_end(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, int32_t io_error)
{
	int32_t ioe = cfg->safe_flist && cfg->proto >= 30 ? io_error : 0;
	size_t p = *pos;

	if (cfg->varint_flags) {
		if (cap - p < 1 + varint_size(ioe))
			return WIRE_ENOSPC;
		(void)wire_put_varint(buf, cap, &p, 0);
		(void)wire_put_varint(buf, cap, &p, ioe);
	} else if (ioe != 0) {
		if (cap - p < 2 + varint_size(ioe))
			return WIRE_ENOSPC;
		(void)wire_put_u16(buf, cap, &p,
		    XMIT_EXTENDED_FLAGS | XMIT_IO_ERROR_ENDLIST);
		(void)wire_put_varint(buf, cap, &p, ioe);
	} else {
		if (cap - p < 1)
			return WIRE_ENOSPC;
		(void)wire_put_byte(buf, cap, &p, 0);
	}
	*pos = p;
	return WIRE_OK;
}

/* ---- uid/gid name lists ------------------------------------------------- */

/* byte len, then the name: into name[] NUL-terminated. */
/*@ requires \valid(p) && \valid(name + (0 .. 255)) && \valid(namelen);
    requires \separated(p, name + (0 .. 255), namelen);
    requires *p <= len;
    requires wire_in((uint8_t *)buf, len, *p, 256);
    assigns *p, name[0 .. 255], *namelen;
    ensures \result == WIRE_OK || \result == WIRE_ESHORT || \result == WIRE_ERANGE;
    ensures \result == WIRE_OK ==> *namelen <= 255;
    ensures \result != WIRE_OK ==> *p == \old(*p);
 */
static int
get_name255(const uint8_t *buf, size_t len, size_t *p, char name[256],
    size_t *namelen)
{
	size_t q = *p, n, i;

	if (q >= len)
		return WIRE_ESHORT;
	n = buf[q++];
	if (len - q < n)
		return WIRE_ESHORT;
	if (!no_nul(buf + q, n))
		return WIRE_ERANGE;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, name[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		name[i] = (char)buf[q + i];
	name[n] = '\0';
	*namelen = n;
	*p = q + n;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid_read(cfg) && \valid(id) &&
	\valid(name + (0 .. 255)) && \valid(namelen);
    requires \separated(pos, cfg, id, name + (0 .. 255), namelen);
    requires *pos <= len;
    requires wire_in((uint8_t *)buf, len, *pos, 4 + 256);
    assigns *pos, *id, name[0 .. 255], *namelen;
    ensures \result == 0 || \result == 1 || \result == WIRE_ESHORT ||
	\result == WIRE_ERANGE;
    ensures \result >= 0 ==> \old(*pos) < *pos <= len && *namelen <= 255;
    ensures \result < 0 ==> *pos == \old(*pos) && *id == \old(*id) &&
	*namelen == \old(*namelen);
 */
int
wire_get_idname(const uint8_t *buf, size_t len, size_t *pos,
    const struct wire_flist_cfg *cfg, uint32_t *id, char name[256],
    size_t *namelen)
{
	size_t p = *pos, n = 0;
	char tmp[256];
	int32_t v;
	size_t i;
	int r;

	if ((r = get_varint30(buf, len, &p, cfg->proto, &v)) != WIRE_OK)
		return r;
	tmp[0] = '\0';
	if (v != 0 || cfg->id0_names) {
		if ((r = get_name255(buf, len, &p, tmp, &n)) != WIRE_OK)
			return r;
	}
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, name[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		name[i] = tmp[i];
	name[n] = '\0';
	*namelen = n;
	*id = u32(v);
	*pos = p;
	return v == 0 ? 1 : 0;
}

/*@ requires \valid(p) && *p <= cap && cap - *p >= 1 + (n > 255 ? 255 : n);
    requires \valid_read(name + (0 .. n - 1));
    requires \valid(buf + (*p .. cap - 1));
    requires \separated(p, buf + (0 .. cap - 1), name + (0 .. n - 1));
    assigns *p, buf[*p .. cap - 1];
 */
static void
put_name255(uint8_t *buf, size_t cap, size_t *p, const char *name, size_t n)
{
	if (n > 255)
		n = 255;
	(void)wire_put_byte(buf, cap, p, (uint8_t)n);
	if (n > 0)
		put_bytes(buf, cap, p, (const uint8_t *)name, n);
}

/*@ requires \valid(pos) && \valid_read(cfg) && *pos <= cap;
    requires namelen == 0 || \valid_read(name + (0 .. namelen - 1));
    requires wire_out(buf, cap, *pos, 4 + 256);
    requires \separated(pos, cfg, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. cap - 1];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures id == 0 ==> \result == WIRE_EINVAL;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_idname(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, uint32_t id, const char *name,
    size_t namelen)
{
	size_t n = namelen > 255 ? 255 : namelen, p = *pos;

	if (id == 0 || (n > 0 && !no_nul((const uint8_t *)name, n)))
		return WIRE_EINVAL;
	if (cap - p < varint30_size(cfg->proto, s32(id)) + 1 + n)
		return WIRE_ENOSPC;
	put_varint30(buf, cap, &p, cfg->proto, s32(id));
	put_name255(buf, cap, &p, name, n);
	*pos = p;
	return WIRE_OK;
}

/*@ requires \valid(pos) && \valid_read(cfg) && *pos <= cap;
    requires name0len == 0 || \valid_read(name0 + (0 .. name0len - 1));
    requires wire_out(buf, cap, *pos, 4 + 256);
    requires \separated(pos, cfg, buf + (0 .. cap - 1));
    assigns *pos, buf[*pos .. cap - 1];
    ensures \result == WIRE_OK || \result == WIRE_ENOSPC || \result == WIRE_EINVAL;
    ensures \result != WIRE_OK ==> *pos == \old(*pos);
 */
int
wire_put_idlist_end(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, const char *name0, size_t name0len)
{
	size_t n = name0len > 255 ? 255 : name0len, p = *pos;
	size_t need = varint30_size(cfg->proto, 0);

	if (!cfg->id0_names)
		n = 0;
	else {
		if (n > 0 && !no_nul((const uint8_t *)name0, n))
			return WIRE_EINVAL;
		need += 1 + n;
	}
	if (cap - p < need)
		return WIRE_ENOSPC;
	put_varint30(buf, cap, &p, cfg->proto, 0);
	if (cfg->id0_names)
		put_name255(buf, cap, &p, name0, n);
	*pos = p;
	return WIRE_OK;
}

/* ---- sort order --------------------------------------------------------- */

enum fn_state { FN_DIR, FN_SLASH, FN_BASE, FN_TRAILING };
enum fn_type { FN_PATH, FN_ITEM };

/* One side of f_name_cmp: the rest of the current piece [p, e). */
struct fn_cur {
	const unsigned char	*p, *e;
	const unsigned char	*base, *bend;	/* the basename */
	int			isdir;
	enum fn_state		state;
	enum fn_type		type;
};

static const unsigned char fn_slash[] = "/";

/*@ requires \valid(c);
    assigns c->p, c->e, c->type, c->state;
 */
static void
fn_to_base(struct fn_cur *c, enum fn_type t_path)
{
	c->type = c->isdir ? t_path : FN_ITEM;
	c->p = c->base;
	c->e = c->bend;
	if (c->type == FN_PATH && c->e - c->p == 1 && c->p[0] == '.') {
		c->type = FN_ITEM;
		c->state = FN_TRAILING;
		c->p = c->e;
	} else
		c->state = FN_BASE;
}

/*@ requires \valid(c) && valid_read_string(name);
    assigns *c;
 */
static void
fn_init(struct fn_cur *c, const char *name, int isdir, enum fn_type t_path)
{
	const unsigned char *s = (const unsigned char *)name, *slash = 0;
	const unsigned char *q;

	/*@ loop assigns q, slash; */
	for (q = s; *q != '\0'; q++)
		if (*q == '/')
			slash = q;
	c->isdir = isdir;
	c->base = slash != 0 ? slash + 1 : s;
	c->bend = q;
	if (slash != 0) {
		c->type = t_path;
		c->state = FN_DIR;
		c->p = s;
		c->e = slash;
	} else
		fn_to_base(c, t_path);
}

/*
 * Upstream f_name_cmp on two whole names: the dirname (up to the last
 * '/') and basename of each are walked as upstream walks file->dirname
 * and file->basename.  (Upstream skips equal dirnames only when they are
 * the same pointer; walking equal dirnames gives the same result.)
 */
/*@ requires valid_read_string(a) && valid_read_string(b);
    assigns \nothing;
 */
int
wire_fname_cmp(const char *a, int a_dir, const char *b, int b_dir, int proto)
{
	const enum fn_type t_path = proto >= 29 ? FN_PATH : FN_ITEM;
	struct fn_cur c1, c2;
	int dif;

	fn_init(&c1, a, a_dir != 0, t_path);
	fn_init(&c2, b, b_dir != 0, t_path);
	if (c1.type != c2.type)
		return c1.type == FN_PATH ? 1 : -1;
	do {
		if (c1.p == c1.e) {
			switch (c1.state) {
			case FN_DIR:
				c1.state = FN_SLASH;
				c1.p = fn_slash;
				c1.e = fn_slash + 1;
				break;
			case FN_SLASH:
				fn_to_base(&c1, t_path);
				break;
			case FN_BASE:
				c1.state = FN_TRAILING;
				if (c1.type == FN_PATH) {
					c1.p = fn_slash;
					c1.e = fn_slash + 1;
					break;
				}
				c1.type = FN_ITEM;
				break;
			case FN_TRAILING:
				c1.type = FN_ITEM;
				break;
			}
			if (c2.p != c2.e && c1.type != c2.type)
				return c1.type == FN_PATH ? 1 : -1;
		}
		if (c2.p == c2.e) {
			switch (c2.state) {
			case FN_DIR:
				c2.state = FN_SLASH;
				c2.p = fn_slash;
				c2.e = fn_slash + 1;
				break;
			case FN_SLASH:
				fn_to_base(&c2, t_path);
				break;
			case FN_BASE:
				c2.state = FN_TRAILING;
				if (c2.type == FN_PATH) {
					c2.p = fn_slash;
					c2.e = fn_slash + 1;
					break;
				}
				if (c1.p == c1.e)
					return 0;
				c2.type = FN_ITEM;
				break;
			case FN_TRAILING:
				if (c1.p == c1.e)
					return 0;
				c2.type = FN_ITEM;
				break;
			}
			if (c1.type != c2.type)
				return c1.type == FN_PATH ? 1 : -1;
		}
		dif = (int)(c1.p != c1.e ? *c1.p : 0) -
		    (int)(c2.p != c2.e ? *c2.p : 0);
		if (c1.p != c1.e)
			c1.p++;
		if (c2.p != c2.e)
			c2.p++;
	} while (dif == 0);
	return dif;
}

/* ---- name check --------------------------------------------------------- */

/*@ requires len == 0 || \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures len == 0 || len >= WIRE_PATH_MAX ==> \result == 0;
 */
int
wire_name_safe(const char *name, size_t len)
{
	size_t i, start;

	if (len == 0 || len >= WIRE_PATH_MAX)
		return 0;
	if (!no_nul((const uint8_t *)name, len))
		return 0;
	if (len == 1 && name[0] == '.')
		return 1;
	start = 0;
	/*@ loop invariant 0 <= start <= i <= len;
	    loop assigns i, start;
	    loop variant len - i;
	 */
	for (i = 0; i <= len; i++) {
		size_t n;

		if (i < len && name[i] != '/')
			continue;
		n = i - start;
		/* empty (leading '/', "//", trailing '/'), "." or ".." */
		if (n == 0 || (n == 1 && name[start] == '.') ||
		    (n == 2 && name[start] == '.' && name[start + 1] == '.'))
			return 0;
		start = i + 1;
	}
	return 1;
}

/*@ requires \valid(prev);
    assigns *prev;
    ensures prev->first == 1 && prev->namelen == 0;
    ensures prev_ok(prev);
 */
void
wire_flist_prev_init(struct wire_flist_prev *prev)
{
	size_t i;

	prev->mode = 0;
	prev->mtime = 0;
	prev->uid = 0;
	prev->gid = 0;
	prev->rdev_major = 0;
	prev->rdev = 0;
	prev->namelen = 0;
	/*@ loop invariant 0 <= i <= WIRE_PATH_MAX;
	    loop assigns i, prev->name[0 .. WIRE_PATH_MAX - 1];
	    loop variant WIRE_PATH_MAX - i;
	 */
	for (i = 0; i < WIRE_PATH_MAX; i++)
		prev->name[i] = '\0';
	prev->first = 1;
}
