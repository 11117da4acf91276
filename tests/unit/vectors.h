/*
 * vectors.h: helpers shared by the wire unit tests -- loading the real
 * upstream captures under tests/vectors (see tests/vectors/capture.sh for
 * the scenarios), demultiplexing them with wire_mplex_next, and walking the
 * file lists of the ids/sizes/times scenarios with the wire decoders.
 */
#ifndef VRSYNC_TEST_VECTORS_H
#define VRSYNC_TEST_VECTORS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "wire/wire.h"

#ifndef VECTORS_DIR
#define VECTORS_DIR "tests/vectors"
#endif

/* argv[1], when given, replaces VECTORS_DIR. */
void vectors_init(int argc, char **argv);

struct cap {
	char		name[64];
	uint8_t		*b;
	size_t		n;
};

/* Loads tests/vectors/NAME; fails the test when it cannot. */
void cap_load(struct cap *c, const char *name);
void cap_free(struct cap *c);

/* The capture holds exactly these bytes at offset off. */
void cap_expect(const struct cap *c, size_t off, const uint8_t *b, size_t n);

/*
 * Where the multiplexed part of a stream of a session at protocol proto
 * starts: after the int32 protocol version (32 from the server, proto from
 * the client) and, proto >= 30, the compat-flags varint (s2c only) and the
 * checksum-list vstring, and (s2c) the int32 checksum seed.  *ver, *compat,
 * *seed receive what was read (compat 0 and seed 0 when absent).
 */
size_t cap_mplex_start(const struct cap *c, int s2c, int proto,
    int32_t *ver, int32_t *compat, int32_t *seed);

/* A demultiplexed stream: MSG_DATA payload, with raw offsets per byte. */
struct dstream {
	uint8_t		*d;
	size_t		*map;		/* d[i] came from raw[map[i]] */
	size_t		n;
	size_t		frames;		/* all frames */
	size_t		msgs;		/* non-DATA frames */
	int		last_tag;	/* of the last non-DATA frame, or -1 */
	size_t		end;		/* raw offset where reading stopped */
	int		err;		/* wire_mplex_next error, or 0 */
	int		on_boundary;	/* ended between frames */
};

/* Demultiplexes raw[start..n) in one piece. */
void cap_demux(const struct cap *c, size_t start, struct dstream *s);
void dstream_free(struct dstream *s);

/* One decoded field of a file-list entry. */
struct fl_field {
	int		present;
	int64_t		v;
	size_t		off;		/* in the data stream */
	size_t		len;
};

struct fl_ent {
	char		name[300];
	uint32_t	flags;
	struct fl_field	size, mtime, mode, uid, gid;
};

/*
 * Walks the file list at s->d[0..) for the options of the ids/sizes/times
 * scenarios (no -l -D -H -c -A -X).  proto picks the encodings; vflags is
 * CF_VARINT_FLIST_FLAGS.  Returns the number of entries (at most max).
 */
size_t flist_walk(const struct dstream *s, int proto, int vflags,
    int uid, int gid, struct fl_ent *ents, size_t max);

/*
 * A vector: n bytes that upstream wrote at raw offset off of capture file,
 * in the entry of file name (whose name spells the value), decoding to v.
 */
struct vec {
	const char	*file;
	size_t		off;
	const char	*name;
	int64_t		v;
	size_t		n;
	uint8_t		b[12];
};

/* Raw offset of data bytes [off, off + len), which must be contiguous. */
size_t dstream_raw(const struct dstream *s, size_t off, size_t len);

#endif
