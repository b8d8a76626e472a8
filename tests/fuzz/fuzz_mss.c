/*
 * Fuzz harness for vtid/dp/mss: the first two bytes are the clamp, the
 * rest is an inner IP packet.  mss_clamp() must never read or write
 * outside the packet; when it reports no change, nothing changed; when it
 * clamps, only TCP option bytes and the checksum moved, and the
 * ones-complement sum over the packet is what it was -- so a checksum that
 * was valid stays valid (the pseudo header is never touched, and the TCP
 * header starts at an even offset, so the packet's sum and the segment's
 * move together).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "vtid/dp/mss.h"

static uint16_t fm_sum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	/* 0 and 0xffff are the same number in ones' complement. */
	return sum == 0xffff ? 0 : (uint16_t)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t clamp;
	uint8_t *pkt;
	size_t n, i, changed = 0;
	bool got;

	if (size < 2)
		return 0;
	clamp = (uint16_t)(data[0] << 8 | data[1]);
	n = size - 2;
	pkt = malloc(n ? n : 1);
	if (!pkt)
		abort();
	memcpy(pkt, data + 2, n);
	got = mss_clamp(pkt, n, clamp);
	for (i = 0; i < n; i++)
		changed += pkt[i] != data[2 + i];
	if (!got) {
		FUZZ_CHECK(changed == 0);
	} else {
		FUZZ_CHECK(clamp != 0);
		FUZZ_CHECK(n >= 44);
		FUZZ_CHECK(fm_sum(pkt, n) == fm_sum(data + 2, n));
		/* Clamping twice is a no-op. */
		FUZZ_CHECK(!mss_clamp(pkt, n, clamp));
	}
	free(pkt);
	return 0;
}
