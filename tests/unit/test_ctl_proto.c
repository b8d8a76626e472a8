/*
 * Control protocol framing: a table of byte strings and what the parser
 * must say about each, plus encoding round trips and split delivery.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check_main.h"
#include "vtid/ctl/ctl_proto.h"

#define HDR(type, flags, l0, l1, l2, l3) \
	'V', 'T', 'I', 'C', 1, (type), 0, (flags), (l0), (l1), (l2), (l3)

struct frame_case {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	bool response;
	int want;          /* ctl_frame_parse result */
	uint8_t type;      /* when want == 1 */
	uint32_t plen;     /* when want == 1 */
	size_t frame_len;  /* when want == 1 or -EBADMSG */
};

static const uint8_t good_exec[] = {HDR(1, 0, 0, 0, 0, 3), 's', 'h', ' '};
static const uint8_t good_complete[] = {HDR(2, 0, 0, 0, 0, 2), 's', 'h'};
static const uint8_t good_help[] = {HDR(3, 0, 0, 0, 0, 0)};
static const uint8_t zero_len[] = {HDR(1, 0, 0, 0, 0, 0)};
static const uint8_t two_frames[] = {HDR(1, 0, 0, 0, 0, 1), 'a', HDR(1, 0, 0, 0, 0, 1), 'b'};
static const uint8_t short_hdr[] = {'V', 'T', 'I', 'C', 1, 1, 0, 0, 0, 0};
static const uint8_t short_magic[] = {'V', 'T'};
static const uint8_t short_payload[] = {HDR(1, 0, 0, 0, 0, 9), 's', 'h', 'o'};
static const uint8_t bad_magic[] = {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1'};
static const uint8_t bad_magic_early[] = {'X'};
static const uint8_t bad_version[] = {'V', 'T', 'I', 'C', 2, 1, 0, 0, 0, 0, 0, 0};
static const uint8_t bad_version_early[] = {'V', 'T', 'I', 'C', 0};
static const uint8_t oversized[] = {HDR(1, 0, 0, 0x10, 0, 1)};
static const uint8_t oversized_max[] = {HDR(1, 0, 0xff, 0xff, 0xff, 0xff)};
static const uint8_t unknown_type[] = {HDR(9, 0, 0, 0, 0, 2), 'x', 'y'};
static const uint8_t unknown_type_part[] = {HDR(9, 0, 0, 0, 0, 2), 'x'};
static const uint8_t response_as_req[] = {HDR(0x80, 0, 0, 0, 0, 0)};
static const uint8_t req_flags[] = {HDR(1, 4, 0, 0, 0, 0)};
static const uint8_t good_rsp[] = {HDR(0x80, 1, 0, 0, 0, 2), 0, 2, 0, 0, '{', '}'};
static const uint8_t rsp_reserved[] = {HDR(0x80, 0, 0, 0, 0, 0), 0, 0, 0, 1};
static const uint8_t rsp_bad_flags[] = {HDR(0x80, 0x80, 0, 0, 0, 0), 0, 0, 0, 0};
static const uint8_t rsp_short[] = {HDR(0x80, 0, 0, 0, 0, 0), 0, 0};

#define CASE(n, b, resp, w, t, pl, fl) {n, b, sizeof(b), resp, w, t, pl, fl}

static const struct frame_case cases[] = {
	CASE("exec", good_exec, false, 1, CTL_T_EXEC, 3, 15),
	CASE("complete", good_complete, false, 1, CTL_T_COMPLETE, 2, 14),
	CASE("help, empty line", good_help, false, 1, CTL_T_HELP, 0, 12),
	CASE("zero length", zero_len, false, 1, CTL_T_EXEC, 0, 12),
	CASE("first of two frames", two_frames, false, 1, CTL_T_EXEC, 1, 13),
	CASE("short header", short_hdr, false, 0, 0, 0, 0),
	CASE("short magic", short_magic, false, 0, 0, 0, 0),
	CASE("short payload", short_payload, false, 0, 0, 0, 0),
	CASE("bad magic", bad_magic, false, -EPROTO, 0, 0, 0),
	CASE("bad magic, first byte", bad_magic_early, false, -EPROTO, 0, 0, 0),
	CASE("bad version", bad_version, false, -EPROTO, 0, 0, 0),
	CASE("bad version, early", bad_version_early, false, -EPROTO, 0, 0, 0),
	CASE("oversized length", oversized, false, -EMSGSIZE, 0, 0, 0),
	CASE("length 0xffffffff", oversized_max, false, -EMSGSIZE, 0, 0, 0),
	CASE("unknown type", unknown_type, false, -EBADMSG, 0, 0, 14),
	CASE("unknown type, incomplete", unknown_type_part, false, 0, 0, 0, 0),
	CASE("response type in a request", response_as_req, false, -EBADMSG, 0, 0, 12),
	CASE("request flags set", req_flags, false, -EBADMSG, 0, 0, 12),
	CASE("response", good_rsp, true, 1, CTL_T_RESPONSE, 2, 18),
	CASE("response reserved bits", rsp_reserved, true, -EBADMSG, 0, 0, 16),
	CASE("response unknown flags", rsp_bad_flags, true, -EBADMSG, 0, 0, 16),
	CASE("response short header", rsp_short, true, 0, 0, 0, 0),
	CASE("request read as response", good_exec, true, 0, 0, 0, 0),
};

START_TEST(test_frame_table)
{
	const struct frame_case *c = &cases[_i];
	struct ctl_frame f;
	const char *why = NULL;
	int ret;

	ret = ctl_frame_parse(c->bytes, c->len, c->response, &f, &why);
	ck_assert_msg(ret == c->want, "%s: got %d, want %d", c->name, ret, c->want);
	if (ret < 0)
		ck_assert_msg(why && *why, "%s: no reason given", c->name);
	if (ret == 1) {
		ck_assert_uint_eq(f.type, c->type);
		ck_assert_uint_eq(f.len, c->plen);
		ck_assert_ptr_eq(f.payload, c->bytes + (c->response ? 16 : 12));
	}
	if (ret == 1 || ret == -EBADMSG)
		ck_assert_uint_eq(f.frame_len, c->frame_len);
}
END_TEST

/* Every prefix of a good frame asks for more, then the whole frame parses. */
START_TEST(test_split_delivery)
{
	struct ctl_frame f;
	uint8_t buf[64];
	struct wire_writer w;
	size_t n;

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert(ctl_req_encode(&w, CTL_T_EXEC, "show tunnels", 12));
	n = wire_wr_len(&w);
	ck_assert_uint_eq(n, CTL_REQ_HDR_LEN + 12);
	for (size_t k = 0; k < n; k++) {
		/* A fresh copy of exactly k bytes, so a read past them would
		 * be seen by valgrind / ASan. */
		uint8_t *part = malloc(k ? k : 1);

		memcpy(part, buf, k);
		ck_assert_int_eq(ctl_frame_parse(part, k, false, &f, NULL), 0);
		free(part);
	}
	ck_assert_int_eq(ctl_frame_parse(buf, n, false, &f, NULL), 1);
	ck_assert_uint_eq(f.frame_len, n);
	ck_assert_mem_eq(f.payload, "show tunnels", 12);
}
END_TEST

START_TEST(test_response_round_trip)
{
	struct wire_writer w;
	struct ctl_frame f;

	wire_wr_init_growing(&w, 1024);
	ck_assert(ctl_rsp_encode(&w, CTL_ST_COMMIT_REFUSED, 1, CTL_RF_JSON | CTL_RF_CLOSE, "{}", 2));
	ck_assert_int_eq(ctl_frame_parse(wire_wr_data(&w), wire_wr_len(&w), true, &f, NULL), 1);
	ck_assert_uint_eq(f.status, CTL_ST_COMMIT_REFUSED);
	ck_assert_uint_eq(f.mode, 1);
	ck_assert_uint_eq(f.flags, CTL_RF_JSON | CTL_RF_CLOSE);
	ck_assert_uint_eq(f.len, 2);
	ck_assert_mem_eq(f.payload, "{}", 2);
	wire_wr_free(&w);
}
END_TEST

START_TEST(test_encode_too_large)
{
	struct wire_writer w;
	char *big = calloc(1, CTL_MAX_PAYLOAD + 1);

	ck_assert_ptr_nonnull(big);
	wire_wr_init_growing(&w, 2 * CTL_MAX_PAYLOAD);
	ck_assert(!ctl_req_encode(&w, CTL_T_EXEC, big, CTL_MAX_PAYLOAD + 1));
	ck_assert(!wire_wr_ok(&w));
	wire_wr_free(&w);
	/* Exactly the limit is fine. */
	wire_wr_init_growing(&w, 2 * CTL_MAX_PAYLOAD);
	ck_assert(ctl_req_encode(&w, CTL_T_EXEC, big, CTL_MAX_PAYLOAD));
	wire_wr_free(&w);
	free(big);
}
END_TEST

START_TEST(test_line_check)
{
	const char *why = NULL;

	ck_assert_int_eq(ctl_line_check((const uint8_t *)"show version", 12, &why), 0);
	ck_assert_int_eq(ctl_line_check((const uint8_t *)"", 0, &why), 0);
	ck_assert_int_eq(ctl_line_check((const uint8_t *)"a\0b", 3, &why), -EBADMSG);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(ctl_line_check((const uint8_t *)"conf t\nend", 10, &why), -EBADMSG);
	ck_assert_int_eq(ctl_line_check((const uint8_t *)"x\r", 2, &why), -EBADMSG);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(ctl_status_name(CTL_ST_OK), "ok");
	ck_assert_str_eq(ctl_status_name(CTL_ST_COMMIT_REFUSED), "commit refused");
	ck_assert_str_eq(ctl_status_name((enum ctl_status)200), "unknown status");
	ck_assert_str_eq(ctl_type_name(CTL_T_HELP), "help");
	ck_assert_str_eq(ctl_type_name(77), "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ctl_proto");
	TCase *tc = tcase_create("framing");

	tcase_add_loop_test(tc, test_frame_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_split_delivery);
	tcase_add_test(tc, test_response_round_trip);
	tcase_add_test(tc, test_encode_too_large);
	tcase_add_test(tc, test_line_check);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
