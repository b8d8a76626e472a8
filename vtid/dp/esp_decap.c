/*
 * ESP decapsulation.  The order matters: the cheap checks (length, SPI,
 * replay) come first so that a flood of junk costs no cryptography; the
 * window is advanced only once the ICV verified; and the trailer and inner
 * header are read only after decryption, through the bounded reader, since
 * an authentic packet can still be malformed (a buggy peer).
 */
#include <errno.h>

#include "common/wire.h"
#include "vtid/dp/esp.h"

static int esp_drop(struct esp_sa *sa, enum esp_drop *why, enum esp_drop reason, int rc)
{
	*why = reason;
	switch (reason) {
	case ESP_DROP_REPLAY:
		sa->stats.replay_drops++;
		break;
	case ESP_DROP_AUTH:
		sa->stats.auth_fails++;
		break;
	case ESP_DROP_PAD_LEN:
	case ESP_DROP_PAD_BYTES:
		sa->stats.pad_errors++;
		break;
	case ESP_DROP_DUMMY:
		sa->stats.dummy++;
		break;
	case ESP_DROP_INTERNAL:
		break;
	default:
		sa->stats.malformed++;
		break;
	}
	return rc;
}

/* Trailer: pad length and next header at the end, padding 1, 2, 3, ...
 * before them.  *inner_len is what remains in front. */
static enum esp_drop esp_trailer_check(const uint8_t *data, size_t data_len, uint8_t *nh,
				       size_t *inner_len)
{
	struct wire_reader r;
	uint8_t pad_len, b;
	size_t i;

	wire_rd_init(&r, data, data_len);
	if (!wire_rd_skip(&r, data_len - ESP_TRAILER_LEN))
		return ESP_DROP_SHORT;
	wire_rd_u8(&r, &pad_len);
	wire_rd_u8(&r, nh);
	if (!wire_rd_ok(&r))
		return ESP_DROP_SHORT;
	if (pad_len > data_len - ESP_TRAILER_LEN)
		return ESP_DROP_PAD_LEN;
	*inner_len = data_len - ESP_TRAILER_LEN - pad_len;

	wire_rd_init(&r, data, data_len);
	wire_rd_skip(&r, *inner_len);
	for (i = 1; i <= pad_len; i++) {
		if (!wire_rd_u8(&r, &b) || b != (uint8_t)i)
			return ESP_DROP_PAD_BYTES;
	}
	return ESP_DROP_NONE;
}

/* The inner header must be of the version the next header names, and its
 * length field must fit in what arrived.  Less is allowed: the rest is TFC
 * padding (RFC 4303 §2.7), trimmed via *ip_len. */
static enum esp_drop esp_inner_check(const uint8_t *p, size_t n, uint8_t nh, size_t *ip_len)
{
	struct wire_reader r;
	uint8_t vihl = 0, tos;
	uint16_t len = 0;
	uint32_t flow;

	if (n == 0)
		return ESP_DROP_INNER_LEN;
	wire_rd_init(&r, p, n);
	wire_rd_peek_u8(&r, &vihl);
	if (nh == ESP_NH_IPV4) {
		size_t hlen = (size_t)(vihl & 0x0f) * 4;

		if (vihl >> 4 != 4)
			return ESP_DROP_INNER_VERSION;
		wire_rd_u8(&r, &vihl);
		wire_rd_u8(&r, &tos);
		wire_rd_u16(&r, &len);
		if (!wire_rd_ok(&r) || hlen < 20 || len < hlen || len > n)
			return ESP_DROP_INNER_LEN;
		*ip_len = len;
	} else {
		if (vihl >> 4 != 6)
			return ESP_DROP_INNER_VERSION;
		wire_rd_u32(&r, &flow);
		wire_rd_u16(&r, &len);
		/* Payload length 0 would mean a jumbogram: never over a tunnel. */
		if (!wire_rd_ok(&r) || n < 40 || len == 0 || len > n - 40)
			return ESP_DROP_INNER_LEN;
		*ip_len = (size_t)len + 40;
	}
	return ESP_DROP_NONE;
}

int esp_decap(struct esp_sa *sa, struct esp_buf *b, uint8_t *next_hdr, enum esp_drop *why)
{
	const struct esp_cipher *c = &sa->cipher;
	struct wire_reader r;
	const uint8_t *iv, *data, *icv;
	uint8_t *pkt;
	uint32_t spi, seq;
	uint64_t seq64;
	size_t data_len, inner_len = 0, ip_len = 0;
	struct esp_crypt cr;
	enum esp_drop bad;
	uint8_t nh = 0;
	int rc;

	*why = ESP_DROP_NONE;
	*next_hdr = 0;
	if (b->off > b->cap || b->len > b->cap - b->off)
		return esp_drop(sa, why, ESP_DROP_SHORT, -EBADMSG);
	pkt = b->base + b->off;

	wire_rd_init(&r, pkt, b->len);
	wire_rd_u32(&r, &spi);
	wire_rd_u32(&r, &seq);
	wire_rd_ptr(&r, c->iv_len, &iv);
	if (!wire_rd_ok(&r) || wire_rd_left(&r) < (size_t)c->icv_len + ESP_TRAILER_LEN)
		return esp_drop(sa, why, ESP_DROP_SHORT, -EBADMSG);
	data_len = wire_rd_left(&r) - c->icv_len;
	if (data_len % c->block_size != 0)
		return esp_drop(sa, why, ESP_DROP_ALIGN, -EBADMSG);
	wire_rd_ptr(&r, data_len, &data);
	wire_rd_ptr(&r, c->icv_len, &icv);
	if (!wire_rd_ok(&r))
		return esp_drop(sa, why, ESP_DROP_SHORT, -EBADMSG);
	if (spi != sa->spi)
		return esp_drop(sa, why, ESP_DROP_SPI, -EBADMSG);

	rc = replay_check(&sa->replay, seq, &seq64);
	if (rc < 0)
		return esp_drop(sa, why, ESP_DROP_REPLAY, rc);

	/* The reader handed out read-only views; the cipher works in place
	 * on the same bytes of the caller's writable buffer. */
	cr = (struct esp_crypt){
		.hdr = pkt,
		.iv = pkt + (iv - pkt),
		.iv_len = c->iv_len,
		.data = pkt + (data - pkt),
		.data_len = data_len,
		.icv = pkt + (icv - pkt),
		.icv_len = c->icv_len,
		.seq = seq64,
		.esn = sa->esn,
	};
	rc = c->ops->open(c->ctx, &cr);
	if (rc == -EBADMSG)
		return esp_drop(sa, why, ESP_DROP_AUTH, -EBADMSG);
	if (rc < 0)
		return esp_drop(sa, why, ESP_DROP_INTERNAL, -EIO);

	rc = replay_update(&sa->replay, seq64);
	if (rc < 0)
		return esp_drop(sa, why, ESP_DROP_REPLAY, rc);

	bad = esp_trailer_check(data, data_len, &nh, &inner_len);
	if (bad != ESP_DROP_NONE)
		return esp_drop(sa, why, bad, -EBADMSG);
	if (nh == ESP_NH_NONE)
		return esp_drop(sa, why, ESP_DROP_DUMMY, -ENODATA);
	if (nh != ESP_NH_IPV4 && nh != ESP_NH_IPV6)
		return esp_drop(sa, why, ESP_DROP_NEXT_HDR, -EBADMSG);
	bad = esp_inner_check(data, inner_len, nh, &ip_len);
	if (bad != ESP_DROP_NONE)
		return esp_drop(sa, why, bad, -EBADMSG);

	sa->stats.packets_in++;
	sa->stats.bytes_in += ip_len;
	*next_hdr = nh;
	b->off += (size_t)(data - pkt);
	b->len = ip_len;
	return 0;
}
