/*
 * vtid/dp/replay: the anti-replay window against tables of sequences (in
 * order, duplicates, the left edge, jumps, reordering, ESN wrap) for windows
 * of 64, 1024 and 4096, and against a naive model on random traffic.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/dp/replay.h"
#include "tests/unit/check_main.h"

static const uint32_t sizes[] = {64, 1024, 4096};

/* Check, and record when the check passed (as after a verified ICV). */
static int rp_recv(struct replay_window *w, uint32_t seq, uint64_t *s64)
{
	uint64_t s;
	int rc = replay_check(w, seq, &s);

	if (rc == 0) {
		ck_assert_int_eq(replay_update(w, s), 0);
		if (s64)
			*s64 = s;
	}
	return rc;
}

START_TEST(test_init_sizes)
{
	struct replay_window w;

	ck_assert_int_eq(replay_init(&w, 63, false), -EINVAL);
	ck_assert_int_eq(replay_init(&w, 4097, false), -EINVAL);
	ck_assert_int_eq(replay_init(&w, 0, false), -EINVAL);
	ck_assert_int_eq(replay_init(&w, 100, false), 0);
	ck_assert_uint_eq(w.size, 128);
	ck_assert_int_eq(replay_init(&w, 4096, true), 0);
	ck_assert_uint_eq(w.size, 4096);
	ck_assert_uint_ge((w.mask + 1u) * 64u, w.size + 64u);
}
END_TEST

struct rp_step {
	uint32_t seq; /* as a multiple of the window plus an offset: */
	int32_t wmul; /* seq + wmul * W */
	int rc;
};

/* Runs one table for window size W. */
static void rp_table(uint32_t W, const struct rp_step *t, size_t n, const char *name)
{
	struct replay_window w;
	size_t i;

	ck_assert_int_eq(replay_init(&w, W, false), 0);
	for (i = 0; i < n; i++) {
		uint32_t seq = t[i].seq + (uint32_t)((int64_t)t[i].wmul * W);
		int rc = rp_recv(&w, seq, NULL);

		ck_assert_msg(rc == t[i].rc, "%s W=%u step %zu seq %u: got %d want %d", name, W, i,
			      seq, rc, t[i].rc);
	}
}

#define RP_TABLE(W, t) rp_table((W), (t), sizeof(t) / sizeof((t)[0]), #t)

START_TEST(test_tables)
{
	static const struct rp_step in_order_dups[] = {
		{1, 0, 0}, {2, 0, 0},	    {3, 0, 0},	     {2, 0, -EEXIST}, {3, 0, -EEXIST},
		{4, 0, 0}, {4, 0, -EEXIST}, {1, 0, -EEXIST}, {0, 0, -EINVAL},
	};
	/* Top at W+100: W+100-W+1 = 101 is the oldest inside, 100 outside. */
	static const struct rp_step left_edge[] = {
		{100, 1, 0},	  {101, 0, 0},	     {100, 0, -ERANGE}, {101, 0, -EEXIST},
		{99, 0, -ERANGE}, {102, 0, 0},	     {1, 0, -ERANGE},	{99, 1, 0},
		{101, 1, 0},	  {100, 1, -EEXIST},
	};
	/* A jump of more than the window forgets everything before it. */
	static const struct rp_step big_jump[] = {
		{5, 0, 0},	 {5, 10, 0},	   {6, 9, 0},	     {5, 9, -ERANGE},
		{6, 0, -ERANGE}, {5, 10, -EEXIST}, {4, 10, 0},	     {7, 9, 0},
		{1, 100, 0},	 {2, 99, 0},	   {1, 99, -ERANGE},
	};
	static const struct rp_step reorder[] = {
		{10, 0, 0}, {8, 0, 0},	     {9, 0, 0},	       {7, 0, 0}, {12, 0, 0},
		{11, 0, 0}, {8, 0, -EEXIST}, {12, 0, -EEXIST}, {1, 0, 0}, {13, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		RP_TABLE(sizes[i], in_order_dups);
		RP_TABLE(sizes[i], left_edge);
		RP_TABLE(sizes[i], big_jump);
		RP_TABLE(sizes[i], reorder);
	}
}
END_TEST

/* A long run in order, then every number again: those still inside the
 * window are duplicates, the rest too old. */
START_TEST(test_in_order_replayed)
{
	size_t k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t W = sizes[k], s, top = 3 * W + 17;
		struct replay_window w;

		ck_assert_int_eq(replay_init(&w, W, false), 0);
		for (s = 1; s <= top; s++)
			ck_assert_int_eq(rp_recv(&w, s, NULL), 0);
		for (s = 1; s <= top; s++)
			ck_assert_int_eq(rp_recv(&w, s, NULL), top - s < W ? -EEXIST : -ERANGE);
	}
}
END_TEST

/* After a full window, jumps of every size up to past the ring: numbers the
 * window slid over must read as new, not as the old bits of their slot. */
START_TEST(test_jump_clears_slots)
{
	size_t k, j;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t W = sizes[k];
		uint32_t jumps[] = {1, 63,    64,    65,       W / 2,	W - 1,
				    W, W + 1, 2 * W, 64 * 128, 64 * 129};

		for (j = 0; j < sizeof(jumps) / sizeof(jumps[0]); j++) {
			struct replay_window w;
			uint32_t s, top = W + jumps[j];

			ck_assert_int_eq(replay_init(&w, W, false), 0);
			for (s = 1; s <= W; s++)
				ck_assert_int_eq(rp_recv(&w, s, NULL), 0);
			ck_assert_int_eq(rp_recv(&w, top, NULL), 0);
			for (s = 1; s < top; s++) {
				int want = top - s >= W ? -ERANGE : s <= W ? -EEXIST : 0;

				ck_assert_msg(rp_recv(&w, s, NULL) == want, "W=%u jump %u seq %u",
					      W, jumps[j], s);
			}
		}
	}
}
END_TEST

/* A packet that passed the check but whose ICV failed is not recorded: the
 * window does not move and the number stays acceptable. */
START_TEST(test_check_does_not_record)
{
	struct replay_window w;
	uint64_t s;

	ck_assert_int_eq(replay_init(&w, 64, false), 0);
	ck_assert_int_eq(rp_recv(&w, 10, NULL), 0);
	ck_assert_int_eq(replay_check(&w, 1000000, &s), 0);
	ck_assert_uint_eq(s, 1000000);
	ck_assert_int_eq(rp_recv(&w, 9, NULL), 0);
	ck_assert_int_eq(rp_recv(&w, 1000000, NULL), 0);
	/* update re-checks */
	ck_assert_int_eq(replay_update(&w, 1000000), -EEXIST);
	ck_assert_int_eq(replay_update(&w, 5), -ERANGE);
	ck_assert_int_eq(replay_update(&w, 0), -EINVAL);
	/* without ESN nothing beyond 32 bits */
	ck_assert_int_eq(replay_update(&w, UINT64_C(1) << 32), -EINVAL);
}
END_TEST

START_TEST(test_no_esn_top)
{
	struct replay_window w;

	ck_assert_int_eq(replay_init(&w, 1024, false), 0);
	ck_assert_int_eq(rp_recv(&w, UINT32_MAX, NULL), 0);
	ck_assert_int_eq(rp_recv(&w, UINT32_MAX, NULL), -EEXIST);
	ck_assert_int_eq(rp_recv(&w, UINT32_MAX - 1023, NULL), 0);
	ck_assert_int_eq(rp_recv(&w, UINT32_MAX - 1024, NULL), -ERANGE);
	/* no wrap without ESN */
	ck_assert_int_eq(rp_recv(&w, 1, NULL), -ERANGE);
	ck_assert_int_eq(rp_recv(&w, 0, NULL), -EINVAL);
}
END_TEST

/* ESN: the high half is inferred across the 32-bit wrap, both ways. */
START_TEST(test_esn_wrap)
{
	size_t k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t W = sizes[k];
		struct replay_window w;
		uint64_t s = 0;

		ck_assert_int_eq(replay_init(&w, W, true), 0);
		/* before the first packet nothing lies behind subspace 0 */
		ck_assert_int_eq(replay_check(&w, UINT32_MAX, &s), -EINVAL);
		ck_assert_int_eq(rp_recv(&w, 0, NULL), -EINVAL);
		ck_assert_int_eq(rp_recv(&w, 1, &s), 0);
		ck_assert_uint_eq(s, 1);
		ck_assert_int_eq(rp_recv(&w, 0x40000000, &s), 0);
		ck_assert_int_eq(rp_recv(&w, 0x80000000, &s), 0);
		ck_assert_int_eq(rp_recv(&w, 0xfffffff0, &s), 0);
		ck_assert_uint_eq(s, 0xfffffff0);
		/* past the wrap: subspace 1 */
		ck_assert_int_eq(rp_recv(&w, 5, &s), 0);
		ck_assert_uint_eq(s, UINT64_C(0x100000005));
		/* late packets from before the wrap still belong to subspace 0 */
		ck_assert_int_eq(rp_recv(&w, 0xfffffff1, &s), 0);
		ck_assert_uint_eq(s, 0xfffffff1);
		ck_assert_int_eq(rp_recv(&w, 0xfffffff0, &s), -EEXIST);
		/* low half 0 is valid in subspace 1 */
		ck_assert_int_eq(rp_recv(&w, 0, &s), 0);
		ck_assert_uint_eq(s, UINT64_C(0x100000000));
		ck_assert_int_eq(rp_recv(&w, 0, &s), -EEXIST);
		ck_assert_int_eq(rp_recv(&w, 5, &s), -EEXIST);
		/* just inside and outside the left edge, across the wrap */
		ck_assert_int_eq(rp_recv(&w, 5 - W + 1, &s), 0);
		ck_assert_uint_eq(s, UINT64_C(0x100000005) - W + 1);
		/* 5 - W is left of the window in subspace 0, so RFC 4303 A2.2
		 * reads it as far ahead in subspace 1 (its ICV would then fail);
		 * only checked, not recorded */
		ck_assert_int_eq(replay_check(&w, 5 - W, &s), 0);
		ck_assert_uint_eq(s, UINT64_C(0x100000000) + (uint32_t)(5 - W));
		/* move well into subspace 1: a number below the left edge is then
		 * taken as subspace 2 */
		ck_assert_int_eq(rp_recv(&w, 0x10000, &s), 0);
		ck_assert_uint_eq(s, UINT64_C(0x100010000));
		ck_assert_int_eq(rp_recv(&w, 0x10000 - W, &s), 0);
		ck_assert_uint_eq(s, UINT64_C(0x200000000) + 0x10000 - W);
	}
}
END_TEST

/* A naive model (a byte per number) against the window on random traffic:
 * mostly slightly reordered, sometimes duplicated, sometimes jumping. */
START_TEST(test_random_against_model)
{
	enum { SPAN = 200000 };
	uint8_t *seen = calloc(SPAN, 1);
	uint32_t rng = 0x12345678;
	size_t k;
	int i;

	ck_assert_ptr_nonnull(seen);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t W = sizes[k], top = 0, next = 1;
		struct replay_window w;

		memset(seen, 0, SPAN);
		ck_assert_int_eq(replay_init(&w, W, false), 0);
		for (i = 0; i < 100000 && next < SPAN - 3 * W; i++) {
			uint32_t r, seq;
			int want, got;

			rng ^= rng << 13;
			rng ^= rng >> 17;
			rng ^= rng << 5;
			r = rng % 100;
			if (r < 70)
				seq = next++;
			else if (r < 95)
				seq = next > 2 * W ? next - 1 - rng % (2 * W) : next;
			else
				seq = next += rng % (W + W / 2);
			if (seq == 0)
				want = -EINVAL;
			else if (seq > top)
				want = 0;
			else if (top - seq >= W)
				want = -ERANGE;
			else
				want = seen[seq] ? -EEXIST : 0;
			got = rp_recv(&w, seq, NULL);
			ck_assert_msg(got == want, "W=%u i=%d seq=%u top=%u: %d != %d", W, i, seq,
				      top, got, want);
			if (got == 0) {
				seen[seq] = 1;
				if (seq > top)
					top = seq;
			}
		}
	}
	free(seen);
}
END_TEST

static Suite *replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("window");

	tcase_add_test(tc, test_init_sizes);
	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_in_order_replayed);
	tcase_add_test(tc, test_jump_clears_slots);
	tcase_add_test(tc, test_check_does_not_record);
	tcase_add_test(tc, test_no_esn_top);
	tcase_add_test(tc, test_esn_wrap);
	tcase_add_test(tc, test_random_against_model);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(replay_suite());
}
