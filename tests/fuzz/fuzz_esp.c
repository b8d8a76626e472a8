/*
 * Fuzz harness for ESP decapsulation (vtid/dp/esp): arbitrary bytes go
 * through esp_decap() with a null cipher that accepts every ICV, so every
 * check after integrity (padding, next header, inner IP header) is reached.
 *
 *   byte 0     the cipher's shape and ESN: bits 0-1 block (4, 8, 16, 16),
 *              bits 2-3 IV (0, 8, 16, 4), bits 4-5 ICV (0, 12, 16, 32),
 *              bit 6 ESN
 *   the rest   the ESP packet, from the SPI on (the SA takes its SPI, so
 *              the SPI check passes whenever it is not 0)
 *
 * Promises checked: no read or write outside the packet (the buffer is
 * exactly its size, for ASan); on success the inner packet lies inside it
 * with a matching version, re-encapsulates and decapsulates back to the
 * same bytes, and a second copy is dropped as a replay; on failure the
 * buffer is unchanged and a reason is given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "vtid/dp/esp.h"

static int fe_seal(void *ctx, const struct esp_crypt *c)
{
	(void)ctx;
	memset(c->iv, 0x11, c->iv_len);
	memset(c->icv, 0x22, c->icv_len);
	return 0;
}

static int fe_open(void *ctx, const struct esp_crypt *c)
{
	(void)ctx;
	/* touch every byte handed to the cipher, so ASan sees the bounds */
	if (c->iv_len)
		FUZZ_CHECK(c->iv[c->iv_len - 1] == c->iv[c->iv_len - 1]);
	if (c->icv_len)
		FUZZ_CHECK(c->icv[c->icv_len - 1] == c->icv[c->icv_len - 1]);
	if (c->data_len)
		c->data[c->data_len - 1] ^= 0;
	return 0;
}

static const struct esp_cipher_ops fe_ops = {.seal = fe_seal, .open = fe_open};

static void fe_roundtrip(const struct esp_cipher *c, bool esn, const uint8_t *inner, size_t n,
			 uint8_t nh)
{
	size_t cap = esp_headroom(c) + n + esp_overhead_max(c);
	uint8_t *p = malloc(cap), got_nh;
	struct esp_sa out, in;
	struct esp_buf b;
	enum esp_drop why;

	FUZZ_CHECK(p != NULL);
	FUZZ_CHECK(esp_sa_init(&out, 0x1000, c, esn, 64) == 0);
	FUZZ_CHECK(esp_sa_init(&in, 0x1000, c, esn, 64) == 0);
	memcpy(p + esp_headroom(c), inner, n);
	b = (struct esp_buf){.base = p, .cap = cap, .off = esp_headroom(c), .len = n};
	FUZZ_CHECK(esp_encap_nh(&out, &b, nh) == 0);
	FUZZ_CHECK(b.off == 0);
	FUZZ_CHECK(esp_decap(&in, &b, &got_nh, &why) == 0);
	FUZZ_CHECK(got_nh == nh && b.len == n && memcmp(b.base + b.off, inner, n) == 0);
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t blocks[] = {4, 8, 16, 16}, ivs[] = {0, 8, 16, 4},
			     icvs[] = {0, 12, 16, 32};
	struct esp_cipher c;
	struct esp_sa sa;
	struct esp_buf b;
	enum esp_drop why;
	uint32_t spi = 0, seq = 0;
	uint8_t *p, *copy, nh;
	bool esn;
	size_t n, kind_off;
	int rc;

	if (size < 1)
		return 0;
	c = (struct esp_cipher){.ops = &fe_ops,
				.block_size = blocks[data[0] & 3],
				.iv_len = ivs[(data[0] >> 2) & 3],
				.icv_len = icvs[(data[0] >> 4) & 3]};
	esn = data[0] & 0x40;
	data++;
	n = size - 1;

	esp_udp_classify(data, n, &kind_off);
	FUZZ_CHECK(kind_off <= n);
	if (esp_hdr_parse(data, n, &spi, &seq) < 0)
		FUZZ_CHECK(n < ESP_HDR_LEN);
	if (esp_sa_init(&sa, spi ? spi : 1, &c, esn, 64) < 0)
		return 0;

	/* exactly the packet's size, so any stray access is out of bounds */
	p = malloc(n ? n : 1);
	copy = malloc(n ? n : 1);
	FUZZ_CHECK(p && copy);
	if (n) {
		memcpy(p, data, n);
		memcpy(copy, data, n);
	}
	b = (struct esp_buf){.base = p, .cap = n, .off = 0, .len = n};
	nh = 0xaa;
	rc = esp_decap(&sa, &b, &nh, &why);
	if (rc == 0) {
		FUZZ_CHECK(why == ESP_DROP_NONE);
		FUZZ_CHECK(nh == ESP_NH_IPV4 || nh == ESP_NH_IPV6);
		FUZZ_CHECK(b.len > 0 && b.off <= n && b.len <= n - b.off);
		FUZZ_CHECK(b.base[b.off] >> 4 == (nh == ESP_NH_IPV4 ? 4 : 6));
		FUZZ_CHECK(sa.stats.packets_in == 1 && sa.stats.bytes_in == b.len);
		fe_roundtrip(&c, esn, b.base + b.off, b.len, nh);
		/* the same packet again is a replay */
		b = (struct esp_buf){.base = copy, .cap = n, .off = 0, .len = n};
		FUZZ_CHECK(esp_decap(&sa, &b, &nh, &why) == -EEXIST && why == ESP_DROP_REPLAY);
	} else {
		FUZZ_CHECK(why != ESP_DROP_NONE && why < ESP_DROP__COUNT);
		FUZZ_CHECK(b.off == 0 && b.len == n && nh == 0);
		FUZZ_CHECK(sa.stats.packets_in == 0);
	}
	free(p);
	free(copy);
	return 0;
}
