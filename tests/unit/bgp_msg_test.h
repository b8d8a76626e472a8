/*
 * Helpers shared by the bgp/msg tests: messages written as hex.
 */
#ifndef VT_TESTS_BGP_MSG_TEST_H
#define VT_TESTS_BGP_MSG_TEST_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "bgp/msg.h"

/* Hex with optional spaces into buf; returns the length. */
static inline size_t hex(const char *s, uint8_t *buf, size_t cap)
{
	size_t n = 0;

	while (*s) {
		unsigned v;

		if (*s == ' ') {
			s++;
			continue;
		}
		ck_assert(sscanf(s, "%2x", &v) == 1);
		ck_assert(n < cap);
		buf[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* A whole message: marker, length, type, then the body in hex. */
static inline size_t msg(uint8_t type, const char *body, uint8_t *buf, size_t cap)
{
	size_t n = hex(body, buf + BGP_HDR_LEN, cap - BGP_HDR_LEN) + BGP_HDR_LEN;

	memset(buf, 0xff, 16);
	buf[16] = (uint8_t)(n >> 8);
	buf[17] = (uint8_t)n;
	buf[18] = type;
	return n;
}

#endif
