/*
 * Helpers shared by the ESP unit tests: hex, packet builders, and a
 * transparent test cipher.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/esp_testlib.h"

size_t unhex(const char *h, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	for (;;) {
		while (*h == ' ')
			h++;
		if (!h[0] || !h[1])
			break;
		ck_assert_uint_lt(n, max);
		ck_assert_int_eq(sscanf(h, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- a transparent test cipher ---------------------------------------------
 * "Encrypts" by XOR with 0x5a and "authenticates" with an FNV-1a hash over
 * header, IV, ciphertext (and the ESN high half), so format tests can build
 * any plaintext they like and still see a wrong ICV rejected. */

static void tc_icv(const struct esp_crypt *c, uint8_t *out)
{
	uint64_t h = 0xcbf29ce484222325ull;
	uint8_t hi[4];
	size_t i;

#define TC_MIX(p, n)                                                                               \
	for (i = 0; i < (n); i++) {                                                                \
		h ^= (p)[i];                                                                       \
		h *= 0x100000001b3ull;                                                             \
	}
	TC_MIX(c->hdr, (size_t)ESP_HDR_LEN);
	TC_MIX(c->iv, c->iv_len);
	TC_MIX(c->data, c->data_len);
	if (c->esn) {
		put32(hi, (uint32_t)(c->seq >> 32));
		TC_MIX(hi, (size_t)4);
	}
#undef TC_MIX
	for (i = 0; i < c->icv_len; i++)
		out[i] = (uint8_t)(h >> (8 * (i % 8)));
}

static int tc_seal(void *ctx, const struct esp_crypt *c)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < c->iv_len; i++)
		c->iv[i] = (uint8_t)(0xa0 + i);
	for (i = 0; i < c->data_len; i++)
		c->data[i] ^= 0x5a;
	tc_icv(c, c->icv);
	return 0;
}

static int tc_open(void *ctx, const struct esp_crypt *c)
{
	uint8_t want[ESP_ICV_MAX];
	size_t i;

	(void)ctx;
	tc_icv(c, want);
	if (memcmp(want, c->icv, c->icv_len) != 0)
		return -EBADMSG;
	for (i = 0; i < c->data_len; i++)
		c->data[i] ^= 0x5a;
	return 0;
}

static const struct esp_cipher_ops tc_ops = {.seal = tc_seal, .open = tc_open};

struct esp_cipher tc_cipher(uint8_t block, uint8_t iv, uint8_t icv)
{
	return (struct esp_cipher){
		.ops = &tc_ops, .block_size = block, .iv_len = iv, .icv_len = icv};
}

/* ---- packets ---------------------------------------------------------------- */

static uint8_t pbuf[4096];

struct esp_buf buf_with(const uint8_t *p, size_t n)
{
	memset(pbuf, 0xee, sizeof(pbuf));
	memcpy(pbuf + HEADROOM, p, n);
	return (struct esp_buf){.base = pbuf, .cap = sizeof(pbuf), .off = HEADROOM, .len = n};
}

void mk_ipv4(uint8_t *p, size_t total)
{
	size_t i;

	for (i = 0; i < total; i++)
		p[i] = (uint8_t)(i * 7 + 3);
	p[0] = 0x45;
	p[2] = (uint8_t)(total >> 8);
	p[3] = (uint8_t)total;
}

void mk_ipv6(uint8_t *p, size_t total)
{
	size_t i, plen = total - 40;

	for (i = 0; i < total; i++)
		p[i] = (uint8_t)(i * 13 + 1);
	p[0] = 0x60;
	p[4] = (uint8_t)(plen >> 8);
	p[5] = (uint8_t)plen;
}

void decap_expect(struct esp_sa *in, struct esp_buf *b, const uint8_t *inner, size_t n,
		  uint8_t nh)
{
	enum esp_drop why;
	uint8_t got;

	ck_assert_int_eq(esp_decap(in, b, &got, &why), 0);
	ck_assert_int_eq(why, ESP_DROP_NONE);
	ck_assert_uint_eq(got, nh);
	ck_assert_uint_eq(b->len, n);
	ck_assert_mem_eq(b->base + b->off, inner, n);
}

struct esp_buf buf_inner(uint8_t *inner, size_t total, bool v6)
{
	if (v6)
		mk_ipv6(inner, total);
	else
		mk_ipv4(inner, total);
	return buf_with(inner, total);
}
