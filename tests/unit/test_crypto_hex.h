/*
 * Hex helpers shared by the crypto tests: vectors are written as the RFCs
 * print them (spaces allowed) and compared byte for byte.
 */
#ifndef VT_TESTS_UNIT_TEST_CRYPTO_HEX_H
#define VT_TESTS_UNIT_TEST_CRYPTO_HEX_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HEX_MAX 2048

struct hexbuf {
	uint8_t b[HEX_MAX];
	size_t len;
};

static inline int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s (hex digits, spaces ignored); fails the test on bad input. */
static inline struct hexbuf hex(const char *s)
{
	struct hexbuf h;
	int hi = -1;

	memset(&h, 0, sizeof(h));
	for (; *s; s++) {
		int v;

		if (*s == ' ')
			continue;
		v = hex_nibble(*s);
		ck_assert_msg(v >= 0, "bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
		} else {
			ck_assert_uint_lt(h.len, HEX_MAX);
			h.b[h.len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	ck_assert_msg(hi < 0, "odd number of hex digits");
	return h;
}

/* Assert that got[0..len) equals the hex string want. */
#define ck_assert_hex(got_, n_, want_)                                                             \
	do {                                                                                       \
		struct hexbuf w_ = hex(want_);                                                     \
		ck_assert_uint_eq((n_), w_.len);                                                   \
		ck_assert_mem_eq((got_), w_.b, w_.len);                                            \
	} while (0)

#endif
