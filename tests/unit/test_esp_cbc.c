/*
 * vtid/dp/esp_crypto with AES-CBC + HMAC (RFC 4303, RFC 2404, RFC 4868):
 * known-answer packets computed apart with the openssl command line, round
 * trips for every key size and integrity algorithm with and without ESN,
 * tampering, the authenticated-but-unsent ESN high half, fresh IVs, and the
 * constructor's refusals.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike/transform.h"
#include "tests/unit/esp_testlib.h"
#include "vtid/dp/esp.h"
#include "vtid/dp/esp_crypto.h"
#include "tests/unit/check_main.h"

static const uint8_t ekey[32] = {0,  1,	 2,  3,	 4,  5,	 6,  7,	 8,  9,	 10, 11, 12, 13, 14, 15,
				 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
static uint8_t ikey[64];

static const uint16_t integs[] = {IKE_INTEG_HMAC_SHA1_96, IKE_INTEG_HMAC_SHA2_256_128,
				  IKE_INTEG_HMAC_SHA2_384_192, IKE_INTEG_HMAC_SHA2_512_256};
static const size_t integ_key_lens[] = {20, 32, 48, 64};
static const size_t icv_lens[] = {12, 16, 24, 32};

static struct esp_cipher cbc_cipher(uint16_t bits, size_t i, bool outbound)
{
	struct esp_cipher c;

	memset(ikey, 0xa5, sizeof(ikey));
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, bits, integs[i], ekey, bits / 8, ikey,
					integ_key_lens[i], outbound, &c),
			 0);
	ck_assert_uint_eq(c.block_size, 16);
	ck_assert_uint_eq(c.iv_len, 16);
	ck_assert_uint_eq(c.icv_len, icv_lens[i]);
	return c;
}

/* ---- known answers ------------------------------------------------------- *
 * Inner: a 28-byte IPv4/UDP packet; plaintext = inner | 01 02 | 02 04.
 *   P=4500001c0000000040110000c0000201c000020204d2162e0008000001020204
 *   IV=f0e1d2c3b4a5968778695a4b3c2d1e0f
 * 1: AES-128-CBC, HMAC-SHA1-96, SPI 0x1234, seq 1, no ESN:
 *   K=000102030405060708090a0b0c0d0e0f A=0102030405060708090a0b0c0d0e0f1011121314
 *   echo $P | xxd -r -p | openssl enc -aes-128-cbc -K $K -iv $IV -nopad | xxd -p
 *   echo 0000123400000001$IV$CT | xxd -r -p | openssl dgst -sha1 -mac HMAC \
 *	-macopt hexkey:$A                       (first 12 bytes)
 * 2: AES-256-CBC, HMAC-SHA2-256-128, SPI 0x1234, seq 0x2_00000005, ESN:
 *   K=000102..1f A=a5 x 32
 *   ... openssl enc -aes-256-cbc ...
 *   echo 0000123400000005$IV${CT}00000002 | xxd -r -p | openssl dgst -sha256 \
 *	-mac HMAC -macopt hexkey:$A              (first 16 bytes)
 */
struct cbc_kat {
	uint16_t bits;
	size_t integ; /* index into integs[] */
	const char *akey;
	uint64_t seq;
	bool esn;
	const char *packet;
};

static const char kat_inner[] = "4500001c0000000040110000c0000201c000020204d2162e00080000";
static const char kat_iv[] = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

static const struct cbc_kat cbc_kats[] = {
	{128, 0, "0102030405060708090a0b0c0d0e0f1011121314", 1, false,
	 "0000123400000001f0e1d2c3b4a5968778695a4b3c2d1e0f"
	 "1b2f1c0444dffdfd5eec757592db0bf2127eece418f42053221ca54a388f81c4"
	 "659e45384783bd4fb54889c8"},
	{256, 1, "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5",
	 UINT64_C(0x200000005), true,
	 "0000123400000005f0e1d2c3b4a5968778695a4b3c2d1e0f"
	 "4f3fa0ded6aaa3cdb2684b7783dfdf06fb9f8169148e78c35fa8ecde34b61e95"
	 "95d525ccebe57cd0124d421551575375"},
};

START_TEST(test_cbc_known_answers)
{
	size_t i;

	for (i = 0; i < sizeof(cbc_kats) / sizeof(cbc_kats[0]); i++) {
		const struct cbc_kat *k = &cbc_kats[i];
		uint8_t akey[64], inner[64], want[128], iv[16];
		size_t na = unhex(k->akey, akey, sizeof(akey));
		size_t ni = unhex(kat_inner, inner, sizeof(inner));
		size_t len = unhex(k->packet, want, sizeof(want));
		struct esp_cipher co, ci;
		struct esp_sa out, in;
		struct esp_buf b;

		ck_assert_uint_eq(unhex(kat_iv, iv, sizeof(iv)), 16);
		ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, k->bits, integs[k->integ], ekey,
						k->bits / 8, akey, na, true, &co),
				 0);
		ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, k->bits, integs[k->integ], ekey,
						k->bits / 8, akey, na, false, &ci),
				 0);
		ck_assert_int_eq(esp_crypto_set_test_iv(&co, iv, 16), 0);

		ck_assert_int_eq(esp_sa_init(&out, 0x1234, &co, k->esn, 64), 0);
		out.seq_out = k->seq - 1;
		b = buf_with(inner, ni);
		ck_assert_int_eq(esp_encap(&out, &b), 0);
		ck_assert_uint_eq(b.len, len);
		ck_assert_mem_eq(b.base + b.off, want, len);

		ck_assert_int_eq(esp_sa_init(&in, 0x1234, &ci, k->esn, 64), 0);
		in.replay.top = k->seq - 1;
		b = buf_with(want, len);
		decap_expect(&in, &b, inner, ni, ESP_NH_IPV4);
		esp_crypto_free(&co);
		esp_crypto_free(&ci);
	}
}
END_TEST

/* Every key size x every integrity algorithm, with and without ESN (then
 * across the 32-bit wrap), IPv4 and IPv6 of many sizes. */
START_TEST(test_cbc_roundtrip)
{
	static const uint16_t bits[] = {128, 192, 256};
	uint8_t inner[1500];
	size_t k, i, e, n;

	for (k = 0; k < 3; k++)
		for (i = 0; i < 4; i++)
			for (e = 0; e < 2; e++) {
				struct esp_cipher co = cbc_cipher(bits[k], i, true);
				struct esp_cipher ci = cbc_cipher(bits[k], i, false);
				struct esp_sa out, in;

				ck_assert_int_eq(esp_sa_init(&out, 0xc0de, &co, e, 1024), 0);
				ck_assert_int_eq(esp_sa_init(&in, 0xc0de, &ci, e, 1024), 0);
				if (e) {
					out.seq_out = UINT32_MAX - 10;
					in.replay.top = out.seq_out;
				}
				for (n = 40; n <= 1400; n += 61) {
					struct esp_buf b;
					bool v6 = n % 2;

					b = buf_inner(inner, n, v6);
					ck_assert_int_eq(esp_encap(&out, &b), 0);
					ck_assert_uint_eq((b.len - 24 - icv_lens[i]) % 16, 0);
					ck_assert_mem_ne(b.base + b.off + 24, inner, 16);
					decap_expect(&in, &b, inner, n,
						     v6 ? ESP_NH_IPV6 : ESP_NH_IPV4);
				}
				ck_assert_uint_eq(in.stats.packets_in, out.stats.packets_out);
				ck_assert_uint_eq(in.stats.auth_fails, 0);
				if (e)
					ck_assert_uint_gt(in.replay.top, UINT32_MAX);
				esp_crypto_free(&co);
				esp_crypto_free(&ci);
			}
}
END_TEST

/* One packet sealed under SHA2-256-128 for the tamper tests. */
static size_t cbc_sealed(uint8_t *pkt, bool esn, uint64_t seq)
{
	struct esp_cipher co = cbc_cipher(128, 1, true);
	struct esp_sa out;
	uint8_t inner[100];
	struct esp_buf b;

	mk_ipv4(inner, sizeof(inner));
	ck_assert_int_eq(esp_sa_init(&out, 0xc0de, &co, esn, 64), 0);
	out.seq_out = seq - 1;
	b = buf_with(inner, sizeof(inner));
	ck_assert_int_eq(esp_encap(&out, &b), 0);
	memcpy(pkt, b.base + b.off, b.len);
	esp_crypto_free(&co);
	return b.len;
}

static int cbc_open_at(const uint8_t *pkt, size_t len, bool esn, uint64_t top, enum esp_drop *why)
{
	struct esp_cipher ci = cbc_cipher(128, 1, false);
	struct esp_sa in;
	struct esp_buf b;
	uint8_t nh;
	int rc;

	ck_assert_int_eq(esp_sa_init(&in, 0xc0de, &ci, esn, 64), 0);
	in.replay.top = top;
	b = buf_with(pkt, len);
	rc = esp_decap(&in, &b, &nh, why);
	if (rc == -EBADMSG && *why == ESP_DROP_AUTH)
		ck_assert_uint_eq(in.stats.auth_fails, 1);
	esp_crypto_free(&ci);
	return rc;
}

/* A flipped bit in the header's sequence number, the IV, the ciphertext
 * or the ICV: dropped as an authentication failure. */
START_TEST(test_cbc_tamper)
{
	uint8_t pkt[256], bad[256];
	size_t len = cbc_sealed(pkt, false, 7);
	size_t where[] = {5, 8, 23, 24, 60, len - 17, len - 16, len - 1};
	enum esp_drop why;
	size_t i;

	ck_assert_int_eq(cbc_open_at(pkt, len, false, 0, &why), 0);
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		memcpy(bad, pkt, len);
		bad[where[i]] ^= 0x20;
		why = ESP_DROP_NONE;
		ck_assert_int_eq(cbc_open_at(bad, len, false, 0, &why), -EBADMSG);
		ck_assert_int_eq(why, ESP_DROP_AUTH);
	}
}
END_TEST

/* With ESN the high half is in the ICV though not on the wire: a receiver
 * that infers another high half rejects the packet. */
START_TEST(test_cbc_esn_high_authenticated)
{
	uint8_t pkt[256];
	uint64_t seq = UINT64_C(0x300000010);
	size_t len = cbc_sealed(pkt, true, seq);
	enum esp_drop why;

	ck_assert_int_eq(cbc_open_at(pkt, len, true, seq - 1, &why), 0);
	/* window top in epoch 4: low half 0x10 is inferred as 0x4_00000010 */
	why = ESP_DROP_NONE;
	ck_assert_int_eq(cbc_open_at(pkt, len, true, UINT64_C(0x400000008), &why), -EBADMSG);
	ck_assert_int_eq(why, ESP_DROP_AUTH);
	/* and a receiver without ESN leaves the high half out */
	why = ESP_DROP_NONE;
	ck_assert_int_eq(cbc_open_at(pkt, len, false, 0, &why), -EBADMSG);
	ck_assert_int_eq(why, ESP_DROP_AUTH);
}
END_TEST

/* Two packets with the same content get different random IVs. */
START_TEST(test_cbc_fresh_iv)
{
	uint8_t a[256], b[256];
	size_t la = cbc_sealed(a, false, 1);
	size_t lb = cbc_sealed(b, false, 1);

	ck_assert_uint_eq(la, lb);
	ck_assert_mem_ne(a + 8, b + 8, 16);
	ck_assert_mem_ne(a + 24, b + 24, 16);
}
END_TEST

START_TEST(test_crypto_new_rejects)
{
	struct esp_cipher c;
	uint8_t k[64] = {0};

	/* GCM takes no integrity algorithm */
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_HMAC_SHA1_96, k, 20, k,
					20, true, &c),
			 -EINVAL);
	ck_assert_ptr_null(c.ops);
	/* GCM keymat must carry the salt */
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_GCM_16, 128, 0, k, 16, NULL, 0, true, &c),
			 -EINVAL);
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_GCM_16, 192, 0, k, 28, NULL, 0, false, &c), 0);
	ck_assert_uint_eq(c.icv_len, 16);
	esp_crypto_free(&c);
	ck_assert_ptr_null(c.ctx);
	esp_crypto_free(&c); /* twice is harmless */
	/* CBC needs an integrity algorithm and right-sized keys */
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, 128, 0, k, 16, NULL, 0, true, &c),
			 -EINVAL);
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, k, 24, k, 20,
					true, &c),
			 -EINVAL);
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, k, 16, k, 32,
					true, &c),
			 -EINVAL);
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, 160, IKE_INTEG_HMAC_SHA1_96, k, 20, k, 20,
					true, &c),
			 -EINVAL);
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, 128, 99, k, 16, k, 20, true, &c),
			 -EINVAL);
	ck_assert_int_eq(
		esp_crypto_new(3 /* 3DES */, 192, IKE_INTEG_HMAC_SHA1_96, k, 24, k, 20, true, &c),
		-EINVAL);
	/* the test IV hook refuses a cipher that is not ours or a wrong size */
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, k, 16, k, 20,
					true, &c),
			 0);
	ck_assert_int_eq(esp_crypto_set_test_iv(&c, k, 8), -EINVAL);
	esp_crypto_free(&c);
	ck_assert_int_eq(esp_crypto_set_test_iv(&c, k, 16), -EINVAL);
}
END_TEST

static Suite *esp_cbc_suite(void)
{
	Suite *s = suite_create("esp-cbc");
	TCase *tc = tcase_create("cbc");

	tcase_add_test(tc, test_cbc_known_answers);
	tcase_add_test(tc, test_cbc_roundtrip);
	tcase_add_test(tc, test_cbc_tamper);
	tcase_add_test(tc, test_cbc_esn_high_authenticated);
	tcase_add_test(tc, test_cbc_fresh_iv);
	tcase_add_test(tc, test_crypto_new_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(esp_cbc_suite());
}
