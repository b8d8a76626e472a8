/*
 * common/crypto: HMAC PRFs against RFC 2202 / RFC 4231, integrity
 * truncation against RFC 4868, prf+ against independently computed values,
 * AES-CBC against NIST SP 800-38A F.2, AES-GCM against the McGrew-Viega
 * GCM test cases split as RFC 4106 salt | IV.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "tests/unit/test_crypto_hex.h"
#include "tests/unit/check_main.h"

/* ---- HMAC / PRF ------------------------------------------------------ */

struct prf_case {
	const char *name;
	unsigned alg;
	const char *key;  /* hex */
	const char *data; /* text */
	const char *mac;  /* hex */
};

#define KEY_0B20  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
#define KEY_JEFE  "4a656665"
#define DATA_JEFE "what do ya want for nothing?"
/* 131 bytes of 0xaa */
#define KEY_AA131                                                                                  \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"                         \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"                         \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"                         \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"                         \
	"aaaaaa"
#define DATA_BIGKEY "Test Using Larger Than Block-Size Key - Hash Key First"

static const struct prf_case prf_cases[] = {
	/* RFC 2202 §3 */
	{"2202-1", CRYPTO_PRF_HMAC_SHA1, KEY_0B20, "Hi There",
	 "b617318655057264e28bc0b6fb378c8ef146be00"},
	{"2202-2", CRYPTO_PRF_HMAC_SHA1, KEY_JEFE, DATA_JEFE,
	 "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
	{"2202-6", CRYPTO_PRF_HMAC_SHA1,
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	 DATA_BIGKEY, "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
	/* RFC 4231 §4.2, 4.3, 4.7 */
	{"4231-1-256", CRYPTO_PRF_HMAC_SHA2_256, KEY_0B20, "Hi There",
	 "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
	{"4231-1-384", CRYPTO_PRF_HMAC_SHA2_384, KEY_0B20, "Hi There",
	 "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	 "faea9ea9076ede7f4af152e8b2fa9cb6"},
	{"4231-1-512", CRYPTO_PRF_HMAC_SHA2_512, KEY_0B20, "Hi There",
	 "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	 "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
	{"4231-2-256", CRYPTO_PRF_HMAC_SHA2_256, KEY_JEFE, DATA_JEFE,
	 "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
	{"4231-2-384", CRYPTO_PRF_HMAC_SHA2_384, KEY_JEFE, DATA_JEFE,
	 "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	 "8e2240ca5e69e2c78b3239ecfab21649"},
	{"4231-2-512", CRYPTO_PRF_HMAC_SHA2_512, KEY_JEFE, DATA_JEFE,
	 "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	 "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
	{"4231-6-256", CRYPTO_PRF_HMAC_SHA2_256, KEY_AA131, DATA_BIGKEY,
	 "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
	{"4231-6-384", CRYPTO_PRF_HMAC_SHA2_384, KEY_AA131, DATA_BIGKEY,
	 "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	 "0c2ef6ab4030fe8296248df163f44952"},
	{"4231-6-512", CRYPTO_PRF_HMAC_SHA2_512, KEY_AA131, DATA_BIGKEY,
	 "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	 "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
};

#define N_PRF_CASES (int)(sizeof(prf_cases) / sizeof(prf_cases[0]))

START_TEST(test_prf_oneshot)
{
	const struct prf_case *c = &prf_cases[_i];
	struct hexbuf key = hex(c->key);
	uint8_t out[CRYPTO_PRF_MAX_LEN];
	int len = crypto_prf_len(c->alg);

	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(
		crypto_prf(c->alg, key.b, key.len, (const uint8_t *)c->data, strlen(c->data), out),
		0);
	ck_assert_hex(out, (size_t)len, c->mac);
}
END_TEST

/* The same vectors fed one byte at a time, twice on one context: final
 * must leave it ready for the next message under the same key. */
START_TEST(test_prf_incremental)
{
	const struct prf_case *c = &prf_cases[_i];
	struct hexbuf key = hex(c->key);
	struct crypto_prf *p = crypto_prf_new(c->alg, key.b, key.len);
	uint8_t out[CRYPTO_PRF_MAX_LEN];
	size_t dlen = strlen(c->data);

	ck_assert_ptr_nonnull(p);
	for (int round = 0; round < 2; round++) {
		memset(out, 0, sizeof(out));
		for (size_t i = 0; i < dlen; i++)
			ck_assert_int_eq(crypto_prf_update(p, (const uint8_t *)c->data + i, 1), 0);
		ck_assert_int_eq(crypto_prf_final(p, out), 0);
		ck_assert_hex(out, (size_t)crypto_prf_len(c->alg), c->mac);
	}
	crypto_prf_free(p);
}
END_TEST

START_TEST(test_prf_unknown)
{
	uint8_t out[CRYPTO_PRF_MAX_LEN];

	ck_assert_int_eq(crypto_prf_len(1), -EINVAL); /* HMAC-MD5: not ours */
	ck_assert_int_eq(crypto_prf(4, (const uint8_t *)"k", 1, NULL, 0, out), -EINVAL);
	ck_assert_ptr_null(crypto_prf_new(99, (const uint8_t *)"k", 1));
	crypto_prf_free(NULL);
}
END_TEST

/* ---- prf+ --------------------------------------------------------------
 * Expected values computed independently with Python's hmac module when
 * this test was written:
 *
 *   import hmac
 *   def prfplus(h, k, s, n):
 *       out, t, i = b"", b"", 1
 *       while len(out) < n:
 *           t = hmac.new(k, t + s + bytes([i]), h).digest(); out += t; i += 1
 *       return out[:n]
 *   prfplus("sha1", b"key", b"seed", 50).hex()
 *   prfplus("sha256", b"key", b"seed", 70).hex()
 *   prfplus("sha512", b"key", b"seed", 255 * 64)[-16:].hex()
 */

START_TEST(test_prf_plus_vectors)
{
	static uint8_t big[255 * 64 + 1];
	struct iovec one = {(void *)"seed", 4};
	struct iovec two[] = {{(void *)"se", 2}, {NULL, 0}, {(void *)"ed", 2}};
	uint8_t out[70];

	ck_assert_int_eq(
		crypto_prf_plus(CRYPTO_PRF_HMAC_SHA1, (const uint8_t *)"key", 3, &one, 1, out, 50),
		0);
	ck_assert_hex(out, 50,
		      "0a4dd4d286ae93c5e1d24f24f3756216b533dd67ad15d19cef25f483bcc5300f"
		      "d5487404a2c5000664d807a67dba048c69ac");

	/* The seed split over iovecs (one empty) is the same seed. */
	ck_assert_int_eq(crypto_prf_plus(CRYPTO_PRF_HMAC_SHA2_256, (const uint8_t *)"key", 3, two,
					 3, out, 70),
			 0);
	ck_assert_hex(out, 70,
		      "a2392e429a99b173341b368bb5ce320bfd483d89567c14ec187c2d77e3c0a208"
		      "ba45d21d42611712996c0cd4b329ac8681e093a8a5bbbbf0fb8c9d1cf674f742"
		      "3fe3d2fbd664");

	/* Exactly 255 blocks is the limit ... */
	ck_assert_int_eq(crypto_prf_plus(CRYPTO_PRF_HMAC_SHA2_512, (const uint8_t *)"key", 3, &one,
					 1, big, 255 * 64),
			 0);
	ck_assert_hex(big + 255 * 64 - 16, 16, "3669e03df07da9760c127c786f6858b8");
	/* ... one byte more is refused. */
	ck_assert_int_eq(crypto_prf_plus(CRYPTO_PRF_HMAC_SHA2_512, (const uint8_t *)"key", 3, &one,
					 1, big, 255 * 64 + 1),
			 -EINVAL);
	ck_assert_int_eq(crypto_prf_plus(CRYPTO_PRF_HMAC_SHA1, (const uint8_t *)"key", 3, &one, 1,
					 big, 255 * 20 + 1),
			 -EINVAL);
	ck_assert_int_eq(crypto_prf_plus(3, (const uint8_t *)"key", 3, &one, 1, out, 10), -EINVAL);
}
END_TEST

/* ---- integrity (RFC 4868 §2.7.2, RFC 2404 via RFC 2202) -------------- */

struct integ_case {
	unsigned alg;
	const char *key;
	const char *data;
	const char *icv;
};

static const struct integ_case integ_cases[] = {
	/* RFC 2202 case 1 with a 20-byte key, truncated to 96 bits */
	{CRYPTO_INTEG_HMAC_SHA1_96, KEY_0B20, "Hi There", "b617318655057264e28bc0b6"},
	/* RFC 4868 §2.7.2.1-3, test case AUTH*-1 */
	{CRYPTO_INTEG_HMAC_SHA2_256_128,
	 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
	 "198a607eb44bfbc69903a0f1cf2bbdc5"},
	{CRYPTO_INTEG_HMAC_SHA2_384_192,
	 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
	 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	 "Hi There", "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"},
	{CRYPTO_INTEG_HMAC_SHA2_512_256,
	 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
	 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	 "Hi There", "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"},
	/* RFC 4868 AUTH256-2: "Jefe" repeated to 32 bytes */
	{CRYPTO_INTEG_HMAC_SHA2_256_128,
	 "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665", DATA_JEFE,
	 "167f928588c5cc2eef8e3093caa0e87c"},
};

#define N_INTEG_CASES (int)(sizeof(integ_cases) / sizeof(integ_cases[0]))

START_TEST(test_integ_vectors)
{
	const struct integ_case *c = &integ_cases[_i];
	struct hexbuf key = hex(c->key), want = hex(c->icv);
	struct crypto_integ *in;
	size_t dlen = strlen(c->data);
	struct iovec whole = {(void *)c->data, dlen};
	struct iovec parts[] = {{(void *)c->data, 3}, {(void *)(c->data + 3), dlen - 3}};
	uint8_t icv[CRYPTO_INTEG_MAX_ICV];

	ck_assert_int_eq(crypto_integ_key_len(c->alg), (int)key.len);
	ck_assert_int_eq(crypto_integ_icv_len(c->alg), (int)want.len);
	in = crypto_integ_new(c->alg, key.b, key.len);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(crypto_integ_icv_size(in), (int)want.len);

	memset(icv, 0, sizeof(icv));
	ck_assert_int_eq(crypto_integ_compute(in, &whole, 1, icv), 0);
	ck_assert_mem_eq(icv, want.b, want.len);
	ck_assert_int_eq(crypto_integ_verify(in, parts, 2, want.b), 0);

	/* Any flipped bit of the ICV, or of the data, fails. */
	for (size_t i = 0; i < want.len; i++) {
		memcpy(icv, want.b, want.len);
		icv[i] ^= 0x01;
		ck_assert_int_eq(crypto_integ_verify(in, &whole, 1, icv), -EBADMSG);
	}
	{
		char buf[128];
		struct iovec bad = {buf, dlen};

		memcpy(buf, c->data, dlen);
		buf[dlen - 1] ^= 0x80;
		ck_assert_int_eq(crypto_integ_verify(in, &bad, 1, want.b), -EBADMSG);
	}
	/* The context still works after a failed verify. */
	ck_assert_int_eq(crypto_integ_verify(in, &whole, 1, want.b), 0);
	crypto_integ_free(in);
}
END_TEST

START_TEST(test_integ_bad_params)
{
	uint8_t key[64] = {0};

	ck_assert_int_eq(crypto_integ_key_len(1), -EINVAL); /* HMAC-MD5-96 */
	ck_assert_int_eq(crypto_integ_icv_len(5), -EINVAL);
	ck_assert_ptr_null(crypto_integ_new(1, key, 16));
	/* The key must be exactly the hash length (RFC 4868 §2.1.1). */
	ck_assert_ptr_null(crypto_integ_new(CRYPTO_INTEG_HMAC_SHA1_96, key, 16));
	ck_assert_ptr_null(crypto_integ_new(CRYPTO_INTEG_HMAC_SHA2_256_128, key, 33));
	crypto_integ_free(NULL);
}
END_TEST

/* ---- AES-CBC: NIST SP 800-38A F.2.1 - F.2.6 ---------------------------- */

#define SP800_38A_PT                                                                               \
	"6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"                        \
	"30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"
#define SP800_38A_IV "000102030405060708090a0b0c0d0e0f"

static const struct {
	const char *key, *ct;
} cbc_cases[] = {
	{"2b7e151628aed2a6abf7158809cf4f3c",
	 "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2"
	 "73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7"},
	{"8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
	 "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a"
	 "571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd"},
	{"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	 "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d"
	 "39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b"},
};

START_TEST(test_cbc_vectors)
{
	struct hexbuf key = hex(cbc_cases[_i].key), iv = hex(SP800_38A_IV), pt = hex(SP800_38A_PT);
	struct crypto_cbc *enc = crypto_cbc_new(key.b, key.len, CRYPTO_ENCRYPT);
	struct crypto_cbc *dec = crypto_cbc_new(key.b, key.len, CRYPTO_DECRYPT);
	uint8_t buf[64];

	ck_assert_ptr_nonnull(enc);
	ck_assert_ptr_nonnull(dec);
	/* Twice on each context: only the IV is set per call. */
	for (int round = 0; round < 2; round++) {
		ck_assert_int_eq(crypto_cbc_crypt(enc, iv.b, pt.b, buf, pt.len), 0);
		ck_assert_hex(buf, pt.len, cbc_cases[_i].ct);
		/* In place, as ESP decrypts. */
		ck_assert_int_eq(crypto_cbc_crypt(dec, iv.b, buf, buf, pt.len), 0);
		ck_assert_mem_eq(buf, pt.b, pt.len);
	}
	/* Block 2 alone, with block 1's ciphertext as IV (CBC chaining). */
	{
		struct hexbuf ct = hex(cbc_cases[_i].ct);

		ck_assert_int_eq(crypto_cbc_crypt(dec, ct.b, ct.b + 16, buf, 16), 0);
		ck_assert_mem_eq(buf, pt.b + 16, 16);
	}
	ck_assert_int_eq(crypto_cbc_crypt(enc, iv.b, pt.b, buf, 15), -EINVAL);
	ck_assert_int_eq(crypto_cbc_crypt(enc, iv.b, pt.b, buf, 17), -EINVAL);
	ck_assert_int_eq(crypto_cbc_crypt(enc, iv.b, pt.b, buf, 0), 0);
	crypto_cbc_free(enc);
	crypto_cbc_free(dec);
}
END_TEST

START_TEST(test_cbc_bad_key)
{
	uint8_t key[33] = {0};

	ck_assert_ptr_null(crypto_cbc_new(key, 15, CRYPTO_ENCRYPT));
	ck_assert_ptr_null(crypto_cbc_new(key, 33, CRYPTO_DECRYPT));
	crypto_cbc_free(NULL);
}
END_TEST

/* ---- AES-GCM: McGrew & Viega, "The Galois/Counter Mode of Operation",
 * test cases 4, 10 and 16 (with AAD) and 3 (without), the 12-byte IV
 * cafebabefacedbaddecaf888 split as RFC 4106 salt cafebabe | IV
 * facedbaddecaf888. ------------------------------------------------------ */

#define GCM_KEY	 "feffe9928665731c6d6a8f9467308308"
#define GCM_SALT "cafebabe"
#define GCM_IV	 "facedbaddecaf888"
#define GCM_PT60                                                                                   \
	"d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72"                        \
	"1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b39"
#define GCM_AAD "feedfacedeadbeeffeedfacedeadbeefabaddad2"

static const struct {
	const char *name, *key, *pt, *aad, *ct, *tag;
} gcm_cases[] = {
	{"tc4", GCM_KEY, GCM_PT60, GCM_AAD,
	 "42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e"
	 "21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091",
	 "5bc94fbc3221a5db94fae95ae7121a47"},
	{"tc10", GCM_KEY "feffe9928665731c", GCM_PT60, GCM_AAD,
	 "3980ca0b3c00e841eb06fac4872a2757 859e1ceaa6efd984628593b40ca1e19c"
	 "7d773d00c144c525ac619d18c84a3f47 18e2448b2fe324d9ccda2710",
	 "2519498e80f1478f37ba55bd6d27618c"},
	{"tc16", GCM_KEY GCM_KEY, GCM_PT60, GCM_AAD,
	 "522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa"
	 "8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662",
	 "76fc6ece0f4e1768cddf8853bb2d551b"},
	{"tc3", GCM_KEY, GCM_PT60 "1aafd255", "",
	 "42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e"
	 "21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091473f5985",
	 "4d5c2af327cd64a62cf35abd2ba6fab4"},
};

START_TEST(test_gcm_vectors)
{
	struct hexbuf km = hex(gcm_cases[_i].key), salt = hex(GCM_SALT), iv = hex(GCM_IV);
	struct hexbuf pt = hex(gcm_cases[_i].pt), aad = hex(gcm_cases[_i].aad);
	struct hexbuf ct = hex(gcm_cases[_i].ct), tag = hex(gcm_cases[_i].tag);
	struct crypto_gcm *enc, *dec;
	uint8_t buf[80], icv[CRYPTO_GCM_ICV_LEN];

	/* KEYMAT as IKE hands it over: key | salt. */
	memcpy(km.b + km.len, salt.b, salt.len);
	km.len += salt.len;
	enc = crypto_gcm_new(km.b, km.len, CRYPTO_ENCRYPT);
	dec = crypto_gcm_new(km.b, km.len, CRYPTO_DECRYPT);
	ck_assert_ptr_nonnull(enc);
	ck_assert_ptr_nonnull(dec);

	for (int round = 0; round < 2; round++) {
		ck_assert_int_eq(crypto_gcm_seal(enc, iv.b, aad.b, aad.len, pt.b, buf, pt.len, icv),
				 0);
		ck_assert_mem_eq(buf, ct.b, ct.len);
		ck_assert_mem_eq(icv, tag.b, tag.len);
		ck_assert_int_eq(crypto_gcm_open(dec, iv.b, aad.b, aad.len, buf, buf, ct.len, icv),
				 0);
		ck_assert_mem_eq(buf, pt.b, pt.len);
	}

	/* A flipped bit in the ICV, the ciphertext or the AAD fails. */
	memcpy(icv, tag.b, sizeof(icv));
	icv[15] ^= 1;
	ck_assert_int_eq(crypto_gcm_open(dec, iv.b, aad.b, aad.len, ct.b, buf, ct.len, icv),
			 -EBADMSG);
	ct.b[0] ^= 1;
	ck_assert_int_eq(crypto_gcm_open(dec, iv.b, aad.b, aad.len, ct.b, buf, ct.len, tag.b),
			 -EBADMSG);
	ct.b[0] ^= 1;
	if (aad.len) {
		aad.b[aad.len - 1] ^= 1;
		ck_assert_int_eq(
			crypto_gcm_open(dec, iv.b, aad.b, aad.len, ct.b, buf, ct.len, tag.b),
			-EBADMSG);
		aad.b[aad.len - 1] ^= 1;
	}
	/* Another IV under the same salt: a different nonce fails too. */
	iv.b[7] ^= 1;
	ck_assert_int_eq(crypto_gcm_open(dec, iv.b, aad.b, aad.len, ct.b, buf, ct.len, tag.b),
			 -EBADMSG);
	iv.b[7] ^= 1;
	/* And the context recovers for the genuine packet. */
	ck_assert_int_eq(crypto_gcm_open(dec, iv.b, aad.b, aad.len, ct.b, buf, ct.len, tag.b), 0);
	ck_assert_mem_eq(buf, pt.b, pt.len);
	crypto_gcm_free(enc);
	crypto_gcm_free(dec);
}
END_TEST

START_TEST(test_gcm_bad_key)
{
	uint8_t km[40] = {0};

	/* Without the salt these are plain AES key lengths: refused. */
	ck_assert_ptr_null(crypto_gcm_new(km, 16, CRYPTO_ENCRYPT));
	ck_assert_ptr_null(crypto_gcm_new(km, 32, CRYPTO_ENCRYPT));
	ck_assert_ptr_null(crypto_gcm_new(km, 3, CRYPTO_ENCRYPT));
	ck_assert_ptr_null(crypto_gcm_new(km, 40, CRYPTO_ENCRYPT));
	crypto_gcm_free(NULL);
}
END_TEST

START_TEST(test_random)
{
	uint8_t a[32] = {0}, b[32] = {0};

	ck_assert_int_eq(crypto_random(a, sizeof(a)), 0);
	ck_assert_int_eq(crypto_random(b, sizeof(b)), 0);
	/* Equal 256-bit draws would mean the generator is broken. */
	ck_assert_mem_ne(a, b, sizeof(a));
}
END_TEST

static Suite *crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *tc = tcase_create("prf");

	tcase_add_loop_test(tc, test_prf_oneshot, 0, N_PRF_CASES);
	tcase_add_loop_test(tc, test_prf_incremental, 0, N_PRF_CASES);
	tcase_add_test(tc, test_prf_unknown);
	tcase_add_test(tc, test_prf_plus_vectors);
	suite_add_tcase(s, tc);

	tc = tcase_create("integ");
	tcase_add_loop_test(tc, test_integ_vectors, 0, N_INTEG_CASES);
	tcase_add_test(tc, test_integ_bad_params);
	suite_add_tcase(s, tc);

	tc = tcase_create("cipher");
	tcase_add_loop_test(tc, test_cbc_vectors, 0,
			    (int)(sizeof(cbc_cases) / sizeof(cbc_cases[0])));
	tcase_add_test(tc, test_cbc_bad_key);
	tcase_add_loop_test(tc, test_gcm_vectors, 0,
			    (int)(sizeof(gcm_cases) / sizeof(gcm_cases[0])));
	tcase_add_test(tc, test_gcm_bad_key);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(crypto_suite());
}
