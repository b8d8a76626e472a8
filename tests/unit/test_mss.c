/*
 * Tests of TCP MSS clamping: a table of IPv4 and IPv6 packets built here,
 * each with a checksum computed from scratch, and what mss_clamp() must do
 * with them.  Every clamped packet's incrementally updated checksum must
 * equal one recomputed from scratch; every packet left alone must be left
 * byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check_main.h"
#include "vtid/dp/mss.h"

#define PKT_MAX	 256
#define BYTES(s) (const uint8_t *)(s), (sizeof(s) - 1)
#define NONE	 NULL, 0

enum mangle {
	M_NONE,
	M_TRUNC,   /* buffer ends arg bytes early */
	M_KEEP,	   /* buffer is only arg bytes long */
	M_PAD,	   /* arg bytes of link padding after the packet */
	M_IHL,	   /* IPv4 IHL := arg */
	M_TOTLEN,  /* IPv4 total length += arg */
	M_PROTO,   /* IPv4 protocol := arg */
	M_VERSION, /* IP version := arg */
	M_DOFF,	   /* TCP data offset := arg */
	M_PLEN,	   /* IPv6 payload length += arg */
	M_PLEN0,   /* IPv6 payload length := 0 */
};

struct mss_case {
	const char *name;
	int ver;
	uint8_t flags;
	const uint8_t *opts;
	size_t optlen;
	const uint8_t *ext; /* IPv6 extension headers, or IPv4 options */
	size_t extlen;
	uint8_t nh;    /* IPv6: first next header (with ext) */
	uint16_t frag; /* IPv4 flags+fragment offset field */
	enum mangle mangle;
	int arg;
	uint16_t clamp;
	bool clamped;
	int mss_at; /* offset of the MSS option in opts to check, or -1 */
	uint16_t mss_after;
};

struct built {
	uint8_t buf[PKT_MAX];
	size_t len;
	size_t tcp; /* offset of the TCP header */
};

static const uint8_t src4[4] = {192, 0, 2, 1}, dst4[4] = {198, 51, 100, 7};
static const uint8_t src6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t dst6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2};
static const uint8_t data[] = "hello"; /* odd length on purpose */

static uint32_t sum_bytes(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

/* The plain RFC 793 checksum over pseudo header and segment, with the
 * segment's checksum field taken as zero. */
static uint16_t tcp_csum_scratch(int ver, const uint8_t *tcp, size_t len)
{
	uint32_t sum = 0;
	uint8_t seg[PKT_MAX];

	memcpy(seg, tcp, len);
	seg[16] = seg[17] = 0;
	if (ver == 4) {
		sum = sum_bytes(sum, src4, 4);
		sum = sum_bytes(sum, dst4, 4);
	} else {
		sum = sum_bytes(sum, src6, 16);
		sum = sum_bytes(sum, dst6, 16);
	}
	sum += 6 + (uint32_t)len;
	sum = sum_bytes(sum, seg, len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static size_t put_tcp(uint8_t *p, uint8_t flags, const uint8_t *opts, size_t optlen)
{
	memset(p, 0, 20);
	p[0] = 0x30, p[1] = 0x39; /* 12345 */
	p[2] = 0x01, p[3] = 0xbb; /* 443 */
	p[4] = 0x12, p[7] = 0x34; /* seq */
	p[12] = (uint8_t)(((20 + optlen) / 4) << 4);
	p[13] = flags;
	p[14] = 0xfa, p[15] = 0xf0; /* window */
	memcpy(p + 20, opts, optlen);
	memcpy(p + 20 + optlen, data, sizeof(data) - 1);
	return 20 + optlen + sizeof(data) - 1;
}

static void build(const struct mss_case *c, struct built *b)
{
	size_t ip, tlen;
	uint16_t cs;

	ck_assert_uint_eq(c->optlen % 4, 0);
	memset(b, 0, sizeof(*b));
	if (c->ver == 4) {
		ip = 20 + c->extlen;
		tlen = put_tcp(b->buf + ip, c->flags, c->opts, c->optlen);
		b->buf[0] = (uint8_t)(0x40 | ip / 4);
		b->buf[2] = (uint8_t)((ip + tlen) >> 8);
		b->buf[3] = (uint8_t)(ip + tlen);
		b->buf[6] = (uint8_t)(c->frag >> 8);
		b->buf[7] = (uint8_t)c->frag;
		b->buf[8] = 64;
		b->buf[9] = 6;
		memcpy(b->buf + 12, src4, 4);
		memcpy(b->buf + 16, dst4, 4);
		memcpy(b->buf + 20, c->ext, c->extlen);
	} else {
		ip = 40 + c->extlen;
		tlen = put_tcp(b->buf + ip, c->flags, c->opts, c->optlen);
		b->buf[0] = 0x60;
		b->buf[4] = (uint8_t)((c->extlen + tlen) >> 8);
		b->buf[5] = (uint8_t)(c->extlen + tlen);
		b->buf[6] = c->extlen ? c->nh : 6;
		b->buf[7] = 64;
		memcpy(b->buf + 8, src6, 16);
		memcpy(b->buf + 24, dst6, 16);
		memcpy(b->buf + 40, c->ext, c->extlen);
	}
	cs = tcp_csum_scratch(c->ver, b->buf + ip, tlen);
	b->buf[ip + 16] = (uint8_t)(cs >> 8);
	b->buf[ip + 17] = (uint8_t)cs;
	b->tcp = ip;
	b->len = ip + tlen;

	switch (c->mangle) {
	case M_NONE:
		break;
	case M_TRUNC:
		b->len -= (size_t)c->arg;
		break;
	case M_KEEP:
		b->len = (size_t)c->arg;
		break;
	case M_PAD:
		memset(b->buf + b->len, 0xee, (size_t)c->arg);
		b->len += (size_t)c->arg;
		break;
	case M_IHL:
		b->buf[0] = (uint8_t)((b->buf[0] & 0xf0) | c->arg);
		break;
	case M_TOTLEN:
		b->buf[3] = (uint8_t)(b->buf[3] + c->arg);
		break;
	case M_PROTO:
		b->buf[9] = (uint8_t)c->arg;
		break;
	case M_VERSION:
		b->buf[0] = (uint8_t)((b->buf[0] & 0x0f) | c->arg << 4);
		break;
	case M_DOFF:
		b->buf[ip + 12] = (uint8_t)(c->arg << 4);
		break;
	case M_PLEN:
		b->buf[5] = (uint8_t)(b->buf[5] + c->arg);
		break;
	case M_PLEN0:
		b->buf[4] = b->buf[5] = 0;
		break;
	}
}

/* Typical Linux SYN options: MSS, SACK permitted, timestamps, NOP, WS. */
#define LINUX_OPTS                                                                                 \
	"\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x01\x02\x03\x00\x00\x00\x00\x01\x03\x03\x07"
#define MSS1460	   "\x02\x04\x05\xb4"
#define HBH_TO(nh) nh "\x00\x01\x04\x00\x00\x00\x00"
#define RT_TO(nh)  nh "\x00\x00\x00\x00\x00\x00\x00"
#define DST_TO(nh) nh "\x00\x01\x04\x00\x00\x00\x00"

#define SYN    0x02
#define SYNACK 0x12
#define ACK    0x10

static const struct mss_case cases[] = {
	/* IPv4 */
	{"v4 syn", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_NONE, 0, 1360, true, 0, 1360},
	{"v4 syn-ack", 4, SYNACK, BYTES(MSS1460), NONE, 0, 0, M_NONE, 0, 1360, true, 0, 1360},
	{"v4 linux options", 4, SYN, BYTES(LINUX_OPTS), NONE, 0, 0, M_NONE, 0, 1396, true, 0, 1396},
	{"v4 mss at odd offset", 4, SYN, BYTES("\x01\x02\x04\x05\xb4\x01\x01\x01"), NONE, 0, 0,
	 M_NONE, 0, 1379, true, 1, 1379},
	{"v4 mss 65535 to 1", 4, SYN, BYTES("\x02\x04\xff\xff"), NONE, 0, 0, M_NONE, 0, 1, true, 0,
	 1},
	{"v4 two mss options", 4, SYN, BYTES("\x02\x04\x05\xb4\x02\x04\x23\x28"), NONE, 0, 0,
	 M_NONE, 0, 1200, true, 4, 1200},
	{"v4 mss equal to clamp", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_NONE, 0, 1460, false, -1,
	 0},
	{"v4 mss below clamp", 4, SYN, BYTES("\x02\x04\x02\x18"), NONE, 0, 0, M_NONE, 0, 1360,
	 false, -1, 0},
	{"v4 clamp 0", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_NONE, 0, 0, false, -1, 0},
	{"v4 ack not syn", 4, ACK, BYTES(MSS1460), NONE, 0, 0, M_NONE, 0, 1360, false, -1, 0},
	{"v4 syn no options", 4, SYN, NONE, NONE, 0, 0, M_NONE, 0, 1360, false, -1, 0},
	{"v4 mss after eol", 4, SYN, BYTES("\x00\x00\x00\x00\x02\x04\x05\xb4"), NONE, 0, 0, M_NONE,
	 0, 1360, false, -1, 0},
	{"v4 mss length 3", 4, SYN, BYTES("\x02\x03\x05\xb4"), NONE, 0, 0, M_NONE, 0, 1360, false,
	 -1, 0},
	{"v4 option length 0", 4, SYN, BYTES("\x08\x00\x01\x01\x02\x04\x05\xb4"), NONE, 0, 0,
	 M_NONE, 0, 1360, false, -1, 0},
	{"v4 option length 1", 4, SYN, BYTES("\x02\x04\x05\xb4\x08\x01\x01\x01"), NONE, 0, 0,
	 M_NONE, 0, 1360, false, -1, 0},
	{"v4 option kind without length", 4, SYN, BYTES("\x02\x04\x05\xb4\x01\x01\x01\x02"), NONE,
	 0, 0, M_NONE, 0, 1360, false, -1, 0},
	{"v4 mss truncated", 4, SYN, BYTES("\x01\x01\x02\x04"), NONE, 0, 0, M_NONE, 0, 1360, false,
	 -1, 0},
	{"v4 option past data offset", 4, SYN, BYTES("\x02\x04\x05\xb4\x08\x0a\x00\x00"), NONE, 0,
	 0, M_NONE, 0, 1360, false, -1, 0},
	{"v4 first fragment", 4, SYN, BYTES(MSS1460), NONE, 0, 0x2000, M_NONE, 0, 1360, true, 0,
	 1360},
	{"v4 non-first fragment", 4, SYN, BYTES(MSS1460), NONE, 0, 0x0001, M_NONE, 0, 1360, false,
	 -1, 0},
	{"v4 with ip options", 4, SYN, BYTES(MSS1460), BYTES("\x01\x01\x01\x00"), 0, 0, M_NONE, 0,
	 1360, true, 0, 1360},
	{"v4 link padding", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_PAD, 6, 1360, true, 0, 1360},
	{"v4 ihl 4", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_IHL, 4, 1360, false, -1, 0},
	{"v4 ihl 15", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_IHL, 15, 1360, false, -1, 0},
	{"v4 total length past buffer", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_TOTLEN, 1, 1360,
	 false, -1, 0},
	{"v4 buffer short", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_TRUNC, 1, 1360, false, -1, 0},
	{"v4 total length cuts options", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_TOTLEN, -7, 1360,
	 false, -1, 0},
	{"v4 19 bytes", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_KEEP, 19, 1360, false, -1, 0},
	{"v4 empty", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_KEEP, 0, 1360, false, -1, 0},
	{"v4 tcp header cut", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_TOTLEN, -19, 1360, false, -1,
	 0},
	{"v4 udp", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_PROTO, 17, 1360, false, -1, 0},
	{"v4 version 5", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_VERSION, 5, 1360, false, -1, 0},
	{"v4 data offset 4", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_DOFF, 4, 1360, false, -1, 0},
	{"v4 data offset past segment", 4, SYN, BYTES(MSS1460), NONE, 0, 0, M_DOFF, 15, 1360, false,
	 -1, 0},
	/* IPv6 */
	{"v6 syn", 6, SYN, BYTES("\x02\x04\x05\xa0"), NONE, 0, 0, M_NONE, 0, 1220, true, 0, 1220},
	{"v6 linux options", 6, SYN, BYTES(LINUX_OPTS), NONE, 0, 0, M_NONE, 0, 1376, true, 0, 1376},
	{"v6 mss at odd offset", 6, SYNACK, BYTES("\x01\x02\x04\x05\xb4\x01\x01\x01"), NONE, 0, 0,
	 M_NONE, 0, 1377, true, 1, 1377},
	{"v6 hop-by-hop", 6, SYN, BYTES(MSS1460), BYTES(HBH_TO("\x06")), 0, 0, M_NONE, 0, 1376,
	 true, 0, 1376},
	{"v6 hbh routing dstopts", 6, SYN, BYTES(MSS1460),
	 BYTES(HBH_TO("\x2b") RT_TO("\x3c") DST_TO("\x06")), 0, 0, M_NONE, 0, 1376, true, 0, 1376},
	{"v6 first fragment", 6, SYN, BYTES(MSS1460), BYTES("\x06\x00\x00\x01\x12\x34\x56\x78"), 44,
	 0, M_NONE, 0, 1376, true, 0, 1376},
	{"v6 non-first fragment", 6, SYN, BYTES(MSS1460), BYTES("\x06\x00\x00\x08\x12\x34\x56\x78"),
	 44, 0, M_NONE, 0, 1376, false, -1, 0},
	{"v6 behind AH", 6, SYN, BYTES(MSS1460),
	 BYTES("\x06\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x01"), 51, 0, M_NONE, 0, 1376, false,
	 -1, 0},
	{"v6 no next header", 6, SYN, BYTES(MSS1460), BYTES(HBH_TO("\x3b")), 0, 0, M_NONE, 0, 1376,
	 false, -1, 0},
	{"v6 ext header past payload", 6, SYN, BYTES(MSS1460),
	 BYTES("\x06\x09\x01\x04\x00\x00\x00\x00"), 0, 0, M_NONE, 0, 1376, false, -1, 0},
	{"v6 fragment header cut", 6, SYN, BYTES(MSS1460),
	 BYTES("\x06\x00\x00\x01\x12\x34\x56\x78"), 44, 0, M_PLEN, -33, 1376, false, -1, 0},
	{"v6 payload length past buffer", 6, SYN, BYTES(MSS1460), NONE, 0, 0, M_PLEN, 1, 1376,
	 false, -1, 0},
	{"v6 payload length 0", 6, SYN, BYTES(MSS1460), NONE, 0, 0, M_PLEN0, 0, 1376, false, -1, 0},
	{"v6 link padding", 6, SYN, BYTES(MSS1460), NONE, 0, 0, M_PAD, 3, 1376, true, 0, 1376},
	{"v6 39 bytes", 6, SYN, BYTES(MSS1460), NONE, 0, 0, M_KEEP, 39, 1376, false, -1, 0},
	{"v6 buffer short", 6, SYN, BYTES(MSS1460), NONE, 0, 0, M_TRUNC, 1, 1376, false, -1, 0},
	{"v6 truncated option", 6, SYN, BYTES("\x01\x01\x01\x02"), NONE, 0, 0, M_NONE, 0, 1376,
	 false, -1, 0},
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

START_TEST(test_mss_table)
{
	const struct mss_case *c = &cases[_i];
	struct built b;
	uint8_t *pkt;
	bool got;

	build(c, &b);
	/* An exact-size heap copy, so valgrind sees any read past the end. */
	pkt = malloc(b.len ? b.len : 1);
	ck_assert_ptr_nonnull(pkt);
	memcpy(pkt, b.buf, b.len);
	got = mss_clamp(pkt, b.len, c->clamp);
	ck_assert_msg(got == c->clamped, "%s: clamped %d, expected %d", c->name, got, c->clamped);
	if (!c->clamped) {
		ck_assert_msg(memcmp(pkt, b.buf, b.len) == 0, "%s: changed", c->name);
	} else {
		size_t tlen = b.len - b.tcp;
		size_t at = b.tcp + 20 + (size_t)c->mss_at + 2;
		size_t i;

		if (c->mangle == M_PAD)
			tlen -= (size_t)c->arg;
		ck_assert_uint_eq(get16(pkt + at), c->mss_after);
		ck_assert_msg(get16(pkt + b.tcp + 16) ==
				      tcp_csum_scratch(c->ver, pkt + b.tcp, tlen),
			      "%s: checksum %04x, from scratch %04x", c->name,
			      get16(pkt + b.tcp + 16), tcp_csum_scratch(c->ver, pkt + b.tcp, tlen));
		/* Nothing but MSS values and the checksum moved. */
		for (i = 0; i < b.len; i++) {
			if (pkt[i] == b.buf[i] || i == b.tcp + 16 || i == b.tcp + 17)
				continue;
			ck_assert_msg(i >= b.tcp + 20 && i < b.tcp + 20 + c->optlen, "%s: byte %zu",
				      c->name, i);
		}
	}
	free(pkt);
}
END_TEST

static const struct mss_case *find_case(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	ck_abort_msg("no case %s", name);
	return NULL;
}

/* Every prefix of a packet that would be clamped is shorter than its
 * stated length: untouched, and never read past its end. */
START_TEST(test_mss_every_truncation)
{
	const struct mss_case *c = find_case(_i ? "v6 hbh routing dstopts" : "v4 linux options");
	struct built b;
	size_t n;

	build(c, &b);
	ck_assert(c->clamped);
	ck_assert(!mss_clamp(NULL, 0, 536));
	for (n = 0; n < b.len; n++) {
		uint8_t *pkt = malloc(n ? n : 1);

		ck_assert_ptr_nonnull(pkt);
		memcpy(pkt, b.buf, n);
		ck_assert(!mss_clamp(pkt, n, 536));
		ck_assert(memcmp(pkt, b.buf, n) == 0);
		free(pkt);
	}
}
END_TEST

/* The incremental update against a from-scratch checksum over many
 * values, both option alignments, both IP versions: whatever checksum the
 * packet starts with (0x0000 included), the result is the sender's. */
START_TEST(test_mss_checksum_sweep)
{
	uint32_t seed = 12345;
	unsigned n, hits = 0;

	for (n = 0; n < 40000; n++) {
		uint8_t opts[8] = {1, 1, 1, 1, 1, 1, 1, 1};
		struct mss_case c = {"sweep", 4,      SYN, opts, 8,    NONE, 0,
				     0,	      M_NONE, 0,   0,	 true, 0,    0};
		struct built b;
		uint16_t mss, clamp;
		size_t at;

		seed = seed * 1103515245u + 12345u;
		mss = (uint16_t)(seed >> 8);
		seed = seed * 1103515245u + 12345u;
		clamp = (uint16_t)(seed >> 8);
		c.ver = (seed & 0x10000) ? 6 : 4;
		at = (seed >> 3) & 3;
		opts[at] = 2, opts[at + 1] = 4;
		opts[at + 2] = (uint8_t)(mss >> 8), opts[at + 3] = (uint8_t)mss;
		build(&c, &b);
		/* Vary the payload so the checksum takes every value. */
		b.buf[b.len - 1] = (uint8_t)(n >> 8);
		b.buf[b.len - 2] = (uint8_t)n;
		{
			uint16_t cs = tcp_csum_scratch(c.ver, b.buf + b.tcp, b.len - b.tcp);

			b.buf[b.tcp + 16] = (uint8_t)(cs >> 8);
			b.buf[b.tcp + 17] = (uint8_t)cs;
		}
		if (!mss_clamp(b.buf, b.len, clamp)) {
			ck_assert(clamp == 0 || mss <= clamp);
			continue;
		}
		hits++;
		ck_assert(clamp != 0 && mss > clamp);
		ck_assert_uint_eq(get16(b.buf + b.tcp + 20 + at + 2), clamp);
		ck_assert_uint_eq(get16(b.buf + b.tcp + 16),
				  tcp_csum_scratch(c.ver, b.buf + b.tcp, b.len - b.tcp));
	}
	ck_assert_uint_gt(hits, 10000);
}
END_TEST

START_TEST(test_mss_for_mtu)
{
	ck_assert_uint_eq(mss_clamp_for_mtu(1500, false), 1460);
	ck_assert_uint_eq(mss_clamp_for_mtu(1500, true), 1440);
	ck_assert_uint_eq(mss_clamp_for_mtu(1436, false), 1396);
	ck_assert_uint_eq(mss_clamp_for_mtu(1436, true), 1376);
	ck_assert_uint_eq(mss_clamp_for_mtu(41, false), 1);
	ck_assert_uint_eq(mss_clamp_for_mtu(40, false), 0);
	ck_assert_uint_eq(mss_clamp_for_mtu(60, true), 0);
	ck_assert_uint_eq(mss_clamp_for_mtu(0, true), 0);
	ck_assert_uint_eq(mss_clamp_for_mtu(65575, false), 65535);
	ck_assert_uint_eq(mss_clamp_for_mtu(1000000, true), 65535);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mss");
	TCase *tc = tcase_create("mss");

	tcase_add_loop_test(tc, test_mss_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_mss_every_truncation, 0, 2);
	tcase_add_test(tc, test_mss_checksum_sweep);
	tcase_add_test(tc, test_mss_for_mtu);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
