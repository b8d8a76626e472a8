/*
 * Segmentation and coalescing of TCP super-packets for TUN offloads.
 * Headers are measured with the bounded reader first; the writes that
 * follow go only to offsets inside the lengths it has proven.
 */
#include "vtid/dp/gso.h"

#include <endian.h>
#include <errno.h>
#include <linux/virtio_net.h>
#include <string.h>

#include "common/wire.h"

#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

#define GSO_TCP	     6
#define GSO_UDP	     17
#define GSO_TCP_FIN  0x01
#define GSO_TCP_PSH  0x08
#define GSO_TCP_ACK  0x10
#define GSO_TCP_CWR  0x80
#define GSO_IP4_DF   0x40 /* in the high byte of the fragment field */
#define GSO_TCP_CSUM 16
#define GSO_UDP_CSUM 6

void gso_vnet_get(const uint8_t *p, struct gso_vnet *v)
{
	uint16_t f[4];

	memcpy(f, p + 2, sizeof(f));
	v->flags = p[0];
	v->type = p[1];
	v->hdr_len = le16toh(f[0]);
	v->size = le16toh(f[1]);
	v->csum_start = le16toh(f[2]);
	v->csum_offset = le16toh(f[3]);
}

void gso_vnet_put(uint8_t *p, const struct gso_vnet *v)
{
	uint16_t f[4] = {htole16(v->hdr_len), htole16(v->size), htole16(v->csum_start),
			 htole16(v->csum_offset)};

	p[0] = v->flags;
	p[1] = v->type;
	memcpy(p + 2, f, sizeof(f));
}

/* Ones' complement sums are byte-order blind: sum native words, store
 * the result natively, and it lands in network order. */
uint64_t gso_csum_add(uint64_t acc, const uint8_t *p, size_t n)
{
	uint32_t w;
	uint16_t h;

	for (; n >= 4; p += 4, n -= 4) {
		memcpy(&w, p, 4);
		acc += w;
	}
	if (n >= 2) {
		memcpy(&h, p, 2);
		acc += h;
		p += 2;
		n -= 2;
	}
	if (n) {
		uint8_t last[2] = {p[0], 0};

		memcpy(&h, last, 2);
		acc += h;
	}
	return acc;
}

uint16_t gso_csum_fold(uint64_t acc)
{
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	return (uint16_t)acc;
}

static void gso_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t gso_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t gso_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The pseudo-header's sum for an L4 segment of l4len bytes. */
static uint64_t gso_pseudo(const uint8_t *pkt, const struct gso_hdrs *h, size_t l4len)
{
	uint8_t tail[4] = {0, h->proto, (uint8_t)(l4len >> 8), (uint8_t)l4len};
	uint64_t acc = h->v6 ? gso_csum_add(0, pkt + 8, 32) : gso_csum_add(0, pkt + 12, 8);

	return gso_csum_add(acc, tail, 4);
}

static void gso_ip4_csum(uint8_t *pkt, size_t ihl)
{
	uint16_t c;

	pkt[10] = pkt[11] = 0;
	c = (uint16_t)~gso_csum_fold(gso_csum_add(0, pkt, ihl));
	memcpy(pkt + 10, &c, 2);
}

/* Measure an IP packet carrying TCP or UDP, with no IPv4 fragments and no
 * IPv6 extension headers. */
static int gso_parse(const uint8_t *p, size_t n, struct gso_hdrs *h)
{
	struct wire_reader r;
	uint8_t vihl, b, proto, doff = 0;
	uint16_t tot, frag;
	uint32_t w;

	wire_rd_init(&r, p, n);
	if (!wire_rd_peek_u8(&r, &vihl))
		return -EINVAL;
	h->v6 = vihl >> 4 == 6;
	if (vihl >> 4 == 4) {
		wire_rd_u8(&r, &vihl);
		wire_rd_u8(&r, &b);
		wire_rd_u16(&r, &tot);
		wire_rd_skip(&r, 2);
		wire_rd_u16(&r, &frag);
		wire_rd_u8(&r, &b);
		wire_rd_u8(&r, &proto);
		h->l4off = (size_t)(vihl & 0x0f) * 4;
		if (!wire_rd_ok(&r) || h->l4off < 20 || tot < h->l4off || tot > n ||
		    (frag & 0x3fff) != 0)
			return -EINVAL;
		h->len = tot;
	} else if (h->v6) {
		wire_rd_u32(&r, &w);
		wire_rd_u16(&r, &tot);
		wire_rd_u8(&r, &proto);
		if (!wire_rd_ok(&r) || tot == 0 || (size_t)tot + 40 > n)
			return -EINVAL;
		h->l4off = 40;
		h->len = (size_t)tot + 40;
	} else {
		return -EINVAL;
	}
	h->proto = proto;
	wire_rd_init(&r, p + h->l4off, h->len - h->l4off);
	if (proto == GSO_TCP) {
		wire_rd_skip(&r, 12);
		wire_rd_u8(&r, &doff);
		h->hlen = h->l4off + (size_t)(doff >> 4) * 4;
		if (!wire_rd_ok(&r) || doff >> 4 < 5 || h->hlen > h->len)
			return -EINVAL;
	} else if (proto == GSO_UDP) {
		h->hlen = h->l4off + 8;
		if (!wire_rd_skip(&r, 8))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	return 0;
}

int gso_seg_init(struct gso_seg *s, const struct gso_vnet *v, const uint8_t *pkt, size_t len)
{
	uint8_t type = v->type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;

	memset(s, 0, sizeof(*s));
	s->v = *v;
	if (type == VIRTIO_NET_HDR_GSO_NONE) {
		if ((v->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
		    ((size_t)v->csum_start + v->csum_offset + 2 > len || v->csum_start >= len))
			return -EINVAL;
		s->pkt = pkt;
		s->len = len;
		return 0;
	}
	if (gso_parse(pkt, len, &s->h) < 0 || v->size == 0 || s->h.hlen >= s->h.len ||
	    (type == VIRTIO_NET_HDR_GSO_TCPV4 && (s->h.v6 || s->h.proto != GSO_TCP)) ||
	    (type == VIRTIO_NET_HDR_GSO_TCPV6 && (!s->h.v6 || s->h.proto != GSO_TCP)) ||
	    (type == VIRTIO_NET_HDR_GSO_UDP_L4 && s->h.proto != GSO_UDP) ||
	    (type != VIRTIO_NET_HDR_GSO_TCPV4 && type != VIRTIO_NET_HDR_GSO_TCPV6 &&
	     type != VIRTIO_NET_HDR_GSO_UDP_L4))
		return -EINVAL;
	s->pkt = pkt;
	s->len = s->h.len;
	s->off = s->h.hlen;
	s->gso = true;
	return 0;
}

/* One packet as it came, its checksum completed when asked. */
static ssize_t gso_seg_whole(struct gso_seg *s, uint8_t *out, size_t cap)
{
	if (s->len > cap)
		return -EMSGSIZE;
	memcpy(out, s->pkt, s->len);
	s->off = s->len;
	if (s->v.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		/* The field holds the pseudo-header's sum already. */
		uint64_t acc = gso_csum_add(0, out + s->v.csum_start, s->len - s->v.csum_start);
		uint16_t c = (uint16_t)~gso_csum_fold(acc);

		if (c == 0)
			c = 0xffff; /* UDP's "no checksum"; the same to TCP */
		memcpy(out + s->v.csum_start + s->v.csum_offset, &c, 2);
	}
	return (ssize_t)s->len;
}

ssize_t gso_seg_next(struct gso_seg *s, uint8_t *out, size_t cap)
{
	const struct gso_hdrs *h = &s->h;
	size_t plen, l4len, total, csum_at;
	bool first, last;
	uint16_t c;

	if (!gso_seg_more(s))
		return 0;
	if (!s->gso)
		return gso_seg_whole(s, out, cap);
	plen = s->len - s->off < s->v.size ? s->len - s->off : s->v.size;
	total = h->hlen + plen;
	if (total > cap) {
		s->off = s->len;
		return -EMSGSIZE;
	}
	first = s->idx == 0;
	last = s->off + plen == s->len;
	memcpy(out, s->pkt, h->hlen);
	memcpy(out + h->hlen, s->pkt + s->off, plen);
	l4len = total - h->l4off;
	if (h->v6) {
		gso_put16(out + 4, (uint16_t)(total - 40));
	} else {
		gso_put16(out + 2, (uint16_t)total);
		gso_put16(out + 4, (uint16_t)(gso_get16(s->pkt + 4) + s->idx));
		gso_ip4_csum(out, h->l4off);
	}
	if (h->proto == GSO_TCP) {
		uint8_t *th = out + h->l4off;
		uint32_t seq = gso_get32(th + 4) + (uint32_t)(s->off - h->hlen);

		th[4] = (uint8_t)(seq >> 24);
		th[5] = (uint8_t)(seq >> 16);
		th[6] = (uint8_t)(seq >> 8);
		th[7] = (uint8_t)seq;
		if (!last)
			th[13] &= (uint8_t)~(GSO_TCP_FIN | GSO_TCP_PSH);
		if (!first)
			th[13] &= (uint8_t)~GSO_TCP_CWR;
		csum_at = h->l4off + GSO_TCP_CSUM;
	} else {
		gso_put16(out + h->l4off + 4, (uint16_t)l4len);
		csum_at = h->l4off + GSO_UDP_CSUM;
	}
	out[csum_at] = out[csum_at + 1] = 0;
	c = (uint16_t)~gso_csum_fold(
		gso_csum_add(gso_pseudo(out, h, l4len), out + h->l4off, l4len));
	if (c == 0 && h->proto == GSO_UDP)
		c = 0xffff;
	memcpy(out + csum_at, &c, 2);
	s->off += plen;
	s->idx++;
	return (ssize_t)total;
}

void gso_merge_reset(struct gso_merge *m)
{
	m->count = 0;
	m->first = NULL;
	m->closed = m->psh = false;
	m->payload = 0;
}

/* A segment that may be glued to others: TCP, exact length, data, flags
 * ACK or ACK|PSH, IPv4 without options, and a checksum that verifies. */
static bool gso_merge_candidate(const uint8_t *p, size_t n, struct gso_hdrs *h)
{
	uint8_t flags;

	if (gso_parse(p, n, h) < 0 || h->proto != GSO_TCP || h->len != n || h->hlen >= n ||
	    (!h->v6 && h->l4off != 20))
		return false;
	flags = p[h->l4off + 13];
	if ((flags & ~GSO_TCP_PSH) != GSO_TCP_ACK)
		return false;
	return gso_csum_fold(gso_csum_add(gso_pseudo(p, h, n - h->l4off), p + h->l4off,
					  n - h->l4off)) == 0xffff;
}

/* Does pkt continue the run?  Everything that a later segmentation would
 * copy from the first packet's headers must be the same. */
static bool gso_merge_follows(const struct gso_merge *m, const uint8_t *p, const struct gso_hdrs *h)
{
	const uint8_t *f = m->first, *ft = f + m->h.l4off, *pt = p + h->l4off;
	size_t plen = h->len - h->hlen;

	if (h->v6 != m->h.v6 || h->hlen != m->h.hlen || plen > m->mss ||
	    m->h.hlen + m->payload + plen > GSO_MAX_PKT || m->count >= GSO_MERGE_MAX)
		return false;
	if (h->v6) {
		if (memcmp(f, p, 4) != 0 || memcmp(f + 6, p + 6, 34) != 0)
			return false;
	} else {
		if (memcmp(f, p, 2) != 0 || memcmp(f + 6, p + 6, 4) != 0 ||
		    memcmp(f + 12, p + 12, 8) != 0)
			return false;
		/* Without DF the IDs must run on, as segmentation makes them. */
		if (!(f[6] & GSO_IP4_DF) && gso_get16(p + 4) != m->next_id)
			return false;
	}
	return memcmp(ft, pt, 4) == 0 && gso_get32(pt + 4) == m->next_seq &&
	       memcmp(ft + 8, pt + 8, 5) == 0 && memcmp(ft + 14, pt + 14, 2) == 0 &&
	       memcmp(ft + 20, pt + 20, m->h.hlen - m->h.l4off - 20) == 0;
}

bool gso_merge_add(struct gso_merge *m, uint8_t *pkt, size_t len)
{
	struct gso_hdrs h;
	bool ok = gso_merge_candidate(pkt, len, &h);
	size_t plen;

	if (m->count == 0) {
		m->first = pkt;
		m->h = h;
		m->count = 1;
		m->closed = !ok || (pkt[h.l4off + 13] & GSO_TCP_PSH);
		m->iov[1] = (struct iovec){pkt, len};
		if (ok) {
			m->mss = m->payload = len - h.hlen;
			m->next_seq = gso_get32(pkt + h.l4off + 4) + (uint32_t)m->mss;
			m->next_id = (uint16_t)(gso_get16(pkt + 4) + 1);
		}
		return true;
	}
	if (m->closed || !ok || !gso_merge_follows(m, pkt, &h))
		return false;
	plen = len - h.hlen;
	m->iov[++m->count] = (struct iovec){pkt + h.hlen, plen};
	m->payload += plen;
	m->next_seq += (uint32_t)plen;
	m->next_id++;
	if (pkt[h.l4off + 13] & GSO_TCP_PSH)
		m->psh = m->closed = true;
	if (plen < m->mss)
		m->closed = true;
	return true;
}

unsigned gso_merge_finish(struct gso_merge *m)
{
	struct gso_vnet v = {0};
	size_t total = m->h.hlen + m->payload;
	uint8_t *p = m->first;
	uint16_t c;

	if (m->count == 0)
		return 0;
	m->iov[0] = (struct iovec){m->vnet, GSO_VNET_LEN};
	if (m->count > 1) {
		if (m->h.v6) {
			gso_put16(p + 4, (uint16_t)(total - 40));
		} else {
			gso_put16(p + 2, (uint16_t)total);
			gso_ip4_csum(p, m->h.l4off);
		}
		if (m->psh)
			p[m->h.l4off + 13] |= GSO_TCP_PSH;
		/* NEEDS_CSUM wants the pseudo-header's sum, not complemented. */
		c = gso_csum_fold(gso_pseudo(p, &m->h, total - m->h.l4off));
		memcpy(p + m->h.l4off + GSO_TCP_CSUM, &c, 2);
		v.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		v.type = m->h.v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4;
		v.hdr_len = (uint16_t)m->h.hlen;
		v.size = (uint16_t)m->mss;
		v.csum_start = (uint16_t)m->h.l4off;
		v.csum_offset = GSO_TCP_CSUM;
	}
	gso_vnet_put(m->vnet, &v);
	return m->count + 1;
}
