/*
 * vtid/dp/esp: packet layout and padding, encapsulation and decapsulation
 * with a transparent test cipher, a table of malformed packets with their
 * drop reasons and counters, and RFC 3948 framing.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/esp_testlib.h"
#include "vtid/dp/esp.h"
#include "tests/unit/check_main.h"

START_TEST(test_layout)
{
	static const uint8_t blocks[] = {4, 16};
	struct esp_cipher c;
	struct esp_layout l;
	size_t b, n;

	for (b = 0; b < 2; b++) {
		c = tc_cipher(blocks[b], blocks[b] == 4 ? 8 : 16, blocks[b] == 4 ? 16 : 12);
		for (n = 0; n < 100; n++) {
			esp_layout_compute(&c, n, &l);
			ck_assert_uint_eq(l.data_len % blocks[b], 0);
			ck_assert_uint_lt(l.pad_len, blocks[b]);
			ck_assert_uint_eq(l.data_len, n + 2 + l.pad_len);
			ck_assert_uint_eq(l.data_off, 8u + c.iv_len);
			ck_assert_uint_eq(l.total, 8u + c.iv_len + l.data_len + c.icv_len);
			ck_assert_uint_le(l.total - n, esp_overhead_max(&c));
		}
	}
	c = tc_cipher(16, 16, 12);
	esp_layout_compute(&c, 20, &l);
	ck_assert_uint_eq(l.pad_len, 10);
	ck_assert_uint_eq(l.total, 8 + 16 + 32 + 12);
	ck_assert_uint_eq(esp_overhead_max(&c), 8 + 16 + 15 + 2 + 12);
	ck_assert_uint_eq(esp_headroom(&c), 24);
}
END_TEST

START_TEST(test_sa_init)
{
	struct esp_cipher c = tc_cipher(4, 8, 16), bad;
	struct esp_sa sa;

	ck_assert_int_eq(esp_sa_init(&sa, 0x1234, &c, false, 1024), 0);
	ck_assert_int_eq(esp_sa_init(&sa, 0, &c, false, 1024), -EINVAL);
	ck_assert_int_eq(esp_sa_init(&sa, 1, &c, false, 32), -EINVAL);
	bad = tc_cipher(3, 8, 16);
	ck_assert_int_eq(esp_sa_init(&sa, 1, &bad, false, 64), -EINVAL);
	bad = tc_cipher(16, 17, 16);
	ck_assert_int_eq(esp_sa_init(&sa, 1, &bad, false, 64), -EINVAL);
	bad = tc_cipher(16, 16, 13);
	ck_assert_int_eq(esp_sa_init(&sa, 1, &bad, false, 64), -EINVAL);
	bad = tc_cipher(16, 16, 36);
	ck_assert_int_eq(esp_sa_init(&sa, 1, &bad, false, 64), -EINVAL);
	bad = tc_cipher(16, 16, 16);
	bad.ops = NULL;
	ck_assert_int_eq(esp_sa_init(&sa, 1, &bad, false, 64), -EINVAL);
}
END_TEST

/* Every cipher shape: the header, the 1, 2, 3 ... padding, the trailer, and
 * the round trip back to the same inner packet. */
START_TEST(test_encap_format_roundtrip)
{
	static const uint8_t shapes[][3] = {
		{16, 16, 12}, {16, 16, 16}, {16, 16, 24}, {16, 16, 32}, {4, 8, 16},
	};
	uint8_t inner[1500];
	size_t s, n, i;

	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		struct esp_cipher c = tc_cipher(shapes[s][0], shapes[s][1], shapes[s][2]);

		for (n = 20; n < 120; n += 3) {
			struct esp_sa out, in;
			struct esp_layout l;
			struct esp_buf b;
			bool v6 = n >= 40 && n % 2;
			uint8_t *p;

			ck_assert_int_eq(esp_sa_init(&out, 0xc0ffee01, &c, false, 64), 0);
			ck_assert_int_eq(esp_sa_init(&in, 0xc0ffee01, &c, false, 64), 0);
			out.seq_out = 41;
			b = buf_inner(inner, n, v6);
			ck_assert_int_eq(esp_encap(&out, &b), 0);
			esp_layout_compute(&c, n, &l);
			ck_assert_uint_eq(b.off, HEADROOM - 8u - c.iv_len);
			ck_assert_uint_eq(b.len, l.total);
			p = b.base + b.off;
			ck_assert_uint_eq(get32(p), 0xc0ffee01);
			ck_assert_uint_eq(get32(p + 4), 42);
			/* undo the test cipher's XOR to see the trailer */
			for (i = 0; i < l.pad_len; i++)
				ck_assert_uint_eq(p[l.data_off + n + i] ^ 0x5a, i + 1);
			ck_assert_uint_eq(p[l.data_off + n + l.pad_len] ^ 0x5a, l.pad_len);
			ck_assert_uint_eq(p[l.data_off + n + l.pad_len + 1] ^ 0x5a,
					  v6 ? ESP_NH_IPV6 : ESP_NH_IPV4);
			ck_assert_uint_eq(out.stats.packets_out, 1);
			ck_assert_uint_eq(out.stats.bytes_out, n);

			decap_expect(&in, &b, inner, n, v6 ? ESP_NH_IPV6 : ESP_NH_IPV4);
			ck_assert_uint_eq(b.off, HEADROOM);
			ck_assert_uint_eq(in.stats.packets_in, 1);
			ck_assert_uint_eq(in.stats.bytes_in, n);
		}
	}
}
END_TEST

START_TEST(test_encap_errors)
{
	struct esp_cipher c = tc_cipher(16, 16, 12);
	struct esp_sa sa;
	struct esp_buf b;
	uint8_t inner[60];

	mk_ipv4(inner, sizeof(inner));
	ck_assert_int_eq(esp_sa_init(&sa, 7, &c, false, 64), 0);

	b = buf_with(inner, sizeof(inner));
	b.off = 23; /* one byte short of header + IV */
	memmove(b.base + b.off, inner, sizeof(inner));
	ck_assert_int_eq(esp_encap(&sa, &b), -ENOBUFS);
	ck_assert_uint_eq(b.off, 23);

	b = buf_with(inner, sizeof(inner));
	b.cap = HEADROOM + sizeof(inner) + 2 + 2 + 12 - 1; /* one short of the tail */
	ck_assert_int_eq(esp_encap(&sa, &b), -ENOBUFS);
	b.cap++;
	ck_assert_int_eq(esp_encap(&sa, &b), 0);

	b = buf_with(inner, sizeof(inner));
	b.base[b.off] = 0x50;
	ck_assert_int_eq(esp_encap(&sa, &b), -EINVAL);
	b.len = 0;
	ck_assert_int_eq(esp_encap(&sa, &b), -EINVAL);

	/* sequence numbers never wrap: without ESN 2^32-1 is the last */
	sa.seq_out = UINT32_MAX - 1;
	b = buf_with(inner, sizeof(inner));
	ck_assert_int_eq(esp_encap(&sa, &b), 0);
	ck_assert_uint_eq(get32(b.base + b.off + 4), UINT32_MAX);
	b = buf_with(inner, sizeof(inner));
	ck_assert_int_eq(esp_encap(&sa, &b), -EOVERFLOW);
	ck_assert_uint_eq(sa.stats.seal_fails, 3);
	ck_assert_uint_eq(sa.stats.packets_out, 2);

	/* with ESN the low half wraps to 0 on the wire */
	ck_assert_int_eq(esp_sa_init(&sa, 7, &c, true, 64), 0);
	sa.seq_out = UINT32_MAX;
	b = buf_with(inner, sizeof(inner));
	ck_assert_int_eq(esp_encap(&sa, &b), 0);
	ck_assert_uint_eq(get32(b.base + b.off + 4), 0);
	ck_assert_uint_eq(sa.seq_out, UINT64_C(1) << 32);
	sa.seq_out = UINT64_MAX;
	b = buf_with(inner, sizeof(inner));
	ck_assert_int_eq(esp_encap(&sa, &b), -EOVERFLOW);
}
END_TEST

/* ---- malformed packets on decapsulation ------------------------------------- */

/* Plaintexts as hex, spaces for reading: inner packet, padding, pad
 * length, next header. */
#define V4H "45000014 00000000 40110000 0a000001 0a000002 "
#define V6H                                                                                        \
	"60000000 00040440 20010db8000000000000000000000001 "                                      \
	"20010db8000000000000000000000002 aabbccdd "

struct bad_case {
	const char *name;
	const char *plain; /* payload .. next header, before the test cipher */
	uint32_t spi;	   /* 0: the SA's */
	uint32_t seq;
	size_t cut; /* >0: the packet is truncated to this length */
	bool bad_icv;
	int rc;
	enum esp_drop why;
	size_t ip_len; /* on success */
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{ "ok v4", V4H "0102 02 04", 0, 1, 0, false, 0, ESP_DROP_NONE, 20 },
	{ "ok v4 with TFC padding", V4H "00000000 0102 02 04", 0, 1, 0, false, 0, ESP_DROP_NONE, 20 },
	{ "ok v6", V6H "0102 02 29", 0, 1, 0, false, 0, ESP_DROP_NONE, 44 },
	{ "shorter than the header", V4H "0102 02 04", 0, 1, 5, false, -EBADMSG, ESP_DROP_SHORT, 0 },
	{ "no room for the ICV", V4H "0102 02 04", 0, 1, 8 + 8 + 17, false, -EBADMSG, ESP_DROP_SHORT, 0 },
	{ "header and IV only", V4H "0102 02 04", 0, 1, 16, false, -EBADMSG, ESP_DROP_SHORT, 0 },
	{ "not block aligned", V4H "01 01 04", 0, 1, 0, false, -EBADMSG, ESP_DROP_ALIGN, 0 },
	{ "wrong SPI", V4H "0102 02 04", 0x999, 1, 0, false, -EBADMSG, ESP_DROP_SPI, 0 },
	{ "sequence number 0", V4H "0102 02 04", 0, 0, 0, false, -EINVAL, ESP_DROP_REPLAY, 0 },
	{ "ICV mismatch", V4H "0102 02 04", 0, 1, 0, true, -EBADMSG, ESP_DROP_AUTH, 0 },
	{ "padding not 1, 2", V4H "0103 02 04", 0, 1, 0, false, -EBADMSG, ESP_DROP_PAD_BYTES, 0 },
	{ "padding all zero", V4H "0000 02 04", 0, 1, 0, false, -EBADMSG, ESP_DROP_PAD_BYTES, 0 },
	{ "pad length past the payload", V4H "0102 17 04", 0, 1, 0, false, -EBADMSG, ESP_DROP_PAD_LEN, 0 },
	{ "pad length 255", V4H "0102 ff 04", 0, 1, 0, false, -EBADMSG, ESP_DROP_PAD_LEN, 0 },
	{ "padding is everything", "0102030405060708090a0b0c0d0e0f10111213141516 16 04", 0, 1, 0,
	  false, -EBADMSG, ESP_DROP_INNER_LEN, 0 },
	{ "next header UDP", V4H "0102 02 11", 0, 1, 0, false, -EBADMSG, ESP_DROP_NEXT_HDR, 0 },
	{ "next header 0", V4H "0102 02 00", 0, 1, 0, false, -EBADMSG, ESP_DROP_NEXT_HDR, 0 },
	{ "dummy packet", V4H "0102 02 3b", 0, 1, 0, false, -ENODATA, ESP_DROP_DUMMY, 0 },
	{ "IPv6 inside next header 4", V6H "0102 02 04", 0, 1, 0, false, -EBADMSG,
	  ESP_DROP_INNER_VERSION, 0 },
	{ "IPv4 inside next header 41", V4H "0102 02 29", 0, 1, 0, false, -EBADMSG,
	  ESP_DROP_INNER_VERSION, 0 },
	{ "IPv4 total length too long", "45000028 00000000 40110000 0a000001 0a000002 0102 02 04",
	  0, 1, 0, false, -EBADMSG, ESP_DROP_INNER_LEN, 0 },
	{ "IPv4 total length below header", "45000010 00000000 40110000 0a000001 0a000002 0102 02 04",
	  0, 1, 0, false, -EBADMSG, ESP_DROP_INNER_LEN, 0 },
	{ "IPv4 IHL 4", "44000014 00000000 40110000 0a000001 0a000002 0102 02 04", 0, 1, 0,
	  false, -EBADMSG, ESP_DROP_INNER_LEN, 0 },
	{ "IPv4 header cut short", "4500 00 04", 0, 1, 0, false, -EBADMSG, ESP_DROP_INNER_LEN, 0 },
	{ "IPv6 payload length too long", "60000000 00080440 20010db8000000000000000000000001 "
	  "20010db8000000000000000000000002 aabbccdd 0102 02 29", 0, 1, 0, false, -EBADMSG,
	  ESP_DROP_INNER_LEN, 0 },
	{ "IPv6 jumbogram", "60000000 00000440 20010db8000000000000000000000001 "
	  "20010db8000000000000000000000002 aabbccdd 0102 02 29", 0, 1, 0, false, -EBADMSG,
	  ESP_DROP_INNER_LEN, 0 },
};
/* clang-format on */

/* Builds SPI, seq, IV, the given plaintext and the ICV with the test cipher. */
static size_t craft(uint8_t *p, const struct esp_cipher *c, uint32_t spi, uint32_t seq,
		    const uint8_t *plain, size_t n)
{
	struct esp_crypt cr = {
		.hdr = p,
		.iv = p + 8,
		.iv_len = c->iv_len,
		.data = p + 8 + c->iv_len,
		.data_len = n,
		.icv = p + 8 + c->iv_len + n,
		.icv_len = c->icv_len,
		.seq = seq,
	};

	put32(p, spi);
	put32(p + 4, seq);
	memcpy(cr.data, plain, n);
	ck_assert_int_eq(c->ops->seal(c->ctx, &cr), 0);
	return 8 + c->iv_len + n + c->icv_len;
}

static uint64_t *stat_of(struct esp_stats *st, enum esp_drop why)
{
	switch (why) {
	case ESP_DROP_REPLAY:
		return &st->replay_drops;
	case ESP_DROP_AUTH:
		return &st->auth_fails;
	case ESP_DROP_PAD_LEN:
	case ESP_DROP_PAD_BYTES:
		return &st->pad_errors;
	case ESP_DROP_DUMMY:
		return &st->dummy;
	case ESP_DROP_NONE:
		return &st->packets_in;
	default:
		return &st->malformed;
	}
}

START_TEST(test_decap_bad_table)
{
	struct esp_cipher c = tc_cipher(4, 8, 16);
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *t = &bad_cases[i];
		uint8_t plain[256], pkt[512], nh = 0xaa;
		struct esp_stats zero = {0};
		struct esp_sa sa;
		struct esp_buf b;
		enum esp_drop why;
		size_t n = unhex(t->plain, plain, sizeof(plain)), len;
		int rc;

		ck_assert_int_eq(esp_sa_init(&sa, 0x1234, &c, false, 64), 0);
		len = craft(pkt, &c, t->spi ? t->spi : sa.spi, t->seq, plain, n);
		if (t->cut)
			len = t->cut;
		if (t->bad_icv)
			pkt[len - 1] ^= 1;
		b = buf_with(pkt, len);
		rc = esp_decap(&sa, &b, &nh, &why);
		ck_assert_msg(rc == t->rc && why == t->why, "%s: rc %d why %s, want %d %s", t->name,
			      rc, esp_drop_name(why), t->rc, esp_drop_name(t->why));
		/* exactly one counter moved, by one */
		(*stat_of(&zero, t->why))++;
		if (t->rc == 0) {
			zero.bytes_in = t->ip_len;
			ck_assert_uint_eq(b.len, t->ip_len);
			ck_assert_uint_eq(b.off, HEADROOM + 16);
			ck_assert_mem_eq(b.base + b.off, plain, t->ip_len);
		} else {
			ck_assert_msg(b.off == HEADROOM && b.len == len, "%s: buffer moved",
				      t->name);
			ck_assert_uint_eq(nh, 0);
		}
		ck_assert_msg(memcmp(&zero, &sa.stats, sizeof(zero)) == 0, "%s: counters", t->name);
	}
}
END_TEST

/* Replay and forgery through esp_decap: a forged packet far ahead does not
 * move the window, a duplicate is dropped, reordering is fine. */
START_TEST(test_decap_replay_forgery)
{
	struct esp_cipher c = tc_cipher(16, 16, 12);
	struct esp_sa out, in;
	uint8_t inner[100], pkts[6][256], nh;
	size_t lens[6], i;
	struct esp_buf b;
	enum esp_drop why;

	ck_assert_int_eq(esp_sa_init(&out, 0xabc, &c, false, 64), 0);
	ck_assert_int_eq(esp_sa_init(&in, 0xabc, &c, false, 64), 0);
	mk_ipv4(inner, sizeof(inner));
	for (i = 0; i < 6; i++) {
		b = buf_with(inner, sizeof(inner));
		if (i == 5)
			out.seq_out = 999999; /* the forged one: seq 1000000 */
		ck_assert_int_eq(esp_encap(&out, &b), 0);
		lens[i] = b.len;
		memcpy(pkts[i], b.base + b.off, b.len);
	}
	pkts[5][20] ^= 0x80; /* corrupt its ciphertext */

	b = buf_with(pkts[5], lens[5]);
	ck_assert_int_eq(esp_decap(&in, &b, &nh, &why), -EBADMSG);
	ck_assert_int_eq(why, ESP_DROP_AUTH);
	for (i = 0; i < 5; i++) {
		size_t k = (i + 1) % 5; /* seq 2, 3, 4, 5, 1 */

		b = buf_with(pkts[k], lens[k]);
		ck_assert_int_eq(esp_decap(&in, &b, &nh, &why), 0);
		ck_assert_mem_eq(b.base + b.off, inner, sizeof(inner));
	}
	b = buf_with(pkts[2], lens[2]);
	ck_assert_int_eq(esp_decap(&in, &b, &nh, &why), -EEXIST);
	ck_assert_int_eq(why, ESP_DROP_REPLAY);
	ck_assert_uint_eq(in.stats.packets_in, 5);
	ck_assert_uint_eq(in.stats.bytes_in, 5 * sizeof(inner));
	ck_assert_uint_eq(in.stats.replay_drops, 1);
	ck_assert_uint_eq(in.stats.auth_fails, 1);
	ck_assert_uint_eq(in.stats.malformed, 0);
}
END_TEST

START_TEST(test_udp_classify)
{
	static const struct {
		const char *hex;
		enum esp_udp_kind kind;
		size_t off;
	} t[] = {
		{"ff", ESP_UDP_KEEPALIVE, 0},
		{"", ESP_UDP_INVALID, 0},
		{"00", ESP_UDP_INVALID, 0},
		{"fe", ESP_UDP_INVALID, 0},
		{"ffff", ESP_UDP_INVALID, 0},
		{"000000", ESP_UDP_INVALID, 0},
		{"00000000", ESP_UDP_INVALID, 0},
		{"00000000"
		 "0102030405060708",
		 ESP_UDP_IKE, 4},
		{"00000001"
		 "00000001",
		 ESP_UDP_ESP, 0},
		{"ff000000"
		 "00000001"
		 "00",
		 ESP_UDP_ESP, 0},
		{"00000001"
		 "000000",
		 ESP_UDP_INVALID, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t p[32];
		size_t n = unhex(t[i].hex, p, sizeof(p)), off = 99;

		ck_assert_msg(esp_udp_classify(p, n, &off) == t[i].kind, "case %zu", i);
		ck_assert_uint_eq(off, t[i].off);
	}
}
END_TEST

START_TEST(test_hdr_and_names)
{
	static const uint8_t p[] = {0, 0, 0x12, 0x34, 0, 0, 0, 9};
	uint32_t spi, seq;
	int i, j;

	ck_assert_int_eq(esp_hdr_parse(p, sizeof(p), &spi, &seq), 0);
	ck_assert_uint_eq(spi, 0x1234);
	ck_assert_uint_eq(seq, 9);
	ck_assert_int_eq(esp_hdr_parse(p, 7, &spi, &seq), -EBADMSG);
	for (i = 0; i < ESP_DROP__COUNT; i++) {
		ck_assert_str_ne(esp_drop_name(i), "?");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(esp_drop_name(i), esp_drop_name(j));
	}
	ck_assert_str_eq(esp_drop_name(ESP_DROP__COUNT), "?");
}
END_TEST

static Suite *esp_suite(void)
{
	Suite *s = suite_create("esp");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_sa_init);
	tcase_add_test(tc, test_encap_format_roundtrip);
	tcase_add_test(tc, test_encap_errors);
	tcase_add_test(tc, test_decap_bad_table);
	tcase_add_test(tc, test_decap_replay_forgery);
	tcase_add_test(tc, test_udp_classify);
	tcase_add_test(tc, test_hdr_and_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(esp_suite());
}
