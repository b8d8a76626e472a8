/*
 * RFC 3948 framing on UDP port 4500: IKE and ESP share the port and are
 * told apart by the first four bytes (an ESP SPI is never zero).
 */
#include "common/wire.h"
#include "vtid/dp/esp.h"

enum esp_udp_kind esp_udp_classify(const uint8_t *p, size_t n, size_t *off)
{
	struct wire_reader r;
	uint32_t marker;
	uint8_t first;

	*off = 0;
	wire_rd_init(&r, p, n);
	if (n == 1 && wire_rd_peek_u8(&r, &first) && first == 0xff)
		return ESP_UDP_KEEPALIVE;
	if (!wire_rd_u32(&r, &marker))
		return ESP_UDP_INVALID;
	if (marker == 0) {
		if (wire_rd_left(&r) == 0)
			return ESP_UDP_INVALID;
		*off = ESP_UDP_MARKER_LEN;
		return ESP_UDP_IKE;
	}
	if (n < ESP_HDR_LEN)
		return ESP_UDP_INVALID;
	return ESP_UDP_ESP;
}
