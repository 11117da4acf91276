/*
 * fs.h: file operations confined beneath a root directory (brief
 * section 3, spec/10-fs.md).
 *
 * Every path given here is relative to the root, as a peer sent it (the
 * caller has already checked it with wire_name_safe).  Lookups go through
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
 * on the root's directory fd for the parent directory, then act on the
 * last component with *at() calls and AT_SYMLINK_NOFOLLOW / O_NOFOLLOW,
 * so no symlink, whether it was there before or the peer created it, is
 * ever followed to read a basis, write a file or change metadata.
 * (Where openat2 is missing, ENOSYS, a component-by-component O_NOFOLLOW
 * walk does the same.)
 *
 * A file is received into a temporary ".NAME.XXXXXX" in its destination
 * directory, then renamed over NAME: a reader sees the old or the new
 * file, never a partial one.
 *
 * Functions return 0 or -errno.  Every fd they hand out is the caller's
 * to close with fs_close.  A rel that is empty, absolute or has a ".."
 * component is -EINVAL here too; "." and empty components are dropped
 * ("a/./b" is "a/b"), so "." is the root itself.  On the root, fs_lstat,
 * fs_set_meta and fs_opendir act; fs_mkdir, fs_symlink and fs_mknod are
 * -EEXIST, fs_open_read -EISDIR, the others -EINVAL.  A symlink met on
 * the way to rel's parent is -ELOOP (-ENOTDIR for a non-directory).
 */
#ifndef VRSYNC_FS_H
#define VRSYNC_FS_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct fs_root {
	int	dirfd;		/* O_PATH|O_DIRECTORY of the root */
};

/* Opens path (any path the user gave; it may be a symlink the user
 * chose) as a root.  mkdir: create it (one level, mode 0777 & ~umask) if
 * missing, as upstream's receiver does for the destination.  On failure
 * r->dirfd is -1, and fs_root_close of it (or a second close) is a no-op. */
int	fs_root_open(struct fs_root *r, const char *path, int mkdir);
void	fs_root_close(struct fs_root *r);

/* lstat of rel ("." is the root itself). */
int	fs_lstat(const struct fs_root *r, const char *rel, struct stat *st);
/* Open a regular file for reading (basis, or a file to send), O_NOFOLLOW:
 * a symlink is -ELOOP, a directory -EISDIR, another non-regular file
 * -EINVAL (never opened: no device side effect, no FIFO block). */
int	fs_open_read(const struct fs_root *r, const char *rel, int *fd);
/* The target of symlink rel, NUL-terminated; -ENAMETOOLONG if it does not fit. */
int	fs_readlink(const struct fs_root *r, const char *rel, char *buf, size_t cap);

/* Create a temp file beside rel; *tmp receives its relative path (cap
 * bytes), *fd an O_WRONLY fd, mode 0600 until fs_set_meta.  The name is
 * upstream's get_tmpname: ".NAME.XXXXXX" with six random letters or
 * digits, NAME cut to keep the name within NAME_MAX (and the path within
 * PATH_MAX); -ENAMETOOLONG if *tmp would not fit in cap. */
int	fs_tmp_create(const struct fs_root *r, const char *rel, char *tmp,
	    size_t cap, int *fd);
/* Atomically replace rel with tmp (renameat). */
int	fs_rename(const struct fs_root *r, const char *tmp, const char *rel);
int	fs_unlink(const struct fs_root *r, const char *rel);
int	fs_rmdir(const struct fs_root *r, const char *rel);
/* Remove rel and, for a directory, everything beneath it (no symlink
 * followed; a symlink is removed itself).  A failure does not stop the
 * rest from going; the first is returned.  One fd per level of depth. */
int	fs_remove_tree(const struct fs_root *r, const char *rel);
int	fs_mkdir(const struct fs_root *r, const char *rel, mode_t mode);
int	fs_symlink(const struct fs_root *r, const char *target, const char *rel);
int	fs_mknod(const struct fs_root *r, const char *rel, mode_t mode, dev_t dev);

/* Metadata of rel, never through a symlink: which says what to set.
 * Owner is set before mode (chown clears set-id bits).  A bad nsec
 * (>= 1e9) or an mtime time_t cannot hold is -EINVAL. */
#define FS_META_MODE	0x1	/* permission bits (not for symlinks) */
#define FS_META_TIME	0x2	/* mtime (with nsec); atime left as is */
#define FS_META_OWNER	0x4	/* uid and gid (-1: leave) */
int	fs_set_meta(const struct fs_root *r, const char *rel, int which,
	    mode_t mode, int64_t mtime, uint32_t nsec, uid_t uid, gid_t gid);

/* The names in directory rel, without "." and "..", one by one. */
struct fs_dir;
int	fs_opendir(const struct fs_root *r, const char *rel, struct fs_dir **d);
/* 1 with *name set (valid until the next call), 0 at the end, or -errno. */
int	fs_readdir(struct fs_dir *d, const char **name);
void	fs_closedir(struct fs_dir *d);

/* Write all of buf to fd (EINTR-safe), read up to n (returns count or -errno). */
int	fs_write_all(int fd, const uint8_t *buf, size_t n);
long	fs_read(int fd, uint8_t *buf, size_t n);
/* Read exactly n bytes at offset off (pread), for basis blocks; a file
 * that ends first is -ENODATA. */
int	fs_pread_all(int fd, uint8_t *buf, size_t n, int64_t off);
int	fs_close(int fd);

/* For tests only: nonzero makes every lookup take the component-by-
 * component walk kept for kernels without openat2 (ENOSYS). */
extern int fs_force_walk;

#endif
