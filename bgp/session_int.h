/*
 * Shared by bgp/session*.c only: one connection (struct bgp_conn), the
 * session that owns two of them, and the calls between the files.
 *
 *   session.c       the public calls, entry/exit guard, retry and idle hold
 *   session_fsm.c   what each message and timer does in each state
 *   session_conn.c  a connection's socket: framing, rx budget, tx queue
 *   session_open.c  our OPEN, checking theirs, what was negotiated
 */
#ifndef VT_BGP_SESSION_INT_H
#define VT_BGP_SESSION_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/session.h"
#include "common/addr.h"
#include "common/evloop.h"

#define BGP_HOLD_OPENSENT_S	240 /* RFC 4271 §8.2.2: "a large value" */
#define BGP_RETRY_MAX_MS	60000
#define BGP_RETRY_DEFAULT_MS	5000
#define BGP_IDLE_HOLD_MIN_MS	1000
#define BGP_IDLE_HOLD_MAX_MS	60000
#define BGP_STABLE_MS		60000 /* Established this long resets the idle hold */
#define BGP_READ_BUDGET_DEFAULT 512
#define BGP_RX_CAP		(2 * BGP_MSG_MAX)
#define BGP_GR_RESTART_TIME	120

enum { BGP_CONN_OUT = 0, BGP_CONN_IN = 1 };

struct bgp_conn {
	struct bgp_session *s;
	int fd; /* -1: not in use */
	bool outgoing;
	enum bgp_state st; /* Connect, OpenSent, OpenConfirm, Established; Idle unused */
	unsigned gen;	   /* bumped on close: callers notice a close under them */
	struct ev_io io;
	unsigned io_events; /* what io watches */
	struct ev_timer hold, keepalive;
	/* Continues reading buffered messages on the next pass once the
	 * budget ran out.  A zero-delay timer, because a defer re-queued
	 * from its own callback runs again in the same pass. */
	struct ev_timer rx_more;
	bool rx_more_fresh; /* armed from I/O: skip the timer phase of this pass */
	uint8_t *rx;
	size_t rx_off, rx_len;
	uint8_t *tx;
	size_t tx_off, tx_len, tx_cap;
	bool tx_was_high;
	bool open_rcvd;
	uint8_t *peer_msg; /* their OPEN, which peer's pointers point into */
	struct bgp_open peer;
	uint16_t hold_s, ka_s; /* negotiated */
};

struct bgp_session {
	struct ev_loop *loop;
	struct bgp_session_conf conf;
	const struct bgp_session_ops *ops;
	void *ctx;
	struct bgp_transport tp;
	char name[VT_ADDR_STRLEN];
	struct bgp_conn conn[2];
	enum bgp_state base; /* Idle, Connect or Active: without a connection past Connect */
	bool started;
	struct bgp_conn *est; /* the Established connection; ops->down owed */
	/* What was negotiated, kept from Established until ops->down has
	 * returned, so the speaker can still read it there. */
	bool peer_valid;
	uint8_t *peer_msg;
	struct bgp_open peer;
	uint16_t hold_s, ka_s;
	struct ev_timer retry, idle_hold;
	uint32_t retry_ms, idle_ms; /* the next intervals */
	uint64_t rng;
	struct bgp_session_stats stats;
	unsigned busy; /* nesting of loop callbacks and timer_fire */
	bool dying;    /* bgp_session_free() came from inside a callback */
};

/* session.c */
void bgp_session_enter(struct bgp_session *s);
void bgp_session_leave(struct bgp_session *s); /* may free s */
/* Arm the connect retry timer with the next interval (doubling, jittered). */
void bgp_session_retry_arm(struct bgp_session *s);

/* session_conn.c */
void bgp_conn_init(struct bgp_session *s, struct bgp_conn *c, bool outgoing);
int bgp_conn_attach(struct bgp_conn *c, int fd, enum bgp_state st);
bool bgp_conn_open(const struct bgp_conn *c);
void bgp_conn_close(struct bgp_conn *c);
/* Queue one whole message; counted in the stats by its type. */
int bgp_conn_queue(struct bgp_conn *c, const uint8_t *msg, size_t len);
/* Queue n, write what can be written now, close.  Never blocks. */
void bgp_conn_notify_close(struct bgp_conn *c, const struct bgp_notify *n);
/* Close a connection whose last bytes (a NOTIFICATION) are written: read
 * and drop what the peer sent that we have not read, then end our side
 * with a FIN.  A plain close() with unread data makes the kernel answer
 * with a RST, which can throw away our unsent NOTIFICATION and lets the
 * peer see "connection reset" before it reads it. */
void bgp_sock_close_gently(int fd);
/* Watch for what the state needs (after Connect: reading). */
void bgp_conn_rewatch(struct bgp_conn *c);
void bgp_conn_rx_run(struct bgp_conn *c);
int bgp_conn_send_keepalive(struct bgp_conn *c); /* and re-arm the keepalive timer */
void bgp_conn_hold_expired(struct bgp_conn *c);
void bgp_conn_keepalive_due(struct bgp_conn *c);
struct bgp_conn *bgp_conn_other(struct bgp_conn *c);

/* session_fsm.c */
void bgp_fsm_connect(struct bgp_session *s);
void bgp_fsm_connected(struct bgp_conn *c, int err);
void bgp_fsm_msg(struct bgp_conn *c, uint8_t type, const uint8_t *msg, size_t len);
/* The connection failed: send n (if any), close, and take the session
 * down / to Idle when nothing is left. */
/* The connection broke (EOF, read or write error): no NOTIFICATION either
 * way, which graceful restart (RFC 4724) tells apart. */
void bgp_fsm_conn_lost(struct bgp_conn *c, const char *reason);
void bgp_fsm_conn_fail(struct bgp_conn *c, const struct bgp_notify *n, const char *reason);
/* Close every connection (with n when not NULL), down if up.  restart:
 * start again after the idle hold; else stay Idle. */
void bgp_fsm_close_all(struct bgp_session *s, const struct bgp_notify *n, const char *reason,
		       bool restart);
/* Drop what bgp_session_peer_open() and friends return. */
void bgp_fsm_peer_forget(struct bgp_session *s);

/* session_open.c */
int bgp_open_send(struct bgp_conn *c);
/* 0, or -EBADMSG with err: the AS or identifier is not acceptable. */
int bgp_open_check(const struct bgp_session *s, const struct bgp_open *o, struct bgp_notify *err);
void bgp_open_negotiate(struct bgp_conn *c);
bool bgp_open_peer_af(const struct bgp_open *o, uint16_t afi);
bool bgp_open_our_af(const struct bgp_session_conf *c, uint16_t afi);

#endif
