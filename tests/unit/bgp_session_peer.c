/*
 * The neighbor for the bgp/session tests: a mock transport that hands the
 * session one end of a socketpair, ops that record what the session
 * reported, and helpers that play the other end with real encoded
 * messages while running the real event loop.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "tests/unit/bgp_session_peer.h"

struct bgp_test_harness H;

/* ---- the mock transport and the ops ----------------------------------------- */

static int mock_connect(void *tctx, const struct bgp_session_conf *c, int *fd)
{
	int sv[2];

	(void)tctx;
	(void)c;
	H.connects++;
	if (H.connect_err)
		return -H.connect_err;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
	if (H.out.fd >= 0)
		close(H.out.fd);
	memset(&H.out, 0, sizeof(H.out));
	H.out.fd = sv[1];
	*fd = sv[0];
	return 0;
}

const struct bgp_transport bst_mock_tp = {.connect = mock_connect};

static void op_established(void *ctx, struct bgp_session *s)
{
	(void)ctx;
	ck_assert_ptr_nonnull(bgp_session_peer_open(s));
	H.n_est++;
}

static int op_update(void *ctx, struct bgp_session *s, const uint8_t *msg, size_t len,
		     struct bgp_notify *err)
{
	(void)ctx;
	(void)s;
	(void)msg;
	(void)len;
	H.n_update++;
	if (!H.update_bad)
		return 0;
	err->code = 3;
	err->subcode = 1;
	return -EBADMSG;
}

static void op_refresh(void *ctx, struct bgp_session *s, const struct bgp_rrefresh *rr)
{
	(void)ctx;
	(void)s;
	H.rr = *rr;
	H.n_refresh++;
}

static void op_down(void *ctx, struct bgp_session *s, const char *reason)
{
	(void)ctx;
	uint16_t t;

	H.n_down++;
	snprintf(H.down_reason, sizeof(H.down_reason), "%s", reason);
	H.down_had_open = bgp_session_peer_open(s) != NULL;
	H.down_gr_time = bgp_session_peer_gr(s, &t) ? t : -1;
	H.down_lost = bgp_session_stats(s)->transport_lost;
	if (H.free_in_down) {
		bgp_session_free(s);
		H.s = NULL;
	}
}

static void op_writable(void *ctx, struct bgp_session *s)
{
	(void)ctx;
	(void)s;
	H.n_writable++;
}

const struct bgp_session_ops bst_ops = {
	.established = op_established,
	.update = op_update,
	.refresh = op_refresh,
	.down = op_down,
	.writable = op_writable,
};

void bst_setup(void)
{
	memset(&H, 0, sizeof(H));
	H.out.fd = H.in.fd = -1;
	log_set_level(LOG_LVL_ERR);
	H.loop = ev_loop_new();
	ck_assert_ptr_nonnull(H.loop);
	vt_addr_parse("169.254.12.229", AF_INET, &H.conf.remote);
	H.conf.local_as = LOCAL_AS;
	H.conf.remote_as = PEER_AS;
	H.conf.router_id = LOCAL_ID;
	H.conf.hold = 90;
	H.conf.af_ipv4 = true;
	H.conf.connect_retry_ms = 1000;
}

void session_new(void)
{
	H.s = bgp_session_new(H.loop, &H.conf, &bst_ops, NULL, &bst_mock_tp);
	ck_assert_ptr_nonnull(H.s);
}

void bst_teardown(void)
{
	bgp_session_free(H.s);
	if (H.out.fd >= 0)
		close(H.out.fd);
	if (H.in.fd >= 0)
		close(H.in.fd);
	ev_loop_free(H.loop);
}

/* ---- the neighbor's side ------------------------------------------------------ */

void pump(int passes)
{
	while (passes-- > 0)
		ck_assert_int_eq(ev_loop_run_once(H.loop, 5), 0);
}

void run_until_state(enum bgp_state st)
{
	int i;

	for (i = 0; i < 400 && bgp_session_state(H.s) != st; i++)
		ck_assert_int_eq(ev_loop_run_once(H.loop, 5), 0);
	ck_assert_str_eq(bgp_state_name(bgp_session_state(H.s)), bgp_state_name(st));
}

static void peer_fill(struct peer *p)
{
	ssize_t r = recv(p->fd, p->rx + p->n, sizeof(p->rx) - p->n, MSG_DONTWAIT);

	if (r == 0)
		p->eof = true;
	else if (r > 0)
		p->n += (size_t)r;
}

/* The next whole message the session sent on p; 0 when p closed first.
 * wait: how many loop passes to allow. */
uint8_t peer_recv_wait(struct peer *p, uint8_t *msg, size_t *len, int wait)
{
	int i;

	for (i = 0; i <= wait; i++) {
		struct bgp_notify err;
		size_t mlen;
		uint8_t type;

		peer_fill(p);
		if (bgp_hdr_parse(p->rx, p->n, &type, &mlen, &err) == 0 && p->n >= mlen) {
			if (msg)
				memcpy(msg, p->rx, mlen);
			if (len)
				*len = mlen;
			memmove(p->rx, p->rx + mlen, p->n - mlen);
			p->n -= mlen;
			return type;
		}
		if (p->eof)
			return 0;
		if (H.loop && i < wait)
			ck_assert_int_eq(ev_loop_run_once(H.loop, 5), 0);
	}
	return 0;
}

uint8_t peer_recv(struct peer *p, uint8_t *msg, size_t *len)
{
	return peer_recv_wait(p, msg, len, 400);
}

void peer_expect(struct peer *p, uint8_t type)
{
	ck_assert_int_eq(peer_recv(p, NULL, NULL), type);
}

/* Read until a NOTIFICATION (true, with its code) or the end. */
bool peer_notification(struct peer *p, uint8_t *code, uint8_t *sub, int wait)
{
	uint8_t msg[BGP_MSG_MAX], type;
	size_t len;

	while ((type = peer_recv_wait(p, msg, &len, wait)) != 0) {
		if (type == BGP_MSG_NOTIFICATION) {
			*code = msg[19];
			*sub = msg[20];
			return true;
		}
	}
	return false;
}

void peer_send(struct peer *p, const uint8_t *b, size_t n)
{
	ck_assert_int_eq(send(p->fd, b, n, MSG_NOSIGNAL), (ssize_t)n);
}

void peer_send_w(struct peer *p, struct wire_writer *w)
{
	peer_send(p, wire_wr_data(w), wire_wr_len(w));
}

/* An OPEN as the neighbor would send it; mutate lets a test break it. */
size_t open_build(uint8_t *buf, uint32_t asn, uint32_t id, uint16_t hold, bool mp4, bool mp6)
{
	struct wire_writer w;
	struct bgp_open o;

	bgp_open_init(&o, asn, hold, id);
	o.route_refresh = true;
	if (mp4)
		o.mp[o.n_mp++] = (struct bgp_afisafi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	if (mp6)
		o.mp[o.n_mp++] = (struct bgp_afisafi){BGP_AFI_IPV6, BGP_SAFI_UNICAST};
	wire_wr_init_fixed(&w, buf, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_open_write(&w, &o), 0);
	return wire_wr_len(&w);
}

void peer_send_open(struct peer *p, uint32_t id)
{
	uint8_t b[BGP_MSG_MAX];

	peer_send(p, b, open_build(b, PEER_AS, id, 30, true, false));
}

void peer_send_keepalive(struct peer *p)
{
	uint8_t b[BGP_HDR_LEN];
	struct wire_writer w;

	wire_wr_init_fixed(&w, b, sizeof(b));
	ck_assert_int_eq(bgp_keepalive_write(&w), 0);
	peer_send_w(p, &w);
}

void peer_send_notify(struct peer *p, uint8_t code, uint8_t sub)
{
	struct bgp_notify n = {.code = code, .subcode = sub};
	uint8_t b[64];
	struct wire_writer w;

	wire_wr_init_fixed(&w, b, sizeof(b));
	ck_assert_int_eq(bgp_notify_write(&w, &n), 0);
	peer_send_w(p, &w);
}

const uint8_t empty_update[23] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				  0,	23,   2,    0,	  0,	0,    0};

/* Handed to bgp_session_accept(); the test keeps the far end in H.in. */
void peer_accept(void)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	if (H.in.fd >= 0)
		close(H.in.fd);
	memset(&H.in, 0, sizeof(H.in));
	H.in.fd = sv[1];
	bgp_session_accept(H.s, sv[0]);
}

/* ---- getting to a state ------------------------------------------------------ */

void to_opensent(void)
{
	session_new();
	bgp_session_start(H.s);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_CONNECT);
	peer_expect(&H.out, BGP_MSG_OPEN);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENSENT);
}

void to_openconfirm(void)
{
	to_opensent();
	peer_send_open(&H.out, PEER_ID);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENCONFIRM);
}

void to_established(void)
{
	to_openconfirm();
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert_int_eq(H.n_est, 1);
}

/* A KEEPALIVE, built by hand. */
size_t b_keepalive(uint8_t *b)
{
	memset(b, 0xff, 16);
	b[16] = 0;
	b[17] = 19;
	b[18] = BGP_MSG_KEEPALIVE;
	return 19;
}

/* A ROUTE-REFRESH for IPv6 unicast. */
size_t b_rr_ipv6(uint8_t *b)
{
	size_t n = b_keepalive(b);

	b[17] = 23;
	b[18] = BGP_MSG_ROUTE_REFRESH;
	b[19] = 0;
	b[20] = BGP_AFI_IPV6;
	b[21] = 0;
	b[22] = BGP_SAFI_UNICAST;
	return n + 4;
}
