/*
 * TUN offloads' pure half (vtid/dp/gso.h): cutting TCP super-packets into
 * segments and gluing segments back, checked against checksums computed
 * here independently (test_csum.h).  Needs neither root nor a device.
 */
#include <check.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/virtio_net.h>
#include <string.h>

#include "tests/unit/check_main.h"
#include "tests/unit/test_csum.h"
#include "vtid/dp/gso.h"

#define MSS   1000
#define TCPH  32 /* with a timestamps option */
#define SEQ0  0xfffffc00u /* wraps inside the packet */
#define ID0   0xfffe
#define F_FIN 0x01
#define F_PSH 0x08
#define F_ACK 0x10
#define F_CWR 0x80

static size_t iph(bool v6)
{
	return v6 ? 40 : 20;
}

/* The pseudo-header of pkt's L4 segment, written to buf: its length. */
static size_t pseudo_make(const uint8_t *pkt, bool v6, uint8_t proto, uint8_t *buf)
{
	size_t l4 = v6 ? (size_t)(pkt[4] << 8 | pkt[5]) : (size_t)(pkt[2] << 8 | pkt[3]) - 20;

	memset(buf, 0, 40);
	if (v6) {
		memcpy(buf, pkt + 8, 32);
		buf[34] = (uint8_t)(l4 >> 8);
		buf[35] = (uint8_t)l4;
		buf[39] = proto;
		return 40;
	}
	memcpy(buf, pkt + 12, 8);
	buf[9] = proto;
	buf[10] = (uint8_t)(l4 >> 8);
	buf[11] = (uint8_t)l4;
	return 12;
}

/* The L4 checksum over a pseudo-header, computed the slow way: 0 when right. */
static uint16_t l4_check(const uint8_t *pkt, bool v6, uint8_t proto)
{
	static uint8_t buf[70000];
	size_t ph = pseudo_make(pkt, v6, proto, buf);
	size_t l4 = v6 ? (size_t)(pkt[4] << 8 | pkt[5]) : (size_t)(pkt[2] << 8 | pkt[3]) - 20;

	memcpy(buf + ph, pkt + iph(v6), l4);
	return test_inet_csum(buf, ph + l4);
}

/* An IP + TCP packet with payload plen (bytes i ^ 0x5a), flags, seq, and a
 * correct checksum, or the pseudo-header's sum when partial. */
static size_t build_tcp(uint8_t *p, bool v6, size_t plen, uint8_t flags, uint32_t seq,
			uint16_t sport, bool partial)
{
	size_t ih = iph(v6), len = ih + TCPH + plen, i;
	uint8_t *t = p + ih;
	uint16_t c;

	memset(p, 0, ih + TCPH);
	if (v6) {
		p[0] = 0x60;
		p[4] = (uint8_t)((len - 40) >> 8);
		p[5] = (uint8_t)(len - 40);
		p[6] = 6;
		p[7] = 64;
		inet_pton(AF_INET6, "2001:db8::1", p + 8);
		inet_pton(AF_INET6, "2001:db8::2", p + 24);
	} else {
		p[0] = 0x45;
		p[2] = (uint8_t)(len >> 8);
		p[3] = (uint8_t)len;
		p[4] = (uint8_t)(ID0 >> 8);
		p[5] = (uint8_t)ID0;
		p[6] = 0x40; /* DF */
		p[8] = 64;
		p[9] = 6;
		inet_pton(AF_INET, "10.0.0.1", p + 12);
		inet_pton(AF_INET, "10.0.0.2", p + 16);
		c = test_inet_csum(p, 20);
		memcpy(p + 10, &c, 2);
	}
	t[0] = (uint8_t)(sport >> 8);
	t[1] = (uint8_t)sport;
	t[2] = 0x14;
	t[3] = 0x51;
	t[4] = (uint8_t)(seq >> 24);
	t[5] = (uint8_t)(seq >> 16);
	t[6] = (uint8_t)(seq >> 8);
	t[7] = (uint8_t)seq;
	t[8] = 0x12; /* ack */
	t[12] = (TCPH / 4) << 4;
	t[13] = flags;
	t[14] = 0x20; /* window */
	t[20] = t[21] = 1;
	t[22] = 8;
	t[23] = 10;
	t[27] = 7; /* TSval */
	t[31] = 9; /* TSecr */
	for (i = 0; i < plen; i++)
		p[ih + TCPH + i] = (uint8_t)((seq + i) ^ 0x5a);
	if (partial) {
		/* what a sender offloading the checksum leaves: the pseudo-header's sum */
		uint8_t ph[40];

		c = (uint16_t)~test_inet_csum(ph, pseudo_make(p, v6, 6, ph));
	} else {
		c = l4_check(p, v6, 6);
	}
	memcpy(t + 16, &c, 2);
	return len;
}

static uint8_t super[70000], seg[3][9000];

static void check_segments(bool v6, size_t payload)
{
	struct gso_vnet v = {VIRTIO_NET_HDR_F_NEEDS_CSUM,
			     v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4,
			     (uint16_t)(iph(v6) + TCPH), MSS, (uint16_t)iph(v6), 16};
	size_t len = build_tcp(super, v6, payload, F_ACK | F_PSH | F_FIN | F_CWR, SEQ0, 1000, true);
	size_t hl = iph(v6) + TCPH;
	struct gso_seg s;
	unsigned k;

	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), 0);
	for (k = 0; k < 3; k++) {
		size_t plen = k < 2 ? MSS : payload - 2 * MSS;
		ssize_t n = gso_seg_next(&s, seg[k], sizeof(seg[k]));
		uint8_t *t = seg[k] + iph(v6);
		uint32_t seq;

		ck_assert_int_eq(n, (ssize_t)(hl + plen));
		if (v6) {
			ck_assert_int_eq(seg[k][4] << 8 | seg[k][5], TCPH + plen);
		} else {
			ck_assert_int_eq(seg[k][2] << 8 | seg[k][3], hl + plen);
			ck_assert_int_eq(seg[k][4] << 8 | seg[k][5], (ID0 + k) & 0xffff);
			ck_assert_int_eq(test_inet_csum(seg[k], 20), 0);
			ck_assert_int_eq(seg[k][6], 0x40);
		}
		seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 | (uint32_t)t[6] << 8 | t[7];
		ck_assert_uint_eq(seq, SEQ0 + k * MSS);
		ck_assert_int_eq(t[13], k == 0 ? F_ACK | F_CWR : k == 1 ? F_ACK : F_ACK | F_PSH | F_FIN);
		ck_assert_mem_eq(t + 20, super + iph(v6) + 20, TCPH - 20); /* options */
		ck_assert_mem_eq(seg[k] + hl, super + hl + k * MSS, plen);
		ck_assert_int_eq(l4_check(seg[k], v6, 6), 0);
	}
	ck_assert(!gso_seg_more(&s));
	ck_assert_int_eq(gso_seg_next(&s, seg[0], sizeof(seg[0])), 0);
}

START_TEST(t_segment_v4)
{
	check_segments(false, 3 * MSS);
}
END_TEST

START_TEST(t_segment_v6)
{
	check_segments(true, 2 * MSS + 321);
}
END_TEST

START_TEST(t_segment_refuses)
{
	struct gso_vnet v = {VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV6, 52, MSS, 20, 16};
	size_t len = build_tcp(super, false, 3 * MSS, F_ACK, SEQ0, 1000, true);
	struct gso_seg s;

	/* a v4 packet called TCPV6, a zero segment size, a short buffer */
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), -EINVAL);
	v.type = VIRTIO_NET_HDR_GSO_TCPV4;
	v.size = 0;
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), -EINVAL);
	v.size = MSS;
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len - 1), -EINVAL);
	ck_assert_int_eq(gso_seg_init(&s, &v, super, 30), -EINVAL);
	/* a segment larger than the room for it */
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), 0);
	ck_assert_int_eq(gso_seg_next(&s, seg[0], 100), -EMSGSIZE);
	ck_assert(!gso_seg_more(&s));
	/* partial checksum fields past the end */
	v = (struct gso_vnet){VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 0, 20, (uint16_t)(len - 21)};
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), -EINVAL);
}
END_TEST

/* No GSO, but a partial checksum: completed, nothing else changed. */
START_TEST(t_csum_complete)
{
	struct gso_vnet v = {VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 0, 40, 16};
	size_t len = build_tcp(super, true, 777, F_ACK, 5, 1000, true);
	struct gso_seg s;

	ck_assert_uint_ne(l4_check(super, true, 6), 0);
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), 0);
	ck_assert_int_eq(gso_seg_next(&s, seg[0], sizeof(seg[0])), (ssize_t)len);
	ck_assert_int_eq(l4_check(seg[0], true, 6), 0);
	ck_assert_mem_eq(seg[0], super, 56);
	ck_assert_mem_eq(seg[0] + 58, super + 58, len - 58);
	ck_assert_int_eq(gso_seg_next(&s, seg[0], sizeof(seg[0])), 0);
}
END_TEST

/* Cut a super-packet, glue the pieces: the same bytes come back. */
static void check_roundtrip(bool v6, size_t payload)
{
	struct gso_vnet v = {VIRTIO_NET_HDR_F_NEEDS_CSUM,
			     v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4, 0, MSS, 0, 0};
	size_t len = build_tcp(super, v6, payload, F_ACK | F_PSH, SEQ0, 1000, true), got = 0;
	static uint8_t out[70000];
	struct gso_merge m;
	struct gso_vnet mv;
	struct gso_seg s;
	unsigned k, cnt;
	ssize_t n[3];
	uint16_t c;

	v.csum_start = (uint16_t)iph(v6);
	v.csum_offset = 16;
	ck_assert_int_eq(gso_seg_init(&s, &v, super, len), 0);
	gso_merge_reset(&m);
	for (k = 0; k < 3; k++) {
		n[k] = gso_seg_next(&s, seg[k], sizeof(seg[k]));
		ck_assert_int_gt(n[k], 0);
		ck_assert(gso_merge_add(&m, seg[k], (size_t)n[k]));
	}
	cnt = gso_merge_finish(&m);
	ck_assert_uint_eq(cnt, 4);
	ck_assert_uint_eq(m.count, 3);
	gso_vnet_get(m.iov[0].iov_base, &mv);
	ck_assert_int_eq(mv.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	ck_assert_int_eq(mv.type, v.type);
	ck_assert_int_eq(mv.size, MSS);
	ck_assert_int_eq(mv.hdr_len, iph(v6) + TCPH);
	ck_assert_int_eq(mv.csum_start, iph(v6));
	ck_assert_int_eq(mv.csum_offset, 16);
	for (k = 1; k < cnt; k++) {
		memcpy(out + got, m.iov[k].iov_base, m.iov[k].iov_len);
		got += m.iov[k].iov_len;
	}
	/* the original, partial checksum included */
	ck_assert_uint_eq(got, len);
	ck_assert_mem_eq(out, super, len);
	/* and what the kernel would finish is right */
	c = (uint16_t)~gso_csum_fold(gso_csum_add(0, out + iph(v6), len - iph(v6)));
	memcpy(out + iph(v6) + 16, &c, 2);
	ck_assert_int_eq(l4_check(out, v6, 6), 0);
}

START_TEST(t_merge_v4)
{
	check_roundtrip(false, 3 * MSS);
}
END_TEST

START_TEST(t_merge_v6)
{
	check_roundtrip(true, 2 * MSS + 1);
}
END_TEST

static size_t seg_make(int k, uint8_t flags, uint16_t sport)
{
	return build_tcp(seg[k], false, MSS, flags, SEQ0 + (uint32_t)k * MSS, sport, false);
}

START_TEST(t_merge_refuses)
{
	struct gso_merge m;
	size_t n0 = seg_make(0, F_ACK, 1000), n1, n2 = seg_make(2, F_ACK, 1000);

	/* out of order */
	gso_merge_reset(&m);
	ck_assert(gso_merge_add(&m, seg[0], n0));
	ck_assert(!gso_merge_add(&m, seg[2], n2));
	/* another flow */
	n1 = seg_make(1, F_ACK, 1001);
	ck_assert(!gso_merge_add(&m, seg[1], n1));
	/* a bad checksum */
	n1 = seg_make(1, F_ACK, 1000);
	seg[1][100] ^= 1;
	ck_assert(!gso_merge_add(&m, seg[1], n1));
	seg[1][100] ^= 1;
	ck_assert(gso_merge_add(&m, seg[1], n1));
	ck_assert_uint_eq(m.count, 2);
	/* a shorter segment ends a run, so does PSH */
	gso_merge_reset(&m);
	n1 = build_tcp(seg[1], false, MSS - 1, F_ACK, SEQ0 + MSS, 1000, false);
	ck_assert(gso_merge_add(&m, seg[0], n0));
	ck_assert(gso_merge_add(&m, seg[1], n1));
	n2 = build_tcp(seg[2], false, MSS, F_ACK, SEQ0 + 2 * MSS - 1, 1000, false);
	ck_assert(!gso_merge_add(&m, seg[2], n2));
	/* SYN, FIN are never glued: a run of one, written as it is */
	gso_merge_reset(&m);
	n0 = seg_make(0, F_ACK | F_FIN, 1000);
	ck_assert(gso_merge_add(&m, seg[0], n0));
	n1 = seg_make(1, F_ACK, 1000);
	ck_assert(!gso_merge_add(&m, seg[1], n1));
	ck_assert_uint_eq(gso_merge_finish(&m), 2);
	ck_assert_mem_eq(m.iov[0].iov_base, "\0\0\0\0\0\0\0\0\0\0", GSO_VNET_LEN);
	ck_assert_uint_eq(m.iov[1].iov_len, n0);
	ck_assert_int_eq(l4_check(seg[0], false, 6), 0);
	/* not TCP at all */
	gso_merge_reset(&m);
	seg[2][9] = 17;
	ck_assert(gso_merge_add(&m, seg[2], n2));
	ck_assert(!gso_merge_add(&m, seg[1], n1));
	gso_merge_reset(&m);
	ck_assert_uint_eq(gso_merge_finish(&m), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dp_gso");
	TCase *tc = tcase_create("gso");

	tcase_add_test(tc, t_segment_v4);
	tcase_add_test(tc, t_segment_v6);
	tcase_add_test(tc, t_segment_refuses);
	tcase_add_test(tc, t_csum_complete);
	tcase_add_test(tc, t_merge_v4);
	tcase_add_test(tc, t_merge_v6);
	tcase_add_test(tc, t_merge_refuses);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
