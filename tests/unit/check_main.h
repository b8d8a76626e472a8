/*
 * The end of every unit test's main(): run the suite, say how it went.
 */
#ifndef VT_TESTS_UNIT_CHECK_MAIN_H
#define VT_TESTS_UNIT_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/* Run every test of s (and free it): EXIT_SUCCESS when all passed. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
