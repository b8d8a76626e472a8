/* IKEv2 codec: known bytes, a round trip per payload type, SK sealing seam,
 * proposal translation. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/msg.h"
#include "tests/unit/check_main.h"

#include "tests/unit/test_ike_msg_vec.h"

static bool all_bytes(struct ike_bytes b, uint8_t v, size_t len)
{
	size_t i;

	if (b.len != len)
		return false;
	for (i = 0; i < len; i++)
		if (b.ptr[i] != v)
			return false;
	return true;
}

START_TEST(test_known_sa_init)
{
	static struct ike_msg m;
	struct ike_msg_err err;
	struct wire_writer w;
	const struct ike_msg_proposal *p;

	ck_assert_msg(sizeof(sa_init) == 168, "test vector is %zu bytes", sizeof(sa_init));
	ck_assert_int_eq(ike_msg_parse(sa_init, sizeof(sa_init), &m, &err), 0);
	ck_assert(m.hdr.spi_i == 0x0102030405060708ULL);
	ck_assert(m.hdr.spi_r == 0);
	ck_assert_uint_eq(m.hdr.exchange, IKE_EXCH_SA_INIT);
	ck_assert_uint_eq(m.hdr.flags, IKE_HDR_F_INITIATOR);
	ck_assert_uint_eq(m.hdr.msgid, 0);
	ck_assert(m.has_sa && m.has_ke && m.has_nonce);
	ck_assert(!m.has_idi && !m.has_auth && !m.has_sk && !m.has_tsi);
	ck_assert_uint_eq(m.sa.n_prop, 1);
	p = &m.sa.prop[0];
	ck_assert_uint_eq(p->num, 1);
	ck_assert_uint_eq(p->proto, IKE_PROTO_IKE);
	ck_assert_uint_eq(p->spi.len, 0);
	ck_assert_uint_eq(p->n_xf, 4);
	ck_assert_uint_eq(p->xf[0].type, IKE_TRANSFORM_ENCR);
	ck_assert_uint_eq(p->xf[0].id, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(p->xf[0].keylen, 128);
	ck_assert_uint_eq(p->xf[1].type, IKE_TRANSFORM_PRF);
	ck_assert_uint_eq(p->xf[2].type, IKE_TRANSFORM_INTEG);
	ck_assert_uint_eq(p->xf[3].type, IKE_TRANSFORM_DH);
	ck_assert_uint_eq(p->xf[3].id, IKE_DH_MODP1024);
	ck_assert_uint_eq(p->xf[3].keylen, 0);
	ck_assert_uint_eq(m.ke.group, 2);
	ck_assert(all_bytes(m.ke.data, 0xaa, 8));
	ck_assert(all_bytes(m.nonce, 0x11, 16));
	ck_assert_uint_eq(m.n_notify, 2);
	ck_assert_uint_eq(m.notify[0].type, IKE_N_NAT_DETECTION_SOURCE_IP);
	ck_assert_uint_eq(m.notify[0].spi.len, 0);
	ck_assert(all_bytes(m.notify[0].data, 0x22, 20));
	ck_assert_uint_eq(m.notify[1].type, IKE_N_NAT_DETECTION_DESTINATION_IP);
	ck_assert(all_bytes(m.notify[1].data, 0x33, 20));
	ck_assert_str_eq(ike_notify_name(m.notify[1].type), "NAT_DETECTION_DESTINATION_IP");
	ck_assert_ptr_eq(ike_msg_notify_find(&m, IKE_N_NAT_DETECTION_DESTINATION_IP), &m.notify[1]);
	ck_assert_ptr_null(ike_msg_notify_find(&m, IKE_N_COOKIE));
	/* pointers into the datagram, not copies */
	ck_assert_ptr_eq(m.nonce.ptr, sa_init + 28 + 48 + 16 + 4);
	ck_assert_uint_eq(m.n_order, 5);
	ck_assert_msg(sizeof(m) < 10 * 1024, "struct ike_msg is %zu bytes", sizeof(m));

	/* the kept order regenerates the same bytes */
	wire_wr_init_growing(&w, 65536);
	ck_assert_int_eq(ike_msg_gen(&m, &w), 0);
	ck_assert_uint_eq(wire_wr_len(&w), sizeof(sa_init));
	ck_assert(memcmp(wire_wr_data(&w), sa_init, sizeof(sa_init)) == 0);
	wire_wr_free(&w);
}
END_TEST

/* Generate m, parse it back, compare. */
static void round_trip(const struct ike_msg *m)
{
	static struct ike_msg back;
	struct ike_msg_err err;
	struct wire_writer w;
	int rc;

	wire_wr_init_growing(&w, 65536);
	ck_assert_int_eq(ike_msg_gen(m, &w), 0);
	rc = ike_msg_parse(wire_wr_data(&w), wire_wr_len(&w), &back, &err);
	ck_assert_msg(rc == 0, "parse: %d %s", rc, err.reason);
	ck_assert(ike_msg_equal(m, &back));
	wire_wr_free(&w);
}

static const uint8_t blob[300] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
static const uint8_t spi4[4] = {0xc0, 0xff, 0xee, 0x01};
static const uint8_t spi8[8] = {1, 2, 3, 4, 5, 6, 7, 8};

static void msg_init(struct ike_msg *m, uint8_t exchange)
{
	memset(m, 0, sizeof(*m));
	m->hdr.spi_i = 0x1122334455667788ULL;
	m->hdr.spi_r = 0x99aabbccddeeff00ULL;
	m->hdr.version = IKE_VERSION_2;
	m->hdr.exchange = exchange;
	m->hdr.flags = IKE_HDR_F_RESPONSE;
	m->hdr.msgid = 7;
}

static void sa_fill(struct ike_msg_sa *sa, const char *text, enum ike_proto proto,
		    struct ike_bytes spi)
{
	struct ike_proposal p;
	char e[96];

	ck_assert_msg(ike_proposal_parse(text, proto, &p, e, sizeof(e)) == 0, "%s", e);
	ck_assert_int_eq(
		ike_msg_proposal_from(&p, (uint8_t)(sa->n_prop + 1), spi, &sa->prop[sa->n_prop]),
		0);
	sa->n_prop++;
}

START_TEST(test_rt_sa)
{
	static struct ike_msg m;
	struct ike_bytes none = {NULL, 0}, s8 = {spi8, 8}, s4 = {spi4, 4};

	msg_init(&m, IKE_EXCH_SA_INIT);
	m.has_sa = true;
	sa_fill(&m.sa, "aes256gcm16-aes128gcm16-prfsha512-prfsha384-ecp384-ecp256-modp2048",
		IKE_PROTO_IKE, none);
	sa_fill(&m.sa, "aes256-aes128-sha512-sha384-sha256-ecp384-modp2048", IKE_PROTO_IKE, none);
	round_trip(&m);

	msg_init(&m, IKE_EXCH_CREATE_CHILD_SA);
	m.has_sa = true;
	sa_fill(&m.sa, "aes128-sha1-modp1024", IKE_PROTO_IKE, s8);
	round_trip(&m);

	msg_init(&m, IKE_EXCH_CREATE_CHILD_SA);
	m.has_sa = true;
	sa_fill(&m.sa, "aes128gcm16-ecp256-esn-noesn", IKE_PROTO_ESP, s4);
	sa_fill(&m.sa, "aes128-sha1", IKE_PROTO_ESP, s4);
	m.sa.prop[0].num = 1;
	m.sa.prop[1].num = 2;
	round_trip(&m);
}
END_TEST

START_TEST(test_rt_ke_id_auth_nonce)
{
	static struct ike_msg m;
	static const uint8_t v4[4] = {192, 0, 2, 1};

	msg_init(&m, IKE_EXCH_AUTH);
	m.has_ke = true;
	m.ke = (struct ike_msg_ke){IKE_DH_ECP256, {blob, 64}};
	m.has_idi = true;
	m.idi = (struct ike_msg_id){IKE_ID_IPV4, {v4, 4}};
	m.has_idr = true;
	m.idr = (struct ike_msg_id){IKE_ID_FQDN, {(const uint8_t *)"vpn.example.com", 15}};
	m.has_auth = true;
	m.auth = (struct ike_msg_auth){IKE_AUTH_PSK, {blob, 32}};
	m.has_nonce = true;
	m.nonce = (struct ike_bytes){blob, IKE_NONCE_MAX};
	round_trip(&m);

	m.idi = (struct ike_msg_id){IKE_ID_IPV6, {blob, 16}};
	m.idr = (struct ike_msg_id){IKE_ID_KEY_ID, {blob, 3}};
	m.nonce.len = IKE_NONCE_MIN;
	round_trip(&m);
	m.idr = (struct ike_msg_id){IKE_ID_RFC822, {(const uint8_t *)"a@b", 3}};
	round_trip(&m);
}
END_TEST

START_TEST(test_rt_notify_delete_vendor)
{
	static struct ike_msg m;
	unsigned i;

	msg_init(&m, IKE_EXCH_INFORMATIONAL);
	m.n_notify = IKE_MSG_MAX_NOTIFIES;
	for (i = 0; i < m.n_notify; i++)
		m.notify[i] = (struct ike_msg_notify){
			.proto = i % 2 ? IKE_PROTO_ESP : 0,
			.type = (uint16_t)(i % 2 ? IKE_N_REKEY_SA : IKE_N_COOKIE),
			.spi = {spi4, i % 2 ? 4 : 0},
			.data = {blob, i},
		};
	m.n_delete = 2;
	m.del[0] = (struct ike_msg_delete){IKE_PROTO_IKE, 0, 0, {NULL, 0}};
	m.del[1] = (struct ike_msg_delete){IKE_PROTO_ESP, 4, 3, {blob, 12}};
	m.n_vendor = 2;
	m.vendor[0] = (struct ike_bytes){blob, 16};
	m.vendor[1] = (struct ike_bytes){blob + 5, 1};
	round_trip(&m);
}
END_TEST

START_TEST(test_rt_ts)
{
	static struct ike_msg m;
	struct ike_msg_ts *t;

	msg_init(&m, IKE_EXCH_AUTH);
	m.has_tsi = m.has_tsr = true;
	/* 0.0.0.0/0 any protocol, any port: what AWS tunnels carry */
	t = &m.tsi.ts[m.tsi.n++];
	t->type = IKE_TS_IPV4;
	t->port_end = 65535;
	memset(t->addr_end, 0xff, 4);
	t = &m.tsi.ts[m.tsi.n++];
	t->type = IKE_TS_IPV6;
	t->ip_proto = 6;
	t->port_start = t->port_end = 443;
	t->addr_start[0] = 0x20;
	t->addr_end[0] = 0x20;
	t->addr_end[15] = 0xff;
	m.tsr = m.tsi;
	m.tsr.ts[0].addr_start[0] = 10;
	m.tsr.ts[0].addr_end[0] = 10;
	round_trip(&m);
}
END_TEST

START_TEST(test_rt_cp)
{
	static struct ike_msg m;
	static const uint8_t addr[4] = {10, 1, 2, 3};

	msg_init(&m, IKE_EXCH_AUTH);
	m.has_cp = true;
	m.cp.type = IKE_CFG_REPLY;
	m.cp.n_attr = 3;
	m.cp.attr[0] = (struct ike_msg_cp_attr){1, {addr, 4}}; /* INTERNAL_IP4_ADDRESS */
	m.cp.attr[1] = (struct ike_msg_cp_attr){3, {addr, 4}}; /* INTERNAL_IP4_DNS */
	m.cp.attr[2] = (struct ike_msg_cp_attr){8, {NULL, 0}}; /* empty: a request's form */
	round_trip(&m);
}
END_TEST

/* The encryption seam with an identity "cipher": the plaintext is copied
 * where the ciphertext goes. */
START_TEST(test_sk_seam)
{
	static struct ike_msg inner, outer;
	struct ike_msg_err err;
	struct wire_writer pw, w;
	struct ike_sk_area a;
	struct ike_sk_parts parts;
	uint8_t first = 0;
	int rc;

	msg_init(&inner, IKE_EXCH_AUTH);
	inner.has_idi = true;
	inner.idi = (struct ike_msg_id){IKE_ID_FQDN, {(const uint8_t *)"left", 4}};
	inner.has_auth = true;
	inner.auth = (struct ike_msg_auth){IKE_AUTH_PSK, {blob, 20}};
	inner.n_notify = 1;
	inner.notify[0].type = IKE_N_INITIAL_CONTACT;

	wire_wr_init_growing(&pw, 4096);
	ck_assert_int_eq(ike_msg_gen_inner(&inner, &pw, &first), 0);
	ck_assert_uint_eq(first, IKE_PL_IDI);
	ck_assert_int_eq(ike_msg_sk_pad(&pw, 16), 0);
	ck_assert_uint_eq(wire_wr_len(&pw) % 16, 0);

	wire_wr_init_growing(&w, 4096);
	ck_assert_int_eq(ike_msg_gen_sk(&inner.hdr, first, 16, wire_wr_len(&pw), 12, &w, &a), 0);
	ck_assert_uint_eq(a.iv_off, IKE_HDR_LEN + 4);
	ck_assert_uint_eq(a.ct_off, a.iv_off + 16);
	ck_assert_uint_eq(a.icv_off, a.ct_off + wire_wr_len(&pw));
	ck_assert_uint_eq(a.end, wire_wr_len(&w));
	memset(w.buf + a.iv_off, 0x5a, 16);
	memcpy(w.buf + a.ct_off, wire_wr_data(&pw), wire_wr_len(&pw));
	memset(w.buf + a.icv_off, 0xa5, 12);

	rc = ike_msg_parse(wire_wr_data(&w), wire_wr_len(&w), &outer, &err);
	ck_assert_msg(rc == 0, "%s", err.reason);
	ck_assert(outer.has_sk);
	ck_assert_uint_eq(outer.sk.inner_next, IKE_PL_IDI);
	ck_assert_uint_eq(outer.sk.body_off, a.iv_off);
	ck_assert_int_eq(ike_msg_sk_split(&outer.sk, 16, 12, &parts, &err), 0);
	ck_assert(all_bytes(parts.iv, 0x5a, 16));
	ck_assert(all_bytes(parts.icv, 0xa5, 12));
	ck_assert_uint_eq(parts.ct.len, wire_wr_len(&pw));
	ck_assert_int_eq(ike_msg_sk_split(&outer.sk, 200, 12, &parts, &err), -EBADMSG);

	rc = ike_msg_parse_inner(&outer, wire_wr_data(&pw), wire_wr_len(&pw), &err);
	ck_assert_msg(rc == 0, "%s", err.reason);
	ck_assert(outer.has_idi && outer.has_auth);
	ck_assert_uint_eq(outer.n_notify, 1);
	ck_assert_uint_eq(outer.notify[0].type, IKE_N_INITIAL_CONTACT);
	outer.has_sk = false;
	ck_assert(ike_msg_equal(&inner, &outer));

	/* a pad length pointing before the start is refused */
	{
		uint8_t bad[4] = {0, 0, 0, 9};

		ck_assert_int_eq(ike_msg_parse_inner(&outer, bad, 4, &err), -EBADMSG);
		ck_assert(strstr(err.reason, "pad length") != NULL);
	}
	wire_wr_free(&pw);
	wire_wr_free(&w);
}
END_TEST

START_TEST(test_proposal_translate)
{
	static const char *const texts[] = {"aes256gcm16-prfsha384-ecp384", "aes128-sha1-modp1024",
					    "aes256-aes128-sha512-sha256-ecp384-modp2048"};
	struct ike_proposal p, q;
	struct ike_msg_proposal mp;
	struct ike_bytes none = {NULL, 0};
	char e[96];
	unsigned i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ck_assert_int_eq(ike_proposal_parse(texts[i], IKE_PROTO_IKE, &p, e, sizeof(e)), 0);
		ck_assert_int_eq(ike_msg_proposal_from(&p, 3, none, &mp), 0);
		ck_assert_uint_eq(mp.num, 3);
		ck_assert_int_eq(ike_msg_proposal_to(&mp, &q), 0);
		ck_assert(ike_proposal_equal(&p, &q));
	}
	mp.xf[0].unknown_attr = true;
	ck_assert_int_eq(ike_msg_proposal_to(&mp, &q), -EINVAL);
	mp.xf[0].unknown_attr = false;
	mp.xf[0].type = 9;
	ck_assert_int_eq(ike_msg_proposal_to(&mp, &q), -EINVAL);
}
END_TEST

START_TEST(test_names)
{
	static const uint16_t vtid_uses[] = {IKE_N_INVALID_KE_PAYLOAD,
					     IKE_N_NO_PROPOSAL_CHOSEN,
					     IKE_N_AUTHENTICATION_FAILED,
					     IKE_N_TS_UNACCEPTABLE,
					     IKE_N_INVALID_SYNTAX,
					     IKE_N_INVALID_SPI,
					     IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD,
					     IKE_N_INITIAL_CONTACT,
					     IKE_N_NAT_DETECTION_SOURCE_IP,
					     IKE_N_NAT_DETECTION_DESTINATION_IP,
					     IKE_N_COOKIE,
					     IKE_N_USE_TRANSPORT_MODE,
					     IKE_N_REKEY_SA,
					     IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED,
					     IKE_N_NON_FIRST_FRAGMENTS_ALSO,
					     IKE_N_TEMPORARY_FAILURE,
					     IKE_N_CHILD_SA_NOT_FOUND,
					     IKE_N_SIGNATURE_HASH_ALGORITHMS,
					     IKE_N_IKEV2_FRAGMENTATION_SUPPORTED,
					     IKE_N_MOBIKE_SUPPORTED};
	unsigned i;

	for (i = 0; i < sizeof(vtid_uses) / sizeof(vtid_uses[0]); i++)
		ck_assert_msg(ike_notify_name(vtid_uses[i]) != NULL, "no name for %u",
			      vtid_uses[i]);
	ck_assert_str_eq(ike_notify_name(14), "NO_PROPOSAL_CHOSEN");
	ck_assert_str_eq(ike_notify_name(16393), "REKEY_SA");
	ck_assert_ptr_null(ike_notify_name(12345));
	ck_assert(ike_notify_is_error(IKE_N_TS_UNACCEPTABLE));
	ck_assert(!ike_notify_is_error(IKE_N_COOKIE));
	ck_assert_str_eq(ike_payload_name(IKE_PL_TSR), "TSr");
	ck_assert_ptr_null(ike_payload_name(99));
}
END_TEST

static Suite *ike_msg_suite(void)
{
	Suite *s = suite_create("ike_msg");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_known_sa_init);
	tcase_add_test(tc, test_rt_sa);
	tcase_add_test(tc, test_rt_ke_id_auth_nonce);
	tcase_add_test(tc, test_rt_notify_delete_vendor);
	tcase_add_test(tc, test_rt_ts);
	tcase_add_test(tc, test_rt_cp);
	tcase_add_test(tc, test_sk_seam);
	tcase_add_test(tc, test_proposal_translate);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ike_msg_suite());
}
