/*
 * sender.c: the sending side (spec/09-transfer.md; upstream sender.c
 * send_files and main.c read_final_goodbye): it answers the generator's
 * requests in the order they come, each with the file's delta against
 * the sums the generator sent, and counts the NDX_DONEs of the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/fs.h"
#include "proto/match.h"
#include "proto/session.h"

const struct fs_root *flist_root(int i);

struct send_io {
	struct session	*s;
	int		fd;
	int		err;
	const struct sum_head *sh;
	int64_t		ofs;		/* --progress: bytes of the file sent */
	int64_t		size;
};

static long
send_read(void *arg, uint8_t *buf, size_t n)
{
	struct send_io *x = arg;
	long k = fs_read(x->fd, buf, n);

	if (k < 0) {
		x->err = (int)-k;
		errno = x->err;
		return -1;
	}
	return k;
}

static int
send_emit(void *arg, const uint8_t *buf, size_t n, int32_t block)
{
	struct send_io *x = arg;

	if (buf == NULL) {
		wr_int(x->s, -(block + 1));
		x->ofs += block == x->sh->count - 1 && x->sh->remainder ?
		    x->sh->remainder : x->sh->blength;
	} else {
		wr_int(x->s, (int32_t)n);
		wr_bytes(x->s, buf, n);
		x->ofs += (int64_t)n;
	}
	progress_update(x->s, x->ofs, x->size);
	return 0;
}

/* The block sums of a request (sender.c receive_sums). */
static void
read_sums(struct session *s, struct sum_set *ss)
{
	rd_sum_head(s, &ss->sh);
	ss->blocks = NULL;
	if (ss->sh.count == 0)
		return;
	ss->blocks = calloc((size_t)ss->sh.count, sizeof *ss->blocks);
	if (ss->blocks == NULL)
		sess_fatal(s, RERR_MALLOC, "sender.c(90)",
		    "ERROR: out of memory in receive_sums\n");
	for (int32_t i = 0; i < ss->sh.count; i++) {
		ss->blocks[i].sum1 = (uint32_t)rd_int(s);
		rd_bytes(s, ss->blocks[i].sum2, (size_t)ss->sh.s2length);
	}
}

static void
log_sent(struct session *s, const struct file *f, uint32_t iflags)
{
	if (s->am_server)
		return;
	if (s->o->itemize) {
		char t = file_is_dir(f) ? 'd' : file_is_link(f) ? 'L' :
		    file_is_dev(f) ? 'D' : file_is_reg(f) ? 'f' : 'S';
		char item[12];
		int isnew = (iflags & ITEM_IS_NEW) != 0;

		item[0] = (iflags & ITEM_TRANSFER) ? (s->local ? '>' : '<') :
		    (iflags & ITEM_LOCAL_CHANGE) || isnew ? 'c' : '.';
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
			item[8] = item[9] = item[10] = '.';
		}
		item[11] = 0;
		blank_dots(item);
		sess_info(s, "%s %s%s%s%s\n", item, f->name,
		    file_is_dir(f) ? "/" : "", f->link ? " -> " : "",
		    f->link ? f->link : "");
	} else if ((s->o->verbose || s->o->progress) &&
	    ((iflags & ITEM_TRANSFER) || file_is_dir(f) ||
	    (iflags & ITEM_LOCAL_CHANGE)))	/* log.c maybe_log_item */
		sess_info(s, "%s%s%s%s\n", f->name, file_is_dir(f) ? "/" : "",
		    f->link ? " -> " : "", f->link ? f->link : "");
}

/* Echo of an item the sender does not transfer (write_ndx_and_attrs). */
static void
echo_item(struct session *s, int32_t ndx, uint32_t iflags, int type,
    const char *xname, size_t xlen)
{
	wr_ndx(s, ndx);
	if (s->proto >= 29)
		wr_u16(s, (uint16_t)iflags);
	if (iflags & ITEM_BASIS_TYPE_FOLLOWS)
		wr_byte(s, (uint8_t)type);
	if (iflags & ITEM_XNAME_FOLLOWS)
		wr_vstring(s, xname, xlen);
}

/* One requested file: its delta, or MSG_NO_SEND if it cannot be read. */
static void
send_one(struct session *s, int32_t ndx, uint32_t iflags, int type,
    const char *xname, size_t xlen)
{
	struct file *f = &s->fl.f[ndx];
	struct sum_set ss;
	struct send_io x = { s, -1, 0, NULL, 0, f->size };
	struct match_io mio = { send_read, send_emit, &x };
	uint8_t sum[CSUM_MAX_LEN];
	char path[8192];
	int64_t lit = 0, mat = 0;
	int rc;

	if (s->o->dry_run) {
		s->st.xferred++;	/* upstream counts it in a dry run too */
		f->flags |= FL_SENT;
		echo_item(s, ndx, iflags, type, xname, xlen);
		log_sent(s, f, iflags);
		return;
	}
	read_sums(s, &ss);
	rc = fs_open_read(flist_root(f->root), f->name, &x.fd);
	if (rc != 0) {
		if (rc == -ENOENT) {
			s->io_error |= IOERR_VANISHED;
			sess_error(s, 0, "file has vanished: \"%s\"\n",
			    file_src_path(s, f, path, sizeof path));
		} else {
			s->io_error |= IOERR_GENERAL;
			sess_error(s, 1, "rsync: [sender] send_files failed to open"
			    " \"%s\": %s (%d)\n", file_src_path(s, f, path,
			    sizeof path), strerror(-rc), -rc);
		}
		free(ss.blocks);
		if (s->proto >= 30) {
			uint8_t b[4] = { (uint8_t)ndx, (uint8_t)(ndx >> 8),
			    (uint8_t)(ndx >> 16), (uint8_t)(ndx >> 24) };

			if (mux_msg(s->mux, MSG_NO_SEND, b, 4) != 0)
				sess_io_fatal(s);
		}
		return;
	}
	echo_item(s, ndx, iflags, type, xname, xlen);
	wr_sum_head(s, &ss.sh);
	x.sh = &ss.sh;
	s->st.xferred++;
	log_sent(s, f, iflags);		/* upstream logs before the transfer */
	progress_start(s, f->size, 0);
	rc = match_run(&ss, s->xfer_csum, s->seed, s->seed_order, f->size, &mio,
	    sum, &lit, &mat);
	wr_int(s, 0);	/* the end of the tokens */
	if (rc != 0) {
		/* a read error: match_run left a sum that cannot match, so
		 * the receiver discards the file (upstream does) */
		s->io_error |= IOERR_GENERAL;
		sess_error(s, 1, "rsync: [sender] read errors mapping \"%s\":"
		    " %s (%d)\n", file_src_path(s, f, path, sizeof path),
		    strerror(x.err), x.err);
	}
	wr_bytes(s, sum, (size_t)csum_len(s->xfer_csum));
	s->st.literal_data += lit;
	s->st.matched_data += mat;
	progress_end(s, x.ofs, ndx);
	fs_close(x.fd);
	free(ss.blocks);
	f->flags |= FL_SENT;
}

/* --stats: what the receiver made new, by type (sender.c send_files) */
static void
count_created(struct session *s, const struct file *f)
{
	if (file_is_reg(f))
		s->st.created_reg++;
	else if (file_is_dir(f))
		s->st.created_dirs++;
	else if (file_is_link(f))
		s->st.created_links++;
	else if (file_is_dev(f))
		s->st.created_devs++;
	else
		s->st.created_specials++;
}

/* read_final_goodbye: NDX_DEL_STATS (forwarded by a server), then for
 * protocol 31 the generator's #4 echoed, then the final NDX_DONE. */
static void
final_goodbye(struct session *s)
{
	int32_t ndx;

	s->shutting_down = 1;
	if (s->proto < 29) {
		ndx = rd_int(s);
	} else {
		for (;;) {
			ndx = rd_ndx(s);
			if (ndx != NDX_DEL_STATS)
				break;
			{
				int32_t v[5];

				for (int i = 0; i < 5; i++)
					v[i] = rd_varint(s);
				if (s->am_server) {
					wr_ndx(s, NDX_DEL_STATS);
					for (int i = 0; i < 5; i++)
						wr_varint(s, v[i]);
				} else if (s->o->stats) {
					s->st.deleted = v[0] + v[1] + v[2] + v[3] + v[4];
					s->st.deleted_reg = v[0];
					s->st.deleted_dirs = v[1];
					s->st.deleted_links = v[2];
					s->st.deleted_devs = v[3];
					s->st.deleted_specials = v[4];
				}
			}
		}
		if (s->proto >= 31 && ndx == NDX_DONE) {
			wr_ndx(s, NDX_DONE);
			wr_flush(s);
			ndx = rd_ndx(s);
		}
	}
	if (ndx != NDX_DONE)
		sess_fatal(s, RERR_PROTOCOL, "main.c(1053)",
		    "Invalid packet at end of run (%d) [%s]\n", ndx, s->who);
}

void
do_sender(struct session *s)
{
	int phase = 0, max_phase = s->proto >= 29 ? 2 : 1;
	int save_io_error = s->io_error;
	char xname[WIRE_PATH_MAX];

	s->who = "sender";
	for (;;) {
		int32_t ndx = rd_ndx(s);
		uint32_t iflags;
		int type = 0;
		size_t xlen = 0;

		if (ndx == NDX_DONE) {
			if (++phase > max_phase)
				break;
			wr_ndx(s, NDX_DONE);
			wr_flush(s);
			continue;
		}
		if (ndx < 0 || (size_t)ndx >= s->fl.n)
			sess_fatal(s, RERR_PROTOCOL, "rsync.c(339)",
			    "Invalid file index: %d (count=%zu) [%s]\n", ndx,
			    s->fl.n, s->who);
		iflags = s->proto >= 29 ? rd_u16(s) : ITEM_TRANSFER | ITEM_MISSING_DATA;
		if (iflags & ITEM_BASIS_TYPE_FOLLOWS)
			type = rd_byte(s);
		if (iflags & ITEM_XNAME_FOLLOWS)
			xlen = rd_vstring(s, xname, sizeof xname);
		if (!(iflags & ITEM_TRANSFER)) {
			log_sent(s, &s->fl.f[ndx], iflags);
			echo_item(s, ndx, iflags, type, xname, xlen);
			if (iflags & ITEM_IS_NEW)
				count_created(s, &s->fl.f[ndx]);
			continue;
		}
		if ((iflags & ITEM_IS_NEW) && !(s->fl.f[ndx].flags & FL_SENT))
			s->st.created_reg++;
		if (phase == 2)
			sess_fatal(s, RERR_PROTOCOL, "sender.c(260)",
			    "got transfer request in phase 2 [%s]\n", s->who);
		if (!file_is_reg(&s->fl.f[ndx]))
			sess_fatal(s, RERR_PROTOCOL, "sender.c(250)",
			    "received request to transfer non-regular file: %d"
			    " [%s]\n", ndx, s->who);
		send_one(s, ndx, iflags, type, xname, xlen);
	}
	if (s->io_error != save_io_error && s->proto >= 30) {
		uint8_t b[4] = { (uint8_t)s->io_error, 0, 0, 0 };

		if (mux_msg(s->mux, MSG_IO_ERROR, b, 4) != 0)
			sess_io_fatal(s);
	}
	wr_ndx(s, NDX_DONE);
	if (s->am_server) {
		s->st.total_read = (int64_t)s->io->total_read;
		s->st.total_written = (int64_t)s->io->total_written;
		wr_varlong30(s, s->st.total_read, 3);
		wr_varlong30(s, s->st.total_written, 3);
		wr_varlong30(s, s->st.total_size, 3);
		if (s->proto >= 29) {
			wr_varlong30(s, s->st.flist_buildtime, 3);
			wr_varlong30(s, s->st.flist_xfertime, 3);
		}
	}
	wr_flush(s);
	final_goodbye(s);
	wr_flush(s);
}
