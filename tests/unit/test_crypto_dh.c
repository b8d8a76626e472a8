/*
 * common/crypto_dh: RFC 5903 §8 ECP vectors, the RFC 7748 §6.1 X25519
 * vector, two-party agreement and lengths for every group, and the peer
 * values that must be refused.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>

#include "common/crypto_dh.h"
#include "tests/unit/test_crypto_hex.h"
#include "tests/unit/check_main.h"

/* ---- RFC 5903 §8.1-8.3 ------------------------------------------------- */

/* Laid out as the RFC prints them, so clang-format keeps out. */
/* clang-format off */

static const struct {
	uint16_t group;
	const char *i, *gi, *r, *gr, *gir; /* gi, gr as IKE carries them: x | y */
} ecp_cases[] = {
	{19, "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
	 "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
	 "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
	 "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
	 "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
	 "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
	 "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
	{20,
	 "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194",
	 "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa"
	 "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c",
	 "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc",
	 "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571"
	 "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c",
	 "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"},
	{21,
	 "0037ade9319a89f4dabdb3ef411aaccca5123c61acab57b5393dce47608172a095aa85a30fe1c2952c6771d937ba9777"
	 "f5957b2639bab072462f68c27a57382d4a52",
	 "0015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbee1e3bf42e00b8e380aeae57c2d107564"
	 "941885942af5a7f4601723c4195d176ced3e"
	 "017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4a10ad8a788015ac405d7799dc75e7b7d5b6c"
	 "f2261a6a7f1507438bf01beb6ca3926f9582",
	 "0145ba99a847af43793fdd0e872e7cdfa16be30fdc780f97bccc3f078380201e9c677d600b343757a3bdbf2a3163e4c2"
	 "f869cca7458aa4a4effc311f5cb151685eb9",
	 "00d0b3975ac4b799f5bea16d5e13e9af971d5e9b984c9f39728b5e5739735a219b97c356436adc6e95bb0352f6be64a6"
	 "c2912d4ef2d0433ced2b6171640012d9460f"
	 "015c68226383956e3bd066e797b623c27ce0eac2f551a10c2c724d9852077b87220b6536c5c408a1d2aebb8e86d678ae"
	 "49cb57091f4732296579ab44fcd17f0fc56a",
	 "01144c7d79ae6956bc8edb8e7c787c4521cb086fa64407f97894e5e6b2d79b04d1427e73ca4baa240a34786859810c06"
	 "b3c715a3a8cc3151f2bee417996d19f3ddea"},
};
/* clang-format on */

static struct crypto_dh *dh_known(uint16_t group, const char *priv)
{
	struct hexbuf p = hex(priv);
	struct crypto_dh *dh = NULL;

	ck_assert_int_eq(crypto_dh_new_from_private(group, p.b, p.len, &dh), 0);
	ck_assert_ptr_nonnull(dh);
	return dh;
}

START_TEST(test_ecp_rfc5903)
{
	uint16_t g = ecp_cases[_i].group;
	struct crypto_dh *i = dh_known(g, ecp_cases[_i].i), *r = dh_known(g, ecp_cases[_i].r);
	struct hexbuf gi = hex(ecp_cases[_i].gi), gr = hex(ecp_cases[_i].gr);
	uint8_t buf[CRYPTO_DH_MAX_PUB];
	size_t plen = (size_t)crypto_dh_pub_len(g), slen = (size_t)crypto_dh_secret_len(g);

	ck_assert_uint_eq(plen, gi.len);
	ck_assert_int_eq(crypto_dh_group(i), g);
	ck_assert_int_eq(crypto_dh_pub(i, buf, plen), 0);
	ck_assert_mem_eq(buf, gi.b, plen);
	ck_assert_int_eq(crypto_dh_pub(r, buf, plen), 0);
	ck_assert_mem_eq(buf, gr.b, plen);

	ck_assert_int_eq(crypto_dh_derive(i, gr.b, gr.len, buf, slen), 0);
	ck_assert_hex(buf, slen, ecp_cases[_i].gir);
	ck_assert_int_eq(crypto_dh_derive(r, gi.b, gi.len, buf, slen), 0);
	ck_assert_hex(buf, slen, ecp_cases[_i].gir);

	/* A point off the curve: y changed in its last bit. */
	gr.b[gr.len - 1] ^= 1;
	ck_assert_int_eq(crypto_dh_derive(i, gr.b, gr.len, buf, slen), -EINVAL);
	/* (0, 0) is not on any of these curves. */
	memset(gr.b, 0, gr.len);
	ck_assert_int_eq(crypto_dh_derive(i, gr.b, gr.len, buf, slen), -EINVAL);
	/* SEC1 form with the 0x04 prefix is not IKE's format. */
	buf[0] = 0x04;
	memcpy(buf + 1, gi.b, gi.len);
	ck_assert_int_eq(crypto_dh_derive(r, buf, gi.len + 1, buf, slen), -EINVAL);
	ck_assert_int_eq(crypto_dh_derive(r, gi.b, gi.len - 1, buf, slen), -EINVAL);
	/* The wrong output size is refused before anything is computed. */
	ck_assert_int_eq(crypto_dh_derive(r, gi.b, gi.len, buf, slen - 1), -EINVAL);
	ck_assert_int_eq(crypto_dh_pub(r, buf, plen + 1), -EINVAL);
	crypto_dh_free(i);
	crypto_dh_free(r);
}
END_TEST

/* ---- RFC 7748 §6.1 ----------------------------------------------------- */

START_TEST(test_x25519_rfc7748)
{
	struct crypto_dh *a =
		dh_known(31, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	struct crypto_dh *b =
		dh_known(31, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	struct hexbuf apub =
		hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	struct hexbuf bpub =
		hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	const char *k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
	uint8_t buf[32], peer[32];

	ck_assert_int_eq(crypto_dh_pub_len(31), 32);
	ck_assert_int_eq(crypto_dh_secret_len(31), 32);
	ck_assert_int_eq(crypto_dh_pub(a, buf, 32), 0);
	ck_assert_mem_eq(buf, apub.b, 32);
	ck_assert_int_eq(crypto_dh_pub(b, buf, 32), 0);
	ck_assert_mem_eq(buf, bpub.b, 32);
	ck_assert_int_eq(crypto_dh_derive(a, bpub.b, 32, buf, 32), 0);
	ck_assert_hex(buf, 32, k);
	ck_assert_int_eq(crypto_dh_derive(b, apub.b, 32, buf, 32), 0);
	ck_assert_hex(buf, 32, k);

	/* Small-order points give an all-zero result (RFC 8031 §2.2). */
	memset(peer, 0, sizeof(peer));
	ck_assert_int_eq(crypto_dh_derive(a, peer, 32, buf, 32), -EINVAL);
	peer[0] = 1;
	ck_assert_int_eq(crypto_dh_derive(a, peer, 32, buf, 32), -EINVAL);
	ck_assert_int_eq(crypto_dh_derive(a, bpub.b, 31, buf, 32), -EINVAL);
	ck_assert_int_eq(crypto_dh_derive(a, bpub.b, 32, buf, 31), -EINVAL);
	crypto_dh_free(a);
	crypto_dh_free(b);

	ck_assert_int_eq(crypto_dh_new_from_private(31, apub.b, 31, &a), -EINVAL);
}
END_TEST

/* ---- MODP known answers ---------------------------------------------------
 * Computed independently with Python's pow() when this test was written;
 * p1024 and p2048 are the primes of RFC 2409 §6.2 and RFC 3526 §3, g = 2:
 *
 *   xa = int.from_bytes(bytes(range(1, 33)), "big")
 *   base = int.from_bytes(bytes(range(0x40, 0x60)), "big")
 *   xb = base + 555   # the first k whose g^ab has a leading zero byte
 *   pow(2, xa, p1024).to_bytes(128, "big").hex()          # ga
 *   pow(2, xb, p1024).to_bytes(128, "big").hex()          # gb
 *   pow(pow(2, xa, p1024), xb, p1024).to_bytes(128, "big").hex()
 *   pow(pow(2, xa, p2048), base, p2048).to_bytes(256, "big").hex()
 *
 * The group 2 secret starts with 0x00: it must come out padded to 128
 * bytes (RFC 7296 §2.14), not shortened.
 */
#define MODP_XA	  "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
#define MODP_BASE "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
#define MODP_XB	  "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d608a"

START_TEST(test_modp_known)
{
	struct crypto_dh *a = dh_known(2, MODP_XA), *b = dh_known(2, MODP_XB);
	uint8_t pa[128], pb[128], s[256];

	ck_assert_int_eq(crypto_dh_pub(a, pa, sizeof(pa)), 0);
	ck_assert_hex(pa, sizeof(pa),
		      "457120764f3a1e6fd58103e41a4093a6c8bc1d97cb8759de41c21afdd2d3048a"
		      "5ef3d88ce24aa6ba4fe30bcfb0b0f75abf1a8aeaff3723f1bf53740c902005e1"
		      "199fabad7c538e94a7034fd585339a02f3634893f748929d2a7257643e398130"
		      "541ae64124c17d4507a97f1cbebeb7b933642b8df479eb59e36cfeffbf1671dd");
	ck_assert_int_eq(crypto_dh_pub(b, pb, sizeof(pb)), 0);
	ck_assert_hex(pb, sizeof(pb),
		      "502d6656f35ca10abc95496068703c2a827624ea182a30589024ba9a5e09e057"
		      "526015270888b5f2a0ce8df7d03753032a76ad1544a5595af26085b09210d48a"
		      "cb5a94ff2bf6539ce9592bc1a3cd523e327e1f0349b88b2413166c40325763b9"
		      "ef6e8f8004c99784aa1422de46b6367bb86985c71dca110a7bac05aae4d3cffb");
#define S2                                                                                         \
	"005a24e1f0bcede6b151164a55e734681aa2781cd32d04158d65f0523db55ba7"                         \
	"d8d491ab69a255e5fe2e7be26016431355546d9f3a05fea61c56854fd858fc73"                         \
	"e29d4a86009bd08fbe1cff0a9be88d293cfc2637e4fb74b146722f59acc07e63"                         \
	"ad3cbd7a790b29f097962a6cc26d996d1572fb5ea1efa6fa2dfb748e9fc695b0"
	ck_assert_int_eq(crypto_dh_derive(a, pb, sizeof(pb), s, 128), 0);
	ck_assert_hex(s, 128, S2);
	ck_assert_int_eq(crypto_dh_derive(b, pa, sizeof(pa), s, 128), 0);
	ck_assert_hex(s, 128, S2);
#undef S2
	crypto_dh_free(a);
	crypto_dh_free(b);

	/* Group 14 (named in OpenSSL): agreement between two known keys. */
	a = dh_known(14, MODP_XA);
	b = dh_known(14, MODP_BASE);
	ck_assert_int_eq(crypto_dh_pub(b, s, 256), 0);
	ck_assert_int_eq(crypto_dh_derive(a, s, 256, s, 256), 0);
	ck_assert_hex(s, 256,
		      "eadf639f0ef94f4c2738bf8d7e0abca2a56a9bfd44c686aa978fa1b448208ab7"
		      "56c90171dd139e2c7f85daae953c3d6def60211b7edf9e6cd7e11d35b3725f95"
		      "bf5bfed1f4d4de09f47249b43bad7e8cbecac20ffd5c1b966668b51bc20b8162"
		      "4f9caf02e998c0263f39565297f08c7d761cdd9c5a8b087a60cd2846586d8dda"
		      "e1327002b331fad690180ed6541620b315bfb2e32686db555cfdd23e4e752462"
		      "96ee3914d06f211bf64f82af02672fd4b4cb0ad3dd8dbb39047b499c1a2332b3"
		      "96354a0c4d129e21cf64e22ea15afa566dc7958d16932d49ec846e8a9fea5419"
		      "490e1f2445ca9725cdd9b25ba7af3874aa9bd90b3f48bdfcce9fec6cc254ceaa");
	crypto_dh_free(a);
	crypto_dh_free(b);
}
END_TEST

/* ---- every group: two parties agree ------------------------------------ */

static const struct {
	uint16_t group;
	int pub_len, secret_len;
} group_lens[] = {
	{2, 128, 128},	{5, 192, 192},	  {14, 256, 256}, {15, 384, 384}, {16, 512, 512},
	{17, 768, 768}, {18, 1024, 1024}, {19, 64, 32},	  {20, 96, 48},	  {21, 132, 66},
	{22, 128, 128}, {23, 256, 256},	  {24, 256, 256}, {31, 32, 32},
};

START_TEST(test_agreement)
{
	uint16_t g = group_lens[_i].group;
	int plen = group_lens[_i].pub_len, slen = group_lens[_i].secret_len;
	struct crypto_dh *a = NULL, *b = NULL;
	uint8_t pa[CRYPTO_DH_MAX_PUB], pb[CRYPTO_DH_MAX_PUB];
	uint8_t sa[CRYPTO_DH_MAX_SECRET], sb[CRYPTO_DH_MAX_SECRET];

	ck_assert(crypto_dh_supported(g));
	ck_assert_int_eq(crypto_dh_pub_len(g), plen);
	ck_assert_int_eq(crypto_dh_secret_len(g), slen);
	ck_assert_int_eq(crypto_dh_new(g, &a), 0);
	ck_assert_int_eq(crypto_dh_new(g, &b), 0);
	ck_assert_int_eq(crypto_dh_pub(a, pa, (size_t)plen), 0);
	ck_assert_int_eq(crypto_dh_pub(b, pb, (size_t)plen), 0);
	ck_assert_mem_ne(pa, pb, (size_t)plen);

	memset(sa, 0xee, sizeof(sa));
	memset(sb, 0x11, sizeof(sb));
	ck_assert_int_eq(crypto_dh_derive(a, pb, (size_t)plen, sa, (size_t)slen), 0);
	ck_assert_int_eq(crypto_dh_derive(b, pa, (size_t)plen, sb, (size_t)slen), 0);
	ck_assert_mem_eq(sa, sb, (size_t)slen);
	/* Lengths are wire lengths: one byte short or long is refused. */
	ck_assert_int_eq(crypto_dh_derive(a, pb, (size_t)plen - 1, sa, (size_t)slen), -EINVAL);
	ck_assert_int_eq(crypto_dh_derive(a, pb, (size_t)plen + 1, sa, (size_t)slen), -EINVAL);
	ck_assert_int_eq(crypto_dh_pub(a, pa, (size_t)plen - 1), -EINVAL);
	crypto_dh_free(a);
	crypto_dh_free(b);
}
END_TEST

/* ---- MODP peer values that must be refused ----------------------------- */

static void modp_expect(struct crypto_dh *dh, const uint8_t *peer, size_t len, int want)
{
	uint8_t s[CRYPTO_DH_MAX_SECRET];
	int slen = crypto_dh_secret_len(crypto_dh_group(dh));

	ck_assert_int_eq(crypto_dh_derive(dh, peer, len, s, (size_t)slen), want);
}

/* 0, 1, p-1, p and 2^n-1 for a group whose prime p we get from OpenSSL's
 * copy of the RFC; 2 is in range and must be accepted. */
static void modp_check_range(uint16_t group, BIGNUM *p)
{
	struct crypto_dh *dh = NULL;
	uint8_t v[CRYPTO_DH_MAX_PUB];
	size_t len = (size_t)crypto_dh_pub_len(group);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(crypto_dh_new(group, &dh), 0);
	memset(v, 0, len);
	modp_expect(dh, v, len, -EINVAL);
	v[len - 1] = 1;
	modp_expect(dh, v, len, -EINVAL);
	v[len - 1] = 2;
	modp_expect(dh, v, len, 0);
	ck_assert_int_eq(BN_bn2binpad(p, v, (int)len), (int)len);
	modp_expect(dh, v, len, -EINVAL);
	ck_assert(BN_sub_word(p, 1));
	ck_assert_int_eq(BN_bn2binpad(p, v, (int)len), (int)len);
	modp_expect(dh, v, len, -EINVAL);
	ck_assert(BN_sub_word(p, 1));
	ck_assert_int_eq(BN_bn2binpad(p, v, (int)len), (int)len);
	modp_expect(dh, v, len, 0); /* p-2 is in range */
	memset(v, 0xff, len);
	modp_expect(dh, v, len, -EINVAL);
	BN_free(p);
	crypto_dh_free(dh);
}

START_TEST(test_modp_range)
{
	modp_check_range(2, BN_get_rfc2409_prime_1024(NULL));
	modp_check_range(5, BN_get_rfc3526_prime_1536(NULL));
	modp_check_range(14, BN_get_rfc3526_prime_2048(NULL));
}
END_TEST

/* The RFC 5114 groups also refuse values outside the order-q subgroup:
 * 2 is in range but (for these primes) not in the subgroup. */
START_TEST(test_modp_subgroup)
{
	static const uint16_t groups[] = {22, 23, 24};

	for (size_t k = 0; k < 3; k++) {
		struct crypto_dh *dh = NULL;
		uint8_t v[CRYPTO_DH_MAX_PUB];
		size_t len = (size_t)crypto_dh_pub_len(groups[k]);

		ck_assert_int_eq(crypto_dh_new(groups[k], &dh), 0);
		memset(v, 0, len);
		v[len - 1] = 2;
		modp_expect(dh, v, len, -EINVAL);
		v[len - 1] = 1;
		modp_expect(dh, v, len, -EINVAL);
		/* Our own public value is in the subgroup. */
		ck_assert_int_eq(crypto_dh_pub(dh, v, len), 0);
		modp_expect(dh, v, len, 0);
		crypto_dh_free(dh);
	}
}
END_TEST

START_TEST(test_unknown_groups)
{
	struct crypto_dh *dh = NULL;
	uint8_t k[32] = {1};

	ck_assert(!crypto_dh_supported(1));
	ck_assert(!crypto_dh_supported(25)); /* brainpool: not ours */
	ck_assert(!crypto_dh_supported(32)); /* curve448 */
	ck_assert_int_eq(crypto_dh_pub_len(0), -EINVAL);
	ck_assert_int_eq(crypto_dh_secret_len(3), -EINVAL);
	ck_assert_int_eq(crypto_dh_new(1, &dh), -EINVAL);
	ck_assert_int_eq(crypto_dh_new_from_private(99, k, sizeof(k), &dh), -EINVAL);
	ck_assert_ptr_null(dh);
	crypto_dh_free(NULL);
}
END_TEST

static Suite *dh_suite(void)
{
	Suite *s = suite_create("crypto_dh");
	TCase *tc = tcase_create("vectors");

	tcase_add_loop_test(tc, test_ecp_rfc5903, 0,
			    (int)(sizeof(ecp_cases) / sizeof(ecp_cases[0])));
	tcase_add_test(tc, test_x25519_rfc7748);
	tcase_add_test(tc, test_modp_known);
	suite_add_tcase(s, tc);

	tc = tcase_create("groups");
	/* MODP 8192 key generation is slow under valgrind. */
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_agreement, 0,
			    (int)(sizeof(group_lens) / sizeof(group_lens[0])));
	tcase_add_test(tc, test_modp_range);
	tcase_add_test(tc, test_modp_subgroup);
	tcase_add_test(tc, test_unknown_groups);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(dh_suite());
}
