/*
 * ike/keys: SKEYSEED, the SK_* split, rekeyed SKEYSEED and CHILD_SA KEYMAT
 * against values computed independently with Python's hmac module when
 * this test was written (RFC 7296 §2.13, §2.14, §2.17, §2.18):
 *
 *   import hmac
 *   def prf(h, k, d): return hmac.new(k, d, h).digest()
 *   def prfplus(h, k, s, n):
 *       out, t, i = b"", b"", 1
 *       while len(out) < n:
 *           t = prf(h, k, t + s + bytes([i])); out += t; i += 1
 *       return out[:n]
 *   ni = bytes(range(0x00, 0x20)); nr = bytes(range(0x80, 0xa0))
 *   spii = bytes.fromhex("0102030405060708")
 *   spir = bytes.fromhex("a1a2a3a4a5a6a7a8")
 *   gir = bytes([0x5a]) * 256; gir2 = bytes([0xc3]) * 32
 *   # SA 1: aes128 / sha256-128 / prfsha256 -> d,ai,ar 32; ei,er 16; pi,pr 32
 *   ss = prf("sha256", ni + nr, gir)
 *   km = prfplus("sha256", ss, ni + nr + spii + spir, 3*32 + 2*32 + 2*16)
 *   # SA 2: aes256gcm16 / prfsha384 -> d 48; ei,er 36 (key|salt); pi,pr 48
 *   ss2 = prf("sha384", ni + nr, gir)
 *   km2 = prfplus("sha384", ss2, ni + nr + spii + spir, 3*48 + 2*36)
 *   skd1 = km[:32]
 *   rekey = prf("sha256", skd1, gir2 + ni + nr)
 *   child = prfplus("sha256", skd1, ni + nr, 2*16 + 2*20)  # aes128-sha1
 *   pfs = prfplus("sha256", skd1, gir2 + ni + nr, 2*36)    # aes256gcm16
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "ike/keys.h"
#include "ike/transform.h"
#include "tests/unit/test_crypto_hex.h"
#include "tests/unit/check_main.h"

static uint8_t ni[32], nr[32], gir[256], gir2[32];
static const uint8_t spii[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t spir[8] = {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8};

static void setup(void)
{
	for (int i = 0; i < 32; i++) {
		ni[i] = (uint8_t)i;
		nr[i] = (uint8_t)(0x80 + i);
	}
	memset(gir, 0x5a, sizeof(gir));
	memset(gir2, 0xc3, sizeof(gir2));
}

#define ck_assert_key(k, want) ck_assert_hex((k).b, (k).len, want)

static struct ike_sa_keys *sa1(void)
{
	const struct ike_sa_algs algs = {IKE_ENCR_AES_CBC, 128, IKE_PRF_HMAC_SHA2_256,
					 IKE_INTEG_HMAC_SHA2_256_128};
	struct ike_sa_keys *k = NULL;
	uint8_t ss[CRYPTO_PRF_MAX_LEN];

	ck_assert_int_eq(ike_keys_skeyseed(algs.prf, ni, 32, nr, 32, gir, 256, ss), 0);
	ck_assert_int_eq(ike_sa_keys_derive(&algs, ss, ni, 32, nr, 32, spii, spir, &k), 0);
	return k;
}

START_TEST(test_sa_cbc)
{
	uint8_t ss[CRYPTO_PRF_MAX_LEN];
	struct ike_sa_keys *k;

	ck_assert_int_eq(ike_keys_skeyseed(IKE_PRF_HMAC_SHA2_256, ni, 32, nr, 32, gir, 256, ss), 0);
	ck_assert_hex(ss, 32, "4653aaf4db9d43377f989abfbfe243d5c0c743ff742dba99eab9d72fc16d445a");
	k = sa1();
	ck_assert_int_eq(k->prf, IKE_PRF_HMAC_SHA2_256);
	ck_assert_key(k->sk_d, "2fe57ce13e9ed4e04aba67c1624391287b00fedd76a127cb93c47344e00d4bba");
	ck_assert_key(k->sk_ai, "6cb75688ba3e148ba00c88cb0110f8685c7c3fd2bc1d90b509b6314435f0ced4");
	ck_assert_key(k->sk_ar, "bedf52bee5f1179b7d9211de57b261911a48b8e7f4a95ba1237c010b0d93b3ce");
	ck_assert_key(k->sk_ei, "87dd194cc0c48d87974e65109d09af36");
	ck_assert_key(k->sk_er, "7a160be795a8a6166f7ad523289a6eba");
	ck_assert_key(k->sk_pi, "1ab3d7c03effd01056d03a7f2eed37f81df49c2049fe267cbec7fb2fd2e4a93a");
	ck_assert_key(k->sk_pr, "59f80c2f11b3a396eb0f42f15bdf6bd314dbefffa8e786220a541678bc34a4ec");
	ike_sa_keys_free(k);
}
END_TEST

START_TEST(test_sa_gcm)
{
	const struct ike_sa_algs algs = {IKE_ENCR_AES_GCM_16, 256, IKE_PRF_HMAC_SHA2_384,
					 IKE_INTEG_HMAC_SHA2_256_128 /* ignored: AEAD */};
	uint8_t ss[CRYPTO_PRF_MAX_LEN];
	struct ike_sa_keys *k = NULL;

	ck_assert_int_eq(ike_keys_skeyseed(algs.prf, ni, 32, nr, 32, gir, 256, ss), 0);
	ck_assert_hex(ss, 48,
		      "31b0c53ed80af51969a5c0ccbe7972bcec66f18dbb48d527957a53c33cc25936"
		      "d6559566dd076b65230b4cb5c3b56701");
	ck_assert_int_eq(ike_sa_keys_derive(&algs, ss, ni, 32, nr, 32, spii, spir, &k), 0);
	ck_assert_key(k->sk_d, "e6ac55e69e6d5c3eb08384e4abb2788f59c300fe3c0dbd19"
			       "ff6c3aac84d57d6f5a592a0dc61f67a6fcd28f527375fb39");
	ck_assert_uint_eq(k->sk_ai.len, 0);
	ck_assert_uint_eq(k->sk_ar.len, 0);
	/* 32-byte key then the 4-byte salt. */
	ck_assert_key(k->sk_ei, "7a4955ab5589d5959ad5ac143750de1c99cef7427f6c6a11ed7f4b96a282f80c"
				"7ae8aeb5");
	ck_assert_key(k->sk_er, "61de56b150efdde8aed6bb46b4ff26924cfb2d39a76f77a10d3a2b9f8dec27fb"
				"ea91297f");
	ck_assert_key(k->sk_pi, "a827defc7ec02ba342bacfdf55b52c2f3192affcd002f9e3"
				"3c62974ea32addc9d3674f4e3bf96c9f6052dbe16544970e");
	ck_assert_key(k->sk_pr, "124bb16607c4a103417a882891cf8c501ee153d965b23755"
				"7506e631ea935b9db12a68d2623b851a417fe7784ce76eac");
	/* The derived SK_e is usable as GCM KEYMAT as it stands. */
	{
		struct crypto_gcm *g = crypto_gcm_new(k->sk_ei.b, k->sk_ei.len, CRYPTO_ENCRYPT);

		ck_assert_ptr_nonnull(g);
		crypto_gcm_free(g);
	}
	ike_sa_keys_free(k);
}
END_TEST

START_TEST(test_rekey_skeyseed)
{
	struct ike_sa_keys *k = sa1();
	uint8_t ss[CRYPTO_PRF_MAX_LEN];

	ck_assert_int_eq(
		ike_keys_skeyseed_rekey(k->prf, &k->sk_d, gir2, sizeof(gir2), ni, 32, nr, 32, ss),
		0);
	ck_assert_hex(ss, 32, "2ca52e7ceaa20d76158b0d8075cccc0d1ddf1c39dd5261b4c3bd748fccf8300d");
	ck_assert_int_eq(ike_keys_skeyseed_rekey(99, &k->sk_d, gir2, 32, ni, 32, nr, 32, ss),
			 -EINVAL);
	ike_sa_keys_free(k);
}
END_TEST

START_TEST(test_child_no_pfs)
{
	const struct ike_child_algs algs = {IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96};
	struct ike_sa_keys *sa = sa1();
	struct ike_child_keys *k = NULL;

	ck_assert_int_eq(ike_child_keys_derive(sa, &algs, NULL, 0, ni, 32, nr, 32, &k), 0);
	ck_assert_key(k->encr_i, "e1536c8f979406d354960a5f42b24ffb");
	ck_assert_key(k->integ_i, "5639729136027bc51cda9e9f85dfa6fb452a19c9");
	ck_assert_key(k->encr_r, "efab164b69c50303145cf0491ea917ba");
	ck_assert_key(k->integ_r, "71e6691f2de0b5eab6e31959aba7bb96544b0804");
	ike_child_keys_free(k);
	ike_sa_keys_free(sa);
}
END_TEST

START_TEST(test_child_pfs_gcm)
{
	const struct ike_child_algs algs = {IKE_ENCR_AES_GCM_16, 256, 0};
	struct ike_sa_keys *sa = sa1();
	struct ike_child_keys *k = NULL;

	ck_assert_int_eq(ike_child_keys_derive(sa, &algs, gir2, sizeof(gir2), ni, 32, nr, 32, &k),
			 0);
	ck_assert_key(k->encr_i, "a334c48be2fdee6e9ef9c65152e9cbe837661452e04ae63d55eff85e2a87537d"
				 "2598904e");
	ck_assert_key(k->encr_r, "4e7e0f42451a086a271bd7aabc2cae0a7cc699fde8947ef6fe0792a52579015d"
				 "e59e28fd");
	ck_assert_uint_eq(k->integ_i.len, 0);
	ck_assert_uint_eq(k->integ_r.len, 0);
	ike_child_keys_free(k);
	ike_sa_keys_free(sa);
}
END_TEST

START_TEST(test_lengths_and_errors)
{
	const struct ike_sa_algs bad_encr = {3 /* 3DES */, 0, IKE_PRF_HMAC_SHA1,
					     IKE_INTEG_HMAC_SHA1_96};
	const struct ike_sa_algs bad_len = {IKE_ENCR_AES_CBC, 64, IKE_PRF_HMAC_SHA1,
					    IKE_INTEG_HMAC_SHA1_96};
	const struct ike_sa_algs bad_integ = {IKE_ENCR_AES_CBC, 128, IKE_PRF_HMAC_SHA1, 1};
	const struct ike_sa_algs bad_prf = {IKE_ENCR_AES_CBC, 128, 1, IKE_INTEG_HMAC_SHA1_96};
	const struct ike_child_algs bad_child = {IKE_ENCR_AES_GCM_16, 100, 0};
	uint8_t ss[CRYPTO_PRF_MAX_LEN] = {0}, big[300] = {0};
	struct ike_sa_keys *k = NULL, *sa;
	struct ike_child_keys *ck = NULL;

	ck_assert_int_eq(ike_keys_encr_len(IKE_ENCR_AES_CBC, 192), 24);
	ck_assert_int_eq(ike_keys_encr_len(IKE_ENCR_AES_GCM_16, 128), 20);
	ck_assert_int_eq(ike_keys_encr_len(IKE_ENCR_AES_GCM_16, 0), -EINVAL);
	ck_assert_int_eq(ike_keys_integ_len(IKE_ENCR_AES_CBC, IKE_INTEG_HMAC_SHA2_512_256), 64);
	ck_assert_int_eq(ike_keys_integ_len(IKE_ENCR_AES_GCM_16, IKE_INTEG_HMAC_SHA1_96), 0);

	ck_assert_int_eq(ike_sa_keys_derive(&bad_encr, ss, ni, 32, nr, 32, spii, spir, &k),
			 -EINVAL);
	ck_assert_int_eq(ike_sa_keys_derive(&bad_len, ss, ni, 32, nr, 32, spii, spir, &k), -EINVAL);
	ck_assert_int_eq(ike_sa_keys_derive(&bad_integ, ss, ni, 32, nr, 32, spii, spir, &k),
			 -EINVAL);
	ck_assert_int_eq(ike_sa_keys_derive(&bad_prf, ss, ni, 32, nr, 32, spii, spir, &k), -EINVAL);
	ck_assert_ptr_null(k);
	/* Nonces longer than RFC 7296 allows (256 bytes). */
	ck_assert_int_eq(ike_keys_skeyseed(IKE_PRF_HMAC_SHA1, big, 257, nr, 32, gir, 256, ss),
			 -EINVAL);

	sa = sa1();
	ck_assert_int_eq(ike_child_keys_derive(sa, &bad_child, NULL, 0, ni, 32, nr, 32, &ck),
			 -EINVAL);
	ck_assert_ptr_null(ck);
	ike_sa_keys_free(sa);
	ike_sa_keys_free(NULL);
	ike_child_keys_free(NULL);
}
END_TEST

START_TEST(test_key_wipe)
{
	struct ike_key k;

	memset(k.b, 0x77, sizeof(k.b));
	k.len = 16;
	ike_key_wipe(&k);
	ck_assert_uint_eq(k.len, 0);
	for (size_t i = 0; i < sizeof(k.b); i++)
		ck_assert_uint_eq(k.b[i], 0);
}
END_TEST

static Suite *keys_suite(void)
{
	Suite *s = suite_create("ike_keys");
	TCase *tc = tcase_create("derive");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_sa_cbc);
	tcase_add_test(tc, test_sa_gcm);
	tcase_add_test(tc, test_rekey_skeyseed);
	tcase_add_test(tc, test_child_no_pfs);
	tcase_add_test(tc, test_child_pfs_gcm);
	tcase_add_test(tc, test_lengths_and_errors);
	tcase_add_test(tc, test_key_wipe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(keys_suite());
}
