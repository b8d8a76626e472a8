/*
 * TCP MSS clamping.  The packet is walked with the bounded reader; the
 * only writes are the MSS value and the checksum, at offsets the reader
 * has already proven to lie inside the buffer.
 *
 * Malformed packets are not logged: they are a peer's or a local host's
 * business, arrive at line rate, and are forwarded untouched anyway.
 */
#include "vtid/dp/mss.h"

#include "common/wire.h"

#define MSS_PROTO_TCP	  6
#define MSS_PROTO_HOPOPTS 0
#define MSS_PROTO_ROUTING 43
#define MSS_PROTO_FRAG	  44
#define MSS_PROTO_DSTOPTS 60

#define MSS_TCP_SYN	0x02
#define MSS_OPT_EOL	0
#define MSS_OPT_NOP	1
#define MSS_OPT_MSS	2
#define MSS_OPT_MSS_LEN 4

/* Where a TCP segment sits in the packet: [off, off + len). */
struct mss_seg {
	size_t off;
	size_t len;
};

static bool mss_find_tcp4(const uint8_t *pkt, size_t len, struct mss_seg *seg)
{
	struct wire_reader r;
	uint8_t vihl, tos, ttl, proto;
	uint16_t tot, id, frag;
	size_t ihl;

	wire_rd_init(&r, pkt, len);
	wire_rd_u8(&r, &vihl);
	wire_rd_u8(&r, &tos);
	wire_rd_u16(&r, &tot);
	wire_rd_u16(&r, &id);
	wire_rd_u16(&r, &frag);
	wire_rd_u8(&r, &ttl);
	wire_rd_u8(&r, &proto);
	if (!wire_rd_ok(&r))
		return false;
	ihl = (size_t)(vihl & 0x0f) * 4;
	/* Trailing bytes past the total length (link padding) are not part
	 * of the packet; a total length past the buffer is a lie. */
	if (ihl < 20 || tot < ihl || tot > len)
		return false;
	/* Only the first fragment carries the TCP header. */
	if ((frag & 0x1fff) != 0 || proto != MSS_PROTO_TCP)
		return false;
	seg->off = ihl;
	seg->len = tot - ihl;
	return true;
}

static bool mss_find_tcp6(const uint8_t *pkt, size_t len, struct mss_seg *seg)
{
	struct wire_reader r, payload;
	uint32_t vtcfl;
	uint16_t plen, frag;
	uint8_t next, hlim, hdrlen;

	wire_rd_init(&r, pkt, len);
	wire_rd_u32(&r, &vtcfl);
	wire_rd_u16(&r, &plen);
	wire_rd_u8(&r, &next);
	wire_rd_u8(&r, &hlim);
	wire_rd_skip(&r, 32);
	/* Payload length 0 is a jumbogram (or nonsense): leave it. */
	if (!wire_rd_ok(&r) || plen == 0 || !wire_rd_sub(&r, plen, &payload))
		return false;
	/* Each extension header is at least 8 bytes, so the walk ends. */
	for (;;) {
		switch (next) {
		case MSS_PROTO_TCP:
			seg->off = 40 + wire_rd_pos(&payload);
			seg->len = wire_rd_left(&payload);
			return true;
		case MSS_PROTO_HOPOPTS:
		case MSS_PROTO_ROUTING:
		case MSS_PROTO_DSTOPTS:
			wire_rd_u8(&payload, &next);
			wire_rd_u8(&payload, &hdrlen);
			wire_rd_skip(&payload, (size_t)hdrlen * 8 + 6);
			break;
		case MSS_PROTO_FRAG:
			wire_rd_u8(&payload, &next);
			wire_rd_skip(&payload, 1);
			wire_rd_u16(&payload, &frag);
			wire_rd_skip(&payload, 4);
			if (wire_rd_ok(&payload) && (frag & 0xfff8) != 0)
				return false;
			break;
		default:
			return false;
		}
		if (!wire_rd_ok(&payload))
			return false;
	}
}

/* Sum the 16-bit word at an odd offset as its bytes land in the checksum:
 * swapped (RFC 1071 §2(B), byte order independence). */
static uint16_t mss_csum_word(uint16_t v, size_t off)
{
	return (off & 1) ? (uint16_t)((v << 8) | (v >> 8)) : v;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').  Never produces 0xffff from a
 * checksum that a sender computed (one that is not 0xffff itself). */
static uint16_t mss_csum_update(uint16_t hc, uint16_t m, uint16_t m_new)
{
	uint32_t sum = (uint16_t)~hc;

	sum += (uint16_t)~m;
	sum += m_new;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void mss_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * Walk the option list; with apply, also clamp.  The first pass proves the
 * whole list well-formed, so a malformed list is never half-changed.
 * Returns -1 on a malformed list, else the number of MSS options above the
 * clamp (changed when apply).
 */
static int mss_opts_walk(uint8_t *tcp, size_t optlen, uint16_t clamp, bool apply)
{
	struct wire_reader r;
	uint8_t kind, olen;
	uint16_t mss, csum;
	int found = 0;

	wire_rd_init(&r, tcp + 20, optlen);
	while (wire_rd_left(&r) > 0) {
		size_t at = 20 + wire_rd_pos(&r);
		wire_rd_u8(&r, &kind);
		if (kind == MSS_OPT_EOL)
			break;
		if (kind == MSS_OPT_NOP)
			continue;
		if (!wire_rd_u8(&r, &olen) || olen < 2)
			return -1;
		if (kind != MSS_OPT_MSS) {
			if (!wire_rd_skip(&r, (size_t)olen - 2))
				return -1;
			continue;
		}
		if (olen != MSS_OPT_MSS_LEN || !wire_rd_u16(&r, &mss))
			return -1;
		if (mss <= clamp)
			continue;
		found++;
		if (!apply)
			continue;
		csum = (uint16_t)(tcp[16] << 8 | tcp[17]);
		csum = mss_csum_update(csum, mss_csum_word(mss, at + 2),
				       mss_csum_word(clamp, at + 2));
		mss_put_u16(tcp + at + 2, clamp);
		mss_put_u16(tcp + 16, csum);
	}
	return found;
}

bool mss_clamp(uint8_t *pkt, size_t len, uint16_t clamp)
{
	struct wire_reader r;
	struct mss_seg seg;
	uint8_t first, doff, flags;
	bool found;

	if (clamp == 0 || pkt == NULL)
		return false;
	wire_rd_init(&r, pkt, len);
	if (!wire_rd_peek_u8(&r, &first))
		return false;
	switch (first >> 4) {
	case 4:
		found = mss_find_tcp4(pkt, len, &seg);
		break;
	case 6:
		found = mss_find_tcp6(pkt, len, &seg);
		break;
	default:
		found = false;
		break;
	}
	if (!found)
		return false;

	wire_rd_init(&r, pkt + seg.off, seg.len);
	wire_rd_skip(&r, 12);
	wire_rd_u8(&r, &doff);
	wire_rd_u8(&r, &flags);
	doff = (uint8_t)((doff >> 4) * 4);
	if (!wire_rd_ok(&r) || doff < 20 || doff > seg.len || !(flags & MSS_TCP_SYN))
		return false;
	if (mss_opts_walk(pkt + seg.off, (size_t)doff - 20, clamp, false) <= 0)
		return false;
	mss_opts_walk(pkt + seg.off, (size_t)doff - 20, clamp, true);
	return true;
}

uint16_t mss_clamp_for_mtu(uint32_t mtu, bool ipv6)
{
	uint32_t hdr = ipv6 ? 60 : 40;

	if (mtu <= hdr)
		return 0;
	return mtu - hdr > 0xffff ? 0xffff : (uint16_t)(mtu - hdr);
}
