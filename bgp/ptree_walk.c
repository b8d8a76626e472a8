/*
 * Walks in pre-order, which is vt_prefix_cmp() order.  Without parent
 * pointers a walk keeps its own stack and a cursor re-descends each step.
 */
#include <string.h>

#include "bgp/ptree_internal.h"

int bgp_ptree_walk(struct bgp_ptree *t, int (*cb)(struct bgp_ptree_node *n, void *arg), void *arg)
{
	struct bgp_ptree_node *stack[PTREE_DEPTH_MAX + 1], *n;
	unsigned sp = 0;
	int rc;

	if (t->root)
		stack[sp++] = t->root;
	while (sp) {
		n = stack[--sp];
		/* Children first onto the stack, so cb may free n. */
		if (n->child[1])
			stack[sp++] = n->child[1];
		if (n->child[0])
			stack[sp++] = n->child[0];
		if (!(n->flags & PTREE_ROUTE))
			continue;
		rc = cb(n, arg);
		if (rc)
			return rc;
	}
	return 0;
}

void bgp_ptree_cursor_init(struct bgp_ptree_cursor *c)
{
	memset(c, 0, sizeof(*c));
}

/* Glue always has two children, so the leftmost path reaches a route. */
static struct bgp_ptree_node *subtree_first(struct bgp_ptree_node *n)
{
	while (n && !(n->flags & PTREE_ROUTE))
		n = n->child[0];
	return n;
}

/* The first route after (k, len) in pre-order. */
static struct bgp_ptree_node *route_after(const struct bgp_ptree *t, const uint32_t *k,
					  unsigned len)
{
	struct bgp_ptree_node *n = t->root, *later = NULL, *r;

	while (n) {
		unsigned m = n->len < len ? n->len : len;
		unsigned d = ptree_key_diff(n->key, k, m);
		unsigned b;

		if (d < m)
			return ptree_key_bit(n->key, d) ? subtree_first(n) : later;
		if (n->len > len)
			return subtree_first(n); /* inside (k, len): all after it */
		if (n->len == len) {
			r = subtree_first(n->child[0]);
			if (!r)
				r = subtree_first(n->child[1]);
			return r ? r : later;
		}
		b = ptree_key_bit(k, n->len);
		if (b == 0 && n->child[1])
			later = subtree_first(n->child[1]);
		n = n->child[b];
	}
	return later;
}

struct bgp_ptree_node *bgp_ptree_cursor_next(const struct bgp_ptree *t, struct bgp_ptree_cursor *c)
{
	struct bgp_ptree_node *r;

	if (c->started)
		r = route_after(t, c->key, c->len);
	else
		r = subtree_first(t->root);
	if (r) {
		memcpy(c->key, r->key, 4 * (size_t)t->words);
		c->len = r->len;
		c->started = true;
	}
	return r;
}
