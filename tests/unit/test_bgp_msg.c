/*
 * bgp/msg: framing, OPEN, NOTIFICATION, ROUTE-REFRESH, as tables of
 * {name, bytes, expected outcome}, and round trips parse(gen(x)) == x.
 * UPDATE has its own program, test_bgp_update.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/asn.h"
#include "bgp/msg.h"
#include "tests/unit/bgp_msg_test.h"

/* ---- framing ---- */

struct hdr_case {
	const char *name;
	const char *bytes;
	int rc;
	uint8_t sub;
};

#define MARKER "ffffffffffffffffffffffffffffffff"
static const struct hdr_case hdr_cases[] = {
	{"keepalive", MARKER "001304", 0, 0},
	{"short", MARKER "0013", -EAGAIN, 0},
	{"bad marker", "feffffffffffffffffffffffffffffff" "001304", -EBADMSG, BGP_ERR_HDR_SYNC},
	{"length 18", MARKER "001204", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"length 4097", MARKER "100102", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"type 0", MARKER "001300", -EBADMSG, BGP_ERR_HDR_TYPE},
	{"type 6", MARKER "001306", -EBADMSG, BGP_ERR_HDR_TYPE},
	{"keepalive too long", MARKER "001404", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"open too short", MARKER "001c01", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"update too short", MARKER "001602", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"notification too short", MARKER "001403", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"route refresh 24", MARKER "001805", -EBADMSG, BGP_ERR_HDR_LENGTH},
	{"route refresh", MARKER "001705", 0, 0},
	{"max update", MARKER "100002", 0, 0},
};

START_TEST(test_hdr_table)
{
	const struct hdr_case *c = &hdr_cases[_i];
	uint8_t buf[64];
	size_t n = hex(c->bytes, buf, sizeof(buf)), len = 0;
	struct bgp_notify err;
	uint8_t type = 0;
	int rc = bgp_hdr_parse(buf, n, &type, &len, &err);

	ck_assert_msg(rc == c->rc, "%s: rc %d", c->name, rc);
	if (rc == -EBADMSG) {
		ck_assert_msg(err.code == BGP_ERR_HEADER && err.subcode == c->sub, "%s: %u/%u",
			      c->name, err.code, err.subcode);
		if (c->sub == BGP_ERR_HDR_LENGTH) {
			ck_assert_uint_eq(err.data_len, 2);
			ck_assert(memcmp(bgp_notify_data(&err), buf + 16, 2) == 0);
		}
	} else if (rc == 0) {
		ck_assert_uint_eq(len, (size_t)buf[16] << 8 | buf[17]);
		ck_assert_uint_eq(type, buf[18]);
	}
}
END_TEST

/* ---- OPEN ---- */

struct open_case {
	const char *name;
	const char *body;
	uint8_t code;
	uint8_t sub;
};

/* version 4, AS 65016, hold 90, id 10.0.0.1 */
#define OPEN_FIX "04 fdf8 005a 0a000001"
static const struct open_case open_cases[] = {
	{"no params", OPEN_FIX "00", 0, 0},
	{"caps", OPEN_FIX "10 020e 0104 00010001 0200 4104 0000fdf8", 0, 0},
	{"version 3", "03 fdf8 005a 0a000001 00", BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION},
	{"AS 0", "04 0000 005a 0a000001 00", BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS},
	{"hold 1", "04 fdf8 0001 0a000001 00", BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME},
	{"hold 2", "04 fdf8 0002 0a000001 00", BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME},
	{"hold 0", "04 fdf8 0000 0a000001 00", 0, 0},
	{"hold 3", "04 fdf8 0003 0a000001 00", 0, 0},
	{"id 0", "04 fdf8 005a 00000000 00", BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID},
	{"opt len long", OPEN_FIX "03 0200", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"opt len short", OPEN_FIX "01 0200", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"param overruns", OPEN_FIX "02 0203", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"auth param", OPEN_FIX "03 0101 00", BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM},
	{"cap overruns", OPEN_FIX "04 0202 0105", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"mp cap 3", OPEN_FIX "07 0205 0103 000100", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"rr cap 1", OPEN_FIX "05 0203 020100", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"as4 cap 2", OPEN_FIX "06 0204 41020001", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"as4 0", OPEN_FIX "08 0206 4104 00000000", BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS},
	{"gr 1", OPEN_FIX "05 0203 400100", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"gr 7", OPEN_FIX "0b 0209 4007 0078 00010100", BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC},
	{"AS_TRANS no as4", "04 5ba0 005a 0a000001 00", BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS},
	{"AS_TRANS small as4", "04 5ba0 005a 0a000001 08 0206 4104 0000fdf8", BGP_ERR_OPEN,
	 BGP_ERR_OPEN_PEER_AS},
	{"AS_TRANS big as4", "04 5ba0 005a 0a000001 08 0206 4104 fa56ea01", 0, 0},
	{"unknown caps kept", OPEN_FIX "09 0207 4600 4903 616263", 0, 0},
};

START_TEST(test_open_table)
{
	const struct open_case *c = &open_cases[_i];
	uint8_t buf[256];
	size_t n = msg(BGP_MSG_OPEN, c->body, buf, sizeof(buf));
	struct bgp_notify err;
	struct bgp_open o;
	int rc = bgp_open_parse(buf, n, &o, &err);

	if (c->code == 0) {
		ck_assert_msg(rc == 0, "%s: %u/%u", c->name, err.code, err.subcode);
		return;
	}
	ck_assert_msg(rc == -EBADMSG && err.code == c->code && err.subcode == c->sub,
		      "%s: rc %d %u/%u", c->name, rc, err.code, err.subcode);
}
END_TEST

START_TEST(test_open_fields)
{
	uint8_t buf[256];
	size_t n = msg(BGP_MSG_OPEN,
		       "04 5ba0 00b4 c0000201 1f 021d 0104 00020001 0200 4104 fa56ea01"
		       " 4006 8078 00010180 4600 4903 616263",
		       buf, sizeof(buf));
	struct bgp_notify err;
	struct bgp_open o;

	ck_assert_int_eq(bgp_open_parse(buf, n, &o, &err), 0);
	ck_assert_uint_eq(bgp_open_asn(&o), 4200000001u);
	ck_assert_uint_eq(o.hold_time, 180);
	ck_assert_uint_eq(o.bgp_id, 0xc0000201u);
	ck_assert_uint_eq(o.n_mp, 1);
	ck_assert_uint_eq(o.mp[0].afi, BGP_AFI_IPV6);
	ck_assert_uint_eq(o.mp[0].safi, BGP_SAFI_UNICAST);
	ck_assert(o.route_refresh);
	ck_assert(o.has_gr);
	ck_assert_uint_eq(o.gr_flags, 8);
	ck_assert_uint_eq(o.gr_time, 120);
	ck_assert_uint_eq(o.gr_tuples_len, 4);
	ck_assert_uint_eq(o.n_other, 2);
	ck_assert_uint_eq(o.other[0].code, 70);
	ck_assert_uint_eq(o.other[0].len, 0);
	ck_assert_uint_eq(o.other[1].code, 73);
	ck_assert(o.other[1].len == 3 && memcmp(o.other[1].value, "abc", 3) == 0);
}
END_TEST

START_TEST(test_open_version_data)
{
	uint8_t buf[64];
	size_t n = msg(BGP_MSG_OPEN, "05 fdf8 005a 0a000001 00", buf, sizeof(buf));
	struct bgp_notify err;
	struct bgp_open o;

	ck_assert_int_eq(bgp_open_parse(buf, n, &o, &err), -EBADMSG);
	ck_assert_uint_eq(err.data_len, 2);
	ck_assert(memcmp(bgp_notify_data(&err), "\x00\x04", 2) == 0);
}
END_TEST

START_TEST(test_open_roundtrip)
{
	static const uint8_t tuples[] = {0, 1, 1, 0x80};
	struct bgp_open o, p;
	struct bgp_notify err;
	struct wire_writer w;

	bgp_open_init(&o, 4200000001u, 90, 0x0a000001);
	ck_assert_uint_eq(o.my_as, BGP_AS_TRANS);
	o.route_refresh = true;
	o.n_mp = 2;
	o.mp[0] = (struct bgp_afisafi){BGP_AFI_IPV4, BGP_SAFI_UNICAST};
	o.mp[1] = (struct bgp_afisafi){BGP_AFI_IPV6, BGP_SAFI_UNICAST};
	o.has_gr = true;
	o.gr_flags = 8;
	o.gr_time = 300;
	o.gr_tuples = tuples;
	o.gr_tuples_len = sizeof(tuples);
	o.n_other = 1;
	o.other[0] = (struct bgp_cap_raw){73, 3, (const uint8_t *)"xyz"};
	wire_wr_init_growing(&w, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_open_write(&w, &o), 0);
	ck_assert_int_eq(bgp_open_parse(wire_wr_data(&w), wire_wr_len(&w), &p, &err), 0);
	ck_assert_uint_eq(bgp_open_asn(&p), 4200000001u);
	ck_assert_uint_eq(p.my_as, BGP_AS_TRANS);
	ck_assert_uint_eq(p.hold_time, 90);
	ck_assert_uint_eq(p.bgp_id, 0x0a000001);
	ck_assert(p.route_refresh && p.has_gr);
	ck_assert_uint_eq(p.n_mp, 2);
	ck_assert_uint_eq(p.mp[1].afi, BGP_AFI_IPV6);
	ck_assert_uint_eq(p.gr_flags, 8);
	ck_assert_uint_eq(p.gr_time, 300);
	ck_assert(p.gr_tuples_len == 4 && memcmp(p.gr_tuples, tuples, 4) == 0);
	ck_assert_uint_eq(p.n_other, 1);
	ck_assert(p.other[0].code == 73 && memcmp(p.other[0].value, "xyz", 3) == 0);
	wire_wr_free(&w);
}
END_TEST

/* ---- small messages ---- */

START_TEST(test_small_roundtrip)
{
	struct bgp_notify n = {.code = BGP_ERR_CEASE, .subcode = 2}, m, err;
	struct bgp_rrefresh rr = {BGP_AFI_IPV6, 0, BGP_SAFI_UNICAST}, rr2;
	uint8_t buf[128], type;
	struct wire_writer w;
	size_t len;

	n.data = (const uint8_t *)"bye";
	n.data_len = 3;
	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert_int_eq(bgp_notify_write(&w, &n), 0);
	ck_assert_int_eq(bgp_hdr_parse(buf, wire_wr_len(&w), &type, &len, &err), 0);
	ck_assert_uint_eq(type, BGP_MSG_NOTIFICATION);
	ck_assert_int_eq(bgp_notify_parse(buf, len, &m, &err), 0);
	ck_assert(m.code == BGP_ERR_CEASE && m.subcode == 2 && m.data_len == 3);
	ck_assert(memcmp(bgp_notify_data(&m), "bye", 3) == 0);

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert_int_eq(bgp_rrefresh_write(&w, &rr), 0);
	ck_assert_int_eq(bgp_hdr_parse(buf, wire_wr_len(&w), &type, &len, &err), 0);
	ck_assert(type == BGP_MSG_ROUTE_REFRESH && len == 23);
	ck_assert_int_eq(bgp_rrefresh_parse(buf, len, &rr2, &err), 0);
	ck_assert(rr2.afi == BGP_AFI_IPV6 && rr2.safi == BGP_SAFI_UNICAST);

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert_int_eq(bgp_keepalive_write(&w), 0);
	ck_assert_int_eq(bgp_hdr_parse(buf, wire_wr_len(&w), &type, &len, &err), 0);
	ck_assert(type == BGP_MSG_KEEPALIVE && len == BGP_HDR_LEN);

	wire_wr_init_fixed(&w, buf, 10);
	ck_assert_int_eq(bgp_keepalive_write(&w), -ENOSPC);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(bgp_notify_code_name(BGP_ERR_OPEN), "OPEN Message Error");
	ck_assert_str_eq(bgp_notify_subcode_name(BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS),
			 "Bad Peer AS");
	ck_assert_str_eq(bgp_notify_subcode_name(BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH),
			 "Malformed AS_PATH");
	ck_assert_str_eq(bgp_notify_code_name(0), "unknown");
	ck_assert_str_eq(bgp_notify_code_name(200), "unknown");
	ck_assert_str_eq(bgp_notify_subcode_name(BGP_ERR_CEASE, 0), "unspecific");
	ck_assert_str_eq(bgp_notify_subcode_name(BGP_ERR_HEADER, 99), "unknown");
}
END_TEST

static Suite *bgp_msg_suite(void)
{
	Suite *s = suite_create("bgp_msg");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_hdr_table, 0, sizeof(hdr_cases) / sizeof(hdr_cases[0]));
	tcase_add_loop_test(tc, test_open_table, 0, sizeof(open_cases) / sizeof(open_cases[0]));
	tcase_add_test(tc, test_open_fields);
	tcase_add_test(tc, test_open_version_data);
	tcase_add_test(tc, test_open_roundtrip);
	tcase_add_test(tc, test_small_roundtrip);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bgp_msg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
