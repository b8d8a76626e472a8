/*
 * BGP sessions (RFC 4271 §8): one struct bgp_session per configured
 * neighbor, running the finite state machine over up to two TCP
 * connections at once (the one it opened and one the neighbor opened)
 * until connection collision resolution (§6.8) keeps one.
 *
 * The session owns its connections' file descriptors, timers (connect
 * retry with backoff, hold, keepalive, idle hold) and buffers, speaks
 * OPEN / KEEPALIVE / NOTIFICATION itself, and hands everything else to
 * the speaker through struct bgp_session_ops: the session coming up and
 * going down, each UPDATE and ROUTE-REFRESH received, and room to send.
 *
 * How connections are opened is the transport's business
 * (struct bgp_transport): the default one makes non-blocking TCP
 * sockets bound to the update source, with TTL 1 for a directly
 * connected eBGP neighbor; tests give one that returns one end of a
 * socketpair, and drive the other end by hand.  Incoming connections are
 * accepted by the speaker's listener and handed over with
 * bgp_session_accept().
 *
 * Promises: a message is never read past its length; malformed input
 * gets the NOTIFICATION the codec names and a log_peer() line, then the
 * connection closes; ops->down is called exactly once for every
 * ops->established; reading stops after `read_budget` messages per loop
 * pass so timers keep running under a full table.
 */
#ifndef VT_BGP_SESSION_H
#define VT_BGP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bgp/msg.h"
#include "common/addr.h"

struct ev_loop;
struct bgp_session;

#define BGP_PORT 179

enum bgp_state {
	BGP_ST_IDLE = 0,
	BGP_ST_CONNECT,
	BGP_ST_ACTIVE,
	BGP_ST_OPENSENT,
	BGP_ST_OPENCONFIRM,
	BGP_ST_ESTABLISHED,
};
const char *bgp_state_name(enum bgp_state st); /* "Idle", "Connect", ... "Established" */

struct bgp_session_conf {
	struct vt_addr remote;
	struct vt_addr local; /* update-source; family 0: the kernel picks */
	uint16_t port;	      /* remote port to connect to; 0 = 179 */
	uint32_t local_as, remote_as;
	uint32_t router_id; /* host order */
	uint16_t hold;	    /* proposed; 0 or >= 3 */
	uint16_t keepalive; /* 0: hold / 3 */
	bool passive;	    /* never connect, only accept */
	uint8_t ttl;	    /* 1: directly connected eBGP; 0: the system default */
	bool af_ipv4, af_ipv6; /* multiprotocol capabilities announced */
	uint32_t connect_retry_ms; /* first retry; 0 = 5000; doubles up to 60 s */
	unsigned read_budget;	   /* messages per loop pass; 0 = 512 */
};

struct bgp_session_ops {
	/* The session reached Established.  bgp_session_peer_open() now
	 * returns the neighbor's OPEN. */
	void (*established)(void *ctx, struct bgp_session *s);
	/* An UPDATE (whole message, header checked).  Return 0, or
	 * -EBADMSG with *err filled to send that NOTIFICATION and reset. */
	int (*update)(void *ctx, struct bgp_session *s, const uint8_t *msg, size_t len,
		      struct bgp_notify *err);
	/* A ROUTE-REFRESH for a family both sides announced. */
	void (*refresh)(void *ctx, struct bgp_session *s, const struct bgp_rrefresh *rr);
	/* It left Established; reason is one line ("hold timer expired",
	 * "peer sent NOTIFICATION Cease/Administrative Reset" ...). */
	void (*down)(void *ctx, struct bgp_session *s, const char *reason);
	/* The send queue drained below the low-water mark. */
	void (*writable)(void *ctx, struct bgp_session *s);
};

struct bgp_transport {
	/* Start a non-blocking connection to c->remote:port from c->local;
	 * *fd is watched for writability, then SO_ERROR read.  0 or -errno. */
	int (*connect)(void *tctx, const struct bgp_session_conf *c, int *fd);
	void *tctx;
};
/* The real one: TCP sockets (TTL, bind to the update source, TCP_NODELAY). */
extern const struct bgp_transport bgp_transport_tcp;

struct bgp_session *bgp_session_new(struct ev_loop *loop, const struct bgp_session_conf *c,
				    const struct bgp_session_ops *ops, void *ctx,
				    const struct bgp_transport *tp);
/* Closes its connections (NOTIFICATION Cease/Peer De-configured when one
 * is open; ops->down if it was established) and frees it.  s may be NULL. */
void bgp_session_free(struct bgp_session *s);

/* ManualStart: leave Idle and connect (or wait, when passive). */
void bgp_session_start(struct bgp_session *s);
/* ManualStop: NOTIFICATION Cease with subcode (2 Administrative Shutdown,
 * 4 Administrative Reset, 3 Peer De-configured), stay Idle until started. */
void bgp_session_stop(struct bgp_session *s, uint8_t cease_subcode);
/* Send this NOTIFICATION, close, and start again after the idle hold
 * time (max-prefix, an UPDATE error found by the speaker, a tunnel down). */
void bgp_session_reset(struct bgp_session *s, const struct bgp_notify *n, const char *reason);
/* Close every connection at once without a NOTIFICATION and start again
 * (the path to the neighbor is known to be gone). */
void bgp_session_drop(struct bgp_session *s, const char *reason);

/* An accepted connection from the neighbor (the speaker matched the
 * address).  The session takes fd; it is closed at once when the session
 * is Idle (not started) or already Established. */
void bgp_session_accept(struct bgp_session *s, int fd);

/* Queue a whole message (copied).  0 or -ENOMEM; -ENOTCONN when not
 * Established. */
int bgp_session_send(struct bgp_session *s, const uint8_t *msg, size_t len);
/* Bytes waiting to be written; the speaker stops queueing above
 * BGP_SESSION_TX_HIGH and waits for ops->writable. */
#define BGP_SESSION_TX_HIGH (256 * 1024)
size_t bgp_session_tx_pending(const struct bgp_session *s);

/* ---- what the shell shows -------------------------------------------------------- */

enum bgp_state bgp_session_state(const struct bgp_session *s);
const struct bgp_session_conf *bgp_session_conf(const struct bgp_session *s);
/* The neighbor's OPEN (capabilities point into the session's copy); NULL
 * unless Established.  It and the calls below stay valid inside
 * ops->down, so the speaker can decide on graceful restart there. */
const struct bgp_open *bgp_session_peer_open(const struct bgp_session *s);
/* Both sides announced it (valid while Established and inside ops->down). */
bool bgp_session_as4(const struct bgp_session *s);
bool bgp_session_af(const struct bgp_session *s, uint16_t afi);
bool bgp_session_route_refresh(const struct bgp_session *s);
/* The neighbor advertised graceful restart; its restart time. */
bool bgp_session_peer_gr(const struct bgp_session *s, uint16_t *restart_time);
uint16_t bgp_session_hold(const struct bgp_session *s); /* negotiated */
uint16_t bgp_session_keepalive(const struct bgp_session *s);
/* Addresses of the established connection. */
int bgp_session_addrs(const struct bgp_session *s, struct sockaddr_storage *local,
		      struct sockaddr_storage *remote);

struct bgp_session_stats {
	uint64_t msgs_in[6], msgs_out[6]; /* by type, 1..5 */
	uint64_t updates_in, updates_out;
	unsigned established_count, dropped_count;
	uint64_t since_ms; /* monotonic ms of the last change into or out of Established */
	char last_error[128]; /* why it last went down ("" never) */
	bool transport_lost;  /* ... and that was the TCP connection breaking, with no
			       * NOTIFICATION sent or received (graceful restart applies) */
};
const struct bgp_session_stats *bgp_session_stats(const struct bgp_session *s);

/* Tests: make a timer fire now. */
enum bgp_timer { BGP_T_CONNECT_RETRY = 0, BGP_T_HOLD, BGP_T_KEEPALIVE, BGP_T_IDLE_HOLD };
void bgp_session_timer_fire(struct bgp_session *s, enum bgp_timer t);

#endif
