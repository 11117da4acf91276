/*
 * receiver.c: the receiving side (spec/09-transfer.md): upstream's
 * generator and receiver, interleaved in this one process.
 *
 * The generator walks the sorted file list: it makes directories,
 * symlinks and devices itself, and for each regular file that is missing
 * or differs it sends the sender a request (ndx, iflags, the sum head and
 * the block sums of the old file).  The receiver reads what the sender
 * sends back: each file's tokens rebuilt into a temp file beside it,
 * checked against the whole-file sum, renamed into place.
 *
 * No deadlock: the generator writes only what the output buffer has room
 * for and never waits for the wire; the receiver reads a file's data
 * whenever some is there (the sender sends a file once its request is
 * complete, so the data of a begun file always comes) and waits for input
 * only when the generator has nothing it could write.
 *
 * The end of the run follows upstream's counts of NDX_DONE for each
 * protocol (spec 9.6): "reports" counts what upstream's receiver tells
 * its generator over their private pipe.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fs/fs.h"
#include "proto/session.h"

#define XFER_BUF	(256 * 1024)

/* the generator's stages */
enum gstage {
	G_FILES,	/* walking the list */
	G_REDO,		/* #1 sent: redo requests until the receiver's 1st report */
	G_WAIT2,	/* #2.. sent: until the 2nd report */
	G_WAIT3,	/* until the 3rd */
	G_WAIT4,	/* until the 4th (proto >= 31) */
	G_DONE		/* the final goodbye sent */
};

struct recv_state {
	struct session	*s;
	struct fs_root	root;
	const char	*local_name;	/* the one file's new name, or NULL */
	enum gstage	stage;
	size_t		gi;		/* next file to generate */
	uint8_t		*pend;		/* request bytes not yet written */
	size_t		pend_len;
	size_t		pend_off;
	size_t		pend_cap;
	int32_t		*redo;		/* files to request again */
	size_t		nredo;
	size_t		redo_cap;
	size_t		redo_head;	/* redone in the order they failed */
	int		phase;		/* the receiver's */
	int		max_phase;
	int		reports;	/* upstream's msgdone_cnt */
	int		rdone;		/* the receiver has read all it will */
	int		want_final;	/* protocol 31: the echo of #4 is to come */
	int		early_delete;
	char		**names;	/* sorted names, for --delete */
	struct file	**byname;	/* the list in strcmp order of names */
	size_t		next_log;	/* the receiving client prints in list order */
	int		dest_created;	/* open_dest made the directory */
	uint8_t		buf[XFER_BUF];
};

static const char *
fname(const struct recv_state *r, const struct file *f)
{
	if (r->local_name != NULL && r->s->fl.n == 1)
		return r->local_name;
	return f->name;
}

/* ---- the request stream: staged whole, written as room allows ---- */

static void
pend_put(struct recv_state *r, const uint8_t *p, size_t n)
{
	if (r->pend_len + n > r->pend_cap) {
		size_t cap = r->pend_cap ? r->pend_cap : 4096;

		while (cap < r->pend_len + n)
			cap *= 2;
		r->pend = realloc(r->pend, cap);
		if (r->pend == NULL)
			sess_fatal(r->s, RERR_MALLOC, "generator.c(780)",
			    "ERROR: out of memory in generate_and_send_sums\n");
		r->pend_cap = cap;
	}
	memcpy(r->pend + r->pend_len, p, n);
	r->pend_len += n;
}

static void
pend_int(struct recv_state *r, int32_t v)
{
	uint8_t b[4];
	size_t pos = 0;

	(void)wire_put_int32(b, sizeof b, &pos, v);
	pend_put(r, b, pos);
}

static void
pend_ndx(struct recv_state *r, int32_t ndx)
{
	uint8_t b[WIRE_NDX_MAX];
	size_t pos = 0;

	(void)wire_put_ndx(&r->s->ndx_wr, r->s->proto, b, sizeof b, &pos, ndx);
	pend_put(r, b, pos);
}

static void
pend_iflags(struct recv_state *r, uint32_t iflags)
{
	uint8_t b[2] = { (uint8_t)iflags, (uint8_t)(iflags >> 8) };

	if (r->s->proto >= 29)
		pend_put(r, b, 2);
}

/* Writes what the output has room for; 1 when nothing is left. */
static int
pend_drain(struct recv_state *r)
{
	size_t room, k;

	while (r->pend_off < r->pend_len) {
		room = mux_room(r->s->mux);
		if (room == 0)
			return 0;
		k = r->pend_len - r->pend_off;
		if (k > room)
			k = room;
		wr_bytes(r->s, r->pend + r->pend_off, k);
		r->pend_off += k;
	}
	r->pend_off = r->pend_len = 0;
	return 1;
}

/* ---- output lines ---- */

/* log.c %i: an item with nothing to report shows spaces, not dots. */
void
blank_dots(char *item)
{
	int i;

	if (item[0] != '.' && item[0] != 'c' && item[0] != 'h')
		return;
	for (i = 2; item[i] != 0; i++)
		if (item[i] != '.')
			return;
	for (i = 2; item[i] != 0; i++)
		item[i] = ' ';
}

static void
print_item(struct recv_state *r, const struct file *f, uint32_t iflags)
{
	struct session *s = r->s;
	const char *n = fname(r, f);
	char item[16];

	if (s->am_server)
		return;
	if (s->o->itemize) {
		char t = file_is_dir(f) ? 'd' : file_is_link(f) ? 'L' :
		    file_is_dev(f) ? 'D' : file_is_reg(f) ? 'f' : 'S';
		int isnew = (iflags & ITEM_IS_NEW) != 0;

		item[0] = (iflags & ITEM_TRANSFER) ? (s->am_sender ? '<' : '>') :
		    (iflags & ITEM_LOCAL_CHANGE) || (file_is_dir(f) && isnew) ||
		    (file_is_link(f) && isnew) ? 'c' : '.';
		item[1] = t;
		if (isnew)
			memcpy(item + 2, "+++++++++", 9);
		else {
			item[2] = iflags & ITEM_REPORT_CHANGE ? 'c' : '.';
			item[3] = iflags & ITEM_REPORT_SIZE ? 's' : '.';
			item[4] = iflags & ITEM_REPORT_TIME ? 't' : '.';
			item[5] = iflags & ITEM_REPORT_PERMS ? 'p' : '.';
			item[6] = iflags & ITEM_REPORT_OWNER ? 'o' : '.';
			item[7] = iflags & ITEM_REPORT_GROUP ? 'g' : '.';
			item[8] = '.';
			item[9] = '.';
			item[10] = '.';
		}
		item[11] = 0;
		blank_dots(item);
		sess_info(s, "%s %s%s%s%s\n", item, n, file_is_dir(f) ? "/" : "",
		    f->link != NULL ? " -> " : "", f->link != NULL ? f->link : "");
		return;
	}
	if (s->o->verbose || s->o->progress)
		sess_info(s, "%s%s%s%s\n", n, file_is_dir(f) ? "/" : "",
		    f->link != NULL ? " -> " : "", f->link != NULL ? f->link : "");
}

/*
 * The receiving client prints its lines in list order, as upstream's
 * output reads: a line waits until the files before it are done.
 */
static void
flush_logs(struct recv_state *r, int all)
{
	struct flist *fl = &r->s->fl;
	size_t limit = r->stage == G_FILES && !all ? r->gi : fl->n;

	while (r->next_log < limit) {
		struct file *f = &fl->f[r->next_log];

		if (f->log_state == LOG_WAIT && !all)
			return;
		if (f->log_state == LOG_READY)
			print_item(r, f, f->log_iflags);
		f->log_state = LOG_NONE;
		r->next_log++;
	}
}

/* Before a file's data: the lines of the files before it (the ones
 * still waiting will not come in this phase), then its own line, as
 * upstream logs before the transfer. */
static void
log_before(struct recv_state *r, int32_t ndx, uint32_t iflags)
{
	struct flist *fl = &r->s->fl;

	if (r->s->am_server)
		return;
	while (r->next_log < (size_t)ndx) {
		struct file *f = &fl->f[r->next_log];

		if (f->log_state == LOG_READY)
			print_item(r, f, f->log_iflags);
		f->log_state = LOG_NONE;
		r->next_log++;
	}
	if (r->next_log == (size_t)ndx)
		r->next_log++;
	fl->f[ndx].log_state = LOG_NONE;
	print_item(r, &fl->f[ndx], iflags);
}

static void
log_name(struct recv_state *r, struct file *f, uint32_t iflags)
{
	/* from protocol 29 the item comes back from the sender and is
	 * printed when it does (recv_item), as upstream's receiver does */
	if (r->s->am_server || r->s->proto >= 29)
		return;
	f->log_iflags = iflags;
	f->log_state = LOG_READY;
}

/* ---- metadata ---- */

static mode_t
dflt_perms(const struct file *f)
{
	mode_t um = umask(0);

	umask(um);
	return (mode_t)(f->mode & 07777) & ~um;
}

/*
 * The attributes -p -t -o -g ask for, on rel (a new temp file or the
 * existing name).  A failure is an error that counts for exit 23.
 */
static void
set_attrs(struct recv_state *r, const struct file *f, const char *rel,
    int isnew)
{
	struct session *s = r->s;
	struct options *o = s->o;
	int which = 0, rc;
	mode_t mode = 0;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (file_is_link(f)) {
		if (o->times)
			which |= FS_META_TIME;
	} else {
		if (o->perms) {
			mode = (mode_t)(f->mode & 07777);
			which |= FS_META_MODE;
		} else if (isnew) {
			mode = dflt_perms(f);
			which |= FS_META_MODE;
		}
		if (o->times)
			which |= FS_META_TIME;
	}
	if (o->owner && geteuid() == 0) {
		uid = f->uid;
		which |= FS_META_OWNER;
	}
	if (o->group) {
		gid = f->gid;
		which |= FS_META_OWNER;
	}
	if (which == 0)
		return;
	rc = fs_set_meta(&r->root, rel, which, mode, f->mtime, f->nsec, uid, gid);
	if (rc != 0 && rc != -EPERM)
		sess_error(s, 1, "rsync: [%s] set attributes of \"%s\" failed:"
		    " %s (%d)\n", s->who, fname(r, f), strerror(-rc), -rc);
}

/* ---- the generator ---- */

static int
same_time(const struct file *f, const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec == f->mtime;
}

/* iflags for an existing file that differs (itemize()). */
static uint32_t
changes(struct recv_state *r, const struct file *f, const struct stat *st)
{
	struct options *o = r->s->o;
	uint32_t fl = 0;

	if (file_is_reg(f) && (int64_t)st->st_size != f->size)
		fl |= ITEM_REPORT_SIZE;
	if (o->times && !same_time(f, st) && !file_is_link(f))
		fl |= ITEM_REPORT_TIME;
	if (o->perms && !file_is_link(f) &&
	    (st->st_mode & 07777) != (f->mode & 07777))
		fl |= ITEM_REPORT_PERMS;
	if (o->owner && geteuid() == 0 && st->st_uid != f->uid)
		fl |= ITEM_REPORT_OWNER;
	if (o->group && st->st_gid != f->gid)
		fl |= ITEM_REPORT_GROUP;
	return fl;
}

/* Removes what stands where f must go, when it is of another type
 * (delete.c delete_item with DEL_MAKE_ROOM): a directory only if empty
 * unless --delete; upstream's messages when it cannot. */
static int
clear_way(struct recv_state *r, const struct file *f, const struct stat *st)
{
	struct session *s = r->s;
	const char *desc = file_is_reg(f) ? "regular file" :
	    file_is_dir(f) ? "directory" : file_is_link(f) ? "symlink" :
	    file_is_dev(f) ? "device file" : "special file";
	int rc;

	if (S_ISDIR(st->st_mode))
		rc = s->delete_mode ? fs_remove_tree(&r->root, fname(r, f)) :
		    fs_rmdir(&r->root, fname(r, f));
	else
		rc = fs_unlink(&r->root, fname(r, f));
	if (rc == 0 || rc == -ENOENT)
		return 0;
	if (S_ISDIR(st->st_mode) && rc == -ENOTEMPTY)
		sess_info(s, "cannot delete non-empty directory: %s\n",
		    fname(r, f));
	else
		sess_error(s, 1, "rsync: [%s] delete_file: %s(%s) failed: %s"
		    " (%d)\n", s->who, S_ISDIR(st->st_mode) ? "rmdir" : "unlink",
		    fname(r, f), strerror(-rc), -rc);
	sess_error(s, 1, "could not make way for new %s: %s\n", desc,
	    fname(r, f));
	return -1;
}

/* Non-regular files: made here, reported to the sender for logging. */
static void
gen_other(struct recv_state *r, int32_t ndx, struct file *f)
{
	struct session *s = r->s;
	struct stat st;
	int rc, exists = fs_lstat(&r->root, fname(r, f), &st) == 0;
	uint32_t iflags = 0;
	char target[WIRE_PATH_MAX];

	if ((file_is_link(f) && !s->o->links) ||
	    (file_is_dev(f) && !(s->o->devices && geteuid() == 0)) ||
	    (!file_is_dir(f) && !file_is_link(f) && !file_is_dev(f) &&
	    !s->o->specials)) {
		/* INFO_NONREG is on by default: shown without -v (a server
		 * sends it as MSG_INFO) */
		sess_info(s, "skipping non-regular file \"%s\"\n", fname(r, f));
		return;
	}
	if (file_is_dir(f) && r->dest_created && strcmp(f->name, ".") == 0) {
		iflags = ITEM_LOCAL_CHANGE | ITEM_IS_NEW;
	} else if (file_is_dir(f)) {
		if (exists && !S_ISDIR(st.st_mode)) {
			if (s->o->dry_run == 0 && clear_way(r, f, &st) != 0)
				return;
			exists = 0;
		}
		if (!exists) {
			iflags = ITEM_LOCAL_CHANGE | ITEM_IS_NEW;
			if (!s->o->dry_run &&
			    (rc = fs_mkdir(&r->root, fname(r, f), 0700)) != 0 &&
			    rc != -EEXIST) {
				sess_error(s, 1, "rsync: [%s] recv_generator: mkdir"
				    " \"%s\" failed: %s (%d)\n", s->who,
				    fname(r, f), strerror(-rc), -rc);
				return;
			}
			s->st.created_dirs++;
		} else
			iflags = changes(r, f, &st);
	} else if (file_is_link(f)) {
		if (exists && S_ISLNK(st.st_mode) &&
		    fs_readlink(&r->root, fname(r, f), target, sizeof target) == 0 &&
		    strcmp(target, f->link) == 0) {
			iflags = changes(r, f, &st);
			if (iflags && !s->o->dry_run)
				set_attrs(r, f, fname(r, f), 0);
		} else {
			if (exists && !s->o->dry_run && clear_way(r, f, &st) != 0)
				return;
			/* a changed link is a change; what was not a link, new */
			iflags = ITEM_LOCAL_CHANGE | (exists && S_ISLNK(st.st_mode) ?
			    ITEM_REPORT_CHANGE : ITEM_IS_NEW);
			if (!s->o->dry_run) {
				if ((rc = fs_symlink(&r->root, f->link, fname(r, f))) != 0) {
					sess_error(s, 1, "rsync: [%s] symlink \"%s\" -> \"%s\""
					    " failed: %s (%d)\n", s->who, fname(r, f),
					    f->link, strerror(-rc), -rc);
					return;
				}
				set_attrs(r, f, fname(r, f), 1);
			}
			s->st.created_links += !exists;
		}
	} else {
		dev_t dev = file_is_dev(f) ? makedev(f->rdev_major, f->rdev_minor) : 0;

		if (exists && (st.st_mode & S_IFMT) == (f->mode & S_IFMT) &&
		    (!file_is_dev(f) || st.st_rdev == dev)) {
			iflags = changes(r, f, &st);
			if (iflags && !s->o->dry_run)
				set_attrs(r, f, fname(r, f), 0);
		} else {
			if (exists && !s->o->dry_run && clear_way(r, f, &st) != 0)
				return;
			iflags = ITEM_LOCAL_CHANGE | (exists ? 0 : ITEM_IS_NEW);
			if (!s->o->dry_run) {
				rc = fs_mknod(&r->root, fname(r, f),
				    (mode_t)(f->mode & (S_IFMT | 07777)), dev);
				if (rc != 0) {
					sess_error(s, 1, "rsync: [%s] mknod \"%s\" failed:"
					    " %s (%d)\n", s->who, fname(r, f),
					    strerror(-rc), -rc);
					return;
				}
				set_attrs(r, f, fname(r, f), 1);
			}
		}
	}
	if (iflags != 0 || s->o->itemize > 1) {
		if (file_is_dir(f) || s->o->itemize || iflags & ITEM_LOCAL_CHANGE)
			log_name(r, f, iflags);
		/* the sender logs it too (a pushing client); proto >= 29 */
		if (s->proto >= 29 && ((iflags & SIGNIFICANT_ITEM_FLAGS) ||
		    s->o->itemize > 1)) {
			pend_ndx(r, ndx);
			pend_iflags(r, iflags & 0xFFFF);
		}
	}
}

/* The sums of the basis for a request (generate_and_send_sums). */
static void
gen_sums(struct recv_state *r, int fd, int64_t len, int redo)
{
	struct session *s = r->s;
	struct sum_head sh;
	uint8_t sum2[CSUM_MAX_LEN];
	int64_t off = 0;

	sum_sizes(len, s->proto, redo, csum_len(s->xfer_csum), s->o->block_size,
	    &sh);
	pend_int(r, sh.count);
	pend_int(r, sh.blength);
	pend_int(r, sh.s2length);
	pend_int(r, sh.remainder);
	for (int32_t i = 0; i < sh.count; i++) {
		size_t n = (i == sh.count - 1 && sh.remainder) ?
		    (size_t)sh.remainder : (size_t)sh.blength;

		if (fs_pread_all(fd, r->buf, n, off) != 0)
			memset(r->buf, 0, n);	/* a changed basis: the redo fixes it */
		pend_int(r, (int32_t)csum_roll(r->buf, n));
		csum_block(s->xfer_csum, s->seed, s->seed_order, r->buf, n, sum2);
		pend_put(r, sum2, (size_t)sh.s2length);
		off += (int64_t)n;
	}
}

/* -c: does the existing file's content digest equal the sender's? */
static int
same_content(struct recv_state *r, const struct file *f)
{
	struct csum_ctx c;
	uint8_t sum[CSUM_MAX_LEN];
	long n;
	int fd;

	if (fs_open_read(&r->root, fname(r, f), &fd) != 0)
		return 0;
	csum_content_init(&c, r->s->file_csum);
	while ((n = fs_read(fd, r->buf, sizeof r->buf)) > 0)
		csum_file_update(&c, r->buf, (size_t)n);
	csum_file_final(&c, sum);
	fs_close(fd);
	return n == 0 && memcmp(sum, f->sum, (size_t)csum_len(r->s->file_csum)) == 0;
}

/* A regular file: up to date, or a request (recv_generator). */
static void
gen_reg(struct recv_state *r, int32_t ndx, struct file *f, int redo)
{
	struct session *s = r->s;
	struct options *o = s->o;
	struct stat st;
	uint32_t iflags = ITEM_TRANSFER;
	int exists = fs_lstat(&r->root, fname(r, f), &st) == 0, fd;

	if (exists && !S_ISREG(st.st_mode)) {
		if (!o->dry_run && clear_way(r, f, &st) != 0)
			return;
		exists = 0;
	}
	if (exists && !redo) {
		int uptodate = o->checksum ?
		    (int64_t)st.st_size == f->size && same_content(r, f) :
		    !o->ignore_times && (int64_t)st.st_size == f->size &&
		    (o->size_only || same_time(f, &st));

		if (uptodate) {
			uint32_t ch = changes(r, f, &st) & ~ITEM_REPORT_TIME;

			if (ch != 0 && !o->dry_run)
				set_attrs(r, f, fname(r, f), 0);
			if (o->times && !same_time(f, &st) && !o->dry_run)
				set_attrs(r, f, fname(r, f), 0);
			if (ch != 0 || o->itemize > 1) {
				if (o->itemize)
					log_name(r, f, ch);
				if (s->proto >= 29 && (ch != 0 || o->itemize > 1)) {
					pend_ndx(r, ndx);
					pend_iflags(r, ch);
				}
			}
			return;
		}
	}
	if (o->checksum)
		iflags |= ITEM_REPORT_CHANGE;	/* upstream: always with -c */
	if (!exists)
		iflags |= ITEM_IS_NEW;
	else
		iflags |= changes(r, f, &st);
	pend_ndx(r, ndx);
	pend_iflags(r, iflags);
	f->flags |= FL_SENT;
	if (!s->am_server)
		f->log_state = LOG_WAIT;
	if (o->dry_run) {
		return;
	}
	if (!exists || s->whole_file || st.st_size == 0 ||
	    fs_open_read(&r->root, fname(r, f), &fd) != 0) {
		static const uint8_t zero[16];

		pend_put(r, zero, 16);
		return;
	}
	gen_sums(r, fd, (int64_t)st.st_size, redo);
	fs_close(fd);
}

/* ---- the list by name ---- */

static int
cmp_fname(const void *a, const void *b)
{
	return strcmp((*(struct file *const *)a)->name,
	    (*(struct file *const *)b)->name);
}

static const struct file *
find_name(struct recv_state *r, const char *name)
{
	struct file key, *kp = &key, **hit;

	if (r->byname == NULL) {
		r->byname = calloc(r->s->fl.n + 1, sizeof *r->byname);
		if (r->byname == NULL)
			sess_fatal(r->s, RERR_MALLOC, "flist.c(3100)",
			    "out of memory\n");
		for (size_t i = 0; i < r->s->fl.n; i++)
			r->byname[i] = &r->s->fl.f[i];
		qsort(r->byname, r->s->fl.n, sizeof *r->byname, cmp_fname);
	}
	key.name = (char *)name;
	hit = bsearch(&kp, r->byname, r->s->fl.n, sizeof *r->byname, cmp_fname);
	return hit != NULL ? *hit : NULL;
}

/*
 * Each entry's parent must be a directory of the list (recv_generator):
 * a sender that lists "link" as a symlink and then "link/evil" is
 * refused before anything is made.
 */
static void
check_parent(struct recv_state *r, const struct file *f)
{
	const char *slash = strrchr(f->name, '/');
	char dn[WIRE_PATH_MAX];
	const struct file *d;

	if (slash == NULL)
		return;
	snprintf(dn, sizeof dn, "%.*s", (int)(slash - f->name), f->name);
	d = find_name(r, dn);
	if (d == NULL || !file_is_dir(d) || (d->flags & FL_DUP))
		sess_fatal(r->s, RERR_PROTOCOL, "generator.c(1715)",
		    "ABORTING due to invalid path from sender: %s/%s\n", dn,
		    slash + 1);
}

/* ---- --delete ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
in_list(struct recv_state *r, const char *name)
{
	return bsearch(&name, r->names, r->s->fl.n, sizeof *r->names,
	    cmp_str) != NULL;
}

/* One deletion told: the client prints it, a server tells its client
 * (MSG_DELETED, a directory's name ending in a NUL). */
static void
log_delete(struct recv_state *r, const char *path, int isdir)
{
	struct session *s = r->s;

	if (s->am_server) {
		if (s->proto >= 29 && s->mux->mplex_out)
			(void)mux_msg(s->mux, MSG_DELETED, (const uint8_t *)path,
			    strlen(path) + (isdir ? 1 : 0));
	} else if (s->o->verbose || s->o->itemize)
		sess_info(s, s->o->itemize ? "*deleting   %s%s\n" :
		    "deleting %s%s\n", path, isdir ? "/" : "");
}

struct dname {
	char	*name;
	int	isdir;
	int	proto;
};

static int
cmp_dname_rev(const void *a, const void *b)
{
	const struct dname *x = a, *y = b;

	/* upstream walks the sorted names backwards */
	return -wire_fname_cmp(x->name, x->isdir, y->name, y->isdir, x->proto);
}

/*
 * The names in directory dir (relative to the root) that keep(r, path)
 * refuses, in upstream's deletion order: its sorted list walked from the
 * end (delete.c / generator.c delete_in_dir).  Returns the count; *out
 * is malloc'd.
 */
static size_t
list_doomed(struct recv_state *r, const char *dir, int all, struct dname **out)
{
	struct fs_dir *dh;
	const char *ent;
	char path[WIRE_PATH_MAX + 256];
	struct stat st;
	struct dname *v = NULL;
	size_t n = 0;

	*out = NULL;
	if (fs_opendir(&r->root, dir, &dh) != 0)
		return 0;
	while (fs_readdir(dh, &ent) == 1) {
		if (strcmp(dir, ".") == 0)
			snprintf(path, sizeof path, "%s", ent);
		else
			snprintf(path, sizeof path, "%s/%s", dir, ent);
		if ((!all && in_list(r, path)) || fs_lstat(&r->root, path, &st) != 0)
			continue;
		v = realloc(v, (n + 1) * sizeof *v);
		if (v == NULL || (v[n].name = strdup(path)) == NULL)
			sess_fatal(r->s, RERR_MALLOC, "delete.c(90)", "out of memory\n");
		v[n].isdir = S_ISDIR(st.st_mode);
		v[n].proto = r->s->proto;
		n++;
	}
	fs_closedir(dh);
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_dname_rev);
	*out = v;
	return n;
}

/* Deletes path (a directory with everything in it, each told), counting
 * by type (delete.c delete_item / delete_dir_contents). */
static void
delete_one(struct recv_state *r, const char *path, int isdir)
{
	struct session *s = r->s;
	struct stat st;
	int rc;

	if (fs_lstat(&r->root, path, &st) != 0)
		return;
	if (isdir) {
		struct dname *v;
		size_t n = list_doomed(r, path, 1, &v);

		for (size_t i = 0; i < n; i++) {
			delete_one(r, v[i].name, v[i].isdir);
			free(v[i].name);
		}
		free(v);
	}
	rc = s->o->dry_run ? 0 : isdir ? fs_rmdir(&r->root, path) :
	    fs_unlink(&r->root, path);
	if (rc != 0) {
		sess_error(s, 1, "rsync: [%s] delete_file: %s(%s) failed: %s"
		    " (%d)\n", s->who, isdir ? "rmdir" : "unlink", path,
		    strerror(-rc), -rc);
		return;
	}
	s->st.deleted++;
	if (S_ISDIR(st.st_mode))
		s->st.deleted_dirs++;
	else if (S_ISREG(st.st_mode))
		s->st.deleted_reg++;
	else if (S_ISLNK(st.st_mode))
		s->st.deleted_links++;
	else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		s->st.deleted_devs++;
	else
		s->st.deleted_specials++;
	log_delete(r, path, isdir);
}

/* Deletes what dir (a directory of the list) holds that the list does
 * not (delete_in_dir). */
static void
delete_in_dir(struct recv_state *r, const struct file *d)
{
	struct session *s = r->s;
	struct dname *v;
	size_t n;

	if (r->names == NULL) {
		r->names = calloc(s->fl.n + 1, sizeof *r->names);
		if (r->names == NULL)
			sess_fatal(s, RERR_MALLOC, "delete.c(90)", "out of memory\n");
		for (size_t i = 0; i < s->fl.n; i++)
			r->names[i] = s->fl.f[i].name;
		qsort(r->names, s->fl.n, sizeof *r->names, cmp_str);
	}
	n = list_doomed(r, d->name, 0, &v);
	for (size_t i = 0; i < n; i++) {
		delete_one(r, v[i].name, v[i].isdir);
		free(v[i].name);
	}
	free(v);
}

static void
delete_pass(struct recv_state *r)
{
	for (size_t i = 0; i < r->s->fl.n; i++) {
		const struct file *f = &r->s->fl.f[i];

		if (file_is_dir(f) && !(f->flags & FL_DUP))
			delete_in_dir(r, f);
	}
}

static void
pend_del_stats(struct recv_state *r)
{
	struct session *s = r->s;
	uint8_t b[WIRE_VARINT_MAX];
	int32_t v[5] = { s->st.deleted - s->st.deleted_dirs - s->st.deleted_links -
	    s->st.deleted_devs - s->st.deleted_specials, s->st.deleted_dirs,
	    s->st.deleted_links, s->st.deleted_devs, s->st.deleted_specials };

	pend_ndx(r, NDX_DEL_STATS);
	for (int i = 0; i < 5; i++) {
		size_t pos = 0;

		(void)wire_put_varint(b, sizeof b, &pos, v[i]);
		pend_put(r, b, pos);
	}
}

static void
pend_done(struct recv_state *r)
{
	uint8_t b[4];
	size_t pos = 0;

	(void)wire_put_ndx(&r->s->ndx_wr, r->s->proto, b, sizeof b, &pos, NDX_DONE);
	pend_put(r, b, pos);
}

/*
 * One step of the generator, when its pending bytes are written: the
 * next file, a redo, or the next NDX_DONE of the end.  Returns 1 if it
 * did something, 0 if it waits for the receiver.
 */
static int
gen_step(struct recv_state *r)
{
	struct session *s = r->s;

	switch (r->stage) {
	case G_FILES:
		if (r->gi == 0 && s->delete_mode == DEL_BEFORE && s->o->recurse)
			delete_pass(r);
		if (r->gi < s->fl.n) {
			struct file *f = &s->fl.f[r->gi];
			int32_t ndx = (int32_t)r->gi++;

			if (f->flags & FL_DUP)
				return 1;
			check_parent(r, f);
			if (file_is_dir(f) && s->delete_mode == DEL_DURING &&
			    s->o->recurse)
				gen_other(r, ndx, f), delete_in_dir(r, f);
			else if (file_is_reg(f))
				gen_reg(r, ndx, f, 0);
			else
				gen_other(r, ndx, f);
			return 1;
		}
		pend_done(r);	/* #1 */
		r->stage = G_REDO;
		return 1;
	case G_REDO:
		if (r->redo_head < r->nredo) {
			int32_t ndx = r->redo[r->redo_head++];

			gen_reg(r, ndx, &s->fl.f[ndx], 1);
			return 1;
		}
		if (r->reports < 1)
			return 0;
		pend_done(r);	/* #2 */
		if (s->proto >= 29)
			pend_done(r);	/* #3, no delay-updates */
		if (s->proto >= 31 && r->early_delete) {
			if (s->delete_mode != DEL_NONE)
				pend_del_stats(r);
			pend_done(r);	/* #4 */
		}
		r->stage = G_WAIT2;
		return 1;
	case G_WAIT2:
		if (r->reports < 2)
			return 0;
		r->stage = s->proto >= 29 ? G_WAIT3 : G_WAIT4;
		if (s->proto < 29) {
			pend_done(r);	/* the final goodbye */
			r->stage = G_DONE;
		}
		return 1;
	case G_WAIT3:
		if (r->reports < 3)
			return 0;
		if (s->delete_mode == DEL_AFTER || s->delete_mode == DEL_DELAY)
			delete_pass(r);
		if (s->proto >= 31 && !r->early_delete) {
			if (s->delete_mode != DEL_NONE)
				pend_del_stats(r);
			pend_done(r);	/* #4 */
		}
		r->stage = s->proto >= 31 ? G_WAIT4 : G_DONE;
		if (s->proto < 31)
			pend_done(r);	/* the final goodbye */
		return 1;
	case G_WAIT4:
		if (r->reports < 4)
			return 0;
		pend_done(r);	/* the final goodbye */
		r->stage = G_DONE;
		return 1;
	case G_DONE:
		return 0;
	}
	return 0;
}

/* ---- the receiver ---- */

static void
redo_push(struct recv_state *r, int32_t ndx)
{
	if (r->nredo == r->redo_cap) {
		r->redo_cap = r->redo_cap ? 2 * r->redo_cap : 64;
		r->redo = realloc(r->redo, r->redo_cap * sizeof *r->redo);
		if (r->redo == NULL)
			sess_fatal(r->s, RERR_MALLOC, "receiver.c(900)",
			    "out of memory\n");
	}
	r->redo[r->nredo++] = ndx;
}

/* Reads a file's tokens into fd (-1: discard), rebuilding from the basis
 * bfd; 0 when the whole-file sum matched. */
static int
receive_data(struct recv_state *r, const struct file *f, int fd, int bfd,
    const struct sum_head *sh, int *werr)
{
	struct session *s = r->s;
	struct csum_ctx c;
	uint8_t sum[CSUM_MAX_LEN], theirs[CSUM_MAX_LEN];
	int len = csum_len(s->xfer_csum);

	int64_t ofs = 0;

	csum_file_init(&c, s->xfer_csum, s->seed);
	for (;;) {
		int32_t t = rd_int(s);

		progress_update(s, ofs, f->size);
		sess_keepalive(s);

		if (t == 0)
			break;
		if (t > 0) {
			size_t left = (size_t)t;

			s->st.literal_data += t;
			while (left > 0) {
				size_t k = left < sizeof r->buf ? left : sizeof r->buf;

				rd_bytes(s, r->buf, k);
				csum_file_update(&c, r->buf, k);
				if (fd >= 0 && *werr == 0)
					*werr = fs_write_all(fd, r->buf, k);
				left -= k;
				ofs += (int64_t)k;
			}
			continue;
		}
		{
			int64_t i = -((int64_t)t + 1);
			size_t n;

			if (i >= sh->count)
				sess_fatal(s, RERR_PROTOCOL, "receiver.c(334)",
				    "Invalid block index %lld (count=%ld) [%s]\n",
				    (long long)i, (long)sh->count, s->who);
			if (bfd < 0)
				sess_fatal(s, RERR_PROTOCOL, "receiver.c(364)",
				    "got a block match with no basis file for %s"
				    " [%s]\n", fname(r, f), s->who);
			n = (i == sh->count - 1 && sh->remainder) ?
			    (size_t)sh->remainder : (size_t)sh->blength;
			if (fs_pread_all(bfd, r->buf, n, i * (int64_t)sh->blength) != 0)
				memset(r->buf, 0, n);
			s->st.matched_data += (int64_t)n;
			ofs += (int64_t)n;
			csum_file_update(&c, r->buf, n);
			if (fd >= 0 && *werr == 0)
				*werr = fs_write_all(fd, r->buf, n);
		}
	}
	csum_file_final(&c, sum);
	rd_bytes(s, theirs, (size_t)len);
	return memcmp(sum, theirs, (size_t)len) == 0 ? 0 : -1;
}

/* One file's data from the sender: into a temp file, then into place. */
static void
recv_file(struct recv_state *r, int32_t ndx, uint32_t iflags)
{
	struct session *s = r->s;
	struct file *f = &s->fl.f[ndx];
	struct sum_head sh;
	char tmp[WIRE_PATH_MAX + 64];
	int fd = -1, bfd = -1, werr = 0, rc, ok;

	rd_sum_head(s, &sh);
	if (sh.count > 0 && fs_open_read(&r->root, fname(r, f), &bfd) != 0)
		bfd = -1;
	rc = fs_tmp_create(&r->root, fname(r, f), tmp, sizeof tmp, &fd);
	if (rc == 0) {
		s->tmp_root = &r->root;
		snprintf(s->tmp_name, sizeof s->tmp_name, "%s", tmp);
	} else {
		sess_error(s, 1, "rsync: [%s] mkstemp \"%s\" failed: %s (%d)\n",
		    s->who, fname(r, f), strerror(-rc), -rc);
		fd = -1;
	}
	s->st.xferred++;
	progress_start(s, f->size, 1);
	ok = receive_data(r, f, fd, bfd, &sh, &werr) == 0;
	if (ok)
		progress_end(s, f->size, ndx);
	if (bfd >= 0)
		fs_close(bfd);
	if (fd < 0)
		return;
	s->tmp_name[0] = 0;	/* from here each path removes it or renames it */
	if (fs_close(fd) != 0 && werr == 0)
		werr = -EIO;
	if (werr != 0) {
		sess_error(s, 1, "rsync: [%s] write failed on \"%s\": %s (%d)\n",
		    s->who, fname(r, f), strerror(-werr), -werr);
		(void)fs_unlink(&r->root, tmp);
		return;
	}
	if (!ok) {
		(void)fs_unlink(&r->root, tmp);
		if (r->phase == 0) {
			/* FWARNING, shown only when names are (-v, -i) */
			if (s->o->verbose || s->o->itemize || s->o->progress)
				sess_error(s, 0, "WARNING: %s failed verification --"
				    " update discarded (will try again).\n",
				    fname(r, f));
			redo_push(r, ndx);
		} else
			sess_error(s, 1, "ERROR: %s failed verification -- update"
			    " discarded.\n", fname(r, f));
		return;
	}
	set_attrs(r, f, tmp, 1);
	if ((rc = fs_rename(&r->root, tmp, fname(r, f))) != 0) {
		sess_error(s, 1, "rsync: [%s] rename \"%s\" -> \"%s\": %s (%d)\n",
		    s->who, tmp, fname(r, f), strerror(-rc), -rc);
		(void)fs_unlink(&r->root, tmp);
		return;
	}
	if (iflags & ITEM_IS_NEW)
		s->st.created_reg++;
}

/* The stats a server sender sends at the end (handle_stats). */
static void
read_stats(struct recv_state *r)
{
	struct session *s = r->s;

	s->st.total_written = rd_varlong30(s, 3);
	s->st.total_read = rd_varlong30(s, 3);
	s->st.from_peer = 1;
	s->st.total_size = rd_varlong30(s, 3);
	if (s->proto >= 29) {
		s->st.flist_buildtime = rd_varlong30(s, 3);
		s->st.flist_xfertime = rd_varlong30(s, 3);
	}
}

/* What follows the breaking NDX_DONE: stats and the 3rd report; from
 * protocol 31 the sender's echo of #4 is still to come (recv_item reads
 * it, as the generator may send #4 only now, after late deletions). */
static void
recv_end(struct recv_state *r)
{
	struct session *s = r->s;

	if (!s->am_server)
		read_stats(r);
	r->reports++;	/* 3rd (2nd before protocol 29) */
	if (s->proto >= 31)
		r->want_final = 1;
	else
		r->rdone = 1;
}

/* After the stats (protocol 31): [NDX_DEL_STATS], then the echo of #4. */
static void
recv_final(struct recv_state *r)
{
	struct session *s = r->s;
	int32_t ndx = rd_ndx(s);

	if (ndx == NDX_DEL_STATS) {
		for (int i = 0; i < 5; i++)
			(void)rd_varint(s);
		return;
	}
	if (ndx != NDX_DONE)
		sess_fatal(s, RERR_PROTOCOL, "main.c(1053)",
		    "Invalid packet at end of run (%d) [%s]\n", ndx, s->who);
	r->reports++;
	r->want_final = 0;
	r->rdone = 1;
}

static void recv_item(struct recv_state *r);

/* One item from the sender; messages name the receiver, as upstream's
 * receiver process names itself. */
static void
recv_step(struct recv_state *r)
{
	struct session *s = r->s;
	const char *saved = s->who;

	s->who = "receiver";
	if (r->want_final)
		recv_final(r);
	else
		recv_item(r);
	s->who = saved;
}

/* One item from the sender: a file, a logged item, or an NDX_DONE. */
static void
recv_item(struct recv_state *r)
{
	struct session *s = r->s;
	int32_t ndx = rd_ndx(s);
	uint32_t iflags;

	if (ndx == NDX_DONE) {
		if (++r->phase > r->max_phase) {
			recv_end(r);
			return;
		}
		r->reports++;
		return;
	}
	if (ndx < 0 || (size_t)ndx >= s->fl.n)
		sess_fatal(s, RERR_PROTOCOL, "rsync.c(339)",
		    "Invalid file index: %d (count=%zu) [%s]\n", ndx, s->fl.n,
		    s->who);
	iflags = s->proto >= 29 ? rd_u16(s) : ITEM_TRANSFER | ITEM_MISSING_DATA;
	if (iflags & ITEM_BASIS_TYPE_FOLLOWS)
		(void)rd_byte(s);
	if (iflags & ITEM_XNAME_FOLLOWS) {
		char x[WIRE_PATH_MAX];

		(void)rd_vstring(s, x, sizeof x);
	}
	if (s->fl.f[ndx].flags & FL_DUP)
		sess_fatal(s, RERR_PROTOCOL, "receiver.c(560)",
		    "rsync: refusing transfer of cleared file index %d\n", ndx);
	if (!(iflags & ITEM_TRANSFER)) {
		struct file *f = &s->fl.f[ndx];

		/* log.c maybe_log_item: with -v only directories and local
		 * changes; with -i every item that came */
		if (!s->am_server && (s->o->itemize || ((s->o->verbose ||
		    s->o->progress) && (file_is_dir(f) ||
		    (iflags & ITEM_LOCAL_CHANGE)))))
			print_item(r, f, iflags);
		return;
	}
	if (r->phase == 2)
		sess_fatal(s, RERR_PROTOCOL, "receiver.c(590)",
		    "got transfer request in phase 2 [%s]\n", s->who);
	if (!file_is_reg(&s->fl.f[ndx]))
		sess_fatal(s, RERR_PROTOCOL, "receiver.c(575)",
		    "received request to transfer non-regular file: %d [%s]\n",
		    ndx, s->who);
	if (!(s->fl.f[ndx].flags & FL_SENT))
		sess_fatal(s, RERR_PROTOCOL, "receiver.c(580)",
		    "rsync: [%s] the sender sent file index %d, which was not"
		    " requested\n", s->who, ndx);
	log_before(r, ndx, iflags);
	if (s->o->dry_run)
		return;
	recv_file(r, ndx, iflags);
}

/* Directory times and modes last: writing into a directory changes them. */
static void
touch_up_dirs(struct recv_state *r)
{
	struct session *s = r->s;

	if (s->o->dry_run)
		return;
	for (size_t i = 0; i < s->fl.n; i++) {
		struct file *f = &s->fl.f[i];

		if (file_is_dir(f) && !(f->flags & FL_DUP))
			set_attrs(r, f, fname(r, f), 0);
	}
}

/*
 * The destination (main.c get_local_name): an existing directory; for a
 * list of one non-directory and no trailing slash, the new name of that
 * file; else a new directory (one level).  Upstream's errors otherwise.
 */
static void
open_dest(struct recv_state *r, const char *dest)
{
	struct session *s = r->s;
	struct stat st;
	size_t n = strlen(dest);
	int rc, statret, serr = 0, slash = n > 0 && dest[n - 1] == '/';
	char full[8192], shown[8192];
	static char dir[8192];

	if (n == 0)
		dest = ".", n = 1;
	statret = stat(dest, &st);
	if (statret != 0)
		serr = errno;
	if (statret == 0 && S_ISDIR(st.st_mode)) {
		if ((rc = fs_root_open(&r->root, dest, 0)) != 0)
			sess_fatal(s, RERR_FILESELECT, "main.c(753)",
			    "rsync: [Receiver] change_dir#1 \"%s\" failed: %s (%d)\n",
			    full_fname(dest, full, sizeof full), strerror(-rc), -rc);
		return;
	}
	if (statret == 0 && s->fl.n > 1)
		sess_fatal(s, RERR_FILESELECT, "main.c(777)",
		    "ERROR: destination must be a directory when copying more"
		    " than 1 file\n");
	if (statret == 0 && s->fl.n == 1 && file_is_dir(&s->fl.f[0]))
		sess_fatal(s, RERR_FILESELECT, "main.c(783)",
		    "ERROR: cannot overwrite non-directory with a directory\n");
	if (statret != 0 && serr != ENOENT)
		sess_fatal(s, RERR_FILESELECT, "main.c(789)",
		    "rsync: [Receiver] ERROR: cannot stat destination \"%s\":"
		    " %s (%d)\n", full_fname(dest, full, sizeof full),
		    strerror(serr), serr);
	if (s->fl.n > 1 || slash) {
		snprintf(shown, sizeof shown, "%s", dest);
		for (n = strlen(shown); n > 1 && shown[n - 1] == '/'; n--)
			shown[n - 1] = 0;
		if (statret == 0)
			sess_fatal(s, RERR_SYNTAX, "main.c(801)",
			    "ERROR: destination path is not a directory\n");
		if (s->o->dry_run) {
			r->root.dirfd = -1;	/* nothing there: every lookup fails */
		} else if ((rc = fs_root_open(&r->root, shown, 1)) != 0) {
			sess_fatal(s, RERR_FILEIO, "main.c(808)",
			    "rsync: [Receiver] mkdir \"%s\" failed: %s (%d)\n",
			    full_fname(shown, full, sizeof full), strerror(-rc), -rc);
		}
		r->dest_created = 1;
		if (s->o->verbose || s->o->itemize || s->o->progress)
			sess_info(s, "created directory %s\n", shown);
		return;
	}
	/* one non-directory: dest is its new name */
	{
		const char *sl = strrchr(dest, '/');

		if (sl == NULL) {
			snprintf(dir, sizeof dir, ".");
			r->local_name = dest;
		} else {
			snprintf(dir, sizeof dir, "%.*s",
			    sl == dest ? 1 : (int)(sl - dest), dest);
			r->local_name = sl + 1;
		}
		if ((rc = fs_root_open(&r->root, dir, 0)) != 0)
			sess_fatal(s, RERR_FILESELECT, "main.c(860)",
			    "rsync: [Receiver] change_dir#3 \"%s\" failed: %s (%d)\n",
			    full_fname(dir, full, sizeof full), strerror(-rc), -rc);
	}
}

/* The receiving side of the whole run, from after the file list. */
void
do_receiver(struct session *s, const char *dest)
{
	static struct recv_state r;
	int progress;

	r.s = s;
	r.max_phase = s->proto >= 29 ? 2 : 1;
	r.early_delete = s->delete_mode != DEL_AFTER && s->delete_mode != DEL_DELAY;
	s->who = "Receiver";	/* upstream's receiving side before its fork */
	open_dest(&r, dest);
	s->who = s->am_server ? "receiver" : "generator";
	if (s->delete_mode != DEL_NONE && !s->o->recurse)
		s->delete_mode = DEL_NONE;
	for (;;) {
		progress = 0;
		sess_keepalive(s);
		if (pend_drain(&r) && r.stage != G_DONE)
			progress |= gen_step(&r);
		if (!r.rdone && (mux_poll(s->mux) < 0 ? (sess_io_fatal(s), 0) :
		    mux_len(s->mux) > 0)) {
			recv_step(&r);
			progress = 1;
		}
		flush_logs(&r, 0);
		if (r.rdone && r.stage == G_DONE && r.pend_len == 0)
			break;
		if (progress)
			continue;
		if (r.pend_off < r.pend_len) {
			/* room will come as the wire takes our output */
			if (mux_stage_out(s->mux) != 0 || io_pump(s->io) != 0)
				sess_io_fatal(s);
		} else if (!r.rdone)
			recv_step(&r);	/* the generator waits: so may we */
		else {
			if (mux_stage_out(s->mux) != 0 || io_pump(s->io) != 0)
				sess_io_fatal(s);
		}
	}
	s->shutting_down = 1;
	wr_flush(s);
	flush_logs(&r, 1);
	touch_up_dirs(&r);
	free(r.pend);
	free(r.redo);
	free(r.names);
	free(r.byname);
	fs_root_close(&r.root);
}
