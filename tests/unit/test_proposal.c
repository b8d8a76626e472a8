/* Proposal strings: what parses, its canonical form, and what is refused. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/proposal.h"
#include "tests/unit/check_main.h"

#define IKE IKE_PROTO_IKE
#define ESP IKE_PROTO_ESP

struct valid_row {
	enum ike_proto proto;
	const char *in;
	const char *canon;
};

static const struct valid_row valid_rows[] = {
	/* AWS's generic configuration and its strongSwan sample */
	{IKE, "aes128-sha1-modp1024", "aes128-sha1-modp1024"},
	{ESP, "aes128-sha1-modp1024", "aes128-sha1-modp1024"},
	{ESP, "aes128-sha1", "aes128-sha1"},
	/* order of words is free; canonical order is encr-integ-prf-dh-esn */
	{IKE, "modp2048-sha256-aes256", "aes256-sha256-modp2048"},
	{ESP, "esn-sha256-aes128", "aes128-sha256-esn"},
	/* preference order inside one type is kept */
	{IKE, "aes256-aes128-sha512-sha256-ecp384-modp2048",
	 "aes256-aes128-sha512-sha256-ecp384-modp2048"},
	{IKE, "aes128-aes256-sha256-sha512-modp2048-ecp384",
	 "aes128-aes256-sha256-sha512-modp2048-ecp384"},
	/* an explicit PRF that matches the implied one is dropped */
	{IKE, "aes128-sha256-prfsha256-modp2048", "aes128-sha256-modp2048"},
	/* one that does not is kept */
	{IKE, "aes128-sha256-prfsha384-modp2048", "aes128-sha256-prfsha384-modp2048"},
	{IKE, "aes128-sha1-sha256-prfsha256-prfsha1-modp2048",
	 "aes128-sha1-sha256-prfsha256-prfsha1-modp2048"},
	{IKE, "aes128-sha1-sha256-prfsha1-modp2048", "aes128-sha1-sha256-prfsha1-modp2048"},
	/* AEAD */
	{IKE, "aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-ecp384"},
	{IKE, "aes256gcm16-aes128gcm16-prfsha256-modp2048",
	 "aes256gcm16-aes128gcm16-prfsha256-modp2048"},
	{IKE, "aes192gcm16-prfsha1-modp1536", "aes192gcm16-prfsha1-modp1536"},
	/* strongSwan reads an integrity word with AEAD in IKE as the PRF */
	{IKE, "aes256gcm16-sha384-ecp384", "aes256gcm16-prfsha384-ecp384"},
	{IKE, "aes128gcm16-sha256-sha1-modp2048", "aes128gcm16-prfsha256-prfsha1-modp2048"},
	{ESP, "aes256gcm16", "aes256gcm16"},
	{ESP, "aes256gcm16-aes192gcm16-aes128gcm16-ecp256",
	 "aes256gcm16-aes192gcm16-aes128gcm16-ecp256"},
	/* aliases strongSwan accepts, printed canonically */
	{ESP, "aes128gcm128", "aes128gcm16"},
	{ESP, "aes256gcm", "aes256gcm16"},
	{ESP, "aes-sha", "aes128-sha1"},
	{IKE, "aes256-sha256-x25519", "aes256-sha256-curve25519"},
	/* every DH group */
	{IKE, "aes128-sha256-modp1024-modp1536-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256",
	 "aes128-sha256-modp1024-modp1536-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256"},
	{IKE, "aes128-sha256-ecp384-ecp521-modp1024s160-modp2048s224-modp2048s256-curve25519",
	 "aes128-sha256-ecp384-ecp521-modp1024s160-modp2048s224-modp2048s256-curve25519"},
	/* ESN: noesn alone is the default and not printed */
	{ESP, "aes128-sha256-noesn", "aes128-sha256"},
	{ESP, "aes128-sha256-esn-noesn", "aes128-sha256-esn-noesn"},
	{ESP, "aes128-sha256-noesn-esn", "aes128-sha256-noesn-esn"},
	/* PFS groups in ESP */
	{ESP, "aes256-sha512-modp4096-esn", "aes256-sha512-modp4096-esn"},
	/* eight of a type is the limit, and allowed */
	{ESP, "aes128-sha1-modp1024-modp1536-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256",
	 "aes128-sha1-modp1024-modp1536-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256"},
};

struct invalid_row {
	enum ike_proto proto;
	const char *in;
	const char *err; /* substring of the message */
};

static const struct invalid_row invalid_rows[] = {
	{IKE, "", "empty proposal"},
	{IKE, "aes128--sha1-modp2048", "empty algorithm name"},
	{IKE, "-aes128-sha1-modp2048", "empty algorithm name"},
	{IKE, "aes128-sha1-modp2048-", "empty algorithm name"},
	{ESP, "-", "empty algorithm name"},
	{IKE, "AES128-sha1-modp2048", "'AES128': algorithm names are lower-case"},
	{ESP, "aes128-Sha1", "'Sha1': algorithm names are lower-case"},
	{IKE, "aes128-sha1-foo", "unknown algorithm 'foo'"},
	{IKE, "3des-sha1-modp1024", "unknown algorithm '3des'"},
	{ESP, "aes128ctr-sha1", "unknown algorithm 'aes128ctr'"},
	{ESP, "aes128gcm8", "unknown algorithm 'aes128gcm8'"},
	{ESP, "aes128-sha2_256", "unknown algorithm 'sha2_256'"},
	{ESP, "aes128-md5", "unknown algorithm 'md5'"},
	{ESP, "aes128 sha1", "unknown algorithm 'aes128 sha1'"},
	{ESP, "aes128-sha1!", "unknown algorithm 'sha1!'"},
	{ESP, "aes128-\001\177", "unknown algorithm '?\?'"},
	{ESP, "aes128-sha1-modp2048-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	 "unknown algorithm 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'"},
	{IKE, "aes128-aes256gcm16-sha1-modp2048",
	 "'aes256gcm16': AEAD and non-AEAD encryption cannot be mixed"},
	{ESP, "aes256gcm16-aes128", "'aes128': AEAD and non-AEAD"},
	{ESP, "aes256gcm16-sha256", "'sha256': integrity algorithm not allowed with AEAD"},
	{ESP, "aes256gcm16-sha", "'sha': integrity algorithm not allowed"},
	{IKE, "aes256gcm16-sha256-prfsha256-ecp256",
	 "'sha256': integrity algorithm not allowed with AEAD"},
	{IKE, "aes256gcm16-ecp256", "needs a PRF"},
	{IKE, "aes128-modp2048",
	 "IKE proposal with non-AEAD encryption needs an integrity algorithm"},
	{IKE, "aes128-prfsha256-modp2048", "needs an integrity algorithm"},
	{ESP, "aes128", "ESP proposal with non-AEAD encryption needs an integrity algorithm"},
	{ESP, "aes128-modp2048", "needs an integrity algorithm"},
	{IKE, "aes128-sha256", "IKE proposal needs a DH group"},
	{IKE, "aes256gcm16-prfsha256", "needs a DH group"},
	{IKE, "sha256-modp2048", "no encryption algorithm"},
	{ESP, "sha256-esn", "no encryption algorithm"},
	{IKE, "aes128-aes128-sha1-modp2048", "'aes128': duplicate algorithm"},
	{IKE, "aes128-aes-sha1-modp2048", "'aes': duplicate algorithm"},
	{ESP, "aes128gcm16-aes128gcm128", "'aes128gcm128': duplicate"},
	{IKE, "aes128-sha1-sha-modp2048", "'sha': duplicate algorithm"},
	{IKE, "aes128-sha1-prfsha1-prfsha1-modp2048", "'prfsha1': duplicate algorithm"},
	{IKE, "aes128-sha1-modp2048-modp2048", "'modp2048': duplicate"},
	{IKE, "aes128-sha1-curve25519-x25519", "'x25519': duplicate"},
	{ESP, "aes128-sha1-esn-esn", "'esn': duplicate algorithm"},
	{IKE,
	 "aes128-sha1-modp1024-modp1536-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256-ecp384",
	 "'ecp384': more than 8 DH groups"},
	{ESP,
	 "aes128-sha1-modp1024-modp1536-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256-ecp384-"
	 "ecp521",
	 "'ecp384': more than 8 DH groups"},
	{ESP, "aes128-sha1-prfsha1", "'prfsha1': a PRF belongs in IKE"},
	{IKE, "aes128-sha1-modp2048-esn", "'esn': ESN belongs in ESP"},
	{IKE, "aes128-sha1-modp2048-noesn", "'noesn': ESN belongs in ESP"},
	{ESP, "aes128-aes192-aes256-aes128gcm16-aes192gcm16-aes256gcm16-sha1-sha256",
	 "'aes128gcm16': AEAD and non-AEAD"},
};

static void row_name(char *buf, size_t len, enum ike_proto proto, const char *in)
{
	snprintf(buf, len, "%s \"%s\"", proto == IKE ? "ike" : "esp", in);
}

START_TEST(test_valid)
{
	const struct valid_row *r = &valid_rows[_i];
	struct ike_proposal p, again;
	char err[128], out[IKE_PROPOSAL_STR_MAX], name[256];

	row_name(name, sizeof(name), r->proto, r->in);
	memset(err, 'x', sizeof(err));
	ck_assert_msg(ike_proposal_parse(r->in, r->proto, &p, err, sizeof(err)) == 0, "%s: %s",
		      name, err);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(p.proto, r->proto);
	ck_assert_int_eq(ike_proposal_format(&p, out, sizeof(out)), 0);
	ck_assert_msg(strcmp(out, r->canon) == 0, "%s: formatted as \"%s\"", name, out);

	/* the canonical form means the same proposal */
	ck_assert_int_eq(ike_proposal_parse(out, r->proto, &again, NULL, 0), 0);
	ck_assert_msg(ike_proposal_equal(&p, &again), "%s: round trip", name);
}
END_TEST

START_TEST(test_invalid)
{
	const struct invalid_row *r = &invalid_rows[_i];
	struct ike_proposal p, before;
	char err[128], name[256];

	row_name(name, sizeof(name), r->proto, r->in);
	memset(&p, 0xa5, sizeof(p));
	before = p;
	ck_assert_msg(ike_proposal_parse(r->in, r->proto, &p, err, sizeof(err)) == -EINVAL,
		      "%s: accepted", name);
	ck_assert_msg(strstr(err, r->err) != NULL, "%s: error \"%s\", wanted \"%s\"", name, err,
		      r->err);
	ck_assert_msg(memcmp(&p, &before, sizeof(p)) == 0, "%s: output touched on error", name);
}
END_TEST

START_TEST(test_ids)
{
	struct ike_proposal p;

	/* the IANA numbers that go on the wire */
	ck_assert_int_eq(ike_proposal_parse("aes192-sha384-ecp521", IKE, &p, NULL, 0), 0);
	ck_assert_uint_eq(p.n_encr, 1);
	ck_assert_uint_eq(p.encr[0].id, 12);
	ck_assert_uint_eq(p.encr[0].keylen, 192);
	ck_assert_uint_eq(p.n_integ, 1);
	ck_assert_uint_eq(p.integ[0], 13);
	ck_assert_uint_eq(p.n_prf, 1);
	ck_assert_uint_eq(p.prf[0], 6);
	ck_assert_uint_eq(p.n_dh, 1);
	ck_assert_uint_eq(p.dh[0], 21);
	ck_assert_uint_eq(p.n_esn, 0);

	ck_assert_int_eq(ike_proposal_parse("aes256gcm16-sha512-modp2048s256", IKE, &p, NULL, 0),
			 0);
	ck_assert_uint_eq(p.encr[0].id, 20);
	ck_assert_uint_eq(p.encr[0].keylen, 256);
	ck_assert_uint_eq(p.n_integ, 0);
	ck_assert_uint_eq(p.n_prf, 1);
	ck_assert_uint_eq(p.prf[0], 7);
	ck_assert_uint_eq(p.dh[0], 24);

	ck_assert_int_eq(ike_proposal_parse("aes128-sha1-sha256-curve25519", ESP, &p, NULL, 0), 0);
	ck_assert_uint_eq(p.encr[0].keylen, 128);
	ck_assert_uint_eq(p.n_integ, 2);
	ck_assert_uint_eq(p.integ[0], 2);
	ck_assert_uint_eq(p.integ[1], 12);
	ck_assert_uint_eq(p.n_prf, 0);
	ck_assert_uint_eq(p.dh[0], 31);
	/* ESP without ESN words offers "no ESN" */
	ck_assert_uint_eq(p.n_esn, 1);
	ck_assert_uint_eq(p.esn[0], 0);

	ck_assert_int_eq(ike_proposal_parse("aes128-sha1-esn", ESP, &p, NULL, 0), 0);
	ck_assert_uint_eq(p.n_esn, 1);
	ck_assert_uint_eq(p.esn[0], 1);
	ck_assert_uint_eq(p.n_dh, 0);
}
END_TEST

START_TEST(test_bad_args)
{
	struct ike_proposal p;
	char err[8];

	ck_assert_int_eq(ike_proposal_parse("aes128-sha1", (enum ike_proto)2, &p, err, sizeof(err)),
			 -EINVAL);
	ck_assert_int_eq(ike_proposal_parse(NULL, ESP, &p, NULL, 0), -EINVAL);
	/* a short error buffer is truncated, not overrun */
	ck_assert_int_eq(ike_proposal_parse("aes128-foo", ESP, &p, err, sizeof(err)), -EINVAL);
	ck_assert_uint_eq(strlen(err), sizeof(err) - 1);
}
END_TEST

START_TEST(test_format_errors)
{
	struct ike_proposal p;
	char buf[IKE_PROPOSAL_STR_MAX];

	ck_assert_int_eq(ike_proposal_parse("aes128-sha1-modp1024", IKE, &p, NULL, 0), 0);
	/* exactly fits: 20 characters and the NUL */
	ck_assert_int_eq(ike_proposal_format(&p, buf, 21), 0);
	ck_assert_str_eq(buf, "aes128-sha1-modp1024");
	ck_assert_int_eq(ike_proposal_format(&p, buf, 20), -ENOSPC);
	ck_assert_uint_lt(strlen(buf), 20);
	ck_assert_int_eq(ike_proposal_format(&p, buf, 1), -ENOSPC);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(ike_proposal_format(&p, buf, 0), -ENOSPC);

	p.dh[0] = 99;
	ck_assert_int_eq(ike_proposal_format(&p, buf, sizeof(buf)), -EINVAL);
	p.dh[0] = 2;
	p.encr[0].keylen = 100;
	ck_assert_int_eq(ike_proposal_format(&p, buf, sizeof(buf)), -EINVAL);
	p.encr[0].keylen = 128;
	p.n_integ = IKE_PROPOSAL_MAX_ALGS + 1;
	ck_assert_int_eq(ike_proposal_format(&p, buf, sizeof(buf)), -EINVAL);
}
END_TEST

START_TEST(test_format_longest)
{
	/* the longest proposals the language allows fit IKE_PROPOSAL_STR_MAX */
	static const char *const longest[] = {
		"aes128gcm16-aes192gcm16-aes256gcm16-prfsha1-prfsha256-prfsha384-prfsha512-"
		"modp1024s160-modp2048s224-modp2048s256-curve25519-modp1024-modp1536-modp2048-"
		"modp3072",
		"aes128-aes192-aes256-sha1-sha256-sha384-sha512-prfsha512-prfsha384-prfsha256-"
		"prfsha1-modp1024s160-modp2048s224-modp2048s256-curve25519-modp1024-modp1536-"
		"modp2048-modp3072",
	};
	struct ike_proposal p;
	char buf[IKE_PROPOSAL_STR_MAX];

	for (size_t i = 0; i < 2; i++) {
		ck_assert_int_eq(ike_proposal_parse(longest[i], IKE, &p, NULL, 0), 0);
		ck_assert_int_eq(ike_proposal_format(&p, buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, longest[i]);
	}
	ck_assert_int_eq(ike_proposal_parse("aes128-aes192-aes256-sha1-sha256-sha384-sha512-"
					    "modp1024s160-modp2048s224-modp2048s256-esn-noesn",
					    ESP, &p, NULL, 0),
			 0);
	ck_assert_int_eq(ike_proposal_format(&p, buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(test_defaults)
{
	static const char *const want_ike[] = {
		"aes256gcm16-aes128gcm16-prfsha512-prfsha384-prfsha256-ecp384-ecp256-modp4096-"
		"modp3072-modp2048",
		"aes256-aes128-sha512-sha384-sha256-ecp384-ecp256-modp4096-modp3072-modp2048",
	};
	static const char *const want_esp[] = {
		"aes256gcm16-aes128gcm16-ecp384-ecp256-modp4096-modp3072-modp2048",
		"aes256-aes128-sha512-sha384-sha256-ecp384-ecp256-modp4096-modp3072-modp2048",
	};
	struct ike_proposal d[IKE_PROPOSAL_DEFAULTS_MAX + 1];
	char buf[IKE_PROPOSAL_STR_MAX];

	ck_assert_int_eq(ike_proposal_defaults(IKE, d, IKE_PROPOSAL_DEFAULTS_MAX), 2);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(d[i].proto, IKE);
		ck_assert_int_eq(ike_proposal_format(&d[i], buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, want_ike[i]);
	}
	ck_assert_int_eq(ike_proposal_defaults(ESP, d, 3), 2);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(d[i].proto, ESP);
		ck_assert_uint_eq(d[i].n_esn, 1);
		ck_assert_uint_gt(d[i].n_dh, 0);
		ck_assert_int_eq(ike_proposal_format(&d[i], buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, want_esp[i]);
	}
	ck_assert_int_eq(ike_proposal_defaults(ESP, d, 1), -ENOSPC);
	ck_assert_int_eq(ike_proposal_defaults((enum ike_proto)0, d, 2), -EINVAL);
}
END_TEST

START_TEST(test_equal)
{
	struct ike_proposal a, b;

	ck_assert_int_eq(ike_proposal_parse("aes128-aes256-sha1-modp2048", IKE, &a, NULL, 0), 0);
	ck_assert_int_eq(ike_proposal_parse("sha1-modp2048-aes128-aes256", IKE, &b, NULL, 0), 0);
	ck_assert(ike_proposal_equal(&a, &b));
	/* preference order matters */
	ck_assert_int_eq(ike_proposal_parse("aes256-aes128-sha1-modp2048", IKE, &b, NULL, 0), 0);
	ck_assert(!ike_proposal_equal(&a, &b));
	/* so does the protocol */
	ck_assert_int_eq(ike_proposal_parse("aes128-aes256-sha1-modp2048", ESP, &b, NULL, 0), 0);
	ck_assert(!ike_proposal_equal(&a, &b));
}
END_TEST

START_TEST(test_transform_names)
{
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_ENCR, 12, 256), "aes256");
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_ENCR, 20, 128), "aes128gcm16");
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_INTEG, 2, 0), "sha1");
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_PRF, 5, 0), "prfsha256");
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_DH, 31, 0), "curve25519");
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_DH, 22, 0), "modp1024s160");
	ck_assert_str_eq(ike_transform_name(IKE_TRANSFORM_ESN, 0, 0), "noesn");
	ck_assert_ptr_null(ike_transform_name(IKE_TRANSFORM_ENCR, 12, 0));
	ck_assert_ptr_null(ike_transform_name(IKE_TRANSFORM_ENCR, 3, 0));
	ck_assert_ptr_null(ike_transform_name(IKE_TRANSFORM_DH, 32, 0));
	ck_assert_ptr_null(ike_transform_name((enum ike_transform_type)6, 0, 0));

	ck_assert(ike_encr_is_aead(20));
	ck_assert(ike_encr_is_aead(28));
	ck_assert(!ike_encr_is_aead(12));
	ck_assert(!ike_encr_is_aead(3));
}
END_TEST

static Suite *proposal_suite(void)
{
	Suite *s = suite_create("proposal");
	TCase *tc = tcase_create("core");
	int n_valid = (int)(sizeof(valid_rows) / sizeof(valid_rows[0]));
	int n_invalid = (int)(sizeof(invalid_rows) / sizeof(invalid_rows[0]));

	tcase_add_loop_test(tc, test_valid, 0, n_valid);
	tcase_add_loop_test(tc, test_invalid, 0, n_invalid);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_bad_args);
	tcase_add_test(tc, test_format_errors);
	tcase_add_test(tc, test_format_longest);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_equal);
	tcase_add_test(tc, test_transform_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(proposal_suite());
}
