/*
 * The prefix tree's insides, shared by ptree.c and ptree_walk.c only.
 */
#ifndef VT_BGP_PTREE_INTERNAL_H
#define VT_BGP_PTREE_INTERNAL_H

#include "bgp/ptree.h"
#include "common/slab.h"

enum {
	PTREE_ROUTE = 1u << 0, /* a route, not glue */
	PTREE_SLOT = 1u << 1,  /* allocated with a payload slot */
};

struct bgp_ptree_node {
	struct bgp_ptree_node *child[2];
	uint8_t len;
	uint8_t flags;
	uint32_t key[];
};

struct bgp_ptree {
	struct bgp_ptree_node *root;
	size_t count;
	/* Routes (slot and node) and glue come from slabs of their own sizes. */
	struct slab route_slab, glue_slab;
	uint8_t family;
	uint8_t words; /* 1 or 4 */
	uint8_t bits;  /* 32 or 128 */
};

/* Deepest path: one node per length 0..128. */
#define PTREE_DEPTH_MAX 129

static inline unsigned ptree_key_bit(const uint32_t *k, unsigned i)
{
	return (k[i >> 5] >> (31 - (i & 31))) & 1;
}

static inline uint32_t ptree_word_mask(unsigned bits)
{
	return bits == 0 ? 0 : bits >= 32 ? 0xffffffffu : ~(0xffffffffu >> bits);
}

/* First bit below max where a and b differ, or max. */
static inline unsigned ptree_key_diff(const uint32_t *a, const uint32_t *b, unsigned max)
{
	for (unsigned w = 0; 32 * w < max; w++) {
		uint32_t x = a[w] ^ b[w];
		unsigned d = 32 * w;

		if (x == 0)
			continue;
		d += (unsigned)__builtin_clz(x); /* x != 0: defined */
		return d < max ? d : max;
	}
	return max;
}

/* A route's payload slot sits just before its node. */
static inline void **ptree_node_slot(const struct bgp_ptree_node *n)
{
	return (void **)((uintptr_t)n - sizeof(void *));
}

#endif
