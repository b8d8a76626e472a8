/*
 * Binary search over a sorted array, for tables kept in key order.
 */
#ifndef VT_COMMON_SORTED_H
#define VT_COMMON_SORTED_H

#include <stddef.h>

/*
 * Look key up among the n elements of `size` bytes at base, sorted so that
 * cmp(key, element) (negative, zero, positive, as for bsearch(3)) is
 * consistent with their order.  Returns the index of an element equal to
 * key, or -(the index key would be inserted at) - 1.
 */
long sorted_index(const void *base, size_t n, size_t size, const void *key,
		  int (*cmp)(const void *key, const void *elem));

#endif
