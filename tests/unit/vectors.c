/*
 * vectors.c: see vectors.h.
 */
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *vdir = VECTORS_DIR;

void
vectors_init(int argc, char **argv)
{
	if (argc > 1)
		vdir = argv[1];
}

void
cap_load(struct cap *c, const char *name)
{
	char path[512];
	FILE *f;
	long sz;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s", vdir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open capture %s (run from the repo root or "
		    "pass the vectors directory as argv[1])", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	sz = ftell(f);
	assert_true(sz > 0);
	rewind(f);
	c->n = (size_t)sz;
	c->b = malloc(c->n);
	assert_non_null(c->b);
	assert_int_equal(fread(c->b, 1, c->n, f), c->n);
	fclose(f);
}

void
cap_free(struct cap *c)
{
	free(c->b);
	c->b = NULL;
	c->n = 0;
}

void
cap_expect(const struct cap *c, size_t off, const uint8_t *b, size_t n)
{
	if (off > c->n || c->n - off < n)
		fail_msg("%s: offset 0x%zx + %zu beyond the capture (%zu bytes)",
		    c->name, off, n, c->n);
	if (memcmp(c->b + off, b, n) != 0)
		fail_msg("%s: bytes at offset 0x%zx differ from the vector",
		    c->name, off);
}

size_t
cap_mplex_start(const struct cap *c, int s2c, int proto, int32_t *ver,
    int32_t *compat, int32_t *seed)
{
	size_t pos = 0, slen;
	const uint8_t *str;

	*compat = 0;
	*seed = 0;
	assert_int_equal(wire_get_int32(c->b, c->n, &pos, ver), WIRE_OK);
	assert_int_equal(*ver, s2c ? 32 : proto);
	if (proto >= 30) {
		if (s2c)
			assert_int_equal(wire_get_varint(c->b, c->n, &pos,
			    compat), WIRE_OK);
		/* Upstream's clients offer CF_VARINT_FLIST_FLAGS ('v'),
		 * so the checksum lists are negotiated. */
		assert_int_equal(wire_get_vstring(c->b, c->n, &pos, 255,
		    &str, &slen), WIRE_OK);
	}
	if (s2c)
		assert_int_equal(wire_get_int32(c->b, c->n, &pos, seed),
		    WIRE_OK);
	return pos;
}

static void
grow(struct dstream *s, size_t *cap, size_t add)
{
	while (s->n + add > *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		s->d = realloc(s->d, *cap);
		s->map = realloc(s->map, *cap * sizeof(*s->map));
		assert_non_null(s->d);
		assert_non_null(s->map);
	}
}

void
cap_demux(const struct cap *c, size_t start, struct dstream *s)
{
	struct wire_mplex_rd rd;
	struct wire_mplex_chunk ch;
	size_t pos = start, cap = 0, i;
	int r;

	memset(s, 0, sizeof(*s));
	s->last_tag = -1;
	wire_mplex_rd_init(&rd);
	while ((r = wire_mplex_next(&rd, c->b, c->n, &pos, &ch)) == 1) {
		if (ch.frame_off == 0) {
			s->frames++;
			if (ch.tag != MSG_DATA) {
				s->msgs++;
				s->last_tag = ch.tag;
			}
		}
		if (ch.tag != MSG_DATA)
			continue;
		grow(s, &cap, ch.n);
		for (i = 0; i < ch.n; i++) {
			s->d[s->n + i] = c->b[ch.off + i];
			s->map[s->n + i] = ch.off + i;
		}
		s->n += ch.n;
	}
	s->err = r < 0 ? r : 0;
	s->end = pos;
	s->on_boundary = !rd.in_frame && rd.hdr_have == 0;
}

void
dstream_free(struct dstream *s)
{
	free(s->d);
	free(s->map);
	s->d = NULL;
	s->map = NULL;
}

size_t
dstream_raw(const struct dstream *s, size_t off, size_t len)
{
	assert_true(len > 0 && off + len <= s->n);
	/* The vectors used never straddle a frame header. */
	assert_int_equal(s->map[off + len - 1], s->map[off] + len - 1);
	return s->map[off];
}

static void
field(struct fl_field *f, size_t from, size_t to, int64_t v)
{
	f->present = 1;
	f->v = v;
	f->off = from;
	f->len = to - from;
}

size_t
flist_walk(const struct dstream *s, int proto, int vflags, int uid, int gid,
    struct fl_ent *ents, size_t max)
{
	const uint8_t *d = s->d;
	size_t n = s->n, pos = 0, cnt = 0, at, l1, l2;
	char prev[300] = "";
	int32_t i32;
	int64_t i64;
	uint8_t byte;
	uint32_t flags;

	for (;;) {
		struct fl_ent *e;

		if (vflags) {
			assert_int_equal(wire_get_varint(d, n, &pos, &i32), 0);
			flags = (uint32_t)i32;
		} else {
			assert_int_equal(wire_get_byte(d, n, &pos, &byte), 0);
			flags = byte;
			if (proto >= 28 && (flags & 0x04)) {
				assert_int_equal(wire_get_byte(d, n, &pos,
				    &byte), 0);
				flags |= (uint32_t)byte << 8;
			}
		}
		if (flags == 0)
			break;
		assert_true(cnt < max);
		e = &ents[cnt++];
		memset(e, 0, sizeof(*e));
		e->flags = flags;
		l1 = 0;
		if (flags & 0x20) {		/* XMIT_SAME_NAME */
			assert_int_equal(wire_get_byte(d, n, &pos, &byte), 0);
			l1 = byte;
		}
		assert_true(!(flags & 0x40));	/* no XMIT_LONG_NAME here */
		assert_int_equal(wire_get_byte(d, n, &pos, &byte), 0);
		l2 = byte;
		assert_true(l1 <= strlen(prev) && l1 + l2 < sizeof(e->name));
		assert_true(n - pos >= l2);
		memcpy(e->name, prev, l1);
		memcpy(e->name + l1, d + pos, l2);
		e->name[l1 + l2] = '\0';
		pos += l2;
		memcpy(prev, e->name, sizeof(prev));
		/* proto >= 30 XMIT_HLINKED without XMIT_HLINK_FIRST: absent */
		at = pos;
		if (proto >= 30)
			assert_int_equal(wire_get_varlong(d, n, &pos, 3, &i64),
			    0);
		else
			assert_int_equal(wire_get_longint(d, n, &pos, &i64), 0);
		field(&e->size, at, pos, i64);
		if (!(flags & 0x80)) {		/* XMIT_SAME_TIME */
			at = pos;
			if (proto >= 30) {
				assert_int_equal(wire_get_varlong(d, n, &pos,
				    4, &i64), 0);
			} else {
				uint32_t u;

				assert_int_equal(wire_get_uint32(d, n, &pos,
				    &u), 0);
				i64 = u;
			}
			field(&e->mtime, at, pos, i64);
		}
		if (flags & 0x2000)		/* XMIT_MOD_NSEC */
			assert_int_equal(wire_get_varint(d, n, &pos, &i32), 0);
		if (!(flags & 0x02)) {		/* XMIT_SAME_MODE */
			at = pos;
			assert_int_equal(wire_get_int32(d, n, &pos, &i32), 0);
			field(&e->mode, at, pos, i32);
		}
		if (uid && !(flags & 0x08)) {	/* XMIT_SAME_UID */
			at = pos;
			if (proto >= 30)
				assert_int_equal(wire_get_varint(d, n, &pos,
				    &i32), 0);
			else
				assert_int_equal(wire_get_int32(d, n, &pos,
				    &i32), 0);
			field(&e->uid, at, pos, i32);
			assert_true(!(proto >= 30 && (flags & 0x400)));
		}
		if (gid && !(flags & 0x10)) {	/* XMIT_SAME_GID */
			at = pos;
			if (proto >= 30)
				assert_int_equal(wire_get_varint(d, n, &pos,
				    &i32), 0);
			else
				assert_int_equal(wire_get_int32(d, n, &pos,
				    &i32), 0);
			field(&e->gid, at, pos, i32);
			assert_true(!(proto >= 30 && (flags & 0x800)));
		}
	}
	return cnt;
}
