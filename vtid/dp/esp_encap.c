/*
 * ESP encapsulation in place: the header and IV go into the buffer's
 * headroom, padding, trailer and ICV into its tailroom.
 */
#include <errno.h>

#include "common/wire.h"
#include "vtid/dp/esp.h"

/* Sequence numbers never repeat under one key (RFC 4303 §3.3.3): when the
 * counter would wrap, the SA is done and must be rekeyed. */
static int esp_seq_next(struct esp_sa *sa, uint64_t *seq)
{
	uint64_t limit = sa->esn ? UINT64_MAX : UINT32_MAX;

	if (sa->seq_out >= limit)
		return -EOVERFLOW;
	*seq = ++sa->seq_out;
	return 0;
}

int esp_encap_nh(struct esp_sa *sa, struct esp_buf *b, uint8_t next_hdr)
{
	const struct esp_cipher *c = &sa->cipher;
	struct esp_layout l;
	struct esp_crypt cr;
	struct wire_writer w;
	uint8_t *pkt;
	uint64_t seq;
	size_t i;
	int rc;

	esp_layout_compute(c, b->len, &l);
	if (b->off < l.data_off || b->off > b->cap || b->len > b->cap - b->off ||
	    l.total - l.data_off > b->cap - b->off) {
		sa->stats.seal_fails++;
		return -ENOBUFS;
	}
	rc = esp_seq_next(sa, &seq);
	if (rc < 0) {
		sa->stats.seal_fails++;
		return rc;
	}
	pkt = b->base + b->off - l.data_off;

	wire_wr_init_fixed(&w, pkt, ESP_HDR_LEN);
	wire_wr_u32(&w, sa->spi);
	wire_wr_u32(&w, (uint32_t)seq);

	/* Padding bytes are 1, 2, 3, ... (RFC 4303 §2.4), so the receiver
	 * can check them. */
	wire_wr_init_fixed(&w, pkt + l.data_off + b->len, l.pad_len + ESP_TRAILER_LEN);
	for (i = 1; i <= l.pad_len; i++)
		wire_wr_u8(&w, (uint8_t)i);
	wire_wr_u8(&w, (uint8_t)l.pad_len);
	wire_wr_u8(&w, next_hdr);
	if (!wire_wr_ok(&w)) {
		sa->stats.seal_fails++;
		return -ENOBUFS;
	}

	cr = (struct esp_crypt){
		.hdr = pkt,
		.iv = pkt + l.iv_off,
		.iv_len = c->iv_len,
		.data = pkt + l.data_off,
		.data_len = l.data_len,
		.icv = pkt + l.icv_off,
		.icv_len = c->icv_len,
		.seq = seq,
		.esn = sa->esn,
	};
	rc = c->ops->seal(c->ctx, &cr);
	if (rc < 0) {
		sa->stats.seal_fails++;
		return rc;
	}
	sa->stats.packets_out++;
	sa->stats.bytes_out += b->len;
	b->off -= l.data_off;
	b->len = l.total;
	return 0;
}

int esp_encap(struct esp_sa *sa, struct esp_buf *b)
{
	uint8_t v;

	if (b->len == 0 || b->off >= b->cap)
		return -EINVAL;
	v = b->base[b->off] >> 4;
	if (v == 4)
		return esp_encap_nh(sa, b, ESP_NH_IPV4);
	if (v == 6)
		return esp_encap_nh(sa, b, ESP_NH_IPV6);
	return -EINVAL;
}
