/*
 * sorted_index: hits, insertion points at both ends and between, empty.
 */
#include <check.h>
#include <stdlib.h>

#include "common/sorted.h"
#include "tests/unit/check_main.h"

static int int_cmp(const void *key, const void *elem)
{
	int a = *(const int *)key, b = *(const int *)elem;

	return (a > b) - (a < b);
}

START_TEST(test_found_and_insertion_points)
{
	static const int v[] = {10, 20, 30, 40, 50};
	size_t n = sizeof(v) / sizeof(v[0]);
	int key;

	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(sorted_index(v, n, sizeof(v[0]), &v[i], int_cmp), (long)i);
	key = 5;
	ck_assert_int_eq(sorted_index(v, n, sizeof(v[0]), &key, int_cmp), -1);
	key = 25;
	ck_assert_int_eq(sorted_index(v, n, sizeof(v[0]), &key, int_cmp), -3);
	key = 60;
	ck_assert_int_eq(sorted_index(v, n, sizeof(v[0]), &key, int_cmp), -6);
}
END_TEST

START_TEST(test_empty)
{
	int key = 1;

	ck_assert_int_eq(sorted_index(NULL, 0, sizeof(int), &key, int_cmp), -1);
}
END_TEST

static Suite *sorted_suite(void)
{
	Suite *s = suite_create("sorted");
	TCase *tc = tcase_create("index");

	tcase_add_test(tc, test_found_and_insertion_points);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(sorted_suite());
}
