/*
 * Helpers shared by the bgp/attr tests: AS paths written as text, path
 * attributes and whole UPDATEs built from bytes.
 */
#ifndef VT_TESTS_BGP_ATTR_TEST_H
#define VT_TESTS_BGP_ATTR_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/attr.h"
#include "tests/unit/bgp_msg_test.h"

#define AS_TRANS_TXT "23456"
#define OPT_T	     (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)
#define NROWS(a)     ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * An AS path from text into segments of asn_size octets: plain numbers
 * form SEQUENCEs ("|" ends one), "{a,b}" a SET, "(a b)" a CONFED_SEQUENCE,
 * "[a,b]" a CONFED_SET.
 */
static inline size_t path_enc(const char *s, size_t asn_size, uint8_t *buf, size_t cap)
{
	size_t len = 0, hdr = 0;
	bool open = false, group = false;

	while (*s) {
		char *end;
		unsigned long v;

		if (*s == ' ' || *s == ',') {
			s++;
			continue;
		}
		if (*s == '|' || *s == '}' || *s == ')' || *s == ']') {
			open = group = false;
			s++;
			continue;
		}
		if (*s == '{' || *s == '(' || *s == '[') {
			ck_assert(len + 2 <= cap);
			hdr = len;
			buf[len++] = *s == '{'	 ? BGP_SEG_SET
				     : *s == '(' ? BGP_SEG_CONFED_SEQUENCE
						 : BGP_SEG_CONFED_SET;
			buf[len++] = 0;
			open = group = true;
			s++;
			continue;
		}
		v = strtoul(s, &end, 10);
		ck_assert_msg(end != s, "bad path text at '%s'", s);
		s = end;
		if (!group && (!open || buf[hdr + 1] == 255)) {
			ck_assert(len + 2 <= cap);
			hdr = len;
			buf[len++] = BGP_SEG_SEQUENCE;
			buf[len++] = 0;
			open = true;
		}
		ck_assert(len + asn_size <= cap);
		if (asn_size == 4) {
			buf[len++] = (uint8_t)(v >> 24);
			buf[len++] = (uint8_t)(v >> 16);
		}
		buf[len++] = (uint8_t)(v >> 8);
		buf[len++] = (uint8_t)v;
		buf[hdr + 1]++;
	}
	return len;
}

static inline void attr_put(uint8_t *buf, size_t *len, size_t cap, uint8_t flags, uint8_t type,
			    const uint8_t *v, size_t n)
{
	ck_assert(*len + 4 + n <= cap);
	if (n > 255)
		flags |= BGP_ATTR_F_EXTENDED;
	buf[(*len)++] = flags;
	buf[(*len)++] = type;
	if (flags & BGP_ATTR_F_EXTENDED)
		buf[(*len)++] = (uint8_t)(n >> 8);
	buf[(*len)++] = (uint8_t)n;
	if (n > 0)
		memcpy(buf + *len, v, n);
	*len += n;
}

static inline void attr_put_hex(uint8_t *buf, size_t *len, size_t cap, uint8_t flags, uint8_t type,
				const char *h)
{
	uint8_t v[256];

	attr_put(buf, len, cap, flags, type, v, hex(h, v, sizeof(v)));
}

/* An UPDATE with attrs[0..alen) and the NLRI in hex. */
static inline size_t upd_build(const uint8_t *attrs, size_t alen, const char *nlri, uint8_t *buf,
			       size_t cap)
{
	size_t len = BGP_HDR_LEN;

	ck_assert(len + 4 + alen <= cap);
	memset(buf, 0xff, 16);
	buf[18] = BGP_MSG_UPDATE;
	buf[len++] = 0;
	buf[len++] = 0;
	buf[len++] = (uint8_t)(alen >> 8);
	buf[len++] = (uint8_t)alen;
	memcpy(buf + len, attrs, alen);
	len += alen;
	len += hex(nlri, buf + len, cap - len);
	buf[16] = (uint8_t)(len >> 8);
	buf[17] = (uint8_t)len;
	return len;
}

#define OPT_T (BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)
#endif
