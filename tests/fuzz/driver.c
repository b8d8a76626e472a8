/*
 * The replay main for fuzz harnesses, used when not building with
 * libFuzzer.  With arguments it runs each file, and each file inside each
 * directory (and one level of subdirectories), once.  Without arguments it
 * runs a fixed set of generated inputs, the same on every run, then the
 * harness's seed corpus $srcdir/tests/fuzz/corpus/<program name>/ if the
 * test harness set $srcdir and that directory exists.
 *
 * Every input sits in a buffer of exactly its size, so a read one byte past
 * the end is seen by valgrind or ASan.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

#define FUZZ_GENERATED 2000
#define FUZZ_MAX_FILE  (16u << 20)

static unsigned long fuzz_runs;

void fuzz_check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
	abort();
}

static void fuzz_run(const uint8_t *data, size_t size)
{
	/* Copy into an exact-size block (never NULL, as libFuzzer does). */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy) {
		perror("malloc");
		exit(2);
	}
	if (size)
		memcpy(copy, data, size);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
	fuzz_runs++;
}

static int fuzz_run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 4096;
			if (cap > FUZZ_MAX_FILE) {
				fprintf(stderr, "%s: larger than %u bytes\n", path, FUZZ_MAX_FILE);
				rc = -1;
				break;
			}
			nb = realloc(buf, cap);
			if (!nb) {
				perror("realloc");
				rc = -1;
				break;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f)) {
				fprintf(stderr, "%s: read error\n", path);
				rc = -1;
			}
			break;
		}
	}
	fclose(f);
	if (rc == 0)
		fuzz_run(buf, len);
	free(buf);
	return rc;
}

static int fuzz_run_path(const char *path, int depth)
{
	struct dirent **ents;
	struct stat st;
	int i, n, rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return fuzz_run_file(path);
	if (depth > 1)
		return 0;
	/* Sorted, so a failure reproduces in the same order. */
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char sub[4096];

		if (ents[i]->d_name[0] != '.' && rc == 0) {
			if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, ents[i]->d_name) >=
			    sizeof(sub))
				rc = -1;
			else
				rc = fuzz_run_path(sub, depth + 1);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

/* splitmix64: a fixed seed gives the same inputs on every machine. */
static uint64_t fuzz_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void fuzz_run_generated(void)
{
	static uint8_t buf[4096];
	uint64_t seed = 0x7674696466757a7aull;
	unsigned i;
	size_t j, len;

	fuzz_run(buf, 0);
	for (i = 0; i < 256; i++) {
		buf[0] = (uint8_t)i;
		fuzz_run(buf, 1);
	}
	for (i = 257; i < FUZZ_GENERATED; i++) {
		uint64_t r = fuzz_rand(&seed);
		/* Mostly short inputs, some long: lengths spread over powers of 2. */
		size_t span = (size_t)1 << (r % 13);

		len = (size_t)((r >> 8) % span);
		/* Half of the inputs favour small byte values, which make
		 * plausible lengths and type codes for TLV parsers. */
		for (j = 0; j < len; j++) {
			uint64_t b = fuzz_rand(&seed);

			buf[j] = (uint8_t)(i & 1 ? b : b % 8);
		}
		fuzz_run(buf, len);
	}
}

int main(int argc, char **argv)
{
	const char *srcdir = getenv("srcdir");
	const char *name;
	int i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (fuzz_run_path(argv[i], 0) < 0)
				return 1;
		fprintf(stderr, "%s: %lu inputs: ok\n", argv[0], fuzz_runs);
		return 0;
	}
	fuzz_run_generated();
	name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];
	if (strncmp(name, "lt-", 3) == 0)
		name += 3;
	if (srcdir) {
		char dir[4096];
		struct stat st;

		if ((size_t)snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", srcdir, name) <
			    sizeof(dir) &&
		    stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && fuzz_run_path(dir, 0) < 0)
			return 1;
	}
	fprintf(stderr, "%s: %lu inputs: ok\n", name, fuzz_runs);
	return 0;
}
