/*
 * fs.c: file operations confined beneath a root directory (spec/10-fs.md;
 * the contract is in fs.h).
 *
 * The names come from a peer that may be hostile, so each function takes
 * the same three steps: normalize the relative path (refusing absolute
 * paths and ".." outright, whatever the caller checked), resolve its
 * parent directory beneath the root without following any symlink, and
 * act on the last component with an *at() call that does not follow one
 * either.  Nothing here keeps a path string between calls: what a later
 * call sees is what is on disk then, looked up again beneath the root.
 *
 * The parent is resolved with openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS), which the kernel enforces
 * over the whole walk.  Kernels before 5.6 answer ENOSYS; then a walk of
 * one O_PATH|O_NOFOLLOW openat per component does the same job (each
 * step checked to be a directory, not a symlink).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include "fs/fs.h"

/* The suffix upstream's get_tmpname appends (TMPNAME_SUFFIX). */
#define TMP_SUFFIX	".XXXXXX"
#define TMP_SUFFIX_LEN	7
/* How often fs_tmp_create draws a new name after EEXIST. */
#define TMP_TRIES	100

int fs_force_walk;

/* openat2 answered ENOSYS once: the kernel will not grow it meanwhile. */
static int no_openat2;

struct fs_dir {
	DIR	*dir;
};

/*
 * A relative path taken apart: buf holds it normalized ("." and empty
 * components dropped, so "a/./b//c" is "a/b/c"), then cut at its last
 * '/': dir is the parent ("." when there is none), name the last
 * component, or NULL when the path is the root itself.
 */
struct fs_path {
	char		buf[PATH_MAX];
	const char	*dir;
	const char	*name;
};

/* ---- paths -------------------------------------------------------------- */

/*
 * Normalizes rel into p.  -EINVAL for NULL, "", an absolute path or any
 * ".." component (the caller checks these too; this layer does not rely
 * on it), -ENAMETOOLONG when it does not fit PATH_MAX.
 */
static int
split(const char *rel, struct fs_path *p)
{
	const char *s, *e;
	size_t n = 0, len;
	char *slash;

	if (rel == NULL || rel[0] == '\0' || rel[0] == '/')
		return -EINVAL;
	for (s = rel; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = strchrnul(s, '/');
		len = (size_t)(e - s);
		if (len == 2 && s[0] == '.' && s[1] == '.')
			return -EINVAL;
		if (len == 0 || (len == 1 && s[0] == '.'))
			continue;
		if (n + 1 + len >= sizeof p->buf)
			return -ENAMETOOLONG;
		if (n > 0)
			p->buf[n++] = '/';
		memcpy(p->buf + n, s, len);
		n += len;
	}
	p->buf[n] = '\0';
	p->dir = ".";
	p->name = n > 0 ? p->buf : NULL;
	if ((slash = strrchr(p->buf, '/')) != NULL) {
		*slash = '\0';
		p->dir = p->buf;
		p->name = slash + 1;
	}
	return 0;
}

/*
 * Opens dir (normalized, relative to dfd) as O_PATH one component at a
 * time, for kernels without openat2.  Each step is opened O_NOFOLLOW and
 * checked: a symlink is -ELOOP and anything else not a directory
 * -ENOTDIR, the errors openat2 gives for the same paths.
 */
static int
walk(int dfd, const char *dir, int *out)
{
	char comp[NAME_MAX + 1];
	const char *s, *e;
	struct stat st;
	size_t len;
	int cur, next, rc = 0;

	if ((cur = openat(dfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	for (s = dir; *s != '\0' && rc == 0; s = *e != '\0' ? e + 1 : e) {
		e = strchrnul(s, '/');
		len = (size_t)(e - s);
		if (len == 0 || (len == 1 && s[0] == '.'))
			continue;
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			rc = -EINVAL;	/* split refused it already */
			break;
		}
		if (len > NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, s, len);
		comp[len] = '\0';
		if ((next = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
			rc = -errno;
		else if (fstat(next, &st) != 0)
			rc = -errno;
		else if (S_ISLNK(st.st_mode))
			rc = -ELOOP;
		else if (!S_ISDIR(st.st_mode))
			rc = -ENOTDIR;
		close(cur);
		cur = next;
	}
	if (rc != 0) {
		if (cur >= 0)
			close(cur);
		return rc;
	}
	*out = cur;
	return 0;
}

/*
 * Opens dir (normalized) beneath the root as an O_PATH directory fd,
 * following no symlink on the way.  openat2 may answer EAGAIN when a
 * rename raced the lookup; it is asked again a few times.
 */
static int
resolve(const struct fs_root *r, const char *dir, int *out)
{
	struct open_how how;
	long fd = -1;
	int tries;

	if (r == NULL || r->dirfd < 0)
		return -EBADF;
	if (fs_force_walk || no_openat2)
		return walk(r->dirfd, dir, out);
	memset(&how, 0, sizeof how);
	how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS;
	for (tries = 0; tries < 8; tries++) {
		fd = syscall(SYS_openat2, r->dirfd, dir, &how, sizeof how);
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd >= 0) {
		*out = (int)fd;
		return 0;
	}
	if (errno != ENOSYS)
		return -errno;
	no_openat2 = 1;
	return walk(r->dirfd, dir, out);
}

/*
 * split and resolve together: on 0, *pfd is the parent's O_PATH fd (the
 * caller closes it) and p->name the last component; for the root itself
 * p->name is NULL and *pfd is -1.
 */
static int
locate(const struct fs_root *r, const char *rel, struct fs_path *p, int *pfd)
{
	int rc;

	*pfd = -1;
	if ((rc = split(rel, p)) != 0)
		return rc;
	if (r == NULL || r->dirfd < 0)
		return -EBADF;
	if (p->name == NULL)
		return 0;
	return resolve(r, p->dir, pfd);
}

/* close() for fds this file opened: -1 is allowed and skipped. */
static void
drop(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* ---- root --------------------------------------------------------------- */

/*
 * The root is the one path that is followed: the user named it.  create
 * makes one missing level, as upstream's receiver does for its
 * destination; EEXIST from a racing mkdir is no error.
 */
int
fs_root_open(struct fs_root *r, const char *path, int create)
{
	int fd, rc = 0;

	r->dirfd = -1;
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			rc = -errno;
			goto out;
		}
		fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	r->dirfd = fd;
out:
	return rc;
}

/* Closes the root's fd; a second call does nothing. */
void
fs_root_close(struct fs_root *r)
{
	if (r != NULL && r->dirfd >= 0) {
		close(r->dirfd);
		r->dirfd = -1;
	}
}

/* ---- reading ------------------------------------------------------------ */

/* lstat of rel; "." is the root's own fstat. */
int
fs_lstat(const struct fs_root *r, const char *rel, struct stat *st)
{
	struct fs_path p;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = fstat(r->dirfd, st) == 0 ? 0 : -errno;
	else if (fstatat(pfd, p.name, st, AT_SYMLINK_NOFOLLOW) != 0)
		rc = -errno;
out:
	drop(pfd);
	return rc;
}

/*
 * Opens a regular file O_RDONLY.  It is looked at before it is opened so
 * that a device is never opened (that alone can act, a tape rewinds) and
 * a FIFO never blocks us; O_NONBLOCK covers a swap between the look and
 * the open, and the fd is checked again after.  A symlink is -ELOOP, a
 * directory -EISDIR, any other non-regular file -EINVAL.
 */
int
fs_open_read(const struct fs_root *r, const char *rel, int *fd)
{
	struct fs_path p;
	struct stat st;
	int pfd, nfd = -1, fl, rc;

	*fd = -1;
	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL) {
		rc = -EISDIR;
		goto out;
	}
	if (fstatat(pfd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		rc = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = S_ISLNK(st.st_mode) ? -ELOOP : S_ISDIR(st.st_mode) ?
		    -EISDIR : -EINVAL;
		goto out;
	}
	nfd = openat(pfd, p.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC);
	if (nfd < 0 || fstat(nfd, &st) != 0) {
		rc = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		goto out;
	}
	/* blocking reads from here: regular files ignore it, but say so */
	if ((fl = fcntl(nfd, F_GETFL)) < 0 ||
	    fcntl(nfd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		rc = -errno;
		goto out;
	}
	*fd = nfd;
	nfd = -1;
out:
	drop(nfd);
	drop(pfd);
	return rc;
}

/* readlinkat, NUL-terminated; a target that fills buf is -ENAMETOOLONG. */
int
fs_readlink(const struct fs_root *r, const char *rel, char *buf, size_t cap)
{
	struct fs_path p;
	ssize_t n;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL) {
		rc = -EINVAL;
		goto out;
	}
	if (cap == 0) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	if ((n = readlinkat(pfd, p.name, buf, cap)) < 0) {
		rc = -errno;
		goto out;
	}
	if ((size_t)n >= cap) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	buf[n] = '\0';
out:
	drop(pfd);
	return rc;
}

/* ---- temp files --------------------------------------------------------- */

/*
 * The temp name of base (one component) in a directory whose path takes
 * prefix bytes before it, as upstream's get_tmpname (receiver.c) makes
 * it without --temp-dir: "." + base + ".XXXXXX", one leading dot of base
 * dropped, base cut so that the name stays under NAME_MAX and the path
 * under PATH_MAX (cutting back over a split UTF-8 sequence), one dot
 * before the suffix dropped.  out holds NAME_MAX + 1 bytes.
 */
static int
tmp_name(const char *base, size_t prefix, char *out)
{
	const char *f = base[0] == '.' ? base + 1 : base;
	long maxname, added;
	char *suf;

	/* maxname counts the NUL, as upstream's does; NAME_MAX - 1 leaves
	 * room for the leading dot */
	maxname = (long)PATH_MAX - (long)prefix - 1 - TMP_SUFFIX_LEN;
	if (maxname > NAME_MAX - 1 - TMP_SUFFIX_LEN)
		maxname = NAME_MAX - 1 - TMP_SUFFIX_LEN;
	if (maxname < 0)
		return -ENAMETOOLONG;
	out[0] = '.';
	if (maxname > 0) {
		added = (long)strnlen(f, (size_t)maxname);
		if (added >= maxname)
			added = maxname - 1;
		memcpy(out + 1, f, (size_t)added);
		suf = out + 1 + added;
		if ((unsigned char)f[added] & 0x80)
			while ((unsigned char)suf[-1] & 0x80)
				suf--;	/* stops at out[0], a '.' */
		if (suf[-1] == '.')
			suf--;
	} else
		suf = out;	/* no room for base: the suffix's dot leads */
	memcpy(suf, TMP_SUFFIX, TMP_SUFFIX_LEN + 1);
	return 0;
}

/*
 * Replaces the six X at the end of name with letters and digits.  The
 * names need not be secret (O_EXCL makes the create safe); getrandom
 * only keeps two receivers in one directory from colliding often.
 */
static void
tmp_fill(char *name)
{
	static const char set[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static uint64_t mix;
	unsigned char rnd[6];
	struct timespec ts;
	char *x = name + strlen(name) - 6;
	int i;

	if (getrandom(rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		mix = mix * 6364136223846793005u + (uint64_t)ts.tv_nsec +
		    (uint64_t)getpid();
		for (i = 0; i < 6; i++)
			rnd[i] = (unsigned char)(mix >> (8 * i + 8));
	}
	for (i = 0; i < 6; i++)
		x[i] = set[rnd[i] % (sizeof set - 1)];
}

/*
 * Creates the temp file beside rel: O_CREAT|O_EXCL|O_NOFOLLOW so that
 * nothing already there, a symlink above all, is ever opened; a name
 * that exists is drawn again.  *tmp gets the temp's path relative to
 * the root (for fs_rename, fs_set_meta or fs_unlink).
 */
int
fs_tmp_create(const struct fs_root *r, const char *rel, char *tmp,
    size_t cap, int *fd)
{
	char name[NAME_MAX + 1];
	struct fs_path p;
	size_t prefix;
	int pfd, nfd = -1, tries, rc;

	*fd = -1;
	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL) {
		rc = -EINVAL;
		goto out;
	}
	prefix = p.name == p.buf ? 0 : strlen(p.dir) + 1;
	if ((rc = tmp_name(p.name, prefix, name)) != 0)
		goto out;
	if (prefix + strlen(name) >= cap) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	for (tries = 0; tries < TMP_TRIES; tries++) {
		tmp_fill(name);
		nfd = openat(pfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
		    O_NOCTTY | O_CLOEXEC, 0600);
		if (nfd >= 0 || errno != EEXIST)
			break;
	}
	if (nfd < 0) {
		rc = -errno;
		goto out;
	}
	if (prefix > 0) {
		memcpy(tmp, p.dir, prefix - 1);
		tmp[prefix - 1] = '/';
	}
	memcpy(tmp + prefix, name, strlen(name) + 1);
	*fd = nfd;
out:
	drop(pfd);
	return rc;
}

/* ---- changing the tree -------------------------------------------------- */

/* renameat between two parents each resolved beneath the root; the root
 * itself cannot be moved or replaced (-EINVAL). */
int
fs_rename(const struct fs_root *r, const char *tmp, const char *rel)
{
	struct fs_path from, to;
	int ffd = -1, tfd = -1, rc;

	if ((rc = locate(r, tmp, &from, &ffd)) != 0 ||
	    (rc = locate(r, rel, &to, &tfd)) != 0)
		goto out;
	if (from.name == NULL || to.name == NULL) {
		rc = -EINVAL;
		goto out;
	}
	if (renameat(ffd, from.name, tfd, to.name) != 0)
		rc = -errno;
out:
	drop(ffd);
	drop(tfd);
	return rc;
}

/*
 * unlinkat(flags) of rel's last component; on the root itself root_rc.
 * The shared body of unlink and rmdir.
 */
static int
remove_one(const struct fs_root *r, const char *rel, int flags, int root_rc)
{
	struct fs_path p;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = root_rc;
	else if (unlinkat(pfd, p.name, flags) != 0)
		rc = -errno;
out:
	drop(pfd);
	return rc;
}

/* Removes a non-directory (a symlink itself, never its target). */
int
fs_unlink(const struct fs_root *r, const char *rel)
{
	return remove_one(r, rel, 0, -EINVAL);
}

/* Removes an empty directory; not the root (-EINVAL). */
int
fs_rmdir(const struct fs_root *r, const char *rel)
{
	return remove_one(r, rel, AT_REMOVEDIR, -EINVAL);
}

static int remove_at(int pfd, const char *name);

/*
 * Removes everything in directory name (in pfd), depth first.  The
 * directory is opened O_NOFOLLOW|O_DIRECTORY, so a symlink swapped in
 * after remove_at looked is refused, not entered.  One failure does not
 * stop the rest being removed (as upstream's delete goes on); the first
 * is returned.  Each level holds one fd, so a tree deeper than the fd
 * limit fails with -EMFILE, having removed what it could.
 */
static int
empty_dir(int pfd, const char *name)
{
	struct dirent *e;
	DIR *d;
	int fd, rc = 0, rc2;

	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if ((d = fdopendir(fd)) == NULL) {
		rc = -errno;
		close(fd);
		return rc;
	}
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL) {
			if (errno != 0 && rc == 0)
				rc = -errno;
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((rc2 = remove_at(dirfd(d), e->d_name)) != 0 && rc == 0)
			rc = rc2;
	}
	closedir(d);
	return rc;
}

/* Removes name in pfd, and for a directory its contents first. */
static int
remove_at(int pfd, const char *name)
{
	struct stat st;
	int rc;

	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(pfd, name, 0) == 0 ? 0 : -errno;
	if ((rc = empty_dir(pfd, name)) != 0)
		return rc;
	return unlinkat(pfd, name, AT_REMOVEDIR) == 0 ? 0 : -errno;
}

/* rm -r of rel, never following a symlink; not the root (-EINVAL). */
int
fs_remove_tree(const struct fs_root *r, const char *rel)
{
	struct fs_path p;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = -EINVAL;
	else
		rc = remove_at(pfd, p.name);
out:
	drop(pfd);
	return rc;
}

/* mkdirat; the root exists already (-EEXIST). */
int
fs_mkdir(const struct fs_root *r, const char *rel, mode_t mode)
{
	struct fs_path p;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = -EEXIST;
	else if (mkdirat(pfd, p.name, mode) != 0)
		rc = -errno;
out:
	drop(pfd);
	return rc;
}

/*
 * symlinkat: the target is stored as given (it may point anywhere; no
 * function here ever follows it).  The root exists already (-EEXIST).
 */
int
fs_symlink(const struct fs_root *r, const char *target, const char *rel)
{
	struct fs_path p;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = -EEXIST;
	else if (symlinkat(target, pfd, p.name) != 0)
		rc = -errno;
out:
	drop(pfd);
	return rc;
}

/* mknodat (devices need privilege, FIFOs and sockets do not). */
int
fs_mknod(const struct fs_root *r, const char *rel, mode_t mode, dev_t dev)
{
	struct fs_path p;
	int pfd, rc;

	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = -EEXIST;
	else if (mknodat(pfd, p.name, mode, dev) != 0)
		rc = -errno;
out:
	drop(pfd);
	return rc;
}

/* ---- metadata ----------------------------------------------------------- */

/* The times for utimensat: atime left alone, mtime set. */
static int
meta_times(struct timespec ts[2], int64_t mtime, uint32_t nsec)
{
	if (nsec >= 1000000000u || (int64_t)(time_t)mtime != mtime)
		return -EINVAL;
	ts[0].tv_sec = 0;
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = (time_t)mtime;
	ts[1].tv_nsec = (long)nsec;
	return 0;
}

/*
 * Sets the root directory's own metadata through an O_RDONLY fd of it
 * (the O_PATH fd does not take fchmod or futimens).
 */
static int
meta_root(const struct fs_root *r, int which, mode_t mode,
    const struct timespec ts[2], uid_t uid, gid_t gid)
{
	int fd, rc = 0;

	fd = openat(r->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if ((which & FS_META_OWNER) && fchown(fd, uid, gid) != 0)
		rc = -errno;
	else if ((which & FS_META_MODE) && fchmod(fd, mode & 07777) != 0)
		rc = -errno;
	else if ((which & FS_META_TIME) && futimens(fd, ts) != 0)
		rc = -errno;
	close(fd);
	return rc;
}

/*
 * Sets name's (in pfd) metadata, never through a symlink.  Owner first:
 * chown clears set-id bits, which the mode then puts back.  Linux keeps
 * no mode for a symlink, so FS_META_MODE skips one; fchmodat's
 * AT_SYMLINK_NOFOLLOW (glibc: O_PATH and /proc/self/fd) still refuses a
 * symlink swapped in after the lstat, with -EOPNOTSUPP.
 */
static int
meta_at(int pfd, const char *name, int which, mode_t mode,
    const struct timespec ts[2], uid_t uid, gid_t gid)
{
	struct stat st;

	if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if ((which & FS_META_OWNER) &&
	    fchownat(pfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if ((which & FS_META_MODE) && !S_ISLNK(st.st_mode) &&
	    fchmodat(pfd, name, mode & 07777, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if ((which & FS_META_TIME) &&
	    utimensat(pfd, name, ts, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	return 0;
}

/* See fs.h: which of mode, mtime, owner to set on rel (or the root). */
int
fs_set_meta(const struct fs_root *r, const char *rel, int which,
    mode_t mode, int64_t mtime, uint32_t nsec, uid_t uid, gid_t gid)
{
	struct timespec ts[2];
	struct fs_path p;
	int pfd = -1, rc;

	if ((which & FS_META_TIME) && (rc = meta_times(ts, mtime, nsec)) != 0)
		goto out;
	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	if (p.name == NULL)
		rc = meta_root(r, which, mode, ts, uid, gid);
	else
		rc = meta_at(pfd, p.name, which, mode, ts, uid, gid);
out:
	drop(pfd);
	return rc;
}

/* ---- directories -------------------------------------------------------- */

/* Whether name in pfd is a symlink (now). */
static int
is_symlink(int pfd, const char *name)
{
	struct stat st;

	return fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode);
}

/*
 * Opens directory rel for listing: O_RDONLY|O_DIRECTORY|O_NOFOLLOW in its
 * resolved parent.  The kernel calls a symlink there ENOTDIR (O_DIRECTORY
 * wins); it is reported -ELOOP, as a symlink anywhere else on the path is.
 */
int
fs_opendir(const struct fs_root *r, const char *rel, struct fs_dir **d)
{
	struct fs_path p;
	int pfd, fd = -1, rc;
	DIR *dir;

	*d = NULL;
	if ((rc = locate(r, rel, &p, &pfd)) != 0)
		goto out;
	fd = p.name == NULL ?
	    openat(r->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) :
	    openat(pfd, p.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		if (rc == -ENOTDIR && is_symlink(pfd, p.name))
			rc = -ELOOP;
		goto out;
	}
	if ((*d = malloc(sizeof **d)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	if ((dir = fdopendir(fd)) == NULL) {
		rc = -errno;
		free(*d);
		*d = NULL;
		goto out;
	}
	(*d)->dir = dir;
	fd = -1;	/* the DIR owns it */
out:
	drop(fd);
	drop(pfd);
	return rc;
}

/* The next name other than "." and ".."; errno tells an error from the end. */
int
fs_readdir(struct fs_dir *d, const char **name)
{
	struct dirent *e;

	for (;;) {
		errno = 0;
		if ((e = readdir(d->dir)) == NULL)
			return errno != 0 ? -errno : 0;
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			break;
	}
	*name = e->d_name;
	return 1;
}

/* Closes the listing (NULL is allowed). */
void
fs_closedir(struct fs_dir *d)
{
	if (d != NULL) {
		closedir(d->dir);
		free(d);
	}
}

/* ---- data --------------------------------------------------------------- */

/* write until all of buf is out; a write of 0 bytes would loop: -EIO. */
int
fs_write_all(int fd, const uint8_t *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, buf, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (w == 0)
			return -EIO;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One read of up to n bytes (EINTR retried): the count, 0 at EOF, or -errno. */
long
fs_read(int fd, uint8_t *buf, size_t n)
{
	ssize_t got;

	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	do
		got = read(fd, buf, n);
	while (got < 0 && errno == EINTR);
	return got < 0 ? -errno : (long)got;
}

/*
 * Exactly n bytes at off.  A file that ends first (it shrank since its
 * size was sent) is -ENODATA; the caller decides what a basis that
 * changed under it means.
 */
int
fs_pread_all(int fd, uint8_t *buf, size_t n, int64_t off)
{
	ssize_t got;

	if (off < 0 || (int64_t)(off_t)off != off)
		return -EINVAL;
	while (n > 0) {
		if ((got = pread(fd, buf, n, (off_t)off)) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (got == 0)
			return -ENODATA;
		buf += got;
		n -= (size_t)got;
		off += got;
	}
	return 0;
}

/*
 * close.  Linux frees the fd even when close reports EINTR, so that is
 * success (closing again could close someone else's new fd); other
 * errors (EIO from a delayed write) matter for a file just written.
 */
int
fs_close(int fd)
{
	if (fd < 0)
		return -EBADF;
	if (close(fd) != 0 && errno != EINTR)
		return -errno;
	return 0;
}
