/* IKEv2 codec: malformed messages, each refused with the expected code,
 * notify and reason. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/msg.h"
#include "tests/unit/check_main.h"
#include "tests/unit/test_ike_msg_vec.h"

/* A copy of sa_init with up to two bytes patched, or cut short. */
struct bad_row {
	const char *name;
	size_t off;
	int nbytes; /* bytes to patch at off: 0, 1 or 2 */
	uint8_t v[2];
	size_t cut; /* if not 0, the datagram length */
	int rc;
	uint16_t notify;
	const char *reason;
};

static const struct bad_row bad_rows[] = {
	{"truncated header", 0, 0, {0}, 20, -EBADMSG, 0, "header: 20 bytes < 28"},
	{"cut payload", 0, 0, {0}, 100, -EBADMSG, 0, "header: length 168 != datagram 100"},
	{"length mismatch", 27, 1, {169}, 0, -EBADMSG, 0, "header: length 169 != datagram 168"},
	{"major version 3",
	 17,
	 1,
	 {0x30},
	 0,
	 -EPROTONOSUPPORT,
	 IKE_N_INVALID_MAJOR_VERSION,
	 "header: version 3.0"},
	{"IKEv1", 17, 1, {0x10}, 0, -EPROTONOSUPPORT, 0, "header: version 1.0"},
	{"payload length < 4",
	 30,
	 2,
	 {0, 3},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: length 3 < 4"},
	{"payload overruns message",
	 142,
	 2,
	 {0, 29},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "N: length 29 overruns the message"},
	{"bytes after last payload",
	 143,
	 1,
	 {24},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "4 bytes after the last payload"},
	{"transform length < 8",
	 42,
	 2,
	 {0, 3},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: transform length 3 < 8"},
	{"transform overruns proposal",
	 42,
	 2,
	 {0, 64},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: transform length 64 overruns the proposal"},
	{"attribute overrun",
	 48,
	 2,
	 {0x00, 0x0e},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: transform 1: attribute length 128 overruns"},
	{"key length 0",
	 50,
	 2,
	 {0, 0},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: transform 1: bad key length 0"},
	{"too many transforms",
	 39,
	 1,
	 {33},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: 33 transforms (1..32)"},
	{"transform count short",
	 39,
	 1,
	 {3},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: last transform not marked last"},
	{"proposal number 0",
	 36,
	 1,
	 {0},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: number 0 out of sequence"},
	{"proposal last-substruct 5",
	 32,
	 1,
	 {5},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: last-substruct 5"},
	{"IKE SPI in IKE_SA_INIT",
	 38,
	 1,
	 {8},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: SPI size 8 for protocol 1"},
	{"ESP without SPI",
	 37,
	 1,
	 {3},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: SPI size 0 for protocol 3"},
	{"unknown protocol",
	 37,
	 1,
	 {9},
	 0,
	 -EBADMSG,
	 IKE_N_INVALID_SYNTAX,
	 "SA: proposal 1: protocol 9"},
	{"KE empty", 78, 2, {0, 8}, 0, -EBADMSG, IKE_N_INVALID_SYNTAX, NULL},
};

START_TEST(test_bad_rows)
{
	const struct bad_row *row = &bad_rows[_i];
	static struct ike_msg m;
	struct ike_msg_err err;
	uint8_t buf[sizeof(sa_init)];
	size_t len = row->cut ? row->cut : sizeof(sa_init);
	uint8_t *copy;
	int rc;

	memcpy(buf, sa_init, sizeof(buf));
	memcpy(buf + row->off, row->v, (size_t)row->nbytes);
	/* exact-size heap copy so valgrind sees any read past the end */
	copy = malloc(len);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, buf, len);
	rc = ike_msg_parse(copy, len, &m, &err);
	free(copy);
	ck_assert_msg(rc == row->rc, "%s: rc %d, want %d (%s)", row->name, rc, row->rc, err.reason);
	ck_assert_msg(err.notify == row->notify, "%s: notify %u, want %u", row->name, err.notify,
		      row->notify);
	if (row->reason)
		ck_assert_msg(strcmp(err.reason, row->reason) == 0, "%s: reason '%s', want '%s'",
			      row->name, err.reason, row->reason);
	else
		ck_assert_msg(err.reason[0] != '\0', "%s: no reason", row->name);
}
END_TEST

START_TEST(test_unknown_payloads)
{
	static struct ike_msg m;
	struct ike_msg_err err;
	uint8_t buf[sizeof(sa_init)];

	/* KE's next payload becomes type 99, so the nonce is "unknown" */
	memcpy(buf, sa_init, sizeof(buf));
	buf[76] = 99;
	ck_assert_int_eq(ike_msg_parse(buf, sizeof(buf), &m, &err), 0);
	ck_assert(!m.has_nonce);
	ck_assert_uint_eq(m.n_skipped, 1);
	ck_assert_uint_eq(m.n_notify, 2);

	/* the same, marked critical */
	buf[93] = 0x80;
	ck_assert_int_eq(ike_msg_parse(buf, sizeof(buf), &m, &err), -EOPNOTSUPP);
	ck_assert_uint_eq(err.notify, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	ck_assert_uint_eq(err.payload, 99);
	ck_assert_str_eq(err.reason, "payload type 99: unknown and critical");

	/* a known payload's critical bit changes nothing */
	memcpy(buf, sa_init, sizeof(buf));
	buf[93] = 0x80;
	ck_assert_int_eq(ike_msg_parse(buf, sizeof(buf), &m, &err), 0);
	ck_assert(m.has_nonce);
}
END_TEST

static void msg_init(struct ike_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->hdr.spi_i = 1;
	m->hdr.version = IKE_VERSION_2;
	m->hdr.exchange = IKE_EXCH_CREATE_CHILD_SA;
}

/* Generate m (which the generator accepts), parse, expect failure. */
static void expect_refused(const struct ike_msg *m, int patch_off, uint8_t patch_val,
			   const char *reason)
{
	static struct ike_msg back;
	struct ike_msg_err err;
	struct wire_writer w;
	int rc;

	wire_wr_init_growing(&w, 65536);
	ck_assert_int_eq(ike_msg_gen(m, &w), 0);
	if (patch_off >= 0)
		w.buf[patch_off] = patch_val;
	rc = ike_msg_parse(wire_wr_data(&w), wire_wr_len(&w), &back, &err);
	ck_assert_msg(rc == -EBADMSG, "rc %d for '%s'", rc, reason);
	ck_assert_uint_eq(err.notify, IKE_N_INVALID_SYNTAX);
	ck_assert_msg(strcmp(err.reason, reason) == 0, "reason '%s', want '%s'", err.reason,
		      reason);
	wire_wr_free(&w);
}

static const uint8_t blob[300];
static const uint8_t spi4[4] = {1, 2, 3, 4};

START_TEST(test_bad_generated)
{
	static struct ike_msg m;
	struct ike_msg_ts *t;
	unsigned i;

	msg_init(&m);
	m.has_nonce = true;
	m.nonce = (struct ike_bytes){blob, 15};
	expect_refused(&m, -1, 0, "Nonce: length 15 (16..256)");
	m.nonce.len = 257;
	expect_refused(&m, -1, 0, "Nonce: length 257 (16..256)");

	msg_init(&m);
	m.has_tsi = true;
	t = &m.tsi.ts[m.tsi.n++];
	t->type = IKE_TS_IPV4;
	t->port_end = 65535;
	t->addr_start[0] = 10;
	t->addr_end[0] = 9;
	expect_refused(&m, -1, 0, "TSi: selector 1: start address > end address");
	t->addr_end[0] = 10;
	t->port_start = 80;
	t->port_end = 79;
	expect_refused(&m, -1, 0, "TSi: selector 1: start port 80 > end port 79");
	t->port_end = 80;
	/* the generator knows no type 9, so patch the type byte */
	expect_refused(&m, IKE_HDR_LEN + 8, 9, "TSi: selector 1: type 9");
	/* 16 selectors with the count byte patched to 17 */
	for (i = 1; i < IKE_MSG_MAX_TS; i++)
		m.tsi.ts[m.tsi.n++] = *t;
	expect_refused(&m, IKE_HDR_LEN + 4, 17, "TSi: 17 selectors (1..16)");

	msg_init(&m);
	m.has_sa = true;
	m.sa.n_prop = 2;
	for (i = 0; i < 2; i++) {
		m.sa.prop[i].proto = IKE_PROTO_ESP;
		m.sa.prop[i].spi = (struct ike_bytes){spi4, 4};
		m.sa.prop[i].n_xf = 1;
		m.sa.prop[i].xf[0] = (struct ike_msg_transform){.type = 1, .id = 20, .keylen = 128};
	}
	m.sa.prop[0].num = 1;
	m.sa.prop[1].num = 3;
	expect_refused(&m, -1, 0, "SA: proposal 2: number 3 out of sequence");
	m.sa.prop[1].num = 2;
	m.n_order = 2;
	m.order[0].type = m.order[1].type = IKE_PL_SA;
	expect_refused(&m, -1, 0, "SA: more than one");

	msg_init(&m);
	m.n_delete = 1;
	m.del[0] = (struct ike_msg_delete){IKE_PROTO_ESP, 8, 1, {blob, 8}};
	expect_refused(&m, -1, 0, "D: protocol 3 with SPI size 8, 1 SPIs");

	msg_init(&m);
	m.has_idi = true;
	m.idi = (struct ike_msg_id){IKE_ID_IPV4, {blob, 5}};
	expect_refused(&m, -1, 0, "IDi: address length 5");

	msg_init(&m);
	m.has_cp = true;
	m.cp.type = IKE_CFG_REQUEST;
	m.cp.n_attr = 1;
	m.cp.attr[0] = (struct ike_msg_cp_attr){1, {blob, 4}};
	/* the attribute's length (after the CP and attribute type) says 5 */
	expect_refused(&m, IKE_HDR_LEN + 4 + 4 + 3, 5, "CP: attribute 1: length 5 overruns");

	msg_init(&m);
	m.n_notify = 1;
	m.n_order = IKE_MSG_MAX_NOTIFIES + 1;
	for (i = 0; i < m.n_order; i++)
		m.order[i].type = IKE_PL_NOTIFY;
	expect_refused(&m, -1, 0, "N: more than 32");
}
END_TEST

/* 17 proposals: more than the generator writes, so assembled by hand. */
START_TEST(test_too_many_proposals)
{
	static struct ike_msg m;
	struct ike_msg_err err;
	struct wire_writer w;
	unsigned i, n = IKE_MSG_MAX_PROPOSALS + 1;

	wire_wr_init_growing(&w, 4096);
	wire_wr_u64(&w, 1);
	wire_wr_u64(&w, 0);
	wire_wr_u8(&w, IKE_PL_SA);
	wire_wr_u8(&w, IKE_VERSION_2);
	wire_wr_u8(&w, IKE_EXCH_SA_INIT);
	wire_wr_u8(&w, IKE_HDR_F_INITIATOR);
	wire_wr_u32(&w, 0);
	wire_wr_u32(&w, IKE_HDR_LEN + 4 + n * 16);
	wire_wr_u8(&w, 0);
	wire_wr_u8(&w, 0);
	wire_wr_u16(&w, (uint16_t)(4 + n * 16));
	for (i = 0; i < n; i++) {
		wire_wr_u8(&w, i + 1 < n ? 2 : 0);
		wire_wr_u8(&w, 0);
		wire_wr_u16(&w, 16);
		wire_wr_u8(&w, (uint8_t)(i + 1));
		wire_wr_u8(&w, IKE_PROTO_IKE);
		wire_wr_u8(&w, 0);
		wire_wr_u8(&w, 1);
		wire_wr_u32(&w, 8);	     /* last, len 8 */
		wire_wr_u32(&w, 0x04000013); /* DH 19 */
	}
	ck_assert(wire_wr_ok(&w));
	ck_assert_int_eq(ike_msg_parse(wire_wr_data(&w), wire_wr_len(&w), &m, &err), -EBADMSG);
	ck_assert_str_eq(err.reason, "SA: more than 16 proposals");
	/* and the first 16 are fine */
	w.buf[IKE_HDR_LEN + 4 + 15 * 16] = 0;
	w.len -= 16;
	wire_wr_patch_u32(&w, 24, (uint32_t)w.len);
	wire_wr_patch_u16(&w, IKE_HDR_LEN + 2, (uint16_t)(w.len - IKE_HDR_LEN));
	ck_assert_int_eq(ike_msg_parse(wire_wr_data(&w), wire_wr_len(&w), &m, &err), 0);
	ck_assert_uint_eq(m.sa.n_prop, 16);
	wire_wr_free(&w);
}
END_TEST

/* The generator refuses what it cannot encode rather than writing junk. */
START_TEST(test_gen_refuses)
{
	static struct ike_msg m;
	struct wire_writer w;
	uint8_t small[40];

	wire_wr_init_growing(&w, 65536);
	msg_init(&m);
	m.has_sa = true;
	m.sa.n_prop = IKE_MSG_MAX_PROPOSALS + 1;
	ck_assert_int_eq(ike_msg_gen(&m, &w), -EINVAL);
	msg_init(&m);
	m.n_order = 1;
	m.order[0].type = IKE_PL_KE; /* not present */
	ck_assert_int_eq(ike_msg_gen(&m, &w), -EINVAL);
	msg_init(&m);
	m.n_notify = 1;
	m.n_order = 1;
	m.order[0] = (struct ike_msg_slot){IKE_PL_NOTIFY, 1};
	ck_assert_int_eq(ike_msg_gen(&m, &w), -EINVAL);
	wire_wr_free(&w);

	msg_init(&m);
	m.has_nonce = true;
	m.nonce = (struct ike_bytes){blob, 32};
	wire_wr_init_fixed(&w, small, sizeof(small));
	ck_assert_int_eq(ike_msg_gen(&m, &w), -ENOSPC);
}
END_TEST

/* Rules that depend on where a payload sits. */
START_TEST(test_bad_context)
{
	static struct ike_msg m;
	struct ike_msg_err err;
	struct wire_writer w;
	uint8_t first;
	static const uint8_t spi8[8] = {1};

	/* an IKE rekey proposal needs an 8-byte SPI */
	msg_init(&m);
	m.has_sa = true;
	m.sa.n_prop = 1;
	m.sa.prop[0] = (struct ike_msg_proposal){.num = 1, .proto = IKE_PROTO_IKE, .n_xf = 1};
	m.sa.prop[0].xf[0] = (struct ike_msg_transform){.type = 4, .id = 19};
	expect_refused(&m, -1, 0, "SA: proposal 1: SPI size 0 for protocol 1");
	m.sa.prop[0].spi = (struct ike_bytes){spi8, 8};
	wire_wr_init_growing(&w, 4096);
	ck_assert_int_eq(ike_msg_gen(&m, &w), 0);
	ck_assert_int_eq(ike_msg_parse(wire_wr_data(&w), wire_wr_len(&w), &m, &err), 0);
	wire_wr_free(&w);

	/* SK must be last */
	msg_init(&m);
	m.has_sk = m.has_nonce = true;
	m.nonce = (struct ike_bytes){blob, 16};
	m.n_order = 2;
	m.order[0].type = IKE_PL_SK;
	m.order[1].type = IKE_PL_NONCE;
	wire_wr_init_growing(&w, 4096);
	ck_assert_int_eq(ike_msg_gen(&m, &w), -EINVAL);
	wire_wr_free(&w);

	/* inside SK: no second SK, and unknown critical payloads are caught too */
	msg_init(&m);
	m.has_nonce = true;
	m.nonce = (struct ike_bytes){blob, 16};
	wire_wr_init_growing(&w, 4096);
	ck_assert_int_eq(ike_msg_gen_inner(&m, &w, &first), 0);
	ck_assert_int_eq(ike_msg_sk_pad(&w, 1), 0);
	ck_assert_uint_eq(w.buf[w.len - 1], 0);
	msg_init(&m);
	m.sk.inner_next = IKE_PL_SK;
	ck_assert_int_eq(ike_msg_parse_inner(&m, wire_wr_data(&w), wire_wr_len(&w), &err),
			 -EBADMSG);
	ck_assert_str_eq(err.reason, "SK: inside SK");
	msg_init(&m);
	m.sk.inner_next = 200;
	w.buf[1] = 0x80;
	ck_assert_int_eq(ike_msg_parse_inner(&m, wire_wr_data(&w), wire_wr_len(&w), &err),
			 -EOPNOTSUPP);
	ck_assert_uint_eq(err.payload, 200);
	ck_assert_uint_eq(err.notify, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	msg_init(&m);
	m.sk.inner_next = IKE_PL_NONCE;
	ck_assert_int_eq(ike_msg_parse_inner(&m, wire_wr_data(&w), wire_wr_len(&w), &err), 0);
	ck_assert(m.has_nonce);
	wire_wr_free(&w);
}
END_TEST

/* The header alone, as the dispatcher reads it to find the SA. */
START_TEST(test_hdr_only)
{
	struct ike_hdr h;
	struct ike_msg_err err;

	ck_assert_int_eq(ike_msg_parse_hdr(sa_init, sizeof(sa_init), &h, &err), 0);
	ck_assert(h.spi_i == 0x0102030405060708ULL);
	ck_assert_uint_eq(h.next, IKE_PL_SA);
	ck_assert_uint_eq(h.length, sizeof(sa_init));
	ck_assert_int_eq(ike_msg_parse_hdr(sa_init, sizeof(sa_init) - 1, &h, &err), -EBADMSG);
	ck_assert_uint_eq(err.notify, 0);
}
END_TEST

static Suite *ike_msg_bad_suite(void)
{
	Suite *s = suite_create("ike_msg_bad");
	TCase *tc = tcase_create("malformed");

	tcase_add_loop_test(tc, test_bad_rows, 0, sizeof(bad_rows) / sizeof(bad_rows[0]));
	tcase_add_test(tc, test_unknown_payloads);
	tcase_add_test(tc, test_bad_generated);
	tcase_add_test(tc, test_too_many_proposals);
	tcase_add_test(tc, test_gen_refuses);
	tcase_add_test(tc, test_bad_context);
	tcase_add_test(tc, test_hdr_only);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ike_msg_bad_suite());
}
