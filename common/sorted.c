/*
 * Binary search over a sorted array.
 */
#include "common/sorted.h"

long sorted_index(const void *base, size_t n, size_t size, const void *key,
		  int (*cmp)(const void *key, const void *elem))
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp(key, (const char *)base + mid * size);

		if (c == 0)
			return (long)mid;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}
