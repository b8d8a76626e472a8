/*
 * Attributes as FRR's show commands print them, with snprintf's rules:
 * the text is cut to fit buf (NUL-terminated when len > 0) and the length
 * it needed is returned.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "bgp/attr_int.h"

struct bgp_fmt {
	char *buf;
	size_t len;
	size_t need;
};

static void bgp_fmt_init(struct bgp_fmt *f, char *buf, size_t len)
{
	f->buf = buf;
	f->len = buf ? len : 0;
	f->need = 0;
	if (f->len > 0)
		f->buf[0] = '\0';
}

static void bgp_fmt_add(struct bgp_fmt *f, const char *s)
{
	size_t n = strlen(s), room;

	if (f->len > 0 && f->need < f->len - 1) {
		room = f->len - 1 - f->need;
		memcpy(f->buf + f->need, s, n < room ? n : room);
		f->buf[f->need + (n < room ? n : room)] = '\0';
	}
	f->need += n;
}

static void bgp_fmt_u32(struct bgp_fmt *f, uint32_t v)
{
	char b[BGP_ASN_STRLEN];

	snprintf(b, sizeof(b), "%" PRIu32, v);
	bgp_fmt_add(f, b);
}

static int bgp_fmt_done(const struct bgp_fmt *f)
{
	return f->need > INT_MAX ? INT_MAX : (int)f->need;
}

int bgp_attrs_aspath_fmt(const struct bgp_attrs *a, char *buf, size_t len)
{
	static const char *const open[] = {"", "{", "", "(", "["};
	static const char *const close[] = {"", "}", "", ")", "]"};
	struct bgp_fmt f;
	struct wire_reader r;
	uint8_t type = 0, n = 0, i;
	uint32_t asn = 0;
	bool set;

	bgp_fmt_init(&f, buf, len);
	wire_rd_init(&r, bgp_attrs_aspath(a), a->aspath_len);
	while (wire_rd_left(&r) > 0 && wire_rd_u8(&r, &type) && wire_rd_u8(&r, &n)) {
		if (type < BGP_SEG_SET || type > BGP_SEG_CONFED_SET)
			break; /* interned paths are checked; never here */
		set = type == BGP_SEG_SET || type == BGP_SEG_CONFED_SET;
		if (f.need > 0)
			bgp_fmt_add(&f, " ");
		bgp_fmt_add(&f, open[type]);
		for (i = 0; i < n && wire_rd_u32(&r, &asn); i++) {
			if (i > 0)
				bgp_fmt_add(&f, set ? "," : " ");
			bgp_fmt_u32(&f, asn);
		}
		bgp_fmt_add(&f, close[type]);
	}
	return bgp_fmt_done(&f);
}

/* The well-known communities FRR prints by name (RFC 1997, 3765, 7611,
 * 7999, 8326, draft-ietf-idr-long-lived-gr). */
static const char *bgp_comm_name(uint32_t c)
{
	switch (c) {
	case 0xffff0000u:
		return "graceful-shutdown";
	case 0xffff0001u:
		return "accept-own";
	case 0xffff0006u:
		return "llgr-stale";
	case 0xffff0007u:
		return "no-llgr";
	case 0xffff029au:
		return "blackhole";
	case 0xffffff01u:
		return "no-export";
	case 0xffffff02u:
		return "no-advertise";
	case 0xffffff03u:
		return "local-AS";
	case 0xffffff04u:
		return "no-peer";
	default:
		return NULL;
	}
}

int bgp_attrs_comm_fmt(const struct bgp_attrs *a, char *buf, size_t len)
{
	struct bgp_fmt f;
	struct wire_reader r;
	uint32_t c = 0;
	const char *name;
	size_t i;

	bgp_fmt_init(&f, buf, len);
	wire_rd_init(&r, bgp_attrs_comm(a), (size_t)a->n_comm * 4);
	for (i = 0; wire_rd_u32(&r, &c); i++) {
		if (i > 0)
			bgp_fmt_add(&f, " ");
		name = bgp_comm_name(c);
		if (name) {
			bgp_fmt_add(&f, name);
			continue;
		}
		bgp_fmt_u32(&f, c >> 16);
		bgp_fmt_add(&f, ":");
		bgp_fmt_u32(&f, c & 0xffff);
	}
	return bgp_fmt_done(&f);
}

int bgp_attrs_lcomm_fmt(const struct bgp_attrs *a, char *buf, size_t len)
{
	struct bgp_fmt f;
	struct wire_reader r;
	uint32_t g = 0, l1 = 0, l2 = 0;
	size_t i;

	bgp_fmt_init(&f, buf, len);
	wire_rd_init(&r, bgp_attrs_lcomm(a), (size_t)a->n_lcomm * 12);
	for (i = 0; wire_rd_u32(&r, &g) && wire_rd_u32(&r, &l1) && wire_rd_u32(&r, &l2); i++) {
		if (i > 0)
			bgp_fmt_add(&f, " ");
		bgp_fmt_u32(&f, g);
		bgp_fmt_add(&f, ":");
		bgp_fmt_u32(&f, l1);
		bgp_fmt_add(&f, ":");
		bgp_fmt_u32(&f, l2);
	}
	return bgp_fmt_done(&f);
}

const char *bgp_origin_name(uint8_t origin)
{
	switch (origin) {
	case 0:
		return "IGP";
	case 1:
		return "EGP";
	case 2:
		return "incomplete";
	default:
		return "unknown";
	}
}

char bgp_origin_code(uint8_t origin)
{
	return origin == 0 ? 'i' : origin == 1 ? 'e' : '?';
}
