/*
 * common/wire: every reader fails cleanly at every short length, the error
 * is sticky, outputs are zeroed, and the writer never passes its bounds.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/wire.h"
#include "tests/unit/check_main.h"

/* ---- the table of readers ------------------------------------------------- */

/* Each wrapper stores what the reader produced into out[] (so one check
 * covers zero-filling) and returns the reader's verdict. */
struct rd_case {
	const char *name;
	size_t need;	/* bytes the read consumes */
	size_t out_len; /* bytes of out[] it fills */
	bool (*read)(struct wire_reader *r, uint8_t *out);
};

#define RD_N 5 /* size for bytes/skip/ptr/sub */

static bool rd_u8(struct wire_reader *r, uint8_t *out)
{
	return wire_rd_u8(r, out);
}

static bool rd_u16(struct wire_reader *r, uint8_t *out)
{
	uint16_t v = 0xaaaa;
	bool ok = wire_rd_u16(r, &v);

	memcpy(out, &v, sizeof(v));
	return ok;
}

static bool rd_u24(struct wire_reader *r, uint8_t *out)
{
	uint32_t v = 0xaaaaaaaa;
	bool ok = wire_rd_u24(r, &v);

	memcpy(out, &v, sizeof(v));
	return ok;
}

static bool rd_u32(struct wire_reader *r, uint8_t *out)
{
	uint32_t v = 0xaaaaaaaa;
	bool ok = wire_rd_u32(r, &v);

	memcpy(out, &v, sizeof(v));
	return ok;
}

static bool rd_u64(struct wire_reader *r, uint8_t *out)
{
	uint64_t v = 0xaaaaaaaaaaaaaaaaull;
	bool ok = wire_rd_u64(r, &v);

	memcpy(out, &v, sizeof(v));
	return ok;
}

static bool rd_bytes(struct wire_reader *r, uint8_t *out)
{
	return wire_rd_bytes(r, out, RD_N);
}

static bool rd_skip(struct wire_reader *r, uint8_t *out)
{
	(void)out;
	return wire_rd_skip(r, RD_N);
}

static bool rd_ptr(struct wire_reader *r, uint8_t *out)
{
	const uint8_t *p = (const uint8_t *)"not null";
	bool ok = wire_rd_ptr(r, RD_N, &p);

	memcpy(out, &p, sizeof(p));
	return ok;
}

static bool rd_sub(struct wire_reader *r, uint8_t *out)
{
	struct wire_reader sub;
	uint8_t b;
	bool ok = wire_rd_sub(r, RD_N, &sub);

	if (!ok) {
		/* The promised empty reader in error. */
		ck_assert(!wire_rd_ok(&sub));
		ck_assert_uint_eq(wire_rd_left(&sub), 0);
		ck_assert(!wire_rd_u8(&sub, &b));
	} else {
		ck_assert_uint_eq(wire_rd_left(&sub), RD_N);
	}
	(void)out;
	return ok;
}

static const struct rd_case rd_cases[] = {
	{"u8", 1, 1, rd_u8},	    {"u16", 2, 2, rd_u16},
	{"u24", 3, 4, rd_u24},	    {"u32", 4, 4, rd_u32},
	{"u64", 8, 8, rd_u64},	    {"bytes", RD_N, RD_N, rd_bytes},
	{"skip", RD_N, 0, rd_skip}, {"ptr", RD_N, sizeof(const uint8_t *), rd_ptr},
	{"sub", RD_N, 0, rd_sub},
};
#define N_RD_CASES (sizeof(rd_cases) / sizeof(rd_cases[0]))

static bool all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Every reader, at every length from 0 to need-1, placed after a prefix so
 * a nonzero position is covered too. */
START_TEST(test_every_short_read)
{
	size_t c, k, prefix;

	for (c = 0; c < N_RD_CASES; c++) {
		const struct rd_case *rc = &rd_cases[c];

		for (prefix = 0; prefix <= 2; prefix++) {
			for (k = 0; k < rc->need; k++) {
				/* Exact-size heap buffer: a read past it shows
				 * up under valgrind. */
				size_t len = prefix + k;
				uint8_t *buf = malloc(len ? len : 1);
				struct wire_reader r;
				uint8_t out[16];

				memset(buf, 0x5a, len ? len : 1);
				wire_rd_init(&r, buf, len);
				ck_assert(wire_rd_skip(&r, prefix));
				memset(out, 0xaa, sizeof(out));
				ck_assert_msg(!rc->read(&r, out), "%s with %zu of %zu bytes",
					      rc->name, k, rc->need);
				ck_assert_msg(all_zero(out, rc->out_len), "%s output not zeroed",
					      rc->name);
				ck_assert(!wire_rd_ok(&r));
				ck_assert_uint_eq(wire_rd_left(&r), 0);
				ck_assert_uint_le(wire_rd_pos(&r), len);
				/* Sticky: even a read that would fit fails. */
				if (len > 0) {
					uint8_t b = 7;

					ck_assert(!wire_rd_u8(&r, &b));
					ck_assert_uint_eq(b, 0);
				}
				free(buf);
			}
		}
	}
}
END_TEST

START_TEST(test_every_exact_read)
{
	uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	size_t c;

	for (c = 0; c < N_RD_CASES; c++) {
		struct wire_reader r;
		uint8_t out[16];

		wire_rd_init(&r, buf, rd_cases[c].need);
		ck_assert_msg(rd_cases[c].read(&r, out), "%s", rd_cases[c].name);
		ck_assert(wire_rd_ok(&r));
		ck_assert_uint_eq(wire_rd_left(&r), 0);
		ck_assert_uint_eq(wire_rd_pos(&r), rd_cases[c].need);
	}
}
END_TEST

START_TEST(test_big_endian_values)
{
	static const uint8_t buf[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
				      0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12};
	struct wire_reader r;
	uint8_t a;
	uint16_t b;
	uint32_t c, d;
	uint64_t e;

	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_u8(&r, &a));
	ck_assert(wire_rd_u16(&r, &b));
	ck_assert(wire_rd_u24(&r, &c));
	ck_assert(wire_rd_u32(&r, &d));
	ck_assert(wire_rd_u64(&r, &e));
	ck_assert_uint_eq(a, 0x01);
	ck_assert_uint_eq(b, 0x0203);
	ck_assert_uint_eq(c, 0x040506);
	ck_assert_uint_eq(d, 0x0708090a);
	ck_assert(e == 0x0b0c0d0e0f101112ull);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	ck_assert(wire_rd_ok(&r));
}
END_TEST

START_TEST(test_peek_and_rest)
{
	static const uint8_t buf[] = {9, 8, 7};
	struct wire_reader r;
	const uint8_t *p;
	size_t n;
	uint8_t v;

	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_peek_u8(&r, &v));
	ck_assert_uint_eq(v, 9);
	ck_assert_uint_eq(wire_rd_pos(&r), 0);
	ck_assert(wire_rd_skip(&r, 1));
	wire_rd_rest(&r, &p, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert(p == buf + 1);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	ck_assert(wire_rd_ok(&r));
	/* Empty rest, and a peek at the end that fails without poisoning. */
	wire_rd_rest(&r, &p, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(p);
	v = 1;
	ck_assert(!wire_rd_peek_u8(&r, &v));
	ck_assert_uint_eq(v, 0);
	ck_assert(wire_rd_ok(&r));
	/* In error, rest is empty. */
	wire_rd_init(&r, buf, sizeof(buf));
	wire_rd_fail(&r);
	wire_rd_rest(&r, &p, &n);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert(!wire_rd_peek_u8(&r, &v));
}
END_TEST

START_TEST(test_fail_is_sticky)
{
	static const uint8_t buf[] = {1, 2, 3, 4};
	struct wire_reader r;
	uint16_t v = 5;

	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_u16(&r, &v));
	wire_rd_fail(&r);
	ck_assert(!wire_rd_ok(&r));
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	ck_assert(!wire_rd_u16(&r, &v));
	ck_assert_uint_eq(v, 0);
	ck_assert(!wire_rd_skip(&r, 0));
}
END_TEST

START_TEST(test_huge_lengths)
{
	static const uint8_t buf[] = {1, 2, 3, 4};
	struct wire_reader r, sub;
	const uint8_t *p = buf;

	/* n larger than SIZE_MAX - pos must not wrap into "fits". */
	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_skip(&r, 1));
	ck_assert(!wire_rd_skip(&r, SIZE_MAX));
	ck_assert(!wire_rd_ok(&r));

	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_skip(&r, 2));
	ck_assert(!wire_rd_ptr(&r, SIZE_MAX - 1, &p));
	ck_assert_ptr_null(p);

	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_skip(&r, 3));
	ck_assert(!wire_rd_sub(&r, SIZE_MAX - 2, &sub));
	ck_assert_uint_eq(wire_rd_left(&sub), 0);

	/* A zero-length read at the very end is fine. */
	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_skip(&r, 4));
	ck_assert(wire_rd_skip(&r, 0));
	ck_assert(wire_rd_ok(&r));
}
END_TEST

START_TEST(test_sub_reader_bounds)
{
	static const uint8_t buf[] = {0xa1, 0xa2, 0xb1, 0xb2, 0xb3, 0xc1};
	struct wire_reader r, sub;
	uint16_t v;
	uint8_t b;

	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(wire_rd_skip(&r, 2));
	ck_assert(wire_rd_sub(&r, 3, &sub));
	ck_assert_uint_eq(wire_rd_pos(&r), 5);
	ck_assert_uint_eq(wire_rd_left(&sub), 3);
	ck_assert(wire_rd_u16(&sub, &v));
	ck_assert_uint_eq(v, 0xb1b2);
	/* The parent has 0xc1 after the sub; the sub must not reach it. */
	ck_assert(!wire_rd_u16(&sub, &v));
	ck_assert_uint_eq(v, 0);
	ck_assert(!wire_rd_ok(&sub));
	/* The sub's failure is its own. */
	ck_assert(wire_rd_ok(&r));
	ck_assert(wire_rd_u8(&r, &b));
	ck_assert_uint_eq(b, 0xc1);

	/* A sub longer than what is left fails the parent. */
	wire_rd_init(&r, buf, sizeof(buf));
	ck_assert(!wire_rd_sub(&r, sizeof(buf) + 1, &sub));
	ck_assert(!wire_rd_ok(&r));
	ck_assert(!wire_rd_ok(&sub));

	/* A sub of an already failed reader is failed too. */
	ck_assert(!wire_rd_sub(&r, 0, &sub));
	ck_assert(!wire_rd_ok(&sub));
}
END_TEST

START_TEST(test_null_empty_reader)
{
	struct wire_reader r;
	uint8_t b = 3;

	wire_rd_init(&r, NULL, 100);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	ck_assert(!wire_rd_u8(&r, &b));
	ck_assert_uint_eq(b, 0);
}
END_TEST

/* ---- writer --------------------------------------------------------------- */

START_TEST(test_writer_encoding)
{
	static const uint8_t want[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
				       0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
				       0x11, 0x12, 0xee, 0xff, 0x00, 0x00};
	uint8_t buf[sizeof(want)];
	struct wire_writer w;

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert(wire_wr_u8(&w, 0x01));
	ck_assert(wire_wr_u16(&w, 0x0203));
	ck_assert(wire_wr_u24(&w, 0x040506));
	ck_assert(wire_wr_u32(&w, 0x0708090a));
	ck_assert(wire_wr_u64(&w, 0x0b0c0d0e0f101112ull));
	ck_assert(wire_wr_bytes(&w, "\xee\xff", 2));
	ck_assert(wire_wr_zero(&w, 2));
	ck_assert(wire_wr_ok(&w));
	ck_assert_uint_eq(wire_wr_len(&w), sizeof(want));
	ck_assert_mem_eq(wire_wr_data(&w), want, sizeof(want));
	/* Full: one more byte fails. */
	ck_assert(!wire_wr_u8(&w, 0));
	ck_assert_uint_eq(wire_wr_len(&w), sizeof(want));
}
END_TEST

START_TEST(test_writer_fixed_overflow)
{
	uint8_t buf[8];
	struct wire_writer w;

	memset(buf, 0xcc, sizeof(buf));
	wire_wr_init_fixed(&w, buf, 4);
	ck_assert(wire_wr_u16(&w, 0x1122));
	ck_assert(!wire_wr_u32(&w, 0x33445566));
	ck_assert(!wire_wr_ok(&w));
	ck_assert_uint_eq(wire_wr_len(&w), 2);
	/* Nothing of the failed write, nor past cap, was touched. */
	ck_assert_uint_eq(buf[2], 0xcc);
	ck_assert_uint_eq(buf[4], 0xcc);
	/* Sticky: a write that would fit fails too. */
	ck_assert(!wire_wr_u8(&w, 1));
	ck_assert(!wire_wr_bytes(&w, "x", 1));
	ck_assert(!wire_wr_zero(&w, 1));
	ck_assert_uint_eq(wire_wr_len(&w), 2);
	ck_assert_uint_eq(buf[2], 0xcc);

	/* Huge n must not wrap. */
	wire_wr_init_fixed(&w, buf, 4);
	ck_assert(wire_wr_u8(&w, 1));
	ck_assert(!wire_wr_zero(&w, SIZE_MAX));
	ck_assert_uint_eq(wire_wr_len(&w), 1);
}
END_TEST

START_TEST(test_writer_growing_max)
{
	struct wire_writer w;
	size_t i;

	wire_wr_init_growing(&w, 1000);
	for (i = 0; i < 1000; i++)
		ck_assert(wire_wr_u8(&w, (uint8_t)i));
	ck_assert(wire_wr_ok(&w));
	ck_assert_uint_eq(wire_wr_len(&w), 1000);
	ck_assert_uint_le(w.cap, 1000);
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(wire_wr_data(&w)[i], (uint8_t)i);
	ck_assert(!wire_wr_u8(&w, 0));
	ck_assert(!wire_wr_ok(&w));
	ck_assert_uint_eq(wire_wr_len(&w), 1000);
	wire_wr_free(&w);
	ck_assert_ptr_null(w.buf);

	/* One big write past max fails whole, leaving what was there. */
	wire_wr_init_growing(&w, 16);
	ck_assert(wire_wr_u32(&w, 7));
	ck_assert(!wire_wr_zero(&w, 13));
	ck_assert_uint_eq(wire_wr_len(&w), 4);
	wire_wr_free(&w);

	/* Max 0: nothing fits, and freeing an unused writer is fine. */
	wire_wr_init_growing(&w, 0);
	ck_assert(!wire_wr_u8(&w, 1));
	wire_wr_free(&w);
	wire_wr_free(&w);
}
END_TEST

START_TEST(test_writer_growing_large)
{
	struct wire_writer w;
	uint8_t chunk[1000];
	size_t i;

	memset(chunk, 0x3c, sizeof(chunk));
	wire_wr_init_growing(&w, 1u << 20);
	for (i = 0; i < 300; i++)
		ck_assert(wire_wr_bytes(&w, chunk, sizeof(chunk)));
	ck_assert_uint_eq(wire_wr_len(&w), 300000);
	ck_assert_uint_ge(w.cap, 300000);
	ck_assert_uint_le(w.cap, 1u << 20);
	ck_assert_uint_eq(wire_wr_data(&w)[299999], 0x3c);
	wire_wr_free(&w);
}
END_TEST

START_TEST(test_writer_patch)
{
	struct wire_writer w;

	wire_wr_init_growing(&w, 64);
	ck_assert(!wire_wr_patch_u16(&w, 0, 1)); /* nothing written yet */
	ck_assert(!wire_wr_ok(&w));
	wire_wr_free(&w);

	wire_wr_init_growing(&w, 64);
	ck_assert(wire_wr_u8(&w, 0xaa));
	ck_assert(wire_wr_u16(&w, 0));
	ck_assert(wire_wr_u32(&w, 0));
	ck_assert(wire_wr_patch_u16(&w, 1, 0x1234));
	ck_assert(wire_wr_patch_u32(&w, 3, 0x56789abc));
	ck_assert_mem_eq(wire_wr_data(&w), "\xaa\x12\x34\x56\x78\x9a\xbc", 7);
	/* Straddling the end, or far past it, or wrapping: all refused. */
	ck_assert(!wire_wr_patch_u16(&w, 6, 1));
	ck_assert(!wire_wr_ok(&w));
	ck_assert_mem_eq(wire_wr_data(&w), "\xaa\x12\x34\x56\x78\x9a\xbc", 7);
	wire_wr_free(&w);

	wire_wr_init_growing(&w, 64);
	ck_assert(wire_wr_u32(&w, 0));
	ck_assert(!wire_wr_patch_u32(&w, 1, 1));
	wire_wr_free(&w);
	wire_wr_init_growing(&w, 64);
	ck_assert(wire_wr_u32(&w, 0));
	ck_assert(!wire_wr_patch_u32(&w, SIZE_MAX - 1, 1));
	wire_wr_free(&w);
	wire_wr_init_growing(&w, 64);
	ck_assert(wire_wr_u32(&w, 0));
	ck_assert(!wire_wr_patch_u16(&w, SIZE_MAX, 1));
	wire_wr_free(&w);
}
END_TEST

START_TEST(test_writer_u24_range)
{
	uint8_t buf[8];
	struct wire_writer w;

	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert(wire_wr_u24(&w, 0xffffff));
	ck_assert(!wire_wr_u24(&w, 0x1000000));
	ck_assert(!wire_wr_ok(&w));
	ck_assert_uint_eq(wire_wr_len(&w), 3);
}
END_TEST

START_TEST(test_round_trip)
{
	struct wire_writer w;
	struct wire_reader r;
	uint64_t v64;
	uint32_t v32, v24;
	uint16_t v16;
	uint8_t v8;

	wire_wr_init_growing(&w, 1024);
	wire_wr_u64(&w, UINT64_MAX - 1);
	wire_wr_u32(&w, 0x80000001u);
	wire_wr_u24(&w, 0x800001u);
	wire_wr_u16(&w, 0x8001u);
	wire_wr_u8(&w, 0x81u);
	ck_assert(wire_wr_ok(&w));
	wire_rd_init(&r, wire_wr_data(&w), wire_wr_len(&w));
	ck_assert(wire_rd_u64(&r, &v64) && v64 == UINT64_MAX - 1);
	ck_assert(wire_rd_u32(&r, &v32) && v32 == 0x80000001u);
	ck_assert(wire_rd_u24(&r, &v24) && v24 == 0x800001u);
	ck_assert(wire_rd_u16(&r, &v16) && v16 == 0x8001u);
	ck_assert(wire_rd_u8(&r, &v8) && v8 == 0x81u);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	wire_wr_free(&w);
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, test_every_short_read);
	tcase_add_test(tc, test_every_exact_read);
	tcase_add_test(tc, test_big_endian_values);
	tcase_add_test(tc, test_peek_and_rest);
	tcase_add_test(tc, test_fail_is_sticky);
	tcase_add_test(tc, test_huge_lengths);
	tcase_add_test(tc, test_sub_reader_bounds);
	tcase_add_test(tc, test_null_empty_reader);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer");
	tcase_add_test(tc, test_writer_encoding);
	tcase_add_test(tc, test_writer_fixed_overflow);
	tcase_add_test(tc, test_writer_growing_max);
	tcase_add_test(tc, test_writer_growing_large);
	tcase_add_test(tc, test_writer_patch);
	tcase_add_test(tc, test_writer_u24_range);
	tcase_add_test(tc, test_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(wire_suite());
}
