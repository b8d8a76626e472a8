/*
 * One control connection: reading frames, running them in the session,
 * writing the responses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "common/secret.h"
#include "vtid/ctl/ctl_conn.h"
#include "vtid/ctl/ctl_proto.h"
#include "vtid/ctl/ctl_server.h"
#include "vtid/daemon.h"

#define CTL_IN_MAX (CTL_REQ_HDR_LEN + CTL_MAX_PAYLOAD)
#define CTL_IN_MIN 4096

static bool peer_in_group(int fd, gid_t gid)
{
	gid_t small[64], *groups = small;
	socklen_t len = sizeof(small);
	bool yes = false;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0) {
		if (errno != ERANGE || !(groups = malloc(len)))
			return false;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
			len = 0;
	}
	for (size_t i = 0; i < len / sizeof(gid_t); i++)
		yes = yes || groups[i] == gid;
	if (groups != small)
		free(groups);
	return yes;
}

static bool peer_allowed(const struct ctl_server *srv, int fd, struct ucred *cred)
{
	socklen_t len = sizeof(*cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len) < 0) {
		log_fault(LOGM_CTL, "SO_PEERCRED: %s", strerror(errno));
		return false;
	}
	if (cred->uid == 0 || cred->uid == geteuid())
		return true;
	if (!srv->have_gid)
		return false;
	return cred->gid == srv->gid || peer_in_group(fd, srv->gid);
}

/* Queue one response (the connection has none pending). */
static void conn_reply(struct ctl_conn *c, enum ctl_status st, uint16_t flags, const char *text,
		       size_t len)
{
	static const char too_big[] = "% The output is above the 1 MiB limit of a reply\n";
	static const char nomem[] = "% Out of memory\n";
	struct wire_writer w;

	if (len > CTL_MAX_PAYLOAD) {
		st = CTL_ST_TOO_LARGE;
		flags &= (uint16_t)~CTL_RF_JSON;
		text = too_big;
		len = sizeof(too_big) - 1;
	}
	c->out = malloc(CTL_RSP_HDR_LEN + len);
	if (!c->out) {
		/* Not even room for the reply: say so from static memory, or
		 * give up on this client. */
		static uint8_t fallback[CTL_RSP_HDR_LEN + sizeof(nomem)];

		wire_wr_init_fixed(&w, fallback, sizeof(fallback));
		ctl_rsp_encode(&w, CTL_ST_INTERNAL, (uint8_t)ctl_session_mode(&c->sess),
			       CTL_RF_CLOSE, nomem, sizeof(nomem) - 1);
		(void)!send(c->fd, fallback, wire_wr_len(&w), MSG_NOSIGNAL | MSG_DONTWAIT);
		c->close_after = true;
		return;
	}
	wire_wr_init_fixed(&w, c->out, CTL_RSP_HDR_LEN + len);
	ctl_rsp_encode(&w, st, (uint8_t)ctl_session_mode(&c->sess), flags, text, len);
	c->out_len = wire_wr_len(&w);
	c->out_off = 0;
}

static void conn_reply_msg(struct ctl_conn *c, enum ctl_status st, uint16_t flags,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void conn_reply_msg(struct ctl_conn *c, enum ctl_status st, uint16_t flags,
			   const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	conn_reply(c, st, flags, buf, strlen(buf));
}

static void conn_consume(struct ctl_conn *c, size_t n)
{
	if (n > c->in_len)
		n = c->in_len;
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

static void conn_request(struct ctl_conn *c, const struct ctl_frame *f)
{
	struct ctl_reply r = {.out = STRBUF_INIT};
	const char *why;
	uint16_t flags = 0;
	char *line;

	if (ctl_line_check(f->payload, f->len, &why) < 0) {
		log_peer(LOGM_CTL, "connection %u (pid %d): %s", c->id, (int)c->pid, why);
		conn_reply_msg(c, CTL_ST_MALFORMED, 0, "%% Malformed request: %s\n", why);
		return;
	}
	line = strndup((const char *)f->payload, f->len);
	if (!line) {
		conn_reply_msg(c, CTL_ST_INTERNAL, 0, "%% Out of memory\n");
		return;
	}
	ctl_session_request(&c->sess, (enum ctl_type)f->type, line, &r);
	secret_strfree(line); /* a config line may carry a PSK */
	if (r.json)
		flags |= CTL_RF_JSON;
	if (c->sess.closing) {
		flags |= CTL_RF_CLOSE;
		c->close_after = true;
	}
	conn_reply(c, r.status, flags, sb_str(&r.out), r.out.len);
	sb_free(&r.out);
}

/* Handle the next frame if it is all in.  False when more input is needed. */
static bool conn_handle_one(struct ctl_conn *c)
{
	struct ctl_frame f;
	const char *why = "";
	int ret;

	ret = ctl_frame_parse(c->in, c->in_len, false, &f, &why);
	if (ret == 0) {
		if (!c->eof)
			return false;
		if (c->in_len)
			log_peer(LOGM_CTL, "connection %u (pid %d): closed in the middle of a frame",
				 c->id, (int)c->pid);
		c->close_after = true;
		return true;
	}
	if (ret == -EPROTO || ret == -EMSGSIZE) {
		log_peer(LOGM_CTL, "connection %u (pid %d): %s; closing it", c->id, (int)c->pid,
			 why);
		conn_reply_msg(c, ret == -EMSGSIZE ? CTL_ST_TOO_LARGE : CTL_ST_MALFORMED,
			       CTL_RF_CLOSE, "%% Malformed request: %s; closing the connection\n",
			       why);
		c->close_after = true;
		c->in_len = 0;
		return true;
	}
	if (ret == -EBADMSG) {
		log_peer(LOGM_CTL, "connection %u (pid %d): %s", c->id, (int)c->pid, why);
		conn_reply_msg(c, CTL_ST_MALFORMED, 0, "%% Malformed request: %s\n", why);
	} else {
		conn_request(c, &f);
	}
	conn_consume(c, f.frame_len);
	return true;
}

/* Write what is pending.  False when the connection was closed. */
static bool conn_flush(struct ctl_conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ev_io_modify(&c->io, EV_WRITE);
			return true;
		}
		if (n < 0) {
			log_info(LOGM_CTL, "connection %u: %s", c->id, strerror(errno));
			ctl_conn_close(c);
			return false;
		}
		c->out_off += (size_t)n;
	}
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = 0;
	if (c->close_after) {
		ctl_conn_close(c);
		return false;
	}
	ev_io_modify(&c->io, EV_READ);
	return true;
}

static void conn_run(struct ctl_conn *c)
{
	for (;;) {
		if (c->out_len) {
			if (!conn_flush(c) || c->out_len)
				return;
		}
		if (c->close_after) {
			ctl_conn_close(c);
			return;
		}
		if (!conn_handle_one(c))
			return;
	}
}

/* Read what is there.  False when the connection was closed. */
static bool conn_read(struct ctl_conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->in_len == c->in_cap) {
			size_t cap = c->in_cap ? c->in_cap * 2 : CTL_IN_MIN;
			uint8_t *p;

			if (c->in_cap >= CTL_IN_MAX)
				return true; /* a whole frame is in: handle it first */
			if (cap > CTL_IN_MAX)
				cap = CTL_IN_MAX;
			/* Not realloc: the old buffer may hold a PSK and is
			 * wiped before it goes back to the allocator. */
			p = malloc(cap);
			if (!p) {
				log_fault(LOGM_CTL, "connection %u: out of memory", c->id);
				ctl_conn_close(c);
				return false;
			}
			if (c->in_len)
				memcpy(p, c->in, c->in_len);
			secret_free(c->in, c->in_cap);
			c->in = p;
			c->in_cap = cap;
		}
		n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n < 0) {
			log_info(LOGM_CTL, "connection %u: %s", c->id, strerror(errno));
			ctl_conn_close(c);
			return false;
		}
		if (n == 0) {
			c->eof = true;
			return true;
		}
		c->in_len += (size_t)n;
	}
}

static void conn_io(struct ev_io *io, unsigned revents, void *arg)
{
	struct ctl_conn *c = arg;

	(void)io;
	if (!c->out_len && (revents & (EV_READ | EV_ERROR)) && !conn_read(c))
		return;
	conn_run(c);
}

void ctl_conn_close(struct ctl_conn *c)
{
	struct ctl_server *srv = c->srv;

	log_debug(LOGM_CTL, "connection %u closed", c->id);
	ev_io_stop(&c->io);
	close(c->fd);
	ctl_session_fini(&c->sess);
	if (c->next)
		c->next->pprev = c->pprev;
	*c->pprev = c->next;
	srv->nconns--;
	secret_free(c->in, c->in_cap);
	free(c->out);
	free(c);
}

static void conn_refuse_busy(struct ctl_server *srv, int fd)
{
	static const char msg[] = "% Too many control connections; try again later\n";
	uint8_t buf[CTL_RSP_HDR_LEN + sizeof(msg)];
	struct wire_writer w;

	log_peer(LOGM_CTL, "refusing a control connection: %zu are open", srv->nconns);
	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ctl_rsp_encode(&w, CTL_ST_BUSY, 0, CTL_RF_CLOSE, msg, sizeof(msg) - 1);
	(void)!send(fd, buf, wire_wr_len(&w), MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

void ctl_conn_accept(struct ctl_server *srv, int fd)
{
	struct ucred cred = {0};
	struct ctl_conn *c;
	bool allowed;
	int ret;

	if (srv->nconns >= CTL_MAX_CONNECTIONS) {
		conn_refuse_busy(srv, fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		log_fault(LOGM_CTL, "out of memory accepting a control connection");
		close(fd);
		return;
	}
	allowed = peer_allowed(srv, fd, &cred);
	c->srv = srv;
	c->fd = fd;
	c->id = ++srv->next_id;
	c->pid = cred.pid;
	c->uid = cred.uid;
	ctl_session_init(&c->sess, srv->d, c->id);
	c->next = srv->conns;
	if (c->next)
		c->next->pprev = &c->next;
	c->pprev = &srv->conns;
	srv->conns = c;
	srv->nconns++;
	ret = ev_io_start(srv->d->loop, &c->io, fd, EV_READ, conn_io, c);
	if (ret < 0) {
		log_fault(LOGM_CTL, "cannot watch a control connection: %s", strerror(-ret));
		ctl_conn_close(c);
		return;
	}
	if (!allowed) {
		log_peer(LOGM_CTL, "connection %u: uid %u (pid %d) is not root nor in group vtid",
			 c->id, (unsigned)cred.uid, (int)cred.pid);
		conn_reply_msg(c, CTL_ST_DENIED, CTL_RF_CLOSE,
			       "%% Permission denied: uid %u is not root and not in group vtid\n",
			       (unsigned)cred.uid);
		c->close_after = true;
		conn_run(c);
		return;
	}
	log_debug(LOGM_CTL, "connection %u from pid %d, uid %u", c->id, (int)cred.pid,
		  (unsigned)cred.uid);
}
