/*
 * What a fuzz harness provides, and what the two mains that run it
 * (driver.c for replay under make check, libFuzzer for real fuzzing) call.
 */
#ifndef VT_TESTS_FUZZ_H
#define VT_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Parse data[0..size); return 0.  Crash (abort) only on a real bug. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Defined in libfuzzer_init.c for --enable-fuzzing builds; harnesses must
 * not define their own. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Invariant check that stays on whatever NDEBUG says. */
#define FUZZ_CHECK(cond) fuzz_check((cond), #cond, __FILE__, __LINE__)
void fuzz_check(int ok, const char *what, const char *file, int line);

#endif
