/*
 * session.h: one rsync session, whatever the role (spec/07-session.md).
 *
 * A session is the state both ends keep once the remote shell or the
 * local child is running: the negotiated protocol and compat flags, the
 * checksum choice and seed, the multiplexed stream, the file list, the
 * io_error flags and the statistics.  Roles: the client pulls (generator
 * and receiver in this one process), the client pushes (sender), the
 * server does either; a local copy is a client sender with a forked
 * server receiver.
 *
 * Failures end the process as upstream's exit_cleanup() does: a message,
 * the child joined, upstream's exit code (sess_exit).
 */
#ifndef VRSYNC_PROTO_SESSION_H
#define VRSYNC_PROTO_SESSION_H

#include <stdint.h>
#include <stdio.h>

#include "io/io.h"
#include "io/mux.h"
#include "proto/csum.h"
#include "proto/options.h"
#include "wire/flist.h"
#include "wire/wire.h"

/* errcode.h */
#define RERR_OK		0
#define RERR_SYNTAX	1
#define RERR_PROTOCOL	2
#define RERR_FILESELECT	3
#define RERR_UNSUPPORTED 4
#define RERR_STARTCLIENT 5
#define RERR_SOCKETIO	10
#define RERR_FILEIO	11
#define RERR_STREAMIO	12
#define RERR_MESSAGEIO	13
#define RERR_IPC	14
#define RERR_SIGNAL	20
#define RERR_MALLOC	22
#define RERR_PARTIAL	23
#define RERR_VANISHED	24
#define RERR_TIMEOUT	30

/* compat flags (spec 7.3) */
#define CF_INC_RECURSE		(1 << 0)
#define CF_SYMLINK_TIMES	(1 << 1)
#define CF_SYMLINK_ICONV	(1 << 2)
#define CF_SAFE_FLIST		(1 << 3)
#define CF_AVOID_XATTR_OPTIM	(1 << 4)
#define CF_CHKSUM_SEED_FIX	(1 << 5)
#define CF_INPLACE_PARTIAL_DIR	(1 << 6)
#define CF_VARINT_FLIST_FLAGS	(1 << 7)
#define CF_ID0_NAMES		(1 << 8)

/* io_error bits */
#define IOERR_GENERAL	(1 << 0)
#define IOERR_VANISHED	(1 << 1)
#define IOERR_DEL_LIMIT	(1 << 2)

/* item flags (spec 9.1) */
#define ITEM_REPORT_ATIME	0x0001
#define ITEM_REPORT_CHANGE	0x0002
#define ITEM_REPORT_SIZE	0x0004
#define ITEM_REPORT_TIMEFAIL	0x0004
#define ITEM_REPORT_TIME	0x0008
#define ITEM_REPORT_PERMS	0x0010
#define ITEM_REPORT_OWNER	0x0020
#define ITEM_REPORT_GROUP	0x0040
#define ITEM_REPORT_ACL		0x0080
#define ITEM_REPORT_XATTR	0x0100
#define ITEM_REPORT_CRTIME	0x0400
#define ITEM_BASIS_TYPE_FOLLOWS	0x0800
#define ITEM_XNAME_FOLLOWS	0x1000
#define ITEM_IS_NEW		0x2000
#define ITEM_LOCAL_CHANGE	0x4000
#define ITEM_TRANSFER		0x8000
#define ITEM_MISSING_DATA	0x10000		/* local only */
#define SIGNIFICANT_ITEM_FLAGS	(~(ITEM_BASIS_TYPE_FOLLOWS | ITEM_XNAME_FOLLOWS | ITEM_LOCAL_CHANGE) & 0xFFFF)

/* a file-list entry held in memory */
#define FL_TOP_DIR	0x01
#define FL_DUP		0x02	/* a cleared duplicate: skipped */
#define FL_SENT		0x04	/* a request went out (redo accounting) */
#define FL_REDO		0x08

struct file {
	char		*name;
	char		*link;		/* symlink target, or NULL */
	int64_t		size;
	int64_t		mtime;
	uint32_t	nsec;
	uint32_t	mode;		/* wire mode */
	uint32_t	uid;
	uint32_t	gid;
	uint32_t	rdev_major;
	uint32_t	rdev_minor;
	uint32_t	flags;		/* FL_* */
	int		root;		/* sender: index of its source dir */
	uint32_t	seq;		/* order of arrival (a stable sort) */
	uint32_t	log_iflags;	/* receiving client: what to print */
	uint8_t		log_state;	/* LOG_* */
	uint8_t		sum[WIRE_SUM_MAX];
};

#define LOG_NONE	0	/* nothing to print */
#define LOG_WAIT	1	/* its data is still to come */
#define LOG_READY	2	/* print it in its turn */

struct flist {
	struct file	*f;
	size_t		n;
	size_t		cap;
};

struct stats {
	int64_t		total_read;	/* wire bytes read */
	int64_t		total_written;
	int64_t		total_size;	/* sum of file sizes in the list */
	int64_t		literal_data;
	int64_t		matched_data;
	int64_t		flist_size;
	int64_t		flist_buildtime;
	int64_t		flist_xfertime;
	int		num_files;
	int		num_reg;
	int		num_dirs;
	int		num_links;
	int		num_devs;
	int		num_specials;
	int		created;
	int		created_reg;
	int		created_dirs;
	int		created_links;
	int		created_devs;
	int		created_specials;
	int		deleted;
	int		deleted_reg;
	int		deleted_dirs;
	int		deleted_links;
	int		deleted_devs;
	int		deleted_specials;
	int		xferred;
	int		from_peer;	/* totals read from a server sender */
};

struct child;
struct fs_root;

struct session {
	struct options	*o;
	int		am_server;
	int		am_sender;
	int		local;		/* a local copy (either side) */
	const char	*who;		/* who_am_i(): "sender", "receiver", ... */
	int		proto;
	int		remote_proto;
	int		compat;
	int		varint_flags;
	int		id0_names;
	int		seed_order;	/* proper_seed_order */
	int		safe_flist;
	int		negotiated;	/* do_negotiated_strings */
	enum csum_type	xfer_csum;
	enum csum_type	file_csum;
	int		forced_file;	/* --checksum-choice's -c sum, or -1 */
	int32_t		seed;
	int		delete_mode;	/* DEL_* resolved for the protocol */
	int		whole_file;
	struct io	*io;
	struct mux	*mux;
	struct child	*child;
	struct errbuf	*eb;
	struct errfwd	*fw;
	struct wire_ndx_state ndx_rd;
	struct wire_ndx_state ndx_wr;
	struct wire_flist_cfg fcfg;
	struct flist	fl;
	int		io_error;
	int		got_xfer_error;
	int		exit_code;	/* first failure's code, 0 */
	int		handshake_done;
	int		shutting_down;	/* the end-of-run exchange has begun */
	int		need_newline;	/* "building file list ... " is open */
	int		quiet_exit;	/* after MSG_ERROR_EXIT: no exit line */
	struct stats	st;
	int64_t		start_ms;
	int64_t		last_keepalive;	/* ms, for --timeout keep-alives */
	int64_t		prog_start;	/* --progress: the file's start (ms) */
	int64_t		prog_last_ms;
	int64_t		prog_last_ofs;
	int		prog_shown;
	const struct fs_root *tmp_root;	/* a temp file being received: removed */
	char		tmp_name[WIRE_PATH_MAX + 64];	/* by sess_exit */
	char		**implied;	/* pulling client: the names it asked for */
	int		nimplied;
	char		**roots;	/* sender: source dirs, by file.root */
	int		nroots;
};

/* Fatal: message on stderr (or to the client), then sess_exit(code). */
void	sess_fatal(struct session *s, int code, const char *site,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5), noreturn));
/* A stream failure seen by mux/io: upstream's message for it, exit. */
void	sess_io_fatal(struct session *s) __attribute__((noreturn));
/* Ends the process with code (joins the child; upstream's exit line). */
void	sess_exit(struct session *s, int code, const char *site)
	    __attribute__((noreturn));
/* Non-fatal error text "rsync: ..." (FERROR_XFER: counts for exit 23). */
void	sess_error(struct session *s, int xfer, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* An info line for the user (stdout, or MSG_INFO to the client). */
void	sess_info(struct session *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Typed reads (blocking) and writes over the session's mux. */
uint8_t	rd_byte(struct session *s);
uint16_t rd_u16(struct session *s);
int32_t	rd_int(struct session *s);
int32_t	rd_varint(struct session *s);
int64_t	rd_varlong(struct session *s, int min_bytes);
int32_t	rd_varint30(struct session *s);	/* int32 before proto 30 */
int64_t	rd_varlong30(struct session *s, int min_bytes);
int32_t	rd_ndx(struct session *s);
void	rd_bytes(struct session *s, uint8_t *buf, size_t n);
size_t	rd_vstring(struct session *s, char *buf, size_t cap);
void	wr_byte(struct session *s, uint8_t v);
void	wr_u16(struct session *s, uint16_t v);
void	wr_int(struct session *s, int32_t v);
void	wr_varint(struct session *s, int32_t v);
void	wr_varlong(struct session *s, int64_t v, int min_bytes);
void	wr_varint30(struct session *s, int32_t v);
void	wr_varlong30(struct session *s, int64_t v, int min_bytes);
void	wr_ndx(struct session *s, int32_t ndx);
void	wr_bytes(struct session *s, const uint8_t *buf, size_t n);
void	wr_vstring(struct session *s, const char *str, size_t n);
void	wr_flush(struct session *s);
void	rd_sum_head(struct session *s, struct sum_head *sh);
void	wr_sum_head(struct session *s, const struct sum_head *sh);
const char *sess_who(const struct session *s);

/* The handshake (spec 7.1-7.4): versions, compat flags, checksum
 * negotiation, seed; multiplexing switched on as upstream does. */
void	handshake_client(struct session *s);
void	handshake_server(struct session *s);

/* The file list (spec/08-flist.md). */
void	flist_send(struct session *s);
void	flist_recv(struct session *s);
void	flist_free(struct flist *fl);
int	file_is_dir(const struct file *f);
int	file_is_reg(const struct file *f);
int	file_is_link(const struct file *f);
int	file_is_dev(const struct file *f);
/* log.c %i: all-dot attributes shown as spaces */
void	blank_dots(char *item);
/* upstream's full_fname(): path made absolute for a message */
const char *full_fname(const char *path, char *buf, size_t cap);
/* The full local path of a sender's file, for messages. */
const char *file_src_path(struct session *s, const struct file *f, char *buf,
	    size_t cap);

/* SIGINT/SIGTERM/SIGHUP end the run with code 20, temp file removed. */
void	sess_signals(struct session *s);

/* With --timeout: an empty MSG_DATA when we have been quiet for half
 * of it (io.c maybe_send_keepalive), so the peer does not time out. */
void	sess_keepalive(struct session *s);

/* --progress (progress.c) */
void	progress_start(struct session *s, int64_t size, int show_zero);
void	progress_update(struct session *s, int64_t ofs, int64_t size);
void	progress_end(struct session *s, int64_t size, int32_t ndx);
/* A number as upstream prints it: 1,234,567 (or 1.23M with -hh...). */
const char *sess_num(const struct session *s, int64_t v, char *buf, size_t cap);

/* The roles (spec/09-transfer.md). */
void	do_sender(struct session *s);
void	do_receiver(struct session *s, const char *dest);

/* The messages a peer may send (MSG_INFO, MSG_ERROR_EXIT, ...). */
int	sess_on_msg(void *arg, int tag, const uint8_t *p, size_t n);

#endif
