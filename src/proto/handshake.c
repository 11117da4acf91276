/*
 * handshake.c: the start of a session (spec/07-session.md 7.1-7.4;
 * upstream compat.c setup_protocol): protocol versions, compat flags,
 * the checksum negotiation and the seed, then multiplexing switched on
 * in each direction as upstream does.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proto/session.h"

#define PROTO_OURS	32
#define PROTO_MIN	27	/* vrsync speaks 27..32 */

/* The letters after "-e." that vrsync's client sends and its server
 * understands (no 'i': no incremental recursion). */
const char *const vrsync_caps = ".LsfxCIvu";

/* Both sides write their version, then read the other's (no deadlock:
 * neither waits before writing). */
static void
versions(struct session *s)
{
	int ours = s->o->protocol != 0 ? s->o->protocol : PROTO_OURS;

	wr_int(s, ours);
	wr_flush(s);
	s->remote_proto = rd_int(s);
	s->proto = ours < s->remote_proto ? ours : s->remote_proto;
	if (s->remote_proto < 20 || s->remote_proto > 40)
		sess_fatal(s, RERR_PROTOCOL, "compat.c(622)",
		    "protocol version mismatch -- is your shell clean?\n"
		    "(see the rsync manpage for an explanation)\n");
	if (s->proto > PROTO_OURS)
		sess_fatal(s, RERR_PROTOCOL, "compat.c(639)",
		    "--protocol must be no more than %d on the %s.\n", PROTO_OURS,
		    s->am_server ? "Server" : "Client");
	if (s->proto < PROTO_MIN)
		sess_fatal(s, RERR_PROTOCOL, "compat.c(632)",
		    "vrsync: protocol %d is not supported (vrsync speaks"
		    " %d to %d)\n", s->proto, PROTO_MIN, PROTO_OURS);
	s->handshake_done = 1;
}

/* The flags both sides derive from the compat flags. */
static void
derive(struct session *s)
{
	if (s->proto >= 30) {
		s->seed_order = !!(s->compat & CF_CHKSUM_SEED_FIX);
		s->varint_flags = !!(s->compat & CF_VARINT_FLIST_FLAGS);
		s->id0_names = !!(s->compat & CF_ID0_NAMES);
		s->negotiated = s->varint_flags;
	}
	s->safe_flist = (s->compat & CF_SAFE_FLIST) || s->proto >= 31;
	if (s->o->delete_mode == DEL_AUTO)
		s->delete_mode = s->proto < 30 ? DEL_BEFORE : DEL_DURING;
	else
		s->delete_mode = s->o->delete_mode;
}

/* Is name (n bytes) a word of the space-separated list? */
static int
in_list(const char *list, const char *name, size_t n)
{
	const char *p = list;

	while (*p != 0) {
		const char *e = strchr(p, ' ');
		size_t k = e != NULL ? (size_t)(e - p) : strlen(p);

		if (k == n && memcmp(p, name, n) == 0)
			return 1;
		p += k;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* The first name of our list the peer also has (upstream's rule gives
 * the same with canonical lists). */
static int
choose(struct session *s, const char *ours, const char *theirs)
{
	const char *p = ours;

	while (*p != 0) {
		const char *e = strchr(p, ' ');
		size_t k = e != NULL ? (size_t)(e - p) : strlen(p);
		int t = csum_by_name(p, k);

		if (t >= 0 && in_list(theirs, p, k))
			return t;
		p += k;
		while (*p == ' ')
			p++;
	}
	sess_fatal(s, RERR_UNSUPPORTED, "compat.c(473)",
	    "Failed to negotiate a checksum choice.\n"
	    "%s list: %s\n%s list: %s\n", s->am_server ? "Client" : "Server",
	    theirs, s->am_server ? "Server" : "Client", ours);
}

/*
 * --checksum-choice=X[,Y] (checksum.c parse_checksum_choice): X for the
 * transfer, Y (or X) for -c.  Only "auto" or "auto,auto" leaves the
 * choice to the negotiation (returns 1); any other value fixes both, no
 * lists are exchanged, and an "auto" part means the implied checksum.
 */
static int
forced_choice(struct session *s)
{
	const char *cc = s->o->checksum_choice, *comma = strchr(cc, ',');
	size_t n1 = comma != NULL ? (size_t)(comma - cc) : strlen(cc);
	const char *c2 = comma != NULL ? comma + 1 : cc;
	size_t n2 = comma != NULL ? strlen(c2) : n1;
	int a1 = n1 == 4 && memcmp(cc, "auto", 4) == 0;
	int a2 = n2 == 4 && memcmp(c2, "auto", 4) == 0;
	enum csum_type implied = s->proto >= 30 ? CSUM_MD5 : CSUM_MD4_OLD;
	int t1 = a1 ? (int)implied : csum_by_name(cc, n1);
	int t2 = a2 ? (int)implied : csum_by_name(c2, n2);

	if (a1 && a2)
		return 1;
	if (t1 < 0 || t2 < 0)
		sess_fatal(s, RERR_UNSUPPORTED, "checksum.c(157)",
		    "unknown checksum name: %s\n", cc);
	s->xfer_csum = (enum csum_type)t1;
	s->file_csum = (enum csum_type)t2;
	/* a named md5 puts the seed first; the implied one as negotiated */
	if (!a1)
		s->seed_order = 1;
	return 0;
}

/* The checksum when nothing is negotiated (checksum.c parse_csum_name(NULL)). */
static void
implied_choice(struct session *s)
{
	s->xfer_csum = s->proto >= 30 ? CSUM_MD5 : CSUM_MD4_OLD;
	s->file_csum = s->xfer_csum;
}

static void
negotiate(struct session *s)
{
	char theirs[256];
	const char *ours;

	s->forced_file = -1;
	if (s->o->checksum_choice != NULL && forced_choice(s) == 0)
		return;
	if (!s->negotiated) {
		implied_choice(s);
		if (s->forced_file >= 0)
			s->file_csum = (enum csum_type)s->forced_file;
		return;
	}
	ours = csum_offer(s->am_server);
	wr_vstring(s, ours, strlen(ours));
	wr_flush(s);
	(void)rd_vstring(s, theirs, sizeof theirs);
	s->xfer_csum = (enum csum_type)choose(s, ours, theirs);
	s->file_csum = s->xfer_csum;
	/* a negotiated md5 puts the seed first whatever CF_CHKSUM_SEED_FIX
	 * says (checksum.c get_checksum2: the OpenSSL path) */
	s->seed_order = 1;
	if (s->forced_file >= 0)
		s->file_csum = (enum csum_type)s->forced_file;
}

static void
set_cfg(struct session *s)
{
	struct wire_flist_cfg *c = &s->fcfg;

	memset(c, 0, sizeof *c);
	c->proto = s->proto;
	c->varint_flags = s->varint_flags;
	c->safe_flist = s->safe_flist;
	c->uid = s->o->owner;
	c->gid = s->o->group;
	c->links = s->o->links;
	c->devices = s->o->devices;
	c->specials = s->o->specials;
	c->id0_names = s->id0_names;
	c->csum_len = s->o->checksum ? csum_len(s->file_csum) : 0;
	wire_ndx_init(&s->ndx_rd);
	wire_ndx_init(&s->ndx_wr);
}

void
handshake_client(struct session *s)
{
	s->mux->one_byte = 1;	/* nothing of the multiplexed stream before its time */
	versions(s);
	if (s->proto >= 30)
		s->compat = rd_varint(s);
	if (s->compat & CF_INC_RECURSE)
		sess_fatal(s, RERR_SYNTAX, "compat.c(806)",
		    "Incompatible options specified for inc-recursive"
		    " connection.\n");
	derive(s);
	negotiate(s);
	s->seed = rd_int(s);
	s->mux->one_byte = 0;
	s->mux->mplex_in = 1;
	s->mux->mplex_out = s->proto >= 30;
	set_cfg(s);
}

/* The compat flags for what the client said it understands. */
static int
server_compat(const char *caps)
{
	int cf = CF_SYMLINK_TIMES;

	if (caps == NULL)
		return cf;
	if (strchr(caps, 'f') != NULL)
		cf |= CF_SAFE_FLIST;
	if (strchr(caps, 'x') != NULL)
		cf |= CF_AVOID_XATTR_OPTIM;
	if (strchr(caps, 'C') != NULL)
		cf |= CF_CHKSUM_SEED_FIX;
	if (strchr(caps, 'I') != NULL)
		cf |= CF_INPLACE_PARTIAL_DIR;
	if (strchr(caps, 'u') != NULL)
		cf |= CF_ID0_NAMES;
	if (strchr(caps, 'v') != NULL)
		cf |= CF_VARINT_FLIST_FLAGS;
	return cf;
}

void
handshake_server(struct session *s)
{
	s->mux->one_byte = 1;
	versions(s);
	if (s->proto >= 30) {
		s->compat = server_compat(s->local ? vrsync_caps :
		    s->o->client_caps);
		wr_varint(s, s->compat);
	}
	derive(s);
	negotiate(s);
	s->seed = s->o->checksum_seed != 0 ? s->o->checksum_seed :
	    (int32_t)((uint32_t)time(NULL) ^ ((uint32_t)getpid() << 6));
	wr_int(s, s->seed);
	wr_flush(s);
	s->mux->mplex_out = 1;
	s->mux->one_byte = 0;
	s->mux->mplex_in = s->proto >= 30;
	set_cfg(s);
}
