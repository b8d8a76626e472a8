/*
 * For --enable-fuzzing builds: libFuzzer's main calls this before it reads
 * its flags.  Run with no arguments (as `make check` does), a harness makes
 * a short, reproducible run instead of fuzzing forever.  Any argument (a
 * corpus directory, -max_total_time=60, -runs=-1) gives libFuzzer's usual
 * behaviour.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/fuzz.h"

static char *fuzz_check_argv[] = {NULL, "-runs=2000", "-seed=1", NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (*argc == 1) {
		fuzz_check_argv[0] = (*argv)[0];
		*argv = fuzz_check_argv;
		*argc = 3;
	}
	return 0;
}

void fuzz_check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
	abort();
}
