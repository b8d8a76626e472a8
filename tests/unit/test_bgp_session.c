/*
 * bgp/session: the FSM against a scripted neighbor (tests/unit/
 * bgp_session_peer.h): a table of transitions, connection collisions both
 * ways, passive sessions, connect failures, stop and reset, and ops->down
 * exactly once.
 */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/bgp_session_peer.h"
#include "tests/unit/check_main.h"

/* ---- the transition table ------------------------------------------------------ */

enum ev_kind { EV_BYTES, EV_TIMER, EV_ACCEPT };

struct fsm_case {
	const char *name;
	enum bgp_state from;
	enum ev_kind kind;
	size_t (*bytes)(uint8_t *buf); /* EV_BYTES */
	enum bgp_timer timer;	       /* EV_TIMER */
	enum bgp_state to;
	uint8_t code, sub; /* NOTIFICATION we must send; code 0: none */
};

static size_t b_open_bad_as(uint8_t *b)
{
	return open_build(b, 65099, PEER_ID, 30, true, false);
}

static size_t b_open_bad_version(uint8_t *b)
{
	size_t n = open_build(b, PEER_AS, PEER_ID, 30, true, false);

	b[19] = 3;
	return n;
}

static size_t b_open_hold1(uint8_t *b)
{
	return open_build(b, PEER_AS, PEER_ID, 1, true, false);
}

static size_t b_open_ok(uint8_t *b)
{
	return open_build(b, PEER_AS, PEER_ID, 30, true, false);
}

static size_t b_open_unknown_cap(uint8_t *b)
{
	struct wire_writer w;
	struct bgp_open o;
	static const uint8_t v[3] = {1, 2, 3};

	bgp_open_init(&o, PEER_AS, 30, PEER_ID);
	o.other[0] = (struct bgp_cap_raw){.code = 0x99, .len = 3, .value = v};
	o.n_other = 1;
	wire_wr_init_fixed(&w, b, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_open_write(&w, &o), 0);
	return wire_wr_len(&w);
}

static size_t b_update(uint8_t *b)
{
	memcpy(b, empty_update, sizeof(empty_update));
	return sizeof(empty_update);
}

static size_t b_notify_cease(uint8_t *b)
{
	size_t n = b_keepalive(b);

	b[17] = 21;
	b[18] = BGP_MSG_NOTIFICATION;
	b[19] = 6;
	b[20] = 2;
	return n + 2;
}

static size_t b_bad_marker(uint8_t *b)
{
	size_t n = b_keepalive(b);

	b[3] = 0;
	return n;
}

static const struct fsm_case fsm_cases[] = {
	{"happy path", BGP_ST_OPENCONFIRM, EV_BYTES, b_keepalive, 0, BGP_ST_ESTABLISHED, 0, 0},
	{"OPEN", BGP_ST_OPENSENT, EV_BYTES, b_open_ok, 0, BGP_ST_OPENCONFIRM, 0, 0},
	{"unknown capability ignored", BGP_ST_OPENSENT, EV_BYTES, b_open_unknown_cap, 0,
	 BGP_ST_OPENCONFIRM, 0, 0},
	{"bad peer AS", BGP_ST_OPENSENT, EV_BYTES, b_open_bad_as, 0, BGP_ST_IDLE, 2, 2},
	{"bad version", BGP_ST_OPENSENT, EV_BYTES, b_open_bad_version, 0, BGP_ST_IDLE, 2, 1},
	{"hold time 1", BGP_ST_OPENSENT, EV_BYTES, b_open_hold1, 0, BGP_ST_IDLE, 2, 6},
	{"UPDATE in OpenSent", BGP_ST_OPENSENT, EV_BYTES, b_update, 0, BGP_ST_IDLE, 5, 1},
	{"KEEPALIVE in OpenSent", BGP_ST_OPENSENT, EV_BYTES, b_keepalive, 0, BGP_ST_IDLE, 5, 1},
	{"UPDATE in OpenConfirm", BGP_ST_OPENCONFIRM, EV_BYTES, b_update, 0, BGP_ST_IDLE, 5, 2},
	{"OPEN in Established", BGP_ST_ESTABLISHED, EV_BYTES, b_open_ok, 0, BGP_ST_IDLE, 5, 3},
	{"NOTIFICATION in OpenConfirm", BGP_ST_OPENCONFIRM, EV_BYTES, b_notify_cease, 0,
	 BGP_ST_IDLE, 0, 0},
	{"NOTIFICATION in Established", BGP_ST_ESTABLISHED, EV_BYTES, b_notify_cease, 0,
	 BGP_ST_IDLE, 0, 0},
	{"bad marker", BGP_ST_ESTABLISHED, EV_BYTES, b_bad_marker, 0, BGP_ST_IDLE, 1, 1},
	{"ROUTE-REFRESH not negotiated", BGP_ST_ESTABLISHED, EV_BYTES, b_rr_ipv6, 0,
	 BGP_ST_ESTABLISHED, 0, 0},
	{"hold expiry in OpenSent", BGP_ST_OPENSENT, EV_TIMER, NULL, BGP_T_HOLD, BGP_ST_IDLE, 4, 0},
	{"hold expiry in Established", BGP_ST_ESTABLISHED, EV_TIMER, NULL, BGP_T_HOLD, BGP_ST_IDLE,
	 4, 0},
	{"accept while Established", BGP_ST_ESTABLISHED, EV_ACCEPT, NULL, 0, BGP_ST_ESTABLISHED, 6,
	 7},
};

START_TEST(test_fsm_table)
{
	const struct fsm_case *fc = &fsm_cases[_i];
	struct peer *p = &H.out;
	uint8_t b[BGP_MSG_MAX], code = 0, sub = 0;
	bool got;

	if (fc->from == BGP_ST_OPENSENT)
		to_opensent();
	else if (fc->from == BGP_ST_OPENCONFIRM)
		to_openconfirm();
	else
		to_established();
	switch (fc->kind) {
	case EV_BYTES:
		peer_send(p, b, fc->bytes(b));
		break;
	case EV_TIMER:
		bgp_session_timer_fire(H.s, fc->timer);
		break;
	case EV_ACCEPT:
		peer_accept();
		p = &H.in;
		break;
	}
	if (fc->to == BGP_ST_IDLE || fc->kind == EV_ACCEPT) {
		/* The connection closes: everything it sent is there. */
		got = peer_notification(p, &code, &sub, 400);
		while (peer_recv_wait(p, NULL, NULL, 400))
			;
		ck_assert_msg(p->eof, "%s: connection not closed", fc->name);
	} else {
		run_until_state(fc->to);
		got = peer_notification(p, &code, &sub, 10);
	}
	ck_assert_msg(got == (fc->code != 0), "%s: NOTIFICATION %s", fc->name,
		      got ? "sent" : "missing");
	ck_assert_msg(code == fc->code && sub == fc->sub, "%s: sent %u/%u, want %u/%u", fc->name,
		      code, sub, fc->code, fc->sub);
	ck_assert_msg(bgp_session_state(H.s) == fc->to, "%s: state %s, want %s", fc->name,
		      bgp_state_name(bgp_session_state(H.s)), bgp_state_name(fc->to));
	/* One down for one established, whatever happened. */
	ck_assert_int_eq(H.n_down, fc->from == BGP_ST_ESTABLISHED && fc->to == BGP_ST_IDLE);
}
END_TEST

/* ---- single scenarios ------------------------------------------------------------- */

START_TEST(test_our_open_and_negotiation)
{
	uint8_t msg[BGP_MSG_MAX];
	struct bgp_open o;
	struct bgp_notify err;
	size_t len;

	H.conf.af_ipv6 = true;
	H.conf.keepalive = 5;
	session_new();
	bgp_session_start(H.s);
	ck_assert_int_eq(peer_recv(&H.out, msg, &len), BGP_MSG_OPEN);
	ck_assert_int_eq(bgp_open_parse(msg, len, &o, &err), 0);
	ck_assert_uint_eq(bgp_open_asn(&o), LOCAL_AS);
	ck_assert_uint_eq(o.bgp_id, LOCAL_ID);
	ck_assert_uint_eq(o.hold_time, 90);
	ck_assert(o.has_as4 && o.route_refresh);
	ck_assert_uint_eq(o.n_mp, 2);
	ck_assert_uint_eq(o.mp[0].afi, BGP_AFI_IPV4);
	ck_assert_uint_eq(o.mp[1].afi, BGP_AFI_IPV6);
	/* Receiving speaker only: no flags, no AFI tuples. */
	ck_assert(o.has_gr);
	ck_assert_uint_eq(o.gr_flags, 0);
	ck_assert_uint_eq(o.gr_time, 120);
	ck_assert_uint_eq(o.gr_tuples_len, 0);

	peer_send_open(&H.out, PEER_ID); /* hold 30, MP IPv4 only */
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert_uint_eq(bgp_session_hold(H.s), 30);
	ck_assert_uint_eq(bgp_session_keepalive(H.s), 5);
	ck_assert(bgp_session_af(H.s, BGP_AFI_IPV4));
	ck_assert(!bgp_session_af(H.s, BGP_AFI_IPV6));
	ck_assert(bgp_session_as4(H.s));
	ck_assert(bgp_session_route_refresh(H.s));
	ck_assert(!bgp_session_peer_gr(H.s, NULL));
	ck_assert_int_eq(H.n_writable, 1); /* once, so the speaker starts sending */
	ck_assert_uint_eq(bgp_session_stats(H.s)->established_count, 1);
}
END_TEST

START_TEST(test_no_mp_means_ipv4_and_keepalive_default)
{
	uint8_t b[BGP_MSG_MAX];

	H.conf.af_ipv6 = true;
	H.conf.keepalive = 60; /* not below the hold time: hold / 3 */
	to_opensent();
	peer_send(&H.out, b, open_build(b, PEER_AS, PEER_ID, 30, false, false));
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert_uint_eq(bgp_session_keepalive(H.s), 10);
	ck_assert(bgp_session_af(H.s, BGP_AFI_IPV4));
	ck_assert(!bgp_session_af(H.s, BGP_AFI_IPV6));
}
END_TEST

/* RFC 6286: our own identifier is refused inside one AS (2/3), allowed
 * from another AS. */
START_TEST(test_same_bgp_id)
{
	uint8_t b[BGP_MSG_MAX], code = 0, sub = 0;

	to_opensent();
	peer_send(&H.out, b, open_build(b, PEER_AS, LOCAL_ID, 30, true, false));
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENCONFIRM);
	bgp_session_free(H.s);
	H.s = NULL;

	H.conf.remote_as = LOCAL_AS;
	to_opensent();
	peer_send(&H.out, b, open_build(b, LOCAL_AS, LOCAL_ID, 30, true, false));
	ck_assert(peer_notification(&H.out, &code, &sub, 400));
	ck_assert_uint_eq(code, 2);
	ck_assert_uint_eq(sub, 3);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
}
END_TEST

START_TEST(test_hold_expiry_then_idle_hold_then_connect)
{
	uint8_t code, sub;

	to_established();
	bgp_session_timer_fire(H.s, BGP_T_HOLD);
	ck_assert(peer_notification(&H.out, &code, &sub, 400));
	ck_assert_uint_eq(code, 4);
	ck_assert_uint_eq(sub, 0);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(H.n_down, 1);
	ck_assert_str_eq(H.down_reason, "hold timer expired");
	ck_assert_str_eq(bgp_session_stats(H.s)->last_error, "hold timer expired");
	/* Idle refuses a connection. */
	peer_accept();
	ck_assert(peer_notification(&H.in, &code, &sub, 10));
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(H.connects, 1);
	bgp_session_timer_fire(H.s, BGP_T_IDLE_HOLD);
	ck_assert_int_eq(H.connects, 2);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_CONNECT);
	peer_expect(&H.out, BGP_MSG_OPEN);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENSENT);
	ck_assert_int_eq(H.n_down, 1);
}
END_TEST

START_TEST(test_keepalive_on_timer)
{
	uint64_t before;

	to_established();
	while (peer_recv_wait(&H.out, NULL, NULL, 3))
		;
	before = bgp_session_stats(H.s)->msgs_out[BGP_MSG_KEEPALIVE];
	bgp_session_timer_fire(H.s, BGP_T_KEEPALIVE);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	ck_assert_uint_eq(bgp_session_stats(H.s)->msgs_out[BGP_MSG_KEEPALIVE], before + 1);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ESTABLISHED);
}
END_TEST

/* Outgoing connection A reaches OpenConfirm; the neighbor's own
 * connection B then brings its OPEN.  The one opened by the side with
 * the higher identifier survives. */
static void collision(uint32_t local_id, bool ours_survives)
{
	struct peer *win, *lose;
	uint8_t code, sub;

	H.conf.router_id = local_id;
	to_opensent();
	peer_accept();
	peer_expect(&H.in, BGP_MSG_OPEN);
	peer_send_open(&H.out, PEER_ID);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_open(&H.in, PEER_ID);
	win = ours_survives ? &H.out : &H.in;
	lose = ours_survives ? &H.in : &H.out;
	ck_assert(peer_notification(lose, &code, &sub, 400));
	ck_assert_uint_eq(code, 6);
	ck_assert_uint_eq(sub, 7);
	ck_assert(peer_recv_wait(lose, NULL, NULL, 50) == 0 && lose->eof);
	if (!ours_survives)
		peer_expect(win, BGP_MSG_KEEPALIVE);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENCONFIRM);
	peer_send_keepalive(win);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert_int_eq(H.n_est, 1);
	/* The survivor carries the session. */
	peer_send(win, empty_update, sizeof(empty_update));
	pump(5);
	ck_assert_int_eq(H.n_update, 1);
}

START_TEST(test_collision_our_id_higher)
{
	collision(0x0a000009u, true);
}
END_TEST

START_TEST(test_collision_our_id_lower)
{
	collision(0x01000000u, false);
}
END_TEST

START_TEST(test_passive_never_connects)
{
	H.conf.passive = true;
	session_new();
	bgp_session_start(H.s);
	pump(5);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ACTIVE);
	bgp_session_timer_fire(H.s, BGP_T_CONNECT_RETRY);
	pump(5);
	ck_assert_int_eq(H.connects, 0);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ACTIVE);
	peer_accept();
	peer_expect(&H.in, BGP_MSG_OPEN);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENSENT);
	/* After a failure it goes back to listening, still without connecting. */
	peer_send_notify(&H.in, 6, 4);
	pump(5);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	bgp_session_timer_fire(H.s, BGP_T_IDLE_HOLD);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ACTIVE);
	ck_assert_int_eq(H.connects, 0);
}
END_TEST

START_TEST(test_connect_fails_active_then_retry)
{
	session_new();
	H.connect_err = ECONNREFUSED;
	bgp_session_start(H.s);
	ck_assert_int_eq(H.connects, 1);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_ACTIVE);
	H.connect_err = 0;
	bgp_session_timer_fire(H.s, BGP_T_CONNECT_RETRY);
	ck_assert_int_eq(H.connects, 2);
	peer_expect(&H.out, BGP_MSG_OPEN);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_OPENSENT);
}
END_TEST

START_TEST(test_connect_refused_by_peer)
{
	session_new();
	bgp_session_start(H.s);
	/* The neighbor's end goes away before anything is said. */
	close(H.out.fd);
	H.out.fd = -1;
	pump(10);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(H.n_down, 0);
}
END_TEST

START_TEST(test_stop_sends_cease_2)
{
	uint8_t code, sub;

	to_established();
	bgp_session_stop(H.s, 2);
	ck_assert(peer_notification(&H.out, &code, &sub, 50));
	ck_assert_uint_eq(code, 6);
	ck_assert_uint_eq(sub, 2);
	ck_assert(peer_recv_wait(&H.out, NULL, NULL, 50) == 0 && H.out.eof);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(H.n_down, 1);
	/* Stopped: the idle hold does not start it again. */
	bgp_session_timer_fire(H.s, BGP_T_IDLE_HOLD);
	bgp_session_timer_fire(H.s, BGP_T_CONNECT_RETRY);
	ck_assert_int_eq(H.connects, 1);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(bgp_session_send(H.s, empty_update, sizeof(empty_update)), -ENOTCONN);
	bgp_session_start(H.s);
	ck_assert_int_eq(H.connects, 2);
}
END_TEST

START_TEST(test_reset_sends_cease_1_and_restarts)
{
	struct bgp_notify n = {.code = 6, .subcode = 1};
	uint8_t code, sub;

	to_established();
	bgp_session_reset(H.s, &n, "maximum prefixes reached");
	ck_assert(peer_notification(&H.out, &code, &sub, 50));
	ck_assert_uint_eq(code, 6);
	ck_assert_uint_eq(sub, 1);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_IDLE);
	ck_assert_int_eq(H.n_down, 1);
	ck_assert_str_eq(H.down_reason, "maximum prefixes reached");
	bgp_session_timer_fire(H.s, BGP_T_IDLE_HOLD);
	ck_assert_int_eq(H.connects, 2);
	ck_assert_int_eq(bgp_session_state(H.s), BGP_ST_CONNECT);
}
END_TEST

START_TEST(test_down_exactly_once)
{
	uint8_t b[BGP_MSG_MAX], code, sub;
	struct wire_writer w;
	struct bgp_open o;
	uint16_t t = 0;

	/* A neighbor that restarts gracefully (RFC 4724), 90 s. */
	to_opensent();
	bgp_open_init(&o, PEER_AS, 30, PEER_ID);
	o.has_gr = true;
	o.gr_time = 90;
	wire_wr_init_fixed(&w, b, sizeof(b));
	ck_assert_int_eq(bgp_open_write(&w, &o), 0);
	peer_send_w(&H.out, &w);
	peer_expect(&H.out, BGP_MSG_KEEPALIVE);
	peer_send_keepalive(&H.out);
	run_until_state(BGP_ST_ESTABLISHED);
	ck_assert(bgp_session_peer_gr(H.s, &t));
	ck_assert_uint_eq(t, 90);
	ck_assert(!bgp_session_af(H.s, BGP_AFI_IPV6));

	peer_send_notify(&H.out, 6, 2);
	pump(10);
	ck_assert_int_eq(H.n_down, 1);
	/* The speaker may still read what was negotiated inside down ... */
	ck_assert(H.down_had_open);
	ck_assert_int_eq(H.down_gr_time, 90);
	/* ... and not after. */
	ck_assert_ptr_null(bgp_session_peer_open(H.s));
	ck_assert(!bgp_session_peer_gr(H.s, NULL));
	ck_assert_uint_eq(bgp_session_hold(H.s), 0);
	ck_assert_str_eq(H.down_reason, "peer sent NOTIFICATION Cease/Administrative Shutdown");
	/* Nothing after it calls down again. */
	bgp_session_timer_fire(H.s, BGP_T_HOLD);
	bgp_session_drop(H.s, "tunnel down");
	bgp_session_stop(H.s, 2);
	ck_assert(!peer_notification(&H.out, &code, &sub, 5));
	bgp_session_free(H.s);
	H.s = NULL;
	ck_assert_int_eq(H.n_down, 1);
	ck_assert_int_eq(H.n_est, 1);
}
END_TEST

START_TEST(test_free_established_calls_down)
{
	uint8_t code, sub;

	to_established();
	bgp_session_free(H.s);
	H.s = NULL;
	ck_assert_int_eq(H.n_down, 1);
	ck_assert(peer_notification(&H.out, &code, &sub, 0));
	ck_assert_uint_eq(code, 6);
	ck_assert_uint_eq(sub, 3);
}
END_TEST

START_TEST(test_free_inside_down)
{
	to_established();
	H.free_in_down = true;
	peer_send_notify(&H.out, 6, 4);
	pump(10);
	ck_assert_ptr_null(H.s);
	ck_assert_int_eq(H.n_down, 1);
}
END_TEST

static Suite *bgp_session_fsm_suite(void)
{
	Suite *s = suite_create("bgp_session_fsm");
	TCase *tc = tcase_create("fsm");

	tcase_add_checked_fixture(tc, bst_setup, bst_teardown);
	tcase_add_loop_test(tc, test_fsm_table, 0, (int)(sizeof(fsm_cases) / sizeof(fsm_cases[0])));
	tcase_add_test(tc, test_our_open_and_negotiation);
	tcase_add_test(tc, test_no_mp_means_ipv4_and_keepalive_default);
	tcase_add_test(tc, test_same_bgp_id);
	tcase_add_test(tc, test_hold_expiry_then_idle_hold_then_connect);
	tcase_add_test(tc, test_keepalive_on_timer);
	tcase_add_test(tc, test_collision_our_id_higher);
	tcase_add_test(tc, test_collision_our_id_lower);
	tcase_add_test(tc, test_passive_never_connects);
	tcase_add_test(tc, test_connect_fails_active_then_retry);
	tcase_add_test(tc, test_connect_refused_by_peer);
	tcase_add_test(tc, test_stop_sends_cease_2);
	tcase_add_test(tc, test_reset_sends_cease_1_and_restarts);
	tcase_add_test(tc, test_down_exactly_once);
	tcase_add_test(tc, test_free_established_calls_down);
	tcase_add_test(tc, test_free_inside_down);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(bgp_session_fsm_suite());
}
