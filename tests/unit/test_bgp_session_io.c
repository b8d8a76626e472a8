/*
 * bgp/session: reading and writing.  The per-pass read budget, UPDATE and
 * ROUTE-REFRESH delivery, the send queue's water marks, the connect retry
 * and idle hold backoff, real TCP over 127.0.0.1 with
 * bgp_transport_tcp, and which ways of going down count as the transport
 * lost (what graceful restart keeps routes for).
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "bgp/session_int.h" /* the backoff test reads the timers */
#include "tests/unit/bgp_session_peer.h"
#include "tests/unit/check_main.h"

START_TEST(test_read_budget)
{
	enum { N = 2000, BUDGET = 512 };
	static uint8_t burst[N * BGP_HDR_LEN];
	uint64_t base, prev, now;
	size_t i, sent = 0;
	int passes = 0, busy_passes = 0;

	to_established();
	for (i = 0; i < N; i++)
		b_keepalive(burst + i * BGP_HDR_LEN);
	base = bgp_session_stats(H.s)->msgs_in[BGP_MSG_KEEPALIVE];
	/* All of it is in the socket before the session reads any. */
	while (sent < sizeof(burst)) {
		ssize_t r = send(H.out.fd, burst + sent, sizeof(burst) - sent, MSG_NOSIGNAL);

		ck_assert_int_gt(r, 0);
		sent += (size_t)r;
	}
	prev = base;
	while (prev - base < N && passes < 100) {
		ck_assert_int_eq(ev_loop_run_once(H.loop, 5), 0);
		passes++;
		now = bgp_session_stats(H.s)->msgs_in[BGP_MSG_KEEPALIVE];
		ck_assert_uint_le(now - prev, BUDGET);
		if (now > prev)
			busy_passes++;
		prev = now;
	}
	ck_assert_uint_eq(prev - base, N);
	ck_assert_int_ge(busy_passes, (N + BUDGET - 1) / BUDGET);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ESTABLISHED);
}
END_TEST

START_TEST(test_update_and_refresh)
{
	uint8_t b[64], code, sub;
	struct bgp_rrefresh rr = {.afi = BGP_AFI_IPV4, .safi = BGP_SAFI_UNICAST};
	struct wire_writer w;

	to_established();
	peer_send(&H.out, b, b_rr_ipv6(b));
	wire_wr_init_fixed(&w, b, sizeof(b));
	ck_assert_int_eq(bgp_rrefresh_write(&w, &rr), 0);
	peer_send_w(&H.out, &w);
	peer_send(&H.out, empty_update, sizeof(empty_update));
	pump(5);
	ck_assert_int_eq(H.n_refresh, 1); /* IPv6 was not negotiated */
	ck_assert_uint_eq(H.rr.afi, BGP_AFI_IPV4);
	ck_assert_int_eq(H.n_update, 1);
	ck_assert_uint_eq(bgp_session_stats(H.s)->updates_in, 1);
	ck_assert_int_eq(bgp_session_send(H.s, empty_update, sizeof(empty_update)), 0);
	ck_assert_uint_eq(bgp_session_stats(H.s)->updates_out, 1);
	ck_assert_int_eq(peer_recv(&H.out, NULL, NULL), BGP_MSG_UPDATE);
	/* The speaker finds an error in the next one: its NOTIFICATION goes out. */
	H.update_bad = true;
	peer_send(&H.out, empty_update, sizeof(empty_update));
	ck_assert(peer_notification(&H.out, &code, &sub, 400));
	ck_assert_uint_eq(code, 3);
	ck_assert_uint_eq(sub, 1);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(H.n_down, 1);
}
END_TEST

START_TEST(test_writable_after_high_water)
{
	static uint8_t big[BGP_MSG_MAX];
	size_t queued = 0;
	int k, w0;

	to_established();
	ck_assert_int_eq(H.n_writable, 1);
	memcpy(big, empty_update, sizeof(empty_update));
	big[16] = BGP_MSG_MAX >> 8;
	big[17] = BGP_MSG_MAX & 0xff;
	/* Fill the socket, then the queue above the high-water mark. */
	for (k = 0; k < 4; k++) {
		while (bgp_session_tx_pending(H.s) <= BGP_SESSION_TX_HIGH) {
			ck_assert_int_eq(bgp_session_send(H.s, big, sizeof(big)), 0);
			queued += sizeof(big);
		}
		pump(3);
	}
	w0 = H.n_writable;
	pump(3);
	ck_assert_int_eq(H.n_writable, w0); /* nobody reads: still above */
	ck_assert_uint_gt(bgp_session_tx_pending(H.s), BGP_SESSION_TX_HIGH / 4);
	/* The neighbor reads everything. */
	while (queued > 0) {
		uint8_t type = peer_recv(&H.out, NULL, NULL);

		if (type == BGP_MSG_UPDATE)
			queued -= sizeof(big);
		else
			ck_assert_int_eq(type, BGP_MSG_KEEPALIVE);
	}
	pump(3);
	ck_assert_int_eq(H.n_writable, w0 + 1);
	ck_assert_uint_eq(bgp_session_tx_pending(H.s), 0);
}
END_TEST

/* Messages cut anywhere by TCP: one byte at a time, and a 4096-octet
 * UPDATE behind a partial one, are framed whole. */
START_TEST(test_framing_split)
{
	static uint8_t big[2 * BGP_MSG_MAX];
	uint8_t ka[BGP_HDR_LEN], code = 0, sub = 0;
	size_t i, n = b_keepalive(ka);
	uint64_t before;

	to_established();
	before = bgp_session_stats(H.s)->msgs_in[BGP_MSG_KEEPALIVE];
	for (i = 0; i < n; i++) {
		peer_send(&H.out, ka + i, 1);
		pump(1);
	}
	ck_assert_uint_eq(bgp_session_stats(H.s)->msgs_in[BGP_MSG_KEEPALIVE], before + 1);

	/* A full-size UPDATE (its bytes are for the speaker to judge). */
	memcpy(big, empty_update, sizeof(empty_update));
	big[16] = BGP_MSG_MAX >> 8;
	big[17] = BGP_MSG_MAX & 0xff;
	memcpy(big + BGP_MSG_MAX, empty_update, sizeof(empty_update));
	peer_send(&H.out, big, 100);
	pump(2);
	peer_send(&H.out, big + 100, BGP_MSG_MAX + sizeof(empty_update) - 100);
	pump(5);
	ck_assert_int_eq(H.n_update, 2);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ESTABLISHED);

	/* A length above 4096 is a header error (1/2), not a bigger buffer. */
	big[16] = (BGP_MSG_MAX + 1) >> 8;
	big[17] = (BGP_MSG_MAX + 1) & 0xff;
	peer_send(&H.out, big, BGP_HDR_LEN);
	ck_assert(peer_notification(&H.out, &code, &sub, 400));
	ck_assert_uint_eq(code, 1);
	ck_assert_uint_eq(sub, 2);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
}
END_TEST

/* Retry and idle hold intervals double up to 60 s, with jitter of at most
 * 25 %.  Only upper bounds, and one generous lower bound at the cap, so a
 * slow machine cannot fail it. */
START_TEST(test_backoff)
{
	uint64_t want = 1000;
	int i;

	session_new();
	H.connect_err = ECONNREFUSED;
	bgp_session_start(H.s);
	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ACTIVE);
		ck_assert(ev_timer_armed(&H.s->retry));
		ck_assert_uint_le(ev_timer_remaining_ms(&H.s->retry), want + want / 4);
		bgp_session_timer_fire(H.s, BGP_T_CONNECT_RETRY);
		want = want * 2 > 60000 ? 60000 : want * 2;
	}
	ck_assert_uint_gt(ev_timer_remaining_ms(&H.s->retry), 20000);
	ck_assert_int_eq(H.connects, 11);

	/* Failures before Established: the idle hold doubles from 1 s. */
	H.connect_err = 0;
	bgp_session_timer_fire(H.s, BGP_T_CONNECT_RETRY);
	want = 1000;
	for (i = 0; i < 8; i++) {
		peer_expect(&H.out, BGP_MSG_OPEN);
		peer_send_notify(&H.out, 6, 4);
		run_until_state(BGP_ST_IDLE);
		ck_assert(ev_timer_armed(&H.s->idle_hold));
		ck_assert(!ev_timer_armed(&H.s->retry));
		ck_assert_uint_le(ev_timer_remaining_ms(&H.s->idle_hold), want);
		bgp_session_timer_fire(H.s, BGP_T_IDLE_HOLD);
		want = want * 2 > 60000 ? 60000 : want * 2;
	}
	ck_assert_uint_eq(H.s->idle_ms, 60000);
	/* A session that stayed up for a minute starts again from 1 s. */
	peer_expect(&H.out, BGP_MSG_OPEN);
	peer_send_open(&H.out, PEER_ID);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	H.s->stats.since_ms -= 61000;
	peer_send_notify(&H.out, 6, 4);
	run_until_state(BGP_ST_IDLE);
	ck_assert_uint_le(ev_timer_remaining_ms(&H.s->idle_hold), 1000);
	ck_assert_uint_eq(H.s->retry_ms, 1000);
}
END_TEST

/* ---- real TCP ------------------------------------------------------------------ */

START_TEST(test_tcp_loopback)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	struct sockaddr_storage l, r;
	socklen_t len = sizeof(sin);
	int lfd, i;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);

	vt_addr_parse("127.0.0.1", AF_INET, &H.conf.remote);
	vt_addr_parse("127.0.0.1", AF_INET, &H.conf.local);
	H.conf.port = ntohs(sin.sin_port);
	H.conf.ttl = 1;
	H.s = bgp_session_new(H.loop, &H.conf, &bst_ops, NULL, &bgp_transport_tcp);
	ck_assert_ptr_nonnull(H.s);
	bgp_session_start(H.s);
	for (i = 0; i < 400 && H.out.fd < 0; i++) {
		H.out.fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (H.out.fd < 0)
			ck_assert_int_eq(ev_loop_run_once(H.loop, 5), 0);
	}
	close(lfd);
	ck_assert_int_ge(H.out.fd, 0);
	peer_expect(&H.out, BGP_MSG_OPEN);
	peer_send_open(&H.out, PEER_ID);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert_int_eq(bgp_session_addrs(H.s, &l, &r), 0);
	ck_assert_int_eq(l.ss_family, AF_INET);
	ck_assert_uint_eq(ntohs(((struct sockaddr_in *)&r)->sin_port), H.conf.port);
	ck_assert_uint_eq(ntohl(((struct sockaddr_in *)&l)->sin_addr.s_addr), INADDR_LOOPBACK);
}
END_TEST

START_TEST(test_tcp_refused_goes_active)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd, i;

	/* A port nobody listens on: bound, then closed. */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	vt_addr_parse("127.0.0.1", AF_INET, &H.conf.remote);
	H.conf.port = ntohs(sin.sin_port);
	H.s = bgp_session_new(H.loop, &H.conf, &bst_ops, NULL, NULL);
	ck_assert_ptr_nonnull(H.s);
	bgp_session_start(H.s);
	for (i = 0; i < 400 && bgp_session_state(H.s) != BGP_ST_ACTIVE; i++)
		ck_assert_int_eq(ev_loop_run_once(H.loop, 5), 0);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ACTIVE);
}
END_TEST

/* ---- stats->transport_lost: only a connection that broke, with no
 * NOTIFICATION and not by our own decision, is a lost transport (RFC 4724
 * keeps the neighbor's routes for that case alone). */

enum lost_how { LOST_PEER_CLOSE, LOST_HOLD, LOST_NOTIFY, LOST_STOP, LOST_RESET, LOST_DROP };

static const struct {
	const char *name;
	enum lost_how how;
	bool lost;
} lost_cases[] = {
	{"the peer closes the socket", LOST_PEER_CLOSE, true},
	{"hold timer expiry", LOST_HOLD, false},
	{"NOTIFICATION received", LOST_NOTIFY, false},
	{"stop", LOST_STOP, false},
	{"reset", LOST_RESET, false},
	{"drop (its tunnel went down)", LOST_DROP, false},
};

static void lost_go_down(enum lost_how how)
{
	struct bgp_notify n = {.code = 6, .subcode = 1};
	int downs = H.n_down;

	switch (how) {
	case LOST_PEER_CLOSE:
		close(H.out.fd);
		H.out.fd = -1;
		break;
	case LOST_HOLD:
		bgp_session_timer_fire(H.s, BGP_T_HOLD);
		break;
	case LOST_NOTIFY:
		peer_send_notify(&H.out, 6, 2);
		break;
	case LOST_STOP:
		bgp_session_stop(H.s, 2);
		break;
	case LOST_RESET:
		bgp_session_reset(H.s, &n, "test reset");
		break;
	case LOST_DROP:
		bgp_session_drop(H.s, "tunnel aws1 is down");
		break;
	}
	for (int i = 0; i < 100 && H.n_down == downs; i++)
		pump(1);
	ck_assert_int_eq(H.n_down, downs + 1);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
}

/* A connected TCP pair over 127.0.0.1: fds[0] ours, fds[1] the peer's. */
static void tcp_pair(int fds[2])
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(l, 0);
	ck_assert_int_eq(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(l, 1), 0);
	ck_assert_int_eq(getsockname(l, (struct sockaddr *)&a, &alen), 0);
	fds[1] = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fds[1], (struct sockaddr *)&a, sizeof(a)), 0);
	fds[0] = accept(l, NULL, NULL);
	ck_assert_int_ge(fds[0], 0);
	close(l);
}

/* What the peer reads to the end: the bytes, and how it ended (0: a FIN,
 * else the errno). */
static int peer_read_all(int fd, uint8_t *buf, size_t cap, size_t *got)
{
	struct timeval tv = {.tv_sec = 5};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	*got = 0;
	for (;;) {
		ssize_t r = recv(fd, buf + *got, cap - *got, 0);

		if (r == 0)
			return 0;
		if (r < 0)
			return errno;
		*got += (size_t)r;
	}
}

/* The peer sent what we never read (its UPDATEs) when we give up with a
 * NOTIFICATION: it must still read the NOTIFICATION and see a FIN, not a
 * reset (which BIRD may act on before reading, and which can throw away
 * our unsent bytes).  A plain close() shows the difference. */
START_TEST(test_close_gently)
{
	static const uint8_t note[21] = {[16] = 0, [17] = 21, [18] = BGP_MSG_NOTIFICATION, 6, 1};
	uint8_t unread[3000], buf[64];
	size_t got;
	int fds[2];

	memset(unread, 0xab, sizeof(unread));
	for (int gently = 1; gently >= 0; gently--) {
		tcp_pair(fds);
		ck_assert_int_eq(send(fds[1], unread, sizeof(unread), 0), (ssize_t)sizeof(unread));
		usleep(20000); /* in our receive queue */
		ck_assert_int_eq(send(fds[0], note, sizeof(note), 0), (ssize_t)sizeof(note));
		if (gently)
			bgp_sock_close_gently(fds[0]);
		else
			close(fds[0]);
		if (gently) {
			ck_assert_int_eq(peer_read_all(fds[1], buf, sizeof(buf), &got), 0);
			ck_assert_uint_eq(got, sizeof(note));
			ck_assert_int_eq(memcmp(buf, note, sizeof(note)), 0);
		} else {
			ck_assert_int_eq(peer_read_all(fds[1], buf, sizeof(buf), &got), ECONNRESET);
		}
		close(fds[1]);
	}
}
END_TEST

START_TEST(test_transport_lost)
{
	bool want = lost_cases[_i].lost;

	/* First the opposite outcome, so that a flag left over from it, or
	 * one never set, fails the row. */
	to_established();
	lost_go_down(want ? LOST_NOTIFY : LOST_PEER_CLOSE);
	ck_assert_msg(H.down_lost == !want, "%s: first down", lost_cases[_i].name);
	bgp_session_timer_fire(H.s, BGP_T_IDLE_HOLD);
	peer_expect(&H.out, BGP_MSG_OPEN);
	peer_send_open(&H.out, PEER_ID);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert_int_eq(H.n_est, 2);

	lost_go_down(lost_cases[_i].how);
	ck_assert_msg(H.down_lost == want, "%s: transport_lost inside down is %d, want %d",
		      lost_cases[_i].name, H.down_lost, want);
	ck_assert_msg(bgp_session_stats(H.s)->transport_lost == want,
		      "%s: transport_lost after down", lost_cases[_i].name);
}
END_TEST

static Suite *bgp_session_io_suite(void)
{
	Suite *s = suite_create("bgp_session_io");
	TCase *tc = tcase_create("io");

	tcase_add_checked_fixture(tc, bst_setup, bst_teardown);
	tcase_add_test(tc, test_read_budget);
	tcase_add_test(tc, test_update_and_refresh);
	tcase_add_test(tc, test_writable_after_high_water);
	tcase_add_test(tc, test_framing_split);
	tcase_add_test(tc, test_backoff);
	tcase_add_test(tc, test_tcp_loopback);
	tcase_add_test(tc, test_close_gently);
	tcase_add_test(tc, test_tcp_refused_goes_active);
	tcase_add_loop_test(tc, test_transport_lost, 0,
			    (int)(sizeof(lost_cases) / sizeof(lost_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(bgp_session_io_suite());
}
