/*
 * Prefix list matching.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/policy.h"

static int plist_entry_cmp(const void *a, const void *b)
{
	const struct bgp_plist_entry *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct bgp_plist *bgp_plist_new(const char *name, const struct bgp_plist_entry *e, size_t n)
{
	struct bgp_plist *pl;

	if (strlen(name) > BGP_PLIST_NAME_LEN)
		return NULL;
	pl = calloc(1, sizeof(*pl));
	if (!pl)
		return NULL;
	strcpy(pl->name, name);
	if (n) {
		pl->v = malloc(n * sizeof(*e));
		if (!pl->v) {
			free(pl);
			return NULL;
		}
		memcpy(pl->v, e, n * sizeof(*e));
		qsort(pl->v, n, sizeof(*e), plist_entry_cmp);
	}
	pl->n = n;
	return pl;
}

void bgp_plist_free(struct bgp_plist *pl)
{
	if (!pl)
		return;
	free(pl->v);
	free(pl);
}

bool bgp_plist_eq(const struct bgp_plist *a, const struct bgp_plist *b)
{
	if (strcmp(a->name, b->name) != 0 || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct bgp_plist_entry *x = &a->v[i], *y = &b->v[i];

		if (x->seq != y->seq || x->permit != y->permit || x->ge != y->ge ||
		    x->le != y->le || vt_prefix_cmp(&x->prefix, &y->prefix) != 0)
			return false;
	}
	return true;
}

static bool plist_entry_matches(const struct bgp_plist_entry *e, const struct vt_prefix *p)
{
	unsigned width = p->addr.family == AF_INET ? 32 : 128;
	unsigned lo = e->prefix.len, hi = e->prefix.len;

	if (e->prefix.addr.family != p->addr.family || !vt_prefix_contains(&e->prefix, p))
		return false;
	if (e->ge || e->le) {
		lo = e->ge ? e->ge : e->prefix.len;
		hi = e->le ? e->le : width;
	}
	return p->len >= lo && p->len <= hi;
}

bool bgp_plist_permits(const struct bgp_plist *pl, const struct vt_prefix *p, uint32_t *seq)
{
	for (size_t i = 0; i < pl->n; i++) {
		if (plist_entry_matches(&pl->v[i], p)) {
			if (seq)
				*seq = pl->v[i].seq;
			return pl->v[i].permit;
		}
	}
	if (seq)
		*seq = 0;
	return false;
}
