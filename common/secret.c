/*
 * Secrets.  explicit_bzero is glibc's wipe that the optimiser may not
 * remove even when the memory is freed right after.
 */
#include "common/secret.h"

#include <stdlib.h>
#include <string.h>

void secret_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void secret_free(void *p, size_t n)
{
	if (!p)
		return;
	secret_wipe(p, n);
	free(p);
}

char *secret_strdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

void secret_strfree(char *s)
{
	if (s)
		secret_free(s, strlen(s) + 1);
}
