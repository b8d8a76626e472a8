/*
 * One BGP connection's socket: the receive buffer and framing with a
 * per-pass message budget, and the send queue with its high and low water
 * marks.  What a message means is session_fsm.c's business.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/session_int.h"
#include "common/log.h"

static void bgp_conn_io_cb(struct ev_io *io, unsigned revents, void *arg);

static void bgp_conn_rx_more_cb(struct ev_timer *t, void *arg)
{
	struct bgp_conn *c = arg;

	(void)t;
	bgp_session_enter(c->s);
	if (c->rx_more_fresh) {
		/* Armed during this pass's I/O, which used this pass's budget;
		 * re-arming from a timer callback waits for the next pass. */
		c->rx_more_fresh = false;
		ev_timer_arm(&c->rx_more, 0);
	} else {
		bgp_conn_rx_run(c);
	}
	bgp_session_leave(c->s);
}

static void bgp_conn_hold_cb(struct ev_timer *t, void *arg)
{
	struct bgp_conn *c = arg;

	(void)t;
	bgp_session_enter(c->s);
	bgp_conn_hold_expired(c);
	bgp_session_leave(c->s);
}

static void bgp_conn_keepalive_cb(struct ev_timer *t, void *arg)
{
	struct bgp_conn *c = arg;

	(void)t;
	bgp_session_enter(c->s);
	bgp_conn_keepalive_due(c);
	bgp_session_leave(c->s);
}

void bgp_conn_init(struct bgp_session *s, struct bgp_conn *c, bool outgoing)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->fd = -1;
	c->outgoing = outgoing;
	c->st = BGP_ST_IDLE;
	ev_timer_init(&c->hold, s->loop, bgp_conn_hold_cb, c);
	ev_timer_init(&c->keepalive, s->loop, bgp_conn_keepalive_cb, c);
	ev_timer_init(&c->rx_more, s->loop, bgp_conn_rx_more_cb, c);
}

bool bgp_conn_open(const struct bgp_conn *c)
{
	return c->fd >= 0;
}

struct bgp_conn *bgp_conn_other(struct bgp_conn *c)
{
	return c->outgoing ? &c->s->conn[BGP_CONN_IN] : &c->s->conn[BGP_CONN_OUT];
}

static unsigned bgp_conn_events(const struct bgp_conn *c)
{
	/* A socket still connecting is only watched for the result. */
	if (c->st == BGP_ST_CONNECT)
		return EV_WRITE;
	return EV_READ | (c->tx_len > c->tx_off ? EV_WRITE : 0);
}

void bgp_conn_rewatch(struct bgp_conn *c)
{
	unsigned want = bgp_conn_events(c);
	int rc;

	if (!ev_io_active(&c->io) || c->io_events == want)
		return;
	rc = ev_io_modify(&c->io, want);
	if (rc < 0)
		log_fault(LOGM_BGP, "%s: cannot watch socket: %s", c->s->name, strerror(-rc));
	else
		c->io_events = want;
}

int bgp_conn_attach(struct bgp_conn *c, int fd, enum bgp_state st)
{
	int rc;

	c->rx = malloc(BGP_RX_CAP);
	if (!c->rx) {
		log_fault(LOGM_BGP, "%s: no memory for a connection", c->s->name);
		close(fd);
		return -ENOMEM;
	}
	c->fd = fd;
	c->st = st;
	c->io_events = bgp_conn_events(c);
	rc = ev_io_start(c->s->loop, &c->io, fd, c->io_events, bgp_conn_io_cb, c);
	if (rc < 0) {
		log_fault(LOGM_BGP, "%s: cannot watch socket: %s", c->s->name, strerror(-rc));
		bgp_conn_close(c);
		return rc;
	}
	return 0;
}

void bgp_sock_close_gently(int fd)
{
	uint8_t sink[4096];
	int budget = 64; /* 256 KiB at most: never spin on a peer that floods */

	while (budget-- > 0) {
		ssize_t r = recv(fd, sink, sizeof(sink), MSG_DONTWAIT);

		if (r > 0 || (r < 0 && errno == EINTR))
			continue;
		break;
	}
	(void)shutdown(fd, SHUT_WR);
	close(fd);
}

static void bgp_conn_release(struct bgp_conn *c, bool gently)
{
	ev_io_stop(&c->io);
	if (c->fd >= 0) {
		if (gently)
			bgp_sock_close_gently(c->fd);
		else
			close(c->fd);
	}
	c->fd = -1;
	ev_timer_cancel(&c->hold);
	ev_timer_cancel(&c->keepalive);
	ev_timer_cancel(&c->rx_more);
	c->rx_more_fresh = false;
	free(c->rx);
	c->rx = NULL;
	c->rx_off = c->rx_len = 0;
	free(c->tx);
	c->tx = NULL;
	c->tx_off = c->tx_len = c->tx_cap = 0;
	c->tx_was_high = false;
	free(c->peer_msg);
	c->peer_msg = NULL;
	memset(&c->peer, 0, sizeof(c->peer));
	c->open_rcvd = false;
	c->hold_s = c->ka_s = 0;
	c->st = BGP_ST_IDLE;
	c->gen++;
}

void bgp_conn_close(struct bgp_conn *c)
{
	bgp_conn_release(c, false);
}

static int bgp_conn_tx_reserve(struct bgp_conn *c, size_t n)
{
	size_t need, cap;
	uint8_t *p;

	/* Compact only when that moves no more than it frees, so a peer
	 * that reads a little at a time does not make every queueing slow. */
	if (c->tx_off > 0 && c->tx_len + n > c->tx_cap && c->tx_len - c->tx_off <= c->tx_off) {
		memmove(c->tx, c->tx + c->tx_off, c->tx_len - c->tx_off);
		c->tx_len -= c->tx_off;
		c->tx_off = 0;
	}
	need = c->tx_len + n;
	if (need <= c->tx_cap)
		return 0;
	cap = c->tx_cap ? c->tx_cap : BGP_MSG_MAX;
	while (cap < need)
		cap *= 2;
	p = realloc(c->tx, cap);
	if (!p)
		return -ENOMEM;
	c->tx = p;
	c->tx_cap = cap;
	return 0;
}

int bgp_conn_queue(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session_stats *st = &c->s->stats;
	uint8_t type = msg[BGP_HDR_LEN - 1];

	if (bgp_conn_tx_reserve(c, len) < 0) {
		log_fault(LOGM_BGP, "%s: no memory for the send queue", c->s->name);
		return -ENOMEM;
	}
	memcpy(c->tx + c->tx_len, msg, len);
	c->tx_len += len;
	if (type >= BGP_MSG_OPEN && type <= BGP_MSG_ROUTE_REFRESH)
		st->msgs_out[type]++;
	if (type == BGP_MSG_UPDATE)
		st->updates_out++;
	if (c->tx_len - c->tx_off > BGP_SESSION_TX_HIGH)
		c->tx_was_high = true;
	bgp_conn_rewatch(c);
	return 0;
}

/* Write what the socket takes now.  0, or -errno when the connection
 * is broken. */
static int bgp_conn_flush(struct bgp_conn *c)
{
	while (c->tx_len > c->tx_off) {
		ssize_t r = send(c->fd, c->tx + c->tx_off, c->tx_len - c->tx_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -errno;
		}
		c->tx_off += (size_t)r;
	}
	if (c->tx_off == c->tx_len)
		c->tx_off = c->tx_len = 0;
	bgp_conn_rewatch(c);
	return 0;
}

void bgp_conn_notify_close(struct bgp_conn *c, const struct bgp_notify *n)
{
	uint8_t buf[BGP_MSG_MAX];
	struct wire_writer w;
	struct bgp_notify copy = *n;
	size_t room = BGP_MSG_MAX - BGP_HDR_LEN - 2;

	/* Our data is whatever the peer sent wrong, cut to fit. */
	if (copy.data && copy.data_len > room)
		copy.data_len = room;
	wire_wr_init_fixed(&w, buf, sizeof(buf));
	if (bgp_conn_open(c) && c->st >= BGP_ST_OPENSENT && bgp_notify_write(&w, &copy) == 0 &&
	    bgp_conn_queue(c, wire_wr_data(&w), wire_wr_len(&w)) == 0)
		(void)bgp_conn_flush(c);
	bgp_conn_release(c, true);
}

static void bgp_conn_writable(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	int rc = bgp_conn_flush(c);

	if (rc < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "write: %s", strerror(-rc));
		bgp_fsm_conn_lost(c, reason);
		return;
	}
	if (c->tx_was_high && c->tx_len - c->tx_off < BGP_SESSION_TX_HIGH / 4) {
		c->tx_was_high = false;
		if (s->est == c && s->ops->writable)
			s->ops->writable(s->ctx, s);
	}
}

/* Parse what is buffered, reading more when a message is incomplete,
 * until the socket is drained or the budget is spent. */
void bgp_conn_rx_run(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	unsigned budget = s->conf.read_budget ? s->conf.read_budget : BGP_READ_BUDGET_DEFAULT;
	unsigned gen = c->gen, n = 0;

	for (;;) {
		while (n < budget) {
			struct bgp_notify err;
			size_t have = c->rx_len - c->rx_off, mlen;
			const uint8_t *msg = c->rx + c->rx_off;
			uint8_t type;
			int rc = bgp_hdr_parse(msg, have, &type, &mlen, &err);

			if (rc == -EAGAIN)
				break;
			if (rc < 0) {
				log_peer(LOGM_BGP, "%s: bad message header: %s", s->name,
					 bgp_notify_subcode_name(err.code, err.subcode));
				bgp_fsm_conn_fail(c, &err, "bad message header");
				return;
			}
			if (have < mlen)
				break;
			c->rx_off += mlen;
			n++;
			bgp_fsm_msg(c, type, msg, mlen);
			if (c->gen != gen)
				return;
		}
		if (n >= budget) {
			ev_timer_arm(&c->rx_more, 0);
			return;
		}
		if (c->rx_off > 0) {
			memmove(c->rx, c->rx + c->rx_off, c->rx_len - c->rx_off);
			c->rx_len -= c->rx_off;
			c->rx_off = 0;
		}
		ssize_t r = read(c->fd, c->rx + c->rx_len, BGP_RX_CAP - c->rx_len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0) {
			char reason[96];

			if (r == 0)
				snprintf(reason, sizeof(reason), "connection closed by peer");
			else
				snprintf(reason, sizeof(reason), "read: %s", strerror(errno));
			bgp_fsm_conn_lost(c, reason);
			return;
		}
		c->rx_len += (size_t)r;
	}
}

static void bgp_conn_io_cb(struct ev_io *io, unsigned revents, void *arg)
{
	struct bgp_conn *c = arg;
	struct bgp_session *s = c->s;
	unsigned gen = c->gen;

	(void)io;
	bgp_session_enter(s);
	if (c->st == BGP_ST_CONNECT) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		bgp_fsm_connected(c, err);
	} else {
		if (revents & EV_WRITE)
			bgp_conn_writable(c);
		/* While a continuation is pending it reads; this pass's
		 * readiness report is not a second budget. */
		if (c->gen == gen && (revents & (EV_READ | EV_ERROR)) &&
		    !ev_timer_armed(&c->rx_more)) {
			bgp_conn_rx_run(c);
			if (c->gen == gen && ev_timer_armed(&c->rx_more))
				c->rx_more_fresh = true;
		}
	}
	bgp_session_leave(s);
}

/* ---- the timers of an open connection ----------------------------------------- */

int bgp_conn_send_keepalive(struct bgp_conn *c)
{
	uint8_t buf[BGP_HDR_LEN];
	struct wire_writer w;

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	if (bgp_keepalive_write(&w) < 0)
		return -ENOSPC;
	if (c->ka_s)
		ev_timer_arm(&c->keepalive, (uint64_t)c->ka_s * 1000);
	return bgp_conn_queue(c, wire_wr_data(&w), wire_wr_len(&w));
}

void bgp_conn_keepalive_due(struct bgp_conn *c)
{
	if (c->st < BGP_ST_OPENCONFIRM)
		return;
	if (bgp_conn_send_keepalive(c) < 0)
		bgp_fsm_conn_fail(c, NULL, "cannot send KEEPALIVE");
}

void bgp_conn_hold_expired(struct bgp_conn *c)
{
	static const struct bgp_notify n = {.code = BGP_ERR_HOLD, .subcode = 0};

	if (c->st < BGP_ST_OPENSENT)
		return;
	log_peer(LOGM_BGP, "%s: hold timer expired in %s", c->s->name, bgp_state_name(c->st));
	bgp_fsm_conn_fail(c, &n, "hold timer expired");
}
