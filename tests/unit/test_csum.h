/*
 * The Internet checksum (RFC 1071) of a buffer, in network byte order, for
 * tests that build IP/ICMP packets by hand.
 */
#ifndef VT_TESTS_UNIT_TEST_CSUM_H
#define VT_TESTS_UNIT_TEST_CSUM_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>

static inline uint16_t test_inet_csum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

#endif
