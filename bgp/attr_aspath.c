/*
 * AS paths: checks, hop counts, lookups, and the segment builder used to
 * widen 2-octet paths, merge AS4_PATH (RFC 6793 §4.2.3) and prepend.
 */
#include <errno.h>
#include <string.h>

#include "bgp/attr_int.h"

int bgp_aspath_check(const uint8_t *p, size_t len, size_t asn_size, unsigned *hops,
		     const char **why)
{
	struct wire_reader r;
	unsigned h = 0;

	wire_rd_init(&r, p, p ? len : 0);
	while (wire_rd_left(&r) > 0) {
		uint8_t type = 0, n = 0;

		if (!wire_rd_u8(&r, &type) || !wire_rd_u8(&r, &n)) {
			*why = "AS path segment header truncated";
			return -EINVAL;
		}
		if (type < BGP_SEG_SET || type > BGP_SEG_CONFED_SET) {
			*why = "bad AS path segment type";
			return -EINVAL;
		}
		if (n == 0) {
			*why = "empty AS path segment";
			return -EINVAL;
		}
		if (!wire_rd_skip(&r, (size_t)n * asn_size)) {
			*why = "AS path segment truncated";
			return -EINVAL;
		}
		if (type == BGP_SEG_SEQUENCE)
			h += n;
		else if (type == BGP_SEG_SET)
			h++;
	}
	*hops = h;
	return 0;
}

void bgp_pathb_init(struct bgp_pathb *b, uint8_t *buf, size_t cap, bool as4)
{
	memset(b, 0, sizeof(*b));
	wire_wr_init_fixed(&b->w, buf, cap);
	b->as4 = as4;
}

void bgp_pathb_open(struct bgp_pathb *b, uint8_t type)
{
	b->at = wire_wr_len(&b->w);
	b->type = type;
	b->n = 0;
	b->open = wire_wr_u8(&b->w, type) && wire_wr_u8(&b->w, 0);
}

void bgp_pathb_add(struct bgp_pathb *b, uint32_t asn)
{
	if (!b->open || b->n == BGP_SEG_MAX)
		bgp_pathb_open(b, b->type);
	if (b->as4) {
		wire_wr_u32(&b->w, asn);
	} else {
		/* Confed members talk among themselves; AS4_PATH never carries
		 * their segments, so a wide one there cannot be recovered. */
		if (asn > 0xffff && !bgp_seg_is_confed(b->type))
			b->wide = true;
		wire_wr_u16(&b->w, asn > 0xffff ? (uint16_t)BGP_AS_TRANS : (uint16_t)asn);
	}
	if (b->open && wire_wr_ok(&b->w))
		b->w.buf[b->at + 1] = ++b->n;
}

int bgp_pathb_len(const struct bgp_pathb *b, size_t *len)
{
	if (!wire_wr_ok(&b->w))
		return -ENOSPC;
	*len = wire_wr_len(&b->w);
	return 0;
}

/* n ASNs of asn_size octets from r into the open segment. */
static void bgp_pathb_copy(struct bgp_pathb *b, struct wire_reader *r, size_t n, size_t asn_size)
{
	uint16_t a2 = 0;
	uint32_t a4 = 0;

	while (n-- > 0) {
		if (asn_size == 2) {
			if (!wire_rd_u16(r, &a2))
				return;
			bgp_pathb_add(b, a2);
		} else {
			if (!wire_rd_u32(r, &a4))
				return;
			bgp_pathb_add(b, a4);
		}
	}
}

void bgp_aspath_widen(struct bgp_pathb *b, const uint8_t *p, size_t len)
{
	struct wire_reader r;
	uint8_t type = 0, n = 0;

	wire_rd_init(&r, p, p ? len : 0);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		bgp_pathb_open(b, type);
		bgp_pathb_copy(b, &r, n, 2);
	}
}

void bgp_aspath_merge(struct bgp_pathb *b, const uint8_t *p2, size_t len2, const uint8_t *p4,
		      size_t len4)
{
	struct wire_reader r;
	unsigned hops2 = 0, hops4 = 0, need;
	uint8_t type = 0, n = 0;
	const char *why;
	size_t take;

	if (bgp_aspath_check(p2, len2, 2, &hops2, &why) < 0 ||
	    bgp_aspath_check(p4, len4, 4, &hops4, &why) < 0 || hops2 < hops4) {
		bgp_aspath_widen(b, p2, len2);
		return;
	}
	/* The leading ASNs the AS4_PATH lacks come from the AS_PATH; confed
	 * segments count 0 there and stay in front. */
	need = hops2 - hops4;
	wire_rd_init(&r, p2, p2 ? len2 : 0);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		if (!bgp_seg_is_confed(type) && need == 0)
			break;
		take = n;
		if (type == BGP_SEG_SEQUENCE && take > need)
			take = need;
		bgp_pathb_open(b, type);
		bgp_pathb_copy(b, &r, take, 2);
		if (type == BGP_SEG_SEQUENCE)
			need -= (unsigned)take;
		else if (type == BGP_SEG_SET)
			need--;
		if (take < n)
			break;
	}
	wire_rd_init(&r, p4, p4 ? len4 : 0);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		if (bgp_seg_is_confed(type)) {
			wire_rd_skip(&r, (size_t)n * 4);
			continue;
		}
		/* Sequences that meet become one, so the result does not depend
		 * on where the old speaker's AS_PATH was cut. */
		if (!(type == BGP_SEG_SEQUENCE && b->open && b->type == BGP_SEG_SEQUENCE &&
		      b->n + n <= BGP_SEG_MAX))
			bgp_pathb_open(b, type);
		bgp_pathb_copy(b, &r, n, 4);
	}
}

uint32_t bgp_attrs_first_as(const struct bgp_attrs *a)
{
	struct wire_reader r;
	uint8_t type = 0, n = 0;
	uint32_t asn = 0;

	wire_rd_init(&r, bgp_attrs_aspath(a), a->aspath_len);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		if (bgp_seg_is_confed(type)) {
			wire_rd_skip(&r, (size_t)n * 4);
			continue;
		}
		if (type == BGP_SEG_SEQUENCE && wire_rd_u32(&r, &asn))
			return asn;
		return 0;
	}
	return 0;
}

bool bgp_attrs_aspath_has(const struct bgp_attrs *a, uint32_t asn)
{
	struct wire_reader r;
	uint32_t v = 0;
	uint8_t n = 0;

	wire_rd_init(&r, bgp_attrs_aspath(a), a->aspath_len);
	while (wire_rd_left(&r) > 0 && wire_rd_skip(&r, 1) && wire_rd_u8(&r, &n))
		while (n-- > 0 && wire_rd_u32(&r, &v))
			if (v == asn)
				return true;
	return false;
}
