/*
 * Patricia trie of prefixes.  Keys are host-order 32-bit words, bit 0 the
 * most significant bit of the first word; bits past a node's length are
 * always zero.  A route's payload slot lives just before the node in the
 * same allocation, so glue nodes, about as many as routes in a real table,
 * do not pay for it.  Nodes come from two slabs, one per node size, so a
 * full table pays no malloc header per node and frees in two calls.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/ptree_internal.h"

static void key_mask(uint32_t *k, unsigned words, unsigned len)
{
	for (unsigned w = 0; w < words; w++)
		k[w] &= ptree_word_mask(len > 32 * w ? len - 32 * w : 0);
}

static bool key_from_prefix(const struct bgp_ptree *t, const struct vt_prefix *p, uint32_t *k)
{
	if (p->addr.family != t->family || p->len > t->bits)
		return false;
	for (unsigned w = 0; w < t->words; w++) {
		uint32_t be;

		memcpy(&be, p->addr.u.bytes + 4 * w, 4);
		k[w] = ntohl(be);
	}
	key_mask(k, t->words, p->len);
	return true;
}

struct payload_free_ctx {
	void (*fn)(void *payload, void *arg);
	void *arg;
};

static size_t node_size(const struct bgp_ptree *t)
{
	size_t sz = offsetof(struct bgp_ptree_node, key) + 4 * (size_t)t->words;

	return (sz + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *);
}

static struct bgp_ptree_node *node_new(struct bgp_ptree *t, const uint32_t *key, unsigned len,
				       bool route)
{
	size_t extra = route ? sizeof(void *) : 0;
	char *mem = slab_alloc(route ? &t->route_slab : &t->glue_slab);
	struct bgp_ptree_node *n;

	if (!mem)
		return NULL;
	n = (struct bgp_ptree_node *)(void *)(mem + extra);
	n->len = (uint8_t)len;
	n->flags = route ? PTREE_ROUTE | PTREE_SLOT : 0;
	memcpy(n->key, key, 4 * (size_t)t->words);
	key_mask(n->key, t->words, len);
	return n;
}

static void node_free(struct bgp_ptree *t, struct bgp_ptree_node *n)
{
	/* The block starts at the slot, if any. */
	if (n->flags & PTREE_SLOT)
		slab_free(&t->route_slab, (char *)n - sizeof(void *));
	else
		slab_free(&t->glue_slab, n);
}

struct bgp_ptree *bgp_ptree_new(int family)
{
	struct bgp_ptree *t;

	if (family != AF_INET && family != AF_INET6)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->family = (uint8_t)family;
	t->words = family == AF_INET ? 1 : 4;
	t->bits = family == AF_INET ? 32 : 128;
	slab_init(&t->route_slab, sizeof(void *) + node_size(t));
	slab_init(&t->glue_slab, node_size(t));
	return t;
}

static int payload_free_cb(struct bgp_ptree_node *n, void *arg)
{
	const struct payload_free_ctx *f = arg;

	f->fn(*ptree_node_slot(n), f->arg);
	return 0;
}

void bgp_ptree_free(struct bgp_ptree *t, void (*payload_free)(void *payload, void *arg), void *arg)
{
	if (!t)
		return;
	if (payload_free) {
		struct payload_free_ctx f = {payload_free, arg};

		bgp_ptree_walk(t, payload_free_cb, &f);
	}
	/* The nodes go with their slabs, not one by one. */
	slab_destroy(&t->route_slab);
	slab_destroy(&t->glue_slab);
	free(t);
}

/* Glue at *link becomes a route; it moves if it has no payload slot. */
static int glue_promote(struct bgp_ptree *t, struct bgp_ptree_node **link)
{
	struct bgp_ptree_node *g = *link, *n = g;

	if (!(g->flags & PTREE_SLOT)) {
		n = node_new(t, g->key, g->len, true);
		if (!n)
			return -ENOMEM;
		n->child[0] = g->child[0];
		n->child[1] = g->child[1];
		*link = n;
		node_free(t, g);
	}
	n->flags |= PTREE_ROUTE;
	*ptree_node_slot(n) = NULL;
	t->count++;
	return 0;
}

int bgp_ptree_insert(struct bgp_ptree *t, const struct vt_prefix *p, struct bgp_ptree_node **out)
{
	struct bgp_ptree_node **link = &t->root, *n, *x, *g;
	uint32_t k[4] = {0};
	unsigned len = p->len, d = 0;
	int rc;

	if (!key_from_prefix(t, p, k))
		return -EINVAL;
	while ((n = *link)) {
		unsigned m = n->len < len ? n->len : len;

		d = ptree_key_diff(n->key, k, m);
		if (d < m)
			break;
		if (n->len == len) {
			if (!(n->flags & PTREE_ROUTE)) {
				rc = glue_promote(t, link);
				if (rc)
					return rc;
			}
			*out = *link;
			return 0;
		}
		if (n->len > len)
			break;
		link = &n->child[ptree_key_bit(k, n->len)];
	}
	x = node_new(t, k, len, true);
	if (!x)
		return -ENOMEM;
	if (!n) {
		*link = x;
	} else if (d == len) {
		/* p covers n: x goes above it. */
		x->child[ptree_key_bit(n->key, len)] = n;
		*link = x;
	} else {
		g = node_new(t, k, d, false);
		if (!g) {
			node_free(t, x);
			return -ENOMEM;
		}
		g->child[ptree_key_bit(k, d)] = x;
		g->child[ptree_key_bit(n->key, d)] = n;
		*link = g;
	}
	t->count++;
	*out = x;
	return 0;
}

struct bgp_ptree_node *bgp_ptree_find(const struct bgp_ptree *t, const struct vt_prefix *p)
{
	struct bgp_ptree_node *n = t->root;
	uint32_t k[4] = {0};

	if (!key_from_prefix(t, p, k))
		return NULL;
	while (n && n->len <= p->len) {
		if (ptree_key_diff(n->key, k, n->len) != n->len)
			return NULL;
		if (n->len == p->len)
			return (n->flags & PTREE_ROUTE) ? n : NULL;
		n = n->child[ptree_key_bit(k, n->len)];
	}
	return NULL;
}

void bgp_ptree_prefetch(const struct bgp_ptree *t, const struct vt_prefix *p, unsigned n)
{
	const struct bgp_ptree_node *cur[BGP_PTREE_PREFETCH_MAX];
	uint32_t k[BGP_PTREE_PREFETCH_MAX][4];
	uint8_t len[BGP_PTREE_PREFETCH_MAX];
	unsigned live = 0;

	if (n > BGP_PTREE_PREFETCH_MAX)
		n = BGP_PTREE_PREFETCH_MAX;
	for (unsigned i = 0; i < n; i++) {
		if (!t->root || !key_from_prefix(t, &p[i], k[live]))
			continue;
		len[live] = p[i].len;
		cur[live++] = t->root;
	}
	/*
	 * One level of every descent per round: the descents do not depend
	 * on each other, so their cache misses overlap instead of queueing
	 * one behind the other as in a descent of its own.  Key bits are
	 * not compared: a wrong turn only fetches a node in vain.
	 */
	while (live) {
		for (unsigned i = 0; i < live;) {
			const struct bgp_ptree_node *x = cur[i];

			if (x->len < len[i])
				x = x->child[ptree_key_bit(k[i], x->len)];
			else
				x = NULL;
			if (!x) {
				live--;
				cur[i] = cur[live];
				len[i] = len[live];
				memcpy(k[i], k[live], sizeof(k[i]));
				continue;
			}
			__builtin_prefetch(x);
			cur[i++] = x;
		}
	}
}

struct bgp_ptree_node *bgp_ptree_lookup(const struct bgp_ptree *t, const struct vt_addr *a)
{
	struct bgp_ptree_node *n = t->root, *best = NULL;
	struct vt_prefix p = {.addr = *a, .len = t->bits};
	uint32_t k[4] = {0};

	if (!key_from_prefix(t, &p, k))
		return NULL;
	while (n && ptree_key_diff(n->key, k, n->len) == n->len) {
		if (n->flags & PTREE_ROUTE)
			best = n;
		if (n->len == t->bits)
			break;
		n = n->child[ptree_key_bit(k, n->len)];
	}
	return best;
}

int bgp_ptree_remove(struct bgp_ptree *t, struct bgp_ptree_node *n)
{
	struct bgp_ptree_node **link = &t->root, **plink = NULL, *parent = NULL, *c;

	while (*link != n) {
		struct bgp_ptree_node *cur = *link;

		if (!cur || cur->len >= n->len)
			return -ENOENT;
		plink = link;
		parent = cur;
		link = &cur->child[ptree_key_bit(n->key, cur->len)];
	}
	if (!(n->flags & PTREE_ROUTE))
		return -ENOENT;
	t->count--;
	if (n->child[0] && n->child[1]) {
		/* Still a branch point: keep it as glue, slot and all. */
		n->flags &= (uint8_t)~PTREE_ROUTE;
		*ptree_node_slot(n) = NULL;
		return 0;
	}
	c = n->child[0] ? n->child[0] : n->child[1];
	*link = c;
	node_free(t, n);
	if (!c && parent && !(parent->flags & PTREE_ROUTE)) {
		/* Glue always has two children; this one has one left. */
		*plink = parent->child[0] ? parent->child[0] : parent->child[1];
		node_free(t, parent);
	}
	return 0;
}

size_t bgp_ptree_count(const struct bgp_ptree *t)
{
	return t->count;
}

size_t bgp_ptree_bytes(const struct bgp_ptree *t)
{
	return slab_bytes(&t->route_slab) + slab_bytes(&t->glue_slab);
}

void *bgp_ptree_node_payload(const struct bgp_ptree_node *n)
{
	return *ptree_node_slot(n);
}

void bgp_ptree_node_set_payload(struct bgp_ptree_node *n, void *payload)
{
	*ptree_node_slot(n) = payload;
}

void bgp_ptree_node_prefix(const struct bgp_ptree *t, const struct bgp_ptree_node *n,
			   struct vt_prefix *out)
{
	memset(out, 0, sizeof(*out));
	out->addr.family = t->family;
	out->len = n->len;
	for (unsigned w = 0; w < t->words; w++) {
		uint32_t be = htonl(n->key[w]);

		memcpy(out->addr.u.bytes + 4 * w, &be, 4);
	}
}
