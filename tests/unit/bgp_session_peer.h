/*
 * The scripted neighbor of the bgp/session tests.  H holds the session
 * under test, the far ends of its connections and what its ops saw; the
 * peer_* calls read and write whole messages on a far end, running the
 * event loop while they wait (a bounded number of passes: a hang is a
 * failure, not a wait).
 */
#ifndef VT_TESTS_UNIT_BGP_SESSION_PEER_H
#define VT_TESTS_UNIT_BGP_SESSION_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/msg.h"
#include "bgp/session.h"
#include "common/evloop.h"

#define PEER_AS	 64512
#define LOCAL_AS 65016
#define PEER_ID	 0x0a000001u /* 10.0.0.1 */
#define LOCAL_ID 0x0a000002u

struct peer {
	int fd;
	uint8_t rx[1 << 16];
	size_t n;
	bool eof;
};

struct bgp_test_harness {
	struct ev_loop *loop;
	struct bgp_session *s;
	struct bgp_session_conf conf;
	struct peer out; /* the far end of the connection the session opened */
	struct peer in;	 /* the far end of one we handed to bgp_session_accept */
	int connects;
	int connect_err; /* the mock fails with this when set */
	int n_est, n_down, n_update, n_refresh, n_writable;
	char down_reason[160];
	struct bgp_rrefresh rr;
	bool update_bad;
	bool free_in_down;
	bool down_had_open; /* bgp_session_peer_open() inside ops->down */
	int down_gr_time;   /* bgp_session_peer_gr() inside ops->down; -1 none */
	bool down_lost;	    /* stats->transport_lost inside ops->down */
};

extern struct bgp_test_harness H;
extern const struct bgp_transport bst_mock_tp;
extern const struct bgp_session_ops bst_ops;
extern const uint8_t empty_update[23]; /* an UPDATE with nothing in it */

/* Check fixture: a loop and a conf for H; the session is made later. */
void bst_setup(void);
void bst_teardown(void);
void session_new(void); /* from H.conf, with the mock transport */

void pump(int passes);
void run_until_state(enum bgp_state st);

/* The next message on p (its type), 0 when p closed first. */
uint8_t peer_recv_wait(struct peer *p, uint8_t *msg, size_t *len, int wait);
uint8_t peer_recv(struct peer *p, uint8_t *msg, size_t *len);
void peer_expect(struct peer *p, uint8_t type);
/* Read until a NOTIFICATION (true, with its code) or the end. */
bool peer_notification(struct peer *p, uint8_t *code, uint8_t *sub, int wait);
void peer_send(struct peer *p, const uint8_t *b, size_t n);
void peer_send_w(struct peer *p, struct wire_writer *w);
size_t open_build(uint8_t *buf, uint32_t asn, uint32_t id, uint16_t hold, bool mp4, bool mp6);
void peer_send_open(struct peer *p, uint32_t id); /* AS PEER_AS, hold 30, MP IPv4 */
void peer_send_keepalive(struct peer *p);
void peer_send_notify(struct peer *p, uint8_t code, uint8_t sub);
size_t b_keepalive(uint8_t *b);
size_t b_rr_ipv6(uint8_t *b);
/* A socketpair given to bgp_session_accept(); the far end goes to H.in. */
void peer_accept(void);

/* Start the session and play the neighbor up to that state. */
void to_opensent(void);
void to_openconfirm(void);
void to_established(void);

#endif
