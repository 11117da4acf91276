/*
 * flist.c: the file list (spec/08-flist.md; upstream flist.c): the
 * sender builds it from its arguments and sends it; the receiver reads
 * it, checks every name, and both sort it the same way so an index means
 * the same file on both sides.  No incremental recursion: one list.
 */
#include <errno.h>
#include <fnmatch.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "fs/fs.h"
#include "proto/session.h"

int file_is_dir(const struct file *f) { return S_ISDIR(f->mode); }
int file_is_reg(const struct file *f) { return S_ISREG(f->mode); }
int file_is_link(const struct file *f) { return S_ISLNK(f->mode); }
int
file_is_dev(const struct file *f)
{
	return S_ISCHR(f->mode) || S_ISBLK(f->mode);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *
xalloc(struct session *s, size_t n)
{
	void *p = calloc(1, n);

	if (p == NULL)
		sess_fatal(s, RERR_MALLOC, "util2.c(80)",
		    "ERROR: out of memory in flist\n");
	return p;
}

static char *
xstrdup(struct session *s, const char *str, size_t n)
{
	char *p = xalloc(s, n + 1);

	memcpy(p, str, n);
	return p;
}

/* A new slot at the end of the list. */
static struct file *
flist_push(struct session *s)
{
	struct flist *fl = &s->fl;

	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 256;
		struct file *f = realloc(fl->f, cap * sizeof *f);

		if (f == NULL)
			sess_fatal(s, RERR_MALLOC, "flist.c(337)",
			    "ERROR: out of memory in flist_expand\n");
		fl->f = f;
		fl->cap = cap;
	}
	memset(&fl->f[fl->n], 0, sizeof fl->f[0]);
	fl->f[fl->n].seq = (uint32_t)fl->n;
	return &fl->f[fl->n++];
}

void
flist_free(struct flist *fl)
{
	for (size_t i = 0; i < fl->n; i++) {
		free(fl->f[i].name);
		free(fl->f[i].link);
	}
	free(fl->f);
	fl->f = NULL;
	fl->n = fl->cap = 0;
}

static int proto_for_sort;

/* Upstream's order (f_name_cmp), stable by arrival. */
static int
cmp_file(const void *a, const void *b)
{
	const struct file *x = a, *y = b;
	int r = wire_fname_cmp(x->name, file_is_dir(x), y->name,
	    file_is_dir(y), proto_for_sort);

	if (r != 0)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorts the list; on the receiving side a name that comes twice keeps
 * one entry (a directory wins over a non-directory), the others are
 * marked FL_DUP and keep their slots so indexes stay aligned.
 */
static void
flist_sort(struct session *s, int receiver)
{
	struct flist *fl = &s->fl;

	proto_for_sort = s->proto;
	qsort(fl->f, fl->n, sizeof fl->f[0], cmp_file);
	if (!receiver)
		return;
	for (size_t i = 1; i < fl->n; i++) {
		struct file *p = &fl->f[i - 1], *f = &fl->f[i];

		if (strcmp(p->name, f->name) != 0)
			continue;
		if (file_is_dir(f) && !file_is_dir(p))
			p->flags |= FL_DUP;
		else
			f->flags |= FL_DUP;
	}
}

/* ---- the sender's side ---- */

/* full_fname(): a path in a message, made absolute with the current
 * directory as upstream shows it. */
const char *
full_fname(const char *path, char *buf, size_t cap)
{
	char cwd[4096];

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		snprintf(buf, cap, "%s", path);
	else if (strcmp(path, ".") == 0)
		snprintf(buf, cap, "%s", cwd);
	else
		snprintf(buf, cap, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", path);
	return buf;
}

const char *
file_src_path(struct session *s, const struct file *f, char *buf, size_t cap)
{
	const char *root = s->roots != NULL ? s->roots[f->root] : ".";
	char rel[8192];

	if (strcmp(root, ".") == 0)
		snprintf(rel, sizeof rel, "%s", f->name);
	else if (strcmp(f->name, ".") == 0)
		snprintf(rel, sizeof rel, "%s", root);
	else
		snprintf(rel, sizeof rel, "%s/%s", root, f->name);
	return full_fname(rel, buf, cap);
}

/* -c: the content digest of a regular file (file_checksum). */
static void
content_sum(struct session *s, const struct fs_root *r, struct file *f)
{
	struct csum_ctx c;
	static uint8_t buf[256 * 1024];
	long n;
	int fd;

	if (fs_open_read(r, f->name, &fd) != 0)
		return;		/* the transfer will report it */
	csum_content_init(&c, s->file_csum);
	while ((n = fs_read(fd, buf, sizeof buf)) > 0)
		csum_file_update(&c, buf, (size_t)n);
	csum_file_final(&c, f->sum);
	fs_close(fd);
}

/* Adds name (relative to root r) from its lstat; 0, or -1 if skipped. */
static int
add_local(struct session *s, const struct fs_root *r, int ri,
    const char *name, const struct stat *st, int top)
{
	struct options *o = s->o;
	struct file *f;
	char path[8192], target[WIRE_PATH_MAX];
	int rc;

	/* every type is listed; the receiver skips what it will not make */
	if (strlen(name) >= WIRE_PATH_MAX) {
		sess_error(s, 1, "rsync: [sender] skipping overly long name: %s\n",
		    name);
		s->io_error |= IOERR_GENERAL;
		return -1;
	}
	if (S_ISLNK(st->st_mode) && o->links) {
		rc = fs_readlink(r, name, target, sizeof target);
		if (rc != 0 || target[0] == 0) {
			snprintf(path, sizeof path, "%s/%s", s->roots[ri], name);
			sess_error(s, 1, "rsync: [sender] readlink_stat(\"%s\")"
			    " failed: %s (%d)\n", path, strerror(-rc), -rc);
			s->io_error |= IOERR_GENERAL;
			return -1;
		}
	}
	f = flist_push(s);
	f->name = xstrdup(s, name, strlen(name));
	f->mode = (uint32_t)st->st_mode;
	f->size = S_ISDIR(st->st_mode) || S_ISREG(st->st_mode) ?
	    (int64_t)st->st_size : 0;
	f->mtime = (int64_t)st->st_mtim.tv_sec;
	f->nsec = (uint32_t)st->st_mtim.tv_nsec;
	f->uid = (uint32_t)st->st_uid;
	f->gid = (uint32_t)st->st_gid;
	f->root = ri;
	if (top)
		f->flags |= FL_TOP_DIR;
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		f->rdev_major = major(st->st_rdev);
		f->rdev_minor = minor(st->st_rdev);
	}
	if (S_ISLNK(st->st_mode)) {
		if (!o->links)
			target[0] = 0;
		f->link = xstrdup(s, target, strlen(target));
		f->size = o->links ? (int64_t)strlen(target) : (int64_t)st->st_size;
	}
	if (S_ISREG(st->st_mode) && o->checksum)
		content_sum(s, r, f);
	if (S_ISREG(st->st_mode) || S_ISLNK(st->st_mode))
		s->st.total_size += f->size;
	return 0;
}

static void
io_err_path(struct session *s, int ri, const char *name, const char *what,
    int err)
{
	char path[8192];

	if (strcmp(s->roots[ri], ".") == 0)
		snprintf(path, sizeof path, "%s", name);
	else if (strcmp(name, ".") == 0)
		snprintf(path, sizeof path, "%s", s->roots[ri]);
	else
		snprintf(path, sizeof path, "%s/%s", s->roots[ri], name);
	{
		char full[8192];

		sess_error(s, 1, "rsync: [sender] %s \"%s\" failed: %s (%d)\n",
		    what, full_fname(path, full, sizeof full), strerror(err), err);
	}
	s->io_error |= IOERR_GENERAL;
}

/* The contents of directory name, depth first (send_directory). */
static void
walk(struct session *s, const struct fs_root *r, int ri, const char *name)
{
	struct fs_dir *d;
	const char *ent;
	char child[WIRE_PATH_MAX + 256];
	struct stat st;
	size_t first = s->fl.n;
	int rc;

	if ((rc = fs_opendir(r, name, &d)) != 0) {
		io_err_path(s, ri, name, "opendir", -rc);
		return;
	}
	while ((rc = fs_readdir(d, &ent)) == 1) {
		if (strcmp(name, ".") == 0)
			snprintf(child, sizeof child, "%s", ent);
		else
			snprintf(child, sizeof child, "%s/%s", name, ent);
		if ((rc = fs_lstat(r, child, &st)) != 0) {
			if (rc == -ENOENT) {
				s->io_error |= IOERR_VANISHED;
				continue;
			}
			io_err_path(s, ri, child, "link_stat", -rc);
			continue;
		}
		(void)add_local(s, r, ri, child, &st, 0);
	}
	if (rc < 0)
		io_err_path(s, ri, name, "readdir", -rc);
	fs_closedir(d);
	for (size_t i = first, n = s->fl.n; i < n; i++) {
		if (!file_is_dir(&s->fl.f[i]))
			continue;
		snprintf(child, sizeof child, "%s", s->fl.f[i].name);
		walk(s, r, ri, child);
	}
}

/* The root index for dir, opened once. */
static int
root_for(struct session *s, const char *dir, struct fs_root **roots)
{
	int i, rc;

	for (i = 0; i < s->nroots; i++)
		if (strcmp(s->roots[i], dir) == 0)
			return i;
	s->roots = realloc(s->roots, (size_t)(s->nroots + 1) * sizeof *s->roots);
	*roots = realloc(*roots, (size_t)(s->nroots + 1) * sizeof **roots);
	if (s->roots == NULL || *roots == NULL)
		sess_fatal(s, RERR_MALLOC, "flist.c(2200)", "out of memory\n");
	s->roots[s->nroots] = xstrdup(s, dir, strlen(dir));
	rc = fs_root_open(&(*roots)[s->nroots], dir, 0);
	if (rc != 0)
		(*roots)[s->nroots].dirfd = -1;
	return s->nroots++;
}

static struct fs_root *src_roots;

/* The source roots the sender opened (to read files to send). */
const struct fs_root *flist_root(int i);
const struct fs_root *
flist_root(int i)
{
	return &src_roots[i];
}

/*
 * One argument (send_file_list): "dir/" or "." sends "." and the
 * contents; "dir" sends "dir" and "dir/..."; "path/to/x" sends "x" from
 * the directory path/to.
 */
static void
add_arg(struct session *s, const char *arg)
{
	char dir[8192], base[WIRE_PATH_MAX];
	size_t n = strlen(arg);
	const char *slash;
	struct stat st;
	int ri, rc;

	if (n == 0)
		arg = ".", n = 1;
	if (arg[n - 1] == '/' || strcmp(arg, ".") == 0 ||
	    (n >= 2 && strcmp(arg + n - 2, "/.") == 0)) {
		snprintf(dir, sizeof dir, "%.*s", (int)n, arg);
		snprintf(base, sizeof base, ".");
	} else {
		slash = strrchr(arg, '/');
		if (slash == NULL) {
			snprintf(dir, sizeof dir, ".");
			snprintf(base, sizeof base, "%s", arg);
		} else {
			snprintf(dir, sizeof dir, "%.*s",
			    slash == arg ? 1 : (int)(slash - arg), arg);
			snprintf(base, sizeof base, "%s", slash + 1);
		}
		if (strcmp(base, "..") == 0) {
			/* ".." and "x/..": the directory's contents, as "dir/" */
			snprintf(dir, sizeof dir, "%s", arg);
			snprintf(base, sizeof base, ".");
		}
	}
	ri = root_for(s, dir, &src_roots);
	rc = src_roots[ri].dirfd < 0 ? -ENOENT :
	    fs_lstat(&src_roots[ri], base, &st);
	if (rc != 0) {
		char full[8192];

		sess_error(s, 1, "rsync: [sender] link_stat \"%s\" failed:"
		    " %s (%d)\n", full_fname(arg, full, sizeof full), strerror(-rc),
		    -rc);
		s->io_error |= IOERR_GENERAL;
		return;
	}
	if (S_ISDIR(st.st_mode) && !s->o->recurse) {
		sess_info(s, "skipping directory %s\n", base);
		return;
	}
	if (add_local(s, &src_roots[ri], ri, base, &st, 1) != 0)
		return;
	if (S_ISDIR(st.st_mode))
		walk(s, &src_roots[ri], ri, base);
}

/* ---- the wire ---- */

static void
to_entry(const struct file *f, struct wire_fentry *e)
{
	memset(e, 0, offsetof(struct wire_fentry, name));
	e->namelen = strlen(f->name);
	memcpy(e->name, f->name, e->namelen + 1);
	e->size = f->size;
	e->mtime = f->mtime;
	e->nsec = f->nsec;
	e->mode = f->mode;
	e->uid = f->uid;
	e->gid = f->gid;
	e->rdev_major = f->rdev_major;
	e->rdev_minor = f->rdev_minor;
	e->linklen = f->link != NULL ? strlen(f->link) : 0;
	if (f->link != NULL)
		memcpy(e->link, f->link, e->linklen + 1);
	else
		e->link[0] = 0;
	memcpy(e->sum, f->sum, sizeof e->sum);
}

/* The id -> name pairs of the ids the list uses (uidlist.c). */
static void
send_ids(struct session *s, int gids)
{
	uint32_t *seen = NULL;
	size_t nseen = 0;

	for (size_t i = 0; i < s->fl.n; i++) {
		uint32_t id = gids ? s->fl.f[i].gid : s->fl.f[i].uid;
		const char *name = NULL;
		size_t k;

		if (id == 0)
			continue;
		for (k = 0; k < nseen && seen[k] != id; k++)
			;
		if (k < nseen)
			continue;
		seen = realloc(seen, (nseen + 1) * sizeof *seen);
		if (seen == NULL)
			sess_fatal(s, RERR_MALLOC, "uidlist.c(400)", "out of memory\n");
		seen[nseen++] = id;
		if (gids) {
			struct group *g = getgrgid((gid_t)id);

			name = g != NULL ? g->gr_name : NULL;
		} else {
			struct passwd *p = getpwuid((uid_t)id);

			name = p != NULL ? p->pw_name : NULL;
		}
		if (name == NULL)
			continue;
		k = strlen(name);
		if (k > 255)
			k = 255;
		wr_varint30(s, (int32_t)id);
		wr_byte(s, (uint8_t)k);
		wr_bytes(s, (const uint8_t *)name, k);
	}
	free(seen);
	wr_varint30(s, 0);
	if (s->id0_names) {
		const char *name0;

		if (gids) {
			struct group *g = getgrgid(0);

			name0 = g != NULL ? g->gr_name : "";
		} else {
			struct passwd *p = getpwuid(0);

			name0 = p != NULL ? p->pw_name : "";
		}
		wr_byte(s, (uint8_t)strlen(name0));
		wr_bytes(s, (const uint8_t *)name0, strlen(name0));
	}
}

void
flist_send(struct session *s)
{
	static uint8_t buf[3 * WIRE_PATH_MAX];
	static struct wire_fentry e;
	struct wire_flist_prev prev;
	int64_t t0 = now_ms(), t1;
	uint64_t w0 = s->mux->data_out;
	int i;

	if (s->o->npaths == 0 && s->am_server)
		add_arg(s, ".");
	for (i = 0; i < s->o->npaths; i++)
		add_arg(s, s->o->paths[i]);
	t1 = now_ms();
	/* flist.c: never 0, or an upstream client leaves the line out */
	s->st.flist_buildtime = t1 - t0 > 0 ? t1 - t0 : 1;
	wire_flist_prev_init(&prev);
	for (size_t k = 0; k < s->fl.n; k++) {
		struct file *f = &s->fl.f[k];
		size_t pos = 0;

		to_entry(f, &e);
		if (wire_put_fentry(buf, sizeof buf, &pos, &s->fcfg, &prev, &e,
		    (f->flags & FL_TOP_DIR) != 0) != 0)
			sess_fatal(s, RERR_PROTOCOL, "flist.c(600)",
			    "rsync: cannot encode file-list entry %s\n", f->name);
		wr_bytes(s, buf, pos);
	}
	{
		size_t pos = 0;
		int32_t ioe = s->safe_flist ? s->io_error : 0;

		if (wire_put_flist_end(buf, sizeof buf, &pos, &s->fcfg, ioe) != 0)
			sess_fatal(s, RERR_PROTOCOL, "flist.c(2400)",
			    "rsync: cannot encode the end of the file list\n");
		wr_bytes(s, buf, pos);
	}
	if (!s->o->numeric_ids) {
		if (s->o->owner)
			send_ids(s, 0);
		if (s->o->group)
			send_ids(s, 1);
	}
	if (s->proto < 30)
		wr_int(s, s->io_error);
	else if (s->io_error != 0 && !s->safe_flist) {
		uint8_t b[4] = { (uint8_t)s->io_error, 0, 0, 0 };

		(void)mux_msg(s->mux, MSG_IO_ERROR, b, 4);
	}
	wr_flush(s);
	s->st.flist_xfertime = now_ms() - t1;
	s->st.flist_size = (int64_t)(s->mux->data_out - w0);
	s->st.num_files = (int)s->fl.n;
	flist_sort(s, 0);
}

/* ---- the receiver's side ---- */

struct idmap {
	uint32_t	from;
	uint32_t	to;
};

static struct idmap *uidmap, *gidmap;
static size_t nuidmap, ngidmap;

/* One id list: the names the sender gave, mapped to our ids by name. */
static void
recv_ids(struct session *s, int gids)
{
	char name[256];
	struct idmap **map = gids ? &gidmap : &uidmap;
	size_t *n = gids ? &ngidmap : &nuidmap;

	for (;;) {
		int32_t id = rd_varint30(s);
		uint8_t len;

		if (id == 0)
			break;
		len = rd_byte(s);
		rd_bytes(s, (uint8_t *)name, len);
		name[len] = 0;
		if (gids) {
			struct group *g = getgrnam(name);

			if (g == NULL)
				continue;
			*map = realloc(*map, (*n + 1) * sizeof **map);
			if (*map == NULL)
				sess_fatal(s, RERR_MALLOC, "uidlist.c(300)", "out of memory\n");
			(*map)[*n].from = (uint32_t)id;
			(*map)[(*n)++].to = (uint32_t)g->gr_gid;
		} else {
			struct passwd *p = getpwnam(name);

			if (p == NULL)
				continue;
			*map = realloc(*map, (*n + 1) * sizeof **map);
			if (*map == NULL)
				sess_fatal(s, RERR_MALLOC, "uidlist.c(300)", "out of memory\n");
			(*map)[*n].from = (uint32_t)id;
			(*map)[(*n)++].to = (uint32_t)p->pw_uid;
		}
	}
	if (s->id0_names) {
		uint8_t len = rd_byte(s);

		rd_bytes(s, (uint8_t *)name, len);
	}
}

static uint32_t
map_id(const struct idmap *m, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].from == id)
			return m[i].to;
	return id;
}

/* What was wrong with an entry, in upstream's words where it has them. */
static void __attribute__((noreturn))
bad_entry(struct session *s, int why)
{
	switch (why) {
	case WIRE_FE_NAMELEN:
		sess_fatal(s, RERR_MALLOC, "flist.c(760)",
		    "overflow: file-list name of %d bytes or more [%s]\n",
		    WIRE_PATH_MAX, s->who);
	case WIRE_FE_LINKLEN:
		sess_fatal(s, RERR_MALLOC, "flist.c(1020)",
		    "overflow: symlink target of length 0 or %d bytes or more"
		    " [%s]\n", WIRE_PATH_MAX, s->who);
	case WIRE_FE_EMPTY:
		if (!s->am_server)
			sess_fatal(s, RERR_UNSUPPORTED, "flist.c(1145)",
			    "ERROR: rejecting unrequested file-list name: \n");
		sess_fatal(s, RERR_PROTOCOL, "flist.c(1075)",
		    "rsync: [%s] empty name in the file list\n", s->who);
	case WIRE_FE_NUL:
		sess_fatal(s, RERR_UNSUPPORTED, "flist.c(1080)",
		    "ABORTING due to unsafe pathname from sender: a name or"
		    " link target with a NUL byte\n");
	case WIRE_FE_SIZE:
		sess_fatal(s, RERR_UNSUPPORTED, "flist.c(890)",
		    "Offset underflow: file-length is negative\n");
	case WIRE_FE_MODE:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(870)",
		    "invalid file mode in the file list [%s]\n", s->who);
	case WIRE_FE_ROOT:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(1100)",
		    "ERROR: rejecting non-directory transfer-root entry: .\n");
	case WIRE_FE_HLINK:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(1050)",
		    "rsync: [%s] hard-link data in the file list, which was not"
		    " asked for (no -H)\n", s->who);
	case WIRE_FE_PREFIX:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(760)",
		    "rsync: [%s] file-list name shares more bytes with the"
		    " previous name than it has\n", s->who);
	case WIRE_FE_IDNAME:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(930)",
		    "rsync: [%s] inline user/group names without incremental"
		    " recursion\n", s->who);
	case WIRE_FE_FLAGS:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(2963)",
		    "Invalid flist flag in the file list [%s]\n", s->who);
	default:
		sess_fatal(s, RERR_PROTOCOL, "flist.c(1075)",
		    "rsync: [%s] invalid file-list entry\n", s->who);
	}
}

/* Reads one item of the list: 0 an entry, 1 the end (io_error set). */
static int
read_entry(struct session *s, struct wire_flist_prev *prev,
    struct wire_fentry *e, int32_t *ioe)
{
	for (;;) {
		struct wire_flist_prev p = *prev;
		size_t pos = 0;
		int why = 0;
		int r = wire_get_fentry_why(mux_data(s->mux), mux_len(s->mux),
		    &pos, &s->fcfg, &p, e, ioe, &why);

		if (r >= 0) {
			mux_consume(s->mux, pos);
			*prev = p;
			return r;
		}
		if (r != WIRE_ESHORT)
			bad_entry(s, why);
		if (mux_more(s->mux) != 0)
			sess_io_fatal(s);
	}
}

/*
 * A pulling client accepts only names under what it asked for
 * (exclude.c add_implied_include, flist.c recv_file_entry): for each
 * remote path its last component ("" for "dir/" or "."), the name
 * itself (a wildcard matches as a pattern) and, with -r, everything
 * below it.  "." is always accepted.  1 if name may come.
 */
static int
requested(const struct session *s, const char *name)
{
	const char *slash = strchr(name, '/');
	size_t first = slash != NULL ? (size_t)(slash - name) : strlen(name);
	char head[WIRE_PATH_MAX];

	if (s->implied == NULL || strcmp(name, ".") == 0)
		return 1;
	memcpy(head, name, first);
	head[first] = 0;
	for (int i = 0; i < s->nimplied; i++) {
		const char *base = s->implied[i];
		int wild = strpbrk(base, "*?[") != NULL;

		if (*base == 0)
			return s->o->recurse || slash == NULL;
		if (slash == NULL ? (wild ? fnmatch(base, name, 0) == 0 :
		    strcmp(base, name) == 0) :
		    s->o->recurse && (wild ? fnmatch(base, head, 0) == 0 :
		    strcmp(base, head) == 0))
			return 1;
	}
	return 0;
}

void
flist_recv(struct session *s)
{
	static struct wire_fentry e;
	struct wire_flist_prev prev;
	int32_t ioe = 0;
	uint64_t r0 = s->mux->data_in;

	wire_flist_prev_init(&prev);
	while (read_entry(s, &prev, &e, &ioe) == 0) {
		struct file *f;

		if (!wire_name_safe(e.name, e.namelen))
			sess_fatal(s, RERR_UNSUPPORTED, "flist.c(1080)",
			    "ABORTING due to unsafe pathname from sender: %s\n",
			    e.name);
		if (!requested(s, e.name))
			sess_fatal(s, RERR_UNSUPPORTED, "flist.c(1145)",
			    "ERROR: rejecting unrequested file-list name: %s\n",
			    e.name);
		if (strcmp(e.name, ".") == 0 && !S_ISDIR(e.mode))
			sess_fatal(s, RERR_PROTOCOL, "flist.c(1090)",
			    "rsync: [%s] \".\" is not a directory in the file"
			    " list\n", s->who);
		f = flist_push(s);
		f->name = xstrdup(s, e.name, e.namelen);
		if (S_ISLNK(e.mode))
			f->link = xstrdup(s, e.link, e.linklen);
		f->size = e.size;
		f->mtime = e.mtime;
		f->nsec = e.nsec;
		f->mode = e.mode;
		f->uid = e.uid;
		f->gid = e.gid;
		f->rdev_major = e.rdev_major;
		f->rdev_minor = e.rdev_minor;
		if (e.xflags & XMIT_TOP_DIR && S_ISDIR(e.mode))
			f->flags |= FL_TOP_DIR;
		memcpy(f->sum, e.sum, sizeof f->sum);
		if (S_ISREG(e.mode) || S_ISLNK(e.mode))
			s->st.total_size += e.size;
	}
	s->io_error |= ioe & (IOERR_GENERAL | IOERR_VANISHED | IOERR_DEL_LIMIT);
	if (!s->o->numeric_ids) {
		if (s->o->owner)
			recv_ids(s, 0);
		if (s->o->group)
			recv_ids(s, 1);
	}
	if (s->proto < 30)
		s->io_error |= rd_int(s) & (IOERR_GENERAL | IOERR_VANISHED |
		    IOERR_DEL_LIMIT);
	for (size_t i = 0; i < s->fl.n; i++) {
		s->fl.f[i].uid = map_id(uidmap, nuidmap, s->fl.f[i].uid);
		s->fl.f[i].gid = map_id(gidmap, ngidmap, s->fl.f[i].gid);
	}
	s->st.flist_size = (int64_t)(s->mux->data_in - r0);
	s->st.num_files = (int)s->fl.n;
	flist_sort(s, 1);
}
