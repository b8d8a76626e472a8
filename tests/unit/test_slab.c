/*
 * The slab allocator: blocks distinct, zeroed and reused; chunks growing
 * to huge ones and going back to the system; accounting that matches.
 */
#include <check.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/slab.h"
#include "tests/unit/check_main.h"

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static int ptr_cmp(const void *a, const void *b)
{
	const void *const *pa = a, *const *pb = b;
	uintptr_t x = (uintptr_t)*pa, y = (uintptr_t)*pb;

	return x < y ? -1 : x > y;
}

START_TEST(test_empty)
{
	struct slab s;

	slab_init(&s, 24);
	ck_assert_uint_eq(slab_bytes(&s), 0);
	ck_assert_uint_eq(slab_live(&s), 0);
	slab_free(&s, NULL);
	slab_destroy(&s);
	ck_assert_uint_eq(slab_bytes(&s), 0);
}
END_TEST

START_TEST(test_small_size_rounded)
{
	struct slab s;
	char *a, *b;

	slab_init(&s, 1);
	a = slab_alloc(&s);
	b = slab_alloc(&s);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	/* Room for the free list's link in every block. */
	ck_assert_uint_ge((size_t)(a > b ? a - b : b - a), sizeof(void *));
	ck_assert_uint_eq((uintptr_t)a % sizeof(void *), 0);
	slab_destroy(&s);
}
END_TEST

/* Blocks bigger than the first chunk get chunks that fit them. */
START_TEST(test_big_blocks)
{
	struct slab s;
	unsigned char *v[3];

	slab_init(&s, 100000);
	for (unsigned i = 0; i < 3; i++) {
		v[i] = slab_alloc(&s);
		ck_assert_ptr_nonnull(v[i]);
		ck_assert(all_zero(v[i], 100000));
		memset(v[i], (int)i + 1, 100000);
	}
	for (unsigned i = 0; i < 3; i++)
		ck_assert(v[i][0] == i + 1 && v[i][99999] == i + 1);
	ck_assert_uint_ge(slab_bytes(&s), 3 * 100000);
	for (unsigned i = 0; i < 3; i++)
		slab_free(&s, v[i]);
	ck_assert_uint_eq(slab_bytes(&s), 0);
}
END_TEST

/* Every block holds its own index: overlapping blocks would clobber one. */
#define MANY 300000u

START_TEST(test_many_distinct)
{
	struct slab s;
	uint32_t **v = calloc(MANY, sizeof(*v));
	size_t bytes;

	ck_assert_ptr_nonnull(v);
	slab_init(&s, 24);
	for (uint32_t i = 0; i < MANY; i++) {
		v[i] = slab_alloc(&s);
		if (!v[i] || !all_zero(v[i], 24))
			ck_abort_msg("block %u: null or not zeroed", i);
		for (unsigned w = 0; w < 6; w++)
			v[i][w] = i;
	}
	for (uint32_t i = 0; i < MANY; i++)
		for (unsigned w = 0; w < 6; w++)
			if (v[i][w] != i)
				ck_abort_msg("block %u overwritten", i);
	ck_assert_uint_eq(slab_live(&s), MANY);
	/* 7.2 MB of blocks: chunks hold them with little slack, at most the
	 * unused part of the last 2 MiB chunk and the chunk headers. */
	bytes = slab_bytes(&s);
	ck_assert_uint_ge(bytes, (size_t)MANY * 24);
	ck_assert_uint_le(bytes, (size_t)MANY * 24 + 2 * 1024 * 1024 + 64 * 1024);
	slab_destroy(&s);
	ck_assert_uint_eq(slab_bytes(&s), 0);
	ck_assert_uint_eq(slab_live(&s), 0);
	free(v);
}
END_TEST

START_TEST(test_reuse_and_zero)
{
	struct slab s;
	void **v = calloc(MANY, sizeof(*v));
	size_t full;

	ck_assert_ptr_nonnull(v);
	slab_init(&s, 40);
	for (unsigned i = 0; i < MANY; i++)
		v[i] = slab_alloc(&s);
	full = slab_bytes(&s);
	/* Every other block freed, dirty: the chunks stay (pinned). */
	for (unsigned i = 0; i < MANY; i += 2) {
		memset(v[i], 0xa5, 40);
		slab_free(&s, v[i]);
	}
	ck_assert_uint_eq(slab_live(&s), MANY / 2);
	ck_assert_uint_eq(slab_bytes(&s), full);
	/* As many again fit in the freed blocks, which come back zeroed. */
	for (unsigned i = 0; i < MANY; i += 2) {
		v[i] = slab_alloc(&s);
		if (!v[i] || !all_zero(v[i], 40))
			ck_abort_msg("block %u: null or not zeroed", i);
	}
	ck_assert_uint_eq(slab_bytes(&s), full);
	ck_assert_uint_eq(slab_live(&s), MANY);
	/* Freed in address order, the chunks that empty go back: less and
	 * less is held, and nothing once no block is live. */
	qsort(v, MANY, sizeof(*v), ptr_cmp);
	for (unsigned i = 0; i < MANY; i++) {
		slab_free(&s, v[i]);
		if (i == MANY / 2)
			ck_assert_uint_lt(slab_bytes(&s), full);
	}
	ck_assert_uint_eq(slab_live(&s), 0);
	ck_assert_uint_eq(slab_bytes(&s), 0);
	/* Usable again. */
	v[0] = slab_alloc(&s);
	ck_assert_ptr_nonnull(v[0]);
	ck_assert_uint_gt(slab_bytes(&s), 0);
	slab_destroy(&s);
	free(v);
}
END_TEST

/* A table that swings around a chunk boundary keeps one spare chunk
 * instead of unmapping and mapping at every step. */
START_TEST(test_spare_chunk)
{
	struct slab s;
	void *v[256];
	unsigned n = 0;
	size_t one, two;

	slab_init(&s, 64);
	v[n++] = slab_alloc(&s);
	one = slab_bytes(&s);
	/* Fill the first chunk, then one block into the second. */
	do
		v[n++] = slab_alloc(&s);
	while (slab_bytes(&s) == one && n < 256);
	ck_assert_uint_lt(n, 256);
	two = slab_bytes(&s);
	/* The second chunk is empty, and the only one with room: kept. */
	slab_free(&s, v[--n]);
	ck_assert_uint_eq(slab_bytes(&s), two);
	v[n++] = slab_alloc(&s);
	ck_assert_uint_eq(slab_bytes(&s), two);
	/* An empty chunk when another has room goes back. */
	slab_free(&s, v[0]);
	ck_assert_uint_eq(slab_bytes(&s), two);
	slab_free(&s, v[--n]);
	ck_assert_uint_eq(slab_bytes(&s), one);
	while (n > 1)
		slab_free(&s, v[--n]);
	ck_assert_uint_eq(slab_bytes(&s), 0);
	slab_destroy(&s);
}
END_TEST

START_TEST(test_foreign_pointer_aborts)
{
	struct slab s;
	long not_ours = 0;

	slab_init(&s, 16);
	(void)slab_alloc(&s);
	slab_free(&s, &not_ours);
}
END_TEST

static Suite *slab_suite(void)
{
	Suite *s = suite_create("slab");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_small_size_rounded);
	tcase_add_test(tc, test_big_blocks);
	tcase_add_test(tc, test_many_distinct);
	tcase_add_test(tc, test_reuse_and_zero);
	tcase_add_test(tc, test_spare_chunk);
	tcase_add_test_raise_signal(tc, test_foreign_pointer_aborts, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(slab_suite());
}
