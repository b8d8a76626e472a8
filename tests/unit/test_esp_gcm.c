/*
 * vtid/dp/esp with AES-GCM (RFC 4106): the published ESP test cases of
 * draft-mcgrew-gcm-test-01 §4 through encapsulation and decapsulation, and
 * round trips with 128/256-bit keys, with and without ESN.
 *
 * The ciphers are the production ones (vtid/dp/esp_crypto); the known
 * answers fix the IV through esp_crypto_set_test_iv().
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "ike/transform.h"
#include "tests/unit/esp_testlib.h"
#include "vtid/dp/esp.h"
#include "vtid/dp/esp_crypto.h"
#include "tests/unit/check_main.h"

/* One direction of an AES-GCM SA from hex key and salt, through the
 * production constructor. */
static struct esp_cipher gcm_cipher(const char *key_hex, const char *salt_hex, bool outbound)
{
	struct esp_cipher c;
	uint8_t keymat[36];
	size_t n = unhex(key_hex, keymat, 32);

	ck_assert_uint_eq(unhex(salt_hex, keymat + n, 4), 4);
	ck_assert_int_eq(esp_crypto_new(IKE_ENCR_AES_GCM_16, (uint16_t)(n * 8), 0, keymat, n + 4,
					NULL, 0, outbound, &c),
			 0);
	ck_assert_uint_eq(c.block_size, 4);
	ck_assert_uint_eq(c.iv_len, 8);
	ck_assert_uint_eq(c.icv_len, 16);
	return c;
}

/* ---- AES-GCM known answers -------------------------------------------------- *
 * draft-mcgrew-gcm-test-01 §4 gives whole ESP packets.  Their plaintexts end
 * in next header 1 rather than 4, so decapsulation verifies the ICV and the
 * padding, then drops with "next-header": that is the expected outcome. */

struct gcm_kat {
	const char *key, *salt, *iv;
	uint32_t spi;
	uint64_t seq;
	bool esn;
	size_t inner_len; /* plaintext minus padding and trailer */
	const char *plain, *cipher_icv;
};

static const struct gcm_kat gcm_kats[] = {
	{"4c80cdefbb5d10da906ac73c3613a634", "2e443b68", "4956ed7e3b244cfe", 0x4321,
	 UINT64_C(0x8765432100000000), true, 68,
	 "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
	 "00000000045f736970045f756470037369700963796265726369747902646b00"
	 "0021000101020201",
	 "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
	 "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
	 "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4"},
	{"abbccddef00112233445566778899aab", "decaf888", "cafedebaceface74", 0x100, 1, true, 73,
	 "4500004933ba00007f119106c3fb1d10c2b1d326c02831ce0035dd7b800302d5"
	 "00004e20001e8c18d75b81dc91baa0476b91b924b280389d92c963bac046ec95"
	 "9b6266c04722b14923010101",
	 "18a6fd42f72cbf4ab2a2ea901f73d814e3e7f243d95412e1c349c1d2fbec168f"
	 "9190feebaf2cb01984e65863965d7472b79da345e0e780191f0d2f0e0f496c22"
	 "6f2127b27db35724e7845d68651f57e65f354f75ff17015769623436"},
	{"abbccddef00112233445566778899aababbccddef00112233445566778899aab", "11223344",
	 "0102030405060708", 0x4a2cbfe3, 2, false, 48,
	 "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
	 "7002400020bf0000020405b40101040201020201",
	 "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
	 "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c4915956c96"},
};

START_TEST(test_gcm_known_answers)
{
	size_t i;

	for (i = 0; i < sizeof(gcm_kats) / sizeof(gcm_kats[0]); i++) {
		const struct gcm_kat *k = &gcm_kats[i];
		struct esp_cipher co = gcm_cipher(k->key, k->salt, true);
		struct esp_cipher ci = gcm_cipher(k->key, k->salt, false);
		uint8_t plain[256], want[512], pkt[512], iv[8], nh;
		size_t np = unhex(k->plain, plain, sizeof(plain));
		size_t nc, len;
		struct esp_sa out, in;
		struct esp_buf b;
		enum esp_drop why;

		ck_assert_uint_eq(unhex(k->iv, iv, sizeof(iv)), 8);
		ck_assert_int_eq(esp_crypto_set_test_iv(&co, iv, 7), -EINVAL);
		ck_assert_int_eq(esp_crypto_set_test_iv(&co, iv, 8), 0);
		put32(want, k->spi);
		put32(want + 4, (uint32_t)k->seq);
		memcpy(want + 8, iv, 8);
		nc = unhex(k->cipher_icv, want + 16, sizeof(want) - 16);
		ck_assert_uint_eq(nc, np + 16);
		len = 16 + nc;

		/* encapsulation: the padding our layout makes is the vector's */
		ck_assert_int_eq(esp_sa_init(&out, k->spi, &co, k->esn, 64), 0);
		out.seq_out = k->seq - 1;
		b = buf_with(plain, k->inner_len);
		ck_assert_int_eq(esp_encap_nh(&out, &b, plain[np - 1]), 0);
		ck_assert_uint_eq(b.len, len);
		ck_assert_mem_eq(b.base + b.off, want, len);

		/* decapsulation: ICV and padding verify, next header 1 drops */
		ck_assert_int_eq(esp_sa_init(&in, k->spi, &ci, k->esn, 64), 0);
		in.replay.top = k->seq - 1; /* as if the packets before had come */
		memcpy(pkt, want, len);
		b = buf_with(pkt, len);
		ck_assert_int_eq(esp_decap(&in, &b, &nh, &why), -EBADMSG);
		ck_assert_str_eq(esp_drop_name(why), "next-header");
		ck_assert_mem_eq(b.base + b.off + 16, plain, np);
		ck_assert_uint_eq(in.stats.auth_fails, 0);
		ck_assert_uint_eq(in.replay.top, k->seq);

		/* one flipped bit anywhere authenticated: rejected */
		ck_assert_int_eq(esp_sa_init(&in, k->spi, &ci, k->esn, 64), 0);
		in.replay.top = k->seq - 1;
		memcpy(pkt, want, len);
		pkt[len / 2] ^= 0x04;
		b = buf_with(pkt, len);
		ck_assert_int_eq(esp_decap(&in, &b, &nh, &why), -EBADMSG);
		ck_assert_int_eq(why, ESP_DROP_AUTH);
		ck_assert_uint_eq(in.stats.auth_fails, 1);
		ck_assert_uint_eq(in.replay.top, k->seq - 1);
		esp_crypto_free(&co);
		esp_crypto_free(&ci);
	}
}
END_TEST

/* AES-GCM 128/256, with and without ESN, IPv4 and IPv6 of many sizes. */
START_TEST(test_gcm_roundtrip)
{
	static const char *keys[] = {
		"000102030405060708090a0b0c0d0e0f",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"};
	uint8_t inner[1500];
	size_t k, e, n;

	for (k = 0; k < 2; k++) {
		for (e = 0; e < 2; e++) {
			struct esp_cipher co = gcm_cipher(keys[k], "a1b2c3d4", true);
			struct esp_cipher ci = gcm_cipher(keys[k], "a1b2c3d4", false);
			struct esp_sa out, in;

			ck_assert_int_eq(esp_sa_init(&out, 0x5eed, &co, e, 1024), 0);
			ck_assert_int_eq(esp_sa_init(&in, 0x5eed, &ci, e, 1024), 0);
			if (e)
				out.seq_out = UINT32_MAX - 20; /* cross the 32-bit wrap */
			if (e)
				in.replay.top = out.seq_out;
			for (n = 40; n <= 1400; n += 37) {
				struct esp_buf b;
				bool v6 = n % 2;

				b = buf_inner(inner, n, v6);
				ck_assert_int_eq(esp_encap(&out, &b), 0);
				/* the IV is the full sequence number */
				ck_assert_uint_eq(get32(b.base + b.off + 8), out.seq_out >> 32);
				ck_assert_uint_eq(get32(b.base + b.off + 12),
						  (uint32_t)out.seq_out);
				ck_assert_mem_ne(b.base + b.off + 16, inner, 16);
				decap_expect(&in, &b, inner, n, v6 ? ESP_NH_IPV6 : ESP_NH_IPV4);
			}
			ck_assert_uint_eq(in.stats.packets_in, out.stats.packets_out);
			ck_assert_uint_eq(in.stats.bytes_in, out.stats.bytes_out);
			ck_assert_uint_eq(in.stats.auth_fails, 0);
			if (e)
				ck_assert_uint_gt(in.replay.top, UINT32_MAX);
			esp_crypto_free(&co);
			esp_crypto_free(&ci);
		}
	}
}
END_TEST

static Suite *esp_gcm_suite(void)
{
	Suite *s = suite_create("esp-gcm");
	TCase *tc = tcase_create("gcm");

	tcase_add_test(tc, test_gcm_known_answers);
	tcase_add_test(tc, test_gcm_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(esp_gcm_suite());
}
