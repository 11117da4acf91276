/*
 * flist.h: the file-list entry codec (spec/08-flist.md): one entry of
 * upstream's send_file_entry()/recv_file_entry(), the end-of-list marker
 * and the uid/gid name lists, for protocols 27..32, without incremental
 * recursion, ACLs or xattrs.  Pure: no syscalls, no allocation.
 *
 * Same shape as wire.h: (buf, len, pos) in, 0 with *pos advanced, or a
 * negative WIRE_E* with *pos, *prev and *out untouched (WIRE_ESHORT: the
 * caller appends input and calls again).  The "previous entry" state that
 * upstream keeps in statics lives in struct wire_flist_prev, one per
 * direction.
 */
#ifndef VRSYNC_WIRE_FLIST_H
#define VRSYNC_WIRE_FLIST_H

#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

#define WIRE_PATH_MAX	4096	/* upstream MAXPATHLEN: names and link targets are < this */
#define WIRE_SUM_MAX	20	/* longest file-list checksum (sha1) */

/* transmit flags (rsync.h XMIT_*) */
#define XMIT_TOP_DIR		0x0001
#define XMIT_SAME_MODE		0x0002
#define XMIT_EXTENDED_FLAGS	0x0004	/* proto >= 28 */
#define XMIT_SAME_RDEV_pre28	0x0004	/* proto 27 */
#define XMIT_SAME_UID		0x0008
#define XMIT_SAME_GID		0x0010
#define XMIT_SAME_NAME		0x0020
#define XMIT_LONG_NAME		0x0040
#define XMIT_SAME_TIME		0x0080
#define XMIT_SAME_RDEV_MAJOR	0x0100
#define XMIT_NO_CONTENT_DIR	0x0100
#define XMIT_HLINKED		0x0200
#define XMIT_SAME_DEV_pre30	0x0400
#define XMIT_USER_NAME_FOLLOWS	0x0400
#define XMIT_RDEV_MINOR_8_pre30	0x0800
#define XMIT_GROUP_NAME_FOLLOWS	0x0800
#define XMIT_HLINK_FIRST	0x1000
#define XMIT_IO_ERROR_ENDLIST	0x1000
#define XMIT_MOD_NSEC		0x2000

/* What both sides agreed on: decides which fields an entry carries. */
struct wire_flist_cfg {
	int	proto;		/* 27..32 */
	int	varint_flags;	/* CF_VARINT_FLIST_FLAGS: flags as varint */
	int	safe_flist;	/* CF_SAFE_FLIST or proto >= 31: io_error in end marker */
	int	uid;		/* -o */
	int	gid;		/* -g */
	int	links;		/* -l */
	int	devices;	/* -D / --devices */
	int	specials;	/* -D / --specials */
	int	csum_len;	/* -c: length of the file-list checksum, else 0 */
	int	id0_names;	/* CF_ID0_NAMES: id lists end with id 0's name */
};

/*
 * The dirflags argument of wire_put_fentry: upstream's file->flags of a
 * directory (ignored for other entries).  0 is a recursed (content) dir,
 * WIRE_DIR_TOP one named on the command line ("." of "src/"); 1 keeps
 * the old meaning of the former top_dir argument.
 */
#define WIRE_DIR_TOP		0x01	/* FLAG_TOP_DIR */
#define WIRE_DIR_NO_CONTENT	0x02	/* not FLAG_CONTENT_DIR: sent without -r
					 * (-d), or a mount point with -x */
#define WIRE_DIR_IMPLIED	0x04	/* FLAG_IMPLIED_DIR (-R parents); never
					 * with WIRE_DIR_TOP */

/* Upstream's statics in send/recv_file_entry, one per stream direction. */
struct wire_flist_prev {
	uint32_t	mode;
	int64_t		mtime;
	uint32_t	uid;
	uint32_t	gid;
	uint32_t	rdev_major;
	uint32_t	rdev;		/* proto 27: the whole rdev */
	size_t		namelen;
	char		name[WIRE_PATH_MAX];
	int		first;		/* 1 until the first entry ("" lastname) */
};

/* One decoded (or to be encoded) entry; names are not NUL-terminated on
 * the wire but are NUL-terminated here. */
struct wire_fentry {
	uint32_t	xflags;
	size_t		namelen;
	char		name[WIRE_PATH_MAX];
	int64_t		size;
	int64_t		mtime;
	uint32_t	nsec;
	uint32_t	mode;		/* wire mode: S_IF* bits as Linux, symlink 0120000 */
	uint32_t	uid;
	uint32_t	gid;
	uint32_t	rdev_major;
	uint32_t	rdev_minor;
	size_t		linklen;
	char		link[WIRE_PATH_MAX];
	uint8_t		sum[WIRE_SUM_MAX];
};

void wire_flist_prev_init(struct wire_flist_prev *prev);

/*
 * Decode one item of a file list: returns 0 and an entry in *out, or 1 at
 * the end marker with the io_error it carries (0 when none) in *io_error
 * (as sent: the caller masks it with IOERR_VALID_MASK).  *prev is updated
 * only with a result of 0.
 * WIRE_ERANGE for anything upstream refuses: unknown file type (also a
 * mode inherited by XMIT_SAME_MODE on the first entry), a name that is
 * empty, too long or with a NUL, a same-name prefix longer than the
 * previous name, hard-link flags (no -H here: XMIT_HLINKED, and from 30
 * XMIT_HLINK_FIRST), XMIT_USER/GROUP_NAME_FOLLOWS with the id to read
 * (inc_recurse only), an nsec >= 10^9, a link target (cfg->links) of
 * length 0 or >= WIRE_PATH_MAX or with a NUL, negative sizes, "." that is
 * not a directory, the 0x1004 end marker without cfg->safe_flist, and a
 * cfg outside proto 27..32 or csum_len 0..WIRE_SUM_MAX.
 * Whether the name is safe to use is wire_name_safe's question.
 * Devices, and specials whose rdev is sent, decode with size 0 as
 * upstream; rdev_major/minor are 0 except for those.
 */
int wire_get_fentry(const uint8_t *buf, size_t len, size_t *pos,
    const struct wire_flist_cfg *cfg, struct wire_flist_prev *prev,
    struct wire_fentry *out, int32_t *io_error);
/*
 * The same, and on WIRE_ERANGE the reason in *why (when why is not NULL),
 * so the receiver can say what was wrong as upstream does.
 */
#define WIRE_FE_CFG	1	/* the cfg itself is invalid */
#define WIRE_FE_FLAGS	2	/* flags no entry may carry */
#define WIRE_FE_HLINK	3	/* hard-link flags (no -H) */
#define WIRE_FE_PREFIX	4	/* same-name prefix longer than the last name */
#define WIRE_FE_NAMELEN	5	/* name of WIRE_PATH_MAX bytes or more */
#define WIRE_FE_EMPTY	6	/* empty name */
#define WIRE_FE_NUL	7	/* NUL byte in a name or link target */
#define WIRE_FE_SIZE	8	/* negative file length */
#define WIRE_FE_NSEC	9	/* nanoseconds out of range */
#define WIRE_FE_MODE	10	/* unknown file type */
#define WIRE_FE_IDNAME	11	/* inline user/group name (inc-recursive only) */
#define WIRE_FE_LINKLEN	12	/* link target of length 0 or too long */
#define WIRE_FE_ROOT	13	/* "." or "/." that is not a directory */
int wire_get_fentry_why(const uint8_t *buf, size_t len, size_t *pos,
    const struct wire_flist_cfg *cfg, struct wire_flist_prev *prev,
    struct wire_fentry *out, int32_t *io_error, int *why);
/*
 * Encode one entry as upstream's sender would (same flag choices; e->xflags
 * is not read).  dirflags: WIRE_DIR_* for a directory.  WIRE_EINVAL, with
 * nothing written, for what the decoder would refuse: a bad file type,
 * name or link target, a negative size, nsec > 999999999.  *prev is updated
 * only on success.
 */
int wire_put_fentry(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, struct wire_flist_prev *prev,
    const struct wire_fentry *e, int dirflags);
/* The end marker, with io_error where cfg->safe_flist allows it (else 0
 * is sent; proto < 30: the int32 io_error comes after the id lists,
 * proto 30 without safe_flist: MSG_IO_ERROR). */
int wire_put_flist_end(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, int32_t io_error);

/*
 * One item of a uid or gid name list (after the end marker, when not
 * --numeric-ids): returns 0 with (*id, name) or 1 at the terminator.  With
 * cfg->id0_names (CF_ID0_NAMES) the terminator is followed by uid/gid 0's
 * name, returned in name and *namelen with *id = 0 and result 1 (namelen 0:
 * none).  Names are NUL-terminated in name[]; one with a NUL byte is
 * WIRE_ERANGE.
 */
int wire_get_idname(const uint8_t *buf, size_t len, size_t *pos,
    const struct wire_flist_cfg *cfg, uint32_t *id, char name[256],
    size_t *namelen);
/* id != 0 (WIRE_EINVAL); names longer than 255 are cut to 255 as upstream. */
int wire_put_idname(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, uint32_t id, const char *name,
    size_t namelen);
/* The terminator; with cfg->id0_names followed by name0 (may be empty). */
int wire_put_idlist_end(uint8_t *buf, size_t cap, size_t *pos,
    const struct wire_flist_cfg *cfg, const char *name0, size_t name0len);

/*
 * Upstream's file-list order (flist.c f_name_cmp): by path component,
 * unsigned bytes; from proto 29 a directory compares as if its name ended
 * in '/' and sorts after the non-directories of its level.  "." first.
 */
int wire_fname_cmp(const char *a, int a_dir, const char *b, int b_dir,
    int proto);

/*
 * A name the receiver may use: 1..WIRE_PATH_MAX-1 bytes, not absolute, no
 * NUL, and already clean: no empty, "." or ".." component, except the
 * whole name ".".  Upstream refuses ".." and (without -R) absolute names
 * (recv_file_entry: "unsafe pathname from sender") and silently cleans
 * the rest (clean_fname: "a//b", "./a", "a/./b", "a/" become "a/b", "a",
 * "a/b", "a"); no upstream sender sends such names, so they are refused
 * here.  1 if safe, else 0.
 */
int wire_name_safe(const char *name, size_t len);

#endif
