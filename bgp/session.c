/*
 * BGP sessions: the public calls of bgp/session.h.  Every entry from the
 * event loop goes through bgp_session_enter/leave, so that a callback may
 * call bgp_session_free() on the session that called it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/session_int.h"
#include "common/log.h"

const char *bgp_state_name(enum bgp_state st)
{
	static const char *const names[] = {"Idle",	"Connect",     "Active",
					    "OpenSent", "OpenConfirm", "Established"};

	return (unsigned)st <= BGP_ST_ESTABLISHED ? names[st] : "?";
}

void bgp_session_enter(struct bgp_session *s)
{
	s->busy++;
}

static void bgp_session_destroy(struct bgp_session *s)
{
	ev_timer_cancel(&s->retry);
	ev_timer_cancel(&s->idle_hold);
	bgp_conn_close(&s->conn[0]);
	bgp_conn_close(&s->conn[1]);
	bgp_fsm_peer_forget(s);
	free(s);
}

void bgp_session_leave(struct bgp_session *s)
{
	if (--s->busy == 0 && s->dying)
		bgp_session_destroy(s);
}

/* ±25 %, so that neighbors restarted together do not retry in step. */
static uint32_t bgp_jitter(struct bgp_session *s, uint32_t ms)
{
	uint32_t span = ms / 2;

	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	return ms - ms / 4 + (span ? (uint32_t)(s->rng % (span + 1)) : 0);
}

void bgp_session_retry_arm(struct bgp_session *s)
{
	ev_timer_arm(&s->retry, bgp_jitter(s, s->retry_ms));
	s->retry_ms = s->retry_ms >= BGP_RETRY_MAX_MS / 2 ? BGP_RETRY_MAX_MS : s->retry_ms * 2;
}

static void bgp_session_retry_expired(struct bgp_session *s)
{
	struct bgp_conn *out = &s->conn[BGP_CONN_OUT];

	if (!s->started)
		return;
	if (bgp_conn_open(out) && out->st == BGP_ST_CONNECT) {
		log_info(LOGM_BGP, "%s: connect timed out", s->name);
		bgp_conn_close(out);
	}
	bgp_fsm_connect(s);
}

static void bgp_session_idle_expired(struct bgp_session *s)
{
	if (!s->started || bgp_conn_open(&s->conn[0]) || bgp_conn_open(&s->conn[1]))
		return;
	bgp_fsm_connect(s);
}

static void bgp_session_retry_cb(struct ev_timer *t, void *arg)
{
	struct bgp_session *s = arg;

	(void)t;
	bgp_session_enter(s);
	bgp_session_retry_expired(s);
	bgp_session_leave(s);
}

static void bgp_session_idle_cb(struct ev_timer *t, void *arg)
{
	struct bgp_session *s = arg;

	(void)t;
	bgp_session_enter(s);
	bgp_session_idle_expired(s);
	bgp_session_leave(s);
}

struct bgp_session *bgp_session_new(struct ev_loop *loop, const struct bgp_session_conf *c,
				    const struct bgp_session_ops *ops, void *ctx,
				    const struct bgp_transport *tp)
{
	static const struct bgp_session_ops no_ops;
	struct bgp_session *s;

	if (!loop || !c || c->hold == 1 || c->hold == 2 || !c->local_as || !c->remote_as ||
	    !c->router_id)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->loop = loop;
	s->conf = *c;
	s->ops = ops ? ops : &no_ops;
	s->ctx = ctx;
	s->tp = tp && tp->connect ? *tp : bgp_transport_tcp;
	vt_addr_fmt(&c->remote, s->name, sizeof(s->name));
	bgp_conn_init(s, &s->conn[BGP_CONN_OUT], true);
	bgp_conn_init(s, &s->conn[BGP_CONN_IN], false);
	ev_timer_init(&s->retry, loop, bgp_session_retry_cb, s);
	ev_timer_init(&s->idle_hold, loop, bgp_session_idle_cb, s);
	s->base = BGP_ST_IDLE;
	s->retry_ms = c->connect_retry_ms ? c->connect_retry_ms : BGP_RETRY_DEFAULT_MS;
	s->idle_ms = BGP_IDLE_HOLD_MIN_MS;
	/* Only for jitter: spread neighbors apart, nothing secret. */
	s->rng = (ev_now_ms() << 20) ^ ((uint64_t)c->router_id << 1) ^ (uintptr_t)s ^
		 ((uint64_t)c->remote.u.bytes[3] << 40) ^ 0x9e3779b97f4a7c15ull;
	return s;
}

void bgp_session_free(struct bgp_session *s)
{
	static const struct bgp_notify deconf = {.code = BGP_ERR_CEASE, .subcode = 3};

	if (!s || s->dying)
		return;
	s->dying = true;
	bgp_session_enter(s);
	bgp_fsm_close_all(s, &deconf, "neighbor deleted", false);
	bgp_session_leave(s);
}

void bgp_session_start(struct bgp_session *s)
{
	if (s->started || s->dying)
		return;
	s->started = true;
	bgp_session_enter(s);
	bgp_fsm_connect(s);
	bgp_session_leave(s);
}

void bgp_session_stop(struct bgp_session *s, uint8_t cease_subcode)
{
	struct bgp_notify n = {.code = BGP_ERR_CEASE, .subcode = cease_subcode};

	bgp_session_enter(s);
	bgp_fsm_close_all(s, &n, "stopped", false);
	bgp_session_leave(s);
}

void bgp_session_reset(struct bgp_session *s, const struct bgp_notify *n, const char *reason)
{
	bgp_session_enter(s);
	log_info(LOGM_BGP, "%s: reset (%s/%s): %s", s->name, bgp_notify_code_name(n->code),
		 bgp_notify_subcode_name(n->code, n->subcode), reason);
	bgp_fsm_close_all(s, n, reason, true);
	bgp_session_leave(s);
}

void bgp_session_drop(struct bgp_session *s, const char *reason)
{
	bgp_session_enter(s);
	bgp_fsm_close_all(s, NULL, reason, true);
	bgp_session_leave(s);
}

/* A connection we will not use: tell the neighbor why, if the socket takes
 * it at once, and close. */
static void bgp_session_refuse(int fd, uint8_t cease_subcode)
{
	struct bgp_notify n = {.code = BGP_ERR_CEASE, .subcode = cease_subcode};
	uint8_t buf[BGP_HDR_LEN + 2];
	struct wire_writer w;

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	if (bgp_notify_write(&w, &n) == 0)
		(void)send(fd, wire_wr_data(&w), wire_wr_len(&w), MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

void bgp_session_accept(struct bgp_session *s, int fd)
{
	struct bgp_conn *c = &s->conn[BGP_CONN_IN];
	int fl;

	if (fd < 0)
		return;
	if (!s->started || s->dying || s->base == BGP_ST_IDLE) {
		log_info(LOGM_BGP, "%s: connection refused: session Idle", s->name);
		bgp_session_refuse(fd, 5); /* Connection Rejected */
		return;
	}
	if (s->est) {
		log_info(LOGM_BGP, "%s: connection refused: already Established", s->name);
		bgp_session_refuse(fd, 7); /* Connection Collision Resolution */
		return;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		log_fault(LOGM_BGP, "%s: fcntl: %s", s->name, strerror(errno));
		close(fd);
		return;
	}
	bgp_session_enter(s);
	/* The neighbor gave up on its earlier connection and made a new one. */
	if (bgp_conn_open(c)) {
		static const struct bgp_notify n = {.code = BGP_ERR_CEASE, .subcode = 7};

		bgp_conn_notify_close(c, &n);
	}
	if (bgp_conn_attach(c, fd, BGP_ST_OPENSENT) == 0) {
		ev_timer_arm(&c->hold, (uint64_t)BGP_HOLD_OPENSENT_S * 1000);
		if (bgp_open_send(c) < 0)
			bgp_fsm_conn_fail(c, NULL, "cannot send OPEN");
	}
	bgp_session_leave(s);
}

int bgp_session_send(struct bgp_session *s, const uint8_t *msg, size_t len)
{
	if (!s->est)
		return -ENOTCONN;
	if (len < BGP_HDR_LEN || len > BGP_MSG_MAX)
		return -EINVAL;
	return bgp_conn_queue(s->est, msg, len);
}

size_t bgp_session_tx_pending(const struct bgp_session *s)
{
	return s->est ? s->est->tx_len - s->est->tx_off : 0;
}

enum bgp_state bgp_session_state(const struct bgp_session *s)
{
	enum bgp_state st = s->base;
	int i;

	for (i = 0; i < 2; i++)
		if (bgp_conn_open(&s->conn[i]) && s->conn[i].st > st)
			st = s->conn[i].st;
	return st;
}

const struct bgp_session_conf *bgp_session_conf(const struct bgp_session *s)
{
	return &s->conf;
}

int bgp_session_addrs(const struct bgp_session *s, struct sockaddr_storage *local,
		      struct sockaddr_storage *remote)
{
	socklen_t len;

	if (!s->est)
		return -ENOTCONN;
	len = sizeof(*local);
	if (local && getsockname(s->est->fd, (struct sockaddr *)local, &len) < 0)
		return -errno;
	len = sizeof(*remote);
	if (remote && getpeername(s->est->fd, (struct sockaddr *)remote, &len) < 0)
		return -errno;
	return 0;
}

const struct bgp_session_stats *bgp_session_stats(const struct bgp_session *s)
{
	return &s->stats;
}

/* The most advanced open connection with t armed, else the most advanced. */
static struct bgp_conn *bgp_session_timer_conn(struct bgp_session *s, enum bgp_timer t)
{
	struct bgp_conn *best = NULL;
	int pass, i;

	for (pass = 0; pass < 2 && !best; pass++) {
		for (i = 0; i < 2; i++) {
			struct bgp_conn *c = &s->conn[i];
			struct ev_timer *tm = t == BGP_T_HOLD ? &c->hold : &c->keepalive;

			if (!bgp_conn_open(c) || (pass == 0 && !ev_timer_armed(tm)))
				continue;
			if (!best || c->st > best->st)
				best = c;
		}
	}
	return best;
}

void bgp_session_timer_fire(struct bgp_session *s, enum bgp_timer t)
{
	struct bgp_conn *c;

	bgp_session_enter(s);
	switch (t) {
	case BGP_T_CONNECT_RETRY:
		ev_timer_cancel(&s->retry);
		bgp_session_retry_expired(s);
		break;
	case BGP_T_IDLE_HOLD:
		ev_timer_cancel(&s->idle_hold);
		bgp_session_idle_expired(s);
		break;
	case BGP_T_HOLD:
	case BGP_T_KEEPALIVE:
		c = bgp_session_timer_conn(s, t);
		if (!c)
			break;
		ev_timer_cancel(t == BGP_T_HOLD ? &c->hold : &c->keepalive);
		if (t == BGP_T_HOLD)
			bgp_conn_hold_expired(c);
		else
			bgp_conn_keepalive_due(c);
		break;
	}
	bgp_session_leave(s);
}
