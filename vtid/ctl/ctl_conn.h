/*
 * Inside the control server: the server and one client connection.  Only
 * vtid/ctl/ctl_server.c and ctl_conn.c use this.
 */
#ifndef VT_CTL_CONN_H
#define VT_CTL_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/evloop.h"
#include "vtid/ctl/ctl_session.h"

struct ctl_conn;

struct ctl_server {
	struct vtid_daemon *d;
	char *path;
	int fd;
	bool bound;
	ino_t ino; /* of the socket file we bound */
	struct ev_io io;
	bool have_gid;
	gid_t gid; /* group vtid */
	struct ctl_conn *conns;
	size_t nconns;
	unsigned next_id;
};

struct ctl_conn {
	struct ctl_server *srv;
	struct ctl_conn *next, **pprev;
	int fd;
	struct ev_io io;
	unsigned id;
	pid_t pid;
	uid_t uid;
	uint8_t *in; /* received, not yet handled */
	size_t in_len, in_cap;
	uint8_t *out; /* one encoded response being written */
	size_t out_len, out_off;
	bool close_after; /* close once out is written */
	bool eof;         /* the peer will send no more */
	struct ctl_session sess;
};

/* Take over an accepted socket: credentials, session, watching. */
void ctl_conn_accept(struct ctl_server *srv, int fd);
/* Close now, dropping whatever is buffered. */
void ctl_conn_close(struct ctl_conn *c);

#endif
