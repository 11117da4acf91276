/*
 * test_wire_flist.c: the file-list entry codec (src/wire/flist.c) against
 * file lists upstream rsync 3.5.0 wrote (tests/vectors/capture.sh).
 *
 * Every list below is demultiplexed from the s2c of a pull, decoded whole
 * (entries, end marker, id lists, proto < 30 io_error) with the cfg the
 * capture's command line and compat flags give, checked against what
 * capture.sh created, and re-encoded with a fresh writer state: the bytes
 * must be upstream's exactly.  Every entry is also cut at every byte
 * (WIRE_ESHORT, nothing touched) and encoded into every too-small buffer
 * (WIRE_ENOSPC, nothing written).
 */
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/flist.h"

#define CF_SAFE_FLIST		0x08
#define CF_VARINT_FLIST_FLAGS	0x80
#define CF_ID0_NAMES		0x100

#define M_REG	0100000u
#define M_DIR	0040000u
#define M_LNK	0120000u
#define M_CHR	0020000u
#define M_BLK	0060000u
#define M_FIFO	0010000u

#define T0	1727046066	/* capture.sh: mtime of everything not under test */

struct opts {
	int	uid, gid, links, devices, specials, csum_len;
	int	names;		/* not --numeric-ids: id lists follow */
};

struct idname {
	uint32_t	id;
	size_t		namelen;
	char		name[256];
};

struct list {
	struct cap		c;
	struct dstream		s;
	struct wire_flist_cfg	cfg;
	size_t			n;
	struct wire_fentry	*e;
	struct wire_flist_prev	*before;	/* reader state before entry i */
	size_t			*start, *end;
	size_t			end_start, end_end;	/* the end marker */
	int32_t			io_error;
	struct idname		ids[2][8];	/* uid, gid lists; last = terminator */
	size_t			nids[2];
	size_t			ids_start, ids_end;
};

static void
list_load(struct list *L, const char *name, int proto, const struct opts *o)
{
	struct wire_flist_prev prev;
	int32_t ver, compat, seed;
	size_t start, pos, cap = 0;
	int r, k;

	memset(L, 0, sizeof(*L));
	cap_load(&L->c, name);
	start = cap_mplex_start(&L->c, 1, proto, &ver, &compat, &seed);
	cap_demux(&L->c, start, &L->s);
	L->cfg.proto = proto;
	L->cfg.varint_flags = (compat & CF_VARINT_FLIST_FLAGS) != 0;
	L->cfg.safe_flist = (compat & CF_SAFE_FLIST) != 0 || proto >= 31;
	L->cfg.id0_names = (compat & CF_ID0_NAMES) != 0;
	L->cfg.uid = o->uid;
	L->cfg.gid = o->gid;
	L->cfg.links = o->links;
	L->cfg.devices = o->devices;
	L->cfg.specials = o->specials;
	L->cfg.csum_len = o->csum_len;
	wire_flist_prev_init(&prev);
	pos = 0;
	for (;;) {
		int32_t ioe = -7;

		if (L->n == cap) {
			cap = cap ? 2 * cap : 16;
			L->e = realloc(L->e, cap * sizeof(*L->e));
			L->before = realloc(L->before, cap * sizeof(*L->before));
			L->start = realloc(L->start, cap * sizeof(size_t));
			L->end = realloc(L->end, cap * sizeof(size_t));
			assert_non_null(L->e);
			assert_non_null(L->before);
			assert_non_null(L->start);
			assert_non_null(L->end);
		}
		L->before[L->n] = prev;
		L->start[L->n] = pos;
		r = wire_get_fentry(L->s.d, L->s.n, &pos, &L->cfg, &prev,
		    &L->e[L->n], &ioe);
		if (r != 0 && r != 1)
			fail_msg("%s: entry %zu at data offset %zu: %s", name,
			    L->n, L->start[L->n], wire_strerror(r));
		if (r == 1) {
			L->end_start = L->start[L->n];
			L->end_end = pos;
			L->io_error = ioe;
			break;
		}
		L->end[L->n] = pos;
		L->n++;
	}
	/* The id lists, when not --numeric-ids. */
	L->ids_start = pos;
	for (k = 0; k < 2; k++) {
		if (!(k == 0 ? o->uid : o->gid) || !o->names)
			continue;
		do {
			struct idname *in = &L->ids[k][L->nids[k]];

			assert_true(L->nids[k] < 8);
			r = wire_get_idname(L->s.d, L->s.n, &pos, &L->cfg,
			    &in->id, in->name, &in->namelen);
			assert_true(r == 0 || r == 1);
			L->nids[k]++;
		} while (r == 0);
	}
	L->ids_end = pos;
}

static void
list_free(struct list *L)
{
	free(L->e);
	free(L->before);
	free(L->start);
	free(L->end);
	dstream_free(&L->s);
	cap_free(&L->c);
}

static const struct wire_fentry *
find(const struct list *L, const char *name)
{
	size_t i;

	for (i = 0; i < L->n; i++)
		if (strcmp(L->e[i].name, name) == 0)
			return &L->e[i];
	fail_msg("%s: no entry %s", L->c.name, name);
	return NULL;
}

static int
dirflags_of(const struct wire_fentry *e, int proto)
{
	if ((e->mode & 0170000u) != M_DIR)
		return 0;
	if (proto >= 30 && (e->xflags & XMIT_NO_CONTENT_DIR))
		return (e->xflags & XMIT_TOP_DIR) ? WIRE_DIR_IMPLIED :
		    WIRE_DIR_NO_CONTENT;
	return (e->xflags & XMIT_TOP_DIR) ? WIRE_DIR_TOP : 0;
}

/* Field by field: struct copies need not carry the padding. */
static void
prev_eq(const struct wire_flist_prev *a, const struct wire_flist_prev *b)
{
	assert_int_equal(a->mode, b->mode);
	assert_int_equal(a->mtime, b->mtime);
	assert_int_equal(a->uid, b->uid);
	assert_int_equal(a->gid, b->gid);
	assert_int_equal(a->rdev_major, b->rdev_major);
	assert_int_equal(a->rdev, b->rdev);
	assert_int_equal(a->namelen, b->namelen);
	assert_memory_equal(a->name, b->name, sizeof(a->name));
	assert_int_equal(a->first, b->first);
}

static uint8_t obuf[3 * WIRE_PATH_MAX];
static uint8_t obuf2[3 * WIRE_PATH_MAX];

/*
 * Re-encodes the whole list with a fresh writer state and compares with
 * upstream's bytes; for each entry also every too-small buffer.
 */
static void
list_reencode(const struct list *L, int enospc)
{
	struct wire_flist_prev prev, snap;
	size_t i, k, n, pos;
	int j;

	wire_flist_prev_init(&prev);
	for (i = 0; i < L->n; i++) {
		const struct wire_fentry *e = &L->e[i];
		int df = dirflags_of(e, L->cfg.proto);

		snap = prev;
		n = L->end[i] - L->start[i];
		pos = 0;
		assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos,
		    &L->cfg, &prev, e, df), 0);
		if (pos != n || memcmp(obuf, L->s.d + L->start[i], n) != 0)
			fail_msg("%s: entry %zu (%s) re-encodes differently "
			    "(%zu bytes, upstream %zu)", L->c.name, i, e->name,
			    pos, n);
		if (!enospc)
			continue;
		for (k = 0; k < n; k++) {
			struct wire_flist_prev w = snap;

			memset(obuf2, 0x5A, n + 1);
			pos = 1;
			assert_int_equal(wire_put_fentry(obuf2, 1 + k, &pos,
			    &L->cfg, &w, e, df), WIRE_ENOSPC);
			assert_int_equal(pos, 1);
			prev_eq(&w, &snap);
			for (j = 0; j < (int)n + 1; j++)
				assert_int_equal(obuf2[j], 0x5A);
		}
	}
	pos = 0;
	assert_int_equal(wire_put_flist_end(obuf, sizeof(obuf), &pos, &L->cfg,
	    L->io_error), 0);
	assert_int_equal(pos, L->end_end - L->end_start);
	assert_memory_equal(obuf, L->s.d + L->end_start, pos);
}

/* Every entry cut at every byte: WIRE_ESHORT and nothing touched. */
static void
list_truncate(const struct list *L)
{
	static struct wire_fentry out, pat;
	struct wire_flist_prev prev;
	size_t i, k, pos;
	int32_t ioe;

	memset(&pat, 0xA5, sizeof(pat));
	for (i = 0; i <= L->n; i++) {
		size_t s = i < L->n ? L->start[i] : L->end_start;
		size_t e = i < L->n ? L->end[i] : L->end_end;

		for (k = s; k < e; k++) {
			prev = L->before[i];
			memcpy(&out, &pat, sizeof(out));
			ioe = 12345;
			pos = s;
			assert_int_equal(wire_get_fentry(L->s.d, k, &pos,
			    &L->cfg, &prev, &out, &ioe), WIRE_ESHORT);
			assert_int_equal(pos, s);
			prev_eq(&prev, &L->before[i]);
			assert_memory_equal(&out, &pat, sizeof(out));
			assert_int_equal(ioe, 12345);
		}
	}
}

/* ---- ids, sizes, times ---------------------------------------------- */

static void
check_common(const struct list *L, size_t nfiles, char prefix)
{
	const struct wire_fentry *dot = &L->e[0];
	size_t i;

	assert_int_equal(L->n, nfiles + 1);
	assert_string_equal(dot->name, ".");
	assert_int_equal(dot->mode, M_DIR | 0755);
	assert_true(dot->xflags & XMIT_TOP_DIR);
	for (i = 1; i < L->n; i++) {
		assert_int_equal(L->e[i].name[0], prefix);
		assert_int_equal(L->e[i].namelen, 17 - (prefix == 'u') * 8);
		assert_int_equal(L->e[i].mode, M_REG | 0644);
	}
	assert_int_equal(L->io_error, 0);
}

static void
test_ids(void **state)
{
	static const struct opts o = { 1, 1, 0, 0, 0, 0, 0 };
	static const int protos[] = { 32, 29 };
	struct list L;
	size_t i, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		char name[32];

		snprintf(name, sizeof(name), "ids-p%d.s2c", protos[k]);
		list_load(&L, name, protos[k], &o);
		check_common(&L, 18, 'u');
		assert_int_equal(L.e[0].uid, 4242);
		assert_int_equal(L.e[0].gid, 4242);
		for (i = 1; i < L.n; i++) {
			uint32_t v = (uint32_t)strtoul(L.e[i].name + 1, NULL, 16);

			assert_int_equal(L.e[i].uid, v);
			assert_int_equal(L.e[i].gid, v);
			assert_int_equal(L.e[i].size, 0);
			assert_int_equal(L.e[i].mtime, T0);
		}
		list_reencode(&L, 1);
		list_truncate(&L);
		list_free(&L);
	}
}

static void
test_sizes(void **state)
{
	static const struct opts o = { 0, 0, 0, 0, 0, 0, 0 };
	static const int protos[] = { 32, 29, 27 };
	struct list L;
	size_t i, k;

	(void)state;
	for (k = 0; k < 3; k++) {
		char name[32];

		snprintf(name, sizeof(name), "sizes-p%d.s2c", protos[k]);
		list_load(&L, name, protos[k], &o);
		check_common(&L, 33, 's');
		for (i = 1; i < L.n; i++) {
			int64_t v = (int64_t)strtoull(L.e[i].name + 1, NULL, 16);

			assert_int_equal(L.e[i].size, v);
			assert_int_equal(L.e[i].mtime, T0);
		}
		list_reencode(&L, 1);
		list_truncate(&L);
		list_free(&L);
	}
}

static void
test_times(void **state)
{
	static const struct opts o = { 0, 0, 0, 0, 0, 0, 0 };
	static const int protos[] = { 32, 29 };
	struct list L;
	size_t i, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		char name[32];

		snprintf(name, sizeof(name), "times-p%d.s2c", protos[k]);
		list_load(&L, name, protos[k], &o);
		check_common(&L, 20, 't');
		for (i = 1; i < L.n; i++) {
			uint64_t v = strtoull(L.e[i].name + 1, NULL, 16);
			int64_t want = protos[k] >= 30 ? (int64_t)v :
			    (int64_t)(v & 0xFFFFFFFFu);

			assert_int_equal(L.e[i].mtime, want);
			assert_int_equal(L.e[i].nsec, 0);
			/* The sender compares whole mtimes (XMIT_SAME_TIME)
			 * and sends the low 32 bits: re-encode the real
			 * ones. */
			L.e[i].mtime = (int64_t)v;
		}
		list_reencode(&L, 1);
		list_truncate(&L);
		list_free(&L);
	}
}

/* ---- flist-pNN: every entry type, -l -D -o -g -c, id lists --------- */

static void
test_flist_types(void **state)
{
	static const struct opts o = { 1, 1, 1, 1, 1, 16, 1 };
	const struct wire_fentry *e;
	struct list L;
	int proto;

	(void)state;
	for (proto = 27; proto <= 32; proto++) {
		char name[32], lp[560];
		size_t i, k;

		snprintf(name, sizeof(name), "flist-p%d.s2c", proto);
		list_load(&L, name, proto, &o);
		assert_int_equal(L.cfg.varint_flags, proto >= 30);
		assert_int_equal(L.cfg.id0_names, proto >= 30);
		assert_int_equal(L.n, 13);
		e = find(&L, ".");
		assert_int_equal(e->mode, M_DIR | 0755);
		assert_int_equal(e->uid, 4242);
		e = find(&L, "file");
		assert_int_equal(e->mode, M_REG | 0644);
		assert_int_equal(e->size, 6);
		assert_int_equal(e->mtime, T0);
		assert_int_equal(e->nsec, proto >= 31 ? 123456789 : 0);
		assert_int_equal(!!(e->xflags & XMIT_MOD_NSEC), proto >= 31);
		assert_int_equal(e->uid, 0);
		assert_int_equal(e->gid, 0);
		for (k = 0; k < 16 && e->sum[k] == 0; k++)
			;
		assert_true(k < 16);
		e = find(&L, "link");
		assert_int_equal(e->mode, M_LNK | 0777);
		assert_string_equal(e->link, "file");
		assert_int_equal(e->linklen, 4);
		assert_int_equal(e->size, 4);
		assert_int_equal(e->uid, 1);
		e = find(&L, "dangle");
		assert_int_equal(e->linklen, 300);
		for (k = 0; k < 300; k++)
			assert_int_equal(e->link[k], 'T');
		e = find(&L, "fifo");
		assert_int_equal(e->mode, M_FIFO | 0644);
		assert_int_equal(e->size, 0);
		e = find(&L, "cdev");
		assert_int_equal(e->mode, M_CHR | 0644);
		assert_int_equal(e->rdev_major, 1);
		assert_int_equal(e->rdev_minor, 3);
		assert_int_equal(e->uid, 2);
		e = find(&L, "cdev2");
		assert_int_equal(e->rdev_major, 1);
		assert_int_equal(e->rdev_minor, 5);
		e = find(&L, "bdev");
		assert_int_equal(e->mode, M_BLK | 0644);
		assert_int_equal(e->rdev_major, 259);
		assert_int_equal(e->rdev_minor, 300);
		if (proto >= 28 && proto < 30)
			assert_false(e->xflags & XMIT_RDEV_MINOR_8_pre30);
		e = find(&L, "sub");
		assert_int_equal(e->mode, M_DIR | 0755);
		e = find(&L, "sub/a");
		assert_int_equal(e->size, 0);
		/* D(150)/E(150)/F(250): the suffix after 255 bytes is 296 */
		memset(lp, 'D', 150);
		lp[150] = '/';
		memset(lp + 151, 'E', 150);
		lp[301] = '/';
		memset(lp + 302, 'F', 250);
		lp[552] = '\0';
		e = find(&L, lp);
		assert_true(e->xflags & XMIT_LONG_NAME);
		assert_true(e->xflags & XMIT_SAME_NAME);
		/* every name is one a receiver may use */
		for (i = 0; i < L.n; i++)
			assert_int_equal(wire_name_safe(L.e[i].name,
			    L.e[i].namelen), 1);
		/* -c at proto 27: a (zero) checksum on every entry */
		assert_int_equal(L.io_error, 0);

		/* The id lists: 1 daemon and 2 bin (0 is never listed, 4242
		 * has no name), then 0's name from CF_ID0_NAMES. */
		for (k = 0; k < 2; k++) {
			const struct idname *in = L.ids[k];
			size_t cnt = L.nids[k];

			assert_int_equal(cnt, 3);
			for (i = 0; i + 1 < cnt; i++) {
				assert_int_equal(in[i].id, i + 1);
				assert_string_equal(in[i].name,
				    i == 0 ? "daemon" : "bin");
			}
			assert_int_equal(in[cnt - 1].id, 0);
			assert_string_equal(in[cnt - 1].name,
			    proto >= 30 ? "root" : "");
		}
		{
			size_t pos = 0;

			for (k = 0; k < 2; k++) {
				for (i = 0; i + 1 < L.nids[k]; i++)
					assert_int_equal(wire_put_idname(obuf,
					    sizeof(obuf), &pos, &L.cfg,
					    L.ids[k][i].id, L.ids[k][i].name,
					    L.ids[k][i].namelen), 0);
				assert_int_equal(wire_put_idlist_end(obuf,
				    sizeof(obuf), &pos, &L.cfg,
				    L.ids[k][i].name, L.ids[k][i].namelen), 0);
			}
			assert_int_equal(pos, L.ids_end - L.ids_start);
			assert_memory_equal(obuf, L.s.d + L.ids_start, pos);
			/* and each item cut short */
			for (k = L.ids_start; k < L.ids_end; k++) {
				size_t p2 = L.ids_start, nl = 77;
				uint32_t id = 77;
				char nm[256];
				int r;

				r = wire_get_idname(L.s.d, k, &p2, &L.cfg, &id,
				    nm, &nl);
				if (r == WIRE_ESHORT) {
					assert_int_equal(p2, L.ids_start);
					assert_int_equal(id, 77);
					assert_int_equal(nl, 77);
				} else
					assert_true(p2 <= k);
			}
		}
		if (proto < 30) {	/* int32 io_error after the id lists */
			int32_t v;
			size_t p2 = L.ids_end;

			assert_int_equal(wire_get_int32(L.s.d, L.s.n, &p2, &v),
			    0);
			assert_int_equal(v, 0);
		}
		list_reencode(&L, 1);
		list_truncate(&L);
		list_free(&L);
	}
}

/* -d without -r: "D" and "sub" are sent as no-content dirs from 30. */
static void
test_dirs(void **state)
{
	static const struct opts o = { 0, 0, 0, 0, 0, 0, 0 };
	static const int protos[] = { 32, 29 };
	const struct wire_fentry *e;
	struct list L;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		char name[32], d[151];

		snprintf(name, sizeof(name), "dirs-p%d.s2c", protos[k]);
		list_load(&L, name, protos[k], &o);
		e = find(&L, ".");
		assert_int_equal(e->xflags & (XMIT_TOP_DIR |
		    (protos[k] >= 30 ? XMIT_NO_CONTENT_DIR : 0)), XMIT_TOP_DIR);
		memset(d, 'D', 150);
		d[150] = '\0';
		e = find(&L, d);
		assert_int_equal(dirflags_of(e, protos[k]),
		    protos[k] >= 30 ? WIRE_DIR_NO_CONTENT : 0);
		e = find(&L, "sub");
		assert_int_equal(dirflags_of(e, protos[k]),
		    protos[k] >= 30 ? WIRE_DIR_NO_CONTENT : 0);
		list_reencode(&L, 1);
		list_truncate(&L);
		list_free(&L);
	}
}

/* The small lists of the mplex captures: protocols 27..32, -r -t. */
static void
test_mplex_lists(void **state)
{
	static const struct opts o = { 0, 0, 0, 0, 0, 0, 0 };
	struct list L;
	int proto;

	(void)state;
	for (proto = 27; proto <= 32; proto++) {
		char name[32];

		snprintf(name, sizeof(name), "mplex-p%d.s2c", proto);
		list_load(&L, name, proto, &o);
		/* the sender sends the symlink without -l too (the
		 * receiver skips it); no target then */
		assert_int_equal(L.n, 4);
		assert_int_equal(find(&L, ".")->mode, M_DIR | 0755);
		assert_int_equal(find(&L, "f1")->size, 6);
		assert_int_equal(find(&L, "f2")->size, 1892);
		assert_int_equal(find(&L, "link")->mode, M_LNK | 0777);
		assert_int_equal(find(&L, "link")->size, 2);
		assert_int_equal(find(&L, "link")->linklen, 0);
		list_reencode(&L, 1);
		list_truncate(&L);
		list_free(&L);
	}
}

/* hlink-p32 (-H): upstream's hard-link entries are refused. */
static void
test_hlink_refused(void **state)
{
	static struct wire_fentry out;
	struct wire_flist_prev prev, snap;
	struct wire_flist_cfg cfg;
	struct dstream s;
	struct cap c;
	int32_t ver, compat, seed, ioe;
	size_t pos = 0, at;
	int r, refused = 0;

	(void)state;
	cap_load(&c, "hlink-p32.s2c");
	cap_demux(&c, cap_mplex_start(&c, 1, 32, &ver, &compat, &seed), &s);
	memset(&cfg, 0, sizeof(cfg));
	cfg.proto = 32;
	cfg.varint_flags = (compat & CF_VARINT_FLIST_FLAGS) != 0;
	cfg.safe_flist = 1;
	wire_flist_prev_init(&prev);
	do {
		snap = prev;
		at = pos;
		r = wire_get_fentry(s.d, s.n, &pos, &cfg, &prev, &out, &ioe);
	} while (r == 0);
	if (r == WIRE_ERANGE) {
		int32_t fl;
		size_t p2 = at;

		assert_int_equal(pos, at);
		prev_eq(&prev, &snap);
		assert_int_equal(wire_get_varint(s.d, s.n, &p2, &fl), 0);
		assert_true(fl & XMIT_HLINKED);
		refused = 1;
	}
	assert_true(refused);
	dstream_free(&s);
	cap_free(&c);
}

/* ---- sort order --------------------------------------------------------- */

struct sname {
	const char	*name;
	int		dir;
};

static int sort_proto;

static int
sname_cmp(const void *a, const void *b)
{
	const struct sname *x = a, *y = b;

	return wire_fname_cmp(x->name, x->dir, y->name, y->dir, sort_proto);
}

static void
check_order(const char *const *names, size_t n, int proto)
{
	struct sname v[16];
	size_t i, j;
	char buf[16][16];

	assert_true(n <= 16);
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]);

		snprintf(buf[i], sizeof(buf[i]), "%s", names[i]);
		v[i].dir = l > 0 && names[i][l - 1] == '/';
		if (v[i].dir)
			buf[i][l - 1] = '\0';
		v[i].name = buf[i];
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int c = wire_fname_cmp(v[i].name, v[i].dir, v[j].name,
			    v[j].dir, proto);

			if ((i < j && c >= 0) || (i > j && c <= 0) ||
			    (i == j && c != 0))
				fail_msg("proto %d: %s%s vs %s%s gives %d", proto,
				    v[i].name, v[i].dir ? "/" : "", v[j].name,
				    v[j].dir ? "/" : "", c);
		}
}

static void
test_fname_cmp_examples(void **state)
{
	/* rsync-protocol-notes.md 6.5 */
	static const char *const p29[] = { "./", "Z", "a-b", "a.txt", "b.txt",
	    "a/", "a/x", "a/x.d/", "a/y/", "a/y/z", "b/", "b/c" };
	static const char *const p28[] = { "./", "Z", "a/", "a-b", "a.txt",
	    "a/x", "a/x.d/", "a/y/", "a/y/z", "b/", "b.txt", "b/c" };

	(void)state;
	check_order(p29, 12, 29);
	check_order(p29, 12, 32);
	check_order(p28, 12, 28);
	check_order(p28, 12, 27);
	/* "." sorts first only from 29 */
	assert_true(wire_fname_cmp(".", 1, "-x", 0, 29) < 0);
	assert_true(wire_fname_cmp(".", 1, "-x", 0, 28) > 0);
	/* a dir and a file of one name differ from 29, are equal before */
	assert_true(wire_fname_cmp("a", 1, "a", 0, 29) > 0);
	assert_int_equal(wire_fname_cmp("a", 1, "a", 0, 28), 0);
	/* unsigned bytes */
	assert_true(wire_fname_cmp("\xc3\xa9", 0, "z", 0, 30) > 0);
}

/*
 * A real upstream order: ndx-p29 (pull -r -t of src/tree at 29).  The
 * list sorted with wire_fname_cmp must agree with the indices the
 * generator sent in c2s (int32 ndx, uint16 iflags, a 16-byte sum head
 * when ITEM_TRANSFER): every entry once, in order, ITEM_TRANSFER for
 * exactly the regular files (dirs only get their times fixed).  In the
 * proto 28 order index 1 would be "d1", not "top".
 */
static void
test_fname_cmp_upstream(void **state)
{
	static const struct opts o = { 0, 0, 0, 0, 0, 0, 0 };
	struct sname v[32];
	struct list L;
	struct cap c;
	size_t i, pos = 8, nreq = 0;
	int seen[32] = { 0 };

	(void)state;
	list_load(&L, "ndx-p29.s2c", 29, &o);
	assert_int_equal(L.n, 14);
	for (i = 0; i < L.n; i++) {
		v[i].name = L.e[i].name;
		v[i].dir = (L.e[i].mode & 0170000u) == M_DIR;
	}
	sort_proto = 29;
	qsort(v, L.n, sizeof(v[0]), sname_cmp);
	assert_string_equal(v[0].name, ".");
	assert_string_equal(v[1].name, "top");	/* files before dirs */
	assert_string_equal(v[2].name, "d1");
	assert_string_equal(v[3].name, "d1/a");
	cap_load(&c, "ndx-p29.c2s");
	for (;;) {
		int32_t ndx;
		uint16_t iflags;

		assert_int_equal(wire_get_int32(c.b, c.n, &pos, &ndx), 0);
		if (ndx == NDX_DONE)
			break;
		assert_true(ndx >= 0 && (size_t)ndx < L.n);
		assert_int_equal(wire_get_u16(c.b, c.n, &pos, &iflags), 0);
		assert_int_equal(ndx, (int32_t)nreq);
		assert_int_equal(!!(iflags & 0x8000), !v[ndx].dir);
		seen[ndx] = 1;
		nreq++;
		if (iflags & 0x8000)	/* ITEM_TRANSFER: sum head */
			pos += 16;
	}
	for (i = 0; i < L.n; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(nreq, 14);
	cap_free(&c);
	list_free(&L);
}

/* ---- rejections --------------------------------------------------------- */

struct bb {
	uint8_t	b[3 * WIRE_PATH_MAX];
	size_t	n;
};

static struct bb B;

static void
bb_reset(void)
{
	B.n = 0;
}

static void
bb_byte(uint8_t v)
{
	assert_int_equal(wire_put_byte(B.b, sizeof(B.b), &B.n, v), 0);
}

static void
bb_i32(int32_t v)
{
	assert_int_equal(wire_put_int32(B.b, sizeof(B.b), &B.n, v), 0);
}

static void
bb_varint(int32_t v)
{
	assert_int_equal(wire_put_varint(B.b, sizeof(B.b), &B.n, v), 0);
}

static void
bb_varlong(int min, int64_t v)
{
	assert_int_equal(wire_put_varlong(B.b, sizeof(B.b), &B.n, min, v), 0);
}

static void
bb_fill(uint8_t c, size_t n)
{
	assert_true(B.n + n <= sizeof(B.b));
	memset(B.b + B.n, c, n);
	B.n += n;
}

static void
cfg_set(struct wire_flist_cfg *cfg, int proto)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->proto = proto;
	cfg->varint_flags = proto >= 30;
	cfg->safe_flist = proto >= 31;
}

/* Decodes B with a fresh state: the result, and on error nothing touched. */
static int
dec(const struct wire_flist_cfg *cfg, struct wire_fentry *out)
{
	struct wire_flist_prev prev, init;
	size_t pos = 0;
	int32_t ioe = 99;
	int r;

	wire_flist_prev_init(&prev);
	init = prev;
	r = wire_get_fentry(B.b, B.n, &pos, cfg, &prev, out, &ioe);
	if (r < 0) {
		assert_int_equal(pos, 0);
		prev_eq(&prev, &init);
		assert_int_equal(ioe, 99);
	} else
		assert_int_equal(pos, B.n);
	return r;
}

/* Proto 29 entry: flags byte(s), name, size 0, mtime T0, mode. */
static void
e29(uint32_t flags, const char *name, size_t l2, uint32_t mode)
{
	bb_reset();
	bb_byte((uint8_t)flags);
	if (flags & XMIT_EXTENDED_FLAGS)
		bb_byte((uint8_t)(flags >> 8));
	if (flags & XMIT_LONG_NAME)
		bb_i32((int32_t)l2);
	else
		bb_byte((uint8_t)l2);
	if (name != NULL)
		memcpy(B.b + B.n, name, l2);
	else
		memset(B.b + B.n, 'a', l2);
	B.n += l2;
	bb_i32(0);
	bb_i32(T0);
	bb_i32((int32_t)mode);
}

static void
test_reject(void **state)
{
	static struct wire_fentry out;
	struct wire_flist_cfg cfg;

	(void)state;
	cfg_set(&cfg, 29);
	e29(XMIT_TOP_DIR, "a", 1, M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), 0);
	assert_string_equal(out.name, "a");
	/* unknown file types, and mode 0 */
	e29(XMIT_TOP_DIR, "a", 1, 0644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	e29(XMIT_TOP_DIR, "a", 1, 0170644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	e29(XMIT_TOP_DIR, "a", 1, 0);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* XMIT_SAME_MODE on the first entry: mode 0 */
	e29(XMIT_TOP_DIR | XMIT_SAME_MODE, "a", 1, 0);
	B.n -= 4;
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* l1 beyond the (empty) previous name */
	bb_reset();
	bb_byte(XMIT_TOP_DIR | XMIT_SAME_NAME);
	bb_byte(1);
	bb_byte(1);
	bb_byte('a');
	bb_i32(0);
	bb_i32(T0);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* name length 4095 is the longest */
	e29(XMIT_TOP_DIR | XMIT_LONG_NAME, NULL, WIRE_PATH_MAX - 1,
	    M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), 0);
	assert_int_equal(out.namelen, WIRE_PATH_MAX - 1);
	e29(XMIT_TOP_DIR | XMIT_LONG_NAME, NULL, WIRE_PATH_MAX, M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	bb_reset();		/* refused before the bytes are there */
	bb_byte(XMIT_TOP_DIR | XMIT_LONG_NAME);
	bb_i32(WIRE_PATH_MAX);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	bb_reset();
	bb_byte(XMIT_TOP_DIR | XMIT_LONG_NAME);
	bb_i32(-1);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* empty name, NUL in the name */
	e29(XMIT_TOP_DIR, "", 0, M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	e29(XMIT_TOP_DIR, "a\0b", 3, M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* "." and "/." must be directories */
	e29(XMIT_TOP_DIR, ".", 1, M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	e29(XMIT_TOP_DIR, "/.", 2, M_LNK | 0777);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	e29(XMIT_TOP_DIR, ".", 1, M_DIR | 0755);
	assert_int_equal(dec(&cfg, &out), 0);
	e29(XMIT_TOP_DIR, ".a", 2, M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), 0);
	/* hard-link flags, proto 29: on a file and on a dir */
	e29(XMIT_TOP_DIR | XMIT_EXTENDED_FLAGS | XMIT_HLINKED, "a", 1,
	    M_REG | 0644);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	e29(XMIT_EXTENDED_FLAGS | XMIT_HLINKED, "d", 1, M_DIR | 0755);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* the io-error end marker needs a safe flist */
	bb_reset();
	bb_byte(0x04);
	bb_byte(0x10);
	bb_varint(5);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	cfg_set(&cfg, 30);
	cfg.varint_flags = 0;
	cfg.safe_flist = 1;
	{
		size_t pos = 0;
		int32_t ioe = 0;
		struct wire_flist_prev prev;

		wire_flist_prev_init(&prev);
		assert_int_equal(wire_get_fentry(B.b, B.n, &pos, &cfg, &prev,
		    &out, &ioe), 1);
		assert_int_equal(ioe, 5);
		assert_int_equal(pos, 3);
		pos = 0;
		assert_int_equal(wire_put_flist_end(obuf, sizeof(obuf), &pos,
		    &cfg, 5), 0);
		assert_int_equal(pos, 3);
		assert_memory_equal(obuf, B.b, 3);
		/* without safe_flist the io_error is not sent */
		cfg.safe_flist = 0;
		pos = 0;
		assert_int_equal(wire_put_flist_end(obuf, sizeof(obuf), &pos,
		    &cfg, 5), 0);
		assert_int_equal(pos, 1);
		assert_int_equal(obuf[0], 0);
		cfg.varint_flags = 1;
		pos = 0;
		assert_int_equal(wire_put_flist_end(obuf, sizeof(obuf), &pos,
		    &cfg, 5), 0);
		assert_int_equal(pos, 2);
		assert_int_equal(obuf[1], 0);
		cfg.safe_flist = 1;
		pos = 0;
		assert_int_equal(wire_put_flist_end(obuf, sizeof(obuf), &pos,
		    &cfg, 5), 0);
		assert_int_equal(pos, 2);
		assert_int_equal(obuf[1], 5);
		assert_int_equal(wire_put_flist_end(obuf, 2, &pos, &cfg, 5),
		    WIRE_ENOSPC);
	}

	/* Protocol 32, varint flags. */
	cfg_set(&cfg, 32);
#define E32(flags, name, l2, size, mode) do {				\
		bb_reset();						\
		bb_varint((int32_t)(flags));				\
		bb_byte((uint8_t)(l2));					\
		memcpy(B.b + B.n, name, l2);				\
		B.n += l2;						\
		bb_varlong(3, size);					\
		bb_varlong(4, T0);					\
	} while (0)
	E32(XMIT_HLINKED, "a", 1, 0, 0);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	E32(XMIT_HLINKED | XMIT_HLINK_FIRST, "a", 1, 0, 0);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	E32(XMIT_HLINK_FIRST, "a", 1, 0, 0);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* negative length */
	E32(XMIT_EXTENDED_FLAGS, "a", 1, -1, 0);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* nsec */
	bb_reset();
	bb_varint(XMIT_MOD_NSEC);
	bb_byte(1);
	bb_byte('a');
	bb_varlong(3, 0);
	bb_varlong(4, T0);
	bb_varint(999999999);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), 0);
	assert_int_equal(out.nsec, 999999999);
	B.n -= 4 + 5;
	bb_varint(1000000000);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	B.n -= 4 + 5;
	bb_varint(-1);
	bb_i32((int32_t)(M_REG | 0644));
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	/* names following the uid (inc_recurse only) */
	cfg.uid = 1;
	E32(XMIT_USER_NAME_FOLLOWS, "a", 1, 0, 0);
	bb_i32((int32_t)(M_REG | 0644));
	bb_varint(5);
	bb_byte(1);
	bb_byte('x');
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	cfg.uid = 0;
	cfg.gid = 1;
	E32(XMIT_GROUP_NAME_FOLLOWS, "a", 1, 0, 0);
	bb_i32((int32_t)(M_REG | 0644));
	bb_varint(5);
	bb_byte(1);
	bb_byte('x');
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	cfg.gid = 0;
	/* symlink targets, with -l */
	cfg.links = 1;
	E32(XMIT_EXTENDED_FLAGS, "l", 1, 1, 0);
	bb_i32((int32_t)(M_LNK | 0777));
	bb_varint(1);
	bb_byte('t');
	assert_int_equal(dec(&cfg, &out), 0);
	assert_string_equal(out.link, "t");
	B.n -= 2;
	bb_varint(0);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	B.n -= 1;
	bb_varint(-1);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	B.n -= 5;
	bb_varint(1);
	bb_byte(0);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	B.n -= 2;
	bb_varint(WIRE_PATH_MAX);
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	B.n -= 2;
	bb_varint(WIRE_PATH_MAX - 1);
	bb_fill('t', WIRE_PATH_MAX - 1);
	assert_int_equal(dec(&cfg, &out), 0);
	assert_int_equal(out.linklen, WIRE_PATH_MAX - 1);
	assert_int_equal(out.link[WIRE_PATH_MAX - 1], '\0');
	/* without -l no target is read */
	cfg.links = 0;
	E32(XMIT_EXTENDED_FLAGS, "l", 1, 1, 0);
	bb_i32((int32_t)(M_LNK | 0777));
	assert_int_equal(dec(&cfg, &out), 0);
	assert_int_equal(out.linklen, 0);
	/* bad cfg */
	cfg.proto = 26;
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
	cfg.proto = 32;
	cfg.csum_len = WIRE_SUM_MAX + 1;
	assert_int_equal(dec(&cfg, &out), WIRE_ERANGE);
#undef E32
}

static void
test_encoder_rejects(void **state)
{
	static struct wire_fentry e;
	struct wire_flist_prev prev, init;
	struct wire_flist_cfg cfg;
	size_t pos;

	(void)state;
	cfg_set(&cfg, 32);
	cfg.links = 1;
	wire_flist_prev_init(&prev);
	init = prev;
	memset(&e, 0, sizeof(e));
	e.mode = M_REG | 0644;
	e.namelen = 1;
	e.name[0] = 'a';
#define EINV() do {							\
		pos = 0;						\
		assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, \
		    &cfg, &prev, &e, 0), WIRE_EINVAL);			\
		assert_int_equal(pos, 0);				\
		prev_eq(&prev, &init);	\
	} while (0)
	e.namelen = 0;
	EINV();
	e.namelen = WIRE_PATH_MAX;
	EINV();
	e.namelen = 3;
	memcpy(e.name, "a\0b", 3);
	EINV();
	e.namelen = 1;
	e.mode = 0644;
	EINV();
	e.mode = M_REG | 0644;
	e.size = -1;
	EINV();
	e.size = 0;
	e.nsec = 1000000000;
	EINV();
	e.nsec = 0;
	e.mode = M_LNK | 0777;
	e.linklen = 0;
	EINV();
	e.linklen = WIRE_PATH_MAX;
	EINV();
	cfg.links = 0;
	pos = 0;
	assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, &cfg,
	    &prev, &e, 0), 0);
#undef EINV
	/* varint flags 0 are sent as XMIT_EXTENDED_FLAGS: a first entry
	 * with -o -g and an mtime != 0 */
	cfg.uid = cfg.gid = 1;
	wire_flist_prev_init(&prev);
	e.mode = M_REG | 0644;
	e.mtime = 5;
	pos = 0;
	assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, &cfg,
	    &prev, &e, 0), 0);
	assert_int_equal(obuf[0], XMIT_EXTENDED_FLAGS);
	/* the second with the same ids: XMIT_SAME_UID|GID, not before */
	e.name[0] = 'b';
	pos = 0;
	assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, &cfg,
	    &prev, &e, 0), 0);
	{
		static const uint8_t w[2] = { 0x80, XMIT_SAME_UID |
		    XMIT_SAME_GID | XMIT_SAME_TIME | XMIT_SAME_MODE };

		assert_memory_equal(obuf, w, 2);
	}
	/* ...proto 28 non-varint: XMIT_TOP_DIR, and a dir of flags 0 at
	 * proto >= 28 writes a uint16 with XMIT_EXTENDED_FLAGS */
	cfg_set(&cfg, 28);
	cfg.uid = cfg.gid = 1;
	wire_flist_prev_init(&prev);
	e.mode = M_REG | 0644;
	e.mtime = 5;
	pos = 0;
	assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, &cfg,
	    &prev, &e, 0), 0);
	assert_int_equal(obuf[0], XMIT_TOP_DIR);
	e.mode = M_DIR | 0755;
	e.mtime = 6;
	wire_flist_prev_init(&prev);
	pos = 0;
	assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, &cfg,
	    &prev, &e, 0), 0);
	assert_int_equal(obuf[0], XMIT_EXTENDED_FLAGS);
	assert_int_equal(obuf[1], 0);
	/* proto 27: a dir of flags 0 gets XMIT_LONG_NAME, and its name
	 * length is then an int32 */
	cfg_set(&cfg, 27);
	cfg.uid = cfg.gid = 1;
	wire_flist_prev_init(&prev);
	e.mtime = 9;
	pos = 0;
	assert_int_equal(wire_put_fentry(obuf, sizeof(obuf), &pos, &cfg,
	    &prev, &e, 0), 0);
	assert_int_equal(obuf[0], XMIT_LONG_NAME);
	{
		static const uint8_t l[5] = { 1, 0, 0, 0, 'b' };

		assert_memory_equal(obuf + 1, l, 5);
	}
	/* proto 30 dirs: content, top, no-content, implied */
	cfg_set(&cfg, 30);
	{
		static const struct { int df; uint32_t x; } dv[] = {
			{ 0, 0 }, { WIRE_DIR_TOP, XMIT_TOP_DIR },
			{ WIRE_DIR_NO_CONTENT, XMIT_NO_CONTENT_DIR },
			{ WIRE_DIR_TOP | WIRE_DIR_NO_CONTENT,
			    XMIT_NO_CONTENT_DIR },
			{ WIRE_DIR_IMPLIED,
			    XMIT_TOP_DIR | XMIT_NO_CONTENT_DIR },
		};
		size_t k;

		for (k = 0; k < sizeof(dv) / sizeof(dv[0]); k++) {
			static struct wire_fentry d;
			struct wire_flist_prev rp;
			int32_t ioe;

			wire_flist_prev_init(&prev);
			e.mtime = 7;
			pos = 0;
			assert_int_equal(wire_put_fentry(obuf, sizeof(obuf),
			    &pos, &cfg, &prev, &e, dv[k].df), 0);
			wire_flist_prev_init(&rp);
			pos = 0;
			assert_int_equal(wire_get_fentry(obuf, sizeof(obuf),
			    &pos, &cfg, &rp, &d, &ioe), 0);
			assert_int_equal(d.xflags & 0xFF01u, dv[k].x);
		}
	}
}

/* ---- id lists ----------------------------------------------------------- */

static void
test_idlists(void **state)
{
	struct wire_flist_cfg cfg;
	char name[256];
	size_t pos, nl, k;
	uint32_t id;

	(void)state;
	cfg_set(&cfg, 29);
	pos = 0;
	assert_int_equal(wire_put_idname(obuf, sizeof(obuf), &pos, &cfg, 0,
	    "x", 1), WIRE_EINVAL);
	assert_int_equal(wire_put_idname(obuf, sizeof(obuf), &pos, &cfg, 7,
	    "a\0", 2), WIRE_EINVAL);
	assert_int_equal(wire_put_idname(obuf, sizeof(obuf), &pos, &cfg,
	    0xfffffffeu, "adm", 3), 0);
	{
		static const uint8_t w[8] = { 0xfe, 0xff, 0xff, 0xff, 3,
		    'a', 'd', 'm' };

		assert_int_equal(pos, 8);
		assert_memory_equal(obuf, w, 8);
	}
	for (k = 0; k < 8; k++) {
		size_t p2 = 0;

		nl = 9;
		assert_int_equal(wire_get_idname(obuf, k, &p2, &cfg, &id, name,
		    &nl), WIRE_ESHORT);
		assert_int_equal(p2, 0);
		assert_int_equal(nl, 9);
	}
	pos = 0;
	assert_int_equal(wire_get_idname(obuf, 8, &pos, &cfg, &id, name, &nl),
	    0);
	assert_int_equal(id, 0xfffffffeu);
	assert_string_equal(name, "adm");
	/* NUL in a name */
	obuf[6] = 0;
	pos = 0;
	assert_int_equal(wire_get_idname(obuf, 8, &pos, &cfg, &id, name, &nl),
	    WIRE_ERANGE);
	/* the terminator, with and without id 0's name (proto 32) */
	cfg_set(&cfg, 32);
	pos = 0;
	assert_int_equal(wire_put_idlist_end(obuf, sizeof(obuf), &pos, &cfg,
	    "root", 4), 0);
	assert_int_equal(pos, 1);
	cfg.id0_names = 1;
	pos = 0;
	assert_int_equal(wire_put_idlist_end(obuf, sizeof(obuf), &pos, &cfg,
	    "root", 4), 0);
	{
		static const uint8_t w[6] = { 0, 4, 'r', 'o', 'o', 't' };

		assert_int_equal(pos, 6);
		assert_memory_equal(obuf, w, 6);
		for (k = 0; k < 6; k++) {
			size_t p2 = 0;

			assert_int_equal(wire_get_idname(obuf, k, &p2, &cfg,
			    &id, name, &nl), WIRE_ESHORT);
			assert_int_equal(p2, 0);
			assert_int_equal(wire_put_idlist_end(obuf2, k, &p2,
			    &cfg, "root", 4), WIRE_ENOSPC);
			assert_int_equal(p2, 0);
		}
	}
	pos = 0;
	assert_int_equal(wire_get_idname(obuf, 6, &pos, &cfg, &id, name, &nl),
	    1);
	assert_int_equal(id, 0);
	assert_string_equal(name, "root");
	/* over-long names are cut to 255 as upstream */
	{
		char longname[300];

		memset(longname, 'n', sizeof(longname));
		pos = 0;
		assert_int_equal(wire_put_idname(obuf, sizeof(obuf), &pos,
		    &cfg, 5, longname, 300), 0);
		assert_int_equal(pos, 1 + 1 + 255);
		assert_int_equal(obuf[1], 255);
	}
}

/* ---- wire_name_safe ----------------------------------------------------- */

static void
test_name_safe(void **state)
{
	static const char *const good[] = { ".", "a", "a/b", ".a", "a/.b",
	    "..a", "a..", "a/..b/c", "...", "a b/c" };
	static const char *const bad[] = { "", "/", "/a", "..", "../a", "a/..",
	    "a/../b", "./a", "a/.", "a/./b", "a//b", "a/", "//", "./", "/." };
	size_t k;
	static char big[WIRE_PATH_MAX + 1];

	(void)state;
	for (k = 0; k < sizeof(good) / sizeof(good[0]); k++)
		if (wire_name_safe(good[k], strlen(good[k])) != 1)
			fail_msg("\"%s\" refused", good[k]);
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		if (wire_name_safe(bad[k], strlen(bad[k])) != 0)
			fail_msg("\"%s\" accepted", bad[k]);
	assert_int_equal(wire_name_safe("a\0b", 3), 0);
	memset(big, 'a', sizeof(big));
	assert_int_equal(wire_name_safe(big, WIRE_PATH_MAX - 1), 1);
	assert_int_equal(wire_name_safe(big, WIRE_PATH_MAX), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_flist_types),
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_mplex_lists),
		cmocka_unit_test(test_hlink_refused),
		cmocka_unit_test(test_fname_cmp_examples),
		cmocka_unit_test(test_fname_cmp_upstream),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_encoder_rejects),
		cmocka_unit_test(test_idlists),
		cmocka_unit_test(test_name_safe),
	};

	vectors_init(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
