/*
 * flist: the file-list entry codec, a stream with running state
 * (spec/07-flist.md; src/wire/flist.c, src/wire/flist.h).
 *
 * Input: three bytes choose the struct wire_flist_cfg, the rest is the
 * byte stream.
 *   data[0]  bits 0-2: proto 27 + (bits % 6); bit 3: the stream starts
 *            with the id lists (both, whatever cfg.uid/gid say) instead
 *            of the entries; bits 4-5: csum_len 0, 8, 16, 20.
 *   data[1]  bit 0 varint_flags, 1 safe_flist, 2 uid, 3 gid, 4 links,
 *            5 devices, 6 specials, 7 id0_names.
 *   data[2]  the piece step: each item is also fed cut short, at its
 *            start and every data[2] + 1 bytes (the step doubling after
 *            each 48 cuts), and one byte short of its end.
 * Entries are decoded one after another with one wire_flist_prev until
 * the end marker or the first error; after the end marker, the uid list
 * (cfg.uid) then the gid list (cfg.gid) with wire_get_idname, each until
 * its terminator or the first error.
 *
 * Checked on every item:
 *   - a known result (0, 1, WIRE_ESHORT, WIRE_ERANGE); on an error *pos,
 *     *prev, *out and *io_error are untouched (byte for byte); at the end
 *     marker *prev and *out are untouched; a result >= 0 advances *pos;
 *   - pieces: the item decoded from a heap block cut at each piece
 *     boundary (nothing past the cut is readable) gives WIRE_ESHORT with
 *     nothing touched, or exactly the result, length and outputs of the
 *     decode from the whole buffer;
 *   - an entry: name NUL-terminated, namelen == strlen(name), 0 < namelen
 *     < WIRE_PATH_MAX; a known file type; "." only as a directory; size
 *     >= 0, 0 for devices; nsec < 10^9 and 0 without XMIT_MOD_NSEC; a
 *     link target (NUL-terminated, linklen == strlen) exactly for
 *     symlinks with cfg.links; rdev only for devices with cfg.devices and
 *     specials whose rdev is sent; the sum only where one is sent, zero
 *     past csum_len; *prev now holds the entry's name, mode, mtime, ids;
 *   - round trip: the entry re-encoded with a parallel writer state
 *     (wire_put_fentry, dirflags from its XMIT_TOP_DIR/NO_CONTENT_DIR)
 *     succeeds, refuses any smaller room with WIRE_ENOSPC writing
 *     nothing, and decodes with a parallel reader state to the same
 *     entry over exactly the bytes written (what the encoder cannot say
 *     is expected as it says it: no nsec before 31, the dummy rdev of
 *     specials, zero sums of non-files); the reader's state equals the
 *     writer's;
 *   - names: wire_name_safe against a reference reading of its comment,
 *     on each name and on the undecoded rest of the input;
 *     wire_fname_cmp(a, a) == 0 and antisymmetric on each pair of
 *     consecutive names, with their directory bits and either bit
 *     flipped;
 *   - id lists: namelen <= 255, name NUL-terminated at namelen, id 0
 *     exactly at the terminator (result 1), no id-0 name without
 *     cfg.id0_names; pieces as above; re-encoded (wire_put_idname or
 *     wire_put_idlist_end) it decodes to the same.
 */
#include "fz.h"

#include "wire/flist.h"

#define M_TYPE	0170000u
#define M_LNK	0120000u
#define M_REG	0100000u
#define M_DIR	0040000u

#define MAX_CUTS	48
#define SENT_IOE	0x5A5A5A5A

struct run {
	struct wire_flist_cfg	cfg;
	size_t			step;
	/* the parallel writer and reader of the round trip */
	struct wire_flist_prev	wr, rd;
	/* scratch, heap: too big for comfort on the stack */
	struct wire_fentry	out, snap_out, e2, piece_out;
	struct wire_flist_prev	snap_prev, piece_prev, keep;
	uint8_t			*ob;
	size_t			obcap;
	/* the previous name, for wire_fname_cmp */
	char			last[WIRE_PATH_MAX];
	int			last_dir, have_last;
};

static int
sgn(int v)
{
	return (v > 0) - (v < 0);
}

static int
is_dev(uint32_t mode)
{
	uint32_t t = mode & M_TYPE;

	return t == 0020000u || t == 0060000u;
}

static int
is_special(uint32_t mode)
{
	uint32_t t = mode & M_TYPE;

	return t == 0010000u || t == 0140000u;
}

static int
type_known(uint32_t mode)
{
	uint32_t t = mode & M_TYPE;

	return t == 0140000u || t == M_LNK || t == M_REG || t == 0060000u ||
	    t == M_DIR || t == 0020000u || t == 0010000u;
}

/* Whether the rdev fields of an entry of this mode are on the wire. */
static int
rdev_sent(const struct wire_flist_cfg *cfg, uint32_t mode)
{
	return (cfg->devices && is_dev(mode)) ||
	    (cfg->specials && is_special(mode) && cfg->proto < 31);
}

static int
sum_sent(const struct wire_flist_cfg *cfg, uint32_t mode)
{
	return cfg->csum_len > 0 &&
	    ((mode & M_TYPE) == M_REG || cfg->proto < 28);
}

/* The dirflags argument that gives back the entry's directory flags. */
static int
dirflags_of(const struct wire_fentry *e, int proto)
{
	if ((e->mode & M_TYPE) != M_DIR)
		return 0;
	if (proto >= 30 && (e->xflags & XMIT_NO_CONTENT_DIR))
		return (e->xflags & XMIT_TOP_DIR) ? WIRE_DIR_IMPLIED :
		    WIRE_DIR_NO_CONTENT;
	return (e->xflags & XMIT_TOP_DIR) ? WIRE_DIR_TOP : 0;
}

/* wire_name_safe's comment, read independently. */
static int
ref_name_safe(const char *s, size_t n)
{
	size_t i, start = 0;

	if (n == 0 || n >= WIRE_PATH_MAX || memchr(s, '\0', n) != NULL)
		return 0;
	if (n == 1 && s[0] == '.')
		return 1;
	if (s[0] == '/')
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		if (i == start)
			return 0;	/* empty component */
		if (i - start == 1 && s[start] == '.')
			return 0;
		if (i - start == 2 && s[start] == '.' && s[start + 1] == '.')
			return 0;
		start = i + 1;
	}
	return 1;
}

/* Field by field (struct copies need not carry the padding). */
static int
prev_eq(const struct wire_flist_prev *a, const struct wire_flist_prev *b)
{
	return a->mode == b->mode && a->mtime == b->mtime &&
	    a->uid == b->uid && a->gid == b->gid &&
	    a->rdev_major == b->rdev_major && a->rdev == b->rdev &&
	    a->namelen == b->namelen && a->namelen < WIRE_PATH_MAX &&
	    memcmp(a->name, b->name, a->namelen + 1) == 0 &&
	    a->first == b->first;
}

/* Same entry; xflags too when with_xflags, rdev unless skip_rdev. */
static int
fentry_eq(const struct wire_fentry *a, const struct wire_fentry *b,
    int with_xflags, int skip_rdev)
{
	return (!with_xflags || a->xflags == b->xflags) &&
	    a->namelen == b->namelen && a->namelen < WIRE_PATH_MAX &&
	    memcmp(a->name, b->name, a->namelen + 1) == 0 &&
	    a->size == b->size && a->mtime == b->mtime &&
	    a->nsec == b->nsec && a->mode == b->mode &&
	    a->uid == b->uid && a->gid == b->gid &&
	    (skip_rdev || (a->rdev_major == b->rdev_major &&
	    a->rdev_minor == b->rdev_minor)) &&
	    a->linklen == b->linklen && a->linklen < WIRE_PATH_MAX &&
	    memcmp(a->link, b->link, a->linklen + 1) == 0 &&
	    memcmp(a->sum, b->sum, WIRE_SUM_MAX) == 0;
}

/* The documented contract of one decoded entry, and what *prev holds. */
static void
check_entry(const struct run *R, const struct wire_fentry *e,
    const struct wire_flist_prev *prev)
{
	const struct wire_flist_cfg *cfg = &R->cfg;
	const uint32_t t = e->mode & M_TYPE;
	size_t i;

	FZ_CHECK(e->namelen > 0 && e->namelen < WIRE_PATH_MAX);
	FZ_CHECK(e->name[e->namelen] == '\0' && strlen(e->name) == e->namelen);
	FZ_CHECK(type_known(e->mode));
	if (e->namelen == 1 && e->name[0] == '.')
		FZ_CHECK(t == M_DIR);
	FZ_CHECK(e->size >= 0);
	if (is_dev(e->mode))
		FZ_CHECK(e->size == 0);
	FZ_CHECK(e->nsec < 1000000000u);
	if (!(e->xflags & XMIT_MOD_NSEC))
		FZ_CHECK(e->nsec == 0);
	FZ_CHECK(e->linklen < WIRE_PATH_MAX && e->link[e->linklen] == '\0' &&
	    strlen(e->link) == e->linklen);
	FZ_CHECK((e->linklen > 0) == (cfg->links && t == M_LNK));
	if (!rdev_sent(cfg, e->mode))
		FZ_CHECK(e->rdev_major == 0 && e->rdev_minor == 0);
	else
		FZ_CHECK(e->size == 0);
	for (i = sum_sent(cfg, e->mode) ? (size_t)cfg->csum_len : 0;
	    i < WIRE_SUM_MAX; i++)
		FZ_CHECK(e->sum[i] == 0);
	/* the state the next entry inherits */
	FZ_CHECK(prev->first == 0 && prev->namelen == e->namelen);
	FZ_CHECK(memcmp(prev->name, e->name, e->namelen + 1) == 0);
	FZ_CHECK(prev->mode == e->mode && prev->mtime == e->mtime);
	FZ_CHECK(prev->uid == e->uid && prev->gid == e->gid);
}

/*
 * Cut points of an item at [p0, end): p0, then every step bytes (the step
 * doubling after each MAX_CUTS cuts), and end - 1.
 */
static size_t
next_cut(size_t L, size_t end, size_t *stp, size_t *k)
{
	if (++*k % MAX_CUTS == 0)
		*stp *= 2;
	if (end - L > *stp)
		return L + *stp;
	return L < end - 1 ? end - 1 : end;
}

/* The item at p0 from blocks cut short: ESHORT untouched, or the same. */
static void
pieces_fentry(struct run *R, const uint8_t *buf, size_t len, size_t p0,
    int r, size_t pend, int32_t ioe, const struct wire_flist_prev *before,
    const struct wire_fentry *out_before, const struct wire_flist_prev *after)
{
	size_t end = r >= 0 ? pend : len, L, k = 0, stp = R->step, pos;
	uint8_t *blk;
	int32_t pioe;
	int pr;

	for (L = p0; L < end; L = next_cut(L, end, &stp, &k)) {
		blk = fz_dup(buf + p0, L - p0);
		memcpy(&R->piece_prev, before, sizeof(R->piece_prev));
		memcpy(&R->piece_out, out_before, sizeof(R->piece_out));
		pioe = SENT_IOE;
		pos = 0;
		pr = wire_get_fentry(blk, L - p0, &pos, &R->cfg, &R->piece_prev,
		    &R->piece_out, &pioe);
		fz_free(blk, L - p0);
		if (pr == WIRE_ESHORT) {
			FZ_CHECK(pos == 0 && pioe == SENT_IOE);
			FZ_CHECK(memcmp(&R->piece_prev, before,
			    sizeof(R->piece_prev)) == 0);
			FZ_CHECK(memcmp(&R->piece_out, out_before,
			    sizeof(R->piece_out)) == 0);
			continue;
		}
		/* decided on fewer bytes: it must be the whole decision */
		FZ_CHECK(pr == r);
		if (r < 0) {
			FZ_CHECK(pos == 0 && pioe == SENT_IOE);
			continue;
		}
		FZ_CHECK(pos == pend - p0 && pioe == ioe);
		if (r == 1) {
			FZ_CHECK(memcmp(&R->piece_prev, before,
			    sizeof(R->piece_prev)) == 0);
			FZ_CHECK(memcmp(&R->piece_out, out_before,
			    sizeof(R->piece_out)) == 0);
		} else {
			FZ_CHECK(prev_eq(&R->piece_prev, after));
			FZ_CHECK(fentry_eq(&R->piece_out, &R->out, 1, 0));
			FZ_CHECK(dirflags_of(&R->piece_out, R->cfg.proto) ==
			    dirflags_of(&R->out, R->cfg.proto));
		}
	}
}

/* Re-encode with the writer state, decode with the reader state. */
static void
roundtrip(struct run *R, const struct wire_fentry *e)
{
	const struct wire_flist_cfg *cfg = &R->cfg;
	const int df = dirflags_of(e, cfg->proto);
	size_t n = 0, pos, i, cap;
	uint8_t *blk;
	int32_t ioe = SENT_IOE;
	int r;

	memset(R->ob, 0xCC, R->obcap);
	memcpy(&R->keep, &R->wr, sizeof(R->keep));
	r = wire_put_fentry(R->ob, R->obcap, &n, cfg, &R->wr, e, df);
	FZ_CHECK(r == WIRE_OK);
	FZ_CHECK(n > 0 && n < R->obcap && R->ob[n] == 0xCC);
	/* any less room: refused, nothing written, the state kept */
	for (i = 0; i < 3; i++) {
		struct wire_flist_prev *w = &R->piece_prev;
		size_t j;

		cap = i == 0 ? n - 1 : i == 1 ? n / 2 : 0;
		memcpy(w, &R->keep, sizeof(*w));
		memset(R->ob + n, 0xCC, R->obcap - n);
		pos = 0;
		r = wire_put_fentry(R->ob + n, cap, &pos, cfg, w, e, df);
		FZ_CHECK(r == WIRE_ENOSPC && pos == 0);
		FZ_CHECK(memcmp(w, &R->keep, sizeof(*w)) == 0);
		for (j = n; j < R->obcap; j++)
			FZ_CHECK(R->ob[j] == 0xCC);
	}
	/* the expected entry: what the encoder can say of e */
	R->e2 = *e;
	if (cfg->proto < 31)
		R->e2.nsec = 0;
	if (!sum_sent(cfg, e->mode) || (e->mode & M_TYPE) != M_REG)
		memset(R->e2.sum, 0, sizeof(R->e2.sum));
	blk = fz_dup(R->ob, n);
	pos = 0;
	r = wire_get_fentry(blk, n, &pos, cfg, &R->rd, &R->piece_out, &ioe);
	fz_free(blk, n);
	FZ_CHECK(r == 0 && pos == n && ioe == SENT_IOE);
	FZ_CHECK(fentry_eq(&R->piece_out, &R->e2, 0,
	    is_special(e->mode) && rdev_sent(cfg, e->mode)));
	FZ_CHECK(dirflags_of(&R->piece_out, cfg->proto) == df);
	FZ_CHECK(prev_eq(&R->rd, &R->wr));
}

static void
check_names(struct run *R, const struct wire_fentry *e)
{
	const int dir = (e->mode & M_TYPE) == M_DIR;
	const int proto = R->cfg.proto;
	int c1, c2, a, b;

	FZ_CHECK(wire_name_safe(e->name, e->namelen) ==
	    ref_name_safe(e->name, e->namelen));
	FZ_CHECK(wire_fname_cmp(e->name, dir, e->name, dir, proto) == 0);
	if (R->have_last) {
		for (a = 0; a < 2; a++)
			for (b = 0; b < 2; b++) {
				int da = a ? !R->last_dir : R->last_dir;
				int db = b ? !dir : dir;

				c1 = wire_fname_cmp(R->last, da, e->name, db,
				    proto);
				c2 = wire_fname_cmp(e->name, db, R->last, da,
				    proto);
				FZ_CHECK(sgn(c1) == -sgn(c2));
			}
	}
	memcpy(R->last, e->name, e->namelen + 1);
	R->last_dir = dir;
	R->have_last = 1;
}

/* One entry at *pos: -1 stop, 0 entry, 1 end marker. */
static int
one_entry(struct run *R, uint8_t *buf, size_t len, size_t *pos,
    struct wire_flist_prev *prev)
{
	size_t p0 = *pos;
	int32_t ioe = SENT_IOE;
	int r;

	memcpy(&R->snap_prev, prev, sizeof(R->snap_prev));
	memcpy(&R->snap_out, &R->out, sizeof(R->snap_out));
	fz_hide(buf, p0);
	r = wire_get_fentry(buf, len, pos, &R->cfg, prev, &R->out, &ioe);
	fz_show(buf, p0);
	FZ_CHECK(r == 0 || r == 1 || r == WIRE_ESHORT || r == WIRE_ERANGE);
	if (r < 0) {
		fz_errname(r);
		FZ_CHECK(*pos == p0 && ioe == SENT_IOE);
	} else
		FZ_CHECK(*pos > p0 && *pos <= len);
	if (r != 0) {
		FZ_CHECK(memcmp(prev, &R->snap_prev, sizeof(*prev)) == 0);
		FZ_CHECK(memcmp(&R->out, &R->snap_out, sizeof(R->out)) == 0);
	}
	if (r != 1)
		FZ_CHECK(ioe == SENT_IOE);
	if (r == 0)
		check_entry(R, &R->out, prev);
	pieces_fentry(R, buf, len, p0, r, *pos, ioe, &R->snap_prev,
	    &R->snap_out, prev);
	if (r == 0) {
		roundtrip(R, &R->out);
		check_names(R, &R->out);
	}
	return r < 0 ? -1 : r;
}

struct idn {
	uint32_t	id;
	size_t		namelen;
	char		name[256];
};

static int
idn_eq(const struct idn *a, const struct idn *b)
{
	return a->id == b->id && a->namelen == b->namelen &&
	    a->namelen <= 255 && memcmp(a->name, b->name, a->namelen + 1) == 0;
}

/* One id-list item at *pos: -1 stop, 0 item, 1 terminator. */
static int
one_idname(struct run *R, uint8_t *buf, size_t len, size_t *pos)
{
	struct idn got, snap, pc, rt;
	size_t p0 = *pos, end, L, k, stp, ppos, n;
	uint8_t *blk;
	int r, pr;

	memset(&got, 0xA5, sizeof(got));
	memcpy(&snap, &got, sizeof(snap));
	fz_hide(buf, p0);
	r = wire_get_idname(buf, len, pos, &R->cfg, &got.id, got.name,
	    &got.namelen);
	fz_show(buf, p0);
	FZ_CHECK(r == 0 || r == 1 || r == WIRE_ESHORT || r == WIRE_ERANGE);
	if (r < 0) {
		fz_errname(r);
		FZ_CHECK(*pos == p0 && memcmp(&got, &snap, sizeof(got)) == 0);
	} else {
		FZ_CHECK(*pos > p0 && *pos <= len);
		FZ_CHECK(got.namelen <= 255 && got.name[got.namelen] == '\0');
		FZ_CHECK(strlen(got.name) == got.namelen);
		FZ_CHECK((r == 1) == (got.id == 0));
		if (r == 1 && !R->cfg.id0_names)
			FZ_CHECK(got.namelen == 0);
	}
	/* pieces */
	end = r >= 0 ? *pos : len;
	k = 0;
	stp = R->step;
	for (L = p0; L < end; L = next_cut(L, end, &stp, &k)) {
		blk = fz_dup(buf + p0, L - p0);
		memcpy(&pc, &snap, sizeof(pc));
		ppos = 0;
		pr = wire_get_idname(blk, L - p0, &ppos, &R->cfg, &pc.id,
		    pc.name, &pc.namelen);
		fz_free(blk, L - p0);
		if (pr == WIRE_ESHORT) {
			FZ_CHECK(ppos == 0 &&
			    memcmp(&pc, &snap, sizeof(pc)) == 0);
			continue;
		}
		FZ_CHECK(pr == r);
		if (r < 0)
			FZ_CHECK(ppos == 0);
		else
			FZ_CHECK(ppos == *pos - p0 && idn_eq(&pc, &got));
	}
	if (r < 0)
		return -1;
	/* round trip */
	n = 0;
	memset(R->ob, 0xCC, R->obcap);
	if (r == 0)
		FZ_CHECK(wire_put_idname(R->ob, R->obcap, &n, &R->cfg, got.id,
		    got.name, got.namelen) == WIRE_OK);
	else
		FZ_CHECK(wire_put_idlist_end(R->ob, R->obcap, &n, &R->cfg,
		    got.name, got.namelen) == WIRE_OK);
	FZ_CHECK(n > 0 && R->ob[n] == 0xCC);
	blk = fz_dup(R->ob, n);
	ppos = 0;
	memset(&rt, 0, sizeof(rt));
	pr = wire_get_idname(blk, n, &ppos, &R->cfg, &rt.id, rt.name,
	    &rt.namelen);
	fz_free(blk, n);
	FZ_CHECK(pr == r && ppos == n && idn_eq(&rt, &got));
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int csums[4] = { 0, 8, 16, 20 };
	struct wire_flist_prev *prev;
	struct run *R;
	uint8_t *buf;
	size_t len, pos = 0;
	int r, k, lists;

	if (size < 3)
		return 0;
	R = calloc(1, sizeof(*R));
	prev = malloc(sizeof(*prev));
	if (R == NULL || prev == NULL)
		abort();
	R->cfg.proto = 27 + (data[0] & 7) % 6;
	R->cfg.csum_len = csums[(data[0] >> 4) & 3];
	R->cfg.varint_flags = data[1] & 1;
	R->cfg.safe_flist = (data[1] >> 1) & 1;
	R->cfg.uid = (data[1] >> 2) & 1;
	R->cfg.gid = (data[1] >> 3) & 1;
	R->cfg.links = (data[1] >> 4) & 1;
	R->cfg.devices = (data[1] >> 5) & 1;
	R->cfg.specials = (data[1] >> 6) & 1;
	R->cfg.id0_names = (data[1] >> 7) & 1;
	R->step = (size_t)data[2] + 1;
	R->obcap = 5 * WIRE_PATH_MAX;
	R->ob = malloc(R->obcap);
	if (R->ob == NULL)
		abort();
	len = size - 3;
	buf = fz_dup(data + 3, len);
	wire_flist_prev_init(prev);
	wire_flist_prev_init(&R->wr);
	wire_flist_prev_init(&R->rd);
	FZ_CHECK(prev->first == 1 && prev->namelen == 0);
	memset(&R->out, 0x5A, sizeof(R->out));

	r = 1;
	if (!(data[0] & 8))
		while ((r = one_entry(R, buf, len, &pos, prev)) == 0)
			;
	if (r == 1) {
		lists = (data[0] & 8) ? 2 : 0;
		for (k = 0; k < 2 && r >= 0; k++) {
			if (!lists && !(k == 0 ? R->cfg.uid : R->cfg.gid))
				continue;
			while ((r = one_idname(R, buf, len, &pos)) == 0)
				;
		}
	}
	/* whatever is left, as one name */
	if (len - pos < WIRE_PATH_MAX + 8)
		FZ_CHECK(wire_name_safe((const char *)buf + pos, len - pos) ==
		    ref_name_safe((const char *)buf + pos, len - pos));

	fz_free(buf, len);
	free(R->ob);
	free(prev);
	free(R);
	return 0;
}
