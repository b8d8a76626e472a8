/*
 * ESP: SA setup, packet layout, and the small helpers shared by
 * encapsulation (esp_encap.c) and decapsulation (esp_decap.c).
 */
#include <errno.h>
#include <string.h>

#include "common/wire.h"
#include "vtid/dp/esp.h"

bool esp_cipher_valid(const struct esp_cipher *c)
{
	if (!c || !c->ops || !c->ops->seal || !c->ops->open)
		return false;
	if (c->block_size != 4 && c->block_size != 8 && c->block_size != 16)
		return false;
	if (c->iv_len > ESP_IV_MAX || c->icv_len > ESP_ICV_MAX || c->icv_len % 4 != 0)
		return false;
	return true;
}

int esp_sa_init(struct esp_sa *sa, uint32_t spi, const struct esp_cipher *c, bool esn,
		uint32_t replay_window)
{
	int rc;

	memset(sa, 0, sizeof(*sa));
	/* SPI 0 is reserved, and on port 4500 it is the non-ESP marker. */
	if (spi == 0 || !esp_cipher_valid(c))
		return -EINVAL;
	rc = replay_init(&sa->replay, replay_window, esn);
	if (rc < 0)
		return rc;
	sa->spi = spi;
	sa->esn = esn;
	sa->cipher = *c;
	return 0;
}

void esp_layout_compute(const struct esp_cipher *c, size_t inner_len, struct esp_layout *l)
{
	size_t bs = c->block_size;
	size_t used = inner_len + ESP_TRAILER_LEN;

	l->iv_off = ESP_HDR_LEN;
	l->data_off = ESP_HDR_LEN + c->iv_len;
	l->pad_len = (bs - used % bs) % bs;
	l->data_len = used + l->pad_len;
	l->icv_off = l->data_off + l->data_len;
	l->total = l->icv_off + c->icv_len;
}

size_t esp_headroom(const struct esp_cipher *c)
{
	return ESP_HDR_LEN + c->iv_len;
}

size_t esp_overhead_max(const struct esp_cipher *c)
{
	return esp_headroom(c) + (size_t)c->block_size - 1 + ESP_TRAILER_LEN + c->icv_len;
}

static const char *const esp_drop_names[ESP_DROP__COUNT] = {
	[ESP_DROP_NONE] = "none",
	[ESP_DROP_SHORT] = "short",
	[ESP_DROP_ALIGN] = "align",
	[ESP_DROP_SPI] = "spi",
	[ESP_DROP_REPLAY] = "replay",
	[ESP_DROP_AUTH] = "auth",
	[ESP_DROP_PAD_LEN] = "pad-length",
	[ESP_DROP_PAD_BYTES] = "pad-bytes",
	[ESP_DROP_NEXT_HDR] = "next-header",
	[ESP_DROP_DUMMY] = "dummy",
	[ESP_DROP_INNER_VERSION] = "inner-version",
	[ESP_DROP_INNER_LEN] = "inner-length",
	[ESP_DROP_INTERNAL] = "internal",
};

const char *esp_drop_name(enum esp_drop why)
{
	if ((unsigned)why >= ESP_DROP__COUNT)
		return "?";
	return esp_drop_names[why];
}

int esp_hdr_parse(const uint8_t *p, size_t n, uint32_t *spi, uint32_t *seq)
{
	struct wire_reader r;

	wire_rd_init(&r, p, n);
	wire_rd_u32(&r, spi);
	wire_rd_u32(&r, seq);
	return wire_rd_ok(&r) ? 0 : -EBADMSG;
}
