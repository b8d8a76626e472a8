/*
 * The finite state machine of RFC 4271 §8: what each message and each
 * timer does in each state, connection collisions (§6.8), and the session
 * going up and down.  State is changed before any callback runs, and a
 * callback is the last thing done, because it may reset, stop or free.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/session_int.h"
#include "common/log.h"

static const char *bgp_msg_type_name(uint8_t type)
{
	static const char *const names[] = {"?",	 "OPEN",	 "UPDATE", "NOTIFICATION",
					    "KEEPALIVE", "ROUTE-REFRESH"};

	return type <= BGP_MSG_ROUTE_REFRESH ? names[type] : "?";
}

static bool bgp_conn_past_connect(const struct bgp_conn *c)
{
	return c->fd >= 0 && c->st >= BGP_ST_OPENSENT;
}

static void bgp_fsm_idle(struct bgp_session *s)
{
	s->base = BGP_ST_IDLE;
	ev_timer_cancel(&s->retry);
	if (!s->started)
		return;
	ev_timer_arm(&s->idle_hold, s->idle_ms);
	s->idle_ms = s->idle_ms >= BGP_IDLE_HOLD_MAX_MS / 2 ? BGP_IDLE_HOLD_MAX_MS : s->idle_ms * 2;
}

static void bgp_fsm_conn_fail_as(struct bgp_conn *c, const struct bgp_notify *n,
				 const char *reason, bool lost);

/* Bookkeeping of leaving Established; the caller calls ops->down last. */
static void bgp_fsm_went_down(struct bgp_session *s, const char *reason)
{
	uint64_t now = ev_now_ms();

	if (now - s->stats.since_ms >= BGP_STABLE_MS)
		s->idle_ms = BGP_IDLE_HOLD_MIN_MS;
	s->est = NULL;
	s->stats.dropped_count++;
	s->stats.since_ms = now;
	log_notice(LOGM_BGP, "neighbor %s Down: %s", s->name, reason);
}

void bgp_fsm_peer_forget(struct bgp_session *s)
{
	free(s->peer_msg);
	s->peer_msg = NULL;
	memset(&s->peer, 0, sizeof(s->peer));
	s->peer_valid = false;
	s->hold_s = s->ka_s = 0;
}

static void bgp_fsm_report_down(struct bgp_session *s, const char *reason)
{
	if (s->ops->down)
		s->ops->down(s->ctx, s, reason);
	/* Unless the callback brought it up again already. */
	if (!s->est)
		bgp_fsm_peer_forget(s);
}

void bgp_fsm_connect(struct bgp_session *s)
{
	struct bgp_conn *c = &s->conn[BGP_CONN_OUT];
	int fd = -1, rc;

	if (!s->started)
		return;
	if (s->conf.passive) {
		s->base = BGP_ST_ACTIVE;
		return;
	}
	if (bgp_conn_open(c) || bgp_conn_past_connect(&s->conn[BGP_CONN_IN]))
		return;
	bgp_session_retry_arm(s);
	rc = s->tp.connect(s->tp.tctx, &s->conf, &fd);
	if (rc < 0) {
		log_info(LOGM_BGP, "%s: connect: %s", s->name, strerror(-rc));
		s->base = BGP_ST_ACTIVE;
		return;
	}
	s->base = BGP_ST_CONNECT;
	if (bgp_conn_attach(c, fd, BGP_ST_CONNECT) < 0)
		s->base = BGP_ST_ACTIVE;
}

static int bgp_fsm_opensent(struct bgp_conn *c)
{
	c->st = BGP_ST_OPENSENT;
	bgp_conn_rewatch(c);
	ev_timer_arm(&c->hold, (uint64_t)BGP_HOLD_OPENSENT_S * 1000);
	return bgp_open_send(c);
}

void bgp_fsm_connected(struct bgp_conn *c, int err)
{
	struct bgp_session *s = c->s;

	if (err) {
		log_info(LOGM_BGP, "%s: connect: %s", s->name, strerror(err));
		bgp_conn_close(c);
		/* Active: wait for the retry timer, still accepting. */
		s->base = BGP_ST_ACTIVE;
		if (!ev_timer_armed(&s->retry))
			bgp_session_retry_arm(s);
		return;
	}
	ev_timer_cancel(&s->retry);
	s->base = BGP_ST_ACTIVE;
	log_debug(LOGM_BGP, "%s: connected", s->name);
	if (bgp_fsm_opensent(c) < 0)
		bgp_fsm_conn_fail(c, NULL, "cannot send OPEN");
}

void bgp_fsm_conn_lost(struct bgp_conn *c, const char *reason)
{
	c->s->stats.transport_lost = true;
	bgp_fsm_conn_fail_as(c, NULL, reason, true);
}

void bgp_fsm_conn_fail(struct bgp_conn *c, const struct bgp_notify *n, const char *reason)
{
	bgp_fsm_conn_fail_as(c, n, reason, false);
}

static void bgp_fsm_conn_fail_as(struct bgp_conn *c, const struct bgp_notify *n,
				 const char *reason, bool lost)
{
	struct bgp_session *s = c->s;
	bool was_est = s->est == c;

	s->stats.transport_lost = lost;
	if (n)
		bgp_conn_notify_close(c, n);
	else
		bgp_conn_close(c);
	snprintf(s->stats.last_error, sizeof(s->stats.last_error), "%s", reason);
	if (was_est)
		bgp_fsm_went_down(s, reason);
	else
		log_info(LOGM_BGP, "%s: connection closed: %s", s->name, reason);
	if (!bgp_conn_open(&s->conn[BGP_CONN_OUT]) && !bgp_conn_open(&s->conn[BGP_CONN_IN]))
		bgp_fsm_idle(s);
	if (was_est)
		bgp_fsm_report_down(s, reason);
}

void bgp_fsm_close_all(struct bgp_session *s, const struct bgp_notify *n, const char *reason,
		       bool restart)
{
	bool was_est = s->est != NULL;

	s->stats.transport_lost = false;
	bool any = bgp_conn_open(&s->conn[0]) || bgp_conn_open(&s->conn[1]);
	int i;

	for (i = 0; i < 2; i++) {
		if (n && bgp_conn_open(&s->conn[i]))
			bgp_conn_notify_close(&s->conn[i], n);
		else
			bgp_conn_close(&s->conn[i]);
	}
	if (any)
		snprintf(s->stats.last_error, sizeof(s->stats.last_error), "%s", reason);
	if (was_est)
		bgp_fsm_went_down(s, reason);
	if (!restart) {
		s->started = false;
		ev_timer_cancel(&s->idle_hold);
	}
	bgp_fsm_idle(s);
	if (was_est)
		bgp_fsm_report_down(s, reason);
}

static void bgp_fsm_error(struct bgp_conn *c, uint8_t type)
{
	/* RFC 6608: the subcode names the state the message arrived in. */
	uint8_t sub = c->st == BGP_ST_OPENSENT ? 1 : c->st == BGP_ST_OPENCONFIRM ? 2 : 3;
	struct bgp_notify n = {.code = BGP_ERR_FSM, .subcode = sub};
	char reason[96];

	snprintf(reason, sizeof(reason), "unexpected %s in %s", bgp_msg_type_name(type),
		 bgp_state_name(c->st));
	log_peer(LOGM_BGP, "%s: %s", c->s->name, reason);
	bgp_fsm_conn_fail(c, &n, reason);
}

static void bgp_fsm_notification(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_notify n, err;
	char reason[128], hex[3 * 32 + 4];
	size_t i, o = 0;

	if (bgp_notify_parse(msg, len, &n, &err) < 0) {
		log_peer(LOGM_BGP, "%s: malformed NOTIFICATION", c->s->name);
		bgp_fsm_conn_fail(c, NULL, "malformed NOTIFICATION");
		return;
	}
	for (i = 0; i < n.data_len && i < 32; i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, "%s%02x", i ? " " : "",
				      bgp_notify_data(&n)[i]);
	if (n.data_len > 32)
		snprintf(hex + o, sizeof(hex) - o, " ..");
	if (!n.data_len)
		snprintf(hex, sizeof(hex), "none");
	snprintf(reason, sizeof(reason), "peer sent NOTIFICATION %s/%s",
		 bgp_notify_code_name(n.code), bgp_notify_subcode_name(n.code, n.subcode));
	if (n.code == BGP_ERR_CEASE)
		log_notice(LOGM_BGP, "%s: %s (%u/%u), data %s", c->s->name, reason, n.code,
			   n.subcode, hex);
	else
		log_peer(LOGM_BGP, "%s: %s (%u/%u), data %s", c->s->name, reason, n.code, n.subcode,
			 hex);
	bgp_fsm_conn_fail(c, NULL, reason);
}

static const struct bgp_notify bgp_collision = {.code = BGP_ERR_CEASE, .subcode = 7};

/* §6.8, with RFC 6286 §2.3 for equal identifiers.  True when c lost. */
static bool bgp_fsm_collision(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	struct bgp_conn *other = bgp_conn_other(c), *keep, *drop;
	uint32_t ours = s->conf.router_id, theirs = c->peer.bgp_id;
	bool ours_wins;

	if (!bgp_conn_open(other))
		return false;
	if (other->st == BGP_ST_ESTABLISHED) {
		bgp_conn_notify_close(c, &bgp_collision);
		return true;
	}
	if (other->st != BGP_ST_OPENCONFIRM && !other->open_rcvd)
		return false;
	ours_wins = ours > theirs || (ours == theirs && s->conf.local_as > s->conf.remote_as);
	keep = ours_wins ? &s->conn[BGP_CONN_OUT] : &s->conn[BGP_CONN_IN];
	drop = keep == c ? other : c;
	log_info(LOGM_BGP, "%s: connection collision, keeping the one %s opened", s->name,
		 ours_wins ? "we" : "the neighbor");
	bgp_conn_notify_close(drop, &bgp_collision);
	return drop == c;
}

static void bgp_fsm_open(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	struct bgp_notify err;
	char reason[128];

	/* Their capabilities point into the OPEN: keep a copy. */
	c->peer_msg = malloc(len);
	if (!c->peer_msg) {
		log_fault(LOGM_BGP, "%s: no memory for an OPEN", s->name);
		bgp_fsm_conn_fail(c, NULL, "out of memory");
		return;
	}
	memcpy(c->peer_msg, msg, len);
	if (bgp_open_parse(c->peer_msg, len, &c->peer, &err) < 0 ||
	    bgp_open_check(s, &c->peer, &err) < 0) {
		snprintf(reason, sizeof(reason), "bad OPEN: %s/%s", bgp_notify_code_name(err.code),
			 bgp_notify_subcode_name(err.code, err.subcode));
		log_peer(LOGM_BGP, "%s: %s", s->name, reason);
		bgp_fsm_conn_fail(c, &err, reason);
		return;
	}
	c->open_rcvd = true;
	if (bgp_fsm_collision(c))
		return;
	bgp_open_negotiate(c);
	c->st = BGP_ST_OPENCONFIRM;
	if (c->hold_s)
		ev_timer_arm(&c->hold, (uint64_t)c->hold_s * 1000);
	else
		ev_timer_cancel(&c->hold);
	if (bgp_conn_send_keepalive(c) < 0)
		bgp_fsm_conn_fail(c, NULL, "cannot send KEEPALIVE");
}

static void bgp_fsm_established(struct bgp_conn *c)
{
	struct bgp_session *s = c->s;
	struct bgp_conn *other = bgp_conn_other(c);
	unsigned gen = c->gen;

	if (bgp_conn_open(other))
		bgp_conn_notify_close(other, &bgp_collision);
	c->st = BGP_ST_ESTABLISHED;
	s->est = c;
	/* The session keeps their OPEN now (its pointers move with it). */
	bgp_fsm_peer_forget(s);
	s->peer_msg = c->peer_msg;
	c->peer_msg = NULL;
	s->peer = c->peer;
	s->hold_s = c->hold_s;
	s->ka_s = c->ka_s;
	s->peer_valid = true;
	ev_timer_cancel(&s->retry);
	s->retry_ms = s->conf.connect_retry_ms ? s->conf.connect_retry_ms : BGP_RETRY_DEFAULT_MS;
	s->stats.established_count++;
	s->stats.since_ms = ev_now_ms();
	log_notice(LOGM_BGP, "neighbor %s Up: AS %u, hold %u s, keepalive %u s", s->name,
		   bgp_open_asn(&c->peer), c->hold_s, c->ka_s);
	if (s->ops->established)
		s->ops->established(s->ctx, s);
	if (c->gen == gen && s->ops->writable)
		s->ops->writable(s->ctx, s);
}

static void bgp_fsm_update(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	struct bgp_notify err;
	unsigned gen = c->gen;
	char reason[128];

	if (!s->ops->update)
		return;
	memset(&err, 0, sizeof(err));
	if (s->ops->update(s->ctx, s, msg, len, &err) != -EBADMSG || c->gen != gen)
		return;
	/* A Cease is the speaker's decision (maximum-prefix, out of memory),
	 * not the neighbor's fault: say which it is. */
	snprintf(reason, sizeof(reason), "%s: %s/%s",
		 err.code == BGP_ERR_CEASE ? "closed" : "bad UPDATE",
		 bgp_notify_code_name(err.code), bgp_notify_subcode_name(err.code, err.subcode));
	if (err.code == BGP_ERR_CEASE)
		log_notice(LOGM_BGP, "%s: %s", s->name, reason);
	else
		log_peer(LOGM_BGP, "%s: %s", s->name, reason);
	bgp_fsm_conn_fail(c, &err, reason);
}

static void bgp_fsm_refresh(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;
	struct bgp_rrefresh rr;
	struct bgp_notify err;

	if (bgp_rrefresh_parse(msg, len, &rr, &err) < 0) {
		log_peer(LOGM_BGP, "%s: bad ROUTE-REFRESH", s->name);
		bgp_fsm_conn_fail(c, &err, "bad ROUTE-REFRESH");
		return;
	}
	if (rr.safi != BGP_SAFI_UNICAST || !bgp_session_af(s, rr.afi)) {
		log_peer(LOGM_BGP, "%s: ROUTE-REFRESH for AFI %u SAFI %u, not negotiated: ignored",
			 s->name, rr.afi, rr.safi);
		return;
	}
	if (s->ops->refresh)
		s->ops->refresh(s->ctx, s, &rr);
}

void bgp_fsm_msg(struct bgp_conn *c, uint8_t type, const uint8_t *msg, size_t len)
{
	struct bgp_session *s = c->s;

	s->stats.msgs_in[type]++;
	if (type == BGP_MSG_UPDATE)
		s->stats.updates_in++;
	if (c->st == BGP_ST_OPENSENT)
		ev_timer_arm(&c->hold, (uint64_t)BGP_HOLD_OPENSENT_S * 1000);
	else if (c->hold_s)
		ev_timer_arm(&c->hold, (uint64_t)c->hold_s * 1000);
	log_debug(LOGM_BGP, "%s: received %s (%zu octets)", s->name, bgp_msg_type_name(type), len);
	if (type == BGP_MSG_NOTIFICATION) {
		bgp_fsm_notification(c, msg, len);
		return;
	}
	switch (c->st) {
	case BGP_ST_OPENSENT:
		if (type != BGP_MSG_OPEN)
			break;
		bgp_fsm_open(c, msg, len);
		return;
	case BGP_ST_OPENCONFIRM:
		if (type != BGP_MSG_KEEPALIVE)
			break;
		bgp_fsm_established(c);
		return;
	case BGP_ST_ESTABLISHED:
		if (type == BGP_MSG_KEEPALIVE)
			return;
		if (type == BGP_MSG_UPDATE) {
			bgp_fsm_update(c, msg, len);
			return;
		}
		if (type == BGP_MSG_ROUTE_REFRESH) {
			bgp_fsm_refresh(c, msg, len);
			return;
		}
		break;
	default:
		break;
	}
	bgp_fsm_error(c, type);
}
